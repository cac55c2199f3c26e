/*
 * report_json.c - Gradescope's results.json.
 *
 * Top level: score, max_score, execution_time, output, tests[].  One test
 * entry per kit test: name "<lab>: <test>", score, max_score, status
 * (passed/failed: Gradescope has no other), extra_data.outcome (the
 * outcome's word, kit_record.h), output (what it checks, and why it
 * failed), visibility.
 *
 * Hidden tests are "after_due_date".  Gradescope then hides the student's
 * total until the due date ("If test cases are hidden, students will not
 * be able to see their total score", its specification), but the
 * top-level output is always shown: it is written from the visible tests
 * alone, and says only how many hidden tests there are and what they are
 * worth.  The top-level score stays the whole score: it is the grade the
 * instructor gets.  The grader's stdout, which names every test, stays
 * hidden ("stdout_visibility").
 *
 * The file is written whole or not at all (a temporary file, then a
 * rename), so that a grader stopped at any moment leaves the last
 * complete results.json: main.c writes it after each lab.
 */
#define _GNU_SOURCE
#include "kit_lang.h"
#include "report.h"
#include "json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *json_note;   /* what the submission held (--note)     */
static const char *json_strip;  /* the submission's folder, not shown    */

void report_json_context(const char *note, const char *submission)
{
	json_note = note;
	json_strip = submission;
}

/* TEXT with the submission's folder taken out of its paths: a student
 * reads "01-file-mapping/filemap.c", not where the grader put it. */
static char *shown(const char *text)
{
	size_t n = json_strip ? strlen(json_strip) : 0;
	char *out = xstrdup(text ? text : ""), *p = out;

	while (n > 0 && (p = strstr(p, json_strip)) != NULL) {
		size_t cut = n + (p[n] == '/');

		memmove(p, p + cut, strlen(p + cut) + 1);
	}
	return out;
}

static void field(FILE *f, const char *key, const char *value, int comma)
{
	char *text = shown(value);

	fprintf(f, "\"%s\": ", key);
	json_string(f, text);
	if (comma)
		fputs(", ", f);
	free(text);
}

/* "hint: ..." in the report's language (the text report's word). */
static const char *hint_line(const char *hint)
{
	static char *line;

	free(line);
	line = xasprintf("%s %s", K_("hint:"), hint);
	return line;
}

static char *test_output(const struct lab_result *lab, const struct test_result *t)
{
	if (t->outcome == KIT_PASSED)
		return xasprintf("%s%s%s", t->desc, t->message ? "\n" : "",
				 t->message ? t->message : "");
	return xasprintf("%s\n%s%s%s%s%s", t->desc, t->message ? t->message : "",
			 t->hint ? "\n" : "", t->hint ? hint_line(t->hint) : "",
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

struct tally { int score, max, hidden_tests, hidden_max; };

static struct tally visible_tally(const struct lab_result *lab)
{
	struct tally v = { 0 };

	for (int t = 0; t < lab->ntests; t++) {
		const struct test_result *r = &lab->tests[t];

		if (r->hidden) {
			v.hidden_tests++;
			v.hidden_max += r->points;
			continue;
		}
		v.max += r->points;
		if (r->outcome == KIT_PASSED)
			v.score += r->points;
	}
	return v;
}

/* The first line of TEXT. */
static void first_line(FILE *out, const char *text)
{
	size_t n = strcspn(text, "\n");

	fprintf(out, "%.*s", (int)n, text);
}

/* The always-visible summary: nothing in it depends on a hidden test. */
static char *summary(const struct grade *g)
{
	struct tally all = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (out == NULL)
		die("out of memory");
	if (json_note && *json_note)
		fprintf(out, "%s\n", json_note);
	for (int l = 0; l < g->nlabs; l++) {
		struct tally v = visible_tally(&g->labs[l]);

		all.score += v.score;
		all.max += v.max;
		all.hidden_tests += v.hidden_tests;
		all.hidden_max += v.hidden_max;
	}
	if (all.hidden_tests)
		fprintf(out, K_("Visible tests: %d/%d points. Hidden tests: %d more, "
				"worth %d points; their results and your total appear "
				"after the due date.\n"), all.score, all.max,
			all.hidden_tests, all.hidden_max);
	else
		fprintf(out, K_("Score: %d/%d points.\n"), all.score, all.max);
	for (int l = 0; l < g->nlabs; l++) {
		const struct lab_result *lab = &g->labs[l];
		struct tally v = visible_tally(lab);
		const char *status = report_lab_status(lab->status);

		fprintf(out, "  %s: %d/%d%s", lab->name, v.score, v.max,
			v.hidden_tests ? K_(" (visible tests)") : "");
		if (status)
			fprintf(out, ", %s", status);
		/* Why, when it is about the files or the time: never a
		 * test's result, never the compiler's pages. */
		if (lab->detail && lab->status != LAB_BUILD_FAILED) {
			fputs(": ", out);
			first_line(out, lab->detail);
		}
		fputc('\n', out);
	}
	fprintf(out, K_("Isolation: %s."), g->isolation ? g->isolation : K_("none"));
	if (fclose(out) != 0)
		die("out of memory");
	return text;
}

static int write_all(FILE *f, const struct grade *g)
{
	int first = 1, score = 0, max = 0;
	char *text = summary(g);

	for (int l = 0; l < g->nlabs; l++)
		for (int t = 0; t < g->labs[l].ntests; t++) {
			const struct test_result *r = &g->labs[l].tests[t];

			max += r->points;
			score += r->outcome == KIT_PASSED ? r->points : 0;
		}
	fprintf(f, "{\n  \"score\": %d,\n  \"max_score\": %d,\n"
		"  \"execution_time\": %.2f,\n  ", score, max, g->seconds);
	field(f, "output", text, 0);
	fputs(",\n  \"output_format\": \"text\",\n"
	      "  \"stdout_visibility\": \"hidden\",\n  \"tests\": [\n", f);
	for (int l = 0; l < g->nlabs; l++)
		for (int t = 0; t < g->labs[l].ntests; t++) {
			fputs(first ? "" : ",\n", f);
			write_test(f, &g->labs[l], l, t);
			first = 0;
		}
	fputs("\n  ]\n}\n", f);
	free(text);
	return ferror(f) ? -1 : 0;
}

int report_json(const char *path, const struct grade *g)
{
	return report_atomic(path, g, write_all);
}
