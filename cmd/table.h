/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output columns as data, and the one place that maps output modes onto libsmartcols. */
#ifndef IPCBOX_TABLE_H
#define IPCBOX_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <libsmartcols.h>

#include "cmd/value.h"
#include "format.h"

/* How a table is printed. */
enum tbl_mode {
	TBL_TABLE,	/* aligned columns with a header line */
	TBL_RAW,	/* one space between cells, blanks escaped */
	TBL_EXPORT,	/* NAME="value" pairs, one row per line */
	TBL_NEWLINE,	/* NAME="value" pairs, one pair per line */
	TBL_JSON,	/* { "name": [ {...}, ... ] } */
	TBL_PRETTY,	/* "Label:" padded to column 36, then the value (detail views) */
};

/*
 * A column's value, typed (see value.h): what the row holds, whatever the
 * output mode; the table's encoder makes the text. ctx and row are the
 * applet's.
 */
typedef struct val (*tbl_getter)(void *ctx, const void *row);

/*
 * One column: a const record. Applets keep arrays of them; the column-list
 * parser, --help and the table builder all read the same records.
 */
struct tbl_column {
	const char *name;	/* as in -o and headers: "USE%" */
	const char *label;	/* detail view label: "Use" */
	const char *help;	/* one line for --help */
	double whint;		/* libsmartcols width hint */
	int flags;		/* SCOLS_FL_* */
	unsigned int scope;	/* applet-defined: the views the column applies to */
	unsigned int want;	/* applet-defined: what must be read to fill it */
	tbl_getter get;
};

struct tbl_opts {
	enum tbl_mode mode;
	bool noheadings;	/* no header line */
	bool notruncate;	/* drop SCOLS_FL_TRUNC */
	bool shellvar;		/* shell-safe names: "USE%" -> "USE_PCT" */
	/* how values are written (value.h) */
	enum time_format tf;	/* times outside JSON */
	int64_t now;		/* what the short time format compares with */
	bool bytes;		/* sizes as byte counts */
};

/* A table being built: libsmartcols table plus the column records behind it. */
struct tbl {
	struct libscols_table *sc;
	struct tbl_opts opts;
	const struct tbl_column **cols;
	size_t ncols, cap;
	FILE *out;
	struct val_fmt fmt;	/* the encoder of the mode, and its settings */
};

/* Column lookup by name (ASCII case-insensitive, len bytes); index or -1. */
long tbl_column_lookup(const struct tbl_column *cols, size_t ncols, const char *name, size_t len);

/* Where tbl_parse_columns() failed: the offending item inside the list. */
struct tbl_colerr {
	const char *item;
	size_t len;
};

/*
 * Parse a -o list: comma-separated names, ASCII case-insensitive. A list
 * starting with '+' appends to ids[0..*n), otherwise it replaces them. ids
 * has room for max indices into cols. Returns 0 (*n updated), -EINVAL for an
 * empty list or an empty item, -ENOENT for an unknown name, -E2BIG when more
 * than max columns result. On failure *ids and *n are unchanged and, unlike
 * the usual ret_ rule, *err says which item was wrong (len 0: the whole list).
 */
int tbl_parse_columns(const struct tbl_column *cols, size_t ncols, const char *list,
		      size_t *ids, size_t max, size_t *n, struct tbl_colerr *err);

/* "USE%" -> "USE_PCT", "1X" -> "_1X", other non-alphanumerics -> '_'. Writes
 * at most size bytes (NUL included) into buf and returns buf. */
char *tbl_shell_name(const char *name, char *buf, size_t size);

/*
 * Start a table with the settings of opts. name is the JSON top-level key
 * (always set, so that an empty listing is valid JSON with that key). out
 * is the stream (stdout when NULL). Returns 0 or -ENOMEM.
 */
int tbl_init(struct tbl *t, const struct tbl_opts *opts, const char *name, FILE *out);
void tbl_free(struct tbl *t);

/* Add a column (its header is the name, shell-safe with opts.shellvar). */
int tbl_add_column(struct tbl *t, const struct tbl_column *col);

/*
 * Add one row: every column's getter is called with ctx and row.
 * Returns 0 or -ENOMEM.
 */
int tbl_add_row(struct tbl *t, void *ctx, const void *row);

/* Add an empty row and return it (NULL on ENOMEM); fill it with tbl_set(). */
struct libscols_line *tbl_new_line(struct tbl *t);
/* Give data (malloc'd, may be NULL = no value) to cell col of ln; the table
 * owns it afterwards, also on failure. Returns 0 or -ENOMEM. */
int tbl_set(struct tbl *t, struct libscols_line *ln, size_t col, char *data);

/* Encode v into cell col of ln and release v. Returns 0 or -ENOMEM. */
int tbl_set_val(struct tbl *t, struct libscols_line *ln, size_t col, struct val *v);

/* Rows added so far. */
size_t tbl_nrows(const struct tbl *t);

/*
 * Print the table in its mode. TBL_PRETTY prints every row as a detail view
 * (tbl_pretty_line for each cell that has a value, rows separated by an
 * empty line). Returns 0 or a negative errno; a write error on the stream
 * is left for the caller to find (ferror).
 */
int tbl_print(struct tbl *t);

/*
 * Print a TBL_TABLE table that goes to a file or pipe (not a terminal), has
 * a header, width hints of 0 or 1 and only printable ASCII without
 * backslashes, exactly as libsmartcols would, but without its per-character
 * width and encoding work. Returns 0 when printed, 1 when the table is not such a table (call
 * scols_print_table), -ENOMEM. tbl_print() uses it.
 */
int tbl_print_plain(struct tbl *t);

/*
 * Print nrows rows (row i at rows + i * stride) through the columns'
 * getters, in the table's mode. A plain table for a file or pipe (see
 * tbl_print_plain) is written in two passes over the rows, measuring and
 * then printing, without storing any cell: the getters are then called
 * twice per cell and must give the same value both times. Other tables get
 * the rows added and are printed with tbl_print(). Returns 0 or -errno.
 */
int tbl_print_rows(struct tbl *t, void *ctx, const void *rows, size_t nrows, size_t stride);

/* One detail-view line: "label:" padded to column 36, value left-justified in 36. */
void tbl_pretty_line(FILE *out, const char *label, const char *value);

#endif
