/*
 * bench.c - lab 11: times the four functions of fileio.c on cached files.
 *
 *     bench [--max-mb N] [--dir DIR] [--reps N] [--csv FILE]
 *           [--plot-data FILE] [--text-chart]
 *
 * For each file size (1, 4, 16 ... MiB up to N), bench writes a file in DIR,
 * reads it once so that it sits in the page cache, then times:
 *
 *   scan  read      fio_count_read with buffers of 4 KiB to 1 MiB
 *   scan  mmap      fio_count_mmap, without and with FIO_SEQUENTIAL
 *   scan  cat       `cat FILE > /dev/null`, the system's own reader
 *   copy  read      fio_copy_read with the same buffers
 *   copy  mmap      fio_copy_mmap, without and with FIO_SEQUENTIAL
 *
 * Each time is the best of a few runs.  The program is linked with
 * -Wl,--wrap for read, write and mmap, so it counts the calls the
 * student's code makes, and getrusage(2) gives the page faults of each run.
 * Rows go to stdout as CSV (and to --csv FILE); lines starting with '#'
 * are comments.  Nothing is left in DIR, even after Ctrl-C.
 */
#include "fileio.h"

#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MIB ((long long)1 << 20)
#define KIB ((size_t)1 << 10)
#define MIN_BUF (4 * KIB)
#define MAX_BUF (1024 * KIB)
#define NBUFS 9                 /* 4 KiB, 8 KiB ... 1 MiB */
#define SCAN_BYTE '\n'

/* --- counting the student's calls -------------------------------------- */

static unsigned long nread, nwrite, nmmap;

ssize_t __real_read(int fd, void *buf, size_t len);
ssize_t __real_write(int fd, const void *buf, size_t len);
void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd,
		  off_t off);

ssize_t __wrap_read(int fd, void *buf, size_t len)
{
	nread++;
	return __real_read(fd, buf, len);
}

ssize_t __wrap_write(int fd, const void *buf, size_t len)
{
	nwrite++;
	return __real_write(fd, buf, len);
}

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd,
		  off_t off)
{
	nmmap++;
	return __real_mmap(addr, len, prot, flags, fd, off);
}

/* --- the files, removed whatever happens -------------------------------- */

static char src_path[PATH_MAX], dst_path[PATH_MAX];

static void remove_files(void)
{
	unlink(src_path);
	unlink(dst_path);
}

static void on_signal(int sig)
{
	remove_files();         /* unlink is async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void die(const char *what)
{
	perror(what);
	remove_files();
	exit(1);
}

/* Writes SIZE bytes of pseudo-random data to PATH. */
static void make_file(const char *path, long long size)
{
	unsigned char *chunk = malloc(MAX_BUF);
	uint64_t x = 88172645463325252u;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (chunk == NULL || fd < 0)
		die("bench: cannot create the file");
	for (size_t i = 0; i < MAX_BUF; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		chunk[i] = (unsigned char)x;
	}
	for (long long at = 0; at < size; at += (long long)MAX_BUF) {
		size_t n = size - at < (long long)MAX_BUF ? (size_t)(size - at)
							  : MAX_BUF;

		if (__real_write(fd, chunk, n) != (ssize_t)n)
			die("bench: cannot write the file");
	}
	close(fd);
	free(chunk);
}

/* Reads PATH once, so that its pages are in the page cache, and returns the
 * share of them mincore(2) then finds resident. */
static double warm_up(const char *path, long long size)
{
	unsigned char *buf = malloc(MAX_BUF), *vec;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t npages = ((size_t)size + page - 1) / page, resident = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	void *map;

	if (buf == NULL || fd < 0)
		die("bench: cannot read the file");
	while (__real_read(fd, buf, MAX_BUF) > 0)
		;
	free(buf);
	map = __real_mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED, fd, 0);
	vec = malloc(npages);
	if (map == MAP_FAILED || vec == NULL || mincore(map, (size_t)size, vec) != 0)
		die("bench: mincore");
	for (size_t i = 0; i < npages; i++)
		resident += vec[i] & 1;
	munmap(map, (size_t)size);
	free(vec);
	close(fd);
	return 100.0 * (double)resident / (double)npages;
}

