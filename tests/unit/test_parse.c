/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for lib/parse.c: every parser's good values, bounds and bad input. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A value the parsers must leave alone on failure. */
#define POISON 0x5a5a5a5a

struct bad {
	const char *in;
	int err;
};

static void test_digits(void **state)
{
	static const struct {
		const char *in;
		unsigned int base;
		uint64_t max;
		int err;
		uint64_t v;
		size_t used;	/* bytes *pp moved on */
	} cases[] = {
		{ "0", 10, 0, 0, 0, 1 },
		{ "123 x", 10, UINT64_MAX, 0, 123, 3 },
		{ "0777", 8, 0777, 0, 0777, 4 },
		{ "0778", 8, UINT64_MAX, 0, 077, 3 },	/* stops at the 8 */
		{ "fFa0g", 16, UINT64_MAX, 0, 0xffa0, 4 },
		{ "ffffffffffffffff", 16, UINT64_MAX, 0, UINT64_MAX, 16 },
		{ "18446744073709551615", 10, UINT64_MAX, 0, UINT64_MAX, 20 },
		{ "2147483647", 10, INT32_MAX, 0, INT32_MAX, 10 },
		/* above max: -ERANGE, still after the digits */
		{ "2147483648", 10, INT32_MAX, -ERANGE, 0, 10 },
		{ "18446744073709551616x", 10, UINT64_MAX, -ERANGE, 0, 20 },
		{ "10000000000000000", 16, UINT64_MAX, -ERANGE, 0, 17 },
		{ "9", 10, 8, -ERANGE, 0, 1 },
		/* no digit: -EINVAL, unmoved */
		{ "", 10, UINT64_MAX, -EINVAL, 0, 0 },
		{ " 1", 10, UINT64_MAX, -EINVAL, 0, 0 },
		{ "+1", 10, UINT64_MAX, -EINVAL, 0, 0 },
		{ "-1", 10, UINT64_MAX, -EINVAL, 0, 0 },
		{ "a", 10, UINT64_MAX, -EINVAL, 0, 0 },
		{ "8", 8, UINT64_MAX, -EINVAL, 0, 0 },
	};
	const char *text = "12345", *p;
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		p = cases[i].in;
		v = POISON;
		assert_int_equal(parse_digits(&p, NULL, cases[i].base, cases[i].max, &v),
				 cases[i].err);
		assert_int_equal(p - cases[i].in, cases[i].used);
		assert_int_equal(v, cases[i].err ? POISON : cases[i].v);
	}
	/* an end stops the scan as a non-digit does */
	p = text;
	assert_int_equal(parse_digits(&p, text + 3, 10, UINT64_MAX, &v), 0);
	assert_int_equal(v, 123);
	assert_ptr_equal(p, text + 3);
	p = text;
	assert_int_equal(parse_digits(&p, text, 10, UINT64_MAX, &v), -EINVAL);
	assert_ptr_equal(p, text);
}

