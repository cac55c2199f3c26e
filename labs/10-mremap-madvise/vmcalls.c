/*
 * vmcalls.c - lab 10: mremap, madvise, mincore, msync.
 *
 * Solve the TODOs in order; `make` in this folder runs the tests.
 * Useful reading: man 2 mremap, man 2 madvise (MADV_DONTNEED),
 * man 2 mincore, man 2 msync, man 2 ftruncate.
 */
#define _GNU_SOURCE             /* mremap and MREMAP_MAYMOVE */
#include "vmcalls.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static inline size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* N rounded up to a multiple of the page size (N must leave room for it). */
static inline size_t page_round_up(size_t n)
{
	size_t page = page_size();

	return (n + page - 1) / page * page;
}

/* close() that keeps the errno of the failure being reported. */
static inline void close_quietly(int fd)
{
	int saved = errno;

	close(fd);
	errno = saved;
}

/* --- part 1: a growable array on mremap -------------------------------- */

int vm_vec_init(struct vm_vec *v, size_t elem_size)
{
	/* TODO 1: Reject an ELEM_SIZE of 0 (EINVAL), then make V an empty
	 * array: nothing mapped yet. */
	(void)v;
	(void)elem_size;
	errno = ENOSYS;
	return -1;
}

int vm_vec_reserve(struct vm_vec *v, size_t n)
{
	/* TODO 2: Check that N * ELEM_SIZE, rounded up to pages, cannot
	 * overflow (ENOMEM).  If it fits in MAPPED, you are done.  Else compute the new length, max(2 * MAPPED,
	 * the bytes needed rounded up to pages), and get it: mmap the first
	 * time, mremap(MREMAP_MAYMOVE) afterwards.  Both return MAP_FAILED
	 * on failure, and then V must stay as it was. */
	(void)v;
	(void)n;
	errno = ENOSYS;
	return -1;
}

int vm_vec_push(struct vm_vec *v, const void *elem)
{
	/* TODO 3: Reserve room for LEN + 1 elements, then copy ELEM in at
	 * index LEN.  Take the address only after reserving: the array may
	 * have moved. */
	(void)v;
	(void)elem;
	errno = ENOSYS;
	return -1;
}

void *vm_vec_at(const struct vm_vec *v, size_t i)
{
	/* TODO 4: The address of element I, computed from the current BASE;
	 * NULL past LEN. */
	(void)v;
	(void)i;
	return NULL;
}

int vm_vec_free(struct vm_vec *v)
{
	/* TODO 5: Unmap the array if anything is mapped, and leave V empty
	 * (keep ELEM_SIZE). */
	(void)v;
	errno = ENOSYS;
	return -1;
}

/* --- part 2: residency and MADV_DONTNEED -------------------------------- */

long vm_resident_pages(const void *addr, size_t len)
{
	/* TODO 6: Reject an unaligned ADDR (EINVAL).  mincore fills one byte
	 * per page; bit 0 says "resident".  A small vector on the stack is
	 * enough if you ask about the range a chunk of pages at a time. */
	(void)addr;
	(void)len;
	errno = ENOSYS;
	return -1;
}

int vm_zero_range(void *addr, size_t len)
{
	/* TODO 7: Find the whole pages inside [ADDR, ADDR + LEN): from ADDR
	 * rounded up to END rounded down.  If there are none, memset the
	 * range.  Otherwise madvise(MADV_DONTNEED) them, then memset the
	 * pieces before and after them. */
	(void)addr;
	(void)len;
	errno = ENOSYS;
	return -1;
}

/* --- part 3: a table of records, synced with msync ---------------------- */

int vm_table_open(struct vm_table *t, const char *path, size_t rec_size,
		  size_t nrecords)
{
	/* TODO 8: Check the size (EINVAL if 0, ENOMEM if it overflows).  Open
	 * or create PATH read-write, ftruncate it to the size, map it shared
	 * and read-write, close the descriptor.  Fill T once all went well. */
	(void)t;
	(void)path;
	(void)rec_size;
	(void)nrecords;
	errno = ENOSYS;
	return -1;
}

int vm_table_put(struct vm_table *t, size_t i, const void *rec)
{
	/* TODO 9: Copy REC into record I.  Then msync(MS_SYNC) from the start
	 * of the page holding the record's first byte to the record's end:
	 * the mapping starts on a page boundary, so rounding the offset in
	 * the file down to a page rounds the address too. */
	(void)t;
	(void)i;
	(void)rec;
	errno = ENOSYS;
	return -1;
}

int vm_table_close(struct vm_table *t)
{
	/* TODO 10: Unmap the whole table. */
	(void)t;
	errno = ENOSYS;
	return -1;
}
