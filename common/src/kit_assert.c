/*
 * kit_assert.c - the sentences behind kit_assert.h.
 *
 * Each function returns NULL when all is well, else a static sentence; the
 * macros of kit_assert.h turn it into a Check failure.
 */
#define _GNU_SOURCE
#include "kit_assert.h"
#include "kit_lang.h"
#include "kit_tmp.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char text[512];

static const char *differ(size_t at, size_t len, unsigned got, unsigned want)
{
	snprintf(text, sizeof text, K_("byte %zu of %zu is 0x%02x, expected 0x%02x"),
		 at, len, got, want);
	return text;
}

const char *kit_bytes_mismatch(const void *got, const void *want, size_t len)
{
	const unsigned char *g = got, *w = want;

	for (size_t i = 0; i < len; i++)
		if (g[i] != w[i])
			return differ(i, len, g[i], w[i]);
	return NULL;
}

const char *kit_pattern_mismatch(const void *got, off_t from, size_t len)
{
	const unsigned char *g = got;

	for (size_t i = 0; i < len; i++)
		if (g[i] != kit_pattern_byte(from + (off_t)i))
			return differ(i, len, g[i], kit_pattern_byte(from + (off_t)i));
	return NULL;
}

const char *kit_mode_mismatch(const char *path, mode_t mode)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		snprintf(text, sizeof text, K_("%s does not exist: its mode "
			 "cannot be %04o"), path, (unsigned)mode);
		return text;
	}
	if ((st.st_mode & 07777) == mode)
		return NULL;
	snprintf(text, sizeof text, K_("%s has mode %04o, expected %04o"), path,
		 (unsigned)(st.st_mode & 07777), (unsigned)mode);
	return text;
}

const char *kit_wait_text(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, K_("exited with status %d"), WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, K_("was killed by SIG%s (%s)%s"),
			 sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?",
			 strsignal(WTERMSIG(status)),
			 WCOREDUMP(status) ? K_(", core dumped") : "");
	else if (WIFSTOPPED(status))
		snprintf(buf, size, K_("was stopped by SIG%s"),
			 sigabbrev_np(WSTOPSIG(status)) ? sigabbrev_np(WSTOPSIG(status)) : "?");
	else
		snprintf(buf, size, K_("has the wait status %#x"), (unsigned)status);
	return buf;
}

/* 'Z' for a zombie, 'R', 'S'... for a live process, 0 if gone. */
static char state_of(long pid)
{
	char path[64], buf[256], *paren;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' ? paren[2] : 0;
}

/* Appends the children listed in one /proc/self/task/T/children file. */
static void count_children(const char *file, int *running, int *zombies,
			   long *first_running, long *first_zombie)
{
	FILE *f = fopen(file, "re");
	long pid;

	if (f == NULL)
		return;
	while (fscanf(f, "%ld", &pid) == 1) {
		char s = state_of(pid);

		if (s == 'Z') {
			if ((*zombies)++ == 0)
				*first_zombie = pid;
		} else if (s) {
			if ((*running)++ == 0)
				*first_running = pid;
		}
	}
	fclose(f);
}

const char *kit_children_left(void)
{
	int running = 0, zombies = 0;
	long first_running = 0, first_zombie = 0;
	DIR *tasks = opendir("/proc/self/task");
	struct dirent *e;
	char file[300];

	while (tasks && (e = readdir(tasks)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(file, sizeof file, "/proc/self/task/%s/children", e->d_name);
		count_children(file, &running, &zombies, &first_running,
			       &first_zombie);
	}
	if (tasks)
		closedir(tasks);
	if (running == 0 && zombies == 0)
		return NULL;
	if (zombies && !running)
		snprintf(text, sizeof text, K_("%d child process(es) ended but were "
			 "never waited for (zombie pid %ld): the parent must "
			 "waitpid() for its own child"), zombies, first_zombie);
	else
		snprintf(text, sizeof text, K_("%d child process(es) still running "
			 "(pid %ld)%s: a child must end (_exit) and be waited for "
			 "before the function returns"), running, first_running,
			 zombies ? K_(", and zombies never waited for") : "");
	return text;
}
