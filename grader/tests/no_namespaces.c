/*
 * no_namespaces.c - runs a command where no namespace can be made.
 *
 *     no_namespaces COMMAND [ARG...]
 *
 * Containers (Docker's default seccomp profile), hosts that forbid
 * unprivileged user namespaces (Ubuntu 24.04) and some CI runners refuse
 * unshare() and clone() with CLONE_NEW* flags.  This filter does the same,
 * so that `make test` sees what the grader does there: bubblewrap fails,
 * the grader falls back to a process session, and says so.  clone3 is
 * refused with ENOSYS, its arguments being out of a filter's reach; libc
 * then falls back to clone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static const unsigned long flags[] = {
		CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC,
		CLONE_NEWUTS, CLONE_NEWUSER, CLONE_NEWCGROUP,
	};
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (argc < 2 || f == NULL) {
		fputs("usage: no_namespaces COMMAND [ARG...]\n", stderr);
		return 2;
	}
	rc = seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 0);
	rc |= seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(setns), 0);
	rc |= seccomp_rule_add(f, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	/* One rule per flag: a clone asking for any new namespace fails. */
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		rc |= seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
				       SCMP_A0(SCMP_CMP_MASKED_EQ, flags[i], flags[i]));
	if (rc != 0 || seccomp_load(f) != 0) {
		fputs("no_namespaces: cannot install the filter\n", stderr);
		return 2;
	}
	seccomp_release(f);
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
