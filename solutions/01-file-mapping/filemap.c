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
	struct stat st;
	int fd = open(path, oflags);

	if (fd < 0)
		return MAP_FAILED;
	if (fstat(fd, &st) != 0) {
		close_quietly(fd);
		return MAP_FAILED;
	}
	*size = (size_t)st.st_size;
	//> int fd = -1;
	//> (void)path;
	//> (void)oflags;
	//> *size = 0;
	/* END TODO */

	/* TODO 2: Map the whole file (unless it is empty), then close the
	 * descriptor: the mapping stays valid without it (man 2 mmap). */
	void *data = NULL;

	if (*size > 0)
		data = mmap(NULL, *size, prot, flags, fd, 0);
	close_quietly(fd);
	return data;
	//> (void)prot;
	//> (void)flags;
	//> (void)fd;
	//> errno = ENOSYS;
	//> return MAP_FAILED;
	/* END TODO */
}

long fm_count_byte(const char *path, unsigned char byte)
{
	/* TODO 3: Map the file read-only, count the bytes equal to BYTE as
	 * if the file were an array, then unmap it. */
	size_t size;
	const unsigned char *data = map_file(path, O_RDONLY, PROT_READ,
					     MAP_PRIVATE, &size);
	long count = 0;

	if (data == MAP_FAILED)
		return -1;
	for (size_t i = 0; i < size; i++)
		count += data[i] == byte;
	if (data != NULL)
		munmap((void *)data, size);
	return count;
	//> (void)path;
	//> (void)byte;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int fm_view_open(struct fm_view *view, const char *path)
{
	/* TODO 4: Fill VIEW with a read-only mapping of the whole file. */
	void *data = map_file(path, O_RDONLY, PROT_READ, MAP_SHARED,
			      &view->size);

	if (data == MAP_FAILED)
		return -1;
	view->data = data;
	return 0;
	//> (void)view;
	//> (void)path;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int fm_view_close(struct fm_view *view)
{
	/* TODO 5: Unmap the view (an empty view has nothing mapped). */
	int rc = 0;

	if (view->data != NULL)
		rc = munmap((void *)view->data, view->size);
	view->data = NULL;
	view->size = 0;
	return rc;
	//> (void)view;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int fm_window_map(struct fm_window *win, int fd, off_t offset, size_t len,
		  int writable)
{
	/* TODO 6: mmap wants a page-aligned offset: map from the start of
	 * the page that holds OFFSET, for DELTA + LEN bytes, where DELTA is
	 * how far OFFSET lies into that page; the window starts DELTA bytes
	 * into the mapping.  A writable window is shared (MAP_SHARED). */
	off_t page = (off_t)sysconf(_SC_PAGESIZE);
	off_t aligned = offset - offset % page;
	size_t delta = (size_t)(offset - aligned);
	int prot = writable ? PROT_READ | PROT_WRITE : PROT_READ;
	void *start;

	if (len == 0 || offset < 0) {
		errno = EINVAL;
		return -1;
	}
	start = mmap(NULL, delta + len, prot, MAP_SHARED, fd, aligned);
	if (start == MAP_FAILED)
		return -1;
	win->map_start = start;
	win->map_len = delta + len;
	win->data = (unsigned char *)start + delta;
	win->len = len;
	return 0;
	//> (void)win;
	//> (void)fd;
	//> (void)offset;
	//> (void)len;
	//> (void)writable;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int fm_window_unmap(struct fm_window *win)
{
	/* TODO 7: Unmap what fm_window_map mapped: not DATA, which may not
	 * be page-aligned, but MAP_START. */
	return munmap(win->map_start, win->map_len);
	//> (void)win;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

long fm_replace_byte(const char *path, unsigned char from, unsigned char to)
{
	/* TODO 8: Map the file read-write and shared, replace the bytes in
	 * memory, then msync(MS_SYNC) so the file holds the change before
	 * you unmap it. */
	size_t size;
	unsigned char *data = map_file(path, O_RDWR, PROT_READ | PROT_WRITE,
				       MAP_SHARED, &size);
	long count = 0;

	if (data == MAP_FAILED)
		return -1;
	if (data == NULL)
		return 0;       /* an empty file: nothing mapped */
	for (size_t i = 0; i < size; i++)
		if (data[i] == from) {
			data[i] = to;
			count++;
		}
	if (msync(data, size, MS_SYNC) != 0) {
		int saved = errno;

		munmap(data, size);
		errno = saved;
		return -1;
	}
	munmap(data, size);
	return count;
	//> (void)path;
	//> (void)from;
	//> (void)to;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int fm_copy(const char *src, const char *dst)
{
	/* TODO 9: Map SRC read-only.  Create DST with mode 0644, give it
	 * SRC's size with ftruncate(2) (a mapping cannot make a file grow),
	 * map it shared and writable, then copy with memcpy. */
	size_t size;
	const unsigned char *in = map_file(src, O_RDONLY, PROT_READ,
					   MAP_PRIVATE, &size);
	unsigned char *out = NULL;
	int fd, rc = -1;

	if (in == MAP_FAILED)
		return -1;
	fd = open(dst, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		goto unmap_in;
	if (ftruncate(fd, (off_t)size) != 0)
		goto close_out;
	if (size > 0) {
		out = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (out == MAP_FAILED)
			goto close_out;
		memcpy(out, in, size);
		munmap(out, size);
	}
	rc = 0;
close_out:
	close_quietly(fd);
unmap_in:
	if (in != NULL) {
		int saved = errno;

		munmap((void *)in, size);
		errno = saved;
	}
	return rc;
	//> (void)src;
	//> (void)dst;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

unsigned char *fm_private_open(const char *path, size_t *size)
{
	/* TODO 10: Map the file readable and writable, but private: the
	 * kernel copies a page the first time you write to it, and the file
	 * never sees the copy.  An empty file fails with EINVAL. */
	unsigned char *data = map_file(path, O_RDONLY, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE, size);

	if (data == MAP_FAILED)
		return NULL;
	if (data == NULL)
		errno = EINVAL;
	return data;
	//> (void)path;
	//> (void)size;
	//> errno = ENOSYS;
	//> return NULL;
	/* END TODO */
}

int fm_private_close(unsigned char *data, size_t size)
{
	/* TODO 11: Unmap the private copy. */
	return munmap(data, size);
	//> (void)data;
	//> (void)size;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}
