/*
 * run.c - stage 3: run the tests of the lab's record, within bounds.
 *
 * The record was written when the kit was built, its tests listed by a
 * binary with no student code in it (common/lab.mk).  The trusted runner (common/runner/) runs
 * each test in a process of its own and writes its verdicts on a pipe at
 * fd 3, which no test's process holds; the whole run is in the sandbox.
 */
#define _GNU_SOURCE
#include "kit_lang.h"
#include "lang.h"
#include "stages.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RESULTS_FD 3
#define OUTPUT_CAP (64 << 10)
#define RUN_MARGIN 10.0
#define ADDRESS_SPACE (4L << 30)
#define VALGRIND_SLOWDOWN 20

extern char **environ;

/* Why the runner gave no result, from how it ended. */
static char *why_missing(const struct proc_result *p)
{
	/* Inside bubblewrap a signal death comes back as status 128 + N. */
	int signo = p->signal ? p->signal
		  : p->exited && p->status > 128 ? p->status - 128 : 0;

	if (p->timed_out)
		return xasprintf("%s", K_("no result: the lab's tests ran past "
				 "their time limit (an endless loop or a blocked call?)"));
	if (signo)
		return xasprintf(K_("no result: the test runner was killed by "
				    "SIG%s during this test"), sigabbrev_np(signo));
	return xasprintf(K_("no result: the test runner exited (status %d) "
			    "during this test"), p->status);
}

/*
 * The environment of the tests: ours, plus where scratch files go, and
 * whether /tmp is the sandbox's own (the runner then lets tests use it).
 */
static char **test_env(const char *scratch, int private_tmp)
{
	size_t n = 0, j = 0;
	char **env;

	while (environ[n])
		n++;
	env = xcalloc(n + 3, sizeof *env);
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "KIT_SCRATCH=", 12) != 0 &&
		    strncmp(environ[i], "KIT_PRIVATE_TMP=", 16) != 0)
			env[j++] = environ[i];
	env[j++] = xasprintf("KIT_SCRATCH=%s", scratch);
	if (private_tmp)
		env[j++] = xstrdup("KIT_PRIVATE_TMP=1");
	return env;
}

/*
 * Where a lab's tests run: <run root>/<lab>/bin, the runner, the lab's
 * record and the test binary, readable by the sandbox user but not writable; and
 * <run root>/<lab>/scratch, the only place it may write.  The run root is
 * the grader's own folder under /tmp (main.c), so the tests never need to
 * reach the kit's folder, which may be private (root's home, mode 0700).
 */
struct run_place {
	char *bin, *scratch;
	char *runner, *record, *binary;
};

/* The test binary and the lab's other programs (lab.mk: shm_peer, pmap),
 * which the tests find beside themselves. */
static int copy_programs(const char *from, const char *to)
{
	DIR *d = opendir(from);
	struct dirent *e;
	int rc = d ? 0 : -1;

	while (d && rc == 0 && (e = readdir(d)) != NULL) {
		char *src = xasprintf("%s/%s", from, e->d_name);
		char *dst = xasprintf("%s/%s", to, e->d_name);
		struct stat st;

		if (lstat(src, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mode & S_IXUSR))
			rc = copy_file(src, dst, 0755);
		free(src);
		free(dst);
	}
	if (d)
		closedir(d);
	return rc;
}

static char *place_in(const struct context *ctx, const struct lab *lab,
		      struct run_place *rp)
{
	char *dir = lab_build_dir(ctx, lab);
	char *lab_run = xasprintf("%s/%s", ctx->run_root, lab->name);
	char *from_record = lab_record_path(lab, ctx->kit_build);
	char *from_runner = xasprintf("%s/runner", ctx->kit_build);
	char *why = NULL;

