/*
 * Tests of lab 03, POSIX shared memory.
 *
 * Every object is named by kit_shm_name() (unique to the run) and removed by
 * the test that made it.  Linux keeps the objects as files of the tmpfs on
 * /dev/shm, so the tests look there to see what exists and how big it is.
 * An object that stands for another program's is made by hand, with the
 * plain calls, so that each test judges one function of the student's.
 */
#include "kit.h"
#include "peer.h"
#include "ring.h"
#include "shmobj.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MESSAGES 100000UL

/* --- the semaphore calls of ring.c ---------------------------------------- */

/*
 * lab.mk links the tests with --wrap for each of these calls, so ring.c's
 * calls land here: each is counted, may be made to fail on request, and the
 * semaphores that sem_init made and sem_destroy has not undone are kept.
 */
enum sem_call { SEM_INIT, SEM_DESTROY, SEM_WAIT, SEM_TRYWAIT, SEM_POST,
		SEM_NCALLS };

static struct {
	unsigned countdown;     /* the call that fails: 1 = the next one   */
	unsigned times;         /* how many calls in a row fail from there */
	int err;
} sem_fail[SEM_NCALLS];
static unsigned sem_calls[SEM_NCALLS];

#define SEM_LIVE 8
static sem_t *sem_live[SEM_LIVE];       /* initialised, not destroyed */

/* Calls NTH .. NTH + TIMES - 1 of CALL from now on fail with ERR. */
static void sem_fail_nth(enum sem_call call, unsigned nth, unsigned times,
			 int err)
{
	sem_fail[call].countdown = nth;
	sem_fail[call].times = times;
	sem_fail[call].err = err;
}

/* Counts a call of CALL; nonzero (errno set) when it must fail. */
static int sem_injected(enum sem_call call)
{
	sem_calls[call]++;
	if (sem_fail[call].countdown == 0 || --sem_fail[call].countdown > 0)
		return 0;
	if (--sem_fail[call].times > 0)
		sem_fail[call].countdown = 1;
	errno = sem_fail[call].err;
	return 1;
}

static unsigned sems_alive(void)
{
	unsigned n = 0;

	for (int i = 0; i < SEM_LIVE; i++)
		n += sem_live[i] != NULL;
	return n;
}

static void sem_track(sem_t *sem, int alive)
{
	for (int i = 0; i < SEM_LIVE; i++)
		if (sem_live[i] == sem)
			sem_live[i] = NULL;
	for (int i = 0; alive && i < SEM_LIVE; i++)
		if (sem_live[i] == NULL) {
			sem_live[i] = sem;
			break;
		}
}

int __real_sem_init(sem_t *sem, int pshared, unsigned value);
int __real_sem_destroy(sem_t *sem);
int __real_sem_wait(sem_t *sem);
int __real_sem_trywait(sem_t *sem);
int __real_sem_post(sem_t *sem);
int __wrap_sem_init(sem_t *sem, int pshared, unsigned value);
int __wrap_sem_destroy(sem_t *sem);
int __wrap_sem_wait(sem_t *sem);
int __wrap_sem_trywait(sem_t *sem);
int __wrap_sem_post(sem_t *sem);

int __wrap_sem_init(sem_t *sem, int pshared, unsigned value)
{
	if (sem_injected(SEM_INIT))
		return -1;
	if (__real_sem_init(sem, pshared, value) != 0)
		return -1;
	sem_track(sem, 1);
	return 0;
}

int __wrap_sem_destroy(sem_t *sem)
{
	if (sem_injected(SEM_DESTROY))
		return -1;
	sem_track(sem, 0);
	return __real_sem_destroy(sem);
}

int __wrap_sem_wait(sem_t *sem)
{
	return sem_injected(SEM_WAIT) ? -1 : __real_sem_wait(sem);
}

int __wrap_sem_trywait(sem_t *sem)
{
	return sem_injected(SEM_TRYWAIT) ? -1 : __real_sem_trywait(sem);
}

int __wrap_sem_post(sem_t *sem)
{
	return sem_injected(SEM_POST) ? -1 : __real_sem_post(sem);
}

/* --- helpers ------------------------------------------------------------ */

/* Where glibc's shm_open keeps the object NAME. */
static const char *dev_shm(const char *name)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof path, "/dev/shm/%s", name + (name[0] == '/'));
	return path;
}

/* The size of the object NAME, or -1 when there is no such object. */
static off_t shm_size(const char *name)
{
	struct stat st;

	return stat(dev_shm(name), &st) == 0 ? st.st_size : -1;
}

/* Creates NAME by hand with SIZE bytes (none: never sized) and maps it. */
static unsigned char *hand_create(const char *name, size_t size)
{
	int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	void *p = NULL;

	ck_assert_msg(fd >= 0, _("the test cannot create %s"), name);
	if (size > 0) {
		ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		ck_assert_ptr_ne(p, MAP_FAILED);
	}
	close(fd);
	return p;
}

/* Resizes the existing object NAME by hand. */
static void hand_resize(const char *name, size_t size)
{
	int fd = shm_open(name, O_RDWR, 0);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	close(fd);
}

/* SIZE bytes that a fork shares with its parent instead of copying. */
static void *shared_anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	ck_assert_ptr_ne(p, MAP_FAILED);
	return p;
}

/* shm_peer is built next to this test binary. */
static const char *peer_path(void)
{
	static char path[PATH_MAX];
	static const char peer[] = "shm_peer";
	ssize_t n = readlink("/proc/self/exe", path, sizeof path);
	char *slash;

	ck_assert_msg(n > 0 && (size_t)n < sizeof path - sizeof peer,
		      _("cannot find the test binary's own path"));
	path[n] = '\0';
	slash = strrchr(path, '/');
	ck_assert_ptr_nonnull(slash);
	memcpy(slash + 1, peer, sizeof peer);
	ck_assert_msg(access(path, X_OK) == 0,
		      _("%s is missing: run make"), path);
	return path;
}

/*
 * Starts `shm_peer MODE NAME [COUNT]` the way a shell would, fork then
 * exec: a new program, which inherits no mapping from the test.  Its
 * messages go to ERRPATH, or to /dev/null when ERRPATH is NULL.  FAILWAIT,
 * when not NULL, is the number of the sem_wait that fails in shm_peer
 * (KIT_PEER_FAIL_WAIT, see peer_fail.c).
 */
