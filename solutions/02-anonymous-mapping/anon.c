/*
 * anon.c - lab 02: memory that no file backs.
 *
 * Solve the TODOs in order (this file first, then arena.c); `make` in this
 * folder runs the tests.  Useful reading: man 2 mmap (MAP_ANONYMOUS),
 * man 2 munmap, man 2 fork, man 2 waitpid, man 2 mincore, man 2 _exit.
 */
#include "anon.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

void *anon_map(size_t len, int shared)
{
	/* TODO 1: Map LEN bytes readable and writable with MAP_ANONYMOUS
	 * (no file: fd -1, offset 0), and MAP_SHARED or MAP_PRIVATE as
	 * SHARED asks.  mmap itself refuses a length of 0 (EINVAL) and one
	 * it cannot round up to pages (ENOMEM); turn its MAP_FAILED into
	 * NULL. */
	int flags = MAP_ANONYMOUS | (shared ? MAP_SHARED : MAP_PRIVATE);
	void *addr;

	addr = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, -1, 0);
	return addr == MAP_FAILED ? NULL : addr;
	//> (void)len;
	//> (void)shared;
	//> errno = ENOSYS;
	//> return NULL;
	/* END TODO */
}

int anon_unmap(void *addr, size_t len)
{
	/* TODO 2: Give the pages back to the kernel. */
	return munmap(addr, len);
	//> (void)addr;
	//> (void)len;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int anon_child_store(long *slot, long value)
{
	/* TODO 3: fork().  The child stores VALUE into *SLOT and leaves
	 * with _exit(0): returning would run the rest of the parent's
	 * program a second time.  The parent waits for that very child
	 * with waitpid() (again if a signal interrupts it, EINTR) and
	 * returns the status it got. */
	int status;
	pid_t child = fork();

	if (child < 0)
		return -1;
	if (child == 0) {
		*slot = value;
		_exit(0);
	}
	while (waitpid(child, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	return status;
	//> (void)slot;
	//> (void)value;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

long anon_resident_pages(const void *addr, size_t len)
{
	/* TODO 4: mincore() fills one byte per page of the range; bit 0 of
	 * a byte says whether that page is resident.  Ask about a bounded
	 * number of pages at a time, so that a small array on the stack
	 * does for any length, and count the bytes with bit 0 set. */
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t left = (len + page - 1) / page;  /* pages still to ask about */
	uintptr_t at = (uintptr_t)addr;
#define CHUNK_PAGES 256             /* pages asked about per call */
	unsigned char vec[CHUNK_PAGES];
	long resident = 0;

	while (left > 0) {
		size_t pages = left < sizeof vec ? left : sizeof vec;

		if (mincore((void *)at, pages * page, vec) != 0)
			return -1;
		for (size_t i = 0; i < pages; i++)
			resident += vec[i] & 1;
		at += pages * page;
		left -= pages;
	}
	return resident;
	//> (void)addr;
	//> (void)len;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}
