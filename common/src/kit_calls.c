/*
 * kit_calls.c - the wrappers behind kit_calls.h.
 *
 * Every __wrap_NAME follows the same steps: count the call, let an injected
 * failure take it if one is due, else forward to the real __real_NAME; then
 * record its arguments and result for the test's "how" assertions.
 */
#define _GNU_SOURCE
#include "kit_calls.h"
#include "kit_internal.h"
#include "kit_lang.h"
#include "kit_leak.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define KIT_FLAG_LOG 256

static unsigned counts[KIT_NCALLS];
static struct { unsigned countdown; int err; } injected[KIT_NCALLS];
static struct kit_mmap_args last_mmap;
static int mmap_flag_log[KIT_FLAG_LOG];
static struct kit_call_args call_log[KIT_CALL_LOG];
static unsigned call_log_len, call_log_lost;

/* Every range the wrapped calls mapped during the test (kit_leak.c). */
#define KIT_MAPPED_LOG 1024
static struct kit_range mapped_log[KIT_MAPPED_LOG];
static unsigned mapped_count, mapped_lost;

/* The logs are fixed: a wrapped call may run where malloc may not. */
void kit_limit_reached(unsigned limit, const char *what)
{
	ck_abort_msg(K_("the code under test made more than %u %s in this test: "
			"the kit keeps no more (common/src/kit_calls.c), so this "
			"test cannot check them"), limit, what);
}

static void log_mapping(void *addr, size_t len)
{
	if (addr == MAP_FAILED || addr == (void *)-1)
		return;
	if (mapped_count == KIT_MAPPED_LOG) {
		mapped_lost = 1;
		return;
	}
	mapped_log[mapped_count++] = (struct kit_range){
		(unsigned long)addr, (unsigned long)addr + len };
}

int kit_was_mapped_by_calls(unsigned long start, unsigned long end)
{
	if (mapped_lost)
		kit_limit_reached(KIT_MAPPED_LOG, K_("mappings"));
	for (unsigned i = 0; i < mapped_count; i++)
		if (mapped_log[i].start < end && start < mapped_log[i].end)
			return 1;
	return 0;
}

static const char *const names[KIT_NCALLS] = {
#define KIT_NAME(name) #name,
	KIT_CALL_LIST(KIT_NAME)
#undef KIT_NAME
};

const char *kit_call_name(enum kit_call call)
{
	return call < KIT_NCALLS ? names[call] : "?";
}

void kit_calls_reset(void)
{
	memset(counts, 0, sizeof counts);
	memset(&last_mmap, 0, sizeof last_mmap);
	call_log_len = call_log_lost = 0;
}

void kit_calls_reset_all(void)
{
	kit_calls_reset();
	mapped_count = mapped_lost = 0;
	memset(injected, 0, sizeof injected);
}

unsigned kit_calls(enum kit_call call)
{
	return call < KIT_NCALLS ? counts[call] : 0;
}

const struct kit_mmap_args *kit_last_mmap(void)
{
	return &last_mmap;
}

const struct kit_call_args *kit_nth_call(enum kit_call call, unsigned nth)
{
	if (call_log_lost)
		kit_limit_reached(KIT_CALL_LOG, K_("system calls"));
	for (unsigned i = 0; i < call_log_len; i++)
		if (call_log[i].call == call && --nth == 0)
			return &call_log[i];
	return NULL;
}

const struct kit_call_args *kit_last_call(enum kit_call call)
{
	if (call_log_lost)
		kit_limit_reached(KIT_CALL_LOG, K_("system calls"));
	for (unsigned i = call_log_len; i-- > 0; )
		if (call_log[i].call == call)
			return &call_log[i];
	return NULL;
}

unsigned kit_calls_with_bits(enum kit_call call, int i, long bits)
{
	unsigned n = 0;

	if (call_log_lost)
		kit_limit_reached(KIT_CALL_LOG, K_("system calls"));
	for (unsigned k = 0; k < call_log_len && i >= 0 && i < 6; k++)
		if (call_log[k].call == call && (call_log[k].arg[i] & bits) == bits)
			n++;
	return n;
}

unsigned kit_mmap_calls_with(int flags)
{
	unsigned n = 0;

	if (counts[KIT_mmap] > KIT_FLAG_LOG)
		kit_limit_reached(KIT_FLAG_LOG, K_("calls of mmap"));
	for (unsigned i = 0; i < counts[KIT_mmap]; i++)
		if ((mmap_flag_log[i] & flags) == flags)
			n++;
	return n;
}

void kit_fail_nth(enum kit_call call, unsigned nth, int err)
{
	if (call < KIT_NCALLS) {
		injected[call].countdown = nth;
		injected[call].err = err;
	}
}

