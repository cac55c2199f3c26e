/*
 * Tests of lab 06, SIGBUS and the size of a file.  Most tests map more
 * pages than a file holds, or shrink a file under a mapping, then probe
 * addresses: the probes check the signal, its si_code and the address.
 */
#include "kit.h"
#include "eofmap.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static size_t page(void)
{
	return kit_page_size();
}

/* Is SIGBUS's action the one BEFORE describes? */
static int same_sigbus_action(const struct sigaction *before)
{
	struct sigaction now;

	if (sigaction(SIGBUS, NULL, &now) != 0)
		return 0;
	if ((now.sa_flags & SA_SIGINFO) != (before->sa_flags & SA_SIGINFO))
		return 0;
	if (now.sa_flags & SA_SIGINFO)
		return now.sa_sigaction == before->sa_sigaction;
	return now.sa_handler == before->sa_handler;
}

/* Bytes [from, to) of MAP are the kit's pattern, shifted by SHIFT. */
static void assert_pattern(const unsigned char *map, size_t from, size_t to,
			   off_t shift)
{
	for (size_t i = from; i < to; i++)
		ck_assert_msg(map[i] == kit_pattern_byte(shift + (off_t)i),
			      _("byte %zu is %u, the file holds %u there"), i,
			      map[i], kit_pattern_byte(shift + (off_t)i));
}

static void assert_zeros(const unsigned char *map, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		ck_assert_msg(map[i] == 0, _("byte %zu is %u, expected 0"), i,
			      map[i]);
}

/* --- eof_zone ----------------------------------------------------------- */

KIT_TEST(zone_one_and_a_half_pages, .points = 2,
	 .desc = N_("eof_zone places the bytes of a 3-page mapping of a "
		    "1.5-page file: file, zero tail, SIGBUS page, outside"),
	 .hint = N_("The file ends in the middle of page 1: the rest of page 1 "
		    "is the tail, page 2 lies wholly past EOF, and byte 3 * "
		    "page is past the mapping."))
{
	size_t p = page();
	off_t size = (off_t)(p + p / 2);

	ck_assert_int_eq(eof_zone(size, 0, 3 * p, 0), EOF_ZONE_FILE);
	ck_assert_int_eq(eof_zone(size, 0, 3 * p, p + p / 2 - 1), EOF_ZONE_FILE);
	ck_assert_int_eq(eof_zone(size, 0, 3 * p, p + p / 2), EOF_ZONE_TAIL);
	ck_assert_int_eq(eof_zone(size, 0, 3 * p, 2 * p - 1), EOF_ZONE_TAIL);
	ck_assert_int_eq(eof_zone(size, 0, 3 * p, 2 * p), EOF_ZONE_SIGBUS);
	ck_assert_int_eq(eof_zone(size, 0, 3 * p, 3 * p - 1), EOF_ZONE_SIGBUS);
	ck_assert_int_eq(eof_zone(size, 0, 3 * p, 3 * p), EOF_ZONE_OUTSIDE);
}

KIT_TEST(zone_offsets_and_odd_lengths, .points = 2,
	 .desc = N_("eof_zone handles a file offset, a length that is not a "
		    "page multiple, an empty file, a mapping that starts at "
		    "EOF and files that end just after or exactly on a page "
		    "boundary"),
	 .hint = N_("Work in file offsets (OFFSET + INDEX) against FILE_SIZE, "
		    "and in whole pages for the mapping: mmap rounds its "
		    "length up."))
{
	size_t p = page();
	off_t P = (off_t)p;

	/* 2 * page + 1 bytes: mmap maps 3 whole pages. */
	ck_assert_int_eq(eof_zone(10 * P, 0, 2 * p + 1, 3 * p - 1), EOF_ZONE_FILE);
	ck_assert_int_eq(eof_zone(10 * P, 0, 2 * p + 1, 3 * p), EOF_ZONE_OUTSIDE);
	/* From page 2 of a 2.5-page file: the mapping's page 0 holds EOF. */
	ck_assert_int_eq(eof_zone(2 * P + P / 2, 2 * P, 2 * p, p / 2 - 1), EOF_ZONE_FILE);
	ck_assert_int_eq(eof_zone(2 * P + P / 2, 2 * P, 2 * p, p / 2), EOF_ZONE_TAIL);
	ck_assert_int_eq(eof_zone(2 * P + P / 2, 2 * P, 2 * p, p), EOF_ZONE_SIGBUS);
	/* A mapping that starts past EOF has no valid byte at all. */
	ck_assert_int_eq(eof_zone(3 * P, 4 * P, p, 0), EOF_ZONE_SIGBUS);
	ck_assert_int_eq(eof_zone(0, 0, p, 0), EOF_ZONE_SIGBUS);
	/* A mapping that starts exactly at EOF: no tail either. */
	ck_assert_int_eq(eof_zone(2 * P, 2 * P, 1, 0), EOF_ZONE_SIGBUS);
	ck_assert_int_eq(eof_zone(2 * P, 2 * P, 1, p - 1), EOF_ZONE_SIGBUS);
	ck_assert_int_eq(eof_zone(2 * P, 2 * P, 1, p), EOF_ZONE_OUTSIDE);
	/* One byte in the last page: the rest of that page is the tail. */
	ck_assert_int_eq(eof_zone(P + 1, 0, 2 * p, p), EOF_ZONE_FILE);
	ck_assert_int_eq(eof_zone(P + 1, 0, 2 * p, p + 1), EOF_ZONE_TAIL);
	ck_assert_int_eq(eof_zone(P + 1, 0, 2 * p, 2 * p - 1), EOF_ZONE_TAIL);
	/* A file that fills its last page has no tail. */
	ck_assert_int_eq(eof_zone(2 * P, 0, 3 * p, 2 * p - 1), EOF_ZONE_FILE);
	ck_assert_int_eq(eof_zone(2 * P, 0, 3 * p, 2 * p), EOF_ZONE_SIGBUS);
}

