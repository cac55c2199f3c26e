/*
 * runner.c - the trusted runner: runs a lab's tests and alone gives their
 * verdicts.  No student code is ever linked into it.
 *
 *   runner [--results-fd N] [--no-faults] [--fail-fast] [--valgrind]
 *          [--domain LAB] RECORD BINARY [NAME...]
 *
 * RECORD is the lab's record (common/src/kit_lab.h: its tests written by
 * the build from a binary without student code); BINARY is the test binary,
 * student code included.  Each test runs in a process of its own, started
 * as `BINARY --kit-child NAME`, in a process group of its own, under a
 * seccomp filter, bounded by the test's timeout.  The runner decides:
 *
 *   passed     the process exited 0 and wrote this test's nonce, which it
 *              received from us on a pipe read before student code runs
 *              (a test declared to die of a signal: it died of that signal);
 *   failed     an assertion failed, the test never reached its end, or
 *              valgrind found an error;
 *   crashed    it was killed by a signal it did not expect;
 *   timed-out  it ran past its time limit.
 * (kit_record.h's outcomes; the grader adds "not-run" and "ungradable".)
 *
 * The runner is not dumpable (no ptrace, no /proc/PID/mem from the tests),
 * the filter forbids signalling it or its parent, ptrace and
 * process_vm_*, Landlock keeps the test to the files it needs (files.c),
 * and after each test every process the test left is killed
 * (the runner is a child subreaper) and every IPC object it left removed.
 *
 * With --results-fd, one "R" record per test goes to that descriptor (the
 * grader); otherwise a report a student reads goes to stdout.  Exit
 * status: 0 all passed, 1 some did not, 2 usage or list error, 3 the test
 * binary could not be started (the environment's fault, not the tests').
 *
 * The words are in the student's language (kit_lang.h): the compiled
 * catalogues are in locale/ beside the runner (the kit's build folder, or
 * the grader's copy), or in $KIT_LOCALEDIR; --domain names the lab's
 * catalogue, for the descriptions and hints of its report.
 */
#define _GNU_SOURCE
#include "kit_lang.h"
#include "kit_record.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runner.h"

#define VERDICT_CAP (64 << 10)
#define VALGRIND_SLOWDOWN 20

struct options {
	int results_fd;
	int no_faults, fail_fast, valgrind;
	const char *list, *binary, *domain;
};

static char run_dir[PATH_MAX];
static char locale_dir[PATH_MAX];

/* The compiled catalogues: $KIT_LOCALEDIR, else locale/ beside us.  The
 * test's process finds them through KIT_LOCALEDIR, and may read them. */
static void choose_language(void)
{
	const char *env = getenv("KIT_LOCALEDIR");
	char self[PATH_MAX];
	ssize_t n;

	if (env && *env)
		snprintf(locale_dir, sizeof locale_dir, "%s", env);
	else if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) > 0) {
		char *slash;

		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL)
			*slash = '\0';
		snprintf(locale_dir, sizeof locale_dir, "%.*s/locale",
			 (int)sizeof locale_dir - 8, self);
	}
	if (locale_dir[0])
		setenv("KIT_LOCALEDIR", locale_dir, 1);
	kit_lang_init(NULL, locale_dir[0] ? locale_dir : NULL);
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double timeout_scale(const struct options *opt)
{
	const char *s = getenv("CK_TIMEOUT_MULTIPLIER");
	double m = s ? atof(s) : 1.0;

	if (!(m > 0))
		m = 1.0;
	return opt->valgrind ? m * VALGRIND_SLOWDOWN : m;
}

/* --- the run's scratch folder ----------------------------------------- */

static int remove_entry(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (d == NULL)
		return unlink(path);
	while ((e = readdir(d)) != NULL) {
		char sub[PATH_MAX];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name)
		    < sizeof sub)
			remove_entry(sub);
	}
	closedir(d);
	return rmdir(path);
}

