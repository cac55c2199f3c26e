/*
 * filemap.h - lab 01: a file is a (big) variable.
 *
 * You implement these functions in filemap.c with mmap(2), munmap(2) and
 * msync(2): none of them may read() or write() the file's content.  Every
 * function that fails returns -1 (or NULL) with errno set by the call that
 * failed, and leaves no mapping and no open descriptor behind.  Once a file
 * is mapped its descriptor is closed: a function that succeeds leaves no
 * descriptor open either.  A file that is only read is opened O_RDONLY.
 */
#ifndef FILEMAP_H
#define FILEMAP_H

#include <stddef.h>
#include <sys/types.h>

/* Counts the bytes equal to BYTE in the file at PATH (0 for an empty file). */
long fm_count_byte(const char *path, unsigned char byte);

/*
 * A read-only view of a whole file: data[0 .. size-1] is its content.
 * Writing into it faults (SIGSEGV).  An empty file gives data NULL and
 * size 0, with nothing mapped.  fm_view_close unmaps the view, resets data
 * to NULL and size to 0, and returns 0, or -1 if munmap fails.
 */
struct fm_view {
	const unsigned char *data;   /* NULL when the file is empty */
	size_t size;
};

int fm_view_open(struct fm_view *view, const char *path);
int fm_view_close(struct fm_view *view);

/*
 * A window on LEN bytes of an open file starting at any OFFSET, page-aligned
 * or not: data[0] is the byte at OFFSET.  mmap only takes offsets that are a
 * multiple of the page size, so the window maps from the page holding OFFSET
 * and remembers where that mapping starts.  A LEN of 0 or a negative OFFSET
 * is refused with EINVAL; a failure of mmap is passed on (EBADF, EACCES...).
 */
struct fm_window {
	unsigned char *data;         /* the byte at the requested offset */
	size_t len;                  /* the requested length             */
	void *map_start;             /* what mmap returned               */
	size_t map_len;              /* what was mapped (mmap's length)  */
};

/* WRITABLE asks for a shared, writable window (writes reach the file);
 * otherwise the window is read-only (writing into it faults). */
int fm_window_map(struct fm_window *win, int fd, off_t offset, size_t len,
		  int writable);
/* Unmaps the window: 0, or -1 if munmap fails. */
int fm_window_unmap(struct fm_window *win);

/*
 * Replaces every byte FROM by TO in the file at PATH, in place, through a
 * shared mapping, and makes sure the change is written back before
 * returning: msync(MS_SYNC) over the whole mapping.  Returns the number of
 * bytes replaced (0 for an empty file, which is not mapped), or -1 if a
 * call fails, msync included.
 */
long fm_replace_byte(const char *path, unsigned char from, unsigned char to);

/*
 * Copies the file SRC to DST (created with mode 0644, or truncated) through
 * two mappings.  An empty SRC gives an empty DST.
 */
int fm_copy(const char *src, const char *dst);

/*
 * A private, writable copy of the file at PATH, opened O_RDONLY: writes to
 * it are seen by this process only and never reach the file (copy on
 * write).  *SIZE gets the file's size.  An empty file fails with EINVAL.
 * fm_private_close unmaps the copy: 0, or -1 if munmap fails.
 */
unsigned char *fm_private_open(const char *path, size_t *size);
int fm_private_close(unsigned char *data, size_t size);

#endif
