/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc --messages, --contents and --dump: what is inside a queue or a segment, read without changing it. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/common.h"
#include "cmd/lsipc.h"
#include "cmd/xalloc.h"
#include "array.h"
#include "cleanup.h"
#include "contents.h"
#include "format.h"
#include "ipc.h"
#include "parse.h"

/* Bytes of one row of a hex dump, and of one JSON record of contents. */
#define HEX_ROW		16
#define JSON_ROW	4096
/* JSON and the tables hold the bytes they show: at most this many. */
#define HELD_MAX	(64u << 20)

/* ---- options ---- */

static uint64_t size_arg(const char *opt, const char *arg)
{
	uint64_t v;

	if (parse_size(arg, &v) < 0) {
		const char *e = msg_str(arg);

		errx(EXIT_FAILURE, "invalid size for --%s: '%s'", opt, e);
	}
	return v;
}

/* arg as an integer in [min, max]; what: the message's name of it. */
static int64_t int_arg(const char *arg, int64_t min, int64_t max, const char *what)
{
	int64_t v;

	if (parse_int64(arg, min, max, &v) < 0) {
		const char *e = msg_str(arg);

		errx(EXIT_FAILURE, "invalid %s: '%s'", what, e);
	}
	return v;
}

void look_set_option(struct look_opts *lo, int opt, const char *arg)
{
	switch (opt) {
	case OPT_MSGTYPE:
		lo->msgtype = (long)int_arg(arg, -LONG_MAX, LONG_MAX, "message type");
		break;
	case OPT_MAX_MESSAGES:
		lo->max_messages = (uint64_t)int_arg(arg, 0, INT64_MAX, "number of messages");
		break;
	case OPT_MAX_BYTES:
		lo->max_bytes = size_arg("max-bytes", arg);
		break;
	case OPT_OFFSET:
		lo->offset = size_arg("offset", arg);
		break;
	case OPT_LENGTH:
		lo->length = size_arg("length", arg);
		break;
	default:
		return;		/* --messages, --contents, --dump: their rows set them */
	}
	/* for look_check(): a setting wants its --messages, or --contents or --dump */
	if (opt == OPT_OFFSET || opt == OPT_LENGTH)
		lo->range_set = true;
	else
		lo->msg_set = true;
}

void look_check(const struct opts *o)
{
	const struct look_opts *lo = &o->look;

	if (lo->msg_set && !lo->messages)
		errx(EXIT_FAILURE, "--msgtype, --max-messages and --max-bytes go with --messages");
	if (lo->range_set && !lo->contents && !lo->dump)
		errx(EXIT_FAILURE, "--offset and --length go with --contents or --dump");
	if (lo->messages) {
		if (o->kind == IPC_PMSG && o->name) {
			const char *e = msg_str(o->name);

			errx(EXIT_FAILURE, "POSIX message queue %s: its messages cannot be read "
			     "without taking them off the queue (POSIX has no non-destructive "
			     "read); --messages reads System V queues (-q -i <id>)", e);
		}
		if (o->kind != IPC_MSG || !o->have_id)
			errx(EXIT_FAILURE, "--messages needs a System V message queue: "
			     "-q -i <id>");
	}
	if ((lo->contents || lo->dump) &&
	    !((o->kind == IPC_SHM && o->have_id) || (o->kind == IPC_PSHM && o->name)))
		errx(EXIT_FAILURE, "--%s needs a shared memory segment: -m -i <id> or "
		     "-M -N <name>", lo->dump ? "dump" : "contents");
	if (lo->messages && (o->output || o->creator || o->time))
		errx(EXIT_FAILURE, "--messages has columns of its own: it takes no --output, "
		     "--creator or --time");
	if (lo->contents && o->format_set && (o->output || o->creator || o->time))
		errx(EXIT_FAILURE, "--contents with an output format has columns of its own: "
		     "it takes no --output, --creator or --time");
	if (lo->dump && (o->format_set || o->output))
		errx(EXIT_FAILURE, "--dump writes raw bytes: it takes no output format or "
		     "--output");
	if (lo->dump && isatty(STDOUT_FILENO))
		errx(EXIT_FAILURE, "--dump writes raw bytes: not to a terminal; redirect "
		     "stdout to a file or a pipe");
}

