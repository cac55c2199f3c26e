/*
 * main.c - grade-class: grades a whole class, J students at a time.
 *
 *   grade-class [--kit DIR] [--jobs N] [--lab SEL] [--keep] SUBMISSIONS OUT
 *
 * Every entry of SUBMISSIONS is one student: a folder laid out like labs/
 * (or holding one), or an archive of one: zip, 7z, tar, plain or
 * compressed (grader/tools/unpack.c says what an archive may hold).
 * Entries whose name starts with a dot are skipped.  Writes, and nothing
 * outside OUT:
 *
 *   OUT/gradebook.csv   one row per student: points per lab, total, status
 *   OUT/tests.csv       one row per student and test (item analysis)
 *   OUT/summary.txt     pass rate of each test, distribution of totals
 *   OUT/<id>/           report.txt and results.json of one student
 *
 * The rows are the graders' own (--csv, --csv-tests: report_csv.c says
 * their columns), put under one header.  The trusted kit library is built
 * once and shared; each student has a build folder of their own, removed
 * once graded (--keep leaves them, in OUT/.work).  Without namespaces
 * (bubblewrap) it refuses to run, unless KIT_ALLOW_NO_SANDBOX=1.
 *
 * Exit status: 0 every student has a row; 2 usage, the kit cannot be
 * built, or some student could not be graded for a reason of the kit's or
 * the machine's (no row is made up for them: they are listed).
 *
 * --grader PATH runs PATH instead of the kit's grader: for the kit's own
 * checks (grader/tests/class.sh makes one grade crash).
 */
#define _GNU_SOURCE
#include "class.h"
#include "grader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* More graders at once than any machine has processors for. */
#define MAX_JOBS 1024

static int writable_one(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_D)
		chmod(path, (st->st_mode & 07777) | 0700);
	else if (type == FTW_F)
		chmod(path, (st->st_mode & 07777) | 0600);
	return 0;
}

/* Ours to remove: the read-only kit copy, an archive's folders. */
void make_writable(const char *path)
{
	nftw(path, writable_one, 16, FTW_PHYS);
}

static int read_only_one(const char *path, const struct stat *st, int type,
			 struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_D || type == FTW_F)
		chmod(path, st->st_mode & 07555);
	return 0;
}

static void usage(FILE *to, int status)
{
	fputs("usage: grade-class [--kit DIR] [--jobs N] [--lab SEL] [--keep] "
	      "SUBMISSIONS OUT\n", to);
	exit(status);
}

static char *grader_path;

