/*
 * fileio.h - lab 11: measuring mmap against read.
 *
 * Two ways to do the same two jobs, so that `make bench` can time them:
 *
 *   scan a file (count the bytes equal to a given value), and
 *   copy a file,
 *
 * each once with read(2)/write(2) through a buffer whose size the caller
 * chooses, and once through mappings, with mmap(2) and no read() or
 * write() at all.
 *
 * Every function that fails returns -1 with errno set by the call that
 * failed, and leaves no mapping, no open descriptor and no allocated memory
 * behind; every function that succeeds leaves none either.  A read() or
 * write() that fails with EINTR (a signal arrived) is simply retried.  The
 * scans open their file O_RDONLY.
 */
#ifndef FILEIO_H
#define FILEIO_H

#include <stddef.h>

/* For the mmap versions: advise the kernel that the mapping will be read
 * from start to end (madvise(2), MADV_SEQUENTIAL).  Without it, no advice
 * is given: no madvise() call at all.  The advice is a hint: a madvise()
 * that fails changes nothing (the function goes on). */
#define FIO_SEQUENTIAL 1

/*
 * Counts the bytes equal to BYTE in the file at PATH, reading it with
 * read(2) into a buffer of BUFSIZE bytes: each read() asks for BUFSIZE
 * bytes, and the loop stops when read() returns 0 (end of file).  A
 * read() may return fewer bytes than asked (a pipe gives what it holds):
 * that is not the end of the file.
 * Errors: EINVAL when BUFSIZE is 0, ENOMEM when the buffer cannot be
 * allocated, and those of open(2) and read(2).
 */
long long fio_count_read(const char *path, unsigned char byte, size_t bufsize);

/*
 * Same count through a read-only mapping of the whole file: one mmap(2),
 * no read().  An empty file counts 0 and maps nothing (mmap refuses a
 * length of 0).  FLAGS is 0 or FIO_SEQUENTIAL; anything else is EINVAL.
 * With FIO_SEQUENTIAL, the advice covers the whole mapping.  Errors: those
 * of open(2), fstat(2) and mmap(2).
 */
long long fio_count_mmap(const char *path, unsigned char byte, int flags);

/*
 * Copies the file SRC to DST (created with mode 0644, or truncated) with
 * read(2) and write(2) through a buffer of BUFSIZE bytes, one write_all
 * per chunk read.  A write() may write less than asked: write the rest.
 * Returns 0, or -1 (errors as for fio_count_read, and those of write(2)
 * and of the destination's close(2), which may be the first to report
 * that data was lost).
 */
int fio_copy_read(const char *src, const char *dst, size_t bufsize);

/*
 * Copies SRC to DST (created with mode 0644, or truncated) through two
 * mappings and memcpy: no read(), no write().  DST gets its size from
 * ftruncate(2) first, since a mapping cannot make a file grow.  An empty
 * SRC gives an empty DST and maps nothing.  FLAGS as for fio_count_mmap;
 * with FIO_SEQUENTIAL both mappings get the advice.  Errors: those of
 * open(2), fstat(2), ftruncate(2) and mmap(2).
 */
int fio_copy_mmap(const char *src, const char *dst, int flags);

#endif
