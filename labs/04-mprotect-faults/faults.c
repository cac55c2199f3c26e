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
	(void)buf;
	(void)size;
	errno = ENOSYS;
	return -1;
}

int pf_guarded_free(struct pf_guarded *buf)
{
	/* TODO 2: Unmap the whole span, guards included: start from
	 * MAP_START, not from DATA. */
	(void)buf;
	errno = ENOSYS;
	return -1;
}

/* --- Part 2: changing the protection of pages --------------------------- */

int pf_make_readonly(void *addr, size_t len)
{
	/* TODO 3: Ask mprotect for read access only, and let it judge ADDR. */
	(void)addr;
	(void)len;
	errno = ENOSYS;
	return -1;
}

int pf_make_writable(void *addr, size_t len)
{
	/* TODO 4: The same, for read and write access. */
	(void)addr;
	(void)len;
	errno = ENOSYS;
	return -1;
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
	(void)signo;
	(void)si;
	(void)ctx;
	(void)try_env;
	(void)try_fault;
}

int pf_try(void (*fn)(void *arg), void *arg, struct pf_fault *fault)
{
	/* TODO 6: Install on_try_fault for SIGSEGV with SA_SIGINFO, keeping
	 * the previous action.  sigsetjmp(try_env, 1) returns 0 now, and the
	 * nonzero value the handler gives siglongjmp when it jumps back; the
	 * 1 makes siglongjmp restore the signal mask, which still blocks
	 * SIGSEGV inside a handler.  Then put the previous
	 * action back and report. */
	(void)fn;
	(void)arg;
	(void)fault;
	errno = ENOSYS;
	return -1;
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
	(void)prev;
	(void)signo;
	(void)si;
	(void)ctx;
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
	(void)signo;
	(void)si;
	(void)ctx;
}

int pf_track_start(void *addr, size_t len)
{
	/* TODO 9: Check the arguments, fill TRACK (a zeroed flag per page),
	 * install on_track_fault keeping the previous action in TRACK.PREV,
	 * and only then make the region read-only: a write must never meet a
	 * read-only page with nobody there to catch it.  Undo it all if a
	 * step fails. */
	(void)addr;
	(void)len;
	errno = ENOSYS;
	return -1;
}

size_t pf_track_dirty(size_t *pages, size_t max)
{
	/* TODO 10: List the indices of the dirty pages, in order. */
	(void)pages;
	(void)max;
	errno = ENOSYS;
	return 0;
}

int pf_track_reset(void)
{
	/* TODO 11: Make the whole region read-only again, then forget the
	 * dirty pages. */
	errno = ENOSYS;
	return -1;
}

int pf_track_stop(void)
{
	/* TODO 12: Make the region writable first (a write must not fault
	 * once the handler is gone), then restore the previous action and
	 * clear TRACK. */
	errno = ENOSYS;
	return -1;
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
	(void)signo;
	(void)si;
	(void)ctx;
	(void)lazy;
}

void *pf_lazy_reserve(size_t len)
{
	/* TODO 14: Map LEN bytes with PROT_NONE (MAP_NORESERVE too: no page
	 * is promised yet), fill LAZY, then install on_lazy_fault. */
	(void)len;
	errno = ENOSYS;
	return NULL;
}

size_t pf_lazy_pages(void)
{
	/* TODO 15: How many pages the handler opened. */
	errno = ENOSYS;
	return 0;
}

int pf_lazy_release(void)
{
	/* TODO 16: Unmap the reservation, restore the previous action and
	 * clear LAZY. */
	errno = ENOSYS;
	return -1;
}
