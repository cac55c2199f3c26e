/*
 * Tests of lab 08, part 2: loading whole maps files, made up ones and the
 * test process's own /proc/self/maps.
 */
#include "kit.h"
#include "maps.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

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

/*
 * Bytes of heap in use (malloc's own count): equal before and after a
 * piece of code that frees everything it allocates.  Under valgrind, whose
 * malloc keeps no such count, it stays 0 and memcheck checks leaks instead.
 */
static size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;     /* small blocks, and mmap'd ones */
}

/* The bytes of address space this process uses now (/proc/self/statm). */
static unsigned long vm_size(void)
{
	FILE *statm = fopen("/proc/self/statm", "r");
	unsigned long pages = 0;

	ck_assert_ptr_nonnull(statm);
	ck_assert_int_eq(fscanf(statm, "%lu", &pages), 1);
	fclose(statm);
	return pages * kit_page_size();
}

/* A code address and a data address of this very program. */
static int marker_data = 42;

static int marker_function(int x)
{
	return x + marker_data;
}

KIT_TEST(load_reads_every_line, .points = 2,
	 .desc = N_("maps_load reads all 300 lines of a maps file, in order, "
		    "every field of each, and not one more"),
	 .hint = N_("Grow the array with realloc (doubling its room) as lines "
		    "come; parse each line with maps_parse_line."))
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
			      e->end == start + (unsigned long)(i % 5 + 1) * 0x1000 &&
			      strcmp(e->perms, made_up_perms[i % 4]) == 0 &&
			      e->shared == (i % 4 == 3) &&
			      e->offset == (unsigned long long)i * 0x1000 &&
			      e->dev_major == (unsigned)(i % 256) &&
			      e->dev_minor == (unsigned)(i % 7) &&
			      e->inode == (unsigned long)(i % 3 == 1 ? 1000 + i : 0) &&
			      strcmp(e->name, name) == 0 &&
			      e->kind == (i % 3 == 0 ? MAPS_ANON : i % 3 == 1 ?
					  MAPS_FILE : MAPS_SPECIAL),
			      _("entry %d does not match line %d: %s"),
			      i, i, line);
	}
	maps_free(&list);
	ck_assert_ptr_null(list.entries);
	ck_assert_uint_eq(list.count, 0);
}

KIT_TEST(load_own_map, .points = 2, .no_valgrind = 1,
	 .desc = N_("maps_load reads /proc/self/maps: sorted page-aligned "
		    "areas, with this program's code and data where they "
		    "belong"),
	 .hint = N_("A /proc file is read with fopen and getline like any "
		    "other file; its size (0 in stat) means nothing."))
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
			      e->end % page == 0,
			      _("entry %zu: %#lx-%#lx is not a range of "
				"whole pages"), i, e->start, e->end);
		ck_assert_msg(i == 0 || e[-1].end <= e->start,
			      _("entries %zu and %zu overlap or are out "
				"of order"), i - 1, i);
	}
	code = maps_find(&list, (void *)(uintptr_t)marker_function);
	ck_assert_ptr_nonnull(code);
	ck_assert_msg(code->prot & PROT_EXEC,
		      _("the area holding this program's code is %s, not "
			"executable"), code->perms);
	ck_assert_str_eq(code->name, exe);
	data = maps_find(&list, &marker_data);
	ck_assert_ptr_nonnull(data);
	ck_assert_int_eq(data->prot, PROT_READ | PROT_WRITE);
	ck_assert_int_eq(data->shared, 0);
	ck_assert_int_eq(marker_function(0), 42);
	maps_free(&list);
}

KIT_TEST(load_missing_file,
	 .desc = N_("maps_load of a missing file fails with ENOENT and an "
		    "empty list"),
	 .hint = N_("fopen sets errno; empty the list before anything can "
		    "fail."))
{
	struct map_list list = { (struct map_entry *)&list, 99 };

	errno = 0;
	ck_assert_int_eq(maps_load(&list, kit_path("no-such-maps")), -1);
	ck_assert_errno(ENOENT);
	ck_assert_ptr_null(list.entries);
	ck_assert_uint_eq(list.count, 0);
}

KIT_TEST(load_rejects_malformed,
	 .desc = N_("a malformed line makes maps_load fail with EINVAL, "
		    "leaving no heap allocated and no descriptor open"),
	 .hint = N_("On the error path too: free the array (and getline's "
		    "buffer), fclose the file."))
{
	const char text[] =
		"00400000-00401000 r-xp 00000000 08:01 12 /bin/true\n"
		"00401000-00402000 rw-p 00001000 08:01 12 /bin/true\n"
		"this line is not a map\n"
		"7ffd73d6f000-7ffd73d90000 rw-p 00000000 00:00 0 [stack]\n";
	const char *path = kit_file_with("maps", text, sizeof text - 1);
	struct kit_snapshot before;
	struct map_list list;
	size_t heap, heap_after;
	int rc, err;

	kit_snapshot_take(&before);
	errno = 0;
	ck_assert_int_eq(maps_load(&list, path), -1);   /* stdio warms up */
	heap = heap_in_use();
	errno = 0;
	rc = maps_load(&list, path);
	err = errno;
	heap_after = heap_in_use();
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(err == EINVAL, _("errno is %s, expected EINVAL"),
		      strerror(err));
	ck_assert_msg(heap_after == heap,
		      _("maps_load failing on a bad line: %zu bytes of heap "
			"were allocated and never freed"),
		      heap_after - heap);
	ck_assert_ptr_null(list.entries);
	ck_assert_uint_eq(list.count, 0);
	ck_assert_no_fd_leak(&before);
}

