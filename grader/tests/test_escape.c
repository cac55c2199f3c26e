/*
 * test_escape.c - the escaping modules, byte for byte.
 *
 * Every structured report goes through one of these functions; each test
 * feeds one the kind of text a student's code can produce (markup,
 * directives, quotes, control characters, broken UTF-8) and checks the
 * exact bytes that come out.  report_formats.sh then checks the same
 * reports with the programs that read them (xmllint, prove, JSON::PP).
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "json.h"
#include "tap.h"
#include "utf8.h"
#include "xml.h"

#define FFFD UTF8_REPLACEMENT

/* What WRITE writes for IN, as a string the test owns. */
static char *written(void (*write)(FILE *, const char *), const char *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	write(f, in);
	fclose(f);
	return buf;
}

#define ck_assert_writes(write, in, out)                                     \
	do {                                                                 \
		char *got_ = written(write, in);                             \
		ck_assert_str_eq(got_, out);                                 \
		free(got_);                                                  \
	} while (0)

/* --- utf8 ---------------------------------------------------------------- */

START_TEST(utf8_accepts_every_length)
{
	unsigned cp;

	ck_assert_uint_eq(utf8_decode("A", &cp), 1);
	ck_assert_uint_eq(cp, 'A');
	ck_assert_uint_eq(utf8_decode("\xc3\xa9", &cp), 2);
	ck_assert_uint_eq(cp, 0xe9);
	ck_assert_uint_eq(utf8_decode("\xe2\x82\xac", &cp), 3);
	ck_assert_uint_eq(cp, 0x20ac);
	ck_assert_uint_eq(utf8_decode("\xf0\x9f\x98\x80", &cp), 4);
	ck_assert_uint_eq(cp, 0x1f600);
}
END_TEST

START_TEST(utf8_refuses_what_is_not_utf8)
{
	unsigned cp;

	ck_assert_uint_eq(utf8_decode("\x80", &cp), 0);           /* stray   */
	ck_assert_uint_eq(utf8_decode("\xc0\xaf", &cp), 0);       /* overlong */
	ck_assert_uint_eq(utf8_decode("\xed\xa0\x80", &cp), 0);   /* surrogate */
	ck_assert_uint_eq(utf8_decode("\xf4\x90\x80\x80", &cp), 0); /* > 10FFFF */
	ck_assert_uint_eq(utf8_decode("\xe2\x82", &cp), 0);       /* cut short */
	ck_assert_uint_eq(utf8_decode("\xff", &cp), 0);
}
END_TEST

/* --- xml ----------------------------------------------------------------- */

START_TEST(xml_text_escapes_markup)
{
	ck_assert_writes(xml_text, "a<b>&c", "a&lt;b&gt;&amp;c");
	ck_assert_writes(xml_text, "x]]>y", "x]]&gt;y");
	ck_assert_writes(xml_text, "</failure><testcase name=\"x\">",
			 "&lt;/failure&gt;&lt;testcase name=\"x\"&gt;");
	ck_assert_writes(xml_text, "line\nnext\ttab\r", "line\nnext\ttab&#13;");
}
END_TEST

START_TEST(xml_attr_escapes_quotes_and_white_space)
{
	ck_assert_writes(xml_attr, "say \"hi\" 'there'",
			 "say &quot;hi&quot; &apos;there&apos;");
	ck_assert_writes(xml_attr, "a\nb\tc\rd", "a&#10;b&#9;c&#13;d");
}
END_TEST

START_TEST(xml_replaces_what_xml_forbids)
{
	ck_assert_writes(xml_text, "bell\a nul-less\x01", "bell" FFFD " nul-less" FFFD);
	ck_assert_writes(xml_text, "\xef\xbf\xbe", FFFD);         /* U+FFFE  */
	ck_assert_writes(xml_text, "bad\xff\xfe", "bad" FFFD FFFD);
	ck_assert_writes(xml_text, "\xe2\x82", FFFD FFFD);
	ck_assert_writes(xml_attr, "caf\xc3\xa9", "caf\xc3\xa9");
}
END_TEST

/* --- tap ----------------------------------------------------------------- */

