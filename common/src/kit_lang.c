/*
 * kit_lang.c - one choice of language for the grader, the runner and the
 * test's process (kit_lang.h).
 *
 * glibc's gettext follows LANGUAGE only when LC_MESSAGES is not "C"; it
 * does with the built-in "C.UTF-8" (glibc 2.35 and later, and Debian's
 * older ones).  A fresh machine or container has no fr_FR.UTF-8 locale
 * generated, so setlocale(LC_MESSAGES, "") fails for LANG=fr_FR.UTF-8 or
 * LANG=fr: then C.UTF-8 and LANGUAGE=fr give the same words without it.
 */
#define _GNU_SOURCE
#include "kit_lang.h"

#include <locale.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static char dir[PATH_MAX];
static int chosen, english;

static int is_c(const char *name)
{
	return name == NULL || *name == '\0' || strcmp(name, "C") == 0 ||
	       strcmp(name, "POSIX") == 0;
}

/* "fr_FR.UTF-8@euro" -> "fr_FR", which LANGUAGE takes. */
static void language_of(const char *name, char *out, size_t size)
{
	snprintf(out, size, "%.*s", (int)strcspn(name, ".@:"), name);
}

/* The first of LC_ALL, LC_MESSAGES, LANG that is set: what setlocale read. */
static const char *asked_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return NULL;
}

/* English words without looking at a catalogue: the locale says C or
 * English and nothing asks for another language.  The C locale needs no
 * setlocale at all (the messages stay untranslated): a test's process,
 * started hundreds of times a grade, saves its cost. */
static int plainly_english(const char *request)
{
	const char *language = getenv("LANGUAGE"), *asked = asked_locale();

	if (request && *request)
		return strncmp(request, "en", 2) == 0 && strchr(request, ':') == NULL;
	if (language && *language)
		return 0;
	return asked == NULL || is_c(asked) || strncmp(asked, "C.", 2) == 0 ||
	       strncmp(asked, "en_", 3) == 0 || strcmp(asked, "en") == 0;
}

/* LC_MESSAGES in which gettext follows LANGUAGE, without any locale. */
static void messages_without_locale(void)
{
	if (setlocale(LC_MESSAGES, "C.UTF-8") == NULL)
		setlocale(LC_MESSAGES, "C.utf8");
}

void kit_lang_init(const char *request, const char *localedir)
{
	char lang[64];
	const char *now;

	chosen = 1;
	if (request == NULL || *request == '\0')
		request = getenv("KIT_LANG");
	english = plainly_english(request);
	if (english) {
		/* LC_MESSAGES stays "C": gettext returns every msgid as it is. */
		if (request && *request)
			setenv("KIT_LANG", "en", 1);
		setlocale(LC_MESSAGES, "C");
	} else if (request && *request) {
		/* Asked for by name: it wins over the locale, whatever it is. */
		language_of(request, lang, sizeof lang);
		setenv("LANGUAGE", lang, 1);
		setenv("KIT_LANG", lang, 1);
		now = setlocale(LC_MESSAGES, "");
		if (now == NULL || is_c(now))
			messages_without_locale();
	} else if (setlocale(LC_MESSAGES, "") == NULL) {
		/* A locale asked for that this machine does not have. */
		const char *asked = asked_locale();
		const char *language = getenv("LANGUAGE");

		if (asked && !is_c(asked)) {
			messages_without_locale();
			if (language == NULL || *language == '\0') {
				language_of(asked, lang, sizeof lang);
				setenv("LANGUAGE", lang, 1);
			}
		}
	}
	/* strerror's words too (Debian's libc-l10n), in UTF-8 even though
	 * LC_CTYPE stays "C" (which would make them ASCII with '?'). */
	bind_textdomain_codeset("libc", "UTF-8");
	if (localedir == NULL)
		localedir = getenv("KIT_LOCALEDIR");
	if (localedir && *localedir) {
		snprintf(dir, sizeof dir, "%s", localedir);
		kit_lang_bind(KIT_TEXT_DOMAIN);
	}
}

void kit_lang_bind(const char *domain)
{
	if (dir[0] == '\0' || domain == NULL)
		return;
	bindtextdomain(domain, dir);
	/* The reports are UTF-8 (JSON, XML), whatever the terminal's locale. */
	bind_textdomain_codeset(domain, "UTF-8");
}

int kit_lang_english(void)
{
	kit_lang_need();
	return english;
}

void kit_lang_need(void)
{
	if (!chosen)
		kit_lang_init(NULL, NULL);
}

const char *kit_gettext(const char *msgid)
{
	kit_lang_need();
	return dgettext(KIT_TEXT_DOMAIN, msgid);
}

const char *kit_lang_dir(void)
{
	return dir[0] ? dir : NULL;
}