/* --- one measurement ---------------------------------------------------- */

enum op { SCAN, COPY };
enum method { READ, MMAP, MMAP_SEQ, CAT };

static const char *const op_name[] = { "scan", "copy" };
static const char *const method_name[] = { "read", "mmap", "mmap-seq", "cat" };

struct sample {
	double seconds;         /* the best run                         */
	long long result;       /* what the function returned           */
	unsigned long reads, writes, maps;      /* calls made, best run */
	long minflt, majflt;    /* page faults, best run                */
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* `cat PATH > /dev/null`; its faults come back through wait4(2). */
static long long run_cat(const char *path, struct rusage *ru)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		die("bench: fork");
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null < 0 || dup2(null, STDOUT_FILENO) < 0)
			_exit(126);
		execlp("cat", "cat", path, (char *)NULL);
		_exit(127);
	}
	if (wait4(pid, &status, 0, ru) != pid)
		die("bench: wait4");
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static long long run_once(enum op op, enum method m, size_t bufsize,
			  struct rusage *ru)
{
	int flags = m == MMAP_SEQ ? FIO_SEQUENTIAL : 0;
	struct rusage after;
	long long r;

	if (op == SCAN && m == CAT)
		return run_cat(src_path, ru);
	if (op == COPY)
		unlink(dst_path);       /* each copy starts from nothing */
	nread = nwrite = nmmap = 0;
	getrusage(RUSAGE_SELF, ru);
	if (op == SCAN)
		r = m == READ ? fio_count_read(src_path, SCAN_BYTE, bufsize)
			      : fio_count_mmap(src_path, SCAN_BYTE, flags);
	else
		r = m == READ ? fio_copy_read(src_path, dst_path, bufsize)
			      : fio_copy_mmap(src_path, dst_path, flags);
	getrusage(RUSAGE_SELF, &after);
	ru->ru_minflt = after.ru_minflt - ru->ru_minflt;
	ru->ru_majflt = after.ru_majflt - ru->ru_majflt;
	return r;
}

static struct sample measure(enum op op, enum method m, size_t bufsize,
			     int reps)
{
	struct sample best = { .seconds = -1 };

	for (int i = 0; i < reps; i++) {
		struct rusage ru;
		double start = now();
		long long r = run_once(op, m, bufsize, &ru);
		double took = now() - start;

		if (best.seconds < 0 || took < best.seconds)
			best = (struct sample){ took, r, nread, nwrite, nmmap,
						ru.ru_minflt, ru.ru_majflt };
	}
	if (op == COPY)
		unlink(dst_path);
	return best;
}

/* --- output ------------------------------------------------------------- */

static FILE *csv;

/* Prints a line to stdout and to the CSV file (if any). */
static void __attribute__((format(printf, 1, 2))) emit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (csv != NULL) {
		va_start(ap, fmt);
		vfprintf(csv, fmt, ap);
		va_end(ap);
	}
}

static double gbps(long long bytes, double seconds)
{
	return seconds > 0 ? (double)bytes / seconds / 1e9 : 0;
}

static void emit_row(enum op op, enum method m, long long mb, size_t bufsize,
		     const struct sample *s)
{
	char buf[32] = "", calls[64] = ",,";

	if (m == READ)
		snprintf(buf, sizeof buf, "%zu", bufsize);
	if (m != CAT)
		snprintf(calls, sizeof calls, "%lu,%lu,%lu", s->reads, s->writes,
			 s->maps);
	emit("%s,%s,%lld,%s,%.6f,%.3f,%s,%ld,%ld\n", op_name[op], method_name[m],
	     mb, buf, s->seconds, gbps(mb * MIB, s->seconds), calls, s->minflt,
	     s->majflt);
}

