/*
 * filemap.h - lab 01: a file is a (big) variable.
 *
 * You implement these functions in filemap.c with mmap(2), munmap(2) and
 * msync(2): none of them may read() or write() the file's content.  Every
 * function that fails returns -1 (or NULL) with errno set, and leaves no
 * mapping and no open descriptor behind.
 */
#ifndef FILEMAP_H
#define FILEMAP_H

#include <stddef.h>
#include <sys/types.h>

/* Counts the bytes equal to BYTE in the file at PATH (0 for an empty file). */
long fm_count_byte(const char *path, unsigned char byte);

/* A read-only view of a whole file: data[0 .. size-1] is its content. */
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
 * and remembers where that mapping starts.
 */
struct fm_window {
	unsigned char *data;         /* the byte at the requested offset */
	size_t len;                  /* the requested length             */
	void *map_start;             /* what mmap returned               */
	size_t map_len;              /* what was mapped                  */
};

/* WRITABLE asks for a shared, writable window (writes reach the file). */
int fm_window_map(struct fm_window *win, int fd, off_t offset, size_t len,
		  int writable);
int fm_window_unmap(struct fm_window *win);

/*
 * Replaces every byte FROM by TO in the file at PATH, in place, through a
 * shared mapping, and makes sure the change is written back (msync) before
 * returning.  Returns the number of bytes replaced.
 */
long fm_replace_byte(const char *path, unsigned char from, unsigned char to);

/* Copies the file SRC to DST (created or truncated) through two mappings. */
int fm_copy(const char *src, const char *dst);

/*
 * A private, writable copy of the file at PATH: writes to it are seen by
 * this process only and never reach the file (copy on write).
 */
unsigned char *fm_private_open(const char *path, size_t *size);
int fm_private_close(unsigned char *data, size_t size);

#endif
