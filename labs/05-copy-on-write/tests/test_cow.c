/*
 * Tests of lab 05, fork and copy on write.
 *
 * The fault counts come from the student's child, which measures around
 * its own loop; the kernel may add a fault or two of its own (a stack
 * page, a page of code run for the first time in the child), hence SLACK.
 * Valgrind adds faults of its own everywhere: the tests that count faults
 * are marked .no_valgrind = 1 and skipped under it.  No test looks at a time.
 */
#include "kit.h"
#include "cow.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * getrusage as the student's code sees it: this definition comes before the
 * C library's at link time.  It asks the kernel itself, or fails once with
 * EFAULT when a test sets fail_getrusage.
 */
static int fail_getrusage;

int getrusage(__rusage_who_t who, struct rusage *usage)
{
	if (fail_getrusage) {
		fail_getrusage = 0;
		errno = EFAULT;
		return -1;
	}
	return (int)syscall(SYS_getrusage, who, usage);
}

/* Faults the kernel may add to a measure that the student did not cause. */
#define SLACK 3

/* The minor faults of this process, asked directly (not the student's). */
static long faults_now(void)
{
	struct rusage usage;

	getrusage(RUSAGE_SELF, &usage);
	return usage.ru_minflt;
}

/* Does the mapping holding ADDR list FLAG in its VmFlags (proc(5))? */
static int vma_has_flag(const void *addr, const char *flag)
{
	FILE *smaps = fopen("/proc/self/smaps", "r");
	char line[512], want[8], perms[8];
	int inside = 0, found = 0;

	if (smaps == NULL)
		return 0;
	snprintf(want, sizeof want, " %s", flag);
	while (!found && fgets(line, sizeof line, smaps) != NULL) {
		unsigned long lo, hi;

		/* "lo-hi perms ..." starts a mapping; "Name: value" lines follow. */
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3)
			inside = (unsigned long)addr >= lo && (unsigned long)addr < hi;
		else if (inside && strncmp(line, "VmFlags:", 8) == 0)
			found = strstr(line, want) != NULL;
	}
	fclose(smaps);
	return found;
}

/*
 * A child of the test itself, already dead but not reaped (a zombie), so
 * that a waitpid(-1, ...) or a wait() in the code under test would take it
 * instead of the child it forked.  The caller reaps it with reap_own().
 */
static pid_t zombie_of_the_test(void)
{
	siginfo_t info;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(0);
	/* WNOWAIT: wait until it has ended, but leave it to be reaped. */
	ck_assert_int_eq(waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT), 0);
	return pid;
}

/* Reaps the test's own child PID: the code under test must have left it. */
static void reap_own(pid_t pid)
{
	int status;

	ck_assert_msg(waitpid(pid, &status, WNOHANG) == pid,
		      _("a child of the caller was reaped by your code: "
			"waitpid() for the pid fork gave you, not for any "
			"child (-1, wait)"));
}

/*
 * Lowers the limit on open descriptors and fills every free slot below it,
 * so that the next pipe() fails with EMFILE.  Undone by fds_release().
 */
struct fd_squeeze {
	struct rlimit saved;
	int fds[64];
	int n;
};

static void fds_exhaust(struct fd_squeeze *sq)
{
	struct rlimit low;
	int fd;

	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &sq->saved), 0);
	low = sq->saved;
	low.rlim_cur = 64;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	sq->n = 0;
	while (sq->n < 64 && (fd = dup(STDERR_FILENO)) >= 0)
		sq->fds[sq->n++] = fd;
	ck_assert_int_eq(errno, EMFILE);
}

static void fds_release(struct fd_squeeze *sq)
{
	while (sq->n > 0)
		close(sq->fds[--sq->n]);
	setrlimit(RLIMIT_NOFILE, &sq->saved);
}

/* Probes a child's pass over the NPAGES first pages of a fresh buffer. */
static struct cow_probe probe_private(size_t buf_pages, size_t npages,
				      enum cow_access access)
{
	unsigned char *buf = cow_private_buffer(buf_pages);
	struct cow_probe probe = { -1, -1, -1, -1 };

	ck_assert_ptr_nonnull(buf);
	kit_calls_reset();
	ck_assert_int_eq(cow_child_touch(buf, npages, access, &probe), 0);
	ck_assert_calls(fork, 1);
	ck_assert_int_eq(cow_buffer_free(buf, buf_pages), 0);
	return probe;
}

#define ck_assert_faults_near(got, n)                                        \
	ck_assert_msg((got) >= (long)(n) && (got) <= (long)(n) + SLACK,      \
		      _("measured %ld minor faults, expected %ld "           \
			"(up to %d more)"),                                  \
		      (long)(got), (long)(n), SLACK)

/* --- measuring faults --------------------------------------------------- */

