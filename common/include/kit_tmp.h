/*
 * kit_tmp.h - the small things every memory test needs.
 *
 * Scratch files live in a directory private to the running test; it is
 * removed when the test ends, however it ends.  Shared-memory names carry a
 * random token drawn once per run, so graders running side by side never
 * collide, and every name made here is unlinked after the test.
 */
#ifndef KIT_TMP_H
#define KIT_TMP_H

#include <stddef.h>
#include <sys/types.h>

/* sysconf(_SC_PAGESIZE), asked once. */
size_t kit_page_size(void);

/* The test's scratch directory (created on first use). */
const char *kit_scratch_dir(void);

/* A path inside the scratch directory; the string lives until the test ends. */
const char *kit_path(const char *name);

/* Creates NAME in the scratch directory holding LEN bytes of DATA. */
const char *kit_file_with(const char *name, const void *data, size_t len);

/*
 * Creates NAME holding SIZE bytes of a known pattern: byte i is
 * kit_pattern_byte(i).  SPARSE leaves holes (reading as zeros) and writes
 * only one byte per page, which makes huge files cheap.
 */
const char *kit_file_pattern(const char *name, off_t size);
const char *kit_file_sparse(const char *name, off_t size);
unsigned char kit_pattern_byte(off_t i);

/* How many of the pattern's first SIZE bytes equal BYTE. */
long long kit_pattern_count(off_t size, unsigned char byte);

/* The size of the file at PATH (stat's st_size), or -1. */
off_t kit_file_size(const char *path);

/* The whole content of PATH, malloc'd (NULL on error); *len gets its size. */
unsigned char *kit_slurp(const char *path, size_t *len);

/* "/kit-<run token>-<test>-<n>": a POSIX shm name unique to this run. */
const char *kit_shm_name(void);

/* Deterministic pseudo-random numbers for randomised tests (xorshift). */
unsigned long kit_random(void);
void kit_random_seed(unsigned long seed);

#endif
