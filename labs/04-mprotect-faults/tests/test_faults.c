/*
 * Tests of lab 04, page protections and faults.
 *
 * Faults that must happen are checked with the kit's probes, which stand in
 * for the student's SIGSEGV handler only while they run.  Faults that the
 * student's handler must resolve happen in plain test code, outside any
 * probe: if the handler fails to resolve one, the test crashes, and the kit
 * reports where.
 */
#include "kit.h"
#include "faults.h"

#include <signal.h>
#include <fcntl.h>
#include <malloc.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* NPAGES fresh anonymous pages with protection PROT. */
static unsigned char *map_pages(size_t npages, int prot)
{
	void *p = mmap(NULL, npages * kit_page_size(), prot,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ck_assert_msg(p != MAP_FAILED, _("the test could not map its pages"));
	return p;
}

/* The start of the page that holds P. */
static unsigned char *page_of(const void *p)
{
	size_t page = kit_page_size();

	return (unsigned char *)((uintptr_t)p / page * page);
}

/*
 * The rights of the page holding ADDR as /proc/self/maps prints them
 * ("rw-", "r--", "---"), or "unmapped".  stdio's own open and read stay
 * inside libc, out of the call counters.
 */
static const char *rights_of(const void *addr)
{
	static char rights[16];
	unsigned long at = (unsigned long)addr, lo, hi;
	char line[512], perms[5];
	FILE *maps = fopen("/proc/self/maps", "re");

	strcpy(rights, "unmapped");
	while (maps != NULL && fgets(line, sizeof line, maps))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 &&
		    lo <= at && at < hi) {
			snprintf(rights, sizeof rights, "%.3s", perms);
			break;
		}
	if (maps != NULL)
		fclose(maps);
	return rights;
}

/* --- SIGSEGV actions ---------------------------------------------------- */

static struct sigaction segv_action_now(void)
{
	struct sigaction now;

	sigaction(SIGSEGV, NULL, &now);
	return now;
}

/* The SIGSEGV action must be BEFORE again, handler and flags alike. */
static void assert_segv_action_is(const struct sigaction *before,
				  const char *after_what)
{
	struct sigaction now = segv_action_now();
	int siginfo = now.sa_flags & SA_SIGINFO;
	int same = siginfo == (before->sa_flags & SA_SIGINFO) &&
		   (siginfo ? now.sa_sigaction == before->sa_sigaction
			    : now.sa_handler == before->sa_handler);

	ck_assert_msg(same,
		      /* TRANSLATORS: %s is a function name, or a phrase of
		       * this catalogue such as "a failed pf_try". */
		      _("after %s, the SIGSEGV action is not the one that was "
			"in place before: save it with sigaction's third "
			"argument and put it back"), after_what);
}

/*
 * A SIGSEGV handler of the test's own, to stand "before" the student's:
 * it records what it was called with and jumps back to the test.  The
 * SA_SIGINFO form records the whole siginfo; the plain form, only the
 * signal.
 */
static sigjmp_buf own_env;
static volatile sig_atomic_t own_signo, own_code;
static void *volatile own_addr;

static void own_siginfo_handler(int signo, siginfo_t *si, void *ctx)
{
	(void)ctx;
	own_signo = signo;
	own_code = si->si_code;
	own_addr = si->si_addr;
	siglongjmp(own_env, 1);
}

static void own_plain_handler(int signo)
{
	own_signo = signo;
	own_code = -1;
	own_addr = NULL;
	siglongjmp(own_env, 1);
}

/* Installs one of them for SIGSEGV, and returns the action it replaced. */
static struct sigaction install_own_handler(int siginfo)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	if (siginfo) {
		sa.sa_sigaction = own_siginfo_handler;
		sa.sa_flags = SA_SIGINFO;
	} else {
		sa.sa_handler = own_plain_handler;
	}
	ck_assert_int_eq(sigaction(SIGSEGV, &sa, &old), 0);
	own_signo = 0;
	own_code = 0;
	own_addr = NULL;
	return old;
}

/* --- dirty page sets ---------------------------------------------------- */

/* "{1, 4, 9}" into OUT. */
static void format_pages(char *out, size_t size, const size_t *pages, size_t n)
{
	size_t used = (size_t)snprintf(out, size, "{");

	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%zu",
					 i ? ", " : "", pages[i]);
	if (used < size)
		snprintf(out + used, size - used, "}");
}

/* pf_track_dirty must list exactly the pages I with WRITTEN[I] set. */
static void assert_dirty_pages(const unsigned char *written, size_t npages)
{
	size_t want[256], got[256], nwant = 0, ngot;
	char want_text[1024], got_text[1024];

	ck_assert(npages <= 256);
	for (size_t i = 0; i < npages; i++)
		if (written[i])
			want[nwant++] = i;
	ngot = pf_track_dirty(got, 256);
	format_pages(want_text, sizeof want_text, want, nwant);
	format_pages(got_text, sizeof got_text, got, ngot < 256 ? ngot : 256);
	ck_assert_msg(ngot == nwant &&
		      memcmp(got, want, nwant * sizeof *got) == 0,
		      _("the written pages are %s, pf_track_dirty reported %s"),
		      want_text, got_text);
}

/* A write of VALUE at a random byte of the LEN bytes at P; notes its page. */
static void random_write(unsigned char *p, size_t len, unsigned char *written,
			 unsigned char value)
{
	size_t at = kit_random() % len;

	kit_touch_write(p + at, (char)value);
	written[at / kit_page_size()] = 1;
}

/*
 * A write at AT that the student's handler does not own must reach the
 * test's own handler, installed before, with signal SIGSEGV and, for the
 * SA_SIGINFO form (SIGINFO), with si_code CODE and si_addr AT.
 */
