/*
 * kit_leak.c - snapshots of the address space and the descriptor table.
 *
 * The maps are read with stdio, whose own open/read stay inside libc and so
 * never reach the counting wrappers.
 */
#define _GNU_SOURCE
#include "kit_leak.h"
#include "kit_lang.h"
#include "kit_internal.h"
#include "kit_tmp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Mappings the kernel grows or adds by itself, not the code under test. */
static int is_ignored(const char *name)
{
	return strstr(name, "[heap]") || strstr(name, "[stack]") ||
	       strstr(name, "[vvar]") || strstr(name, "[vdso]");
}

static size_t read_maps(struct kit_range *out, size_t max)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[512];
	size_t n = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		int name_at = 0;

		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %n", &lo, &hi, &name_at) < 2)
			continue;
		if (is_ignored(line + name_at))
			continue;
		if (n == max) {
			fclose(f);
			kit_limit_reached(KIT_MAX_MAPS, K_("mappings"));
		}
		out[n++] = (struct kit_range){ lo, hi };
	}
	fclose(f);
	return n;
}

/* Descriptors from 0 to KIT_MAX_FDS - 1: the grader's tests cannot open
 * more (RLIMIT_NOFILE, grader/src/run.c). */
static void read_fds(unsigned char *open_fds)
{
	for (int fd = 0; fd < KIT_MAX_FDS; fd++)
		open_fds[fd] = fcntl(fd, F_GETFD) != -1;
}

/* The column of "uid" in the header line of a /proc/sysvipc file. */
static int uid_column(const char *header)
{
	char name[32];
	int column = 0, used;

	while (sscanf(header, "%31s%n", name, &used) == 1) {
		if (strcmp(name, "uid") == 0)
			return column;
		header += used;
		column++;
	}
	return -1;
}

/* The number in column COLUMN of LINE, or -1. */
static long column_of(const char *line, int column)
{
	long value = -1;
	int used;

	for (int c = 0; c <= column; c++) {
		if (sscanf(line, "%ld%n", &value, &used) != 1)
			return -1;
		line += used;
	}
	return value;
}

/* The POSIX shm objects, then the System V objects, of this process's
 * user, one name each (a long name cut the same way in every snapshot,
 * so they compare).  Other users' objects (a desktop's, another grade's
 * on a machine without namespaces) are none of the test's business. */
static size_t read_ipc(char (*out)[KIT_IPC_NAME], size_t max)
{
	static const char *const kinds[] = { "shm", "msg", "sem" };
	DIR *d = opendir("/dev/shm");
	struct dirent *e;
	char path[64], line[512];
	uid_t me = geteuid();
	size_t n = 0;

	while (d && (e = readdir(d)) != NULL) {
		struct stat st;

		if (e->d_name[0] == '.' ||
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    st.st_uid != me)
			continue;
		if (n == max) {
			closedir(d);
			kit_limit_reached(KIT_MAX_IPC, K_("IPC objects"));
		}
		snprintf(out[n++], KIT_IPC_NAME, "/%.*s", KIT_IPC_NAME - 2,
			 e->d_name);
	}
	if (d)
		closedir(d);
	for (size_t k = 0; k < 3; k++) {
		FILE *f;
		long key, id;

		snprintf(path, sizeof path, "/proc/sysvipc/%s", kinds[k]);
		int uid_at = -1;

		if ((f = fopen(path, "re")) == NULL)
			continue;
		if (fgets(line, sizeof line, f))
			uid_at = uid_column(line);
		while (fgets(line, sizeof line, f)) {
			if (sscanf(line, "%ld %ld", &key, &id) != 2 ||
			    (uid_at >= 0 && column_of(line, uid_at) != (long)me))
				continue;
			if (n == max) {
				fclose(f);
				kit_limit_reached(KIT_MAX_IPC, K_("IPC objects"));
			}
			snprintf(out[n++], KIT_IPC_NAME, "System V %s id %ld",
				 kinds[k], id);
		}
		fclose(f);
	}
	return n;
}

void kit_snapshot_take(struct kit_snapshot *snap)
{
	snap->nmaps = read_maps(snap->maps, KIT_MAX_MAPS);
	read_fds(snap->fd_open);
	snap->nipc = read_ipc(snap->ipc, KIT_MAX_IPC);
}

/*
 * Appends FMT's text to TEXT (SIZE bytes, *USED of them written): a list
 * of leaks too long for the message ends in "..." rather than stopping
 * without a word.
 */
static void __attribute__((format(printf, 4, 5)))
append(char *text, size_t size, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used >= size)
		return;                 /* already cut, and said so */
	va_start(ap, fmt);
	n = vsnprintf(text + *used, size - *used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - *used) {
		strcpy(text + size - 5, " ...");
		*used = size;
		return;
	}
	*used += (size_t)n;
}

