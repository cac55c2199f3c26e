/*
 * mutrun.c - runs one mutant's test binary for `make mutants`
 * (common/tools/mutants.pl), and leaves nothing of it behind.
 *
 *     mutrun [--wall SECONDS] [--uid UID] [--as BYTES] [--nproc N]
 *            [--no-namespaces] --scratch DIR -- BINARY [ARGS...]
 *
 * BINARY (the kit's runner, for mutants.pl) runs with `--results-fd 3`
 * appended, in a session of its own,
 * with KIT_SCRATCH and TMPDIR set to DIR (emptied before, removed after),
 * under rlimits (address space, processes, CPU, file size, no core), as
 * UID when mutrun is root (RLIMIT_NPROC binds no root process).  It stops
 * at the first record that is not a pass (kit_record.h), at the wall
 * limit, or when the binary exits, and prints one line on stdout:
 *
 *     survived                            every test passed
 *     killed  <test>  <fail|error>  <message>
 *     killed  -  crash  <how the runner ended before its last record>
 *     killed  -  timeout  <the test running at the wall limit>
 *     interrupted                         SIGINT, SIGTERM or SIGHUP came
 *
 * then, when something outlived the run and was removed, a line
 *
 *     leftover  <processes>  <POSIX shm objects>  <System V objects>
 *
 * Exit status 0 once a verdict is printed, 2 when the run could not start,
 * 128 + the signal when interrupted (after cleaning up all the same).
 *
 * Nothing outlives it.  Processes: mutrun is a child subreaper; the session
 * of the binary is searched in /proc and killed (Check puts each test in a
 * process group of its own), then every orphan mutrun inherited.  Shared
 * memory: mutrun first tries private IPC and mount namespaces with a fresh
 * tmpfs on /dev/shm (as root, or in a user namespace of its own); either
 * way it lists /dev/shm and /proc/sysvipc before and after the run and
 * removes what appeared: everything in its own namespaces; without them,
 * only what is provably the run's (POSIX names carrying the run's token,
 * System V segments keyed by ftok on a file of the scratch folder), so
 * that the objects of other users of the machine are never touched.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RESULTS_FD 3
#define MAX_OBJS 4000

struct ipc_set {
	char *shm[MAX_OBJS];            /* names in /dev/shm */
	int nshm;
	int sysv[3][MAX_OBJS];          /* ids: shm, sem, msg */
	long key[3][MAX_OBJS];
	int nsysv[3];
};

static const char *const sysv_files[3] = {
	"/proc/sysvipc/shm", "/proc/sysvipc/sem", "/proc/sysvipc/msg"
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fputs("usage: mutrun [--wall S] [--uid U] [--as BYTES] [--nproc N] "
	      "[--no-namespaces]\n              --scratch DIR -- BINARY [ARGS...]\n",
	      stderr);
	exit(2);
}

/* --- isolation ---------------------------------------------------------- */

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Private IPC and mount namespaces, a fresh /dev/shm; true on success. */
static int isolate(void)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (uid == 0) {
		if (unshare(CLONE_NEWIPC | CLONE_NEWNS) != 0)
			return 0;
	} else {
		char map[64];

		if (unshare(CLONE_NEWUSER | CLONE_NEWIPC | CLONE_NEWNS) != 0)
			return 0;
		snprintf(map, sizeof map, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
		if (write_file("/proc/self/uid_map", map) != 0)
			return 0;
		write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof map, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
		if (write_file("/proc/self/gid_map", map) != 0)
			return 0;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return 0;
	return mount("mutrun-shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV,
		     "mode=1777") == 0;
}

/* --- shared memory: what exists ----------------------------------------- */

static void ipc_list(struct ipc_set *s)
{
	DIR *d = opendir("/dev/shm");
	struct dirent *e;

	memset(s, 0, sizeof *s);
	while (d && (e = readdir(d)) != NULL && s->nshm < MAX_OBJS)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			s->shm[s->nshm++] = strdup(e->d_name);
	if (d)
		closedir(d);
	for (int k = 0; k < 3; k++) {
		FILE *f = fopen(sysv_files[k], "re");
		char line[512];

		if (f == NULL)
			continue;
		if (fgets(line, sizeof line, f) == NULL) {      /* the header */
			fclose(f);
			continue;
		}
		while (fgets(line, sizeof line, f) && s->nsysv[k] < MAX_OBJS) {
			long key;
			int id;

			if (sscanf(line, "%ld %d", &key, &id) == 2) {
				s->key[k][s->nsysv[k]] = key;
				s->sysv[k][s->nsysv[k]++] = id;
			}
		}
		fclose(f);
	}
}

static void ipc_free(struct ipc_set *s)
{
	for (int i = 0; i < s->nshm; i++)
		free(s->shm[i]);
}

static int had_name(const struct ipc_set *s, const char *name)
{
	for (int i = 0; i < s->nshm; i++)
		if (strcmp(s->shm[i], name) == 0)
			return 1;
	return 0;
}

static int had_id(const struct ipc_set *s, int k, int id)
{
	for (int i = 0; i < s->nsysv[k]; i++)
		if (s->sysv[k][i] == id)
			return 1;
	return 0;
}

/* ftok keys of the scratch folder's files: (dev & 0xff) << 16 | ino & 0xffff. */
static long scratch_keys[MAX_OBJS];
static int nscratch_keys;

static int note_key(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)path;
	(void)type;
	(void)ftw;
	if (nscratch_keys < MAX_OBJS)
		scratch_keys[nscratch_keys++] =
			(long)(((st->st_dev & 0xff) << 16) | (st->st_ino & 0xffff));
	return 0;
}

