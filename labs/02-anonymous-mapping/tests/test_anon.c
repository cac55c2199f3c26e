/*
 * Tests of lab 02, anonymous memory: what a fresh mapping holds, who sees
 * it after fork(), and when its pages really come into existence.
 */
#include "kit.h"
#include "anon.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

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
	 .desc = N_("anon_map gives private, page-aligned, writable memory "
		    "that reads as zeros up to the end of its last page"),
	 .hint = N_("mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | "
		    "MAP_ANONYMOUS, -1, 0): no file, so fd -1 and offset 0."))
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
	ck_assert_msg((kit_last_mmap()->prot & (PROT_READ | PROT_WRITE)) ==
		      (PROT_READ | PROT_WRITE), _("mmap was not asked for "
						  "PROT_READ | PROT_WRITE"));
	ck_assert_msg((uintptr_t)p % page == 0, _("%p is not page-aligned"),
		      (void *)p);
	for (size_t i = 0; i < pages_for(len); i++)
		if (p[i] != 0)
			ck_abort_msg(
				     _("byte %zu of a fresh mapping is %u"),
				     i, p[i]);
	ck_assert_no_fault(kit_touch_write(p + pages_for(len) - 1, 1));
	ck_assert_int_eq(anon_unmap(p, len), 0);
	ck_assert_unmapped(p, pages_for(len));
	ck_assert_no_leaks(&before);
}

KIT_TEST(map_errors,
	 .desc = N_("anon_map returns NULL (never MAP_FAILED) with errno "
		    "EINVAL for 0 bytes and ENOMEM when mmap fails; "
		    "anon_unmap reports munmap's failure"),
	 .hint = N_("mmap fails with MAP_FAILED, which is (void *)-1, not "
		    "NULL: compare with it and return NULL; errno is already "
		    "set.  anon_unmap returns what munmap returns."))
{
	size_t page = kit_page_size();
	struct kit_snapshot before;
	unsigned char *p;

	kit_snapshot_take(&before);
	ck_assert_fails_with(anon_map(0, 0), 0, EINVAL);
	ck_assert_fails_with(anon_map(0, 1), 0, EINVAL);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(anon_map(page, 1), 0, ENOMEM);
	kit_fail_nth(KIT_mmap, 1, EAGAIN);
	ck_assert_fails_with(anon_map(page, 0), 0, EAGAIN);
	ck_assert_no_mapping_leak(&before);

	p = anon_map(2 * page, 0);
	ck_assert_ptr_nonnull(p);
	ck_assert_fails_with(anon_unmap(p + 1, page), -1, EINVAL);
	ck_assert_msg(kit_is_mapped(p, 2 * page),
		      _("anon_unmap of an unaligned address "
			"unmapped something"));
	ck_assert_int_eq(anon_unmap(p, 2 * page), 0);
	p = anon_map(1, 1);                             /* one byte: a page */
	ck_assert_ptr_nonnull(p);
	ck_assert_no_fault(kit_touch_write(p + page - 1, 1));
	ck_assert_int_eq(anon_unmap(p, 1), 0);
	ck_assert_no_mapping_leak(&before);
}

/* valgrind's own mmap wraps the length around and says EINVAL. */
KIT_TEST(map_too_large, .no_valgrind = 1,
	 .desc = N_("anon_map fails with ENOMEM, mapping nothing, for "
		    "a length so large that rounding it up to pages "
		    "would wrap around"),
	 .hint = N_("Let mmap round the length itself (it reports ENOMEM), or "
		    "check len > SIZE_MAX - page before rounding: rounding "
		    "SIZE_MAX up gives 0, and mmap then says EINVAL."))
{
	size_t page = kit_page_size();
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	ck_assert_fails_with(anon_map(SIZE_MAX, 0), 0, ENOMEM);
	ck_assert_fails_with(anon_map(SIZE_MAX - page + 2, 1), 0, ENOMEM);
	ck_assert_fails_with(anon_map(SIZE_MAX - page + 1, 0), 0, ENOMEM);
	ck_assert_no_mapping_leak(&before);
}

/* --- anon_child_store: sharing across fork() --------------------------- */

