/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc: list System V and POSIX IPC objects and the IPC limits as tables, JSON or detail views. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsmartcols.h>
#include <popt.h>

#include "applets.h"
#include "cmd/common.h"
#include "cleanup.h"
#include "format.h"
#include "ipc.h"
#include "parse.h"
#include "procscan.h"
#include "cmd/table.h"

/*
 * Views: the six kinds (same numbers as enum ipc_kind), the global
 * summary, and the objects of every kind one process uses (--pid). A
 * column's scope is a mask of the views it applies to.
 */
#define V_GLOBAL	IPC_NKINDS
#define V_PID		(IPC_NKINDS + 1)
#define S(v)		(1u << (v))
#define S_SYSV		(S(IPC_MSG) | S(IPC_SEM) | S(IPC_SHM))
#define S_POSIX		(S(IPC_PMSG) | S(IPC_PSHM) | S(IPC_PSEM))
#define S_OBJ		(S_SYSV | S_POSIX)
#define S_GLOBAL	S(V_GLOBAL)
#define S_PIDV		S(V_PID)
/* columns of every object, in the --pid view too */
#define S_GEN		(S_OBJ | S_PIDV)

/*
 * Bits of a column's want beside the IPC_WANT_* ones: the /proc scan of
 * the processes that use (W_USERS) or wait on (W_WAITS) the objects.
 */
#define W_IPC		(IPC_WANT_QSIZE | IPC_WANT_MQATTR | IPC_WANT_SEMVAL)
#define W_USERS		(1u << 16)
#define W_WAITS		(1u << 17)

/* The most columns -o may name (duplicates included). */
#define MAX_COLUMNS	128
/* /proc/PID/cmdline is read up to this size. */
#define CMDLINE_MAX	8192

/* Command lines by pid, read once: many segments share a creator. */
struct cmd_cache {
	struct cmd_entry {
		pid_t pid;	/* 0: free slot */
		char *cmd;	/* NULL: none readable */
	} *v;
	size_t n, cap;		/* cap is 0 or a power of two */
};

/* What the getters need: the context and how values are written. */
struct lsipc {
	struct ipc_ctx ipc;
	enum time_format tf;
	enum tbl_mode mode;
	bool bytes;		/* -b: sizes as byte counts */
	bool octal;		/* -P: PERMS as octal */
	struct cmd_cache cmds;
	struct procscan ps;	/* who uses what, when a column needs it */
	bool scanned;		/* ps holds a scan */
	pid_t pid;		/* --pid: the process whose objects are listed */
};

/* A row of the global view. */
struct limit_row {
	const char *resource;
	const char *desc;
	bool has_limit, has_used;
	bool bytes;		/* LIMIT and USED are byte counts */
	uint64_t limit, used;
};

/* A row of the element table of a System V semaphore set. */
struct sem_elem {
	size_t num;
	const struct ipc_semval *v;
};

static char *xstr(char *s)
{
	if (!s)
		errx(EXIT_FAILURE, "cannot allocate memory");
	return s;
}

static char *xdup(const char *s)
{
	return s ? xstr(strdup(s)) : NULL;
}

static char * __attribute__((format(printf, 1, 2))) xfmt(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
	return s;
}

static char *num_u(uint64_t v)
{
	return xfmt("%" PRIu64, v);
}

static char *num_d(int64_t v)
{
	return xfmt("%" PRId64, v);
}

/*
 * Text that came from the system (names, command lines, user names) made
 * safe for where it goes. Detail views are printed by us, so every control
 * byte and backslash is written as \xHH there. libsmartcols already does the
 * same for table, raw and export cells (and escapes a literal "\x", so the
 * encoding stays unambiguous); escaping first would double every backslash.
 * Its JSON writer passes DEL, C1 controls and invalid UTF-8 through, so in
 * JSON the getter writes the string literal itself (the column's JSON type
 * is "raw" for these).
 */
static char *sys_str(const struct lsipc *l, const char *s)
{
	if (!s)
		return NULL;
	switch (l->mode) {
	case TBL_JSON:
		return xstr(tbl_json_string(s));
	case TBL_PRETTY:
		return xstr(str_escape_terminal(s));
	default:
		return xdup(s);
	}
}

/* Any time as a date (the number of seconds where it cannot be one). */
static char *date_str(const struct lsipc *l, int64_t t)
{
	char buf[FMT_BUFSZ];

	/* JSON is for programs: always ISO 8601 */
	return xdup(fmt_time(buf, sizeof(buf), t,
			     l->mode == TBL_JSON ? TIME_ISO : l->tf, l->ipc.now));
}

/* A System V time: 0 is "never", left empty as util-linux does. */
static char *time_str(const struct lsipc *l, int64_t t)
{
	return t ? date_str(l, t) : NULL;
}

/* A POSIX object's file time: 0 is 1970-01-01 like any other. */
static char *file_time_str(const struct lsipc *l, const struct ipc_obj *o, int64_t t)
{
	return o->have & IPC_HAVE_TIMES ? date_str(l, t) : NULL;
}

static char *size_str(const struct lsipc *l, uint64_t bytes)
{
	char buf[FMT_BUFSZ];

	if (l->bytes || l->mode == TBL_JSON)
		return num_u(bytes);
	return xdup(fmt_size(buf, sizeof(buf), bytes));
}

static char *user_str(struct lsipc *l, uid_t uid)
{
	return sys_str(l, ipc_user_name(&l->ipc, uid));
}

static char *group_str(struct lsipc *l, gid_t gid)
{
	return sys_str(l, ipc_group_name(&l->ipc, gid));
}

/* The command line of pid, NULs as spaces; NULL if none. */
static char *read_cmdline(struct lsipc *l, pid_t pid)
{
	char *cmd = NULL;

	if (ipc_read_cmdline(&l->ipc, pid, CMDLINE_MAX, &cmd) == -ENOMEM)
		errx(EXIT_FAILURE, "cannot allocate memory");
	return cmd;
}

static struct cmd_entry *cmd_slot(struct cmd_cache *cc, pid_t pid)
{
	size_t i = ((size_t)pid * 2654435761u) & (cc->cap - 1);

	while (cc->v[i].pid && cc->v[i].pid != pid)
		i = (i + 1) & (cc->cap - 1);
	return &cc->v[i];
}

/* The command line of pid, escaped for the output; read once per pid. */
static char *cmdline_str(struct lsipc *l, pid_t pid)
{
	struct cmd_cache *cc = &l->cmds;
	struct cmd_entry *e;

	if (pid <= 0)
		return NULL;
	if (cc->n * 2 >= cc->cap) {
		struct cmd_cache bigger = { .cap = cc->cap ? cc->cap * 2 : 64 };

		bigger.v = calloc(bigger.cap, sizeof(*bigger.v));
		if (!bigger.v)
			errx(EXIT_FAILURE, "cannot allocate memory");
		for (size_t i = 0; i < cc->cap; i++)
			if (cc->v[i].pid)
				*cmd_slot(&bigger, cc->v[i].pid) = cc->v[i];
		bigger.n = cc->n;
		free(cc->v);
		*cc = bigger;
	}
	e = cmd_slot(cc, pid);
	if (!e->pid) {
		e->pid = pid;
		e->cmd = read_cmdline(l, pid);
		cc->n++;
	}
	return sys_str(l, e->cmd);
}

static void cmd_cache_free(struct cmd_cache *cc)
{
	for (size_t i = 0; i < cc->cap; i++)
		free(cc->v[i].cmd);
	free(cc->v);
	memset(cc, 0, sizeof(*cc));
}

/* ---- column getters: one per column, for text and JSON alike ---- */

#define OBJ(row) ((const struct ipc_obj *)(row))
#define LIM(row) ((const struct limit_row *)(row))
#define L(c) ((struct lsipc *)(c))
#define HAVE(o, bit) (((o)->have & (bit)) != 0)

static char *get_key(void *c, const void *r)
{
	char buf[FMT_BUFSZ];

	return ipc_kind_is_posix(OBJ(r)->kind) ? NULL
		: xdup(fmt_key(buf, sizeof(buf), OBJ(r)->key));
}

static char *get_id(void *c, const void *r)
{
	return ipc_kind_is_posix(OBJ(r)->kind) ? NULL : num_d(OBJ(r)->id);
}

static char *get_owner(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);
	const char *name;

	if (!HAVE(o, IPC_HAVE_OWNER))
		return NULL;
	name = ipc_user_name(&L(c)->ipc, o->uid);
	if (name)
		return sys_str(L(c), name);
	if (L(c)->mode == TBL_JSON)
		return xfmt("\"%u\"", (unsigned int)o->uid);
	return xfmt("%u", (unsigned int)o->uid);
}

static char *get_perms(void *c, const void *r)
{
	char buf[FMT_BUFSZ];

	if (!HAVE(OBJ(r), IPC_HAVE_MODE))
		return NULL;
	return xdup(fmt_perms(buf, sizeof(buf), OBJ(r)->mode & 0777, L(c)->octal));
}

static char *get_cuid(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_CREATOR) ? num_u(OBJ(r)->cuid) : NULL;
}

static char *get_cuser(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_CREATOR) ? user_str(L(c), OBJ(r)->cuid) : NULL;
}

static char *get_cgid(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_CREATOR) ? num_u(OBJ(r)->cgid) : NULL;
}

static char *get_cgroup(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_CREATOR) ? group_str(L(c), OBJ(r)->cgid) : NULL;
}

static char *get_uid(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_OWNER) ? num_u(OBJ(r)->uid) : NULL;
}

static char *get_user(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_OWNER) ? user_str(L(c), OBJ(r)->uid) : NULL;
}

static char *get_gid(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_OWNER) ? num_u(OBJ(r)->gid) : NULL;
}

static char *get_group(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_OWNER) ? group_str(L(c), OBJ(r)->gid) : NULL;
}

static char *get_ctime(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	if (ipc_kind_is_posix(o->kind))
		return file_time_str(L(c), o, o->ctime);
	return time_str(L(c), o->ctime);
}

static char *get_name(void *c, const void *r)
{
	return sys_str(L(c), OBJ(r)->name);
}

