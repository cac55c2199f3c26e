/*
 * lab.c - a lab is a folder of <kit>/labs/ with a MANIFEST; what it is
 * made of (files, tests, policy) is read from the record the build wrote
 * (common/src/kit_lab.h), never from the folder's files.
 */
#define _GNU_SOURCE
#include "lab.h"
#include "grader.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *lab_record_path(const struct lab *lab, const char *kit_build)
{
	return xasprintf("%s/labs/%s/record", kit_build, lab->name);
}

char *lab_load(struct lab *lab, const char *kit_build)
{
	char *path = lab_record_path(lab, kit_build), why[1024];

	kit_lab_free(&lab->record);
	lab->files = NULL;
	lab->nfiles = 0;
	if (kit_lab_read(path, &lab->record, why, sizeof why) != 0) {
		free(path);
		return xasprintf("the record of %s cannot be used: %s", lab->name,
				 why);
	}
	free(path);
	for (int i = 0; i < lab->record.nfiles; i++) {
		const char *name = lab->record.files[i];

		if (strchr(name, '/') || name[0] == '.')
			return xasprintf("%s/MANIFEST: '%s': a manifest names files "
					 "of the lab folder only", lab->name, name);
	}
	lab->files = lab->record.files;
	lab->nfiles = lab->record.nfiles;
	return NULL;
}

/* "1", "01", "01-file-mapping" and "file-mapping" all select lab 01. */
static int matches(const char *lab, const char *want)
{
	size_t n = strlen(want);
	char *end;
	long num = strtol(want, &end, 10);

	if (strcmp(lab, want) == 0)
		return 1;
	if (*end == '\0' && end != want)
		return atol(lab) == num && lab[0] >= '0' && lab[0] <= '9';
	return strlen(lab) > 3 && strncmp(lab + 3, want, n) == 0 && lab[3 + n] == '\0';
}

static int selected(const char *lab, const char *select)
{
	char *list, *item, *save = NULL;
	int hit = 0;

	if (select == NULL || *select == '\0')
		return 1;
	list = xstrdup(select);
	for (item = strtok_r(list, ", ", &save); item && !hit;
	     item = strtok_r(NULL, ", ", &save))
		hit = matches(lab, item);
	free(list);
	return hit;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct lab *)a)->name, ((const struct lab *)b)->name);
}

struct lab *labs_find(const char *kit, const char *select, int *count)
{
	char *root = xasprintf("%s/labs", kit);
	DIR *d = opendir(root);
	struct dirent *e;
	struct lab *labs = NULL;
	int n = 0;

	if (d == NULL)
		die("%s: no labs folder (is --kit right?)", root);
	while ((e = readdir(d)) != NULL) {
		char *dir = xasprintf("%s/%s", root, e->d_name);
		char *manifest = xasprintf("%s/MANIFEST", dir);
		FILE *f = e->d_name[0] == '.' ? NULL : fopen(manifest, "re");

		free(manifest);
		if (f == NULL || !selected(e->d_name, select)) {
			if (f)
				fclose(f);
			free(dir);
			continue;
		}
		fclose(f);
		labs = realloc(labs, (size_t)(n + 1) * sizeof *labs);
		if (labs == NULL)
			die("out of memory");
		memset(&labs[n], 0, sizeof labs[n]);
		labs[n].name = xstrdup(e->d_name);
		labs[n].dir = dir;
		n++;
	}
	closedir(d);
	free(root);
	if (n == 0)
		die("no lab matches '%s' (labs are folders of labs/ with a MANIFEST)",
		    select ? select : "");
	qsort(labs, (size_t)n, sizeof *labs, by_name);
	*count = n;
	return labs;
}
