/*
 * kit_internal.h - what the kit's files share inside a test's process.
 */
#ifndef KIT_INTERNAL_H
#define KIT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "kit_test.h"

#define KIT_SHM_NAME_MAX 64

/*
 * The test's process and the trusted runner (common/runner/) talk through
 * two descriptors the runner sets up before it executes the test binary:
 * the runner writes the test's nonce on KIT_NONCE_FD, which the kit reads
 * and closes before any student code runs; the kit writes its records on
 * KIT_VERDICT_FD (kit_verdict.h).  The nonce proves a test ran to its end.
 */
#define KIT_VERDICT_FD 3
#define KIT_NONCE_FD 4

extern int kit_verdict_fd;             /* -1 outside a runner's test */
extern uint64_t kit_nonce;
extern int kit_test_index;             /* declaration order of the test */
extern const char *kit_run_dir;        /* scratch root of this run   */
extern char kit_run_token[17];         /* random, unique per run     */

/*
 * The kit could not prepare the test (a scratch file, the disk full): the
 * environment's failure, not the student's.  Tells the runner (a "U"
 * record, with WHAT and errno), which then grades nothing of the lab.
 */
void kit_environment_failed(const char *what) __attribute__((noreturn));

/* Writes the "H" record of the hint set by kit_hint, if any, before the
 * record of a failure or a crash (async-signal-safe). */
void kit_hint_write(void);

/* Is this the test's own process (not a child it forked)? */
int kit_in_test_process(void);

/* Writes one record line on the verdict descriptor (async-signal-safe). */
void kit_verdict_write(const char *line);

/* The kit's own system calls bypass the counters (see kit_calls.h). */
void *__real_mmap(void *, size_t, int, int, int, off_t);
int __real_munmap(void *, size_t);
int __real_open(const char *, int, ...);
int __real_close(int);
ssize_t __real_read(int, void *, size_t);
ssize_t __real_write(int, const void *, size_t);
ssize_t __real_pwrite(int, const void *, size_t, off_t);
int __real_ftruncate(int, off_t);
int __real_shm_unlink(const char *);
int __real_shmctl(int, int, void *);
int __real_mincore(void *, size_t, unsigned char *);
struct stat;
struct sigaction;
int __real_fstat(int, struct stat *);
pid_t __real_waitpid(pid_t, int *, int);
int __real_sigaction(int, const struct sigaction *, struct sigaction *);

/* Per-test resets, done in the child by kit_test_enter. */
void kit_calls_reset_all(void);
void kit_fault_install(void);
void kit_tmp_reset(const char *test_name);

/* Did a wrapped mmap/mremap/shmat of this test map into [start, end)? */
int kit_was_mapped_by_calls(unsigned long start, unsigned long end);

/*
 * The kit's records of a test (its calls, mappings, IPC objects) are
 * fixed in size.  A question that a full record cannot answer truly fails
 * the test, saying which limit the code under test went past (LIMIT
 * WHAT: "1024 mappings"), rather than answer from half a record.
 */
void kit_limit_reached(unsigned limit, const char *what) __attribute__((noreturn));

/* Removes a directory tree; used for scratch directories. */
void kit_remove_tree(const char *path);

#endif
