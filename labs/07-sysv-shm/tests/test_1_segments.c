/*
 * Tests of lab 07, part 1: System V segments.  Each test makes its key from
 * a file of its scratch directory, and removes every segment it created on
 * its way out; the kernel's own view (shmctl IPC_STAT, called here directly)
 * is the oracle.
 */
#include "kit.h"
#include "shmseg.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

/* A fresh, empty file for ftok to name keys after. */
static const char *key_file(void)
{
	return kit_file_with("key", "", 0);
}

/* The kernel's record of segment ID; fails the test if there is none. */
static struct shmid_ds kernel_view(int id)
{
	struct shmid_ds ds;

	ck_assert_msg(shmctl(id, IPC_STAT, &ds) == 0,
		      _("segment %d does not exist (shmctl IPC_STAT: %s)"), id,
		      strerror(errno));
	return ds;
}

/* Does segment ID still exist, attached or not? */
static int exists(int id)
{
	struct shmid_ds ds;

	return shmctl(id, IPC_STAT, &ds) == 0;
}

/* Removes segment ID, behind the code under test's back. */
static void drop(int id)
{
	shmctl(id, IPC_RMID, NULL);
}

/* --- seg_create, seg_open ----------------------------------------------- */

KIT_TEST(create_makes_a_segment, .points = 2,
	 .desc = N_("seg_create makes a segment of the asked size under the "
		    "key ftok(path, proj)"),
	 .hint = N_("key = ftok(path, proj), then shmget(key, size, IPC_CREAT "
		    "| IPC_EXCL | mode).  Check ftok's result against "
		    "(key_t)-1."))
{
	const char *path = key_file();
	struct kit_snapshot before;
	struct shmid_ds ds;
	int id;

	kit_snapshot_take(&before);
	id = seg_create(path, 'A', 1000, 0600);
	ck_assert_int_ge(id, 0);
	ds = kernel_view(id);
	ck_assert_uint_eq(ds.shm_segsz, 1000);
	ck_assert_int_eq(shmget(ftok(path, 'A'), 0, 0), id);
	ck_assert_int_eq(ds.shm_cpid, getpid());
	ck_assert_uint_eq(ds.shm_nattch, 0);
	ck_assert_no_leaks(&before);
	drop(id);
	ck_assert_no_ipc_leak(&before);
}

KIT_TEST(create_sets_permissions,
	 .desc = N_("seg_create gives the segment the permission bits it is "
		    "passed"),
	 .hint = N_("The low 9 bits of shmget's flags are the permissions, as "
		    "in open(2): OR them with IPC_CREAT | IPC_EXCL."))
{
	const char *path = key_file();
	int group = seg_create(path, 'A', kit_page_size(), 0640);
	int mine = seg_create(path, 'B', kit_page_size(), 0600);
	int odd = seg_create(path, 'C', kit_page_size(), 0751);

	ck_assert_int_ge(group, 0);
	ck_assert_int_ge(mine, 0);
	ck_assert_int_ge(odd, 0);
	ck_assert_msg(group != mine, _("two projects must give two segments"));
	ck_assert_uint_eq(kernel_view(group).shm_perm.mode & 0777, 0640);
	ck_assert_uint_eq(kernel_view(mine).shm_perm.mode & 0777, 0600);
	ck_assert_uint_eq(kernel_view(odd).shm_perm.mode & 0777, 0751);
	drop(group);
	drop(mine);
	drop(odd);
}

KIT_TEST(create_is_exclusive, .points = 2,
	 .desc = N_("seg_create fails with EEXIST on a key in use, ENOENT on a "
		    "missing file"),
	 .hint = N_("Without IPC_EXCL, shmget(IPC_CREAT) silently returns the "
		    "existing segment.  ftok stat()s the file: a missing one "
		    "fails."))
{
	const char *path = key_file();
	int id = seg_create(path, 'A', kit_page_size(), 0600);
	struct kit_snapshot before;

	ck_assert_int_ge(id, 0);
	kit_snapshot_take(&before);
	errno = 0;
	ck_assert_int_eq(seg_create(path, 'A', kit_page_size(), 0600), -1);
	ck_assert_errno(EEXIST);
	errno = 0;
	ck_assert_int_eq(seg_create(kit_path("missing"), 'A', 100, 0600), -1);
	ck_assert_errno(ENOENT);
	ck_assert_msg(exists(id),
		      _("the first segment must survive the refusal"));
	ck_assert_uint_eq(kernel_view(id).shm_segsz, kit_page_size());
	ck_assert_no_ipc_leak(&before);
	drop(id);
}

