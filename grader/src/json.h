/*
 * json.h - the one place that turns text into JSON.
 */
#ifndef JSON_H
#define JSON_H

#include <stdio.h>

/*
 * Writes S as a JSON string, quotes included.  Control characters are
 * escaped, and bytes that are not valid UTF-8 (student output may be
 * anything) become U+FFFD, so the document always parses.
 */
void json_string(FILE *out, const char *s);

#endif