static void assert_reaches_own_handler(unsigned char *at, int code,
				       int siginfo)
{
	own_signo = 0;
	if (sigsetjmp(own_env, 1) == 0) {
		kit_touch_write(at, 1);
		ck_abort_msg(
			     _("the write at %p went through: the handler "
			       "opened a page it does not own"), (void *)at);
	}
	ck_assert_msg(own_signo == SIGSEGV,
		      _("the fault at %p did not reach the handler installed "
			"before yours: pass it on"),
		      (void *)at);
	if (siginfo) {
		ck_assert_msg(own_code == code,
			      _("the previous handler got si_code %s, the "
				"fault was %s: pass the siginfo on as it came"),
			      kit_code_name(SIGSEGV, own_code),
			      kit_code_name(SIGSEGV, code));
		ck_assert_msg(own_addr == at,
			      _("the previous handler got si_addr %p, the "
				"fault was at %p"), own_addr,
			      (void *)at);
	}
}

/* --- what pf_try runs --------------------------------------------------- */

static void read_byte(void *p)
{
	kit_touch_read(p);
}

static void write_42(void *p)
{
	*(volatile int *)p = 42;
}

/* --- Part 1: guard pages ------------------------------------------------ */

KIT_TEST(guard_buffer_usable, .points = 2,
	 .desc = N_("pf_guarded_alloc gives SIZE usable bytes from one "
		    "mapping of guard + body + guard; pf_guarded_free "
		    "unmaps it all"),
	 .hint = N_("Map guard + the pages SIZE needs + guard in one mmap "
		    "call and fill map_start and map_len with that span; "
		    "munmap from map_start for map_len bytes, not from data."))
{
	size_t page = kit_page_size();
	size_t sizes[] = { 1, page - 1, page, page + 1, 3 * page + 100 };

	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t size = sizes[k];
		size_t body = (size + page - 1) / page * page;
		struct pf_guarded buf = { 0 };
		struct kit_snapshot before;
		unsigned char *start;
		size_t len;

		kit_snapshot_take(&before);
		kit_calls_reset();
		ck_assert_int_eq(pf_guarded_alloc(&buf, size), 0);
		ck_assert_calls(mmap, 1);
		ck_assert_msg(kit_mmap_calls_with(MAP_PRIVATE | MAP_ANONYMOUS)
			      == 1, _("map the span private and anonymous"));
		ck_assert_uint_eq(buf.size, size);
		start = buf.map_start;
		len = buf.map_len;
		ck_assert_msg(len == body + 2 * page,
			      _("size %zu: map_len is %zu, expected %zu "
				"(guard + %zu page(s) + guard)"), size,
			      len, body + 2 * page, body / page);
		ck_assert_msg(kit_is_mapped(start, len),
			      _("map_start and map_len do not "
				"describe a mapping"));
		ck_assert_msg(buf.data == start + page + (body - size),
			      _("size %zu: data is map_start + %td, expected "
				"map_start + %zu (the buffer ends against "
				"the upper guard)"), size, buf.data - start,
			      page + (body - size));
		ck_assert_str_eq(rights_of(start), "---");
		ck_assert_str_eq(rights_of(buf.data), "rw-");
		ck_assert_str_eq(rights_of(start + len - page - 1), "rw-");
		ck_assert_str_eq(rights_of(start + len - 1), "---");
		memset(buf.data, 0x5A, buf.size);
		ck_assert_int_eq(buf.data[0], 0x5A);
		ck_assert_int_eq(buf.data[buf.size - 1], 0x5A);
		ck_assert_int_eq(pf_guarded_free(&buf), 0);
		ck_assert_unmapped(start, len);
		ck_assert_no_leaks(&before);
	}
}

KIT_TEST(guard_alloc_errors, .points = 2,
	 .desc = N_("pf_guarded_alloc fails cleanly: EINVAL for size 0, "
		    "ENOMEM for a size that overflows, the errno of a failed "
		    "mmap or mprotect with nothing left mapped; "
		    "pf_guarded_free reports munmap's failure"),
	 .hint = N_("Check SIZE before rounding it up (SIZE_MAX rounded up "
		    "wraps to 0).  When mprotect fails after mmap "
		    "succeeded, munmap the span before returning -1, "
		    "keeping mprotect's errno."))
{
	size_t page = kit_page_size();
	struct pf_guarded buf = { 0 };
	struct kit_snapshot before;
	void *span;
	size_t len;

	kit_snapshot_take(&before);
	ck_assert_fails_with(pf_guarded_alloc(&buf, 0), -1, EINVAL);
	ck_assert_fails_with(pf_guarded_alloc(&buf, SIZE_MAX), -1, ENOMEM);
	ck_assert_fails_with(pf_guarded_alloc(&buf, SIZE_MAX - page + 1), -1,
			     ENOMEM);
	ck_assert_no_leaks(&before);

	kit_fail_nth(KIT_mmap, 1, EAGAIN);
	ck_assert_fails_with(pf_guarded_alloc(&buf, 100), -1, EAGAIN);
	ck_assert_no_leaks(&before);

	kit_calls_reset();
	kit_fail_nth(KIT_mprotect, 1, EACCES);
	ck_assert_fails_with(pf_guarded_alloc(&buf, 5 * page), -1, EACCES);
	ck_assert_calls(mmap, 1);
	span = kit_last_mmap()->result;
	ck_assert_msg(span != MAP_FAILED && !kit_is_mapped(span, 1),
		      _("the span mapped before mprotect failed "
			"is still mapped"));
	ck_assert_no_leaks(&before);

	/* pf_guarded_free passes munmap's failure on. */
	ck_assert_int_eq(pf_guarded_alloc(&buf, page), 0);
	span = buf.map_start;
	len = buf.map_len;
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(pf_guarded_free(&buf), -1, EINVAL);
	munmap(span, len);
}

KIT_TEST(guard_overflow_faults, .points = 3, .faults = 1,
	 .desc = N_("the first byte past the buffer, data[size], faults with "
		    "SIGSEGV (SEGV_ACCERR), and so does the whole upper guard"),
	 .hint = N_("Round size up to whole pages for the body, then place "
		    "data so the buffer ends where the upper guard begins: "
		    "the slack goes at the start of the body."))
{
	size_t page = kit_page_size(), size = 3 * page + 100;
	struct pf_guarded buf = { 0 };
	unsigned char *end;

	ck_assert_int_eq(pf_guarded_alloc(&buf, size), 0);
	end = buf.data + size;
	ck_assert_no_fault(kit_touch_write(end - 1, 1));
	ck_assert_fault(kit_touch_write(end, 1), SIGSEGV, SEGV_ACCERR, end);
	ck_assert_fault(kit_touch_read(end), SIGSEGV, SEGV_ACCERR, end);
	ck_assert_fault(kit_touch_read(end + page - 1), SIGSEGV, SEGV_ACCERR,
			end + page - 1);
	pf_guarded_free(&buf);
}

