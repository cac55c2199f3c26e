/*
 * judge.c - the verdict of one test, from how its process ended.
 *
 * The test's process may write these kinds of line on its verdict pipe:
 *   P <nonce>     the body reached its end (kit_test_done)
 *   F <message>   an assertion failed (Check's message, file:line)
 *   C <signo> <code> <addr> <pc known> <pc> <mapping>   it crashed
 *   H <hint>      before F or C: the hint of the check then in progress
 *                 (kit_hint), untranslated, shown instead of the test's
 *   U <what>      the kit could not prepare the test (the environment)
 * Only P decides a pass, and only with this test's nonce and an exit
 * status of 0.  F, C and H lines only ever explain a failure.
 *
 * Every sentence is in the student's language (kit_lang.h); Check's own
 * fixed formats ("Assertion 'x == y' failed: x == 2, y == 3") are said
 * again in words (check_words.c).
 */
#define _GNU_SOURCE
#include "kit_lang.h"
#include "runner.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

struct lines {
	int proved;             /* a P line with the right nonce          */
	int forged;             /* a P line with another one              */
	const char *failure;    /* the first F line's message             */
	char *crash[6];         /* the C line's fields, if any            */
	int crashed;
	const char *environment; /* a U line: the kit could not prepare   */
	const char *hint;       /* the last H line before F or C          */
};

const char *runner_domain;

static void read_lines(char *text, uint64_t nonce, struct lines *l)
{
	char *save = NULL;

	const char *hint = NULL;

	memset(l, 0, sizeof *l);
	for (char *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[7];
		int n = kit_split(line, f, 7);

		if (n == 2 && strcmp(f[0], "H") == 0) {
			hint = f[1];
			continue;
		}
		if (n == 2 && strcmp(f[0], "P") == 0) {
			if (strtoull(f[1], NULL, 16) == nonce)
				l->proved = 1;
			else
				l->forged = 1;
		} else if (n == 2 && strcmp(f[0], "F") == 0 && !l->failure) {
			l->failure = f[1];
			if (!l->crashed)
				l->hint = hint;
		}
		else if (n == 2 && strcmp(f[0], "U") == 0 && !l->environment)
			l->environment = f[1];
		else if (n == 7 && strcmp(f[0], "C") == 0 && !l->crashed) {
			memcpy(l->crash, f + 1, sizeof l->crash);
			l->crashed = 1;
			if (!l->failure)
				l->hint = hint;
		}
	}
}

static const char *signal_name(int signo)
{
	static char buf[32];
	const char *abbrev = sigabbrev_np(signo);

	snprintf(buf, sizeof buf, "SIG%s", abbrev ? abbrev : "?");
	return buf;
}

static const char *code_name(int signo, int code)
{
	if (signo == SIGSEGV && code == SEGV_MAPERR) return "SEGV_MAPERR";
	if (signo == SIGSEGV && code == SEGV_ACCERR) return "SEGV_ACCERR";
	if (signo == SIGBUS && code == BUS_ADRERR) return "BUS_ADRERR";
	if (signo == SIGBUS && code == BUS_OBJERR) return "BUS_OBJERR";
	if (signo == SIGBUS && code == BUS_ADRALN) return "BUS_ADRALN";
	if (code <= 0) return K_("sent by a process");
	return K_("another si_code");
}

/* "; the faulting instruction is at filemap.c:42 (in fm_count_byte)". */
static void source_line(const char *binary, const char *offset, char *out,
			size_t size)
{
	char cmd[4400], func[256] = "", where[512] = "";
	FILE *p;

	*out = '\0';
	if (strchr(binary, '\'') || strspn(offset, "0123456789abcdef") != strlen(offset))
		return;
	snprintf(cmd, sizeof cmd, "addr2line -f -e '%s' 0x%s 2>/dev/null",
		 binary, offset);
	if ((p = popen(cmd, "r")) == NULL)
		return;
	if (fgets(func, sizeof func, p) && fgets(where, sizeof where, p) &&
	    where[0] != '?') {
		const char *base = strrchr(where, '/');

		func[strcspn(func, "\n")] = '\0';
		where[strcspn(where, " \n")] = '\0';
		snprintf(out, size, K_("; the faulting instruction is at %s (in %s)"),
			 base ? base + 1 : where, func);
	}
	pclose(p);
}

/* "in the mapping 7f..-7f.. (r--p, /path)" from a /proc/self/maps line. */
static void describe_mapping(const char *line, char *out, size_t size)
{
	char range[64], perms[8], path[160] = "";

	if (strncmp(line, "in no mapping", 13) == 0) {
		snprintf(out, size, "%s", K_("in no mapping"));
		return;
	}
	if (sscanf(line, "%63s %7s %*s %*s %*s %159[^\n]", range, perms, path) < 2) {
		snprintf(out, size, "%s", line);
		return;
	}
	snprintf(out, size, K_("in the mapping %s (%s, %s)"), range, perms,
		 path[0] ? path : K_("anonymous memory"));
}

