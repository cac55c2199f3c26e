/*
 * kit_lab.c - reading and writing a lab's record (kit_lab.h).
 *
 * Compiled into the kit's library (the test binary writes the test lines,
 * the runner reads them) and into the grader.
 */
#define _GNU_SOURCE
#include "kit_lab.h"
#include "kit_record.h"
#include "kit_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A test line's fields, in the order the writer puts them. */
enum { F_NAME, F_POINTS, F_TIMEOUT, F_HIDDEN, F_FAULTS, F_NO_VALGRIND,
       F_SIGNAL, F_DESC, F_HINT, NFIELDS };
static const char *const field_names[NFIELDS] = {
	"name", "points", "timeout", "hidden", "faults", "no_valgrind",
	"signal", "desc", "hint",
};

/* A line has at most the key and this many fields (more is malformed). */
#define MAX_COLUMNS 64

/* Appends a copy of VALUE to the vector *VEC of *N words. */
static int push(char ***vec, int *n, const char *value)
{
	char *copy = strdup(value);
	char **bigger = copy ? realloc(*vec, (size_t)(*n + 1) * sizeof *bigger) : NULL;

	if (bigger == NULL) {
		free(copy);
		return -1;
	}
	bigger[(*n)++] = copy;
	*vec = bigger;
	return 0;
}

/* COLUMN[i]: where field i of field_names is on a test line (-1: absent). */
static int read_header(char **f, int n, int column[NFIELDS])
{
	for (int i = 0; i < NFIELDS; i++) {
		column[i] = -1;
		for (int k = 1; k < n; k++)
			if (strcmp(f[k], field_names[i]) == 0)
				column[i] = k;
	}
	return column[F_NAME] < 0 ? -1 : 0;
}

/* Field WHICH of a test line F, "" if the header does not name it. */
static const char *field(char **f, const int column[NFIELDS], int which)
{
	return column[which] >= 0 ? f[column[which]] : "";
}

static int read_test(struct kit_lab *lab, char **f, int n,
		     const int column[NFIELDS])
{
	struct kit_lab_test *t, *bigger;
	const char *hint = field(f, column, F_HINT);

	for (int i = 0; i < NFIELDS; i++)
		if (column[i] >= n)
			return -1;      /* short of a field its header names */
	bigger = realloc(lab->tests, (size_t)(lab->ntests + 1) * sizeof *bigger);
	if (bigger == NULL)
		return -1;
	lab->tests = bigger;
	t = &lab->tests[lab->ntests++];
	*t = (struct kit_lab_test){
		.name = strdup(field(f, column, F_NAME)),
		.desc = strdup(field(f, column, F_DESC)),
		.hint = *hint ? strdup(hint) : NULL,
		.points = atoi(field(f, column, F_POINTS)),
		.hidden = atoi(field(f, column, F_HIDDEN)),
		.faults = atoi(field(f, column, F_FAULTS)),
		.no_valgrind = atoi(field(f, column, F_NO_VALGRIND)),
		.signal = atoi(field(f, column, F_SIGNAL)),
		.timeout = atof(field(f, column, F_TIMEOUT)),
	};
	return t->name && t->desc && *t->name && (t->hint || !*hint) ? 0 : -1;
}

/* One line of the record; -1 if it is malformed or memory ran out. */
static int read_line(struct kit_lab *lab, char *line, int column[NFIELDS],
		     int *have_header)
{
	char *f[MAX_COLUMNS + 1];
	int n = kit_split(line, f, MAX_COLUMNS + 1);
	const char *value = n > 1 ? f[1] : "";

	if (n > MAX_COLUMNS || f[0][0] == '\0')
		return n > MAX_COLUMNS ? -1 : 0;
	if (strcmp(f[0], "lab") == 0) {
		free(lab->name);
		return (lab->name = strdup(value)) ? 0 : -1;
	}
	if (strcmp(f[0], "file") == 0)
		return push(&lab->files, &lab->nfiles, value);
	if (strcmp(f[0], "forbidden") == 0)
		return push(&lab->forbidden, &lab->nforbidden, value);
	if (strcmp(f[0], "ldlib") == 0)
		return push(&lab->ldlibs, &lab->nldlibs, value);
	if (strcmp(f[0], "valgrind-costs") == 0) {
		lab->valgrind_costs = atoi(value) == 1;
		return 0;
	}
	if (strcmp(f[0], "test-fields") == 0) {
		*have_header = 1;
		return read_header(f, n, column);
	}
	if (strcmp(f[0], "test") == 0)
		return *have_header ? read_test(lab, f, n, column) : -1;
	return 0;               /* a fact this reader does not use */
}

int kit_lab_read(const char *path, struct kit_lab *lab, char *why, size_t size)
{
	FILE *in = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	int column[NFIELDS], have_header = 0, lineno = 0, bad = 0;

	memset(lab, 0, sizeof *lab);
	if (in == NULL) {
		snprintf(why, size, "%s: cannot read the lab's record", path);
		return -1;
	}
	while (!bad && getline(&line, &cap, in) > 0) {
		lineno++;
		bad = read_line(lab, line, column, &have_header) != 0;
	}
	free(line);
	if (ferror(in) && !bad)
		snprintf(why, size, "%s: cannot read the lab's record", path);
	else if (bad)
		snprintf(why, size, "%s:%d: malformed line in the lab's record",
			 path, lineno);
	else if (lab->ntests == 0 || lab->nfiles == 0)
		snprintf(why, size, "%s: the lab's record has no %s", path,
			 lab->ntests ? "file" : "test");
	bad = bad || ferror(in) || lab->ntests == 0 || lab->nfiles == 0;
	fclose(in);
	if (bad)
		kit_lab_free(lab);
	return bad ? -1 : 0;
}

static void free_words(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void kit_lab_free(struct kit_lab *lab)
{
	free(lab->name);
	free_words(lab->files, lab->nfiles);
	free_words(lab->forbidden, lab->nforbidden);
	free_words(lab->ldlibs, lab->nldlibs);
	for (int i = 0; i < lab->ntests; i++) {
		free(lab->tests[i].name);
		free(lab->tests[i].desc);
		free(lab->tests[i].hint);
	}
	free(lab->tests);
	memset(lab, 0, sizeof *lab);
}

int kit_lab_write_header(int fd)
{
	char line[256] = "test-fields";

	for (int i = 0; i < NFIELDS; i++) {
		strcat(line, "\t");
		strcat(line, field_names[i]);
	}
	strcat(line, "\n");
	return kit_write_all(fd, line, strlen(line));
}

/* Hidden is where the test is declared: tests/hidden_*.c (INSTRUCTORS.md). */
static int declared_hidden(const char *file)
{
	const char *base = file ? strrchr(file, '/') : NULL;

	base = base ? base + 1 : file ? file : "";
	return strncmp(base, "hidden_", 7) == 0;
}

int kit_lab_write_test(int fd, const struct kit_test *t, int points,
		       double timeout)
{
	char *name = kit_escape_dup(t->name), *desc = kit_escape_dup(t->desc);
	char *hint = kit_escape_dup(t->hint), *line = NULL;
	int len = -1, rc;

	if (name && desc && hint)
		len = asprintf(&line, "test\t%s\t%d\t%g\t%d\t%d\t%d\t%d\t%s\t%s\n",
			       name, points, timeout, declared_hidden(t->file),
			       t->faults, t->no_valgrind, t->signal, desc, hint);
	rc = len > 0 ? kit_write_all(fd, line, (size_t)len) : -1;
	free(line);
	free(name);
	free(desc);
	free(hint);
	return rc;
}
