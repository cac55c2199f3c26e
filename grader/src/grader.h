/*
 * grader.h - what every stage of the grader passes to the next.
 *
 * The pipeline, one file per stage:
 *   lab.c      find the kit's labs and read their records (kit_lab.h)
 *   collect.c  take the manifest's files, and only those, from a submission
 *   build.c    build the record, then compile the files against the
 *              trusted tests with common/lab.mk
 *   run.c      run the test binary, bounded in time, output and resources
 *   results.c  turn the runner's records into per-test results
 *   report_*.c write what the student, the instructor and CI read
 */
#ifndef GRADER_H
#define GRADER_H

#include <stddef.h>
#include <sys/types.h>

/* A test's outcome is kit_record.h's enum kit_outcome: one list of
 * outcomes, from the runner's records to every report. */
#include "kit_record.h"

struct test_result {
	char *name;
	char *desc;
	char *hint;
	int points;             /* what it is worth                        */
	int hidden;             /* instructor-only test                    */
	int faults;             /* faults on purpose, or valgrind changes
				 * what it sees: memcheck skips it         */
	double timeout;         /* seconds                                 */
	double seconds;         /* how long it ran, as the runner timed it */
	enum kit_outcome outcome;
	char *message;          /* why it did not pass; or memcheck's note */
};

enum lab_status {
	LAB_GRADED,             /* the tests ran (some may have failed)    */
	LAB_NO_SUBMISSION,      /* a manifest file is missing or invalid   */
	LAB_BUILD_FAILED,       /* the student's files did not compile     */
	LAB_OUT_OF_TIME,        /* the grade's time budget (--budget) ran
				 * out before this lab: its tests score 0,
				 * the time was the student's code's      */
	LAB_KIT_ERROR,          /* the kit itself is broken: not a grade   */
	LAB_UNGRADABLE,         /* the environment kept the tests from
				 * running (sandbox, exec, disk): not a
				 * grade, and never the student's 0        */
};

/* A lab with no grade at all: the grader exits 2 and scores nothing. */
#define LAB_NOT_GRADED(s) ((s) == LAB_KIT_ERROR || (s) == LAB_UNGRADABLE)

struct lab_result {
	char *name;             /* "01-file-mapping"                       */
	enum lab_status status;
	char *detail;           /* compiler output, missing file, ...      */
	char *output;           /* what the tests printed (capped)         */
	size_t output_cut;      /* bytes of it cut from the middle (proc.c) */
	struct test_result *tests;
	int ntests;
	int score, max;
	double seconds;
};

struct grade {
	struct lab_result *labs;
	int nlabs;
	int score, max;
	double seconds;
	const char *isolation;  /* what kept student code in check         */
};

/* Small helpers used by every stage (util.c). */
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
double now_seconds(void);
int mkdirs(const char *path);
int copy_file(const char *from, const char *to, mode_t mode);

/* PATH itself, or a stable link to it that make can read (makepath.c). */
char *make_path(const char *path);
void remove_tree(const char *path);
char *read_file(const char *path);
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