KIT_TEST(guard_underflow_faults, .points = 2, .faults = 1,
	 .desc = N_("the page below the body is a guard: when size is a "
		    "whole number of pages, data[-1] faults at exactly "
		    "data - 1; otherwise data[-1] is slack and the guard "
		    "starts below it"),
	 .hint = N_("The span starts with one PROT_NONE page; mprotect opens "
		    "only the pages after it, and the slack (body minus size) "
		    "lies between the lower guard and data[0]."))
{
	size_t page = kit_page_size();
	struct pf_guarded buf = { 0 };
	unsigned char *below;

	ck_assert_int_eq(pf_guarded_alloc(&buf, 2 * page), 0);
	ck_assert_no_fault(kit_touch_write(buf.data, 1));
	ck_assert_fault(kit_touch_write(buf.data - 1, 1), SIGSEGV, SEGV_ACCERR,
			buf.data - 1);
	ck_assert_fault(kit_touch_read(buf.data - page), SIGSEGV, SEGV_ACCERR,
			buf.data - page);
	pf_guarded_free(&buf);

	/* With slack, data[-1] is in the slack: the guard is right below the
	 * page that holds data[0], and that is where the first fault is. */
	ck_assert_int_eq(pf_guarded_alloc(&buf, page + 100), 0);
	below = page_of(buf.data) - 1;
	ck_assert_no_fault(kit_touch_write(buf.data - 1, 1));
	ck_assert_no_fault(kit_touch_write(below + 1, 1));
	ck_assert_fault(kit_touch_read(below), SIGSEGV, SEGV_ACCERR, below);
	ck_assert_fault(kit_touch_write(below - page + 1, 1), SIGSEGV,
			SEGV_ACCERR, below - page + 1);
	pf_guarded_free(&buf);
}

/* --- Part 2: changing the protection of pages --------------------------- */

KIT_TEST(readonly_blocks_writes, .points = 2, .faults = 1,
	 .desc = N_("after pf_make_readonly, a write to that page faults "
		    "with SEGV_ACCERR while reads still work; the neighbours "
		    "stay writable"),
	 .hint = N_("mprotect(addr, len, PROT_READ) changes the rights of the "
		    "pages it names, and of no other page."))
{
	size_t page = kit_page_size();
	unsigned char *p = map_pages(3, PROT_READ | PROT_WRITE);
	unsigned char *mid = p + page + 5;

	memset(p, 'a', 3 * page);
	ck_assert_int_eq(pf_make_readonly(p + page, page), 0);
	ck_assert_fault(kit_touch_write(mid, 'x'), SIGSEGV, SEGV_ACCERR, mid);
	ck_assert_no_fault(kit_touch_read(mid));
	ck_assert_int_eq(*mid, 'a');
	ck_assert_no_fault(kit_touch_write(p + page - 1, 'b'));
	ck_assert_no_fault(kit_touch_write(p + 2 * page, 'c'));
	munmap(p, 3 * page);
}

KIT_TEST(protect_roundtrip, .points = 2,
	 .desc = N_("pf_make_readonly then pf_make_writable: the rights in "
		    "/proc/self/maps go r-- then rw-, the content never "
		    "changes; a length is rounded up to whole pages"),
	 .hint = N_("mprotect changes rights, not content: no copy, no new "
		    "mapping.  Pass LEN as it is: the kernel rounds it up."))
{
	size_t page = kit_page_size();
	unsigned char *p = map_pages(4, PROT_READ | PROT_WRITE);

	for (size_t i = 0; i < 4 * page; i++)
		p[i] = kit_pattern_byte((off_t)i);
	ck_assert_int_eq(pf_make_readonly(p, 4 * page), 0);
	for (size_t k = 0; k < 4; k++)
		ck_assert_str_eq(rights_of(p + k * page), "r--");
	ck_assert_int_eq(pf_make_writable(p, 4 * page), 0);
	for (size_t k = 0; k < 4; k++)
		ck_assert_str_eq(rights_of(p + k * page), "rw-");
	for (size_t i = 0; i < 4 * page; i++)
		ck_assert_msg(p[i] == kit_pattern_byte((off_t)i),
			      _("byte %zu changed"), i);
	p[3 * page + 1] = 9;

	/* LEN is rounded up to whole pages: page + 1 bytes are 2 pages. */
	ck_assert_int_eq(pf_make_readonly(p + page, page + 1), 0);
	ck_assert_str_eq(rights_of(p), "rw-");
	ck_assert_str_eq(rights_of(p + page), "r--");
	ck_assert_str_eq(rights_of(p + 2 * page), "r--");
	ck_assert_str_eq(rights_of(p + 3 * page), "rw-");
	ck_assert_int_eq(pf_make_writable(p + 2 * page, 1), 0);
	ck_assert_str_eq(rights_of(p + page), "r--");
	ck_assert_str_eq(rights_of(p + 2 * page), "rw-");
	munmap(p, 4 * page);
}

KIT_TEST(protect_errors,
	 .desc = N_("pf_make_readonly and pf_make_writable fail as mprotect "
		    "does: EINVAL for an address inside a page (no right "
		    "changes), ENOMEM for a range with a hole, EACCES for "
		    "rights the mapping cannot have"),
	 .hint = N_("Pass the address to mprotect as it is: mprotect itself "
		    "refuses it.  Rounding it down would change the rights of "
		    "bytes the caller never named.  Return -1 and leave "
		    "mprotect's errno."))
{
	size_t page = kit_page_size();
	unsigned char *p = map_pages(3, PROT_READ | PROT_WRITE);
	const char *path = kit_file_with("ro.bin", "read only", 9);
	unsigned char *view;
	int fd;

	ck_assert_fails_with(pf_make_readonly(p + 1, page), -1, EINVAL);
	ck_assert_str_eq(rights_of(p), "rw-");
	ck_assert_str_eq(rights_of(p + page), "rw-");
	ck_assert_fails_with(pf_make_writable(p + page / 2, page), -1, EINVAL);

	/* A hole in the middle of the range. */
	munmap(p + page, page);
	ck_assert_fails_with(pf_make_readonly(p, 3 * page), -1, ENOMEM);
	ck_assert_fails_with(pf_make_writable(p, 3 * page), -1, ENOMEM);
	munmap(p, 3 * page);

	/* A shared view of a file opened read-only can never be written. */
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	view = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 0);
	ck_assert_ptr_ne(view, MAP_FAILED);
	close(fd);
	ck_assert_fails_with(pf_make_writable(view, page), -1, EACCES);
	ck_assert_str_eq(rights_of(view), "r--");
	ck_assert_int_eq(pf_make_readonly(view, page), 0);
	munmap(view, page);
}

