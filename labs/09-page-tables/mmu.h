/*
 * mmu.h - lab 09: page tables in software.
 *
 * A memory management unit (MMU) turns every virtual address a program uses
 * into a physical address, one page at a time, through a page table that
 * the kernel fills in.  Here you write that translation in C for simulated
 * machines:
 *
 *   - pte_check() and mmu1_translate(): a single-level table, for toy
 *     machines of any address width (pagetable.c);
 *   - struct pt2 and the pt2_*() calls: a two-level table for a 32-bit
 *     address space with 4 KiB pages, like the one of an i386 (pagetable.c);
 *   - struct tlb and the tlb_*() calls: a small TLB in front of it, which
 *     counts its hits and misses (tlb.c).
 *
 * Sizes here belong to the simulated machine, never to the host: the host's
 * page size does not appear anywhere in this lab.
 *
 * Functions returning int give an enum mmu_result (0 or more) for a
 * translation, 0 for success otherwise, and -1 with errno set when the call
 * itself is wrong (EINVAL: a malformed machine, an address it cannot
 * express, an unknown access).
 */
#ifndef MMU_H
#define MMU_H

#include <stdint.h>

/* --- page table entries ------------------------------------------------- */

/*
 * A page table entry is a 32-bit word: flag bits in the low byte, the
 * number of the physical frame above them.
 *
 *    31                                8 7      3   2   1   0
 *   +-----------------------------------+--------+---+---+---+---+
 *   |            frame number           |  zero  | X | W | R | V |
 *   +-----------------------------------+--------+---+---+---+---+
 */
typedef uint32_t pte_t;

#define PTE_V (1u << 0)         /* valid: the page is present in RAM    */
#define PTE_R (1u << 1)         /* the page may be read                 */
#define PTE_W (1u << 2)         /* the page may be written              */
#define PTE_X (1u << 3)         /* the page may be executed             */
#define PTE_RWX (PTE_R | PTE_W | PTE_X)
#define PTE_FRAME_SHIFT 8       /* where the frame number starts        */

/* An entry for FRAME with FLAGS (PTE_V and permission bits). */
static inline pte_t pte_make(uint32_t frame, uint32_t flags)
{
	return (pte_t)(frame << PTE_FRAME_SHIFT) | flags;
}

static inline uint32_t pte_frame(pte_t pte)
{
	return pte >> PTE_FRAME_SHIFT;
}

/* An access names the permission bit it needs. */
enum mmu_access {
	MMU_READ = PTE_R,
	MMU_WRITE = PTE_W,
	MMU_EXEC = PTE_X,
};

/* What the MMU decides about one access. */
enum mmu_result {
	MMU_OK = 0,             /* translated: *pa holds the address     */
	MMU_NOT_PRESENT,        /* valid bit clear: a page fault         */
	MMU_PROTECTION,         /* present, but the access is not allowed */
};

/*
 * The last step of every translation: given PTE, the entry of the page
 * that holds VA on a machine whose pages have 2^OFFSET_BITS bytes, decides
 * ACC.  A page that is not present is MMU_NOT_PRESENT whatever its
 * permission bits say; a present page without the permission ACC needs is
 * MMU_PROTECTION; otherwise *PA = frame * page size + offset of VA in its
 * page, and the result is MMU_OK.  *PA is left alone unless MMU_OK.
 * -1 with EINVAL when ACC is not one of the three accesses or OFFSET_BITS
 * is above 32.
 */
int pte_check(pte_t pte, uint32_t va, unsigned offset_bits,
	      enum mmu_access acc, uint32_t *pa);

/* --- a single-level table for toy machines ------------------------------ */

/*
 * A machine with VA_BITS-bit virtual addresses, PA_BITS-bit physical
 * addresses and pages of 2^OFFSET_BITS bytes.  TABLE is its page table
 * (the page table base register): one entry per virtual page, that is
 * 2^(VA_BITS - OFFSET_BITS) entries, entry 0 for page 0; a machine with
 * no TABLE (NULL) is malformed.  Its frames are trusted to fit in PA_BITS.
 */
struct mmu1 {
	unsigned va_bits;       /* 1 .. 32                             */
	unsigned pa_bits;       /* offset_bits .. 32                   */
	unsigned offset_bits;   /* 0 .. va_bits                        */
	const pte_t *table;
};

/*
 * Translates VA for an access ACC through MMU's table.  Returns an enum
 * mmu_result, or -1 with EINVAL when MMU is malformed, when VA does not fit
 * in va_bits, or when ACC is unknown.
 */
int mmu1_translate(const struct mmu1 *mmu, uint32_t va, enum mmu_access acc,
		   uint32_t *pa);

/* --- a two-level table for a 32-bit machine ----------------------------- */

/*
 * The simulated 32-bit machine: 4 KiB pages, and a virtual address cut into
 * three fields, like on an i386:
 *
 *    31            22 21            12 11                    0
 *   +----------------+----------------+-----------------------+
 *   |   directory    |     table      |   offset in the page  |
 *   +----------------+----------------+-----------------------+
 *
 * The directory entry chosen by the top 10 bits points to a second-level
 * table; the entry chosen there by the next 10 bits is the page's pte_t.
 * Physical addresses are 32-bit too, so a frame number has 20 bits.
 */
