/*
 * kit_test.c - the life of one test inside its process.
 *
 * The trusted runner counts a test as passed only if the process exits 0
 * AND this file wrote the test's nonce on the verdict descriptor at the end
 * of the body.  Student code could exit(0) from the middle of a test; it
 * cannot produce the nonce by name (object inspection refuses references
 * to the kit), and the runner's memory is out of its reach (SECURITY.md).
 */
#include "kit_internal.h"
#include "kit_calls.h"
#include "kit_lang.h"
#include "kit_record.h"
#include "kit_tmp.h"

#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int kit_verdict_fd = -1;
uint64_t kit_nonce;
int kit_test_index;

static const struct kit_test *current;
static pid_t test_pid;
static const char *hint;

const struct kit_test *kit_current_test(void)
{
	return current;
}

void kit_verdict_write(const char *line)
{
	size_t len = strlen(line);

	while (kit_verdict_fd >= 0 && len > 0) {
		ssize_t n = __real_write(kit_verdict_fd, line, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		line += n;
		len -= (size_t)n;
	}
}

int kit_in_test_process(void)
{
	return test_pid != 0 && getpid() == test_pid;
}

void kit_environment_failed(const char *what)
{
	char text[600], esc[1300], line[1400];

	snprintf(text, sizeof text, "%s: %s", what, strerror(errno));
	snprintf(line, sizeof line, "U\t%s\n", kit_escape(esc, sizeof esc, text));
	kit_verdict_write(line);
	_exit(3);
}

void kit_hint(const char *msgid)
{
	hint = msgid;
}

void kit_hint_write(void)
{
	static char esc[1100], line[1200];
	const char *h = hint;

	if (h == NULL)
		return;
	/* The crash record's way: snprintf of strings, no allocation. */
	snprintf(line, sizeof line, "H\t%s\n", kit_escape(esc, sizeof esc, h));
	kit_verdict_write(line);
}

void kit_test_enter(const struct kit_test *t)
{
	current = t;
	hint = NULL;
	test_pid = getpid();
	kit_calls_reset_all();
	kit_tmp_reset(t->name);
	kit_fault_install();
}

void kit_test_done(const struct kit_test *t)
{
	char line[64];

	(void)t;
	/* A process the student forked that wandered back here proves nothing. */
	if (getpid() != test_pid)
		return;
	snprintf(line, sizeof line, "P\t%016llx\n", (unsigned long long)kit_nonce);
	kit_verdict_write(line);
}

/* A message of a lab's tests in the student's language, from the lab's
 * catalogue; the message itself when there is none.  The lab's domain is
 * bound at its first use (kit_main.c knows no lab's name). */
const char *kit_tr(const char *domain, const char *msgid)
{
	static const char *bound;

	kit_lang_need();
	if (domain != bound && (bound == NULL || strcmp(domain, bound) != 0)) {
		kit_lang_bind(domain);
		bound = domain;
	}
	return dgettext(domain, msgid);
}
