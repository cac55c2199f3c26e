/*
 * kit_errno.c - errno values by name and meaning.
 */
#define _GNU_SOURCE
#include "kit_errno.h"
#include "kit_lang.h"

#include <stdio.h>
#include <string.h>

const char *kit_errno_text(int err, char *buf, unsigned size)
{
	const char *name = err ? strerrorname_np(err) : "0";

	snprintf(buf, size, "%s (%s)", name ? name : "?",
		 err ? strerror(err) : K_("no error"));
	return buf;
}
