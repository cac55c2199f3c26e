/*
 * kit_record.c - writing and reading kit_record.h lines.
 *
 * Compiled into both sides: the test binary writes, the grader reads.
 */
#define _GNU_SOURCE
#include "kit_record.h"
#include "kit_test.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const status_names[] = { "pass", "fail", "error" };

const char *kit_status_name(enum kit_status s)
{
	return s <= KIT_ERROR ? status_names[s] : "error";
}

int kit_status_parse(const char *word, enum kit_status *s)
{
	for (int i = 0; i <= KIT_ERROR; i++)
		if (strcmp(word, status_names[i]) == 0) {
			*s = (enum kit_status)i;
			return 0;
		}
	return -1;
}

char *kit_escape(char *dst, size_t size, const char *src)
{
	size_t o = 0;

	for (; src && *src && o + 5 < size; src++) {
		unsigned char c = (unsigned char)*src;

		if (c == '\\') o += (size_t)snprintf(dst + o, size - o, "\\\\");
		else if (c == '\t') o += (size_t)snprintf(dst + o, size - o, "\\t");
		else if (c == '\n') o += (size_t)snprintf(dst + o, size - o, "\\n");
		else if (c == '\r') o += (size_t)snprintf(dst + o, size - o, "\\r");
		else if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(dst + o, size - o, "\\x%02x", c);
		else
			dst[o++] = (char)c;
	}
	dst[o] = '\0';
	return dst;
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

static void write_line(int fd, const char *line)
{
	size_t len = strlen(line);

	while (len > 0) {
		ssize_t n = write(fd, line, len);

		if (n <= 0)
			return;
		line += n;
		len -= (size_t)n;
	}
}

void kit_record_write(int fd, const struct kit_record *r)
{
	char name[256], msg[4200], hint[2100], line[6800];

	if (r->hint[0])
		snprintf(line, sizeof line, "R\t%s\t%s\t%s\t%.3f\t%s\n",
			 kit_escape(name, sizeof name, r->name),
			 kit_status_name(r->status),
			 kit_escape(msg, sizeof msg, r->msg), r->seconds,
			 kit_escape(hint, sizeof hint, r->hint));
	else
		snprintf(line, sizeof line, "R\t%s\t%s\t%s\t%.3f\n",
			 kit_escape(name, sizeof name, r->name),
			 kit_status_name(r->status),
			 kit_escape(msg, sizeof msg, r->msg), r->seconds);
	write_line(fd, line);
}

void kit_meta_write(int fd, const struct kit_test *t, int points, double timeout)
{
	char name[256], desc[1024], hint[2048], line[3600];

	snprintf(line, sizeof line, "M\t%s\t%d\t%d\t%d\t%d\t%g\t%s\t%s\n",
		 kit_escape(name, sizeof name, t->name), points, t->hidden,
		 t->faults || t->no_valgrind, t->signal, timeout,
		 kit_escape(desc, sizeof desc, t->desc),
		 kit_escape(hint, sizeof hint, t->hint));
	write_line(fd, line);
}
