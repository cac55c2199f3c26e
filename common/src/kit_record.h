/*
 * kit_record.h - the line format between a test binary and the grader.
 *
 *   M <name> <points> <hidden> <faults> <signal> <timeout> <desc> <hint>
 *   R <name> <pass|fail|error> <message> <seconds> [<hint>]
 *
 * M lines are the lab's test list, written once by the build (<faults> is
 * 1 for a test that valgrind must skip); R lines are the trusted runner's
 * verdicts (common/runner/); <hint>, when there is one, is the hint the
 * test gave for the check that failed (kit_hint), untranslated, in place
 * of the test's own (a reader of 5 fields ignores it).
 *
 * Fields are separated by tabs, one record per line; backslash, tab, CR,
 * newline and other control bytes inside a field are escaped, so no text a
 * test reports (it may quote student data) can forge a field or a record.
 */
#ifndef KIT_RECORD_H
#define KIT_RECORD_H

#include <stddef.h>

enum kit_status { KIT_PASS, KIT_FAIL, KIT_ERROR };

struct kit_record {
	const char *name;
	enum kit_status status;
	char msg[1024];
	double seconds;         /* the test's wall time, fork to verdict */
	char hint[512];         /* the failed check's hint, "" for none  */
};

struct kit_test;

void kit_record_write(int fd, const struct kit_record *r);
void kit_meta_write(int fd, const struct kit_test *t, int points, double timeout);

const char *kit_status_name(enum kit_status s);
int kit_status_parse(const char *word, enum kit_status *s);

/* Escapes SRC into DST (always terminated); returns DST. */
char *kit_escape(char *dst, size_t size, const char *src);

/* Splits LINE in place at tabs, unescaping each field; returns the count. */
int kit_split(char *line, char **fields, int max);

#endif
