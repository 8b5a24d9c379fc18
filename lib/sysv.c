/* SPDX-License-Identifier: GPL-2.0-or-later */
/* System V IPC: walk the kernel index (or /proc/sysvipc), stat one id, create, remove. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "cleanup.h"
#include "hashmap.h"
#include "internal.h"
#include "ipc.h"
#include "nsctx.h"
#include "parse.h"

/* A real line is under 300 bytes; a longer one only comes from a hostile
 * --sysroot file: beyond this it is skipped rather than eat all memory. */
#define SYSVIPC_LINE_MAX	(1u << 20)
#define SYSVIPC_CHUNK		(64u << 10)

/* ---- the /proc/sysvipc line parser ---- */

/*
 * The fields are blank-separated decimal (octal for perms) numbers, and a
 * line ends at '\n' or at a NUL: the list reader parses lines where they
 * lie in its read buffer, the fuzzers and tests hand in single strings. Each
 * field reader stops at the first byte that is not a digit, so nothing is
 * read past the end of the line.
 */
static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline bool is_eol(char c)
{
	return c == '\n' || c == '\0';
}

/* Skip blanks, then read one unsigned number in base 8 or 10 up to max. The
 * number must end at a blank or at the end of the line. */
static int field_u64(const char **pp, unsigned int base, uint64_t max, uint64_t *ret)
{
	const char *p = *pp;
	uint64_t v;
	int r;

	while (is_blank(*p))
		p++;
	r = parse_digits(&p, NULL, base, max, &v);
	if (r < 0)
		return r;
	if (!is_blank(*p) && !is_eol(*p))
		return -EINVAL;
	*pp = p;
	*ret = v;
	return 0;
}

/* Signed decimal in [min, max] with min <= 0 <= max. */
static int field_i64(const char **pp, int64_t min, int64_t max, int64_t *ret)
{
	const char *p = *pp;
	uint64_t mag;
	int r;

	while (is_blank(*p))
		p++;
	if (*p == '-') {
		p++;
		/* -min as unsigned without signed overflow */
		r = field_u64(&p, 10, (uint64_t)-(min + 1) + 1, &mag);
		if (r < 0)
			return r;
		*ret = mag ? -(int64_t)(mag - 1) - 1 : 0;
	} else {
		r = field_u64(&p, 10, (uint64_t)max, &mag);
		if (r < 0)
			return r;
		*ret = (int64_t)mag;
	}
	*pp = p;
	return 0;
}

/* Shorthands that read straight into the object's fields. */
#define GET_U(dst, max) do {						\
		uint64_t _v;						\
		int _r = field_u64(&p, 10, (max), &_v);			\
		if (_r < 0)						\
			return _r;					\
		(dst) = _v;						\
	} while (0)
#define GET_PID(dst)	GET_U(dst, INT32_MAX)
#define GET_ID(dst)	GET_U(dst, UINT32_MAX)
#define GET_TIME(dst)	GET_U(dst, INT64_MAX)

