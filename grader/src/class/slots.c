/*
 * slots.c - J students graded at once, each job slot on a processor.
 *
 * Each student is a process of its own, which becomes its grader: one
 * grader that crashes ends that student's grade, never the class's.  With
 * no more slots than processors, each slot's grader and all it starts stay
 * on a processor of their own (sched_setaffinity, inherited across fork
 * and exec).  Left to the scheduler, the many short processes of two
 * graders often queue on one processor while the other idles (20 students
 * at J=2 on 2 processors: 5.0 s, pinned 4.6 s), and a student's busy loop
 * could slow a neighbour into a timeout.  As root, each grader also runs
 * its tests as a user of its own (grader/src/uids.c), whose process limit
 * is its own: a fork bomb in one slot never starves the forks of another;
 * and, where one can be made, in a memory cgroup of its own (cgroup.c).
 */
#define _GNU_SOURCE
#include "class.h"
#include "grader.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct slot {
	pid_t pid;              /* 0: free                                 */
	int student;
	int cpu;                /* -1: not pinned                          */
};

/* The processor of each of JOBS slots, or -1 each when they outnumber
 * the processors this process may use. */
static void plan_cpus(struct slot *slots, int jobs)
{
	cpu_set_t allowed;
	int n = 0;

	for (int i = 0; i < jobs; i++)
		slots[i].cpu = -1;
	if (sched_getaffinity(0, sizeof allowed, &allowed) != 0 ||
	    jobs > CPU_COUNT(&allowed))
		return;
	for (int cpu = 0; cpu < CPU_SETSIZE && n < jobs; cpu++)
		if (CPU_ISSET(cpu, &allowed))
			slots[n++].cpu = cpu;
}

static void pin(int cpu)
{
	cpu_set_t one;

	if (cpu < 0)
		return;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	/* Not pinned is slower, not wrong: grade all the same. */
	sched_setaffinity(0, sizeof one, &one);
}

/* On a terminal: "  3/40 graded, 0:42 elapsed, about 8:24 left". */
static void progress(int done, int total, double start)
{
	long elapsed = (long)(now_seconds() - start);
	char estimate[40];

	if (!isatty(STDERR_FILENO))
		return;
	if (done == 0) {
		snprintf(estimate, sizeof estimate, "time left unknown yet");
	} else {
		long left = elapsed * (total - done) / done;

		snprintf(estimate, sizeof estimate, "about %ld:%02ld left",
			 left / 60, left % 60);
	}
	fprintf(stderr, "\r  %d/%d graded, %ld:%02ld elapsed, %-22s", done, total,
		elapsed / 60, elapsed % 60, estimate);
	if (done == total)
		fputc('\n', stderr);
}

static void start(const struct class *c, struct slot *slot,
		  const struct student *students, int i)
{
	pid_t pid;

	/* Buffered output would be written twice, by the child too. */
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		die("cannot start a grader: %s", strerror(errno));
	if (pid == 0) {
		pin(slot->cpu);
		student_grade(c, &students[i]);
	}
	slot->pid = pid;
	slot->student = i;
}

void slots_run(const struct class *c, struct student *students, int n)
{
	struct slot *slots = xcalloc((size_t)c->jobs, sizeof *slots);
	int next = 0, running = 0, done = 0;
	double begun = now_seconds();

	plan_cpus(slots, c->jobs);
	progress(0, n, begun);
	while (next < n || running > 0) {
		int status;
		pid_t pid;

		for (int s = 0; s < c->jobs && next < n; s++)
			if (slots[s].pid == 0) {
				start(c, &slots[s], students, next++);
				running++;
			}
		pid = waitpid(-1, &status, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			die("lost track of the graders: %s", strerror(errno));
		for (int s = 0; s < c->jobs; s++)
			if (slots[s].pid == pid) {
				student_finish(c, &students[slots[s].student], status);
				slots[s].pid = 0;
				running--;
				progress(++done, n, begun);
			}
	}
	free(slots);
}
