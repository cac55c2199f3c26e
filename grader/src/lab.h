/*
 * lab.h - the labs of a kit, and what each one takes from a submission.
 */
#ifndef LAB_H
#define LAB_H

#define LAB_MAX_FILES 16

struct lab {
	char *name;                     /* "01-file-mapping"          */
	char *dir;                      /* <kit>/labs/01-file-mapping */
	char *files[LAB_MAX_FILES];     /* from its MANIFEST          */
	int nfiles;
};

/* The kit's labs, sorted by name; SELECT (NULL: all) is a name, a
 * prefix such as "01" or "1", or a comma-separated list of those. */
struct lab *labs_find(const char *kit, const char *select, int *count);

#endif