KIT_TEST(load_closes_its_file,
	 .desc = N_("maps_load closes the maps file; maps_free frees and "
		    "empties the list"),
	 .hint = N_("Every fopen needs its fclose, every getline buffer its "
		    "free; maps_free frees entries, then sets it to NULL and "
		    "count to 0."))
{
	struct kit_snapshot before;
	struct map_list list;
	const char text[] =
		"00400000-00401000 r-xp 00000000 08:01 12 /bin/true\n"
		"00401000-00402000 rw-p 00001000 08:01 12 /bin/true\n"
		"7ffd73d6f000-7ffd73d90000 rw-p 00000000 00:00 0 [stack]\n";
	const char *path;
	size_t heap, heap_after;
	int rc;

	kit_snapshot_take(&before);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(maps_load(&list, "/proc/self/maps"), 0);
		ck_assert_uint_gt(list.count, 0);
		maps_free(&list);
		ck_assert_ptr_null(list.entries);
		ck_assert_uint_eq(list.count, 0);
	}
	/* The same file loaded again and again (the process's own map would
	 * change between loads): once stdio and malloc's caches have warmed
	 * up, a load and a free leave the heap as they found it. */
	path = kit_file_with("maps", text, sizeof text - 1);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(maps_load(&list, path), 0);
		maps_free(&list);
	}
	heap = heap_in_use();
	rc = maps_load(&list, path);
	maps_free(&list);
	heap_after = heap_in_use();
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(heap_after == heap,
		      _("maps_load then maps_free: %zu bytes of heap were "
			"allocated and never freed"),
		      heap_after - heap);
	ck_assert_no_fd_leak(&before);
}

/* A maps line for an area at START named NAME (LEN bytes of 'x' after a
 * slash when NAME is NULL), malloc'd. */
static char *line_named(unsigned long start, const char *name, size_t len)
{
	char *line = malloc(len + 128);
	int at;

	ck_assert_ptr_nonnull(line);
	at = sprintf(line, "%08lx-%08lx r--p 00002000 08:01 77 ", start,
		     start + 0x1000);
	if (name != NULL) {
		strcpy(line + at, name);
	} else {
		line[at] = '/';
		memset(line + at + 1, 'x', len - 1);
		line[at + len] = '\0';
	}
	strcat(line, "\n");
	return line;
}

KIT_TEST(load_long_lines, .points = 2,
	 .desc = N_("maps_load reads lines longer than any small buffer (paths "
		    "of 300, 1000 and 5000 bytes) as one line each"),
	 .hint = N_("A path can be PATH_MAX bytes long: fgets with a small "
		    "buffer cuts such a line in pieces and the next piece is "
		    "no map line.  getline grows its buffer to fit the whole "
		    "line."))
{
	static const size_t lens[] = { 300, 1000, 5000 };
	char *text = malloc(16384), *line;
	size_t used = 0;
	struct map_list list;

	ck_assert_ptr_nonnull(text);
	text[0] = '\0';
	for (int i = 0; i < 3; i++) {
		line = line_named(0x10000 + (unsigned long)i * 0x2000, NULL, lens[i]);
		strcat(text, line);
		free(line);
		line = line_named(0x11000 + (unsigned long)i * 0x2000, "[short]", 0);
		strcat(text, line);
		free(line);
	}
	used = strlen(text);
	ck_assert_int_eq(maps_load(&list, kit_file_with("maps", text, used)), 0);
	free(text);
	ck_assert_uint_eq(list.count, 6);
	for (int i = 0; i < 3; i++) {
		const struct map_entry *e = &list.entries[2 * i];
		size_t want = lens[i] < MAPS_NAME_MAX ? lens[i] : MAPS_NAME_MAX - 1;

		ck_assert_uint_eq(e->start, 0x10000 + (unsigned long)i * 0x2000);
		ck_assert_uint_eq(strlen(e->name), want);
		ck_assert_int_eq(e->name[0], '/');
		ck_assert_int_eq(e->name[want - 1], 'x');
		ck_assert_int_eq(e->kind, MAPS_FILE);
		ck_assert_str_eq(e[1].name, "[short]");
		ck_assert_uint_eq(e[1].inode, 77);
	}
	maps_free(&list);
}