static int from_scratch(long key)
{
	for (int i = 0; i < nscratch_keys; i++)
		if ((key & 0xffffff) == scratch_keys[i])
			return 1;
	return 0;
}

static int remove_sysv(int k, int id)
{
	switch (k) {
	case 0: return shmctl(id, IPC_RMID, NULL);
	case 1: return semctl(id, 0, IPC_RMID);
	default: return msgctl(id, IPC_RMID, NULL);
	}
}

/*
 * Removes what appeared since BEFORE: everything when ISOLATED (our own
 * namespaces), otherwise what carries TOKEN or a key of the scratch folder.
 */
static void ipc_clean(const struct ipc_set *before, int isolated,
		      const char *token, int *nshm, int *nsysv)
{
	struct ipc_set after;

	ipc_list(&after);
	for (int i = 0; i < after.nshm; i++) {
		char path[512];

		if (had_name(before, after.shm[i]))
			continue;
		if (!isolated && (token[0] == '\0' || strstr(after.shm[i], token) == NULL))
			continue;
		snprintf(path, sizeof path, "/dev/shm/%s", after.shm[i]);
		if (unlink(path) == 0)
			(*nshm)++;
	}
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < after.nsysv[k]; i++) {
			if (had_id(before, k, after.sysv[k][i]))
				continue;
			if (!isolated && (after.key[k][i] == IPC_PRIVATE ||
					  !from_scratch(after.key[k][i])))
				continue;
			if (remove_sysv(k, after.sysv[k][i]) == 0)
				(*nsysv)++;
		}
	ipc_free(&after);
}

/* --- processes ---------------------------------------------------------- */

/* Parent and session of PID from /proc; -1 when gone or a zombie. */
static int read_stat(const char *pid, pid_t *ppid, pid_t *sid)
{
	char path[300], buf[512], state = 'Z';
	FILE *f;
	int pgrp;

	snprintf(path, sizeof path, "/proc/%s/stat", pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	if (fgets(buf, sizeof buf, f)) {
		char *p = strrchr(buf, ')');

		if (p == NULL || sscanf(p + 2, "%c %d %d %d", &state, ppid, &pgrp, sid) != 4)
			state = 'Z';
	}
	fclose(f);
	return state == 'Z' ? -1 : 0;
}

/* Kills every live process of session SID or adopted by us; how many. */
static int kill_ours(pid_t sid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0;
	pid_t self = getpid();

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		pid_t ppid, s, pid;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		pid = (pid_t)atoi(e->d_name);
		if (pid == self || read_stat(e->d_name, &ppid, &s) != 0)
			continue;
		if (s == sid || ppid == self) {
			kill(pid, SIGKILL);
			found++;
		}
	}
	closedir(d);
	return found;
}

static void reap(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* --- scratch ------------------------------------------------------------ */

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		return rmdir(path) != 0 && errno != ENOENT;
	return unlink(path) != 0 && errno != ENOENT;
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_one, 32, FTW_DEPTH | FTW_PHYS);
}

/* The run's token: the runner names its folder kit-run-<token>. */
static void find_token(const char *scratch, char *token, size_t size)
{
	DIR *d = opendir(scratch);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "kit-run-", 8) == 0) {
			snprintf(token, size, "%s", e->d_name + 8);
			break;
		}
	if (d)
		closedir(d);
}

