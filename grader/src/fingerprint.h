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

/*
 * Empties DIR if what it holds was built from other inputs than
 * FINGERPRINT (or unknown ones), and records FINGERPRINT in it.
 */
void fingerprint_sync(const char *dir, const char *fingerprint);

/* The same for the kit build DIR, of which only the kit's own files go. */
void fingerprint_sync_kit(const char *dir, const char *fingerprint);

#endif
