/*
 * Tests of lab 07, part 2: the list of offsets.  The list lives in a
 * segment that the tests attach themselves (shmat, not seg_attach), so
 * these tests depend on offlist.c alone.  The trick that tells offsets from
 * pointers: build the list through one attachment, detach it, and read the
 * list through another attachment at another address.
 */
#include "kit.h"
#include "offlist.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

/* A private segment of SIZE bytes, and one attachment of it. */
static int new_segment(size_t size, void **addr)
{
	int id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);

	ck_assert_int_ge(id, 0);
	*addr = shmat(id, NULL, 0);
	ck_assert_ptr_ne(*addr, (void *)-1);
	return id;
}

/* Detaches ADDR and removes segment ID. */
static void end_segment(int id, void *addr)
{
	shmdt(addr);
	shmctl(id, IPC_RMID, NULL);
}

/* The list at BASE must hold exactly the N values of WANT, in order. */
static void assert_values(const void *base, const long *want, long n)
{
	long got[64];

	ck_assert_int_le(n, 64);
	ck_assert_int_eq(olist_values(base, got, 64), n);
	for (long i = 0; i < n; i++)
		ck_assert_msg(got[i] == want[i],
			      _("value %ld is %ld, expected %ld"),
			      i, got[i], want[i]);
}

KIT_TEST(list_keeps_order, .points = 2,
	 .desc = N_("olist_init empties a block whatever it held; olist_append "
		    "adds at the end; olist_values reads first to last, "
		    "copying at most MAX values"),
	 .hint = N_("Keep the offset of the last node in the header, so "
		    "appending does not have to walk the list."))
{
	void *base;
	int id = new_segment(kit_page_size(), &base);
	const long want[] = { 10, -20, 30, 40, 50 };
	long two[5] = { 0, 0, -1, -1, -1 };

	memset(base, 0xa5, kit_page_size());    /* not new zeros any more */
	ck_assert_int_eq(olist_init(base, kit_page_size()), 0);
	ck_assert_uint_eq(((struct olist *)base)->count, 0);
	assert_values(base, want, 0);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(olist_append(base, want[i]), 0);
	assert_values(base, want, 5);
	ck_assert_uint_eq(((struct olist *)base)->count, 5);
	ck_assert_int_eq(olist_values(base, two, 2), 5);
	ck_assert_int_eq(two[0], 10);
	ck_assert_int_eq(two[1], -20);
	for (int i = 2; i < 5; i++)
		ck_assert_msg(two[i] == -1,
			      _("olist_values(base, out, 2) wrote out[%d]: at "
				"most MAX values may be copied"), i);
	end_segment(id, base);
}

KIT_TEST(list_init_checks_size,
	 .desc = N_("olist_init refuses a block smaller than the header "
		    "(EINVAL); a header-only block is an empty list with no "
		    "room"),
	 .hint = N_("Compare size with sizeof(struct olist) before writing "
		    "anything at base."))
{
	struct olist header;

	memset(&header, 0xa5, sizeof header);
	errno = 0;
	ck_assert_int_eq(olist_init(&header, sizeof header - 1), -1);
	ck_assert_errno(EINVAL);
	ck_assert_int_eq(olist_init(&header, sizeof header), 0);
	ck_assert_int_eq(olist_values(&header, NULL, 0), 0);
	ck_assert_uint_eq(header.count, 0);
	ck_assert_uint_eq(header.first, 0);
	ck_assert_uint_eq(header.last, 0);
	errno = 0;
	ck_assert_int_eq(olist_append(&header, 1), -1);
	ck_assert_errno(ENOSPC);
}

KIT_TEST(list_fills_up,
	 .desc = N_("olist_append fails with ENOSPC when the block is full, "
		    "and the list stays intact"),
	 .hint = N_("A node needs sizeof(struct olist_node) bytes from `used` "
		    "on; compare with `size` before writing it."))
{
	size_t size = sizeof(struct olist) + 3 * sizeof(struct olist_node);
	struct olist *list = malloc(size);
	const long want[] = { 7, 8, 9 };

	ck_assert_ptr_nonnull(list);
	ck_assert_int_eq(olist_init(list, size), 0);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(olist_append(list, want[i]), 0);
	errno = 0;
	ck_assert_int_eq(olist_append(list, 10), -1);
	ck_assert_errno(ENOSPC);
	assert_values(list, want, 3);
	free(list);
}

KIT_TEST(list_links_are_offsets, .points = 2,
	 .desc = N_("every link in the block is an offset smaller than the "
		    "block's size, never an address"),
	 .hint = N_("Store offset_of(base, node) in `first`, `last` and "
		    "`next`; turn them back into pointers with node_at(base, "
		    "offset)."))
{
	size_t size = kit_page_size();
	void *base;
	int id = new_segment(size, &base);
	struct olist *list = base;
	long seen = 0;

	ck_assert_int_eq(olist_init(base, size), 0);
	for (long v = 0; v < 50; v++)
		ck_assert_int_eq(olist_append(base, v * v), 0);
	ck_assert_uint_lt(list->last, size);
	/* Walk the list with offsets, as the header says it is linked. */
	for (size_t off = list->first; off != 0; seen++) {
		struct olist_node *node = (void *)((char *)base + off);

		ck_assert_msg(off >= sizeof *list && off < size,
			      _("link %ld is %#zx: not an offset "
				"inside the block"),
			      seen, off);
		ck_assert_int_eq(node->value, seen * seen);
		off = node->next;
	}
	ck_assert_int_eq(seen, 50);
	end_segment(id, base);
}

