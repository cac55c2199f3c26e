/*
 * unpack.c - unpacks one student's archive, or refuses to.
 *
 *     unpack ARCHIVE DEST
 *
 * ARCHIVE is a zip, 7z or tar archive, the tar plain or compressed with
 * gzip, bzip2, xz or zstd; DEST must not exist yet.  Exit status 0: DEST
 * holds the archive's files.  1: the archive was refused, and the one line
 * on stdout says why (it goes into the gradebook); DEST is gone.  2: usage,
 * DEST exists, or the machine failed (a full disk...): no grade, no 0.
 *
 * An archive is the student's data, and extraction runs with the grader's
 * rights, so each entry is checked as it is read, before it is written:
 *   - only regular files and folders: a symbolic or hard link could point
 *     anywhere, and a later entry would be written through it;
 *   - no absolute name, no ".." component, no backslash (unzip and
 *     Windows read it as a folder separator);
 *   - at most KIT_UNPACK_MAX_FILES entries and KIT_UNPACK_MAX_BYTES bytes
 *     once unpacked (counted as the data is written, not as the archive
 *     claims), from an archive of at most KIT_UNPACK_MAX_ARCHIVE bytes.
 * libarchive's own secure-extraction flags (no "..", no absolute path, no
 * write through a symbolic link) stand behind these checks, and modes,
 * owners and times are not taken from the archive.
 */
#define _XOPEN_SOURCE 700 /* nftw, realpath */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long long limit(const char *name, long long fallback)
{
	const char *text = getenv(name);

	return text && atoll(text) > 0 ? atoll(text) : fallback;
}

static const char *dest;