KIT_TEST(shared_seen_after_fork, .points = 3,
	 .desc = N_("a value the child stores into MAP_SHARED | MAP_ANONYMOUS "
		    "memory is seen by the parent"),
	 .hint = N_("fork(); in the child: *slot = value; _exit(0).  In "
		    "the parent: waitpid(child, &status, 0) and return "
		    "status.  A shared mapping is the same physical page "
		    "in both processes."))
{
	struct kit_snapshot before;
	long *slot;
	int status;

	kit_calls_reset();
	slot = anon_map(sizeof *slot, 1);
	ck_assert_ptr_nonnull(slot);
	ck_assert_int_eq(kit_mmap_calls_with(MAP_SHARED | MAP_ANONYMOUS), 1);
	*slot = 7;
	kit_snapshot_take(&before);
	status = anon_child_store(slot, 4242);
	ck_assert_msg(status == 0,
		      _("anon_child_store returned %d, not the status of a "
			"child that exited with 0"), status);
	ck_assert_calls(fork, 1);
	ck_assert_int_eq(*slot, 4242);
	ck_assert_no_children();
	ck_assert_no_leaks(&before);
	anon_unmap(slot, sizeof *slot);
}

KIT_TEST(private_not_seen_after_fork, .points = 2,
	 .desc = N_("a value the child stores into MAP_PRIVATE memory stays "
		    "in the child: the parent keeps its own"),
	 .hint = N_("The store must happen in the child only, and the "
		    "parent must wait for it.  After fork() a private page "
		    "is copied on the first write, so the child writes into "
		    "its own copy."))
{
	long *slot = anon_map(sizeof *slot, 0);
	int status;

	ck_assert_ptr_nonnull(slot);
	*slot = 7;
	kit_calls_reset();
	status = anon_child_store(slot, 4242);
	ck_assert_msg(status == 0,
		      _("anon_child_store returned %d, not the status of a "
			"child that exited with 0"), status);
	ck_assert_calls(fork, 1);
	ck_assert_int_eq(*slot, 7);
	ck_assert_no_children();
	anon_unmap(slot, sizeof *slot);
}

KIT_TEST(child_store_fork_fails,
	 .desc = N_("anon_child_store returns -1 with fork's errno (EAGAIN) "
		    "when fork fails, and stores nothing"),
	 .hint = N_("fork() returns -1 on failure: check for it before "
		    "looking for the child (0) or the parent (> 0)."))
{
	long *slot = anon_map(sizeof *slot, 1);

	ck_assert_ptr_nonnull(slot);
	*slot = 7;
	kit_fail_nth(KIT_fork, 1, EAGAIN);
	errno = 0;
	ck_assert_int_eq(anon_child_store(slot, 4242), -1);
	ck_assert_errno(EAGAIN);
	ck_assert_int_eq(*slot, 7);
	ck_assert_no_children();
	anon_unmap(slot, sizeof *slot);
}

KIT_TEST(child_crash_is_reported, .faults = 1,
	 .desc = N_("when the child dies of SIGSEGV (its slot is read-only), "
		    "anon_child_store returns that wait status"),
	 .hint = N_("Return the status waitpid() stored, untouched: "
		    "the caller decodes it with WIFEXITED / "
		    "WIFSIGNALED / WTERMSIG."))
{
	size_t page = kit_page_size();
	long *slot = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	int status;

	ck_assert_ptr_ne(slot, MAP_FAILED);
	status = anon_child_store(slot, 4242);
	ck_assert_msg(status != -1, _("anon_child_store failed: %s"),
		      strerror(errno));
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
		      _("status %#x does not say \"killed by SIGSEGV\""),
		      status);
	ck_assert_int_eq(*slot, 0);
	ck_assert_no_children();
	munmap(slot, page);
}

/* Forks a child of the test's own that ends at once with exit status CODE,
 * and waits until it is a zombie, without reaping it. */
static pid_t zombie_child(int code)
{
	siginfo_t info;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(code);
	ck_assert_int_eq(waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT), 0);
	return pid;
}

KIT_TEST(child_store_waits_for_its_own, .points = 2,
	 .desc = N_("anon_child_store waits for the child it forked, not for "
		    "another child of the caller that ended before"),
	 .hint = N_("wait() and waitpid(-1, ...) take any child, maybe one "
		    "the caller forked earlier: pass the pid fork() returned."))
{
	long *slot = anon_map(sizeof *slot, 1);
	pid_t other = zombie_child(3);
	int status;

	ck_assert_ptr_nonnull(slot);
	status = anon_child_store(slot, 99);
	ck_assert_msg(status == 0,
		      _("anon_child_store returned %#x: the status of another "
			"child (exit 3 is %#x)?"), status, 3 << 8);
	ck_assert_int_eq(*slot, 99);
	ck_assert_int_eq(waitpid(other, &status, WNOHANG), other);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 3,
		      _("the caller's other child was reaped by "
			"anon_child_store"));
	ck_assert_no_children();
	anon_unmap(slot, sizeof *slot);
}

