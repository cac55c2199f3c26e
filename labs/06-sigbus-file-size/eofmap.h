/*
 * eofmap.h - lab 06: SIGBUS and the size of a file.
 *
 * A mapping is made of whole pages; a file is made of bytes; and mmap(2)
 * never compares the length it maps with the size of the file.  Where the
 * two disagree, an access reads zeros, or loses what it writes, or raises
 * SIGBUS.  You implement these functions in eofmap.c.  Every function that
 * fails returns -1 (or NULL) with errno set, and leaves no mapping and no
 * open descriptor behind, unless its comment says otherwise.
 */
#ifndef EOFMAP_H
#define EOFMAP_H

#include <stddef.h>
#include <sys/types.h>

/* --- part 1: where does an access land? -------------------------------- */

/* What an access to one byte of a file mapping meets. */
enum eof_zone {
	EOF_ZONE_FILE = 1,   /* a byte of the file: reads it, a shared
				write changes it                            */
	EOF_ZONE_TAIL,       /* past EOF, but in the page that holds EOF:
				reads 0, a write never reaches the file      */
	EOF_ZONE_SIGBUS,     /* in a mapped page that lies wholly past EOF:
				any access raises SIGBUS (BUS_ADRERR)        */
	EOF_ZONE_OUTSIDE,    /* past the last page of the mapping: this
				mapping has nothing to say about it          */
};

/*
 * The zone of byte INDEX of a mapping of MAP_LEN bytes of a file of
 * FILE_SIZE bytes, made from OFFSET in the file.  mmap maps whole pages:
 * the mapping covers MAP_LEN rounded up to a multiple of the page size.
 * Returns an enum eof_zone, or -1 with errno EINVAL when FILE_SIZE is
 * negative, OFFSET is negative or not a multiple of the page size, or
 * MAP_LEN is 0 (mmap would refuse such a mapping).
 */
int eof_zone(off_t file_size, off_t offset, size_t map_len, size_t index);

/* --- part 2: mapping more pages than the file has ---------------------- */

/*
 * Maps NPAGES pages of the file at PATH from its first byte (one mmap of
 * NPAGES * page size bytes), shared, readable and writable, whatever the
 * size of the file, and closes the descriptor: the mapping keeps the file
 * open by itself.  Returns the mapping, or NULL: NPAGES == 0 fails with
 * EINVAL, an NPAGES so large that NPAGES * page size overflows with
 * ENOMEM; a failed open or mmap fails with its errno (ENOENT, EISDIR, ...),
 * with no descriptor left open.
 */
unsigned char *eof_map_pages(const char *path, size_t npages);

/*
 * Unmaps the NPAGES pages eof_map_pages mapped at MAP.  Returns 0, or -1
 * with munmap's errno.
 */
int eof_unmap_pages(unsigned char *map, size_t npages);

/*
 * Copies LEN bytes from SRC, a file mapping, to DST, ordinary memory, in
 * increasing address order, and survives a SIGBUS: when a page of SRC
 * cannot be read, the copy stops at the start of that page.
 *
 * Returns the number of bytes copied: LEN when nothing faulted, else the
 * number of bytes of SRC that lie before the page that faulted (DST holds
 * them), with *FAULT set to the address the kernel reported (si_addr).
 * *FAULT is NULL when nothing faulted.  Only SIGBUS is caught: a SIGSEGV
 * still kills the process.  The SIGBUS action in place before the call is
 * in place again when it returns.  LEN 0 copies nothing: returns 0, *FAULT
 * NULL.  If sigaction(2) fails, returns -1 with its errno, having copied
 * nothing, with the SIGBUS action unchanged.
 */
ssize_t eof_copy_checked(void *dst, const void *src, size_t len, void **fault);

/* --- part 3: appending through a mapping ------------------------------- */

/*
 * An append-only file written through a shared mapping.  The file always
 * holds exactly SIZE bytes.  The mapping may be longer than the file (it is
 * MAPPED bytes long, a multiple of the page size): that is allowed, as long
 * as nobody touches its pages past EOF.
 */
struct eof_log {
	int fd;                 /* open O_RDWR for ftruncate and mmap      */
	unsigned char *data;    /* the mapping; NULL while MAPPED is 0     */
	size_t size;            /* the file's size: every byte appended    */
	size_t mapped;          /* the mapping's length                    */
};

/*
 * Opens the file at PATH for appending, read-write, creating it with mode
 * 0644 (under the process's umask) if needed.  Existing content is kept:
 * SIZE is the file's size (fstat), and the file is mapped, shared, with
 * MAPPED = SIZE rounded up to a multiple of the page size (an empty file is
 * not mapped: DATA NULL, MAPPED 0).  Returns 0, or -1 with the errno of the
 * call that failed (open, fstat, mmap), with no descriptor left open and
 * nothing mapped.
 */
int eof_log_open(struct eof_log *log, const char *path);

/*
 * Appends the LEN bytes at BYTES to the file, in this order:
 *   1. if SIZE + LEN > MAPPED, map the file again, with a length of
 *      max(2 * MAPPED, SIZE + LEN rounded up to pages), then unmap the old
 *      mapping (mapping past EOF is fine; touching it is not);
 *   2. grow the file to SIZE + LEN bytes with ftruncate(2);
 *   3. copy the bytes: every byte written is now a byte of the file.
 * LEN == 0 does nothing and returns 0.  On failure returns -1 with errno
 * set; the file and SIZE are unchanged (step 1 may have left a larger
 * mapping in DATA and MAPPED: the log stays usable).
 */
int eof_log_append(struct eof_log *log, const void *bytes, size_t len);

/*
 * Unmaps the file (if anything is mapped) and closes it; the file keeps its
 * SIZE bytes.  The descriptor is closed even when munmap fails.  Returns 0,
 * or -1 with the errno of munmap or close, whichever failed.
 */
int eof_log_close(struct eof_log *log);

#endif