KIT_TEST(zone_rejects_bad_arguments,
	 .desc = N_("eof_zone returns -1 with EINVAL for an unaligned or "
		    "negative offset, a length of 0 or a negative size"),
	 .hint = N_("These are the arguments mmap itself would refuse: check "
		    "them first and set errno = EINVAL."))
{
	size_t p = page();

	errno = 0;
	ck_assert_int_eq(eof_zone(10 * (off_t)p, 100, p, 0), -1);
	ck_assert_errno(EINVAL);
	errno = 0;
	ck_assert_int_eq(eof_zone(10 * (off_t)p, -(off_t)p, p, 0), -1);
	ck_assert_errno(EINVAL);
	errno = 0;
	ck_assert_int_eq(eof_zone(10 * (off_t)p, 0, 0, 0), -1);
	ck_assert_errno(EINVAL);
	errno = 0;
	ck_assert_int_eq(eof_zone(-1, 0, p, 0), -1);
	ck_assert_errno(EINVAL);
}

/*
 * What the kernel does at byte INDEX of MAP, a shared mapping of FD from
 * OFFSET: SIGBUS if a read faults there; else write a marker and ask the
 * file, through pread, whether the byte is one of its own.
 */
static int observed_zone(unsigned char *map, int fd, off_t offset, size_t index)
{
	struct kit_fault f;
	unsigned char back = 0;

	KIT_PROBE(f, kit_touch_read(map + index));
	if (f.signo != 0) {
		ck_assert_msg(kit_fault_mismatch(&f, SIGBUS, BUS_ADRERR,
						 map + index) == NULL,
			      _("reading byte %zu: %s"), index,
			      kit_fault_mismatch(&f, SIGBUS, BUS_ADRERR, map + index));
		return EOF_ZONE_SIGBUS;
	}
	map[index] = 0xA5;
	if (pread(fd, &back, 1, offset + (off_t)index) == 1 && back == 0xA5)
		return EOF_ZONE_FILE;
	return EOF_ZONE_TAIL;
}

KIT_TEST(zone_agrees_with_the_kernel, .points = 2, .faults = 1,
	 .desc = N_("eof_zone predicts what the kernel does at every page edge "
		    "of real mappings"),
	 .hint = N_("If this fails while zone_one_and_a_half_pages and "
		    "zone_offsets_and_odd_lengths pass, look at the page that "
		    "holds EOF: its end is FILE_SIZE rounded up to a page."))
{
	size_t p = page();
	off_t size = 3 * (off_t)p + (off_t)p / 3;
	const char *path = kit_file_pattern("data.bin", size);
	int fd = open(path, O_RDWR);
	static const off_t offsets[] = { 0, 2, 3, 4 };

	ck_assert_int_ge(fd, 0);
	for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
		off_t offset = offsets[k] * (off_t)p;
		size_t len = 2 * p;
		unsigned char *map = mmap(NULL, len, PROT_READ | PROT_WRITE,
					  MAP_SHARED, fd, offset);
		size_t probes[] = { 0, p / 3 - 1, p / 3, p - 1, p, p + p / 3,
				    2 * p - 1 };

		ck_assert_ptr_ne(map, MAP_FAILED);
		for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
			int want = observed_zone(map, fd, offset, probes[i]);

			ck_assert_msg(eof_zone(size, offset, len, probes[i]) == want,
				      _("file of %jd bytes mapped from %jd: "
					"byte %zu is in zone %d, eof_zone "
					"says %d"),
				      (intmax_t)size, (intmax_t)offset, probes[i], want,
				      eof_zone(size, offset, len, probes[i]));
		}
		munmap(map, len);
	}
	close(fd);
}

/* --- eof_map_pages ------------------------------------------------------ */

KIT_TEST(map_pages_file_then_zeros, .points = 2,
	 .desc = N_("eof_map_pages maps 3 pages of a 1.5-page file: the file's "
		    "bytes, then zeros up to the end of page 1"),
	 .hint = N_("One mmap of npages * page bytes, MAP_SHARED, PROT_READ | "
		    "PROT_WRITE, from offset 0; close the descriptor "
		    "afterwards.  The kernel fills the rest of the last page "
		    "with zeros."))
{
	size_t p = page();
	size_t size = p + p / 2;
	const char *path = kit_file_pattern("data.bin", (off_t)size);
	const struct kit_mmap_args *args;
	struct kit_snapshot before;
	unsigned char *map;

	kit_snapshot_take(&before);
	kit_calls_reset();
	map = eof_map_pages(path, 3);
	ck_assert_ptr_nonnull(map);
	ck_assert_calls(mmap, 1);
	args = kit_last_mmap();
	ck_assert_uint_eq(args->length, 3 * p);
	ck_assert_int_eq(args->prot, PROT_READ | PROT_WRITE);
	ck_assert_msg(args->flags & MAP_SHARED,
		      _("map the file with MAP_SHARED"));
	ck_assert_int_eq(args->offset, 0);
	ck_assert_no_fd_leak(&before);
	assert_pattern(map, 0, size, 0);
	assert_zeros(map, size, 2 * p);
	eof_unmap_pages(map, 3);
}

