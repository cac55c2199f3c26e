/*
 * kit_internal.h - state shared between the runner and the test children.
 *
 * The runner (the parent process, where no student code ever runs) maps one
 * MAP_SHARED|MAP_ANONYMOUS region before Check forks the tests; each child
 * writes its test's slot there, and the runner reads it after the child is
 * gone.  That is how a test proves it ran to its end, how an unexpected
 * fault is described, and how the runner learns what to clean up.
 */
#ifndef KIT_INTERNAL_H
#define KIT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "kit_test.h"

#define KIT_MAX_TESTS 256
#define KIT_MAX_SHM 64
#define KIT_SHM_NAME_MAX 64
#define KIT_MAX_SYSV 64

struct kit_slot {
	uint64_t done;          /* == kit_shared->nonce once the test ended */
	int fault_signo;        /* an unexpected fault, if any              */
	int fault_code;
	uintptr_t fault_addr;
	char fault_where[192];  /* the mapping that holds the address       */
	uintptr_t fault_pc;     /* where in the executable it happened:     */
	int fault_pc_known;     /* offset for addr2line, when known         */
};

struct kit_shared {
	uint64_t nonce;
	struct kit_slot slot[KIT_MAX_TESTS];
	unsigned nshm;
	char shm[KIT_MAX_SHM][KIT_SHM_NAME_MAX];
	unsigned nsysv;
	int sysv[KIT_MAX_SYSV];
};

extern struct kit_shared *kit_shared;
extern int kit_test_index;             /* slot of the running test   */
extern const char *kit_run_dir;        /* scratch root of this run   */
extern char kit_run_token[17];         /* random, unique per run     */

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

/* Bookkeeping for the runner's cleanup. */
void kit_remember_shm(const char *name);
void kit_remember_sysv(int id);

/* Per-test resets, done in the child by kit_test_enter. */
void kit_calls_reset_all(void);
void kit_fault_install(void);
void kit_tmp_reset(const char *test_name);

/* Did a wrapped mmap/mremap/shmat of this test map into [start, end)? */
int kit_was_mapped_by_calls(unsigned long start, unsigned long end);

/* Removes a directory tree; used for scratch directories. */
void kit_remove_tree(const char *path);

#endif
