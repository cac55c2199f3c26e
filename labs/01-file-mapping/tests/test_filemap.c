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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The flags of the last open() or openat() of PATH since kit_calls_reset(),
 * or -1 when PATH was not opened.  The path is matched by address, then by
 * content (a student may pass a copy).
 */
static long open_flags_of(const char *path)
{
	const struct kit_call_args *c;
	long flags = -1;

	for (unsigned n = 1; (c = kit_nth_call(KIT_open, n)) != NULL; n++)
		if ((const char *)c->arg[0] == path ||
		    strcmp((const char *)c->arg[0], path) == 0)
			flags = c->arg[1];
	for (unsigned n = 1; (c = kit_nth_call(KIT_openat, n)) != NULL; n++)
		if ((const char *)c->arg[1] == path ||
		    strcmp((const char *)c->arg[1], path) == 0)
			flags = c->arg[2];
	return flags;
}

/* PATH was opened since the reset, for reading only. */
#define ck_assert_opened_read_only(path)                                     \
	do {                                                                 \
		long kit_fl_ = open_flags_of(path);                          \
		ck_assert_msg(kit_fl_ != -1, _("%s was never opened"),       \
			      path);                                         \
		ck_assert_msg((kit_fl_ & O_ACCMODE) == O_RDONLY,             \
			      _("%s was opened for writing (flags %#lo): "   \
				"the file is only read, open it O_RDONLY"),  \
			      path, (unsigned long)kit_fl_);                 \
	} while (0)

/*
 * Is every page of [ADDR, ADDR+LEN) covered by a successful msync() since
 * the reset whose flags include MS_SYNC?
 */
static int msync_sync_covers(const void *addr, size_t len)
{
	size_t page = kit_page_size();

	for (size_t off = 0; off < len; off += page) {
		uintptr_t at = (uintptr_t)addr + off;
		const struct kit_call_args *c;
		int covered = 0;

		for (unsigned n = 1; (c = kit_nth_call(KIT_msync, n)) != NULL; n++)
			if ((c->arg[2] & MS_SYNC) && c->result == 0 &&
			    (uintptr_t)c->arg[0] <= at &&
			    at < (uintptr_t)c->arg[0] + (uintptr_t)c->arg[1])
				covered = 1;
		if (!covered)
			return 0;
	}
	return 1;
}

/* The mmap calls since the reset whose prot is exactly PROT (and whose
 * flags include FLAGS). */
static unsigned mmaps_with_prot(int prot, int flags)
{
	const struct kit_call_args *c;
	unsigned n = 0;

	for (unsigned k = 1; (c = kit_nth_call(KIT_mmap, k)) != NULL; k++)
		if (c->arg[2] == prot && (c->arg[3] & flags) == flags)
			n++;
	return n;
}

/* PATH holds exactly the SIZE pattern bytes, except that bytes equal to
 * FROM became TO. */
static void ck_assert_replaced(const char *path, off_t size, unsigned char from,
			       unsigned char to)
{
	size_t len;
	unsigned char *after = kit_slurp(path, &len);

	ck_assert_ptr_nonnull(after);
	ck_assert_msg(len == (size_t)size,
		      _("the file has %zu bytes, it had %jd"),
		      len, (intmax_t)size);
	for (off_t i = 0; i < size; i++) {
		unsigned char want = kit_pattern_byte(i) == from ? to
							       : kit_pattern_byte(i);

		ck_assert_msg(after[i] == want,
			      _("file byte %jd is %u, expected %u"),
			      (intmax_t)i, after[i], want);
	}
	free(after);
}

/*
 * Undoes what the failures injected since the reset left behind: a close()
 * or munmap() that failed on purpose did not reach the kernel.
 */
static void undo_injected(void)
{
	const struct kit_call_args *c;
	unsigned n = 0;

	kit_fail_nth(KIT_close, 0, 0);
	kit_fail_nth(KIT_munmap, 0, 0);
	for (unsigned k = 1; (c = kit_nth_call(KIT_close, k)) != NULL; k++)
		n += c->injected;
	for (unsigned k = 1; n > 0 && (c = kit_nth_call(KIT_close, k)) != NULL; k++)
		if (c->injected)
			close((int)c->arg[0]);
	for (unsigned k = 1; (c = kit_nth_call(KIT_munmap, k)) != NULL; k++)
		if (c->injected)
			munmap((void *)c->arg[0], (size_t)c->arg[1]);
}

/* A file of SIZE pattern bytes that nobody may write to (mode 0444). */
static const char *read_only_file(const char *name, off_t size)
{
	const char *path = kit_file_pattern(name, size);

	ck_assert_int_eq(chmod(path, 0444), 0);
	return path;
}

/* --- fm_count_byte ------------------------------------------------------ */

KIT_TEST(count_small_file, .points = 2,
	 .desc = N_("fm_count_byte counts the newlines of a small text file"),
	 .hint = N_("Map the file with mmap, then loop over it like an array."))
{
	const char *path = kit_file_with("poem.txt", "one\ntwo\nthree\n", 14);

	ck_assert_int_eq(fm_count_byte(path, '\n'), 3);
	ck_assert_int_eq(fm_count_byte(path, 'o'), 2);
}

KIT_TEST(count_without_read, .points = 2,
	 .desc = N_("fm_count_byte maps the file instead of calling read()"),
	 .hint = N_("The point of the lab: no read(), pread() or lseek(); "
		    "mmap the file and let page faults bring its pages in."))
{
	off_t size = 3 * (off_t)kit_page_size() + 17;
	const char *path = kit_file_pattern("data.bin", size);

	kit_calls_reset();
	ck_assert_int_eq(fm_count_byte(path, 5), kit_pattern_count(size, 5));
	ck_assert_calls(mmap, 1);
	ck_assert_not_called(read);
	ck_assert_not_called(pread);
	ck_assert_msg(kit_last_mmap()->prot == PROT_READ,
		      _("the file is only read: map it with PROT_READ alone"));
}

