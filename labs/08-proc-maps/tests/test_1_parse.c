/*
 * Tests of lab 08, part 1: parsing lines of a maps file.  The lines are
 * written here, in the kernel's format, so every expected field is known.
 */
#include "kit.h"
#include "maps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* One entry, parsed from LINE; the test fails if the line is refused. */
static struct map_entry *parsed(const char *line)
{
	static struct map_entry entry;
	int shown = (int)strcspn(line, "\n");  /* quote one line, not more */

	memset(&entry, 0x5a, sizeof entry);     /* no field is left by chance */
	ck_assert_msg(maps_parse_line(line, &entry) == 0,
		      _("maps_parse_line refused \"%.*s\" (%s)"),
		      shown < 100 ? shown : 100, line, strerror(errno));
	return &entry;
}

KIT_TEST(parse_file_line, .points = 2,
	 .desc = N_("maps_parse_line reads all six columns of a file's line"),
	 /* xgettext:no-c-format */
	 .hint = N_("One sscanf: \"%lx-%lx %7s %llx %x:%x %lu%n\".  The offset "
		    "and the device are hexadecimal, the inode decimal."))
{
	struct map_entry *e = parsed("7f3c1a200000-7f3c1a222000 r-xp 0001c000 "
		"fd:01 268543                     /usr/lib/libc.so.6\n");

	ck_assert_uint_eq(e->start, 0x7f3c1a200000UL);
	ck_assert_uint_eq(e->end, 0x7f3c1a222000UL);
	ck_assert_str_eq(e->perms, "r-xp");
	ck_assert_int_eq(e->prot, PROT_READ | PROT_EXEC);
	ck_assert_int_eq(e->shared, 0);
	ck_assert_uint_eq(e->offset, 0x1c000);
	ck_assert_uint_eq(e->dev_major, 0xfd);
	ck_assert_uint_eq(e->dev_minor, 1);
	ck_assert_uint_eq(e->inode, 268543);
	ck_assert_str_eq(e->name, "/usr/lib/libc.so.6");
	ck_assert_int_eq(e->kind, MAPS_FILE);
}

KIT_TEST(parse_anonymous_line,
	 .desc = N_("a line without a name is anonymous memory, with or "
		    "without trailing blanks and '\\n'"),
	 .hint = N_("Skip the blanks after the inode: if nothing but '\\n' or "
		    "the end follows, the name is \"\"."))
{
	const char *lines[] = {
		"7ffff7fb6000-7ffff7fb9000 rw-p 00000000 00:00 0 \n",
		"7ffff7fb6000-7ffff7fb9000 rw-p 00000000 00:00 0\n",
		"7ffff7fb6000-7ffff7fb9000 rw-p 00000000 00:00 0",
	};

	for (int i = 0; i < 3; i++) {
		struct map_entry *e = parsed(lines[i]);

		ck_assert_uint_eq(e->end - e->start, 3 * 0x1000);
		ck_assert_int_eq(e->prot, PROT_READ | PROT_WRITE);
		ck_assert_uint_eq(e->inode, 0);
		ck_assert_str_eq(e->name, "");
		ck_assert_int_eq(e->kind, MAPS_ANON);
	}
}

KIT_TEST(parse_kernel_labels,
	 .desc = N_("[heap], [stack] and the other [labels] get their own "
		    "kinds"),
	 .hint = N_("Compare the whole name: [heap] and [stack] have kinds of "
		    "their own, any other name that is not a path is "
		    "MAPS_SPECIAL."))
{
	struct map_entry *e;

	e = parsed("55d0c4a6b000-55d0c4a8c000 rw-p 00000000 00:00 0      [heap]\n");
	ck_assert_int_eq(e->kind, MAPS_HEAP);
	ck_assert_str_eq(e->name, "[heap]");
	e = parsed("7ffd73d6f000-7ffd73d90000 rw-p 00000000 00:00 0     [stack]\n");
	ck_assert_int_eq(e->kind, MAPS_STACK);
	e = parsed("7fa201f87000-7fa201f89000 r-xp 00000000 00:00 0     [vdso]\n");
	ck_assert_int_eq(e->kind, MAPS_SPECIAL);
	ck_assert_int_eq(e->prot, PROT_READ | PROT_EXEC);
	e = parsed("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 "
		   "[vsyscall]\n");
	ck_assert_uint_eq(e->start, 0xffffffffff600000UL);
	ck_assert_int_eq(e->prot, PROT_EXEC);
	ck_assert_int_eq(e->kind, MAPS_SPECIAL);
	e = parsed("7f0000000000-7f0000001000 rw-p 00000000 00:00 0  "
		   "[anon:ring buffer]\n");
	ck_assert_str_eq(e->name, "[anon:ring buffer]");
	ck_assert_int_eq(e->kind, MAPS_SPECIAL);
}

KIT_TEST(parse_shared_and_odd_names, .points = 2,
	 .desc = N_("an 's' area is shared; names keep their inner spaces and "
		    "their \" (deleted)\""),
	 /* xgettext:no-c-format */
	 .hint = N_("The name is everything after the blanks, up to the '\\n': "
		    "%s would stop at its first space."))
{
	struct map_entry *e;

	e = parsed("7f0000001000-7f0000002000 rw-s 00000000 00:01 32789      "
		   "/SYSV0000002a (deleted)\n");
	ck_assert_int_eq(e->shared, 1);
	ck_assert_str_eq(e->perms, "rw-s");
	ck_assert_str_eq(e->name, "/SYSV0000002a (deleted)");
	ck_assert_int_eq(e->kind, MAPS_FILE);
	e = parsed("7f0000003000-7f0000005000 r--s 1fffff000 08:12 9 "
		   "/tmp/my  notes.txt\n");
	ck_assert_uint_eq(e->offset, 0x1fffff000ULL);
	ck_assert_uint_eq(e->dev_major, 8);
	ck_assert_uint_eq(e->dev_minor, 0x12);
	ck_assert_int_eq(e->prot, PROT_READ);
	ck_assert_str_eq(e->name, "/tmp/my  notes.txt");
}