KIT_TEST(create_reports_shmget_failure,
	 .desc = N_("when shmget fails (no memory, too many segments), "
		    "seg_create returns -1 with shmget's errno and creates "
		    "nothing"),
	 .hint = N_("Return shmget's -1 as it is: errno already says why."))
{
	const char *path = key_file();
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	kit_fail_nth(KIT_shmget, 1, ENOSPC);
	ck_assert_fails_with(seg_create(path, 'A', kit_page_size(), 0600), -1,
			     ENOSPC);
	ck_assert_no_ipc_leak(&before);
	ck_assert_fails_with(seg_open(path, 'A'), -1, ENOENT);
}

KIT_TEST(open_finds_the_segment, .points = 2,
	 .desc = N_("seg_open returns the identifier of the segment with that "
		    "key, ENOENT when there is none or the file is missing"),
	 .hint = N_("shmget(key, 0, 0): no IPC_CREAT, so it only looks the key "
		    "up.  Return -1 at once when ftok fails: (key_t)-1 is a "
		    "key too."))
{
	const char *path = key_file();
	int id = seg_create(path, 'A', kit_page_size(), 0600);

	ck_assert_int_ge(id, 0);
	ck_assert_int_eq(seg_open(path, 'A'), id);
	errno = 0;
	ck_assert_int_eq(seg_open(path, 'B'), -1);
	ck_assert_errno(ENOENT);
	drop(id);
	/* ftok's failure is (key_t)-1: a key that a segment may well have. */
	id = shmget((key_t)-1, kit_page_size(), IPC_CREAT | IPC_EXCL | 0600);
	ck_assert_fails_with(seg_open(kit_path("missing"), 'A'), -1, ENOENT);
	if (id >= 0)
		drop(id);
}

/* --- seg_stat ----------------------------------------------------------- */

KIT_TEST(stat_reports_the_segment, .points = 2,
	 .desc = N_("seg_stat reports size, permissions, creator, last user "
		    "and attachments; EINVAL for a removed segment"),
	 .hint = N_("shmctl(id, IPC_STAT, &ds) fills a struct shmid_ds: "
		    "shm_segsz, shm_perm.mode, shm_cpid, shm_lpid, "
		    "shm_nattch."))
{
	int id = shmget(IPC_PRIVATE, 3000, IPC_CREAT | 0640);
	struct seg_info info;
	struct shmid_ds ds;
	void *addr;

	ck_assert_int_ge(id, 0);
	ck_assert_int_eq(seg_stat(id, &info), 0);
	ck_assert_uint_eq(info.size, 3000);
	ck_assert_uint_eq(info.mode, 0640);
	ck_assert_int_eq(shmctl(id, IPC_STAT, &ds), 0);
	ds.shm_perm.mode = 0751;
	ck_assert_int_eq(shmctl(id, IPC_SET, &ds), 0);
	ck_assert_int_eq(seg_stat(id, &info), 0);
	ck_assert_uint_eq(info.mode, 0751);
	ck_assert_int_eq(info.creator, getpid());
	ck_assert_uint_eq(info.nattch, 0);
	ck_assert_int_eq(info.removed, 0);
	addr = shmat(id, NULL, 0);
	ck_assert_ptr_ne(addr, (void *)-1);
	ck_assert_int_eq(seg_stat(id, &info), 0);
	ck_assert_uint_eq(info.nattch, 1);
	ck_assert_int_eq(info.last_pid, getpid());
	shmdt(addr);
	drop(id);
	ck_assert_fails_with(seg_stat(id, &info), -1, EINVAL);
}

KIT_TEST(stat_reports_shmctl_failure,
	 .desc = N_("when shmctl(IPC_STAT) fails, seg_stat returns -1 with its "
		    "errno"),
	 .hint = N_("Check shmctl's result before copying anything out of the "
		    "struct shmid_ds."))
{
	int id = shmget(IPC_PRIVATE, kit_page_size(), IPC_CREAT | 0600);
	struct seg_info info;

	ck_assert_int_ge(id, 0);
	kit_fail_nth(KIT_shmctl, 1, EACCES);
	ck_assert_fails_with(seg_stat(id, &info), -1, EACCES);
	drop(id);
}

