/*
 * results.c - stage 4: from the runner's records to a score.
 *
 * The list of tests (names, points) comes from the lab's record, which the
 * build wrote from a binary without student code; the runner's records
 * only give tests of that list an outcome.  A test with no record scored
 * nothing, whatever the binary printed.
 *
 * Descriptions and hints come untranslated (the record is built once, for
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

/* A description or hint of RES's tests, in the student's language. */
static char *lab_words(const struct lab_result *res, const char *msgid)
{
	return xstrdup(res->name && *msgid ? dgettext(res->name, msgid) : msgid);
}

void results_init(struct lab_result *res, const struct lab *lab)
{
	const struct kit_lab *rec = &lab->record;

	if (res->name)
		kit_lang_bind(res->name);
	res->ntests = rec->ntests;
	res->tests = xcalloc((size_t)rec->ntests, sizeof *res->tests);
	for (int i = 0; i < rec->ntests; i++) {
		const struct kit_lab_test *from = &rec->tests[i];
		struct test_result *t = &res->tests[i];

		t->name = xstrdup(from->name);
		t->points = from->points;
		t->hidden = from->hidden;
		t->faults = from->faults || from->no_valgrind;
		t->timeout = from->timeout;
		t->desc = lab_words(res, from->desc);
		t->hint = from->hint ? lab_words(res, from->hint) : NULL;
		t->outcome = KIT_NOT_RUN;
	}
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
		enum kit_outcome outcome;
		struct test_result *t;

		/* The runner gives the first four outcomes only. */
		if ((t = find(res, f[1])) == NULL || t->outcome != KIT_NOT_RUN ||
		    kit_outcome_parse(f[2], &outcome) != 0 ||
		    outcome > KIT_TIMED_OUT)
			continue;
		t->outcome = outcome;
		t->message = outcome == KIT_PASSED ? NULL : xstrdup(f[3]);
		t->seconds = finite_seconds(f[4]);
		/* The hint of the check that failed, in place of the test's. */
		if (outcome != KIT_PASSED && *f[5]) {
			free(t->hint);
			t->hint = lab_words(res, f[5]);
		}
	}
}

void results_settle(struct lab_result *res, enum kit_outcome outcome,
		    const char *why)
{
	for (int i = 0; i < res->ntests; i++)
		if (res->tests[i].outcome == KIT_NOT_RUN) {
			res->tests[i].outcome = outcome;
			free(res->tests[i].message);
			res->tests[i].message = xstrdup(why);
		}
}

void results_set_all(struct lab_result *res, enum kit_outcome outcome,
		     const char *why)
{
	for (int i = 0; i < res->ntests; i++) {
		res->tests[i].outcome = outcome;
		free(res->tests[i].message);
		res->tests[i].message = xstrdup(why);
	}
}

void results_score(struct lab_result *res)
{
	res->score = res->max = 0;
	for (int i = 0; i < res->ntests; i++) {
		res->max += res->tests[i].points;
		if (res->tests[i].outcome == KIT_PASSED)
			res->score += res->tests[i].points;
	}
}

void results_read_memcheck(struct lab_result *res, char *text, int costs)
{
	char *f[6], *save = NULL;

	for (char *t_ = text; next_result(t_, &save, f); t_ = NULL) {
		struct test_result *t;

		if (strcmp(f[2], kit_outcome_name(KIT_PASSED)) == 0 ||
		    (t = find(res, f[1])) == NULL || t->outcome != KIT_PASSED)
			continue;
		free(t->message);
		t->message = xasprintf(K_("memcheck: valgrind found an invalid "
					  "memory access or a leak in this test%s "
					  "(run `valgrind build/tests %s` in the "
					  "lab folder to see where)"),
				       costs ? "" : K_("; this lab does not take "
						       "points for it"), t->name);
		if (costs)
			t->outcome = KIT_FAILED;
	}
}