/* ---- the hex dump: offset, 16 bytes in hex, the printable ASCII ---- */

struct hexdump {
	FILE *out;
	uint64_t off;			/* offset of the next row */
	unsigned char row[HEX_ROW];	/* a row not yet full */
	size_t n;
};

static void hex_row(FILE *out, uint64_t off, const unsigned char *p, size_t n)
{
	char line[96], *o = line;

	o += sprintf(o, "%08" PRIx64 "  ", off);
	for (size_t i = 0; i < HEX_ROW; i++) {
		if (i < n) {
			o = str_put_hex(o, p[i]);
		} else {
			*o++ = ' ';
			*o++ = ' ';
		}
		*o++ = ' ';
		if (i == HEX_ROW / 2 - 1)
			*o++ = ' ';
	}
	*o++ = ' ';
	*o++ = '|';
	/* only printable ASCII reaches the terminal */
	for (size_t i = 0; i < n; i++)
		*o++ = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.';
	*o++ = '|';
	*o++ = '\n';
	fwrite(line, 1, (size_t)(o - line), out);
}

static void hex_feed(struct hexdump *h, const unsigned char *p, size_t len)
{
	while (len) {
		size_t take;

		if (h->n == 0 && len >= HEX_ROW) {
			hex_row(h->out, h->off, p, HEX_ROW);
			h->off += HEX_ROW;
			p += HEX_ROW;
			len -= HEX_ROW;
			continue;
		}
		take = HEX_ROW - h->n < len ? HEX_ROW - h->n : len;
		memcpy(h->row + h->n, p, take);
		h->n += take;
		p += take;
		len -= take;
		if (h->n == HEX_ROW) {
			hex_row(h->out, h->off, h->row, HEX_ROW);
			h->off += HEX_ROW;
			h->n = 0;
		}
	}
}

static void hex_finish(struct hexdump *h)
{
	if (h->n)
		hex_row(h->out, h->off, h->row, h->n);
	h->off += h->n;
	h->n = 0;
}

/* ---- rows of the tables and JSON: messages, pieces of contents ---- */

struct msg_row {
	size_t index;
	long type;
	size_t size, shown;	/* bytes of the message, bytes kept in data */
	bool too_big;
	unsigned char *data;
};

#define MR(r) ((const struct msg_row *)(r))

static struct val get_msg_index(void *c, const void *r)
{
	return val_uint(MR(r)->index);
}

static struct val get_msg_type(void *c, const void *r)
{
	return MR(r)->too_big ? val_null() : val_int(MR(r)->type);
}

static struct val get_msg_size(void *c, const void *r)
{
	return MR(r)->too_big ? val_null() : val_bytes(MR(r)->size);
}

static struct val get_msg_truncated(void *c, const void *r)
{
	return MR(r)->too_big ? val_null() : val_bool(MR(r)->shown < MR(r)->size, NULL);
}

static struct val get_msg_data(void *c, const void *r)
{
	return MR(r)->too_big ? val_null() : val_blob(MR(r)->data, MR(r)->shown, false);
}

static struct val get_msg_text(void *c, const void *r)
{
	const struct msg_row *m = MR(r);

	if (m->too_big || !utf8_valid(m->data, m->shown))
		return val_null();
	return val_blob(m->data, m->shown, true);
}

static const struct tbl_column msg_columns[] = {
	{ "INDEX", "Index", NULL, 1, R, 0, 0, get_msg_index },
	{ "TYPE", "Type", NULL, 1, R, 0, 0, get_msg_type },
	{ "SIZE", "Size", NULL, 1, R, 0, 0, get_msg_size },
	{ "TRUNCATED", "Truncated", NULL, 1, 0, 0, 0, get_msg_truncated },
	{ "DATA", "Data", NULL, 1, 0, 0, 0, get_msg_data },
	{ "TEXT", "Text", NULL, 1, 0, 0, 0, get_msg_text },
};

