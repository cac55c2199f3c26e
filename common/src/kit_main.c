/*
 * kit_main.c - the main() of every lab's test binary.
 *
 *   tests               run every test, print a report a student can read
 *   tests NAME...       run only the named tests
 *   tests --list        print the tests' metadata, run nothing (the grader)
 *   tests --results-fd N
 *                       run silently, write one record per test to fd N
 *   tests --no-faults   skip tests that fault on purpose (valgrind runs)
 *
 * Each test is its own Check TCase, so it gets its own timeout and runs in
 * its own forked child; the unchecked fixtures run here, in the parent,
 * before and after each child, to hand out slots and clean up.
 */
#define _GNU_SOURCE
#include "kit.h"
#include "kit_internal.h"
#include "kit_record.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern const struct kit_test __start_kit_tests[], __stop_kit_tests[];
extern int kit_results_fd;

#define DEFAULT_TIMEOUT 5.0

struct options {
	int list;
	int no_faults;
	int results_fd;
	char **only;
	int nonly;
};

static const struct kit_test *tests[KIT_MAX_TESTS];
static int ntests;

/* Declaration order: by file, then line (the section need not keep it). */
static int by_place(const void *a, const void *b)
{
	const struct kit_test *x = *(const struct kit_test *const *)a;
	const struct kit_test *y = *(const struct kit_test *const *)b;
	int c = strcmp(x->file, y->file);

	return c ? c : x->line - y->line;
}

static int wanted(const struct kit_test *t, const struct options *opt)
{
	if (opt->no_faults && (t->faults || t->signal || t->no_valgrind))
		return 0;
	if (opt->nonly == 0)
		return 1;
	for (int i = 0; i < opt->nonly; i++)
		if (strcmp(opt->only[i], t->name) == 0)
			return 1;
	return 0;
}

static void select_tests(const struct options *opt)
{
	const struct kit_test *t;

	for (t = __start_kit_tests; t < __stop_kit_tests; t++)
		if (ntests < KIT_MAX_TESTS && wanted(t, opt))
			tests[ntests++] = t;
	qsort(tests, (size_t)ntests, sizeof tests[0], by_place);
}

static int points_of(const struct kit_test *t)
{
	return t->points > 0 ? t->points : 1;
}

/* --- fixtures: run in the parent around each test's child -------------- */

static void before_test(void)
{
	memset(&kit_shared->slot[kit_test_index], 0, sizeof(struct kit_slot));
	kit_shared->nshm = 0;
	kit_shared->nsysv = 0;
}

static void after_test(void)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof dir, "%s/%s", kit_run_dir, tests[kit_test_index]->name);
	kit_remove_tree(dir);
	for (unsigned i = 0; i < kit_shared->nshm && i < KIT_MAX_SHM; i++)
		__real_shm_unlink(kit_shared->shm[i]);
	for (unsigned i = 0; i < kit_shared->nsysv && i < KIT_MAX_SYSV; i++)
		__real_shmctl(kit_shared->sysv[i], IPC_RMID, NULL);
}

/* --- the run ------------------------------------------------------------ */

