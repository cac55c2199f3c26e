/*
 * eofmap.c - lab 06: SIGBUS and the size of a file.
 *
 * Solve the TODOs in order; `make` in this folder runs the tests.
 * Useful reading: man 2 mmap (the NOTES on SIGBUS), man 2 ftruncate,
 * man 2 sigaction (SA_SIGINFO, si_addr), man 3 sigsetjmp, man 3 siglongjmp.
 */
#include "eofmap.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static inline size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* N rounded up to a multiple of the page size. */
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

/* --- part 1 ------------------------------------------------------------- */

int eof_zone(off_t file_size, off_t offset, size_t map_len, size_t index)
{
	/* TODO 1: Check the arguments (EINVAL).  Then place the byte: past
	 * the mapping's last page, it is OUTSIDE; before EOF (file offset
	 * OFFSET + INDEX), it is FILE; in the page that holds EOF, it is
	 * TAIL; in any later page, it is SIGBUS. */
	(void)file_size;
	(void)offset;
	(void)map_len;
	(void)index;
	errno = ENOSYS;
	return -1;
}

/* --- part 2 ------------------------------------------------------------- */

unsigned char *eof_map_pages(const char *path, size_t npages)
{
	/* TODO 2: Open PATH read-write, map NPAGES pages of it (shared,
	 * readable, writable) without looking at its size, close the
	 * descriptor.  NPAGES 0 must fail with EINVAL, and NPAGES so large
	 * that NPAGES * page size overflows with ENOMEM, with nothing left
	 * open. */
	(void)path;
	(void)npages;
	errno = ENOSYS;
	return NULL;
}

int eof_unmap_pages(unsigned char *map, size_t npages)
{
	/* TODO 3: Unmap the NPAGES pages at MAP. */
	(void)map;
	(void)npages;
	errno = ENOSYS;
	return -1;
}

/* TODO 4: Write a SIGBUS handler for sigaction's SA_SIGINFO form, with
 * what it needs at file scope: a sigjmp_buf to jump back to, and a place
 * to note the faulting address (info->si_addr).  It notes the address,
 * then siglongjmp()s: returning from the handler would run the faulting
 * access again, and fault again, forever. */

ssize_t eof_copy_checked(void *dst, const void *src, size_t len, void **fault)
{
	/* TODO 5: Install the handler for SIGBUS, keeping the old action.
	 * sigsetjmp(env, 1) returns 0 now, and the nonzero value the handler
	 * gives siglongjmp when it jumps back.
	 * Copy at most one page of SRC per memcpy, in order, counting what is
	 * done: when a page faults, the count stops at its start (memcpy may
	 * read a page in any order).  Then put the old action back.  A local
	 * variable changed after sigsetjmp must be volatile (man 3 setjmp). */
	(void)dst;
	(void)src;
	(void)len;
	*fault = NULL;
	errno = ENOSYS;
	return -1;
}

/* --- part 3 ------------------------------------------------------------- */

int eof_log_open(struct eof_log *log, const char *path)
{
	/* TODO 6: Open (or create, mode 0644) PATH read-write, learn its size
	 * with fstat(2), and map it all, shared, rounded up to whole pages;
	 * an empty file is not mapped.  Fill LOG only once all went well. */
	(void)log;
	(void)path;
	errno = ENOSYS;
	return -1;
}

/* Makes LOG's mapping at least NEED bytes long (step 1 of eof_log_append). */
static inline int log_make_room(struct eof_log *log, size_t need)
{
	/* TODO 7: Nothing to do if MAPPED already covers NEED.  Otherwise map
	 * max(2 * MAPPED, NEED rounded up) bytes of the file anew, and only
	 * then unmap the old mapping: if mmap fails, the log is untouched. */
	(void)log;
	(void)need;
	errno = ENOSYS;
	return -1;
}

int eof_log_append(struct eof_log *log, const void *bytes, size_t len)
{
	/* TODO 8: Make room in the mapping, grow the file with ftruncate,
	 * and only then copy the bytes in: the copy must never touch a byte
	 * the file does not have yet. */
	(void)log;
	(void)bytes;
	(void)len;
	errno = ENOSYS;
	return -1;
}

int eof_log_close(struct eof_log *log)
{
	/* TODO 9: Unmap the mapping (if any) and close the descriptor, even
	 * when munmap fails; -1 if either failed. */
	(void)log;
	errno = ENOSYS;
	return -1;
}