/* Is less than a 64th of /dev/shm free?  Then a SIGBUS there is likely the
 * tmpfs running out, not a mapping past the end of its object. */
static int shm_nearly_full(void)
{
	struct statvfs st;

	return statvfs("/dev/shm", &st) == 0 && st.f_blocks > 0 &&
	       st.f_bavail < st.f_blocks / 64;
}

/*
 * What the faulting address says about the bug, in the lab's terms: the
 * few addresses and mappings that explain most crashes of these labs.
 */
static const char *meaning(int signo, int code, unsigned long addr,
			   const char *maps_line)
{
	char perms[8] = "";
	unsigned long page = (unsigned long)sysconf(_SC_PAGESIZE);

	if (addr >= (unsigned long)-page)
		return K_(": that is MAP_FAILED, (void *) -1, or next to it: a call "
			  "such as mmap failed and its result was used without "
			  "checking it against MAP_FAILED");
	if (addr < 16 * page)
		return K_(": that is near NULL: a NULL pointer was used (a failed "
			  "call's result, or a pointer never set)");
	sscanf(maps_line, "%*s %7s", perms);
	if (strncmp(maps_line, "in no mapping", 13) == 0)
		return K_(": no mapping holds that address: it was never mapped, "
			  "or it was unmapped already (munmap too early, or an "
			  "index past the end of a mapping)");
	if (signo == SIGBUS && strstr(maps_line, "/dev/shm/") && shm_nearly_full())
		return K_(": a page of shared memory that the machine could not "
			  "provide: its /dev/shm is full (a container's is 64 MiB by "
			  "default). This is the machine's limit, not your code's: "
			  "ask for a larger /dev/shm (docker run --shm-size=1g)");
	if (signo == SIGBUS && code == BUS_ADRERR && strchr(maps_line, '/'))
		return K_(": a page of a file mapping that lies wholly past the end "
			  "of the file (SIGBUS): map no more than the file holds, or "
			  "grow the file first (ftruncate)");
	if (signo == SIGSEGV && code == SEGV_ACCERR && strncmp(perms, "---", 3) == 0)
		return K_(": the page is PROT_NONE (a guard page, or protections "
			  "never set): no access is allowed there");
	if (signo == SIGSEGV && code == SEGV_ACCERR && perms[1] != 'w')
		return K_(": the mapping is not writable (PROT_READ only, or read-"
			  "only memory): a write there faults");
	return "";
}

static void crash_message(const struct lines *l, const char *binary,
			  char *out, size_t size)
{
	int signo = atoi(l->crash[0]), code = atoi(l->crash[1]);
	unsigned long addr = strtoul(l->crash[2], NULL, 16);
	char line[600] = "", where[300];

	if (atoi(l->crash[3]))
		source_line(binary, l->crash[4], line, sizeof line);
	const char *why = meaning(signo, code, addr, l->crash[5]);

	describe_mapping(l->crash[5], where, sizeof where);
	/* MAP_FAILED and NULL are in no mapping: the meaning says it all. */
	if (*why && strncmp(l->crash[5], "in no mapping", 13) == 0 &&
	    (addr < 16 * (unsigned long)sysconf(_SC_PAGESIZE) ||
	     addr >= (unsigned long)-sysconf(_SC_PAGESIZE)))
		snprintf(out, size, K_("crashed: %s (%s) at address 0x%s%s%s"),
			 signal_name(signo), code_name(signo, code), l->crash[2],
			 why, line);
	else
		snprintf(out, size, K_("crashed: %s (%s) at address 0x%s%s; %s%s"),
			 signal_name(signo), code_name(signo, code), l->crash[2],
			 why, where, line);
}

/* "it was blocked in waitpid (waiting for a child)", from "S do_wait". */
static const char *doing_words(const char *doing)
{
	static const struct { const char *wchan, *words; } known[] = {
		{ "do_wait", KN_("it was waiting for a child process (wait/waitpid) "
				 "that never ended") },
		{ "pipe_read", KN_("it was blocked reading a pipe no one writes to") },
		{ "pipe_write", KN_("it was blocked writing a full pipe no one reads") },
		{ "futex", KN_("it was waiting on a lock or a semaphore that no one "
			       "releases") },
		{ "nanosleep", KN_("it was sleeping") },
		{ "do_sigtimedwait", KN_("it was waiting for a signal") },
		{ "sigsuspend", KN_("it was waiting for a signal") },
		{ "pause", KN_("it was waiting for a signal (pause)") },
	};

	if (doing[0] == 'R')
		return K_("it was running: a loop that never ends?");
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strstr(doing, known[i].wchan))
			return K_(known[i].words);
	return doing[0] == 'S' || doing[0] == 'D'
	       ? K_("it was blocked in a system call")
	       : K_("a loop, or a call that blocks?");
}

