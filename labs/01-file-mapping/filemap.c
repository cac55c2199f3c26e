/*
 * filemap.c - lab 01: a file is a (big) variable.
 *
 * Solve the TODOs in order; `make` in this folder runs the tests.
 * Useful reading: man 2 mmap, man 2 munmap, man 2 msync, man 2 fstat,
 * man 2 ftruncate, and sysconf(_SC_PAGESIZE) in man 3 sysconf.
 */
#include "filemap.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* close() that keeps the errno of the failure being reported. */
static inline void close_quietly(int fd)
{
	int saved = errno;

	close(fd);
	errno = saved;
}

/*
 * Maps the whole file at PATH, opened with OFLAGS, using PROT and FLAGS, and
 * stores its size in *SIZE.  An empty file maps to NULL with *SIZE = 0 (mmap
 * refuses a length of 0).  Returns MAP_FAILED on error.
 */
static inline void *map_file(const char *path, int oflags, int prot,
			     int flags, size_t *size)
{
	/* TODO 1: Open PATH with OFLAGS and learn the file's size with
	 * fstat(2).  On failure return MAP_FAILED with errno set. */
	int fd = -1;
	(void)path;
	(void)oflags;
	*size = 0;

	/* TODO 2: Map the whole file (unless it is empty), then close the
	 * descriptor: the mapping stays valid without it (man 2 mmap). */
	(void)prot;
	(void)flags;
	(void)fd;
	errno = ENOSYS;
	return MAP_FAILED;
}

long fm_count_byte(const char *path, unsigned char byte)
{
	/* TODO 3: Map the file read-only, count the bytes equal to BYTE as
	 * if the file were an array, then unmap it. */
	(void)path;
	(void)byte;
	errno = ENOSYS;
	return -1;
}

int fm_view_open(struct fm_view *view, const char *path)
{
	/* TODO 4: Fill VIEW with a read-only mapping of the whole file. */
	(void)view;
	(void)path;
	errno = ENOSYS;
	return -1;
}

int fm_view_close(struct fm_view *view)
{
	/* TODO 5: Unmap the view (an empty view has nothing mapped). */
	(void)view;
	errno = ENOSYS;
	return -1;
}

int fm_window_map(struct fm_window *win, int fd, off_t offset, size_t len,
		  int writable)
{
	/* TODO 6: mmap wants a page-aligned offset: map from the start of
	 * the page that holds OFFSET, for DELTA + LEN bytes, where DELTA is
	 * how far OFFSET lies into that page; the window starts DELTA bytes
	 * into the mapping.  A writable window is shared (MAP_SHARED). */
	(void)win;
	(void)fd;
	(void)offset;
	(void)len;
	(void)writable;
	errno = ENOSYS;
	return -1;
}

int fm_window_unmap(struct fm_window *win)
{
	/* TODO 7: Unmap what fm_window_map mapped: not DATA, which may not
	 * be page-aligned, but MAP_START. */
	(void)win;
	errno = ENOSYS;
	return -1;
}

long fm_replace_byte(const char *path, unsigned char from, unsigned char to)
{
	/* TODO 8: Map the file read-write and shared, replace the bytes in
	 * memory, then msync(MS_SYNC) so the file holds the change before
	 * you unmap it. */
	(void)path;
	(void)from;
	(void)to;
	errno = ENOSYS;
	return -1;
}

int fm_copy(const char *src, const char *dst)
{
	/* TODO 9: Map SRC read-only.  Create DST with mode 0644, give it
	 * SRC's size with ftruncate(2) (a mapping cannot make a file grow),
	 * map it shared and writable, then copy with memcpy. */
	(void)src;
	(void)dst;
	errno = ENOSYS;
	return -1;
}

unsigned char *fm_private_open(const char *path, size_t *size)
{
	/* TODO 10: Map the file readable and writable, but private: the
	 * kernel copies a page the first time you write to it, and the file
	 * never sees the copy.  An empty file fails with EINVAL. */
	(void)path;
	(void)size;
	errno = ENOSYS;
	return NULL;
}

int fm_private_close(unsigned char *data, size_t size)
{
	/* TODO 11: Unmap the private copy. */
	(void)data;
	(void)size;
	errno = ENOSYS;
	return -1;
}