KIT_TEST(tail_writes_never_reach_the_file, .points = 2,
	 .desc = N_("a write before EOF reaches the file; a write in the zero "
		    "tail changes neither its content nor its size"),
	 .hint = N_("Both writes land in the same page of the page cache, but "
		    "the file's size says where it ends: nothing past it is "
		    "ever written back.  Is your mapping MAP_SHARED?"))
{
	size_t p = page();
	size_t size = p + p / 2;
	const char *path = kit_file_pattern("data.bin", (off_t)size);
	unsigned char *map = eof_map_pages(path, 3);
	unsigned char *file;
	size_t len;

	ck_assert_ptr_nonnull(map);
	map[10] = 0xEE;
	map[size] = 0xEE;
	map[2 * p - 1] = 0xEE;
	ck_assert_int_eq(eof_unmap_pages(map, 3), 0);
	file = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(file);
	ck_assert_uint_eq(len, size);
	ck_assert_int_eq(file[10], 0xEE);
	assert_pattern(file, 0, 10, 0);
	assert_pattern(file, 11, size, 0);
	free(file);
}

KIT_TEST(page_past_eof_raises_sigbus, .points = 2, .faults = 1,
	 .desc = N_("in a 3-page mapping of a 1.5-page file, any access to "
		    "page 2 raises SIGBUS (BUS_ADRERR) at the address touched"),
	 .hint = N_("mmap accepted 3 pages, but page 2 has no file behind it: "
		    "the kernel cannot fill it, so the access fails with "
		    "SIGBUS, not SIGSEGV."))
{
	size_t p = page();
	const char *path = kit_file_pattern("data.bin", (off_t)(p + p / 2));
	unsigned char *map = eof_map_pages(path, 3);

	ck_assert_ptr_nonnull(map);
	ck_assert_no_fault(kit_touch_read(map + 2 * p - 1));
	ck_assert_fault(kit_touch_read(map + 2 * p), SIGBUS, BUS_ADRERR,
			map + 2 * p);
	ck_assert_fault(kit_touch_write(map + 2 * p + p / 3, 1), SIGBUS,
			BUS_ADRERR, map + 2 * p + p / 3);
	ck_assert_fault(kit_touch_read(map + 3 * p - 1), SIGBUS, BUS_ADRERR,
			map + 3 * p - 1);
	eof_unmap_pages(map, 3);
}

KIT_TEST(unmap_pages_leaves_nothing,
	 .desc = N_("eof_unmap_pages unmaps every page eof_map_pages mapped, "
		    "leaving nothing behind, and reports a failed munmap"),
	 .hint = N_("munmap the same address and the same npages * page "
		    "length, and return what munmap returns."))
{
	size_t p = page();
	const char *path = kit_file_pattern("data.bin", (off_t)p / 2);
	struct kit_snapshot before;
	unsigned char *map;

	kit_snapshot_take(&before);
	map = eof_map_pages(path, 4);
	ck_assert_ptr_nonnull(map);
	ck_assert_msg(kit_is_mapped(map, 4 * p), _("4 pages should be mapped"));
	ck_assert_int_eq(eof_unmap_pages(map, 4), 0);
	ck_assert_msg(kit_file_mappings(path) == 0,
		      _("the file is still mapped after eof_unmap_pages"));
	ck_assert_unmapped(map, 4 * p);
	ck_assert_no_leaks(&before);

	/* A failed munmap is reported with its errno. */
	map = eof_map_pages(path, 2);
	ck_assert_ptr_nonnull(map);
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(eof_unmap_pages(map, 2), -1, EINVAL);
	munmap(map, 2 * p);
}

KIT_TEST(map_pages_errors, .points = 2,
	 .desc = N_("eof_map_pages fails with ENOENT for a missing file, "
		    "EISDIR for a directory, EINVAL for 0 pages, ENOMEM for a "
		    "page count that overflows, and mmap's errno, leaving "
		    "nothing open"),
	 .hint = N_("Refuse 0 pages (EINVAL) and npages > SIZE_MAX / page "
		    "(ENOMEM) yourself; pass open's and mmap's errno on, and "
		    "close the descriptor when mmap fails (compare with "
		    "MAP_FAILED, not NULL)."))
{
	size_t p = page();
	const char *path = kit_file_pattern("data.bin", 100);
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	ck_assert_fails_with(eof_map_pages(kit_path("missing"), 1), 0, ENOENT);
	ck_assert_fails_with(eof_map_pages(kit_scratch_dir(), 1), 0, EISDIR);
	ck_assert_fails_with(eof_map_pages(path, 0), 0, EINVAL);
	ck_assert_fails_with(eof_map_pages(path, SIZE_MAX / p + 2), 0, ENOMEM);
	ck_assert_no_leaks(&before);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(eof_map_pages(path, 1), 0, ENOMEM);
	ck_assert_no_leaks(&before);
	ck_assert_int_eq(kit_file_mappings(path), 0);
}

/*
 * eof_copy_checked reported FAULT: it must be si_addr, an address in the
 * page at PAGE_START (memcpy may touch a page at any byte first).
 */
