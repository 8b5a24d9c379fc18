/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The encoders: a typed value as text, as JSON or as a detail-view line's value. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/table.h"
#include "cmd/value.h"
#include "format.h"

void val_done(struct val *v)
{
	free(v->owned);
	v->owned = NULL;
}

size_t utf8_seq(const unsigned char *s, size_t avail, uint32_t *cp)
{
	uint32_t c;
	size_t len;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		c = s[0] & 0x1f;
		len = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		c = s[0] & 0x0f;
		len = 3;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		c = s[0] & 0x07;
		len = 4;
	} else {
		return 0;
	}
	if (len > avail)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and values beyond Unicode are not text */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

bool utf8_valid(const void *p, size_t n)
{
	const unsigned char *s = p, *end = s + n;
	uint32_t cp;

	while (s < end) {
		size_t len = utf8_seq(s, (size_t)(end - s), &cp);

		if (len == 0)
			return false;
		s += len;
	}
	return true;
}

char *tbl_json_string(const char *s)
{
	return tbl_json_string_n(s, strlen(s));
}

char *tbl_json_string_n(const char *s, size_t slen)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + slen;
	/* at most six output bytes per input byte, plus quotes and NUL */
	char *out = str_escape_buffer(slen, 6, 3), *o = out;

	if (!out)
		return NULL;
	*o++ = '"';
	while (p < end) {
		uint32_t cp;
		size_t len = utf8_seq(p, (size_t)(end - p), &cp);

		if (len == 0) {
			/* not text: JSON cannot carry the byte, say so visibly */
			memcpy(o, "\\ufffd", 6);
			o += 6;
			p++;
		} else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			/* controls (C0, DEL, C1) escaped so no terminal acts on them */
			*o++ = '\\';
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			o = str_put_hex(o, (unsigned char)cp);
			p += len;
		} else if (cp == '"' || cp == '\\') {
			*o++ = '\\';
			*o++ = (char)cp;
			p++;
		} else {
			memcpy(o, p, len);
			o += len;
			p += len;
		}
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

/* Close a memory stream: 0, or -ENOMEM when any write to it failed. */
static int close_memstream(FILE *f)
{
	bool failed = ferror(f);

	return fclose(f) != 0 || failed ? -ENOMEM : 0;
}

static int dup_to(const char *s, char **ret)
{
	*ret = strdup(s);
	return *ret ? 0 : -ENOMEM;
}

/*
 * A number as decimal text, malloc'd. Not printf: a listing of 30,000
 * objects writes hundreds of thousands of numbers, and vasprintf's setup
 * was most of the time spent on them.
 */
static int num_to(uint64_t mag, bool neg, char **ret)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	size_t len;

	do {
		*--p = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	if (neg)
		*--p = '-';
	len = (size_t)(tmp + sizeof(tmp) - p);
	*ret = malloc(len + 1);
	if (!*ret)
		return -ENOMEM;
	memcpy(*ret, p, len);
	(*ret)[len] = '\0';
	return 0;
}

static int uint_to(uint64_t u, char **ret)
{
	return num_to(u, false, ret);
}

static int int_to(int64_t i, char **ret)
{
	/* the magnitude of INT64_MIN is no int64_t */
	return num_to(i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i, i < 0, ret);
}

/* A list of numbers between open and close, comma-separated. */
static int nums_to(const struct val *v, const char *open, const char *close, char **ret)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (!f)
		return -ENOMEM;
	fputs(open, f);
	for (size_t i = 0; i < v->nums.n; i++)
		fprintf(f, "%s%" PRId64, i ? "," : "", v->nums.v[i]);
	fputs(close, f);
	if (close_memstream(f) < 0) {
		free(s);
		return -ENOMEM;
	}
	*ret = s;
	return 0;
}

static int time_to(const struct val *v, enum time_format tf, int64_t now, char **ret)
{
	char buf[FMT_BUFSZ];
	const char *s = fmt_time(buf, sizeof(buf), v->i, tf, now);

	if (!s) {
		*ret = NULL;
		return 0;
	}
	return dup_to(s, ret);
}

static int size_to(const struct val *v, const struct val_fmt *f, char **ret)
{
	char buf[FMT_BUFSZ];

	if (f->bytes)
		return uint_to(v->u, ret);
	return dup_to(fmt_size(buf, sizeof(buf), v->u), ret);
}