KIT_TEST(parse_rejects_malformed,
	 .desc = N_("maps_parse_line fails with EINVAL on lines that miss a "
		    "column, have bad permissions, or glue something to the "
		    "inode"),
	 .hint = N_("Check sscanf's count (7 conversions), then the four "
		    "permission characters one by one."))
{
	const char *bad[] = {
		"",
		"hello world\n",
		"00400000 r-xp 00000000 08:01 12 /bin/true\n",
		"00400000-00401000 r-xp 00000000 08:01\n",
		"00400000-00401000 r-xq 00000000 08:01 12 /bin/true\n",
		"00400000-00401000 rx 00000000 08:01 12 /bin/true\n",
		"00400000-00401000 r-xpp 00000000 08:01 12 /bin/true\n",
		"00400000-00401000 r-xp 00000000 0801 12 /bin/true\n",
		"00400000-00401000 r-xp 00000000 08:01 12x /bin/true\n",
		"00400000-00401000 r-xp 00000000 08:01 /bin/true\n",
		"00400000-00401000 rwxs00000000 08:01 12 /bin/true\n",
		"00400000-00401000 r-x 00000000 08:01 12 /bin/true\n",
		"00400000-00401000 -r-p 00000000 08:01 12 /bin/true\n",
	};
	struct map_entry entry;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		errno = 0;
		ck_assert_msg(maps_parse_line(bad[i], &entry) == -1,
			      _("\"%s\" was accepted"), bad[i]);
		ck_assert_errno(EINVAL);
	}
}

KIT_TEST(parse_names_at_the_limit,
	 .desc = N_("names of MAPS_NAME_MAX - 1 bytes are kept whole; names of "
		    "MAPS_NAME_MAX and MAPS_NAME_MAX + 1 bytes lose their end"),
	 .hint = N_("The name has room for MAPS_NAME_MAX - 1 bytes and its "
		    "'\\0': cut when len > MAPS_NAME_MAX - 1, not later."))
{
	static const size_t lens[] = { MAPS_NAME_MAX - 1, MAPS_NAME_MAX,
				       MAPS_NAME_MAX + 1 };
	char *line = malloc(MAPS_NAME_MAX + 128);

	ck_assert_ptr_nonnull(line);
	for (int i = 0; i < 3; i++) {
		struct map_entry *e;
		int at = sprintf(line, "00400000-00401000 r--p 00000000 08:01 "
				 "12 /");

		memset(line + at, 'a' + i, lens[i] - 1);
		strcpy(line + at + lens[i] - 1, "\n");
		e = parsed(line);
		ck_assert_uint_eq(strlen(e->name), MAPS_NAME_MAX - 1);
		ck_assert_int_eq(e->name[MAPS_NAME_MAX - 2], 'a' + i);
		ck_assert_int_eq(e->kind, MAPS_FILE);
	}
	free(line);
}

KIT_TEST(parse_cuts_long_names,
	 .desc = N_("a name longer than MAPS_NAME_MAX - 1 bytes is cut, never "
		    "overflows"),
	 .hint = N_("Copy at most MAPS_NAME_MAX - 1 bytes and always end the "
		    "name with '\\0'."))
{
	size_t len = MAPS_NAME_MAX + 500;
	char *line = malloc(len + 64);
	struct map_entry *e;
	int at;

	ck_assert_ptr_nonnull(line);
	at = sprintf(line, "00400000-00401000 r--p 00000000 08:01 12 /");
	memset(line + at, 'n', len - 1);
	strcpy(line + at + len - 1, "\n");
	e = parsed(line);
	ck_assert_uint_eq(strlen(e->name), MAPS_NAME_MAX - 1);
	ck_assert_int_eq(e->name[0], '/');
	ck_assert_int_eq(e->kind, MAPS_FILE);
	free(line);
}

KIT_TEST(parse_wide_numbers,
	 .desc = N_("offsets, devices and inodes wider than 32 bits, and a "
		    "name right after a one-blank gap, are read whole"),
	 /* xgettext:no-c-format */
	 .hint = N_("The offset is %llx (64 bits), the inode %lu (decimal, 64 "
		    "bits on x86-64), the device %x:%x; the name may follow a "
		    "single blank."))
{
	struct map_entry *e = parsed("7fffffffe000-7ffffffff000 rw-s 7ffffffff000 "
		"103:1f 123456789012 /data/big file\n");

	ck_assert_uint_eq(e->start, 0x7fffffffe000UL);
	ck_assert_uint_eq(e->end, 0x7ffffffff000UL);
	ck_assert_uint_eq(e->offset, 0x7ffffffff000ULL);
	ck_assert_uint_eq(e->dev_major, 0x103);
	ck_assert_uint_eq(e->dev_minor, 0x1f);
	ck_assert_uint_eq(e->inode, 123456789012UL);
	ck_assert_int_eq(e->shared, 1);
	ck_assert_int_eq(e->prot, PROT_READ | PROT_WRITE);
	ck_assert_str_eq(e->name, "/data/big file");
	ck_assert_int_eq(e->kind, MAPS_FILE);
	e = parsed("00001000-00002000 ---p 00000000 00:00 0\t[guard]");
	ck_assert_int_eq(e->prot, 0);
	ck_assert_str_eq(e->perms, "---p");
	ck_assert_str_eq(e->name, "[guard]");
}