static void assert_fault_in_page(const void *fault, const unsigned char *start)
{
	ck_assert_msg((const unsigned char *)fault >= start &&
		      (const unsigned char *)fault < start + page(),
		      _("the fault should be reported in the page at %p (up to "
			"%p), not at %p"), (const void *)start,
		      (const void *)(start + page()), fault);
}

/* --- eof_copy_checked and shrinking files ------------------------------- */

KIT_TEST(copy_checked_whole_mapping, .points = 2,
	 .desc = N_("eof_copy_checked copies a sound mapping whole, from an "
		    "unaligned address, and leaves the SIGBUS action as it "
		    "was; LEN 0 copies nothing; a failed sigaction gives -1"),
	 .hint = N_("With no fault, return LEN and set *fault to NULL.  Save "
		    "the old action with sigaction's third argument; restore "
		    "it.  If sigaction fails, return -1 before copying "
		    "anything."))
{
	size_t p = page();
	const char *path = kit_file_pattern("data.bin", (off_t)(3 * p));
	unsigned char *map = eof_map_pages(path, 3);
	unsigned char *buf = malloc(2 * p);
	struct sigaction before;
	void *fault = &before;

	ck_assert_ptr_nonnull(map);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(sigaction(SIGBUS, NULL, &before), 0);
	ck_assert_int_eq(eof_copy_checked(buf, map + 100, 2 * p, &fault),
			 (ssize_t)(2 * p));
	ck_assert_ptr_null(fault);
	assert_pattern(buf, 0, 2 * p, 100);
	ck_assert_msg(same_sigbus_action(&before),
		      _("the SIGBUS action was not restored"));

	/* Nothing to copy: 0, and no fault. */
	fault = &before;
	ck_assert_int_eq(eof_copy_checked(buf, map, 0, &fault), 0);
	ck_assert_ptr_null(fault);

	/* sigaction fails: -1 with its errno, the action is unchanged. */
	kit_fail_nth(KIT_sigaction, 1, EINVAL);
	ck_assert_fails_with(eof_copy_checked(buf, map, p, &fault), -1, EINVAL);
	ck_assert_msg(same_sigbus_action(&before),
		      _("a failed eof_copy_checked changed the SIGBUS action"));
	free(buf);
	eof_unmap_pages(map, 3);
}

KIT_TEST(copy_checked_stops_at_sigbus, .points = 3, .faults = 1,
	 .desc = N_("after the file shrinks to 1.5 pages, eof_copy_checked "
		    "copies 2 pages, reports the fault in page 2 and survives "
		    "it"),
	 .hint = N_("A handler installed with SA_SIGINFO notes si_addr and "
		    "siglongjmp()s back to a sigsetjmp in the copy.  Copy page "
		    "by page and count only whole pages done."))
{
	size_t p = page();
	const char *path = kit_file_pattern("data.bin", (off_t)(4 * p));
	unsigned char *map = eof_map_pages(path, 4);
	unsigned char *buf = malloc(4 * p);
	struct sigaction before;
	void *fault = NULL;

	ck_assert_ptr_nonnull(map);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(sigaction(SIGBUS, NULL, &before), 0);
	ck_assert_int_eq(truncate(path, (off_t)(p + p / 2)), 0);

	memset(buf, 0x5A, 4 * p);
	ck_assert_int_eq(eof_copy_checked(buf, map, 4 * p, &fault),
			 (ssize_t)(2 * p));
	assert_fault_in_page(fault, map + 2 * p);
	assert_pattern(buf, 0, p + p / 2, 0);
	assert_zeros(buf, p + p / 2, 2 * p);
	ck_assert_msg(same_sigbus_action(&before),
		      _("the SIGBUS action was not restored after a fault"));

	/* From the middle of page 1: only the rest of page 1 is readable. */
	ck_assert_int_eq(eof_copy_checked(buf, map + p + 7, 3 * p - 7, &fault),
			 (ssize_t)(p - 7));
	assert_fault_in_page(fault, map + 2 * p);
	assert_pattern(buf, 0, p / 2 - 7, (off_t)p + 7);

	/* From page 3, past EOF: nothing at all. */
	ck_assert_int_eq(eof_copy_checked(buf, map + 3 * p + 1, 10, &fault), 0);
	assert_fault_in_page(fault, map + 3 * p);
	ck_assert_msg(same_sigbus_action(&before),
		      _("the SIGBUS action was not restored after a fault"));
	free(buf);
	eof_unmap_pages(map, 4);
}

KIT_TEST(copy_checked_lets_sigsegv_kill, .points = 1, .faults = 1,
	 .desc = N_("eof_copy_checked catches SIGBUS only: copying from a "
		    "PROT_NONE page still dies of SIGSEGV"),
	 .hint = N_("Install your handler for SIGBUS alone: a SIGSEGV is a bug "
		    "of the caller, not a file that shrank."))
{
	size_t p = page();
	unsigned char *none = mmap(NULL, p, PROT_NONE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char buf[64];
	int status = 0;
	pid_t child;

	ck_assert_ptr_ne(none, MAP_FAILED);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		void *fault = NULL;
		struct rlimit no_core = { 0, 0 };

		setrlimit(RLIMIT_CORE, &no_core);
		signal(SIGSEGV, SIG_DFL);
		signal(SIGALRM, SIG_DFL);
		alarm(2);
		eof_copy_checked(buf, none + 5, sizeof buf, &fault);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
		      WIFSIGNALED(status)
		      ? _("copying from a PROT_NONE page should die of "
			  "SIGSEGV; the process died of signal %d")
		      : _("copying from a PROT_NONE page should die of "
			  "SIGSEGV; the process exited with status %d"),
		      WIFSIGNALED(status) ? WTERMSIG(status)
					  : WEXITSTATUS(status));
	munmap(none, p);
}

