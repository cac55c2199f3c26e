/*
 * kit_fault.c - one handler for SIGSEGV and SIGBUS, two jobs.
 *
 * While a probe is armed, a fault is an expected event: record what the
 * kernel reported in siginfo and siglongjmp back to the probe.  Otherwise
 * it is a crash in the code under test: tell the runner the signal,
 * si_code, address and the mapping that holds it, so the report can say
 * more than "signal 11", then die of the signal as before.
 */
#define _GNU_SOURCE
#include "kit_fault.h"
#include "kit_internal.h"
#include "kit_lang.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf *armed_env;
static struct kit_fault last;
static struct sigaction saved_segv, saved_bus;

static void note_crash(const siginfo_t *si, const void *ctx);

static void on_fault(int signo, siginfo_t *si, void *ctx)
{
	if (armed_env != NULL && si->si_code > 0) {
		sigjmp_buf *env = armed_env;

		armed_env = NULL;
		last.signo = signo;
		last.code = si->si_code;
		last.addr = si->si_addr;
		siglongjmp(*env, 1);
	}
	note_crash(si, ctx);
	/* Die of the same signal: re-executing the access faults again with
	 * the default action; a signal sent by kill() has to be raised. */
	signal(signo, SIG_DFL);
	if (si->si_code <= 0)
		raise(signo);
}

static void install(int signo, struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	__real_sigaction(signo, &sa, old);
}

void kit_fault_install(void)
{
	/* An alternate stack, so that a stack overflow is reported too. */
	static char altstack[64 * 1024];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };

	sigaltstack(&ss, NULL);
	install(SIGSEGV, NULL);
	install(SIGBUS, NULL);
}

void kit_probe_arm(sigjmp_buf *env)
{
	memset(&last, 0, sizeof last);
	install(SIGSEGV, &saved_segv);
	install(SIGBUS, &saved_bus);
	armed_env = env;
}

static int still_ours(int signo)
{
	struct sigaction now;

	__real_sigaction(signo, NULL, &now);
	return (now.sa_flags & SA_SIGINFO) && now.sa_sigaction == on_fault;
}

struct kit_fault kit_probe_disarm(void)
{
	armed_env = NULL;
	if (!still_ours(SIGSEGV) || !still_ours(SIGBUS))
		last.tampered = 1;
	__real_sigaction(SIGSEGV, &saved_segv, NULL);
	__real_sigaction(SIGBUS, &saved_bus, NULL);
	return last;
}

const char *kit_signal_name(int signo)
{
	switch (signo) {
	case 0: return K_("no signal");
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGKILL: return "SIGKILL";
	case SIGABRT: return "SIGABRT";
	case SIGFPE: return "SIGFPE";
	case SIGILL: return "SIGILL";
	default: return K_("another signal");
	}
}

const char *kit_code_name(int signo, int code)
{
	if (signo == SIGSEGV && code == SEGV_MAPERR) return "SEGV_MAPERR";
	if (signo == SIGSEGV && code == SEGV_ACCERR) return "SEGV_ACCERR";
	if (signo == SIGBUS && code == BUS_ADRERR) return "BUS_ADRERR";
	if (signo == SIGBUS && code == BUS_OBJERR) return "BUS_OBJERR";
	if (signo == SIGBUS && code == BUS_ADRALN) return "BUS_ADRALN";
	if (code <= 0) return K_("sent by a process");
	return K_("another si_code");
}

/* What the probe saw, as the end of a sentence. */
const char *kit_fault_describe(const struct kit_fault *f)
{
	static char text[256];

	if (f->tampered)
		snprintf(text, sizeof text, "%s", K_("the code under test replaced "
			 "the kit's SIGSEGV/SIGBUS handler, so the probe could "
			 "not observe the access"));
	else if (f->signo == 0)
		snprintf(text, sizeof text, "%s", K_("it completed without a fault"));
	else
		snprintf(text, sizeof text, K_("it faulted with %s (%s) at %p"),
			 kit_signal_name(f->signo),
			 kit_code_name(f->signo, f->code), f->addr);
	return text;
}

const char *kit_fault_mismatch(const struct kit_fault *f, int signo, int code,
			       const void *addr)
{
	static char text[512];
	char want[160];

	if (!f->tampered && f->signo == signo && f->code == code &&
	    (addr == NULL || f->addr == addr))
		return NULL;
	if (addr != NULL)
		snprintf(want, sizeof want, "%s (%s) at %p",
			 kit_signal_name(signo), kit_code_name(signo, code), addr);
	else
		snprintf(want, sizeof want, "%s (%s)", kit_signal_name(signo),
			 kit_code_name(signo, code));
	snprintf(text, sizeof text, K_("expected a fault with %s, but %s"), want,
		 kit_fault_describe(f));
	return text;
}

