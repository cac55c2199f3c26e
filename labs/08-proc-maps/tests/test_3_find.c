/*
 * Tests of lab 08, part 3: finding the areas the tests map, and watching
 * the kernel split and merge them.
 *
 * The areas under test sit between two inaccessible guard pages: neighbours
 * with other permissions keep the kernel from merging them with anything
 * else, so their records are exactly what each test does to them.
 */
#include "kit.h"
#include "maps.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Three read-write pages between two guard pages; returns the first. */
static char *guarded_pages(void)
{
	size_t page = kit_page_size();
	char *guard = mmap(NULL, 5 * page, PROT_NONE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ck_assert_ptr_ne(guard, MAP_FAILED);
	ck_assert_int_eq(mprotect(guard + page, 3 * page,
				  PROT_READ | PROT_WRITE), 0);
	memset(guard + page, 1, 3 * page);
	return guard + page;
}

static void release_guarded(char *pages)
{
	munmap(pages - kit_page_size(), 5 * kit_page_size());
}

/* The test process's map, loaded by the code under test. */
static struct map_list own_map(void)
{
	struct map_list list;

	ck_assert_msg(maps_load(&list, "/proc/self/maps") == 0,
		      _("maps_load(\"/proc/self/maps\") failed: %s"),
		      strerror(errno));
	return list;
}

/* Stores in OUT (room for 4) the entries that overlap [lo, lo + len). */
static size_t entries_over(const struct map_list *list, const char *lo,
			   size_t len, const struct map_entry **out)
{
	unsigned long a = (uintptr_t)lo, b = a + len;
	size_t n = 0;

	for (size_t i = 0; i < list->count && n < 4; i++)
		if (list->entries[i].start < b && list->entries[i].end > a)
			out[n++] = &list->entries[i];
	return n;
}

/* Entry E covers exactly [lo, lo + len) with permissions PERMS. */
static void assert_area(const struct map_entry *e, const char *lo, size_t len,
			const char *perms)
{
	ck_assert_msg(e->start == (uintptr_t)lo && e->end == (uintptr_t)lo + len,
		      _("expected an area %p-%p, found %#lx-%#lx"), (void *)lo,
		      (void *)(lo + len), e->start, e->end);
	ck_assert_str_eq(e->perms, perms);
}

KIT_TEST(find_anonymous_area, .points = 2,
	 .desc = N_("maps_find gives the area of an anonymous mapping, from "
		    "any address inside it"),
	 .hint = N_("Look for the entry with start <= addr < end: end is the "
		    "first address past the area."))
{
	size_t page = kit_page_size();
	char *pages = guarded_pages();
	struct map_list list = own_map();
	const char *probes[] = { pages, pages + page + 5, pages + 3 * page - 1 };

	for (int i = 0; i < 3; i++) {
		const struct map_entry *e = maps_find(&list, probes[i]);

		ck_assert_msg(e != NULL, _("no area found for %p"),
			      (void *)probes[i]);
		assert_area(e, pages, 3 * page, "rw-p");
		ck_assert_int_eq(e->prot, PROT_READ | PROT_WRITE);
		ck_assert_int_eq(e->kind, MAPS_ANON);
	}
	ck_assert_str_eq(maps_find(&list, pages - 1)->perms, "---p");
	ck_assert_str_eq(maps_find(&list, pages + 3 * page)->perms, "---p");
	maps_free(&list);
	release_guarded(pages);
}

KIT_TEST(find_file_mapping, .points = 2,
	 .desc = N_("the area of a file mapping shows its offset, inode, name "
		    "and the s of MAP_SHARED"),
	 .hint = N_("A shared mapping's perms end with s; the offset column is "
		    "the offset passed to mmap."))
{
	size_t page = kit_page_size();
	const char *path = kit_file_pattern("mapped.bin", (off_t)(4 * page));
	const struct map_entry *e;
	struct map_list list;
	struct stat st;
	char *data;
	int fd;

	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	data = mmap(NULL, 2 * page, PROT_READ, MAP_SHARED, fd, (off_t)page);
	ck_assert_ptr_ne(data, MAP_FAILED);
	close(fd);

	list = own_map();
	e = maps_find(&list, data + page);
	ck_assert_ptr_nonnull(e);
	assert_area(e, data, 2 * page, "r--s");
	ck_assert_int_eq(e->shared, 1);
	ck_assert_uint_eq(e->offset, page);
	/* The inode, not the device: some file systems (btrfs, overlayfs)
	 * show another device in the maps than stat() reports. */
	ck_assert_uint_eq(e->inode, st.st_ino);
	ck_assert_int_eq(e->kind, MAPS_FILE);
	ck_assert_msg(strlen(e->name) > 11 &&
		      strcmp(e->name + strlen(e->name) - 11, "/mapped.bin") == 0,
		      _("the name \"%s\" is not the mapped file's path"),
		      e->name);
	maps_free(&list);
	munmap(data, 2 * page);
}

KIT_TEST(find_nothing_in_a_hole,
	 .desc = N_("maps_find returns NULL for an address that no area holds"),
	 .hint = N_("Between two areas, and before the first one, there is "
		    "nothing: return NULL rather than the nearest area."))
{
	size_t page = kit_page_size();
	char *pages = guarded_pages();
	struct map_list list;

	ck_assert_int_eq(munmap(pages + page, page), 0);
	list = own_map();
	ck_assert_ptr_nonnull(maps_find(&list, pages));
	ck_assert_ptr_null(maps_find(&list, pages + page));
	ck_assert_ptr_null(maps_find(&list, pages + 2 * page - 1));
	ck_assert_ptr_nonnull(maps_find(&list, pages + 2 * page));
	ck_assert_ptr_null(maps_find(&list, NULL));
	maps_free(&list);
	release_guarded(pages);
}

KIT_TEST(mprotect_splits_and_merges, .points = 3,
	 .desc = N_("mprotect of the middle page splits a 3-page area into "
		    "three; undoing it merges them back into one"),
	 .hint = N_("An area has one set of permissions: the kernel must cut "
		    "it where they change, and glues equal neighbours back "
		    "together."))
{
	size_t page = kit_page_size();
	char *pages = guarded_pages();
	const struct map_entry *seen[4];
	struct map_list list;

	ck_assert_int_eq(mprotect(pages + page, page, PROT_READ), 0);
	list = own_map();
	ck_assert_uint_eq(entries_over(&list, pages, 3 * page, seen), 3);
	assert_area(seen[0], pages, page, "rw-p");
	assert_area(seen[1], pages + page, page, "r--p");
	assert_area(seen[2], pages + 2 * page, page, "rw-p");
	maps_free(&list);

	ck_assert_int_eq(mprotect(pages + page, page, PROT_READ | PROT_WRITE),
			 0);
	list = own_map();
	ck_assert_uint_eq(entries_over(&list, pages, 3 * page, seen), 1);
	assert_area(seen[0], pages, 3 * page, "rw-p");
	maps_free(&list);
	release_guarded(pages);
}

KIT_TEST(munmap_leaves_two_areas, .points = 3,
	 .desc = N_("munmap of the middle page leaves two one-page areas and a "
		    "hole"),
	 .hint = N_("Unmapping the middle of an area cuts it in two; the hole "
		    "between them belongs to no area."))
{
	size_t page = kit_page_size();
	char *pages = guarded_pages();
	const struct map_entry *seen[4];
	struct map_list list;

	ck_assert_int_eq(munmap(pages + page, page), 0);
	list = own_map();
	ck_assert_uint_eq(entries_over(&list, pages, 3 * page, seen), 2);
	assert_area(seen[0], pages, page, "rw-p");
	assert_area(seen[1], pages + 2 * page, page, "rw-p");
	ck_assert_ptr_eq(maps_find(&list, pages + 2 * page + 9), seen[1]);
	ck_assert_ptr_null(maps_find(&list, pages + page + 9));
	maps_free(&list);
	release_guarded(pages);
}

KIT_TEST(neighbours_merge, .points = 2,
	 .desc = N_("two anonymous mappings placed side by side with the same "
		    "permissions show as one area"),
	 .hint = N_("The map lists areas, not mmap calls: the kernel merges "
		    "compatible neighbours into one area."))
{
	size_t page = kit_page_size();
	char *pages = guarded_pages();
	const struct map_entry *seen[4];
	struct map_list list;
	int rw = PROT_READ | PROT_WRITE;
	int fixed = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;

	/* Replace the three pages by two separate mappings, 1 + 2 pages. */
	ck_assert_ptr_eq(mmap(pages, page, rw, fixed, -1, 0), pages);
	ck_assert_ptr_eq(mmap(pages + page, 2 * page, rw, fixed, -1, 0),
			 pages + page);
	list = own_map();
	ck_assert_uint_eq(entries_over(&list, pages, 3 * page, seen), 1);
	assert_area(seen[0], pages, 3 * page, "rw-p");
	ck_assert_ptr_eq(maps_find(&list, pages + 2 * page), seen[0]);
	maps_free(&list);
	release_guarded(pages);
}

KIT_TEST(find_in_made_up_lists,
	 .desc = N_("maps_find on hand-made lists: first and last bytes of "
		    "each area, the holes and both ends, a list of one area, "
		    "an empty list"),
	 .hint = N_("start <= addr < end: the end address belongs to the next "
		    "area, or to none; with 0 entries there is nothing to "
		    "find."))
{
	struct map_entry e[5];
	struct map_list list = { e, 5 }, one = { e + 2, 1 }, none = { NULL, 0 };
	static const unsigned long lo[5] = { 0x1000, 0x3000, 0x4000, 0x9000,
					     0xfffff000 };
	static const unsigned long hi[5] = { 0x2000, 0x4000, 0x8000, 0xa000,
					     0xfffff800 };

	memset(e, 0, sizeof e);
	for (int i = 0; i < 5; i++) {
		e[i].start = lo[i];
		e[i].end = hi[i];
	}
	for (int i = 0; i < 5; i++) {
		ck_assert_ptr_eq(maps_find(&list, (void *)lo[i]), &e[i]);
		ck_assert_ptr_eq(maps_find(&list, (void *)(hi[i] - 1)), &e[i]);
		ck_assert_ptr_eq(maps_find(&list, (void *)((lo[i] + hi[i]) / 2)),
				 &e[i]);
	}
	ck_assert_ptr_null(maps_find(&list, (void *)0xfff));
	ck_assert_ptr_null(maps_find(&list, (void *)0x2000));
	ck_assert_ptr_null(maps_find(&list, (void *)0x2fff));
	ck_assert_ptr_null(maps_find(&list, (void *)0x8000));
	ck_assert_ptr_null(maps_find(&list, (void *)0xa000));
	ck_assert_ptr_null(maps_find(&list, (void *)0xfffff800));
	ck_assert_ptr_null(maps_find(&list, (void *)~0UL));
	ck_assert_ptr_eq(maps_find(&one, (void *)0x4000), &e[2]);
	ck_assert_ptr_eq(maps_find(&one, (void *)0x7fff), &e[2]);
	ck_assert_ptr_null(maps_find(&one, (void *)0x3fff));
	ck_assert_ptr_null(maps_find(&one, (void *)0x8000));
	ck_assert_ptr_null(maps_find(&none, (void *)0x4000));
}
