/*
 * fileio.c - lab 11: measuring mmap against read.
 *
 * Solve the TODOs in order; `make` in this folder runs the tests, and
 * `make bench` times your functions (see the README).
 * Useful reading: man 2 read, man 2 write, man 2 mmap, man 2 madvise,
 * man 2 fstat, man 2 ftruncate, man 7 signal ("Interruption of system
 * calls").
 */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* close() that keeps the errno of the failure being reported. */
static inline void close_quietly(int fd)
{
	int saved = errno;

	close(fd);
	errno = saved;
}

/*
 * Given: the scan itself.  Counts the bytes equal to BYTE in BUF[0..LEN-1]
 * sixteen at a time, so that the scan runs at memory speed and the bench
 * measures the I/O around it, not this loop.  It uses the vector
 * extension of GCC and Clang: comparing two 16-byte vectors gives 16 lanes
 * of 0 or -1 (all bits set), so subtracting the comparison adds 1 to the
 * byte-wide counter of each lane that matched.  The counters are summed
 * before any can pass 255.
 */
typedef unsigned char bytes16 __attribute__((vector_size(16)));

static inline size_t count_in(const unsigned char *buf, size_t len,
			      unsigned char byte)
{
	bytes16 wanted;
	size_t count = 0, i = 0;

	memset(&wanted, byte, sizeof wanted);
	while (len - i >= sizeof(bytes16)) {
		bytes16 lanes = { 0 };

		for (int k = 0; k < 255 && len - i >= sizeof(bytes16);
		     k++, i += sizeof(bytes16)) {
			bytes16 chunk;

			memcpy(&chunk, buf + i, sizeof chunk);  /* any alignment */
			lanes -= (bytes16)(chunk == wanted);
		}
		for (size_t lane = 0; lane < sizeof(bytes16); lane++)
			count += lanes[lane];
	}
	for (; i < len; i++)
		count += buf[i] == byte;
	return count;
}

/* --- read() ------------------------------------------------------------- */

/* TODO 1: Write read_retry(): read() that calls again when a signal
 * interrupted it (it failed with EINTR); any other result is returned. */
static inline ssize_t read_retry(int fd, void *buf, size_t len)
{
	ssize_t got;

	do
		got = read(fd, buf, len);
	while (got < 0 && errno == EINTR);
	return got;
}
/* END TODO */

long long fio_count_read(const char *path, unsigned char byte, size_t bufsize)
{
	/* TODO 2: Allocate a buffer of BUFSIZE bytes, open PATH, and read
	 * BUFSIZE bytes at a time until read() returns 0, counting with
	 * count_in() the bytes each read() gave.  A short count is not the
	 * end of the file: only 0 is.  Free and close on every path. */
	unsigned char *buf;
	long long count = 0;
	ssize_t got;
	int fd;

	if (bufsize == 0) {
		errno = EINVAL;
		return -1;
	}
	buf = malloc(bufsize);
	if (buf == NULL)
		return -1;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		free(buf);
		return -1;
	}
	while ((got = read_retry(fd, buf, bufsize)) > 0)
		count += (long long)count_in(buf, (size_t)got, byte);
	close_quietly(fd);
	free(buf);
	return got < 0 ? -1 : count;
	//> (void)path;
	//> (void)byte;
	//> (void)bufsize;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* --- mmap() ------------------------------------------------------------- */

/* TODO 3: Write map_whole(): map the whole file open on FD with PROT,
 * shared, store its size in *SIZE, and give the advice when FLAGS asks
 * for it.  An empty file maps nothing: return NULL with *SIZE = 0.
 * Return MAP_FAILED (errno set) on error. */
static inline void *map_whole(int fd, int prot, int flags, size_t *size)
{
	struct stat st;
	void *data;

	if (fstat(fd, &st) != 0)
		return MAP_FAILED;
	*size = (size_t)st.st_size;
	if (*size == 0)
		return NULL;
	/* Shared: the mapping shows the page cache's own pages. */
	data = mmap(NULL, *size, prot, MAP_SHARED, fd, 0);
	if (data != MAP_FAILED && (flags & FIO_SEQUENTIAL))
		madvise(data, *size, MADV_SEQUENTIAL);  /* a hint: may fail */
	return data;
}
/* END TODO */

