/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output columns as data, and the one place that maps output modes onto libsmartcols. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "array.h"
#include "cmd/table.h"
#include "cmd/value.h"

long tbl_column_lookup(const struct tbl_column *cols, size_t ncols, const char *name, size_t len)
{
	for (size_t i = 0; i < ncols; i++)
		if (strlen(cols[i].name) == len && strncasecmp(cols[i].name, name, len) == 0)
			return (long)i;
	return -1;
}

int tbl_parse_columns(const struct tbl_column *cols, size_t ncols, const char *list,
		      size_t *ids, size_t max, size_t *n, struct tbl_colerr *err)
{
	size_t *tmp, cnt = 0;
	const char *p = list;
	int ret = 0;

	if (*p == '+') {
		cnt = *n;
		p++;
	}
	if (*p == '\0') {
		err->item = list;
		err->len = 0;
		return -EINVAL;
	}
	/* work on a copy so that a failure leaves the caller's list alone */
	tmp = malloc((max ? max : 1) * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	memcpy(tmp, ids, cnt * sizeof(*tmp));

	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		long idx;

		if (len == 0) {
			err->item = p;
			err->len = 0;
			ret = -EINVAL;
			break;
		}
		idx = tbl_column_lookup(cols, ncols, p, len);
		if (idx < 0) {
			err->item = p;
			err->len = len;
			ret = -ENOENT;
			break;
		}
		if (cnt >= max) {
			err->item = p;
			err->len = len;
			ret = -E2BIG;
			break;
		}
		tmp[cnt++] = (size_t)idx;
		if (!end)
			break;
		p = end + 1;
	}
	if (ret == 0) {
		memcpy(ids, tmp, cnt * sizeof(*tmp));
		*n = cnt;
	}
	free(tmp);
	return ret;
}

char *tbl_shell_name(const char *name, char *buf, size_t size)
{
	size_t o = 0;

	if (size == 0)
		return buf;
#define PUT(c) do { if (o + 1 < size) buf[o++] = (c); } while (0)
	if (!isalpha((unsigned char)name[0]))
		PUT('_');
	for (const char *s = name; *s; s++) {
		if (s[0] == '%' && s[1] == '\0') {
			/* "USE%" reads as "use percent": keep that meaning */
			PUT('_');
			PUT('P');
			PUT('C');
			PUT('T');
		} else {
			PUT(isalnum((unsigned char)*s) ? *s : '_');
		}
	}
#undef PUT
	buf[o] = '\0';
	return buf;
}

int tbl_init(struct tbl *t, const struct tbl_opts *opts, const char *name, FILE *out)
{
	memset(t, 0, sizeof(*t));
	t->opts = *opts;
	t->fmt = (struct val_fmt){ .tf = opts->tf, .now = opts->now, .bytes = opts->bytes };
	t->out = out ? out : stdout;
	t->sc = scols_new_table();
	if (!t->sc)
		return -ENOMEM;
	scols_table_set_stream(t->sc, t->out);
	if (name && scols_table_set_name(t->sc, name) != 0)
		goto oom;
	scols_table_enable_noheadings(t->sc, opts->noheadings);

	/* each mode: its encoder of values and its libsmartcols settings */
	switch (opts->mode) {
	case TBL_TABLE:
		t->fmt.mode = VAL_MODE_TEXT;
		break;
	case TBL_PRETTY:
		t->fmt.mode = VAL_MODE_DETAIL;
		break;
	case TBL_RAW:
		t->fmt.mode = VAL_MODE_TEXT;
		scols_table_enable_raw(t->sc, 1);
		break;
	case TBL_EXPORT:
		t->fmt.mode = VAL_MODE_TEXT;
		scols_table_enable_export(t->sc, 1);
		break;
	case TBL_NEWLINE:
		/* export pairs, each on its own line */
		t->fmt.mode = VAL_MODE_TEXT;
		scols_table_enable_export(t->sc, 1);
		if (scols_table_set_column_separator(t->sc, "\n") != 0)
			goto oom;
		break;
	case TBL_JSON:
		t->fmt.mode = VAL_MODE_JSON;
		scols_table_enable_json(t->sc, 1);
		break;
	}
	return 0;
oom:
	tbl_free(t);
	return -ENOMEM;
}

