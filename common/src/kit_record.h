/*
 * kit_record.h - the line format between a test binary, the runner and
 * the grader, and the one list of a test's outcomes.
 *
 *   R <name> <outcome> <message> <seconds> [<hint>]
 *
 * R lines are the trusted runner's verdicts (common/runner/); <outcome> is
 * one of kit_outcome_name's words; <hint>, when there is one, is the hint
 * the test gave for the check that failed (kit_hint), untranslated, in
 * place of the test's own (a reader of 5 fields ignores it).  The lab's
 * description, its test list included, is another record: kit_lab.h.
 *
 * Fields are separated by tabs, one record per line; backslash, tab, CR,
 * newline and other control bytes inside a field are escaped, so no text a
 * test reports (it may quote student data) can forge a field or a record.
 */
#ifndef KIT_RECORD_H
#define KIT_RECORD_H

#include <stddef.h>

/*
 * What became of one test.  The runner gives the first four; the grader
 * adds the last two, which are no verdict on the student's code: NOT_RUN,
 * the lab was not submitted or did not compile (or the grade ran out of
 * time before this test), and UNGRADABLE, the environment kept the tests
 * from running (exit 2, no score).  Every report writes these six, each
 * in its format's own terms.
 */
enum kit_outcome {
	KIT_PASSED,
	KIT_FAILED,             /* an assertion failed, or a wrong ending  */
	KIT_CRASHED,            /* killed by a signal it did not expect    */
	KIT_TIMED_OUT,          /* stopped at its time limit               */
	KIT_NOT_RUN,
	KIT_UNGRADABLE,
};
#define KIT_OUTCOMES 6

/* "passed", "failed", "crashed", "timed-out", "not-run", "ungradable":
 * the words of R records and of the reports machines read. */
const char *kit_outcome_name(enum kit_outcome o);
int kit_outcome_parse(const char *word, enum kit_outcome *o);

/* A runner's verdict.  MSG and HINT are cut to their size with "..."
 * (kit_record.c): a verdict is read by a person, never parsed. */
struct kit_record {
	const char *name;
	enum kit_outcome outcome;
	char msg[1024];
	double seconds;         /* the test's wall time, fork to verdict */
	char hint[512];         /* the failed check's hint, "" for none  */
};

void kit_record_write(int fd, const struct kit_record *r);

/* Escapes SRC into DST (always terminated, cut with "..." if too long);
 * returns DST. */
char *kit_escape(char *dst, size_t size, const char *src);

/* Escapes SRC whole into a buffer of its own, to free; NULL: out of
 * memory. */
char *kit_escape_dup(const char *src);

/* Splits LINE in place at tabs, unescaping each field; returns the count. */
int kit_split(char *line, char **fields, int max);

/* Writes LINE whole on FD (retrying short writes); -1 if it could not. */
int kit_write_all(int fd, const char *line, size_t len);

#endif
