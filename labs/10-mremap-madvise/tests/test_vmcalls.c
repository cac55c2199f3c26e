/*
 * Tests of lab 10: mremap, madvise, mincore, msync.  The tests keep their
 * own oracles: the kit asks the kernel which pages are resident
 * (kit_resident_pages), and files are read back through a descriptor of
 * their own.
 */
#define _GNU_SOURCE             /* MREMAP_MAYMOVE */
#include "kit.h"
#include "vmcalls.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static size_t page(void)
{
	return kit_page_size();
}

/*
 * NPAGES private anonymous pages.  MADV_NOHUGEPAGE keeps them out of
 * transparent huge pages, so that residency is counted in small pages.
 */
static unsigned char *anon_pages(size_t npages)
{
	unsigned char *map = mmap(NULL, npages * page(), PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ck_assert_ptr_ne(map, MAP_FAILED);
	madvise(map, npages * page(), MADV_NOHUGEPAGE);
	return map;
}

/*
 * Makes sure the page right after [BASE, BASE + LEN) is mapped, so that the
 * mapping cannot grow in place.  Returns the page mapped there (marked with
 * 0xB1, to unmap after the test), or NULL if something was there already.
 */
static unsigned char *block_after(unsigned char *base, size_t len)
{
	unsigned char *want = base + len;
	unsigned char *got = mmap(want, page(), PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
				  -1, 0);

	if (got == want) {
		memset(got, 0xB1, page());
		return got;
	}
	/* EEXIST: taken.  Another address: the flag was taken as a mere hint
	 * (kernels before 4.17, valgrind), which is dropped only when taken. */
	ck_assert_msg(got != MAP_FAILED || errno == EEXIST,
		      _("cannot map a page after the array: %s"),
		      strerror(errno));
	if (got != MAP_FAILED)
		munmap(got, page());
	return NULL;
}

/* --- vm_vec ------------------------------------------------------------- */

static long elem_value(size_t i)
{
	return (long)(i * 7 + 1);
}

/* Pushes elements FROM .. TO - 1 of the test's sequence into a long array. */
static void push_longs(struct vm_vec *v, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		long x = elem_value(i);

		ck_assert_msg(vm_vec_push(v, &x) == 0,
			      _("push of element %zu: %s"), i, strerror(errno));
	}
}

static void assert_longs(const struct vm_vec *v, size_t n)
{
	ck_assert_uint_eq(v->len, n);
	for (size_t i = 0; i < n; i++) {
		const long *at = vm_vec_at(v, i);

		ck_assert_msg(at != NULL && *at == elem_value(i),
			      _("element %zu should be %ld"), i, elem_value(i));
	}
}

KIT_TEST(vec_push_and_at, .points = 2,
	 .desc = N_("vm_vec_push stores elements that vm_vec_at finds by "
		    "index, in one private anonymous page; vm_vec_init of "
		    "0-byte elements fails with EINVAL"),
	 .hint = N_("The first reserve mmaps (MAP_PRIVATE | MAP_ANONYMOUS, fd "
		    "-1); element i lives at base + i * elem_size."))
{
	struct vm_vec v, w;
	const struct kit_mmap_args *args;
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	ck_assert_fails_with(vm_vec_init(&w, 0), -1, EINVAL);
	memset(&v, 0xA5, sizeof v);
	ck_assert_int_eq(vm_vec_init(&v, sizeof(long)), 0);
	ck_assert_ptr_null(v.base);
	ck_assert_uint_eq(v.elem_size, sizeof(long));
	ck_assert_uint_eq(v.len, 0);
	ck_assert_uint_eq(v.mapped, 0);
	ck_assert_ptr_null(vm_vec_at(&v, 0));
	kit_calls_reset();
	push_longs(&v, 0, 10);
	ck_assert_calls(mmap, 1);
	args = kit_last_mmap();
	ck_assert_uint_eq(args->length, page());
	ck_assert_int_eq(args->prot, PROT_READ | PROT_WRITE);
	ck_assert_int_eq(args->flags & (MAP_PRIVATE | MAP_ANONYMOUS),
			 MAP_PRIVATE | MAP_ANONYMOUS);
	ck_assert_int_eq(args->fd, -1);
	assert_longs(&v, 10);
	ck_assert_ptr_null(vm_vec_at(&v, 10));
	ck_assert_ptr_null(vm_vec_at(&v, SIZE_MAX));
	ck_assert_int_eq(vm_vec_free(&v), 0);
	ck_assert_no_leaks(&before);
}

