/*
 * platform.h - the bounds a grading platform sets (Gradescope: a container
 * of 768 MB stopped after 10 minutes, by default), read as the kit's own.
 *
 * Time (--budget SECONDS).  A platform that stops the grader at a fixed time (Gradescope: 10 minutes
 * by default) must still get a score for every lab.  The labs share what
 * is left: when a lab's tests start, they may run until a fair share of
 * the time left (the time left over the labs left), so a lab whose tests
 * all block takes its share and no more, and a lab that ends early leaves
 * its time to the next ones.  A build is never cut (a cut build would read
 * as a compile error); a lab that finds no time left is not graded.
 */
#ifndef PLATFORM_H
#define PLATFORM_H

#include "stages.h"

/* The budget starts now; SECONDS <= 0: no budget, every call does nothing. */
void budget_start(double seconds);

/* True when too little time is left to grade one more lab. */
int budget_spent(void);

/* The next lab is one of LABS_LEFT (itself included). */
void budget_lab(int labs_left);

/*
 * Around the lab's test runs: bound them by the lab's share, then not.
 *
 * Memory.  No rlimit can keep a test below the container's memory (two
 * labs map 1 GiB on purpose, touching little of it), so a test that fills
 * the container is killed by the kernel (SIGKILL) and the kit survives it.
 * budget_tests_end() then says why: the kernel's count of such kills in
 * the grader's cgroup (memory.events, or memory.oom_control in cgroup v1)
 * rose during the lab's tests, and the cgroup's limit is told.
 */
void budget_tests_begin(void);
void budget_tests_end(struct lab_result *res);

/* RES lists LAB's tests, none run, each with OUTCOME and saying WHY, the
 * lab with STATUS: a lab not graded yet (KIT_UNGRADABLE, LAB_UNGRADABLE),
 * or one for which no time was left (KIT_NOT_RUN, LAB_OUT_OF_TIME). */
void budget_pending(const struct context *ctx, struct lab *lab,
		    struct lab_result *res, const char *why,
		    enum kit_outcome outcome, enum lab_status status);

#endif
