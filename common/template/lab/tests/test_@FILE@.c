/*
 * Tests of lab @NUM@, @TITLE@.
 *
 * TODO(author): at least ten graded tests, one idea each.  Each must fail
 * on the starter and pass on the solution, and together they must catch
 * the lab's small bugs (make mutants) and its catalogue of real ones
 * (solutions/@NAME@/bugs/, make bugs): `make test` checks all of it
 * (INSTRUCTORS.md, "Adding a lab" and "Measuring and strengthening the
 * tests").  Hidden tests go in tests/hidden_*.c, which is all that makes
 * them hidden.
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

KIT_TEST(map_pages_one_page,
	 .desc = N_("@PREFIX@_map_pages(1) maps one whole page"),
	 .hint = N_("1 is the smallest count that must work: only 0 is refused."))
{
	size_t len = kit_page_size();
	unsigned char *p = @PREFIX@_map_pages(1);

	ck_assert_ptr_nonnull(p);
	ck_assert_msg(kit_is_mapped(p, len), _("the page asked for is not mapped"));
	ck_assert_no_fault(kit_touch_write(p + len - 1, 1));
	ck_assert_int_eq(munmap(p, len), 0);
}

KIT_TEST(map_pages_private_read_write,
	 .desc = N_("@PREFIX@_map_pages makes one private anonymous mapping, readable and "
		    "writable, of no file (descriptor -1)"),
	 .hint = N_("PROT_READ | PROT_WRITE and nothing more; MAP_PRIVATE | MAP_ANONYMOUS; "
		    "fd -1, which POSIX asks of an anonymous mapping."))
{
	const struct kit_mmap_args *call;
	unsigned char *p;

	kit_calls_reset();
	p = @PREFIX@_map_pages(2);
	ck_assert_ptr_nonnull(p);
	ck_assert_calls(mmap, 1);
	call = kit_last_mmap();
	ck_assert_int_eq(call->prot, PROT_READ | PROT_WRITE);
	ck_assert_int_eq(call->flags & (MAP_PRIVATE | MAP_SHARED | MAP_ANONYMOUS),
			 MAP_PRIVATE | MAP_ANONYMOUS);
	ck_assert_int_eq(call->fd, -1);
	ck_assert_uint_eq(call->length, 2 * kit_page_size());
	ck_assert_int_eq(munmap(p, 2 * kit_page_size()), 0);
}

KIT_TEST(map_pages_reports_mmap_failure,
	 .desc = N_("@PREFIX@_map_pages gives NULL with mmap's errno when mmap fails"),
	 .hint = N_("mmap fails with MAP_FAILED, not NULL: compare with MAP_FAILED, and "
		    "leave errno as mmap set it."))
{
	kit_fail_nth(KIT_mmap, 1, ENOMEM);
	errno = 0;
	ck_assert_ptr_null(@PREFIX@_map_pages(4));
	ck_assert_errno(ENOMEM);
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
