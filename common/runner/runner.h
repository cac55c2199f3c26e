/*
 * runner.h - the pieces of the trusted runner, one file each.
 */
#ifndef RUNNER_H
#define RUNNER_H

#include <stddef.h>
#include <stdint.h>

#include "kit_lab.h"
#include "kit_record.h"

/* How a test's process ended, and what it wrote on its verdict pipe. */
struct test_process {
	int status;             /* waitpid's                              */
	int timed_out;
	char doing[64];         /* at the timeout: its state and wchan    */
	uint64_t nonce;         /* what the process had to write back     */
	char *verdict;          /* its records, VERDICT_CAP at most       */
	size_t len;
	double seconds;
};

/* The IPC objects of our user: "posix NAME" (files of /dev/shm), "shm
 * ID", "msg ID", "sem ID"; as many as there are. */
struct runner_ipc {
	int n, cap;
	char **name;
};

/* list.c: the tests of the lab's record (kit_lab.h); NULL (and a
 * message) if unreadable. */
struct kit_lab_test *runner_read_list(const char *path, int *n);

/* list.c: 0 when every NAME is a test; else says which, and the closest. */
int runner_check_names(const struct kit_lab_test *tests, int ntests,
		       char **names, int nnames);

/* ipc.c: what exists now; then, after the test, remove what is new (and
 * free BEFORE).  Out of memory, the runner exits 3: the environment's. */
void runner_ipc_take(struct runner_ipc *snap);
void runner_ipc_clean(struct runner_ipc *before);

/* judge.c: what the kit said it could not do (NULL if nothing): the
 * environment failed, and no verdict may be given. */
const char *runner_environment_failure(struct test_process *p);

/* check_words.c: an assertion message as the student reads it: Check's
 * fixed formats said again in words (expected, got), numbers in the base
 * that fits; any other message as it is. */
void check_words(const char *msg, char *out, size_t size);

/* judge.c: the lab's catalogue (--domain), for descriptions and hints. */
extern const char *runner_domain;

/* judge.c: the verdict, and the line a student reads. */
struct kit_record runner_judge(const struct kit_lab_test *t,
			       const struct test_process *p, const char *binary);
void runner_print(const struct kit_record *r, const struct kit_lab_test *t);

/* files.c: Landlock.  FILES_READ a folder or file, FILES_EXEC also runs
 * programs there, FILES_DEVICES reads and writes existing files only,
 * FILES_WRITE does anything below. */
enum files_access { FILES_READ, FILES_EXEC, FILES_DEVICES, FILES_WRITE };

struct files_rule {
	const char *path;
	enum files_access how;
};

/* The running kernel's Landlock ABI, 0 without Landlock. */
int files_abi(void);

/* This process and its children keep only RULES: 0 done, 1 no Landlock
 * here, -1 failed. */
int files_confine(const struct files_rule *rules, int nrules);

/* runner.c */
void runner_remove_test_dir(const char *run, const char *name);

#endif
