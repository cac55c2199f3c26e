/*
 * curve.c - lab 05's experiment: what does a copy-on-write fault cost?
 *
 *   curve            measure with your cow.c, print a CSV on stdout
 *   curve --chart F  draw the CSV file F as a text chart
 *
 * `make curve` runs both (or gnuplot, when it is installed).  For N = 1,
 * 10, 100, 1 000 and 10 000 pages, a child writes one byte in each page of
 * a private buffer (each write faults and copies a page), then does it
 * again (the pages are its own now: no fault).  For comparison, a child
 * writes the pages of a shared buffer: a fault per page too, since fork
 * does not copy the page table entries of shared mappings, but no copy.
 * Each figure is the median of several children.  This file is part of
 * the kit: you do not hand it in.
 */
#include "cow.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUNS 7
#define NSIZES 5
#define BAR 56

static const size_t sizes[NSIZES] = { 1, 10, 100, 1000, 10000 };

/* One CSV line: what a child measured for NPAGES pages. */
struct row {
	long pages;
	long first_ns, again_ns, shared_ns;
	long first_faults, again_faults, shared_faults;
};

static int by_value(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static long median(long *v)
{
	qsort(v, RUNS, sizeof *v, by_value);
	return v[RUNS / 2];
}

/* RUNS children write NPAGES pages of BUF; *OUT gets the median probe. */
static int probe(unsigned char *buf, size_t npages, struct cow_probe *out)
{
	long first[RUNS], again[RUNS], ffaults[RUNS], afaults[RUNS];
	struct cow_probe p;

	/* A first child unmeasured: caches, page tables, lazy binding. */
	if (cow_child_touch(buf, npages, COW_WRITE, &p) != 0)
		return -1;
	for (int r = 0; r < RUNS; r++) {
		if (cow_child_touch(buf, npages, COW_WRITE, &p) != 0)
			return -1;
		first[r] = p.first_ns;
		again[r] = p.again_ns;
		ffaults[r] = p.first_faults;
		afaults[r] = p.again_faults;
	}
	out->first_ns = median(first);
	out->again_ns = median(again);
	out->first_faults = median(ffaults);
	out->again_faults = median(afaults);
	return 0;
}

static int measure(size_t npages, struct row *row)
{
	unsigned char *priv = cow_private_buffer(npages);
	unsigned char *shared = cow_shared_buffer(npages);
	struct cow_probe p, s;
	int rc = -1;

	if (priv != NULL && shared != NULL && probe(priv, npages, &p) == 0 &&
	    probe(shared, npages, &s) == 0) {
		*row = (struct row){ (long)npages, p.first_ns, p.again_ns,
				     s.first_ns, p.first_faults, p.again_faults,
				     s.first_faults };
		rc = 0;
	}
	if (priv != NULL)
		cow_buffer_free(priv, npages);
	if (shared != NULL)
		cow_buffer_free(shared, npages);
	return rc;
}

static int run(void)
{
	struct row row;

	printf("pages,first_write_ns,again_write_ns,shared_write_ns,"
	       "first_faults,again_faults,shared_faults\n");
	for (int i = 0; i < NSIZES; i++) {
		if (measure(sizes[i], &row) != 0) {
			fprintf(stderr, "curve: measuring %zu pages failed: %s\n",
				sizes[i], strerror(errno));
			return 1;
		}
		printf("%ld,%ld,%ld,%ld,%ld,%ld,%ld\n", row.pages, row.first_ns,
		       row.again_ns, row.shared_ns, row.first_faults,
		       row.again_faults, row.shared_faults);
		fflush(stdout);
	}
	return 0;
}

/* --- the text chart ------------------------------------------------------ */

/* "850 ns", "12.3 us", "4.07 ms": a duration a reader takes in at once;
 * SIZE < 8 asks for the short form of the axis, "10us". */
static const char *human(double ns, char *buf, size_t size)
{
	const char *sep = size < 8 ? "" : " ";

	if (ns < 1e3)
		snprintf(buf, size, "%.0f%sns", ns, sep);
	else if (ns < 1e6)
		snprintf(buf, size, "%.3g%sus", ns / 1e3, sep);
	else
		snprintf(buf, size, "%.3g%sms", ns / 1e6, sep);
	return buf;
}

/* The scale runs over whole decades, from LO to HI (powers of ten). */
static int bar_len(double ns, double lo, double hi)
{
	double at = (log10(ns < lo ? lo : ns) - log10(lo)) /
		    (log10(hi) - log10(lo));

	return 1 + (int)(at * (BAR - 1) + 0.5);
}

static void bar(const char *label, long ns, long pages, double lo, double hi)
{
	char total[32], each[32];
	int n = bar_len((double)ns, lo, hi);

	printf("        %-6s |%.*s%*s| %9s  %9s/page\n", label, n,
	       "################################################################",
	       BAR - n, "", human((double)ns, total, sizeof total),
	       human((double)ns / (double)pages, each, sizeof each));
}

/* Tick marks under the bars: one per decade. */
static void axis(double lo, double hi)
{
	char line[BAR + 1], label[7];
	int decades = (int)lround(log10(hi / lo));

	memset(line, '-', BAR);
	line[BAR] = '\0';
	for (int d = 0; d <= decades; d++)
		line[bar_len(lo * pow(10, d), lo, hi) - 1] = '+';
	printf("               +%s+\n                ", line);
	for (int d = 0, col = 0; d <= decades; d++) {
		int at = bar_len(lo * pow(10, d), lo, hi) - 1;

		if (at < col)
			continue;
		human(lo * pow(10, d), label, sizeof label);
		printf("%*s%s", at - col, "", label);
		col = at + (int)strlen(label) + 1;
	}
	printf("\n");
}

static int chart(const char *path)
{
	struct row rows[NSIZES];
	FILE *csv = fopen(path, "r");
	char line[256];
	int n = 0;
	double lo = 1e300, hi = 0;

	if (csv == NULL) {
		perror(path);
		return 1;
	}
	while (n < NSIZES && fgets(line, sizeof line, csv) != NULL) {
		struct row *r = &rows[n];

		if (sscanf(line, "%ld,%ld,%ld,%ld,%ld,%ld,%ld", &r->pages,
			   &r->first_ns, &r->again_ns, &r->shared_ns,
			   &r->first_faults, &r->again_faults,
			   &r->shared_faults) != 7 || r->pages <= 0)
			continue;
		for (long *v = &r->first_ns; v <= &r->shared_ns; v++) {
			*v = *v > 0 ? *v : 1;
			lo = fmin(lo, (double)*v);
			hi = fmax(hi, (double)*v);
		}
		n++;
	}
	fclose(csv);
	if (n == 0) {
		fprintf(stderr, "%s: no measure to draw\n", path);
		return 1;
	}
	lo = pow(10, floor(log10(lo)));
	hi = pow(10, ceil(log10(hi)));
	if (hi <= lo)
		hi = lo * 10;
	printf("\nTime for a child to write one byte in each of N pages "
	       "(log scale)\n\n");
	for (int i = 0; i < n; i++) {
		printf("N = %-6ld (faults: copy %ld, again %ld, shared %ld)\n",
		       rows[i].pages, rows[i].first_faults, rows[i].again_faults,
		       rows[i].shared_faults);
		bar("copy", rows[i].first_ns, rows[i].pages, lo, hi);
		bar("again", rows[i].again_ns, rows[i].pages, lo, hi);
		bar("shared", rows[i].shared_ns, rows[i].pages, lo, hi);
	}
	axis(lo, hi);
	printf("\ncopy:   first write to a private page (fault + copy)\n"
	       "again:  write to a page the child already copied (no fault)\n"
	       "shared: first write to a shared page (fault, no copy)\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--chart") == 0)
		return chart(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: %s [--chart FILE.csv]\n", argv[0]);
		return 2;
	}
	return run();
}
