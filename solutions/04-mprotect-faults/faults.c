/*
 * faults.c - lab 04: page protections, and the faults they cause.
 *
 * Solve the TODOs in order; `make` in this folder runs the tests.
 * Useful reading: man 2 mprotect, man 2 mmap, man 2 sigaction,
 * man 3 sigsetjmp, man 7 signal-safety, and "/proc/[pid]/maps" in man 5 proc.
 *
 * The helpers and handlers are `static inline` only so that the starter,
 * which does not use them yet, compiles without warnings.
 */
#include "faults.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The descriptor an anonymous mapping takes: none. */
#define NO_FILE (-1)

static inline size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* LEN bytes take this many whole pages (LEN > 0, no overflow). */
static inline size_t pages_for(size_t len, size_t page)
{
	return len / page + (len % page != 0);
}

/* munmap() that keeps the errno of the failure being reported. */
static inline void unmap_quietly(void *addr, size_t len)
{
	int saved = errno;

	munmap(addr, len);
	errno = saved;
}

/*
 * A SIGSEGV action running HANDLER with a siginfo_t, nothing blocked (the
 * fields not named are zero, and a zero sa_mask is the empty set).
 */
static inline struct sigaction segv_action(void (*handler)(int, siginfo_t *,
							    void *))
{
	struct sigaction sa = { .sa_flags = SA_SIGINFO };

	sa.sa_sigaction = handler;
	return sa;
}

/* --- Part 1: guard pages ------------------------------------------------ */

