/*
 * sandbox.h - where student code runs.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <sys/types.h>

struct sandbox {
	int bwrap;              /* namespaces through bubblewrap           */
	uid_t uid;              /* run as this user (0: as the grader)     */
	gid_t gid;
	int shared_uid;         /* no uid of its own could be had: nobody   */
	char description[256];  /* for the reports                         */
};

/*
 * Finds out, once, what isolation this machine allows, by running a
 * program from RUN_ROOT (the folder the tests will run from) as the user
 * the tests will run as.  Exits 2 when no isolation at all can run it.
 */
void sandbox_probe(struct sandbox *sb, const char *run_root);

/*
 * ARGV run inside the sandbox, with SCRATCH the only writable place and
 * RODIR (the lab's build directory) readable.  Free with sandbox_free_argv.
 */
char **sandbox_argv(const struct sandbox *sb, char *const argv[],
		    const char *scratch, const char *rodir);
void sandbox_free_argv(char **argv);

/*
 * As root: a uid no other grade holds while this grader lives (uids.c),
 * or 0 when none could be had.
 */
uid_t sandbox_take_uid(void);

/*
 * A memory cgroup of the grade's own, where the machine offers one
 * (cgroup.c): the grader moves itself in, so that everything the grade
 * starts is counted together, tmpfs files included.  Returns the words for
 * the report, or NULL when there is none.  cgroup_leave (also run at exit)
 * kills what is left in it and removes it.
 */
const char *cgroup_enter(void);
void cgroup_leave(void);

#endif