KIT_TEST(count_empty_file,
	 .desc = N_("fm_count_byte returns 0 for an empty file, not an error"),
	 .hint = N_("mmap refuses a length of 0 (EINVAL): check the size that "
		    "fstat gives before mapping."))
{
	const char *path = kit_file_with("empty", "", 0);

	errno = 0;
	ck_assert_int_eq(fm_count_byte(path, 'x'), 0);
}

KIT_TEST(count_partial_last_page, .points = 2,
	 .desc = N_("fm_count_byte reads exactly size bytes when the size is "
		    "not a multiple of the page size"),
	 .hint = N_("The last page is filled with zeros past the end "
		    "of the file: count up to st_size, not up to the "
		    "end of the page."))
{
	off_t size = 2 * (off_t)kit_page_size() + 123;
	const char *path = kit_file_pattern("odd.bin", size);

	/* Byte 0 is the fill of the last page: counting it past EOF is wrong. */
	ck_assert_int_eq(fm_count_byte(path, 0), kit_pattern_count(size, 0));
	ck_assert_int_eq(fm_count_byte(path, 42), kit_pattern_count(size, 42));
}

KIT_TEST(count_large_sparse_file, .points = 2, .timeout = 20,
	 .desc = N_("fm_count_byte counts every page of a 32 MiB "
		    "(sparse) file"),
	 .hint = N_("Map the whole file, as long as fstat says (an off_t), "
		    "and loop over all of it with a size_t index: no "
		    "fixed-size window."))
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
	 .desc = N_("fm_count_byte unmaps the file and closes its descriptor"),
	 .hint = N_("Every mmap needs its munmap and every open its close, on "
		    "the success path and on every error path."))
{
	const char *path = kit_file_pattern("data.bin", 5 * (off_t)kit_page_size());
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	ck_assert_int_eq(fm_count_byte(path, 9), kit_pattern_count(5 * (off_t)kit_page_size(), 9));
	ck_assert_no_leaks(&before);
}

KIT_TEST(count_missing_file,
	 .desc = N_("fm_count_byte reports a missing file with -1 "
		    "and errno ENOENT"),
	 .hint = N_("Return -1 as soon as open() fails; errno is already set."))
{
	errno = 0;
	ck_assert_int_eq(fm_count_byte(kit_path("no-such-file"), 'a'), -1);
	ck_assert_errno(ENOENT);
}

KIT_TEST(count_mmap_failure, .points = 2,
	 .desc = N_("when mmap fails, fm_count_byte returns -1 with mmap's "
		    "errno and closes the file"),
	 .hint = N_("Check mmap's result against MAP_FAILED (not NULL) and "
		    "close the descriptor before returning."))
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

KIT_TEST(count_page_boundaries, .points = 2,
	 .desc = N_("fm_count_byte is exact for files of 1 byte, a page - 1, "
		    "a page and a page + 1"),
	 .hint = N_("Loop for i from 0 while i < size: neither one byte more "
		    "nor one less, whatever the size is next to a page."))
{
	off_t page = (off_t)kit_page_size();
	off_t sizes[] = { 1, page - 1, page, page + 1 };
	char name[32];

	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof name, "f%d.bin", i);
		const char *path = kit_file_pattern(name, sizes[i]);

		ck_assert_int_eq(fm_count_byte(path, kit_pattern_byte(0)),
				 kit_pattern_count(sizes[i], kit_pattern_byte(0)));
		ck_assert_int_eq(fm_count_byte(path, kit_pattern_byte(sizes[i] - 1)),
				 kit_pattern_count(sizes[i],
						   kit_pattern_byte(sizes[i] - 1)));
		ck_assert_int_eq(fm_count_byte(path, 0),
				 kit_pattern_count(sizes[i], 0));
	}
}

KIT_TEST(count_read_only_file,
	 .desc = N_("fm_count_byte opens the file O_RDONLY and counts a file "
		    "that nobody may write to"),
	 .hint = N_("The file is only read: open it with O_RDONLY and map it "
		    "with PROT_READ."))
{
	off_t size = 2 * (off_t)kit_page_size() + 1;
	const char *path = read_only_file("ro.bin", size);

	kit_calls_reset();
	ck_assert_int_eq(fm_count_byte(path, 7), kit_pattern_count(size, 7));
	ck_assert_opened_read_only(path);
}

KIT_TEST(count_fstat_failure,
	 .desc = N_("when fstat fails, fm_count_byte returns -1 with fstat's "
		    "errno and closes the file"),
	 .hint = N_("Check fstat's result; close the descriptor before "
		    "returning, keeping errno (close_quietly)."))
{
	const char *path = kit_file_pattern("data.bin", 1000);
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	kit_fail_nth(KIT_fstat, 1, EIO);
	ck_assert_fails_with(fm_count_byte(path, 1), -1, EIO);
	ck_assert_no_leaks(&before);
}

/* --- fm_view ------------------------------------------------------------ */

