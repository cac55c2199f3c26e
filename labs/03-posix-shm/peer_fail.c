/*
 * peer_fail.c - part of the kit, not yours: lab.mk links it into shm_peer
 * (never into the tests) with --wrap=sem_wait.  A test that sets
 * KIT_PEER_FAIL_WAIT=N in shm_peer's environment makes its Nth sem_wait fail
 * with EINVAL, to see what peer.c does when ring_put fails.  Without the
 * variable, every call goes straight to sem_wait.
 */
#include <errno.h>
#include <semaphore.h>
#include <stdlib.h>

int __real_sem_wait(sem_t *sem);
int __wrap_sem_wait(sem_t *sem);

int __wrap_sem_wait(sem_t *sem)
{
	static long countdown = -1;     /* -1: the variable not read yet */

	if (countdown < 0) {
		const char *n = getenv("KIT_PEER_FAIL_WAIT");

		countdown = n != NULL ? atol(n) : 0;
	}
	if (countdown > 0 && --countdown == 0) {
		errno = EINVAL;
		return -1;
	}
	return __real_sem_wait(sem);
}
