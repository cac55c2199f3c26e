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
	(void)len;
	(void)shared;
	errno = ENOSYS;
	return NULL;
}

int anon_unmap(void *addr, size_t len)
{
	/* TODO 2: Give the pages back to the kernel. */
	(void)addr;
	(void)len;
	errno = ENOSYS;
	return -1;
}

int anon_child_store(long *slot, long value)
{
	/* TODO 3: fork().  The child stores VALUE into *SLOT and leaves
	 * with _exit(0): returning would run the rest of the parent's
	 * program a second time.  The parent waits for that very child
	 * with waitpid() (again if a signal interrupts it, EINTR) and
	 * returns the status it got. */
	(void)slot;
	(void)value;
	errno = ENOSYS;
	return -1;
}

long anon_resident_pages(const void *addr, size_t len)
{
	/* TODO 4: mincore() fills one byte per page of the range; bit 0 of
	 * a byte says whether that page is resident.  Ask about a bounded
	 * number of pages at a time, so that a small array on the stack
	 * does for any length, and count the bytes with bit 0 set. */
	(void)addr;
	(void)len;
	errno = ENOSYS;
	return -1;
}
