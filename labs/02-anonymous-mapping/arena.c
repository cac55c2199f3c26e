/*
 * arena.c - lab 02: a page-granular arena allocator on top of mmap.
 *
 * The reserve is a single anonymous mapping; a block is a slice of it.
 * Nothing here writes into the reserve: its pages are already zero, and
 * they become resident only when the caller first touches them.
 * Useful reading: man 2 mmap, man 2 munmap, man 3 sysconf.
 */
#include "arena.h"
#include "anon.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

static inline size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* N rounded up to whole pages; 0 when that wraps around (N near SIZE_MAX). */
static inline size_t round_to_pages(size_t n)
{
	/* TODO 5: Round N up to the next multiple of the page size (a page
	 * size is a power of two, so masking works as well as dividing). */
	return n;
}

int arena_init(struct arena *a, size_t reserve)
{
	/* TODO 6: Start A empty.  Reject a reserve so large that rounding
	 * it would wrap (ENOMEM).  Map the rounded reserve privately with
	 * anon_map (a reserve of 0 stays 0, which anon_map refuses with
	 * EINVAL), and fill A in. */
	(void)a;
	(void)reserve;
	errno = ENOSYS;
	return -1;
}

void *arena_alloc(struct arena *a, size_t size, size_t align)
{
	/* TODO 7: Check the arguments: SIZE 0, or an ALIGN that is neither
	 * 0 nor a power of two (exactly one bit set), is EINVAL.  Any
	 * alignment smaller than a page is a page: blocks start on page
	 * boundaries anyway. */

	/* TODO 8: Work out the padding that takes the cursor (base + used)
	 * up to a multiple of ALIGN, and whether padding plus the rounded
	 * SIZE fit in the a->size - a->used bytes left.  Compare with what
	 * is left rather than adding up (a sum can wrap): ENOMEM if it does
	 * not fit.  Otherwise move the cursor past the block and return
	 * where the block starts. */
	(void)a;
	(void)size;
	(void)align;
	errno = ENOSYS;
	return NULL;
}

int arena_release(struct arena *a)
{
	/* TODO 9: Unmap the whole reserve (an arena with no reserve has
	 * nothing to unmap), then leave A empty. */
	(void)a;
	errno = ENOSYS;
	return -1;
}
