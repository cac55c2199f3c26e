/*
 * pagetable.c - lab 09: page tables in software.
 *
 * Solve the TODOs in order; `make` in this folder runs the tests.
 * Everything you need is in mmu.h: read its comments first.  Useful
 * reading: man 2 mprotect (ENOMEM), man 3 calloc, and the "Translation
 * lookaside buffer" and "Page table" pages of any OS textbook.
 */
#include "mmu.h"

#include <errno.h>
#include <stdlib.h>

/* The bits of a 32-bit value below bit N, for any N from 0 to 32. */
static inline uint32_t low_bits(uint32_t value, unsigned n)
{
	return (uint32_t)(value & (((uint64_t)1 << n) - 1));
}

static inline int known_access(enum mmu_access acc)
{
	return acc == MMU_READ || acc == MMU_WRITE || acc == MMU_EXEC;
}

int pte_check(pte_t pte, uint32_t va, unsigned offset_bits,
	      enum mmu_access acc, uint32_t *pa)
{
	/* TODO 1: Decide the access, in the order an MMU does: an entry
	 * whose valid bit is clear means "not present", whatever else it
	 * holds; then the permission bit ACC needs must be set; only then
	 * build *PA from the frame number and the offset of VA in its page
	 * (its OFFSET_BITS low bits).  Beware: shifting a 32-bit value by 32
	 * is undefined in C.  Reject an unknown ACC or OFFSET_BITS > 32. */
	(void)pte;
	(void)va;
	(void)offset_bits;
	(void)acc;
	(void)pa;
	errno = ENOSYS;
	return -1;
}

int mmu1_translate(const struct mmu1 *mmu, uint32_t va, enum mmu_access acc,
		   uint32_t *pa)
{
	/* TODO 2: Check that MMU describes a machine (see struct mmu1) and
	 * that VA fits in its va_bits; then the page number is what is left
	 * of VA once its offset bits are shifted out, and it indexes the
	 * table.  pte_check() does the rest. */
	(void)mmu;
	(void)va;
	(void)acc;
	(void)pa;
	errno = ENOSYS;
	return -1;
}

/* --- the two-level table ------------------------------------------------ */

/* TODO 3: Write the helpers that cut a 32-bit address into its fields
 * (see the picture in mmu.h): the directory index is the top
 * SIM_LEVEL_BITS bits, the table index the next SIM_LEVEL_BITS bits. */

int pt2_init(struct pt2 *pt)
{
	/* TODO 4: Start with no second-level table at all. */
	(void)pt;
	errno = ENOSYS;
	return -1;
}

pte_t pt2_walk(const struct pt2 *pt, uint32_t va)
{
	/* TODO 5: Walk the table like the MMU: the directory entry first,
	 * then, if there is a second-level table, its entry. */
	(void)pt;
	(void)va;
	return 0;
}

int pt2_translate(const struct pt2 *pt, uint32_t va, enum mmu_access acc,
		  uint32_t *pa)
{
	/* TODO 6: Walk, then let pte_check() decide. */
	(void)pt;
	(void)va;
	(void)acc;
	(void)pa;
	errno = ENOSYS;
	return -1;
}

int pt2_map(struct pt2 *pt, uint32_t va, uint32_t frame, unsigned perms)
{
	/* TODO 7: Check the arguments, allocate the second-level table if
	 * this is the first page of its 4 MiB (calloc: all entries start
	 * not valid), refuse a page already mapped, then write the entry. */
	(void)pt;
	(void)va;
	(void)frame;
	(void)perms;
	errno = ENOSYS;
	return -1;
}

int pt2_protect(struct pt2 *pt, uint32_t va, unsigned perms)
{
	/* TODO 8: Replace the permission bits of a mapped page, keeping its
	 * valid bit and frame. */
	(void)pt;
	(void)va;
	(void)perms;
	errno = ENOSYS;
	return -1;
}

/* TODO 9: Write table_is_empty(): does TABLE still map any page? */

int pt2_unmap(struct pt2 *pt, uint32_t va)
{
	/* TODO 10: Clear the page's entry; if its table maps nothing any
	 * more, free it and clear the directory entry, so that an address
	 * space shrinks as well as it grows. */
	(void)pt;
	(void)va;
	errno = ENOSYS;
	return -1;
}

void pt2_destroy(struct pt2 *pt)
{
	/* TODO 11: Free every second-level table and leave PT empty. */
	(void)pt;
}
