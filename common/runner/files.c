/*
 * files.c - which files a process may touch: Landlock.
 *
 * Namespaces (bubblewrap) show a test only the folders it needs; where
 * there are none (a container, a host that forbids user namespaces, a
 * plain user without bubblewrap), the test would see every file its user
 * may read: the kit's sources, hidden tests, a platform's submission
 * metadata.  Landlock (Linux 5.13 and later) lets any process give up, for
 * itself and its children, all file access but what it lists, with no
 * privilege at all; from Linux 6.12 it also keeps the process from
 * signalling any process outside its domain.  Used by the runner for each
 * test and by the compile jail for each student file.
 *
 * Rights not known to the running kernel are dropped from the request
 * (best effort, as Landlock's documentation asks).
 */
#define _GNU_SOURCE
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#define SCOPE_SIGNAL (1ULL << 1)        /* LANDLOCK_SCOPE_SIGNAL, ABI 6 */

#define R_FILE (LANDLOCK_ACCESS_FS_READ_FILE)
#define R_DIR (LANDLOCK_ACCESS_FS_READ_DIR)
#define X_FILE (LANDLOCK_ACCESS_FS_EXECUTE)
#define W_FILE (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE)
#define W_DIR (LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE | \
	       LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | \
	       LANDLOCK_ACCESS_FS_MAKE_SYM | LANDLOCK_ACCESS_FS_MAKE_FIFO | \
	       LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_REFER)
#define FILE_RIGHTS (R_FILE | X_FILE | W_FILE | LANDLOCK_ACCESS_FS_IOCTL_DEV)

/* The ruleset's attributes, with the field of ABI 6 (not in older headers). */
struct ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

int files_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
			   LANDLOCK_CREATE_RULESET_VERSION);

	return abi > 0 ? (int)abi : 0;
}

/* Every filesystem right the kernel of ABI knows. */
static uint64_t known_rights(int abi)
{
	uint64_t all = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;   /* ABI 1 */

	if (abi >= 2)
		all |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		all |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		all |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return all;
}

static uint64_t rights_of(enum files_access how)
{
	switch (how) {
	case FILES_READ: return R_FILE | R_DIR;
	case FILES_EXEC: return R_FILE | R_DIR | X_FILE;
	case FILES_DEVICES: return R_FILE | R_DIR | W_FILE |
				   LANDLOCK_ACCESS_FS_IOCTL_DEV;
	case FILES_WRITE: return R_FILE | R_DIR | W_FILE | W_DIR | X_FILE;
	}
	return 0;
}

/* Adds PATH with HOW to the ruleset; a path that does not exist is no error. */
static int allow(int ruleset, const char *path, enum files_access how,
		 uint64_t known)
{
	struct landlock_path_beneath_attr rule = { 0 };
	struct stat st;
	int rc;

	rule.parent_fd = open(path, O_PATH | O_CLOEXEC);
	if (rule.parent_fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	rule.allowed_access = rights_of(how) & known;
	if (fstat(rule.parent_fd, &st) == 0 && !S_ISDIR(st.st_mode))
		rule.allowed_access &= FILE_RIGHTS;
	rc = (int)syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
			  &rule, 0);
	close(rule.parent_fd);
	return rc;
}

int files_confine(const struct files_rule *rules, int nrules)
{
	int abi = files_abi(), ruleset;
	struct ruleset_attr attr = { 0 };
	size_t size = sizeof attr.handled_access_fs;

	if (abi == 0)
		return 1;
	attr.handled_access_fs = known_rights(abi);
	if (abi >= 6) {
		attr.scoped = SCOPE_SIGNAL;
		size = sizeof attr;
	}
	ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
	if (ruleset < 0)
		return -1;
	for (int i = 0; i < nrules; i++)
		if (allow(ruleset, rules[i].path, rules[i].how,
			  attr.handled_access_fs) != 0) {
			close(ruleset);
			return -1;
		}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
		close(ruleset);
		return -1;
	}
	close(ruleset);
	return 0;
}