static void test_int64(void **state)
{
	static const struct {
		const char *in;
		int64_t v;
	} good[] = {
		{ "0", 0 }, { "1", 1 }, { "+1", 1 }, { "-1", -1 }, { "007", 7 },
		{ "9223372036854775807", INT64_MAX },
		{ "-9223372036854775808", INT64_MIN },
		{ "+9223372036854775807", INT64_MAX },
		{ "-0", 0 },
	};
	static const struct bad bad[] = {
		{ "", -EINVAL }, { "+", -EINVAL }, { "-", -EINVAL }, { " 1", -EINVAL },
		{ "1 ", -EINVAL }, { "1\n", -EINVAL }, { "\t1", -EINVAL }, { "1a", -EINVAL },
		{ "a1", -EINVAL }, { "0x10", -EINVAL }, { "1.0", -EINVAL }, { "--1", -EINVAL },
		{ "+-1", -EINVAL }, { "1e3", -EINVAL }, { "1_000", -EINVAL },
		{ "9223372036854775808", -ERANGE }, { "-9223372036854775809", -ERANGE },
		{ "99999999999999999999999999", -ERANGE },
		/* junk wins over overflow: the message should say "invalid" */
		{ "99999999999999999999999999x", -EINVAL },
	};
	int64_t v;

	for (size_t i = 0; i < N(good); i++) {
		v = POISON;
		assert_int_equal(parse_int64(good[i].in, INT64_MIN, INT64_MAX, &v), 0);
		assert_true(v == good[i].v);
	}
	for (size_t i = 0; i < N(bad); i++) {
		v = POISON;
		assert_int_equal(parse_int64(bad[i].in, INT64_MIN, INT64_MAX, &v), bad[i].err);
		assert_int_equal(v, POISON);
	}

	/* bounds are inclusive */
	assert_int_equal(parse_int64("-5", -5, 5, &v), 0);
	assert_true(v == -5);
	assert_int_equal(parse_int64("5", -5, 5, &v), 0);
	assert_true(v == 5);
	assert_int_equal(parse_int64("-6", -5, 5, &v), -ERANGE);
	assert_int_equal(parse_int64("6", -5, 5, &v), -ERANGE);
	assert_int_equal(parse_int64("0", 1, 10, &v), -ERANGE);
	/* '-' is a sign where none is allowed when the minimum is not negative */
	assert_int_equal(parse_int64("-1", 0, 10, &v), -EINVAL);
	assert_int_equal(parse_int64("-0", 0, 10, &v), -EINVAL);
	assert_int_equal(parse_int64(NULL, 0, 10, &v), -EINVAL);
}

static void test_uint64_base0(void **state)
{
	static const struct {
		const char *in;
		uint64_t v;
	} good[] = {
		{ "0", 0 }, { "00", 0 }, { "1", 1 }, { "10", 10 }, { "010", 8 }, { "0777", 511 },
		{ "0x10", 16 }, { "0X1f", 31 }, { "0xABCdef", 0xabcdef },
		{ "18446744073709551615", UINT64_MAX },
		{ "0xffffffffffffffff", UINT64_MAX },
		{ "01777777777777777777777", UINT64_MAX },
		{ "0x00000000000000000001", 1 },
	};
	static const struct bad bad[] = {
		{ "", -EINVAL }, { "-1", -EINVAL }, { "+1", -EINVAL }, { " 1", -EINVAL },
		{ "1 ", -EINVAL }, { "0x", -EINVAL }, { "0xg", -EINVAL }, { "08", -EINVAL },
		{ "019", -EINVAL }, { "1a", -EINVAL }, { "0b101", -EINVAL }, { "x10", -EINVAL },
		{ "1K", -EINVAL }, { "1.5", -EINVAL },
		{ "18446744073709551616", -ERANGE }, { "0x10000000000000000", -ERANGE },
		{ "02000000000000000000000", -ERANGE },
	};
	uint64_t v;

	for (size_t i = 0; i < N(good); i++) {
		v = POISON;
		assert_int_equal(parse_uint64_base0(good[i].in, UINT64_MAX, &v), 0);
		assert_true(v == good[i].v);
	}
	for (size_t i = 0; i < N(bad); i++) {
		v = POISON;
		assert_int_equal(parse_uint64_base0(bad[i].in, UINT64_MAX, &v), bad[i].err);
		assert_true(v == POISON);
	}
	assert_int_equal(parse_uint64_base0("100", 100, &v), 0);
	assert_true(v == 100);
	assert_int_equal(parse_uint64_base0("101", 100, &v), -ERANGE);
	assert_int_equal(parse_uint64_base0("0x65", 100, &v), -ERANGE);
}

static void test_id(void **state)
{
	static const struct {
		const char *in;
		int v;
	} good[] = {
		{ "0", 0 }, { "1", 1 }, { "+32768", 32768 }, { "010", 10 },
		{ "2147483647", INT_MAX },
	};
	static const struct bad bad[] = {
		{ "", -EINVAL }, { "-1", -EINVAL }, { "-0", -EINVAL }, { " 1", -EINVAL },
		{ "1 ", -EINVAL }, { "1x", -EINVAL }, { "0x5", -EINVAL }, { "abc", -EINVAL },
		{ "2147483648", -ERANGE },
		/* util-linux's ipcrm truncated this to id 2 */
		{ "4294967298", -ERANGE },
		{ "18446744073709551617", -ERANGE },
	};
	int v;

	for (size_t i = 0; i < N(good); i++) {
		v = POISON;
		assert_int_equal(parse_id(good[i].in, &v), 0);
		assert_int_equal(v, good[i].v);
	}
	for (size_t i = 0; i < N(bad); i++) {
		v = POISON;
		assert_int_equal(parse_id(bad[i].in, &v), bad[i].err);
		assert_int_equal(v, POISON);
	}
}

