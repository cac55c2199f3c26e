/*
 * report.h - the writers, all fed by the same struct grade.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "grader.h"

/* For the student at the terminal; COLOR: ANSI colours on. */
void report_text(FILE *out, const struct grade *g, int color);

/* Gradescope's results.json; -1 if PATH cannot be written. */
int report_json(const char *path, const struct grade *g);

#endif