/* Bytes as two lowercase hex digits each. */
static int hex_to(const struct val *v, char **ret)
{
	char *s = str_escape_buffer(v->blob.n, 2, 1), *o = s;

	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < v->blob.n; i++)
		o = str_put_hex(o, v->blob.p[i]);
	*o = '\0';
	*ret = s;
	return 0;
}

/* Bytes as a JSON string of their base64 (RFC 4648, padded). */
static int base64_to(const struct val *v, char **ret)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = v->blob.p;
	size_t n = v->blob.n, i;
	char *s, *o;

	if (n / 3 > (SIZE_MAX - 8) / 4)
		return -ENOMEM;
	s = malloc((n + 2) / 3 * 4 + 3);
	if (!s)
		return -ENOMEM;
	o = s;
	*o++ = '"';
	for (i = 0; i + 2 < n; i += 3) {
		uint32_t w = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];

		*o++ = b64[w >> 18];
		*o++ = b64[(w >> 12) & 63];
		*o++ = b64[(w >> 6) & 63];
		*o++ = b64[w & 63];
	}
	if (i < n) {
		uint32_t w = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);

		*o++ = b64[w >> 18];
		*o++ = b64[(w >> 12) & 63];
		*o++ = i + 1 < n ? b64[(w >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o++ = '"';
	*o = '\0';
	*ret = s;
	return 0;
}

/*
 * Text bytes (valid UTF-8) as a C string for a cell, which cannot hold
 * NUL: text with a NUL in it has no value outside JSON.
 */
static int blob_text_to(const struct val *v, char **ret)
{
	*ret = NULL;
	if (memchr(v->blob.p, '\0', v->blob.n))
		return 0;
	*ret = strndup((const char *)v->blob.p, v->blob.n);
	return *ret ? 0 : -ENOMEM;
}

/*
 * Table, raw, export and newline cells: the text as it is, since
 * libsmartcols escapes what would act on a terminal (and the streaming
 * printer takes only plain text).
 */
static int encode_text(const struct val *v, const struct val_fmt *f, char **ret)
{
	*ret = NULL;
	switch (v->type) {
	case VAL_NULL:
	case VAL_RECORDS:	/* printed as tables of their own by the views */
		return 0;
	case VAL_NA:
		return dup_to("-", ret);
	case VAL_UINT:
		return uint_to(v->u, ret);
	case VAL_INT:
		return int_to(v->i, ret);
	case VAL_BYTES:
		return size_to(v, f, ret);
	case VAL_TIME:
		return time_to(v, f->tf, f->now, ret);
	case VAL_TEXT:
	case VAL_STR:
		return dup_to(val_s(v), ret);
	case VAL_BOOL:
		return dup_to(v->s ? v->s : v->b ? "true" : "false", ret);
	case VAL_RATIO:
		return str_printf(ret, "%2.2f%%", (double)v->ratio.num / (double)v->ratio.den * 100.0);
	case VAL_NUMS:
		return nums_to(v, "", "", ret);
	case VAL_BLOB:
		return v->blob.text ? blob_text_to(v, ret) : hex_to(v, ret);
	}
	return -EINVAL;
}

/* Detail views are printed by us: text from the system is escaped here. */
static int encode_detail(const struct val *v, const struct val_fmt *f, char **ret)
{
	*ret = NULL;
	if (v->blank)
		return 0;
	switch (v->type) {
	case VAL_STR:
		*ret = str_escape_terminal(val_s(v));
		return *ret ? 0 : -ENOMEM;
	case VAL_NUMS:
		/* no line for an empty list (v->blank is the usual way to say so) */
		return v->nums.n ? nums_to(v, "", "", ret) : 0;
	case VAL_BLOB: {
		char *raw = NULL;
		int r = encode_text(v, f, &raw);

		if (r < 0 || !raw || !v->blob.text) {
			*ret = raw;
			return r;
		}
		*ret = str_escape_terminal(raw);
		free(raw);
		return *ret ? 0 : -ENOMEM;
	}
	case VAL_NULL:
	case VAL_NA:
	case VAL_UINT:
	case VAL_INT:
	case VAL_BYTES:
	case VAL_TIME:
	case VAL_TEXT:
	case VAL_BOOL:
	case VAL_RATIO:
	case VAL_RECORDS:
		return encode_text(v, f, ret);
	}
	return -EINVAL;
}

static int encode_json_records(const struct val_records *rec, const struct val_fmt *f,
			       char **ret);

/*
 * JSON: every value a complete literal, which libsmartcols then writes as
 * it is (the columns are "raw"): its own string writer would pass DEL, C1
 * controls and invalid UTF-8 through. Times are always ISO 8601 and sizes
 * always bytes, since JSON is for programs.
 */
static int encode_json(const struct val *v, const struct val_fmt *f, char **ret)
{
	*ret = NULL;
	switch (v->type) {
	case VAL_NULL:
	case VAL_NA:
		return 0;
	case VAL_UINT:
	case VAL_BYTES:
		return uint_to(v->u, ret);
	case VAL_INT:
		return int_to(v->i, ret);
	case VAL_TIME: {
		char buf[FMT_BUFSZ];
		const char *s = fmt_time(buf, sizeof(buf), v->i, TIME_ISO, f->now);

		*ret = s ? tbl_json_string(s) : NULL;
		return !s || *ret ? 0 : -ENOMEM;
	}
	case VAL_TEXT:
		/* libsmartcols has always written an empty string as null */
		if (!*val_s(v))
			return 0;
		/* fall through */
	case VAL_STR:
		*ret = tbl_json_string(val_s(v));
		return *ret ? 0 : -ENOMEM;
	case VAL_BOOL:
		return dup_to(v->b ? "true" : "false", ret);
	case VAL_RATIO: {
		/* a JSON number has a '.' whatever the locale says: count in
		 * hundredths of a percent, rounded like printf's %.2f */
		unsigned __int128 h =
			((unsigned __int128)v->ratio.num * 20000 / v->ratio.den + 1) / 2;

		return str_printf(ret, "%" PRIu64 ".%02u", (uint64_t)(h / 100),
			      (unsigned int)(h % 100));
	}
	case VAL_NUMS:
		return nums_to(v, "[", "]", ret);
	case VAL_RECORDS:
		return encode_json_records(&v->rec, f, ret);
	case VAL_BLOB:
		if (!v->blob.text)
			return base64_to(v, ret);
		*ret = tbl_json_string_n((const char *)v->blob.p, v->blob.n);
		return *ret ? 0 : -ENOMEM;
	}
	return -EINVAL;
}

/* {"key": value, ...}: the keys are the column names in lower case. */
static int json_record(FILE *out, const struct val_records *rec, const void *row,
		       const struct val_fmt *f)
{
	fputc('{', out);
	for (size_t c = 0; c < rec->ncols; c++) {
		const struct tbl_column *col = &rec->cols[c];
		struct val v = col->get(rec->ctx, row);
		char *s;
		int r = encode_json(&v, f, &s);

		val_done(&v);
		if (r < 0)
			return r;
		fputs(c ? ", \"" : "\"", out);
		for (const char *p = col->name; *p; p++)
			fputc(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p, out);
		fprintf(out, "\": %s", s ? s : "null");
		free(s);
	}
	fputc('}', out);
	return 0;
}

/*
 * An array of records: [{...}, {...}] inside a cell, or with lines one
 * record per line, indented, as a document of its own.
 */
static int encode_json_records(const struct val_records *rec, const struct val_fmt *f,
			       char **ret)
{
	const char *sep = rec->lines ? ",\n   " : ", ";
	char *s = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&s, &len);
	int r = 0;

	*ret = NULL;
	if (!out)
		return -ENOMEM;
	fputs(rec->lines ? (rec->nrows ? "[\n   " : "[\n") : "[", out);
	for (size_t i = 0; i < rec->nrows && r == 0; i++) {
		if (i)
			fputs(sep, out);
		r = json_record(out, rec, (const char *)rec->rows + i * rec->stride, f);
	}
	fputs(rec->lines && rec->nrows ? "\n]" : "]", out);
	if (close_memstream(out) < 0 && r == 0)
		r = -ENOMEM;
	if (r < 0) {
		free(s);
		return r;
	}
	*ret = s;
	return 0;
}

int val_encode(const struct val *v, const struct val_fmt *f, char **ret)
{
	switch (f->mode) {
	case VAL_MODE_TEXT:
		return encode_text(v, f, ret);
	case VAL_MODE_JSON:
		return encode_json(v, f, ret);
	case VAL_MODE_DETAIL:
		return encode_detail(v, f, ret);
	}
	*ret = NULL;
	return -EINVAL;
}