static char *get_mtime(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	return ipc_kind_is_posix(o->kind) ? file_time_str(L(c), o, o->mtime) : NULL;
}

static char *get_usedbytes(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	if (o->kind == IPC_MSG)
		return size_str(L(c), o->msg.cbytes);
	if (o->kind == IPC_PMSG && HAVE(o, IPC_HAVE_QSIZE))
		return size_str(L(c), o->mq.qsize);
	return NULL;
}

static char *get_msgs(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	if (o->kind == IPC_MSG)
		return num_u(o->msg.qnum);
	if (o->kind == IPC_PMSG && HAVE(o, IPC_HAVE_MQATTR))
		return num_u(o->mq.curmsgs);
	return NULL;
}

static char *get_send(void *c, const void *r)
{
	return time_str(L(c), OBJ(r)->msg.stime);
}

static char *get_recv(void *c, const void *r)
{
	return time_str(L(c), OBJ(r)->msg.rtime);
}

static char *get_lspid(void *c, const void *r)
{
	return num_d(OBJ(r)->msg.lspid);
}

static char *get_lrpid(void *c, const void *r)
{
	return num_d(OBJ(r)->msg.lrpid);
}

static char *get_size(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	if (o->kind == IPC_SHM)
		return size_str(L(c), o->shm.segsz);
	if (o->kind == IPC_PSHM)
		return size_str(L(c), o->pshm.size);
	return NULL;
}

static char *get_nattch(void *c, const void *r)
{
	return num_u(OBJ(r)->shm.nattch);
}

static char *get_status(void *c, const void *r)
{
	unsigned int m = OBJ(r)->mode;
	bool dest = m & IPC_SHM_DEST, locked = m & IPC_SHM_LOCKED;

	if (!HAVE(OBJ(r), IPC_HAVE_MODE))
		return NULL;
	/* no flag is an empty value, not an absent one (detail views show the label) */
	return xfmt("%s%s%s", dest ? "dest" : "", dest && locked ? "," : "",
		    locked ? "locked" : "");
}

static char *get_attach(void *c, const void *r)
{
	return time_str(L(c), OBJ(r)->shm.atime);
}

static char *get_detach(void *c, const void *r)
{
	return time_str(L(c), OBJ(r)->shm.dtime);
}

static char *get_command(void *c, const void *r)
{
	return cmdline_str(L(c), OBJ(r)->shm.cpid);
}

static char *get_cpid(void *c, const void *r)
{
	return num_d(OBJ(r)->shm.cpid);
}

static char *get_lpid(void *c, const void *r)
{
	return num_d(OBJ(r)->shm.lpid);
}

static char *get_nsems(void *c, const void *r)
{
	return num_u(OBJ(r)->sem.nsems);
}

static char *get_otime(void *c, const void *r)
{
	return time_str(L(c), OBJ(r)->sem.otime);
}

static char *get_sval(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_SEMVAL) ? num_d(OBJ(r)->psem.value) : NULL;
}

static char *get_rss(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_RSS) ? size_str(L(c), OBJ(r)->shm.rss) : NULL;
}

static char *get_swap(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_RSS) ? size_str(L(c), OBJ(r)->shm.swap) : NULL;
}

static char *get_maxmsg(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_MQATTR) ? num_u(OBJ(r)->mq.maxmsg) : NULL;
}

static char *get_msgsize(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_MQATTR) ? size_str(L(c), OBJ(r)->mq.msgsize) : NULL;
}

/*
 * Whether a process is registered with mq_notify. The kernel writes
 * NOTIFY, SIGNO and NOTIFY_PID as 0 when nobody is, and NOTIFY_PID is 0
 * too for a process outside our PID namespace; such a registration still
 * shows in NOTIFY (SIGEV_NONE, SIGEV_THREAD) or SIGNO (SIGEV_SIGNAL is 0,
 * its signal is not).
 */
static bool mq_registered(const struct ipc_obj *o)
{
	return HAVE(o, IPC_HAVE_QSIZE) &&
	       (o->mq.notify_pid > 0 || o->mq.notify != 0 || o->mq.signo != 0);
}

/* How the registered process is notified; empty when nobody is registered. */
static char *get_notify(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	if (!mq_registered(o))
		return NULL;
	switch (o->mq.notify) {
	case SIGEV_NONE:
		return xdup("none");
	case SIGEV_SIGNAL:
		return xdup("signal");
	case SIGEV_THREAD:
		return xdup("thread");
	default:
		/* no kernel writes another, but a sysroot may */
		return num_d(o->mq.notify);
	}
}

static char *get_notify_pid(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	return HAVE(o, IPC_HAVE_QSIZE) && o->mq.notify_pid > 0 ? num_d(o->mq.notify_pid) : NULL;
}

/* only a signal notification has a signal: SIGNO 0 is no signal 0 */
static char *get_signo(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	if (!mq_registered(o) || o->mq.notify != SIGEV_SIGNAL)
		return NULL;
	return num_d(o->mq.signo);
}

static char *get_waiters(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_SEMVAL) ? num_u(OBJ(r)->psem.waiters) : NULL;
}

