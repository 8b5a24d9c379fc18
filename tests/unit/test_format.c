/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for lib/format.c: sizes, times, permissions, keys, terminal escaping. */
#include <errno.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "format.h"

static void test_time_format_names(void **state)
{
	enum time_format f = TIME_FULL;

	assert_int_equal(parse_time_format("short", &f), 0);
	assert_int_equal(f, TIME_SHORT);
	assert_int_equal(parse_time_format("full", &f), 0);
	assert_int_equal(f, TIME_FULL);
	assert_int_equal(parse_time_format("iso", &f), 0);
	assert_int_equal(f, TIME_ISO);

	static const char *const bad[] = {
		"", "SHORT", "Iso", "iso ", " iso", "isox", "is", "relative", "0",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = TIME_FULL;
		assert_int_equal(parse_time_format(bad[i], &f), -EINVAL);
		assert_int_equal(f, TIME_FULL);	/* untouched on error */
	}
}

/*
 * Each pair was checked against util-linux 2.38's lsipc: a System V segment
 * of that many bytes created with ipcmk -M in tests/sandbox, then
 * `lsipc -m -o SIZE --noheadings` (and --bytes for the byte count).
 */
static const struct {
	uint64_t bytes;
	const char *text;
} sizes_checked[] = {
	{ 1, "1B" },
	{ 100, "100B" },
	{ 1023, "1023B" },
	{ 1024, "1K" },
	{ 1025, "1K" },
	{ 1075, "1K" },
	{ 1076, "1.1K" },
	{ 1126, "1.1K" },
	{ 1536, "1.5K" },
	{ 1996, "1.9K" },
	{ 2047, "2K" },
	{ 3583, "3.5K" },
	{ 3584, "3.5K" },
	{ 999999, "976.6K" },
	{ 1048575, "1024K" },
	{ 1048576, "1M" },
	{ 5000000, "4.8M" },
	{ 123456789, "117.7M" },
	{ UINT64_C(10737418240), "10G" },
};

static void test_size_matches_util_linux(void **state)
{
	char buf[FMT_BUFSZ];

	for (size_t i = 0; i < sizeof(sizes_checked) / sizeof(sizes_checked[0]); i++)
		assert_string_equal(fmt_size(buf, sizeof(buf), sizes_checked[i].bytes),
				    sizes_checked[i].text);
}

static void test_size_edges(void **state)
{
	char buf[FMT_BUFSZ];

	/* 0 and 2^64-1 as COMPAT.md §2.6 documents them (too big to create) */
	assert_string_equal(fmt_size(buf, sizeof(buf), 0), "0B");
	assert_string_equal(fmt_size(buf, sizeof(buf), UINT64_MAX), "16E");
	/* exact powers take the next letter, one below stays with the last */
	assert_string_equal(fmt_size(buf, sizeof(buf), UINT64_C(1) << 30), "1G");
	assert_string_equal(fmt_size(buf, sizeof(buf), UINT64_C(1) << 40), "1T");
	assert_string_equal(fmt_size(buf, sizeof(buf), UINT64_C(1) << 50), "1P");
	assert_string_equal(fmt_size(buf, sizeof(buf), UINT64_C(1) << 60), "1E");
	assert_string_equal(fmt_size(buf, sizeof(buf), (UINT64_C(1) << 60) - 1), "1024P");
	/* 1.5E: the exabyte path scales the remainder before multiplying */
	assert_string_equal(fmt_size(buf, sizeof(buf), UINT64_C(3) << 59), "1.5E");
	/* returns the buffer it was given */
	assert_ptr_equal(fmt_size(buf, sizeof(buf), 1), buf);
}

/* Times: TZ is set to UTC by main() unless a test sets another zone. */
#define T_2020_07_04_010203	INT64_C(1593824523)	/* a Saturday */
#define T_2020_02_29_123456	INT64_C(1582979696)	/* leap day, Saturday */
#define T_2024_02_29_235959	INT64_C(1709251199)	/* leap day, Thursday */
#define T_2000_02_29_000000	INT64_C(951782400)	/* leap day of a century year */
#define NOW_2026_01_05_101112	INT64_C(1767607872)	/* the fixed "now" */

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static const char *ftime(char *buf, int64_t t, enum time_format f)
{
	return fmt_time(buf, FMT_BUFSZ, t, f, NOW_2026_01_05_101112);
}

static void test_time_zero_is_the_epoch(void **state)
{
	char buf[FMT_BUFSZ];

	/* "never" is the callers' reading of a System V 0; a file time of 0 is a date */
	assert_string_equal(ftime(buf, 0, TIME_SHORT), "1970-Jan01");
	assert_string_equal(ftime(buf, 0, TIME_FULL), "Thu Jan  1 00:00:00 1970");
	assert_string_equal(ftime(buf, 0, TIME_ISO), "1970-01-01T00:00:00+00:00");
}

