/*
 * gradescope_container.c - runs a command as Gradescope runs an autograder:
 * root, in a Docker container with Docker's default restrictions.
 *
 *     gradescope_container [--join FILE]... -- COMMAND [ARG...]
 *
 * Writes its process id into each FILE first (a cgroup's cgroup.procs, so
 * that the command runs under the memory and CPU limits the caller set
 * there: Gradescope's default is 768 MB and half a CPU).  Then, as Docker
 * does for a container started without options:
 *
 *   - /sys/fs/cgroup read-only (in a mount namespace of its own), so that
 *     the grader cannot make a cgroup of its own there (grader/src/cgroup.c);
 *   - capabilities: only Docker's default set is left in the bounding set,
 *     so that root keeps only those after exec (no CAP_SYS_ADMIN, no
 *     CAP_SYS_RESOURCE: rlimits cannot be raised, no mount, no namespace);
 *   - a seccomp filter with the calls Docker's default profile refuses to
 *     a container without CAP_SYS_ADMIN: namespaces (unshare, setns, clone
 *     with CLONE_NEW* flags; clone3 gets ENOSYS, its flags being out of a
 *     filter's reach, as Docker does), mount and the new mount API, the
 *     kernel's modules, keys, BPF, perf, clocks, swap, reboot, quotas,
 *     file handles, userfaultfd.  ptrace and process_vm_* are refused too:
 *     Docker allows them on Linux 4.8 and later, but a Gradescope image may
 *     run under an older rule set, and the kit must not need them.
 *
 * No new privileges is left unset, as Docker leaves it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sched.h>
#include <seccomp.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Docker's default capabilities (moby's oci/caps/defaults.go). */
static const int docker_caps[] = {
	CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD,
	CAP_NET_RAW, CAP_SETGID, CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP,
	CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL, CAP_AUDIT_WRITE,
};

static int kept(int cap)
{
	for (size_t i = 0; i < sizeof docker_caps / sizeof docker_caps[0]; i++)
		if (docker_caps[i] == cap)
			return 1;
	return 0;
}

static int join(const char *procs)
{
	char pid[32];
	int fd = open(procs, O_WRONLY | O_CLOEXEC), n, ok;

	if (fd < 0)
		return -1;
	n = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
	ok = write(fd, pid, (size_t)n) == n;
	return close(fd) == 0 && ok ? 0 : -1;
}

/* Every mount at or under /sys/fs/cgroup, read-only, in our own namespace. */
static int cgroupfs_read_only(void)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	if (unshare(CLONE_NEWNS) != 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    (f = fopen("/proc/self/mountinfo", "re")) == NULL)
		return -1;
	while (getline(&line, &cap, f) > 0) {
		char point[PATH_MAX];

		/* "id parent major:minor root mount-point options ..." */
		if (sscanf(line, "%*s %*s %*s %*s %4095s", point) != 1 ||
		    strncmp(point, "/sys/fs/cgroup", 14) != 0 ||
		    (point[14] != '\0' && point[14] != '/'))
			continue;
		if (mount(NULL, point, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY,
			  NULL) != 0)
			rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

static int drop_capabilities(void)
{
	for (int cap = 0; prctl(PR_CAPBSET_READ, cap) >= 0; cap++)
		if (!kept(cap) && prctl(PR_CAPBSET_DROP, cap) != 0 && errno != EINVAL)
			return -1;
	return 0;
}

static int install_filter(void)
{
	static const unsigned long namespaces[] = {
		CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC,
		CLONE_NEWUTS, CLONE_NEWUSER, CLONE_NEWCGROUP,
	};
	/* Refused outright; a name this libseccomp or this architecture
	 * does not know is left out (it cannot be called either). */
	static const char *const refused[] = {
		"unshare", "setns", "mount", "umount", "umount2", "pivot_root",
		"fsopen", "fsmount", "fsconfig", "fspick", "move_mount",
		"open_tree", "mount_setattr", "ptrace", "process_vm_readv",
		"process_vm_writev", "kexec_load", "kexec_file_load",
		"init_module", "finit_module", "delete_module", "create_module",
		"reboot", "swapon", "swapoff", "acct", "settimeofday",
		"clock_settime", "clock_adjtime", "stime", "bpf",
		"perf_event_open", "keyctl", "add_key", "request_key",
		"open_by_handle_at", "name_to_handle_at", "lookup_dcookie",
		"quotactl", "userfaultfd", "syslog", "vhangup", "iopl", "ioperm",
		"nfsservctl", "sysfs", "_sysctl", "uselib", "get_kernel_syms",
		"query_module", "vm86", "vm86old", "get_mempolicy",
		"set_mempolicy", "mbind", "move_pages",
	};
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (f == NULL)
		return -1;
	rc = seccomp_attr_set(f, SCMP_FLTATR_CTL_NNP, 0);
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		int nr = seccomp_syscall_resolve_name(refused[i]);

		if (nr != __NR_SCMP_ERROR && nr >= 0)
			rc |= seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), nr, 0);
	}
	rc |= seccomp_rule_add(f, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++)
		rc |= seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
				       SCMP_A0(SCMP_CMP_MASKED_EQ, namespaces[i],
					       namespaces[i]));
	if (rc == 0)
		rc = seccomp_load(f);
	seccomp_release(f);
	return rc;
}

int main(int argc, char **argv)
{
	int i = 1;

	for (; i + 1 < argc && strcmp(argv[i], "--join") == 0; i += 2)
		if (join(argv[i + 1]) != 0) {
			fprintf(stderr, "gradescope_container: cannot join %s: %s\n",
				argv[i + 1], strerror(errno));
			return 2;
		}
	if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc) {
		fputs("usage: gradescope_container [--join FILE]... -- COMMAND "
		      "[ARG...]\n", stderr);
		return 2;
	}
	if (cgroupfs_read_only() != 0 || drop_capabilities() != 0 ||
	    install_filter() != 0) {
		fputs("gradescope_container: cannot restrict the command as "
		      "Docker does\n", stderr);
		return 2;
	}
	execvp(argv[i + 1], argv + i + 1);
	perror(argv[i + 1]);
	return 127;
}