static void parse(int argc, char **argv, struct class *c, char **subs, char **out)
{
	static const struct option longs[] = {
		{ "kit", required_argument, NULL, 'k' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "lab", required_argument, NULL, 'l' },
		{ "keep", no_argument, NULL, 'K' },
		{ "grader", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kit = ".";
	char *end;
	int o;

	while ((o = getopt_long(argc, argv, "j:", longs, NULL)) != -1)
		switch (o) {
		case 'k': kit = optarg; break;
		case 'l': c->lab = *optarg ? optarg : NULL; break;
		case 'K': c->keep = 1; break;
		case 'g': grader_path = optarg; break;
		case 'h': usage(stdout, 0); break;
		case 'j':
			errno = 0;
			c->jobs = (int)strtol(optarg, &end, 10);
			if (errno || *end || c->jobs < 1 || c->jobs > MAX_JOBS)
				die("--jobs takes a number from 1 to %d, not '%s'",
				    MAX_JOBS, optarg);
			break;
		default: usage(stderr, 2);
		}
	if (argc - optind != 2)
		usage(stderr, 2);
	if ((c->kit = realpath(kit, NULL)) == NULL)
		die("%s: %s", kit, strerror(errno));
	*subs = argv[optind];
	*out = argv[optind + 1];
}

/* Is PATH the folder DIR or inside it? (both absolute, resolved) */
static int inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/' || (n == 1 && dir[0] == '/'));
}

/*
 * OUT is ours: new, empty, or written by an earlier run (its marker); it
 * is emptied.  Neither of SUBMISSIONS and OUT may hold the other.
 */
static void claim_out(struct class *c, const char *subs, const char *out)
{
	struct stat st;
	int created = lstat(out, &st) != 0;
	char *marker;
	struct dirent **names;
	int n;

	if (mkdirs(out) != 0)
		die("cannot create %s: %s", out, strerror(errno));
	if ((c->out = realpath(out, NULL)) == NULL)
		die("%s: %s", out, strerror(errno));
	if (inside(c->out, subs) || inside(subs, c->out)) {
		if (created)
			rmdir(c->out);
		die("%s", inside(c->out, subs)
		    ? "OUT must not be inside SUBMISSIONS"
		    : "SUBMISSIONS must not be inside OUT");
	}
	marker = xasprintf("%s/.kit-class", c->out);
	if ((n = scandir(c->out, &names, NULL, alphasort)) < 0)
		die("%s: %s", out, strerror(errno));
	if (n > 2 && access(marker, F_OK) != 0)
		die("%s exists and was not written by grade-class; choose "
		    "another OUT", out);
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 &&
		    strcmp(names[i]->d_name, "..") != 0) {
			char *path = xasprintf("%s/%s", c->out, names[i]->d_name);

			make_writable(path);
			remove_tree(path);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	if (close(open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) != 0)
		die("cannot write %s: %s", marker, strerror(errno));
	free(marker);
}

/* Runs ARGV with its output into LOG (or nowhere); its wait status. */
static int run(char *const argv[], const char *log)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		die("cannot start %s: %s", argv[0], strerror(errno));
	if (pid == 0) {
		int fd = open(log ? log : "/dev/null",
			      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("lost %s: %s", argv[0], strerror(errno));
	return status;
}

/*
 * A class is graded only where its students cannot reach one another: with
 * namespaces (bubblewrap).  Without them (a container, a host that forbids
 * user namespaces), tests of one student could see another's processes and
 * files: the instructor must ask for it (KIT_ALLOW_NO_SANDBOX=1).  The
 * probe mounts /dev and /proc as the grader's sandbox does: a container's
 * masked /proc lets bubblewrap make namespaces, yet not mount a /proc, and
 * the grader then falls back.
 */
static void require_namespaces(void)
{
	const char *allow = getenv("KIT_ALLOW_NO_SANDBOX");
	const char *off = getenv("KIT_NO_SANDBOX");
	char *const probe[] = { "bwrap", "--unshare-all", "--die-with-parent",
				"--ro-bind", "/", "/", "--dev", "/dev", "--proc",
				"/proc", "true", NULL };

	if (allow && strcmp(allow, "1") == 0)
		return;
	if ((off == NULL || *off == '\0') && run(probe, NULL) == 0)
		return;
	die("bubblewrap cannot make namespaces here, so students' tests "
	    "would not be kept apart (INSTRUCTORS.md, \"Where the kit "
	    "runs\"). Fix that, or grade anyway with KIT_ALLOW_NO_SANDBOX=1.");
}

/*
 * The trusted objects are built (or found up to date) in the kit's own
 * build folder, shared with every other grade, then copied with their
 * time stamps for this class: make finds the copy up to date, and nobody
 * writes into it while students are graded.
 */
static void build_kit(const struct class *c)
{
	const char *env = getenv("KIT_BUILD");
	char *shared = env && *env ? xstrdup(env) : xasprintf("%s/build/kit", c->kit);
	char *prep = xasprintf("%s/kit-prep", c->work);
	char *log = xasprintf("%s/kit.log", c->work);
	char *copy = xasprintf("%s/kit", c->work);
	char *build[] = { (char *)c->grader, "--kit", (char *)c->kit, "--kit-build",
			  shared, "--build", prep, "--kit-only",
			  c->lab ? "--lab" : NULL, (char *)c->lab, NULL };
	char *cp[] = { "cp", "-a", "--", shared, copy, NULL };

	if (mkdirs(shared) != 0)
		die("cannot create %s: %s", shared, strerror(errno));
	if (run(build, log) != 0) {
		char *text = read_file(log);

		fputs(text ? text : "", stderr);
		die("the kit's library does not build");
	}
	if (run(cp, NULL) != 0)
		die("cannot copy %s to %s", shared, copy);
	/* Nobody writes into it while the class is graded. */
	nftw(copy, read_only_one, 16, FTW_PHYS);
	free(shared);
	free(prep);
	free(log);
	free(copy);
}

static int visible(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* The names of the kit's labs: the folders of labs/. */
static void find_labs(struct class *c)
{
	char *dir = xasprintf("%s/labs", c->kit);
	struct dirent **names;
	int n = scandir(dir, &names, visible, alphasort);

	if (n < 0)
		die("%s: %s", dir, strerror(errno));
	c->labs = xcalloc((size_t)n, sizeof *c->labs);
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]->d_name);
		struct stat st;

		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			c->labs[c->nlabs++] = xstrdup(names[i]->d_name);
		free(path);
		free(names[i]);
	}
	free(names);
	free(dir);
}

