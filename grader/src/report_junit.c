/*
 * report_junit.c - JUnit XML for GitLab and Jenkins.
 *
 *   <testsuites name tests failures errors time>
 *     <testsuite name="01-file-mapping" tests failures errors skipped time>
 *       <properties> score, max_score, status </properties>
 *       <testcase classname="01-file-mapping" name="count_empty_file" time>
 *         <failure message="first line of why" type="failure">why,
 *           hint, points</failure>
 *       </testcase>
 *       <system-out> what the tests printed </system-out>
 *       <system-err> why the lab was not graded (compiler output...) </system-err>
 *
 * Each outcome in JUnit's terms: a test that failed is a <failure
 * type="failed">; one that crashed, timed out or could not be graded (the
 * environment's fault) an <error> of that type; one that was not run (the
 * lab was not submitted or did not compile) is <skipped>, counted as such,
 * its lost points said in the suite's properties.  A testcase's time is the
 * one the trusted runner measured (0 for a test that left no result); the
 * suite's is the lab's, build included.
 * The schema this output is checked against: grader/tests/junit.xsd.
 */
#include "kit_lang.h"
#include "report.h"
#include "xml.h"

#include <stdlib.h>
#include <string.h>

#define MESSAGE_MAX 200

struct counts {
	int tests, failures, errors, skipped;
};

/* The element of a testcase that did not pass. */
static const char *element(enum kit_outcome o)
{
	switch (o) {
	case KIT_FAILED: return "failure";
	case KIT_NOT_RUN: return "skipped";
	case KIT_PASSED: return NULL;
	default: return "error";
	}
}

static struct counts count_lab(const struct lab_result *lab)
{
	struct counts c = { .tests = lab->ntests };

	for (int i = 0; i < lab->ntests; i++) {
		const char *e = element(lab->tests[i].outcome);

		c.failures += e && strcmp(e, "failure") == 0;
		c.errors += e && strcmp(e, "error") == 0;
		c.skipped += e && strcmp(e, "skipped") == 0;
	}
	if (lab->ntests == 0 && lab->status != LAB_GRADED)
		c.tests = c.errors = 1;         /* see write_placeholder */
	return c;
}

/* The first line of TEXT, cut to a length a CI page shows in one line. */
static char *first_line(const char *text)
{
	size_t n = strcspn(text ? text : "", "\n");
	char *line;

	if (n > MESSAGE_MAX) {
		n = MESSAGE_MAX;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;            /* not in the middle of a character */
	}
	line = xcalloc(n + 1, 1);
	memcpy(line, text ? text : "", n);
	return line;
}

static void write_failure(FILE *f, const struct lab_result *lab,
			  const struct test_result *t)
{
	const char *tag = element(t->outcome);
	char *message = first_line(t->message);

	fprintf(f, "      <%s message=\"", tag);
	xml_attr(f, message);
	if (t->outcome == KIT_NOT_RUN)
		fputs("\">", f);       /* <skipped> has no type */
	else
		fprintf(f, "\" type=\"%s\">", report_outcome(lab, t));
	xml_text(f, t->desc);
	fputc('\n', f);
	xml_text(f, t->message);
	if (t->hint) {
		fputc('\n', f);
		xml_text(f, K_("hint:"));       /* a translation is text too */
		fputc(' ', f);
		xml_text(f, t->hint);
	}
	fprintf(f, "\n0/%d points</%s>\n", t->points, tag);
	free(message);
}

/* NAME, or NAME (2), NAME (3)... if an earlier test of the lab had it. */
static char *unique_name(const struct lab_result *lab, int index)
{
	int seen = 1;

	for (int i = 0; i < index; i++)
		seen += strcmp(lab->tests[i].name, lab->tests[index].name) == 0;
	return seen == 1 ? xstrdup(lab->tests[index].name)
			 : xasprintf("%s (%d)", lab->tests[index].name, seen);
}

static void write_testcase(FILE *f, const struct lab_result *lab, int index)
{
	const struct test_result *t = &lab->tests[index];
	char *name = unique_name(lab, index);

	fputs("    <testcase classname=\"", f);
	xml_attr(f, lab->name);
	fputs("\" name=\"", f);
	xml_attr(f, name);
	fprintf(f, "\" time=\"%.3f\"", t->seconds);
	if (t->outcome == KIT_PASSED) {
		fputs("/>\n", f);
	} else {
		fputs(">\n", f);
		write_failure(f, lab, t);
		fputs("    </testcase>\n", f);
	}
	free(name);
}

/* A lab whose record could not even be read still shows up, as an error. */
static void write_placeholder(FILE *f, const struct lab_result *lab)
{
	const char *status = report_lab_status(lab->status);

	fputs("    <testcase classname=\"", f);
	xml_attr(f, lab->name);
	fputs("\" name=\"(lab)\" time=\"0\">\n      <error message=\"", f);
	xml_attr(f, status);
	fputs("\" type=\"kit-error\">", f);
	xml_text(f, lab->detail);
	fputs("</error>\n    </testcase>\n", f);
}

static void write_property(FILE *f, const char *name, const char *value)
{
	fprintf(f, "      <property name=\"%s\" value=\"", name);
	xml_attr(f, value);
	fputs("\"/>\n", f);
}

static void write_properties(FILE *f, const struct lab_result *lab)
{
	char *score = xasprintf("%d", lab->score);
	char *max = xasprintf("%d", lab->max);
	const char *status = report_lab_status(lab->status);

	fputs("    <properties>\n", f);
	write_property(f, "score", score);
	write_property(f, "max_score", max);
	write_property(f, "status", status ? status : "graded");
	fputs("    </properties>\n", f);
	free(score);
	free(max);
}

static void write_suite(FILE *f, const struct lab_result *lab)
{
	struct counts c = count_lab(lab);

	fputs("  <testsuite name=\"", f);
	xml_attr(f, lab->name);
	fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" "
		"time=\"%.3f\">\n", c.tests, c.failures, c.errors, c.skipped,
		lab->seconds);
	write_properties(f, lab);
	for (int i = 0; i < lab->ntests; i++)
		write_testcase(f, lab, i);
	if (lab->ntests == 0 && lab->status != LAB_GRADED)
		write_placeholder(f, lab);
	if (lab->output && *lab->output) {
		fputs("    <system-out>", f);
		xml_text(f, lab->output);
		fputs("</system-out>\n", f);
	}
	if (lab->detail && *lab->detail) {
		fputs("    <system-err>", f);
		xml_text(f, lab->detail);
		fputs("</system-err>\n", f);
	}
	fputs("  </testsuite>\n", f);
}

int report_junit(const char *path, const struct grade *g)
{
	FILE *f = fopen(path, "w");
	struct counts all = { 0 };

	if (f == NULL)
		return -1;
	for (int l = 0; l < g->nlabs; l++) {
		struct counts c = count_lab(&g->labs[l]);

		all.tests += c.tests;
		all.failures += c.failures;
		all.errors += c.errors;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"mmap lab kit\" tests=\"%d\" failures=\"%d\" "
		"errors=\"%d\" time=\"%.3f\">\n", all.tests, all.failures,
		all.errors, g->seconds);
	for (int l = 0; l < g->nlabs; l++)
		write_suite(f, &g->labs[l]);
	fputs("</testsuites>\n", f);
	return report_close(f);
}
