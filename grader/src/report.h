/*
 * report.h - the writers, all fed by the same struct grade.
 *
 * Every writer that takes a PATH returns -1 if it cannot be written whole
 * (report_close), and the grader then exits 2.  Text that came from
 * student code goes through one escaping module per format (json.c, xml.c,
 * tap.c, csv.c), never straight into the output.  Every writer writes each
 * of a test's outcomes (kit_record.h) in its format's own terms.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "grader.h"

/* For the student at the terminal; COLOR: ANSI colours on.  -1 if OUT
 * could not be written. */
int report_text(FILE *out, const struct grade *g, int color);

/* Gradescope's results.json, written whole or not at all. */
int report_json(const char *path, const struct grade *g);

/* Classroom 50's result.json (classroom50/result/v1), written atomically. */
int report_c50(const char *path, const struct grade *g);

/* For results.json: NOTE (what the submission held) opens its summary,
 * and paths under SUBMISSION are shown relative to it.  Either may be NULL. */
void report_json_context(const char *note, const char *submission);

/* JUnit XML as GitLab and Jenkins read it: one testsuite per lab. */
int report_junit(const char *path, const struct grade *g);

/* TAP version 13, one test line per kit test. */
int report_tap(const char *path, const struct grade *g);

/*
 * The gradebook: a header and one row, "id,<lab>...,total,max,status".
 * REJECTED (NULL if not) says why the submission could not be graded at
 * all; it becomes the status.
 */
int report_csv(const char *path, const struct grade *g, const char *id,
	       const char *rejected);

/* One row per test, "id,lab,test,points,max_points,outcome": item analysis. */
int report_csv_tests(const char *path, const struct grade *g, const char *id);

/* A few words for a lab that was not graded; NULL for LAB_GRADED. */
const char *report_lab_status(enum lab_status s);

/* The word for a test's outcome in the files machines read (CSV, TAP,
 * JUnit's types, Classroom 50): kit_outcome_name's. */
const char *report_outcome(const struct lab_result *lab,
			   const struct test_result *t);

/* The short label of an outcome in the report a student reads (PASS,
 * FAIL, CRASH...), untranslated (KN_): K_() it where it is shown. */
const char *report_outcome_label(enum kit_outcome o);

/* Closes F: 0, or -1 if any write to it failed or the close did. */
int report_close(FILE *f);

/*
 * Writes PATH whole or not at all: WRITE into a new temporary file beside
 * it (mkstemp: no name another process could have planted), flushed to
 * disk, then renamed over PATH; a reader never sees half a file.  0, or -1
 * with errno.
 */
int report_atomic(const char *path, const struct grade *g,
		  int (*write)(FILE *f, const struct grade *g));

#endif