#define SIM_PAGE_SHIFT 12                       /* 4 KiB simulated pages */
#define SIM_PAGE_SIZE (1u << SIM_PAGE_SHIFT)
#define SIM_LEVEL_BITS 10                       /* index bits per level  */
#define SIM_ENTRIES (1u << SIM_LEVEL_BITS)      /* entries per table     */
#define SIM_FRAME_MAX ((1u << (32 - SIM_PAGE_SHIFT)) - 1)

_Static_assert(SIM_PAGE_SHIFT + 2 * SIM_LEVEL_BITS == 32,
	       "the three fields must cover a 32-bit address");

/*
 * A two-level page table.  dir[i] is NULL while none of the 4 MiB that
 * directory entry i covers is mapped: that is the whole point of two
 * levels, an address space with a few pages needs a few tables, not the
 * 2^20 entries of a flat one.  Second-level tables hold SIM_ENTRIES pte_t
 * each; NTABLES counts the ones allocated.
 */
struct pt2 {
	pte_t *dir[SIM_ENTRIES];
	unsigned ntables;
};

/* An empty table: nothing mapped, no second-level table.  Returns 0. */
int pt2_init(struct pt2 *pt);

/* The entry of the page holding VA; 0 (not valid) when it has no table. */
pte_t pt2_walk(const struct pt2 *pt, uint32_t va);

/* Translates VA for ACC: an enum mmu_result, or -1 with EINVAL (ACC). */
int pt2_translate(const struct pt2 *pt, uint32_t va, enum mmu_access acc,
		  uint32_t *pa);

/*
 * Maps the page at VA to FRAME with permissions PERMS (PTE_R, PTE_W,
 * PTE_X, any mix, even none), allocating the second-level table if needed.
 * Returns 0, or -1 with errno:
 *   EINVAL  VA is not page-aligned, FRAME > SIM_FRAME_MAX, or PERMS has
 *           bits other than PTE_RWX;
 *   EEXIST  the page is already mapped;
 *   ENOMEM  no memory for a second-level table.
 */
int pt2_map(struct pt2 *pt, uint32_t va, uint32_t frame, unsigned perms);

/*
 * Sets the permissions of the mapped page at VA to PERMS, like mprotect(2)
 * for one page.  Returns 0, or -1 with errno EINVAL (as for pt2_map) or
 * ENOMEM (the page is not mapped, the errno mprotect(2) gives).
 */
int pt2_protect(struct pt2 *pt, uint32_t va, unsigned perms);

/*
 * Unmaps the page at VA (nothing to do if it is not mapped), and frees its
 * second-level table when that was the table's last page.  Returns 0, or
 * -1 with EINVAL when VA is not page-aligned.
 */
int pt2_unmap(struct pt2 *pt, uint32_t va);

/* Frees every second-level table: PT is left empty, as after pt2_init. */
void pt2_destroy(struct pt2 *pt);

/* --- a TLB -------------------------------------------------------------- */

#define TLB_MAX_ENTRIES 64

/* One cached translation: virtual page number -> its page table entry. */
struct tlb_entry {
	uint32_t vpn;           /* va >> SIM_PAGE_SHIFT                  */
	pte_t pte;              /* frame and permissions, as in the table */
	int valid;              /* this slot holds a translation         */
};

/*
 * A fully associative TLB of NENTRIES slots in front of a struct pt2.
 * A lookup compares the page number with every valid slot.  On a miss the
 * MMU walks the table and, if the page is present, caches its entry in
 * slot NEXT, which then moves on to the next slot (round robin: when no
 * slot was flushed, the entry replaced is the oldest one, FIFO).  Entries
 * of pages that are not present are never cached.
 */
struct tlb {
	unsigned nentries;      /* 1 .. TLB_MAX_ENTRIES                  */
	unsigned next;          /* the slot the next miss fills          */
	struct tlb_entry entry[TLB_MAX_ENTRIES];
	unsigned long hits;     /* lookups answered by the TLB           */
	unsigned long misses;   /* lookups that had to walk the table    */
};

/* An empty TLB of NENTRIES slots, counters at 0.  -1/EINVAL if NENTRIES is
 * 0 or above TLB_MAX_ENTRIES. */
int tlb_init(struct tlb *tlb, unsigned nentries);

/*
 * Translates VA for ACC with the TLB in front of PT: every call is exactly
 * one hit or one miss.  Permissions are checked on the cached entry, so a
 * hit never reads PT: change PT behind the TLB's back and the TLB keeps
 * answering with the old entry until it is flushed.  Returns an enum
 * mmu_result, or -1 with EINVAL (ACC) without counting anything.
 */
int tlb_translate(struct tlb *tlb, const struct pt2 *pt, uint32_t va,
		  enum mmu_access acc, uint32_t *pa);

/* Forgets the cached entry of the page holding VA, if any (i386: invlpg). */
void tlb_flush_page(struct tlb *tlb, uint32_t va);

/* Forgets every entry, as on a switch to another page table; the counters
 * and NEXT are kept. */
void tlb_flush_all(struct tlb *tlb);

#endif
