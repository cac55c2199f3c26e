/*
 * xml.h - the one place that turns text into XML.
 *
 * Both functions write well-formed XML 1.0 whatever the bytes: markup
 * characters become entities, and bytes that are not valid UTF-8 or code
 * points XML 1.0 forbids (most control characters, U+FFFE, U+FFFF) become
 * U+FFFD.  Nothing a test prints can close an element or open a new one.
 */
#ifndef XML_H
#define XML_H

#include <stdio.h>

/* Element content: & < > escaped, CR kept as &#13;. */
void xml_text(FILE *out, const char *s);

/* An attribute value, without its quotes: also " ' and the white space
 * that parsers would otherwise normalise (tab, newline, CR). */
void xml_attr(FILE *out, const char *s);

#endif
