/*
 * csv.c - CSV fields that spreadsheets and gradebooks read as text.
 */
#include "csv.h"
#include "utf8.h"

#include <string.h>

static int needs_quotes(const char *s)
{
	size_t n = strlen(s);

	return strpbrk(s, ",\"\r\n\t") != NULL ||
	       (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
}

/* Spreadsheets evaluate a cell that starts with one of these. */
static int looks_like_formula(const char *s)
{
	return s[0] != '\0' && strchr("=+-@", s[0]) != NULL;
}

void csv_field(FILE *out, const char *s)
{
	int quoted;

	s = s ? s : "";
	quoted = needs_quotes(s) || looks_like_formula(s);
	if (quoted)
		fputc('"', out);
	if (looks_like_formula(s))
		fputc('\'', out);
	while (*s) {
		unsigned cp;
		size_t n = utf8_decode(s, &cp);

		if (n == 0)
			fputs(UTF8_REPLACEMENT, out);
		else if (cp < 0x20 || cp == 0x7f)
			fputc(' ', out);
		else if (cp == '"')
			fputs("\"\"", out);
		else
			fwrite(s, 1, n, out);
		s += n ? n : 1;
	}
	if (quoted)
		fputc('"', out);
}