void runner_remove_test_dir(const char *run, const char *name)
{
	char dir[PATH_MAX];

	if ((size_t)snprintf(dir, sizeof dir, "%s/%s", run, name) < sizeof dir)
		remove_entry(dir);
}

/* KIT_SCRATCH (the grader's), else TMPDIR, else /tmp: kit-run-<token>. */
static int make_run_dir(void)
{
	const char *base = getenv("KIT_SCRATCH");
	unsigned char raw[8];
	char token[17];

	if (base == NULL)
		base = getenv("TMPDIR");
	if (base == NULL)
		base = "/tmp";
	if (getrandom(raw, sizeof raw, 0) != sizeof raw)
		return -1;
	for (int i = 0; i < 8; i++)
		snprintf(token + 2 * i, 3, "%02x", raw[i]);
	if ((size_t)snprintf(run_dir, sizeof run_dir, "%s/kit-run-%s", base,
			     token) >= sizeof run_dir || mkdir(run_dir, 0700) != 0)
		return -1;
	setenv("KIT_RUN_DIR", run_dir, 1);
	setenv("KIT_RUN_TOKEN", token, 1);
	return 0;
}

/* --- one test ----------------------------------------------------------- */

/* A descriptor at 10 or above, close-on-exec, so the child's dup2s onto
 * 3, 4 and 5 never clobber one another. */
static int high(int fd)
{
	int moved = fcntl(fd, F_DUPFD_CLOEXEC, 10);

	close(fd);
	return moved;
}

static int make_pipe(int p[2])
{
	if (pipe(p) != 0)
		return -1;
	p[0] = high(p[0]);
	p[1] = high(p[1]);
	return p[0] < 0 || p[1] < 0 ? -1 : 0;
}

/* In the child: the filter that keeps the test away from the runner. */
static int confine(pid_t runner, pid_t above)
{
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);
	uint32_t deny = SCMP_ACT_ERRNO(EPERM);
	const pid_t targets[] = { runner, -runner, above, -above, -1 };
	int rc = 0;

	if (f == NULL)
		return -1;
	rc |= seccomp_rule_add(f, deny, SCMP_SYS(ptrace), 0);
	rc |= seccomp_rule_add(f, deny, SCMP_SYS(process_vm_readv), 0);
	rc |= seccomp_rule_add(f, deny, SCMP_SYS(process_vm_writev), 0);
	for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
		scmp_datum_t t = (uint32_t)targets[i];

		rc |= seccomp_rule_add(f, deny, SCMP_SYS(kill), 1,
				       SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffff, t));
		rc |= seccomp_rule_add(f, deny, SCMP_SYS(tkill), 1,
				       SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffff, t));
		rc |= seccomp_rule_add(f, deny, SCMP_SYS(tgkill), 1,
				       SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffff, t));
		rc |= seccomp_rule_add(f, deny, SCMP_SYS(pidfd_open), 1,
				       SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffff, t));
	}
	if (rc == 0)
		rc = seccomp_load(f);
	seccomp_release(f);
	return rc;
}

/*
 * In the child: the files a test may touch (files.c), wherever it runs.
 * The system's folders to read and run; the folder of the test binary
 * (the grader's copy of the lab's programs); the run's scratch folder,
 * also its TMPDIR and TEMP; /tmp only when it is private (KIT_PRIVATE_TMP=1,
 * set by the grader inside bubblewrap); POSIX shared memory; devices;
 * /proc and /sys.
 * Nothing else: not the kit, not its hidden tests, not another student.
 */
