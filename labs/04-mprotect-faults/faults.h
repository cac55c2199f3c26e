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
 * The buffer ends exactly where the upper guard begins, so data[size], the
 * first byte past the end, faults.  The lower guard is the page right below
 * the page that holds data[0]; when SIZE is a multiple of the page size,
 * data[-1] is its last byte.
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
 * Reserves the whole span with one mmap, then opens the usable pages for
 * reading and writing with mprotect.  SIZE 0 fails with EINVAL; a failed
 * call of mmap or mprotect fails with its errno, and nothing stays mapped.
 */
int pf_guarded_alloc(struct pf_guarded *buf, size_t size);

/* Unmaps the buffer and both of its guards. */
int pf_guarded_free(struct pf_guarded *buf);

/* --- Part 2: changing the protection of pages --------------------------- */

/*
 * Make the pages of [addr, addr + len) read-only, or readable and writable
 * again; their content does not change.  ADDR must be the start of a page:
 * otherwise the call fails with EINVAL, as mprotect does (do not round it:
 * the caller would get rights on bytes it did not name).  The kernel rounds
 * LEN up to whole pages.
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
 * SIGSEGV action that was in place before the call is put back.  Returns -1
 * if sigaction fails.
 */
int pf_try(void (*fn)(void *arg), void *arg, struct pf_fault *fault);

/* --- Part 4: a dirty-page tracker (a write barrier) --------------------- */

/*
 * Watches which pages of [addr, addr + len) get written.  ADDR must be the
 * start of a page and LEN > 0 (else EINVAL); one region at a time (EBUSY).
 * The region becomes read-only and a SIGSEGV handler is installed: the
 * first write to a page faults, the handler notes the page and makes it
 * writable again, and the write goes through.  Later writes to that page
 * cost nothing; reads never fault and never mark a page.
 *
 * A fault the tracker does not own (elsewhere, or not SEGV_ACCERR) goes on
 * to the handler that was installed before pf_track_start.
 */
int pf_track_start(void *addr, size_t len);

/*
 * The written pages, as indices from the start of the region (page 0 holds
 * ADDR), in increasing order, each once.  Stores at most MAX of them in
 * PAGES and returns how many there are.  0 when nothing is tracked.
 */
size_t pf_track_dirty(size_t *pages, size_t max);

/*
 * Starts a new epoch, as an incremental checkpoint does after saving the
 * dirty pages: every page is read-only again and none is dirty.
 */
int pf_track_reset(void);

/*
 * Stops tracking: the region is readable and writable again, and the
 * SIGSEGV action from before pf_track_start is back.  EINVAL if no region
 * is tracked.
 */
int pf_track_stop(void);

/* --- Part 5: lazy allocation -------------------------------------------- */

/*
 * Reserves LEN bytes of address space that no access may touch yet
 * (PROT_NONE), and installs a SIGSEGV handler.  The first access to a page
 * of the reservation, read or write, faults; the handler makes that page
 * readable and writable, and the access goes through (it reads zeros).
 * Faults elsewhere go on to the previous handler.  LEN 0 fails with EINVAL;
 * one reservation at a time (EBUSY).
 */
void *pf_lazy_reserve(size_t len);

/* How many pages of the reservation have been made usable so far. */
size_t pf_lazy_pages(void);

/*
 * Unmaps the whole reservation and puts the previous SIGSEGV action back.
 * EINVAL if there is no reservation.
 */
int pf_lazy_release(void);

#endif