/* valgrind runs glibc's __libc_freeres at any exit, which flushes stdio. */
KIT_TEST(child_store_leaves_with__exit, .no_valgrind = 1,
	 .desc = N_("the child leaves with _exit: it flushes none of the "
		    "stdio buffers it inherited from the parent"),
	 .hint = N_("exit() in the child flushes every stdio buffer copied "
		    "from the parent, so their text is written twice; "
		    "_exit(0) ends the child at once."))
{
	const char *path = kit_path("stdio.txt");
	static char buf[BUFSIZ];
	long *slot = anon_map(sizeof *slot, 1);
	unsigned char *text;
	size_t len;
	FILE *f;

	ck_assert_ptr_nonnull(slot);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(setvbuf(f, buf, _IOFBF, sizeof buf), 0);
	ck_assert_int_ge(fputs("written once by the parent\n", f), 0);
	ck_assert_int_eq(anon_child_store(slot, 5), 0);
	ck_assert_int_eq(*slot, 5);
	ck_assert_int_eq(fclose(f), 0);
	text = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(text);
	ck_assert_msg(len == strlen("written once by the parent\n"),
		      _("the file holds %zu bytes: the child flushed the "
			"parent's stdio buffer (exit instead of _exit?)"), len);
	free(text);
	ck_assert_no_children();
	anon_unmap(slot, sizeof *slot);
}

KIT_TEST(child_store_wait_interrupted, .points = 2,
	 .desc = N_("anon_child_store calls waitpid again when it fails with "
		    "EINTR, and returns -1 with waitpid's errno for any "
		    "other failure"),
	 .hint = N_("while (waitpid(child, &status, 0) < 0) { if (errno != "
		    "EINTR) return -1; }"))
{
	long *slot = anon_map(sizeof *slot, 1);
	const struct kit_call_args *forked;
	int status;

	ck_assert_ptr_nonnull(slot);
	kit_calls_reset();
	kit_fail_nth(KIT_waitpid, 1, EINTR);
	status = anon_child_store(slot, 11);
	ck_assert_msg(status == 0,
		      _("anon_child_store returned %d after an interrupted "
			"waitpid: call it again on EINTR"), status);
	ck_assert_int_eq(*slot, 11);
	ck_assert_uint_ge(kit_calls(KIT_waitpid), 2);
	ck_assert_no_children();

	kit_calls_reset();
	kit_fail_nth(KIT_waitpid, 1, ECHILD);
	ck_assert_fails_with(anon_child_store(slot, 12), -1, ECHILD);
	forked = kit_nth_call(KIT_fork, 1);
	ck_assert_ptr_nonnull(forked);
	ck_assert_int_gt(forked->result, 0);
	ck_assert_int_eq(waitpid((pid_t)forked->result, &status, 0),
			 (pid_t)forked->result);
	ck_assert_int_eq(*slot, 12);
	ck_assert_no_children();
	anon_unmap(slot, sizeof *slot);
}

/* --- anon_resident_pages: demand paging made visible ------------------- */

KIT_TEST(resident_grows_with_touches, .points = 3,
	 .desc = N_("no page of a fresh mapping is resident; after writing to "
		    "k distinct pages, exactly k are"),
	 .hint = N_("mincore(addr, len, vec) sets vec[i] & 1 when page i is "
		    "resident.  vec needs one byte per page: ask about a "
		    "bounded number of pages per call."))
{
	enum { NPAGES = 600 };
	size_t page = kit_page_size();
	size_t len = NPAGES * page;
	unsigned char *p = anon_map(len, 0);
	unsigned char touched[NPAGES] = { 0 };
	struct kit_snapshot before;
	long k = 0;

	ck_assert_ptr_nonnull(p);
	one_page_per_touch(p, len);
	kit_snapshot_take(&before);
	ck_assert_int_eq(anon_resident_pages(p, len), 0);
	for (int step = 0; step < 40; step++) {
		size_t i = kit_random() % NPAGES;
		long counted;

		kit_touch_write(p + i * page + kit_random() % page, 1);
		k += !touched[i];
		touched[i] = 1;
		counted = anon_resident_pages(p, len);
		ck_assert_msg(counted == k,
			      _("after writes to %ld distinct page(s), %ld "
				"are counted as resident"), k, counted);
	}
	ck_assert_no_leaks(&before);
	anon_unmap(p, len);
}

