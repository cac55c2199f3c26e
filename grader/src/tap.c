/*
 * tap.c - TAP descriptions and YAML strings that cannot change a verdict.
 */
#include "tap.h"
#include "utf8.h"

void tap_description(FILE *out, const char *s)
{
	while (s && *s) {
		unsigned cp;
		size_t n = utf8_decode(s, &cp);

		if (n == 0)
			fputs(UTF8_REPLACEMENT, out);
		else if (cp == '#' || cp == '\\')
			fprintf(out, "\\%c", (char)cp);
		else if (cp < 0x20 || cp == 0x7f)
			fputc(' ', out);
		else
			fwrite(s, 1, n, out);
		s += n ? n : 1;
	}
}

/* C1 controls, and what YAML 1.1 parsers take for line breaks. */
static int yaml_unsafe(unsigned cp)
{
	return (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0xfeff;
}

/* The YAMLish reader knows \" \\ \n \r \t and \xNN, and nothing more. */
static void yaml_char(FILE *out, const char *s, size_t n, unsigned cp)
{
	switch (cp) {
	case '"': fputs("\\\"", out); return;
	case '\\': fputs("\\\\", out); return;
	case '\n': fputs("\\n", out); return;
	case '\r': fputs("\\r", out); return;
	case '\t': fputs("\\t", out); return;
	}
	if (cp < 0x20 || cp == 0x7f)
		fprintf(out, "\\x%02x", cp);
	else
		fwrite(s, 1, n, out);
}

void tap_yaml_string(FILE *out, const char *s)
{
	fputc('"', out);
	while (s && *s) {
		unsigned cp;
		size_t n = utf8_decode(s, &cp);

		if (n == 0 || yaml_unsafe(cp))
			fputs(UTF8_REPLACEMENT, out);
		else
			yaml_char(out, s, n, cp);
		s += n ? n : 1;
	}
	fputc('"', out);
}
