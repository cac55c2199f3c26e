/*
 * xml.c - XML text and attribute values that every parser accepts.
 */
#include "xml.h"
#include "utf8.h"

/* Code points an XML 1.0 document may contain (its "Char" production). */
static int xml_char(unsigned cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	return cp != 0xfffe && cp != 0xffff;
}

/* The entity for C, or NULL if C is written as itself. */
static const char *entity(unsigned c, int attribute)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";        /* "]]>" is not allowed in text */
	case '\r': return "&#13;";      /* parsers turn a raw CR into LF */
	}
	if (!attribute)
		return NULL;
	switch (c) {
	case '"': return "&quot;";
	case '\'': return "&apos;";
	case '\t': return "&#9;";       /* attribute values are normalised: */
	case '\n': return "&#10;";      /* raw white space becomes a space  */
	}
	return NULL;
}

static void escape(FILE *out, const char *s, int attribute)
{
	while (s && *s) {
		unsigned cp;
		size_t n = utf8_decode(s, &cp);
		const char *e;

		if (n == 0 || !xml_char(cp)) {
			fputs(UTF8_REPLACEMENT, out);
			s += n ? n : 1;
			continue;
		}
		if ((e = entity(cp, attribute)) != NULL)
			fputs(e, out);
		else
			fwrite(s, 1, n, out);
		s += n;
	}
}

void xml_text(FILE *out, const char *s)
{
	escape(out, s, 0);
}

void xml_attr(FILE *out, const char *s)
{
	escape(out, s, 1);
}
