/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of cmd/table.c: column lists, shell names, JSON strings, output modes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmd/table.h"

struct row {
	const char *name;
	const char *num;
};

static struct val get_name(void *ctx, const void *r)
{
	const struct row *row = r;

	return val_str(row->name);
}

static struct val get_num(void *ctx, const void *r)
{
	const struct row *row = r;

	return row->num ? val_uint(strtoull(row->num, NULL, 10)) : val_null();
}

static const struct tbl_column cols[] = {
	{ "NAME", "Name", "the name", 1, 0, 0, 0, get_name },
	{ "USE%", "Use", "a percentage", 1, SCOLS_FL_RIGHT, 0, 0, get_num },
	{ "ID", "ID", "an id", 1, SCOLS_FL_TRUNC, 0, 0, get_num },
	{ "IDX", "Index", "another", 1, 0, 0, 0, get_name },
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

static void test_lookup(void **state)
{
	assert_int_equal(tbl_column_lookup(cols, NCOLS, "NAME", 4), 0);
	assert_int_equal(tbl_column_lookup(cols, NCOLS, "name", 4), 0);
	assert_int_equal(tbl_column_lookup(cols, NCOLS, "use%", 4), 1);
	/* only len bytes count: "ID" inside "IDX" */
	assert_int_equal(tbl_column_lookup(cols, NCOLS, "IDX", 2), 2);
	assert_int_equal(tbl_column_lookup(cols, NCOLS, "IDX", 3), 3);
	assert_int_equal(tbl_column_lookup(cols, NCOLS, "I", 1), -1);
	assert_int_equal(tbl_column_lookup(cols, NCOLS, "", 0), -1);
	assert_int_equal(tbl_column_lookup(cols, NCOLS, "NAMES", 5), -1);
}

static void test_parse_replace_append(void **state)
{
	size_t ids[8] = { 3, 3 }, n = 2;
	struct tbl_colerr e;

	assert_int_equal(tbl_parse_columns(cols, NCOLS, "id,Name", ids, 8, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], 0);

	assert_int_equal(tbl_parse_columns(cols, NCOLS, "+USE%,ID", ids, 8, &n, &e), 0);
	assert_int_equal(n, 4);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], 0);
	assert_int_equal(ids[2], 1);
	assert_int_equal(ids[3], 2);

	/* duplicates are allowed */
	assert_int_equal(tbl_parse_columns(cols, NCOLS, "NAME,NAME", ids, 8, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 0);
	assert_int_equal(ids[1], 0);
}

static void test_parse_errors(void **state)
{
	size_t ids[3] = { 1, 2, 0 }, n = 2;
	const char *list;
	struct tbl_colerr e;

	list = "";
	assert_int_equal(tbl_parse_columns(cols, NCOLS, list, ids, 3, &n, &e), -EINVAL);
	assert_ptr_equal(e.item, list);
	assert_int_equal(e.len, 0);

	list = "+";
	assert_int_equal(tbl_parse_columns(cols, NCOLS, list, ids, 3, &n, &e), -EINVAL);
	assert_ptr_equal(e.item, list);

	list = "NAME,,ID";
	assert_int_equal(tbl_parse_columns(cols, NCOLS, list, ids, 3, &n, &e), -EINVAL);
	assert_ptr_equal(e.item, list + 5);

	list = ",NAME";
	assert_int_equal(tbl_parse_columns(cols, NCOLS, list, ids, 3, &n, &e), -EINVAL);
	assert_ptr_equal(e.item, list);

	list = "NAME,";
	assert_int_equal(tbl_parse_columns(cols, NCOLS, list, ids, 3, &n, &e), -EINVAL);
	assert_ptr_equal(e.item, list + 5);

	list = "NAME,FOO,ID";
	assert_int_equal(tbl_parse_columns(cols, NCOLS, list, ids, 3, &n, &e), -ENOENT);
	assert_ptr_equal(e.item, list + 5);
	assert_int_equal(e.len, 3);

	list = "NAME, ID";
	assert_int_equal(tbl_parse_columns(cols, NCOLS, list, ids, 3, &n, &e), -ENOENT);
	assert_int_equal(e.len, 3);

	list = "+ID,ID";	/* 2 + 2 > 3 */
	assert_int_equal(tbl_parse_columns(cols, NCOLS, list, ids, 3, &n, &e), -E2BIG);
	list = "ID,ID,ID,ID";
	assert_int_equal(tbl_parse_columns(cols, NCOLS, list, ids, 3, &n, &e), -E2BIG);

	/* nothing changed by the failures */
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 2);
}

