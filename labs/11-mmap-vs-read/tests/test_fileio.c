/*
 * Tests of lab 11, mmap against read.  Each version must give the right
 * answer on awkward files (empty, not a whole number of pages, large and
 * sparse), and must get it the way it claims: the read versions honour
 * their buffer size, the mmap versions never call read() or write().
 * Nothing here looks at a clock: timings belong to `make bench`.
 */
#include "kit.h"
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The same for kit_file_sparse(): a pattern byte every 256 pages, zeros
 * everywhere else. */
static long long sparse_count(off_t size, unsigned char byte)
{
	off_t step = 256 * (off_t)kit_page_size();
	long long n = 0, bytes = 0;

	for (off_t at = 0; at < size; at += step, bytes++)
		n += kit_pattern_byte(at) == byte;
	return n + (byte == 0 ? (long long)size - bytes : 0);
}

/* read() calls that reading SIZE bytes BUFSIZE at a time takes, counting
 * the last one, which returns 0. */
static unsigned reads_for(off_t size, size_t bufsize)
{
	return (unsigned)((size + (off_t)bufsize - 1) / (off_t)bufsize) + 1;
}

/* DST must hold exactly what SRC holds. */
static void ck_assert_same_file(const char *src, const char *dst)
{
	size_t want_len, got_len;
	unsigned char *want = kit_slurp(src, &want_len);
	unsigned char *got = kit_slurp(dst, &got_len);

	ck_assert_ptr_nonnull(want);
	ck_assert_ptr_nonnull(got);
	ck_assert_msg(got_len == want_len,
		      _("the copy has %zu bytes, the source %zu"), got_len,
		      want_len);
	if (want_len > 0 && memcmp(got, want, want_len) != 0) {
		size_t i = 0;

		while (got[i] == want[i])
			i++;
		ck_abort_msg(_("byte %zu of the copy is %u, expected %u"), i,
			     got[i], want[i]);
	}
	free(want);
	free(got);
}


/* The flags of the last open() or openat() of PATH since kit_calls_reset(),
 * or -1 when PATH was not opened (matched by address, then by content). */
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

/* The descriptor the last open() or openat() of PATH returned, or -1. */
static int opened_fd_of(const char *path)
{
	const struct kit_call_args *c;
	int fd = -1;

	for (unsigned n = 1; (c = kit_nth_call(KIT_open, n)) != NULL; n++)
		if ((const char *)c->arg[0] == path ||
		    strcmp((const char *)c->arg[0], path) == 0)
			fd = (int)c->result;
	for (unsigned n = 1; (c = kit_nth_call(KIT_openat, n)) != NULL; n++)
		if ((const char *)c->arg[1] == path ||
		    strcmp((const char *)c->arg[1], path) == 0)
			fd = (int)c->result;
	return fd;
}

/* A file of SIZE pattern bytes that nobody may write to (mode 0444). */
static const char *read_only_file(const char *name, off_t size)
{
	const char *path = kit_file_pattern(name, size);

	ck_assert_int_eq(chmod(path, 0444), 0);
	return path;
}

/* Every madvise() since the reset advised MADV_SEQUENTIAL on exactly one
 * whole mapping made since the reset; returns how many did. */
static unsigned sequential_advice_on_mappings(void)
{
	const struct kit_call_args *a, *m;
	unsigned good = 0;

	for (unsigned n = 1; (a = kit_nth_call(KIT_madvise, n)) != NULL; n++) {
		int matched = 0;

		for (unsigned k = 1; (m = kit_nth_call(KIT_mmap, k)) != NULL; k++)
			if (m->result == a->arg[0] && m->arg[1] == a->arg[1])
				matched = 1;
		ck_assert_msg(matched, _("madvise(%p, %ld, ...) is not on a "
					 "whole mapping"),
			      (void *)a->arg[0], a->arg[1]);
		ck_assert_msg(a->arg[2] == MADV_SEQUENTIAL,
			      _("madvise advice %ld, expected MADV_SEQUENTIAL "
				"(%d)"), a->arg[2], MADV_SEQUENTIAL);
		good++;
	}
	return good;
}

/*
 * Writes SIZE pattern bytes into the FIFO at PATH in chunks of CHUNK bytes,
 * from a child, waiting each time until the reader has emptied the pipe: so
 * each read() of the reader returns one chunk at most, a short count.
 */
static pid_t fifo_writer(const char *path, off_t size, size_t chunk)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		unsigned char buf[256];
		int fd = open(path, O_WRONLY);

		signal(SIGPIPE, SIG_DFL);
		if (fd < 0 || chunk > sizeof buf)
			_exit(1);
		for (off_t at = 0; at < size; at += (off_t)chunk) {
			size_t n = size - at < (off_t)chunk ? (size_t)(size - at) : chunk;
			int queued = 1;

			for (size_t i = 0; i < n; i++)
				buf[i] = kit_pattern_byte(at + (off_t)i);
			if (write(fd, buf, n) != (ssize_t)n)
				_exit(2);
			/* A bound only against a reader that stopped reading. */
			for (int tries = 0; queued > 0 && tries < 20000; tries++) {
				if (ioctl(fd, FIONREAD, &queued) != 0)
					_exit(3);
				if (queued > 0)
					usleep(500);
			}
		}
		close(fd);
		_exit(0);
	}
	return pid;
}

