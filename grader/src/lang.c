/*
 * lang.c - the catalogues of the words a student reads, put where the
 * tests run (lang.h, common/include/kit_lang.h).
 */
#define _GNU_SOURCE
#include "lang.h"
#include "grader.h"
#include "kit_lang.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int copy_one(const char *from_dir, const char *to_dir, const char *domain)
{
	char *from = xasprintf("%s/%s.mo", from_dir, domain);
	char *to = xasprintf("%s/%s.mo", to_dir, domain);
	int rc = 0;

	if (access(from, R_OK) == 0)
		rc = mkdirs(to_dir) == 0 && copy_file(from, to, 0644) == 0 ? 0 : -1;
	free(from);
	free(to);
	return rc;
}

int lang_copy_catalogues(const char *kit_build, const char *lab, const char *bin)
{
	char *root = xasprintf("%s/locale", kit_build);
	DIR *d = opendir(root);
	struct dirent *e;
	int rc = 0;

	while (d && rc == 0 && (e = readdir(d)) != NULL) {
		char *from, *to;

		if (e->d_name[0] == '.')
			continue;
		from = xasprintf("%s/%s/LC_MESSAGES", root, e->d_name);
		to = xasprintf("%s/locale/%s/LC_MESSAGES", bin, e->d_name);
		rc = copy_one(from, to, KIT_TEXT_DOMAIN) || copy_one(from, to, lab);
		free(from);
		free(to);
	}
	if (d)
		closedir(d);
	free(root);
	return rc;
}