static void test_shell_name(void **state)
{
	char buf[32];

	assert_string_equal(tbl_shell_name("USE%", buf, sizeof(buf)), "USE_PCT");
	assert_string_equal(tbl_shell_name("NAME", buf, sizeof(buf)), "NAME");
	assert_string_equal(tbl_shell_name("NOTIFY_PID", buf, sizeof(buf)), "NOTIFY_PID");
	assert_string_equal(tbl_shell_name("1X", buf, sizeof(buf)), "_1X");
	assert_string_equal(tbl_shell_name("A-B.C", buf, sizeof(buf)), "A_B_C");
	assert_string_equal(tbl_shell_name("%A", buf, sizeof(buf)), "__A");
	/* never past the buffer */
	assert_string_equal(tbl_shell_name("USE%", buf, 5), "USE_");
	assert_string_equal(tbl_shell_name("ABC", buf, 1), "");
}

static void check_json(const char *in, const char *want)
{
	char *s = tbl_json_string(in);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void test_json_string(void **state)
{
	check_json("", "\"\"");
	check_json("/queue", "\"/queue\"");
	check_json("a\"b\\c", "\"a\\\"b\\\\c\"");
	check_json("\x01\x1b[31m\n\t\x7f", "\"\\u0001\\u001b[31m\\u000a\\u0009\\u007f\"");
	/* C1 controls as code points */
	check_json("x\xc2\x9by\xc2\x80", "\"x\\u009by\\u0080\"");
	/* valid UTF-8 stays */
	check_json("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	check_json("\xc2\xa0", "\"\xc2\xa0\"");
	/* not UTF-8: stray continuation, invalid lead, overlong, surrogate, cut */
	check_json("a\x80z", "\"a\\ufffdz\"");
	check_json("\xff", "\"\\ufffd\"");
	check_json("\xc0\x80", "\"\\ufffd\\ufffd\"");
	check_json("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	check_json("\xe2\x82", "\"\\ufffd\\ufffd\"");
	check_json("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

/* Build a table of rows in mode, print it to a string. */
static char *render(const struct tbl_opts *o, const struct row *rows, size_t nrows,
		    const size_t *which, size_t ncols)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct tbl t;

	assert_non_null(f);
	assert_int_equal(tbl_init(&t, o, "things", f), 0);
	for (size_t i = 0; i < ncols; i++)
		assert_int_equal(tbl_add_column(&t, &cols[which[i]]), 0);
	for (size_t i = 0; i < nrows; i++)
		assert_int_equal(tbl_add_row(&t, NULL, &rows[i]), 0);
	assert_int_equal(tbl_nrows(&t), nrows);
	assert_int_equal(tbl_print(&t), 0);
	tbl_free(&t);
	fclose(f);
	return buf;
}

static const struct row rows[] = {
	{ "a b", "12" },
	{ NULL, NULL },
	{ "c", "3" },
};
static const size_t two[] = { 0, 1 };

static void test_modes(void **state)
{
	struct tbl_opts o = { .mode = TBL_TABLE };
	char *s;

	s = render(&o, rows, 3, two, 2);
	/* an empty row: the left cell padded, nothing for the empty last one */
	assert_string_equal(s, "NAME USE%\na b    12\n     \nc       3\n");
	free(s);

	o.noheadings = true;
	s = render(&o, rows, 1, two, 2);
	/* one line, no header (widths depend on the libsmartcols version) */
	assert_true(strncmp(s, "a b ", 4) == 0);
	assert_ptr_equal(strchr(s, '\n'), s + strlen(s) - 1);
	assert_null(strstr(s, "NAME"));
	free(s);

	o = (struct tbl_opts){ .mode = TBL_RAW };
	s = render(&o, rows, 3, two, 2);
	assert_string_equal(s, "NAME USE%\na\\x20b 12\n \nc 3\n");
	free(s);

	o = (struct tbl_opts){ .mode = TBL_EXPORT };
	s = render(&o, rows, 3, two, 2);
	assert_string_equal(s, "NAME=\"a b\" USE%=\"12\"\nNAME=\"\" USE%=\"\"\nNAME=\"c\" USE%=\"3\"\n");
	free(s);

	o = (struct tbl_opts){ .mode = TBL_NEWLINE, .shellvar = true };
	s = render(&o, rows, 3, two, 2);
	assert_string_equal(s, "NAME=\"a b\"\nUSE_PCT=\"12\"\nNAME=\"\"\nUSE_PCT=\"\"\n"
			       "NAME=\"c\"\nUSE_PCT=\"3\"\n");
	free(s);
}

static void test_json(void **state)
{
	struct tbl_opts o = { .mode = TBL_JSON };
	char *s;

	s = render(&o, rows, 2, two, 2);
	/* numbers are written as they are, absent values are null */
	assert_non_null(strstr(s, "\"things\": ["));
	assert_non_null(strstr(s, "\"name\": \"a b\""));
	assert_non_null(strstr(s, "\"use%\": 12"));
	assert_non_null(strstr(s, "\"name\": null"));
	assert_non_null(strstr(s, "\"use%\": null"));
	free(s);

	o.shellvar = true;
	s = render(&o, rows, 1, two, 2);
	assert_non_null(strstr(s, "\"use_pct\": 12"));
	free(s);

	/* an empty table is still a document with its key */
	s = render(&o, rows, 0, two, 2);
	assert_non_null(strstr(s, "\"things\": ["));
	assert_non_null(strchr(s, ']'));
	free(s);
}

static void test_pretty(void **state)
{
	struct tbl_opts o = { .mode = TBL_PRETTY };
	char *s;

	s = render(&o, rows, 1, two, 2);
	assert_string_equal(s,
		"Name:                               a b                                 \n"
		"Use:                                12                                  \n");
	free(s);
	/* cells without a value leave their line out; rows are separated */
	s = render(&o, rows, 3, two, 2);
	assert_string_equal(s,
		"Name:                               a b                                 \n"
		"Use:                                12                                  \n"
		"\n\n"
		"Name:                               c                                   \n"
		"Use:                                3                                   \n");
	free(s);
}

static void test_pretty_line(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	tbl_pretty_line(f, "Key", "0x00000001");
	tbl_pretty_line(f, "A label that is much longer than 35", "v");
	tbl_pretty_line(f, "Status", "");
	fclose(f);
	assert_string_equal(buf,
		"Key:                                0x00000001                          \n"
		"A label that is much longer than 35: v                                   \n"
		"Status:                                                                 \n");
	free(buf);
}

/* The text of v in mode (NULL: no value). */
static char *enc(struct val v, enum val_mode mode)
{
	struct val_fmt f = { .mode = mode, .tf = TIME_ISO, .now = 0 };
	char *s;

	assert_int_equal(val_encode(&v, &f, &s), 0);
	val_done(&v);
	return s;
}

#define CHECK_ENC(v, mode, want) do { \
		char *s_ = enc(v, mode); \
		if ((want) == NULL) \
			assert_null(s_); \
		else \
			assert_string_equal(s_, (want)); \
		free(s_); \
	} while (0)

/* Every kind of value in every encoder. */
static void test_encoders(void **state)
{
	static const int64_t pids[] = { 3, 17 };
	struct val v;

	CHECK_ENC(val_null(), VAL_MODE_TEXT, NULL);
	CHECK_ENC(val_null(), VAL_MODE_JSON, NULL);
	CHECK_ENC(val_null(), VAL_MODE_DETAIL, NULL);
	CHECK_ENC(val_na(), VAL_MODE_TEXT, "-");
	CHECK_ENC(val_na(), VAL_MODE_JSON, NULL);
	CHECK_ENC(val_na(), VAL_MODE_DETAIL, "-");
	CHECK_ENC(val_uint(UINT64_MAX), VAL_MODE_JSON, "18446744073709551615");
	CHECK_ENC(val_int(-5), VAL_MODE_TEXT, "-5");
	CHECK_ENC(val_int(0), VAL_MODE_TEXT, "0");
	CHECK_ENC(val_int(INT64_MIN), VAL_MODE_JSON, "-9223372036854775808");
	CHECK_ENC(val_int(INT64_MAX), VAL_MODE_DETAIL, "9223372036854775807");
	CHECK_ENC(val_uint(0), VAL_MODE_TEXT, "0");
	CHECK_ENC(val_uint(1000), VAL_MODE_TEXT, "1000");
	CHECK_ENC(val_bytes(1536), VAL_MODE_TEXT, "1.5K");
	CHECK_ENC(val_bytes(1536), VAL_MODE_JSON, "1536");
	CHECK_ENC(val_bytes(1536), VAL_MODE_DETAIL, "1.5K");
	/* JSON times are ISO 8601 whatever the time format */
	CHECK_ENC(val_time(0), VAL_MODE_JSON, "\"1970-01-01T00:00:00+00:00\"");
	CHECK_ENC(val_text("dest"), VAL_MODE_JSON, "\"dest\"");
	/* an empty word is null in JSON (libsmartcols' rule), not in text */
	CHECK_ENC(val_text(""), VAL_MODE_JSON, NULL);
	CHECK_ENC(val_text(""), VAL_MODE_DETAIL, "");
	/* text from the system: escaped by us where we print it, literal in JSON */
	CHECK_ENC(val_str("a\x1b" "b"), VAL_MODE_TEXT, "a\x1b" "b");
	CHECK_ENC(val_str("a\x1b" "b"), VAL_MODE_DETAIL, "a\\x1bb");
	CHECK_ENC(val_str("a\x1b" "b"), VAL_MODE_JSON, "\"a\\u001bb\"");
	CHECK_ENC(val_str(""), VAL_MODE_JSON, "\"\"");
	CHECK_ENC(val_bool(true, NULL), VAL_MODE_JSON, "true");
	CHECK_ENC(val_bool(false, "why"), VAL_MODE_JSON, "false");
	CHECK_ENC(val_bool(true, "why"), VAL_MODE_DETAIL, "why");
	CHECK_ENC(val_ratio(1, 3), VAL_MODE_TEXT, "33.33%");
	CHECK_ENC(val_ratio(2, 3), VAL_MODE_JSON, "66.67");
	v = (struct val){ .type = VAL_NUMS, .nums = { pids, 2 } };
	CHECK_ENC(v, VAL_MODE_TEXT, "3,17");
	CHECK_ENC(v, VAL_MODE_JSON, "[3,17]");
	CHECK_ENC(v, VAL_MODE_DETAIL, "3,17");
	v.nums.n = 0;
	CHECK_ENC(v, VAL_MODE_TEXT, "");
	CHECK_ENC(v, VAL_MODE_JSON, "[]");
	CHECK_ENC(v, VAL_MODE_DETAIL, NULL);
	/* a blank value (nobody uses it) has no line in a detail view only */
	v = val_uint(0);
	v.blank = true;
	CHECK_ENC(v, VAL_MODE_TEXT, "0");
	CHECK_ENC(v, VAL_MODE_DETAIL, NULL);
}

/* Bytes: base64 (RFC 4648's test vectors) or a string in JSON, hex or text elsewhere. */
static void test_blobs(void **state)
{
	static const unsigned char bin[] = { 0x00, 0xff, 0x1b, 0x80 };

	CHECK_ENC(val_blob("", 0, false), VAL_MODE_JSON, "\"\"");
	CHECK_ENC(val_blob("f", 1, false), VAL_MODE_JSON, "\"Zg==\"");
	CHECK_ENC(val_blob("fo", 2, false), VAL_MODE_JSON, "\"Zm8=\"");
	CHECK_ENC(val_blob("foo", 3, false), VAL_MODE_JSON, "\"Zm9v\"");
	CHECK_ENC(val_blob("foob", 4, false), VAL_MODE_JSON, "\"Zm9vYg==\"");
	CHECK_ENC(val_blob("foobar", 6, false), VAL_MODE_JSON, "\"Zm9vYmFy\"");
	CHECK_ENC(val_blob(bin, 4, false), VAL_MODE_JSON, "\"AP8bgA==\"");
	CHECK_ENC(val_blob(bin, 4, false), VAL_MODE_TEXT, "00ff1b80");
	CHECK_ENC(val_blob(bin, 4, false), VAL_MODE_DETAIL, "00ff1b80");
	CHECK_ENC(val_blob(bin, 0, false), VAL_MODE_TEXT, "");
	/* text: NUL and controls escaped in JSON; no value in a cell with a NUL */
	CHECK_ENC(val_blob("a\0b\x1b", 4, true), VAL_MODE_JSON, "\"a\\u0000b\\u001b\"");
	CHECK_ENC(val_blob("a\0b", 3, true), VAL_MODE_TEXT, NULL);
	CHECK_ENC(val_blob("h\xc3\xa9\x1b", 4, true), VAL_MODE_TEXT, "h\xc3\xa9\x1b");
	CHECK_ENC(val_blob("h\xc3\xa9\x1b", 4, true), VAL_MODE_DETAIL, "h\xc3\xa9\\x1b");
	CHECK_ENC(val_blob("h\xc3\xa9", 3, true), VAL_MODE_JSON, "\"h\xc3\xa9\"");
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("a\0b", 3));
	assert_true(utf8_valid("\xc3\xa9", 2));
	assert_false(utf8_valid("\xc3", 1));		/* cut short */
	assert_false(utf8_valid("\xc3\xa9", 1));	/* cut at the length, not at a NUL */
	assert_false(utf8_valid("\xff", 1));
	assert_false(utf8_valid("\xed\xa0\x80", 3));	/* a surrogate */
	assert_false(utf8_valid("\xc0\x80", 2));	/* overlong */
}

