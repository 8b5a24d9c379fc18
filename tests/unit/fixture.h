/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the unit tests share: the path of a file under tests/fixtures. */
#ifndef IPCBOX_TEST_FIXTURE_H
#define IPCBOX_TEST_FIXTURE_H

/* after <cmocka.h> */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * IPCBOX_FIXTURES (set by tests/unit/meson.build), '/', then fmt and its
 * arguments as printf writes them; malloc'd. Fails the test when the
 * variable is not set.
 */
static inline __attribute__((format(printf, 1, 2))) char *fixture_path(const char *fmt, ...)
{
	const char *base = getenv("IPCBOX_FIXTURES");
	char *rest = NULL, *s = NULL;
	va_list ap;
	int r;

	if (!base)
		fail_msg("IPCBOX_FIXTURES is not set");
	va_start(ap, fmt);
	r = vasprintf(&rest, fmt, ap);
	va_end(ap);
	if (r < 0 || asprintf(&s, "%s/%s", base, rest) < 0)
		fail();
	free(rest);
	return s;
}

#endif