static void test_time_full(void **state)
{
	char buf[FMT_BUFSZ];

	/* asctime() layout, day padded with a space; expected values from
	 * Python's time.asctime(time.gmtime(t)) */
	assert_string_equal(ftime(buf, T_2020_07_04_010203, TIME_FULL), "Sat Jul  4 01:02:03 2020");
	assert_string_equal(ftime(buf, T_2020_02_29_123456, TIME_FULL), "Sat Feb 29 12:34:56 2020");
	assert_string_equal(ftime(buf, T_2024_02_29_235959, TIME_FULL), "Thu Feb 29 23:59:59 2024");
	assert_string_equal(ftime(buf, T_2000_02_29_000000, TIME_FULL), "Tue Feb 29 00:00:00 2000");
	assert_string_equal(ftime(buf, 1, TIME_FULL), "Thu Jan  1 00:00:01 1970");
	assert_string_equal(ftime(buf, -1, TIME_FULL), "Wed Dec 31 23:59:59 1969");
	assert_string_equal(ftime(buf, INT64_C(253402300799), TIME_FULL), "Fri Dec 31 23:59:59 9999");
}

static void test_time_iso(void **state)
{
	char buf[FMT_BUFSZ];

	assert_string_equal(ftime(buf, T_2020_07_04_010203, TIME_ISO), "2020-07-04T01:02:03+00:00");
	assert_string_equal(ftime(buf, T_2024_02_29_235959, TIME_ISO), "2024-02-29T23:59:59+00:00");
	assert_string_equal(ftime(buf, -1, TIME_ISO), "1969-12-31T23:59:59+00:00");

	/* zones with half hours on both sides (POSIX TZ strings, no tzdata
	 * needed); util-linux 2.38 printed +05:30 and -03:30 for Asia/Kolkata
	 * and America/St_Johns the same way */
	set_tz("<+0530>-5:30");
	assert_string_equal(ftime(buf, T_2024_02_29_235959, TIME_ISO), "2024-03-01T05:29:59+05:30");
	set_tz("<-0330>3:30");
	assert_string_equal(ftime(buf, T_2024_02_29_235959, TIME_ISO), "2024-02-29T20:29:59-03:30");
	/* a negative offset under one hour keeps its sign */
	set_tz("<-0030>0:30");
	assert_string_equal(ftime(buf, T_2020_07_04_010203, TIME_ISO), "2020-07-04T00:32:03-00:30");
	set_tz("UTC");
}

static void test_time_short(void **state)
{
	char buf[FMT_BUFSZ];

	/* same calendar day as now: HH:MM */
	assert_string_equal(ftime(buf, NOW_2026_01_05_101112, TIME_SHORT), "10:11");
	assert_string_equal(ftime(buf, INT64_C(1767600540), TIME_SHORT), "08:09");
	/* later the same day (clock skew) is still today */
	assert_string_equal(ftime(buf, NOW_2026_01_05_101112 + 3600, TIME_SHORT), "11:11");
	/* the same year: month abbreviation and zero-padded day */
	assert_string_equal(ftime(buf, INT64_C(1767225600), TIME_SHORT), "Jan01");
	assert_string_equal(ftime(buf, NOW_2026_01_05_101112 - 86400, TIME_SHORT), "Jan04");
	/* a year ago to the second, and the last second of last year */
	assert_string_equal(ftime(buf, INT64_C(1736071872), TIME_SHORT), "2025-Jan05");
	assert_string_equal(ftime(buf, INT64_C(1767225599), TIME_SHORT), "2025-Dec31");
	assert_string_equal(ftime(buf, T_2020_07_04_010203, TIME_SHORT), "2020-Jul04");
	assert_string_equal(ftime(buf, T_2020_02_29_123456, TIME_SHORT), "2020-Feb29");

	/* "today" is decided in the local zone: 23:30 UTC on Jan 4 is Jan 5
	 * in +05:30, so it prints as a time there */
	set_tz("<+0530>-5:30");
	assert_string_equal(ftime(buf, NOW_2026_01_05_101112 - 11 * 3600, TIME_SHORT), "04:41");
	set_tz("UTC");
	assert_string_equal(ftime(buf, NOW_2026_01_05_101112 - 11 * 3600, TIME_SHORT), "Jan04");
}

