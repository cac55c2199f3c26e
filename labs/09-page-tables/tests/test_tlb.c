/*
 * Tests of lab 09, the TLB: it must answer like the page table, count its
 * hits and misses, replace its oldest entry, and really be a cache: stale
 * until the kernel flushes it.
 */
#include "kit.h"
#include "mmu.h"
#include "check_mmu.h"

#include <errno.h>
#include <string.h>

#define BASE 0x08048000u        /* where the test processes' pages start */

/* A page table mapping NPAGES pages from BASE, page i to FIRST_FRAME + i. */
static void process(struct pt2 *pt, unsigned npages, uint32_t first_frame,
		    unsigned perms)
{
	ck_assert_int_eq(pt2_init(pt), 0);
	for (uint32_t i = 0; i < npages; i++)
		ck_assert_int_eq(pt2_map(pt, BASE + i * SIM_PAGE_SIZE,
					 first_frame + i, perms), 0);
}

static uint32_t page(unsigned i)
{
	return BASE + i * SIM_PAGE_SIZE;
}

/* A TLB of NENTRIES slots whose memory held garbage before tlb_init. */
static void new_tlb(struct tlb *tlb, unsigned nentries)
{
	memset(tlb, 0xa5, sizeof *tlb);
	ck_assert_int_eq(tlb_init(tlb, nentries), 0);
}

#define ck_assert_counts(tlb, h, m)                                          \
	ck_assert_msg((tlb)->hits == (h) && (tlb)->misses == (m),            \
		      _("expected %lu hit(s) and %lu miss(es), counted %lu " \
		        "and %lu"), (unsigned long)(h), (unsigned long)(m),  \
		      (tlb)->hits, (tlb)->misses)

KIT_TEST(tlb_init_checks,
	 .desc = N_("tlb_init refuses 0 or more than TLB_MAX_ENTRIES slots "
		    "(EINVAL), and starts empty with both counters at 0"),
	 .hint = N_("Mark every slot invalid: the struct may hold garbage "
		    "before tlb_init, as a TLB holds whatever it held at power "
		    "on."))
{
	struct tlb tlb;
	struct pt2 pt;
	uint32_t pa;

	errno = 0;
	ck_assert_int_eq(tlb_init(&tlb, 0), -1);
	ck_assert_errno(EINVAL);
	errno = 0;
	ck_assert_int_eq(tlb_init(&tlb, TLB_MAX_ENTRIES + 1), -1);
	ck_assert_errno(EINVAL);
	/* Garbage that looks like a valid entry for BASE, in every slot. */
	memset(&tlb, 0xa5, sizeof tlb);
	for (unsigned i = 0; i < TLB_MAX_ENTRIES; i++)
		tlb.entry[i] = (struct tlb_entry){ .vpn = BASE >> SIM_PAGE_SHIFT,
			.pte = pte_make(0x999, PTE_V | PTE_RWX), .valid = 1 };
	ck_assert_int_eq(tlb_init(&tlb, TLB_MAX_ENTRIES), 0);
	ck_assert_uint_eq(tlb.nentries, TLB_MAX_ENTRIES);
	ck_assert_counts(&tlb, 0, 0);
	/* Garbage slots must not answer: the first access is a miss. */
	process(&pt, 1, 0x77, PTE_R);
	ck_assert_translates(tlb_translate(&tlb, &pt, BASE + 5, MMU_READ, &pa),
			     pa, 0x77005);
	ck_assert_counts(&tlb, 0, 1);
	pt2_destroy(&pt);
}

KIT_TEST(tlb_first_touch_misses, .points = 2,
	 .desc = N_("the first access to a page misses and walks the table; "
		    "the next ones in that page hit, with the same answer"),
	 .hint = N_("Look the page number (va >> SIM_PAGE_SHIFT) up in every "
		    "valid slot; on a miss, pt2_walk and cache the entry."))
{
	struct pt2 pt;
	struct tlb tlb;
	uint32_t pa, want;

	process(&pt, 2, 0x300, PTE_R | PTE_W);
	new_tlb(&tlb, 4);
	ck_assert_translates(tlb_translate(&tlb, &pt, BASE + 0x10, MMU_READ, &pa),
			     pa, 0x300010);
	ck_assert_counts(&tlb, 0, 1);
	for (uint32_t off = 0; off < SIM_PAGE_SIZE; off += SIM_PAGE_SIZE / 8) {
		ck_assert_result(pt2_translate(&pt, BASE + off, MMU_WRITE, &want),
				 MMU_OK);
		ck_assert_translates(tlb_translate(&tlb, &pt, BASE + off,
						   MMU_WRITE, &pa), pa, want);
	}
	ck_assert_counts(&tlb, 8, 1);
	ck_assert_translates(tlb_translate(&tlb, &pt, page(1), MMU_READ, &pa),
			     pa, 0x301000);
	ck_assert_counts(&tlb, 8, 2);
	pt2_destroy(&pt);
}

