/*
 * check_words.c - Check's assertion messages, said again in words.
 *
 * Check writes the failure of ck_assert_int_eq(fm_count_byte(p, 'a'), 3)
 * as "Assertion 'fm_count_byte(p, 'a') == 3' failed: fm_count_byte(p,
 * 'a') == -1, 3 == 3": the values are there, but read as nonsense.  Its
 * formats are fixed (check.h), so the runner, which alone shows them, can
 * say the same thing the way a student reads it:
 *
 *   fm_count_byte(p, 'a') returned -1, expected 3
 *
 * The first operand is the value under test, the second the expected one
 * (the kit's convention; if only the first is a constant, they are
 * swapped).  Check prints every integer in decimal: when the expected
 * side says which base fits (an octal literal or a name with "mode" for
 * permission bits, a hex literal, an errno name, PROT_ flags), both
 * values are printed in it.  A message in no known format is left as it
 * is: the kit's own assertions (kit_assert.h) are in words already.
 */
#define _GNU_SOURCE
#include "kit_lang.h"
#include "runner.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The largest error number Linux has room for (include/linux/err.h). */
#define MAX_ERRNO 4095

enum base { DECIMAL, OCTAL, HEX, ERRNO, PROT };

/* A C constant: a number, a character, a string, NULL, an all-caps name. */
static int is_constant(const char *e)
{
	int caps = 1;

	if (*e == '-' || *e == '+')
		e++;
	if (isdigit((unsigned char)*e) || *e == '\'' || *e == '"')
		return 1;
	for (const char *p = e; *p; p++)
		if (!(isupper((unsigned char)*p) || isdigit((unsigned char)*p) ||
		      *p == '_' || *p == '|' || *p == ' ' || *p == '(' || *p == ')'))
			caps = 0;
	return caps && *e;
}

static int has(const char *e, const char *word)
{
	return strcasestr(e, word) != NULL;
}

static enum base base_for(const char *got_expr, const char *want_expr)
{
	const char *w = want_expr;

	if (*w == '-')
		w++;
	if (strcmp(got_expr, "errno") == 0 || (w[0] == 'E' && isupper((unsigned char)w[1]) &&
					       strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == strlen(w)))
		return ERRNO;
	if (strstr(want_expr, "PROT_"))
		return PROT;
	if (w[0] == '0' && (w[1] == 'x' || w[1] == 'X'))
		return HEX;
	if ((w[0] == '0' && isdigit((unsigned char)w[1])) || strstr(want_expr, "S_I") ||
	    has(got_expr, "mode") || has(want_expr, "mode") || has(got_expr, "perm"))
		return OCTAL;
	return DECIMAL;
}

/* VALUE (Check's decimal) in BASE into OUT; VALUE itself if not a number. */
static void in_base(const char *value, enum base b, char *out, size_t size)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(value, &end, 10);
	if (b == DECIMAL || *value == '\0' || *end != '\0' || errno) {
		snprintf(out, size, "%s", value);
		return;
	}
	switch (b) {
	case OCTAL:
		snprintf(out, size, "0%llo", (unsigned long long)v);
		break;
	case HEX:
		snprintf(out, size, "%#llx", (unsigned long long)v);
		break;
	case ERRNO: {
		const char *name = v > 0 && v <= MAX_ERRNO ? strerrorname_np((int)v) : NULL;

		if (v == 0)
			snprintf(out, size, "0 (%s)", K_("no error"));
		else if (name)
			snprintf(out, size, "%s", name);
		else
			snprintf(out, size, "%s", value);
		break;
	}
	case PROT: {
		size_t o = 0;

		/* Only the three rights, by name; any other bit (or a
		 * negative value) and the number is said as it is. */
		if (v < 0 || (v & ~(long long)(PROT_READ | PROT_WRITE | PROT_EXEC))) {
			snprintf(out, size, "%s", value);
			break;
		}
		out[0] = '\0';
		if (v == PROT_NONE)
			snprintf(out, size, "PROT_NONE");
		if (v & PROT_READ)
			o += (size_t)snprintf(out + o, size - o, "%sPROT_READ", o ? "|" : "");
		if ((v & PROT_WRITE) && o < size)
			o += (size_t)snprintf(out + o, size - o, "%sPROT_WRITE", o ? "|" : "");
		if ((v & PROT_EXEC) && o < size)
			snprintf(out + o, size - o, "%sPROT_EXEC", o ? "|" : "");
		break;
	}
	default:
		snprintf(out, size, "%s", value);
	}
}

/* "expected 3" or, when the expression is not the value, "expected 3
 * (count)": the student sees both what and where from. */
/* Are A and B the same but for spaces ("PROT_READ | PROT_WRITE")? */
static int same_words(const char *a, const char *b)
{
	for (;; a++, b++) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a != *b)
			return 0;
		if (*a == '\0')
			return 1;
	}
}

static void expected_words(const char *expr, const char *value, char *out,
			   size_t size)
{
	if (same_words(expr, value) || (is_constant(expr) && !isupper((unsigned char)*expr)))
		snprintf(out, size, "%s", value);
	else
		snprintf(out, size, "%s (%s)", value, expr);
}

/* "fm_copy(src, dst)": a call, whose value is what it returned. */
static int is_call(const char *e)
{
	size_t n = strlen(e);

	return n > 2 && e[n - 1] == ')' && e[0] != '(' && strchr(e, '(') &&
	       (isalpha((unsigned char)e[0]) || e[0] == '_');
}

