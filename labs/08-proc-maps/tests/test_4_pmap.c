/*
 * Tests of lab 08, part 4: maps_print, checked on its output, and the small
 * pmap program that `make pmap` builds around it (found next to this test
 * binary).
 */
#include "kit.h"
#include "maps.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* What maps_print wrote, as a malloc'd string; *RESULT gets its return. */
static char *printed(const struct map_list *list, long *result)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(out);
	*result = maps_print(out, list);
	fclose(out);
	return text;
}

/* Checks a pmap-style TEXT: the sizes add up to the total line; returns
 * the total and how many area lines there were. */
static unsigned long check_sizes(char *text, size_t *lines)
{
	unsigned long sum = 0, total = 0, kib;
	char *line, *next;

	*lines = 0;
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (sscanf(line, "total %luK", &total) == 1) {
			ck_assert_msg(next == NULL || *next == '\0',
				      _("the total must be the last line"));
			break;
		}
		ck_assert_msg(sscanf(line, "%*16x %luK", &kib) == 1,
			      _("not an area line: \"%s\""), line);
		sum += kib;
		(*lines)++;
	}
	ck_assert_msg(total == sum,
		      _("the total says %luK, the lines add up to %luK"),
		      total, sum);
	return total;
}

KIT_TEST(print_formats_each_area, .points = 3,
	 .desc = N_("maps_print writes one pmap line per area and a total, and "
		    "returns the total in KiB"),
	 .hint = N_("Use the two formats of maps.h exactly; an anonymous area "
		    "is named \"[ anon ]\"."))
{
	const char text[] =
		"00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/dbus-daemon\n"
		"00e03000-00e24000 rw-p 00000000 00:00 0           [heap]\n"
		"7f1c2c000000-7f1c2c021000 rw-p 00000000 00:00 0 \n"
		"7ffc3a1a5000-7ffc3a1c6000 rw-s 00000000 00:00 0          [stack]\n";
	const char want[] =
		"0000000000400000      328K r-xp /usr/bin/dbus-daemon\n"
		"0000000000e03000      132K rw-p [heap]\n"
		"00007f1c2c000000      132K rw-p [ anon ]\n"
		"00007ffc3a1a5000      132K rw-s [stack]\n"
		"total                 724K\n";
	struct map_list list;
	long total;
	char *out;

	ck_assert_int_eq(maps_load(&list, kit_file_with("maps", text,
							sizeof text - 1)), 0);
	out = printed(&list, &total);
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(total, 724);
	free(out);
	maps_free(&list);
}

KIT_TEST(print_flushes_its_output,
	 .desc = N_("maps_print flushes its stream: its lines are in the file "
		    "before the caller closes it"),
	 .hint = N_("fprintf fills a buffer; fflush(out) sends it before you "
		    "return, as maps.h asks."))
{
	const char text[] =
		"00400000-00401000 r--p 00000000 08:02 11 /usr/bin/my tool\n";
	const char want[] =
		"0000000000400000        4K r--p /usr/bin/my tool\n"
		"total                   4K\n";
	const char *path = kit_path("pmap.txt");
	struct map_list list;
	unsigned char *got;
	size_t len;
	FILE *out;

	ck_assert_int_eq(maps_load(&list, kit_file_with("maps", text,
							sizeof text - 1)), 0);
	out = fopen(path, "w");
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(setvbuf(out, NULL, _IOFBF, 1 << 16), 0);
	ck_assert_int_eq(maps_print(out, &list), 4);
	got = kit_slurp(path, &len);
	fclose(out);
	ck_assert_ptr_nonnull(got);
	ck_assert_msg(len == sizeof want - 1 && memcmp(got, want, len) == 0,
		      _("the file holds \"%.*s\" before fclose, "
			"expected \"%s\""),
		      (int)len, (const char *)got, want);
	free(got);
	maps_free(&list);
}