	rp->bin = xasprintf("%s/bin", lab_run);
	rp->scratch = xasprintf("%s/scratch", lab_run);
	rp->runner = xasprintf("%s/runner", rp->bin);
	rp->record = xasprintf("%s/record", rp->bin);
	rp->binary = xasprintf("%s/tests", rp->bin);
	if (mkdirs(rp->bin) != 0 || copy_file(from_runner, rp->runner, 0755) ||
	    copy_file(from_record, rp->record, 0644) ||
	    copy_programs(dir, rp->bin) != 0 ||
	    lang_copy_catalogues(ctx->kit_build, lab->name, rp->bin) != 0)
		why = xasprintf("the tests could not be put in place in %s: %s "
				"(is the disk full?)", rp->bin, strerror(errno));
	free(from_runner);
	free(from_record);
	free(lab_run);
	free(dir);
	return why;
}

static void place_free(struct run_place *rp)
{
	free(rp->bin);
	free(rp->scratch);
	free(rp->runner);
	free(rp->record);
	free(rp->binary);
}

/* One run of the runner in the sandbox, bounded by SECONDS. */
static void run_once(const struct context *ctx, const struct run_place *rp,
		     char *const plain[], double seconds, long address_space,
		     struct proc_result *r)
{
	char **argv = sandbox_argv(ctx->sandbox, plain, rp->scratch, rp->bin);
	char **env = test_env(rp->scratch, ctx->sandbox->bwrap);
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
		.cwd = rp->scratch,     /* as bubblewrap's --chdir, without it too */
	};

	/* A fresh scratch directory, owned by whoever runs the tests. */
	remove_tree(rp->scratch);
	mkdirs(rp->scratch);
	if (lim.uid && chown(rp->scratch, lim.uid, lim.gid) != 0)
		die("cannot hand %s to the sandbox user", rp->scratch);
	if (proc_run(argv, &lim, r) != 0)
		die("cannot run %s", plain[0]);
	for (size_t i = 0; env[i]; i++)
		if (strncmp(env[i], "KIT_SCRATCH=", 12) == 0 ||
		    strncmp(env[i], "KIT_PRIVATE_TMP=", 16) == 0)
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

/* The runner's command line: OPTIONS, then the tests of WHICH outcome. */
static char **runner_argv(const struct run_place *rp, const char *const options[],
			  const struct lab_result *res, enum kit_outcome which,
			  int skip_faults)
{
	char **argv = xcalloc((size_t)res->ntests + 12, sizeof *argv);
	int n = 0;

	argv[n++] = rp->runner;
	argv[n++] = "--results-fd";
	argv[n++] = "3";
	for (int i = 0; options[i]; i++)
		argv[n++] = (char *)options[i];
	argv[n++] = rp->record;
	argv[n++] = rp->binary;
	for (int i = 0; i < res->ntests; i++)
		if (res->tests[i].outcome == which &&
		    !(skip_faults && res->tests[i].faults))
			argv[n++] = res->tests[i].name;
	return argv;
}

static int first_not_run(const struct lab_result *res)
{
	for (int i = 0; i < res->ntests; i++)
		if (res->tests[i].outcome == KIT_NOT_RUN)
			return i;
	return -1;
}

/* Appends the output of one run of the binary to the lab's, and counts
 * what its cap cut (a report says so without reading the text). */
