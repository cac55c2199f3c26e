/*
 * results.c - stage 4: from the runner's records to a score.
 *
 * The list of tests (names, points) comes from the trusted meta binary;
 * the runner's records only mark tests of that list as passed or failed.
 * A test with no record scored nothing, whatever the binary printed.
 *
 * Descriptions and hints come untranslated (the list is built once, for
 * every language): they are looked up here in the lab's catalogue, named
 * after the lab (common/lab.mk), so every report shows them in the
 * student's language.  The runner's messages come already translated.
 */
#define _GNU_SOURCE
#include "stages.h"
#include "kit_lang.h"
#include "kit_record.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 9

/* A description or hint of RES's tests, in the student's language. */
static char *lab_words(const struct lab_result *res, const char *msgid)
{
	return xstrdup(res->name && *msgid ? dgettext(res->name, msgid) : msgid);
}

int results_read_meta(struct lab_result *res, char *text)
{
	int cap = 16;

	if (res->name)
		kit_lang_bind(res->name);
	res->tests = xcalloc((size_t)cap, sizeof *res->tests);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *f[MAX_FIELDS];
		struct test_result *t;

		if (kit_split(line, f, MAX_FIELDS) != 9 || strcmp(f[0], "M") != 0)
			return -1;
		if (res->ntests == cap) {
			cap *= 2;
			res->tests = realloc(res->tests, (size_t)cap * sizeof *t);
			if (res->tests == NULL)
				die("out of memory");
		}
		t = &res->tests[res->ntests++];
		memset(t, 0, sizeof *t);
		t->name = xstrdup(f[1]);
		t->points = atoi(f[2]);
		t->hidden = atoi(f[3]);
		t->faults = atoi(f[4]);
		t->timeout = atof(f[6]);
		t->desc = lab_words(res, f[7]);
		t->hint = *f[8] ? lab_words(res, f[8]) : NULL;
		t->outcome = MISSING;
	}
	return res->ntests > 0 ? 0 : -1;
}

/* A time every report can write: finite, 0 to a day (JUnit's schema
 * takes no nan or inf, and a gradebook no negative time). */
static double finite_seconds(const char *text)
{
	double s = strtod(text, NULL);

	return isfinite(s) && s > 0 ? (s < 86400 ? s : 86400) : 0;
}

static struct test_result *find(struct lab_result *res, const char *name)
{
	for (int i = 0; i < res->ntests; i++)
		if (strcmp(res->tests[i].name, name) == 0)
			return &res->tests[i];
	return NULL;
}

/*
 * The next result record ("R name status message seconds [hint]") of
 * TEXT, split into F (F[5] is "" without a hint); SAVE keeps strtok_r's
 * place.  Pass TEXT first, then NULL.
 */
static int next_result(char *text, char **save, char *f[6])
{
	for (char *line = strtok_r(text, "\n", save); line;
	     line = strtok_r(NULL, "\n", save)) {
		int n = kit_split(line, f, 6);

		if (n >= 5 && strcmp(f[0], "R") == 0) {
			if (n == 5)
				f[5] = "";
			return 1;
		}
	}
	return 0;
}

void results_read_run(struct lab_result *res, char *text)
{
	char *f[6], *save = NULL;

	for (char *t_ = text; next_result(t_, &save, f); t_ = NULL) {
		enum kit_status status;
		struct test_result *t;

		if ((t = find(res, f[1])) == NULL || t->outcome != MISSING ||
		    kit_status_parse(f[2], &status) != 0)
			continue;
		t->outcome = status == KIT_PASS ? PASSED
			   : status == KIT_FAIL ? FAILED : ERRORED;
		t->message = status == KIT_PASS ? NULL : xstrdup(f[3]);
		t->seconds = finite_seconds(f[4]);
		/* The hint of the check that failed, in place of the test's. */
		if (status != KIT_PASS && *f[5]) {
			free(t->hint);
			t->hint = lab_words(res, f[5]);
		}
	}
}

void results_mark_missing(struct lab_result *res, const char *why)
{
	for (int i = 0; i < res->ntests; i++)
		if (res->tests[i].outcome == MISSING) {
			res->tests[i].outcome = FAILED;
			res->tests[i].message = xstrdup(why);
		}
}

void results_fail_all(struct lab_result *res, const char *why)
{
	for (int i = 0; i < res->ntests; i++) {
		res->tests[i].outcome = FAILED;
		free(res->tests[i].message);
		res->tests[i].message = xstrdup(why);
	}
}

void results_score(struct lab_result *res)
{
	res->score = res->max = 0;
	for (int i = 0; i < res->ntests; i++) {
		res->max += res->tests[i].points;
		if (res->tests[i].outcome == PASSED)
			res->score += res->tests[i].points;
	}
}

void results_read_memcheck(struct lab_result *res, char *text, int costs)
{
	char *f[6], *save = NULL;

	for (char *t_ = text; next_result(t_, &save, f); t_ = NULL) {
		struct test_result *t;

		if (strcmp(f[2], "pass") == 0 || (t = find(res, f[1])) == NULL ||
		    t->outcome != PASSED)
			continue;
		free(t->message);
		t->message = xasprintf(K_("memcheck: valgrind found an invalid "
					  "memory access or a leak in this test%s "
					  "(run `valgrind build/tests %s` in the "
					  "lab folder to see where)"),
				       costs ? "" : K_("; this lab does not take "
						       "points for it"), t->name);
		if (costs)
			t->outcome = FAILED;
	}
}