/* The users of an object, NULL when none (or no scan). */
static const struct procscan_entry *users_of(const struct lsipc *l, const struct ipc_obj *o)
{
	return l->scanned ? procscan_find_obj(&l->ps, o) : NULL;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/*
 * The pids of the users of e that use it in one of the ways of mask, in
 * increasing order: "1,2" in text, [1,2] in JSON. NULL without a scan, and
 * in a detail view when there are none (its line is left out, so that the
 * view of an object nobody uses is util-linux's).
 */
static char *pid_list(const struct lsipc *l, const struct procscan_entry *e, unsigned int mask)
{
	_cleanup_free_ pid_t *v = NULL;
	bool json = l->mode == TBL_JSON;
	char *s = NULL;
	size_t n = 0, len = 0;
	FILE *f;

	if (!l->scanned)
		return NULL;
	if (e && e->nusers) {
		v = reallocarray(NULL, e->nusers, sizeof(*v));
		if (!v)
			errx(EXIT_FAILURE, "cannot allocate memory");
		for (size_t i = 0; i < e->nusers; i++)
			if (e->users[i].how & mask)
				v[n++] = e->users[i].pid;
		qsort(v, n, sizeof(*v), cmp_pid);
	}
	if (!n && l->mode == TBL_PRETTY)
		return NULL;
	f = open_memstream(&s, &len);
	if (!f)
		errx(EXIT_FAILURE, "cannot allocate memory");
	if (json)
		fputc('[', f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%d", i ? "," : "", (int)v[i]);
	if (json)
		fputc(']', f);
	if (ferror(f) || fclose(f) != 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
	return s;
}

static char *get_pids(void *c, const void *r)
{
	return pid_list(L(c), users_of(L(c), OBJ(r)), PROCSCAN_HOW_ALL);
}

static char *get_nprocs(void *c, const void *r)
{
	size_t n = procscan_count(users_of(L(c), OBJ(r)), PROCSCAN_HOW_ALL);

	if (!L(c)->scanned || (!n && L(c)->mode == TBL_PRETTY))
		return NULL;
	return num_u(n);
}

static char *get_waitpids(void *c, const void *r)
{
	return pid_list(L(c), users_of(L(c), OBJ(r)), PROCSCAN_WAITING);
}

/* the key in the name of an attached segment: also after IPC_RMID set KEY to 0 */
static char *get_origkey(void *c, const void *r)
{
	const struct procscan_entry *e = users_of(L(c), OBJ(r));
	char buf[FMT_BUFSZ];

	if (!e || e->type != PROCSCAN_SYSV_SHM)
		return NULL;
	return xdup(fmt_key(buf, sizeof(buf), e->sysv_key));
}

/* How many processes we could not read that may use objects of kind. */
static size_t unseen_procs(const struct lsipc *l, enum ipc_kind kind)
{
	return procscan_partial(&l->ps, kind) ? procscan_unseen(&l->ps, kind) : 0;
}

/*
 * Why the process lists of kind may be incomplete, in words (a static
 * buffer: "3 processes could not be read (Permission denied)"; with of,
 * "3 of 97 processes ..."), or NULL when they are complete.
 */
static const char *partial_reason(const struct lsipc *l, enum ipc_kind kind, bool of)
{
	static char buf[160];
	size_t n = unseen_procs(l, kind);
	const char *e = strerror(l->ps.errnum ? l->ps.errnum : EACCES);

	if (!procscan_partial(&l->ps, kind))
		return NULL;
	if (n && of)
		snprintf(buf, sizeof(buf), "%zu of %zu processes could not be read (%s)", n,
			 l->ps.nprocs, e);
	else if (n)
		snprintf(buf, sizeof(buf), "%zu processes could not be read (%s)", n, e);
	else
		snprintf(buf, sizeof(buf), "processes outside this PID namespace cannot be seen");
	return buf;
}

/*
 * Whether processes we could not read may be missing from the lists: a
 * boolean in JSON. A detail view has a line when they may, under the
 * lists it shows, or when a segment has attachments we did not find.
 */
static char *get_pids_partial(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);
	const char *why = partial_reason(L(c), o->kind, false);

	if (L(c)->mode == TBL_JSON)
		return xdup(why ? "true" : "false");
	if (!why || (!users_of(L(c), o) && !(o->kind == IPC_SHM && o->shm.nattch > 0)))
		return NULL;
	return xfmt("incomplete: %s", why);
}

static char *get_type(void *c, const void *r)
{
	return xdup(ipc_kind_name(OBJ(r)->kind));
}

/* How the process of --pid uses the object; in the lists, how any process does. */
static char *get_use(void *c, const void *r)
{
	const struct procscan_entry *e = users_of(L(c), OBJ(r));
	unsigned int how = 0;
	char buf[64];

	if (!L(c)->scanned)
		return NULL;
	for (size_t i = 0; e && i < e->nusers; i++)
		if (!L(c)->pid || e->users[i].pid == L(c)->pid)
			how |= e->users[i].how;
	if (!how && L(c)->mode == TBL_PRETTY)
		return NULL;
	return xdup(procscan_how_str(how, buf, sizeof(buf)));
}

static char *get_resource(void *c, const void *r)
{
	return xdup(LIM(r)->resource);
}

static char *get_description(void *c, const void *r)
{
	return xdup(LIM(r)->desc);
}

/* "-" marks "not applicable" in text; JSON says null */
static char *dash(const struct lsipc *l)
{
	return l->mode == TBL_JSON ? NULL : xdup("-");
}

static char *get_limit(void *c, const void *r)
{
	const struct limit_row *x = LIM(r);

	if (!x->has_limit)
		return dash(L(c));
	return x->bytes ? size_str(L(c), x->limit) : num_u(x->limit);
}

static char *get_used(void *c, const void *r)
{
	const struct limit_row *x = LIM(r);

	if (!x->has_used)
		return dash(L(c));
	return x->bytes ? size_str(L(c), x->used) : num_u(x->used);
}

static char *get_use_pct(void *c, const void *r)
{
	const struct limit_row *x = LIM(r);
	double pct;

	if (!x->has_used || !x->has_limit || x->limit == 0)
		return dash(L(c));
	if (L(c)->mode == TBL_JSON) {
		/* a JSON number has a '.' whatever the locale says: count in
		 * hundredths of a percent, rounded like printf's %.2f */
		unsigned __int128 h = ((unsigned __int128)x->used * 20000 / x->limit + 1) / 2;

		return xfmt("%" PRIu64 ".%02u", (uint64_t)(h / 100), (unsigned int)(h % 100));
	}
	pct = (double)x->used / (double)x->limit * 100.0;
	return xfmt("%2.2f%%", pct);
}

/* ---- the column table ---- */

enum {
	COL_KEY, COL_ID, COL_OWNER, COL_PERMS, COL_CUID, COL_CUSER, COL_CGID, COL_CGROUP,
	COL_UID, COL_USER, COL_GID, COL_GROUP, COL_CTIME,
	COL_NAME, COL_MTIME,
	COL_USEDBYTES, COL_MSGS, COL_SEND, COL_RECV, COL_LSPID, COL_LRPID,
	COL_SIZE, COL_NATTCH, COL_STATUS, COL_ATTACH, COL_DETACH, COL_COMMAND, COL_CPID,
	COL_LPID,
	COL_NSEMS, COL_OTIME,
	COL_RESOURCE, COL_DESCRIPTION, COL_LIMIT, COL_USED, COL_USEPERC,
	COL_SVAL,
	/* ipcbox: what the kernel offers beyond util-linux */
	COL_RSS, COL_SWAP, COL_MAXMSG, COL_MSGSIZE, COL_NOTIFY, COL_NOTIFY_PID, COL_SIGNO,
	COL_WAITERS,
	/* who uses it: the /proc scan */
	COL_PIDS, COL_NPROCS, COL_WAITPIDS, COL_ORIGKEY, COL_TYPE, COL_USE,
	NCOLS
};

#define R	SCOLS_FL_RIGHT
#define JS	SCOLS_JSON_STRING
#define JN	SCOLS_JSON_NUMBER
/* text from the system: the getter writes the JSON string literal itself */
#define JT	SCOLS_JSON_NUMBER

/* Internal order is the detail-view order (util-linux's), ours at the end. */
static const struct tbl_column columns[NCOLS] = {
	[COL_KEY]	= { "KEY", "Key", "Resource key", 1, 0, JS, S_SYSV | S_PIDV, 0, get_key },
	[COL_ID]	= { "ID", "ID", "Resource ID", 1, 0, JN, S_SYSV | S_PIDV, 0, get_id },
	[COL_OWNER]	= { "OWNER", "Owner", "Owner's username or UID", 1, R, JT, S_GEN, 0,
			    get_owner },
	[COL_PERMS]	= { "PERMS", "Permissions", "Permissions", 1, R, JS, S_GEN, 0,
			    get_perms },
	[COL_CUID]	= { "CUID", "Creator UID", "Creator UID", 1, R, JN, S_GEN, 0, get_cuid },
	[COL_CUSER]	= { "CUSER", "Creator user", "Creator user", 1, 0, JT, S_GEN, 0,
			    get_cuser },
	[COL_CGID]	= { "CGID", "Creator GID", "Creator GID", 1, R, JN, S_GEN, 0, get_cgid },
	[COL_CGROUP]	= { "CGROUP", "Creator group", "Creator group", 1, 0, JT, S_GEN, 0,
			    get_cgroup },
	[COL_UID]	= { "UID", "UID", "User ID", 1, R, JN, S_GEN, 0, get_uid },
	[COL_USER]	= { "USER", "User name", "User name", 1, 0, JT, S_GEN, 0, get_user },
	[COL_GID]	= { "GID", "GID", "Group ID", 1, R, JN, S_GEN, 0, get_gid },
	[COL_GROUP]	= { "GROUP", "Group name", "Group name", 1, 0, JT, S_GEN, 0, get_group },
	[COL_CTIME]	= { "CTIME", "Last change", "Time of the last change", 1, R, JS, S_GEN, 0,
			    get_ctime },
	[COL_NAME]	= { "NAME", "Name", "POSIX resource name", 1, 0, JT, S_POSIX | S_PIDV, 0,
			    get_name },
	[COL_MTIME]	= { "MTIME", "Last action", "Time of last action", 1, R, JS, S_POSIX, 0,
			    get_mtime },
	[COL_USEDBYTES]	= { "USEDBYTES", "Bytes used", "Bytes used", 1, R, JN,
			    S(IPC_MSG) | S(IPC_PMSG), IPC_WANT_QSIZE, get_usedbytes },
	[COL_MSGS]	= { "MSGS", "Messages", "Number of messages", 1, 0, JN,
			    S(IPC_MSG) | S(IPC_PMSG), IPC_WANT_MQATTR, get_msgs },
	[COL_SEND]	= { "SEND", "Msg sent", "Time of last msg sent", 1, R, JS, S(IPC_MSG), 0,
			    get_send },
	[COL_RECV]	= { "RECV", "Msg received", "Time of last msg received", 1, R, JS,
			    S(IPC_MSG), 0, get_recv },
	[COL_LSPID]	= { "LSPID", "Msg sender", "PID of the last msg sender", 1, R, JN,
			    S(IPC_MSG), 0, get_lspid },
	[COL_LRPID]	= { "LRPID", "Msg receiver", "PID of the last msg receiver", 1, R, JN,
			    S(IPC_MSG), 0, get_lrpid },
	[COL_SIZE]	= { "SIZE", "Segment size", "Segment size", 1, R, JN,
			    S(IPC_SHM) | S(IPC_PSHM), 0, get_size },
	[COL_NATTCH]	= { "NATTCH", "Attached processes", "Number of attached processes", 1, R,
			    JN, S(IPC_SHM), 0, get_nattch },
	[COL_STATUS]	= { "STATUS", "Status", "Status", 1, SCOLS_FL_NOEXTREMES, JS, S(IPC_SHM), 0,
			    get_status },
	[COL_ATTACH]	= { "ATTACH", "Attach time", "Attach time", 1, R, JS, S(IPC_SHM), 0,
			    get_attach },
	[COL_DETACH]	= { "DETACH", "Detach time", "Detach time", 1, R, JS, S(IPC_SHM), 0,
			    get_detach },
	[COL_COMMAND]	= { "COMMAND", "Creator command", "Creator command line", 1,
			    SCOLS_FL_TRUNC, JT, S(IPC_SHM), 0, get_command },
	[COL_CPID]	= { "CPID", "Creator PID", "PID of the creator", 1, R, JN, S(IPC_SHM), 0,
			    get_cpid },
	[COL_LPID]	= { "LPID", "Last user PID", "PID of last user", 1, R, JN, S(IPC_SHM), 0,
			    get_lpid },
	[COL_NSEMS]	= { "NSEMS", "Semaphores", "Number of semaphores", 1, R, JN, S(IPC_SEM),
			    0, get_nsems },
	[COL_OTIME]	= { "OTIME", "Last operation", "Time of the last operation", 1, R, JS,
			    S(IPC_SEM), 0, get_otime },
	[COL_RESOURCE]	= { "RESOURCE", "Resource", "Resource name", 1, 0, JS, S_GLOBAL, 0,
			    get_resource },
	[COL_DESCRIPTION] = { "DESCRIPTION", "Description", "Resource description", 1, 0, JS,
			      S_GLOBAL, 0, get_description },
	[COL_LIMIT]	= { "LIMIT", "Limit", "System-wide limit", 1, R, JN, S_GLOBAL, 0,
			    get_limit },
	[COL_USED]	= { "USED", "Used", "Currently used", 1, R, JN, S_GLOBAL, 0, get_used },
	[COL_USEPERC]	= { "USE%", "Use", "Currently use percentage", 1, R, JN, S_GLOBAL, 0,
			    get_use_pct },
	[COL_SVAL]	= { "SVAL", "Value", "Semaphore value", 1, R, JN, S(IPC_PSEM),
			    IPC_WANT_SEMVAL, get_sval },
	[COL_RSS]	= { "RSS", "Resident size", "Resident size of the segment", 1, R, JN,
			    S(IPC_SHM), 0, get_rss },
	[COL_SWAP]	= { "SWAP", "Swapped size", "Swapped size of the segment", 1, R, JN,
			    S(IPC_SHM), 0, get_swap },
	[COL_MAXMSG]	= { "MAXMSG", "Max messages", "Maximum number of messages in the queue",
			    1, R, JN, S(IPC_PMSG), IPC_WANT_MQATTR, get_maxmsg },
	[COL_MSGSIZE]	= { "MSGSIZE", "Max message size", "Maximum message size", 1, R, JN,
			    S(IPC_PMSG), IPC_WANT_MQATTR, get_msgsize },
	[COL_NOTIFY]	= { "NOTIFY", "Notification",
			    "How the registered process is notified (none, signal, thread)", 1, 0, JS,
			    S(IPC_PMSG), IPC_WANT_QSIZE, get_notify },
	[COL_NOTIFY_PID] = { "NOTIFY_PID", "Notified PID",
			     "PID registered for notification (mq_notify)", 1, R, JN,
			     S(IPC_PMSG), IPC_WANT_QSIZE, get_notify_pid },
	[COL_SIGNO]	= { "SIGNO", "Notification signal", "Signal of the notification", 1, R,
			    JN, S(IPC_PMSG), IPC_WANT_QSIZE, get_signo },
	[COL_WAITERS]	= { "WAITERS", "Waiters", "Number of processes waiting", 1, R, JN,
			    S(IPC_PSEM), IPC_WANT_SEMVAL, get_waiters },
	[COL_PIDS]	= { "PIDS", "PIDs",
			    "PIDs of the processes using it (attached, mapped, open, waiting)", 1,
			    0, JN, S_OBJ, W_USERS, get_pids },
	[COL_NPROCS]	= { "NPROCS", "Number of processes", "Number of processes using it", 1,
			    R, JN, S_OBJ, W_USERS, get_nprocs },
	[COL_WAITPIDS]	= { "WAITPIDS", "Waiting PIDs", "PIDs of the processes blocked on it",
			    1, 0, JN, S_OBJ, W_WAITS, get_waitpids },
	[COL_ORIGKEY]	= { "ORIGKEY", "Original key",
			    "Key of an attached segment, also after its removal", 1, 0, JS,
			    S(IPC_SHM), W_USERS, get_origkey },
	[COL_TYPE]	= { "TYPE", "Type", "Kind of the object (msg, sem, shm, pmsg, pshm, psem)",
			    1, 0, JS, S_GEN, 0, get_type },
	[COL_USE]	= { "USE", "Use", "How processes use it (attached, mapped, open, waiting)",
			    1, 0, JS, S_GEN, W_USERS | W_WAITS, get_use },
};

/* JSON and detail views, beside PIDS, NPROCS, WAITPIDS: the lists may miss processes */
static const struct tbl_column partial_column = {
	"PIDS-PARTIAL", "Process lists", NULL, 1, 0, JN, 0, 0, get_pids_partial
};

/* Columns of the element table of a System V semaphore set. */
static char *get_el_num(void *c, const void *r)
{
	return num_u(((const struct sem_elem *)r)->num);
}

#define EL(r) (((const struct sem_elem *)(r))->v)

static char *get_el_value(void *c, const void *r)
{
	return EL(r)->ok ? num_d(EL(r)->value) : NULL;
}

static char *get_el_ncount(void *c, const void *r)
{
	return EL(r)->ok ? num_d(EL(r)->ncount) : NULL;
}

static char *get_el_zcount(void *c, const void *r)
{
	return EL(r)->ok ? num_d(EL(r)->zcount) : NULL;
}

static char *get_el_pid(void *c, const void *r)
{
	return EL(r)->ok ? num_d(EL(r)->pid) : NULL;
}

static char *get_el_command(void *c, const void *r)
{
	return EL(r)->ok ? cmdline_str(L(c), EL(r)->pid) : NULL;
}

static const struct tbl_column elem_columns[] = {
	{ "SEMNUM", "Semaphore number", NULL, 1, R, JN, 0, 0, get_el_num },
	{ "VALUE", "Value", NULL, 1, R, JN, 0, 0, get_el_value },
	{ "NCOUNT", "Waiting for increase", NULL, 1, R, JN, 0, 0, get_el_ncount },
	{ "ZCOUNT", "Waiting for zero", NULL, 1, R, JN, 0, 0, get_el_zcount },
	{ "PID", "Last operation PID", NULL, 1, R, JN, 0, 0, get_el_pid },
	{ "COMMAND", "Command", NULL, 1, R, JT, 0, 0, get_el_command },
};
#define N_ELEM_COLUMNS (sizeof(elem_columns) / sizeof(elem_columns[0]))

/* ---- per-view data ---- */

struct view_info {
	const char *option;	/* long option that selects it */
	const char *table;	/* JSON top-level key */
	const size_t *defcols;
	size_t ndefcols;
};

#define COLS(...) (const size_t[]){ __VA_ARGS__ }, \
	sizeof((const size_t[]){ __VA_ARGS__ }) / sizeof(size_t)

static const struct view_info views[IPC_NKINDS + 2] = {
	[IPC_MSG] = { "queues", "messages",
		COLS(COL_KEY, COL_ID, COL_PERMS, COL_OWNER, COL_USEDBYTES, COL_MSGS, COL_LSPID,
		     COL_LRPID) },
	[IPC_SEM] = { "semaphores", "semaphores",
		COLS(COL_KEY, COL_ID, COL_PERMS, COL_OWNER, COL_NSEMS) },
	[IPC_SHM] = { "shmems", "sharedmemory",
		COLS(COL_KEY, COL_ID, COL_PERMS, COL_OWNER, COL_SIZE, COL_NATTCH, COL_STATUS,
		     COL_CTIME, COL_CPID, COL_LPID, COL_COMMAND) },
	[IPC_PMSG] = { "posix-mqueues", "posix-messages",
		COLS(COL_NAME, COL_PERMS, COL_OWNER, COL_MTIME, COL_USEDBYTES, COL_MSGS) },
	[IPC_PSHM] = { "posix-shmems", "posix-sharedmemory",
		COLS(COL_NAME, COL_PERMS, COL_OWNER, COL_SIZE, COL_MTIME) },
	[IPC_PSEM] = { "posix-semaphores", "posix-semaphores",
		COLS(COL_NAME, COL_PERMS, COL_OWNER, COL_MTIME, COL_SVAL) },
	[V_GLOBAL] = { "global", "ipclimits",
		COLS(COL_RESOURCE, COL_DESCRIPTION, COL_LIMIT, COL_USED, COL_USEPERC) },
	[V_PID] = { "pid", "ipc",
		COLS(COL_TYPE, COL_KEY, COL_ID, COL_NAME, COL_PERMS, COL_OWNER, COL_USE) },
};

/* ---- usage ---- */

/* Column groups of --help; every column is in exactly one. */
static const struct {
	const char *title;
	const size_t *cols;
	size_t ncols;
} help_groups[] = {
	{ "Generic System V columns", COLS(COL_KEY, COL_ID, COL_OWNER, COL_PERMS, COL_CUID,
		COL_CUSER, COL_CGID, COL_CGROUP, COL_UID, COL_USER, COL_GID, COL_GROUP,
		COL_CTIME) },
	{ "Generic POSIX columns", COLS(COL_NAME, COL_MTIME) },
	{ "System V shared memory columns", COLS(COL_SIZE, COL_NATTCH, COL_STATUS, COL_ATTACH,
		COL_DETACH, COL_COMMAND, COL_CPID, COL_LPID, COL_RSS, COL_SWAP, COL_ORIGKEY) },
	{ "Message queue columns", COLS(COL_USEDBYTES, COL_MSGS, COL_SEND, COL_RECV,
		COL_LSPID, COL_LRPID) },
	{ "System V semaphore columns", COLS(COL_NSEMS, COL_OTIME) },
	{ "POSIX message queue columns", COLS(COL_MAXMSG, COL_MSGSIZE, COL_NOTIFY,
		COL_NOTIFY_PID, COL_SIGNO) },
	{ "POSIX semaphore columns", COLS(COL_SVAL, COL_WAITERS) },
	{ "Summary columns", COLS(COL_RESOURCE, COL_DESCRIPTION, COL_LIMIT, COL_USED,
		COL_USEPERC) },
	{ "Columns of every kind and of --pid", COLS(COL_TYPE, COL_PIDS, COL_NPROCS,
		COL_WAITPIDS, COL_USE) },
};

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n"
	      " lsipc [options]\n"
	      "\nShow information on IPC facilities.\n"
	      "\nResource options:\n"
	      " -m, --shmems             shared memory segments\n"
	      " -M, --posix-shmems       POSIX shared memory segments\n"
	      " -q, --queues             message queues\n"
	      " -Q, --posix-mqueues      POSIX message queues\n"
	      " -s, --semaphores         semaphores\n"
	      " -S, --posix-semaphores   POSIX semaphores\n"
	      " -g, --global             info about system-wide usage\n"
	      "                            (may be used with one of the options above)\n"
	      " -i, --id <id>            System V resource identified by <id>\n"
	      " -N, --name <name>        POSIX resource identified by <name>\n"
	      "     --pid <pid>          the resources of every kind process <pid> uses\n"
	      "\nOptions:\n"
	      "     --noheadings         don't print headings\n"
	      "     --notruncate         don't truncate output\n"
	      "     --time-format=<type> display dates in short, full or iso format\n"
	      "     --sysroot <dir>      read a captured system under <dir> (offline)\n"
	      " -b, --bytes              print SIZE in bytes rather than in human readable format\n"
	      " -c, --creator            show creator and owner\n"
	      " -e, --export             display in an export-able output format\n"
	      " -J, --json               use the JSON output format\n"
	      " -n, --newline            display each piece of information on a new line\n"
	      " -l, --list               force list output format (for example with --id)\n"
	      " -o, --output <list>      the columns to output (+<list> adds to the default)\n"
	      " -P, --numeric-perms      print numeric permissions (PERMS column)\n"
	      " -r, --raw                display in raw mode\n"
	      " -t, --time               show attach, detach and change times\n"
	      " -y, --shell              use column names usable as shell variable identifiers\n"
	      "\n"
	      " -h, --help               display this help\n"
	      " -V, --version            display version\n", out);
	for (size_t g = 0; g < sizeof(help_groups) / sizeof(help_groups[0]); g++) {
		fprintf(out, "\n%s:\n", help_groups[g].title);
		for (size_t i = 0; i < help_groups[g].ncols; i++) {
			const struct tbl_column *col = &columns[help_groups[g].cols[i]];

			fprintf(out, " %14s  %s\n", col->name, col->help);
		}
	}
	fputs("\nFor more details see lsipc(1).\n", out);
	exit(close_stdout_status(EXIT_SUCCESS));
}

