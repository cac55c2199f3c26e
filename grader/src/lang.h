/*
 * lang.h - the compiled catalogues where the tests run.
 */
#ifndef LANG_H
#define LANG_H

/*
 * Copies the catalogues of the kit and of LAB from <KIT_BUILD>/locale to
 * <BIN>/locale, beside the runner, where the runner and the tests' process
 * look (they cannot reach the kit's folder).  A catalogue that is not
 * there is skipped: the words are then in English.  -1 if a copy failed.
 */
int lang_copy_catalogues(const char *kit_build, const char *lab, const char *bin);

#endif
