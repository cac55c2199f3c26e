/*
 * pmap.c - lab 08: printing a memory map, like pmap(1).
 *
 * `make pmap` builds build/pmap, a small program around maps_load and
 * maps_print (see pmap_main.c); compare its output with `pmap PID`.
 * Useful reading: man 1 pmap, man 3 fprintf, man 3 fflush, man 3 ferror.
 */
#include "maps.h"

#include <errno.h>

/* Prints E's line to OUT (format in maps.h); returns its size in KiB. */
static inline unsigned long print_entry(FILE *out, const struct map_entry *e)
{
	/* TODO 8: The size is end - start bytes; an empty name is printed
	 * as "[ anon ]". */
	(void)out;
	(void)e;
	return 0;
}

long maps_print(FILE *out, const struct map_list *list)
{
	/* TODO 9: One line per entry, then the total line.  stdio keeps
	 * what you print in a buffer: fflush it, then ferror tells whether
	 * any write failed along the way (errno says why). */
	(void)out;
	(void)list;
	errno = ENOSYS;
	return -1;
}