/* Parse the line starting at p into o (also on failure: callers discard it). */
static int parse_fields(enum ipc_kind kind, const char *p, struct ipc_obj *o)
{
	int64_t key;
	uint64_t v;
	int r;

	r = field_i64(&p, INT32_MIN, INT32_MAX, &key);
	if (r < 0)
		return r;
	o->key = (int32_t)key;
	GET_U(o->id, INT_MAX);
	r = field_u64(&p, 8, 0177777, &v);
	if (r < 0)
		return r;
	o->mode = (unsigned int)v;

	switch (kind) {
	case IPC_MSG:
		/* cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime */
		GET_U(o->msg.cbytes, UINT64_MAX);
		GET_U(o->msg.qnum, UINT64_MAX);
		GET_PID(o->msg.lspid);
		GET_PID(o->msg.lrpid);
		GET_ID(o->uid);
		GET_ID(o->gid);
		GET_ID(o->cuid);
		GET_ID(o->cgid);
		GET_TIME(o->msg.stime);
		GET_TIME(o->msg.rtime);
		GET_TIME(o->ctime);
		break;
	case IPC_SEM:
		/* nsems uid gid cuid cgid otime ctime */
		GET_U(o->sem.nsems, UINT64_MAX);
		GET_ID(o->uid);
		GET_ID(o->gid);
		GET_ID(o->cuid);
		GET_ID(o->cgid);
		GET_TIME(o->sem.otime);
		GET_TIME(o->ctime);
		break;
	case IPC_SHM:
		/* size cpid lpid nattch uid gid cuid cgid atime dtime ctime [rss swap] */
		GET_U(o->shm.segsz, UINT64_MAX);
		GET_PID(o->shm.cpid);
		GET_PID(o->shm.lpid);
		GET_U(o->shm.nattch, UINT64_MAX);
		GET_ID(o->uid);
		GET_ID(o->gid);
		GET_ID(o->cuid);
		GET_ID(o->cgid);
		GET_TIME(o->shm.atime);
		GET_TIME(o->shm.dtime);
		GET_TIME(o->ctime);
		while (is_blank(*p))
			p++;
		if (!is_eol(*p)) {
			/* since Linux 4.0: rss and swap in bytes, both or neither */
			GET_U(o->shm.rss, UINT64_MAX);
			GET_U(o->shm.swap, UINT64_MAX);
			o->have |= IPC_HAVE_RSS;
		}
		o->ino = (uint64_t)o->id;	/* the /SYSV mapping's inode */
		break;
	default:
		return -EINVAL;
	}
	/* Anything after the known fields is left for columns a later kernel
	 * may add; the known ones were each checked to end at a blank. */
	o->kind = kind;
	o->have |= IPC_HAVE_OWNER | IPC_HAVE_CREATOR | IPC_HAVE_MODE;
	return 0;
}

int sysv_parse_line(enum ipc_kind kind, const char *line, struct ipc_obj *ret)
{
	struct ipc_obj o = { .kind = kind, .id = -1 };
	int r;

	if (!line)
		return -EINVAL;
	r = parse_fields(kind, line, &o);
	if (r < 0)
		return -EINVAL;
	*ret = o;
	return 0;
}

/* ---- listing ---- */

static const char *const proc_names[] = {
	[IPC_MSG] = "sysvipc/msg",
	[IPC_SEM] = "sysvipc/sem",
	[IPC_SHM] = "sysvipc/shm",
};

static bool is_sysv(enum ipc_kind kind)
{
	return kind == IPC_MSG || kind == IPC_SEM || kind == IPC_SHM;
}

/* Called for each data line (it ends at '\n' or NUL): 0 = go on, 1 = stop, or -errno. */
typedef int (*line_fn)(enum ipc_kind kind, const char *line, void *data);

/*
 * The kernel's header line names the columns, "key" first (after blanks):
 * "       key      msqid perms ...". A data line starts with a number, so
 * the two are told apart by content; a capture may have lost the header.
 */
static bool is_header_line(const char *p)
{
	while (is_blank(*p))
		p++;
	return strncmp(p, "key", 3) == 0 && (is_blank(p[3]) || is_eol(p[3]));
}

/* Note what one read of the file found; a later read adds, never takes away. */
static void keep_notes(struct ipc_ctx *ctx, enum ipc_kind kind, const struct ipc_sysv_notes *n)
{
	struct ipc_sysv_notes *c = &ctx->sysv_notes[kind];

	c->file = n->file;
	c->line_max = n->line_max;
	c->no_header |= n->no_header;
	if (n->long_line && (!c->long_line || n->long_line < c->long_line))
		c->long_line = n->long_line;
	if (n->long_lines > c->long_lines)
		c->long_lines = n->long_lines;
}

bool sysv_take_notes(struct ipc_ctx *ctx, enum ipc_kind kind, struct ipc_sysv_notes *ret)
{
	const struct ipc_sysv_notes *c;

	if (!is_sysv(kind) || (ctx->sysv_notes_taken & (1u << kind)))
		return false;
	c = &ctx->sysv_notes[kind];
	if (!c->no_header && !c->long_lines)
		return false;
	ctx->sysv_notes_taken |= 1u << kind;
	*ret = *c;
	return true;
}