const char *kit_ipc_leaks(const struct kit_snapshot *before)
{
	static char now[KIT_MAX_IPC][KIT_IPC_NAME];
	static char text[1024];
	size_t n = read_ipc(now, KIT_MAX_IPC), used = 0, leaks = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j = 0;

		while (j < before->nipc && strcmp(before->ipc[j], now[i]) != 0)
			j++;
		if (j < before->nipc)
			continue;
		if (leaks++ == 0)
			append(text, sizeof text, &used, "%s",
			       K_("IPC object(s) left behind "
				  "(missing shm_unlink or IPC_RMID?):"));
		append(text, sizeof text, &used, " %s", now[i]);
	}
	return leaks ? text : NULL;
}

/*
 * Valgrind maps memory for itself inside the process at any time, so under
 * it a new range counts as a leak only if one of the test's wrapped calls
 * (mmap, mremap, shmat) mapped there.  Outside valgrind, every new range.
 */
static int under_valgrind(void)
{
	const char *preload = getenv("LD_PRELOAD");

	return preload && strstr(preload, "vgpreload");
}

static int may_be_leak(struct kit_range r)
{
	return !under_valgrind() || kit_was_mapped_by_calls(r.start, r.end);
}

/* Is every byte of R inside some range of SNAP?  (Ranges are sorted.) */
static int covered(const struct kit_snapshot *snap, struct kit_range r)
{
	unsigned long at = r.start;

	for (size_t i = 0; i < snap->nmaps && at < r.end; i++)
		if (snap->maps[i].start <= at && at < snap->maps[i].end)
			at = snap->maps[i].end;
	return at >= r.end;
}

const char *kit_mapping_leaks(const struct kit_snapshot *before)
{
	static struct kit_snapshot now;
	static char text[1024];
	size_t used = 0, leaks = 0;

	now.nmaps = read_maps(now.maps, KIT_MAX_MAPS);
	for (size_t i = 0; i < now.nmaps; i++) {
		struct kit_range r = now.maps[i];

		if (covered(before, r) || !may_be_leak(r))
			continue;
		if (leaks++ == 0)
			append(text, sizeof text, &used, "%s",
			       K_("mapping(s) left behind (missing munmap?):"));
		append(text, sizeof text, &used, K_(" %#lx-%#lx (%lu bytes)"),
		       r.start, r.end, r.end - r.start);
	}
	return leaks ? text : NULL;
}

const char *kit_fd_leaks(const struct kit_snapshot *before)
{
	static char text[512];
	unsigned char now[KIT_MAX_FDS];
	size_t used = 0, leaks = 0;

	read_fds(now);
	for (int fd = 0; fd < KIT_MAX_FDS; fd++) {
		if (!now[fd] || before->fd_open[fd])
			continue;
		if (leaks++ == 0)
			append(text, sizeof text, &used, "%s",
			       K_("file descriptor(s) left open (missing close?):"));
		append(text, sizeof text, &used, " %d", fd);
	}
	return leaks ? text : NULL;
}

int kit_is_mapped(const void *addr, size_t len)
{
	static struct kit_snapshot now;
	unsigned long lo = (unsigned long)addr;

	now.nmaps = read_maps(now.maps, KIT_MAX_MAPS);
	return covered(&now, (struct kit_range){ lo, lo + (len ? len : 1) });
}

int kit_file_mappings(const char *path)
{
	char line[512];
	struct stat st;
	FILE *maps;
	int n = 0;

	if (stat(path, &st) != 0 || (maps = fopen("/proc/self/maps", "re")) == NULL)
		return -1;
	while (fgets(line, sizeof line, maps)) {
		unsigned int dev_major, dev_minor;
		unsigned long inode;

		if (sscanf(line, "%*s %*s %*s %x:%x %lu", &dev_major, &dev_minor,
			   &inode) == 3 && inode == (unsigned long)st.st_ino &&
		    dev_major == major(st.st_dev) && dev_minor == minor(st.st_dev))
			n++;
	}
	fclose(maps);
	return n;
}

/* mincore fails with ENOMEM exactly on pages that are not mapped. */
int kit_is_unmapped(const void *addr, size_t len)
{
	size_t page = kit_page_size();
	unsigned long at = (unsigned long)addr & ~(page - 1);
	unsigned char in_core;

	for (; at < (unsigned long)addr + len; at += page)
		if (__real_mincore((void *)at, page, &in_core) == 0 || errno != ENOMEM)
			return 0;
	return 1;
}

long kit_resident_pages(const void *addr, size_t len)
{
	size_t page = kit_page_size(), npages = (len + page - 1) / page;
	unsigned char *vec = calloc(npages ? npages : 1, 1);
	long n = -1;

	if (vec != NULL && __real_mincore((void *)addr, len, vec) == 0)
		for (n = 0; npages-- > 0; )
			n += vec[npages] & 1;
	free(vec);
	return n;
}
