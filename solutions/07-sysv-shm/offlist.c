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
	if (off == 0)
		return NULL;
	return (struct olist_node *)((uintptr_t)base + off);
	//> (void)base;
	//> (void)off;
	//> return NULL;
	/* END TODO */
}

/* The offset of NODE in the block at BASE. */
static inline size_t offset_of(const void *base, const struct olist_node *node)
{
	/* TODO 8: Pointer to offset: the distance in bytes from BASE. */
	return (size_t)((uintptr_t)node - (uintptr_t)base);
	//> (void)base;
	//> (void)node;
	//> return 0;
	/* END TODO */
}

int olist_init(void *base, size_t size)
{
	/* TODO 9: Check that SIZE holds the header, then write an empty
	 * list at BASE (every field: the block may hold old bytes): no
	 * nodes, and the first node will go right after the header. */
	struct olist *list = base;

	if (size < sizeof *list) {
		errno = EINVAL;
		return -1;
	}
	list->size = size;
	list->used = sizeof *list;
	list->first = 0;
	list->last = 0;
	list->count = 0;
	return 0;
	//> (void)base;
	//> (void)size;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int olist_append(void *base, long value)
{
	/* TODO 10: Take the free bytes at USED for a node (ENOSPC if
	 * they would pass SIZE; USED itself never does), fill it, and link it
	 * after the last node, or make it the first one.  Links are offsets:
	 * offset_of, never the node's address. */
	struct olist *list = base;
	size_t off = list->used;
	struct olist_node *node;

	if (list->size - off < sizeof *node) {
		errno = ENOSPC;
		return -1;
	}
	node = node_at(base, off);
	node->next = 0;
	node->value = value;
	if (list->last != 0)
		node_at(base, list->last)->next = offset_of(base, node);
	else
		list->first = off;
	list->last = off;
	list->used = off + sizeof *node;
	list->count++;
	return 0;
	//> (void)base;
	//> (void)value;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

long olist_values(const void *base, long *out, size_t max)
{
	/* TODO 11: Walk from the first node, following next offsets until
	 * 0, and copy at most MAX values. */
	const struct olist *list = base;
	size_t n = 0;

	for (struct olist_node *node = node_at(base, list->first); node;
	     node = node_at(base, node->next)) {
		if (n < max)
			out[n] = node->value;
		n++;
	}
	return (long)n;
	//> (void)base;
	//> (void)out;
	//> (void)max;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int olist_remove(void *base, long value)
{
	/* TODO 12: Find the first node holding VALUE while remembering the
	 * offset of the link that leads to it (the header's FIRST or the
	 * previous node's NEXT), and make that link skip it.  Removing the
	 * last node moves LAST back to the previous node (or 0). */
	struct olist *list = base;
	size_t *link = &list->first;
	size_t prev = 0;

	while (*link != 0) {
		struct olist_node *node = node_at(base, *link);

		if (node->value == value) {
			if (list->last == *link)
				list->last = prev;
			*link = node->next;
			list->count--;
			return 0;
		}
		prev = *link;
		link = &node->next;
	}
	errno = ENOENT;
	return -1;
	//> (void)base;
	//> (void)value;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}
