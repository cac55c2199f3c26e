/*
 * run.c - stage 3: run the test list, then the tests, within bounds.
 *
 * The list comes from a binary with no student code in it.  The tests run
 * with their results on a pipe at fd 3, which only the trusted runner can
 * reach (each test's child closes it before calling student code).
 */
#define _GNU_SOURCE
#include "stages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RESULTS_FD 3
#define OUTPUT_CAP (64 << 10)
#define RUN_MARGIN 10.0

extern char **environ;

char *run_list(const struct context *ctx, const struct lab *lab,
	       struct lab_result *res)
{
	char *dir = lab_build_dir(ctx, lab);
	char *argv[] = { xasprintf("%s/meta", dir), "--list", NULL };
	struct limits lim = { .wall_seconds = 30, .output_cap = 4 << 20,
			      .results_fd = -1 };
	struct proc_result r;
	char *why = NULL;

	if (proc_run(argv, &lim, &r) != 0 || !r.exited || r.status != 0)
		why = xasprintf("the test list of %s could not be read:\n%s",
				lab->name, r.output ? r.output : "");
	else if (results_read_meta(res, r.output) != 0)
		why = xasprintf("the test list of %s is malformed", lab->name);
	proc_result_free(&r);
	free(argv[0]);
	free(dir);
	return why;
}

static double timeout_scale(void)
{
	const char *s = getenv("CK_TIMEOUT_MULTIPLIER");
	double m = s ? atof(s) : 1.0;

	return m > 0 ? m : 1.0;
}

/* The environment of the tests: ours, plus where scratch files go. */
static char **test_env(const char *scratch)
{
	size_t n = 0;
	char **env;

	while (environ[n])
		n++;
	env = xcalloc(n + 2, sizeof *env);
	for (size_t i = 0, j = 0; i < n; i++)
		if (strncmp(environ[i], "KIT_SCRATCH=", 12) != 0)
			env[j++] = environ[i];
	for (size_t i = 0; ; i++)
		if (env[i] == NULL) {
			env[i] = xasprintf("KIT_SCRATCH=%s", scratch);
			break;
		}
	return env;
}

void run_tests(const struct context *ctx, const struct lab *lab,
	       struct lab_result *res)
{
	char *dir = lab_build_dir(ctx, lab);
	char *scratch = xasprintf("%s/scratch", dir);
	char *binary = xasprintf("%s/tests", dir);
	char *const plain[] = { binary, "--results-fd", "3", NULL };
	char **argv = sandbox_argv(ctx->sandbox, plain, scratch, dir);
	double budget = 0;
	struct proc_result r;

	for (int i = 0; i < res->ntests; i++)
		budget += res->tests[i].timeout;
	struct limits lim = {
		.wall_seconds = budget * timeout_scale() + RUN_MARGIN,
		.output_cap = OUTPUT_CAP,
		.cpu_seconds = (long)(budget * timeout_scale() + RUN_MARGIN) + 5,
		.address_space = 8L << 30,
		.processes = 512,
		.file_size = 2L << 30,
		.open_files = 1024,
		.results_fd = RESULTS_FD,
		.uid = ctx->sandbox->uid,
		.gid = ctx->sandbox->gid,
	};
	char **env = test_env(scratch);

	/* A fresh scratch directory, owned by whoever runs the tests. */
	remove_tree(scratch);
	mkdirs(scratch);
	if (lim.uid && chown(scratch, lim.uid, lim.gid) != 0)
		die("cannot hand %s to the sandbox user", scratch);
	lim.env = env;
	if (proc_run(argv, &lim, &r) != 0)
		die("cannot run %s", argv[0]);
	results_read_run(res, r.results, &r);
	res->output = r.output;
	r.output = NULL;
	proc_result_free(&r);
	for (size_t i = 0; env[i]; i++)
		if (strncmp(env[i], "KIT_SCRATCH=", 12) == 0)
			free(env[i]);
	free(env);
	sandbox_free_argv(argv);
	free(binary);
	free(scratch);
	free(dir);
}
