/*
 * offlist.h - lab 07, part 2: a linked list that lives in shared memory.
 *
 * Each process that attaches a segment may see it at a different address,
 * so a pointer written by one process means nothing to another.  This list
 * stores no pointers at all: every link is an OFFSET from the start of the
 * block that holds the list (its base).  Offset 0 is the header itself, so
 * no node can be there, and 0 serves as "no node" (the list's NULL).
 *
 * The block starts with a struct olist; the nodes come after it, handed
 * out in order (a bump allocator).  Space of removed nodes is not reused.
 * Every function takes BASE, the address at which the calling process sees
 * the block, and turns offsets into pointers with it.
 */
#ifndef OFFLIST_H
#define OFFLIST_H

#include <stddef.h>

struct olist {
	size_t size;            /* bytes of the whole block, header included */
	size_t used;            /* bytes handed out so far, header included  */
	size_t first;           /* offset of the first node, 0 if empty      */
	size_t last;            /* offset of the last node, 0 if empty       */
	size_t count;           /* nodes in the list                         */
};

struct olist_node {
	size_t next;            /* offset of the next node, 0 at the end     */
	long value;
};

/*
 * Makes the SIZE bytes at BASE an empty list, whatever they held before
 * (every field of the header is set).  EINVAL when SIZE cannot even hold
 * the header.
 */
int olist_init(void *base, size_t size);

/* Appends VALUE at the end of the list.  ENOSPC when no node fits. */
int olist_append(void *base, long value);

/*
 * Copies the values, first to last, into OUT (at most MAX of them: nothing
 * is written past OUT[MAX - 1]; OUT may be NULL when MAX is 0) and returns
 * how many the list holds (which may be more than MAX).
 */
long olist_values(const void *base, long *out, size_t max);

/*
 * Unlinks the first node holding VALUE (only that one: nodes further on
 * that hold it too stay) and updates FIRST, LAST and COUNT.  ENOENT when no
 * node holds VALUE.
 */
int olist_remove(void *base, long value);

#endif