KIT_TEST(view_shows_the_file, .points = 2,
	 .desc = N_("fm_view_open gives the file's bytes and size; "
		    "fm_view_close unmaps them"),
	 .hint = N_("The view's data is the address mmap returned."))
{
	size_t page = kit_page_size();
	const char *path = kit_file_pattern("data.bin", (off_t)(2 * page + 5));
	struct fm_view view = { 0 };
	const unsigned char *data;

	ck_assert_int_eq(fm_view_open(&view, path), 0);
	ck_assert_uint_eq(view.size, 2 * page + 5);
	for (size_t i = 0; i < view.size; i++)
		ck_assert_msg(view.data[i] == kit_pattern_byte((off_t)i),
			      _("byte %zu of the view differs from the file"),
			      i);
	data = view.data;
	ck_assert_int_eq(fm_view_close(&view), 0);
	ck_assert_msg(!kit_is_mapped(data, 1),
		      _("the view is still mapped after fm_view_close"));
}

KIT_TEST(view_is_read_only, .points = 2, .faults = 1,
	 .desc = N_("writing into a view faults with SIGSEGV (SEGV_ACCERR) at "
		    "the written address"),
	 .hint = N_("Map with PROT_READ only: the MMU then refuses writes, "
		    "and the kernel reports an access error on a mapped page."))
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

KIT_TEST(view_leaves_nothing_behind, .points = 2,
	 .desc = N_("an open view holds one mapping of the file and no "
		    "descriptor; fm_view_close leaves nothing and "
		    "resets the view"),
	 .hint = N_("Close the descriptor once the file is mapped; "
		    "fm_view_close unmaps data for size bytes, then sets data "
		    "to NULL and size to 0."))
{
	off_t size = 3 * (off_t)kit_page_size() + 1;
	const char *path = kit_file_pattern("data.bin", size);
	struct fm_view view = { 0 };
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	ck_assert_int_eq(fm_view_open(&view, path), 0);
	ck_assert_no_fd_leak(&before);
	ck_assert_int_eq(kit_file_mappings(path), 1);
	ck_assert_int_eq(fm_view_close(&view), 0);
	ck_assert_ptr_null(view.data);
	ck_assert_uint_eq(view.size, 0);
	ck_assert_no_leaks(&before);
}

KIT_TEST(view_empty_file,
	 .desc = N_("a view of an empty file has data NULL and size 0, maps "
		    "nothing, and closes with 0"),
	 .hint = N_("mmap refuses a length of 0: for an empty file set "
		    "data to NULL and do not map; fm_view_close then has "
		    "nothing to unmap."))
{
	const char *path = kit_file_with("empty", "", 0);
	struct fm_view view = { (const unsigned char *)"x", 99 };
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	kit_calls_reset();
	ck_assert_int_eq(fm_view_open(&view, path), 0);
	ck_assert_ptr_null(view.data);
	ck_assert_uint_eq(view.size, 0);
	ck_assert_not_called(mmap);
	ck_assert_int_eq(fm_view_close(&view), 0);
	ck_assert_no_leaks(&before);
}

KIT_TEST(view_errors, .points = 2,
	 .desc = N_("fm_view_open fails with open's, fstat's or mmap's "
		    "errno and leaves nothing; fm_view_close reports "
		    "munmap's failure"),
	 .hint = N_("Return -1 as soon as a call fails, errno untouched, "
		    "after closing what is open; fm_view_close returns what "
		    "munmap returned."))
{
	const char *path = kit_file_pattern("data.bin", 3 * (off_t)kit_page_size());
	struct fm_view view = { 0 };
	struct kit_snapshot before;
	const unsigned char *data;
	size_t size;

	kit_snapshot_take(&before);
	ck_assert_fails_with(fm_view_open(&view, kit_path("no-such-file")), -1,
			     ENOENT);
	kit_fail_nth(KIT_fstat, 1, EIO);
	ck_assert_fails_with(fm_view_open(&view, path), -1, EIO);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(fm_view_open(&view, path), -1, ENOMEM);
	ck_assert_no_leaks(&before);

	ck_assert_int_eq(fm_view_open(&view, path), 0);
	data = view.data;
	size = view.size;
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(fm_view_close(&view), -1, EINVAL);
	munmap((void *)data, size);
	ck_assert_no_leaks(&before);
}

KIT_TEST(view_read_only_file,
	 .desc = N_("fm_view_open opens the file O_RDONLY and shows a file "
		    "that nobody may write to, even of 1 byte"),
	 .hint = N_("A view is only read: open(path, O_RDONLY), mmap "
		    "with PROT_READ."))
{
	const char *path = kit_file_with("ro.txt", "Z", 1);
	struct fm_view view = { 0 };

	ck_assert_int_eq(chmod(path, 0444), 0);
	kit_calls_reset();
	ck_assert_int_eq(fm_view_open(&view, path), 0);
	ck_assert_opened_read_only(path);
	ck_assert_uint_eq(view.size, 1);
	ck_assert_int_eq(view.data[0], 'Z');
	ck_assert_int_eq(fm_view_close(&view), 0);
}

/* --- fm_window ---------------------------------------------------------- */

KIT_TEST(window_unaligned_offset, .points = 2,
	 .desc = N_("fm_window_map shows the right bytes from an offset that "
		    "is not a multiple of the page size"),
	 /* xgettext:no-c-format */
	 .hint = N_("Round the offset down to a page boundary for mmap, "
		    "then add the remainder (offset % page) to the "
		    "address it returns."))
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
		      _("mmap was called with offset %jd, not a page multiple"),
		      (intmax_t)kit_last_mmap()->offset);
	for (size_t i = 0; i < 300; i++)
		ck_assert_msg(win.data[i] == kit_pattern_byte(offset + (off_t)i),
			      _("window byte %zu differs from file byte %jd"),
			      i,
			      (intmax_t)(offset + (off_t)i));
	ck_assert_int_eq(fm_window_unmap(&win), 0);
	close(fd);
}

