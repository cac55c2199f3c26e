/*
 * Tests of lab 01, file mapping.  Each test builds its own files in its
 * scratch directory, calls the student's function, and checks both the
 * result and how it was obtained (calls made, mappings left behind).
 */
#include "kit.h"
#include "filemap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* --- fm_count_byte ------------------------------------------------------ */

KIT_TEST(count_small_file, .points = 2,
	 .desc = "fm_count_byte counts the newlines of a small text file",
	 .hint = "Map the file with mmap, then loop over it like an array.")
{
	const char *path = kit_file_with("poem.txt", "one\ntwo\nthree\n", 14);

	ck_assert_int_eq(fm_count_byte(path, '\n'), 3);
	ck_assert_int_eq(fm_count_byte(path, 'o'), 2);
}

KIT_TEST(count_without_read, .points = 2,
	 .desc = "fm_count_byte maps the file instead of calling read()",
	 .hint = "The point of the lab: no read(), pread() or lseek(); mmap the "
		 "file and let page faults bring its pages in.")
{
	off_t size = 3 * (off_t)kit_page_size() + 17;
	const char *path = kit_file_pattern("data.bin", size);

	kit_calls_reset();
	ck_assert_int_eq(fm_count_byte(path, 5), kit_pattern_count(size, 5));
	ck_assert_calls(mmap, 1);
	ck_assert_not_called(read);
	ck_assert_not_called(pread);
	ck_assert_msg(kit_last_mmap()->prot == PROT_READ,
		      "the file is only read: map it with PROT_READ alone");
}

KIT_TEST(count_empty_file,
	 .desc = "fm_count_byte returns 0 for an empty file, not an error",
	 .hint = "mmap refuses a length of 0 (EINVAL): check the size that "
		 "fstat gives before mapping.")
{
	const char *path = kit_file_with("empty", "", 0);

	errno = 0;
	ck_assert_int_eq(fm_count_byte(path, 'x'), 0);
}

KIT_TEST(count_partial_last_page, .points = 2,
	 .desc = "fm_count_byte reads exactly size bytes when the size is not a "
		 "multiple of the page size",
	 .hint = "The last page is filled with zeros past the end of the file: "
		 "count up to st_size, not up to the end of the page.")
{
	off_t size = 2 * (off_t)kit_page_size() + 123;
	const char *path = kit_file_pattern("odd.bin", size);

	/* Byte 0 is the fill of the last page: counting it past EOF is wrong. */
	ck_assert_int_eq(fm_count_byte(path, 0), kit_pattern_count(size, 0));
	ck_assert_int_eq(fm_count_byte(path, 42), kit_pattern_count(size, 42));
}

KIT_TEST(count_large_sparse_file, .points = 2, .timeout = 20,
	 .desc = "fm_count_byte counts every page of a 32 MiB (sparse) file",
	 .hint = "Map the whole file, as long as fstat says (an off_t), and loop "
		 "over all of it with a size_t index: no fixed-size window.")
{
	/* 8192 pages: far past any buffer, and quick to fault in from holes. */
	off_t size = 32L << 20;
	const char *path = kit_file_sparse("big.bin", size);
	long nonzero = 0;

	/* The sparse file holds pattern bytes every 256 pages, zeros elsewhere. */
	for (off_t at = 0; at < size; at += 256 * (off_t)kit_page_size())
		nonzero += kit_pattern_byte(at) != 0;
	ck_assert_int_eq(fm_count_byte(path, 0), (long)size - nonzero);
}

KIT_TEST(count_leaves_nothing_behind, .points = 2,
	 .desc = "fm_count_byte unmaps the file and closes its descriptor",
	 .hint = "Every mmap needs its munmap and every open its close, on the "
		 "success path and on every error path.")
{
	const char *path = kit_file_pattern("data.bin", 5 * (off_t)kit_page_size());
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	ck_assert_int_eq(fm_count_byte(path, 9), kit_pattern_count(5 * (off_t)kit_page_size(), 9));
	ck_assert_no_leaks(&before);
}

KIT_TEST(count_missing_file,
	 .desc = "fm_count_byte reports a missing file with -1 and errno ENOENT",
	 .hint = "Return -1 as soon as open() fails; errno is already set.")
{
	errno = 0;
	ck_assert_int_eq(fm_count_byte(kit_path("no-such-file"), 'a'), -1);
	ck_assert_errno(ENOENT);
}

