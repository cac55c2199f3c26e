/*
 * arena.h - lab 02: a page-granular arena allocator on top of mmap.
 *
 * An arena reserves one anonymous mapping up front, then hands out blocks
 * from it by moving a cursor forward (a "bump" allocator).  Blocks are never
 * freed one by one: arena_release() gives the whole reserve back at once.
 *
 *     base                     base + used                  base + size
 *     |  block  | pad |  block  |          still free           |
 *
 * Every size is a number of whole pages, so every block starts on a page
 * boundary, holds only zeros when it is handed out, and is never touched by
 * the arena itself: its pages cost nothing until the caller writes to them.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena {
	unsigned char *base;    /* start of the reserve; NULL when none    */
	size_t size;            /* bytes reserved, a multiple of the page   */
	size_t used;            /* bytes from base handed out or skipped    */
};

/*
 * Reserves RESERVE bytes, rounded up to whole pages, with one anonymous
 * private mmap(2), and sets A up with nothing used.  Returns 0, or -1 with
 * errno set, leaving A with base NULL, size 0 and used 0 and nothing
 * mapped:
 *   EINVAL  RESERVE is 0;
 *   ENOMEM  RESERVE is too large to be rounded up to whole pages (the
 *           rounding would wrap around: check before rounding), or the
 *           mapping fails.
 */
int arena_init(struct arena *a, size_t reserve);

/*
 * Hands out a block of SIZE bytes, rounded up to whole pages, starting at
 * the lowest address at or after base + used that is a multiple of both
 * ALIGN and the page size (ALIGN 0 means "a page").  The block is zero-filled
 * and belongs to the caller until arena_release().  No system call is made.
 *
 * Returns the block, or NULL with errno set, leaving A unchanged:
 *   EINVAL  SIZE is 0, or ALIGN is not 0 and not a power of two;
 *   ENOMEM  the block (with the padding its alignment needs) does not fit
 *           in what is left of the reserve.  Beware of overflow: a huge SIZE
 *           or ALIGN must fail with ENOMEM, never wrap around.
 */
void *arena_alloc(struct arena *a, size_t size, size_t align);

/*
 * Unmaps the whole reserve, which ends every block at once, and leaves A
 * empty (base NULL, size 0, used 0): allocating from it then fails with
 * ENOMEM, and releasing it again does nothing and returns 0.  Returns 0, or
 * -1 with errno set when munmap(2) fails (A is then left as it was).
 */
int arena_release(struct arena *a);

#endif