static void test_pid(void **state)
{
	static const char *const bad[] = {
		"", "0", "+1", "-1", " 1", "1 ", "1a", "0x10", "2147483648", "99999999999999999999",
	};
	int v = 4242;

	assert_int_equal(parse_pid("1", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(parse_pid("2147483647", &v), 0);
	assert_int_equal(v, INT_MAX);
	assert_int_equal(parse_pid("007", &v), 0);
	assert_int_equal(v, 7);
	v = 4242;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse_pid(bad[i], &v) != -EINVAL)
			fail_msg("accepted: \"%s\"", bad[i]);
	assert_int_equal(v, 4242);
}

static void test_key(void **state)
{
	static const struct {
		const char *in;
		int32_t v;
	} good[] = {
		{ "0", 0 }, { "1", 1 }, { "0x12345678", 0x12345678 }, { "017", 15 },
		{ "2147483647", INT32_MAX },
		/* keys are 32 bits: the upper half reads back as negative */
		{ "2147483648", INT32_MIN }, { "0xffffffff", -1 }, { "4294967295", -1 },
		{ "037777777777", -1 }, { "-1", -1 }, { "-2147483648", INT32_MIN },
		{ "-0x10", -16 }, { "+5", 5 },
	};
	static const struct bad bad[] = {
		{ "", -EINVAL }, { "-", -EINVAL }, { "0x", -EINVAL }, { "089", -EINVAL },
		{ " 1", -EINVAL }, { "1 ", -EINVAL }, { "1x", -EINVAL }, { "--1", -EINVAL },
		{ "0xfffffffg", -EINVAL }, { "key", -EINVAL },
		{ "4294967296", -ERANGE }, { "4294967298", -ERANGE },
		{ "0x100000000", -ERANGE }, { "-2147483649", -ERANGE },
		{ "99999999999999999999999", -ERANGE },
	};
	int32_t v;

	for (size_t i = 0; i < N(good); i++) {
		v = POISON;
		assert_int_equal(parse_key(good[i].in, &v), 0);
		assert_int_equal(v, good[i].v);
	}
	for (size_t i = 0; i < N(bad); i++) {
		v = POISON;
		assert_int_equal(parse_key(bad[i].in, &v), bad[i].err);
		assert_int_equal(v, POISON);
	}
}

static void test_size(void **state)
{
	static const struct {
		const char *in;
		uint64_t v;
	} good[] = {
		{ "0", 0 }, { "1", 1 }, { "4096", 4096 },
		/* base 0, as util-linux's strtoumax(..., 0): 0x10 = 16, 010 = 8 */
		{ "0x10", 16 }, { "010", 8 }, { "0x10K", 16384 }, { "010K", 8192 },
		{ "1K", 1024 }, { "1k", 1024 }, { "1KiB", 1024 }, { "1Kib", 1024 },
		{ "1KB", 1000 }, { "1kb", 1000 }, { "1M", 1048576 }, { "1MB", 1000000 },
		{ "2G", UINT64_C(2147483648) }, { "1GiB", UINT64_C(1073741824) },
		{ "1T", UINT64_C(1) << 40 }, { "1TB", UINT64_C(1000000000000) },
		{ "1P", UINT64_C(1) << 50 }, { "1E", UINT64_C(1) << 60 },
		{ "15E", UINT64_C(15) << 60 }, { "1EB", UINT64_C(1000000000000000000) },
		{ "18EB", UINT64_C(18000000000000000000) },
		/* a fraction with a suffix, truncated to whole bytes */
		{ "1.5K", 1536 }, { "0.5K", 512 }, { "1.5KiB", 1536 }, { "1.5KB", 1500 },
		{ "1.25M", 1310720 }, { "1.001K", 1025 }, { "0.0001K", 0 },
		{ "1.9999999999999999999999K", 2047 },
		{ "15.5E", (UINT64_C(31) << 59) },
		{ "18446744073709551615", UINT64_MAX },
	};
	static const struct bad bad[] = {
		{ "", -EINVAL }, { " 1", -EINVAL }, { "1 ", -EINVAL }, { "1K ", -EINVAL },
		{ "1 K", -EINVAL }, { "-1", -EINVAL }, { "-1K", -EINVAL }, { "+1", -EINVAL },
		{ "1.5", -EINVAL }, { ".5K", -EINVAL }, { "1.K", -EINVAL }, { "1,5K", -EINVAL },
		{ "K", -EINVAL }, { "KiB", -EINVAL }, { "1B", -EINVAL }, { "1X", -EINVAL },
		{ "1KK", -EINVAL }, { "1Ki", -EINVAL }, { "1KiBB", -EINVAL }, { "1kIB", -EINVAL },
		{ "1.5.5K", -EINVAL }, { "0x", -EINVAL }, { "08", -EINVAL }, { "0x1.8K", -EINVAL },
		{ "010.5K", -EINVAL }, { "abc", -EINVAL },
		{ "99999999999999999999999X", -EINVAL },
		{ "18446744073709551616", -ERANGE }, { "0x10000000000000000", -ERANGE },
		{ "16E", -ERANGE }, { "16EiB", -ERANGE }, { "19EB", -ERANGE },
		{ "1Z", -ERANGE }, { "1ZiB", -ERANGE }, { "1Y", -ERANGE }, { "1YB", -ERANGE },
		{ "0Z", -ERANGE }, { "17179869184G", -ERANGE },
		{ "99999999999999999999999K", -ERANGE },
	};
	uint64_t v;

	for (size_t i = 0; i < N(good); i++) {
		v = POISON;
		assert_int_equal(parse_size(good[i].in, &v), 0);
		assert_true(v == good[i].v);
	}
	for (size_t i = 0; i < N(bad); i++) {
		v = POISON;
		assert_int_equal(parse_size(bad[i].in, &v), bad[i].err);
		assert_true(v == POISON);
	}
	/* 15.99999E fits: the largest fraction below 16E */
	assert_int_equal(parse_size("15.99999E", &v), 0);
	assert_true(v > (UINT64_C(15) << 60) && v < UINT64_MAX);
	/* and the fraction cannot push a full value past 2^64-1 */
	assert_int_equal(parse_size("16383.9999P", &v), 0);
	assert_int_equal(parse_size("16384P", &v), -ERANGE);
	assert_int_equal(parse_size(NULL, &v), -EINVAL);
}

static void test_mode(void **state)
{
	static const struct {
		const char *in;
		unsigned int v;
	} good[] = {
		{ "0", 0 }, { "644", 0644 }, { "0644", 0644 }, { "600", 0600 },
		{ "777", 0777 }, { "0777", 0777 }, { "7", 07 }, { "00000644", 0644 },
	};
	static const struct bad bad[] = {
		{ "", -EINVAL }, { "8", -EINVAL }, { "689", -EINVAL }, { "-1", -EINVAL },
		{ "+644", -EINVAL }, { " 644", -EINVAL }, { "644 ", -EINVAL }, { "0x1ff", -EINVAL },
		{ "0o644", -EINVAL }, { "rw-r--r--", -EINVAL }, { "u+rw", -EINVAL },
		{ "1000", -ERANGE }, { "1777", -ERANGE }, { "2644", -ERANGE }, { "4644", -ERANGE },
		{ "77777777777777777777777777", -ERANGE },
	};
	unsigned int v;

	for (size_t i = 0; i < N(good); i++) {
		v = POISON;
		assert_int_equal(parse_mode(good[i].in, &v), 0);
		assert_int_equal(v, good[i].v);
	}
	for (size_t i = 0; i < N(bad); i++) {
		v = POISON;
		assert_int_equal(parse_mode(bad[i].in, &v), bad[i].err);
		assert_int_equal(v, POISON);
	}
}

static void test_posix_name(void **state)
{
	static const struct {
		const char *in, *out;
	} good[] = {
		{ "foo", "/foo" }, { "/foo", "/foo" }, { "a", "/a" }, { "...", "/..." },
		{ ".x", "/.x" }, { "-rf", "/-rf" }, { "sem.x", "/sem.x" },
		/* hostile names must stay reachable (ipcrm removes them by name) */
		{ "a\nb", "/a\nb" }, { "\x1b[31m", "/\x1b[31m" }, { "\xff", "/\xff" },
		{ " ", "/ " },
	};
	static const struct bad bad[] = {
		{ "", -EINVAL }, { "/", -EINVAL }, { "//", -EINVAL }, { "//foo", -EINVAL },
		{ "/a/b", -EINVAL }, { "a/b", -EINVAL }, { "a/", -EINVAL }, { "/a/", -EINVAL },
		{ ".", -EINVAL }, { "..", -EINVAL }, { "/.", -EINVAL }, { "/..", -EINVAL },
	};
	char name[NAME_MAX + 3];
	char *v;

	for (size_t i = 0; i < N(good); i++) {
		v = NULL;
		assert_int_equal(parse_posix_name(good[i].in, &v), 0);
		assert_string_equal(v, good[i].out);
		free(v);
	}
	for (size_t i = 0; i < N(bad); i++) {
		v = (char *)"untouched";
		assert_int_equal(parse_posix_name(bad[i].in, &v), bad[i].err);
		assert_string_equal(v, "untouched");
	}

	/* NAME_MAX bytes after the slash, with or without the slash */
	memset(name, 'x', sizeof(name));
	name[NAME_MAX] = '\0';
	assert_int_equal(parse_posix_name(name, &v), 0);
	assert_int_equal(strlen(v), NAME_MAX + 1);
	assert_int_equal(v[0], '/');
	free(v);
	name[0] = '/';
	name[NAME_MAX] = 'x';
	name[NAME_MAX + 1] = '\0';
	assert_int_equal(parse_posix_name(name, &v), 0);
	assert_int_equal(strlen(v), NAME_MAX + 1);
	free(v);
	/* one byte more is too long: "/" + NAME_MAX + 1, then without the slash */
	name[NAME_MAX + 1] = 'x';
	name[NAME_MAX + 2] = '\0';
	v = NULL;
	assert_int_equal(parse_posix_name(name, &v), -ERANGE);
	assert_null(v);
	name[NAME_MAX + 1] = '\0';
	name[0] = 'x';
	assert_int_equal(strlen(name), NAME_MAX + 1);
	assert_int_equal(parse_posix_name(name, &v), -ERANGE);
	assert_null(v);
}

static void test_duration(void **state)
{
	static const struct {
		const char *in;
		int64_t v;
	} good[] = {
		{ "0", 0 }, { "10", 10 }, { "10s", 10 }, { "2m", 120 }, { "1h", 3600 },
		{ "1d", 86400 }, { "1w", 604800 }, { "0w", 0 }, { "007s", 7 },
		{ "9223372036854775807", INT64_MAX }, { "9223372036854775807s", INT64_MAX },
		{ "15250284452471w", INT64_C(15250284452471) * 604800 },
	};
	static const struct bad bad[] = {
		{ "", -EINVAL }, { "s", -EINVAL }, { "-1", -EINVAL }, { "+1", -EINVAL },
		{ " 1", -EINVAL }, { "1 ", -EINVAL }, { "1 s", -EINVAL }, { "1x", -EINVAL },
		{ "1ss", -EINVAL }, { "1sec", -EINVAL }, { "1S", -EINVAL }, { "1.5h", -EINVAL },
		{ "1h30m", -EINVAL }, { "0x10", -EINVAL },
		{ "9223372036854775808", -ERANGE }, { "9223372036854775807m", -ERANGE },
		{ "15250284452472w", -ERANGE }, { "99999999999999999999999d", -ERANGE },
	};
	int64_t v;

	for (size_t i = 0; i < N(good); i++) {
		v = POISON;
		assert_int_equal(parse_duration(good[i].in, &v), 0);
		assert_true(v == good[i].v);
	}
	for (size_t i = 0; i < N(bad); i++) {
		v = POISON;
		assert_int_equal(parse_duration(bad[i].in, &v), bad[i].err);
		assert_true(v == POISON);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_int64),
		cmocka_unit_test(test_uint64_base0),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_pid),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_mode),
		cmocka_unit_test(test_posix_name),
		cmocka_unit_test(test_duration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
