/*
 * report_csv.c - grades for gradebooks and spreadsheets.
 *
 * The gradebook file is a header and one row per submission:
 *
 *   id,01-file-mapping,02-anonymous,total,max,status
 *   alice,34,12,46,60,incomplete: 02-anonymous does not compile
 *
 * so that the rows of a whole class, graded one by one, concatenate under
 * one header.  The tests file has one row per test of the submission, for
 * item analysis (which tests most students fail):
 *
 *   id,lab,test,points,max_points,outcome
 *   alice,01-file-mapping,count_empty_file,0,1,failed
 */
#include "report.h"
#include "csv.h"

#include <stdlib.h>
#include <string.h>

/* "graded", or what kept some labs from being graded. */
static char *status_of(const struct grade *g, const char *rejected)
{
	char *status = NULL;

	if (rejected)
		return xasprintf("rejected: %s", rejected);
	for (int l = 0; l < g->nlabs; l++) {
		const char *why = report_lab_status(g->labs[l].status);
		char *longer;

		if (why == NULL)
			continue;
		longer = xasprintf("%s%s%s %s", status ? status : "incomplete: ",
				   status ? "; " : "", g->labs[l].name, why);
		free(status);
		status = longer;
	}
	return status ? status : xstrdup("graded");
}

static void write_header(FILE *f, const struct grade *g)
{
	fputs("id", f);
	for (int l = 0; l < g->nlabs; l++) {
		fputc(',', f);
		csv_field(f, g->labs[l].name);
	}
	fputs(",total,max,status\n", f);
}

int report_csv(const char *path, const struct grade *g, const char *id,
	       const char *rejected)
{
	FILE *f = fopen(path, "w");
	char *status = status_of(g, rejected);

	if (f == NULL) {
		free(status);
		return -1;
	}
	write_header(f, g);
	csv_field(f, id);
	for (int l = 0; l < g->nlabs; l++)
		fprintf(f, ",%d", g->labs[l].score);
	fprintf(f, ",%d,%d,", g->score, g->max);
	csv_field(f, status);
	fputc('\n', f);
	free(status);
	return report_close(f);
}

int report_csv_tests(const char *path, const struct grade *g, const char *id)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fputs("id,lab,test,points,max_points,outcome\n", f);
	for (int l = 0; l < g->nlabs; l++) {
		const struct lab_result *lab = &g->labs[l];

		for (int i = 0; i < lab->ntests; i++) {
			const struct test_result *t = &lab->tests[i];

			csv_field(f, id);
			fputc(',', f);
			csv_field(f, lab->name);
			fputc(',', f);
			csv_field(f, t->name);
			fprintf(f, ",%d,%d,%s\n", t->outcome == KIT_PASSED ? t->points : 0,
				t->points, report_outcome(lab, t));
		}
	}
	return report_close(f);
}