/* Nested records: inside a cell, and one per line as a document. */
static void test_records(void **state)
{
	struct val v = { .type = VAL_RECORDS,
		.rec = { cols, 2, NULL, rows, 3, sizeof(rows[0]), false } };

	CHECK_ENC(v, VAL_MODE_JSON, "[{\"name\": \"a b\", \"use%\": 12}, "
		  "{\"name\": null, \"use%\": null}, {\"name\": \"c\", \"use%\": 3}]");
	CHECK_ENC(v, VAL_MODE_TEXT, NULL);
	v.rec.lines = true;
	CHECK_ENC(v, VAL_MODE_JSON, "[\n   {\"name\": \"a b\", \"use%\": 12},\n"
		  "   {\"name\": null, \"use%\": null},\n   {\"name\": \"c\", \"use%\": 3}\n]");
	v.rec.nrows = 0;
	CHECK_ENC(v, VAL_MODE_JSON, "[\n]");
	v.rec.lines = false;
	CHECK_ENC(v, VAL_MODE_JSON, "[]");
}

/* The rows printed by tbl_print_rows() in mode (streamed when it can). */
static char *render_rows(const struct tbl_opts *o, const struct row *r, size_t nrows)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct tbl t;

	assert_non_null(f);
	assert_int_equal(tbl_init(&t, o, "things", f), 0);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(tbl_add_column(&t, &cols[two[i]]), 0);
	assert_int_equal(tbl_print_rows(&t, NULL, r, nrows, sizeof(r[0])), 0);
	tbl_free(&t);
	fclose(f);
	return buf;
}

