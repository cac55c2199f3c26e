/*
 * Tests of lab 02, the arena: one reservation, blocks carved out of it by a
 * cursor that only moves forward, and one release that ends them all.  The
 * randomised test replays the arena's contract in a few lines (the model)
 * and holds the student's arena to it, step by step.
 */
#include "kit.h"
#include "arena.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

/* The first address at or after ADDR that is a multiple of ALIGN. */
static uintptr_t align_up(uintptr_t addr, size_t align)
{
	return (addr + align - 1) / align * align;
}

/* Fills A with garbage, so that a field the code under test forgets shows. */
static void scramble(struct arena *a)
{
	memset(a, 0xA5, sizeof *a);
}

/* --- arena_init --------------------------------------------------------- */

KIT_TEST(arena_init_reserves, .points = 2,
	 .desc = N_("arena_init reserves whole pages with one private "
		    "anonymous mmap, and touches none of them"),
	 .hint = N_("Round the reserve up to pages, map it with MAP_PRIVATE | "
		    "MAP_ANONYMOUS, and do not clear it: fresh anonymous "
		    "memory is already zero, and writing would make every "
		    "page resident."))
{
	size_t page = kit_page_size();
	struct kit_snapshot before;
	struct arena a;

	kit_snapshot_take(&before);
	scramble(&a);
	kit_calls_reset();
	ck_assert_int_eq(arena_init(&a, 10 * page + 1), 0);
	ck_assert_no_fd_leak(&before);
	ck_assert_calls(mmap, 1);
	ck_assert_int_eq(kit_mmap_calls_with(MAP_PRIVATE | MAP_ANONYMOUS), 1);
	ck_assert_uint_eq(a.size, 11 * page);
	ck_assert_uint_eq(a.used, 0);
	ck_assert_uint_eq(kit_last_mmap()->length, 11 * page);
	ck_assert_msg((uintptr_t)a.base % page == 0,
		      _("base %p is not page-aligned"), (void *)a.base);
	ck_assert_msg(kit_is_mapped(a.base, a.size),
		      _("the reserve is not mapped: base and size must "
			"describe the mapping"));
	ck_assert_msg(kit_resident_pages(a.base, a.size) == 0,
		      _("%ld page(s) of the reserve are resident already"),
		      kit_resident_pages(a.base, a.size));
	ck_assert_int_eq(arena_release(&a), 0);
	ck_assert_int_eq(arena_init(&a, 1), 0);         /* one byte: a page */
	ck_assert_uint_eq(a.size, page);
	ck_assert_int_eq(arena_release(&a), 0);
	ck_assert_no_leaks(&before);
}

KIT_TEST(arena_init_errors,
	 .desc = N_("arena_init fails with EINVAL for 0 bytes and ENOMEM when "
		    "mmap fails, leaving the arena empty and nothing mapped"),
	 .hint = N_("Empty the arena first, then check, then map; report "
		    "mmap's failure as -1 (errno is already ENOMEM)."))
{
	struct kit_snapshot before;
	struct arena a;

	kit_snapshot_take(&before);
	scramble(&a);
	errno = 0;
	ck_assert_int_eq(arena_init(&a, 0), -1);
	ck_assert_errno(EINVAL);
	scramble(&a);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	errno = 0;
	ck_assert_int_eq(arena_init(&a, 4 * kit_page_size()), -1);
	ck_assert_errno(ENOMEM);
	ck_assert_ptr_null(a.base);
	ck_assert_uint_eq(a.size, 0);
	ck_assert_uint_eq(a.used, 0);
	ck_assert_no_mapping_leak(&before);
}

KIT_TEST(arena_init_too_large,
	 .desc = N_("arena_init fails with ENOMEM, leaving the arena empty "
		    "and nothing mapped, for a reserve that cannot be rounded "
		    "up to whole pages without wrapping around"),
	 .hint = N_("Rounding SIZE_MAX up to a page multiple wraps around to "
		    "0: check reserve > SIZE_MAX - page before rounding, and "
		    "fail with ENOMEM."))
{
	size_t page = kit_page_size();
	const size_t huge[] = { SIZE_MAX, SIZE_MAX - page + 2,
				SIZE_MAX - page / 2 };
	struct kit_snapshot before;
	struct arena a;

	kit_snapshot_take(&before);
	for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
		scramble(&a);
		ck_assert_fails_with(arena_init(&a, huge[i]), -1, ENOMEM);
		ck_assert_ptr_null(a.base);
		ck_assert_uint_eq(a.size, 0);
		ck_assert_uint_eq(a.used, 0);
	}
	ck_assert_no_leaks(&before);
}

