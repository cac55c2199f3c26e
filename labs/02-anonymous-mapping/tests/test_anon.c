/*
 * Tests of lab 02, anonymous memory: what a fresh mapping holds, who sees
 * it after fork(), and when its pages really come into existence.
 */
#include "kit.h"
#include "anon.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

/* The mapping anon_map(LEN) made, rounded up to pages. */
static size_t pages_for(size_t len)
{
	size_t page = kit_page_size();

	return (len + page - 1) / page * page;
}

/*
 * With transparent huge pages, one touch can bring in many pages at once
 * (a 2 MiB page, or a smaller "mTHP" block).  Opting the range out keeps
 * the count at one page per touch on any kernel configuration; a kernel
 * built without THP refuses the advice, which is just as good.
 */
static void one_page_per_touch(void *addr, size_t len)
{
	(void)madvise(addr, len, MADV_NOHUGEPAGE);
}

/* --- anon_map / anon_unmap ---------------------------------------------- */

KIT_TEST(map_is_zero_filled, .points = 2,
	 .desc = "anon_map gives private, page-aligned, writable memory that "
		 "reads as zeros up to the end of its last page",
	 .hint = "mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | "
		 "MAP_ANONYMOUS, -1, 0): no file, so fd -1 and offset 0.")
{
	size_t page = kit_page_size();
	size_t len = 3 * page + 5;
	struct kit_snapshot before;
	unsigned char *p;

	kit_snapshot_take(&before);
	kit_calls_reset();
	p = anon_map(len, 0);
	ck_assert_ptr_nonnull(p);
	ck_assert_calls(mmap, 1);
	ck_assert_int_eq(kit_mmap_calls_with(MAP_PRIVATE | MAP_ANONYMOUS), 1);
	ck_assert_int_eq(kit_last_mmap()->fd, -1);
	ck_assert_msg((uintptr_t)p % page == 0, "%p is not page-aligned",
		      (void *)p);
	for (size_t i = 0; i < pages_for(len); i++)
		if (p[i] != 0)
			ck_abort_msg("byte %zu of a fresh mapping is %u", i, p[i]);
	ck_assert_no_fault(kit_touch_write(p + pages_for(len) - 1, 1));
	ck_assert_int_eq(anon_unmap(p, len), 0);
	ck_assert_unmapped(p, pages_for(len));
	ck_assert_no_mapping_leak(&before);
}

KIT_TEST(map_errors,
	 .desc = "anon_map returns NULL (never MAP_FAILED) with errno EINVAL "
		 "for 0 bytes and ENOMEM when mmap fails",
	 .hint = "mmap fails with MAP_FAILED, which is (void *)-1, not NULL: "
		 "compare with it and return NULL; errno is already set.")
{
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	errno = 0;
	ck_assert_ptr_null(anon_map(0, 0));
	ck_assert_errno(EINVAL);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	errno = 0;
	ck_assert_ptr_null(anon_map(kit_page_size(), 1));
	ck_assert_errno(ENOMEM);
	ck_assert_no_mapping_leak(&before);
}

/* --- anon_child_store: sharing across fork() --------------------------- */

KIT_TEST(shared_seen_after_fork, .points = 3,
	 .desc = "a value the child stores into MAP_SHARED | MAP_ANONYMOUS "
		 "memory is seen by the parent",
	 .hint = "fork(); in the child: *slot = value; _exit(0).  In the "
		 "parent: waitpid(child, &status, 0) and return status.  A "
		 "shared mapping is the same physical page in both processes.")
{
	long *slot;
	int status;

	kit_calls_reset();
	slot = anon_map(sizeof *slot, 1);
	ck_assert_ptr_nonnull(slot);
	ck_assert_int_eq(kit_mmap_calls_with(MAP_SHARED | MAP_ANONYMOUS), 1);
	*slot = 7;
	status = anon_child_store(slot, 4242);
	ck_assert_msg(status == 0, "anon_child_store returned %d, not the "
		      "status of a child that exited with 0", status);
	ck_assert_calls(fork, 1);
	ck_assert_int_eq(*slot, 4242);
	anon_unmap(slot, sizeof *slot);
}

KIT_TEST(private_not_seen_after_fork, .points = 2,
	 .desc = "a value the child stores into MAP_PRIVATE memory stays in "
		 "the child: the parent keeps its own",
	 .hint = "The store must happen in the child only, and the parent must "
		 "wait for it.  After fork() a private page is copied on the "
		 "first write, so the child writes into its own copy.")
{
	long *slot = anon_map(sizeof *slot, 0);
	int status;

	ck_assert_ptr_nonnull(slot);
	*slot = 7;
	kit_calls_reset();
	status = anon_child_store(slot, 4242);
	ck_assert_msg(status == 0, "anon_child_store returned %d, not the "
		      "status of a child that exited with 0", status);
	ck_assert_calls(fork, 1);
	ck_assert_int_eq(*slot, 7);
	anon_unmap(slot, sizeof *slot);
}

