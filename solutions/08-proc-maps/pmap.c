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
	unsigned long kib = (e->end - e->start) / 1024;

	fprintf(out, "%016lx %8luK %s %s\n", e->start, kib, e->perms,
		*e->name ? e->name : "[ anon ]");
	return kib;
	//> (void)out;
	//> (void)e;
	//> return 0;
	/* END TODO */
}

long maps_print(FILE *out, const struct map_list *list)
{
	/* TODO 9: One line per entry, then the total line.  stdio keeps
	 * what you print in a buffer: fflush it, then ferror tells whether
	 * any write failed along the way (errno says why). */
	unsigned long total = 0;

	for (size_t i = 0; i < list->count; i++)
		total += print_entry(out, &list->entries[i]);
	fprintf(out, "%-16s %8luK\n", "total", total);
	fflush(out);    /* a failed flush sets the error indicator too */
	if (ferror(out))
		return -1;
	return (long)total;
	//> (void)out;
	//> (void)list;
	//> errno = ENOSYS;
	//> return -1;
	/* END TODO */
}
