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
	off_t page = (off_t)page_size();
	off_t at;

	if (file_size < 0 || offset < 0 || offset % page != 0 || map_len == 0) {
		errno = EINVAL;
		return -1;
	}
	if (index >= page_round_up(map_len))
		return EOF_ZONE_OUTSIDE;
	at = offset + (off_t)index;
	if (at < file_size)
		return EOF_ZONE_FILE;
	/* The page that holds EOF ends at FILE_SIZE rounded up. */
	if (at < (file_size + page - 1) / page * page)
		return EOF_ZONE_TAIL;
	return EOF_ZONE_SIGBUS;
	//> (void)file_size;
	//> (void)offset;
	//> (void)map_len;
	//> (void)index;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* --- part 2 ------------------------------------------------------------- */

unsigned char *eof_map_pages(const char *path, size_t npages)
{
	/* TODO 2: Open PATH read-write, map NPAGES pages of it (shared,
	 * readable, writable) without looking at its size, close the
	 * descriptor.  NPAGES 0 must fail with EINVAL, and NPAGES so large
	 * that NPAGES * page size overflows with ENOMEM, with nothing left
	 * open. */
	unsigned char *map;
	size_t len;
	int fd;

	if (npages == 0) {
		errno = EINVAL;
		return NULL;
	}
	if (__builtin_mul_overflow(npages, page_size(), &len)) {
		errno = ENOMEM;
		return NULL;
	}
	fd = open(path, O_RDWR);
	if (fd < 0)
		return NULL;
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close_quietly(fd);
	return map == MAP_FAILED ? NULL : map;
	//> (void)path;
	//> (void)npages;
	//> errno = ENOSYS;
	//> return NULL;
	/* END TODO */
}

int eof_unmap_pages(unsigned char *map, size_t npages)
{
	/* TODO 3: Unmap the NPAGES pages at MAP. */
	return munmap(map, npages * page_size());
	//> (void)map;
	//> (void)npages;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* TODO 4: Write a SIGBUS handler for sigaction's SA_SIGINFO form, with
 * what it needs at file scope: a sigjmp_buf to jump back to, and a place
 * to note the faulting address (info->si_addr).  It notes the address,
 * then siglongjmp()s: returning from the handler would run the faulting
 * access again, and fault again, forever. */
static sigjmp_buf bus_return;
static void *volatile bus_address;

static void on_sigbus(int signo, siginfo_t *info, void *context)
{
	(void)context;
	bus_address = info->si_addr;
	siglongjmp(bus_return, signo);  /* sigsetjmp returns SIGBUS */
}
/* END TODO */

ssize_t eof_copy_checked(void *dst, const void *src, size_t len, void **fault)
{
	/* TODO 5: Install the handler for SIGBUS, keeping the old action.
	 * sigsetjmp(env, 1) returns 0 now, and the nonzero value the handler
	 * gives siglongjmp when it jumps back.
	 * Copy at most one page of SRC per memcpy, in order, counting what is
	 * done: when a page faults, the count stops at its start (memcpy may
	 * read a page in any order).  Then put the old action back.  A local
	 * variable changed after sigsetjmp must be volatile (man 3 setjmp). */
	size_t page = page_size();
	volatile size_t done = 0;
	/* Fields not named are zero; a zero sa_mask is the empty set. */
	struct sigaction action = { .sa_flags = SA_SIGINFO }, old_action;

	action.sa_sigaction = on_sigbus;
	if (sigaction(SIGBUS, &action, &old_action) != 0)
		return -1;
	*fault = NULL;
	if (sigsetjmp(bus_return, 1) == 0) {
		while (done < len) {
			const char *from = (const char *)src + done;
			size_t chunk = page - (uintptr_t)from % page;

			if (chunk > len - done)
				chunk = len - done;
			memcpy((char *)dst + done, from, chunk);
			done += chunk;
		}
	} else {
		*fault = bus_address;
	}
	sigaction(SIGBUS, &old_action, NULL);
	return (ssize_t)done;
	//> (void)dst;
	//> (void)src;
	//> (void)len;
	//> *fault = NULL;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* --- part 3 ------------------------------------------------------------- */

int eof_log_open(struct eof_log *log, const char *path)
{
	/* TODO 6: Open (or create, mode 0644) PATH read-write, learn its size
	 * with fstat(2), and map it all, shared, rounded up to whole pages;
	 * an empty file is not mapped.  Fill LOG only once all went well. */
	struct stat st;
	unsigned char *data = NULL;
	size_t mapped;
	int fd = open(path, O_RDWR | O_CREAT, 0644);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0) {
		close_quietly(fd);
		return -1;
	}
	mapped = page_round_up((size_t)st.st_size);
	if (mapped > 0) {
		data = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_SHARED,
			    fd, 0);
		if (data == MAP_FAILED) {
			close_quietly(fd);
			return -1;
		}
	}
	log->fd = fd;
	log->data = data;
	log->size = (size_t)st.st_size;
	log->mapped = mapped;
	return 0;
	//> (void)log;
	//> (void)path;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* Makes LOG's mapping at least NEED bytes long (step 1 of eof_log_append). */
static inline int log_make_room(struct eof_log *log, size_t need)
{
	/* TODO 7: Nothing to do if MAPPED already covers NEED.  Otherwise map
	 * max(2 * MAPPED, NEED rounded up) bytes of the file anew, and only
	 * then unmap the old mapping: if mmap fails, the log is untouched. */
	size_t length = page_round_up(need);
	unsigned char *data;

	if (need <= log->mapped)
		return 0;
	if (length < 2 * log->mapped)
		length = 2 * log->mapped;
	data = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED,
		    log->fd, 0);
	if (data == MAP_FAILED)
		return -1;
	if (log->data != NULL)
		munmap(log->data, log->mapped);
	log->data = data;
	log->mapped = length;
	return 0;
	//> (void)log;
	//> (void)need;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int eof_log_append(struct eof_log *log, const void *bytes, size_t len)
{
	/* TODO 8: Make room in the mapping, grow the file with ftruncate,
	 * and only then copy the bytes in: the copy must never touch a byte
	 * the file does not have yet. */
	size_t new_size = log->size + len;

	if (len == 0)
		return 0;
	if (log_make_room(log, new_size) != 0)
		return -1;
	if (ftruncate(log->fd, (off_t)new_size) != 0)
		return -1;
	memcpy(log->data + log->size, bytes, len);
	log->size = new_size;
	return 0;
	//> (void)log;
	//> (void)bytes;
	//> (void)len;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int eof_log_close(struct eof_log *log)
{
	/* TODO 9: Unmap the mapping (if any) and close the descriptor, even
	 * when munmap fails; -1 if either failed. */
	int result = 0;

	if (log->data != NULL && munmap(log->data, log->mapped) != 0)
		result = -1;
	if (close(log->fd) != 0)
		result = -1;
	log->data = NULL;
	log->mapped = 0;
	log->fd = -1;
	return result;
	//> (void)log;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}
