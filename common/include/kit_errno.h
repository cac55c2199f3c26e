/*
 * kit_errno.h - "errno must be ENOENT", said the way a student reads it.
 */
#ifndef KIT_ERRNO_H
#define KIT_ERRNO_H

#include <errno.h>

#include "kit_lang.h"

/* "ENOENT (No such file or directory)", written in BUF (SIZE bytes), which
 * it returns; ck_assert_errno gives each of its two texts a buffer of its
 * own, so both can be in one message. */
const char *kit_errno_text(int err, char *buf, unsigned size);

#define ck_assert_errno(expected)                                            \
	do {                                                                 \
		int kit_e_ = errno;                                          \
		char kit_a_[96], kit_b_[96];                                 \
		ck_assert_msg(kit_e_ == (expected),                          \
			      K_("errno is %s, expected %s"),                \
			      kit_errno_text(kit_e_, kit_a_, sizeof kit_a_), \
			      kit_errno_text(expected, kit_b_, sizeof kit_b_)); \
	} while (0)

#endif
