/*
 * kit_tmp.c - scratch files, shared-memory names and test randomness.
 *
 * Everything here is per test: the runner gives each test a fresh child, and
 * kit_tmp_reset() names the test's scratch directory after it.  The runner
 * removes that directory and every shm name recorded here once the child is
 * gone, so a test that crashes still leaves nothing behind.
 */
#define _GNU_SOURCE
#include "kit_tmp.h"
#include "kit_internal.h"

#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *kit_run_dir = "/tmp";
char kit_run_token[17] = "0";

static char scratch[PATH_MAX];
/* The paths and names returned to a test, kept to its end: a test that
 * asks for more than this is a kit's bug, said as such, never a path
 * overwritten under the test's feet. */
#define KIT_STRINGS_MAX (64 * 1024)
static char strings[KIT_STRINGS_MAX];
static size_t strings_used;
static unsigned shm_counter;
static unsigned long rng_state = 88172645463325252UL;

size_t kit_page_size(void)
{
	static size_t size;

	if (size == 0)
		size = (size_t)sysconf(_SC_PAGESIZE);
	return size;
}

static const char *keep(const char *s)
{
	size_t len = strlen(s) + 1;
	char *copy;

	if (strings_used + len > sizeof strings)
		kit_environment_failed("kit_tmp.c: one test asked for more than "
				       "64 KiB of scratch paths and names");
	copy = strings + strings_used;
	memcpy(copy, s, len);
	strings_used += len;
	return copy;
}

void kit_tmp_reset(const char *test_name)
{
	unsigned long h = 5381;

	snprintf(scratch, sizeof scratch, "%s/%s", kit_run_dir, test_name);
	strings_used = 0;
	shm_counter = 0;
	for (const char *p = test_name; *p; p++)
		h = h * 33 + (unsigned char)*p;
	kit_random_seed(h);
}

const char *kit_scratch_dir(void)
{
	if (mkdir(scratch, 0700) != 0 && errno != EEXIST)
		kit_environment_failed("the test's scratch folder cannot be made");
	return scratch;
}

const char *kit_path(const char *name)
{
	char path[8192];

	snprintf(path, sizeof path, "%.4000s/%.4000s", kit_scratch_dir(), name);
	return keep(path);
}

static const char *create(const char *name, int *fd)
{
	const char *path = kit_path(name);

	*fd = __real_open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (*fd < 0)
		kit_environment_failed("a scratch file cannot be created");
	return path;
}

static int write_all(int fd, const unsigned char *p, size_t len, off_t at)
{
	while (len > 0) {
		ssize_t n = __real_pwrite(fd, p, len, at);

		if (n <= 0)
			return -1;
		p += n;
		at += n;
		len -= (size_t)n;
	}
	return 0;
}

const char *kit_file_with(const char *name, const void *data, size_t len)
{
	int fd;
	const char *path = create(name, &fd);

	if (path == NULL)
		return NULL;
	if (write_all(fd, data, len, 0) != 0)
		kit_environment_failed("a scratch file cannot be written (disk full?)");
	__real_close(fd);
	return path;
}

unsigned char kit_pattern_byte(off_t i)
{
	/* Not periodic in any power of two, so misplaced pages show. */
	return (unsigned char)((i * 7 + i / 251) % 253);
}

long long kit_pattern_count(off_t size, unsigned char byte)
{
	long long n = 0;

	for (off_t i = 0; i < size; i++)
		n += kit_pattern_byte(i) == byte;
	return n;
}

off_t kit_file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

const char *kit_file_pattern(const char *name, off_t size)
{
	unsigned char buf[64 * 1024];
	int fd;
	const char *path = create(name, &fd);

	if (path == NULL)
		return NULL;
	for (off_t at = 0; at < size; ) {
		size_t n = sizeof buf;

		if ((off_t)n > size - at)
			n = (size_t)(size - at);
		for (size_t i = 0; i < n; i++)
			buf[i] = kit_pattern_byte(at + (off_t)i);
		if (write_all(fd, buf, n, at) != 0)
			kit_environment_failed("a scratch file cannot be written (disk full?)");
		at += (off_t)n;
	}
	__real_close(fd);
	return path;
}

const char *kit_file_sparse(const char *name, off_t size)
{
	off_t page = (off_t)kit_page_size();
	int fd;
	const char *path = create(name, &fd);

	if (path == NULL)
		return NULL;
	if (__real_ftruncate(fd, size) != 0)
		kit_environment_failed("a sparse scratch file cannot be sized");
	/* One pattern byte at the start of every 256th page, the rest holes. */
	for (off_t at = 0; path && at < size; at += 256 * page) {
		unsigned char b = kit_pattern_byte(at);

		if (write_all(fd, &b, 1, at) != 0)
			path = NULL;
	}
	__real_close(fd);
	return path;
}

unsigned char *kit_slurp(const char *path, size_t *len)
{
	int fd = __real_open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	unsigned char *buf;
	size_t got = 0;

	if (fd < 0)
		return NULL;
	if (__real_fstat(fd, &st) != 0 || (buf = malloc((size_t)st.st_size + 1)) == NULL) {
		__real_close(fd);
		return NULL;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = __real_read(fd, buf + got, (size_t)st.st_size - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	__real_close(fd);
	*len = got;
	return buf;
}

const char *kit_shm_name(void)
{
	char name[KIT_SHM_NAME_MAX];

	snprintf(name, sizeof name, "/kit-%s-%d-%u", kit_run_token,
		 kit_test_index, shm_counter++);
	return keep(name);
}

unsigned long kit_random(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

void kit_random_seed(unsigned long seed)
{
	rng_state = seed ? seed : 88172645463325252UL;
}

static int remove_entry(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

void kit_remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