/* Line number lineno starts at p: the header is skipped, data goes to fn. */
static int one_line(enum ipc_kind kind, const char *p, uint64_t lineno,
		    struct ipc_sysv_notes *notes, line_fn fn, void *data)
{
	if (lineno == 1) {
		if (is_header_line(p))
			return 0;
		notes->no_header = true;
	}
	return fn(kind, p, data);
}

/*
 * Read <procdir>/sysvipc/<kind> in one pass, a chunk at a time, and hand every
 * data line to fn: 30,000 objects are 4 MiB of text that need not all be in
 * memory at once. A line longer than SYSVIPC_LINE_MAX is skipped up to its
 * newline and noted in ctx, as is a first line that is not the header.
 * Returns 0 at the end, 1 when fn stopped, -errno (the open error tells the
 * caller whether to fall back to *_STAT).
 */
static int for_each_proc_line(struct ipc_ctx *ctx, enum ipc_kind kind, line_fn fn, void *data)
{
	_cleanup_free_ char *path = ipc_path_join(ctx->procdir, proc_names[kind]);
	_cleanup_free_ char *buf = NULL;
	_cleanup_close_ int fd = -1;
	struct ipc_sysv_notes notes = { .file = proc_names[kind], .line_max = SYSVIPC_LINE_MAX };
	size_t cap = SYSVIPC_CHUNK, len = 0;
	uint64_t lineno = 0;
	bool skipping = false;	/* inside a line longer than SYSVIPC_LINE_MAX */
	int r = 0;

	if (!path)
		return -ENOMEM;
	fd = ipc_open_regular_at(AT_FDCWD, path);
	if (fd < 0)
		return fd;
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;

	for (;;) {
		ssize_t n = read(fd, buf + len, cap - 1 - len);
		char *p = buf, *end, *nl;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		end = buf + len + n;
		*end = '\0';
		if (n == 0) {
			/* a last line without a newline still counts */
			if (len && !skipping)
				r = one_line(kind, buf, ++lineno, &notes, fn, data);
			break;
		}
		while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
			if (skipping)
				skipping = false;	/* the long line ends here */
			else if ((r = one_line(kind, p, ++lineno, &notes, fn, data)) != 0)
				goto out;
			p = nl + 1;
		}
		len = skipping ? 0 : (size_t)(end - p);
		memmove(buf, p, len);
		if (len == cap - 1) {
			/* one line fills the buffer: only a hostile file does that */
			char *nbuf;
			size_t ncap;

			/* room for a line of SYSVIPC_LINE_MAX bytes, its newline, the NUL */
			if (cap >= SYSVIPC_LINE_MAX + 2) {
				lineno++;
				if (!notes.long_lines++)
					notes.long_line = lineno;
				if (lineno == 1)
					notes.no_header = true;	/* no header is that long */
				skipping = true;
				len = 0;
				continue;
			}
			ncap = cap * 2 < SYSVIPC_LINE_MAX + 2 ? cap * 2 : SYSVIPC_LINE_MAX + 2;
			nbuf = realloc(buf, ncap);
			if (!nbuf) {
				r = -ENOMEM;
				break;
			}
			buf = nbuf;
			cap = ncap;
		}
	}
out:
	keep_notes(ctx, kind, &notes);
	return r;
}

struct find_id {
	int id;
	struct ipc_obj obj;
};

static int match_line(enum ipc_kind kind, const char *line, void *data)
{
	struct find_id *f = data;
	struct ipc_obj o = { .id = -1 };

	if (parse_fields(kind, line, &o) < 0 || o.id != f->id)
		return 0;
	f->obj = o;
	return 1;
}

static void fill_perm(struct ipc_obj *o, const struct ipc_perm *perm)
{
	o->key = perm->__key;
	o->uid = perm->uid;
	o->gid = perm->gid;
	o->cuid = perm->cuid;
	o->cgid = perm->cgid;
	o->mode = perm->mode;
	o->have |= IPC_HAVE_OWNER | IPC_HAVE_CREATOR | IPC_HAVE_MODE;
}

