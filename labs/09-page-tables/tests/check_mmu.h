/*
 * check_mmu.h - assertions shared by the tests of lab 09.
 */
#ifndef CHECK_MMU_H
#define CHECK_MMU_H

#include "kit.h"
#include "mmu.h"

#include <stdlib.h>

/* "1010001" -> 0x51: the notes' binary notation. */
static inline uint32_t bin(const char *digits)
{
	return (uint32_t)strtoul(digits, NULL, 2);
}

static inline const char *result_name(int r)
{
	switch (r) {
	case MMU_OK:            return "MMU_OK";
	case MMU_NOT_PRESENT:   return "MMU_NOT_PRESENT";
	case MMU_PROTECTION:    return "MMU_PROTECTION";
	case -1:                return _("-1 (error)");
	default:                return _("an unknown result");
	}
}

#define ck_assert_result(call, want)                                         \
	do {                                                                 \
		int r_ = (call);                                             \
		ck_assert_msg(r_ == (want), _("%s gave %s, expected %s"),    \
			      #call,                                         \
			      result_name(r_), result_name(want));           \
	} while (0)

/* CALL_WITH_PA must succeed and store WANT_PA in PA_VAR. */
#define ck_assert_translates(call_with_pa, pa_var, want_pa)                  \
	do {                                                                 \
		pa_var = 0xdeadbeef;                                         \
		ck_assert_result(call_with_pa, MMU_OK);                      \
		ck_assert_msg(pa_var == (want_pa), _("%s gave pa %#x, "      \
			      "expected %#x"), #call_with_pa,                \
			      (unsigned)pa_var, (unsigned)(want_pa));        \
	} while (0)

#endif
