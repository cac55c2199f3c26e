/*
 * kit_leak.h - leak oracles: what a call left behind.
 *
 *   struct kit_snapshot before;
 *   kit_snapshot_take(&before);
 *   student_call();
 *   ck_assert_no_leaks(&before);
 *
 * A snapshot records the process's mappings (from /proc/self/maps), its
 * open descriptors and the IPC objects that exist (POSIX shm, System V);
 * the assertions fail naming each one that exists now but did not before.
 * ck_assert_no_leaks checks mappings and descriptors; objects a function
 * is meant to leave (a segment it creates) are checked apart, with
 * ck_assert_no_ipc_leak.
 */
#ifndef KIT_LEAK_H
#define KIT_LEAK_H

#include <stddef.h>

#include "kit_lang.h"

#define KIT_MAX_MAPS 512
#define KIT_MAX_FDS 1024
#define KIT_MAX_IPC 256
#define KIT_IPC_NAME 80

struct kit_range {
	unsigned long start, end;
};

struct kit_snapshot {
	size_t nmaps;
	struct kit_range maps[KIT_MAX_MAPS];
	unsigned char fd_open[KIT_MAX_FDS];
	size_t nipc;            /* POSIX shm names and System V ids:   */
	char ipc[KIT_MAX_IPC][KIT_IPC_NAME];    /* "/name", "shm 5", ... */
};

void kit_snapshot_take(struct kit_snapshot *snap);

/* NULL when nothing leaked, else a description of what did. */
const char *kit_mapping_leaks(const struct kit_snapshot *before);
const char *kit_fd_leaks(const struct kit_snapshot *before);

/*
 * POSIX shared memory objects (/dev/shm) and System V segments, message
 * queues and semaphore sets that exist now but did not in BEFORE.
 */
const char *kit_ipc_leaks(const struct kit_snapshot *before);

/*
 * How many mappings of the file at PATH this process holds, found by device
 * and inode in /proc/self/maps: exact even under valgrind, whose own
 * mappings a snapshot would see.  -1 if PATH cannot be stat'ed.
 */
int kit_file_mappings(const char *path);

/* Is no page of [addr, addr+len) mapped any more? */
int kit_is_unmapped(const void *addr, size_t len);

/*
 * How many pages of [addr, addr+len) are resident (mincore), or -1 if part
 * of the range is not mapped.  The kit asks the kernel itself: a test's own
 * question never shows in the student's call counts.
 */
long kit_resident_pages(const void *addr, size_t len);

/* Is every byte of [addr, addr+len) mapped right now? */
int kit_is_mapped(const void *addr, size_t len);

#define ck_assert_no_mapping_leak(before)                                    \
	do {                                                                 \
		const char *kit_l_ = kit_mapping_leaks(before);              \
		ck_assert_msg(kit_l_ == NULL, "%s", kit_l_);                 \
	} while (0)

#define ck_assert_no_fd_leak(before)                                         \
	do {                                                                 \
		const char *kit_l_ = kit_fd_leaks(before);                   \
		ck_assert_msg(kit_l_ == NULL, "%s", kit_l_);                 \
	} while (0)

#define ck_assert_no_ipc_leak(before)                                        \
	do {                                                                 \
		const char *kit_l_ = kit_ipc_leaks(before);                  \
		ck_assert_msg(kit_l_ == NULL, "%s", kit_l_);                 \
	} while (0)

/* The whole range is gone: every page of it was unmapped. */
#define ck_assert_unmapped(addr, len)                                        \
	ck_assert_msg(kit_is_unmapped(addr, len), K_("[%p, +%zu) is still "  \
		      "(partly) mapped: munmap the whole range mmap gave"),  \
		      (const void *)(addr), (size_t)(len))

#define ck_assert_no_leaks(before)                                           \
	do {                                                                 \
		ck_assert_no_mapping_leak(before);                           \
		ck_assert_no_fd_leak(before);                                \
	} while (0)

#endif
