/*
 * collect.c - stage 1: take the student's files, and nothing else.
 *
 * Only the files the lab's MANIFEST names are taken, each a regular file of
 * bounded size in a lab folder that is a real folder: a symbolic link, to a
 * file or to the folder, could point anywhere (another student's work).  A file whose
 * content did not change keeps its staged copy and its time stamp, so make
 * rebuilds only what the student edited.
 */
#define _GNU_SOURCE
#include "kit_lang.h"
#include "stages.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SOURCE_BYTES (1 << 20)

char *lab_build_dir(const struct context *ctx, const struct lab *lab)
{
	return xasprintf("%s/%s", ctx->build, lab->name);
}

/* Reads a regular file of at most MAX_SOURCE_BYTES; NULL and *why if not. */
static char *read_source(const char *path, size_t *len, char **why)
{
	struct stat st;
	char *buf;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		*why = errno == ELOOP
		       ? xasprintf(K_("%s is a symbolic link; submit the file itself"), path)
		       : xasprintf(K_("%s is missing from the submission"), path);
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*why = xasprintf(K_("%s is not a regular file"), path);
		close(fd);
		return NULL;
	}
	if (st.st_size > MAX_SOURCE_BYTES) {
		*why = xasprintf(K_("%s is %lld bytes; a source file may have at most %d"),
				 path, (long long)st.st_size, MAX_SOURCE_BYTES);
		close(fd);
		return NULL;
	}
	buf = xcalloc((size_t)st.st_size + 1, 1);
	*len = (size_t)read(fd, buf, (size_t)st.st_size);
	close(fd);
	return buf;
}

static int same_content(const char *path, const char *data, size_t len)
{
	char *why = NULL;
	size_t old_len;
	char *old = read_source(path, &old_len, &why);
	int same = old && old_len == len && memcmp(old, data, len) == 0;

	free(old);
	free(why);
	return same;
}

static int write_file(const char *path, const char *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int ok = fd >= 0 && write(fd, data, len) == (ssize_t)len;

	if (fd >= 0)
		close(fd);
	ok = ok && rename(tmp, path) == 0;
	free(tmp);
	return ok ? 0 : -1;
}

/* NULL if the submission's folder for LAB is a real folder, else why not. */
static char *lab_folder_problem(const struct context *ctx, const struct lab *lab)
{
	char *folder = xasprintf("%s/%s", ctx->submission, lab->name);
	struct stat st;
	char *why = NULL;

	if (lstat(folder, &st) != 0)
		why = xasprintf(K_("%s is missing from the submission"), folder);
	else if (S_ISLNK(st.st_mode))
		why = xasprintf(K_("%s is a symbolic link; submit the folder itself"), folder);
	else if (!S_ISDIR(st.st_mode))
		why = xasprintf(K_("%s is not a folder"), folder);
	free(folder);
	return why;
}

char *collect(const struct context *ctx, const struct lab *lab)
{
	char *dir = lab_build_dir(ctx, lab);
	char *src = xasprintf("%s/src", dir);
	char *why = lab_folder_problem(ctx, lab);

	if (why == NULL && mkdirs(src) != 0)
		why = xasprintf("cannot create %s", src);
	for (int i = 0; i < lab->nfiles && why == NULL; i++) {
		char *from = xasprintf("%s/%s/%s", ctx->submission, lab->name,
				       lab->files[i]);
		char *to = xasprintf("%s/%s", src, lab->files[i]);
		size_t len;
		char *data = read_source(from, &len, &why);

		if (data && !same_content(to, data, len) && write_file(to, data, len) != 0)
			why = xasprintf("cannot write %s", to);
		free(data);
		free(from);
		free(to);
	}
	free(src);
	free(dir);
	return why;
}
