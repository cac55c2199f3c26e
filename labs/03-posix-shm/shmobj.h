/*
 * shmobj.h - lab 03: memory with a name.
 *
 * A POSIX shared-memory object is a file that lives in memory (on Linux, in
 * the tmpfs mounted on /dev/shm).  Any process that knows its name can open
 * it with shm_open(3) and map it with mmap(2), MAP_SHARED: the processes
 * then share the same physical pages, without being parent and child.
 *
 * You implement these functions in shmobj.c.  A NAME is "/" followed by at
 * least one character, none of them another "/": "/kit-42" is a name,
 * "kit-42", "/" and "/a/b" are not.  Every function that fails returns NULL
 * (or -1) with errno set and leaves no mapping, no open descriptor and no
 * object of its own making behind.
 */
#ifndef SHMOBJ_H
#define SHMOBJ_H

#include <stddef.h>

/*
 * Creates the object NAME, which must not exist yet, with the permissions
 * 0600 (its owner alone may read and write it), gives it exactly SIZE bytes
 * (all zero) and maps them shared, readable and writable.  The descriptor
 * is closed before returning: the mapping alone keeps the memory.
 *
 * Errors: EINVAL for a bad NAME or a SIZE of 0, checked before anything
 * else (nothing is created, even when NAME is taken), EEXIST when NAME is
 * taken (the existing object is left as it was), otherwise the errno of the
 * call that failed, kept through the cleanup; an object created before that
 * failure is removed again.
 */
void *shmobj_create(const char *name, size_t size);

/*
 * Maps SIZE bytes of the existing object NAME, shared: readable and
 * writable when WRITABLE is nonzero, read-only otherwise (the object is then
 * opened O_RDONLY, so that read permission is enough).  Never creates,
 * resizes or removes the object.
 *
 * Like mmap, it does not compare SIZE with the object's size: the pages of
 * the mapping that lie past the end of the object are mapped all the same,
 * and touching them raises SIGBUS.
 *
 * Errors: EINVAL (bad NAME, SIZE of 0, checked first), ENOENT (no object
 * of that name), EACCES (the object's permissions refuse the access), or
 * the errno of the call that failed, kept through the cleanup.
 */
void *shmobj_open(const char *name, size_t size, int writable);

/*
 * Unmaps what shmobj_create or shmobj_open returned (SIZE as given there).
 * Errors: munmap's, e.g. EINVAL for an ADDR that is not page-aligned.
 */
int shmobj_unmap(void *addr, size_t size);

/*
 * Removes the name NAME.  Processes that have the object mapped keep it
 * until they unmap it; a new shmobj_open of NAME fails with ENOENT.
 * Errors: EINVAL (bad NAME), ENOENT (no such object), or the errno of
 * shm_unlink (EACCES...).
 */
int shmobj_remove(const char *name);

#endif
