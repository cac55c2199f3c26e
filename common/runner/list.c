/*
 * list.c - the lab's test list, as the build wrote it (kit_record.h).
 */
#define _GNU_SOURCE
#include "kit_lang.h"
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELDS 9

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

struct runner_test *runner_read_list(const char *path, int *n)
{
	FILE *f = fopen(path, "re");
	struct runner_test *v = NULL;
	char *line = NULL;
	size_t cap = 0;
	int count = 0;

	if (f == NULL) {
		fprintf(stderr, K_("runner: cannot read the test list %s\n"), path);
		return NULL;
	}
	while (getline(&line, &cap, f) > 0) {
		char *fld[FIELDS];
		struct runner_test *t;

		if (kit_split(line, fld, FIELDS) != FIELDS || strcmp(fld[0], "M") != 0)
			continue;
		if ((v = realloc(v, (size_t)(count + 1) * sizeof *v)) == NULL)
			break;
		t = &v[count++];
		t->name = strdup(fld[1]);
		t->points = atoi(fld[2]);
		t->hidden = atoi(fld[3]);
		t->faults = atoi(fld[4]);
		t->signal = atoi(fld[5]);
		t->timeout = atof(fld[6]);
		t->desc = dup_or_null(fld[7]);
		t->hint = dup_or_null(fld[8]);
	}
	free(line);
	fclose(f);
	if (v == NULL || count == 0) {
		fprintf(stderr, K_("runner: the test list %s is empty or malformed\n"),
			path);
		free(v);
		return NULL;
	}
	*n = count;
	return v;
}

/* Levenshtein distance, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), *row = calloc(lb + 1, sizeof *row);
	size_t result;

	if (row == NULL)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	result = row[lb];
	free(row);
	return result;
}

int runner_check_names(const struct runner_test *tests, int ntests,
		       char **names, int nnames)
{
	int bad = 0;

	for (int i = 0; i < nnames; i++) {
		int found = 0, best = -1;
		size_t best_d = (size_t)-1;

		for (int k = 0; k < ntests && !found; k++) {
			size_t d = distance(names[i], tests[k].name);

			found = d == 0;
			if (d < best_d) {
				best_d = d;
				best = k;
			}
		}
		if (found)
			continue;
		bad = 1;
		fprintf(stderr, K_("no test named '%s'"), names[i]);
		if (best >= 0 && best_d <= strlen(names[i]) / 2 + 2)
			fprintf(stderr, K_("; did you mean '%s'?"), tests[best].name);
		fputc('\n', stderr);
	}
	if (bad) {
		fputs(K_("the tests of this lab:"), stderr);
		for (int k = 0; k < ntests; k++)
			fprintf(stderr, " %s", tests[k].name);
		fputc('\n', stderr);
	}
	return bad ? -1 : 0;
}