struct piece {
	uint64_t offset;
	size_t len;
	const unsigned char *data;
};

#define PC(r) ((const struct piece *)(r))

static struct val get_piece_offset(void *c, const void *r)
{
	return val_uint(PC(r)->offset);
}

static struct val get_piece_size(void *c, const void *r)
{
	return val_bytes(PC(r)->len);
}

static struct val get_piece_data(void *c, const void *r)
{
	return val_blob(PC(r)->data, PC(r)->len, false);
}

static const struct tbl_column piece_columns[] = {
	{ "OFFSET", "Offset", NULL, 1, R, 0, 0, get_piece_offset },
	{ "SIZE", "Size", NULL, 1, R, 0, 0, get_piece_size },
	{ "DATA", "Data", NULL, 1, 0, 0, 0, get_piece_data },
};

/* Rows through cols in the mode of o (not the detail view), as a table named name. */
static void print_look_rows(struct lsipc *l, const struct opts *o, const char *name,
			    const struct tbl_column *cols, size_t ncols,
			    const void *rows, size_t n, size_t stride)
{
	struct tbl t;

	if (tbl_init(&t, &o->tbl, name, stdout) < 0)
		xalloc_die();
	for (size_t i = 0; i < ncols; i++)
		if (tbl_add_column(&t, &cols[i]) < 0)
			xalloc_die();
	print_rows(&t, l, rows, n, stride);
	tbl_free(&t);
}

/* ---- --messages ---- */

struct msg_walk {
	const struct look_opts *lo;
	bool text;			/* the dump; else rows kept for a table */
	struct msg_row *v;
	size_t n, cap, held;
	uint64_t shown;
	bool limited;		/* --max-messages stopped the read */
};

static int on_message(const struct ipc_msg *m, void *data)
{
	struct msg_walk *w = data;
	size_t shown = m->size < w->lo->max_bytes ? m->size : (size_t)w->lo->max_bytes;

	if (w->shown >= w->lo->max_messages) {
		w->limited = true;
		return 1;
	}
	w->shown++;
	if (w->text) {
		struct hexdump h = { .out = stdout };

		if (m->too_big) {
			printf("%sMessage %zu: larger than kernel.msgmax, not copied\n",
			       w->shown > 1 ? "\n" : "", m->index);
		} else {
			printf("%sMessage %zu: type %ld, %zu byte%s", w->shown > 1 ? "\n" : "",
			       m->index, m->type, m->size, m->size == 1 ? "" : "s");
			if (shown < m->size)
				printf(", the first %zu shown", shown);
			putchar('\n');
			hex_feed(&h, m->data, shown);
			hex_finish(&h);
		}
		/* a full disk or a closed pipe ends the read */
		return ferror(stdout) ? -EIO : 0;
	}
	if (w->held + shown > HELD_MAX)
		return -EFBIG;
	if (w->n == w->cap)
		w->v = xreallocarray(w->v, w->cap = w->cap ? 2 * w->cap : 16, sizeof(*w->v));
	w->v[w->n] = (struct msg_row){ m->index, m->type, m->size, shown, m->too_big, NULL };
	if (!m->too_big) {
		w->v[w->n].data = malloc(shown ? shown : 1);
		if (!w->v[w->n].data)
			xalloc_die();
		memcpy(w->v[w->n].data, m->data, shown);
	}
	w->n++;
	w->held += shown;
	return 0;
}

