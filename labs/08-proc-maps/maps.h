/*
 * maps.h - lab 08: reading a process's memory map from /proc/PID/maps.
 *
 * Each line of /proc/PID/maps describes one area of the address space (a
 * VMA, for "virtual memory area"), with six columns:
 *
 *   7f3c1a200000-7f3c1a222000 r-xp 00001000 08:01 268543   /usr/lib/libx.so
 *   start-end                 perms offset  dev   inode    name
 *
 * start and end are hexadecimal (end is the first address past the area),
 * perms is four characters (r, w, x or '-', then p for a private area or s
 * for a shared one), offset is hexadecimal, the device is major:minor in
 * hexadecimal, the inode is decimal.  The name is what remains of the line
 * after the spaces that follow the inode: a path (which may contain spaces,
 * and end with " (deleted)"), a kernel label such as [heap], [stack] or
 * [vdso], or nothing at all for anonymous memory.
 *
 * You implement maps.c (parsing, loading, finding) and pmap.c (printing).
 */
#ifndef MAPS_H
#define MAPS_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#define MAPS_NAME_MAX PATH_MAX      /* bytes of a name, its '\0' included */

enum maps_kind {
	MAPS_FILE,              /* a name that starts with '/': a file       */
	MAPS_ANON,              /* no name: anonymous memory                 */
	MAPS_HEAP,              /* [heap]: the area brk() grows for malloc   */
	MAPS_STACK,             /* [stack]: the main thread's stack          */
	MAPS_SPECIAL,           /* any other name: [vdso], [vvar], [anon:x]  */
};

struct map_entry {
	unsigned long start;            /* first address of the area          */
	unsigned long end;              /* first address past the area        */
	char perms[5];                  /* the column as written, e.g. "rw-p" */
	int prot;                       /* PROT_READ, PROT_WRITE, PROT_EXEC */
	int shared;                     /* 1 for s, 0 for p                   */
	unsigned long long offset;      /* where in the file the area starts  */
	unsigned int dev_major;
	unsigned int dev_minor;
	unsigned long inode;            /* 0 when no file backs the area      */
	char name[MAPS_NAME_MAX];       /* "" for anonymous memory            */
	enum maps_kind kind;
};

/* A whole map: ENTRIES is malloc'd, in the file's (increasing) order. */
struct map_list {
	struct map_entry *entries;
	size_t count;
};

/*
 * Parses one line of a maps file (with or without its '\n') into ENTRY.
 * Fails with EINVAL when one of the five columns before the name is
 * missing or malformed (perms must be [r-][w-][x-][ps], and a blank or the
 * end of the line must follow the inode).  A name longer
 * than MAPS_NAME_MAX - 1 bytes is cut to that length.
 */
int maps_parse_line(const char *line, struct map_entry *entry);

/*
 * Reads the maps file at PATH (e.g. "/proc/self/maps") into LIST; lines
 * may be of any length, and an empty file gives 0 entries.  On failure
 * returns -1 with errno set (fopen's errno, EINVAL for a malformed line,
 * ENOMEM, or the errno of a failed read, such as EISDIR for a folder), and
 * leaves LIST empty, nothing allocated, the file closed.
 */
int maps_load(struct map_list *list, const char *path);

/* Frees what maps_load allocated and leaves LIST empty. */
void maps_free(struct map_list *list);

/* The entry whose [start, end) holds ADDR, or NULL when no area does. */
const struct map_entry *maps_find(const struct map_list *list,
				  const void *addr);

/*
 * pmap.c: prints LIST to OUT, like pmap(1), one line per area
 *
 *     fprintf(out, "%016lx %8luK %s %s\n", start, size_in_kib, perms, name)
 *
 * where an anonymous area (empty name) is named "[ anon ]", then a total:
 *
 *     fprintf(out, "%-16s %8luK\n", "total", total_in_kib)
 *
 * Sizes are end - start in KiB (1024 bytes).  Flushes OUT before returning.
 * Returns the total in KiB, or -1 with errno set when writing OUT failed.
 */
long maps_print(FILE *out, const struct map_list *list);

#endif