static void fill_msg(struct ipc_obj *o, const struct msqid_ds *ds)
{
	fill_perm(o, &ds->msg_perm);
	o->msg.cbytes = ds->msg_cbytes;
	o->msg.qnum = ds->msg_qnum;
	o->msg.qbytes = ds->msg_qbytes;
	o->msg.lspid = ds->msg_lspid;
	o->msg.lrpid = ds->msg_lrpid;
	o->msg.stime = ds->msg_stime;
	o->msg.rtime = ds->msg_rtime;
	o->ctime = ds->msg_ctime;
	o->have |= IPC_HAVE_QBYTES;
}

static void fill_sem(struct ipc_obj *o, const struct semid_ds *ds)
{
	fill_perm(o, &ds->sem_perm);
	o->sem.nsems = ds->sem_nsems;
	o->sem.otime = ds->sem_otime;
	o->ctime = ds->sem_ctime;
}

static void fill_shm(struct ipc_obj *o, const struct shmid_ds *ds)
{
	fill_perm(o, &ds->shm_perm);
	o->shm.segsz = ds->shm_segsz;
	o->shm.nattch = ds->shm_nattch;
	o->shm.cpid = ds->shm_cpid;
	o->shm.lpid = ds->shm_lpid;
	o->shm.atime = ds->shm_atime;
	o->shm.dtime = ds->shm_dtime;
	o->ctime = ds->shm_ctime;
}

/*
 * One *ctl call for index or id `arg` with command cmd; fills o (except id).
 * Returns what the call returned (the id for *_STAT), or -errno.
 */
static int ctl_stat(enum ipc_kind kind, int arg, int cmd, struct ipc_obj *o)
{
	int r;

	/*
	 * The buffers start zeroed: valgrind does not know that *_STAT_ANY
	 * fills them as *_STAT does, and would see every field undefined.
	 */
	switch (kind) {
	case IPC_MSG: {
		struct msqid_ds ds = { 0 };

		r = msgctl(arg, cmd, &ds);
		if (r < 0)
			return -errno;
		fill_msg(o, &ds);
		break;
	}
	case IPC_SEM: {
		struct semid_ds ds = { 0 };

		r = semctl(arg, 0, cmd, (union semun){ .buf = &ds });
		if (r < 0)
			return -errno;
		fill_sem(o, &ds);
		break;
	}
	case IPC_SHM: {
		struct shmid_ds ds = { 0 };

		r = shmctl(arg, cmd, &ds);
		if (r < 0)
			return -errno;
		fill_shm(o, &ds);
		break;
	}
	default:
		return -EINVAL;
	}
	o->kind = kind;
	return r;
}

int sysv_info(enum ipc_kind kind, bool usage, union sysv_info *ret)
{
	int r;

	/* the kernel writes through the ds pointer whatever the command fills */
	switch (kind) {
	case IPC_MSG:
		r = msgctl(0, usage ? MSG_INFO : IPC_INFO, (struct msqid_ds *)&ret->msg);
		break;
	case IPC_SEM:
		r = semctl(0, 0, usage ? SEM_INFO : IPC_INFO, (union semun){ .__buf = &ret->sem });
		break;
	case IPC_SHM:
		r = shmctl(0, usage ? SHM_INFO : IPC_INFO,
			   usage ? (struct shmid_ds *)&ret->shm_use : (struct shmid_ds *)&ret->shm);
		break;
	default:
		return -EINVAL;
	}
	return r < 0 ? -errno : r;
}

/* ---- the one way System V objects are read (ipc_walk, ipc_list, ipc_count) ---- */

static const int stat_any[] = {
	[IPC_MSG] = MSG_STAT_ANY, [IPC_SEM] = SEM_STAT_ANY, [IPC_SHM] = SHM_STAT_ANY,
};
static const int stat_plain[] = {
	[IPC_MSG] = MSG_STAT, [IPC_SEM] = SEM_STAT, [IPC_SHM] = SHM_STAT,
};

