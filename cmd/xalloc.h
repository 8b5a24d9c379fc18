/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Allocation for the applets: a command cannot do anything useful once
 * memory runs out, so every failure ends the run with one message in one
 * wording instead of each caller spelling its own. The wording is the one
 * most of cmd/ (lsipc's files above all) already used, without errno:
 * ENOMEM says nothing more. lib/ does not use these:
 * it returns -ENOMEM and leaves the decision to its caller.
 */
#ifndef IPCBOX_CMD_XALLOC_H
#define IPCBOX_CMD_XALLOC_H

#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void __attribute__((noreturn)) xalloc_die(void)
{
	errx(EXIT_FAILURE, "cannot allocate memory");
}

static inline void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		xalloc_die();
	return p;
}

static inline void *xreallocarray(void *p, size_t n, size_t size)
{
	void *q = reallocarray(p, n, size);

	if (!q)
		xalloc_die();
	return q;
}

static inline char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		xalloc_die();
	return p;
}

static inline char * __attribute__((format(printf, 1, 2))) xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		xalloc_die();
	return s;
}

#endif