/* --- arena_alloc -------------------------------------------------------- */

KIT_TEST(arena_rounds_to_pages, .points = 2,
	 .desc = N_("arena_alloc rounds sizes up to whole pages, hands out "
		    "blocks back to back, and makes no system call"),
	 .hint = N_("A block is base + used; then used grows by the size "
		    "rounded up to a page multiple.  The reserve is already "
		    "mapped: no mmap per block."))
{
	size_t page = kit_page_size();
	unsigned char *b1, *b2, *b3;
	struct arena a;

	ck_assert_int_eq(arena_init(&a, 16 * page), 0);
	kit_calls_reset();
	b1 = arena_alloc(&a, 1, 0);
	ck_assert_uint_eq(a.used, page);
	b2 = arena_alloc(&a, page + 1, 0);
	ck_assert_uint_eq(a.used, 3 * page);
	b3 = arena_alloc(&a, page / 2, 0);
	ck_assert_uint_eq(a.used, 4 * page);
	ck_assert_calls(mmap, 0);
	ck_assert_ptr_eq(b1, a.base);
	ck_assert_ptr_eq(b2, a.base + page);
	ck_assert_ptr_eq(b3, a.base + 3 * page);
	for (size_t i = 0; i < 2 * page; i++)
		if (b2[i] != 0)
			ck_abort_msg(
				     _("byte %zu of a new block is %u"),
				     i, b2[i]);
	arena_release(&a);
}

KIT_TEST(arena_honours_alignment, .points = 2,
	 .desc = N_("arena_alloc starts a block at the next multiple of its "
		    "alignment (1, 2, 64: a page), and rejects an alignment "
		    "that is not a power of two"),
	 .hint = N_("The padding is (-cursor) & (align - 1) with cursor = "
		    "base + used as an integer (uintptr_t); an alignment "
		    "below a page is a page."))
{
	size_t page = kit_page_size();
	struct arena a;
	unsigned char *b;
	uintptr_t want;

	ck_assert_int_eq(arena_init(&a, 64 * page), 0);
	ck_assert_ptr_eq(arena_alloc(&a, page, 0), a.base);

	want = align_up((uintptr_t)a.base + page, 8 * page);
	b = arena_alloc(&a, 2 * page, 8 * page);
	ck_assert_ptr_eq(b, (unsigned char *)want);
	ck_assert_uint_eq(a.used, want - (uintptr_t)a.base + 2 * page);

	b = arena_alloc(&a, 100, 64);
	ck_assert_ptr_eq(b, (unsigned char *)want + 2 * page);

	want = align_up((uintptr_t)b + page, 16 * page);
	b = arena_alloc(&a, page, 16 * page);
	ck_assert_ptr_eq(b, (unsigned char *)want);

	want = (uintptr_t)b + page;
	ck_assert_ptr_eq(arena_alloc(&a, 1, 1), (unsigned char *)want);
	ck_assert_ptr_eq(arena_alloc(&a, 1, 2), (unsigned char *)want + page);
	want += 2 * page;

	errno = 0;
	ck_assert_ptr_null(arena_alloc(&a, page, 3 * page));
	ck_assert_errno(EINVAL);
	errno = 0;
	ck_assert_ptr_null(arena_alloc(&a, 0, 0));
	ck_assert_errno(EINVAL);
	ck_assert_ptr_null(arena_alloc(&a, page, 3));
	ck_assert_uint_eq(a.used, want - (uintptr_t)a.base);
	arena_release(&a);
}

