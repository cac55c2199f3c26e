/*
 * faults.h - lab 04: page protections, and the faults they cause.
 *
 * Every page of a mapping carries its own access rights (R, W, X in the page
 * table).  An access the rights forbid stops the instruction: the kernel
 * sends SIGSEGV, and siginfo says where (si_addr) and why (si_code:
 * SEGV_ACCERR for a mapped page that refuses the access, SEGV_MAPERR for an
 * address that no mapping holds).  You implement these functions in
 * faults.c with mmap(2), mprotect(2), munmap(2) and sigaction(2).
 *
 * Every function that fails returns -1 (or NULL) with errno set, and leaves
 * behind no mapping and no signal handler of its own.
 */
#ifndef FAULTS_H
#define FAULTS_H

#include <stddef.h>

/* --- Part 1: guard pages ------------------------------------------------ */

/*
 * A buffer of SIZE bytes between two inaccessible (PROT_NONE) guard pages.
 * The body between the guards is SIZE rounded up to whole pages.  The
 * buffer ends exactly where the upper guard begins, so data[size], the
 * first byte past the end, faults, whatever SIZE is.  The lower guard is
 * the page right below the body:
 *   - when SIZE is a multiple of the page size, there is no slack and
 *     data[-1] is the last byte of the lower guard: it faults;
 *   - otherwise the slack (body minus SIZE bytes) lies between the lower
 *     guard and data[0]; it is readable and writable, so data[-1] does not
 *     fault, and the first byte that faults below the buffer is the last
 *     byte of the page before the one that holds data[0].
 *
 *     map_start                                          map_start + map_len
 *     | lower guard |  ...slack... data[0] ... data[size-1] | upper guard |
 */
struct pf_guarded {
	unsigned char *data;    /* the first usable byte                    */
	size_t size;            /* how many bytes are usable                */
	void *map_start;        /* what mmap returned: lower guard included */
	size_t map_len;         /* guard + usable pages + guard             */
};

/*
 * Reserves the whole span with one private anonymous mmap (PROT_NONE),
 * then opens the usable pages for reading and writing with mprotect, and
 * fills *BUF.  Returns 0, or -1:
 * SIZE 0 fails with EINVAL; a SIZE so large that rounding it up (or adding
 * the guards) would overflow fails with ENOMEM; a failed call of mmap or
 * mprotect fails with its errno, and nothing stays mapped.
 */
int pf_guarded_alloc(struct pf_guarded *buf, size_t size);

/*
 * Unmaps the buffer and both of its guards: the MAP_LEN bytes from
 * MAP_START.  Returns 0, or -1 with munmap's errno.
 */
int pf_guarded_free(struct pf_guarded *buf);

/* --- Part 2: changing the protection of pages --------------------------- */

/*
 * Make the pages of [addr, addr + len) read-only, or readable and writable
 * again; their content does not change.  Return 0, or -1 with errno as
 * mprotect sets it.  ADDR must be the start of a page: otherwise the call
 * fails with EINVAL and no right changes (do not round it: the caller
 * would get rights on bytes it did not name).  The kernel rounds LEN up to
 * whole pages.  A range with a hole fails with ENOMEM; rights the mapping
 * cannot have (writing a shared mapping of a file opened read-only) fail
 * with EACCES.
 */
int pf_make_readonly(void *addr, size_t len);
int pf_make_writable(void *addr, size_t len);

/* --- Part 3: catching a fault ------------------------------------------- */

/* What the kernel reported about a fault. */
struct pf_fault {
	int signo;              /* SIGSEGV, or 0 when there was no fault */
	int code;               /* si_code: SEGV_ACCERR, SEGV_MAPERR      */
	void *addr;             /* si_addr: the address that was refused */
};

