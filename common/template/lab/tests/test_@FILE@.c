/*
 * Tests of lab @NUM@, @TITLE@.
 *
 * TODO(author): at least ten graded tests, one idea each (BRIEF.md has the
 * bar).  Each must fail on the starter and pass on the solution: `make
 * test` checks both.  Hidden tests go in tests/hidden_*.c, which is all
 * that makes them hidden (INSTRUCTORS.md).
 */
#include "kit.h"
#include "@FILE@.h"

#include <errno.h>
#include <sys/mman.h>

KIT_TEST(map_pages_gives_zeroed_pages, .points = 2,
	 .desc = N_("@PREFIX@_map_pages maps the pages asked for, zero-filled and writable"),
	 .hint = N_("One mmap call: no file (MAP_ANONYMOUS, fd -1), MAP_PRIVATE, "
		    "PROT_READ | PROT_WRITE, and a length of npages times the page size."))
{
	size_t len = 3 * kit_page_size();
	unsigned char *p = @PREFIX@_map_pages(3);

	ck_assert_ptr_nonnull(p);
	ck_assert_msg(kit_is_mapped(p, len), _("the %zu bytes asked for are not all mapped"),
		      len);
	ck_assert_uint_eq(p[0], 0);
	ck_assert_uint_eq(p[len - 1], 0);
	ck_assert_no_fault(kit_touch_write(p + len - 1, 1));
	ck_assert_int_eq(munmap(p, len), 0);
}

KIT_TEST(map_pages_refuses_zero,
	 .desc = N_("@PREFIX@_map_pages(0) fails with EINVAL"),
	 .hint = N_("Check npages before anything else and set errno = EINVAL "
		    "yourself: the contract is yours, not mmap's."))
{
	errno = 0;
	ck_assert_ptr_null(@PREFIX@_map_pages(0));
	ck_assert_errno(EINVAL);
}
