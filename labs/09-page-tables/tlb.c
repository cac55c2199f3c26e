/*
 * tlb.c - lab 09: a translation lookaside buffer.
 *
 * Walking a two-level table costs two memory reads before the access
 * itself.  A TLB remembers the last few translations so that most accesses
 * need no walk at all: programs touch the same pages again and again.
 * Read the comments of struct tlb in mmu.h, then solve the TODOs in order.
 */
#include "mmu.h"

#include <errno.h>
#include <stddef.h>

static inline uint32_t vpn_of(uint32_t va)
{
	return va >> SIM_PAGE_SHIFT;
}

int tlb_init(struct tlb *tlb, unsigned nentries)
{
	/* TODO 12: Check NENTRIES, then start empty: every slot invalid,
	 * NEXT at slot 0, both counters at 0. */
	(void)tlb;
	(void)nentries;
	errno = ENOSYS;
	return -1;
}

/* TODO 13: Write the two halves of the TLB: lookup() finds the valid slot
 * that holds page VPN (NULL if none); fill() caches PTE for VPN in slot
 * NEXT and moves NEXT on, round robin. */

int tlb_translate(struct tlb *tlb, const struct pt2 *pt, uint32_t va,
		  enum mmu_access acc, uint32_t *pa)
{
	/* TODO 14: A hit takes the entry from the TLB; a miss walks PT and
	 * caches the entry only if the page is present (the kernel may map
	 * it at the next fault, and nobody would flush a cached "absent").
	 * Count the hit or the miss, then let pte_check() decide. */
	(void)tlb;
	(void)pt;
	(void)va;
	(void)acc;
	(void)pa;
	errno = ENOSYS;
	return -1;
}

void tlb_flush_page(struct tlb *tlb, uint32_t va)
{
	/* TODO 15: Invalidate the slot that caches VA's page, if any: the
	 * kernel calls this after it changes or removes that page's entry. */
	(void)tlb;
	(void)va;
}

void tlb_flush_all(struct tlb *tlb)
{
	/* TODO 16: Invalidate every slot, as the kernel does when it
	 * switches to another process's page table. */
	(void)tlb;
}