/* The highest index in use and the number of objects (*_INFO), or -errno. */
static int index_info(enum ipc_kind kind, int *ret_max, int *ret_in_use)
{
	union sysv_info info;
	int r = sysv_info(kind, true, &info);

	if (r < 0)
		return r;
	*ret_max = r;
	/* MSG_INFO and SEM_INFO reuse msginfo and seminfo: msgpool and
	 * semusz hold the queues and sets in use */
	*ret_in_use = kind == IPC_MSG ? info.msg.msgpool :
		      kind == IPC_SEM ? info.sem.semusz : info.shm_use.used_ids;
	return 0;
}

/*
 * rss and swap of every segment, read from /proc/sysvipc/shm in one pass:
 * no *ctl call gives them per segment, so the index walk merges them in by
 * id (an id -> index map, not a search per segment).
 */
struct shm_rss {
	struct shm_rss_entry {
		int id;
		uint64_t rss, swap;
	} *v;
	size_t n, cap;
	struct ipc_hashmap map;
	bool loaded;
};

static void shm_rss_free(struct shm_rss *t)
{
	free(t->v);
	ipc_hashmap_free(&t->map);
}

static int collect_rss(enum ipc_kind kind, const char *line, void *data)
{
	struct shm_rss *t = data;
	struct ipc_obj o = { .id = -1 };

	if (parse_fields(kind, line, &o) < 0 || !(o.have & IPC_HAVE_RSS))
		return 0;
	if (!ARRAY_GROW(t->v, t->n, t->cap, 64) ||
	    ipc_hashmap_add(&t->map, ipc_hash_u64((uint64_t)o.id), t->n) < 0)
		return -ENOMEM;
	t->v[t->n++] = (struct shm_rss_entry){ .id = o.id, .rss = o.shm.rss, .swap = o.shm.swap };
	return 0;
}

/* Give o the rss and swap /proc had for its id, reading /proc on first use. */
static int merge_rss(struct ipc_ctx *ctx, struct shm_rss *t, struct ipc_obj *o)
{
	size_t i;

	if (!t->loaded) {
		int r = for_each_proc_line(ctx, IPC_SHM, collect_rss, t);

		/* without /proc (or a kernel before 4.0) the segments have no rss:
		 * IPC_HAVE_RSS stays clear, the rest of the walk is the same */
		if (r == -ENOMEM)
			return r;
		t->loaded = true;
	}
	/* ipc_hash_u64() is one-to-one: the hash is the id */
	i = ipc_hashmap_find(&t->map, ipc_hash_u64((uint64_t)o->id), NULL, NULL);
	if (i != SIZE_MAX) {
		o->shm.rss = t->v[i].rss;
		o->shm.swap = t->v[i].swap;
		o->have |= IPC_HAVE_RSS;
	}
	return 0;
}

/*
 * Walk the kernel's index with cmd (*_STAT_ANY, or plain *_STAT that shows
 * only what we may read). Sets *ret_fallback, before fn has seen anything,
 * when the index cannot be walked this way: *_INFO refused, a kernel
 * without *_STAT_ANY (before Linux 4.17 it fails with EINVAL, as an unused
 * index does: objects in use where *_STAT_ANY found none tell the two
 * apart), or a security module that let us see none.
 */
static int walk_index(struct ipc_ctx *ctx, enum ipc_kind kind, int cmd, unsigned int want,
		      ipc_walk_fn fn, void *data, bool *ret_fallback)
{
	_cleanup_(shm_rss_free) struct shm_rss rss = { 0 };
	bool any_works = false;
	int max = 0, in_use = 0, r;

	*ret_fallback = false;
	r = index_info(kind, &max, &in_use);
	if (r < 0) {
		*ret_fallback = true;
		return r;
	}
	if (in_use <= 0)
		return 0;
	for (int i = 0; i <= max; i++) {
		struct ipc_obj o = { .id = -1 };

		r = ctl_stat(kind, i, cmd, &o);
		if (r < 0) {
			/* unused index, vanished, or hidden by a security module */
			if (r == -EINVAL || r == -EIDRM || r == -EACCES || r == -EPERM)
				continue;
			*ret_fallback = !any_works && r != -ENOMEM;
			return r;
		}
		any_works = true;
		o.id = r;
		if (kind == IPC_SHM) {
			o.ino = (uint64_t)r;	/* the /SYSV mapping's inode */
			r = want & IPC_WANT_RSS ? merge_rss(ctx, &rss, &o) : 0;
			if (r < 0)
				return r;
		}
		r = fn(&o, data);
		if (r != 0)
			return r;
	}
	*ret_fallback = !any_works;
	return 0;
}