/* ---- options ---- */

enum {
	OPT_NOHEADINGS = 1000,
	OPT_NOTRUNCATE,
	OPT_TIME_FORMAT,
	OPT_SYSROOT,
	OPT_PID,
};

/* In util-linux's order: getopt lists the candidates of an ambiguous prefix so. */
static const struct poptOption options[] = {
	{ "bytes", 'b', POPT_ARG_NONE, NULL, 'b', NULL, NULL },
	{ "creator", 'c', POPT_ARG_NONE, NULL, 'c', NULL, NULL },
	{ "export", 'e', POPT_ARG_NONE, NULL, 'e', NULL, NULL },
	{ "global", 'g', POPT_ARG_NONE, NULL, 'g', NULL, NULL },
	{ "help", 'h', POPT_ARG_NONE, NULL, 'h', NULL, NULL },
	{ "id", 'i', POPT_ARG_STRING, NULL, 'i', NULL, NULL },
	{ "json", 'J', POPT_ARG_NONE, NULL, 'J', NULL, NULL },
	{ "list", 'l', POPT_ARG_NONE, NULL, 'l', NULL, NULL },
	{ "name", 'N', POPT_ARG_STRING, NULL, 'N', NULL, NULL },
	{ "newline", 'n', POPT_ARG_NONE, NULL, 'n', NULL, NULL },
	{ "noheadings", '\0', POPT_ARG_NONE, NULL, OPT_NOHEADINGS, NULL, NULL },
	{ "notruncate", '\0', POPT_ARG_NONE, NULL, OPT_NOTRUNCATE, NULL, NULL },
	{ "numeric-perms", 'P', POPT_ARG_NONE, NULL, 'P', NULL, NULL },
	{ "output", 'o', POPT_ARG_STRING, NULL, 'o', NULL, NULL },
	{ "posix-mqueues", 'Q', POPT_ARG_NONE, NULL, 'Q', NULL, NULL },
	{ "posix-semaphores", 'S', POPT_ARG_NONE, NULL, 'S', NULL, NULL },
	{ "posix-shmems", 'M', POPT_ARG_NONE, NULL, 'M', NULL, NULL },
	{ "queues", 'q', POPT_ARG_NONE, NULL, 'q', NULL, NULL },
	{ "raw", 'r', POPT_ARG_NONE, NULL, 'r', NULL, NULL },
	{ "semaphores", 's', POPT_ARG_NONE, NULL, 's', NULL, NULL },
	{ "shmems", 'm', POPT_ARG_NONE, NULL, 'm', NULL, NULL },
	{ "time", 't', POPT_ARG_NONE, NULL, 't', NULL, NULL },
	{ "time-format", '\0', POPT_ARG_STRING, NULL, OPT_TIME_FORMAT, NULL, NULL },
	{ "version", 'V', POPT_ARG_NONE, NULL, 'V', NULL, NULL },
	{ "shell", 'y', POPT_ARG_NONE, NULL, 'y', NULL, NULL },
	{ "sysroot", '\0', POPT_ARG_STRING, NULL, OPT_SYSROOT, NULL, NULL },
	{ "pid", '\0', POPT_ARG_STRING, NULL, OPT_PID, NULL, NULL },
	POPT_TABLEEND
};

