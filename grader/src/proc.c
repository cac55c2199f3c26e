/*
 * proc.c - fork, limit, exec, watch, and leave nothing running.
 *
 * The command gets its own session, so that everything it starts can be
 * found again (by session id in /proc) and killed at the end: Check puts
 * each test in its own process group, so killing one group is not enough.
 * Its output is kept within a cap, head and tail, the middle counted.
 */
#define _GNU_SOURCE
#include "proc.h"
#include "grader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct capture {
	char *head;
	size_t head_len, head_cap;
	char *tail;             /* ring buffer of the last tail_cap bytes */
	size_t tail_pos, tail_cap;
	size_t total;
};

static void capture_init(struct capture *c, size_t cap)
{
	memset(c, 0, sizeof *c);
	c->head_cap = cap / 2;
	c->tail_cap = cap - c->head_cap;
	c->head = xcalloc(c->head_cap + 1, 1);
	c->tail = xcalloc(c->tail_cap + 1, 1);
}

static void capture_add(struct capture *c, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++, c->total++) {
		if (c->head_len < c->head_cap) {
			c->head[c->head_len++] = p[i];
		} else if (c->tail_cap > 0) {
			c->tail[c->tail_pos % c->tail_cap] = p[i];
			c->tail_pos++;
		}
	}
}

/* head + tail in order; *dropped gets what was cut in between. */
static char *capture_finish(struct capture *c, size_t *dropped)
{
	size_t tail_len = c->tail_pos < c->tail_cap ? c->tail_pos : c->tail_cap;
	size_t start = c->tail_pos - tail_len;
	char *out = xcalloc(c->head_len + tail_len + 80, 1);
	size_t o = 0;

	*dropped = c->total - c->head_len - tail_len;
	memcpy(out, c->head, c->head_len);
	o = c->head_len;
	if (*dropped)
		o += (size_t)sprintf(out + o, "\n[... %zu bytes cut ...]\n", *dropped);
	for (size_t i = 0; i < tail_len; i++)
		out[o++] = c->tail[(start + i) % c->tail_cap];
	out[o] = '\0';
	free(c->head);
	free(c->tail);
	return out;
}

/* --- in the child ------------------------------------------------------- */

static void set_limit(int resource, long value)
{
	struct rlimit rl = { (rlim_t)value, (rlim_t)value };

	if (value > 0)
		setrlimit(resource, &rl);
}

/* Closes the descriptors [first, last), whichever are open. */
static void close_between(int first, int last)
{
	for (int fd = first; fd < last; fd++)
		close(fd);
}

/* Closes every descriptor from FIRST on: one call where the kernel has
 * close_range (5.9), rather than a thousand. */
static void close_from(int first)
{
	if (syscall(SYS_close_range, (unsigned)first, ~0U, 0) != 0)
		close_between(first, 1024);
}

/*
 * Where memory runs out (a container's limit), the kernel kills the process
 * it scores worst: ours first, whatever their size, never the grader, which
 * can then say what happened.  Raising the score needs no privilege.
 */
static void prefer_as_victim(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (write(fd, "1000", 4) != 4) {
			/* an old kernel: the largest process is the victim */
		}
		close(fd);
	}
}

static void child(char *const argv[], const struct limits *lim, int out_fd,
		  int results_fd)
{
	int devnull = open("/dev/null", O_RDONLY);
	struct rlimit no_core = { 0, 0 };

	setsid();
	dup2(devnull, STDIN_FILENO);
	dup2(out_fd, STDOUT_FILENO);
	dup2(out_fd, STDERR_FILENO);
	if (lim->results_fd >= 0 && results_fd != lim->results_fd) {
		dup2(results_fd, lim->results_fd);
		results_fd = lim->results_fd;
	}
	close_from(results_fd >= 3 ? results_fd + 1 : 3);
	if (results_fd > 3)
		close_between(3, results_fd);
	setrlimit(RLIMIT_CORE, &no_core);
	set_limit(RLIMIT_CPU, lim->cpu_seconds);
	set_limit(RLIMIT_AS, lim->address_space);
	set_limit(RLIMIT_NPROC, lim->processes);
	set_limit(RLIMIT_FSIZE, lim->file_size);
	set_limit(RLIMIT_NOFILE, lim->open_files);
	prefer_as_victim();
	signal(SIGPIPE, SIG_DFL);
	if (lim->uid && (setgroups(0, NULL) != 0 || setgid(lim->gid) != 0 ||
			 setuid(lim->uid) != 0)) {
		fprintf(stderr, "cannot become user %u: %s\n", lim->uid,
			strerror(errno));
		_exit(126);
	}
	if (lim->cwd && chdir(lim->cwd) != 0)
		_exit(126);
	if (lim->env)
		execvpe(argv[0], argv, lim->env);
	else
		execvp(argv[0], argv);
	fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* --- in the parent ------------------------------------------------------ */

/*
 * State, parent and session of PID, from /proc/PID/stat; -1 if it is gone
 * or a zombie (already dead: "killing" it again would find it forever).
 */
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

		if (p == NULL || sscanf(p + 2, "%c %d %d %d", &state, ppid, &pgrp,
					sid) != 4)
			state = 'Z';
	}
	fclose(f);
	return state == 'Z' ? -1 : 0;
}

