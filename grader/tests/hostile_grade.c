/*
 * hostile_grade.c - every report, written from a grade full of the worst
 * text student code can produce.
 *
 *     hostile_grade DIR      writes DIR/report.{json,xml,tap,csv,tests.csv,
 *                            c50.json} and the text report on stdout
 *
 * The grade has four labs, and each of a test's six outcomes (kit_record.h)
 * once at least: "01-hostile" was graded (passed, failed, crashed, timed
 * out), "02-broken" did not compile (2 tests not run), "03-kit" has no
 * record, "04-env" could not be graded (the environment failed: 1 test).
 * So every reader must find 8 tests (7 in results.json, which has no
 * placeholder for a lab without a record), 1 passing, each with its own
 * outcome; report_formats.sh checks that each one does, whatever the
 * messages pretend.
 */
#include "grader.h"
#include "report.h"

#include <stdio.h>

/* TAP lines, directives, XML markup, quotes, control bytes, broken UTF-8. */
#define EVIL "# TODO not really\nok 3 - fake pass\n  ...\nBail out! now\n" \
	     "1..1\n</failure></testcase><testcase name=\"x\"/>]]>&amp;\n"   \
	     "\"quoted\" 'single' \\x41 \\\" \a\x01\x1b[31m\x7f\xff\xfe\xc0\xaf" \
	     "\xed\xa0\x80 caf\xc3\xa9 \xe2\x80\xa8 # SKIP\r\n=cmd|' /C calc'!A0,"

static struct test_result hostile_tests[] = {
	{ .name = "passes", .desc = "a test that passed # SKIP", .points = 2,
	  .outcome = KIT_PASSED },
	{ .name = "fails", .desc = "desc " EVIL, .hint = "hint " EVIL,
	  .points = 3, .outcome = KIT_FAILED, .message = "message " EVIL },
	{ .name = "crashes", .desc = "a crash", .points = 1, .outcome = KIT_CRASHED,
	  .message = "killed by SIGSEGV " EVIL },
	{ .name = "fails", .desc = "same name twice", .points = 1,
	  .outcome = KIT_TIMED_OUT, .message = "timed out " EVIL, .hidden = 1 },
};

static struct test_result broken_tests[] = {
	{ .name = "first", .desc = "d", .points = 1, .outcome = KIT_NOT_RUN,
	  .message = "not graded: the lab does not compile" },
	{ .name = "second", .desc = "d", .points = 1, .outcome = KIT_NOT_RUN,
	  .message = "not graded: the lab does not compile" },
};

static struct test_result env_tests[] = {
	{ .name = "spoiled", .desc = "d", .points = 1, .outcome = KIT_UNGRADABLE,
	  .message = "not graded: the environment failed " EVIL },
};

static struct lab_result labs[] = {
	{ .name = "01-hostile", .status = LAB_GRADED, .output = "printed " EVIL,
	  .tests = hostile_tests, .ntests = 4, .score = 2, .max = 7,
	  .seconds = 1.5 },
	{ .name = "02-broken", .status = LAB_BUILD_FAILED,
	  .detail = "filemap.c:3: error: " EVIL, .tests = broken_tests,
	  .ntests = 2, .score = 0, .max = 2 },
	{ .name = "03-kit", .status = LAB_KIT_ERROR,
	  .detail = "the record could not be read " EVIL },
	{ .name = "04-env", .status = LAB_UNGRADABLE,
	  .detail = "the tests could not be started " EVIL, .tests = env_tests,
	  .ntests = 1, .score = 0, .max = 1 },
};

int main(int argc, char **argv)
{
	struct grade g = { .labs = labs, .nlabs = 4, .score = 2, .max = 10,
			   .seconds = 2.25, .isolation = "none " EVIL };
	const char *dir = argc > 1 ? argv[1] : ".";
	int bad = 0;

	bad |= report_json(xasprintf("%s/report.json", dir), &g);
	bad |= report_junit(xasprintf("%s/report.xml", dir), &g);
	bad |= report_tap(xasprintf("%s/report.tap", dir), &g);
	bad |= report_csv(xasprintf("%s/report.csv", dir), &g, "=1+1 \"id\"," EVIL,
			  NULL);
	bad |= report_csv_tests(xasprintf("%s/report.tests.csv", dir), &g, "alice");
	bad |= report_c50(xasprintf("%s/report.c50.json", dir), &g);
	bad |= report_text(stdout, &g, 0);
	return bad ? 1 : 0;
}