KIT_TEST(window_across_pages, .points = 2,
	 .desc = N_("a window that straddles a page boundary maps both pages "
		    "and unmaps them all"),
	 .hint = N_("Map delta + len bytes; munmap the address mmap returned, "
		    "with the length you mapped."))
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
	 .desc = N_("a writable window on a read-only descriptor fails with "
		    "EACCES and maps nothing"),
	 .hint = N_("A shared writable mapping needs a descriptor opened "
		    "O_RDWR; pass mmap's failure on, errno and all."))
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

KIT_TEST(window_fields, .points = 2,
	 .desc = N_("fm_window_map fills the four fields: map_start and "
		    "map_len are what mmap returned and mapped, data is "
		    "offset's byte"),
	 .hint = N_("map_start = mmap's result, map_len = the length given to "
		    "mmap (delta + len), data = map_start + delta, len = len."))
{
	off_t page = (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", 4 * page);
	int fd = open(path, O_RDONLY);
	struct fm_window win = { 0 };
	const struct kit_mmap_args *m;

	ck_assert_int_ge(fd, 0);
	kit_calls_reset();
	ck_assert_int_eq(fm_window_map(&win, fd, 2 * page + 100, 300, 0), 0);
	ck_assert_calls(mmap, 1);
	m = kit_last_mmap();
	ck_assert_ptr_eq(win.map_start, m->result);
	ck_assert_uint_eq(win.map_len, m->length);
	ck_assert_uint_eq(win.len, 300);
	ck_assert_msg(win.data == (unsigned char *)win.map_start +
		      (2 * page + 100 - m->offset),
		      _("data is %p, but the byte at the offset "
			"is mapped at %p"),
		      (void *)win.data, (void *)((unsigned char *)win.map_start +
						 (2 * page + 100 - m->offset)));
	ck_assert_msg(m->offset <= 2 * page + 100 &&
		      m->offset + (off_t)m->length >= 2 * page + 400,
		      _("mmap's range [%jd, +%zu) does not hold the window"),
		      (intmax_t)m->offset, m->length);
	ck_assert_pattern(win.data, 2 * page + 100, 300);
	ck_assert_int_eq(fm_window_unmap(&win), 0);
	close(fd);
}

KIT_TEST(window_boundaries, .points = 2,
	 .desc = N_("windows at offset 0, at a page boundary, at a page - 1 "
		    "and up to the end of the file show the right bytes"),
	 /* xgettext:no-c-format */
	 .hint = N_("When offset is a multiple of the page size, delta "
		    "is 0; offset % page is the distance into the page "
		    "in every case."))
{
	off_t page = (off_t)kit_page_size();
	off_t size = 3 * page + 50;
	const char *path = kit_file_pattern("data.bin", size);
	int fd = open(path, O_RDONLY);
	struct { off_t offset; size_t len; } cases[] = {
		{ 0, 10 }, { 0, (size_t)size }, { page, 1 }, { 2 * page, (size_t)page },
		{ page - 1, 1 }, { page - 1, 2 }, { size - 10, 10 },
		{ size - 1, 1 },
	};
	struct kit_snapshot before;

	ck_assert_int_ge(fd, 0);
	kit_snapshot_take(&before);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct fm_window win = { 0 };

		ck_assert_msg(fm_window_map(&win, fd, cases[i].offset,
					    cases[i].len, 0) == 0,
			      _("fm_window_map at offset %jd for "
				"%zu bytes failed"),
			      (intmax_t)cases[i].offset, cases[i].len);
		ck_assert_pattern(win.data, cases[i].offset, cases[i].len);
		ck_assert_int_eq(fm_window_unmap(&win), 0);
	}
	ck_assert_no_leaks(&before);
	close(fd);
}

