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
	if (elem_size == 0) {
		errno = EINVAL;
		return -1;
	}
	v->base = NULL;
	v->elem_size = elem_size;
	v->len = 0;
	v->mapped = 0;
	return 0;
	//> (void)v;
	//> (void)elem_size;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int vm_vec_reserve(struct vm_vec *v, size_t n)
{
	/* TODO 2: Check that N * ELEM_SIZE, rounded up to pages, cannot
	 * overflow (ENOMEM).  If it fits in MAPPED, you are done.  Else compute the new length, max(2 * MAPPED,
	 * the bytes needed rounded up to pages), and get it: mmap the first
	 * time, mremap(MREMAP_MAYMOVE) afterwards.  Both return MAP_FAILED
	 * on failure, and then V must stay as it was. */
	size_t need, length;
	unsigned char *base;

	if (n > (SIZE_MAX - page_size()) / v->elem_size) {
		errno = ENOMEM;
		return -1;
	}
	need = n * v->elem_size;
	if (need <= v->mapped)
		return 0;
	length = page_round_up(need);
	if (length < 2 * v->mapped)
		length = 2 * v->mapped;
	if (v->base == NULL)
		base = mmap(NULL, length, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else
		base = mremap(v->base, v->mapped, length, MREMAP_MAYMOVE);
	if (base == MAP_FAILED)
		return -1;
	v->base = base;
	v->mapped = length;
	return 0;
	//> (void)v;
	//> (void)n;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int vm_vec_push(struct vm_vec *v, const void *elem)
{
	/* TODO 3: Reserve room for LEN + 1 elements, then copy ELEM in at
	 * index LEN.  Take the address only after reserving: the array may
	 * have moved. */
	if (vm_vec_reserve(v, v->len + 1) != 0)
		return -1;
	memcpy(v->base + v->len * v->elem_size, elem, v->elem_size);
	v->len++;
	return 0;
	//> (void)v;
	//> (void)elem;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

void *vm_vec_at(const struct vm_vec *v, size_t i)
{
	/* TODO 4: The address of element I, computed from the current BASE;
	 * NULL past LEN. */
	if (i >= v->len)
		return NULL;
	return v->base + i * v->elem_size;
	//> (void)v;
	//> (void)i;
	//> return NULL;
	/* END TODO */
}

int vm_vec_free(struct vm_vec *v)
{
	/* TODO 5: Unmap the array if anything is mapped, and leave V empty
	 * (keep ELEM_SIZE). */
	int result = 0;

	if (v->base != NULL)
		result = munmap(v->base, v->mapped);
	v->base = NULL;
	v->len = 0;
	v->mapped = 0;
	return result;
	//> (void)v;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* --- part 2: residency and MADV_DONTNEED -------------------------------- */

long vm_resident_pages(const void *addr, size_t len)
{
	/* TODO 6: Reject an unaligned ADDR (EINVAL).  mincore fills one byte
	 * per page; bit 0 says "resident".  A small vector on the stack is
	 * enough if you ask about the range a chunk of pages at a time. */
	size_t page = page_size();
	size_t npages = (len + page - 1) / page;
	unsigned char vec[256];
	long resident = 0;

	if ((uintptr_t)addr % page != 0) {
		errno = EINVAL;
		return -1;
	}
	for (size_t done = 0; done < npages; ) {
		size_t n = npages - done;

		if (n > sizeof vec)
			n = sizeof vec;
		if (mincore((char *)addr + done * page, n * page, vec) != 0)
			return -1;
		for (size_t i = 0; i < n; i++)
			resident += vec[i] & 1;
		done += n;
	}
	return resident;
	//> (void)addr;
	//> (void)len;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int vm_zero_range(void *addr, size_t len)
{
	/* TODO 7: Find the whole pages inside [ADDR, ADDR + LEN): from ADDR
	 * rounded up to END rounded down.  If there are none, memset the
	 * range.  Otherwise madvise(MADV_DONTNEED) them, then memset the
	 * pieces before and after them. */
	size_t page = page_size();
	uintptr_t start = (uintptr_t)addr, end = start + len;
	uintptr_t first = (start + page - 1) / page * page;
	uintptr_t last = end / page * page;

	if (first >= last) {
		memset(addr, 0, len);
		return 0;
	}
	if (madvise((void *)first, last - first, MADV_DONTNEED) != 0)
		return -1;
	memset(addr, 0, first - start);
	memset((void *)last, 0, end - last);
	return 0;
	//> (void)addr;
	//> (void)len;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* --- part 3: a table of records, synced with msync ---------------------- */

int vm_table_open(struct vm_table *t, const char *path, size_t rec_size,
		  size_t nrecords)
{
	/* TODO 8: Check the size (EINVAL if 0, ENOMEM if it overflows).  Open
	 * or create PATH read-write, ftruncate it to the size, map it shared
	 * and read-write, close the descriptor.  Fill T once all went well. */
	unsigned char *data;
	size_t size;
	int fd;

	if (rec_size == 0 || nrecords == 0) {
		errno = EINVAL;
		return -1;
	}
	if (nrecords > SIZE_MAX / rec_size) {
		errno = ENOMEM;
		return -1;
	}
	size = rec_size * nrecords;
	fd = open(path, O_RDWR | O_CREAT, 0644);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)size) != 0) {
		close_quietly(fd);
		return -1;
	}
	data = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close_quietly(fd);
	if (data == MAP_FAILED)
		return -1;
	t->data = data;
	t->rec_size = rec_size;
	t->nrecords = nrecords;
	return 0;
	//> (void)t;
	//> (void)path;
	//> (void)rec_size;
	//> (void)nrecords;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int vm_table_put(struct vm_table *t, size_t i, const void *rec)
{
	/* TODO 9: Copy REC into record I.  Then msync(MS_SYNC) from the start
	 * of the page holding the record's first byte to the record's end:
	 * the mapping starts on a page boundary, so rounding the offset in
	 * the file down to a page rounds the address too. */
	size_t page = page_size();
	size_t from, to;

	if (i >= t->nrecords) {
		errno = EINVAL;
		return -1;
	}
	from = i * t->rec_size;
	to = from + t->rec_size;
	memcpy(t->data + from, rec, t->rec_size);
	from = from / page * page;
	return msync(t->data + from, to - from, MS_SYNC);
	//> (void)t;
	//> (void)i;
	//> (void)rec;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int vm_table_close(struct vm_table *t)
{
	/* TODO 10: Unmap the whole table. */
	int result = munmap(t->data, t->rec_size * t->nrecords);

	t->data = NULL;
	return result;
	//> (void)t;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}
