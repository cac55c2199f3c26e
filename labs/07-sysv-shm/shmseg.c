/*
 * shmseg.c - lab 07, part 1: System V shared memory segments.
 *
 * Solve the TODOs in order; `make` in this folder runs the tests.
 * Useful reading: man 3 ftok, man 2 shmget, man 2 shmat (shmat and shmdt),
 * man 2 shmctl, man 7 sysvipc, and `ipcs -m` to see the segments.
 */
#include "shmseg.h"

#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int seg_create(const char *path, int proj, size_t size, unsigned int mode)
{
	/* TODO 1: Make the key with ftok(PATH, PROJ), then create the
	 * segment with shmget: IPC_CREAT asks for creation, IPC_EXCL makes
	 * it fail (EEXIST) rather than return a segment that already
	 * exists, and the low 9 bits of the flags are its permissions. */
	(void)path;
	(void)proj;
	(void)size;
	(void)mode;
	errno = ENOSYS;
	return -1;
}

int seg_open(const char *path, int proj)
{
	/* TODO 2: Same key, but no IPC_CREAT: shmget then only looks the
	 * key up (a size of 0 accepts the segment whatever its size). */
	(void)path;
	(void)proj;
	errno = ENOSYS;
	return -1;
}

void *seg_attach(int id, int flags)
{
	/* TODO 3: Attach with shmat, letting the kernel choose the address
	 * (NULL).  shmat reports failure with (void *)-1, which is not NULL:
	 * translate it. */
	(void)id;
	(void)flags;
	errno = ENOSYS;
	return NULL;
}

int seg_detach(const void *addr)
{
	/* TODO 4: Detach with shmdt. */
	(void)addr;
	errno = ENOSYS;
	return -1;
}

int seg_stat(int id, struct seg_info *info)
{
	/* TODO 5: Ask shmctl(IPC_STAT) for the segment's struct shmid_ds
	 * and copy what INFO wants.  After IPC_RMID the kernel adds
	 * SHM_DEST to shm_perm.mode until the last detach. */
	(void)id;
	(void)info;
	errno = ENOSYS;
	return -1;
}

int seg_remove(int id)
{
	/* TODO 6: shmctl(IPC_RMID). */
	(void)id;
	errno = ENOSYS;
	return -1;
}