KIT_TEST(vec_grows_with_mremap, .points = 2,
	 .desc = N_("pushing 5 pages of elements maps once, then grows with "
		    "mremap(MREMAP_MAYMOVE) from the mapped length to its "
		    "double, without munmap"),
	 .hint = N_("mremap(base, mapped, new_length, MREMAP_MAYMOVE) keeps "
		    "the content; there is nothing to copy and nothing to "
		    "unmap."))
{
	size_t n = 5 * page() / sizeof(long) + 3;
	size_t mapped = 0, lengths[16];
	unsigned remaps = 0;
	struct vm_vec v;

	ck_assert_int_eq(vm_vec_init(&v, sizeof(long)), 0);
	kit_calls_reset();
	push_longs(&v, 0, n);
	for (size_t k = 1; k <= n; k++) {       /* the rule of the sheet */
		size_t need = k * sizeof(long);

		if (need > mapped) {
			size_t up = (need + page() - 1) / page() * page();

			mapped = up > 2 * mapped ? up : 2 * mapped;
			lengths[remaps++] = mapped;
		}
	}
	remaps--;                               /* the first one is mmap */
	ck_assert_calls(mmap, 1);
	ck_assert_calls(mremap, remaps);
	ck_assert_not_called(munmap);
	for (unsigned k = 1; k <= remaps; k++) {
		const struct kit_call_args *r = kit_nth_call(KIT_mremap, k);

		ck_assert_ptr_nonnull(r);
		ck_assert_msg((size_t)r->arg[1] == lengths[k - 1] &&
			      (size_t)r->arg[2] == lengths[k],
			      _("mremap %u went from %zu to %zu bytes, "
				"expected %zu to %zu"), k, (size_t)r->arg[1],
			      (size_t)r->arg[2], lengths[k - 1], lengths[k]);
		ck_assert_msg(r->arg[3] & MREMAP_MAYMOVE,
			      _("mremap %u was called without MREMAP_MAYMOVE"),
			      k);
	}
	ck_assert_uint_eq(v.mapped, mapped);
	assert_longs(&v, n);
	ck_assert_int_eq(vm_vec_free(&v), 0);
}

KIT_TEST(vec_survives_a_move, .points = 3,
	 .desc = N_("when the page after the array is taken, growing moves it: "
		    "the base changes, the elements do not, the neighbour is "
		    "untouched"),
	 .hint = N_("Without MREMAP_MAYMOVE, mremap fails with ENOMEM here.  "
		    "Never use MAP_FIXED to grow: it would crush the "
		    "neighbour."))
{
	size_t per_page = page() / sizeof(long);
	unsigned char *old, *blocker;
	struct vm_vec v;

	ck_assert_int_eq(vm_vec_init(&v, sizeof(long)), 0);
	push_longs(&v, 0, per_page);
	ck_assert_uint_eq(v.mapped, page());
	old = v.base;
	blocker = block_after(v.base, v.mapped);
	kit_calls_reset();
	push_longs(&v, per_page, per_page + 1);
	ck_assert_calls(mremap, 1);
	ck_assert_msg(v.base != old, _("the array cannot grow in place, yet "
				       "its base did not change"));
	assert_longs(&v, per_page + 1);
	if (blocker != NULL) {
		for (size_t i = 0; i < page(); i++)
			ck_assert_msg(blocker[i] == 0xB1, _("the page after "
					"the old array was changed"));
		munmap(blocker, page());
	}
	ck_assert_int_eq(vm_vec_free(&v), 0);
}

KIT_TEST(vec_old_pointers_dangle, .faults = 1,
	 .desc = N_("after a move, an address taken before it points to "
		    "unmapped memory (SIGSEGV, SEGV_MAPERR); index 3 still "
		    "finds the element"),
	 .hint = N_("mremap moves the pages and unmaps the old range: store "
		    "indices, and call vm_vec_at again after any push."))
{
	size_t per_page = page() / sizeof(long);
	unsigned char *blocker;
	struct vm_vec v;
	long *before;

	ck_assert_int_eq(vm_vec_init(&v, sizeof(long)), 0);
	push_longs(&v, 0, per_page);
	before = vm_vec_at(&v, 3);
	ck_assert_ptr_nonnull(before);
	blocker = block_after(v.base, v.mapped);
	push_longs(&v, per_page, per_page + 1);
	ck_assert_ptr_ne(vm_vec_at(&v, 3), before);
	ck_assert_int_eq(*(long *)vm_vec_at(&v, 3), elem_value(3));
	ck_assert_fault(kit_touch_read(before), SIGSEGV, SEGV_MAPERR, before);
	if (blocker != NULL)
		munmap(blocker, page());
	vm_vec_free(&v);
}

KIT_TEST(vec_reserve, .points = 2,
	 .desc = N_("vm_vec_reserve maps whole pages for n elements, does "
		    "nothing when they fit, doubles when they do not (or grows "
		    "to what they need, when that is more), and refuses "
		    "overflow"),
	 .hint = N_("Compare n * elem_size with MAPPED; check n against "
		    "(SIZE_MAX - page) / elem_size before multiplying."))
{
	size_t first = (1000 * 24 + page() - 1) / page() * page();
	struct vm_vec v;

	ck_assert_int_eq(vm_vec_init(&v, 24), 0);
	ck_assert_int_eq(vm_vec_reserve(&v, 1000), 0);
	ck_assert_ptr_nonnull(v.base);
	ck_assert_uint_eq(v.mapped, first);
	ck_assert_uint_eq(v.len, 0);
	kit_calls_reset();
	ck_assert_int_eq(vm_vec_reserve(&v, 500), 0);
	ck_assert_not_called(mmap);
	ck_assert_not_called(mremap);
	ck_assert_int_eq(vm_vec_reserve(&v, first / 24 + 1), 0);
	ck_assert_calls(mremap, 1);
	ck_assert_uint_eq(v.mapped, 2 * first);
	errno = 0;
	ck_assert_int_eq(vm_vec_reserve(&v, SIZE_MAX / 8), -1);
	ck_assert_errno(ENOMEM);
	ck_assert_uint_eq(v.mapped, 2 * first);
	ck_assert_int_eq(vm_vec_free(&v), 0);

	/* Bytes: rounding at page - 1, page and page + 1 bytes. */
	ck_assert_int_eq(vm_vec_init(&v, 1), 0);
	ck_assert_int_eq(vm_vec_reserve(&v, page()), 0);
	ck_assert_uint_eq(v.mapped, page());
	ck_assert_int_eq(vm_vec_free(&v), 0);
	ck_assert_int_eq(vm_vec_reserve(&v, page() + 1), 0);
	ck_assert_uint_eq(v.mapped, 2 * page());
	ck_assert_int_eq(vm_vec_free(&v), 0);
	ck_assert_int_eq(vm_vec_reserve(&v, 2 * page() - 1), 0);
	ck_assert_uint_eq(v.mapped, 2 * page());
	/* From 2 pages, 5 pages needed: more than the double. */
	ck_assert_int_eq(vm_vec_reserve(&v, 5 * page() - 3), 0);
	ck_assert_uint_eq(v.mapped, 5 * page());
	ck_assert_int_eq(vm_vec_reserve(&v, 5 * page() + 1), 0);
	ck_assert_uint_eq(v.mapped, 10 * page());
	ck_assert_int_eq(vm_vec_free(&v), 0);
}