/* --- Part 3: catching a fault ------------------------------------------- */

KIT_TEST(try_reports_fault, .points = 3, .faults = 1,
	 .desc = N_("pf_try reports a fault's signal, si_code and si_addr: "
		    "SEGV_ACCERR on a PROT_NONE page, SEGV_MAPERR where "
		    "nothing is mapped"),
	 .hint = N_("Install the handler with SA_SIGINFO and use "
		    "the three-argument form: siginfo_t carries "
		    "si_code and si_addr."))
{
	size_t page = kit_page_size();
	unsigned char *none = map_pages(1, PROT_NONE);
	unsigned char *around = map_pages(3, PROT_READ | PROT_WRITE);
	unsigned char *hole = around + page;
	struct pf_fault fault = { -1, -1, NULL };

	ck_assert_int_eq(pf_try(read_byte, none + 123, &fault), 1);
	ck_assert_int_eq(fault.signo, SIGSEGV);
	ck_assert_msg(fault.code == SEGV_ACCERR,
		      _("si_code is %s, expected SEGV_ACCERR"),
		      kit_code_name(SIGSEGV, fault.code));
	ck_assert_ptr_eq(fault.addr, none + 123);

	/* A hole between two mappings of the test: no mapping holds it. */
	munmap(hole, page);
	ck_assert_int_eq(pf_try(write_42, hole + 8, &fault), 1);
	ck_assert_int_eq(fault.signo, SIGSEGV);
	ck_assert_msg(fault.code == SEGV_MAPERR,
		      _("si_code is %s, expected SEGV_MAPERR"),
		      kit_code_name(SIGSEGV, fault.code));
	ck_assert_ptr_eq(fault.addr, hole + 8);
	munmap(none, page);
	munmap(around, 3 * page);
}

KIT_TEST(try_without_fault,
	 .desc = N_("pf_try runs a function that does not fault, returns 0 "
		    "with signo 0, and puts back the SIGSEGV action that was "
		    "there, whatever it was"),
	 .hint = N_("sigsetjmp returns 0 the first time: call fn then, and "
		    "put the saved action back (sigaction's third argument) "
		    "on both paths, not SIG_DFL."))
{
	int value = 0;
	struct pf_fault fault = { -1, -1, &value };
	struct sigaction before = segv_action_now(), kit_action;

	ck_assert_int_eq(pf_try(write_42, &value, &fault), 0);
	ck_assert_int_eq(value, 42);
	ck_assert_int_eq(fault.signo, 0);
	assert_segv_action_is(&before, "pf_try");

	/* Another action in place before the call: it is the one put back. */
	kit_action = install_own_handler(0);
	before = segv_action_now();
	value = 0;
	ck_assert_int_eq(pf_try(write_42, &value, &fault), 0);
	ck_assert_int_eq(value, 42);
	assert_segv_action_is(&before, "pf_try");
	ck_assert_int_eq(sigaction(SIGSEGV, &kit_action, NULL), 0);
}

KIT_TEST(try_sigaction_failure,
	 .desc = N_("when sigaction fails, pf_try returns -1 with its errno, "
		    "without calling fn, and the SIGSEGV action is unchanged"),
	 .hint = N_("Check what sigaction returns before going on: without "
		    "your handler, a fault in fn would kill the process."))
{
	int value = 0;
	struct pf_fault fault = { -1, -1, NULL };
	struct sigaction before = segv_action_now();

	kit_fail_nth(KIT_sigaction, 1, EINVAL);
	ck_assert_fails_with(pf_try(write_42, &value, &fault), -1, EINVAL);
	ck_assert_msg(value == 0,
		      _("fn ran although the handler could not be installed"));
	assert_segv_action_is(&before, _("a failed pf_try"));
}

KIT_TEST(try_twice_in_a_row, .points = 2, .faults = 1,
	 .desc = N_("pf_try catches one fault after another, restores the "
		    "previous SIGSEGV action each time, and a call without a "
		    "fault after them reports none"),
	 .hint = N_("A handler runs with its signal blocked; jumping out with "
		    "longjmp leaves SIGSEGV blocked, and the next fault kills "
		    "the process.  Use sigsetjmp(env, 1) and siglongjmp: they "
		    "restore the signal mask."))
{
	size_t page = kit_page_size();
	unsigned char *none = map_pages(2, PROT_NONE);
	struct sigaction before = segv_action_now();
	struct pf_fault fault;
	int value = 0;

	for (size_t k = 0; k < 4; k++) {
		unsigned char *at = none + (k % 2) * page + k;

		ck_assert_int_eq(pf_try(read_byte, at, &fault), 1);
		ck_assert_ptr_eq(fault.addr, at);
		assert_segv_action_is(&before, _("a fault caught by pf_try"));
	}
	/* After faults, a call without one still reports none. */
	ck_assert_int_eq(pf_try(write_42, &value, &fault), 0);
	ck_assert_msg(fault.signo == 0 && value == 42,
		      _("after earlier faults, pf_try without a fault "
			"reported signal %d: clear what the handler records "
			"before each call"), fault.signo);
	munmap(none, 2 * page);
}

/* --- Part 4: a dirty-page tracker --------------------------------------- */

