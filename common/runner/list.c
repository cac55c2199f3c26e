/*
 * list.c - the lab's tests, from its record (kit_lab.h), and their names.
 */
#define _GNU_SOURCE
#include "kit_lang.h"
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kit_lab_test *runner_read_list(const char *path, int *n)
{
	struct kit_lab lab;
	struct kit_lab_test *tests;
	char why[512];

	if (kit_lab_read(path, &lab, why, sizeof why) != 0) {
		fprintf(stderr, K_("runner: the lab's record cannot be used: %s\n"),
			why);
		return NULL;
	}
	/* The tests are kept to the end of the run; the rest is not needed. */
	tests = lab.tests;
	*n = lab.ntests;
	lab.tests = NULL;
	lab.ntests = 0;
	kit_lab_free(&lab);
	return tests;
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

int runner_check_names(const struct kit_lab_test *tests, int ntests,
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
