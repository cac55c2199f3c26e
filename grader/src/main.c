/*
 * main.c - the grader: one straight pipeline per lab.
 *
 *   grader [--kit DIR] [--submission DIR] [--lab SEL] [--build DIR]
 *          [--kit-build DIR] [--json FILE] [--junit FILE] [--tap FILE]
 *          [--csv FILE] [--csv-tests FILE] [--id NAME] [--classroom50 FILE]
 *          [--color auto|always|never] [--lang fr|en] [--reject REASON]
 *          [--kit-only]
 *          [--budget SECONDS] [--note FILE]
 *
 * For each selected lab: build its record (its files, tests and policy,
 * from the kit alone: common/src/kit_lab.h), collect those files from the
 * submission, build them against the kit's trusted tests, run the tests,
 * read their outcomes, score.  A lab not submitted or that does not
 * compile scores 0 and says why; the next lab is graded all the same.
 *
 * Exit status: 0 every test passed; 1 some test did not pass (in a lab not
 * submitted or not compiling too); 2 no grade was given: a usage error, a
 * broken kit, the environment's failure (a lab "not graded"), or a report
 * that could not be written.
 *
 * --expect is for the kit's own checks: "full" (every test passes: a
 * reference solution) or "zero" (every test fails: a starter, where a
 * passing test would assert nothing the student wrote); the exit status
 * then says whether the expectation held.
 *
 * --kit-build (default <kit>/build/kit) holds the trusted objects, built
 * once and shared by every submission graded with the kit; --kit-only
 * builds them (the library, each selected lab's record) and stops, so
 * that submissions graded in parallel (grade-class, grader/src/class/) find
 * them ready and never build them at the same time.  --id names the
 * student in the CSV files.  --valgrind runs the tests that passed once
 * more under memcheck: a finding is a note, or costs the test's points in
 * a lab whose lab.mk sets VALGRIND_COSTS := 1.  --reject grades nothing: the submission could not be read (an
 * unsafe archive...), every lab scores 0 and every report says REASON.
 *
 * --lang chooses the language of the reports (and of the runner and the
 * tests, which the grader starts); without it, the locale's does
 * (LANG=fr_FR.UTF-8, or only LANG=fr where no locale is installed):
 * common/src/kit_lang.c.  The catalogues are compiled into the kit's build.
 *
 * For a platform with a time limit (Gradescope): --budget bounds the whole
 * grade (platform.h), and --json is written before the first lab and after
 * each, whole, so that the grader stopped at any moment leaves a complete
 * results.json; --note FILE opens its summary (what the submission held).
 */
#define _GNU_SOURCE
#include "platform.h"
#include "fingerprint.h"
#include "grader.h"
#include "kit_lang.h"
#include "report.h"
#include "stages.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

struct options {
	const char *kit, *submission, *lab, *build, *json, *color, *expect;
	const char *kit_build, *junit, *tap, *csv, *csv_tests, *id, *reject;
	const char *lang;
	const char *c50;        /* Classroom 50's result.json */
	const char *budget, *note;
	int kit_only, valgrind;
};

static void usage(FILE *to, int status)
{
	fputs("usage: grader [--kit DIR] [--submission DIR] [--lab SEL] "
	      "[--build DIR]\n              [--kit-build DIR] [--json FILE] "
	      "[--junit FILE] [--tap FILE]\n              [--csv FILE] "
	      "[--csv-tests FILE] [--id NAME]\n              "
	      "[--classroom50 FILE] "
	      "[--color auto|always|never] [--lang fr|en]\n"
	      "              [--expect full|zero] [--reject REASON] [--kit-only]\n"
	      "              [--valgrind] [--help] [--budget SECONDS] [--note FILE]\n",
	      to);
	exit(status);
}

static struct options parse(int argc, char **argv)
{
	/* Each option that takes a value says where it goes. */
	struct options o = { .kit = ".", .color = "auto" };
	const struct { const char *name; const char **slot; } valued[] = {
		{ "kit", &o.kit }, { "submission", &o.submission },
		{ "lab", &o.lab }, { "build", &o.build }, { "json", &o.json },
		{ "color", &o.color }, { "expect", &o.expect },
		{ "kit-build", &o.kit_build }, { "junit", &o.junit },
		{ "tap", &o.tap }, { "csv", &o.csv }, { "csv-tests", &o.csv_tests },
		{ "id", &o.id }, { "reject", &o.reject }, { "lang", &o.lang },
		{ "classroom50", &o.c50 },
		{ "budget", &o.budget }, { "note", &o.note },
	};
	enum { NVALUED = sizeof valued / sizeof valued[0] };
	struct option longs[NVALUED + 4];
	int c, n = 0;

