/*
 * jail.c - compiles a student's file seeing only what it needs.
 *
 *     jail [--read PATH]... [--write PATH]... -- COMMAND [ARG...]
 *
 * The grader's build runs each compile of a student file through it
 * (common/lab.mk, KIT_JAIL=1): the compiler may read the system's folders,
 * the student's staged files, the lab's headers and the kit's include
 * folder, and write its object's folder (also its TMPDIR); nothing else.
 * So an #include or an .incbin of a reference solution, a hidden test,
 * another student's file or any file of the machine fails to compile,
 * whoever runs the grader, with or without namespaces.  Limits: CPU time,
 * memory, file size, so that a pathological file stops within seconds.
 *
 * Without Landlock (Linux before 5.13, or disabled) the command runs with
 * the limits alone, and says so on stderr once.
 */
#define _GNU_SOURCE
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define MAX_RULES 64
#define CPU_SECONDS 30
#define MEMORY_BYTES (2L << 30)
#define FILE_BYTES (256L << 20)

static void limit(int resource, long value)
{
	struct rlimit rl = { (rlim_t)value, (rlim_t)value };

	setrlimit(resource, &rl);
}

int main(int argc, char **argv)
{
	struct files_rule rules[MAX_RULES] = {
		{ "/usr", FILES_EXEC }, { "/lib", FILES_EXEC },
		{ "/lib64", FILES_EXEC }, { "/lib32", FILES_EXEC },
		{ "/bin", FILES_EXEC }, { "/sbin", FILES_EXEC },
		{ "/etc", FILES_READ }, { "/dev/null", FILES_DEVICES },
		{ "/proc/self", FILES_READ },
	};
	int n = 9, i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
		if (n >= MAX_RULES) {
			fprintf(stderr, "jail: more than %d paths to allow "
				"(common/runner/jail.c, MAX_RULES)\n", MAX_RULES - 9);
			return 2;
		}
		if (i + 1 >= argc ||
		    (strcmp(argv[i], "--read") != 0 && strcmp(argv[i], "--write") != 0)) {
			fputs("usage: jail [--read PATH]... [--write PATH]... -- "
			      "COMMAND [ARG...]\n", stderr);
			return 2;
		}
		rules[n].path = argv[i + 1];
		rules[n].how = argv[i][2] == 'r' ? FILES_READ : FILES_WRITE;
		if (rules[n].how == FILES_WRITE)
			setenv("TMPDIR", argv[i + 1], 1);
		n++;
	}
	if (i + 1 >= argc) {
		fputs("jail: no command\n", stderr);
		return 2;
	}
	limit(RLIMIT_CPU, CPU_SECONDS);
	limit(RLIMIT_AS, MEMORY_BYTES);
	limit(RLIMIT_FSIZE, FILE_BYTES);
	limit(RLIMIT_CORE, 0);
	if (files_confine(rules, n) < 0) {
		perror("jail: cannot confine the compiler");
		return 2;
	}
	execvp(argv[i + 1], argv + i + 1);
	perror(argv[i + 1]);
	return 127;
}
