/*
 * kit_lab.h - one lab's description: the record every consumer reads.
 *
 * The build writes it once per kit, from the lab's own files (common/
 * lab.mk, target "record"): MANIFEST, lab.mk's variables and the tests as
 * compiled (tests --list, kit_main.c).  One fact per line, tab-separated,
 * the first field naming it:
 *
 *   lab             01-file-mapping
 *   file            filemap.c           one line per MANIFEST file
 *   forbidden       @read               one per word of FORBIDDEN_CALLS
 *   ldlib           -lrt                one per word of LAB_LDLIBS
 *   valgrind-costs  0                   VALGRIND_COSTS
 *   test-fields     name points ...     the names of a test line's fields
 *   test            count_small_file 2 ...
 *
 * A test line's fields are read by the names its header gives, so a field
 * can be added without breaking a reader; fields are escaped as in
 * kit_record.h.  "hidden" is where the test is declared (tests/hidden_*.c),
 * never a second fact.  Readers: this file's kit_lab_read (the grader's
 * lab.c and the runner's list.c), common/tools/labinfo.sh for the shell
 * tools (mutants.pl calls it).  Nothing else reads MANIFEST or this file.
 */
#ifndef KIT_LAB_H
#define KIT_LAB_H

#include <stddef.h>

struct kit_test;

struct kit_lab_test {
	char *name, *desc, *hint;       /* desc and hint untranslated; hint
					 * NULL for none */
	int points;
	int hidden;                     /* declared in tests/hidden_*.c   */
	int faults;                     /* faults on purpose              */
	int no_valgrind;                /* valgrind changes what it sees  */
	int signal;                     /* the test must die of it        */
	double timeout;                 /* seconds                        */
};

struct kit_lab {
	char *name;
	char **files;                   /* the student's, from MANIFEST   */
	int nfiles;
	char **forbidden;               /* FORBIDDEN_CALLS, word by word  */
	int nforbidden;
	char **ldlibs;                  /* LAB_LDLIBS, word by word       */
	int nldlibs;
	int valgrind_costs;             /* memcheck's findings cost points */
	struct kit_lab_test *tests;     /* in declaration order           */
	int ntests;
};

/* Reads the record at PATH into LAB: 0, or -1 with why in WHY (SIZE
 * bytes).  A record with no test, or a test line short of a field its
 * header names, is malformed. */
int kit_lab_read(const char *path, struct kit_lab *lab, char *why, size_t size);
void kit_lab_free(struct kit_lab *lab);

/* The test-fields header, then one test line (kit_main.c's --list). */
int kit_lab_write_header(int fd);
int kit_lab_write_test(int fd, const struct kit_test *t, int points,
		       double timeout);

#endif