long long fio_count_mmap(const char *path, unsigned char byte, int flags)
{
	/* TODO 4: Refuse FLAGS other than 0 and FIO_SEQUENTIAL (EINVAL).
	 * Open PATH read-only and map it (the descriptor can be closed
	 * right away: the mapping keeps the file), then count the mapping
	 * with count_in() as if the file were an array, and unmap it. */
	const unsigned char *data;
	long long count;
	size_t size;
	int fd;

	if (flags & ~FIO_SEQUENTIAL) {
		errno = EINVAL;
		return -1;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	data = map_whole(fd, PROT_READ, flags, &size);
	close_quietly(fd);
	if (data == MAP_FAILED)
		return -1;
	count = (long long)count_in(data, size, byte);
	if (data != NULL)
		munmap((void *)data, size);
	return count;
	//> (void)path;
	//> (void)byte;
	//> (void)flags;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* --- copies ------------------------------------------------------------- */

/* TODO 5: Write write_all(): write LEN bytes of BUF to FD, again and
 * again until all are written, since write() may write fewer than asked;
 * retry on EINTR.  Return 0, or -1 with errno set. */
static inline int write_all(int fd, const unsigned char *buf, size_t len)
{
	while (len > 0) {
		ssize_t put = write(fd, buf, len);

		if (put == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += put;             /* a short write: write the rest */
		len -= (size_t)put;
	}
	return 0;
}

static inline int create(const char *path, int oflags)
{
	return open(path, oflags | O_CREAT | O_TRUNC, 0644);
}
/* END TODO */

int fio_copy_read(const char *src, const char *dst, size_t bufsize)
{
	/* TODO 6: Open SRC, create DST, then read BUFSIZE bytes at a time
	 * until the end of SRC, writing every chunk with write_all().  A
	 * failed close() of DST may mean lost data: report it. */
	unsigned char *buf;
	int in, out, rc = -1;
	ssize_t got;

	if (bufsize == 0) {
		errno = EINVAL;
		return -1;
	}
	buf = malloc(bufsize);
	if (buf == NULL)
		return -1;
	in = open(src, O_RDONLY);
	if (in < 0)
		goto free_buf;
	out = create(dst, O_WRONLY);
	if (out == -1)
		goto close_in;
	while ((got = read_retry(in, buf, bufsize)) > 0)
		if (write_all(out, buf, (size_t)got) != 0)
			break;
	if (got == 0)
		rc = close(out);
	else
		close_quietly(out);
close_in:
	close_quietly(in);
free_buf:
	free(buf);
	return rc;
	//> (void)src;
	//> (void)dst;
	//> (void)bufsize;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int fio_copy_mmap(const char *src, const char *dst, int flags)
{
	/* TODO 7: Refuse unknown FLAGS as fio_count_mmap does.  Map SRC
	 * read-only; create DST opened O_RDWR (a shared writable mapping
	 * needs a descriptor open for reading and writing), ftruncate it to
	 * SRC's size, map it writable and shared, memcpy, and unmap both.
	 * An empty SRC maps nothing. */
	const unsigned char *from;
	unsigned char *to;
	size_t size, same;
	int in, out, rc = -1;

	if (flags & ~FIO_SEQUENTIAL) {
		errno = EINVAL;
		return -1;
	}
	in = open(src, O_RDONLY);
	if (in < 0)
		return -1;
	from = map_whole(in, PROT_READ, flags, &size);
	if (from == MAP_FAILED)
		goto close_in;
	out = create(dst, O_RDWR);
	if (out == -1)
		goto unmap_from;
	if (ftruncate(out, (off_t)size) != 0)
		goto close_out;
	to = map_whole(out, PROT_READ | PROT_WRITE, flags, &same);
	if (to == MAP_FAILED)
		goto close_out;
	if (to != NULL) {       /* NULL: an empty file, nothing mapped */
		memcpy(to, from, size);
		munmap(to, size);
	}
	rc = 0;
close_out:
	close_quietly(out);
unmap_from:
	if (from != NULL) {
		int saved = errno;

		munmap((void *)from, size);
		errno = saved;
	}
close_in:
	close_quietly(in);
	return rc;
	//> (void)src;
	//> (void)dst;
	//> (void)flags;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}
