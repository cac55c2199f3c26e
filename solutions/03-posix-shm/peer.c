/*
 * peer.c - lab 03: shm_peer, the program on the other side (see peer.h).
 *
 * The tests start it with fork + exec, so it begins with an address space
 * of its own: the only thing it shares with them is the name on its
 * command line.  Try it by hand too: build/shm_peer reply /some-name.
 */
#include "peer.h"
#include "ring.h"
#include "shmobj.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Says why NAME cannot be used, for a human running shm_peer by hand. */
static inline void complain(const char *name)
{
	fprintf(stderr, "shm_peer: %s: %s\n", name, strerror(errno));
}

static int reply(const char *name)
{
	/* TODO 16: Map NAME's struct mailbox, writable (if that fails,
	 * complain and return PEER_NO_OBJECT).  Write "<pid> read:
	 * <greeting>" into its reply with snprintf.  The greeting is memory
	 * another program wrote: print at most its MAILBOX_TEXT bytes
	 * ("%.*s"), whether a '\0' ends it or not.  Unmap the mailbox and
	 * return PEER_DONE. */
	struct mailbox *box = shmobj_open(name, sizeof *box, 1);

	if (box == NULL) {
		complain(name);
		return PEER_NO_OBJECT;
	}
	snprintf(box->reply, sizeof box->reply, "%ld read: %.*s",
		 (long)getpid(), (int)sizeof box->greeting, box->greeting);
	shmobj_unmap(box, sizeof *box);
	return PEER_DONE;
	//> (void)name;
	//> return PEER_FAILED;
	/* END TODO */
}

static int produce(const char *name, unsigned long count)
{
	/* TODO 17: Map NAME's struct ring, writable (if that fails, complain
	 * and return PEER_NO_OBJECT), and put the messages 0 .. COUNT - 1
	 * that ring_msg_fill makes.  If ring_put fails, complain and stop
	 * there with PEER_FAILED.  Unmap the ring either way: it belongs to
	 * the program that created it, which destroys it. */
	struct ring *ring = shmobj_open(name, sizeof *ring, 1);
	struct ring_msg msg;
	int status = PEER_DONE;

	if (ring == NULL) {
		complain(name);
		return PEER_NO_OBJECT;
	}
	for (unsigned long seq = 0; seq < count; seq++) {
		ring_msg_fill(&msg, seq);
		if (ring_put(ring, &msg) != 0) {
			complain(name);
			status = PEER_FAILED;
			break;
		}
	}
	shmobj_unmap(ring, sizeof *ring);
	return status;
	//> (void)name;
	//> (void)count;
	//> return PEER_FAILED;
	/* END TODO */
}

static int usage(void)
{
	fprintf(stderr, "usage: shm_peer reply NAME\n"
			"       shm_peer produce NAME COUNT\n");
	return PEER_FAILED;
}

int main(int argc, char **argv)
{
	unsigned long count;
	char *end;

	if (argc == 3 && strcmp(argv[1], "reply") == 0)
		return reply(argv[2]);
	if (argc == 4 && strcmp(argv[1], "produce") == 0) {
		errno = 0;
		count = strtoul(argv[3], &end, 10);
		if (errno != 0 || end == argv[3] || *end != '\0')
			return usage();
		return produce(argv[2], count);
	}
	return usage();
}