void tbl_free(struct tbl *t)
{
	if (t->sc)
		scols_unref_table(t->sc);
	free(t->cols);
	t->sc = NULL;
	t->cols = NULL;
	t->ncols = t->cap = 0;
}

int tbl_add_column(struct tbl *t, const struct tbl_column *col)
{
	struct libscols_column *cl;
	char shell[64];
	const char *name = col->name;
	int flags = col->flags;

	if (!ARRAY_GROW(t->cols, t->ncols, t->cap, 16))
		return -ENOMEM;
	if (t->opts.shellvar)
		name = tbl_shell_name(col->name, shell, sizeof(shell));
	if (t->opts.notruncate)
		flags &= ~SCOLS_FL_TRUNC;
	cl = scols_table_new_column(t->sc, name, col->whint, flags);
	if (!cl)
		return -ENOMEM;
	/* the JSON encoder writes every cell as a complete literal */
	if (t->opts.mode == TBL_JSON)
		scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	t->cols[t->ncols++] = col;
	return 0;
}

struct libscols_line *tbl_new_line(struct tbl *t)
{
	return scols_table_new_line(t->sc, NULL);
}

int tbl_set(struct tbl *t, struct libscols_line *ln, size_t col, char *data)
{
	if (!data)
		return 0;
	if (scols_line_refer_data(ln, col, data) != 0) {
		free(data);
		return -ENOMEM;
	}
	return 0;
}

int tbl_set_val(struct tbl *t, struct libscols_line *ln, size_t col, struct val *v)
{
	char *s;
	int r = val_encode(v, &t->fmt, &s);

	val_done(v);
	return r < 0 ? r : tbl_set(t, ln, col, s);
}

/* The text of column c for row, in the table's mode (*ret NULL: no value). */
static int cell(const struct tbl *t, size_t c, void *ctx, const void *row, char **ret)
{
	struct val v;
	int r;

	*ret = NULL;
	if (!t->cols[c]->get)
		return 0;
	v = t->cols[c]->get(ctx, row);
	r = val_encode(&v, &t->fmt, ret);
	val_done(&v);
	return r;
}

int tbl_add_row(struct tbl *t, void *ctx, const void *row)
{
	struct libscols_line *ln = tbl_new_line(t);

	if (!ln)
		return -ENOMEM;
	for (size_t i = 0; i < t->ncols; i++) {
		char *v;
		int r = cell(t, i, ctx, row, &v);

		if (r < 0)
			return r;
		if (tbl_set(t, ln, i, v) != 0)
			return -ENOMEM;
	}
	return 0;
}

size_t tbl_nrows(const struct tbl *t)
{
	return scols_table_get_nlines(t->sc);
}

void tbl_pretty_line(FILE *out, const char *label, const char *value)
{
	int pad = 35 - (int)strlen(label);

	/* the value starts in column 36 however long the label is */
	fprintf(out, "%s:%*c%-36s\n", label, pad > 1 ? pad : 1, ' ', value);
}

static int print_pretty(struct tbl *t)
{
	struct libscols_iter *itr = scols_new_iter(SCOLS_ITER_FORWARD);
	struct libscols_line *ln;

	if (!itr)
		return -ENOMEM;
	for (size_t r = 0; scols_table_next_line(t->sc, itr, &ln) == 0; r++) {
		if (r > 0)
			fputc('\n', t->out);
		for (size_t i = 0; i < t->ncols; i++) {
			struct libscols_cell *ce = scols_line_get_cell(ln, i);
			const char *v = ce ? scols_cell_get_data(ce) : NULL;

			if (v)
				tbl_pretty_line(t->out, t->cols[i]->label, v);
		}
	}
	scols_free_iter(itr);
	return 0;
}