struct walk_lines {
	ipc_walk_fn fn;
	void *data;
	bool seen;	/* fn has been called */
};

static int walk_line(enum ipc_kind kind, const char *line, void *data)
{
	struct walk_lines *w = data;
	struct ipc_obj o = { .id = -1 };

	if (parse_fields(kind, line, &o) < 0)
		return 0;	/* a malformed line is skipped */
	w->seen = true;
	return w->fn(&o, w->data);
}

int sysv_walk(struct ipc_ctx *ctx, enum ipc_kind kind, unsigned int want,
	      ipc_walk_fn fn, void *data)
{
	IPC_NS_SCOPE(ctx);
	struct walk_lines w = { .fn = fn, .data = data };
	bool fallback;
	int r;

	if (!is_sysv(kind))
		return -EINVAL;
	if (ctx->offline)
		return for_each_proc_line(ctx, kind, walk_line, &w);

	r = walk_index(ctx, kind, stat_any[kind], want, fn, data, &fallback);
	if (!fallback)
		return r;
	r = for_each_proc_line(ctx, kind, walk_line, &w);
	if (r >= 0 || w.seen || r == -ENOMEM || r == -EFBIG)
		return r;
	/* neither *_STAT_ANY nor /proc/sysvipc: what plain *_STAT lets us see */
	return walk_index(ctx, kind, stat_plain[kind], want, fn, data, &fallback);
}

struct tally {
	uint64_t objects, units;
};

static int tally_obj(struct ipc_obj *o, void *data)
{
	struct tally *t = data;

	t->objects++;
	if (o->kind == IPC_SEM)
		t->units += o->sem.nsems;
	else if (o->kind == IPC_SHM)
		t->units += o->shm.segsz;
	return 0;
}

int sysv_count(struct ipc_ctx *ctx, enum ipc_kind kind, struct ipc_count *ret)
{
	IPC_NS_SCOPE(ctx);
	struct tally t = { 0 };
	int r;

	if (!is_sysv(kind))
		return -EINVAL;
	if (!ctx->offline) {
		/* the kernel keeps these counts: nothing to list */
		struct ipc_usage u;
		int64_t objects = -1, units = 0;

		if (sysv_usage(ctx, kind, &u) == 0) {
			if (kind == IPC_MSG) {
				objects = u.msg.queues;
			} else if (kind == IPC_SEM) {
				objects = u.sem.semaphores < 0 ? -1 : u.sem.arrays;
				units = u.sem.semaphores;
			} else {
				objects = u.shm.segments;
				units = (int64_t)u.shm.pages;
			}
		}
		if (objects >= 0) {
			*ret = (struct ipc_count){ .objects = (uint64_t)objects,
						   .units = (uint64_t)units };
			return 0;
		}
	}
	r = sysv_walk(ctx, kind, 0, tally_obj, &t);
	if (r < 0)
		return r;
	if (kind == IPC_SHM)
		t.units = ctx->pagesize > 0 ? t.units / (uint64_t)ctx->pagesize : 0;
	*ret = (struct ipc_count){ .objects = t.objects, .units = t.units };
	return 0;
}

/* ---- one object ---- */

/* Find id's line in /proc/sysvipc: only when IPC_STAT may not be used. */
static int find_in_proc(struct ipc_ctx *ctx, enum ipc_kind kind, int id, struct ipc_obj *ret)
{
	struct find_id f = { .id = id };
	int r;

	r = for_each_proc_line(ctx, kind, match_line, &f);
	if (r < 0)
		return r;
	if (r == 0)
		return -ENOENT;
	*ret = f.obj;
	return 0;
}