static void test_time_out_of_range(void **state)
{
	char buf[FMT_BUFSZ];

	/* no struct tm holds the year: the number of seconds, never garbage */
	assert_string_equal(ftime(buf, INT64_MAX, TIME_FULL), "9223372036854775807");
	assert_string_equal(ftime(buf, INT64_MAX, TIME_SHORT), "9223372036854775807");
	assert_string_equal(ftime(buf, INT64_MIN, TIME_ISO), "-9223372036854775808");
	assert_string_equal(ftime(buf, INT64_MIN, TIME_FULL), "-9223372036854775808");
	/* one second past the last and before the first year glibc can hold */
	assert_string_equal(ftime(buf, INT64_C(67768036191676800), TIME_ISO),
			    "67768036191676800");
	assert_string_equal(ftime(buf, INT64_C(-67768040609740801), TIME_ISO),
			    "-67768040609740801");
}

static void test_time_big_years(void **state)
{
	char buf[FMT_BUFSZ];

	/* ISO 8601's expanded years: a sign and at least four digits; the
	 * civil dates are from Hinnant's days_from_civil, done by hand */
	assert_string_equal(ftime(buf, INT64_C(253402300799), TIME_ISO),
			    "9999-12-31T23:59:59+00:00");
	assert_string_equal(ftime(buf, INT64_C(253402300800), TIME_ISO),
			    "+10000-01-01T00:00:00+00:00");
	assert_string_equal(ftime(buf, INT64_C(-62167219200), TIME_ISO),
			    "0000-01-01T00:00:00+00:00");
	assert_string_equal(ftime(buf, INT64_C(-62167219201), TIME_ISO),
			    "-0001-12-31T23:59:59+00:00");
	assert_string_equal(ftime(buf, INT64_C(67000000000000000), TIME_ISO),
			    "+2123147449-12-15T23:06:40+00:00");
	assert_string_equal(ftime(buf, INT64_C(-67000000000000000), TIME_ISO),
			    "-2123143510-01-16T00:53:20+00:00");
	/* tm_year is INT_MAX: year + 1900 must not overflow an int */
	assert_string_equal(ftime(buf, INT64_C(67768036191676799), TIME_ISO),
			    "+2147485547-12-31T23:59:59+00:00");
	assert_string_equal(ftime(buf, INT64_C(67768036191676799), TIME_FULL),
			    "Wed Dec 31 23:59:59 2147485547");
	assert_string_equal(ftime(buf, INT64_C(67768036191676799), TIME_SHORT),
			    "2147485547-Dec31");
	assert_string_equal(ftime(buf, INT64_C(-67768040609740800), TIME_FULL),
			    "Thu Jan  1 00:00:00 -2147481748");
	assert_string_equal(ftime(buf, INT64_C(-67768040609740800), TIME_ISO),
			    "-2147481748-01-01T00:00:00+00:00");
	assert_string_equal(ftime(buf, INT64_C(67000000000000000), TIME_FULL),
			    "Sat Dec 15 23:06:40 2123147449");
}

static void test_perms(void **state)
{
	char buf[FMT_BUFSZ];

	assert_string_equal(fmt_perms(buf, sizeof(buf), 0644, false), "rw-r--r--");
	assert_string_equal(fmt_perms(buf, sizeof(buf), 0, false), "---------");
	assert_string_equal(fmt_perms(buf, sizeof(buf), 0777, false), "rwxrwxrwx");
	assert_string_equal(fmt_perms(buf, sizeof(buf), 0421, false), "r---w---x");
	/* SHM_DEST/SHM_LOCKED and other high bits are not permissions */
	assert_string_equal(fmt_perms(buf, sizeof(buf), 03600, false), "rw-------");
	assert_string_equal(fmt_perms(buf, sizeof(buf), 0644, true), "0644");
	assert_string_equal(fmt_perms(buf, sizeof(buf), 0, true), "0");
	assert_string_equal(fmt_perms(buf, sizeof(buf), 07, true), "07");
	assert_string_equal(fmt_perms(buf, sizeof(buf), 03600, true), "0600");
}

static void test_key(void **state)
{
	char buf[FMT_BUFSZ];

	assert_string_equal(fmt_key(buf, sizeof(buf), 0), "0x00000000");
	assert_string_equal(fmt_key(buf, sizeof(buf), 0x1234), "0x00001234");
	assert_string_equal(fmt_key(buf, sizeof(buf), -1), "0xffffffff");
	assert_string_equal(fmt_key(buf, sizeof(buf), INT32_MIN), "0x80000000");
	assert_string_equal(fmt_key(buf, sizeof(buf), INT32_MAX), "0x7fffffff");
}

