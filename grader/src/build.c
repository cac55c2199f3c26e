/*
 * build.c - stage 2: compile with the kit's own rules (common/lab.mk).
 *
 * The trusted library is built once, before any lab; then each lab builds
 * its test list from trusted objects only, and its test binary from the
 * trusted tests plus the staged student files.  make rebuilds only what
 * changed, which keeps a regrade after one edit cheap.
 */
#define _GNU_SOURCE
#include "stages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUILD_SECONDS 300
#define SHOWN_LINES 25

static int make(const struct context *ctx, const struct lab *lab,
		const char *target, char **output)
{
	char *dir = lab_build_dir(ctx, lab);
	char *argv[] = {
		"make", "-s", "--no-print-directory",
		"-f", xasprintf("%s/common/lab.mk", ctx->kit),
		xasprintf("LAB_DIR=%s", lab->dir),
		xasprintf("SRC_DIR=%s/src", dir),
		xasprintf("BUILD_DIR=%s", dir),
		xasprintf("KIT_BUILD=%s", ctx->kit_build),
		(char *)target, NULL,
	};
	struct limits lim = { .wall_seconds = BUILD_SECONDS,
			      .output_cap = 256 << 10, .results_fd = -1 };
	struct proc_result r;
	int ok;

	if (proc_run(argv, &lim, &r) != 0)
		die("cannot run make");
	ok = r.exited && r.status == 0;
	*output = r.output;
	r.output = NULL;
	proc_result_free(&r);
	for (int i = 4; i < 9; i++)
		free(argv[i]);
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

char *build_kit(const struct context *ctx, const struct lab *lab)
{
	char *output;

	if (make(ctx, lab, "kitlib", &output)) {
		free(output);
		return NULL;
	}
	return output;
}

char *build_meta(const struct context *ctx, const struct lab *lab)
{
	char *output;

	if (make(ctx, lab, "meta", &output)) {
		free(output);
		return NULL;
	}
	return output;
}

char *build_tests(const struct context *ctx, const struct lab *lab)
{
	char *dir = lab_build_dir(ctx, lab);
	char *staged = xasprintf("%s/src/", dir);
	char *binary = xasprintf("%s/tests", dir);
	char *output, *shown = NULL;

	/* A stale binary from an earlier build must never be graded. */
	if (!make(ctx, lab, "tests", &output)) {
		remove(binary);
		shown = first_lines(output, staged, lab->name);
	}
	free(output);
	free(binary);
	free(staged);
	free(dir);
	return shown;
}

/* Does the lab's lab.mk say VALGRIND_COSTS := 1 (memcheck costs points)? */
int lab_valgrind_costs(const struct context *ctx, const struct lab *lab)
{
	char *output;
	int costs = make(ctx, lab, "print-VALGRIND_COSTS", &output) &&
		    atoi(output) == 1;

	free(output);
	return costs;
}