static pid_t start_peer_env(const char *mode, const char *name,
			    const char *count, const char *errpath,
			    const char *failwait)
{
	const char *path = peer_path();
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		int err = errpath ? open(errpath, O_WRONLY | O_CREAT | O_TRUNC,
					 0600) : null;

		if (null >= 0 && err >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(err, STDERR_FILENO);
		}
		if (failwait != NULL)
			setenv("KIT_PEER_FAIL_WAIT", failwait, 1);
		execl(path, "shm_peer", mode, name, count, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static pid_t start_peer_err(const char *mode, const char *name,
			    const char *count, const char *errpath)
{
	return start_peer_env(mode, name, count, errpath, NULL);
}

static pid_t start_peer(const char *mode, const char *name, const char *count)
{
	return start_peer_env(mode, name, count, NULL, NULL);
}

/* How a child ended: its exit status, or 128 + the signal that killed it. */
static int status_of(int raw)
{
	return WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
}

static int wait_child(pid_t pid)
{
	int raw;

	if (waitpid(pid, &raw, 0) != pid)
		return -1;
	return status_of(raw);
}

/* What a consumer found wrong, as exit statuses a forked child can return. */
enum verdict {
	ALL_GOOD = 0,
	GET_FAILED = 1,         /* ring_get or ring_tryget returned -1     */
	OUT_OF_ORDER = 2,       /* a message lost, duplicated or reordered */
	GARBLED = 3,            /* the right number, the wrong bytes       */
	PUT_FAILED = 4,         /* the producer could not put a message */
};

static const char *verdict_text(int v)
{
	switch (v) {
	case GET_FAILED: return _("taking a message from the ring failed");
	case OUT_OF_ORDER: return _("a message came out of order: one was "
				    "lost, duplicated or overtaken");
	case GARBLED: return _("a message came out garbled: its slot was "
			       "read before it was completely written");
	case PUT_FAILED: return _("putting a message into the ring failed");
	default: return _("the consumer died (status 128 + signal) or hung");
	}
}

/* Is M the message number SEQ of the stream that ring_msg_fill makes? */
static enum verdict check_msg(const struct ring_msg *m, unsigned long seq)
{
	struct ring_msg want;

	ring_msg_fill(&want, seq);
	if (m->seq != seq)
		return OUT_OF_ORDER;
	if (strncmp(m->text, want.text, sizeof want.text) != 0)
		return GARBLED;
	return ALL_GOOD;
}

/* Takes COUNT messages with ring_get and checks each (runs in a child). */
static enum verdict consume(struct ring *r, unsigned long count)
{
	struct ring_msg m;

	for (unsigned long seq = 0; seq < count; seq++) {
		enum verdict v;

		if (ring_get(r, &m) != 0)
			return GET_FAILED;
		v = check_msg(&m, seq);
		if (v != ALL_GOOD)
			return v;
	}
	return ALL_GOOD;
}

/*
 * Puts COUNT messages into R for the consumer PID, never blocking: when the
 * ring is full, see whether the consumer has exited (then nothing more will
 * be taken), else let it run.  Returns how many went in; *STATUS gets the
 * consumer's exit status, or PUT_FAILED.
 */
static unsigned long feed(struct ring *r, unsigned long count, pid_t pid,
			  int *status)
{
	unsigned long seq = 0;
	struct ring_msg m;
	int raw;

	*status = -1;
	while (seq < count) {
		ring_msg_fill(&m, seq);
		if (ring_tryput(r, &m) == 0)
			seq++;
		else if (errno != EAGAIN)
			*status = PUT_FAILED;
		else if (waitpid(pid, &raw, WNOHANG) == pid)
			*status = status_of(raw);
		else
			sched_yield();
		if (*status >= 0)
			break;
	}
	if (*status == PUT_FAILED) {
		kill(pid, SIGKILL);             /* it would wait forever */
		wait_child(pid);
	} else if (*status < 0) {
		*status = wait_child(pid);
	}
	return seq;
}

/* --- creating an object ------------------------------------------------- */

/* Does PROT allow both reading and writing (as the sheet asks)? */
static int readable_and_writable(int prot)
{
	return (prot & (PROT_READ | PROT_WRITE)) == (PROT_READ | PROT_WRITE);
}

KIT_TEST(create_sizes_and_maps, .points = 2,
	 .desc = N_("shmobj_create makes an object of exactly the asked size "
		    "and maps it MAP_SHARED: what you write lands in /dev/shm"),
	 .hint = N_("shm_open(O_CREAT | O_EXCL), then ftruncate to SIZE (a "
		    "new object is empty), then mmap PROT_READ | PROT_WRITE "
		    "with MAP_SHARED."))
{
	const char *name = kit_shm_name();
	size_t size = 3 * kit_page_size();
	unsigned char *p, *file;
	size_t len;

	kit_calls_reset();
	p = shmobj_create(name, size);
	ck_assert_ptr_nonnull(p);
	ck_assert_calls(shm_open, 1);
	ck_assert_calls(ftruncate, 1);
	ck_assert_msg(kit_mmap_calls_with(MAP_SHARED) == 1,
		      _("expected one mmap with MAP_SHARED, saw %u"),
		      kit_mmap_calls_with(MAP_SHARED));
	ck_assert_msg(readable_and_writable(kit_last_mmap()->prot),
		      _("the new object must be mapped "
			"PROT_READ | PROT_WRITE"));
	ck_assert_msg(shm_size(name) == (off_t)size,
		      _("%s holds %jd bytes, expected %zu"),
		      dev_shm(name), (intmax_t)shm_size(name), size);
	for (size_t i = 0; i < size; i++)
		ck_assert_msg(p[i] == 0,
			      _("byte %zu of a new object is not 0"), i);
	for (size_t i = 0; i < size; i++)
		p[i] = kit_pattern_byte((off_t)i);
	file = kit_slurp(dev_shm(name), &len);
	ck_assert_ptr_nonnull(file);
	ck_assert_uint_eq(len, size);
	ck_assert_msg(memcmp(file, p, size) == 0,
		      _("the object does not hold what was written "
			"in the mapping"));
	free(file);
	munmap(p, size);
	shm_unlink(name);

	/* A size that is not a multiple of the page size is kept exactly. */
	name = kit_shm_name();
	size = kit_page_size() + 1;
	p = shmobj_create(name, size);
	ck_assert_ptr_nonnull(p);
	ck_assert_msg(shm_size(name) == (off_t)size,
		      _("%s holds %jd bytes, expected %zu: ftruncate to SIZE "
			"itself, not rounded"),
		      dev_shm(name), (intmax_t)shm_size(name), size);
	p[size - 1] = 1;
	munmap(p, size);
	shm_unlink(name);
}

KIT_TEST(create_mode_0600,
	 .desc = N_("shmobj_create makes its object with the permissions "
		    "0600: read and write for its owner alone"),
	 .hint = N_("The third argument of shm_open is the mode of a new "
		    "object: 0600, as for open(2).  0666 would let every "
		    "user read it."))
{
	const char *name = kit_shm_name();
	mode_t old = umask(0);          /* the mode as passed, nothing masked */
	void *p = shmobj_create(name, kit_page_size());

	umask(old);
	ck_assert_ptr_nonnull(p);
	ck_assert_file_mode(dev_shm(name), 0600);
	munmap(p, kit_page_size());
	shm_unlink(name);
}

KIT_TEST(create_closes_descriptor,
	 .desc = N_("shmobj_create closes its descriptor; the mapping "
		    "works without it, and shmobj_unmap removes it (or "
		    "fails as munmap does)"),
	 .hint = N_("Once mmap has succeeded the descriptor is no "
		    "longer needed: close it.  shmobj_unmap returns "
		    "what munmap returns."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	struct kit_snapshot before;
	unsigned char *p;

	kit_snapshot_take(&before);
	p = shmobj_create(name, page);
	ck_assert_ptr_nonnull(p);
	ck_assert_no_fd_leak(&before);
	p[page - 1] = 7;
	ck_assert_int_eq(p[page - 1], 7);
	ck_assert_fails_with(shmobj_unmap(p + 1, page), -1, EINVAL);
	ck_assert_int_eq(shmobj_unmap(p, page), 0);
	ck_assert_no_mapping_leak(&before);
	ck_assert_unmapped(p, page);
	shm_unlink(name);
}

KIT_TEST(descriptor_zero_is_valid,
	 .desc = N_("with descriptor 0 closed, shm_open returns 0: "
		    "shmobj_create and shmobj_open take it as the success it "
		    "is, and close it"),
	 .hint = N_("shm_open fails with -1 only: test fd < 0 (or == -1), "
		    "never fd <= 0.  The lowest free number may well be 0."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	int saved = dup(STDIN_FILENO);
	unsigned char *p, *q;

	ck_assert_int_ge(saved, 0);
	close(STDIN_FILENO);
	p = shmobj_create(name, page);
	q = p ? shmobj_open(name, page, 1) : NULL;
	ck_assert_msg(fcntl(STDIN_FILENO, F_GETFD) == -1,
		      _("descriptor 0, which shm_open returned, "
			"was left open"));
	dup2(saved, STDIN_FILENO);
	close(saved);
	ck_assert_msg(p != NULL,
		      _("shmobj_create failed (errno %d) when shm_open "
			"returned descriptor 0"), errno);
	ck_assert_msg(q != NULL,
		      _("shmobj_open failed (errno %d) when shm_open "
			"returned descriptor 0"), errno);
	p[0] = 9;
	ck_assert_int_eq(q[0], 9);
	munmap(q, page);
	munmap(p, page);
	shm_unlink(name);
}

KIT_TEST(create_is_exclusive, .points = 2,
	 .desc = N_("creating a name that exists fails with EEXIST and leaves "
		    "the existing object as it was"),
	 .hint = N_("O_EXCL makes shm_open fail when the name is taken.  "
		    "Without it you open someone else's object, and "
		    "ftruncate resizes it; and on EEXIST, do not remove a "
		    "name you did not create."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	struct kit_snapshot before;
	char *first;

	first = shmobj_create(name, 2 * page);
	ck_assert_ptr_nonnull(first);
	strcpy(first, "the first object");
	kit_snapshot_take(&before);
	errno = 0;
	ck_assert_ptr_null(shmobj_create(name, page));
	ck_assert_errno(EEXIST);
	ck_assert_no_leaks(&before);
	ck_assert_msg(shm_size(name) == (off_t)(2 * page),
		      _("after the failed create, %s holds %jd bytes (-1: it "
			"is gone), expected %zu"),
		      dev_shm(name), (intmax_t)shm_size(name), 2 * page);
	ck_assert_str_eq(first, "the first object");
	munmap(first, 2 * page);
	shm_unlink(name);
}

KIT_TEST(create_rejects_bad_names,
	 .desc = N_("shmobj_create refuses a bad name and a size of 0 with "
		    "EINVAL, before anything else, creating nothing"),
	 .hint = N_("glibc quietly accepts \"name\" for \"/name\": check the "
		    "name and the size yourself, before calling shm_open."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	char twice[256];
	void *p;

	errno = 0;
	ck_assert_ptr_null(shmobj_create(name + 1, page));
	ck_assert_errno(EINVAL);
	ck_assert_msg(shm_size(name) < 0,
		      _("\"%s\" was refused, yet %s was created"),
		      name + 1, dev_shm(name));
	errno = 0;
	ck_assert_ptr_null(shmobj_create(name, 0));
	ck_assert_errno(EINVAL);
	ck_assert_msg(shm_size(name) < 0,
		      _("a size of 0 was refused, yet %s was created"),
		      dev_shm(name));
	errno = 0;
	ck_assert_ptr_null(shmobj_create("/", page));
	ck_assert_errno(EINVAL);
	ck_assert_fails_with(shmobj_create("/kit/a", page), 0, EINVAL);
	/* A second slash right after the first is a slash too (glibc would
	 * skip it and create NAME). */
	snprintf(twice, sizeof twice, "/%s", name);
	p = shmobj_create(twice, page);
	if (p != NULL) {
		munmap(p, page);
		shm_unlink(name);
	}
	ck_assert_msg(p == NULL && errno == EINVAL,
		      _("\"%s\" must fail with EINVAL: no slash "
			"after the first"), twice);
	/* The arguments are checked first: a size of 0 is EINVAL even for a
	 * name that is taken. */
	hand_create(name, 0);
	ck_assert_fails_with(shmobj_create(name, 0), 0, EINVAL);
	shm_unlink(name);
}

KIT_TEST(create_failure_leaves_nothing, .points = 2,
	 .desc = N_("when shm_open, ftruncate or mmap fails, shmobj_create "
		    "returns NULL with its errno and leaves no object, "
		    "descriptor or mapping"),
	 .hint = N_("On each error path after shm_open: close the "
		    "descriptor and shm_unlink the name, keeping the errno "
		    "of the first failure."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	kit_fail_nth(KIT_ftruncate, 1, EFBIG);
	errno = 0;
	ck_assert_ptr_null(shmobj_create(name, page));
	ck_assert_errno(EFBIG);
	ck_assert_msg(shm_size(name) < 0,
		      _("ftruncate failed, yet %s is still there"),
		      dev_shm(name));
	ck_assert_no_leaks(&before);

	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	errno = 0;
	ck_assert_ptr_null(shmobj_create(name, page));
	ck_assert_errno(ENOMEM);
	ck_assert_msg(shm_size(name) < 0,
		      _("mmap failed, yet %s is still there"),
		      dev_shm(name));
	ck_assert_no_leaks(&before);
	ck_assert_no_ipc_leak(&before);

	kit_fail_nth(KIT_shm_open, 1, EMFILE);
	ck_assert_fails_with(shmobj_create(name, page), 0, EMFILE);
	ck_assert_msg(shm_size(name) < 0, _("shm_open failed, yet %s exists"),
		      dev_shm(name));
	ck_assert_no_leaks(&before);
}

KIT_TEST(create_failure_keeps_errno,
	 .desc = N_("when ftruncate fails and the cleanup's close fails too, "
		    "shmobj_create still reports ftruncate's errno"),
	 .hint = N_("Save errno right after the call that failed, clean up "
		    "(close, shm_unlink), then restore it: a cleanup call may "
		    "change errno."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	const struct kit_call_args *opened;

	kit_calls_reset();
	kit_fail_nth(KIT_ftruncate, 1, EFBIG);
	kit_fail_nth(KIT_close, 1, EIO);
	ck_assert_fails_with(shmobj_create(name, page), 0, EFBIG);
	ck_assert_msg(shm_size(name) < 0,
		      _("ftruncate failed, yet %s is still there"),
		      dev_shm(name));
	/* The injected failure kept the descriptor open: close it here. */
	opened = kit_nth_call(KIT_shm_open, 1);
	ck_assert_ptr_nonnull(opened);
	kit_fail_nth(KIT_close, 0, 0);
	if (opened->result >= 0)
		close((int)opened->result);
}

/* --- opening an existing object ----------------------------------------- */

KIT_TEST(open_shares_the_memory, .points = 2,
	 .desc = N_("shmobj_open maps an object that another mapping created: "
		    "each sees what the other writes"),
	 .hint = N_("shm_open without O_CREAT, mmap PROT_READ | PROT_WRITE "
		    "with MAP_SHARED, then close the descriptor.  MAP_PRIVATE "
		    "would give you a copy."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	struct kit_snapshot before;
	unsigned char *theirs = hand_create(name, 2 * page);
	unsigned char *p;

	strcpy((char *)theirs + page, "written by the creator");
	kit_snapshot_take(&before);
	kit_calls_reset();
	p = shmobj_open(name, 2 * page, 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_msg(kit_mmap_calls_with(MAP_SHARED) == 1,
		      _("expected one mmap with MAP_SHARED, saw %u"),
		      kit_mmap_calls_with(MAP_SHARED));
	ck_assert_msg(readable_and_writable(kit_last_mmap()->prot),
		      _("a writable open must map PROT_READ | PROT_WRITE"));
	ck_assert_no_fd_leak(&before);
	ck_assert_str_eq((char *)p + page, "written by the creator");
	p[5] = 'X';
	ck_assert_msg(theirs[5] == 'X',
		      _("a write through shmobj_open's mapping does not show "
			"in the creator's"));
	ck_assert_int_eq(shmobj_unmap(p, 2 * page), 0);
	ck_assert_no_leaks(&before);
	ck_assert_msg(shm_size(name) == (off_t)(2 * page),
		      _("shmobj_open changed the size of %s"), dev_shm(name));
	munmap(theirs, 2 * page);
	shm_unlink(name);
}

KIT_TEST(open_read_only, .points = 2, .faults = 1,
	 .desc = N_("a read-only shmobj_open reads the object, and a write "
		    "into it faults with SIGSEGV (SEGV_ACCERR) at the "
		    "written address"),
	 .hint = N_("WRITABLE == 0: open O_RDONLY and map with "
		    "PROT_READ alone; the MMU then refuses writes to "
		    "pages that are mapped."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	unsigned char *theirs = hand_create(name, page);
	unsigned char *p;

	theirs[10] = 42;
	kit_calls_reset();
	p = shmobj_open(name, page, 0);
	ck_assert_ptr_nonnull(p);
	ck_assert_msg(kit_last_mmap()->prot == PROT_READ,
		      _("a read-only open must map with PROT_READ alone"));
	ck_assert_ptr_nonnull(kit_last_call(KIT_shm_open));
	ck_assert_msg((kit_last_call(KIT_shm_open)->arg[1] & O_ACCMODE) ==
		      O_RDONLY, _("a read-only open must open the "
				  "object O_RDONLY"));
	ck_assert_int_eq(p[10], 42);
	ck_assert_fault(kit_touch_write(p + 10, 1), SIGSEGV, SEGV_ACCERR, p + 10);
	ck_assert_int_eq(theirs[10], 42);
	shmobj_unmap(p, page);
	if (geteuid() != 0) {
		/* Its owner may only read it now: a read-only open needs no
		 * more than that. */
		ck_assert_int_eq(chmod(dev_shm(name), 0400), 0);
		p = shmobj_open(name, page, 0);
		ck_assert_msg(p != NULL,
			      _("a read-only open of an object mode 0400 "
				"failed: open it O_RDONLY"));
		ck_assert_int_eq(p[10], 42);
		shmobj_unmap(p, page);
	}
	munmap(theirs, page);
	shm_unlink(name);
}

KIT_TEST(open_missing_name,
	 .desc = N_("opening a name that does not exist fails with ENOENT, "
		    "creates nothing and leaves no descriptor open; bad "
		    "arguments are EINVAL"),
	 .hint = N_("No O_CREAT in shmobj_open: it only opens what exists."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	errno = 0;
	ck_assert_ptr_null(shmobj_open(name, page, 1));
	ck_assert_errno(ENOENT);
	ck_assert_msg(shm_size(name) < 0,
		      _("shmobj_open created %s"), dev_shm(name));
	ck_assert_no_leaks(&before);
	errno = 0;
	ck_assert_ptr_null(shmobj_open(name + 1, page, 1));
	ck_assert_errno(EINVAL);
	ck_assert_fails_with(shmobj_open("/", page, 0), 0, EINVAL);
	ck_assert_fails_with(shmobj_open(name, 0, 1), 0, EINVAL);
	ck_assert_no_leaks(&before);
}

KIT_TEST(open_failure_leaves_nothing, .points = 2,
	 .desc = N_("when shm_open or mmap fails, or the size is 0, "
		    "shmobj_open returns NULL with that errno and leaves no "
		    "descriptor or mapping, and the object as it was"),
	 .hint = N_("mmap fails with MAP_FAILED, not NULL: compare with it, "
		    "close the descriptor on that path too, and never remove "
		    "an object you only opened."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	unsigned char *theirs = hand_create(name, page);
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	ck_assert_fails_with(shmobj_open(name, page, 1), 0, ENOMEM);
	ck_assert_no_leaks(&before);
	kit_fail_nth(KIT_shm_open, 1, EACCES);
	ck_assert_fails_with(shmobj_open(name, page, 0), 0, EACCES);
	ck_assert_no_leaks(&before);
	ck_assert_fails_with(shmobj_open(name, 0, 1), 0, EINVAL);
	ck_assert_no_leaks(&before);

	/* mmap's errno survives a close that fails afterwards. */
	kit_calls_reset();
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	kit_fail_nth(KIT_close, 1, EIO);
	ck_assert_fails_with(shmobj_open(name, page, 1), 0, ENOMEM);
	kit_fail_nth(KIT_close, 0, 0);
	if (kit_nth_call(KIT_shm_open, 1) && kit_nth_call(KIT_close, 1) &&
	    kit_nth_call(KIT_close, 1)->injected)
		close((int)kit_nth_call(KIT_shm_open, 1)->result);
	ck_assert_no_leaks(&before);

	if (geteuid() != 0) {
		/* A real refusal: the owner may only read the object. */
		ck_assert_int_eq(chmod(dev_shm(name), 0400), 0);
		ck_assert_fails_with(shmobj_open(name, page, 1), 0, EACCES);
		ck_assert_no_leaks(&before);
	}
	ck_assert_msg(shm_size(name) == (off_t)page,
		      _("after the failures, %s holds %jd bytes (-1: it is "
			"gone), expected %zu"),
		      dev_shm(name), (intmax_t)shm_size(name), page);
	munmap(theirs, page);
	shm_unlink(name);
}

/* --- the size of an object ---------------------------------------------- */

KIT_TEST(unsized_object_sigbus, .points = 2, .faults = 1,
	 .desc = N_("an object that was never sized maps fine, but touching "
		    "it raises SIGBUS (BUS_ADRERR) at the touched address"),
	 .hint = N_("shmobj_open must not second-guess mmap: mmap maps past "
		    "the end of an object without complaint, and the fault "
		    "comes when a page that has no byte of the object behind "
		    "it is touched."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	unsigned char *p;

	hand_create(name, 0);
	ck_assert_int_eq(shm_size(name), 0);
	p = shmobj_open(name, page, 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_fault(kit_touch_read(p), SIGBUS, BUS_ADRERR, p);
	ck_assert_fault(kit_touch_write(p + 100, 1), SIGBUS, BUS_ADRERR, p + 100);
	shmobj_unmap(p, page);
	shm_unlink(name);
}

KIT_TEST(past_the_end_sigbus, .points = 2, .faults = 1,
	 .desc = N_("pages past the size given to shmobj_create raise SIGBUS, "
		    "until ftruncate makes the object grow"),
	 .hint = N_("The object is exactly as big as ftruncate made it: "
		    "ftruncate to SIZE, not more.  A mapping may be longer "
		    "than the object."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	unsigned char *mine, *p;

	mine = shmobj_create(name, page);
	ck_assert_ptr_nonnull(mine);
	p = shmobj_open(name, 3 * page, 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_no_fault(kit_touch_read(p + page - 1));
	ck_assert_fault(kit_touch_read(p + page), SIGBUS, BUS_ADRERR, p + page);
	ck_assert_fault(kit_touch_write(p + 2 * page + 9, 1), SIGBUS, BUS_ADRERR,
			p + 2 * page + 9);
	hand_resize(name, 3 * page);
	ck_assert_no_fault(kit_touch_write(p + 2 * page + 9, 1));
	shmobj_unmap(p, 3 * page);
	shmobj_unmap(mine, page);
	shm_unlink(name);
}

/* --- removing a name ---------------------------------------------------- */

KIT_TEST(remove_unlinks_the_name, .points = 2,
	 .desc = N_("shmobj_remove removes the name (ENOENT the second time, "
		    "EINVAL for a bad name, shm_unlink's errno when it "
		    "fails); memory still mapped lives on"),
	 .hint = N_("shm_unlink, after the same name check as the other "
		    "functions: \"name\" without its '/' is EINVAL, even if "
		    "glibc would find \"/name\"."))
{
	const char *name = kit_shm_name();
	size_t page = kit_page_size();
	char *theirs = (char *)hand_create(name, page);

	strcpy(theirs, "still here");
	errno = 0;
	ck_assert_int_eq(shmobj_remove(name + 1), -1);
	ck_assert_errno(EINVAL);
	ck_assert_fails_with(shmobj_remove("/"), -1, EINVAL);
	ck_assert_fails_with(shmobj_remove("/kit/a"), -1, EINVAL);
	ck_assert_msg(shm_size(name) >= 0, _("a refused name removed %s"),
		      dev_shm(name));
	ck_assert_int_eq(shmobj_remove(name), 0);
	ck_assert_msg(shm_size(name) < 0,
		      _("%s is still there"), dev_shm(name));
	ck_assert_str_eq(theirs, "still here");
	errno = 0;
	ck_assert_int_eq(shmobj_remove(name), -1);
	ck_assert_errno(ENOENT);
	munmap(theirs, page);

	/* A failure of shm_unlink itself is reported, and the name stays. */
	hand_create(name, 0);
	kit_fail_nth(KIT_shm_unlink, 1, EACCES);
	ck_assert_fails_with(shmobj_remove(name), -1, EACCES);
	ck_assert_msg(shm_size(name) >= 0, _("%s is gone"), dev_shm(name));
	ck_assert_int_eq(shmobj_remove(name), 0);
}

/* --- another program ---------------------------------------------------- */

KIT_TEST(peer_reads_by_name, .points = 3, .timeout = 10,
	 .desc = N_("shm_peer, started by exec, finds the mailbox by its "
		    "name, reads the greeting and writes its reply"),
	 .hint = N_("peer.c: shmobj_open(name, sizeof (struct mailbox), 1), "
		    "then snprintf the reply.  Try `build/shm_peer reply "
		    "/name` by hand on a mailbox you made."))
{
	const char *name = kit_shm_name();
	struct mailbox *box = shmobj_create(name, sizeof *box);
	char want[2 * MAILBOX_TEXT];
	pid_t pid;
	int status;

	ck_assert_ptr_nonnull(box);
	snprintf(box->greeting, sizeof box->greeting, "hello from %ld",
		 (long)getpid());
	pid = start_peer("reply", name, NULL);
	status = wait_child(pid);
	ck_assert_msg(status == PEER_DONE,
		      _("shm_peer reply exited with status %d, expected %d"),
		      status, PEER_DONE);
	snprintf(want, sizeof want, "%ld read: %s", (long)pid, box->greeting);
	ck_assert_str_eq(box->reply, want);
	ck_assert_msg(shm_size(name) >= 0,
		      _("shm_peer removed %s: the object belongs "
			"to its creator"), dev_shm(name));
	munmap(box, sizeof *box);
	shm_unlink(name);
}

KIT_TEST(peer_missing_name, .timeout = 10,
	 .desc = N_("shm_peer given a name that does not exist says why on "
		    "stderr, exits with PEER_NO_OBJECT and creates nothing "
		    "(PEER_FAILED for a bad command line)"),
	 .hint = N_("When shmobj_open returns NULL, complain and "
		    "return PEER_NO_OBJECT; never create the object "
		    "from the peer's side."))
{
	const char *name = kit_shm_name();
	const char *err = kit_path("peer.err");
	int status = wait_child(start_peer_err("reply", name, NULL, err));

	ck_assert_msg(status == PEER_NO_OBJECT,
		      _("shm_peer exited with status %d, expected "
			"PEER_NO_OBJECT (%d)"), status, PEER_NO_OBJECT);
	ck_assert_msg(shm_size(name) < 0,
		      _("shm_peer created %s"), dev_shm(name));
	ck_assert_msg(kit_file_size(err) > 0,
		      _("shm_peer reply failed without a word on stderr"));
	status = wait_child(start_peer_err("produce", name, "10", err));
	ck_assert_msg(status == PEER_NO_OBJECT,
		      _("shm_peer produce exited with status %d, expected "
			"PEER_NO_OBJECT (%d)"), status,
		      PEER_NO_OBJECT);
	ck_assert_msg(shm_size(name) < 0, _("shm_peer produce created %s"),
		      dev_shm(name));
	ck_assert_msg(kit_file_size(err) > 0,
		      _("shm_peer produce failed without a word on stderr"));
	/* main, which is given, refuses bad command lines. */
	status = wait_child(start_peer("hello", name, NULL));
	ck_assert_msg(status == PEER_FAILED,
		      _("`shm_peer hello NAME` exited with status %d, "
			"expected PEER_FAILED (%d)"), status, PEER_FAILED);
	status = wait_child(start_peer("produce", name, "12x"));
	ck_assert_msg(status == PEER_FAILED,
		      _("`shm_peer produce NAME 12x` exited with status %d, "
			"expected PEER_FAILED (%d)"), status,
		      PEER_FAILED);
	status = wait_child(start_peer("produce", name, ""));
	ck_assert_msg(status == PEER_FAILED,
		      _("`shm_peer produce NAME ''` exited with status %d, "
			"expected PEER_FAILED (%d)"), status,
		      PEER_FAILED);
	status = wait_child(start_peer("produce", name, "99999999999999999999999"));
	ck_assert_msg(status == PEER_FAILED,
		      _("`shm_peer produce NAME 99999999999999999999999` (too "
			"big for an unsigned long) exited with status %d, "
			"expected PEER_FAILED (%d)"), status, PEER_FAILED);
	status = wait_child(start_peer("produce", name, NULL));
	ck_assert_msg(status == PEER_FAILED,
		      _("`shm_peer produce NAME` exited with status %d, "
			"expected PEER_FAILED (%d)"), status,
		      PEER_FAILED);
	status = wait_child(start_peer("reply", name, "1"));
	ck_assert_msg(status == PEER_FAILED,
		      _("`shm_peer reply NAME 1` exited with status %d, "
			"expected PEER_FAILED (%d)"), status,
		      PEER_FAILED);
	ck_assert_msg(shm_size(name) < 0,
		      _("shm_peer created %s"), dev_shm(name));
}

KIT_TEST(peer_reads_a_full_greeting, .timeout = 10,
	 .desc = N_("shm_peer reads a greeting that fills all MAILBOX_TEXT "
		    "bytes, with no '\\0' at its end, and replies with "
		    "exactly those bytes"),
	 /* xgettext:no-c-format */
	 .hint = N_("The greeting is memory another program wrote: a \"%s\" "
		    "would run past its end into reply.  Print at most "
		    "MAILBOX_TEXT bytes of it with \"%.*s\"."))
{
	const char *name = kit_shm_name();
	struct mailbox *box = shmobj_create(name, sizeof *box);
	char want[2 * MAILBOX_TEXT];
	pid_t pid;
	int status;

	ck_assert_ptr_nonnull(box);
	memset(box->greeting, 'g', sizeof box->greeting);
	pid = start_peer("reply", name, NULL);
	status = wait_child(pid);
	ck_assert_msg(status == PEER_DONE,
		      _("shm_peer reply exited with status %d, expected %d"),
		      status, PEER_DONE);
	snprintf(want, sizeof want, "%ld read: %.*s", (long)pid, MAILBOX_TEXT,
		 box->greeting);
	ck_assert_msg(memchr(box->reply, '\0', sizeof box->reply) != NULL,
		      _("the reply has no terminating '\\0'"));
	ck_assert_str_eq(box->reply, want);
	munmap(box, sizeof *box);
	shm_unlink(name);
}

KIT_TEST(peer_stops_when_put_fails, .timeout = 10,
	 .desc = N_("when a ring_put of shm_peer produce fails, it stops "
		    "there, says why on stderr and exits with PEER_FAILED"),
	 .hint = N_("peer.c: if ring_put returns -1, complain, remember "
		    "PEER_FAILED and break out of the loop; unmap the "
		    "ring either way."))
{
	const char *name = kit_shm_name();
	const char *err = kit_path("peer.err");
	struct ring *r = shmobj_create(name, sizeof *r);
	struct ring_msg m;
	int status;

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(ring_init(r), 0);
	/* The 5th wait fails: messages 0 to 3 go in, then nothing more. */
	status = wait_child(start_peer_env("produce", name, "10", err, "5"));
	ck_assert_msg(status == PEER_FAILED,
		      _("shm_peer produce exited with status %d after a "
			"failed ring_put, expected PEER_FAILED (%d)"),
		      status, PEER_FAILED);
	ck_assert_msg(kit_file_size(err) > 0,
		      _("shm_peer produce failed without a word on stderr"));
	for (unsigned long seq = 0; seq < 4; seq++) {
		ck_assert_msg(ring_tryget(r, &m) == 0,
			      _("message %lu, put before the failure, is "
				"not in the ring"), seq);
		ck_assert_int_eq(check_msg(&m, seq), ALL_GOOD);
	}
	errno = 0;
	ck_assert_msg(ring_tryget(r, &m) == -1 && errno == EAGAIN,
		      _("shm_peer went on putting messages after a "
			"ring_put failed"));
	ck_assert_int_eq(ring_destroy(r), 0);
	munmap(r, sizeof *r);
	shm_unlink(name);
}

/* --- the ring ----------------------------------------------------------- */

KIT_TEST(ring_keeps_order, .points = 2,
	 .desc = N_("in one process, messages come out of the ring in the "
		    "order they went in, across many laps of its slots"),
	 .hint = N_("HEAD and TAIL each move on by one slot per message and "
		    "go back to 0 after slot RING_SLOTS - 1."))
{
	struct ring *r = shared_anon(sizeof *r);
	unsigned long in = 0, out = 0;
	struct ring_msg m;

	memset(r, 0xa5, sizeof *r);     /* memory is not always new zeros */
	ck_assert_int_eq(ring_init(r), 0);
	/* Half full, then one in and one out, for five laps of the slots. */
	for (; in < RING_SLOTS / 2; in++) {
		ring_msg_fill(&m, in);
		ck_assert_int_eq(ring_put(r, &m), 0);
	}
	for (int i = 0; i < 5 * RING_SLOTS; i++) {
		ring_msg_fill(&m, in++);
		ck_assert_int_eq(ring_put(r, &m), 0);
		ck_assert_int_eq(ring_get(r, &m), 0);
		ck_assert_msg(check_msg(&m, out) == ALL_GOOD,
			      _("message %lu came out as %lu \"%.*s\""),
			      out, m.seq, RING_TEXT, m.text);
		out++;
	}
	for (; out < in; out++) {
		ck_assert_int_eq(ring_get(r, &m), 0);
		ck_assert_msg(check_msg(&m, out) == ALL_GOOD,
			      _("message %lu came out as %lu \"%.*s\""),
			      out, m.seq, RING_TEXT, m.text);
	}
	ck_assert_int_eq(ring_destroy(r), 0);
	munmap(r, sizeof *r);
}

KIT_TEST(ring_capacity, .points = 2,
	 .desc = N_("the ring holds exactly RING_SLOTS messages: tryput fails "
		    "with EAGAIN when full, tryget when empty"),
	 .hint = N_("FREE starts at RING_SLOTS and FULL at 0; sem_trywait "
		    "fails with EAGAIN instead of waiting."))
{
	struct ring *r = shared_anon(sizeof *r);
	struct ring_msg m;

	ck_assert_int_eq(ring_init(r), 0);
	errno = 0;
	ck_assert_int_eq(ring_tryget(r, &m), -1);
	ck_assert_errno(EAGAIN);
	for (unsigned long seq = 0; seq < RING_SLOTS; seq++) {
		ring_msg_fill(&m, seq);
		ck_assert_msg(ring_tryput(r, &m) == 0,
			      _("ring_tryput of message %lu failed; the "
				"ring holds %d"), seq, RING_SLOTS);
	}
	ring_msg_fill(&m, RING_SLOTS);
	errno = 0;
	ck_assert_int_eq(ring_tryput(r, &m), -1);
	ck_assert_errno(EAGAIN);
	ck_assert_int_eq(ring_tryget(r, &m), 0);
	ck_assert_int_eq(check_msg(&m, 0), ALL_GOOD);
	ring_msg_fill(&m, RING_SLOTS);
	ck_assert_msg(ring_tryput(r, &m) == 0,
		      _("a slot was emptied, yet ring_tryput still fails"));
	for (unsigned long seq = 1; seq <= RING_SLOTS; seq++) {
		ck_assert_int_eq(ring_tryget(r, &m), 0);
		ck_assert_int_eq(check_msg(&m, seq), ALL_GOOD);
	}
	errno = 0;
	ck_assert_int_eq(ring_tryget(r, &m), -1);
	ck_assert_errno(EAGAIN);
	ck_assert_int_eq(ring_destroy(r), 0);
	munmap(r, sizeof *r);
}

KIT_TEST(ring_init_failure_leaves_nothing,
	 .desc = N_("when a sem_init fails, ring_init returns -1 with its "
		    "errno and leaves no semaphore initialised"),
	 .hint = N_("If the second sem_init fails, sem_destroy the first one, "
		    "and keep the errno of the sem_init that failed (save it "
		    "before sem_destroy, restore it after)."))
{
	struct ring *r = shared_anon(sizeof *r);

	sem_fail_nth(SEM_INIT, 1, 1, ENOSYS);
	ck_assert_fails_with(ring_init(r), -1, ENOSYS);
	ck_assert_msg(sems_alive() == 0,
		      _("ring_init failed, yet %u semaphore(s) "
			"stay initialised"), sems_alive());

	sem_fail_nth(SEM_INIT, 2, 1, ENOSYS);
	sem_fail_nth(SEM_DESTROY, 1, 1, EINVAL);        /* the cleanup's too */
	ck_assert_fails_with(ring_init(r), -1, ENOSYS);
	sem_fail_nth(SEM_DESTROY, 0, 0, 0);
	ck_assert_msg(sem_calls[SEM_DESTROY] >= 1,
		      _("the second sem_init failed, yet the first semaphore "
			"was not destroyed"));

	sem_fail_nth(SEM_INIT, 2, 1, ENOSYS);
	ck_assert_fails_with(ring_init(r), -1, ENOSYS);
	ck_assert_msg(sems_alive() == 0,
		      _("the second sem_init failed, yet %u semaphore(s) "
			"stay initialised"), sems_alive());
	munmap(r, sizeof *r);
}

KIT_TEST(ring_reports_semaphore_errors, .timeout = 10,
	 .desc = N_("a semaphore call that fails (not with EINTR) makes "
		    "the ring function fail with its errno; "
		    "ring_destroy tries both"),
	 .hint = N_("wait_for relaunches sem_wait on EINTR only and returns "
		    "-1 on any other error; return what sem_post, sem_trywait "
		    "and sem_destroy report instead of 0."))
{
	struct ring *r = shared_anon(sizeof *r);
	struct ring_msg m;

	ck_assert_int_eq(ring_init(r), 0);
	ring_msg_fill(&m, 0);
	sem_fail_nth(SEM_WAIT, 1, 1, EINVAL);
	ck_assert_fails_with(ring_put(r, &m), -1, EINVAL);
	sem_fail_nth(SEM_WAIT, 1, 1, EINVAL);
	ck_assert_fails_with(ring_get(r, &m), -1, EINVAL);
	sem_fail_nth(SEM_TRYWAIT, 1, 1, EINVAL);
	ck_assert_fails_with(ring_tryput(r, &m), -1, EINVAL);
	sem_fail_nth(SEM_TRYWAIT, 1, 1, EINVAL);
	ck_assert_fails_with(ring_tryget(r, &m), -1, EINVAL);
	/* A post that fails after a put leaves no message to take: put one
	 * that goes in whole before each get whose post fails. */
	sem_fail_nth(SEM_POST, 1, 1, EOVERFLOW);
	ck_assert_fails_with(ring_put(r, &m), -1, EOVERFLOW);
	sem_fail_nth(SEM_POST, 1, 1, EOVERFLOW);
	ck_assert_fails_with(ring_tryput(r, &m), -1, EOVERFLOW);
	ck_assert_int_eq(ring_put(r, &m), 0);
	sem_fail_nth(SEM_POST, 1, 1, EOVERFLOW);
	ck_assert_fails_with(ring_get(r, &m), -1, EOVERFLOW);
	ck_assert_int_eq(ring_put(r, &m), 0);
	sem_fail_nth(SEM_POST, 1, 1, EOVERFLOW);
	ck_assert_fails_with(ring_tryget(r, &m), -1, EOVERFLOW);

	sem_calls[SEM_DESTROY] = 0;
	sem_fail_nth(SEM_DESTROY, 1, 1, EINVAL);
	ck_assert_fails_with(ring_destroy(r), -1, EINVAL);
	ck_assert_msg(sem_calls[SEM_DESTROY] == 2,
		      _("ring_destroy called sem_destroy %u time(s): "
			"when the first fails, destroy the other "
			"semaphore all the same"),
		      sem_calls[SEM_DESTROY]);
	sem_fail_nth(SEM_DESTROY, 2, 1, EINVAL);
	ck_assert_int_eq(ring_init(r), 0);
	ck_assert_fails_with(ring_destroy(r), -1, EINVAL);
	munmap(r, sizeof *r);
}

KIT_TEST(ring_retries_after_eintr, .timeout = 10,
	 .desc = N_("ring_put and ring_get go on waiting after sem_wait fails "
		    "with EINTR, however many times in a row"),
	 .hint = N_("Loop: while sem_wait fails with EINTR, call it again."))
{
	struct ring *r = shared_anon(sizeof *r);
	struct ring_msg m;

	ck_assert_int_eq(ring_init(r), 0);
	ring_msg_fill(&m, 0);
	sem_fail_nth(SEM_WAIT, 1, 3, EINTR);
	ck_assert_int_eq(ring_put(r, &m), 0);
	sem_fail_nth(SEM_WAIT, 1, 3, EINTR);
	memset(&m, 0, sizeof m);
	ck_assert_int_eq(ring_get(r, &m), 0);
	ck_assert_int_eq(check_msg(&m, 0), ALL_GOOD);
	ck_assert_int_eq(ring_destroy(r), 0);
	ck_assert_msg(sems_alive() == 0,
		      _("ring_destroy left %u semaphore(s)"),
		      sems_alive());
	munmap(r, sizeof *r);
}

KIT_TEST(ring_across_fork, .points = 3, .timeout = 60,
	 .desc = N_("100 000 messages cross from a process to its forked "
		    "child with none lost, duplicated or reordered"),
	 .hint = N_("sem_init(.., 1, ..): pshared = 1, or the semaphores "
		    "never wake the other process (the test then times out).  "
		    "Fill the slot before posting FULL."))
{
	struct ring *r = shared_anon(sizeof *r);
	unsigned long sent;
	int status;
	pid_t pid;

	ck_assert_int_eq(ring_init(r), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(consume(r, MESSAGES));
	sent = feed(r, MESSAGES, pid, &status);
	ck_assert_msg(status == ALL_GOOD,
		      _("after %lu messages sent: %s"), sent,
		      verdict_text(status));
	ck_assert_msg(sent == MESSAGES,
		      _("the consumer stopped after %lu messages"), sent);
	ck_assert_int_eq(ring_destroy(r), 0);
	munmap(r, sizeof *r);
}

/* A SIGUSR1 handler that tells the parent it ran. */
static volatile sig_atomic_t *usr1_seen;

static void on_usr1(int signo)
{
	(void)signo;
	*usr1_seen = 1;
}

/* The state letter of process PID in /proc ('S': asleep in a wait, 'Z':
 * exited), or '?' when it cannot be read. */
static char proc_state(pid_t pid)
{
	char path[64], buf[256], *paren;
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = '\0';
	paren = strrchr(buf, ')');              /* "pid (comm) S ..." */
	return paren != NULL && paren[1] == ' ' ? paren[2] : '?';
}

KIT_TEST(ring_get_survives_signals, .points = 2, .timeout = 20,
	 .desc = N_("a signal handled while ring_get waits does not make it "
		    "fail: it goes on waiting for the message"),
	 .hint = N_("sem_wait returns -1 with errno EINTR when a signal "
		    "handler ran during the wait (even with "
		    "SA_RESTART): wait again."))
{
	struct ring *r = shared_anon(sizeof *r);
	struct sigaction sa = { .sa_handler = on_usr1 }, old;
	struct ring_msg m;
	int status;
	pid_t pid;

	usr1_seen = shared_anon(sizeof *usr1_seen);
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, &old), 0);
	ck_assert_int_eq(ring_init(r), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(consume(r, 1));
	/* Interrupt the child in the middle of its wait, and make sure its
	 * handler has run before the message is sent. */
	while (!strchr("SZ?", proc_state(pid)))
		sched_yield();
	kill(pid, SIGUSR1);
	while (!*usr1_seen && !strchr("Z?", proc_state(pid)))
		sched_yield();
	ring_msg_fill(&m, 0);
	if (ring_put(r, &m) != 0)
		kill(pid, SIGKILL);     /* it would wait forever */
	status = wait_child(pid);
	sigaction(SIGUSR1, &old, NULL);
	ck_assert_msg(status == ALL_GOOD, _("the consumer says: %s"),
		      verdict_text(status));
	ring_destroy(r);
	munmap((void *)usr1_seen, sizeof *usr1_seen);
	munmap(r, sizeof *r);
}

/* Child of ring_put_survives_signals: fills R, then waits in ring_put. */
static int fill_then_put(struct ring *r)
{
	struct ring_msg m;

	for (unsigned long seq = 0; seq < RING_SLOTS; seq++) {
		ring_msg_fill(&m, seq);
		if (ring_tryput(r, &m) != 0)
			return PUT_FAILED;
	}
	ring_msg_fill(&m, RING_SLOTS);
	return ring_put(r, &m) == 0 ? ALL_GOOD : PUT_FAILED;
}

KIT_TEST(ring_put_survives_signals, .points = 2, .timeout = 20,
	 .desc = N_("a signal handled while ring_put waits for a free "
		    "slot does not make it fail: the message goes in once "
		    "a slot is free"),
	 .hint = N_("ring_put waits with the same EINTR-proof loop as "
		    "ring_get: sem_wait again when it fails with EINTR."))
{
	struct ring *r = shared_anon(sizeof *r);
	struct sigaction sa = { .sa_handler = on_usr1 }, old;
	struct ring_msg m;
	int status, full, got = 0;
	pid_t pid;

	usr1_seen = shared_anon(sizeof *usr1_seen);
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, &old), 0);
	ck_assert_int_eq(ring_init(r), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(fill_then_put(r));
	/* Once the ring is full and the child asleep, interrupt its wait. */
	while (!(sem_getvalue(&r->full, &full) == 0 && full == RING_SLOTS &&
		 strchr("SZ?", proc_state(pid))) &&
	       !strchr("Z?", proc_state(pid)))
		sched_yield();
	kill(pid, SIGUSR1);
	while (!*usr1_seen && !strchr("Z?", proc_state(pid)))
		sched_yield();
	/* Make room: the interrupted ring_put may now go on. */
	if (ring_tryget(r, &m) == 0)
		got++;
	status = wait_child(pid);
	sigaction(SIGUSR1, &old, NULL);
	ck_assert_msg(status == ALL_GOOD, _("the producer says: %s"),
		      verdict_text(status));
	while (ring_tryget(r, &m) == 0) {
		ck_assert_int_eq(check_msg(&m, (unsigned long)got), ALL_GOOD);
		got++;
	}
	ck_assert_int_eq(got, RING_SLOTS + 1);
	ring_destroy(r);
	munmap((void *)usr1_seen, sizeof *usr1_seen);
	munmap(r, sizeof *r);
}

KIT_TEST(ring_from_peer, .points = 3, .timeout = 60,
	 .desc = N_("100 000 messages cross from shm_peer, another program, "
		    "through a ring in a named object: none lost, "
		    "duplicated or reordered"),
	 .hint = N_("peer.c: open the ring by its name (do not ring_init it "
		    "again: the creator did) and ring_put the messages that "
		    "ring_msg_fill makes."))
{
	const char *name = kit_shm_name();
	struct ring *r = shmobj_create(name, sizeof *r);
	unsigned long seq = 0;
	enum verdict v = ALL_GOOD;
	int raw, status = -1;
	struct ring_msg m;
	char count[32];
	pid_t pid;

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(ring_init(r), 0);
	snprintf(count, sizeof count, "%lu", MESSAGES);
	pid = start_peer("produce", name, count);
	/* Never block: once the peer has exited and the ring is empty,
	 * nothing more can come. */
	while (seq < MESSAGES && v == ALL_GOOD) {
		if (ring_tryget(r, &m) == 0) {
			v = check_msg(&m, seq);
			seq += v == ALL_GOOD;
		}
		else if (errno != EAGAIN)
			v = GET_FAILED;
		else if (status >= 0)
			break;
		else if (waitpid(pid, &raw, WNOHANG) == pid)
			status = status_of(raw);
		else
			sched_yield();
	}
	if (status < 0) {
		if (v != ALL_GOOD)
			kill(pid, SIGKILL);
		status = wait_child(pid);
	}
	ck_assert_msg(v == ALL_GOOD,
		      _("message %lu: %s"), seq, verdict_text(v));
	ck_assert_msg(seq == MESSAGES,
		      _("shm_peer exited with status %d after %lu "
			"messages of %lu"), status, seq, MESSAGES);
	ck_assert_msg(status == PEER_DONE,
		      _("shm_peer exited with status %d"),
		      status);
	errno = 0;
	ck_assert_msg(ring_tryget(r, &m) == -1 && errno == EAGAIN,
		      _("the ring holds more than the %lu messages sent"),
		      MESSAGES);
	ck_assert_int_eq(ring_destroy(r), 0);
	munmap(r, sizeof *r);
	shm_unlink(name);
}
