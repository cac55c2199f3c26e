/*
 * test_endings.c - one test per way a test can end, for endings.sh, which
 * grades a submission that ends each of them badly and reads the words of
 * the report, in English and in French (po/fr.po).
 */
#define _GNU_SOURCE
#include "kit.h"
#include "endings.h"

#include <errno.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <unistd.h>

KIT_TEST(value, .desc = N_("e_count gives 3"),
	 .hint = N_("Count the three of them."))
{
	ck_assert_int_eq(e_count(), 3);
}

KIT_TEST(mode, .desc = N_("e_mode gives the bits 0640"))
{
	ck_assert_int_eq(e_mode(), 0640);
}

KIT_TEST(errno_name, .desc = N_("e_open_missing fails with ENOENT"))
{
	ck_assert_int_eq(e_open_missing(), -1);
	ck_assert_int_eq(errno, ENOENT);
}

KIT_TEST(hint_per_check, .desc = N_("two checks, a hint each"),
	 .hint = N_("the test's own hint"))
{
	kit_hint(N_("the first check's hint"));
	ck_assert_int_eq(1 + 1, 2);
	kit_hint(N_("the second check's hint"));
	ck_assert_int_eq(e_second(), 2);
}

KIT_TEST(null_crash, .desc = N_("e_null returns"), .faults = 1)
{
	e_null();
}

KIT_TEST(map_failed_crash, .desc = N_("e_map_failed returns"), .faults = 1)
{
	e_map_failed();
}

KIT_TEST(loop, .desc = N_("e_loop returns"), .timeout = 1)
{
	e_loop();
}

KIT_TEST(killed, .desc = N_("e_kill returns"), .faults = 1)
{
	e_kill();
}

/* A child the test forks dies: its wait status said in words. */
KIT_TEST(child_status, .desc = N_("e_child returns, in a child"))
{
	int status = -1;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		e_child();
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_wait_status(status, 0);
}

KIT_TEST(memory, .desc = N_("e_memory returns"), .timeout = 20, .faults = 1)
{
	e_memory();
}

KIT_TEST(output, .desc = N_("e_output returns"))
{
	e_output();
}

/* A catalogue mapped by gettext during a test (perror's words, in French)
 * is no mapping the student leaked. */
KIT_TEST(no_leak_from_words, .desc = N_("e_perror leaves no mapping behind"))
{
	struct kit_snapshot before;

	kit_snapshot_take(&before);
	e_perror();
	ck_assert_no_mapping_leak(&before);
}

/* The kit failing to prepare a test (a "U" record, as kit_tmp.c writes
 * when the disk is full), when endings.sh asks for it. */
KIT_TEST(environment, .desc = N_("the kit prepares the test"))
{
	static const char record[] = "U\tthe disk is full (endings.sh)\n";

	if (getenv("ENDINGS_UNGRADABLE") && write(3, record, sizeof record - 1) > 0)
		_exit(3);
}
