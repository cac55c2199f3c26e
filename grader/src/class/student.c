/*
 * student.c - one entry of SUBMISSIONS, from its name to its row.
 *
 * Each student is graded in a process of its own (slots.c forks it): it
 * finds what to grade (the folder, or the archive unpacked by the unpack
 * program, or the reason to reject it), then becomes the grader.  Names
 * never pass through a shell: an entry called "-x 'a b'\n.zip" is one
 * argument like any other, and paths are absolute, so none reads as an
 * option.  The grader writes its gradebook and test rows into a folder
 * that only grade-class reads (OUT/.work/results, mode 0700): what the
 * tests' processes could touch is never what the gradebook is made of.
 */
#define _GNU_SOURCE
#include "class.h"
#include "grader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ID_MAX 64

/* The suffixes that make an entry an archive, and leave its id. */
static const char *const archive_suffixes[] = {
	".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".tar", ".tgz", ".tbz2",
	".txz", ".zip", ".7z",
};
enum { NSUFFIXES = sizeof archive_suffixes / sizeof archive_suffixes[0] };

/* The archive suffix NAME ends with, or NULL. */
static const char *archive_suffix(const char *name)
{
	size_t n = strlen(name);

	for (int i = 0; i < NSUFFIXES; i++) {
		size_t k = strlen(archive_suffixes[i]);

		if (n > k && strcmp(name + n - k, archive_suffixes[i]) == 0)
			return archive_suffixes[i];
	}
	return NULL;
}

/* Files the class writes beside the students' folders in OUT. */
static int reserved(const char *id)
{
	return strcmp(id, "gradebook.csv") == 0 || strcmp(id, "tests.csv") == 0 ||
	       strcmp(id, "summary.txt") == 0;
}

/*
 * The id of the entry NAME: without its archive suffix, every byte but
 * letters, digits, '.', '_' and '-' made '_', at most 64 bytes, never
 * starting with '.' or '-', and none of the TAKEN ones (a "-2", "-3"...
 * is added).  common/tools/export_grades.sh makes the same reduction to
 * match a roster: change both or neither.
 */
char *student_id(const char *name, struct student *taken, int ntaken)
{
	const char *suffix = archive_suffix(name);
	size_t len = strlen(name) - (suffix ? strlen(suffix) : 0);
	char safe[ID_MAX + 1];
	size_t n = 0;
	char *id;

	for (size_t i = 0; i < len && n < ID_MAX; i++) {
		char b = name[i];

		if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
		      (b >= '0' && b <= '9') || b == '.' || b == '_' || b == '-'))
			b = '_';
		if (n == 0 && (b == '.' || b == '-'))
			b = '_';
		safe[n++] = b;
	}
	if (n == 0)
		safe[n++] = '_';
	safe[n] = '\0';
	id = xstrdup(safe);
	for (int k = 2;; k++) {
		int clash = reserved(id);

		for (int i = 0; i < ntaken && !clash; i++)
			clash = strcmp(taken[i].id, id) == 0;
		if (!clash)
			return id;
		free(id);
		id = xasprintf("%s-%d", safe, k);
	}
}

/* OUT/.work/results/<id>.<what>: where the grader leaves its files. */
char *student_file(const struct class *c, const struct student *s,
		   const char *what)
{
	return xasprintf("%s/%s.%s", c->results, s->id, what);
}

/* --- what to grade -------------------------------------------------------- */

/* Does DIR hold a real folder (not a link) named like one of the labs? */
static int has_lab(const struct class *c, const char *dir)
{
	for (int i = 0; i < c->nlabs; i++) {
		char *path = xasprintf("%s/%s", dir, c->labs[i]);
		struct stat st;
		int found = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);

		free(path);
		if (found)
			return 1;
	}
	return 0;
}

/* DIR's only visible entry (macOS's __MACOSX aside), if a real folder. */
static char *only_folder(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *found = NULL;
	int count = 0;
	struct stat st;

	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "__MACOSX") == 0)
			continue;
		if (++count > 1)
			break;
		found = xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (count == 1 && lstat(found, &st) == 0 && S_ISDIR(st.st_mode))
		return found;
	free(found);
	return NULL;
}