/* The results for the largest file, kept for the summary and the chart. */
struct summary {
	long long mb;
	struct sample scan[4], copy[3];         /* by method (no copy cat) */
	struct sample scan_read[NBUFS], copy_read[NBUFS];
};

static size_t bufsize_of(int i)
{
	return MIN_BUF << i;
}

static void bar(const char *label, double value, double max)
{
	int width = max > 0 ? (int)(50 * value / max + 0.5) : 0;

	printf("# %-14s|", label);
	for (int i = 0; i < width; i++)
		putchar('#');
	printf(" %.2f\n", value);
}

static void text_chart(const struct summary *s, enum op op)
{
	const struct sample *reads = op == SCAN ? s->scan_read : s->copy_read;
	const struct sample *maps = op == SCAN ? s->scan : s->copy;
	int nmethods = op == SCAN ? 4 : 3;
	double max = 0, v;
	char label[32];

	for (int i = 0; i < NBUFS; i++)
		if ((v = gbps(s->mb * MIB, reads[i].seconds)) > max)
			max = v;
	for (int m = MMAP; m < nmethods; m++)
		if ((v = gbps(s->mb * MIB, maps[m].seconds)) > max)
			max = v;
	printf("#\n# %s of a %lld MiB cached file, GB/s\n", op_name[op], s->mb);
	for (int i = 0; i < NBUFS; i++) {
		snprintf(label, sizeof label, "read %4zu KiB", bufsize_of(i) / KIB);
		bar(label, gbps(s->mb * MIB, reads[i].seconds), max);
	}
	for (int m = MMAP; m < nmethods; m++)
		bar(method_name[m], gbps(s->mb * MIB, maps[m].seconds), max);
}

static void write_plot_data(const char *path, const struct summary *s)
{
	FILE *f = fopen(path, "w");
	long long bytes = s->mb * MIB;

	if (f == NULL)
		die(path);
	fprintf(f, "# %lld MiB file: bufsize_kib scan_read scan_mmap "
		"scan_mmap_seq scan_cat copy_read copy_mmap copy_mmap_seq\n",
		s->mb);
	for (int i = 0; i < NBUFS; i++)
		fprintf(f, "%zu %.3f %.3f %.3f %.3f %.3f %.3f %.3f\n",
			bufsize_of(i) / KIB, gbps(bytes, s->scan_read[i].seconds),
			gbps(bytes, s->scan[MMAP].seconds),
			gbps(bytes, s->scan[MMAP_SEQ].seconds),
			gbps(bytes, s->scan[CAT].seconds),
			gbps(bytes, s->copy_read[i].seconds),
			gbps(bytes, s->copy[MMAP].seconds),
			gbps(bytes, s->copy[MMAP_SEQ].seconds));
	fclose(f);
}

static void print_summary(const struct summary *s)
{
	long long bytes = s->mb * MIB;
	int best = 0;

	for (int i = 1; i < NBUFS; i++)
		if (s->scan_read[i].seconds < s->scan_read[best].seconds)
			best = i;
	printf("#\n# scan of the %lld MiB file:\n", s->mb);
	printf("#   mmap %.2f GB/s, mmap + MADV_SEQUENTIAL %.2f GB/s, "
	       "best read() %.2f GB/s (%zu KiB buffer), cat > /dev/null "
	       "%.2f GB/s\n", gbps(bytes, s->scan[MMAP].seconds),
	       gbps(bytes, s->scan[MMAP_SEQ].seconds),
	       gbps(bytes, s->scan_read[best].seconds), bufsize_of(best) / KIB,
	       gbps(bytes, s->scan[CAT].seconds));
	for (int i = 0; i < NBUFS; i += NBUFS - 1)
		printf("#   read() calls with %zu KiB: %lu (size / bufsize = "
		       "%lld, plus the one that returns 0)\n", bufsize_of(i) / KIB,
		       s->scan_read[i].reads, bytes / (long long)bufsize_of(i));
	printf("#   page faults: mmap %ld minor + %ld major, read() with 1 MiB "
	       "%ld minor, cat %ld minor\n", s->scan[MMAP].minflt,
	       s->scan[MMAP].majflt, s->scan_read[NBUFS - 1].minflt,
	       s->scan[CAT].minflt);
	printf("#   pages in the file: %lld\n",
	       bytes / (long long)sysconf(_SC_PAGESIZE));
}