/* --- seg_attach, seg_detach --------------------------------------------- */

KIT_TEST(attach_twice_gives_two_views, .points = 2,
	 .desc = N_("two seg_attach calls give two addresses onto the same "
		    "memory; each seg_detach removes one"),
	 .hint = N_("shmat(id, NULL, 0): the kernel picks a new address each "
		    "time, and shm_nattch counts the attachments."))
{
	int id = shmget(IPC_PRIVATE, 2 * kit_page_size(), IPC_CREAT | 0600);
	char *a, *b;

	ck_assert_int_ge(id, 0);
	a = seg_attach(id, 0);
	b = seg_attach(id, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_ne(a, b);
	ck_assert_uint_eq(kernel_view(id).shm_nattch, 2);
	strcpy(a + kit_page_size(), "written through a");
	ck_assert_str_eq(b + kit_page_size(), "written through a");

	ck_assert_int_eq(seg_detach(a), 0);
	ck_assert_msg(!kit_is_mapped(a, 1),
		      _("the first attachment is still mapped after "
			"seg_detach"));
	ck_assert_uint_eq(kernel_view(id).shm_nattch, 1);
	ck_assert_str_eq(b + kit_page_size(), "written through a");
	ck_assert_int_eq(seg_detach(b), 0);
	ck_assert_uint_eq(kernel_view(id).shm_nattch, 0);
	drop(id);
}

KIT_TEST(attach_maps_whole_pages,
	 .desc = N_("a 1000-byte segment is attached as a whole page of zeros"),
	 .hint = N_("The kernel rounds the memory up to whole pages; shm_segsz "
		    "still says 1000."))
{
	size_t page = kit_page_size();
	int id = shmget(IPC_PRIVATE, 1000, IPC_CREAT | 0600);
	unsigned char *addr;

	ck_assert_int_ge(id, 0);
	addr = seg_attach(id, 0);
	ck_assert_ptr_nonnull(addr);
	ck_assert_uint_eq((uintptr_t)addr % page, 0);
	ck_assert_msg(kit_is_mapped(addr, page),
		      _("the whole page should be mapped"));
	for (size_t i = 0; i < page; i++)
		ck_assert_msg(addr[i] == 0,
			      _("byte %zu of a new segment is not 0"),
			      i);
	addr[page - 1] = 1;
	ck_assert_uint_eq(kernel_view(id).shm_segsz, 1000);
	shmdt(addr);
	drop(id);
}

KIT_TEST(attach_reports_errors,
	 .desc = N_("seg_attach returns NULL with shmat's errno: EINVAL for a "
		    "removed segment or a bad identifier, ENOMEM when shmat "
		    "runs out of memory; nothing is left attached"),
	 .hint = N_("shmat fails with (void *)-1, not NULL: compare with that, "
		    "then return NULL."))
{
	int id = shmget(IPC_PRIVATE, kit_page_size(), IPC_CREAT | 0600);

	ck_assert_int_ge(id, 0);
	drop(id);
	errno = 0;
	ck_assert_ptr_null(seg_attach(id, 0));
	ck_assert_errno(EINVAL);
	ck_assert_fails_with(seg_attach(-1, SEG_RDONLY), 0, EINVAL);

	id = shmget(IPC_PRIVATE, kit_page_size(), IPC_CREAT | 0600);
	ck_assert_int_ge(id, 0);
	kit_fail_nth(KIT_shmat, 1, ENOMEM);
	ck_assert_fails_with(seg_attach(id, 0), 0, ENOMEM);
	ck_assert_uint_eq(kernel_view(id).shm_nattch, 0);
	drop(id);
}

KIT_TEST(detach_reports_errors,
	 .desc = N_("seg_detach fails with EINVAL where no segment is "
		    "attached"),
	 .hint = N_("shmdt reports its own failure: return -1 and keep its "
		    "errno."))
{
	int id = shmget(IPC_PRIVATE, kit_page_size(), IPC_CREAT | 0600);
	char *addr;
	int local;

	ck_assert_int_ge(id, 0);
	addr = shmat(id, NULL, 0);
	ck_assert_ptr_ne(addr, (void *)-1);
	errno = 0;
	ck_assert_int_eq(seg_detach(&local), -1);
	ck_assert_errno(EINVAL);
	ck_assert_int_eq(seg_detach(addr), 0);
	errno = 0;
	ck_assert_int_eq(seg_detach(addr), -1);
	ck_assert_errno(EINVAL);
	drop(id);
}

/* --- SHM_RDONLY ---------------------------------------------------------- */

KIT_TEST(rdonly_attach_reads, .points = 2,
	 .desc = N_("a SEG_RDONLY attachment sees what a writable one writes"),
	 .hint = N_("shmat(id, NULL, SHM_RDONLY): the same memory, mapped "
		    "without PROT_WRITE."))
{
	int id = shmget(IPC_PRIVATE, kit_page_size(), IPC_CREAT | 0600);
	char *rw, *ro;

	ck_assert_int_ge(id, 0);
	rw = shmat(id, NULL, 0);
	ck_assert_ptr_ne(rw, (void *)-1);
	strcpy(rw, "before");
	ro = seg_attach(id, SEG_RDONLY);
	ck_assert_ptr_nonnull(ro);
	ck_assert_str_eq(ro, "before");
	strcpy(rw, "after");
	ck_assert_str_eq(ro, "after");
	ck_assert_int_eq(seg_detach(ro), 0);
	shmdt(rw);
	drop(id);
}

KIT_TEST(rdonly_attach_faults_on_write, .points = 2, .faults = 1,
	 .desc = N_("writing through a SEG_RDONLY attachment faults with "
		    "SIGSEGV (SEGV_ACCERR) at the written address"),
	 .hint = N_("Pass SHM_RDONLY to shmat when flags has SEG_RDONLY: the "
		    "page is mapped, so the kernel reports an access error, "
		    "not a missing mapping."))
{
	size_t page = kit_page_size();
	int id = shmget(IPC_PRIVATE, 2 * page, IPC_CREAT | 0600);
	char *ro;

	ck_assert_int_ge(id, 0);
	ro = seg_attach(id, SEG_RDONLY);
	ck_assert_ptr_nonnull(ro);
	ck_assert_no_fault(kit_touch_read(ro + page + 3));
	ck_assert_fault(kit_touch_write(ro, 'x'), SIGSEGV, SEGV_ACCERR, ro);
	ck_assert_fault(kit_touch_write(ro + page + 3, 'x'), SIGSEGV,
			SEGV_ACCERR, ro + page + 3);
	shmdt(ro);
	drop(id);
}

/* --- lifetime ------------------------------------------------------------ */

KIT_TEST(fork_shares_attachments, .points = 2,
	 .desc = N_("after fork the child shares the attachment: seg_stat "
		    "counts 2, then 1 once the child is gone, and names it the "
		    "last user"),
	 .hint = N_("fork copies the attachments (shm_nattch goes up) but not "
		    "the memory: both processes write the same page."))
{
	int id = shmget(IPC_PRIVATE, kit_page_size(), IPC_CREAT | 0600);
	volatile char *shared;
	struct seg_info info;
	int ready[2], go[2];
	pid_t child;
	char byte;

	ck_assert_int_ge(id, 0);
	shared = shmat(id, NULL, 0);
	ck_assert_ptr_ne((void *)shared, (void *)-1);
	ck_assert_int_eq(pipe(ready), 0);
	ck_assert_int_eq(pipe(go), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		/* Write, say so, then wait for the parent to close GO. */
		close(go[1]);
		shared[0] = 'C';
		(void)!write(ready[1], "r", 1);
		(void)!read(go[0], &byte, 1);
		_exit(0);
	}
	close(go[0]);
	ck_assert_int_eq(read(ready[0], &byte, 1), 1);
	ck_assert_int_eq(shared[0], 'C');
	ck_assert_int_eq(seg_stat(id, &info), 0);
	ck_assert_uint_eq(info.nattch, 2);
	close(go[1]);
	ck_assert_int_eq(waitpid(child, NULL, 0), child);
	ck_assert_int_eq(seg_stat(id, &info), 0);
	ck_assert_uint_eq(info.nattch, 1);
	/* The child's exit detached it last; the parent made the segment. */
	ck_assert_int_eq(info.last_pid, child);
	ck_assert_int_eq(info.creator, getpid());
	close(ready[0]);
	close(ready[1]);
	shmdt((void *)shared);
	drop(id);
}

/* Child of segment_outlives_its_creator: exit status 0 when all went well. */
static int create_and_write(const char *path, const char *message)
{
	int id = seg_create(path, 'K', kit_page_size(), 0600);
	char *addr;

	if (id < 0)
		return 1;
	addr = seg_attach(id, 0);
	if (addr == NULL)
		return 2;
	strcpy(addr, message);
	return seg_detach(addr) == 0 ? 0 : 3;
}

KIT_TEST(segment_outlives_its_creator, .points = 3,
	 .desc = N_("a segment created and written by a child is still there, "
		    "content and all, after the child exits"),
	 .hint = N_("Segments belong to the kernel: only IPC_RMID removes "
		    "them.  seg_open finds it again from the same file and "
		    "project."))
{
	const char *path = key_file();
	struct seg_info info;
	pid_t child;
	int status, id;
	char *addr;

	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0)
		_exit(create_and_write(path, "left by the child"));
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      _("the child could not create, attach, write and detach "
			"(status %#x)"), status);
	id = seg_open(path, 'K');
	ck_assert_int_ge(id, 0);
	ck_assert_int_eq(seg_stat(id, &info), 0);
	ck_assert_int_eq(info.creator, child);
	ck_assert_int_eq(info.last_pid, child);
	ck_assert_uint_eq(info.nattch, 0);
	addr = seg_attach(id, SEG_RDONLY);
	ck_assert_ptr_nonnull(addr);
	ck_assert_str_eq(addr, "left by the child");
	ck_assert_int_eq(seg_detach(addr), 0);
	drop(id);
}