/* Kills every live process for which WHO(ppid, sid) holds; true if any. */
static int kill_where(int (*who)(pid_t ppid, pid_t sid, pid_t arg), pid_t arg)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		pid_t ppid, sid;

		if (e->d_name[0] < '1' || e->d_name[0] > '9' ||
		    read_stat(e->d_name, &ppid, &sid) != 0 || !who(ppid, sid, arg))
			continue;
		kill((pid_t)atoi(e->d_name), SIGKILL);
		found = 1;
	}
	closedir(d);
	return found;
}

static int in_session(pid_t ppid, pid_t sid, pid_t session)
{
	(void)ppid;
	return sid == session;
}

static int child_of(pid_t ppid, pid_t sid, pid_t parent)
{
	(void)sid;
	return ppid == parent;
}

/* Kills every process of session SID; true if any was found. */
static int kill_session(pid_t sid)
{
	return kill_where(in_session, sid);
}

/*
 * The grader is a child subreaper: a process that left its session
 * (setsid) and lost its parent comes back to us, and dies here.
 */
static int kill_adopted(void)
{
	return kill_where(child_of, getpid());
}

/* Reaps everything: the child and any orphan the subreaper inherited. */
static void reap_all(void)
{
	for (int round = 0; round < 50 && kill_adopted(); round++) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		usleep(1000);
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* Reaps the children that have ended; true if some are still alive. */
static int have_children(void)
{
	pid_t p;

	while ((p = waitpid(-1, NULL, WNOHANG)) > 0)
		;
	return p == 0;
}

/* Reads what FD has now; false once it is closed (EOF or error). */
static int drain(int fd, struct capture *c)
{
	char buf[65536];
	ssize_t n = read(fd, buf, sizeof buf);

	if (n > 0)
		capture_add(c, buf, (size_t)n);
	return n > 0 || (n < 0 && (errno == EINTR || errno == EAGAIN));
}

/* After the end: take what is buffered, never wait for more. */
static void drain_rest(int fd, struct capture *c)
{
	char buf[65536];
	ssize_t n;

	while (fd >= 0 && (n = read(fd, buf, sizeof buf)) > 0)
		capture_add(c, buf, (size_t)n);
}

static double bound;            /* proc_bound(): 0, or a deadline   */
static int bound_cuts;

void proc_bound(double when)
{
	bound = when;
}

int proc_bound_cuts(void)
{
	return bound_cuts;
}

int proc_run(char *const argv[], const struct limits *lim,
	     struct proc_result *res)
{
	int out[2], results[2] = { -1, -1 };
	struct capture output, records;
	double start = now_seconds();
	int status = 0, done = 0;
	pid_t pid;
	int pidfd;

	memset(res, 0, sizeof *res);
	if (pipe2(out, O_CLOEXEC) != 0 ||
	    (lim->results_fd >= 0 && pipe(results) != 0))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		child(argv, lim, out[1], results[1]);
	close(out[1]);
	if (results[1] >= 0)
		close(results[1]);
	/* Read ends never block: an escaped process may hold a write end. */
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	if (results[0] >= 0)
		fcntl(results[0], F_SETFL, O_NONBLOCK);
	fcntl(results[0], F_SETFD, FD_CLOEXEC);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

	capture_init(&output, lim->output_cap);
	capture_init(&records, 8 << 20);
	struct pollfd fds[3] = {
		{ .fd = out[0], .events = POLLIN },
		{ .fd = results[0], .events = POLLIN },
		{ .fd = pidfd, .events = POLLIN },
	};
	while (!done) {
		double left = lim->wall_seconds - (now_seconds() - start);
		int cut = bound > 0 && bound - now_seconds() < left;

		if (cut)
			left = bound - now_seconds();
		if (left <= 0) {
			res->timed_out = 1;
			bound_cuts += cut;
			kill_session(pid);
			break;
		}
		if (poll(fds, 3, (int)(left * 1000) + 1) < 0 && errno != EINTR)
			break;
		if ((fds[0].revents & (POLLIN | POLLHUP)) && !drain(out[0], &output))
			fds[0].fd = -1;
		if ((fds[1].revents & (POLLIN | POLLHUP)) && !drain(results[0], &records))
			fds[1].fd = -1;
		if (fds[2].revents & POLLIN)
			done = 1;
		if (pidfd < 0 && waitpid(pid, &status, WNOHANG) == pid)
			done = 2;
	}
	/*
	 * Whatever the command left (sleeping children, orphans) dies now.
	 * Its session descends from it, and we are a subreaper: once it is
	 * reaped, every survivor is a child of ours.  No child left means
	 * nothing survived, and /proc need not be searched (the usual case).
	 */
	kill(pid, SIGKILL);
	if (done != 2)
		waitpid(pid, &status, 0);
	if (have_children()) {
		for (int round = 0; round < 50 && kill_session(pid); round++)
			usleep(1000);
		reap_all();
	}
	drain_rest(fds[0].fd, &output);
	drain_rest(fds[1].fd, &records);
	close(out[0]);
	if (results[0] >= 0)
		close(results[0]);
	if (pidfd >= 0)
		close(pidfd);

	res->exited = WIFEXITED(status);
	res->status = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
	res->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	res->output = capture_finish(&output, &res->output_dropped);
	size_t dropped;
	res->results = capture_finish(&records, &dropped);
	res->seconds = now_seconds() - start;
	return 0;
}

void proc_result_free(struct proc_result *r)
{
	free(r->output);
	free(r->results);
	memset(r, 0, sizeof *r);
}