const char *runner_environment_failure(struct test_process *p)
{
	static char why[1024];
	char *copy = strdup(p->verdict ? p->verdict : "");
	struct lines l;

	if (copy == NULL)
		return NULL;
	read_lines(copy, p->nonce, &l);
	if (l.environment)
		snprintf(why, sizeof why, "%s", l.environment);
	free(copy);
	return l.environment ? why : NULL;
}

/* A text that filled BUF (SIZE bytes) was cut: it ends in "..." to say so. */
static void mark_cut(char *buf, size_t size)
{
	if (strlen(buf) == size - 1)
		memcpy(buf + size - 4, "...", 4);
}

struct kit_record runner_judge(const struct kit_lab_test *t,
			       const struct test_process *p, const char *binary)
{
	struct kit_record r = { .name = t->name, .seconds = p->seconds };
	int died = WIFSIGNALED(p->status), signo = died ? WTERMSIG(p->status) : 0;
	int code = WIFEXITED(p->status) ? WEXITSTATUS(p->status) : -1;
	struct lines l;

	read_lines(p->verdict, p->nonce, &l);
	r.outcome = KIT_FAILED;
	if (p->timed_out) {
		r.outcome = KIT_TIMED_OUT;
		snprintf(r.msg, sizeof r.msg, K_("timed out: the test was stopped "
			 "after %.3g s, its limit; %s"), p->seconds,
			 doing_words(p->doing));
	} else if (t->signal && died && signo == t->signal && !l.failure)
		r.outcome = KIT_PASSED;
	else if (t->signal && !l.failure)
	{
		char want[32];

		snprintf(want, sizeof want, "%s", signal_name(t->signal));
		snprintf(r.msg, sizeof r.msg, K_("the test should have been killed "
			 "by %s, but %s"), want,
			 died ? signal_name(signo) : K_("it was not"));
	}
	else if (l.failure)
		check_words(l.failure, r.msg, sizeof r.msg);
	else if (code == 0 && l.proved && !l.forged)
		r.outcome = KIT_PASSED;
	else if (l.crashed) {
		r.outcome = KIT_CRASHED;
		crash_message(&l, binary, r.msg, sizeof r.msg);
	} else if (died) {
		r.outcome = KIT_CRASHED;
		snprintf(r.msg, sizeof r.msg, K_("the test's process was killed "
			 "by %s (%s)%s"), signal_name(signo), strsignal(signo),
			 signo == SIGKILL ? K_(": killed from outside, most often "
			 "for using too much memory or time") : "");
	} else if (code == 99) {
		/* memcheck's finding: a check that failed, not a crash */
		snprintf(r.msg, sizeof r.msg, "%s", K_("valgrind found an invalid "
			 "memory access or a leak (its report is in the output)"));
	} else if (l.forged)
		snprintf(r.msg, sizeof r.msg, "%s", K_("the test's verdict was "
			 "tampered with: the code under test wrote on the kit's "
			 "channel"));
	else
		snprintf(r.msg, sizeof r.msg, K_("the test stopped before its end "
			 "without failing an assertion (exit status %d): the code "
			 "under test ended the process (exit? _exit?) in the middle "
			 "of the test"), code);
	if (r.outcome != KIT_PASSED && l.hint)
		snprintf(r.hint, sizeof r.hint, "%s", l.hint);
	mark_cut(r.msg, sizeof r.msg);
	mark_cut(r.hint, sizeof r.hint);
	return r;
}

/* A description or hint of the lab's tests, in the student's language. */
static const char *lab_words(const char *msgid)
{
	return runner_domain && msgid && *msgid ? dgettext(runner_domain, msgid)
						: msgid ? msgid : "";
}

void runner_print(const struct kit_record *r, const struct kit_lab_test *t)
{
	const char *hint = r->hint[0] ? r->hint : t->hint;

	if (r->outcome == KIT_PASSED) {
		printf("%s  %-32s %2d/%-2d  %s\n", K_("PASS"), t->name, t->points,
		       t->points, lab_words(t->desc));
		return;
	}
	printf("%s  %-32s  0/%-2d  %s\n", K_("FAIL"), t->name, t->points,
	       lab_words(t->desc));
	printf("      %s\n", r->msg);
	if (hint)
		printf("      %s %s\n", K_("hint:"), lab_words(hint));
}
