/*
 * report_text.c - the report a student reads at the terminal.
 *
 *   01-file-mapping                                    30/34
 *     PASS  count_small_file                    2/2
 *     FAIL  count_empty_file                    0/1    (or CRASH, TIMEOUT)
 *           fm_count_byte returns 0 for an empty file, not an error
 *           errno is ENOSYS (...), expected ENOENT (...)
 *           hint: mmap refuses a length of 0 ...
 */
#include "kit_lang.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

struct palette {
	const char *pass, *fail, *bold, *dim, *off;
};

static const struct palette colors = { "\033[32m", "\033[31m", "\033[1m",
				       "\033[2m", "\033[0m" };
static const struct palette plain = { "", "", "", "", "" };

/*
 * Writes N bytes of TEXT with every control character made visible rather
 * than obeyed: student output and compiler messages reach this report, and
 * an escape sequence could clear the screen and draw a total of its own.
 * C0 controls and DEL in caret notation (^[, ^M, ^?), the C1 controls as
 * \xNN, whether raw bytes or UTF-8 (U+0080..U+009F); tabs stay tabs.
 */
/* The length of the UTF-8 sequence at P (N bytes left) if it is a whole
 * one and no C1 control; 0 otherwise.  Its continuation bytes (0x80 to
 * 0xbf) are then letters' parts, not controls: gcc's quotes, accents. */
static size_t utf8_sequence(const unsigned char *p, size_t n)
{
	size_t len = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3
		   : p[0] >= 0xc2 && p[0] < 0xe0 ? 2 : 0;

	if (len == 0 || len > n || (p[0] == 0xc2 && p[1] < 0xa0))
		return 0;
	for (size_t k = 1; k < len; k++)
		if (p[k] < 0x80 || p[k] > 0xbf)
			return 0;
	return len;
}

static void put_visible(FILE *out, const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		size_t seq = c >= 0x80 ? utf8_sequence(p + i, n - i) : 0;

		if (seq) {
			fwrite(p + i, 1, seq, out);
			i += seq - 1;
		} else if (c == '\t' || (c >= 0x20 && c < 0x7f) || c >= 0xa0)
			fputc(c, out);
		else if (c == 0x7f)
			fputs("^?", out);
		else if (c < 0x20)
			fprintf(out, "^%c", c + 64);
		else if (c == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] < 0xa0)
			fprintf(out, "\\x%02x", p[++i]);
		else if (c >= 0x80 && c < 0xa0)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

/* Prints TEXT indented, each of its lines on its own line, made visible. */
static void indented(FILE *out, const char *indent, const char *text,
		     const char *style, const char *off)
{
	const char *p = text;

	while (p && *p) {
		size_t n = strcspn(p, "\n");

		fprintf(out, "%s%s", indent, style);
		put_visible(out, p, n);
		fprintf(out, "%s\n", off);
		p += n;
		if (*p)
			p++;
	}
}

static void print_test(FILE *out, const struct test_result *t,
		       const struct palette *c)
{
	int ok = t->outcome == KIT_PASSED;

	fprintf(out, "  %s%s%s  %-34s %2d/%-2d  %s\n", ok ? c->pass : c->fail,
		K_(report_outcome_label(t->outcome)), c->off, t->name,
		ok ? t->points : 0, t->points, t->desc);
	if (ok) {
		if (t->message)         /* a memcheck note on a passed test */
			indented(out, "        ", t->message, c->dim, c->off);
		return;
	}
	indented(out, "        ", t->message, "", "");
	if (t->hint) {
		/* A hint may come from the test process (kit_hint): it is made
		 * visible like any text the student's code can reach. */
		char *line = xasprintf("%s %s", K_("hint:"), t->hint);

		indented(out, "        ", line, c->dim, c->off);
		free(line);
	}
}

static void print_lab(FILE *out, const struct lab_result *lab,
		      const struct palette *c)
{
	const char *status = report_lab_status(lab->status);

	fprintf(out, "%s%-50s%s %3d/%-3d", c->bold, lab->name, c->off,
		lab->score, lab->max);
	if (status)
		fprintf(out, "  %s%s%s", c->fail, K_(status), c->off);
	fputc('\n', out);
	if (lab->detail)
		indented(out, "    ", lab->detail, "", "");
	if (lab->status == LAB_GRADED)
		for (int i = 0; i < lab->ntests; i++)
			print_test(out, &lab->tests[i], c);
	if (lab->output && *lab->output && lab->score < lab->max) {
		fprintf(out, "    %s%s%s\n", c->dim, K_("output of the tests:"), c->off);
		indented(out, "    | ", lab->output, "", "");
	} else if (lab->output_cut > 0) {
		/* Every test passed: the output is noise, but say it was huge. */
		fprintf(out, "    %s%s [... %zu bytes cut ...]%s\n", c->dim,
			K_("the tests printed too much:"), lab->output_cut, c->off);
	}
	fputc('\n', out);
}

/* Columns on a terminal: UTF-8 continuation bytes take none. */
static size_t utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int report_text(FILE *out, const struct grade *g, int color)
{
	const struct palette *c = color ? &colors : &plain;

	for (int i = 0; i < g->nlabs; i++)
		print_lab(out, &g->labs[i], c);
	const char *total = K_("Total");

	fprintf(out, "%s%s%*s %3d/%-3d%s  (%s %s, %.1f s)\n", c->bold, total,
		50 - (int)utf8_width(total), "", g->score, g->max, c->off,
		K_("isolation:"), g->isolation, g->seconds);
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