KIT_TEST(load_odd_real_paths, .points = 2,
	 .desc = N_("in /proc/self/maps, a mapped file with spaces in a "
		    "300-byte path, then deleted, is found whole with its \" "
		    "(deleted)\""),
	 .hint = N_("The name runs from the first non-blank after the inode to "
		    "the end of the line: keep its spaces, read the line "
		    "whole."))
{
	size_t page = kit_page_size();
	char dir[PATH_MAX], path[PATH_MAX + 64], want[PATH_MAX + 96];
	const struct map_entry *e;
	struct map_list list;
	struct stat st;
	char *data;
	int fd;

	/* Nested folders with spaces, until the path is ~300 bytes long. */
	ck_assert_ptr_nonnull(realpath(kit_scratch_dir(), dir));
	while (strlen(dir) < 280) {
		strcat(dir, "/a folder  with spaces");
		ck_assert_int_eq(mkdir(dir, 0700), 0);
	}
	snprintf(path, sizeof path, "%s/my data.bin", dir);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)page), 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	data = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 0);
	ck_assert_ptr_ne(data, MAP_FAILED);
	close(fd);
	ck_assert_int_eq(unlink(path), 0);
	snprintf(want, sizeof want, "%s (deleted)", path);

	ck_assert_int_eq(maps_load(&list, "/proc/self/maps"), 0);
	e = maps_find(&list, data);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->start, (unsigned long)(uintptr_t)data);
	ck_assert_uint_eq(e->end, (unsigned long)(uintptr_t)data + page);
	ck_assert_uint_eq(e->inode, st.st_ino);
	ck_assert_str_eq(e->perms, "r--s");
	ck_assert_str_eq(e->name, want);
	ck_assert_int_eq(e->kind, MAPS_FILE);
	maps_free(&list);
	munmap(data, page);
}

KIT_TEST(load_empty_file,
	 .desc = N_("an empty maps file loads as a list of 0 entries"),
	 .hint = N_("No line, no entry: that is not an error."))
{
	struct map_list list = { (struct map_entry *)&list, 99 };

	ck_assert_int_eq(maps_load(&list, kit_file_with("maps", "", 0)), 0);
	ck_assert_uint_eq(list.count, 0);
	maps_free(&list);
	ck_assert_ptr_null(list.entries);
}

KIT_TEST(load_read_error,
	 .desc = N_("when reading fails (a directory opens, but reading it "
		    "gives EISDIR), maps_load fails with the read's errno, "
		    "leaving an empty list and no descriptor"),
	 .hint = N_("getline returns -1 at the end of the file and on an error "
		    "alike: ferror(file) tells them apart, and errno says "
		    "why."))
{
	struct kit_snapshot before;
	struct map_list list = { (struct map_entry *)&list, 99 };

	kit_snapshot_take(&before);
	errno = 0;
	ck_assert_int_eq(maps_load(&list, kit_scratch_dir()), -1);
	ck_assert_errno(EISDIR);
	ck_assert_ptr_null(list.entries);
	ck_assert_uint_eq(list.count, 0);
	ck_assert_no_fd_leak(&before);
}

KIT_TEST(load_out_of_memory, .no_valgrind = 1,
	 .desc = N_("when the entries do not fit in memory, maps_load fails "
		    "with ENOMEM, leaving an empty list and no descriptor"),
	 .hint = N_("realloc returns NULL and keeps the old block: test its "
		    "result before you replace your pointer, then free the old "
		    "block."))
{
	enum { LINES = 4000 };          /* 4000 entries: more than 16 MiB */
	char *text = malloc(LINES * 64);
	size_t used = 0;
	struct kit_snapshot before;
	struct map_list list = { (struct map_entry *)&list, 99 };
	struct rlimit saved, low;
	const char *path;
	int rc, err;

	ck_assert_ptr_nonnull(text);
	for (int i = 0; i < LINES; i++)
		used += (size_t)sprintf(text + used, "%08lx-%08lx rw-p 00000000 "
					"00:00 0 \n", 0x1000UL * (unsigned long)(2 * i + 1),
					0x1000UL * (unsigned long)(2 * i + 2));
	path = kit_file_with("maps", text, used);
	free(text);
	kit_snapshot_take(&before);
	/* No more than 8 MiB of new address space from now on. */
	ck_assert_int_eq(getrlimit(RLIMIT_AS, &saved), 0);
	low = saved;
	low.rlim_cur = vm_size() + (8UL << 20);
	ck_assert_int_eq(setrlimit(RLIMIT_AS, &low), 0);
	errno = 0;
	rc = maps_load(&list, path);
	err = errno;
	setrlimit(RLIMIT_AS, &saved);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(err == ENOMEM,
		      _("errno is %d (%s), expected ENOMEM"), err,
		      strerror(err));
	ck_assert_ptr_null(list.entries);
	ck_assert_uint_eq(list.count, 0);
	ck_assert_no_fd_leak(&before);
}