KIT_TEST(window_bad_arguments, .points = 2,
	 .desc = N_("fm_window_map refuses a length of 0 and a "
		    "negative offset with EINVAL, passes on mmap's "
		    "EBADF, and maps nothing"),
	 .hint = N_("Check len == 0 and offset < 0 first (with an unaligned "
		    "offset, delta + 0 is not 0, so mmap would accept it)."))
{
	off_t page = (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", 2 * page);
	int fd = open(path, O_RDONLY);
	struct fm_window win = { 0 };
	struct kit_snapshot before;

	ck_assert_int_ge(fd, 0);
	kit_snapshot_take(&before);
	ck_assert_fails_with(fm_window_map(&win, fd, page + 100, 0, 0), -1, EINVAL);
	ck_assert_fails_with(fm_window_map(&win, fd, 0, 0, 0), -1, EINVAL);
	ck_assert_fails_with(fm_window_map(&win, fd, -1, 10, 0), -1, EINVAL);
	ck_assert_fails_with(fm_window_map(&win, fd, -page, 10, 0), -1, EINVAL);
	ck_assert_fails_with(fm_window_map(&win, -1, 0, 10, 0), -1, EBADF);
	ck_assert_no_leaks(&before);
	close(fd);
}

KIT_TEST(window_writes_reach_file, .points = 3,
	 .desc = N_("writes into a writable window reach the file at the "
		    "right offset, and nowhere else"),
	 .hint = N_("A writable window is PROT_READ | PROT_WRITE and "
		    "MAP_SHARED: a private mapping never reaches the file."))
{
	off_t page = (off_t)kit_page_size();
	off_t size = 3 * page;
	const char *path = kit_file_pattern("data.bin", size);
	int fd = open(path, O_RDWR);
	struct fm_window win = { 0 };
	unsigned char *after;
	size_t len;

	ck_assert_int_ge(fd, 0);
	kit_calls_reset();
	ck_assert_int_eq(fm_window_map(&win, fd, page - 20, 50, 1), 0);
	ck_assert_msg(mmaps_with_prot(PROT_READ | PROT_WRITE, MAP_SHARED) == 1,
		      _("a writable window is mapped PROT_READ | PROT_WRITE "
			"and MAP_SHARED"));
	ck_assert_pattern(win.data, page - 20, 50);
	memset(win.data, 0xEE, 50);
	ck_assert_int_eq(fm_window_unmap(&win), 0);
	close(fd);
	after = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(after);
	ck_assert_uint_eq(len, (size_t)size);
	for (off_t i = 0; i < size; i++) {
		unsigned char want = i >= page - 20 && i < page + 30 ?
				     0xEE : kit_pattern_byte(i);

		ck_assert_msg(after[i] == want,
			      _("file byte %jd is %#x, expected %#x"),
			      (intmax_t)i, after[i], want);
	}
	free(after);
}

KIT_TEST(window_read_only_faults, .points = 2, .faults = 1,
	 .desc = N_("a window that is not writable faults with SIGSEGV "
		    "(SEGV_ACCERR) at the written address"),
	 .hint = N_("When WRITABLE is 0, map with PROT_READ alone."))
{
	off_t page = (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", 2 * page);
	int fd = open(path, O_RDWR);
	struct fm_window win = { 0 };

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fm_window_map(&win, fd, page + 5, 100, 0), 0);
	ck_assert_no_fault(kit_touch_read(win.data + 99));
	ck_assert_fault(kit_touch_write(win.data + 1, 1), SIGSEGV, SEGV_ACCERR,
			win.data + 1);
	ck_assert_int_eq(fm_window_unmap(&win), 0);
	close(fd);
}

KIT_TEST(window_unmap_failure,
	 .desc = N_("fm_window_unmap returns -1 with munmap's errno "
		    "when munmap fails"),
	 .hint = N_("Return what munmap returns; errno is already set."))
{
	off_t page = (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", 2 * page);
	int fd = open(path, O_RDONLY);
	struct fm_window win = { 0 };
	void *start;
	size_t len;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fm_window_map(&win, fd, 10, 100, 0), 0);
	start = win.map_start;
	len = win.map_len;
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(fm_window_unmap(&win), -1, EINVAL);
	munmap(start, len);
	close(fd);
}

/* --- writing through mappings ------------------------------------------ */

KIT_TEST(replace_in_place, .points = 3,
	 .desc = N_("fm_replace_byte edits the file through a MAP_SHARED "
		    "mapping and msyncs it"),
	 .hint = N_("MAP_SHARED writes go to the page cache, hence to the "
		    "file; msync(MS_SYNC) waits until they are written back."))
{
	off_t size = 2 * (off_t)kit_page_size() + 999;
	const char *path = kit_file_pattern("data.bin", size);
	long expected = kit_pattern_count(size, 3);
	unsigned char *after;
	size_t len;

	kit_calls_reset();
	ck_assert_int_eq(fm_replace_byte(path, 3, 200), expected);
	ck_assert_int_eq(kit_mmap_calls_with(MAP_SHARED), 1);
	ck_assert_msg(kit_calls(KIT_msync) >= 1, _("msync was never called"));
	ck_assert_not_called(write);
	ck_assert_not_called(pwrite);
	after = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(after);
	ck_assert_uint_eq(len, (size_t)size);
	for (off_t i = 0; i < size; i++) {
		unsigned char want = kit_pattern_byte(i) == 3 ? 200 : kit_pattern_byte(i);

		ck_assert_msg(after[i] == want,
			      _("file byte %jd is %u, expected %u"),
			      (intmax_t)i, after[i], want);
	}
	free(after);
}

KIT_TEST(replace_msync_whole_file, .points = 2,
	 .desc = N_("fm_replace_byte msyncs the whole mapping with MS_SYNC "
		    "(not MS_ASYNC) before unmapping it"),
	 .hint = N_("msync(data, size, MS_SYNC): the whole file, and MS_SYNC, "
		    "which waits until the pages are written."))
{
	off_t size = 3 * (off_t)kit_page_size() + 5;
	const char *path = kit_file_pattern("data.bin", size);
	const struct kit_mmap_args *m;

	kit_calls_reset();
	ck_assert_int_eq(fm_replace_byte(path, 3, 4), kit_pattern_count(size, 3));
	ck_assert_calls(mmap, 1);
	m = kit_last_mmap();
	ck_assert_msg(m->flags & MAP_SHARED,
		      _("the mapping is not MAP_SHARED"));
	ck_assert_msg(m->prot == (PROT_READ | PROT_WRITE),
		      _("the mapping's prot is %#x, not "
			"PROT_READ | PROT_WRITE"),
		      (unsigned)m->prot);
	ck_assert_msg(msync_sync_covers(m->result, (size_t)size),
		      _("not every page of the file was msync'ed with MS_SYNC "
			"(%u msync call(s))"), kit_calls(KIT_msync));
}

KIT_TEST(replace_leaves_nothing_behind, .points = 2,
	 .desc = N_("fm_replace_byte leaves no mapping and no descriptor, and "
		    "replaces 0 bytes of an empty file without mapping it"),
	 .hint = N_("munmap and close on every path; for an empty file, map "
		    "nothing and return 0."))
{
	off_t size = 2 * (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", size);
	const char *empty = kit_file_with("empty", "", 0);
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	ck_assert_int_eq(fm_replace_byte(path, 9, 10), kit_pattern_count(size, 9));
	ck_assert_no_leaks(&before);
	kit_calls_reset();
	ck_assert_int_eq(fm_replace_byte(empty, 9, 10), 0);
	ck_assert_not_called(mmap);
	ck_assert_int_eq(kit_file_size(empty), 0);
	ck_assert_no_leaks(&before);
}

KIT_TEST(replace_errors, .points = 2,
	 .desc = N_("fm_replace_byte returns -1 with the errno of open, "
		    "fstat, mmap or msync when it fails, and leaves "
		    "nothing behind"),
	 .hint = N_("When msync fails the change may not be on disk: report "
		    "it, after munmap and close, with msync's errno."))
{
	const char *path = kit_file_pattern("data.bin", 3 * (off_t)kit_page_size());
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	ck_assert_fails_with(fm_replace_byte(kit_path("no-such-file"), 1, 2), -1,
			     ENOENT);
	kit_fail_nth(KIT_fstat, 1, EIO);
	ck_assert_fails_with(fm_replace_byte(path, 1, 2), -1, EIO);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(fm_replace_byte(path, 1, 2), -1, ENOMEM);
	kit_fail_nth(KIT_msync, 1, EIO);
	ck_assert_fails_with(fm_replace_byte(path, 1, 2), -1, EIO);
	ck_assert_no_leaks(&before);
}

KIT_TEST(replace_boundaries, .points = 2, .timeout = 30,
	 .desc = N_("fm_replace_byte is exact on files of 1 byte, a page "
		    "- 1, a page and a page + 1, for their first and "
		    "last bytes and 0"),
	 .hint = N_("Walk exactly size bytes: the zeros past the end of the "
		    "file in the last page are not the file's."))
{
	off_t page = (off_t)kit_page_size();
	off_t sizes[] = { 1, page - 1, page, page + 1 };
	struct kit_snapshot before;
	char name[32];

	kit_snapshot_take(&before);
	for (int i = 0; i < 4; i++) {
		unsigned char bytes[] = { kit_pattern_byte(0),
					  kit_pattern_byte(sizes[i] - 1), 0 };

		for (int b = 0; b < 3; b++) {
			unsigned char to = (unsigned char)(bytes[b] + 1);

			snprintf(name, sizeof name, "f%d-%d.bin", i, b);
			const char *path = kit_file_pattern(name, sizes[i]);

			ck_assert_int_eq(fm_replace_byte(path, bytes[b], to),
					 kit_pattern_count(sizes[i], bytes[b]));
			ck_assert_replaced(path, sizes[i], bytes[b], to);
		}
	}
	ck_assert_no_leaks(&before);
}

KIT_TEST(copy_file, .points = 3,
	 .desc = N_("fm_copy copies a file of 3.5 pages through two mappings"),
	 .hint = N_("A mapping cannot grow a file: ftruncate the destination "
		    "to the source's size before mapping it."))
{
	off_t size = 7 * (off_t)kit_page_size() / 2;
	const char *src = kit_file_pattern("src.bin", size);
	const char *dst = kit_path("dst.bin");
	unsigned char *copy;
	size_t len;

	kit_calls_reset();
	ck_assert_int_eq(fm_copy(src, dst), 0);
	ck_assert_calls(ftruncate, 1);
	ck_assert_msg(mmaps_with_prot(PROT_READ, 0) == 1,
		      _("the source is mapped once, read-only "
			"(PROT_READ alone)"));
	ck_assert_msg(kit_calls_with_bits(KIT_mmap, 2, PROT_WRITE) == 1 &&
		      kit_calls_with_bits(KIT_mmap, 3, MAP_SHARED) >= 1,
		      _("the destination is mapped once, writable "
			"and MAP_SHARED"));
	ck_assert_not_called(read);
	ck_assert_not_called(write);
	copy = kit_slurp(dst, &len);
	ck_assert_ptr_nonnull(copy);
	ck_assert_uint_eq(len, (size_t)size);
	for (off_t i = 0; i < size; i++)
		ck_assert_msg(copy[i] == kit_pattern_byte(i),
			      _("byte %jd differs"),
			      (intmax_t)i);
	free(copy);
}

KIT_TEST(copy_empty_file,
	 .desc = N_("fm_copy of an empty file creates an empty destination"),
	 .hint = N_("Nothing to map: create and truncate the "
		    "destination, map nothing."))
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

KIT_TEST(copy_creates_mode_0644,
	 .desc = N_("fm_copy creates the destination with mode "
		    "0644 (rw-r--r--)"),
	 .hint = N_("open(dst, O_RDWR | O_CREAT | O_TRUNC, 0644): "
		    "with O_CREAT, open takes a third argument, the "
		    "new file's mode."))
{
	const char *src = kit_file_pattern("src.bin", 100);
	const char *dst = kit_path("dst.bin");
	mode_t old = umask(0);

	ck_assert_int_eq(fm_copy(src, dst), 0);
	umask(old);
	ck_assert_file_mode(dst, 0644);
}

KIT_TEST(copy_leaves_nothing_behind, .points = 2,
	 .desc = N_("fm_copy leaves no mapping and no descriptor, and "
		    "truncates a longer destination to the source's size"),
	 .hint = N_("Unmap both mappings and close both files; ftruncate "
		    "gives the destination exactly the source's size."))
{
	off_t page = (off_t)kit_page_size();
	const char *src = kit_file_pattern("src.bin", 2 * page + 1);
	const char *dst = kit_file_pattern("dst.bin", 5 * page);
	struct kit_snapshot before;
	unsigned char *copy;
	size_t len;

	kit_snapshot_take(&before);
	ck_assert_int_eq(fm_copy(src, dst), 0);
	ck_assert_no_leaks(&before);
	copy = kit_slurp(dst, &len);
	ck_assert_ptr_nonnull(copy);
	ck_assert_uint_eq(len, (size_t)(2 * page + 1));
	ck_assert_pattern(copy, 0, len);
	free(copy);
}

KIT_TEST(copy_errors, .points = 3,
	 .desc = N_("fm_copy returns -1 with the errno of the call that "
		    "failed (open, fstat, ftruncate, mmap) and leaves "
		    "nothing behind"),
	 .hint = N_("Undo in reverse order what was done: unmap the source, "
		    "close the files; do not close a descriptor that was "
		    "never opened (close(-1) sets errno to EBADF)."))
{
	const char *src = kit_file_pattern("src.bin", 3 * (off_t)kit_page_size());
	const char *dst = kit_path("dst.bin");
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	ck_assert_fails_with(fm_copy(kit_path("no-such-file"), dst), -1, ENOENT);
	ck_assert_fails_with(fm_copy(src, kit_path("no-such-dir/dst.bin")), -1,
			     ENOENT);
	ck_assert_no_leaks(&before);
	kit_fail_nth(KIT_fstat, 1, EIO);
	ck_assert_fails_with(fm_copy(src, dst), -1, EIO);
	ck_assert_no_leaks(&before);
	kit_fail_nth(KIT_ftruncate, 1, EFBIG);
	ck_assert_fails_with(fm_copy(src, dst), -1, EFBIG);
	ck_assert_no_leaks(&before);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(fm_copy(src, dst), -1, ENOMEM);
	ck_assert_no_leaks(&before);
	kit_fail_nth(KIT_mmap, 2, ENOMEM);
	ck_assert_fails_with(fm_copy(src, dst), -1, ENOMEM);
	ck_assert_no_leaks(&before);
}

KIT_TEST(copy_boundaries, .points = 2,
	 .desc = N_("fm_copy is exact for files of 1 byte, a page and a page "
		    "+ 1, and leaves nothing behind"),
	 .hint = N_("Map, copy and unmap size bytes whatever the size; only "
		    "an empty file is special."))
{
	off_t page = (off_t)kit_page_size();
	off_t sizes[] = { 1, page, page + 1 };
	struct kit_snapshot before;
	char name[32], dname[32];

	kit_snapshot_take(&before);
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "src%d.bin", i);
		snprintf(dname, sizeof dname, "dst%d.bin", i);
		const char *src = kit_file_pattern(name, sizes[i]);
		const char *dst = kit_path(dname);
		unsigned char *copy;
		size_t len;

		ck_assert_int_eq(fm_copy(src, dst), 0);
		ck_assert_no_leaks(&before);
		copy = kit_slurp(dst, &len);
		ck_assert_ptr_nonnull(copy);
		ck_assert_uint_eq(len, (size_t)sizes[i]);
		ck_assert_pattern(copy, 0, len);
		free(copy);
	}
	/* The pattern's byte 0 is 0, as a file's fresh ftruncate gives:
	 * one more byte that is not. */
	const char *one = kit_file_with("one.txt", "Z", 1);
	const char *dst = kit_path("one-copy.txt");
	unsigned char *copy;
	size_t len;

	ck_assert_int_eq(fm_copy(one, dst), 0);
	ck_assert_no_leaks(&before);
	copy = kit_slurp(dst, &len);
	ck_assert_ptr_nonnull(copy);
	ck_assert_uint_eq(len, 1);
	ck_assert_int_eq(copy[0], 'Z');
	free(copy);
}

