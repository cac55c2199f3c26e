/*
 * cow.c - lab 05: fork and copy on write.
 *
 * Solve the TODOs in order; `make` in this folder runs the tests and
 * `make curve` times copy-on-write faults with your code.
 * Useful reading: man 2 fork, man 2 getrusage, man 2 mmap, man 2 madvise,
 * man 2 pipe, man 2 waitpid, man 2 _exit, man 3 clock_gettime.
 */
#include "cow.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static inline size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* close() that keeps the errno of the failure being reported. */
static inline void close_quietly(int fd)
{
	int saved = errno;

	close(fd);
	errno = saved;
}

/*
 * Writes the SIZE bytes of DATA to FD in one write(2), again if a signal
 * interrupts it; 1 when all of them went, 0 otherwise.  A pipe takes a
 * write of at most PIPE_BUF bytes (4 KiB on Linux) whole or not at all, and
 * a report is far smaller: one write is enough.
 */
static inline int write_all(int fd, const void *data, size_t size)
{
	ssize_t n;

	do
		n = write(fd, data, size);
	while (n == -1 && errno == EINTR);
	return n == (ssize_t)size;
}

/*
 * Reads up to SIZE bytes from FD in one read(2), again if a signal
 * interrupts it; returns read's result (0 at end of file).  The child
 * wrote its report whole in one write, so one read gets all of it.
 */
static inline ssize_t read_all(int fd, void *data, size_t size)
{
	ssize_t n;

	do
		n = read(fd, data, size);
	while (n == -1 && errno == EINTR);
	return n;
}

long cow_minflt(void)
{
	/* TODO 1: Ask getrusage(2) about this process (RUSAGE_SELF) and
	 * return its count of minor faults, ru_minflt: page faults the
	 * kernel served without any I/O, copy-on-write faults included.  If
	 * getrusage fails, return -1 (errno is getrusage's). */
	errno = ENOSYS;
	return -1;
}

/* NPAGES anonymous pages mapped with FLAGS (MAP_PRIVATE or MAP_SHARED). */
static inline unsigned char *map_buffer(size_t npages, int flags)
{
	/* TODO 2: Refuse NPAGES == 0 with EINVAL.  Map NPAGES pages,
	 * readable and writable (PROT_READ | PROT_WRITE), with
	 * FLAGS | MAP_ANONYMOUS and fd -1 (mmap(2) asks for -1 with
	 * MAP_ANONYMOUS).  Turn
	 * transparent huge pages off with madvise(MADV_NOHUGEPAGE): one
	 * fault could then map a 2 MiB page, 512 small pages at once, and
	 * faults would stop counting pages.  Then write a 0 in the first
	 * byte of every page, so that every page exists before any fork and
	 * the buffer still reads as zeros. */
	(void)npages;
	(void)flags;
	errno = ENOSYS;
	return NULL;
}

unsigned char *cow_private_buffer(size_t npages)
{
	return map_buffer(npages, MAP_PRIVATE);
}

unsigned char *cow_shared_buffer(size_t npages)
{
	return map_buffer(npages, MAP_SHARED);
}

int cow_buffer_free(unsigned char *buf, size_t npages)
{
	/* TODO 3: Unmap the NPAGES pages of BUF. */
	(void)buf;
	(void)npages;
	errno = ENOSYS;
	return -1;
}

static inline long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/*
 * One pass over the NPAGES first pages of BUF: touches one byte of each
 * and stores in *FAULTS and *NS the minor faults and the time it took.
 */
static inline void one_pass(unsigned char *buf, size_t npages,
			    enum cow_access access, long *faults, long *ns)
{
	/* TODO 4: Read the fault count and the clock (now_ns), touch the
	 * first byte of each page (a write stores 1 there), read them again, and only then store the
	 * differences: *FAULTS and *NS may lie in a page not yet copied,
	 * and a store there would fault inside the measure.  Go through a
	 * volatile pointer: the compiler drops a read whose value is never
	 * used. */
	(void)buf;
	(void)npages;
	(void)access;
	*faults = -1;
	*ns = -1;
}

/* What a child does on ARG; it fills REPORT, which the parent receives. */
typedef void child_work(void *arg, void *report);

