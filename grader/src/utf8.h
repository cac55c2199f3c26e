/*
 * utf8.h - decoding student text one character at a time.
 *
 * Student output may hold any bytes.  Every writer of a structured format
 * walks it with utf8_decode and replaces what does not decode, so that no
 * byte sequence can make the document unreadable.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

#define UTF8_REPLACEMENT "\xef\xbf\xbd"     /* U+FFFD, in UTF-8 */

/*
 * Length of the valid, shortest-form UTF-8 sequence at S (1 to 4), its code
 * point in *CP; 0 if S does not start one (a stray continuation byte, an
 * overlong form, a surrogate, past U+10FFFF, a sequence cut short).
 */
size_t utf8_decode(const char *s, unsigned *cp);

#endif
