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
	if (nentries == 0 || nentries > TLB_MAX_ENTRIES) {
		errno = EINVAL;
		return -1;
	}
	tlb->nentries = nentries;
	tlb->next = 0;
	for (unsigned i = TLB_MAX_ENTRIES; i-- > 0;)
		tlb->entry[i].valid = 0;
	tlb->hits = 0;
	tlb->misses = 0;
	return 0;
	//> (void)tlb;
	//> (void)nentries;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* TODO 13: Write the two halves of the TLB: lookup() finds the valid slot
 * that holds page VPN (NULL if none); fill() caches PTE for VPN in slot
 * NEXT and moves NEXT on, round robin. */
static inline struct tlb_entry *lookup(struct tlb *tlb, uint32_t vpn)
{
	for (unsigned i = tlb->nentries; i-- > 0;)
		if (tlb->entry[i].valid && tlb->entry[i].vpn == vpn)
			return &tlb->entry[i];
	return NULL;
}

static inline void fill(struct tlb *tlb, uint32_t vpn, pte_t pte)
{
	struct tlb_entry *slot = &tlb->entry[tlb->next];

	slot->vpn = vpn;
	slot->pte = pte;
	slot->valid = 1;
	tlb->next = (tlb->next + 1) % tlb->nentries;
}
/* END TODO */

int tlb_translate(struct tlb *tlb, const struct pt2 *pt, uint32_t va,
		  enum mmu_access acc, uint32_t *pa)
{
	/* TODO 14: A hit takes the entry from the TLB; a miss walks PT and
	 * caches the entry only if the page is present (the kernel may map
	 * it at the next fault, and nobody would flush a cached "absent").
	 * Count the hit or the miss, then let pte_check() decide. */
	struct tlb_entry *hit;
	pte_t pte;

	if (acc != MMU_READ && acc != MMU_WRITE && acc != MMU_EXEC) {
		errno = EINVAL;
		return -1;
	}
	hit = lookup(tlb, vpn_of(va));
	if (hit != NULL) {
		tlb->hits++;
		pte = hit->pte;
	} else {
		tlb->misses++;
		pte = pt2_walk(pt, va);
		if (pte & PTE_V)
			fill(tlb, vpn_of(va), pte);
	}
	return pte_check(pte, va, SIM_PAGE_SHIFT, acc, pa);
	//> (void)tlb;
	//> (void)pt;
	//> (void)va;
	//> (void)acc;
	//> (void)pa;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

void tlb_flush_page(struct tlb *tlb, uint32_t va)
{
	/* TODO 15: Invalidate the slot that caches VA's page, if any: the
	 * kernel calls this after it changes or removes that page's entry. */
	struct tlb_entry *cached = lookup(tlb, vpn_of(va));

	if (cached != NULL)
		cached->valid = 0;
	//> (void)tlb;
	//> (void)va;
	/* END TODO */
}

void tlb_flush_all(struct tlb *tlb)
{
	/* TODO 16: Invalidate every slot, as the kernel does when it
	 * switches to another process's page table. */
	for (unsigned i = TLB_MAX_ENTRIES; i-- > 0;)
		tlb->entry[i].valid = 0;
	//> (void)tlb;
	/* END TODO */
}
