/*
 * build.c - stage 2: compile with the kit's own rules (common/lab.mk).
 *
 * The trusted library is built once, before any lab; then each lab builds
 * its record (kit_lab.h) from trusted objects only, and its test binary
 * from the trusted tests plus the staged student files.  make rebuilds only what
 * changed, which keeps a regrade after one edit cheap; the trusted parts
 * live in the kit's build folder, shared by every submission.
 */
#define _GNU_SOURCE
#include "stages.h"
#include "fingerprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BUILD_SECONDS 300
#define SHOWN_LINES 25

/* "STUDENT_FILES=a.c b.c": the files of the lab's record, for make. */
static char *student_files(const struct lab *lab)
{
	size_t len = sizeof "STUDENT_FILES=";
	char *arg;

	for (int i = 0; i < lab->nfiles; i++)
		len += strlen(lab->files[i]) + 1;
	arg = xcalloc(len, 1);
	strcpy(arg, "STUDENT_FILES=");
	for (int i = 0; i < lab->nfiles; i++) {
		if (i > 0)
			strcat(arg, " ");
		strcat(arg, lab->files[i]);
	}
	return arg;
}

/* Runs make on TARGETS (NULL-terminated) for LAB; true if it succeeded. */
static int make(const struct context *ctx, const struct lab *lab,
		const char *const targets[], char **output)
{
	char *dir = lab_build_dir(ctx, lab);
	char *kit = make_path(ctx->kit), *lab_dir = make_path(lab->dir);
	char *build = make_path(dir), *kit_build = make_path(ctx->kit_build);
	const char *fixed[] = {
		"make", "-s", "--no-print-directory",
		"-f", xasprintf("%s/common/lab.mk", kit),
		xasprintf("LAB_DIR=%s", lab_dir),
		xasprintf("SRC_DIR=%s/src", build),
		xasprintf("BUILD_DIR=%s", build),
		xasprintf("KIT_BUILD=%s", kit_build),
		xasprintf("LAB_NAME=%s", lab->name),
		xstrdup("KIT_JAIL=1"),  /* student files compiled in the jail */
		/* The files collect.c staged: those of the record. */
		student_files(lab),
	};
	/* The words above, with the ones made by xasprintf from FIRST_MADE
	 * on, then TARGETS, then NULL: sized to fit, never cut. */
	enum { NFIXED = sizeof fixed / sizeof *fixed, FIRST_MADE = 4 };
	struct limits lim = { .wall_seconds = BUILD_SECONDS,
			      .output_cap = 256 << 10, .results_fd = -1 };
	struct proc_result r;
	size_t ntargets = 0;
	char **argv;
	int ok;

	while (targets[ntargets])
		ntargets++;
	argv = xcalloc(NFIXED + ntargets + 1, sizeof *argv);
	memcpy(argv, fixed, sizeof fixed);
	memcpy(argv + NFIXED, targets, ntargets * sizeof *targets);
	if (proc_run(argv, &lim, &r) != 0)
		die("cannot run make");
	ok = r.exited && r.status == 0;
	*output = r.output;
	r.output = NULL;
	proc_result_free(&r);
	for (int i = FIRST_MADE; i < NFIXED; i++)
		free(argv[i]);
	free(argv);
	free(kit);
	free(lab_dir);
	free(build);
	free(kit_build);
	free(dir);
	return ok;
}

/* The compiler's first lines, with staged paths shown as lab paths. */
static char *first_lines(const char *text, const char *staged, const char *lab)
{
	size_t cap = strlen(text) + 64;
	char *out = xcalloc(cap, 1), *o = out;
	int lines = 0;

	for (const char *p = text; *p && lines < SHOWN_LINES; ) {
		if (strncmp(p, staged, strlen(staged)) == 0) {
			o += sprintf(o, "%s/", lab);
			p += strlen(staged);
			continue;
		}
		if (*p == '\n')
			lines++;
		*o++ = *p++;
	}
	if (lines >= SHOWN_LINES)
		strcpy(o, "[...]\n");
	return out;
}

/* NULL if make built TARGET, or what it said when it could not. */
static char *make_one(const struct context *ctx, const struct lab *lab,
		      const char *target)
{
	const char *const targets[] = { target, NULL };
	char *output;

	if (make(ctx, lab, targets, &output)) {
		free(output);
		return NULL;
	}
	return output;
}

char *build_kit(const struct context *ctx, const struct lab *lab)
{
	fingerprint_sync_kit(ctx->kit_build, ctx->kit_fingerprint);
	return make_one(ctx, lab, "kitlib");
}

/* LAB's trusted objects, emptied if built from other inputs (fingerprint.c). */
static void sync_trusted(const struct context *ctx, const struct lab *lab)
{
	char *dir = xasprintf("%s/labs/%s", ctx->kit_build, lab->name);
	char *fingerprint = fingerprint_lab(ctx->kit_fingerprint, lab->dir);

	fingerprint_sync(dir, fingerprint);
	free(fingerprint);
	free(dir);
}

/* The record is written once per kit: one that the fingerprint kept is
 * read as it is, without a make that would find nothing to do. */
char *build_record(const struct context *ctx, const struct lab *lab)
{
	char *path = lab_record_path(lab, ctx->kit_build);
	int built;

	sync_trusted(ctx, lab);
	built = access(path, R_OK) == 0;
	free(path);
	return built ? NULL : make_one(ctx, lab, "record");
}

/*
 * The record and the test binary in one run of make: a grade is mostly
 * made of such runs, and each costs a make that reads every rule.  Only
 * when it fails is the record built alone, to tell a broken kit (the
 * record fails too) from a student's compile error.
 */
char *build_lab(const struct context *ctx, const struct lab *lab,
		char **compile_errors)
{
	const char *const targets[] = { "record", "tests", NULL };
	char *dir = lab_build_dir(ctx, lab), *safe = make_path(dir);
	char *staged = xasprintf("%s/src/", safe);  /* as make saw it */
	char *binary = xasprintf("%s/tests", dir);
	char *output, *kit_error = NULL;

	sync_trusted(ctx, lab);
	*compile_errors = NULL;
	if (!make(ctx, lab, targets, &output)) {
		/* A stale binary from an earlier build must never be graded. */
		remove(binary);
		kit_error = make_one(ctx, lab, "record");
		if (kit_error == NULL)
			*compile_errors = first_lines(output, staged, lab->name);
	}
	free(output);
	free(binary);
	free(staged);
	free(safe);
	free(dir);
	return kit_error;
}
