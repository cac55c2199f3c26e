/*
 * tap.h - the one place that turns text into TAP (version 13).
 *
 * A test line is "ok N - description" or "not ok N - description"; a '#'
 * in the description would start a directive (TODO turns a failure into
 * a pass, SKIP ignores it), and a newline would start a line of its own.
 * Student text therefore goes only into the YAML block under a test line,
 * as double-quoted strings in which nothing is raw but printable text.
 */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>

/* A test description: '#' and '\' escaped, control characters as spaces. */
void tap_description(FILE *out, const char *s);

/*
 * A double-quoted YAML string that TAP::Parser's YAMLish reader (and any
 * YAML parser) reads back as S: quote and backslash escaped, control
 * characters as \n \r \t or \xNN, invalid UTF-8 as U+FFFD.
 */
void tap_yaml_string(FILE *out, const char *s);

#endif
