/*
 * cow.h - lab 05: fork and copy on write.
 *
 * fork(2) copies no memory: parent and child share every page, and the
 * kernel write-protects the private ones.  The first write to such a page,
 * in either process, faults; the kernel then copies that one page for the
 * writer.  You implement, in cow.c, the buffers and the experiments that
 * show it: a child that touches pages and measures its own minor faults
 * (getrusage(2)), then reports back to its parent through a pipe.
 *
 * Every function that fails returns -1 (or NULL) with errno set, and
 * leaves no mapping, no open descriptor and no unreaped child behind.  A
 * call that fails on the way (munmap included) makes the function fail.
 */
#ifndef COW_H
#define COW_H

#include <stddef.h>

/* The minor page faults of the calling process so far (ru_minflt); -1
 * with getrusage's errno if getrusage fails. */
long cow_minflt(void);

/*
 * A buffer of NPAGES pages, readable and writable (PROT_READ | PROT_WRITE),
 * anonymous (fd -1), and private
 * (each process gets its own copy of a page once it writes it) or shared
 * (parent and children see one and the same memory).  A 0 has been
 * written in the first byte of every page (and nowhere else) before the
 * function returns, so that it exists before any fork and the buffer reads
 * as zeros, and transparent huge pages are turned off for the buffer
 * (madvise MADV_NOHUGEPAGE) so that one fault means one small page.
 * NPAGES == 0 fails with EINVAL.
 */
unsigned char *cow_private_buffer(size_t npages);
unsigned char *cow_shared_buffer(size_t npages);
int cow_buffer_free(unsigned char *buf, size_t npages);

/* What a child measured over two passes on the same pages. */
struct cow_probe {
	long first_faults;      /* minor faults of the first pass        */
	long again_faults;      /* minor faults of the second pass       */
	long first_ns;          /* duration of the first pass, in ns     */
	long again_ns;          /* duration of the second pass, in ns    */
};

enum cow_access { COW_READ, COW_WRITE };

/*
 * Forks a child that touches the first byte of each of the NPAGES first
 * pages of BUF (reads it, or sets it to 1, as ACCESS says) twice in a row, measuring
 * the minor faults and the time of each pass and nothing else.  The child
 * sends the probe to the parent through a pipe and _exit()s; the parent
 * waits for that child (waitpid on its pid, never on any child, and again
 * when EINTR interrupts it) and fills *PROBE.  Fails with the errno of
 * pipe, fork or waitpid (other than EINTR), or
 * with EIO when the child dies or ends without a complete report.
 */
int cow_child_touch(unsigned char *buf, size_t npages, enum cow_access access,
		    struct cow_probe *probe);

/*
 * Forks a child that sets the LEN bytes of BUF to VALUE and _exit()s; the
 * parent waits for it.  Whether the parent then sees VALUE depends only on
 * how BUF was mapped.  Fails like cow_child_touch.
 */
int cow_child_fill(unsigned char *buf, size_t len, unsigned char value);

/* What each process counted in its own mapping of a file. */
struct cow_seen {
	size_t child;   /* bytes equal to VALUE after the child's write   */
	size_t parent;  /* bytes equal to VALUE once the child has ended  */
};

/*
 * Maps the whole file at PATH readable and writable (PROT_READ |
 * PROT_WRITE) with FLAGS, which is
 * MAP_PRIVATE or MAP_SHARED (anything else: EINVAL; an empty file:
 * EINVAL).  A child writes VALUE over the whole mapping, counts the bytes
 * equal to VALUE it then sees and reports them; the parent waits for it,
 * stores in SEEN->parent the number of bytes equal to VALUE in its own
 * mapping, then writes VALUE over it as well before unmapping it.  With
 * MAP_PRIVATE, none of these writes may reach the file, and the file is
 * opened O_RDONLY (O_RDWR for MAP_SHARED).  Fails with the errno of open,
 * fstat, mmap, pipe or fork, or like cow_child_touch.
 */
int cow_file_child_write(const char *path, int flags, unsigned char value,
			 struct cow_seen *seen);

#endif