KIT_TEST(arena_exhausted, .points = 2,
	 .desc = N_("arena_alloc fails with ENOMEM, changing nothing, when a "
		    "block does not fit, however huge its size or alignment"),
	 .hint = N_("Compare the rounded size with what is left (size - used) "
		    "instead of adding up: base + used + padding + size can "
		    "wrap around and look small."))
{
	size_t page = kit_page_size();
	size_t top_bit = (size_t)1 << (sizeof(size_t) * 8 - 1);
	struct arena a;

	ck_assert_int_eq(arena_init(&a, 8 * page), 0);
	errno = 0;
	ck_assert_ptr_null(arena_alloc(&a, SIZE_MAX, 0));
	ck_assert_errno(ENOMEM);
	errno = 0;
	ck_assert_ptr_null(arena_alloc(&a, SIZE_MAX - page + 2, 0));
	ck_assert_errno(ENOMEM);
	errno = 0;
	ck_assert_ptr_null(arena_alloc(&a, page, top_bit));
	ck_assert_errno(ENOMEM);
	ck_assert_uint_eq(a.used, 0);

	ck_assert_ptr_eq(arena_alloc(&a, 5 * page, 0), a.base);
	errno = 0;
	ck_assert_ptr_null(arena_alloc(&a, 3 * page + 1, 0));
	ck_assert_errno(ENOMEM);
	ck_assert_uint_eq(a.used, 5 * page);
	ck_assert_ptr_eq(arena_alloc(&a, 3 * page, 0), a.base + 5 * page);
	errno = 0;
	ck_assert_ptr_null(arena_alloc(&a, 1, 0));
	ck_assert_errno(ENOMEM);
	ck_assert_uint_eq(a.used, a.size);
	arena_release(&a);

	/* With padding: a block that fits only without its padding. */
	ck_assert_int_eq(arena_init(&a, 64 * page), 0);
	ck_assert_ptr_nonnull(arena_alloc(&a, page, 0));
	if (((uintptr_t)a.base + a.used) % (16 * page) == 0)
		ck_assert_ptr_nonnull(arena_alloc(&a, page, 0));
	{
		uintptr_t at = align_up((uintptr_t)a.base + a.used, 16 * page);
		size_t fit = (size_t)((uintptr_t)a.base + a.size - at);
		size_t used = a.used;

		errno = 0;
		ck_assert_ptr_null(arena_alloc(&a, fit + 1, 16 * page));
		ck_assert_errno(ENOMEM);
		ck_assert_uint_eq(a.used, used);
		ck_assert_ptr_eq(arena_alloc(&a, fit, 16 * page),
				 (unsigned char *)at);
		ck_assert_uint_eq(a.used, a.size);
	}
	arena_release(&a);
}

/* --- arena_release ------------------------------------------------------ */

KIT_TEST(arena_release_unmaps_everything, .points = 2,
	 .desc = N_("arena_release unmaps the whole reserve and empties the "
		    "arena; a second release does nothing"),
	 .hint = N_("One munmap(base, size) ends every block at once.  Then "
		    "set base to NULL and size and used to 0, so nothing can "
		    "be allocated or unmapped twice."))
{
	size_t page = kit_page_size();
	struct kit_snapshot before;
	struct arena a;
	unsigned char *base;

	kit_snapshot_take(&before);
	ck_assert_int_eq(arena_init(&a, 32 * page), 0);
	base = a.base;
	for (int i = 0; i < 5; i++)
		ck_assert_ptr_nonnull(arena_alloc(&a, (size_t)(i + 1) * page, 0));
	ck_assert_int_eq(arena_release(&a), 0);
	ck_assert_unmapped(base, 32 * page);
	ck_assert_no_mapping_leak(&before);
	ck_assert_ptr_null(a.base);
	ck_assert_uint_eq(a.size, 0);
	ck_assert_uint_eq(a.used, 0);

	errno = 0;
	ck_assert_ptr_null(arena_alloc(&a, 1, 0));
	ck_assert_errno(ENOMEM);
	kit_calls_reset();
	ck_assert_int_eq(arena_release(&a), 0);
	ck_assert_calls(munmap, 0);
}

KIT_TEST(arena_release_failure,
	 .desc = N_("when munmap fails, arena_release returns -1 with "
		    "its errno and leaves the arena as it was, to be "
		    "released again"),
	 .hint = N_("Check munmap's result before emptying the arena: on "
		    "failure the reserve is still mapped, and base and size "
		    "are the only way to unmap it later."))
{
	size_t page = kit_page_size();
	struct kit_snapshot before;
	struct arena a, copy;

	kit_snapshot_take(&before);
	ck_assert_int_eq(arena_init(&a, 8 * page), 0);
	ck_assert_ptr_nonnull(arena_alloc(&a, page, 0));
	copy = a;
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(arena_release(&a), -1, EINVAL);
	ck_assert_ptr_eq(a.base, copy.base);
	ck_assert_uint_eq(a.size, copy.size);
	ck_assert_uint_eq(a.used, copy.used);
	ck_assert_int_eq(arena_release(&a), 0);
	ck_assert_ptr_null(a.base);
	ck_assert_unmapped(copy.base, copy.size);
	ck_assert_no_leaks(&before);
}

