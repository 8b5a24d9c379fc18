/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc's columns: one getter per column, the column tables and each view's default columns. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "cmd/common.h"
#include "cmd/lsipc.h"
#include "cleanup.h"
#include "format.h"
#include "ipc.h"
#include "parse.h"
#include "procscan.h"


char *xstr(char *s)
{
	if (!s)
		errx(EXIT_FAILURE, "cannot allocate memory");
	return s;
}

char *xdup(const char *s)
{
	return s ? xstr(strdup(s)) : NULL;
}

char * __attribute__((format(printf, 1, 2))) xfmt(const char *fmt, ...)
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

char *num_u(uint64_t v)
{
	return xfmt("%" PRIu64, v);
}

char *num_d(int64_t v)
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
char *cmdline_str(struct lsipc *l, pid_t pid)
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

void cmd_cache_free(struct cmd_cache *cc)
{
	for (size_t i = 0; i < cc->cap; i++)
		free(cc->v[i].cmd);
	free(cc->v);
	memset(cc, 0, sizeof(*cc));
}

/* ---- column getters: one per column, for text and JSON alike ---- */

#define OBJ(row) ((const struct ipc_obj *)(row))
#define LIM(row) ((const struct limit_row *)(row))
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
const struct procscan_entry *users_of(const struct lsipc *l, const struct ipc_obj *o)
{
	return l->scanned ? procscan_find_obj(&l->ps, o) : NULL;
}

int cmp_pid(const void *a, const void *b)
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
const char *partial_reason(const struct lsipc *l, enum ipc_kind kind, bool of)
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



/* Internal order is the detail-view order (util-linux's), ours at the end. */
const struct tbl_column columns[NCOLS] = {
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
const struct tbl_column partial_column = {
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

char *get_el_command(void *c, const void *r)
{
	return EL(r)->ok ? cmdline_str(L(c), EL(r)->pid) : NULL;
}

const struct tbl_column elem_columns[] = {
	{ "SEMNUM", "Semaphore number", NULL, 1, R, JN, 0, 0, get_el_num },
	{ "VALUE", "Value", NULL, 1, R, JN, 0, 0, get_el_value },
	{ "NCOUNT", "Waiting for increase", NULL, 1, R, JN, 0, 0, get_el_ncount },
	{ "ZCOUNT", "Waiting for zero", NULL, 1, R, JN, 0, 0, get_el_zcount },
	{ "PID", "Last operation PID", NULL, 1, R, JN, 0, 0, get_el_pid },
	{ "COMMAND", "Command", NULL, 1, R, JT, 0, 0, get_el_command },
};
const size_t n_elem_columns = sizeof(elem_columns) / sizeof(elem_columns[0]);

/* ---- per-view data ---- */


const struct view_info views[IPC_NKINDS + 2] = {
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

unsigned int wanted(const struct colset *cs)
{
	unsigned int want = 0;

	for (size_t i = 0; i < cs->n; i++)
		want |= columns[cs->ids[i]].want;
	return want;
}