/*
 * Bytes of heap in use, to tell a buffer left allocated.  Freed chunks of
 * up to about 1 KiB stay in a per-thread cache that counts as in use: the
 * calls checked with it use buffers of 4 KiB or more.  Under valgrind the
 * figure is valgrind's own (its memcheck reports leaks anyway).
 */
static size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

#define ck_assert_no_heap_leak(before)                                       \
	do {                                                                 \
		size_t kit_h_ = heap_in_use();                               \
		ck_assert_msg(kit_h_ <= (before), _("%zu more bytes of "     \
			      "heap are allocated than before the call: "    \
			      "free the buffer on every path"),              \
			      kit_h_ - (before));                            \
	} while (0)

/* Runs BODY with descriptor 0 free, so that the next open() returns 0. */
#define WITH_FD0_FREE(body)                                                  \
	do {                                                                 \
		int kit_saved0_ = dup(0);                                    \
		close(0);                                                    \
		body;                                                        \
		if (kit_saved0_ >= 0) {                                      \
			dup2(kit_saved0_, 0);                                \
			close(kit_saved0_);                                  \
		}                                                            \
	} while (0)

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

/* Waits for the child PID; returns its wait status. */
static int reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		ck_assert_int_eq(errno, EINTR);
	return status;
}

/* --- scanning with read() ----------------------------------------------- */

KIT_TEST(count_read_small,
	 .desc = N_("fio_count_read counts the newlines of a small text, "
		    "whatever the buffer size (1, 3, 4 or 1000 bytes)"),
	 .hint = N_("Count only the bytes each read() returned, not the whole "
		    "buffer: the last chunk is shorter."))
{
	const char *path = kit_file_with("poem.txt", "one\ntwo\nthree\n", 14);
	size_t sizes[] = { 1, 3, 4, 1000 };

	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(fio_count_read(path, '\n', sizes[i]), 3);
		ck_assert_int_eq(fio_count_read(path, 'o', sizes[i]), 2);
	}
}

KIT_TEST(count_read_honours_bufsize, .points = 2,
	 .desc = N_("fio_count_read asks for bufsize bytes per read(): size / "
		    "bufsize calls, rounded up, plus the one that returns 0"),
	 .hint = N_("read(fd, buf, bufsize) until it returns 0; a short count "
		    "is not the end of the file (pipes, signals): only 0 is."))
{
	off_t size = 3 * (off_t)kit_page_size() + 17;
	const char *path = kit_file_pattern("data.bin", size);
	size_t sizes[] = { 7, 1000, kit_page_size(), (size_t)size, (size_t)size + 1 };

	for (int i = 0; i < 5; i++) {
		kit_calls_reset();
		ck_assert_int_eq(fio_count_read(path, 9, sizes[i]),
				 kit_pattern_count(size, 9));
		ck_assert_msg(kit_calls(KIT_read) == reads_for(size, sizes[i]),
			      _("with bufsize %zu: %u read() calls, expected "
				"%u"),
			      sizes[i], kit_calls(KIT_read),
			      reads_for(size, sizes[i]));
		ck_assert_not_called(mmap);
	}
}