/* Printable ASCII without a backslash: its width is its length, and
 * libsmartcols would print it unchanged. */
static bool plain_text(const char *s, size_t *ret_len)
{
	const char *p = s;

	for (; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '\\')
			return false;
	*ret_len = (size_t)(p - s);
	return true;
}

static void put_padded(FILE *out, const char *s, size_t len, size_t width, bool right,
		       bool last)
{
	static const char spaces[] = "                                ";
	size_t pad = width > len ? width - len : 0;

	/* the last column is not padded on the right, and not at all when empty */
	if (last && (!right || len == 0))
		pad = 0;
	if (right)
		for (size_t n; pad > 0; pad -= n) {
			n = pad < sizeof(spaces) - 1 ? pad : sizeof(spaces) - 1;
			fwrite(spaces, 1, n, out);
		}
	fwrite(s, 1, len, out);
	if (!right)
		for (size_t n; pad > 0; pad -= n) {
			n = pad < sizeof(spaces) - 1 ? pad : sizeof(spaces) - 1;
			fwrite(spaces, 1, n, out);
		}
}

int tbl_print_plain(struct tbl *t)
{
	size_t nrows = scols_table_get_nlines(t->sc), nc = t->ncols, len;
	struct libscols_iter *itr = NULL;
	struct libscols_line *ln = NULL;
	size_t *width = NULL;
	int ret = 1;

	/* what libsmartcols does for a terminal (truncation, wrapping) stays its job */
	if (t->opts.mode != TBL_TABLE || t->opts.noheadings || nc == 0 ||
	    isatty(STDOUT_FILENO))
		return 1;
	width = calloc(nc, sizeof(*width));
	itr = scols_new_iter(SCOLS_ITER_FORWARD);
	if (!width || !itr) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t c = 0; c < nc; c++) {
		const char *h = scols_column_get_name(scols_table_get_column(t->sc, c));

		/* width hints other than "as narrow as the data" (0 or 1) follow
		 * rules of their own: leave those tables to libsmartcols */
		if (!h || !plain_text(h, &width[c]) ||
		    (t->cols[c]->whint != 0 && t->cols[c]->whint != 1))
			goto out;
	}
	/* lines are a list: walk it, scols_table_get_line() is linear */
	while (scols_table_next_line(t->sc, itr, &ln) == 0) {
		for (size_t c = 0; c < nc; c++) {
			const char *d = scols_cell_get_data(scols_line_get_cell(ln, c));

			if (!d)
				continue;
			if (!plain_text(d, &len))
				goto out;
			if (len > width[c])
				width[c] = len;
		}
	}
	ret = 0;
	if (nrows == 0)
		goto out;	/* like libsmartcols: no rows, not even a header */
	scols_reset_iter(itr, SCOLS_ITER_FORWARD);
	ln = NULL;
	for (size_t r = 0; r <= nrows; r++) {
		if (r > 0 && scols_table_next_line(t->sc, itr, &ln) != 0)
			break;
		for (size_t c = 0; c < nc; c++) {
			const char *d = ln ? scols_cell_get_data(scols_line_get_cell(ln, c))
					   : scols_column_get_name(scols_table_get_column(t->sc, c));
			bool right = t->cols[c]->flags & SCOLS_FL_RIGHT;

			if (c > 0)
				fputc(' ', t->out);
			d = d ? d : "";
			put_padded(t->out, d, strlen(d), width[c], right, c == nc - 1);
		}
		fputc('\n', t->out);
	}
out:
	if (itr)
		scols_free_iter(itr);
	free(width);
	return ret;
}

