/*
 * offlist.c - lab 07, part 2: a linked list made of offsets.
 *
 * The same block may be attached at a different address in every process
 * (and twice in one process).  Store offsets from BASE, never pointers:
 * an offset means the same thing wherever the block is seen.
 */
#include "offlist.h"

#include <errno.h>
#include <stdint.h>

/* The header and the nodes are whole multiples of a node's alignment, so
 * nodes handed out one after the other, from right after the header, are
 * all aligned: no rounding is needed. */
_Static_assert(sizeof(struct olist) % _Alignof(struct olist_node) == 0 &&
	       sizeof(struct olist_node) % _Alignof(struct olist_node) == 0,
	       "nodes would not stay aligned");

/* The node at offset OFF of the block at BASE; NULL for offset 0. */
static inline struct olist_node *node_at(const void *base, size_t off)
{
	/* TODO 7: Offset to pointer: add OFF to BASE as a byte address.
	 * Offset 0 is the header, never a node: it means "none". */
	(void)base;
	(void)off;
	return NULL;
}

/* The offset of NODE in the block at BASE. */
static inline size_t offset_of(const void *base, const struct olist_node *node)
{
	/* TODO 8: Pointer to offset: the distance in bytes from BASE. */
	(void)base;
	(void)node;
	return 0;
}

int olist_init(void *base, size_t size)
{
	/* TODO 9: Check that SIZE holds the header, then write an empty
	 * list at BASE (every field: the block may hold old bytes): no
	 * nodes, and the first node will go right after the header. */
	(void)base;
	(void)size;
	errno = ENOSYS;
	return -1;
}

int olist_append(void *base, long value)
{
	/* TODO 10: Take the free bytes at USED for a node (ENOSPC if
	 * they would pass SIZE; USED itself never does), fill it, and link it
	 * after the last node, or make it the first one.  Links are offsets:
	 * offset_of, never the node's address. */
	(void)base;
	(void)value;
	errno = ENOSYS;
	return -1;
}

long olist_values(const void *base, long *out, size_t max)
{
	/* TODO 11: Walk from the first node, following next offsets until
	 * 0, and copy at most MAX values. */
	(void)base;
	(void)out;
	(void)max;
	errno = ENOSYS;
	return -1;
}

int olist_remove(void *base, long value)
{
	/* TODO 12: Find the first node holding VALUE while remembering the
	 * offset of the link that leads to it (the header's FIRST or the
	 * previous node's NEXT), and make that link skip it.  Removing the
	 * last node moves LAST back to the previous node (or 0). */
	(void)base;
	(void)value;
	errno = ENOSYS;
	return -1;
}