KIT_TEST(truncate_turns_valid_into_sigbus, .points = 2, .faults = 1,
	 .desc = N_("once the file shrinks under the mapping, bytes that were "
		    "valid read 0 (tail) or raise SIGBUS (pages past EOF)"),
	 .hint = N_("mmap checked nothing about the size, and keeps checking "
		    "nothing: each access is judged against the size the file "
		    "has at that moment."))
{
	size_t p = page();
	const char *path = kit_file_pattern("data.bin", (off_t)(4 * p));
	unsigned char *map = eof_map_pages(path, 4);
	int fd = open(path, O_RDWR);

	ck_assert_ptr_nonnull(map);
	ck_assert_int_ge(fd, 0);
	ck_assert_no_fault(kit_touch_read(map + 3 * p));
	ck_assert_int_eq(ftruncate(fd, (off_t)(p + p / 2)), 0);
	assert_pattern(map, 0, p + p / 2, 0);
	assert_zeros(map, p + p / 2, 2 * p);
	ck_assert_fault(kit_touch_read(map + 2 * p), SIGBUS, BUS_ADRERR,
			map + 2 * p);
	ck_assert_fault(kit_touch_write(map + 3 * p + 7, 1), SIGBUS, BUS_ADRERR,
			map + 3 * p + 7);
	close(fd);
	eof_unmap_pages(map, 4);
}

KIT_TEST(grow_makes_them_valid_again, .points = 2,
	 .desc = N_("shrink the file to 1 page then grow it back to 4: the "
		    "pages read as zeros, and writes there reach the file "
		    "again"),
	 .hint = N_("ftruncate to a larger size adds a hole that reads as "
		    "zeros; the old content was dropped when the file shrank."))
{
	size_t p = page();
	const char *path = kit_file_pattern("data.bin", (off_t)(4 * p));
	unsigned char *map = eof_map_pages(path, 4);
	int fd = open(path, O_RDWR);
	unsigned char back = 0;

	ck_assert_ptr_nonnull(map);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)p), 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)(4 * p)), 0);
	assert_pattern(map, 0, p, 0);
	assert_zeros(map, p, 4 * p);
	map[3 * p + 1] = 0x77;
	ck_assert_int_eq(pread(fd, &back, 1, (off_t)(3 * p + 1)), 1);
	ck_assert_int_eq(back, 0x77);
	close(fd);
	eof_unmap_pages(map, 4);
}

/* --- eof_log ------------------------------------------------------------ */

static void append_ok(struct eof_log *log, const void *bytes, size_t len)
{
	ck_assert_msg(eof_log_append(log, bytes, len) == 0,
		      _("eof_log_append of %zu bytes failed: %s"), len,
		      strerror(errno));
}

/* The file at PATH holds exactly the LEN bytes at WANT. */
static void assert_file_is(const char *path, const void *want, size_t len)
{
	size_t got_len;
	unsigned char *got = kit_slurp(path, &got_len);

	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(got_len, len);
	ck_assert_msg(memcmp(got, want, len) == 0,
		      _("the file's content is not what was appended"));
	free(got);
}

KIT_TEST(log_appends_in_order, .points = 2,
	 .desc = N_("eof_log_open creates an empty log (mode 0644, not "
		    "mapped); appends land one after the other in the file"),
	 .hint = N_("open with O_RDWR | O_CREAT and mode 0644.  An empty file "
		    "is not mapped (DATA NULL, MAPPED 0); the first append "
		    "maps it."))
{
	const char *path = kit_path("log.txt");
	struct eof_log log;
	mode_t mask = umask(022);

	ck_assert_int_eq(eof_log_open(&log, path), 0);
	umask(mask);
	ck_assert_file_mode(path, 0644);
	ck_assert_uint_eq(log.size, 0);
	ck_assert_uint_eq(log.mapped, 0);
	ck_assert_ptr_null(log.data);
	append_ok(&log, "hello, ", 7);
	append_ok(&log, "mapped ", 7);
	append_ok(&log, "world\n", 6);
	ck_assert_uint_eq(log.size, 20);
	ck_assert_int_eq(eof_log_close(&log), 0);
	assert_file_is(path, "hello, mapped world\n", 20);
}

KIT_TEST(log_grows_the_file_exactly, .points = 2,
	 .desc = N_("each append grows the file with one ftruncate to exactly "
		    "the bytes appended, and never calls write()"),
	 .hint = N_("ftruncate(fd, size + len), then memcpy into the mapping: "
		    "the file's size is the log's size, not the mapping's."))
{
	size_t p = page();
	const size_t lens[] = { 100, p, 3 * p + 5, 1 };
	const char *path = kit_path("log.bin");
	unsigned char *want = malloc(5 * p);
	struct eof_log log;
	size_t total = 0;

	ck_assert_ptr_nonnull(want);
	for (size_t i = 0; i < 5 * p; i++)
		want[i] = kit_pattern_byte((off_t)i);
	ck_assert_int_eq(eof_log_open(&log, path), 0);
	kit_calls_reset();
	for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
		append_ok(&log, want + total, lens[k]);
		total += lens[k];
		ck_assert_uint_eq(log.size, total);
		ck_assert_int_eq(kit_file_size(path), (off_t)total);
	}
	ck_assert_calls(ftruncate, 4);
	ck_assert_not_called(write);
	ck_assert_not_called(pwrite);
	ck_assert_int_eq(eof_log_close(&log), 0);
	assert_file_is(path, want, total);
	free(want);
}