/* "errno" as the test wrote it: Check prints glibc's expansion. */
static const char *unexpanded(const char *e)
{
	return strcmp(e, "(*__errno_location ())") == 0 ? "errno" : e;
}

/* Says X OP Y, whose values are XV and YV. */
static void say(const char *x, const char *op, const char *y, const char *xv,
		const char *yv, char *out, size_t size)
{
	char a[160], b[160], want[700];
	enum base base;

	x = unexpanded(x);
	y = unexpanded(y);
	/* The value under test first: swap a constant written first. */
	if (is_constant(x) && !is_constant(y)) {
		const char *t;

		t = x; x = y; y = t;
		t = xv; xv = yv; yv = t;
		if (op[0] == '<') op = op[1] ? ">=" : ">";
		else if (op[0] == '>') op = op[1] ? "<=" : "<";
	}
	base = base_for(x, y);
	in_base(xv, base, a, sizeof a);
	in_base(yv, base, b, sizeof b);
	expected_words(y, b, want, sizeof want);
	if (strcmp(op, "==") == 0 && is_call(x))
		snprintf(out, size, K_("%s returned %s, expected %s"), x, a, want);
	else if (strcmp(op, "==") == 0)
		snprintf(out, size, K_("%s is %s, expected %s"), x, a, want);
	else if (strcmp(op, "!=") == 0)
		snprintf(out, size, K_("%s is %s, which it must not be"), x, a);
	else
		snprintf(out, size, K_("%s is %s, expected a value %s %s"), x, a,
			 op, want);
}

/* Splits "X OP Y" where the values' part begins "X == ": finds OP. */
static int split_expr(const char *expr, const char *values, char *x, char *op,
		      char *y, size_t size)
{
	static const char *const ops[] = { " == ", " != ", " <= ", " >= ",
					   " < ", " > " };

	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		for (const char *p = strstr(expr, ops[i]); p; p = strstr(p + 1, ops[i])) {
			size_t xl = (size_t)(p - expr), ol = strlen(ops[i]);

			if (xl >= size || strlen(p + ol) >= size ||
			    strncmp(values, expr, xl) != 0 ||
			    strncmp(values + xl, " == ", 4) != 0)
				continue;
			snprintf(x, size, "%.*s", (int)xl, expr);
			snprintf(op, 3, "%.*s", (int)ol - 2, ops[i] + 1);
			snprintf(y, size, "%s", p + ol);
			return 0;
		}
	return -1;
}

/* Rewrites BODY (the message without its place); false if not Check's. */
static int rewrite(const char *body, char *out, size_t size)
{
	static const char head[] = "Assertion '";
	char expr[1024], x[512], op[3], y[512], xv[512], yv[512];
	const char *end, *values, *sep;

	if (strncmp(body, head, sizeof head - 1) != 0)
		return 0;
	body += sizeof head - 1;
	end = strstr(body, "' failed");
	if (end == NULL || (size_t)(end - body) >= sizeof expr)
		return 0;
	snprintf(expr, sizeof expr, "%.*s", (int)(end - body), body);
	if (strcmp(end, "' failed") == 0) {      /* ck_assert(expr) */
		snprintf(out, size, K_("this should hold, and does not: %s"), expr);
		return 1;
	}
	if (strncmp(end, "' failed: ", 10) != 0)
		return 0;
	values = end + 10;
	/* ck_assert_ptr_null / nonnull: "X == NULL", one value. */
	if (strlen(expr) > 8 && (strcmp(expr + strlen(expr) - 8, " == NULL") == 0 ||
				 strcmp(expr + strlen(expr) - 8, " != NULL") == 0)) {
		int want_null = expr[strlen(expr) - 7] == '=';

		expr[strlen(expr) - 8] = '\0';
		sep = values + strlen(expr);
		if (strncmp(values, expr, strlen(expr)) != 0 || strncmp(sep, " == ", 4) != 0)
			return 0;
		snprintf(out, size, want_null ? K_("%s is %s, expected NULL")
					      : K_("%s is NULL, expected a pointer"),
			 expr, sep + 4);
		return 1;
	}
	if (split_expr(expr, values, x, op, y, sizeof x) != 0)
		return 0;
	values += strlen(x) + 4;
	/* Then "XV, Y == YV": the last ", Y == " ends XV. */
	{
		char mark[520];
		const char *m = NULL;

		snprintf(mark, sizeof mark, ", %s == ", y);
		for (const char *p = strstr(values, mark); p; p = strstr(p + 1, mark))
			m = p;
		if (m == NULL || (size_t)(m - values) >= sizeof xv)
			return 0;
		snprintf(xv, sizeof xv, "%.*s", (int)(m - values), values);
		snprintf(yv, sizeof yv, "%s", m + strlen(mark));
	}
	say(x, op, y, xv, yv, out, size);
	return 1;
}

void check_words(const char *msg, char *out, size_t size)
{
	/* kit_main.c appends " (tests/test_x.c:42)": kept as it is. */
	const char *place = strrchr(msg, '(');
	char body[2048];

	if (place == NULL || place == msg || place[-1] != ' ' ||
	    msg[strlen(msg) - 1] != ')' || strchr(place, ':') == NULL)
		place = msg + strlen(msg);
	else
		place--;
	snprintf(body, sizeof body, "%.*s", (int)(place - msg), msg);
	if (rewrite(body, out, size)) {
		size_t n = strlen(out);

		snprintf(out + n, size - n, "%s", place);
	} else
		snprintf(out, size, "%s", msg);
}