KIT_TEST(tlb_sequential_scan, .points = 2,
	 .desc = N_("reading 64 pages word by word misses once per page: 64 "
		    "misses, 65472 hits"),
	 .hint = N_("Every call is exactly one hit or one miss; a page stays "
		    "cached while the scan walks through it."))
{
	struct pt2 pt;
	struct tlb tlb;
	uint32_t pa;
	unsigned long words = 0;

	process(&pt, 64, 0x1000, PTE_R);
	new_tlb(&tlb, 4);
	/* Plain comparisons in the loop: one Check assertion per word would
	 * cost a message to the runner each, far too slow under valgrind. */
	for (uint32_t va = BASE; va < page(64); va += 4, words++) {
		uint32_t want = ((0x1000 + (va - BASE) / SIM_PAGE_SIZE)
				 << SIM_PAGE_SHIFT) | (va & (SIM_PAGE_SIZE - 1));
		int r;

		pa = 0xdeadbeef;
		r = tlb_translate(&tlb, &pt, va, MMU_READ, &pa);
		if (r != MMU_OK || pa != want)
			ck_abort_msg(_("tlb_translate(va %#x) gave %s and pa "
				       "%#x, expected MMU_OK and pa %#x"),
				     (unsigned)va,
				     result_name(r), (unsigned)pa, (unsigned)want);
	}
	ck_assert_counts(&tlb, words - 64, 64);
	pt2_destroy(&pt);
}

KIT_TEST(tlb_replaces_oldest, .points = 2,
	 .desc = N_("a full 4-slot TLB replaces the entry filled first (FIFO): "
		    "A B C D A E A gives 1 hit and 6 misses"),
	 /* xgettext:no-c-format (a modulo, not a conversion) */
	 .hint = N_("Fill slot 'next' on every miss, then next = (next + 1) % "
		    "nentries; a hit moves nothing: the hit on A does not save "
		    "it from E (that would be LRU: 2 hits)."))
{
	static const unsigned order[] = { 0, 1, 2, 3, 0, 4, 0 };
	struct pt2 pt;
	struct tlb tlb;
	uint32_t pa;

	process(&pt, 5, 0x500, PTE_R);
	new_tlb(&tlb, 4);
	for (unsigned i = 0; i < 7; i++)
		ck_assert_translates(tlb_translate(&tlb, &pt, page(order[i]) + i,
						   MMU_READ, &pa),
				     pa, ((0x500 + order[i]) << SIM_PAGE_SHIFT) + i);
	ck_assert_counts(&tlb, 1, 6);
	pt2_destroy(&pt);
}

KIT_TEST(tlb_working_set, .points = 2,
	 .desc = N_("looping over 4 pages with 4 slots misses 4 times in all; "
		    "over 5 pages, every access misses; 3 pages in 3 slots "
		    "miss 3 times"),
	 .hint = N_("When the loop is one page longer than the TLB, FIFO "
		    "always evicts the page needed next: that is why a TLB's "
		    "size matters."))
{
	struct pt2 pt;
	struct tlb tlb;
	uint32_t pa;

	process(&pt, 5, 0x600, PTE_R);
	new_tlb(&tlb, 4);
	for (unsigned round = 0; round < 10; round++)
		for (unsigned p = 0; p < 4; p++)
			ck_assert_result(tlb_translate(&tlb, &pt, page(p), MMU_READ,
						       &pa), MMU_OK);
	ck_assert_counts(&tlb, 36, 4);
	ck_assert_int_eq(tlb_init(&tlb, 4), 0);
	for (unsigned round = 0; round < 10; round++)
		for (unsigned p = 0; p < 5; p++)
			ck_assert_result(tlb_translate(&tlb, &pt, page(p), MMU_READ,
						       &pa), MMU_OK);
	ck_assert_counts(&tlb, 0, 50);
	/* Any size, not only powers of two: 3 pages in 3 slots. */
	ck_assert_int_eq(tlb_init(&tlb, 3), 0);
	for (unsigned round = 0; round < 10; round++)
		for (unsigned p = 0; p < 3; p++)
			ck_assert_result(tlb_translate(&tlb, &pt, page(p), MMU_READ,
						       &pa), MMU_OK);
	ck_assert_counts(&tlb, 27, 3);
	pt2_destroy(&pt);
}

