/*
 * ring.h - lab 03: a single-producer, single-consumer ring in shared memory.
 *
 * A struct ring lives inside memory that two processes map (a shared-memory
 * object, or an anonymous MAP_SHARED mapping before a fork).  One process
 * puts messages in, the other takes them out, in the same order, none lost
 * and none twice.  Two counting semaphores, stored in the ring itself and
 * initialised for use between processes (sem_init with pshared = 1), do the
 * waiting:
 *
 *   free  counts the empty slots: the producer waits on it before filling
 *         a slot, the consumer posts it after emptying one;
 *   full  counts the filled slots: the consumer waits on it before emptying
 *         a slot, the producer posts it after filling one.
 *
 * head is touched by the producer only, tail by the consumer only; a
 * semaphore post and the matching wait order the slot's bytes between them.
 * You implement these functions in ring.c.
 */
#ifndef RING_H
#define RING_H

#include <semaphore.h>
#include <stdio.h>

#define RING_SLOTS 64           /* messages the ring holds at most */
#define RING_TEXT 32           /* "message " + any unsigned long + NUL fits */

struct ring_msg {
	unsigned long seq;
	char text[RING_TEXT];
};

struct ring {
	sem_t free;             /* empty slots: the producer waits on it  */
	sem_t full;             /* filled slots: the consumer waits on it */
	unsigned head;          /* next slot to fill, in 0..RING_SLOTS-1  */
	unsigned tail;          /* next slot to empty                     */
	struct ring_msg slot[RING_SLOTS];
};

/*
 * Prepares R, which lies in shared memory, for two processes: both
 * semaphores shared between processes, free = RING_SLOTS, full = 0, both
 * indices 0 (whatever the memory held before).  Call it once, before the
 * other process uses the ring.  When a sem_init fails: -1 with its errno,
 * and no semaphore left initialised.
 *
 * Every function here returns 0, or -1 with the errno of the semaphore call
 * that failed.
 */
int ring_init(struct ring *r);

/* Destroys both semaphores (the second even when the first fails);
 * nobody may use R afterwards. */
int ring_destroy(struct ring *r);

/*
 * ring_put copies *MSG into the next slot, waiting while the ring is full;
 * ring_get copies the oldest message into *MSG, waiting while it is empty.
 * A wait that a signal interrupts (EINTR) goes on waiting, however many
 * times; any other failure of sem_wait or sem_post is returned.
 */
int ring_put(struct ring *r, const struct ring_msg *msg);
int ring_get(struct ring *r, struct ring_msg *msg);

/* The same without waiting: -1 with errno EAGAIN when full (or empty). */
int ring_tryput(struct ring *r, const struct ring_msg *msg);
int ring_tryget(struct ring *r, struct ring_msg *msg);

/*
 * Message number SEQ of a stream: the tests and shm_peer both send
 * messages 0, 1, 2 ... made by this function, so the receiver can check
 * each one.
 */
static inline void ring_msg_fill(struct ring_msg *msg, unsigned long seq)
{
	msg->seq = seq;
	snprintf(msg->text, sizeof msg->text, "message %lu", seq);
}

#endif