KIT_TEST(count_read_retries_eintr,
	 .desc = N_("when a signal interrupts read() (EINTR), fio_count_read "
		    "calls it again and still counts right"),
	 .hint = N_("EINTR is not an error of the file: loop while read() "
		    "returns -1 with errno == EINTR."))
{
	off_t size = 5 * (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", size);

	kit_fail_nth(KIT_read, 2, EINTR);
	ck_assert_int_eq(fio_count_read(path, 200, kit_page_size()),
			 kit_pattern_count(size, 200));
}

KIT_TEST(count_read_errors,
	 .desc = N_("fio_count_read: -1 with ENOENT for a missing file, EINVAL "
		    "for a buffer of 0 bytes, ENOMEM for one too big to "
		    "allocate, and no descriptor or buffer left"),
	 .hint = N_("Free the buffer and close the file on every error path; "
		    "check bufsize before allocating anything."))
{
	const char *missing = kit_path("no-such-file");
	const char *abc = kit_file_with("a", "abc", 3);
	struct kit_snapshot before;
	size_t heap;

	kit_snapshot_take(&before);
	heap = heap_in_use();
	errno = 0;
	ck_assert_int_eq(fio_count_read(missing, 'a', kit_page_size()), -1);
	ck_assert_errno(ENOENT);
	errno = 0;
	ck_assert_int_eq(fio_count_read(abc, 'a', 0), -1);
	ck_assert_errno(EINVAL);
	ck_assert_fails_with(fio_count_read(abc, 'a', SIZE_MAX / 2), -1, ENOMEM);
	ck_assert_no_heap_leak(heap);
	/* Descriptors, and not mappings: malloc may map memory. */
	ck_assert_no_fd_leak(&before);
}

KIT_TEST(count_read_short_reads, .points = 2,
	 .desc = N_("fio_count_read keeps reading after a short read: a pipe "
		    "(FIFO) that gives 100 bytes at a time is counted to its "
		    "end"),
	 .hint = N_("Only a read() that returns 0 is the end of the file: a "
		    "count smaller than bufsize is not."))
{
	const char *fifo = kit_path("fifo");
	off_t size = 1000;
	pid_t pid;
	int status;

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	pid = fifo_writer(fifo, size, 100);
	ck_assert_int_eq(fio_count_read(fifo, kit_pattern_byte(3), kit_page_size()),
			 kit_pattern_count(size, kit_pattern_byte(3)));
	status = reap(pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      _("the writer of the pipe did not finish (status %#x): "
			"the reader stopped early"), status);
}

KIT_TEST(count_read_read_error,
	 .desc = N_("when read() fails (EIO), fio_count_read returns -1 with "
		    "EIO, closes the file and frees the buffer"),
	 .hint = N_("read() returning -1 (other than EINTR) ends the loop as a "
		    "failure: close, free, and return -1 with read's errno."))
{
	const char *path = kit_file_pattern("data.bin", 10000);
	struct kit_snapshot before;
	size_t heap;

	kit_snapshot_take(&before);
	heap = heap_in_use();
	kit_fail_nth(KIT_read, 2, EIO);
	ck_assert_fails_with(fio_count_read(path, 1, kit_page_size()), -1, EIO);
	ck_assert_no_heap_leak(heap);
	ck_assert_no_fd_leak(&before);
}

KIT_TEST(scans_open_read_only,
	 .desc = N_("both scans open the file O_RDONLY and count a file that "
		    "nobody may write to"),
	 .hint = N_("The scans only read: open(path, O_RDONLY)."))
{
	off_t size = 2 * (off_t)kit_page_size() + 7;
	const char *path = read_only_file("ro.bin", size);

	kit_calls_reset();
	ck_assert_int_eq(fio_count_read(path, 5, 1000), kit_pattern_count(size, 5));
	ck_assert_msg(open_flags_of(path) != -1 &&
		      (open_flags_of(path) & O_ACCMODE) == O_RDONLY,
		      _("fio_count_read did not open the file O_RDONLY"));
	kit_calls_reset();
	ck_assert_int_eq(fio_count_mmap(path, 5, 0), kit_pattern_count(size, 5));
	ck_assert_msg(open_flags_of(path) != -1 &&
		      (open_flags_of(path) & O_ACCMODE) == O_RDONLY,
		      _("fio_count_mmap did not open the file O_RDONLY"));
}

/* --- scanning with mmap() ----------------------------------------------- */

KIT_TEST(count_mmap_no_read, .points = 2,
	 .desc = N_("fio_count_mmap counts through one read-only mapping, "
		    "without read() and without advice unless asked"),
	 .hint = N_("open, fstat for the size, mmap(PROT_READ), close, count, "
		    "munmap: no read(), no pread(), no madvise() when flags is "
		    "0."))
{
	off_t size = 3 * (off_t)kit_page_size() + 17;
	const char *path = kit_file_pattern("data.bin", size);

	kit_calls_reset();
	ck_assert_int_eq(fio_count_mmap(path, 5, 0), kit_pattern_count(size, 5));
	ck_assert_calls(mmap, 1);
	ck_assert_msg(kit_last_mmap()->prot == PROT_READ,
		      _("the file is only read: map it with PROT_READ alone"));
	ck_assert_not_called(read);
	ck_assert_not_called(pread);
	ck_assert_not_called(madvise);
}

KIT_TEST(count_mmap_sequential,
	 .desc = N_("fio_count_mmap with FIO_SEQUENTIAL calls madvise() once; "
		    "unknown flags are EINVAL"),
	 .hint = N_("madvise(addr, size, MADV_SEQUENTIAL) on the mapping, "
		    "before the scan; refuse any bit other than "
		    "FIO_SEQUENTIAL."))
{
	off_t size = 4 * (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", size);

	kit_calls_reset();
	ck_assert_int_eq(fio_count_mmap(path, 77, FIO_SEQUENTIAL),
			 kit_pattern_count(size, 77));
	ck_assert_calls(madvise, 1);
	ck_assert_uint_eq(sequential_advice_on_mappings(), 1);
	ck_assert_not_called(read);
	errno = 0;
	ck_assert_int_eq(fio_count_mmap(path, 77, 2), -1);
	ck_assert_errno(EINVAL);
}

KIT_TEST(count_mmap_failure,
	 .desc = N_("when mmap fails, fio_count_mmap returns -1 with mmap's "
		    "errno, gives no advice and closes the file"),
	 .hint = N_("Compare with MAP_FAILED, not NULL, and close the "
		    "descriptor on that path too."))
{
	const char *path = kit_file_pattern("data.bin", 1000);
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	errno = 0;
	ck_assert_int_eq(fio_count_mmap(path, 1, 0), -1);
	ck_assert_errno(ENOMEM);
	ck_assert_no_leaks(&before);
	kit_calls_reset();
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(fio_count_mmap(path, 1, FIO_SEQUENTIAL), -1, ENOMEM);
	ck_assert_uint_eq(sequential_advice_on_mappings(), 0);
	ck_assert_no_leaks(&before);
}

KIT_TEST(count_mmap_errors,
	 .desc = N_("fio_count_mmap returns -1 with the errno of open or fstat "
		    "when they fail, and leaves nothing behind"),
	 .hint = N_("Return -1 when open fails; when fstat fails, close the "
		    "file first, keeping fstat's errno."))
{
	const char *path = kit_file_pattern("data.bin", 3000);
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	ck_assert_fails_with(fio_count_mmap(kit_path("no-such-file"), 1, 0), -1,
			     ENOENT);
	kit_fail_nth(KIT_fstat, 1, EIO);
	ck_assert_fails_with(fio_count_mmap(path, 1, FIO_SEQUENTIAL), -1, EIO);
	ck_assert_no_leaks(&before);
}

/* --- both scans on awkward files ---------------------------------------- */

KIT_TEST(count_partial_last_page, .points = 2,
	 .desc = N_("both scans count exactly size bytes when the size is not "
		    "a multiple of the page size"),
	 .hint = N_("A mapping's last page is filled with zeros past the end "
		    "of the file: scan st_size bytes, not whole pages."))
{
	off_t size = 2 * (off_t)kit_page_size() + 123;
	const char *path = kit_file_pattern("odd.bin", size);

	ck_assert_int_eq(fio_count_mmap(path, 0, 0), kit_pattern_count(size, 0));
	ck_assert_int_eq(fio_count_mmap(path, 42, FIO_SEQUENTIAL),
			 kit_pattern_count(size, 42));
	ck_assert_int_eq(fio_count_read(path, 0, 1000), kit_pattern_count(size, 0));
	ck_assert_int_eq(fio_count_read(path, 42, kit_page_size()),
			 kit_pattern_count(size, 42));
}

KIT_TEST(count_empty_file,
	 .desc = N_("both scans return 0 for an empty file: one read() that "
		    "returns 0, and no mapping at all"),
	 .hint = N_("mmap refuses a length of 0 (EINVAL): check the size fstat "
		    "gives before mapping."))
{
	const char *path = kit_file_with("empty", "", 0);

	kit_calls_reset();
	ck_assert_int_eq(fio_count_read(path, 0, 100), 0);
	ck_assert_calls(read, 1);
	kit_calls_reset();
	ck_assert_int_eq(fio_count_mmap(path, 0, FIO_SEQUENTIAL), 0);
	ck_assert_not_called(mmap);
	ck_assert_not_called(madvise);
}

KIT_TEST(count_large_sparse, .points = 2, .timeout = 60,
	 .desc = N_("both scans handle a 96 MiB sparse file (holes read as "
		    "zeros)"),
	 .hint = N_("Keep sizes and counts in size_t, off_t or long long, "
		    "never int; a hole reads as zeros through read() and mmap "
		    "alike."))
{
	off_t size = 96L << 20;
	const char *path = kit_file_sparse("big.bin", size);

	ck_assert_int_eq(fio_count_mmap(path, 0, FIO_SEQUENTIAL),
			 sparse_count(size, 0));
	ck_assert_int_eq(fio_count_read(path, 0, 1 << 20), sparse_count(size, 0));
	ck_assert_int_eq(fio_count_read(path, kit_pattern_byte(0), 1 << 16),
			 sparse_count(size, kit_pattern_byte(0)));
}

KIT_TEST(count_leaves_nothing,
	 .desc = N_("after either scan no mapping, no descriptor and no buffer "
		    "is left"),
	 .hint = N_("Every mmap needs its munmap, every open its close."))
{
	off_t size = 5 * (off_t)kit_page_size();
	const char *path = kit_file_pattern("data.bin", size);
	struct kit_snapshot before;

	size_t heap;

	kit_snapshot_take(&before);
	ck_assert_int_eq(fio_count_mmap(path, 9, 0), kit_pattern_count(size, 9));
	ck_assert_no_leaks(&before);
	heap = heap_in_use();
	ck_assert_int_eq(fio_count_read(path, 9, kit_page_size()), kit_pattern_count(size, 9));
	ck_assert_no_heap_leak(heap);
	ck_assert_no_fd_leak(&before);
}

/* --- copying with read() and write() ------------------------------------ */

KIT_TEST(copy_read_copies, .points = 2,
	 .desc = N_("fio_copy_read copies 3.5 pages with a 1000-byte buffer: "
		    "one write() per chunk read"),
	 .hint = N_("Write exactly the bytes each read() gave (write_all), no "
		    "more."))
{
	off_t size = 7 * (off_t)kit_page_size() / 2;
	const char *src = kit_file_pattern("src.bin", size);
	const char *dst = kit_path("dst.bin");

	kit_calls_reset();
	ck_assert_int_eq(fio_copy_read(src, dst, 1000), 0);
	ck_assert_calls(read, reads_for(size, 1000));
	ck_assert_calls(write, reads_for(size, 1000) - 1);
	ck_assert_not_called(mmap);
	ck_assert_same_file(src, dst);
}

KIT_TEST(copy_read_truncates,
	 .desc = N_("fio_copy_read truncates a longer destination, and copies "
		    "an empty source as an empty file"),
	 .hint = N_("Open the destination with O_CREAT | O_TRUNC."))
{
	const char *src = kit_file_pattern("src.bin", 300);
	const char *empty = kit_file_with("empty", "", 0);
	const char *dst = kit_file_pattern("dst.bin", 5000);

	ck_assert_int_eq(fio_copy_read(src, dst, 64), 0);
	ck_assert_same_file(src, dst);
	ck_assert_int_eq(fio_copy_read(empty, dst, 64), 0);
	ck_assert_same_file(empty, dst);
}

KIT_TEST(copy_read_write_error, .points = 2,
	 .desc = N_("when write() fails (disk full), fio_copy_read returns -1 "
		    "with ENOSPC, closes both files and frees the buffer"),
	 .hint = N_("Stop at the first failed write, keep its errno, and close "
		    "both descriptors on the way out."))
{
	const char *src = kit_file_pattern("src.bin", 10000);
	const char *dst = kit_path("dst.bin");
	struct kit_snapshot before;
	size_t heap;

	kit_snapshot_take(&before);
	heap = heap_in_use();
	kit_fail_nth(KIT_write, 2, ENOSPC);
	errno = 0;
	ck_assert_int_eq(fio_copy_read(src, dst, kit_page_size()), -1);
	ck_assert_errno(ENOSPC);
	ck_assert_no_heap_leak(heap);
	ck_assert_no_fd_leak(&before);
}

KIT_TEST(copy_read_retries_eintr,
	 .desc = N_("fio_copy_read retries a read() and a write() interrupted "
		    "by a signal (EINTR) and copies everything"),
	 .hint = N_("The same loop as for read(): while -1 with EINTR, call "
		    "write() again with the same bytes."))
{
	const char *src = kit_file_pattern("src.bin", 10000);
	const char *dst = kit_path("dst.bin");

	kit_fail_nth(KIT_read, 3, EINTR);
	kit_fail_nth(KIT_write, 1, EINTR);
	ck_assert_int_eq(fio_copy_read(src, dst, 1000), 0);
	ck_assert_same_file(src, dst);
}

KIT_TEST(copy_read_short_write, .points = 2,
	 .desc = N_("after a short write(), fio_copy_read writes the rest, and "
		    "reports the error that write gives (EFBIG past the file "
		    "size limit)"),
	 .hint = N_("write() may write fewer bytes than asked: loop on the "
		    "bytes left (buf += n, len -= n) until none are left or "
		    "write fails."))
{
	const char *src = kit_file_pattern("src.bin", 3000);
	const char *dst = kit_path("dst.bin");
	struct kit_snapshot before;
	struct rlimit old, lim;
	const struct kit_call_args *w;
	long long rc;
	int err;

	/* A file size limit of 2500 bytes: the first write() of the 3000
	 * bytes writes 2500, the next one fails with EFBIG. */
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 2500;
	signal(SIGXFSZ, SIG_IGN);
	kit_snapshot_take(&before);
	kit_calls_reset();
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	errno = 0;
	rc = fio_copy_read(src, dst, kit_page_size());
	err = errno;
	setrlimit(RLIMIT_FSIZE, &old);
	ck_assert_msg(rc == -1, _("fio_copy_read returned %lld after writing "
				  "2500 bytes of 3000: the short write was "
				  "not continued"), rc);
	errno = err;
	ck_assert_errno(EFBIG);
	w = kit_nth_call(KIT_write, 2);
	ck_assert_msg(w != NULL, _("write() was called once: after a short "
				   "write, write the rest"));
	ck_assert_msg(w->arg[2] == 500, _("after writing 2500 bytes of 3000, "
					  "the next write() asks for %ld "
					  "bytes, not the 500 left"),
		      w->arg[2]);
	ck_assert_msg(w->arg[1] == kit_nth_call(KIT_write, 1)->arg[1] + 2500,
		      _("after writing 2500 bytes of the buffer, the next "
			"write() does not start at the 2501st byte"));
	ck_assert_no_fd_leak(&before);
}

KIT_TEST(copy_read_errors, .points = 2,
	 .desc = N_("fio_copy_read fails with EINVAL for a buffer of 0 bytes, "
		    "ENOMEM for one too big to allocate, and the errno of open "
		    "or read, closing every file and freeing the buffer"),
	 .hint = N_("Check bufsize first; after each failure close what is "
		    "open, free the buffer, and return -1 with the failing "
		    "call's errno."))
{
	const char *src = kit_file_pattern("src.bin", 5000);
	const char *dst = kit_path("dst.bin");
	const char *missing = kit_path("no-such-file");
	const char *nodir = kit_path("no-dir/dst");
	struct kit_snapshot before;
	size_t heap;

	kit_snapshot_take(&before);
	heap = heap_in_use();
	ck_assert_fails_with(fio_copy_read(src, dst, 0), -1, EINVAL);
	ck_assert_fails_with(fio_copy_read(src, dst, SIZE_MAX / 2), -1, ENOMEM);
	ck_assert_fails_with(fio_copy_read(missing, dst, kit_page_size()), -1, ENOENT);
	ck_assert_fails_with(fio_copy_read(src, nodir, kit_page_size()), -1, ENOENT);
	kit_fail_nth(KIT_read, 2, EIO);
	ck_assert_fails_with(fio_copy_read(src, dst, kit_page_size()), -1, EIO);
	ck_assert_no_heap_leak(heap);
	ck_assert_no_fd_leak(&before);
}

KIT_TEST(copy_read_close_error,
	 .desc = N_("when close() of the destination fails (EIO: data lost), "
		    "fio_copy_read returns -1 with EIO"),
	 .hint = N_("The destination's close() is the last chance to learn "
		    "that the data did not reach the disk: check what it "
		    "returns."))
{
	const char *src = kit_file_pattern("src.bin", 3000);
	const char *dst = kit_path("dst.bin");
	int done = 0;

	/* Fail the first close(), then the second, until the failing one
	 * is the destination's: the source's may be closed first. */
	for (unsigned nth = 1; nth <= 2 && !done; nth++) {
		const struct kit_call_args *c;
		long long rc;
		int err, out;

		kit_calls_reset();
		kit_fail_nth(KIT_close, nth, EIO);
		errno = 0;
		rc = fio_copy_read(src, dst, 1000);
		err = errno;
		kit_fail_nth(KIT_close, 0, 0);
		c = kit_nth_call(KIT_close, nth);
		out = opened_fd_of(dst);
		ck_assert_msg(c != NULL && out >= 0, _("the destination was "
						       "never opened and "
						       "closed"));
		close((int)c->arg[0]);  /* the injected failure left it open */
		if (c->arg[0] != out)
			continue;
		ck_assert_msg(rc == -1, _("close() of the destination failed, "
					  "but fio_copy_read returned %lld"),
			      rc);
		errno = err;
		ck_assert_errno(EIO);
		done = 1;
	}
	ck_assert_msg(done, _("the destination was not closed among the "
			      "first two close() calls"));
}

KIT_TEST(copies_create_mode_0644,
	 .desc = N_("both copies create the destination with mode 0644 "
		    "(rw-r--r--)"),
	 .hint = N_("open(dst, ... | O_CREAT | O_TRUNC, 0644): with O_CREAT, "
		    "open takes the new file's mode as a third argument."))
{
	const char *src = kit_file_pattern("src.bin", 100);
	const char *by_read = kit_path("by-read.bin");
	const char *by_mmap = kit_path("by-mmap.bin");
	mode_t old = umask(0);
	long long r1 = fio_copy_read(src, by_read, 64);
	long long r2 = fio_copy_mmap(src, by_mmap, 0);

	umask(old);
	ck_assert_int_eq(r1, 0);
	ck_assert_int_eq(r2, 0);
	ck_assert_file_mode(by_read, 0644);
	ck_assert_file_mode(by_mmap, 0644);
}

KIT_TEST(copies_leave_nothing,
	 .desc = N_("after either copy no mapping, no descriptor and no buffer "
		    "is left"),
	 .hint = N_("Every mmap needs its munmap, every open its close."))
{
	const char *src = kit_file_pattern("src.bin", 3 * (off_t)kit_page_size() + 1);
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	ck_assert_int_eq(fio_copy_mmap(src, kit_path("a"), 0), 0);
	ck_assert_no_leaks(&before);
	ck_assert_int_eq(fio_copy_mmap(src, kit_path("b"), FIO_SEQUENTIAL), 0);
	ck_assert_no_leaks(&before);
	const char *c = kit_path("c");
	size_t heap = heap_in_use();

	ck_assert_int_eq(fio_copy_read(src, c, kit_page_size()), 0);
	ck_assert_no_heap_leak(heap);
	ck_assert_no_fd_leak(&before);
}

KIT_TEST(copy_read_small_buffers,
	 .desc = N_("fio_copy_read copies 100 bytes whole with buffers of 1, 3 "
		    "and 7 bytes"),
	 .hint = N_("Write every byte each read() gave, however few: write_all "
		    "loops while bytes are left, down to the last one."))
{
	const char *src = kit_file_pattern("src.bin", 100);
	const char *dst = kit_path("dst.bin");
	size_t sizes[] = { 1, 3, 7 };

	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(fio_copy_read(src, dst, sizes[i]), 0);
		ck_assert_same_file(src, dst);
	}
}

/* --- copying through mappings ------------------------------------------- */

KIT_TEST(copy_mmap_copies, .points = 2,
	 .desc = N_("fio_copy_mmap copies 3.5 pages through two mappings: "
		    "ftruncate once, no read(), no write()"),
	 .hint = N_("Open the destination O_RDWR (a shared writable mapping "
		    "needs it), ftruncate it to the source's size, then map "
		    "and memcpy."))
{
	off_t size = 7 * (off_t)kit_page_size() / 2;
	const char *src = kit_file_pattern("src.bin", size);
	const char *dst = kit_file_with("dst.bin", "old", 3);

	kit_calls_reset();
	ck_assert_int_eq(fio_copy_mmap(src, dst, 0), 0);
	ck_assert_calls(mmap, 2);
	ck_assert_msg(kit_mmap_calls_with(MAP_SHARED) >= 1,
		      _("the destination's mapping must be MAP_SHARED: a "
			"private one never reaches the file"));
	ck_assert_calls(ftruncate, 1);
	ck_assert_not_called(read);
	ck_assert_not_called(write);
	ck_assert_not_called(pread);
	ck_assert_not_called(pwrite);
	ck_assert_not_called(madvise);
	ck_assert_same_file(src, dst);
}

KIT_TEST(copy_mmap_sequential,
	 .desc = N_("fio_copy_mmap with FIO_SEQUENTIAL advises both mappings; "
		    "unknown flags are EINVAL"),
	 .hint = N_("One madvise(MADV_SEQUENTIAL) per mapping."))
{
	off_t size = 3 * (off_t)kit_page_size();
	const char *src = kit_file_pattern("src.bin", size);
	const char *dst = kit_path("dst.bin");

	kit_calls_reset();
	ck_assert_int_eq(fio_copy_mmap(src, dst, FIO_SEQUENTIAL), 0);
	ck_assert_calls(madvise, 2);
	ck_assert_uint_eq(sequential_advice_on_mappings(), 2);
	ck_assert_same_file(src, dst);
	errno = 0;
	ck_assert_int_eq(fio_copy_mmap(src, dst, 4), -1);
	ck_assert_errno(EINVAL);
}

KIT_TEST(advice_failure_ignored,
	 .desc = N_("a failed madvise() changes nothing: the mmap scan and "
		    "copy still succeed and leave nothing behind"),
	 .hint = N_("The advice is only a hint: ignore what madvise() "
		    "returns."))
{
	off_t size = 3 * (off_t)kit_page_size() + 1;
	const char *src = kit_file_pattern("src.bin", size);
	const char *dst = kit_path("dst.bin");
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	kit_fail_nth(KIT_madvise, 1, EINVAL);
	ck_assert_int_eq(fio_count_mmap(src, 8, FIO_SEQUENTIAL),
			 kit_pattern_count(size, 8));
	ck_assert_no_leaks(&before);
	for (unsigned nth = 1; nth <= 2; nth++) {
		kit_fail_nth(KIT_madvise, nth, EINVAL);
		ck_assert_int_eq(fio_copy_mmap(src, dst, FIO_SEQUENTIAL), 0);
		kit_fail_nth(KIT_madvise, 0, 0);
		ck_assert_no_leaks(&before);
		ck_assert_same_file(src, dst);
	}
}

KIT_TEST(copy_mmap_empty,
	 .desc = N_("fio_copy_mmap of an empty file truncates the destination "
		    "to 0 bytes and maps nothing"),
	 .hint = N_("Nothing to map: create and truncate the destination, then "
		    "stop."))
{
	const char *src = kit_file_with("empty", "", 0);
	const char *dst = kit_file_pattern("dst.bin", 5000);

	kit_calls_reset();
	ck_assert_int_eq(fio_copy_mmap(src, dst, 0), 0);
	ck_assert_not_called(mmap);
	ck_assert_same_file(src, dst);
}

KIT_TEST(copy_mmap_failure,
	 .desc = N_("when the second mmap fails, fio_copy_mmap returns -1 with "
		    "its errno and leaves no mapping and no descriptor"),
	 .hint = N_("Unwind in reverse order: unmap the source, close both "
		    "files; goto labels keep that readable."))
{
	const char *src = kit_file_pattern("src.bin", 3 * (off_t)kit_page_size());
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	kit_fail_nth(KIT_mmap, 2, ENOMEM);
	errno = 0;
	ck_assert_int_eq(fio_copy_mmap(src, kit_path("dst.bin"), 0), -1);
	ck_assert_errno(ENOMEM);
	ck_assert_no_leaks(&before);
}

KIT_TEST(copy_mmap_errors, .points = 2,
	 .desc = N_("fio_copy_mmap returns -1 with the errno of open, fstat, "
		    "ftruncate or the first mmap, and leaves nothing behind"),
	 .hint = N_("Undo in reverse order what was done: unmap the source, "
		    "close the files, keeping the errno of the call that "
		    "failed."))
{
	const char *src = kit_file_pattern("src.bin", 3 * (off_t)kit_page_size());
	const char *dst = kit_path("dst.bin");
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	ck_assert_fails_with(fio_copy_mmap(kit_path("no-such-file"), dst, 0), -1,
			     ENOENT);
	ck_assert_fails_with(fio_copy_mmap(src, kit_path("no-dir/dst"), 0), -1,
			     ENOENT);
	ck_assert_no_leaks(&before);
	kit_fail_nth(KIT_fstat, 1, EIO);
	ck_assert_fails_with(fio_copy_mmap(src, dst, 0), -1, EIO);
	ck_assert_no_leaks(&before);
	kit_fail_nth(KIT_ftruncate, 1, EFBIG);
	ck_assert_fails_with(fio_copy_mmap(src, dst, 0), -1, EFBIG);
	ck_assert_no_leaks(&before);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(fio_copy_mmap(src, dst, 0), -1, ENOMEM);
	ck_assert_no_leaks(&before);
}

KIT_TEST(copies_small_files, .points = 2,
	 .desc = N_("both copies are exact for files of 1 byte, a page and a "
		    "page + 1, and leave nothing behind"),
	 .hint = N_("Only an empty file is special: map, copy and unmap size "
		    "bytes whatever the size."))
{
	off_t page = (off_t)kit_page_size();
	off_t sizes[] = { 1, page, page + 1 };
	const char *by_read = kit_path("by-read.bin");
	const char *by_mmap = kit_path("by-mmap.bin");
	struct kit_snapshot before;
	char name[32];

	kit_snapshot_take(&before);
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "src%d.bin", i);
		const char *src = kit_file_pattern(name, sizes[i]);

		ck_assert_int_eq(fio_copy_mmap(src, by_mmap, 0), 0);
		ck_assert_no_leaks(&before);
		ck_assert_same_file(src, by_mmap);
		ck_assert_int_eq(fio_copy_read(src, by_read, kit_page_size()), 0);
		ck_assert_no_fd_leak(&before);
		ck_assert_same_file(src, by_read);
	}
	/* The pattern's byte 0 is 0, as a fresh ftruncate gives: one more
	 * byte that is not. */
	const char *one = kit_file_with("one.txt", "Z", 1);

	ck_assert_int_eq(fio_copy_mmap(one, by_mmap, 0), 0);
	ck_assert_no_leaks(&before);
	ck_assert_same_file(one, by_mmap);
	ck_assert_int_eq(fio_copy_read(one, by_read, kit_page_size()), 0);
	ck_assert_same_file(one, by_read);
}