KIT_TEST(minflt_counts_faults, .points = 2, .no_valgrind = 1,
	 .desc = N_("cow_minflt counts one minor fault per fresh page written; "
		    "it returns -1 with getrusage's errno when getrusage "
		    "fails"),
	 .hint = N_("Return getrusage(RUSAGE_SELF, ...)'s ru_minflt: the "
		    "kernel counts a minor fault each time it gives a page to "
		    "a process without reading a disk.  If getrusage fails, "
		    "return -1."))
{
	size_t page = kit_page_size(), npages = 64;
	unsigned char *fresh = mmap(NULL, npages * page, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long before, after;

	ck_assert_ptr_ne(fresh, MAP_FAILED);
	madvise(fresh, npages * page, MADV_NOHUGEPAGE);
	before = cow_minflt();
	for (size_t i = 0; i < npages; i++)
		fresh[i * page] = 1;
	after = cow_minflt();
	fail_getrusage = 1;
	ck_assert_fails_with(cow_minflt(), -1, EFAULT);
	fail_getrusage = 0;
	ck_assert_int_ge(before, 0);
	ck_assert_int_le(after, faults_now());
	ck_assert_faults_near(after - before, npages);
	munmap(fresh, npages * page);
}

/* --- the buffers -------------------------------------------------------- */

KIT_TEST(private_buffer_is_ready, .points = 2,
	 .desc = N_("cow_private_buffer maps private anonymous pages (readable "
		    "and writable, fd -1) that are all in memory already and "
		    "read as zeros"),
	 .hint = N_("mmap with PROT_READ | PROT_WRITE, MAP_PRIVATE | "
		    "MAP_ANONYMOUS and fd -1, then write a 0 in the first byte "
		    "of each of the npages pages (no further): a page appears "
		    "only when it is first touched."))
{
	size_t page = kit_page_size(), npages = 32;
	unsigned char *buf, *hole;

	/* A hole of npages pages just below a page the test keeps PROT_NONE:
	 * the buffer most likely lands in it, and a loop that writes one
	 * page too far then faults on that guard page. */
	hole = mmap(NULL, (npages + 1) * page, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(hole, MAP_FAILED);
	ck_assert_int_eq(munmap(hole, npages * page), 0);
	kit_calls_reset();
	buf = cow_private_buffer(npages);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(kit_mmap_calls_with(MAP_PRIVATE | MAP_ANONYMOUS), 1);
	ck_assert_uint_eq(kit_last_mmap()->length, npages * page);
	ck_assert_int_eq(kit_last_mmap()->prot, PROT_READ | PROT_WRITE);
	ck_assert_int_eq(kit_last_mmap()->fd, -1);
	ck_assert_msg(kit_resident_pages(buf, npages * page) == (long)npages,
		      _("some pages of the buffer are not in memory yet"));
	for (size_t i = 0; i < npages * page; i++)
		if (buf[i] != 0)
			ck_abort_msg(_("byte %zu of a new buffer is %#x, "
				       "not 0"), i, buf[i]);
	ck_assert_no_fault(for (size_t i = 0; i < npages; i++)
				   kit_touch_write(buf + i * page, 7));
	cow_buffer_free(buf, npages);
	munmap(hole + npages * page, page);
}

KIT_TEST(private_buffer_read_is_free, .points = 1, .no_valgrind = 1,
	 .desc = N_("reading every page of a private buffer costs no fault"),
	 .hint = N_("Write one byte in every page before returning: then each "
		    "page has a frame and a page table entry, and a read finds "
		    "both."))
{
	size_t page = kit_page_size(), npages = 64;
	unsigned char *buf = cow_private_buffer(npages);
	long before;

	ck_assert_ptr_nonnull(buf);
	before = faults_now();
	for (size_t i = 0; i < npages; i++)
		kit_touch_read(buf + i * page);
	ck_assert_faults_near(faults_now() - before, 0);
	cow_buffer_free(buf, npages);
}

KIT_TEST(shared_buffer_is_ready, .points = 1,
	 .desc = N_("cow_shared_buffer maps shared anonymous pages (readable "
		    "and writable, fd -1) that are all in memory already"),
	 .hint = N_("Same as the private buffer with MAP_SHARED: write a "
		    "helper that takes the flags."))
{
	size_t page = kit_page_size(), npages = 16;
	unsigned char *buf;

	kit_calls_reset();
	buf = cow_shared_buffer(npages);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(kit_mmap_calls_with(MAP_SHARED | MAP_ANONYMOUS), 1);
	ck_assert_uint_eq(kit_last_mmap()->length, npages * page);
	ck_assert_int_eq(kit_last_mmap()->prot, PROT_READ | PROT_WRITE);
	ck_assert_int_eq(kit_last_mmap()->fd, -1);
	ck_assert_msg(kit_resident_pages(buf, npages * page) == (long)npages,
		      _("some pages of the buffer are not in memory yet"));
	cow_buffer_free(buf, npages);
}

KIT_TEST(buffers_refuse_huge_pages, .points = 1,
	 .desc = N_("both buffers have transparent huge pages turned off"),
	 .hint = N_("madvise(buf, len, MADV_NOHUGEPAGE) right after mmap; "
		    "/proc/self/smaps then shows \"nh\" in the mapping's "
		    "VmFlags."))
{
	unsigned char *priv = cow_private_buffer(8);
	unsigned char *shared = cow_shared_buffer(8);

	ck_assert_ptr_nonnull(priv);
	ck_assert_ptr_nonnull(shared);
	ck_assert_msg(vma_has_flag(priv, "nh"),
		      _("the private buffer may still get huge pages"));
	ck_assert_msg(vma_has_flag(shared, "nh"),
		      _("the shared buffer may still get huge pages"));
	cow_buffer_free(priv, 8);
	cow_buffer_free(shared, 8);
}

KIT_TEST(buffer_of_no_page,
	 .desc = N_("a buffer of 0 pages fails with EINVAL and maps nothing"),
	 .hint = N_("mmap refuses a length of 0 too, but say it yourself "
		    "before calling anything."))
{
	kit_calls_reset();
	errno = 0;
	ck_assert_ptr_null(cow_private_buffer(0));
	ck_assert_errno(EINVAL);
	errno = 0;
	ck_assert_ptr_null(cow_shared_buffer(0));
	ck_assert_errno(EINVAL);
	ck_assert_calls(mmap, 0);
}

KIT_TEST(buffer_madvise_failure,
	 .desc = N_("when madvise fails, the buffer functions return NULL with "
		    "madvise's errno and unmap what they mapped"),
	 .hint = N_("On every error path after a successful mmap, munmap "
		    "before returning, and keep the errno of the call that "
		    "failed."))
{
	const struct kit_mmap_args *mapped = kit_last_mmap();

	kit_calls_reset();
	kit_fail_nth(KIT_madvise, 1, EINVAL);
	errno = 0;
	ck_assert_ptr_null(cow_private_buffer(4));
	ck_assert_errno(EINVAL);
	ck_assert_calls(mmap, 1);
	ck_assert_ptr_ne(mapped->result, MAP_FAILED);
	ck_assert_msg(kit_is_unmapped(mapped->result, mapped->length),
		      _("the buffer is still mapped after the failure"));
}

KIT_TEST(buffer_mmap_failure,
	 .desc = N_("when mmap fails, both buffer functions return NULL with "
		    "mmap's errno and call nothing else"),
	 .hint = N_("mmap returns MAP_FAILED, not NULL, when it fails: compare "
		    "with MAP_FAILED and return NULL yourself."))
{
	kit_calls_reset();
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(cow_private_buffer(4), 0, ENOMEM);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(cow_shared_buffer(4), 0, ENOMEM);
	ck_assert_calls(madvise, 0);
}

KIT_TEST(buffer_free_unmaps,
	 .desc = N_("cow_buffer_free unmaps the whole buffer"),
	 .hint = N_("munmap takes the length in bytes: npages times the page "
		    "size."))
{
	size_t page = kit_page_size();
	unsigned char *buf = cow_shared_buffer(5);

	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(cow_buffer_free(buf, 5), 0);
	ck_assert_msg(kit_is_unmapped(buf, 5 * page),
		      _("a page of the buffer is still mapped"));
}

/* --- what a child's access costs ---------------------------------------- */

KIT_TEST(child_write_copies_each_page, .points = 3, .no_valgrind = 1,
	 .desc = N_("a child's first write to each of 100 private pages costs "
		    "one minor fault per page"),
	 .hint = N_("After fork, every private page is shared and "
		    "write-protected: the first write to each faults, and the "
		    "kernel copies that page.  Measure around the loop only."))
{
	struct cow_probe probe = probe_private(100, 100, COW_WRITE);

	ck_assert_faults_near(probe.first_faults, 100);
}

KIT_TEST(child_read_copies_nothing, .points = 2, .no_valgrind = 1,
	 .desc = N_("a child that only reads 100 private pages takes no fault"),
	 .hint = N_("fork copies the page table entries of a private buffer: a "
		    "read needs no copy.  If you count faults here, look at "
		    "what your loop does besides reading (stack, first calls: "
		    "warm up)."))
{
	struct cow_probe probe = probe_private(100, 100, COW_READ);

	ck_assert_faults_near(probe.first_faults, 0);
	ck_assert_faults_near(probe.again_faults, 0);
}

/* CLOCK_MONOTONIC, in ns, read by the test itself. */
static long test_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

KIT_TEST(child_measures_durations,
	 .desc = N_("each pass's duration is measured: above 0 and within the "
		    "time the whole call took (no speed is graded)"),
	 .hint = N_("Read now_ns() before and after the loop and store the "
		    "difference in first_ns / again_ns, like the faults."))
{
	unsigned char *buf = cow_private_buffer(50);
	struct cow_probe probe = { -1, -1, -1, -1 };
	long start, elapsed;

	ck_assert_ptr_nonnull(buf);
	start = test_clock_ns();
	ck_assert_int_eq(cow_child_touch(buf, 50, COW_WRITE, &probe), 0);
	elapsed = test_clock_ns() - start;
	ck_assert_msg(probe.first_ns > 0 && probe.first_ns <= elapsed,
		      _("first_ns is %ld, the whole call took %ld ns"),
		      probe.first_ns, elapsed);
	ck_assert_msg(probe.again_ns >= 0 && probe.again_ns <= elapsed,
		      _("again_ns is %ld, the whole call took %ld ns"),
		      probe.again_ns, elapsed);
	cow_buffer_free(buf, 50);
}

KIT_TEST(child_rewrite_is_free, .points = 2, .no_valgrind = 1,
	 .desc = N_("writing again to pages the child already copied costs no "
		    "fault"),
	 .hint = N_("Once copied, a page is the child's own, mapped writable: "
		    "the second pass must not fault.  Measure each pass on its "
		    "own."))
{
	struct cow_probe probe = probe_private(60, 60, COW_WRITE);

	ck_assert_faults_near(probe.first_faults, 60);
	ck_assert_faults_near(probe.again_faults, 0);
}

KIT_TEST(child_faults_follow_npages, .points = 2, .no_valgrind = 1,
	 .desc = N_("the child writes exactly npages pages: 1, 17 and 300 of a "
		    "400-page buffer cost 1, 17 and 300 faults"),
	 .hint = N_("Touch one byte every page_size bytes, npages times; the "
		    "rest of the buffer stays shared with the parent."))
{
	static const size_t counts[] = { 1, 17, 300 };

	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		struct cow_probe probe = probe_private(400, counts[i], COW_WRITE);

		ck_assert_faults_near(probe.first_faults, counts[i]);
	}
}

/* --- who sees a child's writes ------------------------------------------ */

KIT_TEST(child_writes_stay_in_child, .points = 3,
	 .desc = N_("the parent never sees what a child wrote into a private "
		    "buffer; no child and no descriptor are left"),
	 .hint = N_("The child writes into its own copies of the pages; fork "
		    "must happen before the write, and only the child may "
		    "write."))
{
	size_t page = kit_page_size(), len = 8 * page;
	unsigned char *buf = cow_private_buffer(8);

	struct kit_snapshot before;

	ck_assert_ptr_nonnull(buf);
	for (size_t i = 0; i < len; i++)
		buf[i] = kit_pattern_byte((off_t)i);
	kit_snapshot_take(&before);
	kit_calls_reset();
	ck_assert_int_eq(cow_child_fill(buf, len, 0x5A), 0);
	ck_assert_calls(fork, 1);
	ck_assert_no_leaks(&before);
	ck_assert_pattern(buf, 0, len);
	ck_assert_no_children();
	cow_buffer_free(buf, 8);
}

KIT_TEST(shared_buffer_sees_child_writes, .points = 2,
	 .desc = N_("the parent sees at once what a child wrote into a shared "
		    "buffer, and only that (a write pass stores 1 in the first "
		    "byte of each of its pages, no further)"),
	 .hint = N_("MAP_SHARED pages are never copied: parent and child map "
		    "the same frames.  Fill exactly len bytes; a write pass "
		    "sets the first byte of each of its npages pages to 1."))
{
	size_t page = kit_page_size(), len = page + 10;
	unsigned char *buf = cow_shared_buffer(3);
	struct cow_probe probe;

	ck_assert_ptr_nonnull(buf);
	memset(buf, 0x11, 3 * page);
	ck_assert_int_eq(cow_child_fill(buf, len, 0x5A), 0);
	for (size_t i = 0; i < 3 * page; i++)
		if (buf[i] != (i < len ? 0x5A : 0x11))
			ck_abort_msg(_("byte %zu of the shared buffer is %#x, "
				       "expected %#x"), i, buf[i],
				     i < len ? 0x5A : 0x11);
	/* A write pass stores 1 in the first byte of each of its pages. */
	memset(buf, 0x11, 3 * page);
	ck_assert_int_eq(cow_child_touch(buf, 2, COW_WRITE, &probe), 0);
	for (size_t i = 0; i < 3 * page; i++)
		if (buf[i] != (i % page == 0 && i < 2 * page ? 1 : 0x11))
			ck_abort_msg(_("after a write pass over 2 pages, byte "
				       "%zu of the shared buffer is %#x, "
				       "expected %#x"),
				     i, buf[i],
				     i % page == 0 && i < 2 * page ? 1 : 0x11);
	ck_assert_no_children();
	cow_buffer_free(buf, 3);
}

/* --- the plumbing ------------------------------------------------------- */

KIT_TEST(child_is_reaped, .points = 1,
	 .desc = N_("cow_child_touch reaps its child and closes both ends of "
		    "the pipe"),
	 .hint = N_("The parent closes the write end at once and the read end "
		    "after reading, then waitpid()s for the child: else it "
		    "stays a zombie."))
{
	unsigned char *buf = cow_private_buffer(4);
	struct cow_probe probe;
	struct kit_snapshot before;

	ck_assert_ptr_nonnull(buf);
	kit_snapshot_take(&before);
	ck_assert_int_eq(cow_child_touch(buf, 4, COW_WRITE, &probe), 0);
	ck_assert_no_fd_leak(&before);
	ck_assert_no_children();
	cow_buffer_free(buf, 4);
}

KIT_TEST(fork_failure_is_reported, .points = 2,
	 .desc = N_("when fork fails, cow_child_touch and cow_child_fill "
		    "return -1 with fork's errno and close the pipe"),
	 .hint = N_("fork returns -1 in the parent: close both ends of the "
		    "pipe without losing errno (close may change it)."))
{
	unsigned char *buf = cow_private_buffer(4);
	struct cow_probe probe;
	struct kit_snapshot before;

	ck_assert_ptr_nonnull(buf);
	kit_snapshot_take(&before);
	kit_fail_nth(KIT_fork, 1, EAGAIN);
	errno = 0;
	ck_assert_int_eq(cow_child_touch(buf, 4, COW_WRITE, &probe), -1);
	ck_assert_errno(EAGAIN);
	ck_assert_no_fd_leak(&before);
	kit_fail_nth(KIT_fork, 1, ENOMEM);
	ck_assert_fails_with(cow_child_fill(buf, 4, 1), -1, ENOMEM);
	ck_assert_no_fd_leak(&before);
	cow_buffer_free(buf, 4);
}

KIT_TEST(dead_child_is_reported, .points = 1, .faults = 1,
	 .desc = N_("a child that crashes makes cow_child_touch and "
		    "cow_child_fill fail with EIO"),
	 .hint = N_("Read until end of file: a short report, or a child that "
		    "did not exit with status 0 (WIFEXITED, WEXITSTATUS), is "
		    "an error."))
{
	size_t page = kit_page_size();
	unsigned char *ro = mmap(NULL, page, PROT_READ,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct cow_probe probe;

	/* Writing a read-only page kills the child with SIGSEGV. */
	ck_assert_ptr_ne(ro, MAP_FAILED);
	errno = 0;
	ck_assert_int_eq(cow_child_touch(ro, 1, COW_WRITE, &probe), -1);
	ck_assert_errno(EIO);
	ck_assert_no_children();
	/* With no report to read, only the child's status tells. */
	ck_assert_fails_with(cow_child_fill(ro, 1, 7), -1, EIO);
	ck_assert_no_children();
	munmap(ro, page);
}

/* Valgrind flushes stdio itself when a child _exit()s (its libc freeres):
 * this test cannot tell _exit from exit under it. */
KIT_TEST(child_leaves_with__exit, .points = 2, .no_valgrind = 1,
	 .desc = N_("the child leaves with _exit(): what the parent printed "
		    "but had not flushed yet is written once, not twice"),
	 .hint = N_("A child inherits a copy of the parent's stdio buffers: "
		    "exit() (or a return from main) flushes them a second "
		    "time, _exit() does not.  End the child with _exit(0) or "
		    "_exit(1)."))
{
	const char *path = kit_path("log.txt");
	FILE *log = fopen(path, "w");
	unsigned char *buf = cow_shared_buffer(1);
	struct cow_probe probe;
	unsigned char *text;
	size_t len;

	ck_assert_ptr_nonnull(log);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(setvbuf(log, NULL, _IOFBF, BUFSIZ), 0);
	fputs("written once\n", log);           /* still in log's buffer */
	ck_assert_int_eq(cow_child_fill(buf, 1, 9), 0);
	ck_assert_int_eq(cow_child_touch(buf, 1, COW_READ, &probe), 0);
	ck_assert_int_eq(fclose(log), 0);
	text = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(text);
	ck_assert_msg(len == 13 && memcmp(text, "written once\n", 13) == 0,
		      _("the log holds %zu bytes, \"%.*s\": a child flushed "
			"the parent's stdio buffer (exit() instead of "
			"_exit())"), len,
		      (int)(len < 60 ? len : 60), (const char *)text);
	free(text);
	cow_buffer_free(buf, 1);
}

KIT_TEST(parent_reaps_its_own_child, .points = 2,
	 .desc = N_("the functions wait for the child they forked, not for any "
		    "child: another child of the caller is left alone"),
	 .hint = N_("waitpid(pid, &status, 0) with the pid fork returned: "
		    "waitpid(-1, ...) or wait() may reap a child of the "
		    "caller's and leave yours a zombie."))
{
	const char *path = kit_file_pattern("data.bin", 100);
	unsigned char *buf = cow_private_buffer(2);
	struct cow_probe probe;
	struct cow_seen seen;
	pid_t other;

	ck_assert_ptr_nonnull(buf);
	other = zombie_of_the_test();
	ck_assert_int_eq(cow_child_touch(buf, 2, COW_WRITE, &probe), 0);
	reap_own(other);
	ck_assert_no_children();
	other = zombie_of_the_test();
	ck_assert_int_eq(cow_child_fill(buf, 2, 3), 0);
	reap_own(other);
	ck_assert_no_children();
	other = zombie_of_the_test();
	ck_assert_int_eq(cow_file_child_write(path, MAP_PRIVATE, 3, &seen), 0);
	reap_own(other);
	ck_assert_no_children();
	cow_buffer_free(buf, 2);
}

KIT_TEST(interrupted_wait_is_retried, .points = 2,
	 .desc = N_("a waitpid, read or write interrupted by a signal (EINTR) "
		    "is called again: the call still succeeds and reaps its "
		    "child; another waitpid error is returned with its errno"),
	 .hint = N_("A signal handler may interrupt waitpid: when it returns "
		    "-1 with errno EINTR, call it again; any other error is "
		    "real."))
{
	unsigned char *buf = cow_private_buffer(3);
	struct cow_probe probe = { -1, -1, -1, -1 };

	ck_assert_ptr_nonnull(buf);
	kit_calls_reset();
	kit_fail_nth(KIT_waitpid, 1, EINTR);
	ck_assert_int_eq(cow_child_touch(buf, 3, COW_WRITE, &probe), 0);
	ck_assert_int_ge(probe.first_faults, 0);
	ck_assert_no_children();
	kit_fail_nth(KIT_waitpid, 1, EINTR);
	kit_fail_nth(KIT_read, 1, EINTR);
	ck_assert_int_eq(cow_child_touch(buf, 3, COW_WRITE, &probe), 0);
	ck_assert_no_children();
	kit_fail_nth(KIT_read, 0, 0);
	kit_fail_nth(KIT_write, 1, EINTR);     /* the child's report */
	ck_assert_int_eq(cow_child_touch(buf, 3, COW_READ, &probe), 0);
	ck_assert_no_children();
	kit_fail_nth(KIT_write, 0, 0);
	kit_fail_nth(KIT_waitpid, 1, EINTR);
	ck_assert_int_eq(cow_child_fill(buf, 3 * kit_page_size(), 1), 0);
	ck_assert_no_children();
	kit_fail_nth(KIT_waitpid, 0, 0);
	/* Any other error of waitpid is returned; the test reaps the child. */
	kit_fail_nth(KIT_waitpid, 1, ECHILD);
	ck_assert_fails_with(cow_child_touch(buf, 3, COW_READ, &probe), -1,
			     ECHILD);
	while (waitpid(-1, NULL, 0) > 0)
		;
	ck_assert_no_children();
	cow_buffer_free(buf, 3);
}

KIT_TEST(pipe_failure_is_reported, .no_valgrind = 1,
	 .desc = N_("when pipe fails (no descriptor left: EMFILE), the "
		    "functions return -1 with EMFILE and fork nothing"),
	 .hint = N_("Check pipe's result before forking: a child with no pipe "
		    "cannot report anything."))
{
	unsigned char *buf = cow_private_buffer(1);
	struct cow_probe probe;
	struct fd_squeeze squeeze;
	int rc1, err1, rc2, err2;

	ck_assert_ptr_nonnull(buf);
	kit_calls_reset();
	fds_exhaust(&squeeze);
	errno = 0;
	rc1 = cow_child_touch(buf, 1, COW_WRITE, &probe);
	err1 = errno;
	errno = 0;
	rc2 = cow_child_fill(buf, 1, 5);
	err2 = errno;
	fds_release(&squeeze);
	ck_assert_int_eq(rc1, -1);
	ck_assert_int_eq(err1, EMFILE);
	ck_assert_int_eq(rc2, -1);
	ck_assert_int_eq(err2, EMFILE);
	ck_assert_calls(fork, 0);
	ck_assert_no_children();
	cow_buffer_free(buf, 1);
}

/* --- a private file mapping --------------------------------------------- */

KIT_TEST(file_private_writes_stay_in_memory, .points = 3,
	 .desc = N_("with MAP_PRIVATE, the child's and the parent's writes "
		    "never reach the file; nothing is left mapped or open"),
	 .hint = N_("Each process gets its own copy of every page it writes; "
		    "the file keeps the original.  The parent still sees the "
		    "file's bytes after the child's write."))
{
	off_t size = 3 * (off_t)kit_page_size() + 100;
	const char *path = kit_file_pattern("data.bin", size);
	struct cow_seen seen = { 0, 0 };
	struct kit_snapshot before;
	unsigned char *after;
	size_t len;

	kit_snapshot_take(&before);
	kit_calls_reset();
	ck_assert_int_eq(cow_file_child_write(path, MAP_PRIVATE, 0x77, &seen), 0);
	ck_assert_no_leaks(&before);
	ck_assert_no_children();
	ck_assert_int_eq(kit_mmap_calls_with(MAP_PRIVATE), 1);
	ck_assert_calls(fork, 1);
	ck_assert_msg(kit_is_unmapped(kit_last_mmap()->result, (size_t)size),
		      _("the file is still mapped in the parent"));
	ck_assert_uint_eq(seen.child, (size_t)size);
	ck_assert_uint_eq(seen.parent, kit_pattern_count(size, 0x77));
	after = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(after);
	ck_assert_uint_eq(len, (size_t)size);
	ck_assert_msg(kit_pattern_mismatch(after, 0, (size_t)size) == NULL,
		      _("a private write reached the file: %s"),
		      kit_pattern_mismatch(after, 0, (size_t)size));
	free(after);
}

KIT_TEST(file_shared_writes_reach_file, .points = 2,
	 .desc = N_("with MAP_SHARED, the parent sees the child's write, and "
		    "so does the file; nothing is left mapped or open"),
	 .hint = N_("A shared mapping writes into the page cache, which is the "
		    "file: open it O_RDWR for that."))
{
	off_t size = 2 * (off_t)kit_page_size() + 9;
	const char *path = kit_file_pattern("data.bin", size);
	struct cow_seen seen = { 0, 0 };
	struct kit_snapshot before;
	unsigned char *after;
	size_t len;

	kit_snapshot_take(&before);
	kit_calls_reset();
	ck_assert_int_eq(cow_file_child_write(path, MAP_SHARED, 0x77, &seen), 0);
	ck_assert_no_leaks(&before);
	ck_assert_no_children();
	ck_assert_int_eq(kit_mmap_calls_with(MAP_SHARED), 1);
	ck_assert_msg(kit_is_unmapped(kit_last_mmap()->result, (size_t)size),
		      _("the file is still mapped in the parent"));
	ck_assert_uint_eq(seen.child, (size_t)size);
	ck_assert_uint_eq(seen.parent, (size_t)size);
	after = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(after);
	ck_assert_uint_eq(len, (size_t)size);
	for (off_t i = 0; i < size; i++)
		if (after[i] != 0x77)
			ck_abort_msg(_("file byte %jd is %#x, expected 0x77"),
				     (intmax_t)i, after[i]);
	free(after);
}

KIT_TEST(file_bad_arguments, .points = 1,
	 .desc = N_("cow_file_child_write refuses bad flags and empty files "
		    "(EINVAL), a missing file (ENOENT), and leaves no "
		    "descriptor open"),
	 .hint = N_("Check FLAGS before opening; check the size (fstat) before "
		    "mapping: mmap refuses a length of 0."))
{
	const char *data = kit_file_pattern("data.bin", 100);
	const char *empty = kit_file_with("empty", "", 0);
	struct cow_seen seen;
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	errno = 0;
	ck_assert_int_eq(cow_file_child_write(data, 0, 1, &seen), -1);
	ck_assert_errno(EINVAL);
	errno = 0;
	ck_assert_int_eq(cow_file_child_write(empty, MAP_PRIVATE, 1, &seen), -1);
	ck_assert_errno(EINVAL);
	errno = 0;
	ck_assert_int_eq(cow_file_child_write(kit_path("missing"), MAP_SHARED,
					      1, &seen), -1);
	ck_assert_errno(ENOENT);
	ck_assert_no_fd_leak(&before);
	ck_assert_no_children();
}

/* The access mode (O_RDONLY, O_WRONLY, O_RDWR) of the last open or openat. */
static long last_open_mode(void)
{
	const struct kit_call_args *o = kit_last_call(KIT_open);
	const struct kit_call_args *at = kit_last_call(KIT_openat);

	if (o != NULL)
		return o->arg[1] & O_ACCMODE;
	if (at != NULL)
		return at->arg[2] & O_ACCMODE;
	return -1;
}

KIT_TEST(file_private_needs_only_read, .points = 1,
	 .desc = N_("MAP_PRIVATE works on a file the caller may only read: it "
		    "is opened O_RDONLY, mapped PROT_READ | PROT_WRITE, and "
		    "the file is left as it was"),
	 .hint = N_("A private mapping never writes to the file, so PROT_WRITE "
		    "with MAP_PRIVATE needs only O_RDONLY; O_RDWR is for "
		    "MAP_SHARED."))
{
	off_t size = (off_t)kit_page_size() + 1;
	const char *path = kit_file_pattern("read-only.bin", size);
	struct cow_seen seen = { 0, 0 };
	unsigned char *after;
	size_t len;

	ck_assert_int_eq(chmod(path, 0444), 0);
	kit_calls_reset();
	ck_assert_int_eq(cow_file_child_write(path, MAP_PRIVATE, 0x42, &seen), 0);
	ck_assert_msg(last_open_mode() == O_RDONLY,
		      _("the file was opened with access mode %ld, expected "
			"O_RDONLY (%d)"), last_open_mode(), O_RDONLY);
	ck_assert_int_eq(kit_last_mmap()->prot, PROT_READ | PROT_WRITE);
	ck_assert_uint_eq(seen.child, (size_t)size);
	after = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(after);
	ck_assert_uint_eq(len, (size_t)size);
	ck_assert_pattern(after, 0, len);
	free(after);
	ck_assert_int_eq(chmod(path, 0644), 0);
}

KIT_TEST(file_failures_clean_up, .points = 2,
	 .desc = N_("when fstat, mmap or fork fails, cow_file_child_write "
		    "returns -1 with that call's errno, leaving no descriptor, "
		    "mapping or child"),
	 .hint = N_("Every error path undoes what succeeded before it: close "
		    "the descriptor, munmap the mapping, and keep the errno of "
		    "the call that failed (save it before close or munmap)."))
{
	off_t size = 2 * (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", size);
	struct cow_seen seen;
	struct kit_snapshot before;
	unsigned char *after;
	size_t len;

	kit_snapshot_take(&before);

	/* The size: from fstat as the sheet says (lseek fails too, in case). */
	kit_calls_reset();
	kit_fail_nth(KIT_fstat, 1, EIO);
	kit_fail_nth(KIT_lseek, 1, EIO);
	ck_assert_fails_with(cow_file_child_write(path, MAP_SHARED, 1, &seen),
			     -1, EIO);
	kit_fail_nth(KIT_fstat, 0, 0);
	kit_fail_nth(KIT_lseek, 0, 0);
	ck_assert_calls(fork, 0);
	ck_assert_no_leaks(&before);

	kit_calls_reset();
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(cow_file_child_write(path, MAP_PRIVATE, 1, &seen),
			     -1, ENOMEM);
	ck_assert_calls(fork, 0);
	ck_assert_no_leaks(&before);

	kit_calls_reset();
	kit_fail_nth(KIT_fork, 1, EAGAIN);
	ck_assert_fails_with(cow_file_child_write(path, MAP_SHARED, 1, &seen),
			     -1, EAGAIN);
	ck_assert_no_leaks(&before);
	ck_assert_no_children();

	after = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(after);
	ck_assert_uint_eq(len, (size_t)size);
	ck_assert_pattern(after, 0, len);
	free(after);
}

KIT_TEST(file_of_one_byte,
	 .desc = N_("a file of a single byte is mapped and written like any "
		    "other, privately and shared, even opened as descriptor 0; "
		    "only its own byte is counted"),
	 .hint = N_("Only an empty file is refused: one byte is a valid size "
		    "(the mapping still covers a whole page, but count only "
		    "the file's bytes).  open's result 0 is a descriptor; only "
		    "-1 is an error."))
{
	const char *path = kit_file_with("one.bin", "a", 1);
	struct cow_seen seen = { 0, 0 };
	unsigned char *after;
	size_t len;

	ck_assert_int_eq(cow_file_child_write(path, MAP_PRIVATE, 'z', &seen), 0);
	ck_assert_uint_eq(seen.child, 1);
	ck_assert_uint_eq(seen.parent, 0);
	ck_assert_int_eq(cow_file_child_write(path, MAP_SHARED, 'z', &seen), 0);
	ck_assert_uint_eq(seen.child, 1);
	ck_assert_uint_eq(seen.parent, 1);
	after = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(after);
	ck_assert_uint_eq(len, 1);
	ck_assert_int_eq(after[0], 'z');
	free(after);
	ck_assert_no_children();
	/* Descriptor 0 is a descriptor like any other (stdin closed here), and
	 * the zeros after the file's end in its page are not the file's. */
	{
		int saved = dup(0);
		int rc;

		close(0);
		rc = cow_file_child_write(path, MAP_PRIVATE, 0, &seen);
		if (saved >= 0) {
			dup2(saved, 0);
			close(saved);
		}
		ck_assert_int_eq(rc, 0);
		ck_assert_uint_eq(seen.child, 1);
		ck_assert_uint_eq(seen.parent, 0);
	}
}

KIT_TEST(file_parent_writes_its_copy, .no_valgrind = 1,
	 .desc = N_("with MAP_PRIVATE the parent writes VALUE over its own "
		    "copy too: each of its 64 pages is copied on that write"),
	 .hint = N_("After counting, memset the whole mapping with VALUE in "
		    "the parent: its first write to each private page makes "
		    "the kernel copy that page."))
{
	off_t size = 64 * (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", size);
	struct cow_seen seen = { 0, 0 };
	long before, after;

	before = faults_now();
	ck_assert_int_eq(cow_file_child_write(path, MAP_PRIVATE, 0x99, &seen), 0);
	after = faults_now();
	ck_assert_msg(after - before >= 64,
		      _("the parent took %ld minor faults, fewer than its 64 "
			"pages: did it write its copy?"), after - before);
}

KIT_TEST(unmap_failure_is_reported,
	 .desc = N_("when munmap fails, cow_buffer_free and "
		    "cow_file_child_write return -1 with munmap's errno"),
	 .hint = N_("Return munmap's result; in cow_file_child_write, a failed "
		    "munmap makes the whole call fail (keep its errno)."))
{
	const char *path = kit_file_pattern("data.bin", 100);
	unsigned char *buf = cow_shared_buffer(2);
	struct cow_seen seen;
	const struct kit_mmap_args *mapped;
	void *file_map;

	ck_assert_ptr_nonnull(buf);
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(cow_buffer_free(buf, 2), -1, EINVAL);
	ck_assert_int_eq(cow_buffer_free(buf, 2), 0);
	kit_calls_reset();
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(cow_file_child_write(path, MAP_SHARED, 1, &seen),
			     -1, EINVAL);
	mapped = kit_last_mmap();
	ck_assert_ptr_nonnull(mapped);
	file_map = mapped->result;
	munmap(file_map, 100);
	ck_assert_no_children();
}