static int confine_files(const char *binary)
{
	static char bin_dir[PATH_MAX];
	const char *slash = strrchr(binary, '/');
	struct files_rule rules[] = {
		{ "/usr", FILES_EXEC }, { "/lib", FILES_EXEC },
		{ "/lib64", FILES_EXEC }, { "/lib32", FILES_EXEC },
		{ "/bin", FILES_EXEC }, { "/sbin", FILES_EXEC },
		{ "/etc", FILES_READ }, { "/proc", FILES_READ },
		{ "/sys", FILES_READ }, { "/dev", FILES_DEVICES },
		{ "/dev/shm", FILES_WRITE }, { run_dir, FILES_WRITE },
		{ bin_dir, FILES_EXEC },
		{ locale_dir[0] ? locale_dir : bin_dir, FILES_READ },
		{ "/tmp", FILES_WRITE },        /* last: only when private */
	};
	/* /tmp only where it is the sandbox's own (bubblewrap's tmpfs): the
	 * machine's /tmp may hold the kit itself, or another grade. */
	const char *private_tmp = getenv("KIT_PRIVATE_TMP");
	int n = sizeof rules / sizeof rules[0];

	if (private_tmp == NULL || strcmp(private_tmp, "1") != 0)
		n--;

	if (slash == NULL)
		snprintf(bin_dir, sizeof bin_dir, ".");
	else
		snprintf(bin_dir, sizeof bin_dir, "%.*s", (int)(slash - binary),
			 binary);
	setenv("TMPDIR", run_dir, 1);
	setenv("TEMP", run_dir, 1);     /* where Check keeps its messages */
	return files_confine(rules, n) < 0 ? -1 : 0;
}

/* The child: descriptors in place, confined, then the test binary. */
static void start_test(const struct options *opt, const char *name,
		       int verdict_w, int nonce_r, int err_w, pid_t runner,
		       pid_t above)
{
	char *argv[16];
	int n = 0, e;

	setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(verdict_w, 3) != 3 || dup2(nonce_r, 4) != 4 ||
	    dup2(err_w, 5) != 5 || fcntl(5, F_SETFD, FD_CLOEXEC) != 0 ||
	    syscall(SYS_close_range, 6U, ~0U, 0) != 0 ||
	    confine_files(opt->binary) != 0 || confine(runner, above) != 0)
		goto failed;
	if (opt->valgrind) {
		argv[n++] = "valgrind";
		argv[n++] = "-q";
		argv[n++] = "--error-exitcode=99";
		argv[n++] = "--leak-check=full";
		argv[n++] = "--errors-for-leak-kinds=definite,indirect";
	}
	argv[n++] = (char *)opt->binary;
	argv[n++] = "--kit-child";
	argv[n++] = (char *)name;
	argv[n] = NULL;
	execvp(argv[0], argv);
failed:
	e = errno;
	if (write(5, &e, sizeof e) < 0)
		_exit(127);
	_exit(127);
}

/* Kills what the test left: its group, then every orphan adopted by us. */
static void kill_leftovers(pid_t group)
{
	kill(-group, SIGKILL);
	for (int round = 0; round < 200; round++) {
		DIR *d = opendir("/proc");
		struct dirent *e;
		int found = 0;

		while (d && (e = readdir(d)) != NULL) {
			char path[300], buf[512], *p;
			FILE *f;
			int ppid = 0;
			char state = 'Z';

			if (e->d_name[0] < '1' || e->d_name[0] > '9')
				continue;
			snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
			if ((f = fopen(path, "re")) == NULL)
				continue;
			if (fgets(buf, sizeof buf, f) && (p = strrchr(buf, ')')))
				sscanf(p + 2, "%c %d", &state, &ppid);
			fclose(f);
			if (ppid == getpid() && state != 'Z') {
				kill(atoi(e->d_name), SIGKILL);
				found = 1;
			}
		}
		if (d)
			closedir(d);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (!found)
			break;
		usleep(1000);
	}
}

/* What PID is doing: "R" (running), or "S do_wait" (asleep, and where in
 * the kernel), for the words of a timeout (judge.c). */
