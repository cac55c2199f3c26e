/*
 * kit_calls.c - the wrappers behind kit_calls.h.
 *
 * Every __wrap_NAME follows the same three steps: count the call, let an
 * injected failure take it if one is due, else forward to __real_NAME.
 */
#define _GNU_SOURCE
#include "kit_calls.h"
#include "kit_internal.h"
#include "kit_leak.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#define KIT_FLAG_LOG 256

static unsigned counts[KIT_NCALLS];
static struct { unsigned countdown; int err; } injected[KIT_NCALLS];
static struct kit_mmap_args last_mmap;
static int mmap_flag_log[KIT_FLAG_LOG];

/* Every range the wrapped calls mapped during the test (kit_leak.c). */
#define KIT_MAPPED_LOG 1024
static struct kit_range mapped_log[KIT_MAPPED_LOG];
static unsigned mapped_count;

static void log_mapping(void *addr, size_t len)
{
	if (addr != MAP_FAILED && addr != (void *)-1 && mapped_count < KIT_MAPPED_LOG)
		mapped_log[mapped_count++] = (struct kit_range){
			(unsigned long)addr, (unsigned long)addr + len };
}

int kit_was_mapped_by_calls(unsigned long start, unsigned long end)
{
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
}

void kit_calls_reset_all(void)
{
	kit_calls_reset();
	mapped_count = 0;
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

unsigned kit_mmap_calls_with(int flags)
{
	unsigned n = 0;

	for (unsigned i = 0; i < counts[KIT_mmap] && i < KIT_FLAG_LOG; i++)
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

/* --- memory ------------------------------------------------------------ */

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd,
		  off_t off)
{
	void *result;

	if (counts[KIT_mmap] < KIT_FLAG_LOG)
		mmap_flag_log[counts[KIT_mmap]] = flags;
	result = count_and_fail(KIT_mmap) ? MAP_FAILED
					   : __real_mmap(addr, len, prot, flags, fd, off);
	last_mmap = (struct kit_mmap_args){ addr, len, prot, flags, fd, off, result };
	log_mapping(result, len);
	return result;
}

int __wrap_munmap(void *addr, size_t len)
{
	return count_and_fail(KIT_munmap) ? -1 : __real_munmap(addr, len);
}

int __real_mprotect(void *, size_t, int);
int __wrap_mprotect(void *addr, size_t len, int prot)
{
	return count_and_fail(KIT_mprotect) ? -1 : __real_mprotect(addr, len, prot);
}

int __real_msync(void *, size_t, int);
int __wrap_msync(void *addr, size_t len, int flags)
{
	return count_and_fail(KIT_msync) ? -1 : __real_msync(addr, len, flags);
}

void *__real_mremap(void *, size_t, size_t, int, ...);
void *__wrap_mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	void *new_addr = NULL;

	if (flags & MREMAP_FIXED) {
		va_list ap;

		va_start(ap, flags);
		new_addr = va_arg(ap, void *);
		va_end(ap);
	}
	void *result;

	if (count_and_fail(KIT_mremap))
		return MAP_FAILED;
	result = __real_mremap(old, old_len, new_len, flags, new_addr);
	log_mapping(result, new_len);
	return result;
}

int __real_madvise(void *, size_t, int);
int __wrap_madvise(void *addr, size_t len, int advice)
{
	return count_and_fail(KIT_madvise) ? -1 : __real_madvise(addr, len, advice);
}

int __wrap_mincore(void *addr, size_t len, unsigned char *vec)
{
	return count_and_fail(KIT_mincore) ? -1 : __real_mincore(addr, len, vec);
}

int __wrap_ftruncate(int fd, off_t len)
{
	return count_and_fail(KIT_ftruncate) ? -1 : __real_ftruncate(fd, len);
}

/* --- shared memory: objects created here are removed after the test ----- */

int __real_shm_open(const char *, int, mode_t);
int __wrap_shm_open(const char *name, int oflag, mode_t mode)
{
	int fd;

	if (count_and_fail(KIT_shm_open))
		return -1;
	fd = __real_shm_open(name, oflag, mode);
	if (fd >= 0 && (oflag & O_CREAT))
		kit_remember_shm(name);
	return fd;
}

int __wrap_shm_unlink(const char *name)
{
	return count_and_fail(KIT_shm_unlink) ? -1 : __real_shm_unlink(name);
}

int __real_shmget(key_t, size_t, int);
int __wrap_shmget(key_t key, size_t size, int flags)
{
	int id;

	if (count_and_fail(KIT_shmget))
		return -1;
	id = __real_shmget(key, size, flags);
	if (id >= 0 && (flags & IPC_CREAT))
		kit_remember_sysv(id);
	return id;
}

void *__real_shmat(int, const void *, int);
void *__wrap_shmat(int id, const void *addr, int flags)
{
	void *result;
	struct shmid_ds ds;

	if (count_and_fail(KIT_shmat))
		return (void *)-1;
	result = __real_shmat(id, addr, flags);
	if (result != (void *)-1 && __real_shmctl(id, IPC_STAT, &ds) == 0)
		log_mapping(result, ds.shm_segsz);
	return result;
}

int __real_shmdt(const void *);
int __wrap_shmdt(const void *addr)
{
	return count_and_fail(KIT_shmdt) ? -1 : __real_shmdt(addr);
}

int __wrap_shmctl(int id, int cmd, struct shmid_ds *buf)
{
	return count_and_fail(KIT_shmctl) ? -1 : __real_shmctl(id, cmd, buf);
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
	return count_and_fail(KIT_open) ? -1 : __real_open(path, flags, mode);
}

int __real_openat(int, const char *, int, ...);
int __wrap_openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return count_and_fail(KIT_openat) ? -1
					  : __real_openat(dirfd, path, flags, mode);
}

int __wrap_close(int fd)
{
	return count_and_fail(KIT_close) ? -1 : __real_close(fd);
}

ssize_t __wrap_read(int fd, void *buf, size_t len)
{
	return count_and_fail(KIT_read) ? -1 : __real_read(fd, buf, len);
}

ssize_t __wrap_write(int fd, const void *buf, size_t len)
{
	return count_and_fail(KIT_write) ? -1 : __real_write(fd, buf, len);
}

ssize_t __real_pread(int, void *, size_t, off_t);
ssize_t __wrap_pread(int fd, void *buf, size_t len, off_t off)
{
	return count_and_fail(KIT_pread) ? -1 : __real_pread(fd, buf, len, off);
}

ssize_t __wrap_pwrite(int fd, const void *buf, size_t len, off_t off)
{
	return count_and_fail(KIT_pwrite) ? -1 : __real_pwrite(fd, buf, len, off);
}

off_t __real_lseek(int, off_t, int);
off_t __wrap_lseek(int fd, off_t off, int whence)
{
	return count_and_fail(KIT_lseek) ? -1 : __real_lseek(fd, off, whence);
}

pid_t __real_fork(void);
pid_t __wrap_fork(void)
{
	return count_and_fail(KIT_fork) ? -1 : __real_fork();
}
