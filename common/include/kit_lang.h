/*
 * kit_lang.h - the language of the words a student reads.
 *
 * Three kinds of programs speak to the student: the grader, the trusted
 * runner and the test's own process.  Each chooses its language once,
 * with kit_lang_init, the same way (so they never disagree), then looks
 * words up in GNU gettext catalogues compiled by the build:
 *
 *   <kit build>/locale/<lang>/LC_MESSAGES/mmap-kit.mo   the kit's words
 *   <kit build>/locale/<lang>/LC_MESSAGES/<lab>.mo      a lab's tests'
 *
 * A missing catalogue, or a language with none, means English: never a
 * failure.  Strings of the kit's own code are marked K_("...") (looked up
 * at once) or KN_("...") (a constant, looked up where it is shown), and
 * extracted into common/po/ by xgettext --keyword=K_ --keyword=KN_.
 */
#ifndef KIT_LANG_H
#define KIT_LANG_H

#include <libintl.h>

#define KIT_TEXT_DOMAIN "mmap-kit"

#define K_(msgid) kit_gettext(msgid)
#define KN_(msgid) msgid

/*
 * MSGID in the kit's catalogue.  The first lookup of a process that has
 * not chosen its language chooses it (kit_lang_init(NULL, NULL)): a
 * test's process chooses only when it has something to say, so a test
 * that passes never pays for it.
 */
const char *kit_gettext(const char *msgid) __attribute__((format_arg(1)));

/* Chooses the language now if it has not been chosen yet. */
void kit_lang_need(void);

/*
 * Chooses the language of messages: REQUEST ("fr", "en"; NULL for none),
 * else $KIT_LANG (set by the first program of a run for those it starts),
 * else the locale's variables as gettext reads them: LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG.  Works where no locale was ever generated: when the
 * asked-for locale does not exist, LC_MESSAGES becomes the built-in
 * C.UTF-8 and LANGUAGE names the language, which gettext then follows.
 * Only LC_MESSAGES changes: the code under test keeps the "C" conventions
 * of numbers and characters it was written for.  Then binds the kit's
 * domain to LOCALEDIR (NULL: $KIT_LOCALEDIR, else no catalogue).
 */
void kit_lang_init(const char *request, const char *localedir);

/* Are the messages plainly English (the locale C, C.UTF-8 or en_*, no
 * LANGUAGE, no KIT_LANG but en)?  Then no catalogue is ever read. */
int kit_lang_english(void);

/* Binds another domain (a lab's) to the folder kit_lang_init chose. */
void kit_lang_bind(const char *domain);

/* The folder of the compiled catalogues (NULL if none was given). */
const char *kit_lang_dir(void);

#endif