KIT_TEST(list_remove_relinks, .points = 2,
	 .desc = N_("olist_remove unlinks the first, a middle and the last "
		    "node, keeping first, last and count right; ENOENT for a "
		    "missing value"),
	 .hint = N_("Follow the link that leads to each node (first, or the "
		    "previous node's next); removing the last node moves "
		    "`last` back."))
{
	void *base;
	int id = new_segment(kit_page_size(), &base);
	const long after_removes[] = { 2, 4 }, after_append[] = { 2, 4, 6 };

	ck_assert_int_eq(olist_init(base, kit_page_size()), 0);
	for (long v = 1; v <= 5; v++)
		ck_assert_int_eq(olist_append(base, v), 0);
	ck_assert_int_eq(olist_remove(base, 3), 0);
	ck_assert_int_eq(olist_remove(base, 1), 0);
	ck_assert_int_eq(olist_remove(base, 5), 0);
	assert_values(base, after_removes, 2);
	ck_assert_uint_eq(((struct olist *)base)->count, 2);
	ck_assert_int_eq(olist_append(base, 6), 0);
	assert_values(base, after_append, 3);
	errno = 0;
	ck_assert_int_eq(olist_remove(base, 42), -1);
	ck_assert_errno(ENOENT);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(olist_remove(base, after_append[i]), 0);
	assert_values(base, after_append, 0);
	ck_assert_uint_eq(((struct olist *)base)->count, 0);
	ck_assert_uint_eq(((struct olist *)base)->first, 0);
	ck_assert_uint_eq(((struct olist *)base)->last, 0);
	ck_assert_int_eq(olist_append(base, 7), 0);
	assert_values(base, (const long[]){ 7 }, 1);
	end_segment(id, base);
}

KIT_TEST(list_remove_first_match,
	 .desc = N_("olist_remove unlinks only the first node holding the "
		    "value; its twins further on stay"),
	 .hint = N_("Stop at the first node whose value matches: unlink it and "
		    "return 0 at once."))
{
	void *base;
	int id = new_segment(kit_page_size(), &base);
	const long start[] = { 8, 1, 8, 2, 8 };

	ck_assert_int_eq(olist_init(base, kit_page_size()), 0);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(olist_append(base, start[i]), 0);
	ck_assert_int_eq(olist_remove(base, 8), 0);
	assert_values(base, (const long[]){ 1, 8, 2, 8 }, 4);
	ck_assert_int_eq(olist_remove(base, 8), 0);
	assert_values(base, (const long[]){ 1, 2, 8 }, 3);
	ck_assert_uint_eq(((struct olist *)base)->count, 3);
	ck_assert_int_eq(olist_append(base, 9), 0);
	assert_values(base, (const long[]){ 1, 2, 8, 9 }, 4);
	end_segment(id, base);
}

KIT_TEST(list_read_at_another_address, .points = 3,
	 .desc = N_("a list built through one attachment reads right through a "
		    "second one at another address, once the first is "
		    "detached"),
	 .hint = N_("A pointer saved by the first attachment points into "
		    "memory that is gone; an offset from base means the same "
		    "at any address."))
{
	size_t size = 2 * kit_page_size();
	void *first, *second;
	int id = new_segment(size, &first);
	long want[60];

	ck_assert_int_eq(olist_init(first, size), 0);
	for (long i = 0; i < 50; i++) {
		want[i] = 1000 + i;
		ck_assert_int_eq(olist_append(first, want[i]), 0);
	}
	second = shmat(id, NULL, 0);
	ck_assert_ptr_ne(second, (void *)-1);
	ck_assert_ptr_ne(second, first);
	shmdt(first);
	assert_values(second, want, 50);
	for (long i = 50; i < 60; i++) {
		want[i] = -i;
		ck_assert_int_eq(olist_append(second, want[i]), 0);
	}
	ck_assert_int_eq(olist_remove(second, 1000), 0);
	assert_values(second, want + 1, 59);
	end_segment(id, second);
}

/* Child of list_shared_with_a_child: works at its own address. */
static int child_edits(int id, void *inherited)
{
	void *mine = shmat(id, NULL, 0);

	/* A second attachment (a new address), then drop the inherited one. */
	if (mine == (void *)-1 || mine == inherited || shmdt(inherited) != 0)
		return 1;
	for (long v = 4; v <= 6; v++)
		if (olist_append(mine, v) != 0)
			return 2;
	if (olist_remove(mine, 2) != 0)
		return 3;
	return shmdt(mine) == 0 ? 0 : 4;
}

KIT_TEST(list_shared_with_a_child, .points = 3,
	 .desc = N_("a child edits the list at its own address; the parent "
		    "reads the result at its address"),
	 .hint = N_("Parent and child see the segment at different addresses: "
		    "the only links both can follow are offsets."))
{
	size_t size = kit_page_size();
	void *base;
	int id = new_segment(size, &base);
	const long want[] = { 1, 3, 4, 5, 6 };
	int status;
	pid_t child;

	ck_assert_int_eq(olist_init(base, size), 0);
	for (long v = 1; v <= 3; v++)
		ck_assert_int_eq(olist_append(base, v), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0)
		_exit(child_edits(id, base));
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      _("the child failed to edit the list (status %#x)"),
		      status);
	assert_values(base, want, 5);
	ck_assert_int_eq(olist_append(base, 7), 0);
	ck_assert_int_eq(olist_values(base, NULL, 0), 6);
	end_segment(id, base);
}