static int setup_run(void)
{
	static char dir[PATH_MAX];
	const char *base = getenv("KIT_SCRATCH");
	unsigned char raw[8];

	if (base == NULL)
		base = getenv("TMPDIR");
	if (base == NULL)
		base = "/tmp";
	if (getrandom(raw, sizeof raw, 0) != sizeof raw)
		return -1;
	for (int i = 0; i < 8; i++)
		snprintf(kit_run_token + 2 * i, 3, "%02x", raw[i]);
	snprintf(dir, sizeof dir, "%s/kit-run-%s", base, kit_run_token);
	if (mkdir(dir, 0700) != 0)
		return -1;
	kit_run_dir = dir;

	kit_shared = __real_mmap(NULL, sizeof *kit_shared, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (kit_shared == MAP_FAILED)
		return -1;
	memcpy(&kit_shared->nonce, raw, sizeof raw);
	kit_shared->nonce |= 1;                 /* never 0, the unset value */
	return 0;
}

/* A runner for test I alone: its own TCase, timeout and forked child. */
static SRunner *runner_for(int i)
{
	const struct kit_test *t = tests[i];
	Suite *suite = suite_create("lab");
	TCase *tc = tcase_create(t->name);
	SRunner *sr;

	tcase_set_timeout(tc, t->timeout > 0 ? t->timeout : DEFAULT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, before_test, after_test);
	tcase_add_test_raise_signal(tc, t->ttest, t->signal);
	suite_add_tcase(suite, tc);
	sr = srunner_create(suite);
	srunner_set_fork_status(sr, CK_FORK);
	return sr;
}

/* "tests/test_x.c" rather than the absolute path of the kit. */
static const char *short_path(const char *path)
{
	const char *p = path ? strstr(path, "/tests/") : NULL;

	return p ? p + 1 : path;
}

/* "filemap.c:42 (fm_count_byte)" for an offset in this executable. */
static void source_line(uintptr_t offset, char *out, size_t size)
{
	char cmd[256], func[256] = "", where[512] = "";
	FILE *p;

	*out = '\0';
	snprintf(cmd, sizeof cmd, "addr2line -f -e /proc/%d/exe %#lx 2>/dev/null",
		 (int)getpid(), (unsigned long)offset);
	if ((p = popen(cmd, "r")) == NULL)
		return;
	if (fgets(func, sizeof func, p) && fgets(where, sizeof where, p) &&
	    where[0] != '?') {
		const char *base = strrchr(where, '/');

		func[strcspn(func, "\n")] = '\0';
		where[strcspn(where, " \n")] = '\0';
		snprintf(out, size, "; the faulting instruction is at %s (in %s)",
			 base ? base + 1 : where, func);
	}
	pclose(p);
}

/* "in the mapping 7f..-7f.. (r--p, /path)" from a /proc/self/maps line. */
static void describe_mapping(const char *line, char *out, size_t size)
{
	char range[64], perms[8], path[160] = "anonymous memory";

	if (sscanf(line, "%63s %7s %*s %*s %*s %159[^\n]", range, perms, path) < 2) {
		snprintf(out, size, "%s", line);
		return;
	}
	snprintf(out, size, "in the mapping %s (%s, %s)", range, perms, path);
}

/* Check's verdict, corrected by what the kit saw in the test's slot. */
static struct kit_record judge(TestResult *tr, int i)
{
	const struct kit_slot *slot = &kit_shared->slot[i];
	struct kit_record r = { .name = tests[i]->name };

	switch (tr_rtype(tr)) {
	case CK_PASS:
		if (tests[i]->signal || slot->done == kit_shared->nonce) {
			r.status = KIT_PASS;
			break;
		}
		r.status = KIT_FAIL;
		snprintf(r.msg, sizeof r.msg, "the test stopped before its end "
			 "without failing an assertion: the code under test ended "
			 "the process (exit? _exit?) in the middle of the test");
		break;
	case CK_FAILURE:
		r.status = KIT_FAIL;
		snprintf(r.msg, sizeof r.msg, "%s (%s:%d)", tr_msg(tr),
			 short_path(tr_lfile(tr)), tr_lno(tr));
		break;
	default:
		r.status = KIT_ERROR;
		if (slot->fault_signo) {
			char line[600] = "", where[300];

			if (slot->fault_pc_known)
				source_line(slot->fault_pc, line, sizeof line);
			describe_mapping(slot->fault_where, where, sizeof where);
			snprintf(r.msg, sizeof r.msg, "crashed: %s (%s) at address "
				 "%#lx, %s%s", kit_signal_name(slot->fault_signo),
				 kit_code_name(slot->fault_signo, slot->fault_code),
				 (unsigned long)slot->fault_addr, where, line);
		} else
			snprintf(r.msg, sizeof r.msg, "%s", tr_msg(tr));
	}
	return r;
}

/* A monotonic clock, in seconds: a test's time is measured here, in the
 * trusted runner, never reported by the test itself. */
static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_human(const struct kit_record *r, const struct kit_test *t)
{
	int pts = points_of(t);

	if (r->status == KIT_PASS) {
		printf("PASS  %-32s %2d/%-2d  %s\n", t->name, pts, pts, t->desc ? t->desc : "");
		return;
	}
	printf("FAIL  %-32s  0/%-2d  %s\n", t->name, pts, t->desc ? t->desc : "");
	printf("      %s\n", r->msg);
	if (t->hint)
		printf("      hint: %s\n", t->hint);
}

/*
 * Runs every test, one SRunner each, and reports each result as soon as it
 * is known: if the code under test kills this process, the tests already
 * run keep their results and the grader resumes after the culprit.
 */
static int run(const struct options *opt)
{
	int passed = 0, points = 0, max = 0;

	if (setup_run() != 0) {
		perror("tests: cannot set up the run");
		return 2;
	}
	kit_results_fd = opt->results_fd;
	for (int i = 0; i < ntests; i++) {
		SRunner *sr = runner_for(i);
		TestResult **results;
		struct kit_record r;

		double start = seconds_now();

		kit_test_index = i;     /* the slot before_test() clears */
		srunner_run_all(sr, CK_SILENT);
		results = srunner_results(sr);
		r = judge(results[0], i);
		r.seconds = seconds_now() - start;
		if (r.status == KIT_PASS) {
			passed++;
			points += points_of(tests[i]);
		}
		if (opt->results_fd >= 0)
			kit_record_write(opt->results_fd, &r);
		else
			print_human(&r, tests[i]);
		fflush(stdout);
		free(results);
		srunner_free(sr);
	}
	for (int i = 0; i < ntests; i++)
		max += points_of(tests[i]);
	if (opt->results_fd < 0)
		printf("\n%d/%d points\n%d passed, %d failed\n", points, max,
		       passed, ntests - passed);
	kit_remove_tree(kit_run_dir);
	return passed == ntests ? 0 : 1;
}

static void list(void)
{
	for (int i = 0; i < ntests; i++)
		kit_meta_write(STDOUT_FILENO, tests[i], points_of(tests[i]),
			       tests[i]->timeout > 0 ? tests[i]->timeout
						     : DEFAULT_TIMEOUT);
}

int main(int argc, char **argv)
{
	struct options opt = { .results_fd = -1 };

	opt.only = calloc((size_t)argc, sizeof *opt.only);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--list") == 0)
			opt.list = 1;
		else if (strcmp(argv[i], "--no-faults") == 0)
			opt.no_faults = 1;
		else if (strcmp(argv[i], "--results-fd") == 0 && i + 1 < argc)
			opt.results_fd = atoi(argv[++i]);
		else
			opt.only[opt.nonly++] = argv[i];
	}
	select_tests(&opt);
	free(opt.only);
	opt.only = NULL;
	if (opt.list) {
		list();
		return 0;
	}
	return run(&opt);
}
