/*
 * maps.c - lab 08: parsing /proc/PID/maps.
 *
 * Solve the TODOs in order; `make` in this folder runs the tests.
 * Useful reading: man 5 proc_pid_maps (or the /proc/pid/maps part of
 * man 5 proc), man 3 sscanf (%lx, %n), man 3 getline, man 3 realloc.
 * Look at a real map first: cat /proc/self/maps
 */
#include "maps.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/*
 * Parses the five columns before the name into E, and stores in *NAME_AT
 * where the rest of LINE (the blanks, then the name) starts.
 */
static inline int parse_columns(const char *line, struct map_entry *e,
				int *name_at)
{
	/* TODO 1: Read start-end, perms, offset, major:minor and inode with
	 * one sscanf, and where it stopped with %n (which sscanf does not
	 * count in its result).  sscanf only checks what it converts:
	 * check yourself that perms is exactly [r-][w-][x-][ps], and that a
	 * blank or the end of the line follows the inode.  Else EINVAL. */
	(void)line;
	(void)e;
	(void)name_at;
	errno = ENOSYS;
	return -1;
}

/* The PROT_* bits that PERMS ("r-xp") grants. */
static inline int prot_of(const char *perms)
{
	/* TODO 2: One PROT_ bit per letter that is not '-'. */
	(void)perms;
	return -1;
}

/* What kind of area the name NAME describes. */
static inline enum maps_kind kind_of(const char *name)
{
	/* TODO 3: See enum maps_kind in maps.h. */
	(void)name;
	return MAPS_SPECIAL;
}

int maps_parse_line(const char *line, struct map_entry *entry)
{
	/* TODO 4: Parse the columns; fill prot and shared from perms.  The
	 * name starts after the blanks that follow the inode and runs to
	 * the '\n' (or the end): keep its spaces, cut it to fit, and
	 * classify it. */
	(void)line;
	(void)entry;
	errno = ENOSYS;
	return -1;
}

/* Entries of the first array; it doubles each time it is full. */
#define FIRST_ROOM 32

int maps_load(struct map_list *list, const char *path)
{
	/* TODO 5: Open PATH with fopen and read it line by line (getline
	 * takes lines of any length), parsing each one into an array that
	 * you grow with realloc.  /proc files are read with stdio like any
	 * other file.  On any failure free everything, close the file, and
	 * return -1 with the errno of the failure. */
	(void)list;
	(void)path;
	errno = ENOSYS;
	return -1;
}

void maps_free(struct map_list *list)
{
	/* TODO 6: Free the entries and leave the list empty. */
	(void)list;
}

const struct map_entry *maps_find(const struct map_list *list,
				  const void *addr)
{
	/* TODO 7: The entries are sorted and do not overlap: a binary
	 * search finds the one with start <= ADDR < end, if any. */
	(void)list;
	(void)addr;
	return NULL;
}
