/*
 * Tests of lab 09, page tables: the single-level tables of the course
 * notes' worked examples, then the two-level table of a 32-bit machine.
 * Addresses of the toy machines are written in binary, as in the notes.
 */
#include "kit.h"
#include "mmu.h"
#include "check_mmu.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/*
 * The notes' first machine: 7-bit virtual addresses, 6-bit physical ones,
 * 16-byte pages.  The notes print its table with page 0 on the bottom line;
 * here it is indexed by page number.  Its pages hold data (R and W).
 */
static void toy_machine(struct mmu1 *mmu, pte_t table[8])
{
	static const int frame[8] = { 2, 1, -1, -1, -1, 3, -1, 0 };

	for (int page = 0; page < 8; page++)
		table[page] = frame[page] < 0 ? 0 :
			pte_make((uint32_t)frame[page], PTE_V | PTE_R | PTE_W);
	*mmu = (struct mmu1){ .va_bits = 7, .pa_bits = 6, .offset_bits = 4,
			      .table = table };
}

/*
 * The notes' second machine: 6-bit virtual addresses, 8-bit physical ones,
 * 16-byte pages, two processes.  Pages 0 and 1 hold code (R and X), page 3
 * the stack (R and W), page 2 is not allocated.
 */
static void two_processes(pte_t p1[4], pte_t p2[4])
{
	p1[0] = pte_make(bin("1000"), PTE_V | PTE_R | PTE_X);
	p1[1] = pte_make(bin("1001"), PTE_V | PTE_R | PTE_X);
	p1[2] = 0;
	p1[3] = pte_make(bin("0011"), PTE_V | PTE_R | PTE_W);
	p2[0] = pte_make(bin("1110"), PTE_V | PTE_R | PTE_X);
	p2[1] = pte_make(bin("1111"), PTE_V | PTE_R | PTE_X);
	p2[2] = 0;
	p2[3] = pte_make(bin("0000"), PTE_V | PTE_R | PTE_W);
}

/*
 * Bytes of heap in use (malloc's own count): equal before and after a
 * piece of code that frees everything it allocates.  Under valgrind, whose
 * malloc keeps no such count, it stays 0 and memcheck checks leaks instead.
 */
static size_t heap_in_use(void)
{
	return mallinfo2().uordblks;
}

#define ck_assert_heap_back_to(before, what)                                 \
	ck_assert_msg(heap_in_use() == (before), _("%s: %zu bytes of heap "  \
		      "were allocated and never freed"), what,               \
		      heap_in_use() - (before))

/* --- pte_check and the single-level table ------------------------------- */

KIT_TEST(check_not_present_first, .points = 2,
	 .desc = N_("an entry whose valid bit is clear is 'not present' for "
		    "every access, whatever its R/W/X bits"),
	 .hint = N_("Test PTE_V before anything else: the other bits of an "
		    "entry that is not valid mean nothing (the kernel may even "
		    "keep the page's place in swap there)."))
{
	pte_t absent[] = { 0, pte_make(5, PTE_R), pte_make(5, PTE_RWX) };
	enum mmu_access acc[] = { MMU_READ, MMU_WRITE, MMU_EXEC };
	uint32_t pa = 77;

	for (int e = 0; e < 3; e++)
		for (int i = 0; i < 3; i++)
			ck_assert_result(pte_check(absent[e], 0x123, 8, acc[i], &pa),
					 MMU_NOT_PRESENT);
	ck_assert_msg(pa == 77, _("*pa was written on a fault"));
}

KIT_TEST(check_protection, .points = 2,
	 .desc = N_("a present page refuses each access whose R, W or X bit is "
		    "clear: a protection violation, not a missing page"),
	 .hint = N_("The access's value is the permission bit it needs "
		    "(MMU_WRITE == PTE_W): test that bit of the entry."))
{
	pte_t none = pte_make(5, PTE_V);
	pte_t code = pte_make(5, PTE_V | PTE_R | PTE_X);
	pte_t data = pte_make(5, PTE_V | PTE_R | PTE_W);
	uint32_t pa = 77;

	ck_assert_result(pte_check(none, 0x10, 8, MMU_READ, &pa), MMU_PROTECTION);
	ck_assert_result(pte_check(none, 0x10, 8, MMU_WRITE, &pa), MMU_PROTECTION);
	ck_assert_result(pte_check(none, 0x10, 8, MMU_EXEC, &pa), MMU_PROTECTION);
	ck_assert_result(pte_check(code, 0x10, 8, MMU_WRITE, &pa), MMU_PROTECTION);
	ck_assert_result(pte_check(data, 0x10, 8, MMU_EXEC, &pa), MMU_PROTECTION);
	ck_assert_msg(pa == 77, _("*pa was written on a fault"));
	ck_assert_translates(pte_check(code, 0x10, 8, MMU_EXEC, &pa), pa, 0x510);
	ck_assert_translates(pte_check(data, 0x10, 8, MMU_WRITE, &pa), pa, 0x510);
}

