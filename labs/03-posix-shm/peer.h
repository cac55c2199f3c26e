/*
 * peer.h - lab 03: shm_peer, the program on the other side.
 *
 * peer.c is a program of its own, built into shm_peer next to the tests.
 * The tests start it with fork + exec: it inherits no mapping from them and
 * finds their memory by its name alone, as any unrelated program would.
 *
 *   shm_peer reply NAME
 *       NAME holds a struct mailbox.  Reads the greeting and writes into
 *       reply the text "<pid> read: <greeting>", where <pid> is shm_peer's
 *       own process id, e.g. "4242 read: hello".
 *
 *   shm_peer produce NAME COUNT
 *       NAME holds a struct ring, already initialised by ring_init.  Puts
 *       the messages 0, 1, ... COUNT - 1 made by ring_msg_fill into it.
 *
 * shm_peer never creates NAME, and unmaps it before exiting.  When it
 * fails, it says why on its standard error, for a human who runs it.
 */
#ifndef PEER_H
#define PEER_H

#define MAILBOX_TEXT 128

struct mailbox {
	char greeting[MAILBOX_TEXT];    /* written by the creator         */
	char reply[MAILBOX_TEXT + 32];  /* "<pid> read: " + the greeting   */
};

/* shm_peer's exit statuses. */
enum peer_status {
	PEER_DONE = 0,                  /* did what it was asked          */
	PEER_NO_OBJECT = 1,             /* could not open or map NAME     */
	PEER_FAILED = 2,                /* bad arguments, or anything else */
};

#endif