/*
 * The streaming printer's exact bytes, pinned here rather than by whatever
 * libsmartcols the build host has (test_rows_match_libsmartcols compares
 * the two).
 */
static void test_streamed_golden(void **state)
{
	static const struct row plain[] = {
		{ "alpha", "12" },
		{ NULL, NULL },
		{ "c d", "3" },
	};
	struct tbl_opts o = { .mode = TBL_TABLE };
	char *s;

	if (isatty(STDOUT_FILENO))
		skip();
	s = render_rows(&o, plain, 3);
	assert_string_equal(s, "NAME  USE%\nalpha   12\n      \nc d      3\n");
	free(s);
	o.mode = TBL_RAW;
	s = render_rows(&o, plain, 3);
	assert_string_equal(s, "NAME USE%\nalpha 12\n \nc\\x20d 3\n");
	free(s);
	o.mode = TBL_EXPORT;
	s = render_rows(&o, plain, 1);
	assert_string_equal(s, "NAME=\"alpha\" USE%=\"12\"\n");
	free(s);
	o.mode = TBL_NEWLINE;
	s = render_rows(&o, plain, 1);
	assert_string_equal(s, "NAME=\"alpha\"\nUSE%=\"12\"\n");
	free(s);
	o.mode = TBL_JSON;
	s = render_rows(&o, plain, 2);
	assert_string_equal(s, "{\n   \"things\": [\n      {\n         \"name\": \"alpha\",\n"
			       "         \"use%\": 12\n      },{\n         \"name\": null,\n"
			       "         \"use%\": null\n      }\n   ]\n}\n");
	free(s);
	s = render_rows(&o, plain, 0);
	assert_string_equal(s, "{\n   \"things\": [\n\n   ]\n}\n");
	free(s);
	/* no rows: not even a header */
	o.mode = TBL_TABLE;
	s = render_rows(&o, plain, 0);
	assert_string_equal(s, "");
	free(s);
}

