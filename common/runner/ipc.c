/*
 * ipc.c - IPC objects a test leaves behind, removed after it.
 *
 * Before each test the runner notes the POSIX shared memory objects (and
 * named semaphores: files of /dev/shm) and the System V segments, queues
 * and semaphore sets that our user owns; afterwards it removes every new
 * one, however the test made it (libc or a raw system call).  In the
 * grader's sandbox the IPC namespace is the test's alone anyway.
 */
#define _GNU_SOURCE
#include "runner.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const kinds[] = { "shm", "msg", "sem" };

/* Appends a name to SNAP.  A snapshot cut short would make the cleanup
 * remove objects that were there before the test: no limit, then. */
static void add(struct runner_ipc *snap, const char *kind, const char *what)
{
	if (snap->n == snap->cap) {
		int cap = snap->cap ? 2 * snap->cap : 64;
		char **bigger = realloc(snap->name, (size_t)cap * sizeof *bigger);

		if (bigger == NULL) {
			perror("runner: IPC objects");
			exit(3);
		}
		snap->name = bigger;
		snap->cap = cap;
	}
	if (asprintf(&snap->name[snap->n], "%s %s", kind, what) < 0) {
		perror("runner: IPC objects");
		exit(3);
	}
	snap->n++;
}

static void snapshot_free(struct runner_ipc *snap)
{
	for (int i = 0; i < snap->n; i++)
		free(snap->name[i]);
	free(snap->name);
	memset(snap, 0, sizeof *snap);
}

void runner_ipc_take(struct runner_ipc *snap)
{
	DIR *d = opendir("/dev/shm");
	struct dirent *e;
	char line[512];

	memset(snap, 0, sizeof *snap);
	while (d && (e = readdir(d)) != NULL) {
		char path[sizeof "/dev/shm/" + sizeof e->d_name];
		struct stat st;

		snprintf(path, sizeof path, "/dev/shm/%s", e->d_name);
		if (e->d_name[0] != '.' && lstat(path, &st) == 0 &&
		    st.st_uid == geteuid())
			add(snap, "posix", e->d_name);
	}
	if (d)
		closedir(d);
	for (int k = 0; k < 3; k++) {
		char path[64];
		FILE *f;

		snprintf(path, sizeof path, "/proc/sysvipc/%s", kinds[k]);
		if ((f = fopen(path, "re")) == NULL)
			continue;
		while (fgets(line, sizeof line, f)) {
			long key, id;
			unsigned uid;
			char idtext[32];

			/* key id perms ... uid: the uid is field 8 (shm), 8 (msg), 5 (sem) */
			if (sscanf(line, "%ld %ld", &key, &id) != 2)
				continue;
			if (k == 0 && sscanf(line, "%*d %*d %*o %*s %*d %*d %*u %u", &uid) != 1)
				continue;
			if (k == 1 && sscanf(line, "%*d %*d %*o %*u %*u %*d %*d %u", &uid) != 1)
				continue;
			if (k == 2 && sscanf(line, "%*d %*d %*o %*u %u", &uid) != 1)
				continue;
			if (uid != geteuid())
				continue;
			snprintf(idtext, sizeof idtext, "%ld", id);
			add(snap, kinds[k], idtext);
		}
		fclose(f);
	}
}

static int known(const struct runner_ipc *snap, const char *name)
{
	for (int i = 0; i < snap->n; i++)
		if (strcmp(snap->name[i], name) == 0)
			return 1;
	return 0;
}

void runner_ipc_clean(struct runner_ipc *before)
{
	struct runner_ipc now;

	runner_ipc_take(&now);
	for (int i = 0; i < now.n; i++) {
		char *kind = now.name[i], *what = strchr(kind, ' ');

		if (known(before, now.name[i]) || what == NULL)
			continue;
		*what++ = '\0';
		if (strcmp(kind, "posix") == 0) {
			char path[sizeof "/dev/shm/" + 256];

			snprintf(path, sizeof path, "/dev/shm/%s", what);
			unlink(path);
		} else if (strcmp(kind, "shm") == 0)
			shmctl(atoi(what), IPC_RMID, NULL);
		else if (strcmp(kind, "msg") == 0)
			msgctl(atoi(what), IPC_RMID, NULL);
		else if (strcmp(kind, "sem") == 0)
			semctl(atoi(what), 0, IPC_RMID);
	}
	snapshot_free(&now);
	snapshot_free(before);
}
