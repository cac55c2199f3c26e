/*
 * fingerprint.h - hashes of what the trusted objects are built from.
 */
#ifndef FINGERPRINT_H
#define FINGERPRINT_H

#include "grader.h"

/* The hash of the kit's common/ (library, headers, build rules), as text. */
char *fingerprint_kit(const char *kit);

/* The hash of a lab's trusted inputs, KIT_FINGERPRINT included. */
char *fingerprint_lab(const char *kit_fingerprint, const char *lab_dir);

/* Does DIR/inputs.hash hold FINGERPRINT? */
int fingerprint_matches(const char *dir, const char *fingerprint);

/* Writes FINGERPRINT into DIR/inputs.hash; 0 or -1. */
int fingerprint_keep(const char *dir, const char *fingerprint);

#endif