static const char *long_name(int val)
{
	for (const struct poptOption *o = options; o->longName; o++)
		if (o->val == val)
			return o->longName;
	return "?";
}

/* Options that cannot be combined: at most one of each group. */
static const char *const exclusive[] = { "Jelnr", "Ngi", "cot", "mMqQsS" };
#define N_EXCLUSIVE (sizeof(exclusive) / sizeof(exclusive[0]))

static void check_exclusive(int *seen, int opt)
{
	for (size_t g = 0; g < N_EXCLUSIVE; g++) {
		if (opt > 0xff || !strchr(exclusive[g], opt))
			continue;
		if (seen[g] && seen[g] != opt)
			errx(EXIT_FAILURE, "options --%s and --%s cannot be combined",
			     long_name(seen[g]), long_name(opt));
		seen[g] = opt;
	}
}

struct opts {
	int kind;		/* -1: none given */
	bool global, creator, time;
	bool have_id;
	int id;
	pid_t pid;		/* --pid, 0: none */
	char *name;		/* -N, with exactly one leading '/' */
	char *output;		/* -o as given */
	char *sysroot;
	bool time_format_set;
	enum time_format tf;
	struct lsipc l;
	struct tbl_opts tbl;
	bool format_set;	/* -J -e -n -r -l */
};

static int kind_of_option(int opt)
{
	switch (opt) {
	case 'q': return IPC_MSG;
	case 's': return IPC_SEM;
	case 'm': return IPC_SHM;
	case 'Q': return IPC_PMSG;
	case 'M': return IPC_PSHM;
	case 'S': return IPC_PSEM;
	default: return -1;
	}
}

static void parse_options(int argc, char **argv, struct opts *o)
{
	/* long options of ours that util-linux's lsipc does not have */
	static const char *const our_long_options[] = { "sysroot", "pid", NULL };
	_cleanup_popt_ poptContext con = NULL;
	_cleanup_strv_ char **nargv = NULL;
	int seen[N_EXCLUSIVE] = { 0 };
	const char *stray;
	int rc, nargc;

	/* getopt's prefixes ("--js") and messages, as util-linux's lsipc */
	nargv = getopt_check(argc, argv, options, our_long_options, &nargc);
	con = poptGetContext("lsipc", nargc, (const char **)nargv, options, 0);
	if (!con)
		errx(EXIT_FAILURE, "cannot allocate memory");
	while ((rc = poptGetNextOpt(con)) > 0) {
		_cleanup_free_ char *arg = poptGetOptArg(con);
		int r;

		check_exclusive(seen, rc);
		switch (rc) {
		case 'm': case 'M': case 'q': case 'Q': case 's': case 'S':
			o->kind = kind_of_option(rc);
			break;
		case 'g':
			o->global = true;
			break;
		case 'i': {
			int64_t v;

			/* util-linux reads -1 as "no id": the whole list */
			r = parse_int64(arg, -1, INT_MAX, &v);
			if (r < 0) {
				const char *e = msg_str(arg);

				if (r == -ERANGE)
					errx(EXIT_FAILURE, "failed to parse IPC identifier: '%s': %s",
					     e, strerror(ERANGE));
				errx(EXIT_FAILURE, "failed to parse IPC identifier: '%s'", e);
			}
			o->have_id = v >= 0;
			o->id = (int)v;
			break;
		}
		case 'N':
			free(o->name);
			o->name = NULL;
			if (parse_posix_name(arg, &o->name) < 0) {
				const char *e = msg_str(arg);

				errx(EXIT_FAILURE, "invalid POSIX IPC name: '%s'", e);
			}
			break;
		case OPT_NOHEADINGS:
			o->tbl.noheadings = true;
			break;
		case OPT_NOTRUNCATE:
			o->tbl.notruncate = true;
			break;
		case OPT_TIME_FORMAT:
			if (parse_time_format(arg, &o->tf) < 0) {
				const char *e = msg_str(arg);

				errx(EXIT_FAILURE, "unknown time format: %s", e);
			}
			o->time_format_set = true;
			break;
		case OPT_SYSROOT:
			free(o->sysroot);
			o->sysroot = TAKE_PTR(arg);
			break;
		case OPT_PID: {
			int64_t v;

			if (parse_int64(arg, 1, INT_MAX, &v) < 0) {
				const char *e = msg_str(arg);

				errx(EXIT_FAILURE, "invalid PID: '%s'", e);
			}
			o->pid = (pid_t)v;
			break;
		}
		case 'b':
			o->l.bytes = true;
			break;
		case 'c':
			o->creator = true;
			break;
		case 'e':
			o->tbl.mode = TBL_EXPORT;
			o->format_set = true;
			break;
		case 'J':
			o->tbl.mode = TBL_JSON;
			o->format_set = true;
			break;
		case 'n':
			o->tbl.mode = TBL_NEWLINE;
			o->format_set = true;
			break;
		case 'r':
			o->tbl.mode = TBL_RAW;
			o->format_set = true;
			break;
		case 'l':
			o->tbl.mode = TBL_TABLE;
			o->format_set = true;
			break;
		case 'o':
			free(o->output);
			o->output = TAKE_PTR(arg);
			break;
		case 'P':
			o->l.octal = true;
			break;
		case 't':
			o->time = true;
			break;
		case 'y':
			o->tbl.shellvar = true;
			break;
		case 'h':
			usage();
		case 'V':
			print_version();
		}
	}
	if (rc < -1)
		popt_fail(con, rc);
	stray = poptGetArg(con);
	if (stray) {
		const char *e = msg_str(stray);

		errx_usage("unexpected argument '%s'", e);
	}
}

/* ---- choosing the columns ---- */

struct colset {
	size_t ids[MAX_COLUMNS];
	size_t n;
};

static void colset_add(struct colset *cs, size_t id)
{
	if (cs->n < MAX_COLUMNS)
		cs->ids[cs->n++] = id;
}

static void colset_add_list(struct colset *cs, const size_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		colset_add(cs, ids[i]);
}

static bool colset_has(const struct colset *cs, size_t id)
{
	for (size_t i = 0; i < cs->n; i++)
		if (cs->ids[i] == id)
			return true;
	return false;
}