int sysv_stat_only(enum ipc_kind kind, int id, struct ipc_obj *ret)
{
	struct ipc_obj o = { .id = -1 };
	int r;

	if (!is_sysv(kind))
		return -EINVAL;
	if (id < 0)
		return -ENOENT;
	r = ctl_stat(kind, id, IPC_STAT, &o);
	if (r == -EINVAL || r == -EIDRM)
		return -ENOENT;
	if (r == -EPERM)
		return -EACCES;
	if (r < 0)
		return r;
	o.id = id;
	if (kind == IPC_SHM)
		o.ino = (uint64_t)id;	/* the /SYSV mapping's inode */
	*ret = o;
	return 0;
}

int sysv_stat_id(struct ipc_ctx *ctx, enum ipc_kind kind, int id, struct ipc_obj *ret)
{
	IPC_NS_SCOPE(ctx);
	int r;

	if (!is_sysv(kind))
		return -EINVAL;
	if (id < 0)
		return -ENOENT;
	if (ctx->offline) {
		r = find_in_proc(ctx, kind, id, ret);
		/* a capture of ours keeps what IPC_STAT told */
		if (r == 0 && kind == IPC_MSG && capture_qbytes(ctx, id, &ret->msg.qbytes))
			ret->have |= IPC_HAVE_QBYTES;
		/* and no more: live, IPC_STAT has no rss or swap */
		if (r == 0 && ctx->capture)
			ret->have &= ~IPC_HAVE_RSS;
		return r;
	}

	r = sysv_stat_only(kind, id, ret);
	if (r == -EACCES) {
		r = find_in_proc(ctx, kind, id, ret);
		/* no /proc either: all we know is that it exists */
		return r == -ENOENT ? -EACCES : r;
	}
	return r;
}

int sysv_sem_values(struct ipc_ctx *ctx, int id, size_t nsems, struct ipc_semval **ret_vals)
{
	IPC_NS_SCOPE(ctx);
	_cleanup_free_ struct ipc_semval *vals = NULL;
	_cleanup_free_ unsigned short *all = NULL;
	struct semid_ds ds;
	size_t real;
	bool have_all;

	if (ctx->offline)
		return id < 0 ? -ENOENT : capture_sem_values(ctx, id, nsems, ret_vals);
	if (id < 0)
		return -ENOENT;
	/* The set's real size: the id may have been reused by a bigger set
	 * since the caller read nsems, and GETALL fills the whole set. */
	if (semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) < 0) {
		if (errno == EINVAL || errno == EIDRM)
			return -ENOENT;
		return -errno;
	}
	real = ds.sem_nsems;

	vals = calloc(nsems ? nsems : 1, sizeof(*vals));
	all = calloc(real ? real : 1, sizeof(*all));
	if (!vals || !all)
		return -ENOMEM;
	have_all = semctl(id, 0, GETALL, (union semun){ .array = all }) >= 0;

	for (size_t i = 0; i < nsems && i < real; i++) {
		struct ipc_semval *v = &vals[i];
		int val, ncnt, zcnt, pid;

		val = have_all ? all[i] : semctl(id, (int)i, GETVAL);
		ncnt = semctl(id, (int)i, GETNCNT);
		zcnt = semctl(id, (int)i, GETZCNT);
		pid = semctl(id, (int)i, GETPID);
		if (val < 0 || ncnt < 0 || zcnt < 0 || pid < 0)
			continue;	/* ok stays false */
		v->value = val;
		v->ncount = ncnt;
		v->zcount = zcnt;
		v->pid = pid;
		v->ok = true;
	}
	*ret_vals = TAKE_PTR(vals);
	return 0;
}

/* ---- changing things ---- */

int sysv_key_to_id(enum ipc_kind kind, int32_t key, int *ret_id)
{
	int id;

	/* *get(IPC_PRIVATE) would create a new object rather than find one */
	if (key == IPC_PRIVATE)
		return -ENOENT;
	switch (kind) {
	case IPC_MSG:
		id = msgget(key, 0);
		break;
	case IPC_SEM:
		id = semget(key, 0, 0);
		break;
	case IPC_SHM:
		id = shmget(key, 0, 0);
		break;
	default:
		return -EINVAL;
	}
	if (id < 0)
		return -errno;
	*ret_id = id;
	return 0;
}

