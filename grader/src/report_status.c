/*
 * report_status.c - the words every report uses for statuses and outcomes,
 * so that the gradebook, JUnit and TAP tell the same story, and how every
 * writer closes its file.  They stay in
 * English in the files machines read (CSV, TAP's fields); the report a
 * student reads translates them (KN_, kit_lang.h).
 */
#include "kit_lang.h"
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

const char *report_lab_status(enum lab_status s)
{
	switch (s) {
	case LAB_GRADED: return NULL;
	case LAB_NO_SUBMISSION: return KN_("not submitted");
	case LAB_BUILD_FAILED: return KN_("does not compile");
	case LAB_OUT_OF_TIME: return KN_("out of time");
	case LAB_KIT_ERROR: return KN_("kit error");
	case LAB_UNGRADABLE: return KN_("not graded (the environment failed)");
	}
	return "unknown";
}

/* The outcome is the test's own (results.c and main.c set it for a lab
 * that was not run): LAB is there for writers that say more. */
const char *report_outcome(const struct lab_result *lab,
			   const struct test_result *t)
{
	(void)lab;
	return kit_outcome_name(t->outcome);
}

const char *report_outcome_label(enum kit_outcome o)
{
	switch (o) {
	case KIT_PASSED: return KN_("PASS");
	case KIT_FAILED: return KN_("FAIL");
	case KIT_CRASHED: return KN_("CRASH");
	case KIT_TIMED_OUT: return KN_("TIMEOUT");
	case KIT_NOT_RUN: return KN_("NOT RUN");
	case KIT_UNGRADABLE: return KN_("NO GRADE");
	}
	return KN_("NO GRADE");
}

int report_close(FILE *f)
{
	int bad = ferror(f);

	return fclose(f) != 0 || bad ? -1 : 0;
}

int report_atomic(const char *path, const struct grade *g,
		  int (*write)(FILE *f, const struct grade *g))
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp), ok;
	FILE *f;

	if (fd < 0) {
		free(tmp);
		return -1;
	}
	f = fdopen(fd, "w");
	ok = f != NULL && fchmod(fd, 0644) == 0 && write(f, g) == 0 &&
	     fflush(f) == 0 && fsync(fd) == 0;
	if (f != NULL)
		ok = fclose(f) == 0 && ok;
	else
		close(fd);
	ok = ok && rename(tmp, path) == 0;
	if (!ok) {
		int e = errno;

		unlink(tmp);
		errno = e;
	}
	free(tmp);
	return ok ? 0 : -1;
}