KIT_TEST(check_builds_address, .points = 2,
	 .desc = N_("pte_check glues the frame number to the offset, for pages "
		    "of 1 byte, 256 bytes, 4 KiB and 4 GiB"),
	 .hint = N_("pa = frame << offset_bits | (va & (page size - 1)); use a "
		    "64-bit shift, or handle offset_bits == 32 apart: shifting "
		    "a 32-bit value by 32 is undefined."))
{
	pte_t pte = pte_make(0x5, PTE_V | PTE_R);
	uint32_t pa;

	ck_assert_translates(pte_check(pte, 0x1234, 8, MMU_READ, &pa), pa, 0x534);
	ck_assert_translates(pte_check(pte, 0x1234, 0, MMU_READ, &pa), pa, 0x5);
	ck_assert_translates(pte_check(pte, 0xabcdef12, SIM_PAGE_SHIFT, MMU_READ,
				       &pa), pa, 0x5f12);
	ck_assert_translates(pte_check(pte_make(0, PTE_V | PTE_R), 0xabcdef12,
				       32, MMU_READ, &pa), pa, 0xabcdef12);
}

KIT_TEST(toy_machine_translates, .points = 3,
	 .desc = N_("the notes' example (7-bit virtual, 6-bit physical "
		    "addresses, 16-byte pages): 1010001 -> 110001, and all 128 "
		    "addresses"),
	 .hint = N_("Page number = va >> offset_bits (here the 3 top bits), "
		    "offset = the 4 low bits; the entry of page p is "
		    "table[p]."))
{
	struct mmu1 mmu;
	pte_t table[8];
	uint32_t pa;

	toy_machine(&mmu, table);
	ck_assert_translates(mmu1_translate(&mmu, bin("1010001"), MMU_READ, &pa),
			     pa, bin("110001"));
	ck_assert_translates(mmu1_translate(&mmu, bin("1111111"), MMU_WRITE, &pa),
			     pa, bin("001111"));
	ck_assert_translates(mmu1_translate(&mmu, bin("0000000"), MMU_READ, &pa),
			     pa, bin("100000"));
	ck_assert_translates(mmu1_translate(&mmu, bin("0011010"), MMU_READ, &pa),
			     pa, bin("011010"));
	for (uint32_t va = 0; va < 128; va++) {
		uint32_t page = va >> 4;
		int want = table[page] ? MMU_OK : MMU_NOT_PRESENT;

		pa = 0;
		ck_assert_result(mmu1_translate(&mmu, va, MMU_READ, &pa), want);
		if (want == MMU_OK)
			ck_assert_msg(pa == (pte_frame(table[page]) << 4 | (va & 15)),
				      _("va %#x gave pa %#x"), va, pa);
	}
}

