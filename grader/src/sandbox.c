/*
 * sandbox.c - isolation for student code, as much as the machine allows.
 *
 * With bubblewrap, the tests run in new PID, IPC, network, UTS and mount
 * namespaces: only the system's read-only directories, the lab's programs
 * (read-only) and its scratch directory (writable) exist, /tmp and
 * /dev/shm are private, and when the sandbox's first process dies the
 * kernel kills every process of the namespace and drops its System V and
 * POSIX shared memory.  A grader running as root first becomes an
 * unprivileged user of its own (uids.c): root ignores RLIMIT_NPROC and may
 * signal anything, and a user shared with another grade would let one
 * student's processes reach another's.
 * Without bubblewrap, process sessions and rlimits (proc.c) still apply,
 * and the report says so.
 */
#define _GNU_SOURCE
#include "sandbox.h"
#include "grader.h"
#include "proc.h"
#include "kit_lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NOBODY 65534
#define TMPFS_BYTES "536870912"         /* 512 MiB each: /tmp, /dev/shm */

/* System directories the test binary needs (libc, /etc/passwd...). */
static const char *const system_dirs[] = { "/usr", "/etc", NULL };
static const char *const usr_links[][2] = {
	{ "usr/bin", "/bin" }, { "usr/lib", "/lib" },
	{ "usr/lib64", "/lib64" }, { "usr/sbin", "/sbin" },
};

static void push(char **v, int *n, const char *s)
{
	v[(*n)++] = xstrdup(s);
}

char **sandbox_argv(const struct sandbox *sb, char *const argv[],
		    const char *scratch, const char *rodir)
{
	/* bubblewrap's words: 15 of options, 3 per system folder and per
	 * link, 10 for the lab's folders; then ARGV, whole, and NULL. */
	enum { NDIRS = sizeof system_dirs / sizeof *system_dirs - 1,
	       NLINKS = sizeof usr_links / sizeof *usr_links,
	       BWRAP_WORDS = 15 + 3 * NDIRS + 3 * NLINKS + 10 };
	size_t argc = 0;
	char **v;
	int n = 0;

	while (argv[argc])
		argc++;
	v = xcalloc(argc + BWRAP_WORDS + 1, sizeof *v);

	if (sb->bwrap) {
		/* The tmpfs mounts have a size: memory written there is
		 * charged to no process, so no rlimit would bound it. */
		const char *head[] = { "bwrap", "--unshare-all", "--die-with-parent",
				       "--dev", "/dev", "--proc", "/proc",
				       "--size", TMPFS_BYTES, "--tmpfs", "/tmp",
				       "--size", TMPFS_BYTES, "--tmpfs", "/dev/shm",
				       NULL };

		for (int i = 0; head[i]; i++)
			push(v, &n, head[i]);
		for (int i = 0; system_dirs[i]; i++) {
			push(v, &n, "--ro-bind");
			push(v, &n, system_dirs[i]);
			push(v, &n, system_dirs[i]);
		}
		for (size_t i = 0; i < sizeof usr_links / sizeof usr_links[0]; i++) {
			push(v, &n, "--symlink");
			push(v, &n, usr_links[i][0]);
			push(v, &n, usr_links[i][1]);
		}
		push(v, &n, "--ro-bind");
		push(v, &n, rodir);
		push(v, &n, rodir);
		push(v, &n, "--bind");
		push(v, &n, scratch);
		push(v, &n, scratch);
		push(v, &n, "--chdir");
		push(v, &n, scratch);
		push(v, &n, "--");
	}
	for (size_t i = 0; i < argc; i++)
		push(v, &n, argv[i]);
	return v;
}

void sandbox_free_argv(char **argv)
{
	for (int i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* Can SB run a program from BIN, writing in SCRATCH, as the tests will? */
static int runs_there(const struct sandbox *sb, const char *bin,
		      const char *scratch)
{
	char *program = xasprintf("%s/true", bin);
	char *const probe[] = { program, NULL };
	char **argv = sandbox_argv(sb, probe, scratch, bin);
	struct limits lim = { .wall_seconds = 10, .output_cap = 8192,
			      .results_fd = -1, .uid = sb->uid, .gid = sb->gid };
	struct proc_result r;
	int ok;

	ok = proc_run(argv, &lim, &r) == 0 && r.exited && r.status == 0;
	proc_result_free(&r);
	sandbox_free_argv(argv);
	free(program);
	return ok;
}

/* Does the kernel offer Landlock, which the runner applies to each test? */
static int have_landlock(void)
{
	return syscall(SYS_landlock_create_ruleset, NULL, 0, 1U << 0) > 0;
}

void sandbox_probe(struct sandbox *sb, const char *run_root)
{
	const char *off = getenv("KIT_NO_SANDBOX");
	const char *uid = getenv("KIT_SANDBOX_UID");
	char *bin = xasprintf("%s/probe", run_root);
	char *scratch = xasprintf("%s/probe-scratch", run_root);
	char *program = xasprintf("%s/true", bin);

	memset(sb, 0, sizeof *sb);
	if (geteuid() == 0) {
		sb->uid = uid ? (uid_t)atol(uid) : sandbox_take_uid();
		sb->shared_uid = sb->uid == 0;
		if (sb->uid == 0)
			sb->uid = NOBODY;
		sb->gid = NOBODY;
	}
	if (mkdirs(bin) != 0 || mkdirs(scratch) != 0 ||
	    copy_file("/bin/true", program, 0755) != 0 ||
	    (sb->uid && chown(scratch, sb->uid, sb->gid) != 0))
		die("cannot prepare %s for the tests (is /tmp writable?)", run_root);
	sb->bwrap = !(off && *off);
	if (sb->bwrap && !runs_there(sb, bin, scratch))
		sb->bwrap = 0;
	if (!sb->bwrap && !runs_there(sb, bin, scratch))
		die("the tests cannot be run here: even without bubblewrap, user "
		    "%u cannot run a program from %s. Nothing was graded.",
		    (unsigned)sb->uid, run_root);
	remove_tree(bin);
	remove_tree(scratch);
	free(bin);
	free(scratch);
	free(program);
	snprintf(sb->description, sizeof sb->description, "%s%s%s%s",
		 sb->bwrap ? K_("bubblewrap (pid, ipc, net, mount namespaces)")
			   : K_("process session only (no bubblewrap)"),
		 have_landlock() ? ", Landlock" : "",
		 !sb->uid ? "" : sb->shared_uid ? K_(", unprivileged user (shared)")
						: K_(", unprivileged user of its own"),
		 K_(", rlimits"));
}