/* --- the run ------------------------------------------------------------ */

/* SIGINT or SIGTERM (make mutants interrupted): stop, clean up, exit. */
static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	stop = sig;
}

static void set_limit(int resource, long value)
{
	struct rlimit rl = { (rlim_t)value, (rlim_t)value };

	if (value > 0)
		setrlimit(resource, &rl);
}

struct options {
	double wall;
	long as, nproc;
	long uid;
	const char *scratch;
	char **argv;            /* BINARY ARGS... --results-fd 3 NULL */
};

static void child(const struct options *o, int results)
{
	int devnull = open("/dev/null", O_RDWR);
	struct rlimit no_core = { 0, 0 };

	setsid();
	dup2(devnull, STDIN_FILENO);
	dup2(devnull, STDOUT_FILENO);
	dup2(devnull, STDERR_FILENO);
	if (results != RESULTS_FD) {
		dup2(results, RESULTS_FD);
		close(results);
	}
	if (syscall(SYS_close_range, RESULTS_FD + 1U, ~0U, 0) != 0)
		for (int fd = RESULTS_FD + 1; fd < 1024; fd++)
			close(fd);
	setrlimit(RLIMIT_CORE, &no_core);
	set_limit(RLIMIT_AS, o->as);
	set_limit(RLIMIT_NPROC, o->nproc);
	set_limit(RLIMIT_CPU, (long)o->wall + 5);
	set_limit(RLIMIT_FSIZE, 2L << 30);
	set_limit(RLIMIT_NOFILE, 1024);
	signal(SIGPIPE, SIG_DFL);
	setenv("KIT_SCRATCH", o->scratch, 1);
	setenv("TMPDIR", o->scratch, 1);
	if (o->uid > 0 && geteuid() == 0 &&
	    (setgroups(0, NULL) != 0 || setgid((gid_t)o->uid) != 0 ||
	     setuid((uid_t)o->uid) != 0))
		_exit(126);
	execv(o->argv[0], o->argv);
	_exit(127);
}

/* Prints FIELD with tabs and newlines already escaped by the runner. */
static void print_verdict(const char *verdict, const char *test,
			  const char *status, const char *msg)
{
	if (test == NULL)
		printf("%s\n", verdict);
	else
		printf("%s\t%s\t%s\t%s\n", verdict, test, status, msg ? msg : "");
}

/*
 * Reads the records in BUF (complete lines only); true once a record is
 * not a pass, which it prints.  *LAST gets the name of the last test
 * that passed.
 */
