/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Typed column values, and the one encoder per output mode that turns them into text. */
#ifndef IPCBOX_VALUE_H
#define IPCBOX_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format.h"

struct tbl_column;

/*
 * What a value is. A getter says what it knows in these terms and nothing
 * about output modes; the encoders decide how each kind is written.
 */
enum val_type {
	VAL_NULL,	/* no value: an empty cell, null in JSON, no line in a detail view */
	VAL_NA,		/* not applicable: "-" in text, null in JSON */
	VAL_UINT,
	VAL_INT,
	VAL_BYTES,	/* a size: human-readable unless bytes are asked for; a number in JSON */
	VAL_TIME,	/* seconds since the epoch: in the time format, ISO 8601 in JSON */
	VAL_TEXT,	/* our own words (printable ASCII): "" is null in JSON */
	VAL_STR,	/* text from the system: escaped for where it goes */
	VAL_BOOL,	/* true or false in JSON; in text its words, if it has them */
	VAL_RATIO,	/* num / den as a percentage: "12.50%" in text, 12.50 in JSON */
	VAL_NUMS,	/* a list of numbers: "1,2" in text, [1,2] in JSON */
	VAL_RECORDS,	/* nested records: rows through columns of their own (JSON only) */
	VAL_BLOB,	/* bytes read from an object: base64 in JSON, hex digits in text;
			 * with blob.text (valid UTF-8), a string in JSON and escaped text
			 * (no value outside JSON when it holds a NUL) */
};

/* Rows seen through columns: the nested records of a VAL_RECORDS value. */
struct val_records {
	const struct tbl_column *cols;
	size_t ncols;
	void *ctx;		/* the getters' */
	const void *rows;	/* row i at rows + i * stride */
	size_t nrows, stride;
	bool lines;		/* one record per line (a document of its own) */
};

struct val {
	enum val_type type;
	/*
	 * An empty answer (no process uses it, no use): a detail view leaves
	 * the line out, as util-linux's view of an unused object has none.
	 */
	bool blank;
	union {
		uint64_t u;		/* VAL_UINT, VAL_BYTES */
		int64_t i;		/* VAL_INT, VAL_TIME */
		/* VAL_TEXT, VAL_STR (NULL: the text is in buf); VAL_BOOL's words */
		const char *s;
		struct { uint64_t num, den; } ratio;
		struct { const int64_t *v; size_t n; } nums;
		struct val_records rec;
		struct { const unsigned char *p; size_t n; bool text; } blob;
	};
	bool b;			/* VAL_BOOL */
	void *owned;		/* freed by val_done(): what s, nums or rec point into */
	char buf[FMT_BUFSZ];	/* short text of its own, copied with the value */
};

/* The text of a VAL_TEXT or VAL_STR value. */
static inline const char *val_s(const struct val *v)
{
	return v->s ? v->s : v->buf;
}

/* How values are written: the output mode and the settings every encoder reads. */
enum val_mode {
	VAL_MODE_TEXT,		/* table, raw, export, newline: libsmartcols escapes cells */
	VAL_MODE_JSON,		/* every cell a JSON literal */
	VAL_MODE_DETAIL,	/* "Label: value" lines that we print ourselves */
};

struct val_fmt {
	enum val_mode mode;
	enum time_format tf;	/* VAL_TIME outside JSON */
	int64_t now;		/* for the short time format */
	bool bytes;		/* VAL_BYTES as byte counts */
};

/* Constructors: s is borrowed (it must outlive the encoding) */
static inline struct val val_null(void) { return (struct val){ .type = VAL_NULL }; }
static inline struct val val_na(void) { return (struct val){ .type = VAL_NA }; }
static inline struct val val_uint(uint64_t u) { return (struct val){ .type = VAL_UINT, .u = u }; }
static inline struct val val_int(int64_t i) { return (struct val){ .type = VAL_INT, .i = i }; }
static inline struct val val_bytes(uint64_t u) { return (struct val){ .type = VAL_BYTES, .u = u }; }
static inline struct val val_time(int64_t t) { return (struct val){ .type = VAL_TIME, .i = t }; }
static inline struct val val_text(const char *s)
{
	return s ? (struct val){ .type = VAL_TEXT, .s = s } : val_null();
}
static inline struct val val_str(const char *s)
{
	return s ? (struct val){ .type = VAL_STR, .s = s } : val_null();
}
static inline struct val val_bool(bool b, const char *words)
{
	return (struct val){ .type = VAL_BOOL, .b = b, .s = words };
}
static inline struct val val_ratio(uint64_t num, uint64_t den)
{
	return (struct val){ .type = VAL_RATIO, .ratio = { num, den } };
}

/* n bytes as a VAL_BLOB (base64 in JSON), or as text (valid UTF-8 only: see utf8_valid()). */
static inline struct val val_blob(const void *p, size_t n, bool text)
{
	return (struct val){ .type = VAL_BLOB, .blob = { p, n, text } };
}

/* Whether the n bytes at p are valid UTF-8 (NUL included: it is U+0000). */
bool utf8_valid(const void *p, size_t n);

/* Release what v owns. */
void val_done(struct val *v);

/*
 * The text of v for the mode of f, malloc'd in *ret (NULL: no value).
 * Returns 0 or -ENOMEM.
 */
int val_encode(const struct val *v, const struct val_fmt *f, char **ret);

/* Length of the valid UTF-8 sequence at s of the avail bytes there (its
 * code point in *cp), or 0: shortest form, no surrogate, at most U+10FFFF. */
size_t utf8_seq(const unsigned char *s, size_t avail, uint32_t *cp);

/*
 * A JSON string literal (with the quotes) for s: quote, backslash and the
 * control characters (C0, DEL, C1) are escaped as \u00XX, bytes that are not
 * UTF-8 become \ufffd, other text is copied. malloc'd; NULL on ENOMEM.
 */
char *tbl_json_string(const char *s);
/* The same for the len bytes at s, which may hold NUL (written \u0000). */
char *tbl_json_string_n(const char *s, size_t len);

#endif
