/*
 * anon.h - lab 02: memory that no file backs.
 *
 * You implement these functions in anon.c with mmap(2), munmap(2), fork(2),
 * waitpid(2) and mincore(2).  A function that fails returns NULL or -1 with
 * errno set, and leaves no mapping behind.
 */
#ifndef ANON_H
#define ANON_H

#include <stddef.h>

/*
 * Maps LEN bytes of fresh anonymous memory, readable and writable.  The
 * kernel rounds LEN up to whole pages; every byte of those pages reads as 0.
 * SHARED chooses MAP_SHARED (a child made by fork() afterwards shares the
 * pages with its parent) over MAP_PRIVATE (each process gets its own copy,
 * made on the first write).
 *
 * Returns the page-aligned start of the mapping, or NULL with errno set:
 *   EINVAL  LEN is 0;
 *   ENOMEM  LEN is so large that rounding it up to whole pages would wrap
 *           around (near SIZE_MAX: mmap(2) reports this itself; rounding
 *           LEN by hand first, without a check, gives 0 and EINVAL);
 *   or whatever mmap(2) reported when it failed (ENOMEM most often).
 * Beware: mmap reports failure with MAP_FAILED, not NULL.
 */
void *anon_map(size_t len, int shared);

/*
 * Unmaps what anon_map(LEN, ...) returned: 0, or -1 with the errno of
 * munmap(2) when it fails (EINVAL for an address that is not page-aligned).
 */
int anon_unmap(void *addr, size_t len);

/*
 * Forks a child that stores VALUE into *SLOT and ends at once with _exit(0)
 * (never exit(), which would flush the stdio buffers the child inherited
 * from the parent a second time).  The parent waits for that very child
 * with waitpid(2) (never for "any child": the caller may have others),
 * and calls waitpid again when a signal interrupts it (EINTR).  Whether
 * the parent then sees VALUE in *SLOT depends only on how the memory
 * holding SLOT was mapped.
 *
 * Returns the child's wait status as waitpid(2) stores it, untouched (0:
 * the child exited normally with status 0), or -1 with errno set when
 * fork(2) failed (nothing is stored then) or waitpid(2) failed with
 * anything but EINTR.
 */
int anon_child_store(long *slot, long value);

/*
 * How many pages of [ADDR, ADDR + LEN) are resident, that is, backed by a
 * physical page right now, as mincore(2) reports it.  ADDR must be
 * page-aligned; LEN need not be a multiple of the page size (the page that
 * holds the last byte counts).  LEN = 0 gives 0.
 *
 * Any length must do with a small array on the stack: ask mincore about a
 * bounded number of pages at a time (a 1 GiB range has 262144 pages).
 *
 * Returns the count, or -1 with errno set: EINVAL when ADDR is not
 * page-aligned, ENOMEM when part of the range is not mapped, or whatever
 * else mincore(2) reported when it failed.
 */
long anon_resident_pages(const void *addr, size_t len);

#endif