KIT_TEST(log_remaps_by_doubling, .points = 2,
	 .desc = N_("1000 appends of 10 bytes remap only when the mapping is "
		    "full, doubling it each time"),
	 .hint = N_("New length: max(2 * mapped, size + len rounded up to "
		    "pages).  Remapping on every append would cost a system "
		    "call each."))
{
	size_t p = page();
	const char *path = kit_path("log.bin");
	struct eof_log log;
	size_t mapped = 0, size = 0;
	unsigned remaps = 0;
	unsigned char *want = malloc(10000);

	ck_assert_ptr_nonnull(want);
	ck_assert_int_eq(eof_log_open(&log, path), 0);
	kit_calls_reset();
	for (int k = 0; k < 1000; k++) {
		for (int i = 0; i < 10; i++)
			want[size + (size_t)i] = (unsigned char)(k + i);
		append_ok(&log, want + size, 10);
		size += 10;
		if (size > mapped) {    /* the rule of the sheet */
			size_t need = (size + p - 1) / p * p;

			mapped = need > 2 * mapped ? need : 2 * mapped;
			remaps++;
		}
	}
	ck_assert_calls(mmap, remaps);
	ck_assert_uint_eq(kit_mmap_calls_with(MAP_SHARED), remaps);
	ck_assert_uint_eq(log.mapped, mapped);
	ck_assert_msg(kit_file_mappings(path) == 1,
		      _("the file is mapped %d times: unmap the old mapping "
			"after each remap"), kit_file_mappings(path));
	ck_assert_int_eq(eof_log_close(&log), 0);
	assert_file_is(path, want, 10000);
	free(want);
}

KIT_TEST(log_keeps_existing_content, .points = 2,
	 .desc = N_("eof_log_open of a 1.5-page file maps 2 pages, of a 1-page "
		    "file 1 page, of a 100-byte file 1 page (shared and "
		    "writable: appends that fit reach the file, no remap when "
		    "they fill it exactly), and appends after the existing "
		    "bytes"),
	 .hint = N_("SIZE comes from fstat; MAPPED is SIZE rounded up to a "
		    "page multiple, mapped shared, readable and writable; "
		    "remap only when MAPPED does not cover the new size."))
{
	size_t p = page();
	size_t old = p + p / 2;
	const char *path = kit_file_pattern("log.bin", (off_t)old);
	unsigned char *want = malloc(old + p);
	struct eof_log log;

	ck_assert_ptr_nonnull(want);
	for (size_t i = 0; i < old; i++)
		want[i] = kit_pattern_byte((off_t)i);
	memset(want + old, 0xC3, p);
	ck_assert_int_eq(eof_log_open(&log, path), 0);
	ck_assert_uint_eq(log.size, old);
	ck_assert_uint_eq(log.mapped, 2 * p);
	ck_assert_ptr_nonnull(log.data);
	assert_pattern(log.data, 0, old, 0);
	append_ok(&log, want + old, p);
	ck_assert_uint_eq(log.mapped, 4 * p);
	ck_assert_int_eq(eof_log_close(&log), 0);
	assert_file_is(path, want, old + p);

	/* A file of exactly one page: one page mapped, full at once. */
	path = kit_file_pattern("page.bin", (off_t)p);
	ck_assert_int_eq(eof_log_open(&log, path), 0);
	ck_assert_uint_eq(log.size, p);
	ck_assert_uint_eq(log.mapped, p);
	assert_pattern(log.data, 0, p, 0);
	append_ok(&log, want + old, 1);
	ck_assert_uint_eq(log.mapped, 2 * p);
	ck_assert_int_eq(eof_log_close(&log), 0);
	ck_assert_int_eq(kit_file_size(path), (off_t)(p + 1));

	/* A file of 100 bytes: appends that fit in its page go through the
	 * mapping eof_log_open made (shared, writable), and one that fills
	 * the page exactly needs no new mapping. */
	path = kit_file_pattern("short.bin", 100);
	for (size_t i = 0; i < 100; i++)
		want[i] = kit_pattern_byte((off_t)i);
	memset(want + 100, 0x5A, p - 100);
	ck_assert_int_eq(eof_log_open(&log, path), 0);
	ck_assert_uint_eq(log.mapped, p);
	append_ok(&log, want + 100, 10);
	ck_assert_uint_eq(log.mapped, p);
	append_ok(&log, want + 110, p - 110);
	ck_assert_msg(log.mapped == p,
		      _("a log whose bytes fill its mapping exactly was "
			"remapped (mapped %zu, page %zu): remap only when "
			"MAPPED is less than the size needed"), log.mapped, p);
	ck_assert_int_eq(eof_log_close(&log), 0);
	assert_file_is(path, want, p);
	free(want);
}