KIT_TEST(remove_waits_for_last_detach, .points = 3,
	 .desc = N_("after seg_remove the key is free at once, seg_stat says "
		    "removed = 1, and the memory lives until the last "
		    "seg_detach"),
	 .hint = N_("IPC_RMID marks the segment (SHM_DEST in shm_perm.mode) "
		    "and forgets its key; the kernel frees it when shm_nattch "
		    "drops to 0.  removed = (mode & SHM_DEST) != 0, exactly 1; "
		    "mode keeps mode & 0777 only."))
{
	const char *path = key_file();
	int id = seg_create(path, 'R', kit_page_size(), 0600);
	struct seg_info info;
	char *addr;
	int again;

	ck_assert_int_ge(id, 0);
	addr = seg_attach(id, 0);
	ck_assert_ptr_nonnull(addr);
	strcpy(addr, "still here");
	ck_assert_int_eq(seg_remove(id), 0);

	ck_assert_int_eq(seg_stat(id, &info), 0);
	ck_assert_msg(info.removed == 1, _("removed is %d, expected exactly 1"),
		      info.removed);
	ck_assert_msg(info.mode == 0600,
		      _("mode is %#o once removed, expected 0600: keep only "
			"the permission bits (& 0777)"), info.mode);
	ck_assert_uint_eq(info.nattch, 1);
	ck_assert_str_eq(addr, "still here");
	errno = 0;
	ck_assert_int_eq(seg_open(path, 'R'), -1);
	ck_assert_errno(ENOENT);
	again = seg_create(path, 'R', kit_page_size(), 0600);
	ck_assert_msg(again >= 0 && again != id,
		      _("the key should be free for a new segment"));
	drop(again);

	ck_assert_int_eq(seg_detach(addr), 0);
	ck_assert_msg(!exists(id), _("the segment outlived its last detach"));
}

KIT_TEST(remove_unattached_is_immediate,
	 .desc = N_("seg_remove of a segment nobody has attached destroys it "
		    "at once; a failure (EINVAL, EPERM) is reported"),
	 .hint = N_("return shmctl(id, IPC_RMID, NULL): its -1 and errno too."))
{
	int id = shmget(IPC_PRIVATE, kit_page_size(), IPC_CREAT | 0600);

	ck_assert_int_ge(id, 0);
	ck_assert_int_eq(seg_remove(id), 0);
	ck_assert_msg(!exists(id),
		      _("the segment still exists after seg_remove"));
	errno = 0;
	ck_assert_int_eq(seg_remove(id), -1);
	ck_assert_errno(EINVAL);

	id = shmget(IPC_PRIVATE, kit_page_size(), IPC_CREAT | 0600);
	ck_assert_int_ge(id, 0);
	kit_fail_nth(KIT_shmctl, 1, EPERM);
	ck_assert_fails_with(seg_remove(id), -1, EPERM);
	ck_assert_msg(exists(id), _("the refused removal removed the segment"));
	drop(id);
}
