/*
 * pmap_main.c - a tiny pmap(1) around your maps_load() and maps_print().
 *
 *     build/pmap          prints the map of the pmap process itself
 *     build/pmap PID      prints the map of process PID
 *
 * `make pmap` builds it; this file is part of the kit, not of your work.
 */
#include "maps.h"

#include <stdio.h>
#include <string.h>

/* "self" or a process number: nothing else may go into the path. */
static int is_pid(const char *s)
{
	if (strcmp(s, "self") == 0)
		return 1;
	return s[0] != '\0' && strlen(s) < 20 &&
	       s[strspn(s, "0123456789")] == '\0';
}

int main(int argc, char **argv)
{
	const char *pid = argc > 1 ? argv[1] : "self";
	struct map_list list;
	char path[64];
	long total;

	if (argc > 2 || !is_pid(pid)) {
		fprintf(stderr, "usage: %s [PID]\n", argv[0]);
		return 2;
	}
	snprintf(path, sizeof path, "/proc/%s/maps", pid);
	if (maps_load(&list, path) != 0) {
		perror(path);
		return 1;
	}
	total = maps_print(stdout, &list);
	maps_free(&list);
	if (total < 0) {
		perror("pmap: writing the map");
		return 1;
	}
	return 0;
}