static void test_columns_flags(void **state)
{
	struct tbl_opts o = { .mode = TBL_TABLE, .notruncate = true, .shellvar = true };
	struct libscols_column *cl;
	struct tbl t;

	assert_int_equal(tbl_init(&t, &o, "x", NULL), 0);
	assert_int_equal(tbl_add_column(&t, &cols[2]), 0);
	assert_int_equal(tbl_add_column(&t, &cols[1]), 0);
	cl = scols_table_get_column(t.sc, 0);
	assert_int_equal(scols_column_get_flags(cl) & SCOLS_FL_TRUNC, 0);
	cl = scols_table_get_column(t.sc, 1);
	assert_true(scols_column_get_flags(cl) & SCOLS_FL_RIGHT);
	assert_string_equal(scols_column_get_name(cl), "USE_PCT");
	assert_ptr_equal(t.cols[1], &cols[1]);
	tbl_free(&t);

	o.notruncate = false;
	assert_int_equal(tbl_init(&t, &o, "x", NULL), 0);
	assert_int_equal(tbl_add_column(&t, &cols[2]), 0);
	cl = scols_table_get_column(t.sc, 0);
	assert_true(scols_column_get_flags(cl) & SCOLS_FL_TRUNC);
	tbl_free(&t);
}

/* A random printable string, sometimes empty, sometimes NULL. */
static char *random_cell(unsigned int *seed)
{
	static const char chars[] = "abcXYZ019 -_.:%/,";
	int r = rand_r(seed) % 10;
	size_t len;
	char *s;

	if (r == 0)
		return NULL;
	if (r == 1)
		return strdup("");
	len = (size_t)(rand_r(seed) % 14);
	s = malloc(len + 1);
	for (size_t i = 0; i < len; i++)
		s[i] = chars[rand_r(seed) % (sizeof(chars) - 1)];
	s[len] = '\0';
	return s;
}