static int show_messages(struct lsipc *l, const struct opts *o)
{
	const struct look_opts *lo = &o->look;
	struct msg_walk w = { .lo = lo, .text = o->tbl.mode == TBL_PRETTY };
	struct ipc_msg_peek p = { 0 };
	int status = EXIT_SUCCESS, r;

	if (l->ipc.offline)
		errx(EXIT_FAILURE, "the messages of a queue cannot be read from a sysroot");
	r = sysv_msg_peek(&l->ipc, o->id, lo->msgtype, on_message, &w, &p);
	if (r == 1)	/* --max-messages reached */
		r = 0;
	if (w.text && r == 0 && w.shown == 0 && !w.limited) {
		if (lo->msgtype)
			printf("No messages of type %s%ld.\n", lo->msgtype < 0 ? "up to " : "",
			       lo->msgtype < 0 ? -lo->msgtype : lo->msgtype);
		else
			printf("No messages.\n");
	}
	if (!w.text && (r == 0 || r == -EIDRM))
		print_look_rows(l, o, "messages", msg_columns,
				sizeof(msg_columns) / sizeof(msg_columns[0]), w.v, w.n,
				sizeof(*w.v));
	ARRAY_FREE_MEMBERS(w.v, w.n, data);

	switch (r) {
	case 0:
	case -EIO:	/* stdout's error: said when it is closed */
		break;
	case -ENOENT:
		errx(EXIT_FAILURE, "id %d not found", o->id);
	case -ENOSYS:
		warnx("cannot read the messages of message queue %d without taking them: "
		      "this kernel has no MSG_COPY (it needs CONFIG_CHECKPOINT_RESTORE)", o->id);
		return EXIT_FAILURE;
	case -EACCES:
		warnx("cannot read the messages of message queue %d: %s (it takes read "
		      "permission)", o->id, strerror(EACCES));
		return EXIT_FAILURE;
	case -EIDRM:
		warnx("message queue %d was removed while its messages were read", o->id);
		return EXIT_FAILURE;
	case -EFBIG:
		warnx("the messages of queue %d are more than %u MiB; show fewer with "
		      "--max-messages or --max-bytes", o->id, HELD_MAX >> 20);
		return EXIT_FAILURE;
	default:
		warnx("cannot read the messages of message queue %d: %s", o->id, strerror(-r));
		return EXIT_FAILURE;
	}
	if (p.changed)
		warnx("message queue %d changed while it was read (%" PRIu64 " messages, %"
		      PRIu64 " bytes before; %" PRIu64 " messages, %" PRIu64 " bytes after): "
		      "the messages are shown as they were read", o->id, p.before.msg.qnum,
		      p.before.msg.cbytes, p.after.msg.qnum, p.after.msg.cbytes);
	if (p.too_big) {
		warnx("message queue %d: %zu message%s larger than kernel.msgmax (%zu bytes), "
		      "the most one copy may take, not shown", o->id, p.too_big,
		      p.too_big == 1 ? " is" : "s are", p.bufsize);
		status = EXIT_FAILURE;
	}
	return status;
}

/* ---- --contents and --dump ---- */

struct mem_walk {
	const struct opts *o;
	struct hexdump h;
	bool started;		/* the title of the dump is out */
	int write_err;		/* --dump: the errno of a failed write */
	/* JSON and tables: what was read, held */
	unsigned char *held;
	size_t nheld;
};

static int on_dump(const void *buf, size_t len, void *data)
{
	struct mem_walk *w = data;
	int r = ipc_write_full(STDOUT_FILENO, buf, len);

	if (r < 0)
		w->write_err = -r;
	return r;
}

static int on_contents(const void *buf, size_t len, void *data)
{
	struct mem_walk *w = data;

	if (w->o->tbl.mode == TBL_PRETTY) {
		if (!w->started)
			fputs("\nContents:\n\n", stdout);
		w->started = true;
		hex_feed(&w->h, buf, len);
		/* a full disk ends the read; it is said when stdout is closed */
		return ferror(stdout) ? -EIO : 0;
	}
	if (w->nheld + len > HELD_MAX)
		return -EFBIG;
	w->held = xreallocarray(w->held, w->nheld + len, 1);
	memcpy(w->held + w->nheld, buf, len);
	w->nheld += len;
	return 0;
}

