/*
 * kit_main.c - the main() of every lab's test binary: one test, here.
 *
 *   tests --list             print the tests' lines of the lab's record
 *                            (kit_lab.h), run nothing: the build writes
 *                            them once per kit
 *   tests --kit-child NAME   run test NAME in this very process
 *
 * Tests are run by the trusted runner (common/runner/runner.c), a program
 * with no student code in it: it starts this binary once per test, bounds
 * it in time, watches how it ends and gives the verdict.  Here, the test
 * body runs under Check in no-fork mode, so a failed assertion comes back
 * as a message; the kit writes it, or the proof that the body reached its
 * end, on the verdict descriptor (kit_internal.h).
 */
#define _GNU_SOURCE
#include "kit.h"
#include "kit_internal.h"
#include "kit_lang.h"
#include "kit_lab.h"
#include "kit_record.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const struct kit_test __start_kit_tests[], __stop_kit_tests[];

#define DEFAULT_TIMEOUT 5.0
#define KIT_MSG_MAX 4000        /* an assertion message, before escaping */

/* Declaration order: by file, then line (the section need not keep it). */
static int by_place(const void *a, const void *b)
{
	const struct kit_test *x = *(const struct kit_test *const *)a;
	const struct kit_test *y = *(const struct kit_test *const *)b;
	int c = strcmp(x->file, y->file);

	return c ? c : x->line - y->line;
}

/* Every test, in declaration order; *N gets the count.  Kept to the end. */
static const struct kit_test **all_tests(int *n)
{
	static const struct kit_test **v;
	size_t count = (size_t)(__stop_kit_tests - __start_kit_tests);

	v = calloc(count + 1, sizeof *v);
	if (v == NULL) {
		perror("tests");
		exit(2);
	}
	for (size_t i = 0; i < count; i++)
		v[i] = &__start_kit_tests[i];
	qsort(v, count, sizeof v[0], by_place);
	*n = (int)count;
	return v;
}

static int points_of(const struct kit_test *t)
{
	return t->points > 0 ? t->points : 1;
}

/* 0, or 2 if the lines could not all be written (a full disk): the
 * build must not keep half a list. */
static int list(void)
{
	int n, rc = kit_lab_write_header(STDOUT_FILENO);
	const struct kit_test **tests = all_tests(&n);

	for (int i = 0; i < n && rc == 0; i++)
		rc = kit_lab_write_test(STDOUT_FILENO, tests[i], points_of(tests[i]),
					tests[i]->timeout > 0 ? tests[i]->timeout
							      : DEFAULT_TIMEOUT);
	if (rc != 0)
		perror("tests --list");
	return rc ? 2 : 0;
}

/* "tests/test_x.c" rather than the absolute path of the kit. */
static const char *short_path(const char *path)
{
	const char *p = path ? strstr(path, "/tests/") : NULL;

	return p ? p + 1 : path;
}

/* The nonce, from the runner, read before any student code can run. */
static int take_nonce(void)
{
	unsigned char raw[8];
	size_t got = 0;

	while (got < sizeof raw) {
		ssize_t n = __real_read(KIT_NONCE_FD, raw + got, sizeof raw - got);

		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	__real_close(KIT_NONCE_FD);
	memcpy(&kit_nonce, raw, sizeof kit_nonce);
	return 0;
}

/* Where scratch files go: the runner made the folder and names it. */
static void take_run_dir(void)
{
	const char *dir = getenv("KIT_RUN_DIR");
	const char *token = getenv("KIT_RUN_TOKEN");

	if (dir)
		kit_run_dir = dir;
	if (token)
		snprintf(kit_run_token, sizeof kit_run_token, "%s", token);
}

/*
 * gettext maps a catalogue into memory at its first lookup: done in the
 * middle of a test, that mapping would look like the student's leak to
 * kit_leak.h's checks (and only in French).  So the catalogues the test
 * may read, the kit's, its lab's and the C library's (which a student's
 * perror reads), are mapped before it starts.
 */
static void load_catalogues(const struct kit_test *t)
{
	/* The empty msgid is the catalogue's header: a lookup that loads it
	 * (a variable, so that xgettext does not take it for a word). */
	static const char header[] = "";

	if (kit_lang_english())
		return;                 /* no catalogue will be read */
	(void)dgettext(KIT_TEXT_DOMAIN, header);
	(void)dgettext("libc", header);         /* strerror's, perror's words */
	if (t->domain) {
		kit_lang_bind(t->domain);
		(void)dgettext(t->domain, header);
	}
}

/* Runs T here under Check, no fork; a failure becomes an "F" record. */
static int run_here(const struct kit_test *t)
{
	Suite *suite = suite_create("lab");
	TCase *tc = tcase_create(t->name);
	SRunner *sr;
	TestResult **results;

	tcase_add_test(tc, t->ttest);
	suite_add_tcase(suite, tc);
	sr = srunner_create(suite);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_SILENT);
	results = srunner_results(sr);
	if (results && tr_rtype(results[0]) != CK_PASS) {
		char msg[KIT_MSG_MAX], esc[2 * KIT_MSG_MAX], line[2 * KIT_MSG_MAX + 8];

		/* A message longer than the runner shows is cut, and says so. */
		if (snprintf(msg, sizeof msg, "%s (%s:%d)", tr_msg(results[0]),
			     short_path(tr_lfile(results[0])),
			     tr_lno(results[0])) >= (int)sizeof msg)
			strcpy(msg + sizeof msg - 4, "...");
		snprintf(line, sizeof line, "F\t%s\n", kit_escape(esc, sizeof esc, msg));
		kit_hint_write();
		kit_verdict_write(line);
	}
	free(results);
	srunner_free(sr);
	return 0;
}

static int child(const char *name)
{
	int n;
	const struct kit_test **tests = all_tests(&n);

	if (fcntl(KIT_VERDICT_FD, F_GETFD) == -1 || take_nonce() != 0) {
		fputs(K_("tests: --kit-child is for the kit's runner "
			 "(run the tests with make)\n"), stderr);
		return 2;
	}
	kit_verdict_fd = KIT_VERDICT_FD;
	take_run_dir();
	/* The runner's choice of language (KIT_LANG, LANGUAGE, KIT_LOCALEDIR),
	 * made before the test runs: see load_catalogues. */
	kit_lang_init(NULL, NULL);
	for (int i = 0; i < n; i++)
		if (strcmp(tests[i]->name, name) == 0) {
			kit_test_index = i;
			load_catalogues(tests[i]);
			return run_here(tests[i]);
		}
	fprintf(stderr, K_("tests: no test named %s\n"), name);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--list") == 0)
		return list();
	if (argc == 3 && strcmp(argv[1], "--kit-child") == 0)
		return child(argv[2]);
	fputs("usage: tests --list | tests --kit-child NAME\n"
	      "The tests are run by the kit's runner: type make in the lab's "
	      "folder (make T=name for one test).\n", stderr);
	return 2;
}