/* The fast plain-table printer writes what libsmartcols writes, byte for byte. */
static void test_plain_matches_libsmartcols(void **state)
{
	static const char *names[] = { "A", "KEY", "LONGER_NAME", "X%", "ID", "COMMAND" };
	static const int flags[] = { 0, SCOLS_FL_RIGHT, SCOLS_FL_NOEXTREMES, SCOLS_FL_TRUNC };
	static const double whints[] = { 0, 1 };
	struct tbl_column defs[6];
	unsigned int seed = 42;

	if (isatty(STDOUT_FILENO))
		skip();	/* both printers behave differently on a terminal */
	for (int round = 0; round < 3000; round++) {
		struct tbl_opts o = { .mode = TBL_TABLE };
		size_t nc = 1 + (size_t)(rand_r(&seed) % 6), nr = (size_t)(rand_r(&seed) % 12);
		char *a = NULL, *b = NULL;
		size_t alen = 0, blen = 0;
		FILE *fa = open_memstream(&a, &alen), *fb = open_memstream(&b, &blen);
		struct tbl t;

		assert_int_equal(tbl_init(&t, &o, "t", fa), 0);
		for (size_t c = 0; c < nc; c++) {
			defs[c] = (struct tbl_column){
				.name = names[rand_r(&seed) % 6],
				.label = "L",
				.whint = whints[rand_r(&seed) % 2],
				.flags = flags[rand_r(&seed) % 4],
			};
			assert_int_equal(tbl_add_column(&t, &defs[c]), 0);
		}
		for (size_t r = 0; r < nr; r++) {
			struct libscols_line *ln = tbl_new_line(&t);

			assert_non_null(ln);
			for (size_t c = 0; c < nc; c++)
				assert_int_equal(tbl_set(&t, ln, c, random_cell(&seed)), 0);
		}
		assert_int_equal(tbl_print_plain(&t), 0);
		scols_table_set_stream(t.sc, fb);
		assert_true(scols_print_table(t.sc) >= 0);
		fclose(fa);
		fclose(fb);
		if (strcmp(a, b) != 0)
			print_error("round %d differs:\n--- libsmartcols\n%s--- ours\n%s", round, b, a);
		assert_string_equal(a, b);
		free(a);
		free(b);
		tbl_free(&t);
	}
}