/* --- sizes that fit ----------------------------------------------------- */

static long long free_disk_mb(const char *dir)
{
	struct statvfs sv;

	if (statvfs(dir, &sv) != 0)
		die(dir);
	return (long long)sv.f_bavail * (long long)sv.f_frsize / MIB;
}

static long long available_memory_mb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	long long kib = -1;

	while (f != NULL && fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "MemAvailable: %lld kB", &kib) == 1)
			break;
	if (f != NULL)
		fclose(f);
	return kib < 0 ? -1 : kib / 1024;
}

/* The largest size up to WANTED whose file and copy fit on the disk and
 * stay in memory, with some room to spare. */
static long long fitting_size(long long wanted, const char *dir)
{
	long long disk = free_disk_mb(dir), mem = available_memory_mb();
	long long mb = wanted;

	while (mb > 1 && (2 * mb + 64 > disk || (mem >= 0 && 2 * mb + 256 > mem)))
		mb /= 2;
	printf("# %s: %lld MiB free; memory available: %lld MiB; largest file: "
	       "%lld MiB%s\n", dir, disk, mem, mb,
	       mb < wanted ? " (reduced to fit: the file and its copy must fit "
			     "on disk and stay cached)" : "");
	if (2 * mb + 64 > disk) {
		fprintf(stderr, "bench: not enough space in %s\n", dir);
		exit(1);
	}
	return mb;
}

/* --- main --------------------------------------------------------------- */

struct options {
	long long max_mb;
	const char *dir, *csv_path, *plot_path;
	int reps, text_chart;
};

static struct options parse(int argc, char **argv)
{
	struct options o = { .max_mb = 1024, .dir = "/tmp", .reps = 3 };

	if (getenv("TMPDIR") != NULL)
		o.dir = getenv("TMPDIR");
	for (int i = 1; i < argc; i++) {
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(argv[i], "--text-chart") == 0)
			o.text_chart = 1;
		else if (next != NULL && strcmp(argv[i], "--max-mb") == 0)
			o.max_mb = atoll(argv[++i]);
		else if (next != NULL && strcmp(argv[i], "--dir") == 0)
			o.dir = argv[++i];
		else if (next != NULL && strcmp(argv[i], "--reps") == 0)
			o.reps = atoi(argv[++i]);
		else if (next != NULL && strcmp(argv[i], "--csv") == 0)
			o.csv_path = argv[++i];
		else if (next != NULL && strcmp(argv[i], "--plot-data") == 0)
			o.plot_path = argv[++i];
		else {
			fprintf(stderr, "usage: %s [--max-mb N] [--dir DIR] "
				"[--reps N] [--csv FILE] [--plot-data FILE] "
				"[--text-chart]\n", argv[0]);
			exit(2);
		}
	}
	if (o.max_mb < 1 || o.reps < 1) {
		fprintf(stderr, "bench: --max-mb and --reps must be positive\n");
		exit(2);
	}
	return o;
}

/* Stops the bench when a function fails: times of broken code mean
 * nothing. */
static void check(const char *what, long long result, long long want)
{
	if (result == want)
		return;
	if (result < 0)
		printf("# %s failed: %s\n", what, strerror(errno));
	else
		printf("# %s gave %lld, expected %lld\n", what, result, want);
	printf("# the bench only times code that works: run the tests (make) "
	       "and solve the TODOs first\n");
	remove_files();
	exit(1);
}