int sysv_remove(enum ipc_kind kind, int id)
{
	int r;

	if (id < 0)
		return -EINVAL;
	switch (kind) {
	case IPC_MSG:
		r = msgctl(id, IPC_RMID, NULL);
		break;
	case IPC_SEM:
		r = semctl(id, 0, IPC_RMID);
		break;
	case IPC_SHM:
		r = shmctl(id, IPC_RMID, NULL);
		break;
	default:
		return -EINVAL;
	}
	return r < 0 ? -errno : 0;
}

static int sem_set_all(int id, size_t nsems, int semval)
{
	_cleanup_free_ unsigned short *all = calloc(nsems, sizeof(*all));

	if (!all)
		return -ENOMEM;
	for (size_t i = 0; i < nsems; i++)
		all[i] = (unsigned short)semval;
	if (semctl(id, 0, SETALL, (union semun){ .array = all }) < 0)
		return -errno;
	return 0;
}

int sysv_create(enum ipc_kind kind, int32_t key, unsigned int mode, uint64_t size,
		int semval, int *ret_id)
{
	int flags = IPC_CREAT | IPC_EXCL | (int)(mode & 0777);
	int id, r;

	switch (kind) {
	case IPC_MSG:
		id = msgget(key, flags);
		break;
	case IPC_SHM:
		if (size > SIZE_MAX)
			return -EINVAL;
		id = shmget(key, (size_t)size, flags);
		break;
	case IPC_SEM:
		if (size > INT_MAX)
			return -EINVAL;
		/* checked before creating: nothing to undo */
		if (semval < 0 || semval > USHRT_MAX)
			return -ERANGE;
		id = semget(key, (int)size, flags);
		if (id >= 0 && semval != 0) {
			r = sem_set_all(id, (size_t)size, semval);
			if (r < 0) {
				(void)semctl(id, 0, IPC_RMID);
				return r;
			}
		}
		break;
	default:
		return -EINVAL;
	}
	if (id < 0)
		return -errno;
	*ret_id = id;
	return 0;
}

/* ---- usage counters (ipcs -u) ---- */

int sysv_usage(struct ipc_ctx *ctx, enum ipc_kind kind, struct ipc_usage *ret)
{
	IPC_NS_SCOPE(ctx);
	union sysv_info u;
	int r;

	if (ctx->offline) {
		/* a capture of ours keeps the counters; anything else has none */
		bool ok = kind == IPC_MSG ? capture_msg_usage(ctx, &ret->msg) :
			  kind == IPC_SHM ? capture_shm_usage(ctx, &ret->shm) :
			  kind == IPC_SEM && capture_sem_usage(ctx, &ret->sem);

		return ok ? 0 : -ENOSYS;
	}
	r = sysv_info(kind, true, &u);
	if (r < 0)
		return r;
	switch (kind) {
	case IPC_MSG:
		/* MSG_INFO reuses msginfo: msgpool = queues in use, msgmap =
		 * messages queued (headers), msgtql = bytes queued (an int in
		 * the kernel) */
		ret->msg = (struct ipc_msg_usage){
			.queues = u.msg.msgpool,
			.headers = u.msg.msgmap,
			.bytes = (unsigned int)u.msg.msgtql,
		};
		return 0;
	case IPC_SHM:
		ret->shm = (struct ipc_shm_usage){
			.segments = u.shm_use.used_ids,
			.pages = u.shm_use.shm_tot,
			.resident = u.shm_use.shm_rss,
			.swapped = u.shm_use.shm_swp,
			.swap_attempts = u.shm_use.swap_attempts,
			.swap_successes = u.shm_use.swap_successes,
		};
		return 0;
	case IPC_SEM:
		/* SEM_INFO reuses seminfo: semusz = sets in use, semaem = semaphores */
		ret->sem = (struct ipc_sem_usage){
			.arrays = u.sem.semusz,
			.semaphores = u.sem.semaem,
		};
		return 0;
	default:
		return -EINVAL;
	}
}
