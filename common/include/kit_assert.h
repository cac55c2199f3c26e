/*
 * kit_assert.h - assertions that say what was expected and what came.
 *
 *   ck_assert_fails_with(fm_count_byte(path, 'a'), -1, ENOENT);
 *   ck_assert_bytes_eq(view, "hello", 5);
 *   ck_assert_pattern(view, 0, size);      (kit_pattern_byte, kit_tmp.h)
 *   ck_assert_file_mode(path, 0600);
 *   ck_assert_no_children();
 *
 * Each is a Check assertion: a failure ends the test with a sentence that
 * names the call, the expected value and the value seen, in the base that
 * fits (errno by name, modes in octal, bytes in hex with their offset).
 */
#ifndef KIT_ASSERT_H
#define KIT_ASSERT_H

#include <check.h>
#include <errno.h>
#include <stddef.h>
#include <sys/types.h>

#include "kit_errno.h"
#include "kit_lang.h"

/* NULL when the two ranges hold the same bytes, else where they differ. */
const char *kit_bytes_mismatch(const void *got, const void *want, size_t len);

/* NULL when GOT[i] == kit_pattern_byte(FROM + i) for i < LEN. */
const char *kit_pattern_mismatch(const void *got, off_t from, size_t len);

/* NULL when PATH's permission bits are MODE, else what they are. */
const char *kit_mode_mismatch(const char *path, mode_t mode);

/*
 * NULL when the calling process has no child left, running or zombie;
 * else a sentence naming them ("missing waitpid?").  Nothing is reaped.
 */
const char *kit_children_left(void);

/*
 * A wait status in words: "killed by SIGSEGV (Segmentation fault)",
 * "exited with status 3", "stopped by SIGSTOP"; never a raw 0xb.
 * Into BUF, which it returns.
 */
const char *kit_wait_text(int status, char *buf, size_t size);

/* STATUS (from waitpid) must be WANT, say (3 << 8) or SIGSEGV's death. */
#define ck_assert_wait_status(status, want)                                  \
	do {                                                                 \
		int kit_s_ = (status), kit_w_ = (want);                      \
		char kit_a_[128], kit_b_[128];                               \
		ck_assert_msg(kit_s_ == kit_w_, K_("the child %s, expected: " \
			      "%s"), kit_wait_text(kit_s_, kit_a_, sizeof kit_a_), \
			      kit_wait_text(kit_w_, kit_b_, sizeof kit_b_));  \
	} while (0)

/*
 * EXPR (a call returning an integer or a pointer) must fail: return RET
 * and leave errno at ERR.  errno is cleared before the call.
 */
#define ck_assert_fails_with(expr, ret, err)                                 \
	do {                                                                 \
		long long kit_got_, kit_want_ = (long long)(ret);            \
		int kit_err_;                                                \
		char kit_a_[96], kit_b_[96];                                 \
		errno = 0;                                                   \
		kit_got_ = (long long)(expr);                                \
		kit_err_ = errno;                                            \
		ck_assert_msg(kit_got_ == kit_want_, K_("%s returned %lld "  \
			      "(%#llx), expected %lld (%#llx): a failure"),  \
			      #expr, kit_got_, kit_got_, kit_want_, kit_want_); \
		ck_assert_msg(kit_err_ == (err), K_("%s failed as expected, " \
			      "but errno is %s, expected %s"), #expr,        \
			      kit_errno_text(kit_err_, kit_a_, sizeof kit_a_), \
			      kit_errno_text(err, kit_b_, sizeof kit_b_));   \
	} while (0)

#define ck_assert_bytes_eq(got, want, len)                                   \
	do {                                                                 \
		const char *kit_w_ = kit_bytes_mismatch(got, want, len);     \
		ck_assert_msg(kit_w_ == NULL, "%s: %s", #got, kit_w_);       \
	} while (0)

#define ck_assert_pattern(got, from, len)                                    \
	do {                                                                 \
		const char *kit_w_ = kit_pattern_mismatch(got, from, len);   \
		ck_assert_msg(kit_w_ == NULL, "%s: %s", #got, kit_w_);       \
	} while (0)

#define ck_assert_file_mode(path, mode)                                      \
	do {                                                                 \
		const char *kit_w_ = kit_mode_mismatch(path, mode);          \
		ck_assert_msg(kit_w_ == NULL, "%s", kit_w_);                 \
	} while (0)

#define ck_assert_no_children()                                              \
	do {                                                                 \
		const char *kit_w_ = kit_children_left();                    \
		ck_assert_msg(kit_w_ == NULL, "%s", kit_w_);                 \
	} while (0)

#endif
