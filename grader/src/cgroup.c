/*
 * cgroup.c - one control group per grade, where the machine offers one.
 *
 * Rlimits bound each process of a grade, one by one.  Nothing bounds them
 * together, nor the files they leave in a tmpfs (shared memory objects, the
 * sandbox's /tmp), which belong to no process at all.  A memory cgroup
 * charges both to the group.  So the grader makes a group of its own under
 * the one it runs in (cgroup v2, or the memory hierarchy of cgroup v1),
 * caps its memory, and moves itself in: every process of the grade is born
 * inside.  At the end it moves itself out, kills whatever is left in the
 * group, and removes it.
 *
 * Where no group can be made (not root, nothing delegated to us, v2 with
 * processes beside us in our own group, a read-only /sys/fs/cgroup) the
 * grade goes on with rlimits and tmpfs sizes, and the report does not
 * claim a cgroup.  KIT_CGROUP=0 turns it off; KIT_GRADE_MEMORY_MB sets the
 * cap (default 1536).
 */
#define _GNU_SOURCE
#include "grader.h"
#include "sandbox.h"
#include "kit_lang.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_MEMORY_MB 1536

static char *home;      /* the group we were in: where we go back to */
static char *ours;      /* the grade's group, while it exists        */

static int write_file(const char *dir, const char *file, const char *text)
{
	char *path = xasprintf("%s/%s", dir, file);
	FILE *f = fopen(path, "w");
	int ok = f != NULL && fputs(text, f) >= 0;

	if (f != NULL && fclose(f) != 0)
		ok = 0;
	free(path);
	return ok ? 0 : -1;
}

/* Does the whitespace-separated list in DIR/FILE hold WORD? */
static int lists(const char *dir, const char *file, const char *word)
{
	char *path = xasprintf("%s/%s", dir, file);
	FILE *f = fopen(path, "r");
	char item[64];
	int found = 0;

	while (f != NULL && !found && fscanf(f, "%63s", item) == 1)
		found = strcmp(item, word) == 0;
	if (f != NULL)
		fclose(f);
	free(path);
	return found;
}

/*
 * The folder of our own group: for v2 (VERSION 2) the "0::/path" line of
 * /proc/self/cgroup under the cgroup2 mount; for v1 the "N:memory:/path"
 * line under the mount with the memory option.
 */
static char *current_group(int version)
{
	FILE *f = fopen("/proc/self/mountinfo", "r");
	char *line = NULL, *mount = NULL, *root = NULL, *path = NULL;
	size_t cap = 0;

	while (f != NULL && mount == NULL && getline(&line, &cap, f) > 0) {
		char mroot[PATH_MAX], mpoint[PATH_MAX], fstype[64], options[1024];
		char *dash = strstr(line, " - ");

		if (dash == NULL ||
		    sscanf(line, "%*s %*s %*s %4095s %4095s", mroot, mpoint) != 2 ||
		    sscanf(dash, " - %63s %*s %1023s", fstype, options) != 2)
			continue;
		if ((version == 2 && strcmp(fstype, "cgroup2") == 0) ||
		    (version == 1 && strcmp(fstype, "cgroup") == 0 &&
		     strstr(options, "memory") != NULL)) {
			mount = xstrdup(mpoint);
			root = xstrdup(mroot);
		}
	}
	if (f != NULL)
		fclose(f);
	f = mount ? fopen("/proc/self/cgroup", "r") : NULL;
	while (f != NULL && path == NULL && getline(&line, &cap, f) > 0) {
		char *controllers = strchr(line, ':');
		char *where = controllers ? strchr(controllers + 1, ':') : NULL;

		if (where == NULL)
			continue;
		*where++ = '\0';
		where[strcspn(where, "\n")] = '\0';
		if ((version == 2 && strcmp(controllers, ":") == 0) ||
		    (version == 1 && strstr(controllers, "memory") != NULL)) {
			size_t skip = strcmp(root, "/") != 0 &&
				      strncmp(where, root, strlen(root)) == 0 ? strlen(root) : 0;
			path = xasprintf("%s%s", mount, where + skip);
		}
	}
	if (f != NULL)
		fclose(f);
	free(line);
	free(mount);
	free(root);
	return path;
}

/* Kills every process of the group DIR, until none is left (a fork bomb
 * may still be forking while we read the list). */
static void kill_all(const char *dir)
{
	if (write_file(dir, "cgroup.kill", "1") == 0)
		return;         /* v2 since Linux 5.14: the kernel does it */
	for (int round = 0; round < 100; round++) {
		char *path = xasprintf("%s/cgroup.procs", dir);
		FILE *f = fopen(path, "r");
		long pid;
		int any = 0;

		free(path);
		while (f != NULL && fscanf(f, "%ld", &pid) == 1) {
			kill((pid_t)pid, SIGKILL);
			any = 1;
		}
		if (f != NULL)
			fclose(f);
		if (!any)
			return;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
}

void cgroup_leave(void)
{
	char pid[32];

	if (ours == NULL)
		return;
	snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	write_file(home, "cgroup.procs", pid);
	kill_all(ours);
	/* The killed are gone once the kernel has freed them: a few tries. */
	for (int i = 0; i < 100 && rmdir(ours) != 0 && errno == EBUSY; i++)
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	free(ours);
	ours = NULL;
}

/* Makes the group under PARENT and moves us in; 0 on success. */
static int enter(const char *parent, int version, long long bytes)
{
	char *dir = xasprintf("%s/kit-grade-%ld", parent, (long)getpid());
	char limit[32], pid[32];

	if (version == 2 && !lists(parent, "cgroup.subtree_control", "memory") &&
	    (!lists(parent, "cgroup.controllers", "memory") ||
	     write_file(parent, "cgroup.subtree_control", "+memory") != 0)) {
		free(dir);
		return -1;
	}
	if (mkdir(dir, 0755) != 0) {
		free(dir);
		return -1;
	}
	snprintf(limit, sizeof limit, "%lld\n", bytes);
	snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (write_file(dir, version == 2 ? "memory.max" : "memory.limit_in_bytes",
		       limit) != 0 ||
	    write_file(dir, "cgroup.procs", pid) != 0) {
		rmdir(dir);
		free(dir);
		return -1;
	}
	if (version == 2)
		write_file(dir, "memory.swap.max", "0\n");  /* where swap is on */
	home = xstrdup(parent);
	ours = dir;
	return 0;
}

const char *cgroup_enter(void)
{
	const char *off = getenv("KIT_CGROUP");
	const char *mb_text = getenv("KIT_GRADE_MEMORY_MB");
	long long mb = DEFAULT_MEMORY_MB;
	char *end;

	if (mb_text != NULL && *mb_text != '\0') {
		mb = strtoll(mb_text, &end, 10);
		/* 1 MiB to 1 TiB: the bytes (mb << 20) fit in a long long. */
		if (*end != '\0' || mb < 1 || mb > (1LL << 20))
			die("KIT_GRADE_MEMORY_MB is a number of MiB, 1 to 1048576, "
			    "not '%s'", mb_text);
	}
	static char said[128];

	if (off != NULL && strcmp(off, "0") == 0)
		return NULL;
	for (int version = 2; version >= 1; version--) {
		char *parent = current_group(version);
		int entered = parent != NULL && enter(parent, version, mb << 20) == 0;

		free(parent);
		if (entered) {
			atexit(cgroup_leave);
			snprintf(said, sizeof said, K_("a cgroup of its own (%lld MiB)"), mb);
			return said;
		}
	}
	return NULL;
}
