/*
 * vmcalls.h - lab 10: mremap, madvise, mincore, msync.
 *
 * Four calls that work on mappings that already exist: mremap(2) resizes
 * (and may move) one, madvise(2) tells the kernel how its pages will be
 * used (or not), mincore(2) asks which of its pages are in memory, and
 * msync(2) writes a shared file mapping back to its file.  You implement
 * these functions in vmcalls.c.  Every function that fails returns -1 (or
 * NULL) with errno set, and leaves no mapping and no open descriptor
 * behind, unless its comment says otherwise.
 */
#ifndef VMCALLS_H
#define VMCALLS_H

#include <stddef.h>
#include <sys/types.h>

/* --- part 1: a growable array on mremap -------------------------------- */

/*
 * An array of elements of ELEM_SIZE bytes in a private anonymous mapping,
 * which grows with mremap(MREMAP_MAYMOVE).  When the kernel cannot grow the
 * mapping in place, it moves it: BASE changes, and every address into the
 * array taken before is dangling.  Indices stay valid, and so does the
 * content.
 */
struct vm_vec {
	unsigned char *base;    /* the mapping; NULL while MAPPED is 0    */
	size_t elem_size;       /* bytes per element                     */
	size_t len;             /* elements in use                       */
	size_t mapped;          /* bytes mapped, a multiple of the page  */
};

/* An empty array (nothing mapped).  ELEM_SIZE 0 fails with EINVAL. */
int vm_vec_init(struct vm_vec *v, size_t elem_size);

/*
 * Makes room for N elements in all.  Nothing to do if they fit in MAPPED
 * bytes.  Otherwise the new length is max(2 * MAPPED, N * ELEM_SIZE rounded
 * up to pages): the first time, mmap it (private, anonymous, read-write);
 * later, mremap(BASE, MAPPED, new length, MREMAP_MAYMOVE).
 *
 * Returns 0, or -1 with errno set, leaving the array unchanged:
 *   ENOMEM  N * ELEM_SIZE overflows, or is too large to be rounded up to
 *           whole pages (check N against (SIZE_MAX - page) / ELEM_SIZE
 *           before multiplying);
 *   or the errno of mmap(2) or mremap(2) when it fails.
 */
int vm_vec_reserve(struct vm_vec *v, size_t n);

/*
 * Appends a copy of the ELEM_SIZE bytes at ELEM (reserving LEN + 1).
 * Returns 0, or -1 with the errno of vm_vec_reserve (array unchanged).
 */
int vm_vec_push(struct vm_vec *v, const void *elem);

/*
 * The address of element I, NULL if I >= LEN.  Valid until the array
 * grows: keep indices, not addresses.
 */
void *vm_vec_at(const struct vm_vec *v, size_t i);

/*
 * Unmaps the array (its MAPPED bytes from BASE; no call when nothing is
 * mapped); V is empty again, its ELEM_SIZE kept, ready for new pushes.
 * Returns 0, or -1 with the errno of munmap(2) when it fails.
 */
int vm_vec_free(struct vm_vec *v);

/* --- part 2: which pages are in memory, and giving some back ------------ */

/*
 * How many pages of [ADDR, ADDR + LEN) are resident in memory, as mincore(2)
 * reports them: the entries whose bit 0 is set.  LEN need not be a page
 * multiple (the page holding the last byte counts); LEN 0 gives 0.  Any
 * length must do with a small array on the stack: ask mincore about a
 * bounded number of pages at a time (1 GiB is 262144 pages).
 *
 * Returns the count, or -1 with errno set:
 *   EINVAL  ADDR is not page-aligned (whatever LEN, even 0: check it first);
 *   ENOMEM  part of the range is not mapped;
 *   or whatever else mincore(2) reported when it failed.
 */
long vm_resident_pages(const void *addr, size_t len);

/*
 * Sets the LEN bytes at ADDR, which lie in a private anonymous mapping, to
 * zero.  The whole pages of the range are handed back to the kernel with one
 * madvise(MADV_DONTNEED): they read as zeros afterwards, and take no memory
 * until touched again.  The bytes in the partial pages at either end are
 * cleared with memset.  No whole page, no madvise call.  LEN 0 does nothing.
 * Returns 0, or -1 with the errno of madvise(2) when it fails.
 */
int vm_zero_range(void *addr, size_t len);

/* --- part 3: a table of records in a file, synced record by record ------ */

/* NRECORDS records of REC_SIZE bytes each, in a shared file mapping. */
struct vm_table {
	unsigned char *data;    /* the mapping of the whole file  */
	size_t rec_size;
	size_t nrecords;
};

/*
 * Opens the file at PATH (creating it, mode 0644, if needed), gives it
 * exactly NRECORDS * REC_SIZE bytes with ftruncate (existing records are
 * kept; new ones read as zeros), and maps it all, shared and read-write.
 * The descriptor is closed before returning, on success and on failure.
 *
 * Returns 0, or -1 with errno set, leaving nothing mapped and nothing open:
 *   EINVAL  REC_SIZE or NRECORDS is 0;
 *   ENOMEM  NRECORDS * REC_SIZE overflows;
 *           (both are found before the file is opened: nothing is created)
 *   or the errno of open(2), ftruncate(2) or mmap(2) when one fails.
 */
int vm_table_open(struct vm_table *t, const char *path, size_t rec_size,
		  size_t nrecords);

/*
 * Copies the REC_SIZE bytes at REC into record I, then msync(MS_SYNC)s the
 * pages that hold that record and no other: from the start of the page
 * that holds its first byte (msync wants a page-aligned address) to its
 * last byte.  The record is then in the file when the call returns.
 * Returns 0, or -1 with errno set: EINVAL if I >= NRECORDS (nothing is
 * copied or synced), or msync's errno when it fails.
 */
int vm_table_put(struct vm_table *t, size_t i, const void *rec);

/*
 * Unmaps the whole table (REC_SIZE * NRECORDS bytes from DATA).  Returns 0,
 * or -1 with the errno of munmap(2) when it fails.
 */
int vm_table_close(struct vm_table *t);

#endif