/* --- crash notes, written from the signal handler: async-signal-safe --- */

static unsigned long parse_hex(const char **s)
{
	unsigned long v = 0;

	for (;; (*s)++) {
		char c = **s;

		if (c >= '0' && c <= '9') v = v * 16 + (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f') v = v * 16 + (unsigned long)(c - 'a' + 10);
		else return v;
	}
}

/* If LINE (of /proc/self/maps, LEN bytes) holds ADDR, copies it to OUT. */
static int line_holds(const char *line, size_t len, uintptr_t addr,
		      char *out, size_t size)
{
	const char *p = line;
	unsigned long lo = parse_hex(&p), hi;

	p++;
	hi = parse_hex(&p);
	if (addr < lo || addr >= hi)
		return 0;
	if (len > size - 1)
		len = size - 1;
	memcpy(out, line, len);
	out[len] = '\0';
	return 1;
}

/*
 * Copies the /proc/self/maps line holding ADDR into OUT, or "in no
 * mapping".  Read a piece at a time, whatever the file's size (in a
 * signal handler: no malloc); a line longer than the buffer (a path of
 * thousands of bytes) is judged by its start, which holds the range.
 */
static void find_mapping(uintptr_t addr, char *out, size_t size)
{
	static char buf[16 * 1024];
	size_t len = 0;
	ssize_t n = 1;
	int fd = __real_open("/proc/self/maps", O_RDONLY), found = 0;

	strncpy(out, "in no mapping", size - 1);
	if (fd < 0)
		return;
	while (!found && (n > 0 || len > 0)) {
		char *end;

		if (n > 0 && len < sizeof buf - 1 &&
		    (n = __real_read(fd, buf + len, sizeof buf - 1 - len)) > 0)
			len += (size_t)n;
		buf[len] = '\0';
		end = memchr(buf, '\n', len);
		if (end == NULL && n > 0 && len < sizeof buf - 1)
			continue;               /* the line's end is still to come */
		if (end == NULL)
			end = buf + len;        /* the last line, or a huge one */
		found = line_holds(buf, (size_t)(end - buf), addr, out, size);
		if (end < buf + len)
			end++;
		len -= (size_t)(end - buf);
		memmove(buf, end, len);
		if (n <= 0 && len == 0)
			break;
	}
	__real_close(fd);
}

/* The faulting instruction's address, where the architecture tells. */
static uintptr_t program_counter(const void *ctx)
{
	const ucontext_t *uc = ctx;

#if defined(__x86_64__)
	return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
	return (uintptr_t)uc->uc_mcontext.pc;
#else
	(void)uc;
	return 0;
#endif
}

/* PC as an offset into the executable, for addr2line; 0 if elsewhere. */
static int executable_offset(uintptr_t pc, uintptr_t *offset)
{
	char line[192];
	const char *p = line;
	unsigned long lo, off;

	find_mapping(pc, line, sizeof line);
	if (pc == 0 || strstr(line, "/tests") == NULL)
		return 0;
	lo = parse_hex(&p);
	p = strchr(p, ' ');                     /* skip "-hi" */
	p = p ? strchr(p + 1, ' ') : NULL;      /* skip "r-xp" */
	if (p == NULL)
		return 0;
	p++;
	off = parse_hex(&p);
	*offset = pc - lo + off;
	return 1;
}

/* A "C" record for the runner: signal, si_code, address, where, mapping. */
static void note_crash(const siginfo_t *si, const void *ctx)
{
	static char where[192], line[400];
	uintptr_t pc = 0;
	int known;

	if (kit_verdict_fd < 0 || !kit_in_test_process())
		return;
	find_mapping((uintptr_t)si->si_addr, where, sizeof where);
	known = executable_offset(program_counter(ctx), &pc);
	for (char *p = where; *p; p++)
		if (*p == '\t' || *p == '\\')
			*p = ' ';
	snprintf(line, sizeof line, "C\t%d\t%d\t%lx\t%d\t%lx\t%s\n",
		 si->si_signo, si->si_code, (unsigned long)si->si_addr, known,
		 (unsigned long)pc, where);
	kit_hint_write();
	kit_verdict_write(line);
}
