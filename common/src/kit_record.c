/*
 * kit_record.c - writing and reading kit_record.h lines.
 *
 * Compiled into the kit's library, which the test binary and the runner
 * link (the binary writes its F, H and U lines, the runner its R records),
 * and into the grader, which reads the R records.
 */
#define _GNU_SOURCE
#include "kit_record.h"
#include "kit_test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const outcome_names[KIT_OUTCOMES] = {
	"passed", "failed", "crashed", "timed-out", "not-run", "ungradable",
};

const char *kit_outcome_name(enum kit_outcome o)
{
	return (unsigned)o < KIT_OUTCOMES ? outcome_names[o] : "ungradable";
}

int kit_outcome_parse(const char *word, enum kit_outcome *o)
{
	for (int i = 0; i < KIT_OUTCOMES; i++)
		if (strcmp(word, outcome_names[i]) == 0) {
			*o = (enum kit_outcome)i;
			return 0;
		}
	return -1;
}

/* The escaped form of C, written at DST (5 bytes at most); its length. */
static size_t escape_one(char *dst, unsigned char c)
{
	if (c == '\\') return (size_t)sprintf(dst, "\\\\");
	if (c == '\t') return (size_t)sprintf(dst, "\\t");
	if (c == '\n') return (size_t)sprintf(dst, "\\n");
	if (c == '\r') return (size_t)sprintf(dst, "\\r");
	if (c < 0x20 || c == 0x7f)
		return (size_t)sprintf(dst, "\\x%02x", c);
	dst[0] = (char)c;
	dst[1] = '\0';
	return 1;
}

char *kit_escape(char *dst, size_t size, const char *src)
{
	size_t o = 0;

	for (; src && *src; src++) {
		char one[6];
		size_t n = escape_one(one, (unsigned char)*src);

		if (o + n + 4 > size) {         /* room for "..." and the end */
			memcpy(dst + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(dst + o, one, n);
		o += n;
	}
	dst[o] = '\0';
	return dst;
}

char *kit_escape_dup(const char *src)
{
	size_t size = 5 * strlen(src ? src : "") + 4;
	char *dst = malloc(size);

	return dst ? kit_escape(dst, size, src) : NULL;
}

static int hex(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

/* Unescapes S in place, up to END. */
static void unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (*s != '\\' || s[1] == '\0') {
			*out++ = *s;
			continue;
		}
		s++;
		switch (*s) {
		case 't': *out++ = '\t'; break;
		case 'n': *out++ = '\n'; break;
		case 'r': *out++ = '\r'; break;
		case 'x':
			if (hex(s[1]) >= 0 && hex(s[2]) >= 0) {
				*out++ = (char)(hex(s[1]) * 16 + hex(s[2]));
				s += 2;
			}
			break;
		default: *out++ = *s;
		}
	}
	*out = '\0';
}

int kit_split(char *line, char **fields, int max)
{
	int n = 0;

	line[strcspn(line, "\n")] = '\0';
	while (n < max) {
		char *tab = strchr(line, '\t');

		fields[n++] = line;
		if (tab == NULL)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	for (int i = 0; i < n; i++)
		unescape(fields[i]);
	return n;
}

int kit_write_all(int fd, const char *line, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, line, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		line += n;
		len -= (size_t)n;
	}
	return 0;
}

void kit_record_write(int fd, const struct kit_record *r)
{
	char *name = kit_escape_dup(r->name), *msg = kit_escape_dup(r->msg);
	char *hint = kit_escape_dup(r->hint);
	char *line = NULL;
	int len = -1;

	/* Out of memory, the record is not written: the grader then says
	 * that the test left no verdict, which is true. */
	if (name && msg && hint)
		len = asprintf(&line, "R\t%s\t%s\t%s\t%.3f%s%s\n", name,
			       kit_outcome_name(r->outcome), msg, r->seconds,
			       *hint ? "\t" : "", hint);
	if (len > 0)
		kit_write_all(fd, line, (size_t)len);
	free(line);
	free(name);
	free(msg);
	free(hint);
}