int pf_guarded_alloc(struct pf_guarded *buf, size_t size)
{
	/* TODO 1: Map guard + the pages SIZE needs + guard as one anonymous
	 * PROT_NONE mapping, then make the pages between the guards readable
	 * and writable with mprotect.  Place DATA so that data[size] is the
	 * first byte of the upper guard.  SIZE 0 is EINVAL; a SIZE so large
	 * that rounding it up would overflow is ENOMEM.  If mprotect fails,
	 * unmap. */
	size_t page = page_size();
	size_t body, total;
	unsigned char *start;

	if (size == 0) {
		errno = EINVAL;
		return -1;
	}
	/* Guard + body + guard, in bytes, if that fits in a size_t. */
	if (__builtin_mul_overflow(pages_for(size, page) + 2, page, &total)) {
		errno = ENOMEM;
		return -1;
	}
	body = total - 2 * page;
	start = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		     NO_FILE, 0);
	if (start == MAP_FAILED)
		return -1;
	if (mprotect(start + page, body, PROT_READ | PROT_WRITE) != 0) {
		unmap_quietly(start, total);
		return -1;
	}
	buf->map_start = start;
	buf->map_len = total;
	buf->data = start + page + (body - size);
	buf->size = size;
	return 0;
	//> (void)buf;
	//> (void)size;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int pf_guarded_free(struct pf_guarded *buf)
{
	/* TODO 2: Unmap the whole span, guards included: start from
	 * MAP_START, not from DATA. */
	return munmap(buf->map_start, buf->map_len);
	//> (void)buf;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* --- Part 2: changing the protection of pages --------------------------- */

int pf_make_readonly(void *addr, size_t len)
{
	/* TODO 3: Ask mprotect for read access only, and let it judge ADDR. */
	return mprotect(addr, len, PROT_READ);
	//> (void)addr;
	//> (void)len;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int pf_make_writable(void *addr, size_t len)
{
	/* TODO 4: The same, for read and write access. */
	return mprotect(addr, len, PROT_READ | PROT_WRITE);
	//> (void)addr;
	//> (void)len;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* --- Part 3: catching a fault ------------------------------------------- */

/* Where pf_try's handler jumps back to, and what it saw. */
static sigjmp_buf try_env;
static struct pf_fault try_fault;

static inline void on_try_fault(int signo, siginfo_t *si, void *ctx)
{
	/* TODO 5: Record the signal, si_code and si_addr in TRY_FAULT, then
	 * jump back to pf_try.  Returning instead would run the faulting
	 * instruction again, and fault again, forever. */
	(void)ctx;
	try_fault.signo = signo;
	try_fault.code = si->si_code;
	try_fault.addr = si->si_addr;
	siglongjmp(try_env, signo);     /* sigsetjmp returns SIGSEGV */
	//> (void)signo;
	//> (void)si;
	//> (void)ctx;
	//> (void)try_env;
	//> (void)try_fault;
	/* END TODO */
}

int pf_try(void (*fn)(void *arg), void *arg, struct pf_fault *fault)
{
	/* TODO 6: Install on_try_fault for SIGSEGV with SA_SIGINFO, keeping
	 * the previous action.  sigsetjmp(try_env, 1) returns 0 now, and the
	 * nonzero value the handler gives siglongjmp when it jumps back; the
	 * 1 makes siglongjmp restore the signal mask, which still blocks
	 * SIGSEGV inside a handler.  Then put the previous
	 * action back and report. */
	struct sigaction sa = segv_action(on_try_fault), prev;

	if (sigaction(SIGSEGV, &sa, &prev) != 0)
		return -1;
	memset(&try_fault, 0, sizeof try_fault);
	if (sigsetjmp(try_env, 1) == 0)
		fn(arg);
	sigaction(SIGSEGV, &prev, NULL);
	*fault = try_fault;
	return fault->signo != 0;
	//> (void)fn;
	//> (void)arg;
	//> (void)fault;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/*
 * A fault that is not ours belongs to whoever handled SIGSEGV before us
 * (signal chaining).  If that was the default action, we restore it and
 * return: the access runs again, faults again, and the process ends the
 * way a real bug must end.
 */
static inline void pass_on(const struct sigaction *prev, int signo,
			   siginfo_t *si, void *ctx)
{
	/* TODO 7: Call PREV's handler the way it expects to be called (with
	 * siginfo when SA_SIGINFO is in its flags); for SIG_DFL or SIG_IGN,
	 * set the default action back with signal(2) and return. */
	if (prev->sa_flags & SA_SIGINFO)
		prev->sa_sigaction(signo, si, ctx);
	else if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN)
		prev->sa_handler(signo);
	else
		signal(signo, SIG_DFL);
	//> (void)prev;
	//> (void)signo;
	//> (void)si;
	//> (void)ctx;
	/* END TODO */
}

/* Is ADDR inside the LEN bytes at BASE (NULL: nothing)? */
static inline int inside(const void *addr, const unsigned char *base,
			 size_t len)
{
	uintptr_t at = (uintptr_t)addr, lo = (uintptr_t)base;

	return base != NULL && at >= lo && at - lo < len;
}

/* --- Part 4: a dirty-page tracker --------------------------------------- */

/* The tracked region; the handler reads it, so it lives in a global. */
static struct {
	unsigned char *base;    /* NULL when nothing is tracked      */
	size_t npages;
	size_t page;            /* sysconf is not for signal handlers */
	bool *dirty;            /* one flag per page                  */
	struct sigaction prev;  /* the action to chain to and restore */
} track;

/* Frees the flags and clears TRACK, keeping errno. */
static inline void track_forget(void)
{
	int saved = errno;

	free(track.dirty);
	memset(&track, 0, sizeof track);
	errno = saved;
}

static inline void on_track_fault(int signo, siginfo_t *si, void *ctx)
{
	/* TODO 8: A write to a read-only page of the region (SEGV_ACCERR)
	 * is ours: make that page, the one holding si_addr, readable and
	 * writable, mark it dirty, and return, so the write runs again and
	 * succeeds.  Anything else goes to pass_on. */
	if (si->si_code == SEGV_ACCERR &&
	    inside(si->si_addr, track.base, track.npages * track.page)) {
		uintptr_t offset = (uintptr_t)si->si_addr -
				   (uintptr_t)track.base;
		size_t index = offset / track.page;

		if (mprotect(track.base + index * track.page, track.page,
			     PROT_READ | PROT_WRITE) == 0) {
			track.dirty[index] = true;
			return;
		}
	}
	pass_on(&track.prev, signo, si, ctx);
	//> (void)signo;
	//> (void)si;
	//> (void)ctx;
	/* END TODO */
}

int pf_track_start(void *addr, size_t len)
{
	/* TODO 9: Check the arguments, fill TRACK (a zeroed flag per page),
	 * install on_track_fault keeping the previous action in TRACK.PREV,
	 * and only then make the region read-only: a write must never meet a
	 * read-only page with nobody there to catch it.  Undo it all if a
	 * step fails. */
	size_t page = page_size();
	struct sigaction sa = segv_action(on_track_fault);

	if (track.base != NULL) {
		errno = EBUSY;
		return -1;
	}
	if (len == 0 || (uintptr_t)addr % page != 0) {
		errno = EINVAL;
		return -1;
	}
	track.dirty = calloc(pages_for(len, page), sizeof *track.dirty);
	if (track.dirty == NULL)
		return -1;
	track.npages = pages_for(len, page);
	track.page = page;
	track.base = addr;
	if (sigaction(SIGSEGV, &sa, &track.prev) != 0)
		goto fail;
	if (mprotect(addr, track.npages * page, PROT_READ) != 0) {
		sigaction(SIGSEGV, &track.prev, NULL);
		goto fail;
	}
	return 0;
fail:
	track_forget();
	return -1;
	//> (void)addr;
	//> (void)len;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

size_t pf_track_dirty(size_t *pages, size_t max)
{
	/* TODO 10: List the indices of the dirty pages, in order. */
	size_t n = 0;

	for (size_t i = 0; track.base != NULL && i < track.npages; i++) {
		if (!track.dirty[i])
			continue;
		if (n < max)
			pages[n] = i;
		n++;
	}
	return n;
	//> (void)pages;
	//> (void)max;
	//> errno = ENOSYS;
	//> return 0;
	/* END TODO */
}

int pf_track_reset(void)
{
	/* TODO 11: Make the whole region read-only again, then forget the
	 * dirty pages. */
	if (track.base == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (mprotect(track.base, track.npages * track.page, PROT_READ) != 0)
		return -1;
	memset(track.dirty, 0, track.npages * sizeof *track.dirty);
	return 0;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int pf_track_stop(void)
{
	/* TODO 12: Make the region writable first (a write must not fault
	 * once the handler is gone), then restore the previous action and
	 * clear TRACK. */
	int rc, saved;

	if (track.base == NULL) {
		errno = EINVAL;
		return -1;
	}
	rc = mprotect(track.base, track.npages * track.page,
		      PROT_READ | PROT_WRITE);
	saved = errno;
	sigaction(SIGSEGV, &track.prev, NULL);
	track_forget();
	errno = saved;
	return rc;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* --- Part 5: lazy allocation -------------------------------------------- */

static struct {
	unsigned char *base;    /* NULL when nothing is reserved      */
	size_t len;             /* whole pages                        */
	size_t page;
	size_t committed;       /* pages made usable so far           */
	struct sigaction prev;
} lazy;

static inline void on_lazy_fault(int signo, siginfo_t *si, void *ctx)
{
	/* TODO 13: A touch of a still inaccessible page of the reservation
	 * is ours: make that page readable and writable, count it, return.
	 * Anything else goes to pass_on. */
	if (si->si_code == SEGV_ACCERR &&
	    inside(si->si_addr, lazy.base, lazy.len)) {
		uintptr_t offset = (uintptr_t)si->si_addr -
				   (uintptr_t)lazy.base;
		unsigned char *page = lazy.base +
				      offset / lazy.page * lazy.page;

		if (mprotect(page, lazy.page, PROT_READ | PROT_WRITE) == 0) {
			lazy.committed++;
			return;
		}
	}
	pass_on(&lazy.prev, signo, si, ctx);
	//> (void)signo;
	//> (void)si;
	//> (void)ctx;
	//> (void)lazy;
	/* END TODO */
}

void *pf_lazy_reserve(size_t len)
{
	/* TODO 14: Map LEN bytes with PROT_NONE (MAP_NORESERVE too: no page
	 * is promised yet), fill LAZY, then install on_lazy_fault. */
	size_t page = page_size();
	struct sigaction sa = segv_action(on_lazy_fault);
	void *base;

	if (lazy.base != NULL) {
		errno = EBUSY;
		return NULL;
	}
	if (len == 0) {
		errno = EINVAL;
		return NULL;
	}
	base = mmap(NULL, len, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, NO_FILE, 0);
	if (base == MAP_FAILED)
		return NULL;
	lazy.base = base;
	lazy.len = pages_for(len, page) * page;
	lazy.page = page;
	lazy.committed = 0;
	if (sigaction(SIGSEGV, &sa, &lazy.prev) != 0) {
		unmap_quietly(base, lazy.len);
		memset(&lazy, 0, sizeof lazy);
		return NULL;
	}
	return base;
	//> (void)len;
	//> errno = ENOSYS;
	//> return NULL;
	/* END TODO */
}

size_t pf_lazy_pages(void)
{
	/* TODO 15: How many pages the handler opened. */
	return lazy.committed;
	//> errno = ENOSYS;
	//> return 0;
	/* END TODO */
}

int pf_lazy_release(void)
{
	/* TODO 16: Unmap the reservation, restore the previous action and
	 * clear LAZY. */
	int rc, saved;

	if (lazy.base == NULL) {
		errno = EINVAL;
		return -1;
	}
	rc = munmap(lazy.base, lazy.len);
	saved = errno;
	sigaction(SIGSEGV, &lazy.prev, NULL);
	memset(&lazy, 0, sizeof lazy);
	errno = saved;
	return rc;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}