static void choose_columns(const struct opts *o, int view, bool detail, struct colset *cs)
{
	cs->n = 0;
	if (detail && !o->creator && !o->time) {
		/* a detail view shows everything that applies, in internal order
		 * (but TYPE: the kind was asked for) */
		for (size_t i = 0; i < NCOLS; i++)
			if ((columns[i].scope & S(view)) && i != COL_TYPE)
				colset_add(cs, i);
	} else {
		colset_add_list(cs, views[view].defcols, views[view].ndefcols);
		if (o->creator) {
			colset_add(cs, COL_CUID);
			colset_add(cs, COL_CGID);
			if (!ipc_kind_is_posix(view)) {
				colset_add(cs, COL_UID);
				colset_add(cs, COL_GID);
			}
		}
		if (o->time) {
			switch (view) {
			case IPC_MSG:
				colset_add(cs, COL_SEND);
				colset_add(cs, COL_RECV);
				colset_add(cs, COL_CTIME);
				break;
			case IPC_SEM:
				colset_add(cs, COL_OTIME);
				colset_add(cs, COL_CTIME);
				break;
			case IPC_SHM:
				/* before the trailing COMMAND, which may be long */
				if (cs->n > 0 && cs->ids[cs->n - 1] == COL_COMMAND) {
					cs->n--;
					colset_add(cs, COL_ATTACH);
					colset_add(cs, COL_DETACH);
					colset_add(cs, COL_COMMAND);
				} else {
					colset_add(cs, COL_ATTACH);
					colset_add(cs, COL_DETACH);
				}
				break;
			default:
				break;
			}
		}
		if (o->tbl.mode == TBL_JSON && (o->have_id || o->name) && !o->creator &&
		    !o->time) {
			/* the JSON of one object carries what its detail view
			 * shows: util-linux's default keys first, in their
			 * order, then every other column of the kind */
			for (size_t i = 0; i < NCOLS; i++)
				if ((columns[i].scope & S(view)) && i != COL_TYPE &&
				    !colset_has(cs, i))
					colset_add(cs, i);
		}
	}
	if (o->output) {
		struct tbl_colerr e;
		int r = tbl_parse_columns(columns, NCOLS, o->output, cs->ids, MAX_COLUMNS,
					  &cs->n, &e);

		if (r == -EINVAL && e.len == 0 && e.item == o->output)
			errx(EXIT_FAILURE, "empty column list");
		if (r == -EINVAL) {
			const char *s = msg_str(o->output);

			errx(EXIT_FAILURE, "empty column name in '%s'", s);
		}
		if (r == -ENOENT || r == -E2BIG) {
			/* reachable while errx() exits, as msg_str()'s copies
			 * (volatile: the store is not dropped as never read) */
			static char *volatile item;
			const char *m;

			item = xstr(strndup(e.item, e.len));
			m = msg_str(item);

			if (r == -E2BIG)
				errx(EXIT_FAILURE, "too many columns (at most %d)", MAX_COLUMNS);
			errx(EXIT_FAILURE, "unknown column: %s", m);
		}
		if (r < 0)
			errx(EXIT_FAILURE, "cannot allocate memory");
		for (size_t i = 0; i < cs->n; i++)
			if (!(columns[cs->ids[i]].scope & S(view)))
				errx(EXIT_FAILURE, "column %s does not apply to the specified IPC",
				     columns[cs->ids[i]].name);
	}
}

static unsigned int wanted(const struct colset *cs)
{
	unsigned int want = 0;

	for (size_t i = 0; i < cs->n; i++)
		want |= columns[cs->ids[i]].want;
	return want;
}

/* ---- output ---- */