/* The held bytes as pieces of JSON_ROW (JSON) or HEX_ROW bytes (tables). */
static void print_pieces(struct lsipc *l, const struct opts *o, const struct mem_walk *w,
			 uint64_t offset)
{
	size_t row = o->tbl.mode == TBL_JSON ? JSON_ROW : HEX_ROW;
	size_t n = (w->nheld + row - 1) / row;
	_cleanup_free_ struct piece *v = xreallocarray(NULL, n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++) {
		size_t at = i * row;

		v[i] = (struct piece){ offset + at, w->nheld - at < row ? w->nheld - at : row,
				       w->held + at };
	}
	print_look_rows(l, o, "contents", piece_columns,
			sizeof(piece_columns) / sizeof(piece_columns[0]), v, n, sizeof(*v));
}

static int show_contents(struct lsipc *l, const struct opts *o, int view,
			 const struct colset *cs)
{
	const struct look_opts *lo = &o->look;
	struct mem_walk w = { .o = o, .h = { .out = stdout, .off = lo->offset } };
	struct ipc_mem_read m = { 0 };
	_cleanup_free_ char *what = NULL;
	int status = EXIT_SUCCESS, r;

	if (view == IPC_SHM && l->ipc.offline)
		errx(EXIT_FAILURE, "a System V segment cannot be read from a sysroot");
	if (view == IPC_SHM)
		what = xasprintf("shared memory segment %d", o->id);
	else
		what = xasprintf("%s %s", ipc_kind_noun(view), msg_str(o->name));

	/* the detail view, then the dump under it */
	if (!lo->dump && o->tbl.mode == TBL_PRETTY)
		status = show_one(l, o, view, cs);
	/*
	 * --dump: a closed pipe must not end us while attached; EPIPE it is,
	 * and SIGPIPE once detached. (A hex dump ends on SIGPIPE as every
	 * listing does: the kernel detaches what a dying process attached.)
	 */
	if (lo->dump)
		signal(SIGPIPE, SIG_IGN);
	if (view == IPC_SHM)
		r = sysv_shm_read(&l->ipc, o->id, lo->offset, lo->length,
				  lo->dump ? on_dump : on_contents, &w, &m);
	else
		r = posix_shm_read(&l->ipc, o->name, lo->offset, lo->length,
				   lo->dump ? on_dump : on_contents, &w, &m);
	if (!lo->dump && o->tbl.mode == TBL_PRETTY && r == 0) {
		if (!w.started && m.offset <= m.size)
			fputs("\nContents: none\n", stdout);
		hex_finish(&w.h);
	}
	if (!lo->dump && o->tbl.mode != TBL_PRETTY && r == 0 && m.offset <= m.size)
		print_pieces(l, o, &w, lo->offset);
	free(w.held);
	ipc_obj_clear(&m.obj);

	if (w.write_err == EPIPE) {
		/* detached: now end as any writer to a closed pipe does */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
	if (w.write_err) {
		warnx("write error: %s", strerror(w.write_err));
		return EXIT_FAILURE;
	}
	switch (r) {
	case 0:
		break;
	case -EIO:	/* stdout's error: said when it is closed */
		return status;
	case -ENOENT:
		if (view == IPC_SHM)
			errx(EXIT_FAILURE, "id %d not found", o->id);
		errx(EXIT_FAILURE, "%s not found", what);
	case -EFBIG:
		warnx("%s: more than %u MiB to show; use --length, or --dump", what,
		      HELD_MAX >> 20);
		return EXIT_FAILURE;
	default:
		warnx("cannot read %s: %s", what, strerror(-r));
		return EXIT_FAILURE;
	}
	if (m.offset > m.size) {
		warnx("%s: offset %" PRIu64 " is past its end (%" PRIu64 " bytes)", what,
		      m.offset, m.size);
		return EXIT_FAILURE;
	}
	/* a view for people says what looking changed (lsipc(1) says it for --dump) */
	if (m.attached && !lo->dump)
		warnx("%s was read through a read-only attach, which set its attach and detach "
		      "times and its last PID", what);
	return status;
}

int show_look(struct lsipc *l, const struct opts *o, int view, const struct colset *cs)
{
	if (o->look.messages)
		return show_messages(l, o);
	return show_contents(l, o, view, cs);
}
