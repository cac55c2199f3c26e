/*
 * stages.h - the grader's pipeline, one function per stage.
 */
#ifndef STAGES_H
#define STAGES_H

#include "grader.h"
#include "lab.h"
#include "proc.h"
#include "sandbox.h"

struct context {
	const char *kit;        /* the trusted kit: tests, headers, common/ */
	const char *submission; /* a tree laid out like labs/               */
	const char *build;      /* private build root of this submission     */
	const char *kit_build;  /* the trusted library, shared by all runs   */
	const char *kit_fingerprint;    /* hash of common/ (fingerprint.c)  */
	const char *run_root;   /* where tests run: ours, under /tmp (run.c) */
	const struct sandbox *sandbox;  /* how student code is isolated     */
	int valgrind;           /* also run the passing tests under memcheck */
};

/* Where a lab's staged sources, objects and scratch files go. */
char *lab_build_dir(const struct context *ctx, const struct lab *lab);

/* collect.c: copies the manifest's files; NULL, or why not. */
char *collect(const struct context *ctx, const struct lab *lab);

/* build.c: the trusted library once, then each lab's record and binary.
 * Each returns NULL, or what make said of a kit that does not build;
 * build_lab puts a student's compile errors in *compile_errors. */
char *build_kit(const struct context *ctx, const struct lab *lab);
char *build_record(const struct context *ctx, const struct lab *lab);
char *build_lab(const struct context *ctx, const struct lab *lab,
		char **compile_errors);

/* run.c: the tests of the lab's record, then (--valgrind) memcheck. */
void run_tests(const struct context *ctx, const struct lab *lab,
	       struct lab_result *res);
void run_memcheck(const struct context *ctx, const struct lab *lab,
		  struct lab_result *res);

/* results.c: the record's tests, then the runner's records -> outcomes
 * (kit_record.h) and the lab's score.  Every test starts KIT_NOT_RUN. */
void results_init(struct lab_result *res, const struct lab *lab);
void results_read_run(struct lab_result *res, char *text);
void results_read_memcheck(struct lab_result *res, char *text, int costs);
/* Every test still not run gets OUTCOME and WHY (a test that already has
 * an outcome keeps it). */
void results_settle(struct lab_result *res, enum kit_outcome outcome,
		    const char *why);
/* Every test gets OUTCOME and WHY: the lab was not run at all. */
void results_set_all(struct lab_result *res, enum kit_outcome outcome,
		     const char *why);
void results_score(struct lab_result *res);

#endif