/*
 * The parent's side: reads SIZE bytes of report from FD (then closes it),
 * reaps the child PID, and checks that it ended well.
 */
static inline int collect(pid_t pid, int fd, void *report, size_t size)
{
	/* TODO 5: Read the report with read_all and close FD.  Then
	 * waitpid(2) for PID (again if EINTR interrupts it; any other error
	 * fails with waitpid's errno): a child that nobody waits for stays a
	 * zombie.  The child ended well if it
	 * exited (WIFEXITED) with status 0 and the whole report arrived;
	 * otherwise fail with EIO. */
	(void)pid;
	(void)fd;
	(void)report;
	(void)size;
	errno = ENOSYS;
	return -1;
}

/*
 * Runs WORK(ARG, REPORT) in a child, then copies the child's REPORT (SIZE
 * bytes) into the parent's REPORT.
 */
static inline int run_in_child(child_work *work, void *arg, void *report,
			       size_t size)
{
	/* TODO 6: Make a pipe, then fork.  The child closes the read end,
	 * does the work, writes the report (write_all) and leaves with
	 * _exit(0), or _exit(1) if the report could not be written (write_all
	 * returned 0).  Never
	 * return from the child (it would go on running the parent's code)
	 * nor call exit() (it would flush the stdio buffers it inherited a
	 * second time).  The parent closes the write end (else it never
	 * sees end of file) and collects.  If fork fails, close both ends
	 * and return -1. */
	(void)work;
	(void)arg;
	(void)report;
	(void)size;
	errno = ENOSYS;
	return -1;
}

struct touch_job {
	unsigned char *buf;
	size_t npages;
	enum cow_access access;
};

/* Child work: two measured passes over the pages of a touch_job. */
static inline void touch_work(void *arg, void *report)
{
	/* TODO 7: Fill the cow_probe REPORT with two passes over the job's
	 * pages.  But first, one pass over 0 pages: just after fork, the
	 * child's first run of some code (getrusage, clock_gettime, the
	 * loop itself) and its first write to a stack page may fault too.
	 * Let those faults happen before the first measure. */
	(void)arg;
	(void)report;
}

int cow_child_touch(unsigned char *buf, size_t npages, enum cow_access access,
		    struct cow_probe *probe)
{
	/* TODO 8: Run touch_work in a child with a touch_job and PROBE as
	 * the report. */
	(void)buf;
	(void)npages;
	(void)access;
	(void)probe;
	errno = ENOSYS;
	return -1;
}

struct fill_job {
	unsigned char *buf;
	size_t len;
	unsigned char value;
};

static inline size_t count_value(const unsigned char *buf, size_t len,
				 unsigned char value)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += buf[i] == value;
	return n;
}

/*
 * Child work: fills the job's bytes with its value; when REPORT is not
 * NULL, it is a size_t that gets the count of bytes then equal to value.
 */
static inline void fill_work(void *arg, void *report)
{
	struct fill_job *job = arg;

	memset(job->buf, job->value, job->len);
	if (report != NULL)
		*(size_t *)report = count_value(job->buf, job->len, job->value);
}

int cow_child_fill(unsigned char *buf, size_t len, unsigned char value)
{
	/* TODO 9: Run fill_work in a child; it has nothing to report. */
	(void)buf;
	(void)len;
	(void)value;
	errno = ENOSYS;
	return -1;
}

int cow_file_child_write(const char *path, int flags, unsigned char value,
			 struct cow_seen *seen)
{
	/* TODO 10: Check FLAGS, open PATH (a private mapping only reads
	 * the file: O_RDONLY is enough; a shared one needs O_RDWR), map
	 * the whole file readable and writable with FLAGS, and close the
	 * descriptor.  Run fill_work in a child with SEEN->child as its
	 * report.  Back in the parent, store in SEEN->parent the number of
	 * bytes equal to VALUE, write VALUE all over the mapping, and unmap
	 * it.  On every error path, close and unmap what is open or mapped,
	 * keeping the errno of the call that failed. */
	(void)path;
	(void)flags;
	(void)value;
	(void)seen;
	errno = ENOSYS;
	return -1;
}