KIT_TEST(track_random_writes, .points = 3, .faults = 1,
	 .desc = N_("after random writes, pf_track_dirty lists exactly the "
		    "written pages, the data is intact, and pf_track_stop "
		    "restores the previous SIGSEGV action"),
	 .hint = N_("In the handler, mprotect the page that holds si_addr "
		    "(round it down to a page boundary), mark it, and return: "
		    "the write runs again and succeeds."))
{
	enum { NPAGES = 64, NWRITES = 40 };
	size_t page = kit_page_size(), len = NPAGES * page;
	unsigned char *p = map_pages(NPAGES, PROT_READ | PROT_WRITE);
	unsigned char *shadow = malloc(len);
	unsigned char written[NPAGES] = { 0 };
	struct sigaction before = segv_action_now();

	ck_assert_ptr_nonnull(shadow);
	for (size_t i = 0; i < len; i++)
		p[i] = shadow[i] = kit_pattern_byte((off_t)i);
	ck_assert_int_eq(pf_track_start(p, len), 0);
	for (int k = 0; k < NWRITES; k++) {
		size_t look = kit_random() % len, at = kit_random() % len;
		unsigned char value = (unsigned char)kit_random();

		/* Reads anywhere: they must not mark anything. */
		ck_assert_int_eq(p[look], shadow[look]);
		kit_touch_write(p + at, (char)value);
		shadow[at] = value;
		written[at / page] = 1;
	}
	assert_dirty_pages(written, NPAGES);
	ck_assert_int_eq(pf_track_stop(), 0);
	assert_segv_action_is(&before, "pf_track_stop");
	ck_assert_msg(memcmp(p, shadow, len) == 0,
		      _("the region's content differs from what was written"));
	free(shadow);
	munmap(p, len);
}

KIT_TEST(track_reads_stay_clean, .points = 2,
	 .desc = N_("a tracked region is read-only and reading it marks "
		    "nothing; pf_track_stop makes it writable again, and "
		    "frees the state"),
	 .hint = N_("Reads are allowed on a PROT_READ page: they never reach "
		    "the handler.  pf_track_stop must mprotect the whole "
		    "region back to PROT_READ | PROT_WRITE, put the old "
		    "action back and free the flags pf_track_start allocated."))
{
	enum { NPAGES = 16, BIG = 64 * 1024 };
	size_t page = kit_page_size(), len = NPAGES * page;
	unsigned char *p = map_pages(NPAGES, PROT_READ | PROT_WRITE);
	struct sigaction before = segv_action_now();
	struct kit_snapshot snap;
	unsigned long sum = 0, want = 0;

	for (size_t i = 0; i < len; i++) {
		p[i] = kit_pattern_byte((off_t)i);
		want += p[i];
	}
	kit_snapshot_take(&snap);
	ck_assert_int_eq(pf_track_start(p, len), 0);
	for (size_t k = 0; k < NPAGES; k++)
		ck_assert_str_eq(rights_of(p + k * page), "r--");
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	ck_assert_uint_eq(sum, want);
	ck_assert_uint_eq(pf_track_dirty(NULL, 0), 0);
	ck_assert_int_eq(pf_track_stop(), 0);
	for (size_t k = 0; k < NPAGES; k++)
		ck_assert_str_eq(rights_of(p + k * page), "rw-");
	assert_segv_action_is(&before, "pf_track_stop");
	ck_assert_no_leaks(&snap);
	p[len - 1] = 1;
	munmap(p, len);

	/* A region of 64 Ki pages, with malloc told to map every block of a
	 * page or more apart (and its heap trimmed): state of that size that pf_track_stop does not
	 * free stays behind as a mapping.  (Under valgrind, which replaces
	 * malloc, valgrind reports the leak itself.) */
	mallopt(M_MMAP_THRESHOLD, (int)page);
	mallopt(M_TOP_PAD, 0);
	p = map_pages(BIG, PROT_READ | PROT_WRITE);
	malloc_trim(0);
	kit_snapshot_take(&snap);
	ck_assert_int_eq(pf_track_start(p, BIG * page), 0);
	ck_assert_int_eq(pf_track_stop(), 0);
	ck_assert_msg(kit_mapping_leaks(&snap) == NULL,
		      _("after pf_track_stop, memory allocated by "
			"pf_track_start is still there: free the state (%s)"),
		      kit_mapping_leaks(&snap));
	munmap(p, BIG * page);
}

KIT_TEST(track_epochs, .points = 2, .faults = 1,
	 .desc = N_("after pf_track_reset, the region is r-- again, "
		    "reads mark nothing, and pf_track_dirty lists "
		    "exactly the pages written since the reset, even "
		    "pages that were dirty before"),
	 .hint = N_("Reset must make every page read-only again: a page "
		    "left writable never faults again, so its next "
		    "write goes unseen."))
{
	enum { NPAGES = 32 };
	size_t page = kit_page_size(), len = NPAGES * page;
	unsigned char *p = map_pages(NPAGES, PROT_READ | PROT_WRITE);
	unsigned char first[NPAGES] = { 0 }, second[NPAGES] = { 0 };
	size_t again = 0;

	ck_assert_int_eq(pf_track_start(p, len), 0);
	for (int k = 0; k < 10; k++)
		random_write(p, len, first, 1);
	assert_dirty_pages(first, NPAGES);

	ck_assert_int_eq(pf_track_reset(), 0);
	ck_assert_uint_eq(pf_track_dirty(NULL, 0), 0);
	for (size_t k = 0; k < NPAGES; k++) {
		ck_assert_str_eq(rights_of(p + k * page), "r--");
		kit_touch_read(p + k * page + 5);
	}
	ck_assert_msg(pf_track_dirty(NULL, 0) == 0,
		      _("reads after pf_track_reset marked pages: the region "
			"must be PROT_READ again, not PROT_NONE"));
	while (!first[again])
		again++;
	kit_touch_write(p + again * page + 17, 2);
	second[again] = 1;
	for (int k = 0; k < 10; k++)
		random_write(p, len, second, 3);
	assert_dirty_pages(second, NPAGES);
	ck_assert_int_eq(pf_track_stop(), 0);
	munmap(p, len);
}

/*
 * In a child whose SIGSEGV action is the default one, with the tracker
 * (LAZY 0) or a lazy reservation (LAZY 1) in place, a write that the
 * handler resolves, then a write to a PROT_NONE page elsewhere: the child
 * must die of SIGSEGV.
 */
