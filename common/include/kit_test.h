/*
 * kit_test.h - graded tests as declarations.
 *
 *   KIT_TEST(counts_newlines, .points = 2,
 *            .desc = "count_byte finds every '\\n' of a mapped file",
 *            .hint = "Map the whole file, then walk it like an array.")
 *   {
 *       ck_assert_int_eq(count_byte(path, '\n'), 3);
 *   }
 *
 * Each declaration puts a struct kit_test into the "kit_tests" section; the
 * kit's main() finds them all between __start_kit_tests and __stop_kit_tests,
 * so a test exists the moment it is written: there is no list to keep in sync.
 * A test declared in tests/hidden_*.c is hidden (the instructor's: handouts
 * leave the file out); where it is declared is the only mark it needs.
 */
#ifndef KIT_TEST_H
#define KIT_TEST_H

#include <check.h>

struct kit_test {
	const TTest *ttest;     /* the Check test function                  */
	const char *name;       /* identifier, unique within the lab        */
	const char *file;       /* where it is declared: keeps report order */
	int line;
	int points;             /* what it is worth (default 1)             */
	const char *desc;       /* one line the student reads               */
	const char *hint;       /* shown only when the test fails           */
	const char *domain;     /* the lab's catalogue (KIT_DOMAIN, lab.mk)  */
	double timeout;         /* seconds, before CK_TIMEOUT_MULTIPLIER     */
	int signal;             /* the whole test must die of this signal   */
	int faults;             /* faults on purpose: skipped under valgrind */
	int no_valgrind;        /* valgrind changes what it observes (its own
				 * mappings, fault counts): skipped there too */
	void (*setup)(void);    /* run in the test's process before ...     */
	void (*teardown)(void); /* ... and after the body (if it returns)   */
};

#define KIT_TEST(tname, ...)                                                 \
	static void tname##_body(void);                                      \
	static const struct kit_test tname##_kit;                            \
	START_TEST(tname)                                                    \
	{                                                                    \
		(void)tname; /* Check's handle, unused: we keep the TTest */ \
		kit_test_enter(&tname##_kit);                                \
		if (tname##_kit.setup)                                       \
			tname##_kit.setup();                                 \
		tname##_body();                                              \
		if (tname##_kit.teardown)                                    \
			tname##_kit.teardown();                              \
		kit_test_done(&tname##_kit);                                 \
	}                                                                    \
	END_TEST                                                             \
	static const struct kit_test tname##_kit                            \
	    __attribute__((used, section("kit_tests"), aligned(8))) = {     \
		.ttest = &tname##_ttest, .name = #tname,                     \
		.file = __FILE__, .line = __LINE__, KIT_DOMAIN_FIELD         \
		__VA_ARGS__ };                                               \
	static void tname##_body(void)

/*
 * Words the student reads are marked for translation, the gettext way
 * (xgettext --keyword=_ --keyword=N_; labs/NN/po/fr.po):
 *   .desc = N_("..."), .hint = N_("...")  constants, translated where shown;
 *   _("...")                              translated at once, in the lab's
 *                                         catalogue (KIT_DOMAIN, lab.mk).
 */
#define N_(msgid) msgid
#ifdef KIT_DOMAIN
#define _(msgid) kit_tr(KIT_DOMAIN, msgid)
#define KIT_DOMAIN_FIELD .domain = KIT_DOMAIN,
#else
#define KIT_DOMAIN_FIELD
#endif
const char *kit_tr(const char *domain, const char *msgid)
	__attribute__((format_arg(2)));

/*
 * The hint of the checks that follow, until the next kit_hint:
 *
 *   kit_hint(N_("The count includes the last line, even without '\\n'."));
 *   ck_assert_int_eq(fm_count_byte(path, '\n'), 3);
 *   kit_hint(N_("An empty file cannot be mapped: check its size first."));
 *   ck_assert_int_eq(fm_count_byte(empty, '\n'), 0);
 *
 * When one of them fails, or the test crashes there, the report shows
 * this hint instead of the test's .hint, translated in the lab's
 * catalogue where it is shown (so: N_, not _).  kit_hint(NULL) gives the
 * test's own back.
 */
void kit_hint(const char *msgid);

/* Called by KIT_TEST around the body, in the forked child. */
void kit_test_enter(const struct kit_test *t);
void kit_test_done(const struct kit_test *t);

/* The test being run (NULL outside a test). */
const struct kit_test *kit_current_test(void);

#endif