/* Whether tbl_print_rows() may write the table itself (before any cell is known). */
static bool can_stream(const struct tbl *t, size_t *width)
{
	enum tbl_mode m = t->opts.mode;

	if (m == TBL_PRETTY || t->ncols == 0 || scols_table_get_nlines(t->sc) != 0)
		return false;
	/* on a terminal libsmartcols truncates and wraps: its job */
	if (m == TBL_TABLE && (t->opts.noheadings || isatty(STDOUT_FILENO)))
		return false;
	for (size_t c = 0; c < t->ncols; c++) {
		const struct tbl_column *col = t->cols[c];
		const char *h = scols_column_get_name(scols_table_get_column(t->sc, c));

		if (!h || !plain_text(h, &width[c]) || !col->get)
			return false;
		/* width hints other than "as narrow as the data" (0 or 1) follow
		 * rules of their own */
		if (m == TBL_TABLE && col->whint != 0 && col->whint != 1)
			return false;
	}
	return true;
}

/* A plain value as libsmartcols writes it in raw or export mode. */
static void put_encoded(FILE *out, const char *s, bool export)
{
	for (; *s; s++) {
		if (export ? strchr("\"`$", *s) != NULL : *s == ' ')
			fprintf(out, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
}

static void put_json_key(FILE *out, const char *name)
{
	fputs("         \"", out);
	for (; *name; name++)
		fputc(tolower((unsigned char)*name), out);
	fputs("\": ", out);
}

/* The JSON document in libsmartcols' layout, one row at a time. */
static int stream_json(struct tbl *t, void *ctx, const char *rows, size_t nrows, size_t stride)
{
	const char *name = scols_table_get_name(t->sc);
	char *s = tbl_json_string(name ? name : "");
	int r;

	if (!s)
		return -ENOMEM;
	fprintf(t->out, "{\n   %s: [\n", s);
	free(s);
	if (nrows == 0)
		fputc('\n', t->out);
	for (size_t i = 0; i < nrows; i++) {
		fputs(i ? ",{\n" : "      {\n", t->out);
		for (size_t c = 0; c < t->ncols; c++) {
			char *v;

			r = cell(t, c, ctx, rows + i * stride, &v);
			if (r < 0)
				return r;
			put_json_key(t->out,
				     scols_column_get_name(scols_table_get_column(t->sc, c)));
			/* a JSON literal; libsmartcols: an empty value is no value */
			fputs(v && *v ? v : "null", t->out);
			fputs(c + 1 < t->ncols ? ",\n" : "\n", t->out);
			free(v);
		}
		fputs("      }", t->out);
	}
	if (nrows)
		fputc('\n', t->out);
	fputs("   ]\n}\n", t->out);
	return 0;
}

/*
 * Pass one of a streamed table: every cell measured into width[]. Returns
 * 0, 1 when a cell is not plain text (libsmartcols' job), -ENOMEM.
 */
static int measure_rows(const struct tbl *t, void *ctx, const char *rows, size_t nrows,
			size_t stride, size_t *width)
{
	size_t len;

	for (size_t r = 0; r < nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			char *v;
			int rc = cell(t, c, ctx, rows + r * stride, &v);
			bool plain = !v || plain_text(v, &len);

			if (rc < 0)
				return rc;
			free(v);
			if (!plain)
				return 1;
			if (v && len > width[c])
				width[c] = len;
		}
	}
	return 0;
}

static void put_header(const struct tbl *t, const size_t *width)
{
	for (size_t c = 0; c < t->ncols; c++) {
		const char *h = scols_column_get_name(scols_table_get_column(t->sc, c));

		if (c > 0)
			fputc(' ', t->out);
		if (t->opts.mode == TBL_RAW)
			put_encoded(t->out, h, false);
		else
			put_padded(t->out, h, strlen(h), width[c],
				   t->cols[c]->flags & SCOLS_FL_RIGHT, c == t->ncols - 1);
	}
	fputc('\n', t->out);
}

/* One cell of pass two, in the table's mode. */
static void put_cell(const struct tbl *t, size_t c, const char *d, size_t len,
		     const size_t *width)
{
	switch (t->opts.mode) {
	case TBL_TABLE:
		if (c > 0)
			fputc(' ', t->out);
		put_padded(t->out, d, len, width[c], t->cols[c]->flags & SCOLS_FL_RIGHT,
			   c == t->ncols - 1);
		break;
	case TBL_RAW:
		if (c > 0)
			fputc(' ', t->out);
		put_encoded(t->out, d, false);
		break;
	case TBL_EXPORT:
	case TBL_NEWLINE:
		if (c > 0)
			fputc(t->opts.mode == TBL_NEWLINE ? '\n' : ' ', t->out);
		fputs(scols_column_get_name(scols_table_get_column(t->sc, c)), t->out);
		fputs("=\"", t->out);
		put_encoded(t->out, d, true);
		fputc('"', t->out);
		break;
	case TBL_JSON:
	case TBL_PRETTY:
		/* not streamed cell by cell: stream_json(), print_pretty() */
		break;
	}
}

/* Pass two of a streamed table: the rows. Returns 0 or -ENOMEM. */
static int put_rows(const struct tbl *t, void *ctx, const char *rows, size_t nrows,
		    size_t stride, const size_t *width)
{
	size_t len;

	for (size_t r = 0; r < nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			char *v;
			int rc = cell(t, c, ctx, rows + r * stride, &v);
			const char *d = v ? v : "";

			if (rc < 0)
				return rc;
			/* a value that changed since it was measured (a command line)
			 * must still not reach the terminal raw */
			if (!plain_text(d, &len)) {
				for (char *p = v; *p; p++)
					if (*p < 0x20 || *p > 0x7e || *p == '\\')
						*p = '?';
				len = strlen(d);
			}
			put_cell(t, c, d, len, width);
			free(v);
		}
		fputc('\n', t->out);
	}
	return 0;
}