KIT_TEST(tlb_hit_checks_rights,
	 .desc = N_("a hit still checks permissions: writing a read-only page "
		    "that is cached is a protection violation"),
	 .hint = N_("Cache the whole entry, rights included, and give it to "
		    "pte_check() on a hit as on a miss."))
{
	struct pt2 pt;
	struct tlb tlb;
	uint32_t pa = 77;

	process(&pt, 1, 0x40, PTE_R);
	new_tlb(&tlb, 2);
	ck_assert_result(tlb_translate(&tlb, &pt, BASE, MMU_READ, &pa), MMU_OK);
	ck_assert_result(tlb_translate(&tlb, &pt, BASE, MMU_WRITE, &pa),
			 MMU_PROTECTION);
	ck_assert_result(tlb_translate(&tlb, &pt, BASE, MMU_EXEC, &pa),
			 MMU_PROTECTION);
	ck_assert_counts(&tlb, 2, 1);
	pt2_destroy(&pt);
}

KIT_TEST(tlb_is_a_cache, .points = 3,
	 .desc = N_("after pt2_protect or pt2_unmap the TLB keeps the old "
		    "entry until tlb_flush_page: stale, as in hardware"),
	 .hint = N_("A hit must not read the page table at all; tlb_flush_page "
		    "invalidates the slot holding va's page, so the next "
		    "access misses and walks the new table."))
{
	struct pt2 pt;
	struct tlb tlb;
	uint32_t pa;

	process(&pt, 2, 0x80, PTE_R | PTE_W);
	new_tlb(&tlb, 4);
	ck_assert_result(tlb_translate(&tlb, &pt, page(0), MMU_WRITE, &pa), MMU_OK);
	ck_assert_result(tlb_translate(&tlb, &pt, page(1), MMU_READ, &pa), MMU_OK);
	ck_assert_int_eq(pt2_protect(&pt, page(0), PTE_R), 0);
	ck_assert_int_eq(pt2_unmap(&pt, page(1)), 0);
	ck_assert_result(tlb_translate(&tlb, &pt, page(0), MMU_WRITE, &pa), MMU_OK);
	ck_assert_translates(tlb_translate(&tlb, &pt, page(1), MMU_READ, &pa), pa,
			     0x81000);
	ck_assert_counts(&tlb, 2, 2);
	tlb_flush_page(&tlb, page(0) + 0x123);
	tlb_flush_page(&tlb, page(1));
	ck_assert_result(tlb_translate(&tlb, &pt, page(0), MMU_WRITE, &pa),
			 MMU_PROTECTION);
	ck_assert_result(tlb_translate(&tlb, &pt, page(1), MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_counts(&tlb, 2, 4);
	pt2_destroy(&pt);
}

KIT_TEST(tlb_flush_page_only,
	 .desc = N_("tlb_flush_page forgets that page only: the other cached "
		    "pages still hit"),
	 .hint = N_("Invalidate the one slot whose vpn matches; leave the "
		    "others."))
{
	struct pt2 pt;
	struct tlb tlb;
	uint32_t pa;

	process(&pt, 3, 0x90, PTE_R);
	new_tlb(&tlb, 4);
	for (unsigned p = 0; p < 3; p++)
		ck_assert_result(tlb_translate(&tlb, &pt, page(p), MMU_READ, &pa),
				 MMU_OK);
	tlb_flush_page(&tlb, page(1));
	tlb_flush_page(&tlb, page(7));  /* never cached: nothing to do */
	for (unsigned p = 0; p < 3; p++)
		ck_assert_result(tlb_translate(&tlb, &pt, page(p), MMU_READ, &pa),
				 MMU_OK);
	ck_assert_counts(&tlb, 2, 4);
	pt2_destroy(&pt);
}

KIT_TEST(tlb_absent_not_cached,
	 .desc = N_("a page that is not present is not cached: once the kernel "
		    "maps it, the next access works without any flush"),
	 .hint = N_("Fill a slot on a miss only when the entry's PTE_V is "
		    "set."))
{
	struct pt2 pt;
	struct tlb tlb;
	uint32_t pa;

	process(&pt, 1, 0xa0, PTE_R);
	new_tlb(&tlb, 4);
	ck_assert_result(tlb_translate(&tlb, &pt, page(1), MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_result(tlb_translate(&tlb, &pt, page(1), MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_counts(&tlb, 0, 2);
	ck_assert_int_eq(pt2_map(&pt, page(1), 0xa1, PTE_R), 0);   /* the fault handler */
	ck_assert_translates(tlb_translate(&tlb, &pt, page(1) + 1, MMU_READ, &pa),
			     pa, 0xa1001);
	ck_assert_counts(&tlb, 0, 3);
	pt2_destroy(&pt);
}

KIT_TEST(tlb_context_switch, .points = 2,
	 .desc = N_("switching from P1's table to P2's needs tlb_flush_all: "
		    "before it the TLB still gives P1's frame"),
	 .hint = N_("tlb_flush_all invalidates every slot but keeps the "
		    "counters."))
{
	struct pt2 p1, p2;
	struct tlb tlb;
	uint32_t pa;

	process(&p1, 2, 0x111, PTE_R | PTE_W);
	process(&p2, 2, 0x222, PTE_R | PTE_W);
	new_tlb(&tlb, 4);
	ck_assert_translates(tlb_translate(&tlb, &p1, page(0) + 8, MMU_READ, &pa),
			     pa, 0x111008);
	ck_assert_translates(tlb_translate(&tlb, &p1, page(1) + 8, MMU_READ, &pa),
			     pa, 0x112008);
	/* The switch without a flush: P2 reads P1's memory. */
	ck_assert_translates(tlb_translate(&tlb, &p2, page(0) + 8, MMU_READ, &pa),
			     pa, 0x111008);
	tlb_flush_all(&tlb);
	ck_assert_translates(tlb_translate(&tlb, &p2, page(0) + 8, MMU_READ, &pa),
			     pa, 0x222008);
	ck_assert_translates(tlb_translate(&tlb, &p2, page(1) + 8, MMU_READ, &pa),
			     pa, 0x223008);
	ck_assert_counts(&tlb, 1, 4);
	pt2_destroy(&p1);
	pt2_destroy(&p2);
}

KIT_TEST(tlb_single_slot,
	 .desc = N_("a 1-slot TLB keeps the last page only: A A B A A B gives "
		    "2 hits and 4 misses; tlb_flush_all keeps the counters"),
	 .hint = N_("next goes round modulo nentries (here 1: always slot 0); "
		    "tlb_flush_all invalidates the slots and touches nothing "
		    "else."))
{
	static const unsigned order[] = { 0, 0, 1, 0, 0, 1 };
	struct pt2 pt;
	struct tlb tlb;
	uint32_t pa;

	process(&pt, 2, 0xc0, PTE_R);
	new_tlb(&tlb, 1);
	for (unsigned i = 0; i < 6; i++)
		ck_assert_translates(tlb_translate(&tlb, &pt, page(order[i]) + 4 * i,
						   MMU_READ, &pa),
				     pa, ((0xc0 + order[i]) << SIM_PAGE_SHIFT) + 4 * i);
	ck_assert_counts(&tlb, 2, 4);
	tlb_flush_all(&tlb);
	ck_assert_counts(&tlb, 2, 4);
	ck_assert_uint_eq(tlb.nentries, 1);
	ck_assert_result(tlb_translate(&tlb, &pt, page(1), MMU_READ, &pa), MMU_OK);
	ck_assert_counts(&tlb, 2, 5);
	pt2_destroy(&pt);
}

KIT_TEST(tlb_flush_all_every_slot,
	 .desc = N_("tlb_flush_all forgets all 64 entries of a full 64-slot "
		    "TLB: the next 64 accesses all miss"),
	 .hint = N_("Invalidate every slot, the last one included."))
{
	struct pt2 pt;
	struct tlb tlb;
	uint32_t pa;

	process(&pt, TLB_MAX_ENTRIES, 0x700, PTE_R);
	new_tlb(&tlb, TLB_MAX_ENTRIES);
	for (unsigned p = 0; p < TLB_MAX_ENTRIES; p++)
		ck_assert_result(tlb_translate(&tlb, &pt, page(p), MMU_READ, &pa),
				 MMU_OK);
	ck_assert_counts(&tlb, 0, TLB_MAX_ENTRIES);
	tlb_flush_all(&tlb);
	for (unsigned p = 0; p < TLB_MAX_ENTRIES; p++)
		ck_assert_result(tlb_translate(&tlb, &pt, page(p), MMU_READ, &pa),
				 MMU_OK);
	ck_assert_counts(&tlb, 0, 2 * TLB_MAX_ENTRIES);
	pt2_destroy(&pt);
}

KIT_TEST(tlb_rejects_bad_access,
	 .desc = N_("an unknown access gives -1 with EINVAL and counts neither "
		    "a hit nor a miss"),
	 .hint = N_("Check the access before the lookup."))
{
	struct pt2 pt;
	struct tlb tlb;
	uint32_t pa;

	process(&pt, 1, 0xb0, PTE_RWX);
	new_tlb(&tlb, 4);
	errno = 0;
	ck_assert_int_eq(tlb_translate(&tlb, &pt, BASE, (enum mmu_access)0, &pa), -1);
	ck_assert_errno(EINVAL);
	errno = 0;
	ck_assert_int_eq(tlb_translate(&tlb, &pt, BASE, MMU_READ | MMU_WRITE, &pa),
			 -1);
	ck_assert_errno(EINVAL);
	ck_assert_counts(&tlb, 0, 0);
	ck_assert_result(tlb_translate(&tlb, &pt, BASE, MMU_EXEC, &pa), MMU_OK);
	pt2_destroy(&pt);
}