KIT_TEST(vec_reserve_too_large, .points = 2,
	 .desc = N_("vm_vec_reserve fails with ENOMEM, changing nothing, when "
		    "n * elem_size overflows or cannot be rounded up to whole "
		    "pages"),
	 .hint = N_("n * elem_size must leave room for rounding up to a page: "
		    "check n > (SIZE_MAX - page) / elem_size before "
		    "multiplying."))
{
	size_t p = page();
	struct kit_snapshot before;
	struct vm_vec v, copy;
	const size_t huge[] = { SIZE_MAX, SIZE_MAX - p + 2 };   /* wrap */

	kit_snapshot_take(&before);
	ck_assert_int_eq(vm_vec_init(&v, 1), 0);
	for (int round = 0; round < 2; round++) {
		/* round 0: nothing mapped yet; round 1: one page mapped */
		copy = v;
		kit_calls_reset();
		for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++)
			ck_assert_fails_with(vm_vec_reserve(&v, huge[i]), -1,
					     ENOMEM);
		ck_assert_ptr_eq(v.base, copy.base);
		ck_assert_uint_eq(v.mapped, copy.mapped);
		ck_assert_uint_eq(v.len, copy.len);
		ck_assert_int_eq(vm_vec_reserve(&v, p), 0);
	}
	ck_assert_int_eq(vm_vec_free(&v), 0);
	ck_assert_int_eq(vm_vec_init(&v, 3), 0);
	ck_assert_fails_with(vm_vec_reserve(&v, SIZE_MAX / 3 + 1), -1, ENOMEM);
	/* 3n is no overflow, but rounding it up to a page multiple wraps */
	ck_assert_fails_with(vm_vec_reserve(&v, (SIZE_MAX - p + 1) / 3 + 1), -1,
			     ENOMEM);
	ck_assert_ptr_null(v.base);
	ck_assert_no_mapping_leak(&before);
}

KIT_TEST(vec_map_failures, .points = 2,
	 .desc = N_("when mmap or mremap fails, vm_vec_push returns -1 with "
		    "its errno and the array is unchanged and still usable"),
	 .hint = N_("Check mmap's and mremap's result against MAP_FAILED "
		    "before touching BASE or MAPPED."))
{
	size_t per_page = page() / sizeof(long);
	struct kit_snapshot before;
	unsigned char *base;
	struct vm_vec v;
	long x = 99;

	kit_snapshot_take(&before);
	ck_assert_int_eq(vm_vec_init(&v, sizeof(long)), 0);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(vm_vec_push(&v, &x), -1, ENOMEM);
	ck_assert_ptr_null(v.base);
	ck_assert_uint_eq(v.mapped, 0);
	ck_assert_uint_eq(v.len, 0);
	ck_assert_no_mapping_leak(&before);

	push_longs(&v, 0, per_page);
	base = v.base;
	kit_fail_nth(KIT_mremap, 1, ENOMEM);
	ck_assert_fails_with(vm_vec_push(&v, &x), -1, ENOMEM);
	ck_assert_ptr_eq(v.base, base);
	ck_assert_uint_eq(v.mapped, page());
	assert_longs(&v, per_page);
	kit_fail_nth(KIT_mremap, 1, EAGAIN);
	ck_assert_fails_with(vm_vec_reserve(&v, 3 * per_page), -1, EAGAIN);
	ck_assert_ptr_eq(v.base, base);
	ck_assert_uint_eq(v.mapped, page());
	push_longs(&v, per_page, per_page + 1);
	assert_longs(&v, per_page + 1);
	ck_assert_int_eq(vm_vec_free(&v), 0);
	ck_assert_no_mapping_leak(&before);
}

