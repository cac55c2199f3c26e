/*
 * kit_calls.h - how did the student do the work?
 *
 * Test binaries are linked with -Wl,--wrap=NAME for every call listed in
 * KIT_CALL_LIST: the linker sends the student's calls to __wrap_NAME, which
 * counts the call, remembers its arguments, and either fails it on request
 * (errno of the test's choosing) or forwards it to the real __real_NAME.
 *
 * Counters count everything between kit_calls_reset() and the read, so call
 * the student's function in that window and nothing else that maps memory.
 */
#ifndef KIT_CALLS_H
#define KIT_CALLS_H

#include <stddef.h>
#include <sys/types.h>

#include "kit_lang.h"

/* One entry per wrapped call; common/lab.mk reads this list to build the
 * linker's --wrap options, so a call added here is wrapped everywhere. */
#define KIT_CALL_LIST(X)                                                     \
	X(mmap) X(munmap) X(mprotect) X(msync) X(mremap) X(madvise)          \
	X(mincore) X(ftruncate) X(shm_open) X(shm_unlink) X(shmget)          \
	X(shmat) X(shmdt) X(shmctl) X(open) X(openat) X(close) X(read)       \
	X(write) X(pread) X(pwrite) X(lseek) X(fork) X(fstat) X(waitpid)    \
	X(sigaction) X(kill)

enum kit_call {
#define KIT_ENUM(name) KIT_##name,
	KIT_CALL_LIST(KIT_ENUM)
#undef KIT_ENUM
	KIT_NCALLS
};

/* The arguments of the latest call of each kind, for "how" assertions. */
struct kit_mmap_args {
	void *addr;
	size_t length;
	int prot;
	int flags;
	int fd;
	off_t offset;
	void *result;
};

/*
 * Every wrapped call is recorded with its arguments, in order, as longs
 * (pointers and flags alike), its result and the errno it left:
 *
 *     const struct kit_call_args *m = kit_last_call(KIT_msync);
 *     ck_assert_ptr_nonnull(m);
 *     ck_assert_int_eq(m->arg[2], MS_SYNC);
 *
 * kit_nth_call(KIT_open, 1) is the first open since the reset; NULL when
 * there was no such call.  The log keeps KIT_CALL_LOG calls: past that,
 * these questions fail the test and say so (the log is no longer whole).
 */
#define KIT_CALL_LOG 512

struct kit_call_args {
	enum kit_call call;
	long arg[6];            /* as passed; unused ones are 0            */
	long result;            /* the return value (a pointer as a long)  */
	int err;                /* errno when the call failed, else 0      */
	int injected;           /* the failure was injected by the test    */
};

void kit_calls_reset(void);
unsigned kit_calls(enum kit_call call);
const char *kit_call_name(enum kit_call call);
const struct kit_mmap_args *kit_last_mmap(void);
const struct kit_call_args *kit_last_call(enum kit_call call);
const struct kit_call_args *kit_nth_call(enum kit_call call, unsigned nth);

/* How many calls of CALL since the reset have arg[I] with all of BITS set. */
unsigned kit_calls_with_bits(enum kit_call call, int i, long bits);

/* mmap calls since the reset whose flags include all of FLAGS. */
unsigned kit_mmap_calls_with(int flags);

/*
 * The Nth call of CALL from now on (1 = the next one) fails with ERR instead
 * of reaching the kernel.  One injection per call kind; 0 clears it.
 */
void kit_fail_nth(enum kit_call call, unsigned nth, int err);

/* Counts as an assertion: CALL was made exactly N times since the reset. */
#define ck_assert_calls(call, n)                                             \
	ck_assert_msg(kit_calls(KIT_##call) == (unsigned)(n),                \
		      K_("expected %u call(s) to %s(), saw %u"), (unsigned)(n), \
		      #call, kit_calls(KIT_##call))

/* A call the lab forbids: the sheet says to map the file instead. */
#define ck_assert_not_called(call)                                           \
	ck_assert_msg(kit_calls(KIT_##call) == 0,                            \
		      K_("%s() was called %u time(s); this lab asks you not " \
			 "to use it"), #call, kit_calls(KIT_##call))

#endif