	for (int i = 0; i < NVALUED; i++)
		longs[n++] = (struct option){ valued[i].name, required_argument,
					      NULL, i + 1 };
	longs[n++] = (struct option){ "kit-only", no_argument, &o.kit_only, 1 };
	longs[n++] = (struct option){ "valgrind", no_argument, &o.valgrind, 1 };
	longs[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	longs[n] = (struct option){ NULL, 0, NULL, 0 };
	while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		if (c == 0)             /* a flag: getopt_long set it */
			continue;
		if (c == 'h')
			usage(stdout, 0);
		if (c < 1 || c > NVALUED)
			usage(stderr, 2);
		*valued[c - 1].slot = optarg;
	}
	if (optind < argc)
		usage(stderr, 2);
	return o;
}

static char *absolute(const char *path)
{
	char *abs = realpath(path, NULL);

	if (abs == NULL)
		die("%s: no such directory", path);
	return abs;
}

/*
 * The lab's record first (its files, tests and policy: a broken kit if it
 * cannot be built or read), then what the submission holds.  LAB_KIT_ERROR
 * leaves RES without tests: there is no list to give them outcomes.
 */
static char *prepare_lab(const struct context *ctx, struct lab *lab,
			 struct lab_result *res)
{
	char *why;

	res->name = xstrdup(lab->name);
	if ((why = build_record(ctx, lab)) == NULL &&
	    (why = lab_load(lab, ctx->kit_build)) == NULL) {
		results_init(res, lab);
		return NULL;
	}
	res->status = LAB_KIT_ERROR;
	res->detail = why;
	return why;
}

static void grade_lab(const struct context *ctx, struct lab *lab,
		      struct lab_result *res)
{
	double start = now_seconds();
	char *missing, *compile_errors = NULL, *why;

	if (prepare_lab(ctx, lab, res) != NULL) {
		res->seconds = now_seconds() - start;
		return;
	}
	/* Nothing to compile without the files. */
	if ((missing = collect(ctx, lab)) == NULL &&
	    (why = build_lab(ctx, lab, &compile_errors)) != NULL) {
		results_set_all(res, KIT_UNGRADABLE, K_("not graded: the kit is "
							"broken"));
		res->status = LAB_KIT_ERROR;
		res->detail = why;
		free(compile_errors);
	} else if (missing != NULL) {
		res->status = LAB_NO_SUBMISSION;
		res->detail = missing;
		results_set_all(res, KIT_NOT_RUN, K_("not graded: the lab's files "
						     "were not submitted"));
	} else if (compile_errors != NULL) {
		res->status = LAB_BUILD_FAILED;
		res->detail = compile_errors;
		results_set_all(res, KIT_NOT_RUN, K_("not graded: the lab does "
						     "not compile"));
	} else {
		res->status = LAB_GRADED;
		budget_tests_begin();
		run_tests(ctx, lab, res);
		if (ctx->valgrind)
			run_memcheck(ctx, lab, res);
		budget_tests_end(res);
	}
	results_score(res);
	res->seconds = now_seconds() - start;
}

/* A submission that could not be read: its labs are listed, not graded. */
static void reject_lab(const struct context *ctx, struct lab *lab,
		       struct lab_result *res, const char *reason)
{
	if (prepare_lab(ctx, lab, res) != NULL)
		return;
	res->status = LAB_NO_SUBMISSION;
	res->detail = xasprintf(K_("the submission was rejected: %s"), reason);
	results_set_all(res, KIT_NOT_RUN, K_("not graded: the submission was "
					     "rejected"));
	results_score(res);
}

/* Where the trusted objects go: shared by every submission. */
static char *kit_build_dir(const struct options *opt, const char *kit)
{
	char *dir = opt->kit_build ? xstrdup(opt->kit_build)
				   : xasprintf("%s/build/kit", kit);

	if (mkdirs(dir) != 0)
		die("cannot create %s", dir);
	return absolute(dir);
}