static void table_start(struct tbl *t, const struct tbl_opts *to, const char *name,
			const struct colset *cs)
{
	if (tbl_init(t, to, name, stdout) < 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
	for (size_t i = 0; i < cs->n; i++)
		if (tbl_add_column(t, &columns[cs->ids[i]]) < 0)
			errx(EXIT_FAILURE, "cannot allocate memory");
}

static void add_row(struct tbl *t, struct lsipc *l, const void *row)
{
	if (tbl_add_row(t, l, row) < 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
}

static void print_table(struct tbl *t)
{
	int r = tbl_print(t);

	if (r < 0)
		errx(EXIT_FAILURE, "cannot print the table: %s", strerror(-r));
}

static void print_rows(struct tbl *t, struct lsipc *l, const void *rows, size_t n,
		       size_t stride)
{
	int r = tbl_print_rows(t, l, rows, n, stride);

	if (r < 0)
		errx(EXIT_FAILURE, "cannot print the table: %s", strerror(-r));
}

/*
 * The mqueue directory of the context, saying once when the mount in view
 * belongs to another IPC namespace (and what is read instead).
 */
static const char *mq_dir(struct lsipc *l)
{
	const char *dir = ipc_ctx_mqdir(&l->ipc);

	warn_mqueue_foreign(&l->ipc);
	return dir;
}

/* One line of the "no mqueue" or "no shm directory" news, at most once each. */
static void warn_missing_dir(struct lsipc *l, enum ipc_kind kind)
{
	static bool said_mq, said_shm;

	if (kind == IPC_PMSG) {
		if (said_mq || l->ipc.mq_foreign)	/* that said it all */
			return;
		said_mq = true;
		if (l->ipc.offline)
			warnx("no mqueue directory under the sysroot '%s'; POSIX message queues "
			      "are not shown", msg_str(l->ipc.root));
		else
			warnx("no mqueue filesystem is mounted, so POSIX message queues cannot "
			      "be listed; mount one with 'mount -t mqueue none /dev/mqueue'");
	} else {
		if (said_shm)
			return;
		said_shm = true;
		if (l->ipc.offline)
			warnx("no POSIX shared memory directory under the sysroot '%s'",
			      msg_str(l->ipc.root));
		else
			warnx("no tmpfs is mounted on /dev/shm, so POSIX shared memory and "
			      "semaphores cannot be listed");
	}
}

/*
 * List one kind. Returns 0, 1 when the facility is absent (told on stderr,
 * not a failure), or -errno (told on stderr).
 */
static int list_kind(struct lsipc *l, enum ipc_kind kind, unsigned int want,
		     struct ipc_objs *objs)
{
	int r;

	if ((kind == IPC_PMSG && !mq_dir(l)) ||
	    ((kind == IPC_PSHM || kind == IPC_PSEM) && !ipc_ctx_shmdir(&l->ipc))) {
		warn_missing_dir(l, kind);
		return 1;
	}
	r = ipc_list(&l->ipc, kind, want, objs);
	if (r == -ENOENT && ipc_kind_is_posix(kind)) {
		warn_missing_dir(l, kind);
		return 1;
	}
	if (r < 0) {
		warnx("cannot list %s: %s", ipc_kind_plural(kind), strerror(-r));
		return r;
	}
	return 0;
}

/*
 * Scan /proc for the processes that use or wait on objects of kind, when
 * the columns want it (W_USERS, W_WAITS). Returns false (told on stderr)
 * when the scan failed; the columns are then empty.
 */
static bool scan_users(struct lsipc *l, enum ipc_kind kind, unsigned int want)
{
	const char *why;
	int r;

	if (!(want & (W_USERS | W_WAITS)))
		return true;
	r = procscan_run(&l->ipc, procscan_flags_for(kind, want & W_USERS, want & W_WAITS),
			 &l->ps);
	if (r < 0) {
		warnx("cannot read %s for the processes using IPC objects: %s",
		      msg_str(l->ipc.procdir), strerror(-r));
		return false;
	}
	l->scanned = true;
	/* JSON and detail views say so with each object ("pids-partial") */
	why = partial_reason(l, kind, true);
	if (why && l->mode != TBL_JSON && l->mode != TBL_PRETTY)
		warnx("%s; PIDS, NPROCS, WAITPIDS and USE may be incomplete", why);
	return true;
}

/* In JSON and detail views, objects with process lists say whether they may be incomplete. */
static void add_partial_column(struct tbl *t, const struct lsipc *l, unsigned int want)
{
	if ((l->mode == TBL_JSON || l->mode == TBL_PRETTY) && l->scanned &&
	    (want & (W_USERS | W_WAITS)) && tbl_add_column(t, &partial_column) < 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
}

static int show_list(struct lsipc *l, const struct opts *o, int view, const struct colset *cs)
{
	struct ipc_objs objs = { 0 };
	struct tbl t;
	int r, status = EXIT_SUCCESS;

	r = list_kind(l, view, wanted(cs) & W_IPC, &objs);
	if (r < 0)
		status = EXIT_FAILURE;
	if (!scan_users(l, view, wanted(cs)))
		status = EXIT_FAILURE;
	table_start(&t, &o->tbl, views[view].table, cs);
	add_partial_column(&t, l, wanted(cs));
	print_rows(&t, l, objs.v, objs.n, sizeof(objs.v[0]));
	tbl_free(&t);
	ipc_objs_free(&objs);
	return status;
}

/* The elements of a semaphore set as one JSON array (a raw cell). */
static char *sem_elements_json(struct lsipc *l, const struct ipc_semval *vals, size_t n)
{
	char *json = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&json, &len);

	if (!f)
		errx(EXIT_FAILURE, "cannot allocate memory");
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		const struct ipc_semval *v = &vals[i];
		struct sem_elem el = { i, v };
		_cleanup_free_ char *cmd = v->ok ? get_el_command(l, &el) : NULL;

		fprintf(f, "%s{\"semnum\": %zu, ", i ? ", " : "", i);
		if (v->ok)
			fprintf(f, "\"value\": %d, \"ncount\": %d, \"zcount\": %d, \"pid\": %d, "
				"\"command\": %s}", v->value, v->ncount, v->zcount, (int)v->pid,
				cmd ? cmd : "null");
		else
			fputs("\"value\": null, \"ncount\": null, \"zcount\": null, "
			      "\"pid\": null, \"command\": null}", f);
	}
	fputc(']', f);
	if (ferror(f) || fclose(f) != 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
	return json;
}

static const struct tbl_column elements_column = {
	"ELEMENTS", "Elements", NULL, 0, 0, JT, 0, 0, NULL
};

static void print_sem_elements(struct lsipc *l, const struct opts *o,
			       const struct ipc_semval *vals, size_t n)
{
	struct tbl_opts to = o->tbl;
	struct tbl t;

	if (to.mode == TBL_PRETTY) {
		/* the util-linux layout: a headed, right-aligned table */
		fputs("Elements:\n\n", stdout);
		to.mode = TBL_TABLE;
		to.noheadings = false;
	} else if (to.mode == TBL_TABLE || to.mode == TBL_RAW) {
		fputc('\n', stdout);
	}
	if (tbl_init(&t, &to, "elements", stdout) < 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
	/* COMMAND is escaped for the mode this table is printed in */
	l->mode = to.mode;
	for (size_t i = 0; i < N_ELEM_COLUMNS; i++)
		if (tbl_add_column(&t, &elem_columns[i]) < 0)
			errx(EXIT_FAILURE, "cannot allocate memory");
	for (size_t i = 0; i < n; i++) {
		struct sem_elem el = { i, &vals[i] };

		add_row(&t, l, &el);
	}
	print_table(&t);
	tbl_free(&t);
}

/* A row of the process table of a detail view. */
#define PU(r) ((const struct procscan_user *)(r))

static char *get_pu_pid(void *c, const void *r)
{
	return num_d(PU(r)->pid);
}

static char *get_pu_use(void *c, const void *r)
{
	char buf[64];

	return xdup(procscan_how_str(PU(r)->how, buf, sizeof(buf)));
}

static char *get_pu_maps(void *c, const void *r)
{
	return num_u(PU(r)->nmaps);
}

static char *get_pu_command(void *c, const void *r)
{
	return cmdline_str(L(c), PU(r)->pid);
}

static const struct tbl_column proc_columns[] = {
	{ "PID", "PID", NULL, 1, R, JN, 0, 0, get_pu_pid },
	{ "USE", "Use", NULL, 1, 0, JS, 0, 0, get_pu_use },
	{ "MAPS", "Mappings", NULL, 1, R, JN, 0, 0, get_pu_maps },
	{ "COMMAND", "Command", NULL, 1, 0, JT, 0, 0, get_pu_command },
};
#define N_PROC_COLUMNS (sizeof(proc_columns) / sizeof(proc_columns[0]))

static const struct tbl_column processes_column = {
	"PROCESSES", "Processes", NULL, 0, 0, JT, 0, 0, NULL
};

static int cmp_user(const void *a, const void *b)
{
	return cmp_pid(&((const struct procscan_user *)a)->pid,
		       &((const struct procscan_user *)b)->pid);
}

/* The users of e sorted by pid, malloc'd (*ret_n of them; NULL when none). */
static struct procscan_user *sorted_users(const struct procscan_entry *e, size_t *ret_n)
{
	struct procscan_user *v;

	*ret_n = 0;
	if (!e || !e->nusers)
		return NULL;
	v = reallocarray(NULL, e->nusers, sizeof(*v));
	if (!v)
		errx(EXIT_FAILURE, "cannot allocate memory");
	memcpy(v, e->users, e->nusers * sizeof(*v));
	qsort(v, e->nusers, sizeof(*v), cmp_user);
	*ret_n = e->nusers;
	return v;
}

/* The users of an object as one JSON array (a raw cell): pid, use, maps, command. */
static char *processes_json(struct lsipc *l, const struct procscan_entry *e)
{
	size_t n, len = 0;
	_cleanup_free_ struct procscan_user *v = sorted_users(e, &n);
	char *json = NULL, buf[64];
	FILE *f = open_memstream(&json, &len);

	if (!f)
		errx(EXIT_FAILURE, "cannot allocate memory");
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *cmd = cmdline_str(l, v[i].pid);

		fprintf(f, "%s{\"pid\": %d, \"use\": \"%s\", \"maps\": %u, \"command\": %s}",
			i ? ", " : "", (int)v[i].pid, procscan_how_str(v[i].how, buf, sizeof(buf)),
			v[i].nmaps, cmd ? cmd : "null");
	}
	fputc(']', f);
	if (ferror(f) || fclose(f) != 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
	return json;
}

/*
 * The users of an object as a table after its detail view (after the
 * elements table of a set when after_table); nothing when none.
 */
static void print_processes(struct lsipc *l, const struct opts *o, const struct procscan_entry *e,
			    bool after_table)
{
	size_t n;
	_cleanup_free_ struct procscan_user *v = sorted_users(e, &n);
	struct tbl_opts to = o->tbl;
	struct tbl t;

	if (!n)
		return;
	if (to.mode == TBL_PRETTY) {
		/* as the elements of a semaphore set: a headed table */
		fputs(after_table ? "\nProcesses:\n\n" : "Processes:\n\n", stdout);
		to.mode = TBL_TABLE;
		to.noheadings = false;
	} else if (to.mode == TBL_TABLE || to.mode == TBL_RAW) {
		fputc('\n', stdout);
	}
	if (tbl_init(&t, &to, "processes", stdout) < 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
	/* COMMAND is escaped for the mode this table is printed in */
	l->mode = to.mode;
	for (size_t i = 0; i < N_PROC_COLUMNS; i++)
		if (tbl_add_column(&t, &proc_columns[i]) < 0)
			errx(EXIT_FAILURE, "cannot allocate memory");
	print_rows(&t, l, v, n, sizeof(v[0]));
	tbl_free(&t);
}

static int show_one(struct lsipc *l, const struct opts *o, int view, const struct colset *cs)
{
	_cleanup_free_ struct ipc_semval *vals = NULL;
	struct ipc_obj obj = { 0 };
	struct tbl t;
	bool elements = false;
	size_t procs_col;
	unsigned int want;
	bool procs = false;
	int r, status = EXIT_SUCCESS;

	if (o->have_id) {
		r = sysv_stat_id(&l->ipc, view, o->id, &obj);
		if (r == -ENOENT || r == -EINVAL || r == -EIDRM)
			errx(EXIT_FAILURE, "id %d not found", o->id);
		if (r < 0)
			errx(EXIT_FAILURE, "cannot read %s %d: %s", ipc_kind_noun(view), o->id,
			     strerror(-r));
	} else {
		if ((view == IPC_PMSG && !mq_dir(l)) ||
		    (view != IPC_PMSG && !ipc_ctx_shmdir(&l->ipc))) {
			/* the one line says why nothing can be found */
			warn_missing_dir(l, view);
			return EXIT_FAILURE;
		}
		r = posix_stat_name(&l->ipc, view, o->name, wanted(cs) & W_IPC, &obj);
		if (r < 0) {
			const char *e = msg_str(o->name);

			if (r == -ENOENT)
				errx(EXIT_FAILURE, "%s %s not found", ipc_kind_noun(view), e);
			errx(EXIT_FAILURE, "cannot read %s %s: %s", ipc_kind_noun(view), e,
			     strerror(-r));
		}
	}

	/* the values of a semaphore set belong to its detail view, in every mode */
	if (view == IPC_SEM && obj.sem.nsems > 0 &&
	    sysv_sem_values(&l->ipc, obj.id, obj.sem.nsems, &vals) == 0)
		elements = true;

	/* with PIDS (in a full detail view, or asked for) come the processes,
	 * in every mode, as the elements of a set; their table says how each
	 * uses the object, so the scan also finds who waits, whatever the
	 * other columns are */
	want = wanted(cs);
	for (size_t i = 0; i < cs->n; i++)
		procs |= cs->ids[i] == COL_PIDS;
	if (procs)
		want |= W_WAITS;
	if (!scan_users(l, view, want))
		status = EXIT_FAILURE;
	procs = procs && l->scanned;

	table_start(&t, &o->tbl, views[view].table, cs);
	if (view == IPC_SEM && o->tbl.mode == TBL_JSON &&
	    tbl_add_column(&t, &elements_column) < 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
	/* the processes, after the elements of a set */
	procs_col = cs->n + (view == IPC_SEM);
	if (procs && o->tbl.mode == TBL_JSON && tbl_add_column(&t, &processes_column) < 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
	add_partial_column(&t, l, want);
	add_row(&t, l, &obj);
	if (view == IPC_SEM && o->tbl.mode == TBL_JSON) {
		struct libscols_line *ln = scols_table_get_line(t.sc, 0);

		if (elements &&
		    tbl_set(&t, ln, cs->n, sem_elements_json(l, vals, obj.sem.nsems)) < 0)
			errx(EXIT_FAILURE, "cannot allocate memory");
	}
	if (procs && o->tbl.mode == TBL_JSON) {
		struct libscols_line *ln = scols_table_get_line(t.sc, 0);

		if (tbl_set(&t, ln, procs_col, processes_json(l, users_of(l, &obj))) < 0)
			errx(EXIT_FAILURE, "cannot allocate memory");
	}
	print_table(&t);
	tbl_free(&t);
	if (elements && o->tbl.mode != TBL_JSON)
		print_sem_elements(l, o, vals, obj.sem.nsems);
	if (procs && o->tbl.mode != TBL_JSON)
		print_processes(l, o, users_of(l, &obj), elements);
	ipc_obj_clear(&obj);
	return status;
}

/* ---- the objects of one process (--pid) ---- */

/*
 * A file object the process still maps or holds open after it was
 * unlinked: its kind, from its filesystem and name (the path in maps or
 * the descriptor's link). Returns -1 when the entry is none of ours.
 */
static int removed_kind(const struct procscan *ps, const struct procscan_entry *e)
{
	const char *base = e->path ? strrchr(e->path, '/') : NULL;

	if (e->type != PROCSCAN_FILE)
		return -1;
	if (ps->have_mq_dev && e->dev == ps->mq_dev)
		return IPC_PMSG;
	if (ps->have_shm_dev && e->dev == ps->shm_dev)
		return base && !strncmp(base + 1, "sem.", 4) ? IPC_PSEM : IPC_PSHM;
	return -1;
}

/* The name it had ("/name (deleted)"), NULL when unknown. */
static char *removed_name(const struct procscan_entry *e, int kind)
{
	const char *base = e->path ? strrchr(e->path, '/') : NULL;

	return base ? xfmt("/%s", base + 1 + (kind == IPC_PSEM ? 4 : 0)) : NULL;
}

static int show_pid(struct lsipc *l, const struct opts *o, const struct colset *cs)
{
	struct ipc_objs rows = { 0 };
	_cleanup_free_ bool *listed = NULL;
	struct tbl t;
	int r, status = EXIT_SUCCESS;

	r = procscan_run_pid(&l->ipc, PROCSCAN_ALL | PROCSCAN_WAITS | PROCSCAN_NAMES, o->pid,
			     &l->ps);
	if (r == -ESRCH)
		errx(EXIT_FAILURE, "no process with PID %d", (int)o->pid);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot read process %d: %s", (int)o->pid, strerror(-r));
	l->scanned = true;
	l->pid = o->pid;
	if (l->ps.unreadable || l->ps.foreign)
		warnx("cannot read all of what process %d uses (%s); "
		      "the list may be incomplete", (int)o->pid,
		      strerror(l->ps.errnum ? l->ps.errnum : EACCES));
	listed = calloc(l->ps.n ? l->ps.n : 1, sizeof(*listed));
	if (!listed)
		errx(EXIT_FAILURE, "cannot allocate memory");

	for (int kind = 0; kind < IPC_NKINDS; kind++) {
		struct ipc_objs objs = { 0 };

		if (o->kind >= 0 && kind != o->kind)
			continue;
		/* list a kind only when the process uses something */
		if (!l->ps.n)
			break;
		r = list_kind(l, kind, wanted(cs) & W_IPC, &objs);
		if (r < 0)
			status = EXIT_FAILURE;
		for (size_t i = 0; i < objs.n; i++) {
			const struct procscan_entry *e = procscan_find_obj(&l->ps, &objs.v[i]);
			struct ipc_obj *row;

			if (!e)
				continue;
			listed[e - l->ps.v] = true;
			row = ipc_objs_push(&rows);
			if (!row)
				errx(EXIT_FAILURE, "cannot allocate memory");
			/* the row takes over what the object owns */
			*row = objs.v[i];
			objs.v[i].name = NULL;
		}
		ipc_objs_free(&objs);
		if (!ipc_kind_is_posix(kind) || r != 0)
			continue;
		for (size_t i = 0; i < l->ps.n; i++) {
			const struct procscan_entry *e = &l->ps.v[i];
			struct ipc_obj *row;

			if (listed[i] || removed_kind(&l->ps, e) != kind)
				continue;
			row = ipc_objs_push(&rows);
			if (!row)
				errx(EXIT_FAILURE, "cannot allocate memory");
			row->kind = kind;
			row->id = -1;
			row->name = removed_name(e, kind);
			row->dev = e->dev;
			row->ino = e->ino;
		}
	}

	table_start(&t, &o->tbl, views[V_PID].table, cs);
	print_rows(&t, l, rows.v, rows.n, sizeof(rows.v[0]));
	tbl_free(&t);
	ipc_objs_free(&rows);
	return status;
}

/* ---- the global view ---- */

/*
 * Count one kind for the global view, as list_kind() lists it: 0, 1 when
 * the facility is absent (told on stderr), or -errno (told on stderr).
 */
static int count_kind(struct lsipc *l, enum ipc_kind kind, struct ipc_count *ret)
{
	int r;

	if ((kind == IPC_PMSG && !mq_dir(l)) ||
	    ((kind == IPC_PSHM || kind == IPC_PSEM) && !ipc_ctx_shmdir(&l->ipc))) {
		warn_missing_dir(l, kind);
		return 1;
	}
	r = ipc_count(&l->ipc, kind, ret);
	if (r == -ENOENT && ipc_kind_is_posix(kind)) {
		warn_missing_dir(l, kind);
		return 1;
	}
	if (r < 0) {
		warnx("cannot list %s: %s", ipc_kind_plural(kind), strerror(-r));
		return r;
	}
	return 0;
}

static int show_global(struct lsipc *l, const struct opts *o, int only, const struct colset *cs)
{
	struct limit_row rows[24];
	struct ipc_limits lim;
	struct tbl t;
	size_t n = 0;
	int status = EXIT_SUCCESS;

	if (ipc_read_limits(&l->ipc, &lim) < 0)
		memset(&lim, 0, sizeof(lim));

#define ROW(res, d, hl, lv, hu, uv, b) \
	rows[n++] = (struct limit_row){ res, d, hl, hu, b, lv, uv }

	for (int kind = 0; kind < IPC_NKINDS; kind++) {
		/* run order of util-linux: msg, POSIX msg, shm, POSIX shm, sem, POSIX sem */
		static const int order[IPC_NKINDS] = { IPC_MSG, IPC_PMSG, IPC_SHM, IPC_PSHM,
						       IPC_SEM, IPC_PSEM };
		int k = order[kind];
		struct ipc_count cnt = { 0 };
		bool have_lim, counted;
		int r;

		if (only >= 0 && k != only)
			continue;
		/* counts only: nothing is listed (ipc_count) */
		r = count_kind(l, k, &cnt);
		if (r < 0)
			status = EXIT_FAILURE;
		counted = r == 0;

		switch (k) {
		case IPC_MSG:
			have_lim = lim.have & IPC_LIM_MSG;
			ROW("MSGMNI", "Number of System V message queues", have_lim, lim.msgmni,
			    counted, cnt.objects, false);
			ROW("MSGMAX", "Max size of System V message (bytes)", have_lim,
			    lim.msgmax, false, 0, true);
			ROW("MSGMNB", "Default max size of System V queue (bytes)", have_lim,
			    lim.msgmnb, false, 0, true);
			break;
		case IPC_PMSG:
			have_lim = lim.have & IPC_LIM_PMSG;
			ROW("MQUMNI", "Number of POSIX message queues", have_lim,
			    lim.mq_queues_max, counted, cnt.objects, false);
			ROW("MQUMAX", "Max size of POSIX message (bytes)", have_lim,
			    lim.mq_msgsize_max, false, 0, true);
			ROW("MQUMNB", "Number of messages in POSIX message queue", have_lim,
			    lim.mq_msg_max, false, 0, false);
			break;
		case IPC_SHM:
			have_lim = lim.have & IPC_LIM_SHM;
			ROW("SHMMNI", "Shared memory segments", have_lim, lim.shmmni,
			    counted, cnt.objects, false);
			/* live, the pages the kernel charges against shmall (each
			 * segment rounded up), not util-linux's sum of sizes */
			ROW("SHMALL", "Shared memory pages", have_lim, lim.shmall,
			    counted, cnt.units, false);
			ROW("SHMMAX", "Max size of shared memory segment (bytes)", have_lim,
			    lim.shmmax, false, 0, true);
			ROW("SHMMIN", "Min size of shared memory segment (bytes)", have_lim,
			    lim.shmmin ? lim.shmmin : 1, false, 0, true);
			break;
		case IPC_PSHM:
			have_lim = lim.have & IPC_LIM_PSHM;
			ROW("PSHMFS", "Size of the POSIX shared memory filesystem (bytes)",
			    have_lim, lim.pshm_size, have_lim, lim.pshm_used, true);
			ROW("PSHMNUM", "Number of POSIX shared memory objects", false, 0,
			    counted, cnt.objects, false);
			break;
		case IPC_SEM:
			have_lim = lim.have & IPC_LIM_SEM;
			ROW("SEMMNI", "Number of semaphore identifiers", have_lim, lim.semmni,
			    counted, cnt.objects, false);
			ROW("SEMMNS", "Total number of semaphores", have_lim, lim.semmns,
			    counted, cnt.units, false);
			ROW("SEMMSL", "Max semaphores per semaphore set.", have_lim, lim.semmsl,
			    false, 0, false);
			ROW("SEMOPM", "Max number of operations per semop(2)", have_lim,
			    lim.semopm, false, 0, false);
			ROW("SEMVMX", "Semaphore max value", true,
			    lim.semvmx ? lim.semvmx : 32767, false, 0, false);
			break;
		case IPC_PSEM:
			ROW("PSEMNUM", "Number of POSIX semaphores", false, 0, counted,
			    cnt.objects, false);
			break;
		}
	}
#undef ROW

	table_start(&t, &o->tbl, views[V_GLOBAL].table, cs);
	print_rows(&t, l, rows, n, sizeof(rows[0]));
	tbl_free(&t);
	return status;
}

int lsipc_main(int argc, char **argv)
{
	struct opts o = { .kind = -1, .tf = TIME_SHORT };
	struct colset cs;
	bool detail;
	int view, status, r;

	/* month names and the decimal point of the user's locale, as util-linux;
	 * and libsmartcols then knows which characters are printable */
	setlocale(LC_ALL, "");
	parse_options(argc, argv, &o);

	if (o.pid && (o.global || o.have_id || o.name || o.creator || o.time))
		errx(EXIT_FAILURE,
		     "--pid cannot be combined with --global, --id, --name, --creator or --time");
	if (o.kind < 0 && (o.creator || o.time || o.have_id || o.name))
		errx(EXIT_FAILURE,
		     "--global is mutually exclusive with --creator, --id, --name and --time");
	if (o.global && (o.creator || o.time))
		errx(EXIT_FAILURE,
		     "--global is mutually exclusive with --creator, --id, --name and --time");
	if (o.have_id && o.kind >= 0 && ipc_kind_is_posix(o.kind))
		errx(EXIT_FAILURE, "--id selects a System V resource: use it with --%s, --%s "
		     "or --%s", views[IPC_SHM].option, views[IPC_MSG].option,
		     views[IPC_SEM].option);
	if (o.name && o.kind >= 0 && !ipc_kind_is_posix(o.kind))
		errx(EXIT_FAILURE, "--name selects a POSIX resource: use it with --%s, --%s "
		     "or --%s", views[IPC_PSHM].option, views[IPC_PMSG].option,
		     views[IPC_PSEM].option);

	view = o.pid ? V_PID : (o.kind < 0 || o.global) ? V_GLOBAL : o.kind;
	detail = (o.have_id || o.name) && !o.format_set;
	if (detail)
		o.tbl.mode = TBL_PRETTY;
	o.l.mode = o.tbl.mode;
	o.l.tf = o.time_format_set ? o.tf : detail ? TIME_FULL : TIME_SHORT;

	choose_columns(&o, view, detail, &cs);

	r = ipc_ctx_init(&o.l.ipc, o.sysroot);
	if (r < 0) {
		if (o.sysroot) {
			const char *e = msg_str(o.sysroot);

			errx(EXIT_FAILURE, "cannot use sysroot '%s': %s", e, strerror(-r));
		}
		errx(EXIT_FAILURE, "cannot read the IPC context: %s", strerror(-r));
	}

	if (view == V_PID)
		status = show_pid(&o.l, &o, &cs);
	else if (view == V_GLOBAL)
		status = show_global(&o.l, &o, o.global && o.kind >= 0 ? o.kind : -1, &cs);
	else if (o.have_id || o.name)
		status = show_one(&o.l, &o, view, &cs);
	else
		status = show_list(&o.l, &o, view, &cs);
	warn_sysv_notes(&o.l.ipc);

	cmd_cache_free(&o.l.cmds);
	procscan_free(&o.l.ps);
	ipc_ctx_free(&o.l.ipc);
	free(o.name);
	free(o.output);
	free(o.sysroot);
	return close_stdout_status(status);
}
