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
	r->head = 0;
	r->tail = 0;
	if (sem_init(&r->free, 1, RING_SLOTS) != 0)
		return -1;
	if (sem_init(&r->full, 1, 0) != 0) {
		int saved = errno;

		sem_destroy(&r->free);
		errno = saved;
		return -1;
	}
	return 0;
	//> (void)r;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int ring_destroy(struct ring *r)
{
	/* TODO 8: Destroy both semaphores. */
	int rc = sem_destroy(&r->free);

	if (sem_destroy(&r->full) != 0)
		rc = -1;
	return rc;
	//> (void)r;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* The producer's half, once a free slot is ours: fill it, tell the consumer. */
static inline int fill_slot(struct ring *r, const struct ring_msg *msg)
{
	/* TODO 9: Copy *MSG into slot HEAD, move HEAD on by one (back to 0
	 * after the last slot), and only then post FULL: the consumer may
	 * read the slot the moment the post is done. */
	r->slot[r->head] = *msg;
	r->head = (r->head + 1) % RING_SLOTS;
	return sem_post(&r->full);
	//> (void)r;
	//> (void)msg;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* The consumer's half, once a full slot is ours: empty it, free it. */
static inline int empty_slot(struct ring *r, struct ring_msg *msg)
{
	/* TODO 10: The mirror of TODO 9: copy slot TAIL into *MSG, move TAIL
	 * on, then post FREE to hand the slot back to the producer. */
	*msg = r->slot[r->tail];
	r->tail = (r->tail + 1) % RING_SLOTS;
	return sem_post(&r->free);
	//> (void)r;
	//> (void)msg;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* sem_wait that a signal cannot cut short. */
static inline int wait_for(sem_t *sem)
{
	/* TODO 11: sem_wait fails with EINTR when a signal handler runs
	 * meanwhile: the slot is not ours yet, so wait again.  Any other
	 * error is returned. */
	while (sem_wait(sem) != 0)
		if (errno != EINTR)
			return -1;
	return 0;
	//> (void)sem;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int ring_put(struct ring *r, const struct ring_msg *msg)
{
	/* TODO 12: Wait for a free slot, then fill it. */
	if (wait_for(&r->free) != 0)
		return -1;
	return fill_slot(r, msg);
	//> (void)r;
	//> (void)msg;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int ring_get(struct ring *r, struct ring_msg *msg)
{
	/* TODO 13: Wait for a full slot, then empty it. */
	if (wait_for(&r->full) != 0)
		return -1;
	return empty_slot(r, msg);
	//> (void)r;
	//> (void)msg;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int ring_tryput(struct ring *r, const struct ring_msg *msg)
{
	/* TODO 14: Like ring_put, but sem_trywait takes a free slot only if
	 * there is one, and fails with EAGAIN otherwise. */
	if (sem_trywait(&r->free) != 0)
		return -1;
	return fill_slot(r, msg);
	//> (void)r;
	//> (void)msg;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

int ring_tryget(struct ring *r, struct ring_msg *msg)
{
	/* TODO 15: Like ring_get, with sem_trywait. */
	if (sem_trywait(&r->full) != 0)
		return -1;
	return empty_slot(r, msg);
	//> (void)r;
	//> (void)msg;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}