KIT_TEST(log_maps_past_eof_safely, .points = 2, .faults = 1,
	 .desc = N_("the log's mapping outgrows its file: pages past EOF are "
		    "mapped, and raise SIGBUS if touched"),
	 .hint = N_("Mapping pages past EOF costs nothing; touching them "
		    "does.  That is why the file must grow before the copy."))
{
	size_t p = page();
	const char *path = kit_path("log.bin");
	unsigned char *bytes = calloc(1, 2 * p);
	struct eof_log log;

	ck_assert_ptr_nonnull(bytes);
	ck_assert_int_eq(eof_log_open(&log, path), 0);
	append_ok(&log, bytes, 10);     /* mapped: 1 page  */
	append_ok(&log, bytes, 2 * p);  /* mapped: 3 pages */
	append_ok(&log, bytes, p);      /* mapped: 6 pages */
	ck_assert_uint_eq(log.mapped, 6 * p);
	ck_assert_int_eq(kit_file_size(path), (off_t)(3 * p + 10));
	ck_assert_no_fault(kit_touch_read(log.data + 4 * p - 1));
	ck_assert_fault(kit_touch_read(log.data + 4 * p), SIGBUS, BUS_ADRERR,
			log.data + 4 * p);
	ck_assert_fault(kit_touch_write(log.data + 6 * p - 1, 1), SIGBUS,
			BUS_ADRERR, log.data + 6 * p - 1);
	ck_assert_int_eq(eof_log_close(&log), 0);
	free(bytes);
}

/* Has a failure injected into CALL since the reset been taken? */
static int injected(enum kit_call call)
{
	const struct kit_call_args *c = kit_last_call(call);

	return c != NULL && c->injected;
}

/*
 * eof_log_open learns the size of the file with fstat (or lseek): when
 * that call fails, it fails with the call's errno.
 */
static void assert_size_failure_reported(const char *path)
{
	struct eof_log log;
	int rc, err;

	kit_calls_reset();
	kit_fail_nth(KIT_fstat, 1, EIO);
	kit_fail_nth(KIT_lseek, 1, EIO);
	errno = 0;
	rc = eof_log_open(&log, path);
	err = errno;
	kit_fail_nth(KIT_fstat, 0, 0);
	kit_fail_nth(KIT_lseek, 0, 0);
	if (!injected(KIT_fstat) && !injected(KIT_lseek)) {
		ck_assert_int_eq(rc, 0);    /* the size came another way */
		ck_assert_int_eq(eof_log_close(&log), 0);
		return;
	}
	ck_assert_msg(rc == -1 && err == EIO,
		      _("when fstat fails with EIO, eof_log_open should "
			"return -1 with errno EIO; it returned %d, errno %d"),
		      rc, err);
}

KIT_TEST(log_open_errors, .points = 2,
	 .desc = N_("eof_log_open fails with open's errno (ENOENT, EISDIR), or "
		    "fstat's or mmap's, and leaves no descriptor and no "
		    "mapping"),
	 .hint = N_("Once open succeeded, every failure after it must close "
		    "the descriptor before returning -1, keeping the errno of "
		    "the call that failed."))
{
	size_t p = page();
	const char *path = kit_file_pattern("log.bin", (off_t)(p + p / 2));
	struct kit_snapshot before;
	struct eof_log log;

	kit_snapshot_take(&before);
	ck_assert_fails_with(eof_log_open(&log, kit_path("no/such/dir")), -1,
			     ENOENT);
	ck_assert_fails_with(eof_log_open(&log, kit_scratch_dir()), -1, EISDIR);
	assert_size_failure_reported(path);
	ck_assert_no_leaks(&before);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(eof_log_open(&log, path), -1, ENOMEM);
	ck_assert_no_leaks(&before);
	ck_assert_int_eq(kit_file_mappings(path), 0);
	ck_assert_int_eq(kit_file_size(path), (off_t)(p + p / 2));
}

KIT_TEST(log_append_nothing,
	 .desc = N_("eof_log_append of 0 bytes returns 0 and does nothing: no "
		    "mmap, no ftruncate, no change"),
	 .hint = N_("Return 0 at once when LEN is 0: there is nothing to map, "
		    "grow or copy."))
{
	const char *path = kit_path("log.txt");
	struct eof_log log;

	ck_assert_int_eq(eof_log_open(&log, path), 0);
	kit_calls_reset();
	ck_assert_int_eq(eof_log_append(&log, "", 0), 0);
	ck_assert_calls(mmap, 0);
	ck_assert_calls(ftruncate, 0);
	ck_assert_ptr_null(log.data);
	ck_assert_uint_eq(log.mapped, 0);
	append_ok(&log, "abc", 3);
	kit_calls_reset();
	ck_assert_int_eq(eof_log_append(&log, "", 0), 0);
	ck_assert_calls(mmap, 0);
	ck_assert_calls(ftruncate, 0);
	ck_assert_uint_eq(log.size, 3);
	ck_assert_int_eq(eof_log_close(&log), 0);
	assert_file_is(path, "abc", 3);
}

