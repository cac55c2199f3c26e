/*
 * uids.c - a user of its own for each grade.
 *
 * As root, the grader runs the tests as an unprivileged user.  If two
 * grades shared that user (two students graded side by side, two classes
 * on one machine), one student's fork bomb would exhaust RLIMIT_NPROC for
 * the other, and a kill(-1) would reach the other's tests.  So each grade
 * takes a uid that no other grade holds: uids from KIT_UID_BASE (default
 * 940000) on, that belong to no account, each held by an flock on a file
 * of a root-only folder for as long as the grader lives.  The kernel drops
 * the lock when the grader ends, however it ends.
 */
#define _GNU_SOURCE
#include "grader.h"
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define UID_SPAN 4000

/* The locks' folder: root's, not a link, not writable by others. */
static int locks_dir(char *out, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	struct stat st;

	snprintf(out, size, "%s/kit-uids", tmp && *tmp ? tmp : "/tmp");
	if (mkdir(out, 0755) != 0 && errno != EEXIST)
		return -1;
	if (lstat(out, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & 022) != 0)
		return -1;
	return 0;
}

uid_t sandbox_take_uid(void)
{
	const char *base_text = getenv("KIT_UID_BASE");
	uid_t base = base_text ? (uid_t)atol(base_text) : 940000;
	char dir[PATH_MAX], path[PATH_MAX + 16];

	if (locks_dir(dir, sizeof dir) != 0)
		return 0;
	for (uid_t uid = base; uid < base + UID_SPAN; uid++) {
		int fd;

		if (getpwuid(uid) != NULL)
			continue;
		snprintf(path, sizeof path, "%s/%u", dir, (unsigned)uid);
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return uid;     /* fd stays open: the lock is ours */
		close(fd);
	}
	return 0;
}
