/*
 * json.c - JSON strings that every parser accepts.
 */
#include "json.h"

#include "utf8.h"

#include <stddef.h>

void json_string(FILE *out, const char *text)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	unsigned cp;

	fputc('"', out);
	while (*s) {
		size_t n = utf8_decode((const char *)s, &cp);

		if (n == 0) {
			fputs("\\ufffd", out);
			s++;
			continue;
		}
		switch (*s) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*s < 0x20 || *s == 0x7f)
				fprintf(out, "\\u%04x", *s);
			else
				fwrite(s, 1, n, out);
		}
		s += n;
	}
	fputc('"', out);
}