KIT_TEST(print_empty_map,
	 .desc = N_("an empty map prints only its total, 0K"),
	 .hint = N_("The total line comes even when there is no area."))
{
	struct map_list list = { NULL, 0 };
	long total;
	char *out = printed(&list, &total);

	ck_assert_str_eq(out, "total                   0K\n");
	ck_assert_int_eq(total, 0);
	free(out);
}

KIT_TEST(print_total_adds_up, .points = 2,
	 .desc = N_("printing /proc/self/maps: one line per area, sizes that "
		    "add up to the total returned"),
	 .hint = N_("Add end - start of every area; divide by 1024 for KiB."))
{
	struct map_list list;
	unsigned long sum = 0;
	size_t lines;
	long total;
	char *out;

	ck_assert_int_eq(maps_load(&list, "/proc/self/maps"), 0);
	for (size_t i = 0; i < list.count; i++)
		sum += (list.entries[i].end - list.entries[i].start) / 1024;
	out = printed(&list, &total);
	ck_assert_uint_eq(check_sizes(out, &lines), sum);
	ck_assert_uint_eq(lines, list.count);
	ck_assert_int_eq(total, (long)sum);
	free(out);
	maps_free(&list);
}

KIT_TEST(print_reports_write_errors,
	 .desc = N_("maps_print returns -1 (errno ENOSPC) when its output "
		    "cannot be written"),
	 .hint = N_("fprintf only fills a buffer: fflush the stream, then "
		    "check ferror.  /dev/full refuses every write with "
		    "ENOSPC."))
{
	struct map_list list = { NULL, 0 };
	FILE *full = fopen("/dev/full", "w");

	ck_assert_ptr_nonnull(full);
	errno = 0;
	ck_assert_int_eq(maps_print(full, &list), -1);
	ck_assert_errno(ENOSPC);
	fclose(full);
}

/* The path of the pmap program, next to this test binary. */
static const char *pmap_path(void)
{
	static char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 8);
	char *slash;

	ck_assert_int_gt(n, 0);
	path[n] = '\0';
	slash = strrchr(path, '/');
	ck_assert_ptr_nonnull(slash);
	strcpy(slash + 1, "pmap");
	return path;
}

/* Runs PROGRAM and returns its standard output, malloc'd. */
static char *output_of(const char *program, int *status)
{
	size_t len = 0, room = 1 << 16;
	char *text = malloc(room);
	int out[2];
	pid_t child;
	ssize_t n;

	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(pipe(out), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		dup2(out[1], STDOUT_FILENO);
		close(out[0]);
		close(out[1]);
		execl(program, program, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	while ((n = read(out[0], text + len, room - len - 1)) > 0) {
		len += (size_t)n;
		if (room - len < 2) {
			text = realloc(text, room *= 2);
			ck_assert_ptr_nonnull(text);
		}
	}
	close(out[0]);
	text[len] = '\0';
	ck_assert_int_eq(waitpid(child, status, 0), child);
	return text;
}

KIT_TEST(pmap_program_prints_its_map, .points = 2,
	 .desc = N_("build/pmap (make pmap) prints its own map: its program "
		    "file, its [stack], and a total that adds up"),
	 .hint = N_("pmap_main.c calls your maps_load on /proc/self/maps, then "
		    "maps_print on stdout: once those work, so does the "
		    "program."))
{
	const char *program = pmap_path();
	char real[PATH_MAX];
	size_t lines;
	int status;
	char *out;

	ck_assert_msg(access(program, X_OK) == 0, _("%s is missing: make pmap"),
		      program);
	ck_assert_ptr_nonnull(realpath(program, real));
	out = output_of(program, &status);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      _("pmap failed (status %#x)"), status);
	ck_assert_msg(strstr(out, " [stack]\n") != NULL,
		      _("no [stack] line in:\n%s"), out);
	ck_assert_msg(strstr(out, real) != NULL, _("no line for %s"), real);
	ck_assert_uint_gt(check_sizes(out, &lines), 0);
	ck_assert_uint_gt(lines, 5);
	free(out);
}
