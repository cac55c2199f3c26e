/*
 * leaks.h - the leak oracles of lab 02's tests, on top of kit_leak.h.
 *
 * Valgrind runs in the address space of the program it checks and maps
 * memory for itself (shadow memory, its own heap) whenever it needs some,
 * so under valgrind a mapping that appeared during a test proves nothing
 * about the code under test.  The snapshot oracle is kept for normal runs;
 * the precise one, "this range is gone", holds everywhere.
 */
#ifndef LAB02_LEAKS_H
#define LAB02_LEAKS_H

#include "kit.h"

#include <stdlib.h>
#include <string.h>

static inline int under_valgrind(void)
{
	const char *preload = getenv("LD_PRELOAD");

	return preload != NULL && strstr(preload, "vgpreload") != NULL;
}

/* No mapping exists now that did not exist when BEFORE was taken. */
#define assert_no_new_mapping(before)                                        \
	do {                                                                 \
		if (!under_valgrind())                                       \
			ck_assert_no_mapping_leak(before);                   \
	} while (0)

/* Not one page of [ADDR, ADDR + LEN) is mapped any more. */
#define assert_unmapped(addr, len)                                           \
	do {                                                                 \
		const unsigned char *at_ = (const unsigned char *)(addr);    \
		size_t page_ = kit_page_size();                              \
		for (size_t off_ = 0; off_ < (len); off_ += page_)           \
			ck_assert_msg(!kit_is_mapped(at_ + off_, 1),         \
				      "%p is still mapped: munmap the whole " \
				      "range that mmap gave", at_ + off_);   \
	} while (0)

#endif
