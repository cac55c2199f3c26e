/* Each function ends its test one way. */
#define _GNU_SOURCE
#include "endings.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int e_count(void) { return 4; }
unsigned e_mode(void) { return 0644; }
int e_open_missing(void) { errno = EACCES; return -1; }
int e_second(void) { return 5; }

void e_null(void)
{
	*(volatile int *)8 = 1;
}

void e_map_failed(void)
{
	char *p = mmap(NULL, 1, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1);

	p[0] = 1;       /* the offset is not aligned: MAP_FAILED, unchecked */
}

void e_loop(void)
{
	for (volatile int i = 0;; i++)
		;
}

/* In a child the test forked: a child that crashes (not SIGTERM, which
 * Check's handler in the test's process passes on to the whole group). */
void e_child(void)
{
	*(volatile int *)16 = 1;
}

void e_kill(void)
{
	kill(getpid(), SIGUSR1);
}

/* Up to 2 GiB, touched: past the grade's memory cap (endings.sh sets it
 * low), unless the machine has no cgroup to hold one. */
void e_memory(void)
{
	for (int i = 0; i < 128; i++) {
		char *p = malloc(16 << 20);

		if (p == NULL)
			return;
		memset(p, 1, 16 << 20);
	}
}

/* Right in both: the C library's words are no leak (in French neither). */
void e_perror(void)
{
	errno = ENOENT;
	perror("e_perror");
	(void)strerror(EACCES);
}

void e_output(void)
{
	for (int i = 0; i < 20000; i++)
		puts("all work and no play makes a dull test, all work and no play");
}