/* The students: every entry of SUBMISSIONS whose name has no leading dot. */
static struct student *find_students(const struct class *c, const char *subs,
				     int *count)
{
	struct dirent **names;
	int n = scandir(subs, &names, visible, alphasort);
	struct student *students;
	char *root = xasprintf("%s/s", c->work);

	if (n < 0)
		die("%s: %s", subs, strerror(errno));
	if (mkdir(root, 0755) != 0)
		die("cannot create %s: %s", root, strerror(errno));
	students = xcalloc((size_t)n, sizeof *students);
	for (int i = 0; i < n; i++) {
		struct student *s = &students[i];

		s->entry = xasprintf("%s/%s", subs, names[i]->d_name);
		s->id = student_id(names[i]->d_name, students, i);
		s->dir = xasprintf("%s/%s", root, s->id);
		if (mkdir(s->dir, 0755) != 0)
			die("cannot create %s: %s", s->dir, strerror(errno));
		free(names[i]);
	}
	free(names);
	free(root);
	*count = n;
	return students;
}

/*
 * OUT/NAME: the WHAT files of the graded students under the header of the
 * first, in the students' order.  Each is a header line and rows of one
 * line each (csv.c makes every field one line).
 */
static void gather(const struct class *c, const struct student *students,
		   int n, const char *what, const char *name)
{
	char *path = xasprintf("%s/%s", c->out, name);
	FILE *to = fopen(path, "we");
	int header = 0;

	if (to == NULL)
		die("cannot write %s: %s", path, strerror(errno));
	for (int i = 0; i < n; i++) {
		char *from = student_file(c, &students[i], what);
		char *text = students[i].state == GRADED ? read_file(from) : NULL;
		char *body = text;

		if (text != NULL && header) {
			body = strchr(text, '\n');
			body = body ? body + 1 : text + strlen(text);
		}
		if (text != NULL) {
			fputs(body, to);
			header = 1;
		}
		free(text);
		free(from);
	}
	if (ferror(to) || fclose(to) != 0)
		die("cannot write %s", path);
	free(path);
}

/* OUT/summary.txt (grader/tools/summary.sh), printed too. */
static void summarize(const struct class *c)
{
	char *tool = xasprintf("%s/grader/tools/summary.sh", c->kit);
	char *gradebook = xasprintf("%s/gradebook.csv", c->out);
	char *tests = xasprintf("%s/tests.csv", c->out);
	char *summary = xasprintf("%s/summary.txt", c->out);
	char *text;

	if (run((char *[]){ "sh", tool, gradebook, tests, NULL }, summary) != 0 ||
	    (text = read_file(summary)) == NULL)
		die("cannot write %s", summary);
	fputs(text, stdout);
	free(text);
	free(tool);
	free(gradebook);
	free(tests);
	free(summary);
}

int main(int argc, char **argv)
{
	struct class c = { .jobs = 0 };
	struct student *students;
	char *subs_arg, *out_arg, *subs;
	int n, ungraded = 0;

	parse(argc, argv, &c, &subs_arg, &out_arg);
	c.grader = grader_path ? grader_path
			       : xasprintf("%s/build/grader/grader", c.kit);
	c.unpack = xasprintf("%s/build/grader/unpack", c.kit);
	if (c.jobs == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		c.jobs = cpus > 0 ? (int)cpus : 2;
	}
	{
		struct stat st;

		if ((subs = realpath(subs_arg, NULL)) == NULL ||
		    stat(subs, &st) != 0 || !S_ISDIR(st.st_mode))
			die("%s: no such folder", subs_arg);
	}
	require_namespaces();
	claim_out(&c, subs, out_arg);
	/* The graders run as root: what they write is readable, and the
	 * tests' user must reach the builds. */
	umask(022);
	c.work = xasprintf("%s/.work", c.out);
	c.results = xasprintf("%s/results", c.work);
	if (chmod(c.out, 0755) != 0 || mkdir(c.work, 0755) != 0 ||
	    mkdir(c.results, 0700) != 0)
		die("cannot create %s: %s", c.work, strerror(errno));
	build_kit(&c);
	find_labs(&c);
	students = find_students(&c, subs, &n);

	printf("Grading %d submissions, %d at a time, into %s\n", n, c.jobs, c.out);
	slots_run(&c, students, n);
	gather(&c, students, n, "csv", "gradebook.csv");
	gather(&c, students, n, "tests.csv", "tests.csv");
	summarize(&c);
	if (!c.keep) {
		make_writable(c.work);
		remove_tree(c.work);
	}
	printf("Gradebook: %s/gradebook.csv\n", c.out);
	fflush(stdout);
	for (int i = 0; i < n; i++)
		if (students[i].state != GRADED) {
			if (ungraded++ == 0)
				fputs("Not graded (the grader or the machine failed, not "
				      "the student; see OUT/<id>/report.txt):", stderr);
			fprintf(stderr, " %s", students[i].id);
		}
	if (ungraded) {
		fputc('\n', stderr);
		return 2;
	}
	return 0;
}