static void keep_output(struct lab_result *res, struct proc_result *r)
{
	char *joined;

	res->output_cut += r->output_dropped;
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
 * The tests could not be run: the environment's failure.  The runner exits
 * 3 only for that (the test binary cannot start, the kit cannot make a
 * scratch file); 126 and 127 mean the runner itself could not start.
 */
static int environment_failed(const struct proc_result *r)
{
	return r->exited && (r->status == 3 ||
	       ((r->status == 126 || r->status == 127) &&
		(r->results == NULL || *r->results == '\0')));
}

static void not_graded(struct lab_result *res, struct proc_result *r)
{
	results_set_all(res, KIT_UNGRADABLE, K_("not graded: the environment "
						"failed"));
	res->status = LAB_UNGRADABLE;
	res->detail = xasprintf(K_("the tests could not be started here (runner "
				   "exit status %d): %s\nThis is not a grade. Check "
				   "that the sandbox can reach /tmp (INSTRUCTORS.md, "
				   "\"Where the kit runs\")."), r->status,
				r->output && *r->output ? r->output : "no message");
}

/*
 * Runs the tests.  If the runner dies in the middle (the code under test
 * could only kill its own test's process, but a machine may still kill
 * the runner), the test it was running fails and the runner starts again
 * after it, so one bad test costs that test only.
 */
void run_tests(const struct context *ctx, const struct lab *lab,
	       struct lab_result *res)
{
	static const char *const no_options[] = { NULL };
	struct run_place rp;
	double budget = 0, start = now_seconds();
	int culprit;
	char *why = place_in(ctx, lab, &rp);

	if (why != NULL) {
		results_set_all(res, KIT_UNGRADABLE, K_("not graded: the "
						       "environment failed"));
		res->status = LAB_UNGRADABLE;
		res->detail = why;
		place_free(&rp);
		return;
	}
	for (int i = 0; i < res->ntests; i++)
		budget += res->tests[i].timeout;
	budget = budget * timeout_scale() + RUN_MARGIN;
	while ((culprit = first_not_run(res)) >= 0) {
		double left = budget - (now_seconds() - start);
		char **plain = runner_argv(&rp, no_options, res, KIT_NOT_RUN, 0);
		struct proc_result r;

		if (left <= 0) {
			results_settle(res, KIT_TIMED_OUT, K_("no result: the lab's "
				       "tests ran past their time limit"));
			free(plain);
			break;
		}
		run_once(ctx, &rp, plain, left, ADDRESS_SPACE, &r);
		free(plain);
		if (environment_failed(&r)) {
			not_graded(res, &r);
			proc_result_free(&r);
			break;
		}
		results_read_run(res, r.results);
		keep_output(res, &r);
		if (res->tests[culprit].outcome == KIT_NOT_RUN) {
			/* Not even the first pending test finished: it was
			 * running when the runner was stopped or killed. */
			res->tests[culprit].outcome = r.timed_out ? KIT_TIMED_OUT
								  : KIT_CRASHED;
			res->tests[culprit].message = why_missing(&r);
		}
		if (r.timed_out)
			results_settle(res, KIT_TIMED_OUT,
				       res->tests[culprit].message);
		proc_result_free(&r);
	}
	place_free(&rp);
}

/*
 * VALGRIND=1: the tests that passed, and do not fault on purpose, run once
 * more under memcheck.  A child with an invalid access or a leak exits 99,
 * which the runner reports as a failure of that test.  The lab's record
 * says whether that loses the test's points (lab.mk's VALGRIND_COSTS) or
 * only adds a note.
 */
void run_memcheck(const struct context *ctx, const struct lab *lab,
		  struct lab_result *res)
{
	static const char *const options[] = { "--valgrind", "--no-faults", NULL };
	struct run_place rp;
	double budget = RUN_MARGIN;
	char **argv;
	struct proc_result r;
	char *why = place_in(ctx, lab, &rp);

	if (why != NULL) {
		free(why);
		place_free(&rp);
		return;
	}
	argv = runner_argv(&rp, options, res, KIT_PASSED, 1);
	for (int i = 0; i < res->ntests; i++)
		if (res->tests[i].outcome == KIT_PASSED && !res->tests[i].faults)
			budget += res->tests[i].timeout * VALGRIND_SLOWDOWN;
	if (budget > RUN_MARGIN) {         /* some test to run */
		run_once(ctx, &rp, argv, budget * timeout_scale(), 0, &r);
		results_read_memcheck(res, r.results, lab->record.valgrind_costs);
		keep_output(res, &r);
		proc_result_free(&r);
	}
	free(argv);
	place_free(&rp);
}
