/*
 * csv.h - the one place that turns text into a CSV field (RFC 4180).
 */
#ifndef CSV_H
#define CSV_H

#include <stdio.h>

/*
 * Writes S as one CSV field, quoted when it holds a comma, a quote or
 * leading or trailing space.  A gradebook cell is one line: control
 * characters (newlines included) become spaces, and bytes that are not
 * valid UTF-8 become U+FFFD.  A field that a spreadsheet would read as a
 * formula (it starts with = + - @) gets a leading apostrophe: CSV
 * injection.  Numbers are not text: write them with fprintf.
 */
void csv_field(FILE *out, const char *s);

#endif