static void test_plain_declines(void **state)
{
	struct tbl_opts o = { .mode = TBL_TABLE };
	struct row r = { "tab\there", "1" };
	struct tbl t;

	/* text that libsmartcols would encode is left to it */
	assert_int_equal(tbl_init(&t, &o, "t", stdout), 0);
	assert_int_equal(tbl_add_column(&t, &cols[0]), 0);
	assert_int_equal(tbl_add_row(&t, NULL, &r), 0);
	assert_int_equal(tbl_print_plain(&t), 1);
	tbl_free(&t);
	r.name = "back\\slash";
	assert_int_equal(tbl_init(&t, &o, "t", stdout), 0);
	assert_int_equal(tbl_add_column(&t, &cols[0]), 0);
	assert_int_equal(tbl_add_row(&t, NULL, &r), 0);
	assert_int_equal(tbl_print_plain(&t), 1);
	tbl_free(&t);
	/* and tables with other width hints */
	{
		struct tbl_column wide = cols[0];

		wide.whint = 6;
		assert_int_equal(tbl_init(&t, &o, "t", stdout), 0);
		assert_int_equal(tbl_add_column(&t, &wide), 0);
		assert_int_equal(tbl_print_plain(&t), 1);
		tbl_free(&t);
	}
	/* and the other modes */
	o.mode = TBL_RAW;
	assert_int_equal(tbl_init(&t, &o, "t", stdout), 0);
	assert_int_equal(tbl_add_column(&t, &cols[0]), 0);
	assert_int_equal(tbl_print_plain(&t), 1);
	tbl_free(&t);
	o = (struct tbl_opts){ .mode = TBL_TABLE, .noheadings = true };
	assert_int_equal(tbl_init(&t, &o, "t", stdout), 0);
	assert_int_equal(tbl_add_column(&t, &cols[0]), 0);
	assert_int_equal(tbl_print_plain(&t), 1);
	tbl_free(&t);
}

/* Rows of up to six cells for the differential test of tbl_print_rows(). */
struct cells {
	char *v[6];
};

/* text cells, and number cells ("" stays text so that empty cells are tried) */
#define CELL_GETTER(n) \
	static struct val get_cell##n(void *ctx, const void *r) \
	{ \
		return val_str(((const struct cells *)r)->v[n]); \
	} \
	static struct val get_num##n(void *ctx, const void *r) \
	{ \
		const char *v = ((const struct cells *)r)->v[n]; \
		return v && *v ? val_uint(strtoull(v, NULL, 10)) : val_text(v); \
	}
CELL_GETTER(0)
CELL_GETTER(1)
CELL_GETTER(2)
CELL_GETTER(3)
CELL_GETTER(4)
CELL_GETTER(5)
static const tbl_getter cell_getters[6] = {
	get_cell0, get_cell1, get_cell2, get_cell3, get_cell4, get_cell5
};
static const tbl_getter num_getters[6] = {
	get_num0, get_num1, get_num2, get_num3, get_num4, get_num5
};