KIT_TEST(vec_free_unmaps,
	 .desc = N_("vm_vec_free unmaps every page of the array and empties "
		    "it, keeping elem_size; an empty array frees with no call; "
		    "munmap's failure is reported"),
	 .hint = N_("munmap(base, mapped): MAPPED, not LEN * ELEM_SIZE; "
		    "nothing to unmap while BASE is NULL."))
{
	struct kit_snapshot before;
	struct vm_vec v;
	unsigned char *base;
	size_t mapped;

	kit_snapshot_take(&before);
	ck_assert_int_eq(vm_vec_init(&v, sizeof(long)), 0);
	kit_calls_reset();
	ck_assert_int_eq(vm_vec_free(&v), 0);
	ck_assert_not_called(munmap);
	push_longs(&v, 0, 2 * page() / sizeof(long) + 1);
	base = v.base;
	mapped = v.mapped;
	ck_assert_int_eq(vm_vec_free(&v), 0);
	ck_assert_ptr_null(v.base);
	ck_assert_uint_eq(v.len, 0);
	ck_assert_uint_eq(v.mapped, 0);
	ck_assert_uint_eq(v.elem_size, sizeof(long));
	ck_assert_unmapped(base, mapped);
	ck_assert_no_leaks(&before);

	push_longs(&v, 0, 5);
	assert_longs(&v, 5);
	base = v.base;
	mapped = v.mapped;
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(vm_vec_free(&v), -1, EINVAL);
	ck_assert_int_eq(munmap(base, mapped), 0);
	ck_assert_no_leaks(&before);
}

/* --- vm_resident_pages -------------------------------------------------- */

KIT_TEST(resident_counts_touched_pages, .points = 2,
	 .desc = N_("vm_resident_pages counts the pages of a fresh anonymous "
		    "mapping that were written to, and only those"),
	 .hint = N_("mincore fills one byte per page; count the bytes whose "
		    "bit 0 is set.  A length that is not a page multiple still "
		    "counts its last, partial page."))
{
	unsigned char *map = anon_pages(600);
	struct kit_snapshot before;
	size_t p = page();

	map[0] = 1;
	map[5 * p + 9] = 1;
	map[6 * p] = 1;
	map[15 * p + p - 1] = 1;
	map[256 * p] = 1;
	map[300 * p] = 1;
	map[599 * p + 1] = 1;
	kit_snapshot_take(&before);
	kit_calls_reset();
	ck_assert_int_eq(vm_resident_pages(map, 16 * p), 4);
	ck_assert_msg(kit_calls(KIT_mincore) >= 1,
		      _("mincore was never called"));
	ck_assert_int_eq(vm_resident_pages(map + 5 * p, 2 * p), 2);
	ck_assert_int_eq(vm_resident_pages(map + p, 4 * p), 0);
	ck_assert_int_eq(vm_resident_pages(map, 5 * p + 1), 2);
	ck_assert_int_eq(vm_resident_pages(map + 6 * p, 1), 1);
	ck_assert_int_eq(vm_resident_pages(map, 0), 0);
	ck_assert_int_eq(vm_resident_pages(map, 600 * p), 7);
	ck_assert_int_eq(vm_resident_pages(map + p, 600 * p - p - 1), 6);
	ck_assert_int_eq(vm_resident_pages(map + 16 * p, 584 * p), 3);
	ck_assert_no_leaks(&before);
	munmap(map, 600 * p);
}

KIT_TEST(resident_errors,
	 .desc = N_("vm_resident_pages fails with EINVAL for an unaligned "
		    "address (even for 0 bytes), ENOMEM for a range with a "
		    "hole, and mincore's errno when mincore fails midway"),
	 .hint = N_("Check the alignment yourself before anything else; "
		    "mincore reports the rest: pass its errno on."))
{
	unsigned char *map = anon_pages(600);
	size_t p = page();

	ck_assert_fails_with(vm_resident_pages(map + 1, p), -1, EINVAL);
	ck_assert_fails_with(vm_resident_pages(map + p / 2, 0), -1, EINVAL);
	kit_fail_nth(KIT_mincore, 2, EAGAIN);
	ck_assert_fails_with(vm_resident_pages(map, 600 * p), -1, EAGAIN);
	ck_assert_int_eq(munmap(map + 300 * p, p), 0);
	ck_assert_fails_with(vm_resident_pages(map, 600 * p), -1, ENOMEM);
	ck_assert_fails_with(vm_resident_pages(map + 300 * p, 1), -1, ENOMEM);
	munmap(map, 300 * p);
	munmap(map + 301 * p, 299 * p);
}

/* A thread with a small stack above a large PROT_NONE guard: an array on
 * the stack that grows with the length faults in the guard. */
enum { STACK_PAGES = 32, GUARD_PAGES = 1024 };

struct resident_job {
	const void *addr;
	size_t len;
	long result;
	int err;
};

static void *resident_job_run(void *arg)
{
	struct resident_job *job = arg;

	errno = 0;
	job->result = vm_resident_pages(job->addr, job->len);
	job->err = errno;
	return NULL;
}