KIT_TEST(copy_read_only_source,
	 .desc = N_("fm_copy opens the source O_RDONLY: a source nobody may "
		    "write to is copied"),
	 .hint = N_("The source is only read: open it O_RDONLY and map "
		    "it PROT_READ."))
{
	off_t size = 2 * (off_t)kit_page_size();
	const char *src = read_only_file("ro.bin", size);
	const char *dst = kit_path("dst.bin");
	unsigned char *copy;
	size_t len;

	kit_calls_reset();
	ck_assert_int_eq(fm_copy(src, dst), 0);
	ck_assert_opened_read_only(src);
	copy = kit_slurp(dst, &len);
	ck_assert_ptr_nonnull(copy);
	ck_assert_uint_eq(len, (size_t)size);
	ck_assert_pattern(copy, 0, len);
	free(copy);
}

KIT_TEST(descriptor_zero,
	 .desc = N_("fm_count_byte and fm_copy work when open() "
		    "gives descriptor 0"),
	 .hint = N_("open() returns the lowest free descriptor, which may be "
		    "0: only -1 is a failure (fd < 0, not fd <= 0)."))
{
	off_t size = (off_t)kit_page_size() + 9;
	const char *src = kit_file_pattern("src.bin", size);
	const char *dst = kit_path("dst.bin");
	int saved = dup(0);
	long count;
	int rc;
	unsigned char *copy;
	size_t len;

	close(0);       /* the lowest free descriptor is now 0 */
	count = fm_count_byte(src, 4);
	rc = fm_copy(src, dst);
	if (saved >= 0) {
		dup2(saved, 0);
		close(saved);
	}
	ck_assert_int_eq(count, kit_pattern_count(size, 4));
	ck_assert_int_eq(rc, 0);
	copy = kit_slurp(dst, &len);
	ck_assert_ptr_nonnull(copy);
	ck_assert_uint_eq(len, (size_t)size);
	ck_assert_pattern(copy, 0, len);
	free(copy);
}