static char *random_value(unsigned int *seed, bool number)
{
	static const char chars[] = "abcXYZ019 -_.:%/,\"$`'=";
	int r = rand_r(seed) % 10;
	size_t len;
	char *s;

	if (r == 0)
		return NULL;
	if (r == 1)
		return strdup("");
	len = 1 + (size_t)(rand_r(seed) % 12);
	s = malloc(len + 1);
	for (size_t i = 0; i < len; i++)
		s[i] = number ? (char)('0' + rand_r(seed) % 10)
			      : chars[rand_r(seed) % (sizeof(chars) - 1)];
	s[len] = '\0';
	return s;
}

/* tbl_print_rows() writes, in every mode, what libsmartcols writes. */
static void test_rows_match_libsmartcols(void **state)
{
	static const char *names[] = { "A", "KEY", "LONGER_NAME", "X%", "ID", "COMMAND" };
	static const int flags[] = { 0, SCOLS_FL_RIGHT, SCOLS_FL_NOEXTREMES, SCOLS_FL_TRUNC };
	static const enum tbl_mode modes[] = { TBL_TABLE, TBL_RAW, TBL_EXPORT, TBL_NEWLINE,
					       TBL_JSON };
	struct tbl_column defs[6];
	bool number[6];
	struct cells crows[12];
	unsigned int seed = 7;

	if (isatty(STDOUT_FILENO))
		skip();
	for (int round = 0; round < 3000; round++) {
		struct tbl_opts o = {
			.mode = modes[rand_r(&seed) % 5],
			.noheadings = rand_r(&seed) % 4 == 0,
			.shellvar = rand_r(&seed) % 2,
		};
		size_t nc = 1 + (size_t)(rand_r(&seed) % 6), nr = (size_t)(rand_r(&seed) % 12);
		char *a = NULL, *b = NULL;
		size_t alen = 0, blen = 0;
		FILE *fa = open_memstream(&a, &alen), *fb = open_memstream(&b, &blen);
		struct tbl ta, tb;

		for (size_t c = 0; c < nc; c++) {
			number[c] = rand_r(&seed) % 2;
			defs[c] = (struct tbl_column){
				.name = names[rand_r(&seed) % 6],
				.label = "L",
				.whint = rand_r(&seed) % 2,
				.flags = flags[rand_r(&seed) % 4],
				.get = number[c] ? num_getters[c] : cell_getters[c],
			};
		}
		for (size_t r = 0; r < nr; r++)
			for (size_t c = 0; c < 6; c++)
				crows[r].v[c] = c < nc ? random_value(&seed, number[c]) : NULL;

		assert_int_equal(tbl_init(&ta, &o, "some-things", fa), 0);
		assert_int_equal(tbl_init(&tb, &o, "some-things", fb), 0);
		for (size_t c = 0; c < nc; c++) {
			assert_int_equal(tbl_add_column(&ta, &defs[c]), 0);
			assert_int_equal(tbl_add_column(&tb, &defs[c]), 0);
		}
		assert_int_equal(tbl_print_rows(&ta, NULL, crows, nr, sizeof(crows[0])), 0);
		for (size_t r = 0; r < nr; r++)
			assert_int_equal(tbl_add_row(&tb, NULL, &crows[r]), 0);
		assert_true(scols_print_table(tb.sc) >= 0);
		fclose(fa);
		fclose(fb);
		if (strcmp(a, b) != 0)
			print_error("round %d (mode %d) differs:\n--- libsmartcols\n%s--- ours\n%s",
				    round, o.mode, b, a);
		assert_string_equal(a, b);
		free(a);
		free(b);
		tbl_free(&ta);
		tbl_free(&tb);
		for (size_t r = 0; r < nr; r++)
			for (size_t c = 0; c < 6; c++)
				free(crows[r].v[c]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_parse_replace_append),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_shell_name),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_pretty_line),
		cmocka_unit_test(test_columns_flags),
		cmocka_unit_test(test_plain_matches_libsmartcols),
		cmocka_unit_test(test_plain_declines),
		cmocka_unit_test(test_rows_match_libsmartcols),
		cmocka_unit_test(test_encoders),
		cmocka_unit_test(test_blobs),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_streamed_golden),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