/* Counts CALL; true when this very call must fail (errno is then set). */
static int count_and_fail(enum kit_call call)
{
	counts[call]++;
	if (injected[call].countdown == 0 || --injected[call].countdown != 0)
		return 0;
	errno = injected[call].err;
	return 1;
}

/* Keeps CALL's arguments and outcome; FAILED says whether it failed. */
static void record(enum kit_call call, int was_injected, int failed,
		   long result, const long args[6])
{
	struct kit_call_args *r;

	if (call_log_len >= KIT_CALL_LOG) {
		call_log_lost = 1;
		return;
	}
	r = &call_log[call_log_len++];
	r->call = call;
	memcpy(r->arg, args, sizeof r->arg);
	r->result = result;
	r->err = failed ? errno : 0;
	r->injected = was_injected;
}

#define ARGS(...) ((const long[6]){ __VA_ARGS__ })

/*
 * The body every wrapper shares: RTYPE __wrap_NAME(...) counts, fails on
 * request with FAILVAL, else calls CALL; records ARGS and the result, which
 * is a failure when it equals FAILVAL.
 */
#define WRAP_BODY(name, rtype, failval, call, ...)                           \
	do {                                                                 \
		int inj_ = count_and_fail(KIT_##name);                       \
		rtype res_ = inj_ ? (failval) : (call);                      \
		int saved_ = errno;                                          \
		record(KIT_##name, inj_, res_ == (failval), (long)res_,      \
		       ARGS(__VA_ARGS__));                                   \
		errno = saved_;                                              \
		return res_;                                                 \
	} while (0)

/* --- memory ------------------------------------------------------------ */

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd,
		  off_t off)
{
	int inj = count_and_fail(KIT_mmap), saved;
	void *result;

	if (counts[KIT_mmap] <= KIT_FLAG_LOG)
		mmap_flag_log[counts[KIT_mmap] - 1] = flags;
	result = inj ? MAP_FAILED : __real_mmap(addr, len, prot, flags, fd, off);
	saved = errno;
	last_mmap = (struct kit_mmap_args){ addr, len, prot, flags, fd, off, result };
	log_mapping(result, len);
	record(KIT_mmap, inj, result == MAP_FAILED, (long)result,
	       ARGS((long)addr, (long)len, prot, flags, fd, (long)off));
	errno = saved;
	return result;
}

int __wrap_munmap(void *addr, size_t len)
{
	WRAP_BODY(munmap, int, -1, __real_munmap(addr, len), (long)addr, (long)len);
}

int __real_mprotect(void *, size_t, int);
int __wrap_mprotect(void *addr, size_t len, int prot)
{
	WRAP_BODY(mprotect, int, -1, __real_mprotect(addr, len, prot),
		  (long)addr, (long)len, prot);
}

int __real_msync(void *, size_t, int);
int __wrap_msync(void *addr, size_t len, int flags)
{
	WRAP_BODY(msync, int, -1, __real_msync(addr, len, flags),
		  (long)addr, (long)len, flags);
}

void *__real_mremap(void *, size_t, size_t, int, ...);
void *__wrap_mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	void *new_addr = NULL, *result;
	int inj, saved;

	if (flags & MREMAP_FIXED) {
		va_list ap;

		va_start(ap, flags);
		new_addr = va_arg(ap, void *);
		va_end(ap);
	}
	inj = count_and_fail(KIT_mremap);
	result = inj ? MAP_FAILED
		     : __real_mremap(old, old_len, new_len, flags, new_addr);
	saved = errno;
	log_mapping(result, new_len);
	record(KIT_mremap, inj, result == MAP_FAILED, (long)result,
	       ARGS((long)old, (long)old_len, (long)new_len, flags, (long)new_addr));
	errno = saved;
	return result;
}

int __real_madvise(void *, size_t, int);
int __wrap_madvise(void *addr, size_t len, int advice)
{
	WRAP_BODY(madvise, int, -1, __real_madvise(addr, len, advice),
		  (long)addr, (long)len, advice);
}

int __wrap_mincore(void *addr, size_t len, unsigned char *vec)
{
	WRAP_BODY(mincore, int, -1, __real_mincore(addr, len, vec),
		  (long)addr, (long)len, (long)vec);
}

int __wrap_ftruncate(int fd, off_t len)
{
	WRAP_BODY(ftruncate, int, -1, __real_ftruncate(fd, len), fd, (long)len);
}

/* --- shared memory (the runner removes what a test leaves) ------------- */