KIT_TEST(errors_keep_first_errno, .points = 2,
	 .desc = N_("when the cleanup after a failure fails too (close, "
		    "munmap), the function still reports the first "
		    "failure's errno"),
	 .hint = N_("Save errno before cleaning up and restore it "
		    "afterwards (that is what close_quietly does): a failed "
		    "close or munmap on the way out must not replace the "
		    "error you report."))
{
	const char *path = kit_file_pattern("data.bin", 2 * (off_t)kit_page_size());
	const char *dst = kit_path("dst.bin");
	struct fm_view view = { 0 };
	size_t seen;

	kit_calls_reset();
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	kit_fail_nth(KIT_close, 1, EIO);
	ck_assert_fails_with(fm_count_byte(path, 1), -1, ENOMEM);
	undo_injected();

	kit_calls_reset();
	kit_fail_nth(KIT_fstat, 1, EIO);
	kit_fail_nth(KIT_close, 1, EBADF);
	ck_assert_fails_with(fm_view_open(&view, path), -1, EIO);
	undo_injected();

	kit_calls_reset();
	kit_fail_nth(KIT_mmap, 1, EAGAIN);
	kit_fail_nth(KIT_close, 1, EIO);
	ck_assert_fails_with(fm_private_open(path, &seen), NULL, EAGAIN);
	undo_injected();

	kit_calls_reset();
	kit_fail_nth(KIT_msync, 1, EIO);
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(fm_replace_byte(path, 1, 2), -1, EIO);
	undo_injected();

	kit_calls_reset();
	kit_fail_nth(KIT_ftruncate, 1, EFBIG);
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(fm_copy(path, dst), -1, EFBIG);
	undo_injected();
}