KIT_TEST(count_mmap_failure, .points = 2,
	 .desc = "when mmap fails, fm_count_byte returns -1 with mmap's errno and "
		 "closes the file",
	 .hint = "Check mmap's result against MAP_FAILED (not NULL) and close "
		 "the descriptor before returning.")
{
	const char *path = kit_file_pattern("data.bin", 1000);
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	errno = 0;
	ck_assert_int_eq(fm_count_byte(path, 1), -1);
	ck_assert_errno(ENOMEM);
	ck_assert_no_leaks(&before);
}

/* --- fm_view ------------------------------------------------------------ */

KIT_TEST(view_shows_the_file, .points = 2,
	 .desc = "fm_view_open gives the file's bytes and size; fm_view_close "
		 "unmaps them",
	 .hint = "The view's data is the address mmap returned.")
{
	size_t page = kit_page_size();
	const char *path = kit_file_pattern("data.bin", (off_t)(2 * page + 5));
	struct fm_view view = { 0 };
	const unsigned char *data;

	ck_assert_int_eq(fm_view_open(&view, path), 0);
	ck_assert_uint_eq(view.size, 2 * page + 5);
	for (size_t i = 0; i < view.size; i++)
		ck_assert_msg(view.data[i] == kit_pattern_byte((off_t)i),
			      "byte %zu of the view differs from the file", i);
	data = view.data;
	ck_assert_int_eq(fm_view_close(&view), 0);
	ck_assert_msg(!kit_is_mapped(data, 1),
		      "the view is still mapped after fm_view_close");
}

KIT_TEST(view_is_read_only, .points = 2, .faults = 1,
	 .desc = "writing into a view faults with SIGSEGV (SEGV_ACCERR) at the "
		 "written address",
	 .hint = "Map with PROT_READ only: the MMU then refuses writes, and the "
		 "kernel reports an access error on a mapped page.")
{
	size_t page = kit_page_size();
	const char *path = kit_file_pattern("data.bin", (off_t)(3 * page));
	struct fm_view view = { 0 };
	unsigned char *p;

	ck_assert_int_eq(fm_view_open(&view, path), 0);
	p = (unsigned char *)view.data;
	ck_assert_no_fault(kit_touch_read(p + page + 7));
	ck_assert_fault(kit_touch_write(p + page + 7, 1), SIGSEGV, SEGV_ACCERR,
			p + page + 7);
	ck_assert_fault(kit_touch_write(p, 1), SIGSEGV, SEGV_ACCERR, p);
	fm_view_close(&view);
}

/* --- fm_window ---------------------------------------------------------- */