static void assert_foreign_write_kills(int lazy)
{
	size_t page = kit_page_size();
	unsigned char *p = map_pages(4, PROT_READ | PROT_WRITE);
	unsigned char *other = map_pages(1, PROT_NONE);
	/* TRANSLATORS: completes "the write outside %s ..." below. */
	const char *who = lazy ? _("the reservation") : _("the region");
	int status = 0;
	pid_t child = fork();

	ck_assert_int_ge(child, 0);
	if (child == 0) {
		/* A handler that loops must not hang the test: die of SIGALRM
		 * (Check's own SIGALRM handler would kill the whole test).
		 * The expected death leaves no core file behind. */
		struct rlimit no_core = { 0, 0 };
		unsigned char *r = p;

		setrlimit(RLIMIT_CORE, &no_core);
		signal(SIGALRM, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		alarm(2);
		if (lazy ? (r = pf_lazy_reserve(4 * page)) == NULL
			 : pf_track_start(p, 4 * page) != 0)
			_exit(3);
		kit_touch_write(r + page, 1);
		if ((lazy ? pf_lazy_pages() : pf_track_dirty(NULL, 0)) != 1)
			_exit(3);
		kit_touch_write(other, 1);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert_msg(!(WIFEXITED(status) && WEXITSTATUS(status) == 3),
		      _("%s did not work in a process whose SIGSEGV action "
			"was the default one"), lazy ? "pf_lazy_reserve"
						  : "pf_track_start");
	ck_assert_msg(!WIFEXITED(status),
		      _("the write outside %s went through: the handler "
			"opened a page it does not own"), who);
	ck_assert_msg(!(WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM),
		      _("the write outside %s faulted again and again: the "
			"handler returned without passing the fault on (with "
			"SIG_DFL before, restore it, then return)"), who);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
		      _("the process should die of SIGSEGV, it "
			"died of signal %d"),
		      WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	munmap(p, 4 * page);
	munmap(other, page);
}

KIT_TEST(foreign_faults_still_kill, .points = 2, .faults = 1,
	 .desc = N_("with the default SIGSEGV action in place before, a write "
		    "to a PROT_NONE page outside the tracked region or the "
		    "lazy reservation still kills the process with SIGSEGV"),
	 .hint = N_("A fault outside your region is a bug of the program: "
		    "pass it on.  When the previous action was SIG_DFL (or "
		    "SIG_IGN), pass_on sets SIG_DFL back and returns; the "
		    "access runs again and the process dies.  Never unprotect "
		    "a page you do not own."))
{
	assert_foreign_write_kills(0);
	assert_foreign_write_kills(1);
}

KIT_TEST(track_dirty_counts_all, .points = 2, .faults = 1,
	 .desc = N_("pf_track_dirty(pages, max) stores at most max "
		    "indices and returns how many pages are dirty; (NULL, "
		    "0) only counts"),
	 .hint = N_("Count every dirty page, but store an index only while "
		    "the count is below max: the caller learns how big an "
		    "array it needs."))
{
	enum { NPAGES = 24, SENTINEL = 999 };
	size_t page = kit_page_size(), len = NPAGES * page;
	unsigned char *p = map_pages(NPAGES, PROT_READ | PROT_WRITE);
	size_t got[NPAGES];
	static const size_t dirty[] = { 1, 3, 4, 23 };

	for (size_t i = 0; i < NPAGES; i++)
		got[i] = SENTINEL;
	ck_assert_uint_eq(pf_track_dirty(got, NPAGES), 0);
	ck_assert_msg(got[0] == SENTINEL,
		      _("pf_track_dirty stored an index while no "
			"region is tracked"));
	ck_assert_uint_eq(pf_track_dirty(NULL, 0), 0);

	ck_assert_int_eq(pf_track_start(p, len), 0);
	ck_assert_uint_eq(pf_track_dirty(got, NPAGES), 0);
	ck_assert_msg(got[0] == SENTINEL,
		      _("pf_track_dirty stored an index while no "
			"page is dirty"));
	for (size_t k = 0; k < 4; k++) {
		kit_touch_write(p + dirty[k] * page + 3, 1);
		kit_touch_write(p + dirty[k] * page + page - 1, 2);
	}
	/* A written page is readable and writable again; the others are
	 * still read-only. */
	ck_assert_str_eq(rights_of(p + 3 * page), "rw-");
	ck_assert_str_eq(rights_of(p + 2 * page), "r--");
	ck_assert_uint_eq(pf_track_dirty(NULL, 0), 4);
	ck_assert_uint_eq(pf_track_dirty(got, 2), 4);
	ck_assert_uint_eq(got[0], 1);
	ck_assert_uint_eq(got[1], 3);
	for (size_t i = 2; i < NPAGES; i++)
		ck_assert_msg(got[i] == SENTINEL,
			      _("with max 2, pf_track_dirty wrote pages[%zu]"),
			      i);
	ck_assert_uint_eq(pf_track_dirty(got, NPAGES), 4);
	for (size_t k = 0; k < 4; k++)
		ck_assert_uint_eq(got[k], dirty[k]);
	ck_assert_msg(got[4] == SENTINEL,
		      _("pf_track_dirty wrote pages[4] with only "
			"4 dirty pages"));
	ck_assert_int_eq(pf_track_stop(), 0);
	ck_assert_uint_eq(pf_track_dirty(NULL, 0), 0);
	munmap(p, len);
}

KIT_TEST(track_errors, .points = 2,
	 .desc = N_("pf_track_start refuses EINVAL arguments, a region "
		    "too large (ENOMEM) and a second region (EBUSY); stop "
		    "and reset without a region fail with EINVAL; a "
		    "failed sigaction or mprotect is reported and leaves "
		    "nothing installed"),
	 .hint = N_("Check the arguments and TRACK.BASE first.  When a step "
		    "of pf_track_start fails, undo the steps before it "
		    "(restore the action, free the flags) and return -1 with "
		    "that step's errno."))
{
	size_t page = kit_page_size();
	unsigned char *p = map_pages(4, PROT_READ | PROT_WRITE);
	unsigned char *q = map_pages(1, PROT_READ | PROT_WRITE);
	struct sigaction before = segv_action_now();

	ck_assert_fails_with(pf_track_start(p + 1, page), -1, EINVAL);
	ck_assert_fails_with(pf_track_start(p, 0), -1, EINVAL);
	/* Far more pages than the address space has: ENOMEM, from the
	 * allocation of the flags or from mprotect. */
	ck_assert_fails_with(pf_track_start(p, SIZE_MAX / page * page), -1,
			     ENOMEM);
	ck_assert_str_eq(rights_of(p), "rw-");
	ck_assert_fails_with(pf_track_stop(), -1, EINVAL);
	ck_assert_fails_with(pf_track_reset(), -1, EINVAL);
	assert_segv_action_is(&before, _("the refused calls"));

	ck_assert_int_eq(pf_track_start(p, 4 * page), 0);
	ck_assert_fails_with(pf_track_start(q, page), -1, EBUSY);
	ck_assert_str_eq(rights_of(q), "rw-");
	ck_assert_str_eq(rights_of(p), "r--");
	ck_assert_int_eq(pf_track_stop(), 0);
	ck_assert_str_eq(rights_of(p), "rw-");

	/* sigaction fails: nothing is tracked, nothing changed. */
	kit_fail_nth(KIT_sigaction, 1, EINVAL);
	ck_assert_fails_with(pf_track_start(p, 4 * page), -1, EINVAL);
	assert_segv_action_is(&before, _("a failed pf_track_start"));
	ck_assert_str_eq(rights_of(p), "rw-");
	ck_assert_fails_with(pf_track_stop(), -1, EINVAL);

	/* mprotect fails: the handler is gone again, nothing is tracked. */
	kit_fail_nth(KIT_mprotect, 1, ENOMEM);
	ck_assert_fails_with(pf_track_start(p, 4 * page), -1, ENOMEM);
	assert_segv_action_is(&before, _("a failed pf_track_start"));
	ck_assert_str_eq(rights_of(p), "rw-");
	ck_assert_fails_with(pf_track_stop(), -1, EINVAL);

	/* reset's mprotect fails: reported, and the region is still tracked. */
	ck_assert_int_eq(pf_track_start(p, 4 * page), 0);
	kit_fail_nth(KIT_mprotect, 1, ENOMEM);
	ck_assert_fails_with(pf_track_reset(), -1, ENOMEM);
	ck_assert_int_eq(pf_track_stop(), 0);
	assert_segv_action_is(&before, "pf_track_stop");

	/* stop's mprotect fails: reported, and tracking is over all the same. */
	ck_assert_int_eq(pf_track_start(p, 4 * page), 0);
	kit_fail_nth(KIT_mprotect, 1, ENOMEM);
	ck_assert_fails_with(pf_track_stop(), -1, ENOMEM);
	assert_segv_action_is(&before, _("a failed pf_track_stop"));
	ck_assert_int_eq(pf_track_start(p, 4 * page), 0);
	ck_assert_int_eq(pf_track_stop(), 0);
	ck_assert_str_eq(rights_of(p), "rw-");
	munmap(p, 4 * page);
	munmap(q, page);
}

KIT_TEST(track_chains_to_previous_handler, .points = 2, .faults = 1,
	 .desc = N_("while tracking, a fault the tracker does not own reaches "
		    "the handler installed before it, with the same signal, "
		    "si_code and si_addr"),
	 .hint = N_("pass_on: call prev->sa_sigaction(signo, si, ctx) when "
		    "SA_SIGINFO is in prev->sa_flags, else "
		    "prev->sa_handler(signo)."))
{
	size_t page = kit_page_size();
	unsigned char *p = map_pages(4, PROT_READ | PROT_WRITE);
	unsigned char *around = map_pages(3, PROT_NONE);
	struct sigaction kit_action;

	munmap(around + page, page);    /* a hole, between two PROT_NONE */
	for (int siginfo = 1; siginfo >= 0; siginfo--) {
		kit_action = install_own_handler(siginfo);
		ck_assert_int_eq(pf_track_start(p, 4 * page), 0);
		assert_reaches_own_handler(around + 5, SEGV_ACCERR, siginfo);
		assert_reaches_own_handler(around + page + 9, SEGV_MAPERR,
					   siginfo);
		/* A write in the region is still the tracker's own. */
		kit_touch_write(p + 2 * page, 1);
		ck_assert_uint_eq(pf_track_dirty(NULL, 0), 1);
		ck_assert_int_eq(pf_track_stop(), 0);
		ck_assert_int_eq(sigaction(SIGSEGV, &kit_action, NULL), 0);
	}
	munmap(p, 4 * page);
	munmap(around, 3 * page);
}

/* --- Part 5: lazy allocation -------------------------------------------- */

KIT_TEST(lazy_first_touch, .points = 3, .faults = 1,
	 .desc = N_("a 64 MiB reservation is one mmap with MAP_NORESERVE; its "
		    "pages become usable on first touch (a read gives zeros), "
		    "and pf_lazy_pages counts each once"),
	 .hint = N_("In the handler, mprotect the touched page (round si_addr "
		    "down) to PROT_READ | PROT_WRITE and count it; it never "
		    "faults again."))
{
	size_t page = kit_page_size(), len = (size_t)64 << 20;
	size_t npages = len / page, distinct = 0;
	unsigned char *touched = calloc(npages, 1);
	struct sigaction before = segv_action_now();
	struct kit_snapshot snap;
	unsigned char *p;

	ck_assert_ptr_nonnull(touched);
	kit_snapshot_take(&snap);
	kit_calls_reset();
	p = pf_lazy_reserve(len);
	ck_assert_ptr_nonnull(p);
	ck_assert_calls(mmap, 1);
	ck_assert_msg(kit_mmap_calls_with(MAP_PRIVATE | MAP_ANONYMOUS |
					  MAP_NORESERVE) == 1,
		      _("reserve the address space with one private anonymous "
			"mapping, MAP_NORESERVE: no page is promised yet"));
	ck_assert_uint_eq(pf_lazy_pages(), 0);
	for (int k = 0; k < 200; k++) {
		size_t at = kit_random() % len, n = at / page;
		unsigned char value = (unsigned char)(n % 251 + 1);

		if (!touched[n] && k % 2 == 0)
			ck_assert_int_eq(p[at], 0);
		kit_touch_write(p + at, (char)value);
		ck_assert_int_eq(p[at], value);
		distinct += !touched[n];
		touched[n] = 1;
	}
	ck_assert_uint_eq(pf_lazy_pages(), distinct);
	ck_assert_int_eq(pf_lazy_release(), 0);
	assert_segv_action_is(&before, "pf_lazy_release");
	ck_assert_msg(!kit_is_mapped(p, 1),
		      _("the reservation is still mapped after "
			"pf_lazy_release"));
	ck_assert_no_leaks(&snap);
	free(touched);
}

KIT_TEST(lazy_stays_reserved, .points = 2, .faults = 1,
	 .desc = N_("only touched pages are opened: the others still fault "
		    "with SEGV_ACCERR, and pf_lazy_release unmaps the whole "
		    "reservation; lengths of 1 and page + 1 bytes work"),
	 .hint = N_("mprotect one page per fault, never the "
		    "whole reservation; munmap the reservation "
		    "with its full length."))
{
	size_t page = kit_page_size(), len = 16 * page;
	unsigned char *p = pf_lazy_reserve(len);
	unsigned char *untouched;

	ck_assert_ptr_nonnull(p);
	untouched = p + 5 * page + 9;
	kit_touch_write(p + 3 * page + 1, 'x');
	kit_touch_read(p + 7 * page);
	ck_assert_uint_eq(pf_lazy_pages(), 2);
	ck_assert_msg(kit_is_mapped(p, len),
		      _("the reservation should stay mapped, all "
			"%zu bytes of it"), len);
	ck_assert_str_eq(rights_of(p + 3 * page), "rw-");
	/* The probe stands in for the handler: the page is still closed. */
	ck_assert_fault(kit_touch_read(untouched), SIGSEGV, SEGV_ACCERR,
			untouched);
	ck_assert_int_eq(pf_lazy_release(), 0);
	ck_assert_unmapped(p, len);

	/* A length that is not a page multiple: its last page counts too. */
	for (size_t small = 1; small <= page + 1; small += page) {
		p = pf_lazy_reserve(small);
		ck_assert_ptr_nonnull(p);
		kit_touch_write(p + small - 1, 'y');
		ck_assert_uint_eq(pf_lazy_pages(), 1);
		ck_assert_int_eq(pf_lazy_release(), 0);
		ck_assert_unmapped(p, small);
	}
}

KIT_TEST(lazy_errors, .points = 2,
	 .desc = N_("pf_lazy_reserve refuses 0 (EINVAL) and a second "
		    "reservation (EBUSY); release without one is EINVAL; a "
		    "failed mmap, sigaction or munmap is reported and leaves "
		    "nothing behind"),
	 .hint = N_("If sigaction fails after mmap, munmap the reservation "
		    "before returning NULL; clear the state on every failure, "
		    "so that a later pf_lazy_reserve works."))
{
	size_t page = kit_page_size(), len = 8 * page;
	struct sigaction before = segv_action_now();
	struct kit_snapshot snap;
	unsigned char *p;

	kit_snapshot_take(&snap);
	ck_assert_fails_with(pf_lazy_reserve(0), 0, EINVAL);
	ck_assert_fails_with(pf_lazy_release(), -1, EINVAL);

	p = pf_lazy_reserve(len);
	ck_assert_ptr_nonnull(p);
	ck_assert_fails_with(pf_lazy_reserve(len), 0, EBUSY);
	ck_assert_msg(kit_is_mapped(p, len),
		      _("a refused pf_lazy_reserve unmapped the "
			"reservation in place"));
	ck_assert_int_eq(pf_lazy_release(), 0);
	assert_segv_action_is(&before, "pf_lazy_release");
	ck_assert_no_leaks(&snap);

	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(pf_lazy_reserve(len), 0, ENOMEM);
	assert_segv_action_is(&before, _("a failed pf_lazy_reserve"));
	ck_assert_no_leaks(&snap);

	kit_fail_nth(KIT_sigaction, 1, EINVAL);
	ck_assert_fails_with(pf_lazy_reserve(len), 0, EINVAL);
	assert_segv_action_is(&before, _("a failed pf_lazy_reserve"));
	ck_assert_no_leaks(&snap);

	/* munmap fails: reported, and the previous action is back anyway. */
	p = pf_lazy_reserve(len);
	ck_assert_ptr_nonnull(p);
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(pf_lazy_release(), -1, EINVAL);
	assert_segv_action_is(&before, _("a failed pf_lazy_release"));
	munmap(p, len);
	p = pf_lazy_reserve(len);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pf_lazy_release(), 0);
	ck_assert_no_leaks(&snap);
}

KIT_TEST(lazy_chains_to_previous_handler, .points = 2, .faults = 1,
	 .desc = N_("with a reservation in place, a fault outside it reaches "
		    "the handler installed before, with the same signal, "
		    "si_code and si_addr"),
	 .hint = N_("on_lazy_fault owns SEGV_ACCERR inside the reservation "
		    "only; everything else goes to pass_on, untouched."))
{
	size_t page = kit_page_size();
	unsigned char *around = map_pages(3, PROT_NONE);
	struct sigaction kit_action;
	unsigned char *p;

	munmap(around + page, page);
	for (int siginfo = 1; siginfo >= 0; siginfo--) {
		kit_action = install_own_handler(siginfo);
		p = pf_lazy_reserve(4 * page);
		ck_assert_ptr_nonnull(p);
		assert_reaches_own_handler(around + 2 * page + 1, SEGV_ACCERR,
					   siginfo);
		assert_reaches_own_handler(around + page + 100, SEGV_MAPERR,
					   siginfo);
		kit_touch_write(p + 4 * page - 1, 1);
		ck_assert_uint_eq(pf_lazy_pages(), 1);
		ck_assert_int_eq(pf_lazy_release(), 0);
		ck_assert_int_eq(sigaction(SIGSEGV, &kit_action, NULL), 0);
	}
	munmap(around, 3 * page);
}