/* --- the arena against a model ------------------------------------------ */

enum { RESERVE_PAGES = 200, STEPS = 150 };

struct block {
	unsigned char *start;
	size_t len;             /* rounded to pages */
	unsigned char tag;
};

/* A random alignment: 0, below a page, a page, or a few pages. */
static size_t random_align(void)
{
	static const size_t in_pages[] = { 0, 0, 0, 1, 2, 4, 8, 32 };
	unsigned long r = kit_random() % 10;

	if (r < 2)
		return (size_t)16 << r;
	return in_pages[r - 2] * kit_page_size();
}

static int overlap(const struct block *x, const struct block *y)
{
	return x->start < y->start + y->len && y->start < x->start + x->len;
}

KIT_TEST(arena_random_no_overlap, .points = 3,
	 .desc = N_("150 random requests: every block is aligned, inside the "
		    "reserve, overlaps no other, and ENOMEM comes exactly "
		    "when the reserve cannot hold the block"),
	 .hint = N_("Run the failing step by hand: the message gives "
		    "size, alignment and used.  A block starts at base + "
		    "used rounded up to max(align, page); on failure "
		    "nothing may change."))
{
	size_t page = kit_page_size();
	struct block blocks[STEPS];
	size_t nblocks = 0, used = 0;
	struct arena a;
	unsigned char *base;

	ck_assert_int_eq(arena_init(&a, RESERVE_PAGES * page), 0);
	base = a.base;
	for (int step = 0; step < STEPS; step++) {
		size_t size = 1 + kit_random() % (6 * page);
		size_t align = random_align();
		size_t eff = align > page ? align : page;
		uintptr_t at = align_up((uintptr_t)a.base + used, eff);
		int fits = at + round_up(size, page) <=
			   (uintptr_t)a.base + a.size;
		struct block b = { NULL, round_up(size, page), (unsigned char)(step + 1) };

		errno = 0;
		b.start = arena_alloc(&a, size, align);
		if (!fits) {
			ck_assert_msg(b.start == NULL && errno == ENOMEM,
				      _("step %d: size %zu, align %zu "
					"with used %zu of %zu cannot fit, "
					"yet no ENOMEM"),
				      step, size, align, used, a.size);
			ck_assert_uint_eq(a.used, used);
			continue;
		}
		ck_assert_msg(b.start != NULL,
			      _("step %d: size %zu, align %zu with used %zu "
				"of %zu fits, yet NULL came back"),
			      step, size, align, used, a.size);
		ck_assert_msg(b.start >= a.base &&
			      b.start + b.len <= a.base + a.size,
			      _("step %d: block %p is not inside the reserve"),
			      step, (void *)b.start);
		ck_assert_msg((uintptr_t)b.start % eff == 0,
			      _("step %d: block %p is not aligned to %zu"),
			      step,
			      (void *)b.start, eff);
		for (size_t i = 0; i < nblocks; i++)
			ck_assert_msg(!overlap(&b, &blocks[i]),
				      _("step %d: block %p overlaps the "
					"block given at %p"),
				      step, (void *)b.start,
				      (void *)blocks[i].start);
		ck_assert_msg(b.start == (unsigned char *)at,
			      _("step %d: block at %p, but the first fit "
				"after base + used is %p"),
			      step, (void *)b.start, (void *)at);
		ck_assert_msg(b.start[0] == 0 && b.start[b.len - 1] == 0,
			      _("step %d: a new block is not zero-filled"),
			      step);
		b.start[0] = b.start[b.len - 1] = b.tag;
		used = (size_t)(at - (uintptr_t)a.base) + b.len;
		ck_assert_uint_eq(a.used, used);
		blocks[nblocks++] = b;
	}
	for (size_t i = 0; i < nblocks; i++)
		ck_assert_msg(blocks[i].start[0] == blocks[i].tag &&
			      blocks[i].start[blocks[i].len - 1] == blocks[i].tag,
			      _("block %p was overwritten by a later one"),
			      (void *)blocks[i].start);
	ck_assert_int_eq(arena_release(&a), 0);
	ck_assert_unmapped(base, RESERVE_PAGES * page);
}
