/*
 * ring.c - lab 03: a single-producer, single-consumer ring in shared memory.
 *
 * Useful reading: man 7 sem_overview, man 3 sem_init, man 3 sem_wait,
 * man 3 sem_post, man 3 sem_destroy.
 */
#include "ring.h"

#include <errno.h>
#include <semaphore.h>

int ring_init(struct ring *r)
{
	/* TODO 7: Set both indices to 0 and initialise both semaphores with
	 * pshared = 1: a semaphore meant for one process only may never wake
	 * a waiter in the other one.  FREE starts at RING_SLOTS (every slot
	 * is empty), FULL at 0.  If the second sem_init fails, destroy the
	 * first. */
	(void)r;
	errno = ENOSYS;
	return -1;
}

int ring_destroy(struct ring *r)
{
	/* TODO 8: Destroy both semaphores. */
	(void)r;
	errno = ENOSYS;
	return -1;
}

/* The producer's half, once a free slot is ours: fill it, tell the consumer. */
static inline int fill_slot(struct ring *r, const struct ring_msg *msg)
{
	/* TODO 9: Copy *MSG into slot HEAD, move HEAD on by one (back to 0
	 * after the last slot), and only then post FULL: the consumer may
	 * read the slot the moment the post is done. */
	(void)r;
	(void)msg;
	errno = ENOSYS;
	return -1;
}

/* The consumer's half, once a full slot is ours: empty it, free it. */
static inline int empty_slot(struct ring *r, struct ring_msg *msg)
{
	/* TODO 10: The mirror of TODO 9: copy slot TAIL into *MSG, move TAIL
	 * on, then post FREE to hand the slot back to the producer. */
	(void)r;
	(void)msg;
	errno = ENOSYS;
	return -1;
}

/* sem_wait that a signal cannot cut short. */
static inline int wait_for(sem_t *sem)
{
	/* TODO 11: sem_wait fails with EINTR when a signal handler runs
	 * meanwhile: the slot is not ours yet, so wait again.  Any other
	 * error is returned. */
	(void)sem;
	errno = ENOSYS;
	return -1;
}

int ring_put(struct ring *r, const struct ring_msg *msg)
{
	/* TODO 12: Wait for a free slot, then fill it. */
	(void)r;
	(void)msg;
	errno = ENOSYS;
	return -1;
}

int ring_get(struct ring *r, struct ring_msg *msg)
{
	/* TODO 13: Wait for a full slot, then empty it. */
	(void)r;
	(void)msg;
	errno = ENOSYS;
	return -1;
}

int ring_tryput(struct ring *r, const struct ring_msg *msg)
{
	/* TODO 14: Like ring_put, but sem_trywait takes a free slot only if
	 * there is one, and fails with EAGAIN otherwise. */
	(void)r;
	(void)msg;
	errno = ENOSYS;
	return -1;
}

int ring_tryget(struct ring *r, struct ring_msg *msg)
{
	/* TODO 15: Like ring_get, with sem_trywait. */
	(void)r;
	(void)msg;
	errno = ENOSYS;
	return -1;
}