KIT_TEST(private_writes_stay_private, .points = 3,
	 .desc = N_("writes into fm_private_open's copy are visible in memory "
		    "but never reach the file"),
	 .hint = N_("MAP_PRIVATE: copy on write.  A read-only descriptor is "
		    "enough for a private writable mapping."))
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
	ck_assert_msg(mmaps_with_prot(PROT_READ | PROT_WRITE, MAP_PRIVATE) == 1,
		      _("the copy is mapped PROT_READ | PROT_WRITE "
			"and MAP_PRIVATE"));
	memset(copy, 0xAB, (size_t)size);
	ck_assert_int_eq(copy[size - 1], 0xAB);
	file = kit_slurp(path, &len);
	ck_assert_ptr_nonnull(file);
	for (off_t i = 0; i < size; i++)
		ck_assert_msg(file[i] == kit_pattern_byte(i),
			      _("file byte %jd changed: the write "
				"reached the file"),
			      (intmax_t)i);
	free(file);
	ck_assert_int_eq(fm_private_close(copy, (size_t)size), 0);
}

KIT_TEST(private_read_only_file, .points = 2,
	 .desc = N_("fm_private_open opens the file O_RDONLY: a file nobody "
		    "may write to still gives a writable private copy"),
	 .hint = N_("Open with O_RDONLY: a MAP_PRIVATE mapping may be "
		    "writable on a read-only descriptor, since its writes "
		    "never reach the file."))
{
	off_t size = (off_t)kit_page_size() + 3;
	const char *path = read_only_file("ro.bin", size);
	unsigned char *copy;
	size_t seen = 0;

	kit_calls_reset();
	copy = fm_private_open(path, &seen);
	ck_assert_ptr_nonnull(copy);
	ck_assert_opened_read_only(path);
	ck_assert_uint_eq(seen, (size_t)size);
	ck_assert_pattern(copy, 0, seen);
	copy[0] ^= 0xFF;
	ck_assert_int_eq(copy[0], kit_pattern_byte(0) ^ 0xFF);
	ck_assert_int_eq(fm_private_close(copy, seen), 0);
}

KIT_TEST(private_leaves_nothing_behind, .points = 2,
	 .desc = N_("fm_private_open keeps no descriptor open; "
		    "fm_private_close unmaps the whole copy"),
	 .hint = N_("Close the descriptor once the file is mapped; "
		    "munmap(data, size) in fm_private_close."))
{
	off_t size = 3 * (off_t)kit_page_size() + 10;
	const char *path = kit_file_pattern("data.bin", size);
	struct kit_snapshot before;
	unsigned char *copy;
	size_t seen = 0;

	kit_snapshot_take(&before);
	copy = fm_private_open(path, &seen);
	ck_assert_ptr_nonnull(copy);
	ck_assert_no_fd_leak(&before);
	ck_assert_int_eq(kit_file_mappings(path), 1);
	ck_assert_int_eq(fm_private_close(copy, seen), 0);
	ck_assert_unmapped(copy, seen);
	ck_assert_no_leaks(&before);
}

KIT_TEST(private_errors, .points = 2,
	 .desc = N_("fm_private_open gives NULL with EINVAL for an empty file "
		    "and with open's, fstat's or mmap's errno, leaving "
		    "nothing behind"),
	 .hint = N_("An empty file cannot be mapped: set errno to EINVAL and "
		    "return NULL; compare mmap's result with MAP_FAILED."))
{
	const char *path = kit_file_pattern("data.bin", 1000);
	const char *empty = kit_file_with("empty", "", 0);
	struct kit_snapshot before;
	unsigned char *copy;
	size_t seen;

	kit_snapshot_take(&before);
	ck_assert_fails_with(fm_private_open(empty, &seen), NULL, EINVAL);
	ck_assert_fails_with(fm_private_open(kit_path("no-such-file"), &seen),
			     NULL, ENOENT);
	kit_fail_nth(KIT_fstat, 1, EIO);
	ck_assert_fails_with(fm_private_open(path, &seen), NULL, EIO);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(fm_private_open(path, &seen), NULL, ENOMEM);
	ck_assert_no_leaks(&before);

	copy = fm_private_open(path, &seen);
	ck_assert_ptr_nonnull(copy);
	kit_fail_nth(KIT_munmap, 1, EINVAL);
	ck_assert_fails_with(fm_private_close(copy, seen), -1, EINVAL);
	munmap(copy, seen);
	ck_assert_no_leaks(&before);
}
