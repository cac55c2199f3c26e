/*
 * run.c - stage 3: read the test list, then run the tests, within bounds.
 *
 * The list was written when the kit was built, by a binary with no student
 * code in it (common/lab.mk).  The tests run
 * with their results on a pipe at fd 3, which only the trusted runner can
 * reach (each test's child closes it before calling student code).
 */
#define _GNU_SOURCE
#include "stages.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RESULTS_FD 3
#define OUTPUT_CAP (64 << 10)
#define RUN_MARGIN 10.0
#define ADDRESS_SPACE (4L << 30)
#define VALGRIND_SLOWDOWN 20

extern char **environ;

char *read_list(const struct context *ctx, const struct lab *lab,
		struct lab_result *res)
{
	char *path = xasprintf("%s/labs/%s/list", ctx->kit_build, lab->name);
	char *text = read_file(path);
	char *why = NULL;

	if (text == NULL)
		why = xasprintf("the test list of %s could not be read (%s)",
				lab->name, path);
	else if (results_read_meta(res, text) != 0)
		why = xasprintf("the test list of %s is malformed", lab->name);
	free(text);
	free(path);
	return why;
}

/* Why the runner gave no result, from how it ended. */
static char *why_missing(const struct proc_result *p)
{
	/* Inside bubblewrap a signal death comes back as status 128 + N. */
	int signo = p->signal ? p->signal
		  : p->exited && p->status > 128 ? p->status - 128 : 0;

	if (p->timed_out)
		return xasprintf("no result: the lab's tests ran past their time "
				 "limit (an endless loop or a blocked call?)");
	if (signo)
		return xasprintf("no result: the test runner was killed by SIG%s "
				 "during this test (did the code under test signal "
				 "its parent, or every process?)", sigabbrev_np(signo));
	return xasprintf("no result: the test runner exited (status %d) during "
			 "this test: the code under test ended the process",
			 p->status);
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

/* One run of the test binary in the sandbox, bounded by SECONDS. */
static void run_once(const struct context *ctx, char *const plain[],
		     const char *scratch, const char *dir, double seconds,
		     long address_space, struct proc_result *r)
{
	char **argv = sandbox_argv(ctx->sandbox, plain, scratch, dir);
	char **env = test_env(scratch);
	struct limits lim = {
		.wall_seconds = seconds,
		.output_cap = OUTPUT_CAP,
		.cpu_seconds = (long)seconds + 5,
		.address_space = address_space,
		.processes = 512,
		.file_size = 2L << 30,
		.open_files = 1024,
		.results_fd = RESULTS_FD,
		.uid = ctx->sandbox->uid,
		.gid = ctx->sandbox->gid,
		.env = env,
	};

	/* A fresh scratch directory, owned by whoever runs the tests. */
	remove_tree(scratch);
	mkdirs(scratch);
	if (lim.uid && chown(scratch, lim.uid, lim.gid) != 0)
		die("cannot hand %s to the sandbox user", scratch);
	if (proc_run(argv, &lim, r) != 0)
		die("cannot run %s", plain[0]);
	for (size_t i = 0; env[i]; i++)
		if (strncmp(env[i], "KIT_SCRATCH=", 12) == 0)
			free(env[i]);
	free(env);
	sandbox_free_argv(argv);
}

static double timeout_scale(void)
{
	const char *s = getenv("CK_TIMEOUT_MULTIPLIER");
	double m = s ? atof(s) : 1.0;

	return m > 0 ? m : 1.0;
}

/* The command line for the tests still without a result. */
static char **pending_argv(const char *binary, const struct lab_result *res)
{
	char **argv = xcalloc((size_t)res->ntests + 4, sizeof *argv);
	int n = 0;

	argv[n++] = (char *)binary;
	argv[n++] = "--results-fd";
	argv[n++] = "3";
	for (int i = 0; i < res->ntests; i++)
		if (res->tests[i].outcome == MISSING)
			argv[n++] = res->tests[i].name;
	return argv;
}

static int first_missing(const struct lab_result *res)
{
	for (int i = 0; i < res->ntests; i++)
		if (res->tests[i].outcome == MISSING)
			return i;
	return -1;
}

/* Appends the output of one run of the binary to the lab's. */
static void keep_output(struct lab_result *res, struct proc_result *r)
{
	char *joined;

	if (res->output == NULL) {
		res->output = r->output;
		r->output = NULL;
		return;
	}
	joined = xasprintf("%s%s", res->output, r->output);
	free(res->output);
	res->output = joined;
}

/*
 * Runs the tests.  If the runner dies in the middle (the code under test
 * killed it, or exited it), the test it was running fails and the runner
 * starts again after it, so one hostile test costs that test only.
 */
void run_tests(const struct context *ctx, const struct lab *lab,
	       struct lab_result *res)
{
	char *dir = lab_build_dir(ctx, lab);
	char *scratch = xasprintf("%s/scratch", dir);
	char *binary = xasprintf("%s/tests", dir);
	double budget = 0, start = now_seconds();
	int culprit;

	for (int i = 0; i < res->ntests; i++)
		budget += res->tests[i].timeout;
	budget = budget * timeout_scale() + RUN_MARGIN;
	while ((culprit = first_missing(res)) >= 0) {
		double left = budget - (now_seconds() - start);
		char **plain = pending_argv(binary, res);
		struct proc_result r;

		if (left <= 0) {
			results_mark_missing(res, "no result: the lab's tests ran "
					     "past their time limit");
			free(plain);
			break;
		}
		run_once(ctx, plain, scratch, dir, left, ADDRESS_SPACE, &r);
		results_read_run(res, r.results);
		keep_output(res, &r);
		if (res->tests[culprit].outcome == MISSING) {
			/* Not even the first pending test finished. */
			res->tests[culprit].outcome = FAILED;
			res->tests[culprit].message = why_missing(&r);
		}
		if (r.timed_out)
			results_mark_missing(res, res->tests[culprit].message);
		proc_result_free(&r);
		free(plain);
	}
	free(binary);
	free(scratch);
	free(dir);
}

/*
 * VALGRIND=1: the tests that passed, and do not fault on purpose, run once
 * more under memcheck.  A child with an invalid access or a leak exits 99,
 * which the runner reports as an error for that test.  COSTS says whether
 * that loses the test's points or only adds a note.
 */
void run_memcheck(const struct context *ctx, const struct lab *lab,
		  struct lab_result *res, int costs)
{
	char *dir = lab_build_dir(ctx, lab);
	char *scratch = xasprintf("%s/scratch", dir);
	char *binary = xasprintf("%s/tests", dir);
	char **argv = xcalloc((size_t)res->ntests + 12, sizeof *argv);
	double budget = RUN_MARGIN;
	int n = 0, first_test;
	struct proc_result r;

	argv[n++] = "valgrind";
	argv[n++] = "-q";
	argv[n++] = "--error-exitcode=99";
	argv[n++] = "--leak-check=full";
	argv[n++] = "--errors-for-leak-kinds=definite,indirect";
	argv[n++] = binary;
	argv[n++] = "--results-fd";
	argv[n++] = "3";
	argv[n++] = "--no-faults";
	first_test = n;
	for (int i = 0; i < res->ntests; i++)
		if (res->tests[i].outcome == PASSED && !res->tests[i].faults) {
			argv[n++] = res->tests[i].name;
			budget += res->tests[i].timeout * VALGRIND_SLOWDOWN;
		}
	if (n > first_test) {
		run_once(ctx, argv, scratch, dir, budget * timeout_scale(), 0, &r);
		results_read_memcheck(res, r.results, costs);
		keep_output(res, &r);
		proc_result_free(&r);
	}
	free(argv);
	free(binary);
	free(scratch);
	free(dir);
}
