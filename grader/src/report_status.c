/*
 * report_status.c - the words every report uses for statuses and outcomes,
 * so that the gradebook, JUnit and TAP tell the same story.  They stay in
 * English in the files machines read (CSV, TAP's fields); the report a
 * student reads translates them (KN_, kit_lang.h).
 */
#include "kit_lang.h"
#include "report.h"

const char *report_lab_status(enum lab_status s)
{
	switch (s) {
	case LAB_GRADED: return NULL;
	case LAB_NO_SUBMISSION: return KN_("not submitted");
	case LAB_BUILD_FAILED: return KN_("does not compile");
	case LAB_RUN_FAILED: return KN_("tests did not run");
	case LAB_KIT_ERROR: return KN_("kit error");
	case LAB_UNGRADABLE: return KN_("not graded (the environment failed)");
	}
	return "unknown";
}

/*
 * "passed", "failed", "error" (crash, timeout, no result) or "not-run"
 * (the lab was not submitted or did not compile: its tests say nothing
 * about what the student understood).
 */
const char *report_outcome(const struct lab_result *lab,
			   const struct test_result *t)
{
	if (lab->status == LAB_NO_SUBMISSION || lab->status == LAB_BUILD_FAILED ||
	    LAB_NOT_GRADED(lab->status))
		return "not-run";
	switch (t->outcome) {
	case PASSED: return "passed";
	case FAILED: return "failed";
	case ERRORED: return "error";
	case MISSING: return "error";
	}
	return "error";
}