KIT_TEST(toy_machine_not_present,
	 .desc = N_("in the notes' example, 0110111 lies in page 011, which is "
		    "not in RAM: 'not present'"),
	 .hint = N_("Return MMU_NOT_PRESENT when the entry's valid bit is "
		    "clear."))
{
	struct mmu1 mmu;
	pte_t table[8];
	uint32_t pa = 77;

	toy_machine(&mmu, table);
	ck_assert_result(mmu1_translate(&mmu, bin("0110111"), MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_result(mmu1_translate(&mmu, bin("1100000"), MMU_WRITE, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_result(mmu1_translate(&mmu, bin("0101111"), MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_int_eq(pa, 77);
}

KIT_TEST(two_processes_same_address, .points = 2,
	 .desc = N_("the notes' two processes: 011101 is 10011101 for P1 and "
		    "11111101 for P2; a context switch only changes the table"),
	 .hint = N_("Nothing in mmu1_translate may depend on which process "
		    "runs: everything comes from mmu->table, the page table "
		    "register."))
{
	pte_t p1[4], p2[4];
	struct mmu1 mmu = { .va_bits = 6, .pa_bits = 8, .offset_bits = 4 };
	uint32_t pa;

	two_processes(p1, p2);
	mmu.table = p1;
	ck_assert_translates(mmu1_translate(&mmu, bin("011101"), MMU_READ, &pa),
			     pa, bin("10011101"));
	ck_assert_translates(mmu1_translate(&mmu, bin("111111"), MMU_WRITE, &pa),
			     pa, bin("00111111"));
	mmu.table = p2;                 /* the context switch */
	ck_assert_translates(mmu1_translate(&mmu, bin("011101"), MMU_READ, &pa),
			     pa, bin("11111101"));
	ck_assert_translates(mmu1_translate(&mmu, bin("111111"), MMU_WRITE, &pa),
			     pa, bin("00001111"));
}

KIT_TEST(code_and_stack_rights, .points = 2,
	 .desc = N_("code pages (R, X) refuse writes, the stack (R, W) refuses "
		    "execution, the hole between them is not present"),
	 .hint = N_("Not present is decided before permissions; a present page "
		    "with the bit clear is MMU_PROTECTION."))
{
	pte_t p1[4], p2[4];
	struct mmu1 mmu = { .va_bits = 6, .pa_bits = 8, .offset_bits = 4,
			    .table = p1 };
	uint32_t pa;

	two_processes(p1, p2);
	ck_assert_result(mmu1_translate(&mmu, bin("000100"), MMU_EXEC, &pa), MMU_OK);
	ck_assert_result(mmu1_translate(&mmu, bin("010100"), MMU_READ, &pa), MMU_OK);
	ck_assert_result(mmu1_translate(&mmu, bin("010100"), MMU_WRITE, &pa),
			 MMU_PROTECTION);
	ck_assert_result(mmu1_translate(&mmu, bin("111000"), MMU_WRITE, &pa), MMU_OK);
	ck_assert_result(mmu1_translate(&mmu, bin("111000"), MMU_EXEC, &pa),
			 MMU_PROTECTION);
	ck_assert_result(mmu1_translate(&mmu, bin("100001"), MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_result(mmu1_translate(&mmu, bin("100001"), MMU_EXEC, &pa),
			 MMU_NOT_PRESENT);
}

KIT_TEST(rejects_what_no_machine_does,
	 .desc = N_("an address wider than the machine's, an unknown access or "
		    "a malformed machine (no table, va_bits 0 or 33, pa_bits "
		    "33 or below offset_bits, offset_bits above va_bits) give "
		    "-1 with EINVAL"),
	 .hint = N_("A 7-bit machine cannot express 10000000: check va against "
		    "va_bits before indexing the table (out of bounds "
		    "otherwise); check every bound of struct mmu1, and that it "
		    "has a table."))
{
	struct mmu1 mmu, bad;
	pte_t table[8];
	uint32_t pa;

	toy_machine(&mmu, table);
	errno = 0;
	ck_assert_int_eq(mmu1_translate(&mmu, bin("10000000"), MMU_READ, &pa), -1);
	ck_assert_errno(EINVAL);
	errno = 0;
	ck_assert_int_eq(mmu1_translate(&mmu, 1, (enum mmu_access)0, &pa), -1);
	ck_assert_errno(EINVAL);
	bad = mmu;
	bad.offset_bits = 8;
	errno = 0;
	ck_assert_int_eq(mmu1_translate(&bad, 1, MMU_READ, &pa), -1);
	ck_assert_errno(EINVAL);
	bad = mmu;
	bad.va_bits = 33;
	errno = 0;
	ck_assert_int_eq(mmu1_translate(&bad, 1, MMU_READ, &pa), -1);
	ck_assert_errno(EINVAL);
	bad = mmu;
	bad.va_bits = 0;
	bad.offset_bits = 0;
	ck_assert_fails_with(mmu1_translate(&bad, 0, MMU_READ, &pa), -1, EINVAL);
	bad = mmu;
	bad.table = NULL;
	ck_assert_fails_with(mmu1_translate(&bad, 1, MMU_READ, &pa), -1, EINVAL);
	bad = mmu;
	bad.pa_bits = 33;
	ck_assert_fails_with(mmu1_translate(&bad, 1, MMU_READ, &pa), -1, EINVAL);
	bad = mmu;
	bad.pa_bits = 3;                /* smaller than a page's offset */
	ck_assert_fails_with(mmu1_translate(&bad, 1, MMU_READ, &pa), -1, EINVAL);
	ck_assert_fails_with(mmu1_translate(&mmu, 0xffffffff, MMU_READ, &pa), -1,
			     EINVAL);
	ck_assert_fails_with(mmu1_translate(&mmu, 1, MMU_READ | MMU_WRITE, &pa),
			     -1, EINVAL);
	errno = 0;
	ck_assert_int_eq(pte_check(table[0], 1, 33, MMU_READ, &pa), -1);
	ck_assert_errno(EINVAL);
	ck_assert_fails_with(pte_check(table[0], 1, 4, (enum mmu_access)0, &pa),
			     -1, EINVAL);
	ck_assert_fails_with(pte_check(table[0], 1, 4, MMU_READ | MMU_EXEC, &pa),
			     -1, EINVAL);
	ck_assert_fails_with(pte_check(0, 1, 4, (enum mmu_access)0x10, &pa),
			     -1, EINVAL);
}

KIT_TEST(one_page_machine, .points = 2,
	 .desc = N_("a machine whose only page is its whole 32-bit address "
		    "space (offset_bits 32): every address translates to "
		    "itself"),
	 .hint = N_("The page number is va >> 32 here, and the page size 2^32: "
		    "shift a 64-bit value (or handle 32 apart), since shifting "
		    "a 32-bit value by 32 is undefined in C (x86 shifts by "
		    "0)."))
{
	static const uint32_t va[] = { 0, 1, 0x7fffffff, 0xdeadbeef, 0xffffffff };
	pte_t table[1] = { pte_make(0, PTE_V | PTE_R | PTE_W) };
	struct mmu1 mmu = { .va_bits = 32, .pa_bits = 32, .offset_bits = 32,
			    .table = table };
	uint32_t pa;

	for (unsigned i = 0; i < sizeof va / sizeof va[0]; i++)
		ck_assert_translates(mmu1_translate(&mmu, va[i], MMU_WRITE, &pa),
				     pa, va[i]);
	ck_assert_result(mmu1_translate(&mmu, 0xdeadbeef, MMU_EXEC, &pa),
			 MMU_PROTECTION);
	table[0] = 0;
	ck_assert_result(mmu1_translate(&mmu, 0xffffffff, MMU_READ, &pa),
			 MMU_NOT_PRESENT);
}

KIT_TEST(narrowest_machines, .points = 1,
	 .desc = N_("1-bit machines: two pages of 1 byte (offset_bits 0), or "
		    "one page of 2 bytes; an address of 2 bits does not fit"),
	 .hint = N_("va fits in va_bits when va >> va_bits is 0 (shifted in 64 "
		    "bits); with offset_bits 0 the page number is the address "
		    "itself and the offset is empty."))
{
	pte_t two[2] = { pte_make(1, PTE_V | PTE_R), pte_make(0, PTE_V | PTE_R) };
	pte_t one[1] = { pte_make(0, PTE_V | PTE_X) };
	struct mmu1 bytes = { .va_bits = 1, .pa_bits = 1, .offset_bits = 0,
			      .table = two };
	struct mmu1 page = { .va_bits = 1, .pa_bits = 1, .offset_bits = 1,
			     .table = one };
	uint32_t pa;

	ck_assert_translates(mmu1_translate(&bytes, 0, MMU_READ, &pa), pa, 1);
	ck_assert_translates(mmu1_translate(&bytes, 1, MMU_READ, &pa), pa, 0);
	ck_assert_fails_with(mmu1_translate(&bytes, 2, MMU_READ, &pa), -1, EINVAL);
	ck_assert_translates(mmu1_translate(&page, 0, MMU_EXEC, &pa), pa, 0);
	ck_assert_translates(mmu1_translate(&page, 1, MMU_EXEC, &pa), pa, 1);
	ck_assert_fails_with(mmu1_translate(&page, 3, MMU_EXEC, &pa), -1, EINVAL);
}

KIT_TEST(widest_address_fits, .points = 1,
	 .desc = N_("on a 31-bit machine with 4 KiB pages, 0x7fffffff (the "
		    "last address) translates and 0x80000000 is refused"),
	 .hint = N_("The highest address of a machine is 2^va_bits - 1: "
		    "compare with <, not <=, or test va >> va_bits == 0."))
{
	size_t entries = (size_t)1 << (31 - SIM_PAGE_SHIFT);
	pte_t *table = calloc(entries, sizeof *table);
	struct mmu1 mmu = { .va_bits = 31, .pa_bits = 24,
			    .offset_bits = SIM_PAGE_SHIFT, .table = table };
	uint32_t pa;

	ck_assert_ptr_nonnull(table);
	table[entries - 1] = pte_make(0xabc, PTE_V | PTE_R);
	table[0] = pte_make(0xfff, PTE_V | PTE_R);
	ck_assert_translates(mmu1_translate(&mmu, 0x7fffffff, MMU_READ, &pa), pa,
			     0xabcfff);
	ck_assert_translates(mmu1_translate(&mmu, 0x00000123, MMU_READ, &pa), pa,
			     0xfff123);
	ck_assert_fails_with(mmu1_translate(&mmu, 0x80000000, MMU_READ, &pa), -1,
			     EINVAL);
	free(table);
}

KIT_TEST(flat_table_for_32_bits,
	 .desc = N_("a single-level table for a 32-bit machine has 2^20 "
		    "entries; 0xfffffabc in its last page translates"),
	 .hint = N_("With va_bits == 32 every uint32_t fits: '1u << 32' is "
		    "undefined (on x86 it gives 1), so test the range in 64 "
		    "bits."))
{
	size_t entries = (size_t)1 << (32 - SIM_PAGE_SHIFT);
	pte_t *table = calloc(entries, sizeof *table);
	struct mmu1 mmu = { .va_bits = 32, .pa_bits = 32,
			    .offset_bits = SIM_PAGE_SHIFT, .table = table };
	uint32_t pa;

	ck_assert_ptr_nonnull(table);
	table[entries - 1] = pte_make(0x12345, PTE_V | PTE_R);
	ck_assert_translates(mmu1_translate(&mmu, 0xfffffabc, MMU_READ, &pa),
			     pa, 0x12345abc);
	ck_assert_result(mmu1_translate(&mmu, 0x7ffffabc, MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	free(table);
}

/* --- the two-level table ------------------------------------------------ */

KIT_TEST(pt2_translates, .points = 2,
	 .desc = N_("a page mapped at 0x08048000 to frame 0x1234 turns "
		    "0x08048123 into 0x01234123, with its rights; an unknown "
		    "access is EINVAL"),
	 .hint = N_("pt2_map writes pte_make(frame, PTE_V | perms) in the "
		    "entry that pt2_walk finds; pt2_translate is pt2_walk + "
		    "pte_check."))
{
	struct pt2 pt;
	uint32_t pa;

	ck_assert_int_eq(pt2_init(&pt), 0);
	ck_assert_int_eq(pt2_map(&pt, 0x08048000, 0x1234, PTE_R | PTE_X), 0);
	ck_assert_uint_eq(pt2_walk(&pt, 0x08048abc),
			  pte_make(0x1234, PTE_V | PTE_R | PTE_X));
	ck_assert_translates(pt2_translate(&pt, 0x08048123, MMU_READ, &pa), pa,
			     0x01234123);
	ck_assert_translates(pt2_translate(&pt, 0x08048fff, MMU_EXEC, &pa), pa,
			     0x01234fff);
	ck_assert_result(pt2_translate(&pt, 0x08048000, MMU_WRITE, &pa),
			 MMU_PROTECTION);
	ck_assert_result(pt2_translate(&pt, 0x08049000, MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	pa = 77;
	ck_assert_fails_with(pt2_translate(&pt, 0x08048123, (enum mmu_access)0,
					   &pa), -1, EINVAL);
	ck_assert_fails_with(pt2_translate(&pt, 0x08048123, MMU_READ | MMU_EXEC,
					   &pa), -1, EINVAL);
	ck_assert_int_eq(pa, 77);
	pt2_destroy(&pt);
}

KIT_TEST(pt2_init_over_garbage,
	 .desc = N_("pt2_init empties a table whose memory held garbage: every "
		    "directory entry NULL, ntables 0, nothing present"),
	 .hint = N_("Set all SIM_ENTRIES directory entries to NULL, the first "
		    "one included: a struct on the stack holds whatever was "
		    "there."))
{
	struct pt2 pt;
	uint32_t pa;

	memset(&pt, 0xa5, sizeof pt);
	ck_assert_int_eq(pt2_init(&pt), 0);
	ck_assert_uint_eq(pt.ntables, 0);
	for (unsigned i = 0; i < SIM_ENTRIES; i++)
		if (pt.dir[i] != NULL)
			ck_abort_msg(_("dir[%u] is not NULL after pt2_init"), i);
	ck_assert_result(pt2_translate(&pt, 0, MMU_READ, &pa), MMU_NOT_PRESENT);
	ck_assert_result(pt2_translate(&pt, 0xfffff000, MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_int_eq(pt2_map(&pt, 0x1000, 1, PTE_R), 0);
	pt2_destroy(&pt);
}

KIT_TEST(pt2_address_fields, .points = 2,
	 .desc = N_("the directory index is bits 31-22, the table index bits "
		    "21-12: pages differing in one field stay apart, up to "
		    "0xfffff000"),
	 .hint = N_("dir = va >> 22, table = (va >> 12) & 0x3ff, written with "
		    "SIM_PAGE_SHIFT and SIM_LEVEL_BITS."))
{
	static const uint32_t va[] = { 0x00000000, 0x00001000, 0x00400000,
				       0x00401000, 0x80000000, 0xfffff000 };
	struct pt2 pt;
	uint32_t pa;

	ck_assert_int_eq(pt2_init(&pt), 0);
	for (uint32_t i = 0; i < 5; i++)
		ck_assert_int_eq(pt2_map(&pt, va[i], 0x100 + i, PTE_R), 0);
	ck_assert_int_eq(pt2_map(&pt, va[5], SIM_FRAME_MAX, PTE_R), 0);
	for (uint32_t i = 0; i < 5; i++)
		ck_assert_translates(pt2_translate(&pt, va[i] + 0x2a, MMU_READ, &pa),
				     pa, ((0x100 + i) << SIM_PAGE_SHIFT) + 0x2a);
	ck_assert_translates(pt2_translate(&pt, 0xffffffff, MMU_READ, &pa), pa,
			     0xffffffff);
	ck_assert_uint_eq(pt.ntables, 4);
	pt2_destroy(&pt);
}

KIT_TEST(pt2_tables_on_demand, .points = 2,
	 .desc = N_("code at 0x08048000 and a stack at 0xbffff000 need 2 "
		    "second-level tables, not 1024"),
	 .hint = N_("Allocate a second-level table (calloc) the first time a "
		    "page of its 4 MiB is mapped, and count it in ntables."))
{
	struct pt2 pt;
	unsigned used = 0;
	uint32_t pa;

	ck_assert_int_eq(pt2_init(&pt), 0);
	ck_assert_uint_eq(pt.ntables, 0);
	ck_assert_int_eq(pt2_map(&pt, 0x08048000, 0x100, PTE_R | PTE_X), 0);
	ck_assert_int_eq(pt2_map(&pt, 0x08049000, 0x101, PTE_R | PTE_X), 0);
	ck_assert_int_eq(pt2_map(&pt, 0xbffff000, 0x200, PTE_R | PTE_W), 0);
	ck_assert_uint_eq(pt.ntables, 2);
	for (unsigned i = 0; i < SIM_ENTRIES; i++)
		used += pt.dir[i] != NULL;
	ck_assert_uint_eq(used, 2);
	ck_assert_result(pt2_translate(&pt, 0x0804a000, MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_result(pt2_translate(&pt, 0x40000000, MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_translates(pt2_translate(&pt, 0xbffffffc, MMU_WRITE, &pa), pa,
			     0x00200ffc);
	pt2_destroy(&pt);
}

KIT_TEST(pt2_map_errors,
	 .desc = N_("pt2_map refuses an unaligned address, a frame beyond "
		    "2^20, unknown permission bits (EINVAL) and a page already "
		    "mapped (EEXIST)"),
	 .hint = N_("Check the arguments before allocating anything; mapping "
		    "over a valid entry would silently lose the old frame."))
{
	struct pt2 pt;
	uint32_t pa;

	ck_assert_int_eq(pt2_init(&pt), 0);
	errno = 0;
	ck_assert_int_eq(pt2_map(&pt, 0x1010, 1, PTE_R), -1);
	ck_assert_errno(EINVAL);
	errno = 0;
	ck_assert_int_eq(pt2_map(&pt, 0x1000, SIM_FRAME_MAX + 1, PTE_R), -1);
	ck_assert_errno(EINVAL);
	errno = 0;
	ck_assert_int_eq(pt2_map(&pt, 0x1000, 1, PTE_V | PTE_R), -1);
	ck_assert_errno(EINVAL);
	ck_assert_uint_eq(pt.ntables, 0);
	ck_assert_int_eq(pt2_map(&pt, 0x1000, 1, PTE_R), 0);
	errno = 0;
	ck_assert_int_eq(pt2_map(&pt, 0x1000, 2, PTE_R | PTE_W), -1);
	ck_assert_errno(EEXIST);
	ck_assert_translates(pt2_translate(&pt, 0x1004, MMU_READ, &pa), pa, 0x1004);
	ck_assert_result(pt2_translate(&pt, 0x1004, MMU_WRITE, &pa), MMU_PROTECTION);
	/* No rights at all is allowed: present, but every access refused. */
	ck_assert_int_eq(pt2_map(&pt, 0x2000, SIM_FRAME_MAX, 0), 0);
	ck_assert_uint_eq(pt2_walk(&pt, 0x2000), pte_make(SIM_FRAME_MAX, PTE_V));
	ck_assert_result(pt2_translate(&pt, 0x2fff, MMU_READ, &pa), MMU_PROTECTION);
	ck_assert_fails_with(pt2_map(&pt, 0x3000, 3, 0x10), -1, EINVAL);
	ck_assert_fails_with(pt2_map(&pt, 0x3001, 3, PTE_R), -1, EINVAL);
	ck_assert_fails_with(pt2_map(&pt, 0x3800, 3, PTE_R), -1, EINVAL);
	ck_assert_uint_eq(pt.ntables, 1);
	pt2_destroy(&pt);
}

/* Blocks that hold the heap full while a test runs out of memory. */
static void *hoard[1 << 16];

KIT_TEST(pt2_map_out_of_memory, .no_valgrind = 1,
	 .desc = N_("when no memory is left for a second-level table, pt2_map "
		    "fails with ENOMEM and the table is unchanged"),
	 .hint = N_("calloc returns NULL when memory runs out: return -1 "
		    "(calloc has set errno to ENOMEM) before touching the "
		    "directory or ntables."))
{
	struct pt2 pt;
	struct rlimit saved, none;
	size_t n = 0;
	int rc, err;
	uint32_t pa;

	ck_assert_int_eq(pt2_init(&pt), 0);
	ck_assert_int_eq(pt2_map(&pt, 0x00001000, 1, PTE_R), 0);
	/* No new address space, then every block of the heap taken. */
	ck_assert_int_eq(getrlimit(RLIMIT_AS, &saved), 0);
	none = saved;
	none.rlim_cur = 0;
	ck_assert_int_eq(setrlimit(RLIMIT_AS, &none), 0);
	while (n < sizeof hoard / sizeof hoard[0] &&
	       (hoard[n] = malloc(SIM_ENTRIES * sizeof(pte_t) - 64)) != NULL)
		n++;
	errno = 0;
	rc = pt2_map(&pt, 0x00800000, 2, PTE_R);
	err = errno;
	while (n > 0)
		free(hoard[--n]);
	setrlimit(RLIMIT_AS, &saved);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(err == ENOMEM, _("errno is %s, expected ENOMEM"),
		      strerror(err));
	ck_assert_uint_eq(pt.ntables, 1);
	ck_assert_ptr_null(pt.dir[2]);
	ck_assert_result(pt2_translate(&pt, 0x00800000, MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_translates(pt2_translate(&pt, 0x00001008, MMU_READ, &pa), pa,
			     0x1008);
	ck_assert_int_eq(pt2_map(&pt, 0x00800000, 2, PTE_R), 0);
	ck_assert_uint_eq(pt.ntables, 2);
	pt2_destroy(&pt);
}

KIT_TEST(pt2_protect_like_mprotect, .points = 2,
	 .desc = N_("pt2_protect changes a page's rights and keeps its frame; "
		    "on a page that is not mapped it fails with ENOMEM, like "
		    "mprotect"),
	 .hint = N_("Clear the PTE_RWX bits of the entry, then set the new "
		    "ones; leave PTE_V and the frame alone."))
{
	struct pt2 pt;
	uint32_t pa;

	ck_assert_int_eq(pt2_init(&pt), 0);
	ck_assert_int_eq(pt2_map(&pt, 0x10000, 0x42, PTE_R | PTE_W), 0);
	ck_assert_result(pt2_translate(&pt, 0x10008, MMU_WRITE, &pa), MMU_OK);
	ck_assert_int_eq(pt2_protect(&pt, 0x10000, PTE_R), 0);
	ck_assert_result(pt2_translate(&pt, 0x10008, MMU_WRITE, &pa),
			 MMU_PROTECTION);
	ck_assert_translates(pt2_translate(&pt, 0x10008, MMU_READ, &pa), pa,
			     0x42008);
	ck_assert_int_eq(pt2_protect(&pt, 0x10000, 0), 0);
	ck_assert_result(pt2_translate(&pt, 0x10008, MMU_READ, &pa),
			 MMU_PROTECTION);
	errno = 0;
	ck_assert_int_eq(pt2_protect(&pt, 0x11000, PTE_R), -1);
	ck_assert_errno(ENOMEM);
	errno = 0;
	ck_assert_int_eq(pt2_protect(&pt, 0x40000000, PTE_R), -1);
	ck_assert_errno(ENOMEM);
	errno = 0;
	ck_assert_int_eq(pt2_protect(&pt, 0x10004, PTE_R), -1);
	ck_assert_errno(EINVAL);
	ck_assert_fails_with(pt2_protect(&pt, 0x10000, PTE_V | PTE_R), -1, EINVAL);
	ck_assert_fails_with(pt2_protect(&pt, 0x10000, 0x80), -1, EINVAL);
	ck_assert_int_eq(pt2_protect(&pt, 0x10000, PTE_RWX), 0);
	ck_assert_uint_eq(pt2_walk(&pt, 0x10000), pte_make(0x42, PTE_V | PTE_RWX));
	pt2_destroy(&pt);
}

KIT_TEST(pt2_unmap_frees_tables, .points = 2,
	 .desc = N_("pt2_unmap clears a page, and frees its second-level table "
		    "with the table's last page"),
	 .hint = N_("After clearing the entry, scan the table: if no entry is "
		    "valid, free it, set dir[i] to NULL and decrement "
		    "ntables."))
{
	struct pt2 pt;
	uint32_t pa;
	size_t heap = heap_in_use();

	ck_assert_int_eq(pt2_init(&pt), 0);
	ck_assert_int_eq(pt2_map(&pt, 0x00400000, 7, PTE_R), 0);
	ck_assert_int_eq(pt2_map(&pt, 0x007ff000, 8, PTE_R), 0);
	ck_assert_uint_eq(pt.ntables, 1);
	ck_assert_int_eq(pt2_unmap(&pt, 0x00400000), 0);
	ck_assert_result(pt2_translate(&pt, 0x00400000, MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_translates(pt2_translate(&pt, 0x007ff001, MMU_READ, &pa), pa,
			     0x8001);
	ck_assert_uint_eq(pt.ntables, 1);
	ck_assert_int_eq(pt2_unmap(&pt, 0x007ff000), 0);
	ck_assert_uint_eq(pt.ntables, 0);
	ck_assert_ptr_null(pt.dir[1]);
	ck_assert_heap_back_to(heap, _("pt2_unmap of the last page"));
	ck_assert_int_eq(pt2_unmap(&pt, 0x007ff000), 0);
	errno = 0;
	ck_assert_int_eq(pt2_unmap(&pt, 0x007ff008), -1);
	ck_assert_errno(EINVAL);
	ck_assert_int_eq(pt2_map(&pt, 0x007ff000, 9, PTE_R), 0);
	ck_assert_uint_eq(pt.ntables, 1);
	/* A table whose only page left is its entry 0 still maps it. */
	ck_assert_int_eq(pt2_map(&pt, 0x00c00000, 10, PTE_R), 0);
	ck_assert_int_eq(pt2_map(&pt, 0x00c05000, 11, PTE_R), 0);
	ck_assert_int_eq(pt2_unmap(&pt, 0x00c05000), 0);
	ck_assert_uint_eq(pt.ntables, 2);
	ck_assert_translates(pt2_translate(&pt, 0x00c00010, MMU_READ, &pa), pa,
			     0xa010);
	pt2_destroy(&pt);
}

KIT_TEST(pt2_destroy_empties,
	 .desc = N_("pt2_destroy frees every second-level table and leaves an "
		    "empty table that can be used again"),
	 .hint = N_("free() each non-NULL dir[i] and set it to NULL; valgrind "
		    "reports the tables you forget."))
{
	struct pt2 pt;
	uint32_t pa;
	size_t heap = heap_in_use();

	ck_assert_int_eq(pt2_init(&pt), 0);
	for (uint32_t va = 0; va < 0x00c00000; va += 0x00100000)
		ck_assert_int_eq(pt2_map(&pt, va, va >> SIM_PAGE_SHIFT, PTE_R), 0);
	ck_assert_int_eq(pt2_map(&pt, 0xfffff000, 5, PTE_R), 0);  /* dir[1023] */
	ck_assert_uint_eq(pt.ntables, 4);
	pt2_destroy(&pt);
	ck_assert_uint_eq(pt.ntables, 0);
	ck_assert_heap_back_to(heap, "pt2_destroy");
	for (unsigned i = 0; i < SIM_ENTRIES; i++)
		ck_assert_ptr_null(pt.dir[i]);
	ck_assert_result(pt2_translate(&pt, 0x00100000, MMU_READ, &pa),
			 MMU_NOT_PRESENT);
	ck_assert_int_eq(pt2_map(&pt, 0x00100000, 1, PTE_R), 0);
	pt2_destroy(&pt);
}