KIT_TEST(window_unaligned_offset, .points = 2,
	 .desc = "fm_window_map shows the right bytes from an offset that is "
		 "not a multiple of the page size",
	 .hint = "Round the offset down to a page boundary for mmap, then add "
		 "the remainder (offset % page) to the address it returns.")
{
	off_t page = (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", 4 * page);
	int fd = open(path, O_RDONLY);
	struct fm_window win = { 0 };
	off_t offset = page + 100;

	ck_assert_int_ge(fd, 0);
	kit_calls_reset();
	ck_assert_int_eq(fm_window_map(&win, fd, offset, 300, 0), 0);
	ck_assert_msg(kit_last_mmap()->offset % page == 0,
		      "mmap was called with offset %jd, not a page multiple",
		      (intmax_t)kit_last_mmap()->offset);
	for (size_t i = 0; i < 300; i++)
		ck_assert_msg(win.data[i] == kit_pattern_byte(offset + (off_t)i),
			      "window byte %zu differs from file byte %jd", i,
			      (intmax_t)(offset + (off_t)i));
	ck_assert_int_eq(fm_window_unmap(&win), 0);
	close(fd);
}

KIT_TEST(window_across_pages, .points = 2,
	 .desc = "a window that straddles a page boundary maps both pages and "
		 "unmaps them all",
	 .hint = "Map delta + len bytes; munmap the address mmap returned, with "
		 "the length you mapped.")
{
	off_t page = (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", 4 * page);
	int fd = open(path, O_RDONLY);
	struct fm_window win = { 0 };
	struct kit_snapshot before;

	ck_assert_int_ge(fd, 0);
	kit_snapshot_take(&before);
	ck_assert_int_eq(fm_window_map(&win, fd, 3 * page - 10, 20, 0), 0);
	for (size_t i = 0; i < 20; i++)
		ck_assert_int_eq(win.data[i], kit_pattern_byte(3 * page - 10 + (off_t)i));
	ck_assert_int_eq(fm_window_unmap(&win), 0);
	ck_assert_no_leaks(&before);
	close(fd);
}

KIT_TEST(window_writable_needs_rdwr, .points = 2,
	 .desc = "a writable window on a read-only descriptor fails with EACCES "
		 "and maps nothing",
	 .hint = "A shared writable mapping needs a descriptor opened O_RDWR; "
		 "pass mmap's failure on, errno and all.")
{
	off_t page = (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", 2 * page);
	int fd = open(path, O_RDONLY);
	struct fm_window win = { 0 };
	struct kit_snapshot before;

	ck_assert_int_ge(fd, 0);
	kit_snapshot_take(&before);
	errno = 0;
	ck_assert_int_eq(fm_window_map(&win, fd, 10, 100, 1), -1);
	ck_assert_errno(EACCES);
	ck_assert_no_leaks(&before);
	close(fd);
}

/* --- writing through mappings ------------------------------------------ */

KIT_TEST(replace_in_place, .points = 3,
	 .desc = "fm_replace_byte edits the file through a MAP_SHARED mapping "
		 "and msyncs it",
	 .hint = "MAP_SHARED writes go to the page cache, hence to the file; "
		 "msync(MS_SYNC) waits until they are written back.")
{
	off_t size = 2 * (off_t)kit_page_size() + 999;
	const char *path = kit_file_pattern("data.bin", size);
	long expected = kit_pattern_count(size, 3);
	unsigned char *after;
	size_t len;

	kit_calls_reset();
	ck_assert_int_eq(fm_replace_byte(path, 3, 200), expected);
	ck_assert_int_eq(kit_mmap_calls_with(MAP_SHARED), 1);
	ck_assert_msg(kit_calls(KIT_msync) >= 1, "msync was never called");
	ck_assert_not_called(write);
	ck_assert_not_called(pwrite);
	after = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(after);
	ck_assert_uint_eq(len, (size_t)size);
	for (off_t i = 0; i < size; i++) {
		unsigned char want = kit_pattern_byte(i) == 3 ? 200 : kit_pattern_byte(i);

		ck_assert_msg(after[i] == want, "file byte %jd is %u, expected %u",
			      (intmax_t)i, after[i], want);
	}
	free(after);
}

KIT_TEST(copy_file, .points = 3,
	 .desc = "fm_copy copies a file of 3.5 pages through two mappings",
	 .hint = "A mapping cannot grow a file: ftruncate the destination to the "
		 "source's size before mapping it.")
{
	off_t size = 7 * (off_t)kit_page_size() / 2;
	const char *src = kit_file_pattern("src.bin", size);
	const char *dst = kit_path("dst.bin");
	unsigned char *copy;
	size_t len;

	kit_calls_reset();
	ck_assert_int_eq(fm_copy(src, dst), 0);
	ck_assert_calls(ftruncate, 1);
	ck_assert_not_called(read);
	ck_assert_not_called(write);
	copy = kit_slurp(dst, &len);
	ck_assert_ptr_nonnull(copy);
	ck_assert_uint_eq(len, (size_t)size);
	for (off_t i = 0; i < size; i++)
		ck_assert_msg(copy[i] == kit_pattern_byte(i), "byte %jd differs",
			      (intmax_t)i);
	free(copy);
}

KIT_TEST(copy_empty_file,
	 .desc = "fm_copy of an empty file creates an empty destination",
	 .hint = "Nothing to map: create and truncate the destination, map "
		 "nothing.")
{
	const char *src = kit_file_with("empty", "", 0);
	const char *dst = kit_file_with("dst.bin", "old content", 11);
	unsigned char *copy;
	size_t len = 99;

	ck_assert_int_eq(fm_copy(src, dst), 0);
	copy = kit_slurp(dst, &len);
	ck_assert_ptr_nonnull(copy);
	ck_assert_uint_eq(len, 0);
	free(copy);
}

KIT_TEST(private_writes_stay_private, .points = 3,
	 .desc = "writes into fm_private_open's copy are visible in memory but "
		 "never reach the file",
	 .hint = "MAP_PRIVATE: copy on write.  A read-only descriptor is enough "
		 "for a private writable mapping.")
{
	off_t size = 2 * (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", size);
	unsigned char *file;
	size_t len, size_seen = 0;
	unsigned char *copy;

	kit_calls_reset();
	copy = fm_private_open(path, &size_seen);
	ck_assert_ptr_nonnull(copy);
	ck_assert_uint_eq(size_seen, (size_t)size);
	ck_assert_int_eq(kit_mmap_calls_with(MAP_PRIVATE), 1);
	memset(copy, 0xAB, (size_t)size);
	ck_assert_int_eq(copy[size - 1], 0xAB);
	file = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(file);
	for (off_t i = 0; i < size; i++)
		ck_assert_msg(file[i] == kit_pattern_byte(i),
			      "file byte %jd changed: the write reached the file",
			      (intmax_t)i);
	free(file);
	ck_assert_int_eq(fm_private_close(copy, (size_t)size), 0);
}
