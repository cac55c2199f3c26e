/*
 * platform.c - a platform's time and memory bounds, read as the kit's own
 * (platform.h).
 */
#define _GNU_SOURCE
#include "kit_lang.h"
#include "platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Below this, a lab's tests could not even start: the lab is not graded. */
#define MIN_LAB_SECONDS 5.0

static double end;              /* 0: no budget                          */
static double total;
static int labs_left = 1;
static double tests_end;
static int cuts_before;
static long oom_before;

/* Our memory cgroup's FILE (cgroup v2, else the v1 memory controller). */
static char *cgroup_file(const char *v2, const char *v1)
{
	char line[512], *path = NULL;
	FILE *f = fopen("/proc/self/cgroup", "re");

	while (f && fgets(line, sizeof line, f)) {
		char *rest = strchr(line, ':'), *where;

		line[strcspn(line, "\n")] = '\0';
		if (rest == NULL || (where = strchr(rest + 1, ':')) == NULL)
			continue;
		*where++ = '\0';
		if (strcmp(rest + 1, "memory") == 0) {
			free(path);
			path = xasprintf("/sys/fs/cgroup/memory%s/%s",
					 strcmp(where, "/") ? where : "", v1);
			break;
		}
		if (strcmp(rest, ":") == 0 && path == NULL)
			path = xasprintf("/sys/fs/cgroup%s/%s",
					 strcmp(where, "/") ? where : "", v2);
	}
	if (f)
		fclose(f);
	/* A container may see its own cgroup as the root of the mount. */
	if (path && access(path, R_OK) != 0) {
		free(path);
		path = access("/sys/fs/cgroup/memory", F_OK) == 0
		       ? xasprintf("/sys/fs/cgroup/memory/%s", v1)
		       : xasprintf("/sys/fs/cgroup/%s", v2);
	}
	return path;
}

/* The value of KEY in a cgroup's key-value FILE; -1 if none. */
static long cgroup_count(const char *v2, const char *v1, const char *key)
{
	char *path = cgroup_file(v2, v1), *text = path ? read_file(path) : NULL;
	char *at = text ? strstr(text, key) : NULL;
	long n = at ? atol(at + strlen(key)) : -1;

	free(text);
	free(path);
	return n;
}

static long oom_kills(void)
{
	return cgroup_count("memory.events", "memory.oom_control", "oom_kill ");
}

/* The cgroup's memory limit in MB, 0 if none can be read. */
static long memory_limit_mb(void)
{
	char *path = cgroup_file("memory.max", "memory.limit_in_bytes");
	char *text = path ? read_file(path) : NULL;
	long long bytes = text ? atoll(text) : 0;

	free(text);
	free(path);
	return bytes > 0 && bytes < (1LL << 50) ? (long)(bytes >> 20) : 0;
}

void budget_start(double seconds)
{
	total = seconds;
	end = seconds > 0 ? now_seconds() + seconds : 0;
}

int budget_spent(void)
{
	return end > 0 && end - now_seconds() < MIN_LAB_SECONDS;
}

void budget_lab(int left)
{
	labs_left = left > 0 ? left : 1;
}

void budget_tests_begin(void)
{
	oom_before = oom_kills();
	if (end <= 0)
		return;
	tests_end = now_seconds() + (end - now_seconds()) / labs_left;
	cuts_before = proc_bound_cuts();
	proc_bound(tests_end);
}

void budget_tests_end(struct lab_result *res)
{
	long limit, oom = oom_kills();

	if (oom > oom_before && res->detail == NULL) {
		limit = memory_limit_mb();
		res->detail = limit
			? xasprintf(K_("the tests used more memory than the "
				       "autograder has (%ld MB): the kernel killed the "
				       "process that held the most, which then reads "
				       "\"killed by SIGKILL\""), limit)
			: xstrdup(K_("the tests used more memory than the autograder "
				     "has: the kernel killed the process that held "
				     "the most, which then reads \"killed by SIGKILL\""));
	}
	if (end <= 0)
		return;
	proc_bound(0);
	if (proc_bound_cuts() == cuts_before || res->detail != NULL)
		return;
	res->detail = xasprintf(K_("the autograder has %.0f s for all the labs, and "
				   "this lab's tests ran past their share of it: the "
				   "tests that had not ended score 0 (a function that "
				   "blocks or loops?)"), total);
}

void budget_pending(const struct context *ctx, struct lab *lab,
		    struct lab_result *res, const char *why,
		    enum kit_outcome outcome, enum lab_status status)
{
	char *problem;

	memset(res, 0, sizeof *res);
	res->name = xstrdup(lab->name);
	/* The record built with the kit (setup): the tests and their points. */
	if ((problem = lab_load(lab, ctx->kit_build)) != NULL)
		free(problem);
	else
		results_init(res, lab);
	results_set_all(res, outcome, why);
	res->status = status;
	res->detail = xstrdup(why);
	results_score(res);
}
