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
	char perms[8];
	int end;

	/* All 7 conversions done: sscanf went on to %n, which set END. */
	if (sscanf(line, "%lx-%lx %7s %llx %x:%x %lu%n", &e->start, &e->end,
		   perms, &e->offset, &e->dev_major, &e->dev_minor, &e->inode,
		   &end) != 7)
		goto malformed;
	if (strlen(perms) != 4 || strchr("r-", perms[0]) == NULL ||
	    strchr("w-", perms[1]) == NULL || strchr("x-", perms[2]) == NULL ||
	    strchr("ps", perms[3]) == NULL)
		goto malformed;
	if (line[end] != '\0' && strchr(" \t\n", line[end]) == NULL)
		goto malformed;
	memcpy(e->perms, perms, sizeof e->perms);
	*name_at = end;
	return 0;
malformed:
	errno = EINVAL;
	return -1;
	//> (void)line;
	//> (void)e;
	//> (void)name_at;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

/* The PROT_* bits that PERMS ("r-xp") grants. */
static inline int prot_of(const char *perms)
{
	/* TODO 2: One PROT_ bit per letter that is not '-'. */
	return (perms[0] == 'r' ? PROT_READ : 0) |
	       (perms[1] == 'w' ? PROT_WRITE : 0) |
	       (perms[2] == 'x' ? PROT_EXEC : 0);
	//> (void)perms;
	//> return -1;
	/* END TODO */
}

/* What kind of area the name NAME describes. */
static inline enum maps_kind kind_of(const char *name)
{
	/* TODO 3: See enum maps_kind in maps.h. */
	if (name[0] == '\0')
		return MAPS_ANON;
	if (name[0] == '/')
		return MAPS_FILE;
	if (strcmp(name, "[heap]") == 0)
		return MAPS_HEAP;
	if (strcmp(name, "[stack]") == 0)
		return MAPS_STACK;
	return MAPS_SPECIAL;
	//> (void)name;
	//> return MAPS_SPECIAL;
	/* END TODO */
}

int maps_parse_line(const char *line, struct map_entry *entry)
{
	/* TODO 4: Parse the columns; fill prot and shared from perms.  The
	 * name starts after the blanks that follow the inode and runs to
	 * the '\n' (or the end): keep its spaces, cut it to fit, and
	 * classify it. */
	const char *name;
	size_t len;
	int name_at;

	if (parse_columns(line, entry, &name_at) != 0)
		return -1;
	entry->prot = prot_of(entry->perms);
	entry->shared = entry->perms[3] == 's';
	name = line + name_at + strspn(line + name_at, " \t");
	len = strcspn(name, "\n");
	if (len > MAPS_NAME_MAX - 1)
		len = MAPS_NAME_MAX - 1;
	memcpy(entry->name, name, len);
	entry->name[len] = '\0';
	entry->kind = kind_of(entry->name);
	return 0;
	//> (void)line;
	//> (void)entry;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
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
	FILE *in = fopen(path, "r");
	struct map_entry *entries = NULL, *bigger;
	size_t count = 0, room = 0, cap = 0;
	char *line = NULL;
	int err = 0;

	list->entries = NULL;
	list->count = 0;
	if (in == NULL)
		return -1;
	for (;;) {
		if (getline(&line, &cap, in) == -1) {
			/* The end of the file, or a read error: ferror says. */
			if (ferror(in))
				err = errno;
			break;
		}
		if (count == room) {
			room = room ? room + room : FIRST_ROOM;
			bigger = realloc(entries, room * sizeof *entries);
			if (bigger == NULL) {
				err = ENOMEM;
				break;
			}
			entries = bigger;
		}
		if (maps_parse_line(line, &entries[count]) != 0) {
			err = EINVAL;
			break;
		}
		count++;
	}
	free(line);
	fclose(in);
	if (err != 0) {
		free(entries);
		errno = err;
		return -1;
	}
	list->entries = entries;
	list->count = count;
	return 0;
	//> (void)list;
	//> (void)path;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}

void maps_free(struct map_list *list)
{
	/* TODO 6: Free the entries and leave the list empty. */
	free(list->entries);
	list->entries = NULL;
	list->count = 0;
	//> (void)list;
	/* END TODO */
}

const struct map_entry *maps_find(const struct map_list *list,
				  const void *addr)
{
	/* TODO 7: The entries are sorted and do not overlap: a binary
	 * search finds the one with start <= ADDR < end, if any. */
	unsigned long at = (unsigned long)(uintptr_t)addr;
	size_t lo = 0, hi = list->count;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct map_entry *e = &list->entries[mid];

		if (at < e->start)
			hi = mid;
		else if (at >= e->end)
			lo = mid + 1;
		else
			return e;
	}
	return NULL;
	//> (void)list;
	//> (void)addr;
	//> return NULL;
	/* END TODO */
}