static const char *error_of(struct archive *a)
{
	const char *text = archive_error_string(a);

	return text ? text : "no detail";
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		chmod(path, 0700);
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* Says why, removes what was written, exits 1. */
static void refuse(const char *fmt, const char *name)
{
	char shown[81];

	if (name != NULL && strlen(name) > 80) {
		memcpy(shown, name, 77);
		strcpy(shown + 77, "...");
		name = shown;
	}
	printf(fmt, name);
	putchar('\n');
	fflush(stdout);
	nftw(dest, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	exit(1);
}

/*
 * A write that failed for the machine's reasons (a full or read-only disk,
 * an I/O error, no memory) is no fault of the archive's: say so, remove
 * what was written, exit 2, and the student is not graded rather than
 * given 0.  The archive's own faults (a path libarchive's secure flags
 * refuse) come with no system errno.
 */
static void check_machine(struct archive *out, const char *name)
{
	int err = archive_errno(out);

	if (err != ENOSPC && err != EDQUOT && err != EIO && err != EROFS &&
	    err != EACCES && err != EPERM && err != ENOMEM && err != EMFILE &&
	    err != ENFILE)
		return;
	fprintf(stderr, "unpack: cannot write %s: %s\n", name, strerror(err));
	nftw(dest, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	exit(2);
}

/* The first reason to refuse an entry named NAME of type TYPE, or NULL. */
static const char *bad_entry(const char *name, mode_t type)
{
	if (type != AE_IFREG && type != AE_IFDIR)
		return "entry \"%s\" is a link or a special file; only files and folders are accepted";
	if (name[0] == '/')
		return "entry \"%s\" has an absolute path";
	if (strchr(name, '\\') != NULL)
		return "entry \"%s\" has a backslash in its name";
	for (const char *p = name; (p = strstr(p, "..")) != NULL; p += 2)
		if ((p == name || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return "entry \"%s\" would land outside its folder (..)";
	return NULL;
}

/* Copies the entry's data, counting it against the bytes left. */
static int copy_data(struct archive *in, struct archive *out, long long *left)
{
	const void *block;
	size_t size;
	la_int64_t offset;
	int r;

	while ((r = archive_read_data_block(in, &block, &size, &offset)) == ARCHIVE_OK) {
		if ((long long)size > *left)
			return 1;
		*left -= (long long)size;
		if (archive_write_data_block(out, block, size, offset) != ARCHIVE_OK)
			return -2;
	}
	return r == ARCHIVE_EOF ? 0 : -1;
}

int main(int argc, char **argv)
{
	long long max_files = limit("KIT_UNPACK_MAX_FILES", 2000);
	long long max_bytes = limit("KIT_UNPACK_MAX_BYTES", 64LL << 20);
	long long max_archive = limit("KIT_UNPACK_MAX_ARCHIVE", 32LL << 20);
	long long files = 0, left = max_bytes;
	struct archive *in, *out;
	struct archive_entry *entry;
	struct stat st;
	int r;

	if (argc != 3) {
		fprintf(stderr, "usage: unpack ARCHIVE DEST\n");
		return 2;
	}
	dest = argv[2];
	if (lstat(dest, &st) == 0) {
		fprintf(stderr, "unpack: %s already exists\n", dest);
		return 2;
	}
	if (lstat(argv[1], &st) != 0 || !S_ISREG(st.st_mode)) {
		printf("not a regular file\n");
		return 1;
	}
	if (st.st_size > max_archive) {
		printf("the archive is larger than %lld bytes\n", max_archive);
		return 1;
	}
	in = archive_read_new();
	/* The formats students hand in, and no other parser: each one more
	 * is code run on the student's bytes. */
	archive_read_support_format_zip(in);
	archive_read_support_format_7zip(in);
	archive_read_support_format_tar(in);
	archive_read_support_format_gnutar(in);
	archive_read_support_filter_gzip(in);
	archive_read_support_filter_bzip2(in);
	archive_read_support_filter_xz(in);
	archive_read_support_filter_zstd(in);
	if (archive_read_open_filename(in, argv[1], 64 << 10) != ARCHIVE_OK) {
		printf("not an archive that can be read (%s)\n", error_of(in));
		return 1;
	}
	/* Entries are written relative to DEST, which is removed by its
	 * absolute name if the archive is refused. */
	if (mkdir(dest, 0755) != 0 || (dest = realpath(dest, NULL)) == NULL ||
	    chdir(dest) != 0) {
		fprintf(stderr, "unpack: cannot create %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	out = archive_write_disk_new();
	archive_write_disk_set_options(out, ARCHIVE_EXTRACT_SECURE_SYMLINKS |
				       ARCHIVE_EXTRACT_SECURE_NODOTDOT |
				       ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS |
				       ARCHIVE_EXTRACT_NO_OVERWRITE);
	while ((r = archive_read_next_header(in, &entry)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(entry);
		const char *why;

		if (name == NULL)
			refuse("an entry has no name%s", "");
		/* A hard link is stored as a file that names another. */
		if (archive_entry_hardlink(entry) != NULL)
			refuse("entry \"%s\" is a link or a special file; only files "
			       "and folders are accepted", name);
		if ((why = bad_entry(name, archive_entry_filetype(entry))) != NULL)
			refuse(why, name);
		if (++files > max_files) {
			char n[32];

			snprintf(n, sizeof n, "%lld", max_files);
			refuse("more than %s entries", n);
		}
		/* Plain modes: readable by the sandbox's user, removable by us. */
		archive_entry_set_perm(entry, archive_entry_filetype(entry) == AE_IFDIR
					      ? 0755 : 0644);
		if (archive_write_header(out, entry) != ARCHIVE_OK) {
			check_machine(out, name);
			refuse("entry \"%s\" could not be unpacked", name);
		}
		if (archive_entry_filetype(entry) == AE_IFREG) {
			int copied = copy_data(in, out, &left);
			char n[32];

			snprintf(n, sizeof n, "%lld", max_bytes);
			if (copied > 0)
				refuse("more than %s bytes once unpacked", n);
			if (copied == -2)
				check_machine(out, name);
			if (copied < 0)
				refuse("entry \"%s\" is damaged", name);
		}
		if (archive_write_finish_entry(out) != ARCHIVE_OK) {
			check_machine(out, name);
			refuse("entry \"%s\" could not be unpacked", name);
		}
	}
	if (r != ARCHIVE_EOF)
		refuse("the archive is damaged (%s)", error_of(in));
	if (files == 0)
		refuse("the archive is empty%s", "");
	archive_read_free(in);
	if (archive_write_close(out) != ARCHIVE_OK) {
		check_machine(out, "the last entry");
		refuse("the archive could not be unpacked%s", "");
	}
	archive_write_free(out);
	return 0;
}