START_TEST(tap_description_cannot_hold_a_directive)
{
	ck_assert_writes(tap_description, "x # TODO later", "x \\# TODO later");
	ck_assert_writes(tap_description, "a\\# SKIP", "a\\\\\\# SKIP");
	ck_assert_writes(tap_description, "one\nok 2 - fake", "one ok 2 - fake");
}
END_TEST

START_TEST(tap_yaml_string_is_one_quoted_line)
{
	ck_assert_writes(tap_yaml_string, "plain", "\"plain\"");
	ck_assert_writes(tap_yaml_string, "q\"b\\", "\"q\\\"b\\\\\"");
	ck_assert_writes(tap_yaml_string, "a\nok 9\r\t\x01\x7f",
			 "\"a\\nok 9\\r\\t\\x01\\x7f\"");
	ck_assert_writes(tap_yaml_string, "  ...\n---", "\"  ...\\n---\"");
}
END_TEST

START_TEST(tap_yaml_string_replaces_odd_characters)
{
	ck_assert_writes(tap_yaml_string, "\xff", "\"" FFFD "\"");
	ck_assert_writes(tap_yaml_string, "\xc2\x85", "\"" FFFD "\"");   /* NEL */
	ck_assert_writes(tap_yaml_string, "\xe2\x80\xa8", "\"" FFFD "\""); /* LS */
	ck_assert_writes(tap_yaml_string, "\xc3\xa9t\xc3\xa9", "\"\xc3\xa9t\xc3\xa9\"");
}
END_TEST

/* --- csv ----------------------------------------------------------------- */

START_TEST(csv_quotes_only_when_needed)
{
	ck_assert_writes(csv_field, "alice", "alice");
	ck_assert_writes(csv_field, "a,b", "\"a,b\"");
	ck_assert_writes(csv_field, "say \"hi\"", "\"say \"\"hi\"\"\"");
	ck_assert_writes(csv_field, " padded", "\" padded\"");
	ck_assert_writes(csv_field, "", "");
}
END_TEST

START_TEST(csv_field_is_one_line_of_text)
{
	ck_assert_writes(csv_field, "two\nlines\r", "\"two lines \"");
	ck_assert_writes(csv_field, "tab\there", "\"tab here\"");
	ck_assert_writes(csv_field, "bad\xff", "bad" FFFD);
}
END_TEST

START_TEST(csv_field_is_never_a_formula)
{
	ck_assert_writes(csv_field, "=HYPERLINK(\"http://x\")",
			 "\"'=HYPERLINK(\"\"http://x\"\")\"");
	ck_assert_writes(csv_field, "+1", "\"'+1\"");
	ck_assert_writes(csv_field, "-2", "\"'-2\"");
	ck_assert_writes(csv_field, "@SUM(A1)", "\"'@SUM(A1)\"");
}
END_TEST

/* --- json (the existing module, held to the same standard) --------------- */

START_TEST(json_string_escapes_everything_odd)
{
	ck_assert_writes(json_string, "q\"b\\\n\x01", "\"q\\\"b\\\\\\n\\u0001\"");
	ck_assert_writes(json_string, "bad\xff", "\"bad\\ufffd\"");
}
END_TEST

static Suite *escape_suite(void)
{
	Suite *s = suite_create("escape");
	TCase *tc = tcase_create("all");

	tcase_add_test(tc, utf8_accepts_every_length);
	tcase_add_test(tc, utf8_refuses_what_is_not_utf8);
	tcase_add_test(tc, xml_text_escapes_markup);
	tcase_add_test(tc, xml_attr_escapes_quotes_and_white_space);
	tcase_add_test(tc, xml_replaces_what_xml_forbids);
	tcase_add_test(tc, tap_description_cannot_hold_a_directive);
	tcase_add_test(tc, tap_yaml_string_is_one_quoted_line);
	tcase_add_test(tc, tap_yaml_string_replaces_odd_characters);
	tcase_add_test(tc, csv_quotes_only_when_needed);
	tcase_add_test(tc, csv_field_is_one_line_of_text);
	tcase_add_test(tc, csv_field_is_never_a_formula);
	tcase_add_test(tc, json_string_escapes_everything_odd);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(escape_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
