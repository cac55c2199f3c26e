/*
 * report_c50.c - Classroom 50's result.json ("classroom50/result/v1").
 *
 * The contract an autograder hands Classroom 50's runner (its wiki,
 * "Advanced Autograding": the result.json contract):
 *
 *   schema      "classroom50/result/v1"
 *   classroom, assignment, submission, commit, release, review
 *               who and what was graded: the runner gives them to the
 *               autograder in CLASSROOM, ASSIGNMENT, SUBMISSION_TAG,
 *               COMMIT_URL, RELEASE_URL and REVIEW_URL, and checks them
 *               against the repository; written only when set, since the
 *               grader has no other source for them and must not invent one
 *   datetime    when this grade was made (UTC); the runner replaces it with
 *               the graded commit's date, and stamps owner, assignment_type
 *               and graded_at itself
 *   score, max-score   integers, the sums of the tests'
 *   tests[]     test-name, passed, score, max-score; the runner keeps any
 *               other field of a test verbatim: lab, outcome (the word of
 *               kit_record.h: passed, failed, crashed...), output (what the test
 *               checks, and why it failed with a hint, as report_json.c
 *               writes it for Gradescope)
 *
 * The runner reads the file once the autograder has exited, so it is
 * written whole or not at all: a temporary file, then a rename.
 */
#include "kit_lang.h"
#include "report.h"
#include "json.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void field(FILE *f, const char *key, const char *value)
{
	fprintf(f, "\"%s\": ", key);
	json_string(f, value);
	fputs(", ", f);
}

/* KEY from the runner's variable NAME, or from FALLBACK's, if either is set. */
static void identity(FILE *f, const char *key, const char *name,
		     const char *fallback)
{
	const char *value = getenv(name);

	if ((value == NULL || *value == '\0') && fallback != NULL)
		value = getenv(fallback);
	if (value == NULL || *value == '\0')
		return;
	fprintf(f, "  \"%s\": ", key);
	json_string(f, value);
	fputs(",\n", f);
}

static char *test_output(const struct lab_result *lab, const struct test_result *t)
{
	if (t->outcome == KIT_PASSED)
		return xasprintf("%s%s%s", t->desc, t->message ? "\n" : "",
				 t->message ? t->message : "");
	return xasprintf("%s\n%s%s%s%s%s%s%s", t->desc, t->message ? t->message : "",
			 t->hint ? "\n" : "", t->hint ? K_("hint:") : "",
			 t->hint ? " " : "", t->hint ? t->hint : "",
			 lab->detail ? "\n\n" : "", lab->detail ? lab->detail : "");
}

static void write_test(FILE *f, const struct lab_result *lab,
		       const struct test_result *t)
{
	char *name = xasprintf("%s: %s", lab->name, t->name);
	char *output = test_output(lab, t);
	int passed = t->outcome == KIT_PASSED;

	fputs("    {", f);
	field(f, "test-name", name);
	fprintf(f, "\"passed\": %s, \"score\": %d, \"max-score\": %d, ",
		passed ? "true" : "false", passed ? t->points : 0, t->points);
	field(f, "lab", lab->name);
	field(f, "outcome", report_outcome(lab, t));
	fputs("\"output\": ", f);
	json_string(f, output);
	fputc('}', f);
	free(name);
	free(output);
}

static int write_document(FILE *f, const struct grade *g)
{
	time_t now = time(NULL);
	char when[32] = "";
	int first = 1;

	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fputs("{\n  \"schema\": \"classroom50/result/v1\",\n", f);
	identity(f, "classroom", "CLASSROOM", NULL);
	identity(f, "assignment", "ASSIGNMENT", NULL);
	identity(f, "submission", "SUBMISSION_TAG", NULL);
	identity(f, "commit", "COMMIT_URL", NULL);
	identity(f, "release", "RELEASE_URL", NULL);
	/* The runner falls back to the commit when it has no baseline. */
	identity(f, "review", "REVIEW_URL", "COMMIT_URL");
	fprintf(f, "  \"datetime\": \"%s\",\n  \"score\": %d,\n  \"max-score\": %d,\n"
		"  \"execution-time\": %.2f,\n  ", when, g->score, g->max, g->seconds);
	fputs("\"isolation\": ", f);
	json_string(f, g->isolation);
	fputs(",\n  \"tests\": [\n", f);
	for (int l = 0; l < g->nlabs; l++)
		for (int t = 0; t < g->labs[l].ntests; t++) {
			fputs(first ? "" : ",\n", f);
			write_test(f, &g->labs[l], &g->labs[l].tests[t]);
			first = 0;
		}
	fputs(first ? "  ]\n}\n" : "\n  ]\n}\n", f);
	return ferror(f) ? -1 : 0;
}

int report_c50(const char *path, const struct grade *g)
{
	return report_atomic(path, g, write_document);
}