static int scan_records(char *buf, size_t *len, char *last, size_t last_size,
			int *count)
{
	char *line = buf, *nl;

	while ((nl = memchr(line, '\n', *len - (size_t)(line - buf))) != NULL) {
		char *field[5] = { 0 };
		int n = 0;

		*nl = '\0';
		for (char *p = line; n < 5; ) {
			field[n++] = p;
			p = strchr(p, '\t');
			if (p == NULL)
				break;
			*p++ = '\0';
		}
		if (n >= 3 && strcmp(field[0], "R") == 0) {
			(*count)++;
			if (strcmp(field[2], "passed") != 0) {
				print_verdict("killed", field[1], field[2],
					      n >= 4 ? field[3] : "");
				return 1;
			}
			snprintf(last, last_size, "%s", field[1]);
		}
		line = nl + 1;
	}
	*len -= (size_t)(line - buf);
	memmove(buf, line, *len);
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = { .wall = 60, .as = 4L << 30, .nproc = 512 };
	static char buf[1 << 16];
	char last[256] = "", token[64] = "";
	struct ipc_set before;
	int results[2], isolated, status = 0, done = 0, verdict = 0, count = 0, eof = 0;
	int leftover = 0, nshm = 0, nsysv = 0, no_namespaces = 0, i;
	size_t len = 0;
	ssize_t n = -1;
	double start;
	pid_t pid;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--no-namespaces") == 0) {
			no_namespaces = 1;
			continue;
		}
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--wall") == 0)
			o.wall = atof(argv[++i]);
		else if (strcmp(argv[i], "--uid") == 0)
			o.uid = atol(argv[++i]);
		else if (strcmp(argv[i], "--as") == 0)
			o.as = atol(argv[++i]);
		else if (strcmp(argv[i], "--nproc") == 0)
			o.nproc = atol(argv[++i]);
		else if (strcmp(argv[i], "--scratch") == 0)
			o.scratch = argv[++i];
		else
			usage();
	}
	if (i + 1 >= argc || o.scratch == NULL || o.wall <= 0)
		usage();
	o.argv = calloc((size_t)(argc - i) + 3, sizeof *o.argv);
	for (int j = i + 1; j < argc; j++)
		o.argv[j - i - 1] = argv[j];
	o.argv[argc - i - 1] = "--results-fd";
	o.argv[argc - i] = "3";

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	signal(SIGHUP, on_stop);
	isolated = !no_namespaces && isolate();
	remove_tree(o.scratch);
	if (mkdir(o.scratch, 0700) != 0 ||
	    (o.uid > 0 && geteuid() == 0 && chown(o.scratch, (uid_t)o.uid, (gid_t)o.uid) != 0)) {
		fprintf(stderr, "mutrun: cannot prepare %s: %s\n", o.scratch, strerror(errno));
		return 2;
	}
	ipc_list(&before);
	if (pipe2(results, O_CLOEXEC) != 0)
		return 2;
	start = now();
	if ((pid = fork()) < 0)
		return 2;
	if (pid == 0) {
		close(results[0]);
		fcntl(results[1], F_SETFD, 0);
		child(&o, results[1]);
	}
	close(results[1]);
	fcntl(results[0], F_SETFL, O_NONBLOCK);

	/* Records until the first non-pass, the end of the binary or the wall.
	 * Never wait for EOF alone: a process the tests left may hold a copy
	 * of the write end. */
	while (!done) {
		double left = o.wall - (now() - start);
		struct pollfd p = { .fd = eof ? -1 : results[0], .events = POLLIN };

		if (stop)
			break;
		if (left <= 0) {
			print_verdict("killed", "-", "timeout", last[0] ?
				      "past the wall limit after the last passing test" :
				      "past the wall limit before any test ended");
			verdict = 1;
			break;
		}
		if (waitpid(pid, &status, WNOHANG) == pid)
			done = 1;       /* read what is left, then stop */
		else if (poll(&p, 1, left > 0.05 ? 50 : (int)(left * 1000) + 1) <= 0)
			continue;
		while (!eof && (n = read(results[0], buf + len, sizeof buf - 1 - len)) != 0) {
			if (n < 0) {
				if (errno == EINTR)
					continue;
				break;  /* EAGAIN: nothing more for now */
			}
			len += (size_t)n;
			if (token[0] == '\0')
				find_token(o.scratch, token, sizeof token);
			if (scan_records(buf, &len, last, sizeof last, &count)) {
				verdict = 1;
				break;
			}
			if (len >= sizeof buf - 1)
				len = 0;        /* a line longer than any record */
		}
		if (verdict)
			break;
		if (!eof && n == 0)
			eof = 1;        /* the runner is gone or about to be */
	}
	if (!done || verdict) {
		kill(pid, SIGKILL);
		if (!done)
			waitpid(pid, &status, 0);
	}
	if (stop)
		printf("interrupted\n");
	else if (!verdict) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && count > 0)
			print_verdict("survived", NULL, NULL, NULL);
		else {
			char how[128];

			if (WIFSIGNALED(status))
				snprintf(how, sizeof how, "the runner was killed by signal %d "
					 "after %d records", WTERMSIG(status), count);
			else
				snprintf(how, sizeof how, "the runner exited with %d after %d "
					 "records", WEXITSTATUS(status), count);
			print_verdict("killed", "-", "crash", how);
		}
	}
	fflush(stdout);

	/* Whatever is left dies: the session, then the orphans we adopted. */
	for (int round = 0; round < 100; round++) {
		int found = kill_ours(pid);

		if (round == 0)
			leftover = found;
		reap();
		if (found == 0)
			break;
		usleep(2000);
	}
	reap();
	close(results[0]);
	if (token[0] == '\0')
		find_token(o.scratch, token, sizeof token);
	nftw(o.scratch, note_key, 32, FTW_PHYS);
	ipc_clean(&before, isolated, token, &nshm, &nsysv);
	ipc_free(&before);
	remove_tree(o.scratch);
	if (leftover || nshm || nsysv)
		printf("leftover\t%d\t%d\t%d\n", leftover, nshm, nsysv);
	return stop ? 128 + stop : 0;
}