/* --kit-only: the trusted objects of every selected lab, then stop. */
static void build_trusted(const struct context *ctx, struct lab *labs,
			  int nlabs)
{
	char *why;

	for (int i = 0; i < nlabs; i++)
		if ((why = build_record(ctx, &labs[i])) != NULL ||
		    (why = lab_load(&labs[i], ctx->kit_build)) != NULL)
			die("the record of %s does not build:\n%s", labs[i].name, why);
}

/* The submission's name in the CSV files: --id, or its folder's name. */
static const char *submission_id(const struct options *opt, const char *submission)
{
	const char *slash = strrchr(submission, '/');

	if (opt->id)
		return opt->id;
	return slash && slash[1] ? slash + 1 : submission;
}

static void write_reports(const struct options *opt, const struct grade *g,
			  const char *id)
{
	if (opt->json && report_json(opt->json, g) != 0)
		die("cannot write %s", opt->json);
	if (opt->junit && report_junit(opt->junit, g) != 0)
		die("cannot write %s", opt->junit);
	if (opt->tap && report_tap(opt->tap, g) != 0)
		die("cannot write %s", opt->tap);
	if (opt->csv && report_csv(opt->csv, g, id, opt->reject) != 0)
		die("cannot write %s", opt->csv);
	if (opt->csv_tests && report_csv_tests(opt->csv_tests, g, id) != 0)
		die("cannot write %s", opt->csv_tests);
	if (opt->c50 && report_c50(opt->c50, g) != 0)
		die("cannot write %s", opt->c50);
}

/* results.json as it stands: a platform may stop the grader at any time. */
static void write_json_now(const struct options *opt, struct grade *g,
			   double start)
{
	g->seconds = now_seconds() - start;
	if (opt->json && report_json(opt->json, g) != 0)
		die("cannot write %s", opt->json);
}

/* Default build root: one per submission, so regrades stay incremental. */
static char *default_build(const char *kit, const char *submission)
{
	char *name = xstrdup(submission);

	for (char *p = name; *p; p++)
		if (*p == '/')
			*p = '_';
	return xasprintf("%s/build/grade/%s", kit, name);
}

/* 0 when G is what --expect asked for; prints the tests that are not. */
static int check_expectation(const struct grade *g, const char *expect)
{
	int want_pass = strcmp(expect, "full") == 0, wrong = 0;

	if (!want_pass && strcmp(expect, "zero") != 0)
		die("--expect takes full or zero");
	for (int l = 0; l < g->nlabs; l++) {
		const struct lab_result *lab = &g->labs[l];

		if (lab->status != LAB_GRADED) {
			printf("expect %s: %s was not graded\n", expect, lab->name);
			wrong++;
			continue;
		}
		for (int t = 0; t < lab->ntests; t++)
			if ((lab->tests[t].outcome == KIT_PASSED) != want_pass) {
				printf("expect %s: %s: %s %s\n", expect, lab->name,
				       lab->tests[t].name,
				       want_pass ? "fails on the solution"
						 : "passes on the starter");
				wrong++;
			}
	}
	return wrong ? 1 : 0;
}

static char *run_root;

static void remove_run_root(void)
{
	if (run_root)
		remove_tree(run_root);
}

/*
 * The grade's own folder for running tests, under TMPDIR or /tmp: the
 * sandbox user must reach it wherever the kit lives (a private home, a
 * path it cannot traverse).  Traversable but not listable by others.
 */
static char *make_run_root(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/kit-grade-XXXXXX", tmp && *tmp ? tmp : "/tmp");

	if (mkdtemp(dir) == NULL || chmod(dir, geteuid() == 0 ? 0711 : 0700) != 0)
		die("cannot create a folder for the tests in %s: %s",
		    tmp && *tmp ? tmp : "/tmp", strerror(errno));
	run_root = dir;
	atexit(remove_run_root);
	return dir;
}

static int use_color(const char *mode)
{
	if (strcmp(mode, "always") == 0)
		return 1;
	if (strcmp(mode, "never") == 0)
		return 0;
	return isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
}

