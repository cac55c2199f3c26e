/*
 * shmseg.h - lab 07, part 1: System V shared memory segments.
 *
 * A segment is a block of memory that belongs to the kernel, not to a
 * process.  It is named by a key (made by ftok(3) from a file and a
 * project number), created or found with shmget(2), attached into an
 * address space with shmat(2), detached with shmdt(2), and inspected or
 * removed with shmctl(2).
 *
 * You implement these functions in shmseg.c.  Every function that fails
 * returns -1 (or NULL) with errno set by the call that failed, and leaves no
 * segment it created and no attachment behind.
 */
#ifndef SHMSEG_H
#define SHMSEG_H

#include <stddef.h>
#include <sys/types.h>

/* seg_attach's FLAGS. */
#define SEG_RDONLY 1            /* attach read-only (SHM_RDONLY) */

/*
 * Creates a new segment of SIZE bytes whose key is ftok(PATH, PROJ), with
 * the permission bits MODE (e.g. 0600).  Fails with EEXIST when a segment
 * already has that key, and with ftok's errno (ENOENT...) when PATH does
 * not exist, and with shmget's errno when shmget fails (ENOSPC, ENOMEM...),
 * creating nothing.  Returns the segment's identifier.  The new segment is
 * filled with zeros.
 */
int seg_create(const char *path, int proj, size_t size, unsigned int mode);

/*
 * The identifier of the existing segment whose key is ftok(PATH, PROJ).
 * Never creates one: fails with ENOENT when there is none (or when PATH
 * does not exist).
 */
int seg_open(const char *path, int proj);

/*
 * Attaches segment ID where the kernel chooses and returns its address.
 * FLAGS is 0 or SEG_RDONLY (then a write through the attachment faults).
 * Fails with NULL (not shmat's (void *)-1) and shmat's errno, e.g. EINVAL
 * for an identifier that names no segment.
 */
void *seg_attach(int id, int flags);

/* Detaches the attachment at ADDR (an address seg_attach returned).
 * EINVAL when nothing is attached at ADDR. */
int seg_detach(const void *addr);

/* What the kernel knows of a segment (shmctl IPC_STAT, struct shmid_ds). */
struct seg_info {
	size_t size;            /* shm_segsz: the size asked at creation   */
	unsigned long nattch;   /* shm_nattch: attachments, all processes  */
	unsigned int mode;      /* shm_perm.mode & 0777: the permissions
				 * only, without SHM_DEST or other flags     */
	pid_t creator;          /* shm_cpid: the process that created it    */
	pid_t last_pid;         /* shm_lpid: the last to attach or detach   */
	int removed;            /* exactly 1 once IPC_RMID asked for its
				 * removal (SHM_DEST is set), else 0         */
};

/*
 * Fills INFO for segment ID.  Fails with shmctl's errno: EINVAL when ID
 * names no segment, EACCES when its permissions refuse reading it.
 */
int seg_stat(int id, struct seg_info *info);

/*
 * Asks the kernel to remove segment ID (IPC_RMID).  The key is forgotten at
 * once; the memory goes when the last attachment is detached.  Fails with
 * shmctl's errno: EINVAL when ID names no segment, EPERM when the caller
 * may not remove it.
 */
int seg_remove(int id);

#endif