static void what_it_does(pid_t pid, char *out, size_t size)
{
	char path[64], buf[512], wchan[48] = "", state = '?', *p;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "re")) != NULL) {
		if (fgets(buf, sizeof buf, f) && (p = strrchr(buf, ')')))
			state = p[2];
		fclose(f);
	}
	snprintf(path, sizeof path, "/proc/%d/wchan", (int)pid);
	if ((f = fopen(path, "re")) != NULL) {
		if (fgets(wchan, sizeof wchan, f) == NULL || strcmp(wchan, "0") == 0)
			wchan[0] = '\0';
		fclose(f);
	}
	snprintf(out, size, "%c %s", state, wchan);
}

/* Reads what FD holds now into BUF; false once it is closed. */
static int take(int fd, char *buf, size_t *len)
{
	ssize_t n = read(fd, buf + *len, VERDICT_CAP - 1 - *len);

	if (n > 0) {
		*len += (size_t)n;
		return *len < VERDICT_CAP - 1;
	}
	return n < 0 && (errno == EINTR || errno == EAGAIN);
}

/*
 * Runs test T; fills OUT with how its process ended and what it wrote.
 * Returns -1 when the binary could not be started at all.
 */
static int run_process(const struct options *opt, const struct kit_lab_test *t,
		       struct test_process *out)
{
	int verdict[2], nonce[2], err[2], e = 0, pidfd, open_verdict = 1;
	unsigned char raw[8];
	double start = seconds_now(), limit = t->timeout * timeout_scale(opt);
	pid_t runner = getpid(), pid;

	memset(out, 0, sizeof *out);
	out->verdict = calloc(VERDICT_CAP, 1);
	if (out->verdict == NULL || getrandom(raw, sizeof raw, 0) != sizeof raw ||
	    make_pipe(verdict) || make_pipe(nonce) || make_pipe(err))
		return -1;
	memcpy(&out->nonce, raw, sizeof raw);
	fflush(stdout);
	/* A busy machine may refuse a fork for a moment (EAGAIN): that is no
	 * reason to give up on a test; a second of retries is. */
	for (int tries = 0; (pid = fork()) < 0 && errno == EAGAIN && tries < 100; tries++)
		usleep(10000);
	if (pid < 0)
		return -1;
	if (pid == 0)
		start_test(opt, t->name, verdict[1], nonce[0], err[1], runner,
			   getppid());
	setpgid(pid, pid);      /* both sides: no race with the first kill */
	close(verdict[1]);
	close(nonce[0]);
	close(err[1]);
	if (write(nonce[1], raw, sizeof raw) != sizeof raw)
		e = -1;
	close(nonce[1]);
	if (read(err[0], &e, sizeof e) == sizeof e) {
		close(err[0]);
		close(verdict[0]);
		waitpid(pid, NULL, 0);
		errno = e;
		return -1;
	}
	close(err[0]);
	fcntl(verdict[0], F_SETFL, O_NONBLOCK);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

	struct pollfd fds[2] = { { .fd = verdict[0], .events = POLLIN },
				 { .fd = pidfd, .events = POLLIN } };
	for (;;) {
		double left = limit - (seconds_now() - start);

		if (left <= 0) {
			out->timed_out = 1;
			what_it_does(pid, out->doing, sizeof out->doing);
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			break;
		}
		if (poll(fds, 2, (int)(left * 1000) + 1) < 0 && errno != EINTR)
			break;
		if ((fds[0].revents & (POLLIN | POLLHUP)) &&
		    !take(verdict[0], out->verdict, &out->len)) {
			fds[0].fd = -1;
			open_verdict = 0;
		}
		if (fds[1].revents & POLLIN || (pidfd < 0 && !open_verdict))
			break;
	}
	waitpid(pid, &out->status, 0);
	kill_leftovers(pid);
	while (take(verdict[0], out->verdict, &out->len) && out->len < VERDICT_CAP - 1)
		;
	close(verdict[0]);
	if (pidfd >= 0)
		close(pidfd);
	out->seconds = seconds_now() - start;
	return 0;
}

/* --- the whole run ------------------------------------------------------ */

