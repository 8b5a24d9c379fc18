/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: every strict command-line parser, checked against libc. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "fuzz.h"
#include "parse.h"

/*
 * Beyond "no crash": whatever our parsers accept, libc's strto* must read
 * the same way (they are stricter, never different), and every result must
 * lie within the documented bounds.
 */
static void check_numbers(const char *s)
{
	char buf[FMT_BUFSZ];
	int64_t i64;
	uint64_t u64, sz;
	char *end;
	int r;

	if (parse_int64(s, INT64_MIN, INT64_MAX, &i64) == 0) {
		errno = 0;
		if (strtoll(s, &end, 10) != i64 || *end || errno)
			abort();
		for (int f = TIME_SHORT; f <= TIME_ISO; f++)
			fmt_time(buf, sizeof(buf), i64, (enum time_format)f, 1700000000);
	}
	if (parse_uint64_base0(s, UINT64_MAX, &u64) == 0) {
		errno = 0;
		if (s[0] == '-' || strtoull(s, &end, 0) != u64 || *end || errno)
			abort();
		/* a plain number is a size of that many bytes */
		if (parse_size(s, &sz) != 0 || sz != u64)
			abort();
	}
	if (parse_size(s, &sz) == 0) {
		if (s[0] == '-' || s[0] == '+')
			abort();
		fmt_size(buf, sizeof(buf), sz);
		if (!strchr("0123456789", buf[0]))
			abort();
	}

	int id;

	r = parse_id(s, &id);
	if (r == 0 && (id < 0 || parse_int64(s, 0, INT_MAX, &i64) != 0 || i64 != id))
		abort();

	int32_t key;

	if (parse_key(s, &key) == 0) {
		fmt_key(buf, sizeof(buf), key);
		if (strlen(buf) != 10)
			abort();
		if (s[0] != '-' && s[0] != '+' &&
		    (parse_uint64_base0(s, UINT32_MAX, &u64) != 0 || (uint32_t)u64 != (uint32_t)key))
			abort();
	}

	unsigned int mode;

	if (parse_mode(s, &mode) == 0) {
		if (mode > 0777)
			abort();
		fmt_perms(buf, sizeof(buf), mode, false);
		fmt_perms(buf, sizeof(buf), mode, true);
	}

	if (parse_duration(s, &i64) == 0 && i64 < 0)
		abort();
}

static void check_name(const char *s)
{
	char *name = NULL;
	size_t len;

	if (parse_posix_name(s, &name) != 0)
		return;
	len = strlen(name);
	if (name[0] != '/' || len < 2 || len > NAME_MAX + 1 || strchr(name + 1, '/') ||
	    strcmp(name, "/.") == 0 || strcmp(name, "/..") == 0)
		abort();
	/* the name itself is kept byte for byte */
	if (strcmp(name + 1, s[0] == '/' ? s + 1 : s) != 0)
		abort();
	free(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum time_format f;
	char *s = fuzz_cstring(data, size);

	if (!s)
		return 0;
	check_numbers(s);
	check_name(s);
	if (parse_time_format(s, &f) == 0 && (f < TIME_SHORT || f > TIME_ISO))
		abort();
	free(s);
	return 0;
}
