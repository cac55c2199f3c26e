/*
 * report_tap.c - TAP version 13, as `prove -e cat FILE` reads it.
 *
 *   TAP version 13
 *   1..17
 *   ok 1 - 01-file-mapping: count_small_file
 *     ---
 *     points: 2
 *     max_points: 2
 *     outcome: "passed"
 *     desc: "fm_count_byte counts the newlines of a small text file"
 *     ...
 *   not ok 2 - 01-file-mapping: count_empty_file
 *     ---
 *     points: 0
 *     max_points: 1
 *     outcome: "failed"
 *     desc: "fm_count_byte returns 0 for an empty file, not an error"
 *     message: "..."
 *     hint: "..."
 *     ...
 *
 * Test lines hold only the lab's and the test's names (the kit's, not the
 * student's); everything else is a quoted YAML string (tap.c).  A lab with
 * no record is one failing test, so the plan is never "1..0", which
 * TAP reads as "skip everything" and prove as a pass.  A test is "ok" only
 * if it passed; its outcome, whichever, is the YAML's "outcome" (no SKIP
 * or TODO directive: a test not run still lost its points).  A grade the
 * environment spoiled ends with TAP's own word for it, "Bail out!".
 */
#include "report.h"
#include "tap.h"

static int lab_lines(const struct lab_result *lab)
{
	return lab->ntests == 0 && lab->status != LAB_GRADED ? 1 : lab->ntests;
}

static void yaml_field(FILE *f, const char *key, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	fprintf(f, "  %s: ", key);
	tap_yaml_string(f, value);
	fputc('\n', f);
}

static void test_line(FILE *f, int number, int ok, const char *lab,
		      const char *test)
{
	fprintf(f, "%s %d - ", ok ? "ok" : "not ok", number);
	tap_description(f, lab);
	fputs(": ", f);
	tap_description(f, test);
	fputc('\n', f);
}

static void write_test(FILE *f, int number, const struct lab_result *lab,
		       const struct test_result *t)
{
	int ok = t->outcome == KIT_PASSED;

	test_line(f, number, ok, lab->name, t->name);
	fprintf(f, "  ---\n  points: %d\n  max_points: %d\n",
		ok ? t->points : 0, t->points);
	yaml_field(f, "outcome", report_outcome(lab, t));
	yaml_field(f, "desc", t->desc);
	if (!ok) {
		yaml_field(f, "message", t->message);
		yaml_field(f, "hint", t->hint);
		yaml_field(f, "lab_status", report_lab_status(lab->status));
	}
	fputs("  ...\n", f);
}

static void write_placeholder(FILE *f, int number, const struct lab_result *lab)
{
	test_line(f, number, 0, lab->name, "(lab)");
	fputs("  ---\n", f);
	yaml_field(f, "lab_status", report_lab_status(lab->status));
	yaml_field(f, "message", lab->detail);
	fputs("  ...\n", f);
}

int report_tap(const char *path, const struct grade *g)
{
	FILE *f = fopen(path, "w");
	int plan = 0, number = 0;

	if (f == NULL)
		return -1;
	for (int l = 0; l < g->nlabs; l++)
		plan += lab_lines(&g->labs[l]);
	fprintf(f, "TAP version 13\n1..%d\n", plan);
	for (int l = 0; l < g->nlabs; l++) {
		const struct lab_result *lab = &g->labs[l];

		for (int t = 0; t < lab->ntests; t++)
			write_test(f, ++number, lab, &lab->tests[t]);
		if (lab_lines(lab) > lab->ntests)
			write_placeholder(f, ++number, lab);
	}
	for (int l = 0; l < g->nlabs; l++)
		if (LAB_NOT_GRADED(g->labs[l].status)) {
			fputs("Bail out! ", f);
			tap_description(f, g->labs[l].name);
			fprintf(f, ": %s\n", report_lab_status(g->labs[l].status));
			break;
		}
	return report_close(f);
}
