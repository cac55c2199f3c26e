/*
 * fingerprint.c - the trusted build is reused by content, not by dates.
 *
 * make trusts modification times.  They can lie: unpack an archive of an
 * updated kit over an old one, or copy hidden tests in with their dates
 * kept, and a test file can be older than the object built from its
 * previous version; make would then grade with stale tests.  So the grader
 * hashes what the trusted objects are made of, keeps the hash beside them,
 * and throws the objects away when the hash changes (before building: what
 * is built next comes from today's inputs, even if the build then fails):
 *   - the kit's library: common/ (sources, headers, build rules, tools,
 *     the kit's catalogues);
 *   - each lab's tests and record: that hash plus the lab's tests/,
 *     headers, MANIFEST, lab.mk and catalogues (po/).
 * Equal hashes leave the rest to make, whose dates are then safe to trust.
 */
#define _GNU_SOURCE
#include "fingerprint.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t mix(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * FNV_PRIME;
	return h;
}

/* The name, then the contents (or a mark of its absence), of PATH. */
static uint64_t mix_file(uint64_t h, const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "re");
	char buf[65536];
	size_t n;

	h = mix(h, name, strlen(name) + 1);
	if (f == NULL) {
		h = mix(h, "-", 1);
	} else {
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			h = mix(h, buf, n);
		fclose(f);
	}
	free(path);
	return h;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of DIR whose name ends with one of SUFFIXES (a list
 * such as ".c .h .mk"), in name order. */
static uint64_t mix_dir(uint64_t h, const char *dir, const char *suffixes)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t count = 0, cap = 0;
	struct dirent *e;

	if (d == NULL)
		return mix(h, "no dir", 6);
	while ((e = readdir(d)) != NULL) {
		const char *dot = strrchr(e->d_name, '.');
		size_t len = dot ? strlen(dot) : 0;
		const char *at = dot ? strstr(suffixes, dot) : NULL;

		if (e->d_type != DT_REG && e->d_type != DT_UNKNOWN)
			continue;
		if (at == NULL || (at[len] != ' ' && at[len] != '\0'))
			continue;
		if (count == cap) {
			char **more = xcalloc(cap = cap ? 2 * cap : 32, sizeof *more);

			if (names)
				memcpy(more, names, count * sizeof *names);
			free(names);
			names = more;
		}
		names[count++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (count > 0)
		qsort(names, count, sizeof *names, by_name);
	for (size_t i = 0; i < count; i++) {
		h = mix_file(h, dir, names[i]);
		free(names[i]);
	}
	free(names);
	return h;
}

static char *as_text(uint64_t h)
{
	return xasprintf("%016llx\n", (unsigned long long)h);
}

char *fingerprint_kit(const char *kit)
{
	char *common = xasprintf("%s/common", kit);
	char *include = xasprintf("%s/common/include", kit);
	char *src = xasprintf("%s/common/src", kit);
	char *tools = xasprintf("%s/common/tools", kit);
	char *runner = xasprintf("%s/common/runner", kit);
	char *po = xasprintf("%s/common/po", kit);
	uint64_t h = FNV_OFFSET;
	char *text;

	h = mix_dir(h, common, ".mk");
	h = mix_dir(h, include, ".h");
	h = mix_dir(h, src, ".c .h");
	/* The tools the kit's build runs (inspect.c, libsyms.sh...). */
	h = mix_dir(h, tools, ".c .sh");
	h = mix_dir(h, runner, ".c .h");
	h = mix_dir(h, po, ".po");
	text = as_text(h);
	free(po);
	free(runner);
	free(common);
	free(include);
	free(src);
	free(tools);
	return text;
}

char *fingerprint_lab(const char *kit_fingerprint, const char *lab_dir)
{
	char *tests = xasprintf("%s/tests", lab_dir);
	char *po = xasprintf("%s/po", lab_dir);
	uint64_t h = mix(FNV_OFFSET, kit_fingerprint, strlen(kit_fingerprint));
	char *text;

	h = mix_dir(h, lab_dir, ".h .mk");
	h = mix_file(h, lab_dir, "MANIFEST");
	h = mix_dir(h, tests, ".c .h");
	h = mix_dir(h, po, ".po");
	text = as_text(h);
	free(po);
	free(tests);
	return text;
}

/* Does DIR/inputs.hash hold FINGERPRINT? */
static int matches(const char *dir, const char *fingerprint)
{
	char *path = xasprintf("%s/inputs.hash", dir);
	char *kept = read_file(path);
	int same = kept != NULL && strcmp(kept, fingerprint) == 0;

	free(kept);
	free(path);
	return same;
}

/* Writes FINGERPRINT into DIR/inputs.hash, if DIR can be written. */
static void keep(const char *dir, const char *fingerprint)
{
	char *path = xasprintf("%s/inputs.hash", dir);
	FILE *f;

	/* Not kept (a read-only kit build): the next grade checks again. */
	if (mkdirs(dir) == 0 && (f = fopen(path, "we")) != NULL) {
		fputs(fingerprint, f);
		fclose(f);
	}
	free(path);
}

void fingerprint_sync(const char *dir, const char *fingerprint)
{
	if (matches(dir, fingerprint))
		return;
	remove_tree(dir);
	keep(dir, fingerprint);
}

void fingerprint_sync_kit(const char *dir, const char *fingerprint)
{
	/* The kit build's own files only: --kit-build may name a folder that
	 * holds other things too. */
	static const char *const products[] = {
		"libkit.a", "kit_main.o", "reserved.syms", "kit.syms", "allowed.syms", "inspect",
		"link.flags", "runner", "jail",
		"inputs.hash",
	};
	char *labs = xasprintf("%s/labs", dir);
	DIR *d;
	struct dirent *e;

	if (matches(dir, fingerprint)) {
		free(labs);
		return;
	}
	remove_tree(labs);
	free(labs);
	/* The compiled catalogues, all languages. */
	labs = xasprintf("%s/locale", dir);
	remove_tree(labs);
	free(labs);
	for (size_t i = 0; i < sizeof products / sizeof *products; i++) {
		char *path = xasprintf("%s/%s", dir, products[i]);

		unlink(path);
		free(path);
	}
	/* The library's objects and their dependency files. */
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			size_t len = strlen(e->d_name);

			if (len > 2 && e->d_name[len - 2] == '.' &&
			    (e->d_name[len - 1] == 'o' || e->d_name[len - 1] == 'd'))
				unlinkat(dirfd(d), e->d_name, 0);
		}
		closedir(d);
	}
	keep(dir, fingerprint);
}