int __real_shm_open(const char *, int, mode_t);
int __wrap_shm_open(const char *name, int oflag, mode_t mode)
{
	int inj = count_and_fail(KIT_shm_open), fd, saved;

	fd = inj ? -1 : __real_shm_open(name, oflag, mode);
	saved = errno;
	record(KIT_shm_open, inj, fd < 0, fd, ARGS((long)name, oflag, (long)mode));
	errno = saved;
	return fd;
}

int __wrap_shm_unlink(const char *name)
{
	WRAP_BODY(shm_unlink, int, -1, __real_shm_unlink(name), (long)name);
}

int __real_shmget(key_t, size_t, int);
int __wrap_shmget(key_t key, size_t size, int flags)
{
	int inj = count_and_fail(KIT_shmget), id, saved;

	id = inj ? -1 : __real_shmget(key, size, flags);
	saved = errno;
	record(KIT_shmget, inj, id < 0, id, ARGS(key, (long)size, flags));
	errno = saved;
	return id;
}

void *__real_shmat(int, const void *, int);
void *__wrap_shmat(int id, const void *addr, int flags)
{
	int inj = count_and_fail(KIT_shmat), saved;
	void *result = inj ? (void *)-1 : __real_shmat(id, addr, flags);
	struct shmid_ds ds;

	saved = errno;
	if (result != (void *)-1 && __real_shmctl(id, IPC_STAT, &ds) == 0)
		log_mapping(result, ds.shm_segsz);
	record(KIT_shmat, inj, result == (void *)-1, (long)result,
	       ARGS(id, (long)addr, flags));
	errno = saved;
	return result;
}

int __real_shmdt(const void *);
int __wrap_shmdt(const void *addr)
{
	WRAP_BODY(shmdt, int, -1, __real_shmdt(addr), (long)addr);
}

int __wrap_shmctl(int id, int cmd, struct shmid_ds *buf)
{
	WRAP_BODY(shmctl, int, -1, __real_shmctl(id, cmd, buf), id, cmd, (long)buf);
}

/* --- files and processes ------------------------------------------------ */

/* open() and openat() take a mode only when they may create a file. */
static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

int __wrap_open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	WRAP_BODY(open, int, -1, __real_open(path, flags, mode),
		  (long)path, flags, (long)mode);
}

int __real_openat(int, const char *, int, ...);
int __wrap_openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	WRAP_BODY(openat, int, -1, __real_openat(dirfd, path, flags, mode),
		  dirfd, (long)path, flags, (long)mode);
}

int __wrap_close(int fd)
{
	WRAP_BODY(close, int, -1, __real_close(fd), fd);
}

ssize_t __wrap_read(int fd, void *buf, size_t len)
{
	WRAP_BODY(read, ssize_t, -1, __real_read(fd, buf, len),
		  fd, (long)buf, (long)len);
}

ssize_t __wrap_write(int fd, const void *buf, size_t len)
{
	WRAP_BODY(write, ssize_t, -1, __real_write(fd, buf, len),
		  fd, (long)buf, (long)len);
}

ssize_t __real_pread(int, void *, size_t, off_t);
ssize_t __wrap_pread(int fd, void *buf, size_t len, off_t off)
{
	WRAP_BODY(pread, ssize_t, -1, __real_pread(fd, buf, len, off),
		  fd, (long)buf, (long)len, (long)off);
}

ssize_t __wrap_pwrite(int fd, const void *buf, size_t len, off_t off)
{
	WRAP_BODY(pwrite, ssize_t, -1, __real_pwrite(fd, buf, len, off),
		  fd, (long)buf, (long)len, (long)off);
}

off_t __real_lseek(int, off_t, int);
off_t __wrap_lseek(int fd, off_t off, int whence)
{
	WRAP_BODY(lseek, off_t, -1, __real_lseek(fd, off, whence),
		  fd, (long)off, whence);
}

pid_t __real_fork(void);
pid_t __wrap_fork(void)
{
	WRAP_BODY(fork, pid_t, -1, __real_fork(), 0);
}

int __wrap_fstat(int fd, struct stat *st)
{
	WRAP_BODY(fstat, int, -1, __real_fstat(fd, st), fd, (long)st);
}

pid_t __wrap_waitpid(pid_t pid, int *status, int options)
{
	WRAP_BODY(waitpid, pid_t, -1, __real_waitpid(pid, status, options),
		  pid, (long)status, options);
}

int __wrap_sigaction(int signo, const struct sigaction *act,
		     struct sigaction *old)
{
	WRAP_BODY(sigaction, int, -1, __real_sigaction(signo, act, old),
		  signo, (long)act, (long)old);
}

int __real_kill(pid_t, int);
int __wrap_kill(pid_t pid, int signo)
{
	WRAP_BODY(kill, int, -1, __real_kill(pid, signo), pid, signo);
}
