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
	if (!known_access(acc) || offset_bits > 32) {
		errno = EINVAL;
		return -1;
	}
	if (!(pte & PTE_V))
		return MMU_NOT_PRESENT;
	if (!(pte & (pte_t)acc))
		return MMU_PROTECTION;
	*pa = (uint32_t)((uint64_t)pte_frame(pte) << offset_bits) |
	      low_bits(va, offset_bits);
	return MMU_OK;
	//> (void)pte;
	//> (void)va;
	//> (void)offset_bits;
	//> (void)acc;
	//> (void)pa;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int mmu1_translate(const struct mmu1 *mmu, uint32_t va, enum mmu_access acc,
		   uint32_t *pa)
{
	/* TODO 2: Check that MMU describes a machine (see struct mmu1) and
	 * that VA fits in its va_bits; then the page number is what is left
	 * of VA once its offset bits are shifted out, and it indexes the
	 * table.  pte_check() does the rest. */
	uint32_t page;

	if (mmu->table == NULL || mmu->va_bits == 0 ||
	    mmu->va_bits > 32 || mmu->pa_bits > 32 ||
	    mmu->offset_bits > mmu->va_bits ||
	    mmu->offset_bits > mmu->pa_bits || low_bits(va, mmu->va_bits) != va) {
		errno = EINVAL;
		return -1;
	}
	/* Shift in 64 bits: a one-page machine has offset_bits == 32. */
	page = (uint32_t)((uint64_t)va >> mmu->offset_bits);
	return pte_check(mmu->table[page], va, mmu->offset_bits, acc, pa);
	//> (void)mmu;
	//> (void)va;
	//> (void)acc;
	//> (void)pa;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* --- the two-level table ------------------------------------------------ */

/* TODO 3: Write the helpers that cut a 32-bit address into its fields
 * (see the picture in mmu.h): the directory index is the top
 * SIM_LEVEL_BITS bits, the table index the next SIM_LEVEL_BITS bits. */
static inline unsigned dir_index(uint32_t va)
{
	return va >> (SIM_PAGE_SHIFT + SIM_LEVEL_BITS);
}

static inline unsigned table_index(uint32_t va)
{
	return (va >> SIM_PAGE_SHIFT) & (SIM_ENTRIES - 1);
}

static inline int page_aligned(uint32_t va)
{
	return (va & (SIM_PAGE_SIZE - 1)) == 0;
}

static inline int valid_perms(unsigned perms)
{
	return (perms & ~PTE_RWX) == 0;
}

/* The entry of the page holding VA, or NULL when it has no table. */
static inline pte_t *entry_of(const struct pt2 *pt, uint32_t va)
{
	pte_t *table = pt->dir[dir_index(va)];

	return table == NULL ? NULL : &table[table_index(va)];
}
/* END TODO */

int pt2_init(struct pt2 *pt)
{
	/* TODO 4: Start with no second-level table at all. */
	for (unsigned i = SIM_ENTRIES; i-- > 0;)
		pt->dir[i] = NULL;
	pt->ntables = 0;
	return 0;
	//> (void)pt;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

pte_t pt2_walk(const struct pt2 *pt, uint32_t va)
{
	/* TODO 5: Walk the table like the MMU: the directory entry first,
	 * then, if there is a second-level table, its entry. */
	const pte_t *pte = entry_of(pt, va);

	return pte == NULL ? 0 : *pte;
	//> (void)pt;
	//> (void)va;
	//> return 0;
	/* END TODO */
}

int pt2_translate(const struct pt2 *pt, uint32_t va, enum mmu_access acc,
		  uint32_t *pa)
{
	/* TODO 6: Walk, then let pte_check() decide. */
	return pte_check(pt2_walk(pt, va), va, SIM_PAGE_SHIFT, acc, pa);
	//> (void)pt;
	//> (void)va;
	//> (void)acc;
	//> (void)pa;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int pt2_map(struct pt2 *pt, uint32_t va, uint32_t frame, unsigned perms)
{
	/* TODO 7: Check the arguments, allocate the second-level table if
	 * this is the first page of its 4 MiB (calloc: all entries start
	 * not valid), refuse a page already mapped, then write the entry. */
	pte_t *pte;

	if (!page_aligned(va) || frame > SIM_FRAME_MAX || !valid_perms(perms)) {
		errno = EINVAL;
		return -1;
	}
	if (pt->dir[dir_index(va)] == NULL) {
		pte_t *table = calloc(SIM_ENTRIES, sizeof *table);

		if (table == NULL)
			return -1;
		pt->dir[dir_index(va)] = table;
		pt->ntables++;
	}
	pte = entry_of(pt, va);
	if (*pte & PTE_V) {
		errno = EEXIST;
		return -1;
	}
	*pte = pte_make(frame, PTE_V | perms);
	return 0;
	//> (void)pt;
	//> (void)va;
	//> (void)frame;
	//> (void)perms;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int pt2_protect(struct pt2 *pt, uint32_t va, unsigned perms)
{
	/* TODO 8: Replace the permission bits of a mapped page, keeping its
	 * valid bit and frame. */
	pte_t *pte;

	if (!page_aligned(va) || !valid_perms(perms)) {
		errno = EINVAL;
		return -1;
	}
	pte = entry_of(pt, va);
	if (pte == NULL || !(*pte & PTE_V)) {
		errno = ENOMEM;
		return -1;
	}
	*pte = (*pte & ~PTE_RWX) | perms;
	return 0;
	//> (void)pt;
	//> (void)va;
	//> (void)perms;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* TODO 9: Write table_is_empty(): does TABLE still map any page? */
static inline int table_is_empty(const pte_t *table)
{
	for (unsigned i = SIM_ENTRIES; i-- > 0;)
		if (table[i] & PTE_V)
			return 0;
	return 1;
}
/* END TODO */

int pt2_unmap(struct pt2 *pt, uint32_t va)
{
	/* TODO 10: Clear the page's entry; if its table maps nothing any
	 * more, free it and clear the directory entry, so that an address
	 * space shrinks as well as it grows. */
	pte_t *pte;
	unsigned dir = dir_index(va);

	if (!page_aligned(va)) {
		errno = EINVAL;
		return -1;
	}
	pte = entry_of(pt, va);
	if (pte == NULL)
		return 0;
	*pte = 0;
	if (table_is_empty(pt->dir[dir])) {
		free(pt->dir[dir]);
		pt->dir[dir] = NULL;
		pt->ntables--;
	}
	return 0;
	//> (void)pt;
	//> (void)va;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

void pt2_destroy(struct pt2 *pt)
{
	/* TODO 11: Free every second-level table and leave PT empty. */
	for (unsigned i = 0; i < SIM_ENTRIES; i++) {
		free(pt->dir[i]);
		pt->dir[i] = NULL;
	}
	pt->ntables = 0;
	//> (void)pt;
	/* END TODO */
}
