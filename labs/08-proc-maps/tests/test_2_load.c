/*
 * Tests of lab 08, part 2: loading whole maps files, made up ones and the
 * test process's own /proc/self/maps.
 */
#include "kit.h"
#include "maps.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MADE_UP_LINES 300

static const char *const made_up_perms[] = { "r--p", "rw-p", "r-xp", "rw-s" };

/* Line I of the made-up maps file, into BUF; its name into NAME. */
static void made_up_line(int i, char *buf, size_t size, char *name)
{
	unsigned long start = 0x10000000UL + (unsigned long)i * 0x8000;
	unsigned long end = start + (unsigned long)(i % 5 + 1) * 0x1000;

	if (i % 3 == 0)
		name[0] = '\0';
	else if (i % 3 == 1)
		sprintf(name, "/lib/part %d.so", i);
	else
		sprintf(name, "[anon:block %d]", i);
	snprintf(buf, size, "%08lx-%08lx %s %08x %02x:%02x %d %s\n", start, end,
		 made_up_perms[i % 4], i * 0x1000, i % 256, i % 7,
		 i % 3 == 1 ? 1000 + i : 0, name);
}

/* A code address and a data address of this very program. */
static int marker_data = 42;

static int marker_function(int x)
{
	return x + marker_data;
}

KIT_TEST(load_reads_every_line, .points = 2,
	 .desc = "maps_load reads all 300 lines of a maps file, in order",
	 .hint = "Grow the array with realloc (doubling its room) as lines "
		 "come; parse each line with maps_parse_line.")
{
	static char text[MADE_UP_LINES * 96];
	char name[64];
	size_t used = 0;
	struct map_list list;

	for (int i = 0; i < MADE_UP_LINES; i++) {
		made_up_line(i, text + used, sizeof text - used, name);
		used += strlen(text + used);
	}
	ck_assert_int_eq(maps_load(&list, kit_file_with("maps", text, used)), 0);
	ck_assert_uint_eq(list.count, MADE_UP_LINES);
	for (int i = 0; i < MADE_UP_LINES; i++) {
		const struct map_entry *e = &list.entries[i];
		unsigned long start = 0x10000000UL + (unsigned long)i * 0x8000;
		char line[128];

		made_up_line(i, line, sizeof line, name);
		ck_assert_msg(e->start == start &&
			      strcmp(e->perms, made_up_perms[i % 4]) == 0 &&
			      strcmp(e->name, name) == 0,
			      "entry %d does not match line %d: %s", i, i, line);
	}
	maps_free(&list);
	ck_assert_ptr_null(list.entries);
	ck_assert_uint_eq(list.count, 0);
}

KIT_TEST(load_own_map, .points = 2, .no_valgrind = 1,
	 .desc = "maps_load reads /proc/self/maps: sorted page-aligned areas, "
		 "with this program's code and data where they belong",
	 .hint = "A /proc file is read with fopen and getline like any other "
		 "file; its size (0 in stat) means nothing.")
{
	size_t page = kit_page_size();
	char exe[PATH_MAX];
	const struct map_entry *code, *data;
	struct map_list list;

	ck_assert_ptr_nonnull(realpath("/proc/self/exe", exe));
	ck_assert_int_eq(maps_load(&list, "/proc/self/maps"), 0);
	ck_assert_uint_gt(list.count, 5);
	for (size_t i = 0; i < list.count; i++) {
		const struct map_entry *e = &list.entries[i];

		ck_assert_msg(e->start < e->end && e->start % page == 0 &&
			      e->end % page == 0, "entry %zu: %#lx-%#lx is not "
			      "a range of whole pages", i, e->start, e->end);
		ck_assert_msg(i == 0 || e[-1].end <= e->start,
			      "entries %zu and %zu overlap or are out of order",
			      i - 1, i);
	}
	code = maps_find(&list, (void *)(uintptr_t)marker_function);
	ck_assert_ptr_nonnull(code);
	ck_assert_msg(code->prot & PROT_EXEC, "code lives in a %s area",
		      code->perms);
	ck_assert_str_eq(code->name, exe);
	data = maps_find(&list, &marker_data);
	ck_assert_ptr_nonnull(data);
	ck_assert_int_eq(data->prot, PROT_READ | PROT_WRITE);
	ck_assert_int_eq(data->shared, 0);
	ck_assert_int_eq(marker_function(0), 42);
	maps_free(&list);
}

KIT_TEST(load_missing_file,
	 .desc = "maps_load of a missing file fails with ENOENT and an empty "
		 "list",
	 .hint = "fopen sets errno; empty the list before anything can fail.")
{
	struct map_list list = { (struct map_entry *)&list, 99 };

	errno = 0;
	ck_assert_int_eq(maps_load(&list, kit_path("no-such-maps")), -1);
	ck_assert_errno(ENOENT);
	ck_assert_ptr_null(list.entries);
	ck_assert_uint_eq(list.count, 0);
}

KIT_TEST(load_rejects_malformed,
	 .desc = "a malformed line makes maps_load fail with EINVAL, leaving "
		 "nothing allocated and no descriptor open",
	 .hint = "On the error path too: free the array (and getline's "
		 "buffer), fclose the file.")
{
	const char text[] =
		"00400000-00401000 r-xp 00000000 08:01 12 /bin/true\n"
		"00401000-00402000 rw-p 00001000 08:01 12 /bin/true\n"
		"this line is not a map\n"
		"7ffd73d6f000-7ffd73d90000 rw-p 00000000 00:00 0 [stack]\n";
	const char *path = kit_file_with("maps", text, sizeof text - 1);
	struct kit_snapshot before;
	struct map_list list;

	kit_snapshot_take(&before);
	errno = 0;
	ck_assert_int_eq(maps_load(&list, path), -1);
	ck_assert_errno(EINVAL);
	ck_assert_ptr_null(list.entries);
	ck_assert_uint_eq(list.count, 0);
	ck_assert_no_fd_leak(&before);
}

KIT_TEST(load_closes_its_file,
	 .desc = "maps_load closes the maps file; maps_free empties the list",
	 .hint = "Every fopen needs its fclose; maps_free sets entries to NULL "
		 "and count to 0.")
{
	struct kit_snapshot before;
	struct map_list list;

	kit_snapshot_take(&before);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(maps_load(&list, "/proc/self/maps"), 0);
		ck_assert_uint_gt(list.count, 0);
		maps_free(&list);
		ck_assert_ptr_null(list.entries);
		ck_assert_uint_eq(list.count, 0);
	}
	ck_assert_no_fd_leak(&before);
}