/* Runs each function once on the file: all must agree. */
static long long check_all(void)
{
	long long count = fio_count_read(src_path, SCAN_BYTE, MAX_BUF);

	check("fio_count_read", count, count < 0 ? 0 : count);
	check("fio_count_mmap", fio_count_mmap(src_path, SCAN_BYTE, 0), count);
	check("fio_copy_read", fio_copy_read(src_path, dst_path, MAX_BUF), 0);
	check("fio_count_mmap on fio_copy_read's copy",
	      fio_count_mmap(dst_path, SCAN_BYTE, 0), count);
	unlink(dst_path);
	check("fio_copy_mmap", fio_copy_mmap(src_path, dst_path, 0), 0);
	check("fio_count_read on fio_copy_mmap's copy",
	      fio_count_read(dst_path, SCAN_BYTE, MAX_BUF), count);
	unlink(dst_path);
	return count;
}

/* Times everything on one file of MB MiB; keeps the results in *S. */
static int bench_size(long long mb, int reps, struct summary *s)
{
	struct sample x;
	long long expect;
	int ok = 1;

	fprintf(stderr, "bench: %lld MiB file...\n", mb);
	make_file(src_path, mb * MIB);
	printf("# %lld MiB file, %.1f%% of it in the page cache (mincore)\n", mb,
	       warm_up(src_path, mb * MIB));
	s->mb = mb;
	expect = check_all();
	for (int i = 0; i < NBUFS; i++) {
		s->scan_read[i] = x = measure(SCAN, READ, bufsize_of(i), reps);
		emit_row(SCAN, READ, mb, bufsize_of(i), &x);
		ok &= x.result == expect;
	}
	for (enum method m = MMAP; m <= CAT; m++) {
		s->scan[m] = x = measure(SCAN, m, 0, reps);
		emit_row(SCAN, m, mb, 0, &x);
		ok &= m == CAT ? x.result == 0 : x.result == expect;
	}
	for (int i = 0; i < NBUFS; i++) {
		s->copy_read[i] = x = measure(COPY, READ, bufsize_of(i), reps);
		emit_row(COPY, READ, mb, bufsize_of(i), &x);
		ok &= x.result == 0;
	}
	for (enum method m = MMAP; m <= MMAP_SEQ; m++) {
		s->copy[m] = x = measure(COPY, m, 0, reps);
		emit_row(COPY, m, mb, 0, &x);
		ok &= x.result == 0;
	}
	unlink(src_path);
	if (!ok)
		printf("# WARNING: a function failed or disagreed during the "
		       "timed runs\n");
	return ok;
}

int main(int argc, char **argv)
{
	struct options o = parse(argc, argv);
	struct summary s = { 0 };
	long long max;
	int ok = 1;

	snprintf(src_path, sizeof src_path, "%s/fio-bench-%ld.src", o.dir,
		 (long)getpid());
	snprintf(dst_path, sizeof dst_path, "%s/fio-bench-%ld.dst", o.dir,
		 (long)getpid());
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, on_signal);     /* e.g. `make bench | head` */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (o.csv_path != NULL && (csv = fopen(o.csv_path, "w")) == NULL)
		die(o.csv_path);
	max = fitting_size(o.max_mb, o.dir);
	emit("op,method,file_mib,bufsize,seconds,gb_per_s,read_calls,"
	     "write_calls,mmap_calls,minflt,majflt\n");
	for (long long mb = 1; mb <= max; mb = mb * 4 > max && mb < max ? max : mb * 4)
		ok &= bench_size(mb, mb >= 64 ? o.reps : 4 * o.reps, &s);
	if (csv != NULL)
		fclose(csv);
	print_summary(&s);
	if (o.plot_path != NULL)
		write_plot_data(o.plot_path, &s);
	if (o.text_chart) {
		text_chart(&s, SCAN);
		text_chart(&s, COPY);
	}
	remove_files();
	return ok ? 0 : 1;
}