/*
 * Where the labs are in TREE: the first of TREE, TREE/labs, then the same
 * inside TREE's only folder (an archive of "alice/", a clone of the kit),
 * three levels down at most, that holds a folder named like a lab.  TREE
 * itself when none does: every lab is then "not submitted", which says
 * why.  Links are never followed: they could lead to another student.
 * grader/tools/subroot.sh is the same rule for Gradescope and Classroom 50.
 */
static char *labs_root(const struct class *c, const char *tree)
{
	char *here = xstrdup(tree);

	for (int depth = 0; depth < 3; depth++) {
		char *labs = xasprintf("%s/labs", here), *next;
		struct stat st;

		if (has_lab(c, here)) {
			free(labs);
			return here;
		}
		if (lstat(labs, &st) == 0 && S_ISDIR(st.st_mode) && has_lab(c, labs)) {
			free(here);
			return labs;
		}
		free(labs);
		next = only_folder(here);
		free(here);
		if (next == NULL)
			break;
		here = next;
	}
	return xstrdup(tree);
}

/*
 * Unpacks ARCHIVE into DEST with the unpack program; NULL once unpacked,
 * or the one line it printed to say why the archive is refused.  Any
 * other end of unpack is the machine's failure: the student is not graded.
 */
static char *unpack(const struct class *c, const char *archive, const char *dest)
{
	int fds[2], status;
	char line[512];
	size_t used = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) != 0 || (pid = fork()) < 0) {
		fprintf(stderr, "grade-class: cannot start %s: %s\n", c->unpack,
			strerror(errno));
		_exit(2);
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		execl(c->unpack, c->unpack, archive, dest, (char *)NULL);
		fprintf(stderr, "grade-class: cannot run %s: %s\n", c->unpack,
			strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	/* Read it all, keep the first line: unpack prints one. */
	while ((n = read(fds[0], line + used, sizeof line - 1 - used)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		used += (size_t)n;
		if (used == sizeof line - 1) {
			char sink[512];

			while (read(fds[0], sink, sizeof sink) > 0)
				;
			break;
		}
	}
	line[used] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return NULL;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 1) {
		fprintf(stderr, "grade-class: %s failed on %s (%s %d): not the "
			"student's fault, no grade given\n", c->unpack, archive,
			WIFEXITED(status) ? "exit status" : "signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		_exit(2);
	}
	line[strcspn(line, "\n")] = '\0';
	return xstrdup(line[0] ? line : "the archive was refused");
}

/*
 * What to grade for S: the folder where its labs are, or NULL and, in
 * *WHY, the reason to reject the entry (it becomes the gradebook status).
 */
static char *prepare(const struct class *c, const struct student *s, char **why)
{
	char *copy, *dest, *tree;
	struct stat st;

	*why = NULL;
	if (lstat(s->entry, &st) != 0) {
		*why = xasprintf("cannot be read (%s)", strerror(errno));
		return NULL;
	}
	if (S_ISLNK(st.st_mode)) {
		*why = xstrdup("a symbolic link, not a folder or an archive");
		return NULL;
	}
	if (S_ISDIR(st.st_mode))
		return labs_root(c, s->entry);
	if (!S_ISREG(st.st_mode)) {
		*why = xstrdup("not a folder or a regular file");
		return NULL;
	}
	if (archive_suffix(strrchr(s->entry, '/') + 1) == NULL) {
		*why = xstrdup("not a folder or an archive (.zip, .7z, .tar, "
			       ".tar.gz, .tar.xz...)");
		return NULL;
	}
	/* A copy: the archive cannot change while it is unpacked. */
	copy = xasprintf("%s/archive", s->dir);
	dest = xasprintf("%s/unpacked", s->dir);
	if (copy_file(s->entry, copy, 0600) != 0) {
		/* A regular file of the submissions that cannot be copied: the
		 * machine's trouble (rights, a full disk), not the student's. */
		fprintf(stderr, "grade-class: cannot copy %s to %s: %s: not the "
			"student's fault, no grade given\n", s->entry, copy,
			strerror(errno));
		_exit(2);
	}
	*why = unpack(c, copy, dest);
	unlink(copy);
	free(copy);
	tree = *why ? NULL : labs_root(c, dest);
	free(dest);
	return tree;
}

/* --- its grader ------------------------------------------------------------- */

struct args {
	char **v;
	int n, cap;
};

static void push(struct args *a, const char *arg)
{
	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? 2 * a->cap : 32;
		a->v = realloc(a->v, (size_t)a->cap * sizeof *a->v);
		if (a->v == NULL)
			die("out of memory");
	}
	a->v[a->n++] = (char *)arg;
	a->v[a->n] = NULL;
}

/*
 * In the student's own process (slots.c): the report goes to
 * OUT/<id>/report.txt, then this process becomes the grader.  Exits 2
 * (and says why in the report) when the machine fails before that.
 */
void student_grade(const struct class *c, const struct student *s)
{
	char *folder = xasprintf("%s/%s", c->out, s->id);
	char *report = xasprintf("%s/report.txt", folder);
	char *empty = xasprintf("%s/empty", s->dir);
	struct args a = { 0 };
	char *tree, *why;
	int fd;

	if (mkdir(folder, 0755) != 0 ||
	    (fd = open(report, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0 ||
	    dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0) {
		fprintf(stderr, "grade-class: cannot write %s: %s\n", report,
			strerror(errno));
		_exit(2);
	}
	if (mkdir(empty, 0755) != 0) {
		fprintf(stderr, "grade-class: cannot create %s: %s\n", empty,
			strerror(errno));
		_exit(2);
	}
	tree = prepare(c, s, &why);
	push(&a, c->grader);
	push(&a, "--kit");
	push(&a, c->kit);
	push(&a, "--kit-build");
	push(&a, xasprintf("%s/kit", c->work));
	push(&a, "--build");
	push(&a, xasprintf("%s/build", s->dir));
	if (c->lab) {
		push(&a, "--lab");
		push(&a, c->lab);
	}
	push(&a, "--id");
	push(&a, s->id);
	push(&a, "--color");
	push(&a, "never");
	push(&a, "--json");
	push(&a, xasprintf("%s/results.json", folder));
	push(&a, "--csv");
	push(&a, student_file(c, s, "csv"));
	push(&a, "--csv-tests");
	push(&a, student_file(c, s, "tests.csv"));
	push(&a, "--submission");
	/* The grader takes only the manifests' files, never through a link
	 * (collect.c): a folder is graded where it is. */
	push(&a, tree ? tree : empty);
	if (why) {
		push(&a, "--reject");
		push(&a, why);
	}
	fflush(stdout);
	execv(c->grader, a.v);
	fprintf(stderr, "grade-class: cannot run %s: %s\n", c->grader, strerror(errno));
	_exit(2);
}

static void note(const char *report, char *what)
{
	FILE *f = fopen(report, "ae");

	if (f != NULL) {
		fprintf(f, "\ngrade-class: %s", what);
		fputs(": this student was not graded (the kit or the machine failed, not "
		      "the student), and has no row in the gradebook.\n", f);
		fclose(f);
	}
	free(what);
}

/*
 * S's grader ended with STATUS (as waitpid tells).  A grade is a row the
 * grader wrote and an exit status of 0 or 1; anything else (exit 2: the
 * environment kept a lab from being graded; a signal: the grader crashed)
 * is no grade, never a 0: no row, and the report says why.
 */
void student_finish(const struct class *c, struct student *s, int status)
{
	char *row = student_file(c, s, "csv"), *tests = student_file(c, s, "tests.csv");
	char *report = xasprintf("%s/%s/report.txt", c->out, s->id);
	char *json = xasprintf("%s/%s/results.json", c->out, s->id);
	struct stat st;
	int exit_ok = WIFEXITED(status) && WEXITSTATUS(status) <= 1;

	if (exit_ok && stat(row, &st) == 0 && st.st_size > 0) {
		s->state = GRADED;
	} else {
		s->state = UNGRADED;
		if (WIFSIGNALED(status))
			note(report, xasprintf("the grader was killed by signal %d (%s)",
					       WTERMSIG(status), strsignal(WTERMSIG(status))));
		else if (exit_ok)
			note(report, xasprintf("the grader ended (status %d) without "
					       "a gradebook row", WEXITSTATUS(status)));
		else
			note(report, xasprintf("the grader ended with status %d",
					       WEXITSTATUS(status)));
		/* Nothing that could read as a score. */
		unlink(row);
		unlink(tests);
		unlink(json);
	}
	if (!c->keep) {
		make_writable(s->dir);
		remove_tree(s->dir);
	}
	free(row);
	free(tests);
	free(report);
	free(json);
}
