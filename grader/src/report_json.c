/*
 * report_json.c - Gradescope's results.json.
 *
 * Top level: score, max_score, execution_time, output, tests[].  One test
 * entry per kit test: name "<lab>: <test>", score, max_score, status
 * (passed/failed: Gradescope has no other), extra_data.outcome (the
 * outcome's word, kit_record.h), output (what it checks, and why it
 * failed), visibility (hidden tests show after the due date).
 */
#include "report.h"
#include "json.h"

#include <stdlib.h>

static void field(FILE *f, const char *key, const char *value, int comma)
{
	fprintf(f, "\"%s\": ", key);
	json_string(f, value);
	if (comma)
		fputs(", ", f);
}

static char *test_output(const struct lab_result *lab, const struct test_result *t)
{
	if (t->outcome == KIT_PASSED)
		return xasprintf("%s%s%s", t->desc, t->message ? "\n" : "",
				 t->message ? t->message : "");
	return xasprintf("%s\n%s%s%s%s%s", t->desc, t->message ? t->message : "",
			 t->hint ? "\nHint: " : "", t->hint ? t->hint : "",
			 lab->detail ? "\n\n" : "", lab->detail ? lab->detail : "");
}

static void write_test(FILE *f, const struct lab_result *lab, int li, int ti)
{
	const struct test_result *t = &lab->tests[ti];
	char *name = xasprintf("%s: %s", lab->name, t->name);
	char *number = xasprintf("%d.%d", li + 1, ti + 1);
	char *output = test_output(lab, t);

	fputs("    {", f);
	field(f, "name", name, 1);
	field(f, "number", number, 1);
	fprintf(f, "\"score\": %d, \"max_score\": %d, ",
		t->outcome == KIT_PASSED ? t->points : 0, t->points);
	field(f, "status", t->outcome == KIT_PASSED ? "passed" : "failed", 1);
	/* Gradescope knows two statuses; the outcome is kept in its words. */
	fputs("\"extra_data\": {", f);
	field(f, "outcome", report_outcome(lab, t), 0);
	fputs("}, ", f);
	field(f, "output", output, 1);
	field(f, "visibility", t->hidden ? "after_due_date" : "visible", 0);
	fputs("}", f);
	free(name);
	free(number);
	free(output);
}

int report_json(const char *path, const struct grade *g)
{
	FILE *f = fopen(path, "w");
	int first = 1;
	char *summary;

	if (f == NULL)
		return -1;
	summary = xasprintf("%d/%d points. Isolation: %s.", g->score, g->max,
			    g->isolation);
	fprintf(f, "{\n  \"score\": %d,\n  \"max_score\": %d,\n"
		"  \"execution_time\": %.2f,\n  ", g->score, g->max, g->seconds);
	field(f, "output", summary, 0);
	fputs(",\n  \"tests\": [\n", f);
	for (int l = 0; l < g->nlabs; l++)
		for (int t = 0; t < g->labs[l].ntests; t++) {
			fputs(first ? "" : ",\n", f);
			write_test(f, &g->labs[l], l, t);
			first = 0;
		}
	fputs("\n  ]\n}\n", f);
	free(summary);
	return report_close(f);
}