int main(int argc, char **argv)
{
	struct options opt = parse(argc, argv);
	struct context ctx = { 0 };
	struct sandbox sandbox;
	struct grade g = { 0 };
	struct lab *labs;
	double start = now_seconds();
	const char *group;
	char *why;

	/* Orphans of the tests become our children, so we can reap them. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	ctx.kit = absolute(opt.kit);
	ctx.submission = absolute(opt.submission ? opt.submission
				  : xasprintf("%s/labs", ctx.kit));
	ctx.build = opt.build ? opt.build : default_build(ctx.kit, ctx.submission);
	if (mkdirs(ctx.build) != 0)
		die("cannot create %s", ctx.build);
	ctx.build = absolute(ctx.build);
	ctx.kit_build = kit_build_dir(&opt, ctx.kit);
	/* Before any word is looked up: the catalogues are built with the
	 * kit's library (common/kitlib.mk), and read at the first lookup. */
	{
		char *locale = xasprintf("%s/locale", ctx.kit_build);

		kit_lang_init(opt.lang, locale);
		/* The runner finds the grader's copy beside itself (run.c). */
		unsetenv("KIT_LOCALEDIR");
		free(locale);
	}
	ctx.kit_fingerprint = fingerprint_kit(ctx.kit);
	ctx.valgrind = opt.valgrind;
	umask(022);             /* the sandbox user must read the builds */
	/* Out of reach of the tests' processes: no ptrace, no /proc/PID/mem. */
	prctl(PR_SET_DUMPABLE, 0);
	ctx.run_root = make_run_root();
	budget_start(opt.budget ? atof(opt.budget) : 0);
	labs = labs_find(ctx.kit, opt.lab, &g.nlabs);
	if ((why = build_kit(&ctx, &labs[0])) != NULL)
		die("the kit's test library does not build:\n%s", why);
	/* After the kit's build, which compiles the catalogues: the sandbox's
	 * words are the first the grader looks up. */
	sandbox_probe(&sandbox, ctx.run_root);
	ctx.sandbox = &sandbox;
	g.isolation = sandbox.description;
	if ((group = cgroup_enter()) != NULL)
		g.isolation = xasprintf("%s, %s", sandbox.description, group);
	if (opt.kit_only) {
		build_trusted(&ctx, labs, g.nlabs);
		return 0;
	}
	g.labs = xcalloc((size_t)g.nlabs, sizeof *g.labs);
	report_json_context(opt.note ? read_file(opt.note) : NULL, ctx.submission);
	/* results.json whole from the start: every lab "not graded yet"
	 * until it is (Gradescope reads whatever is there when it stops). */
	for (int i = 0; opt.json && i < g.nlabs; i++)
		budget_pending(&ctx, &labs[i], &g.labs[i], K_("not graded: the "
			       "autograder stopped before this lab; "
			       "this is not a grade"), KIT_UNGRADABLE, LAB_UNGRADABLE);
	write_json_now(&opt, &g, start);
	for (int i = 0; i < g.nlabs; i++) {
		budget_lab(g.nlabs - i);
		memset(&g.labs[i], 0, sizeof g.labs[i]);
		if (opt.reject)
			reject_lab(&ctx, &labs[i], &g.labs[i], opt.reject);
		else if (budget_spent())
			budget_pending(&ctx, &labs[i], &g.labs[i],
				       K_("the autograder's time ran out before this "
					  "lab: the labs before it used it (a function "
					  "that blocks or loops?), and its tests score 0"),
				       KIT_NOT_RUN, LAB_OUT_OF_TIME);
		else
			grade_lab(&ctx, &labs[i], &g.labs[i]);
		g.score += g.labs[i].score;
		g.max += g.labs[i].max;
		write_json_now(&opt, &g, start);
	}
	g.seconds = now_seconds() - start;

	if (report_text(stdout, &g, use_color(opt.color)) != 0)
		die("cannot write the report on the standard output");
	write_reports(&opt, &g, submission_id(&opt, ctx.submission));
	for (int i = 0; i < g.nlabs; i++)
		if (LAB_NOT_GRADED(g.labs[i].status))
			return 2;
	if (opt.expect)
		return check_expectation(&g, opt.expect);
	return g.score == g.max ? 0 : 1;
}