KIT_TEST(copies_read_only_source,
	 .desc = N_("both copies open the source O_RDONLY: a source nobody may "
		    "write to is copied"),
	 .hint = N_("The source is only read: open(src, O_RDONLY)."))
{
	off_t size = 2 * (off_t)kit_page_size() + 3;
	const char *src = read_only_file("ro.bin", size);
	const char *by_read = kit_path("by-read.bin");
	const char *by_mmap = kit_path("by-mmap.bin");

	kit_calls_reset();
	ck_assert_int_eq(fio_copy_read(src, by_read, 1000), 0);
	ck_assert_msg(open_flags_of(src) != -1 &&
		      (open_flags_of(src) & O_ACCMODE) == O_RDONLY,
		      _("fio_copy_read did not open the source O_RDONLY"));
	ck_assert_same_file(src, by_read);
	kit_calls_reset();
	ck_assert_int_eq(fio_copy_mmap(src, by_mmap, 0), 0);
	ck_assert_msg(open_flags_of(src) != -1 &&
		      (open_flags_of(src) & O_ACCMODE) == O_RDONLY,
		      _("fio_copy_mmap did not open the source O_RDONLY"));
	ck_assert_msg(mmaps_with_prot(PROT_READ, 0) == 1,
		      _("the source must be mapped once, read-only (PROT_READ "
			"alone)"));
	ck_assert_same_file(src, by_mmap);
}