/*
 * Calls FN(ARG) with a SIGSEGV handler (sigaction, SA_SIGINFO) of yours
 * installed.  If FN faults, the handler records the fault in *FAULT and
 * jumps back into pf_try (sigsetjmp/siglongjmp), which returns 1.  If FN
 * returns normally, FAULT->signo is 0 and pf_try returns 0.  Either way the
 * SIGSEGV action that was in place before the call, whatever it was, is
 * put back.  If sigaction fails, pf_try returns -1 with its errno without
 * calling FN.
 */
int pf_try(void (*fn)(void *arg), void *arg, struct pf_fault *fault);

/* --- Part 4: a dirty-page tracker (a write barrier) --------------------- */

/*
 * Watches which pages of [addr, addr + len) get written.  Returns 0, or -1:
 * ADDR must be the start of a page and LEN > 0 (else EINVAL); one region
 * at a time (EBUSY while one is tracked); a region too large to track
 * (its flags cannot be allocated, or part of it is not mapped) fails with
 * ENOMEM.  The region becomes read-only and a SIGSEGV handler is
 * installed: the first write to a page faults, the handler notes the page
 * and makes it readable and writable again, and the write goes through.
 * Later writes to that page cost nothing; reads never fault and never mark
 * a page.  If sigaction or mprotect fails, -1 with its
 * errno: the SIGSEGV action and the rights of the region are as before,
 * and nothing is tracked.
 *
 * A fault the tracker does not own (elsewhere, or not SEGV_ACCERR) goes on
 * to the action that was in place before pf_track_start: its handler is
 * called as it expects (with the same signal, siginfo and context when it
 * has SA_SIGINFO); if it was SIG_DFL or SIG_IGN, the default action is put
 * back, so the access faults again and kills the process.
 */
int pf_track_start(void *addr, size_t len);

/*
 * The written pages, as indices from the start of the region (page 0 holds
 * ADDR), in increasing order, each once.  Stores the first
 * min(count, MAX) of them in PAGES[0..MAX-1], never more, and returns
 * COUNT, how many pages are dirty (which may be more than MAX).  With
 * MAX 0, PAGES is not used and may be NULL: pf_track_dirty(NULL, 0) only
 * counts.  Returns 0, storing nothing, when no region is tracked.
 */
size_t pf_track_dirty(size_t *pages, size_t max);

/*
 * Starts a new epoch, as an incremental checkpoint does after saving the
 * dirty pages: every page is read-only again and none is dirty.  Returns
 * 0, or -1: EINVAL if no region is tracked; mprotect's errno if it fails
 * (the region is still tracked).
 */
int pf_track_reset(void);

/*
 * Stops tracking: the region is readable and writable again, and the
 * SIGSEGV action from before pf_track_start is back.  Returns 0, or -1:
 * EINVAL if no region is tracked; mprotect's errno if it fails, in which
 * case tracking stops all the same (the action is back, nothing is
 * tracked).
 */
int pf_track_stop(void);

/* --- Part 5: lazy allocation -------------------------------------------- */

/*
 * Reserves LEN bytes of address space that no access may touch yet, with
 * one private anonymous mmap (PROT_NONE, MAP_NORESERVE: no page is
 * promised), and installs a SIGSEGV handler.  The first access to a page
 * of the reservation, read or write, faults; the handler makes that page
 * (and only that page) readable and writable, and the access goes through
 * (it reads zeros).  Other faults go on to the previous action, as for the
 * tracker.  Returns the reservation, or NULL: LEN 0 fails with EINVAL; one
 * reservation at a time (EBUSY while one exists); a failed mmap or
 * sigaction fails with its errno, with nothing left mapped or installed.
 */
void *pf_lazy_reserve(size_t len);

/* How many pages of the reservation have been made usable so far. */
size_t pf_lazy_pages(void);

/*
 * Unmaps the whole reservation and puts the previous SIGSEGV action back.
 * Returns 0, or -1: EINVAL if there is no reservation; munmap's errno if it
 * fails, in which case the previous action is back all the same and the
 * reservation is forgotten.
 */
int pf_lazy_release(void);

#endif
