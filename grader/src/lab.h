/*
 * lab.h - the labs of a kit, and what each one takes from a submission.
 */
#ifndef LAB_H
#define LAB_H

#include "kit_lab.h"

struct lab {
	char *name;                     /* "01-file-mapping"          */
	char *dir;                      /* <kit>/labs/01-file-mapping */
	/* From the lab's record (kit_lab.h), once lab_load has read it: */
	char **files;                   /* the student's files        */
	int nfiles;
	struct kit_lab record;          /* its tests and its policy   */
};

/* The kit's labs, sorted by name; SELECT (NULL: all) is a name, a
 * prefix such as "01" or "1", or a comma-separated list of those.  Only
 * names and folders: lab_load reads the rest once the record is built. */
struct lab *labs_find(const char *kit, const char *select, int *count);

/* Reads LAB's record from KIT_BUILD (<kit build>/labs/<lab>/record, which
 * build_record writes); NULL, or why it cannot be used (a broken kit). */
char *lab_load(struct lab *lab, const char *kit_build);

/* Where LAB's record is in KIT_BUILD. */
char *lab_record_path(const struct lab *lab, const char *kit_build);

#endif
