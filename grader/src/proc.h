/*
 * proc.h - running a command with bounds: time, output size, resources.
 */
#ifndef PROC_H
#define PROC_H

#include <stddef.h>

struct limits {
	double wall_seconds;    /* killed (whole session) past this        */
	size_t output_cap;      /* bytes of stdout+stderr kept (head+tail) */
	long cpu_seconds;       /* RLIMIT_CPU, 0: unlimited                */
	long address_space;     /* RLIMIT_AS in bytes, 0: unlimited        */
	long processes;         /* RLIMIT_NPROC, 0: unlimited              */
	long file_size;         /* RLIMIT_FSIZE in bytes, 0: unlimited     */
	long open_files;        /* RLIMIT_NOFILE, 0: unchanged             */
	int results_fd;         /* >= 0: a pipe appears at this fd number  */
	const char *cwd;        /* working directory, NULL: unchanged      */
	unsigned uid, gid;      /* become this user first (0: unchanged)   */
	char *const *env;       /* environment, NULL: inherited            */
};

struct proc_result {
	int exited;             /* exited normally, with status            */
	int status;
	int signal;             /* killed by this signal                   */
	int timed_out;          /* we killed it at the wall-clock bound    */
	char *output;           /* captured stdout+stderr (head ... tail)  */
	size_t output_dropped;  /* bytes cut from the middle               */
	char *results;          /* what arrived on results_fd              */
	double seconds;
};

/* Runs ARGV to completion under LIMITS; never fails silently. */
int proc_run(char *const argv[], const struct limits *limits,
	     struct proc_result *out);
void proc_result_free(struct proc_result *r);

/*
 * From now on no command runs past WHEN (now_seconds()'s clock), whatever
 * its own bound; 0 lifts this.  A command cut by it has timed_out set, and
 * proc_bound_cuts() counts them: the grade's time budget (platform.c).
 */
void proc_bound(double when);
int proc_bound_cuts(void);

#endif