/*
 * The table written here rather than by libsmartcols, with the bytes
 * libsmartcols would write: a plain table for a file or pipe (see
 * tbl_print_plain), raw and export output of plain values, and JSON. Two
 * passes over the rows where widths or plainness must be known first,
 * measuring and then printing; no cell is stored, so a listing of 30,000
 * objects needs the memory of the objects only. Returns 0, 1 when the
 * table is not such a table (nothing printed), -ENOMEM.
 */
static int print_streamed(struct tbl *t, void *ctx, const char *rows, size_t nrows,
			  size_t stride)
{
	enum tbl_mode m = t->opts.mode;
	size_t *width = calloc(t->ncols ? t->ncols : 1, sizeof(*width));
	int ret = 1;

	if (!width)
		return -ENOMEM;
	if (!can_stream(t, width))
		goto out;
	if (m == TBL_JSON) {
		ret = stream_json(t, ctx, rows, nrows, stride);
		goto out;
	}
	ret = measure_rows(t, ctx, rows, nrows, stride, width);
	/* like libsmartcols: no rows, not even a header */
	if (ret != 0 || nrows == 0)
		goto out;
	if (m == TBL_TABLE || (m == TBL_RAW && !t->opts.noheadings))
		put_header(t, width);
	ret = put_rows(t, ctx, rows, nrows, stride, width);
out:
	free(width);
	return ret;
}

int tbl_print_rows(struct tbl *t, void *ctx, const void *rows, size_t nrows, size_t stride)
{
	int rc = print_streamed(t, ctx, rows, nrows, stride);

	if (rc <= 0)
		return rc;
	for (size_t r = 0; r < nrows; r++) {
		rc = tbl_add_row(t, ctx, (const char *)rows + r * stride);
		if (rc < 0)
			return rc;
	}
	return tbl_print(t);
}

int tbl_print(struct tbl *t)
{
	int rc;

	if (t->opts.mode == TBL_PRETTY)
		return print_pretty(t);
	/* a plain table for a file or pipe is written here: libsmartcols
	 * measures and encodes every character of it twice, which is most of
	 * the time a long listing takes */
	rc = tbl_print_plain(t);
	if (rc <= 0)
		return rc;
	rc = scols_print_table(t->sc);
	return rc < 0 ? rc : 0;
}