KIT_TEST(descriptor_zero_is_a_descriptor,
	 .desc = N_("with descriptor 0 closed, open returns 0: eof_map_pages "
		    "and eof_log_open work with it"),
	 .hint = N_("open fails with -1, and only -1: 0 is a valid descriptor "
		    "(test fd < 0 or fd == -1, never fd <= 0)."))
{
	const char *path = kit_file_pattern("data.bin", 100);
	int saved = dup(0);
	unsigned char *map;
	struct eof_log log;
	int rc, close_rc = -1;

	/* Descriptor 0 is closed only while the two calls run: the test
	 * puts it back before asserting anything. */
	close(0);
	map = eof_map_pages(path, 1);
	rc = eof_log_open(&log, path);
	if (rc == 0)
		close_rc = eof_log_close(&log);
	if (saved >= 0) {
		dup2(saved, 0);
		close(saved);
	}
	ck_assert_msg(map != NULL,
		      _("eof_map_pages failed when open gave descriptor 0"));
	ck_assert_pattern(map, 0, 100);
	ck_assert_int_eq(eof_unmap_pages(map, 1), 0);
	ck_assert_msg(rc == 0,
		      _("eof_log_open failed when open gave descriptor 0"));
	ck_assert_int_eq(close_rc, 0);
}

KIT_TEST(log_ftruncate_failure, .points = 2,
	 .desc = N_("when ftruncate fails, eof_log_append returns -1 with its "
		    "errno, appends nothing, and the log goes on working"),
	 .hint = N_("Copy only after ftruncate succeeded, and update SIZE "
		    "last."))
{
	const char *path = kit_path("log.txt");
	struct eof_log log;

	ck_assert_int_eq(eof_log_open(&log, path), 0);
	append_ok(&log, "abc", 3);
	kit_fail_nth(KIT_ftruncate, 1, EFBIG);
	errno = 0;
	ck_assert_int_eq(eof_log_append(&log, "defg", 4), -1);
	ck_assert_errno(EFBIG);
	ck_assert_uint_eq(log.size, 3);
	ck_assert_int_eq(kit_file_size(path), 3);
	append_ok(&log, "xyz", 3);
	ck_assert_int_eq(eof_log_close(&log), 0);
	assert_file_is(path, "abcxyz", 6);
}

KIT_TEST(log_mmap_failure,
	 .desc = N_("when the remap fails, eof_log_append returns -1 with "
		    "mmap's errno and the old mapping still works"),
	 .hint = N_("Map the new length first; unmap the old mapping only once "
		    "the new one exists."))
{
	size_t p = page();
	const char *path = kit_path("log.bin");
	unsigned char *bytes = malloc(p + 1);
	struct eof_log log;

	ck_assert_ptr_nonnull(bytes);
	memset(bytes, 'a', p + 1);
	ck_assert_int_eq(eof_log_open(&log, path), 0);
	append_ok(&log, bytes, p);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	errno = 0;
	ck_assert_int_eq(eof_log_append(&log, "a", 1), -1);
	ck_assert_errno(ENOMEM);
	ck_assert_uint_eq(log.size, p);
	ck_assert_uint_eq(log.mapped, p);
	ck_assert_int_eq(kit_file_size(path), (off_t)p);
	ck_assert_msg(kit_file_mappings(path) == 1,
		      _("the log should still be mapped once, it is mapped %d "
			"times"),
		      kit_file_mappings(path));
	append_ok(&log, "a", 1);
	ck_assert_int_eq(eof_log_close(&log), 0);
	assert_file_is(path, bytes, p + 1);
	free(bytes);
}

KIT_TEST(log_close_leaves_nothing, .points = 2,
	 .desc = N_("eof_log_close unmaps the log and closes its descriptor "
		    "(an empty log too); a failed munmap or close gives -1 "
		    "with its errno, and the descriptor is closed even when "
		    "munmap failed"),
	 .hint = N_("munmap(data, mapped) only if something is mapped, then "
		    "close(fd) whatever munmap gave; return -1 if either "
		    "failed."))
{
	size_t p = page();
	const char *path = kit_path("log.bin");
	unsigned char *bytes = calloc(1, 3 * p);
	struct kit_snapshot before;
	struct eof_log log;
	unsigned char *data;
	size_t mapped;
	int fd;

	ck_assert_ptr_nonnull(bytes);
	kit_snapshot_take(&before);
	ck_assert_int_eq(eof_log_open(&log, path), 0);
	append_ok(&log, bytes, 3 * p);
	append_ok(&log, bytes, 7);
	ck_assert_int_eq(kit_file_mappings(path), 1);
	ck_assert_int_eq(eof_log_close(&log), 0);
	ck_assert_msg(kit_file_mappings(path) == 0,
		      _("the file is still mapped %d time(s) after "
			"eof_log_close"),
		      kit_file_mappings(path));
	ck_assert_no_leaks(&before);

	/* An empty log was never mapped: closing it is fine. */
	ck_assert_int_eq(eof_log_open(&log, kit_path("empty.bin")), 0);
	ck_assert_int_eq(eof_log_close(&log), 0);
	ck_assert_no_leaks(&before);

	/* munmap fails: reported, and the descriptor is closed anyway. */
	ck_assert_int_eq(eof_log_open(&log, path), 0);
	data = log.data;
	mapped = log.mapped;
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(eof_log_close(&log), -1, EINVAL);
	ck_assert_no_fd_leak(&before);
	munmap(data, mapped);

	/* close fails: reported. */
	ck_assert_int_eq(eof_log_open(&log, path), 0);
	fd = log.fd;
	kit_fail_nth(KIT_close, 1, EIO);
	ck_assert_fails_with(eof_log_close(&log), -1, EIO);
	ck_assert_int_eq(kit_file_mappings(path), 0);
	close(fd);
	ck_assert_no_leaks(&before);
	free(bytes);
}