static void usage(void)
{
	fputs(K_("usage: runner [--results-fd N] [--no-faults] [--fail-fast] "
		 "[--valgrind] [--domain LAB] RECORD BINARY [NAME...]\n"), stderr);
	exit(2);
}

static struct options parse(int argc, char **argv, int *first_name)
{
	static const struct option longs[] = {
		{ "results-fd", required_argument, NULL, 'r' },
		{ "no-faults", no_argument, NULL, 'n' },
		{ "fail-fast", no_argument, NULL, 'f' },
		{ "valgrind", no_argument, NULL, 'v' },
		{ "domain", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct options o = { .results_fd = -1 };
	int c;

	/* Options may come anywhere (test names never begin with '-'). */
	while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1)
		switch (c) {
		case 'r': o.results_fd = atoi(optarg); break;
		case 'n': o.no_faults = 1; break;
		case 'f': o.fail_fast = 1; break;
		case 'v': o.valgrind = 1; break;
		case 'd': o.domain = optarg; break;
		default: usage();
		}
	if (argc - optind < 2)
		usage();
	o.list = argv[optind];
	o.binary = argv[optind + 1];
	*first_name = optind + 2;
	return o;
}

static int wanted(const struct kit_lab_test *t, const struct options *opt,
		  char **names, int nnames)
{
	if (opt->no_faults && (t->faults || t->no_valgrind || t->signal))
		return 0;
	if (nnames == 0)
		return 1;
	for (int i = 0; i < nnames; i++)
		if (strcmp(names[i], t->name) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int first_name, ntests, passed = 0, ran = 0, points = 0, max = 0;
	struct options opt;
	char **names;
	int nnames;
	struct kit_lab_test *tests;

	choose_language();
	opt = parse(argc, argv, &first_name);
	names = argv + first_name;
	nnames = argc - first_name;
	tests = runner_read_list(opt.list, &ntests);
	runner_domain = opt.domain;
	kit_lang_bind(opt.domain);

	if (tests == NULL)
		return 2;
	if (runner_check_names(tests, ntests, names, nnames) != 0)
		return 2;
	/* Out of reach of the tests: no ptrace, no /proc/PID/mem, no fd/. */
	prctl(PR_SET_DUMPABLE, 0);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (make_run_dir() != 0) {
		perror(K_("runner: cannot make the run's scratch folder"));
		return 3;
	}
	for (int i = 0; i < ntests; i++) {
		const struct kit_lab_test *t = &tests[i];
		struct runner_ipc before;
		struct test_process p;
		struct kit_record r;
		const char *why;

		if (!wanted(t, &opt, names, nnames))
			continue;
		runner_ipc_take(&before);
		if (run_process(&opt, t, &p) != 0) {
			fprintf(stderr, K_("runner: cannot start %s: %s\n"), opt.binary,
				strerror(errno));
			remove_entry(run_dir);
			return 3;
		}
		/* Judged before the cleanup, which may free what explains a
		 * crash (a full /dev/shm). */
		why = runner_environment_failure(&p);
		r = runner_judge(t, &p, opt.binary);
		runner_ipc_clean(&before);
		runner_remove_test_dir(run_dir, t->name);
		if (why != NULL) {
			fprintf(stderr, K_("runner: test %s could not be prepared: %s\n"),
				t->name, why);
			remove_entry(run_dir);
			return 3;
		}
		free(p.verdict);
		ran++;
		max += t->points;
		if (r.outcome == KIT_PASSED) {
			passed++;
			points += t->points;
		}
		if (opt.results_fd >= 0)
			kit_record_write(opt.results_fd, &r);
		else
			runner_print(&r, t);
		fflush(stdout);
		if (opt.fail_fast && r.outcome != KIT_PASSED)
			break;
	}
	remove_entry(run_dir);
	if (opt.results_fd < 0)
		printf(K_("\n%d/%d points\n%d passed, %d failed\n"), points, max,
		       passed, ran - passed);
	return passed == ran ? 0 : 1;
}