KIT_TEST(resident_counts_last_partial_page,
	 .desc = N_("anon_resident_pages counts the page that holds the "
		    "last byte, even when the length stops inside it, and "
		    "no page twice"),
	 .hint = N_("mincore covers (len + page - 1) / page pages: size the "
		    "vector for that many, not len / page."))
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

	/* Every page resident: an entry counted twice, or one mincore did
	 * not fill in, shows as one page too many. */
	p = anon_map(600 * page, 0);
	ck_assert_ptr_nonnull(p);
	one_page_per_touch(p, 600 * page);
	for (size_t i = 0; i < 600; i++)
		p[i * page] = 1;
	ck_assert_int_eq(anon_resident_pages(p, 600 * page), 600);
	ck_assert_int_eq(anon_resident_pages(p, 600 * page - 1), 600);
	ck_assert_int_eq(anon_resident_pages(p, 599 * page + 1), 600);
	ck_assert_int_eq(anon_resident_pages(p, 599 * page), 599);
	ck_assert_int_eq(anon_resident_pages(p + page, 300 * page - 1), 300);
	ck_assert_int_eq(anon_resident_pages(p, 256 * page), 256);
	ck_assert_int_eq(anon_resident_pages(p, 257 * page), 257);
	anon_unmap(p, 600 * page);
}

KIT_TEST(resident_errors,
	 .desc = N_("anon_resident_pages fails with EINVAL for an address "
		    "that is not page-aligned, ENOMEM for a range that is not "
		    "mapped, and mincore's errno when mincore fails midway"),
	 .hint = N_("mincore reports all of them: return -1 as soon as it "
		    "fails, without counting what it did not fill in."))
{
	size_t page = kit_page_size();
	unsigned char *p = anon_map(600 * page, 0);
	struct kit_snapshot before;

	ck_assert_ptr_nonnull(p);
	kit_snapshot_take(&before);
	ck_assert_fails_with(anon_resident_pages(p + 1, page), -1, EINVAL);
	kit_fail_nth(KIT_mincore, 2, EAGAIN);
	ck_assert_fails_with(anon_resident_pages(p, 600 * page), -1, EAGAIN);
	ck_assert_int_eq(munmap(p + 400 * page, page), 0);   /* punch a hole */
	ck_assert_fails_with(anon_resident_pages(p, 600 * page), -1, ENOMEM);
	ck_assert_fails_with(anon_resident_pages(p + 400 * page, page), -1,
			     ENOMEM);
	ck_assert_no_leaks(&before);
	munmap(p, 600 * page);
}

/*
 * A thread with a stack of STACK_PAGES pages, with GUARD_PAGES of
 * PROT_NONE below it: an array on the stack that grows with the length
 * asked about faults there instead of crushing a neighbour.
 */
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
	job->result = anon_resident_pages(job->addr, job->len);
	job->err = errno;
	return NULL;
}

KIT_TEST(resident_any_length, .points = 2,
	 .desc = N_("anon_resident_pages of a 1 GiB range works on a thread "
		    "with a small stack, and counts its resident pages"),
	 .hint = N_("The vector must not grow with the length: a 1 GiB "
		    "range has 262144 pages.  Keep a fixed array of a few "
		    "hundred bytes and call mincore once per chunk of "
		    "that many pages."))
{
	size_t page = kit_page_size();
	size_t len = (size_t)1 << 30;
	size_t stack_len = STACK_PAGES * page, guard_len = GUARD_PAGES * page;
	struct resident_job job;
	pthread_attr_t attr;
	pthread_t thread;
	unsigned char *range, *stack;

	range = mmap(NULL, len, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ck_assert_ptr_ne(range, MAP_FAILED);
	one_page_per_touch(range, len);
	range[0] = range[len / 2 + 5] = range[len - 1] = 1;
	stack = mmap(NULL, guard_len + stack_len, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(stack, MAP_FAILED);
	ck_assert_int_eq(mprotect(stack, guard_len, PROT_NONE), 0);

	job = (struct resident_job){ range, len, -2, 0 };
	ck_assert_int_eq(pthread_attr_init(&attr), 0);
	ck_assert_int_eq(pthread_attr_setstack(&attr, stack + guard_len,
					       stack_len), 0);
	ck_assert_int_eq(pthread_create(&thread, &attr, resident_job_run, &job), 0);
	ck_assert_int_eq(pthread_join(thread, NULL), 0);
	pthread_attr_destroy(&attr);
	ck_assert_msg(job.result == 3,
		      _("anon_resident_pages of 1 GiB with 3 pages written "
			"returned %ld (errno %d)"), job.result, job.err);
	munmap(stack, guard_len + stack_len);
	munmap(range, len);
}