KIT_TEST(child_store_fork_fails,
	 .desc = "anon_child_store returns -1 with fork's errno (EAGAIN) when "
		 "fork fails, and stores nothing",
	 .hint = "fork() returns -1 on failure: check for it before looking "
		 "for the child (0) or the parent (> 0).")
{
	long *slot = anon_map(sizeof *slot, 1);

	ck_assert_ptr_nonnull(slot);
	*slot = 7;
	kit_fail_nth(KIT_fork, 1, EAGAIN);
	errno = 0;
	ck_assert_int_eq(anon_child_store(slot, 4242), -1);
	ck_assert_errno(EAGAIN);
	ck_assert_int_eq(*slot, 7);
	anon_unmap(slot, sizeof *slot);
}

KIT_TEST(child_crash_is_reported, .faults = 1,
	 .desc = "when the child dies of SIGSEGV (its slot is read-only), "
		 "anon_child_store returns that wait status",
	 .hint = "Return the status waitpid() stored, untouched: the caller "
		 "decodes it with WIFEXITED / WIFSIGNALED / WTERMSIG.")
{
	size_t page = kit_page_size();
	long *slot = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	int status;

	ck_assert_ptr_ne(slot, MAP_FAILED);
	status = anon_child_store(slot, 4242);
	ck_assert_msg(status != -1, "anon_child_store failed: %s",
		      strerror(errno));
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
		      "status %#x does not say \"killed by SIGSEGV\"", status);
	ck_assert_int_eq(*slot, 0);
	munmap(slot, page);
}

/* --- anon_resident_pages: demand paging made visible ------------------- */

KIT_TEST(resident_grows_with_touches, .points = 3,
	 .desc = "no page of a fresh mapping is resident; after writing to k "
		 "distinct pages, exactly k are",
	 .hint = "mincore(addr, len, vec) sets vec[i] & 1 when page i is "
		 "resident.  vec needs one byte per page: ask about a bounded "
		 "number of pages per call.")
{
	enum { NPAGES = 600 };
	size_t page = kit_page_size();
	size_t len = NPAGES * page;
	unsigned char *p = anon_map(len, 0);
	unsigned char touched[NPAGES] = { 0 };
	long k = 0;

	ck_assert_ptr_nonnull(p);
	one_page_per_touch(p, len);
	ck_assert_int_eq(anon_resident_pages(p, len), 0);
	for (int step = 0; step < 40; step++) {
		size_t i = kit_random() % NPAGES;
		long counted;

		kit_touch_write(p + i * page + kit_random() % page, 1);
		k += !touched[i];
		touched[i] = 1;
		counted = anon_resident_pages(p, len);
		ck_assert_msg(counted == k, "after writes to %ld distinct "
			      "page(s), %ld are counted as resident", k, counted);
	}
	anon_unmap(p, len);
}

KIT_TEST(resident_counts_last_partial_page,
	 .desc = "anon_resident_pages counts the page that holds the last "
		 "byte, even when the length stops inside it",
	 .hint = "mincore covers (len + page - 1) / page pages: size the "
		 "vector for that many, not len / page.")
{
	size_t page = kit_page_size();
	unsigned char *p = anon_map(4 * page, 0);

	ck_assert_ptr_nonnull(p);
	one_page_per_touch(p, 4 * page);
	p[2 * page + 10] = 1;
	ck_assert_int_eq(anon_resident_pages(p, 2 * page), 0);
	ck_assert_int_eq(anon_resident_pages(p, 2 * page + 1), 1);
	ck_assert_int_eq(anon_resident_pages(p + 2 * page, 1), 1);
	ck_assert_int_eq(anon_resident_pages(p, 0), 0);
	anon_unmap(p, 4 * page);
}

KIT_TEST(resident_errors,
	 .desc = "anon_resident_pages fails with EINVAL for an address that is "
		 "not page-aligned and ENOMEM for a range that is not mapped",
	 .hint = "mincore reports both: return -1 as soon as it fails.")
{
	size_t page = kit_page_size();
	unsigned char *p = anon_map(3 * page, 0);

	ck_assert_ptr_nonnull(p);
	errno = 0;
	ck_assert_int_eq(anon_resident_pages(p + 1, page), -1);
	ck_assert_errno(EINVAL);
	ck_assert_int_eq(munmap(p + page, page), 0);   /* punch a hole */
	errno = 0;
	ck_assert_int_eq(anon_resident_pages(p, 3 * page), -1);
	ck_assert_errno(ENOMEM);
	munmap(p, 3 * page);
}