static const struct {
	const char *in, *out;
} escapes[] = {
	{ "", "" },
	{ "plain-name_1.2", "plain-name_1.2" },
	{ "with space", "with space" },
	/* an escape sequence that would turn the terminal red, and OSC title */
	{ "\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m" },
	{ "\x1b]0;owned\x07", "\\x1b]0;owned\\x07" },
	{ "a\nb\rc\td", "a\\x0ab\\x0dc\\x09d" },
	{ "\x01\x1f\x7f", "\\x01\\x1f\\x7f" },
	/* backslash is escaped so an escaped name cannot be forged */
	{ "a\\x1b", "a\\x5cx1b" },
	/* C1 controls in UTF-8 (U+009B is CSI) */
	{ "\xc2\x9b" "2J", "\\xc2\\x9b" "2J" },
	{ "\xc2\x80\xc2\x9f", "\\xc2\\x80\\xc2\\x9f" },
	/* C1 controls as raw bytes are invalid UTF-8 anyway */
	{ "\x9b" "2J", "\\x9b" "2J" },
	/* valid printable UTF-8 stays: é, NBSP, €, a 4-byte emoji, U+10FFFF */
	{ "caf\xc3\xa9", "caf\xc3\xa9" },
	{ "\xc2\xa0", "\xc2\xa0" },
	{ "\xe2\x82\xac", "\xe2\x82\xac" },
	{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },
	{ "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf" },
	/* invalid: stray continuation, bad lead bytes, overlong forms,
	 * surrogates, beyond U+10FFFF, truncated sequences */
	{ "\x80", "\\x80" },
	{ "\xff\xfe", "\\xff\\xfe" },
	{ "\xc0\xaf", "\\xc0\\xaf" },
	{ "\xc1\xbf", "\\xc1\\xbf" },
	{ "\xe0\x80\xaf", "\\xe0\\x80\\xaf" },
	{ "\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf" },
	{ "\xed\xa0\x80", "\\xed\\xa0\\x80" },
	{ "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80" },
	{ "\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80" },
	{ "\xe2\x82", "\\xe2\\x82" },
	{ "\xf0\x9f\x98", "\\xf0\\x9f\\x98" },
	/* a broken sequence does not swallow the valid character after it */
	{ "\xe2" "A\xc3\xa9", "\\xe2" "A\xc3\xa9" },
	{ "\xf0\x9f\x0a", "\\xf0\\x9f\\x0a" },
};

/*
 * The escaped text holds the backslashes of its own \xHH sequences, which
 * str_is_terminal_safe() rightly flags (they would be escaped again); apart
 * from them, everything in it must be safe.
 */
static bool terminal_safe_but_backslash(const char *e)
{
	char *copy = strdup(e);
	bool safe;

	assert_non_null(copy);
	for (char *p = copy; *p; p++)
		if (*p == '\\')
			*p = '/';
	safe = str_is_terminal_safe(copy);
	free(copy);
	return safe;
}

/* Decode \xHH back into bytes: the escaping must lose nothing. */
static const char *unescape(const char *e)
{
	static char out[256];
	size_t n = 0;

	while (*e && n < sizeof(out) - 1) {
		if (e[0] == '\\') {
			assert_int_equal(e[1], 'x');
			out[n++] = (char)strtoul((char[]){ e[2], e[3], 0 }, NULL, 16);
			e += 4;
		} else {
			out[n++] = *e++;
		}
	}
	out[n] = '\0';
	return out;
}

static void test_escape_terminal(void **state)
{
	for (size_t i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++) {
		char *e = str_escape_terminal(escapes[i].in);

		assert_non_null(e);
		assert_string_equal(e, escapes[i].out);
		/* safe exactly when escaping changes nothing, and the result is safe */
		assert_int_equal(str_is_terminal_safe(escapes[i].in),
				 strcmp(escapes[i].in, escapes[i].out) == 0);
		assert_true(terminal_safe_but_backslash(e));
		assert_string_equal(unescape(e), escapes[i].in);
		free(e);
	}
}

static void test_escape_every_byte(void **state)
{
	/* every single byte value on its own: escaped unless printable ASCII */
	for (int c = 1; c < 256; c++) {
		char in[2] = { (char)c, 0 };
		char *e = str_escape_terminal(in);

		assert_non_null(e);
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			assert_string_equal(e, in);
		} else {
			char want[5];

			snprintf(want, sizeof(want), "\\x%02x", c);
			assert_string_equal(e, want);
		}
		for (const unsigned char *p = (const unsigned char *)e; *p; p++)
			assert_true(*p >= 0x20 && *p != 0x7f);
		free(e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_format_names),
		cmocka_unit_test(test_size_matches_util_linux),
		cmocka_unit_test(test_size_edges),
		cmocka_unit_test(test_time_zero_is_the_epoch),
		cmocka_unit_test(test_time_full),
		cmocka_unit_test(test_time_iso),
		cmocka_unit_test(test_time_short),
		cmocka_unit_test(test_time_out_of_range),
		cmocka_unit_test(test_time_big_years),
		cmocka_unit_test(test_perms),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_escape_terminal),
		cmocka_unit_test(test_escape_every_byte),
	};

	/* month names and the decimal point of the C locale, times in UTC */
	setlocale(LC_ALL, "C");
	set_tz("UTC");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