KIT_TEST(descriptor_zero,
	 .desc = N_("all four functions work when open() gives descriptor 0"),
	 .hint = N_("open() returns the lowest free descriptor, which may be "
		    "0: only -1 is a failure (fd < 0 or fd == -1, not fd <= "
		    "0)."))
{
	off_t size = (off_t)kit_page_size() + 9;
	const char *src = kit_file_pattern("src.bin", size);
	const char *by_read = kit_path("by-read.bin");
	const char *by_mmap = kit_path("by-mmap.bin");
	long long by_r = 0, by_m = 0;
	int rc_r = 0, rc_m = 0;

	WITH_FD0_FREE(by_r = fio_count_read(src, 4, kit_page_size()));
	WITH_FD0_FREE(by_m = fio_count_mmap(src, 4, 0));
	WITH_FD0_FREE(rc_r = fio_copy_read(src, by_read, kit_page_size()));
	WITH_FD0_FREE(rc_m = fio_copy_mmap(src, by_mmap, 0));
	ck_assert_int_eq(by_r, kit_pattern_count(size, 4));
	ck_assert_int_eq(by_m, kit_pattern_count(size, 4));
	ck_assert_int_eq(rc_r, 0);
	ck_assert_same_file(src, by_read);
	ck_assert_int_eq(rc_m, 0);
	ck_assert_same_file(src, by_mmap);
}

KIT_TEST(copy_large_sparse, .points = 2, .timeout = 60,
	 .desc = N_("both copies reproduce a 32 MiB sparse file byte for byte"),
	 .hint = N_("Sizes in size_t and off_t; with mmap, ftruncate gives the "
		    "destination its size before it is mapped."))
{
	off_t size = 32L << 20;
	const char *src = kit_file_sparse("big.bin", size);
	const char *by_mmap = kit_path("by-mmap.bin");
	const char *by_read = kit_path("by-read.bin");

	ck_assert_int_eq(fio_copy_mmap(src, by_mmap, FIO_SEQUENTIAL), 0);
	ck_assert_same_file(src, by_mmap);
	ck_assert_int_eq(fio_copy_read(src, by_read, 1 << 20), 0);
	ck_assert_same_file(src, by_read);
}
