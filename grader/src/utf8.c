/*
 * utf8.c - strict UTF-8 decoding (RFC 3629).
 */
#include "utf8.h"

size_t utf8_decode(const char *text, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n;
	unsigned min, c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) { n = 2; min = 0x80; c = s[0] & 0x1f; }
	else if ((s[0] & 0xf0) == 0xe0) { n = 3; min = 0x800; c = s[0] & 0x0f; }
	else if ((s[0] & 0xf8) == 0xf0) { n = 4; min = 0x10000; c = s[0] & 0x07; }
	else return 0;
	/* A NUL terminator is not a continuation byte: no read past it. */
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}