KIT_TEST(resident_any_length, .points = 2,
	 .desc = N_("vm_resident_pages of a 1 GiB range works on a thread with "
		    "a small stack, and counts its resident pages"),
	 .hint = N_("mincore's vector must not grow with the length: 1 GiB is "
		    "262144 pages.  Keep a fixed array of a few hundred bytes "
		    "and call mincore once per chunk of that many pages."))
{
	size_t p = page(), len = (size_t)1 << 30;
	size_t stack_len = STACK_PAGES * p, guard_len = GUARD_PAGES * p;
	struct resident_job job;
	pthread_attr_t attr;
	pthread_t thread;
	unsigned char *range, *stack;

	range = mmap(NULL, len, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ck_assert_ptr_ne(range, MAP_FAILED);
	madvise(range, len, MADV_NOHUGEPAGE);
	range[0] = range[len / 2 + 5] = range[len - 1] = 1;
	stack = mmap(NULL, guard_len + stack_len, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(stack, MAP_FAILED);
	ck_assert_int_eq(mprotect(stack, guard_len, PROT_NONE), 0);

	job = (struct resident_job){ range, len - 7, -2, 0 };
	ck_assert_int_eq(pthread_attr_init(&attr), 0);
	ck_assert_int_eq(pthread_attr_setstack(&attr, stack + guard_len,
					       stack_len), 0);
	ck_assert_int_eq(pthread_create(&thread, &attr, resident_job_run, &job), 0);
	ck_assert_int_eq(pthread_join(thread, NULL), 0);
	pthread_attr_destroy(&attr);
	ck_assert_msg(job.result == 3, _("vm_resident_pages of 1 GiB with 3 "
					 "pages written returned %ld "
					 "(errno %d)"), job.result, job.err);
	munmap(stack, guard_len + stack_len);
	munmap(range, len);
}

/* --- vm_zero_range ------------------------------------------------------ */

/* MAP (8 pages of 0x5A) was zeroed in [FROM, TO): check every byte. */
static void assert_zeroed(const unsigned char *map, size_t from, size_t to)
{
	for (size_t i = 0; i < 8 * page(); i++) {
		unsigned char want = i >= from && i < to ? 0 : 0x5A;

		ck_assert_msg(map[i] == want,
			      _("byte %zu is %#x, expected %#x"), i, map[i],
			      want);
	}
}

/* Page N of MAP is resident exactly when WANT says so. */
static void assert_resident(const unsigned char *map, size_t n, int want)
{
	ck_assert_msg(kit_resident_pages(map + n * page(), page()) == want,
		      want ? _("page %zu should still be in memory")
			   : _("page %zu is still in memory: hand it back with "
			       "MADV_DONTNEED"), n);
}

/* The one madvise call was MADV_DONTNEED on [ADDR, ADDR + LEN). */
static void assert_dontneed(const unsigned char *addr, size_t len)
{
	const struct kit_call_args *m = kit_last_call(KIT_madvise);

	ck_assert_ptr_nonnull(m);
	ck_assert_msg(m->arg[2] == MADV_DONTNEED,
		      _("madvise was given advice %ld, not MADV_DONTNEED (%d)"),
		      m->arg[2], MADV_DONTNEED);
	ck_assert_msg((const unsigned char *)m->arg[0] == addr &&
		      (size_t)m->arg[1] == len,
		      _("madvise covered [%p, +%zu), expected the whole pages "
			"[%p, +%zu)"), (void *)m->arg[0],
		      (size_t)m->arg[1], (const void *)addr, len);
}

KIT_TEST(zero_whole_pages, .points = 2,
	 .desc = N_("vm_zero_range on pages 2..5 hands them back with one "
		    "madvise: they leave memory and read as zeros"),
	 .hint = N_("madvise(addr, len, MADV_DONTNEED) on a private anonymous "
		    "mapping drops the pages; the next read maps a page of "
		    "zeros."))
{
	unsigned char *map = anon_pages(8);
	struct kit_snapshot before;
	size_t p = page();

	memset(map, 0x5A, 8 * p);
	for (size_t n = 0; n < 8; n++)
		assert_resident(map, n, 1);
	kit_snapshot_take(&before);
	kit_calls_reset();
	ck_assert_int_eq(vm_zero_range(map + 2 * p, 4 * p), 0);
	ck_assert_calls(madvise, 1);
	assert_dontneed(map + 2 * p, 4 * p);
	for (size_t n = 0; n < 8; n++)          /* before reading them */
		assert_resident(map, n, n < 2 || n > 5);
	assert_zeroed(map, 2 * p, 6 * p);
	ck_assert_no_leaks(&before);
	munmap(map, 8 * p);
}

KIT_TEST(zero_unaligned_range, .points = 3,
	 .desc = N_("vm_zero_range from the middle of page 1 to the middle of "
		    "page 5 drops pages 2..4 and clears the edges with memset"),
	 .hint = N_("Whole pages: from ADDR rounded up to ADDR + LEN rounded "
		    "down.  A partial page holds bytes outside the range: "
		    "madvise would zero them too."))
{
	unsigned char *map = anon_pages(8);
	size_t p = page();
	size_t from = p + 100, to = 6 * p - 50;

	memset(map, 0x5A, 8 * p);
	kit_calls_reset();
	ck_assert_int_eq(vm_zero_range(map + from, to - from), 0);
	ck_assert_calls(madvise, 1);
	assert_dontneed(map + 2 * p, 3 * p);
	for (size_t n = 0; n < 8; n++)
		assert_resident(map, n, n < 2 || n > 4);
	assert_zeroed(map, from, to);

	/* One byte past a page boundary, one byte short of the next. */
	from = p + 1;
	to = 6 * p - 1;
	memset(map, 0x5A, 8 * p);
	kit_calls_reset();
	ck_assert_int_eq(vm_zero_range(map + from, to - from), 0);
	ck_assert_calls(madvise, 1);
	assert_dontneed(map + 2 * p, 3 * p);
	assert_zeroed(map, from, to);
	munmap(map, 8 * p);
}

KIT_TEST(zero_without_whole_page,
	 .desc = N_("vm_zero_range of a range that holds no whole page only "
		    "memsets, and never calls madvise"),
	 .hint = N_("When ADDR rounded up is not below END rounded down, there "
		    "is no page to give back."))
{
	unsigned char *map = anon_pages(8);
	size_t p = page();

	memset(map, 0x5A, 8 * p);
	kit_calls_reset();
	ck_assert_int_eq(vm_zero_range(map + p + 10, 10), 0);
	ck_assert_int_eq(vm_zero_range(map + 3 * p + 10, p), 0);
	ck_assert_int_eq(vm_zero_range(map + 6 * p, 0), 0);
	ck_assert_not_called(madvise);
	for (size_t i = 0; i < 8 * p; i++) {
		int cleared = (i >= p + 10 && i < p + 20) ||
			      (i >= 3 * p + 10 && i < 4 * p + 10);

		ck_assert_msg(map[i] == (cleared ? 0 : 0x5A),
			      _("byte %zu is %#x"), i, map[i]);
	}
	munmap(map, 8 * p);
}

KIT_TEST(zero_madvise_failure,
	 .desc = N_("when madvise fails, vm_zero_range returns -1 with its "
		    "errno"),
	 .hint = N_("madvise returns -1 on failure: pass it on instead of "
		    "returning 0."))
{
	unsigned char *map = anon_pages(8);
	size_t p = page();

	memset(map, 0x5A, 8 * p);
	kit_fail_nth(KIT_madvise, 1, EAGAIN);
	ck_assert_fails_with(vm_zero_range(map + p, 3 * p + 7), -1, EAGAIN);
	kit_fail_nth(KIT_madvise, 1, ENOMEM);
	ck_assert_fails_with(vm_zero_range(map + 10, 6 * p), -1, ENOMEM);
	ck_assert_int_eq(vm_zero_range(map, 8 * p), 0);
	assert_zeroed(map, 0, 8 * p);
	munmap(map, 8 * p);
}

/* --- vm_table ----------------------------------------------------------- */

/* Reads LEN bytes at OFFSET of PATH through a descriptor of the test's own. */
static void read_back(const char *path, off_t offset, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	size_t got = 0;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(lseek(fd, offset, SEEK_SET), offset);
	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		ck_assert_int_gt(n, 0);
		got += (size_t)n;
	}
	close(fd);
}

/* A record of LEN bytes that names its index. */
static void make_record(unsigned char *rec, size_t len, size_t i)
{
	for (size_t k = 0; k < len; k++)
		rec[k] = kit_pattern_byte((off_t)(i * 1000 + k)) | 1;
}

KIT_TEST(table_open_creates_zeroed_file,
	 .desc = N_("vm_table_open creates a file of mode 0644 sized to 50 "
		    "records of 100 bytes, maps it shared and read-write, and "
		    "closes its descriptor"),
	 .hint = N_("open(path, O_RDWR | O_CREAT, 0644), ftruncate gives the "
		    "file its size (zeros), mmap with PROT_READ | PROT_WRITE "
		    "and MAP_SHARED, then close the descriptor."))
{
	const char *path = kit_path("table.bin");
	const struct kit_mmap_args *args;
	struct kit_snapshot before;
	struct vm_table t;
	mode_t old_mask;

	kit_snapshot_take(&before);
	kit_calls_reset();
	old_mask = umask(0);
	ck_assert_int_eq(vm_table_open(&t, path, 100, 50), 0);
	umask(old_mask);
	ck_assert_file_mode(path, 0644);
	ck_assert_int_eq(kit_mmap_calls_with(MAP_SHARED), 1);
	args = kit_last_mmap();
	ck_assert_int_eq(args->prot & (PROT_READ | PROT_WRITE),
			 PROT_READ | PROT_WRITE);
	ck_assert_int_eq(args->offset, 0);
	ck_assert_ptr_eq(t.data, args->result);
	ck_assert_uint_eq(t.rec_size, 100);
	ck_assert_uint_eq(t.nrecords, 50);
	ck_assert_no_fd_leak(&before);
	ck_assert_int_eq(kit_file_size(path), 5000);
	ck_assert_int_eq(kit_file_mappings(path), 1);
	for (size_t i = 0; i < 5000; i++)
		ck_assert_msg(t.data[i] == 0,
			      _("byte %zu of a new table is not 0"), i);
	ck_assert_int_eq(vm_table_close(&t), 0);
	ck_assert_no_leaks(&before);
}

KIT_TEST(table_open_failures, .points = 2,
	 .desc = N_("when open, ftruncate or mmap fails, vm_table_open returns "
		    "-1 with its errno and leaves no descriptor and no mapping "
		    "behind (descriptor 0 is no failure)"),
	 .hint = N_("On every error path after open, close the descriptor "
		    "before returning -1, keeping the errno of the call that "
		    "failed."))
{
	const char *path = kit_path("table.bin");
	struct kit_snapshot before;
	const struct kit_call_args *c;
	struct vm_table t;
	int rc;

	kit_snapshot_take(&before);
	ck_assert_fails_with(vm_table_open(&t, kit_path("no/such/dir"), 8, 8),
			     -1, ENOENT);
	kit_fail_nth(KIT_open, 1, EMFILE);
	ck_assert_fails_with(vm_table_open(&t, path, 8, 8), -1, EMFILE);
	kit_fail_nth(KIT_ftruncate, 1, EFBIG);
	ck_assert_fails_with(vm_table_open(&t, path, 8, 8), -1, EFBIG);
	ck_assert_no_leaks(&before);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(vm_table_open(&t, path, 8, 8), -1, ENOMEM);
	ck_assert_no_leaks(&before);

	/* Descriptor 0 free: open may return it, and 0 is no failure. */
	{
		int saved = dup(0);

		ck_assert_int_ge(saved, 0);
		ck_assert_int_eq(close(0), 0);
		rc = vm_table_open(&t, path, 8, 8);
		ck_assert_int_eq(dup2(saved, 0), 0);
		ck_assert_int_eq(close(saved), 0);
		ck_assert_msg(rc == 0, _("vm_table_open failed when open "
					 "gave descriptor 0: only -1 is a "
					 "failure"));
		ck_assert_int_eq(vm_table_close(&t), 0);
		ck_assert_no_leaks(&before);
	}

	/* close failing: the call may succeed (the mapping does not need the
	 * descriptor) or fail, but then with nothing mapped. */
	kit_calls_reset();
	kit_fail_nth(KIT_close, 1, EIO);
	rc = vm_table_open(&t, path, 8, 8);
	c = kit_nth_call(KIT_close, 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(close((int)c->arg[0]), 0);     /* it stayed open */
	if (rc == 0) {
		ck_assert_int_eq(vm_table_put(&t, 7, "recordXY"), 0);
		ck_assert_int_eq(vm_table_close(&t), 0);
	} else {
		ck_assert_int_eq(rc, -1);
	}
	ck_assert_no_leaks(&before);
}

KIT_TEST(table_open_too_large,
	 .desc = N_("vm_table_open fails with ENOMEM, creating nothing, when "
		    "nrecords * rec_size overflows"),
	 .hint = N_("Check nrecords > SIZE_MAX / rec_size before multiplying, "
		    "and before opening the file."))
{
	const char *path = kit_path("table.bin");
	struct kit_snapshot before;
	struct vm_table t;

	kit_snapshot_take(&before);
	ck_assert_fails_with(vm_table_open(&t, path, 2, SIZE_MAX / 2 + 1), -1,
			     ENOMEM);
	ck_assert_fails_with(vm_table_open(&t, path, SIZE_MAX / 16 + 1, 16), -1,
			     ENOMEM);
	ck_assert_fails_with(vm_table_open(&t, path, SIZE_MAX, SIZE_MAX), -1,
			     ENOMEM);
	ck_assert_msg(kit_file_size(path) == -1, _("the file was created, "
						   "though its size was "
						   "refused"));
	ck_assert_no_leaks(&before);
}

KIT_TEST(table_put_then_read_sees_it, .points = 3,
	 .desc = N_("each vm_table_put msyncs once, with MS_SYNC; read() "
		    "through another descriptor then finds the record"),
	 .hint = N_("Copy the record into the mapping, then msync(MS_SYNC) its "
		    "pages; no write() anywhere."))
{
	const char *path = kit_path("table.bin");
	static const size_t which[] = { 0, 7, 63 };
	unsigned char rec[100], back[100];
	struct vm_table t;

	ck_assert_int_eq(vm_table_open(&t, path, 100, 64), 0);
	kit_calls_reset();
	for (size_t k = 0; k < 3; k++) {
		make_record(rec, sizeof rec, which[k]);
		ck_assert_int_eq(vm_table_put(&t, which[k], rec), 0);
	}
	ck_assert_calls(msync, 3);
	ck_assert_msg(kit_calls_with_bits(KIT_msync, 2, MS_SYNC) == 3 &&
		      kit_calls_with_bits(KIT_msync, 2, MS_ASYNC) == 0,
		      _("msync must be given MS_SYNC (not MS_ASYNC): the "
			"record is on the disk only when msync returns"));
	ck_assert_not_called(write);
	ck_assert_not_called(pwrite);
	for (size_t k = 0; k < 3; k++) {
		make_record(rec, sizeof rec, which[k]);
		read_back(path, (off_t)(which[k] * 100), back, sizeof back);
		ck_assert_msg(memcmp(back, rec, sizeof rec) == 0,
			      _("record %zu read back differs"), which[k]);
	}
	ck_assert_int_eq(vm_table_close(&t), 0);
}

/* The latest msync covered record I of T, from a page boundary, and no
 * page that does not hold a byte of it. */
static void assert_synced(const struct vm_table *t, size_t i)
{
	const struct kit_call_args *m = kit_last_call(KIT_msync);
	uintptr_t from = (uintptr_t)t->data + i * t->rec_size;
	uintptr_t to = from + t->rec_size;
	uintptr_t lo, hi;

	ck_assert_ptr_nonnull(m);
	lo = (uintptr_t)m->arg[0];
	hi = lo + (uintptr_t)m->arg[1];
	ck_assert_msg(lo % page() == 0, _("msync from %p: not page-aligned"),
		      (void *)lo);
	ck_assert_msg(lo <= from && hi >= to,
		      _("msync covered [%p, %p), but record %zu is [%p, %p)"),
		      (void *)lo, (void *)hi, i, (void *)from, (void *)to);
	ck_assert_msg(lo > from - page() && hi < to + page(),
		      _("msync covered [%p, %p): more than the pages of record "
			"%zu, [%p, %p)"),
		      (void *)lo, (void *)hi, i, (void *)from, (void *)to);
}

KIT_TEST(table_put_across_pages, .points = 2,
	 .desc = N_("a record that starts in the middle of a page and crosses "
		    "into the next one is synced with one msync of exactly the "
		    "pages that hold it"),
	 .hint = N_("msync wants a page-aligned address (else EINVAL): start "
		    "at the page that holds the record's first byte and stop "
		    "at the record's end, not after rec_size bytes from that "
		    "page."))
{
	size_t rec_size = page() * 3 / 4;
	const char *path = kit_path("table.bin");
	unsigned char *rec = malloc(rec_size), *back = malloc(rec_size);
	struct vm_table t;

	ck_assert_ptr_nonnull(rec);
	ck_assert_ptr_nonnull(back);
	ck_assert_int_eq(vm_table_open(&t, path, rec_size, 8), 0);
	kit_calls_reset();
	for (size_t i = 1; i < 8; i += 2) {
		make_record(rec, rec_size, i);
		ck_assert_msg(vm_table_put(&t, i, rec) == 0,
			      _("vm_table_put of record %zu failed: %s"), i,
			      strerror(errno));
		assert_synced(&t, i);
		read_back(path, (off_t)(i * rec_size), back, rec_size);
		ck_assert_msg(memcmp(back, rec, rec_size) == 0,
			      _("record %zu read back differs"), i);
	}
	ck_assert_calls(msync, 4);
	ck_assert_int_eq(vm_table_close(&t), 0);
	free(rec);
	free(back);
}

KIT_TEST(table_bad_arguments,
	 .desc = N_("vm_table_put past the last record, and vm_table_open of 0 "
		    "records or of 0-byte records, fail with EINVAL (creating "
		    "nothing)"),
	 .hint = N_("Check the index before copying anything; check the size "
		    "before creating anything."))
{
	const char *path = kit_path("table.bin");
	unsigned char rec[16] = { 0 };
	struct vm_table t;

	ck_assert_fails_with(vm_table_open(&t, path, 16, 0), -1, EINVAL);
	ck_assert_fails_with(vm_table_open(&t, path, 0, 16), -1, EINVAL);
	ck_assert_msg(kit_file_size(path) == -1, _("the file was created, "
						   "though its size was "
						   "refused"));
	ck_assert_int_eq(vm_table_open(&t, path, 16, 8), 0);
	kit_calls_reset();
	errno = 0;
	ck_assert_int_eq(vm_table_put(&t, 8, rec), -1);
	ck_assert_errno(EINVAL);
	ck_assert_fails_with(vm_table_put(&t, SIZE_MAX, rec), -1, EINVAL);
	ck_assert_not_called(msync);
	ck_assert_int_eq(vm_table_close(&t), 0);
}

KIT_TEST(table_msync_failure, .points = 2,
	 .desc = N_("when msync fails (a disk error), vm_table_put returns -1 "
		    "with its errno"),
	 .hint = N_("The record is only safe once msync succeeded: return what "
		    "it returns."))
{
	const char *path = kit_path("table.bin");
	unsigned char rec[32];
	struct vm_table t;

	make_record(rec, sizeof rec, 2);
	ck_assert_int_eq(vm_table_open(&t, path, sizeof rec, 8), 0);
	kit_fail_nth(KIT_msync, 1, EIO);
	errno = 0;
	ck_assert_int_eq(vm_table_put(&t, 2, rec), -1);
	ck_assert_errno(EIO);
	ck_assert_int_eq(vm_table_put(&t, 3, rec), 0);
	ck_assert_int_eq(vm_table_close(&t), 0);
}

KIT_TEST(table_reopen_keeps_records,
	 .desc = N_("reopening a table with more records keeps the old ones "
		    "and adds zeroed ones"),
	 .hint = N_("Open without O_TRUNC; ftruncate to a larger size keeps "
		    "the content and adds zeros."))
{
	const char *path = kit_path("table.bin");
	unsigned char rec[64];
	struct vm_table t;

	make_record(rec, sizeof rec, 3);
	ck_assert_int_eq(vm_table_open(&t, path, 64, 10), 0);
	ck_assert_int_eq(vm_table_put(&t, 3, rec), 0);
	ck_assert_int_eq(vm_table_close(&t), 0);
	ck_assert_int_eq(vm_table_open(&t, path, 64, 20), 0);
	ck_assert_int_eq(kit_file_size(path), 64 * 20);
	ck_assert_msg(memcmp(t.data + 3 * 64, rec, 64) == 0,
		      _("record 3 was lost on reopening"));
	for (size_t i = 10 * 64; i < 20 * 64; i++)
		ck_assert_msg(t.data[i] == 0, _("new byte %zu is not 0"), i);
	ck_assert_int_eq(vm_table_close(&t), 0);
}

KIT_TEST(table_close_unmaps,
	 .desc = N_("vm_table_close unmaps the whole file, leaving nothing "
		    "mapped or open, and reports munmap's failure"),
	 .hint = N_("return munmap(data, rec_size * nrecords)."))
{
	const char *path = kit_path("table.bin");
	unsigned char rec[200], *data;
	struct kit_snapshot before;
	struct vm_table t;

	make_record(rec, sizeof rec, 5);
	kit_snapshot_take(&before);
	ck_assert_int_eq(vm_table_open(&t, path, sizeof rec, 30), 0);
	ck_assert_int_eq(vm_table_put(&t, 5, rec), 0);
	ck_assert_int_eq(kit_file_mappings(path), 1);
	ck_assert_int_eq(vm_table_close(&t), 0);
	ck_assert_msg(kit_file_mappings(path) == 0,
		      _("the table is still mapped after vm_table_close"));
	ck_assert_no_leaks(&before);

	ck_assert_int_eq(vm_table_open(&t, path, sizeof rec, 30), 0);
	data = t.data;
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(vm_table_close(&t), -1, EINVAL);
	ck_assert_int_eq(munmap(data, sizeof rec * 30), 0);
	ck_assert_no_leaks(&before);
}
