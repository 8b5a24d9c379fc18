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
#include <sys/stat.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "cmd/common.h"
#include "cmd/lsipc.h"
#include "cmd/logind.h"
#include "cmd/xalloc.h"
#include "array.h"
#include "cleanup.h"
#include "format.h"
#include "ipc.h"
#include "nsenum.h"
#include "parse.h"
#include "procscan.h"


char *xdup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}


/* The command line of pid, NULs as spaces; NULL if none. */
static char *read_cmdline(struct lsipc *l, pid_t pid)
{
	char *cmd = NULL;

	if (ipc_read_cmdline(&l->ipc, pid, CMDLINE_MAX, &cmd) == -ENOMEM)
		xalloc_die();
	return cmd;
}

/* The command line of pid (NULL: none), read once per pid; the cache owns it. */
const char *cmdline_of(struct lsipc *l, pid_t pid)
{
	struct cmd_cache *cc = &l->cmds;
	/* one-to-one: the hash is the whole key */
	uint64_t hash = ipc_hash_u64((uint64_t)pid);
	size_t i;
	char *cmd;

	if (pid <= 0)
		return NULL;
	i = ipc_hashmap_find(&cc->map, hash, NULL, NULL);
	if (i != SIZE_MAX)
		return cc->v[i].cmd;
	cmd = read_cmdline(l, pid);
	if (!ARRAY_GROW(cc->v, cc->n, cc->cap, 64) ||
	    ipc_hashmap_add(&cc->map, hash, cc->n) < 0)
		xalloc_die();
	cc->v[cc->n++] = (struct cmd_entry){ .pid = pid, .cmd = cmd };
	return cmd;
}

void cmd_cache_free(struct cmd_cache *cc)
{
	ARRAY_FREE_MEMBERS(cc->v, cc->n, cmd);
	ipc_hashmap_free(&cc->map);
	memset(cc, 0, sizeof(*cc));
}

/* ---- column getters: one per column, typed, for every output mode ---- */

#define OBJ(row) ((const struct ipc_obj *)(row))
#define LIM(row) ((const struct limit_row *)(row))
#define HAVE(o, bit) (((o)->have & (bit)) != 0)

/* A System V time: 0 is "never", left empty as util-linux does. */
static struct val sysv_time(int64_t t)
{
	return t ? val_time(t) : val_null();
}

/* A POSIX object's file time: 0 is 1970-01-01 like any other. */
static struct val file_time(const struct ipc_obj *o, int64_t t)
{
	return HAVE(o, IPC_HAVE_TIMES) ? val_time(t) : val_null();
}

static struct val key_text(int32_t key)
{
	struct val v = { .type = VAL_TEXT };

	fmt_key(v.buf, sizeof(v.buf), key);
	return v;
}

static struct val get_key(void *c, const void *r)
{
	return ipc_kind_is_posix(OBJ(r)->kind) ? val_null() : key_text(OBJ(r)->key);
}

static struct val get_id(void *c, const void *r)
{
	return ipc_kind_is_posix(OBJ(r)->kind) ? val_null() : val_int(OBJ(r)->id);
}

/* The owner's name, or the uid as text (a string in JSON too, as util-linux) */
static struct val get_owner(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);
	const char *name;
	struct val v = { .type = VAL_TEXT };

	if (!HAVE(o, IPC_HAVE_OWNER))
		return val_null();
	name = ipc_user_name(&L(c)->ipc, o->uid);
	if (name)
		return val_str(name);
	snprintf(v.buf, sizeof(v.buf), "%u", (unsigned int)o->uid);
	return v;
}

static struct val get_perms(void *c, const void *r)
{
	struct val v = { .type = VAL_TEXT };

	if (!HAVE(OBJ(r), IPC_HAVE_MODE))
		return val_null();
	fmt_perms(v.buf, sizeof(v.buf), OBJ(r)->mode & 0777, L(c)->octal);
	return v;
}

static struct val get_cuid(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_CREATOR) ? val_uint(OBJ(r)->cuid) : val_null();
}

static struct val get_cuser(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_CREATOR) ?
		val_str(ipc_user_name(&L(c)->ipc, OBJ(r)->cuid)) : val_null();
}

static struct val get_cgid(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_CREATOR) ? val_uint(OBJ(r)->cgid) : val_null();
}

static struct val get_cgroup(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_CREATOR) ?
		val_str(ipc_group_name(&L(c)->ipc, OBJ(r)->cgid)) : val_null();
}

static struct val get_uid(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_OWNER) ? val_uint(OBJ(r)->uid) : val_null();
}

static struct val get_user(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_OWNER) ?
		val_str(ipc_user_name(&L(c)->ipc, OBJ(r)->uid)) : val_null();
}

static struct val get_gid(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_OWNER) ? val_uint(OBJ(r)->gid) : val_null();
}

static struct val get_group(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_OWNER) ?
		val_str(ipc_group_name(&L(c)->ipc, OBJ(r)->gid)) : val_null();
}

static struct val get_ctime(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	if (ipc_kind_is_posix(o->kind))
		return HAVE(o, IPC_HAVE_LISTED) ? val_null() : file_time(o, o->ctime);
	return sysv_time(o->ctime);
}

static struct val get_name(void *c, const void *r)
{
	return val_str(OBJ(r)->name);
}

static struct val get_mtime(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	return ipc_kind_is_posix(o->kind) ? file_time(o, o->mtime) : val_null();
}

static struct val get_usedbytes(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	if (o->kind == IPC_MSG)
		return val_bytes(o->msg.cbytes);
	if (o->kind == IPC_PMSG && HAVE(o, IPC_HAVE_QSIZE))
		return val_bytes(o->mq.qsize);
	return val_null();
}

static struct val get_msgs(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	if (o->kind == IPC_MSG)
		return val_uint(o->msg.qnum);
	if (o->kind == IPC_PMSG && HAVE(o, IPC_HAVE_MQATTR))
		return val_uint(o->mq.curmsgs);
	return val_null();
}

static struct val get_send(void *c, const void *r)
{
	return sysv_time(OBJ(r)->msg.stime);
}

static struct val get_recv(void *c, const void *r)
{
	return sysv_time(OBJ(r)->msg.rtime);
}

static struct val get_lspid(void *c, const void *r)
{
	return val_int(OBJ(r)->msg.lspid);
}

static struct val get_lrpid(void *c, const void *r)
{
	return val_int(OBJ(r)->msg.lrpid);
}

static struct val get_size(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	if (o->kind == IPC_SHM)
		return val_bytes(o->shm.segsz);
	if (o->kind == IPC_PSHM)
		return val_bytes(o->pshm.size);
	return val_null();
}

static struct val get_nattch(void *c, const void *r)
{
	return val_uint(OBJ(r)->shm.nattch);
}

static struct val get_status(void *c, const void *r)
{
	unsigned int m = OBJ(r)->mode;
	bool dest = m & IPC_SHM_DEST, locked = m & IPC_SHM_LOCKED;
	struct val v = { .type = VAL_TEXT };

	if (!HAVE(OBJ(r), IPC_HAVE_MODE))
		return val_null();
	/* no flag is an empty value, not an absent one (detail views show the label) */
	snprintf(v.buf, sizeof(v.buf), "%s%s%s", dest ? "dest" : "",
		 dest && locked ? "," : "", locked ? "locked" : "");
	return v;
}

static struct val get_attach(void *c, const void *r)
{
	return sysv_time(OBJ(r)->shm.atime);
}

static struct val get_detach(void *c, const void *r)
{
	return sysv_time(OBJ(r)->shm.dtime);
}

static struct val get_command(void *c, const void *r)
{
	return val_str(cmdline_of(L(c), OBJ(r)->shm.cpid));
}

static struct val get_cpid(void *c, const void *r)
{
	return val_int(OBJ(r)->shm.cpid);
}

static struct val get_lpid(void *c, const void *r)
{
	return val_int(OBJ(r)->shm.lpid);
}

static struct val get_nsems(void *c, const void *r)
{
	return val_uint(OBJ(r)->sem.nsems);
}

static struct val get_otime(void *c, const void *r)
{
	return sysv_time(OBJ(r)->sem.otime);
}

static struct val get_sval(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_SEMVAL) ? val_int(OBJ(r)->psem.value) : val_null();
}

static struct val get_rss(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_RSS) ? val_bytes(OBJ(r)->shm.rss) : val_null();
}

static struct val get_swap(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_RSS) ? val_bytes(OBJ(r)->shm.swap) : val_null();
}

static struct val get_maxmsg(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_MQATTR) ? val_uint(OBJ(r)->mq.maxmsg) : val_null();
}

static struct val get_msgsize(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_MQATTR) ? val_bytes(OBJ(r)->mq.msgsize) : val_null();
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
static struct val get_notify(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	if (!mq_registered(o))
		return val_null();
	switch (o->mq.notify) {
	case SIGEV_NONE:
		return val_text("none");
	case SIGEV_SIGNAL:
		return val_text("signal");
	case SIGEV_THREAD:
		return val_text("thread");
	default:
		/* no kernel writes another, but a sysroot may */
		return val_int(o->mq.notify);
	}
}

static struct val get_notify_pid(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	return HAVE(o, IPC_HAVE_QSIZE) && o->mq.notify_pid > 0 ? val_int(o->mq.notify_pid)
							       : val_null();
}

/* only a signal notification has a signal: SIGNO 0 is no signal 0 */
static struct val get_signo(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);

	if (!mq_registered(o) || o->mq.notify != SIGEV_SIGNAL)
		return val_null();
	return val_int(o->mq.signo);
}

static struct val get_waiters(void *c, const void *r)
{
	return HAVE(OBJ(r), IPC_HAVE_SEMVAL) ? val_uint(OBJ(r)->psem.waiters) : val_null();
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

static int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * The pids of the users of e that use it in one of the ways of mask, in
 * increasing order; no value without a scan. An empty list is blank: a
 * detail view leaves it out, so that the view of an object nobody uses is
 * util-linux's.
 */
static struct val pid_list(const struct lsipc *l, const struct procscan_entry *e,
			   unsigned int mask)
{
	struct val v = { .type = VAL_NUMS };
	int64_t *pids;
	size_t n = 0;

	if (!l->scanned)
		return val_null();
	if (e && e->nusers) {
		pids = xreallocarray(NULL, e->nusers, sizeof(*pids));
		for (size_t i = 0; i < e->nusers; i++)
			if (e->users[i].how & mask)
				pids[n++] = e->users[i].pid;
		qsort(pids, n, sizeof(*pids), cmp_int64);
		v.owned = pids;
		v.nums.v = pids;
	}
	v.nums.n = n;
	v.blank = n == 0;
	return v;
}

static struct val get_pids(void *c, const void *r)
{
	return pid_list(L(c), users_of(L(c), OBJ(r)), PROCSCAN_HOW_ALL);
}

static struct val get_nprocs(void *c, const void *r)
{
	size_t n = procscan_count(users_of(L(c), OBJ(r)), PROCSCAN_HOW_ALL);
	struct val v = val_uint(n);

	if (!L(c)->scanned)
		return val_null();
	v.blank = n == 0;
	return v;
}

static struct val get_waitpids(void *c, const void *r)
{
	return pid_list(L(c), users_of(L(c), OBJ(r)), PROCSCAN_WAITING);
}

/* the key in the name of an attached segment: also after IPC_RMID set KEY to 0 */
static struct val get_origkey(void *c, const void *r)
{
	const struct procscan_entry *e = users_of(L(c), OBJ(r));

	if (!e || e->type != PROCSCAN_SYSV_SHM)
		return val_null();
	return key_text(e->sysv_key);
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
 * Whether processes we could not read may be missing from the lists. A
 * detail view has a line (why) when they may, under the lists it shows, or
 * when a segment has attachments we did not find.
 */
static struct val get_pids_partial(void *c, const void *r)
{
	const struct ipc_obj *o = OBJ(r);
	const char *why = partial_reason(L(c), o->kind, false);
	struct val v = val_bool(why != NULL, NULL);

	v.blank = !why || (!users_of(L(c), o) && !(o->kind == IPC_SHM && o->shm.nattch > 0));
	if (why)
		v.s = v.owned = xasprintf("incomplete: %s", why);
	return v;
}

static struct val get_type(void *c, const void *r)
{
	return val_text(ipc_kind_name(OBJ(r)->kind));
}

/* How the process of --pid uses the object; in the lists, how any process does. */
static struct val get_use(void *c, const void *r)
{
	const struct procscan_entry *e = users_of(L(c), OBJ(r));
	struct val v = { .type = VAL_TEXT };
	unsigned int how = 0;

	if (!L(c)->scanned)
		return val_null();
	for (size_t i = 0; e && i < e->nusers; i++)
		if (!L(c)->pid || e->users[i].pid == L(c)->pid)
			how |= e->users[i].how;
	procscan_how_str(how, v.buf, sizeof(v.buf));
	v.blank = !how;
	return v;
}

static struct val get_resource(void *c, const void *r)
{
	return val_text(LIM(r)->resource);
}

static struct val get_description(void *c, const void *r)
{
	return val_text(LIM(r)->desc);
}

static struct val get_limit(void *c, const void *r)
{
	const struct limit_row *x = LIM(r);

	if (!x->has_limit)
		return val_na();
	return x->bytes ? val_bytes(x->limit) : val_uint(x->limit);
}

static struct val get_used(void *c, const void *r)
{
	const struct limit_row *x = LIM(r);

	if (!x->has_used)
		return val_na();
	return x->bytes ? val_bytes(x->used) : val_uint(x->used);
}

static struct val get_use_pct(void *c, const void *r)
{
	const struct limit_row *x = LIM(r);

	if (!x->has_used || !x->has_limit || x->limit == 0)
		return val_na();
	return val_ratio(x->used, x->limit);
}

/* ---- the column table ---- */



/* Internal order is the detail-view order (util-linux's), ours at the end. */
/*
 * The namespace of an object: --all-namespaces says it with each row; else
 * it is the context's (--ns) or ours, and the container is the one of the
 * context's process (or of us), found once.
 */
static void own_ns(struct lsipc *l)
{
	struct stat st;

	if (l->ns_known)
		return;
	l->ns_known = true;
	if (l->ipc.offline)
		return;
	if (l->ipc.ns_set)
		l->ns_ino = l->ipc.ns_ino;
	else if (stat("/proc/self/ns/ipc", &st) == 0)
		l->ns_ino = st.st_ino;
	if (ipc_pid_container(&l->ipc, l->ipc.ns_pid ? l->ipc.ns_pid : getpid(),
			      &l->ns_container) < 0)
		xalloc_die();
}

static struct val get_ns(void *c, const void *r)
{
	if (L(c)->allns)
		return val_uint(((const struct ns_obj *)r)->ns);
	own_ns(L(c));
	return L(c)->ns_ino ? val_uint(L(c)->ns_ino) : val_null();
}

static struct val get_container(void *c, const void *r)
{
	if (L(c)->allns)
		return val_str(((const struct ns_obj *)r)->container);
	own_ns(L(c));
	return val_str(L(c)->ns_container ? L(c)->ns_container : "");
}

const struct tbl_column columns[NCOLS] = {
	[COL_KEY]	= { "KEY", "Key", "Resource key", 1, 0, S_SYSV | S_PIDV, 0, get_key },
	[COL_ID]	= { "ID", "ID", "Resource ID", 1, 0, S_SYSV | S_PIDV, 0, get_id },
	[COL_OWNER]	= { "OWNER", "Owner", "Owner's username or UID", 1, R, S_GEN, 0,
			    get_owner },
	[COL_PERMS]	= { "PERMS", "Permissions", "Permissions", 1, R, S_GEN, 0,
			    get_perms },
	[COL_CUID]	= { "CUID", "Creator UID", "Creator UID", 1, R, S_GEN, 0, get_cuid },
	[COL_CUSER]	= { "CUSER", "Creator user", "Creator user", 1, 0, S_GEN, 0,
			    get_cuser },
	[COL_CGID]	= { "CGID", "Creator GID", "Creator GID", 1, R, S_GEN, 0, get_cgid },
	[COL_CGROUP]	= { "CGROUP", "Creator group", "Creator group", 1, 0, S_GEN, 0,
			    get_cgroup },
	[COL_UID]	= { "UID", "UID", "User ID", 1, R, S_GEN, 0, get_uid },
	[COL_USER]	= { "USER", "User name", "User name", 1, 0, S_GEN, 0, get_user },
	[COL_GID]	= { "GID", "GID", "Group ID", 1, R, S_GEN, 0, get_gid },
	[COL_GROUP]	= { "GROUP", "Group name", "Group name", 1, 0, S_GEN, 0, get_group },
	[COL_CTIME]	= { "CTIME", "Last change", "Time of the last change", 1, R, S_GEN, 0,
			    get_ctime },
	[COL_NAME]	= { "NAME", "Name", "POSIX resource name", 1, 0, S_POSIX | S_PIDV, 0,
			    get_name },
	[COL_MTIME]	= { "MTIME", "Last action", "Time of last action", 1, R, S_POSIX, 0,
			    get_mtime },
	[COL_USEDBYTES]	= { "USEDBYTES", "Bytes used", "Bytes used", 1, R,
			    S(IPC_MSG) | S(IPC_PMSG), IPC_WANT_QSIZE, get_usedbytes },
	[COL_MSGS]	= { "MSGS", "Messages", "Number of messages", 1, 0,
			    S(IPC_MSG) | S(IPC_PMSG), IPC_WANT_MQATTR, get_msgs },
	[COL_SEND]	= { "SEND", "Msg sent", "Time of last msg sent", 1, R, S(IPC_MSG), 0,
			    get_send },
	[COL_RECV]	= { "RECV", "Msg received", "Time of last msg received", 1, R,
			    S(IPC_MSG), 0, get_recv },
	[COL_LSPID]	= { "LSPID", "Msg sender", "PID of the last msg sender", 1, R,
			    S(IPC_MSG), 0, get_lspid },
	[COL_LRPID]	= { "LRPID", "Msg receiver", "PID of the last msg receiver", 1, R,
			    S(IPC_MSG), 0, get_lrpid },
	[COL_SIZE]	= { "SIZE", "Segment size", "Segment size", 1, R,
			    S(IPC_SHM) | S(IPC_PSHM), 0, get_size },
	[COL_NATTCH]	= { "NATTCH", "Attached processes", "Number of attached processes", 1, R, S(IPC_SHM), 0, get_nattch },
	[COL_STATUS]	= { "STATUS", "Status", "Status", 1, SCOLS_FL_NOEXTREMES, S(IPC_SHM), 0,
			    get_status },
	[COL_ATTACH]	= { "ATTACH", "Attach time", "Attach time", 1, R, S(IPC_SHM), 0,
			    get_attach },
	[COL_DETACH]	= { "DETACH", "Detach time", "Detach time", 1, R, S(IPC_SHM), 0,
			    get_detach },
	[COL_COMMAND]	= { "COMMAND", "Creator command", "Creator command line", 1,
			    SCOLS_FL_TRUNC, S(IPC_SHM), 0, get_command },
	[COL_CPID]	= { "CPID", "Creator PID", "PID of the creator", 1, R, S(IPC_SHM), 0,
			    get_cpid },
	[COL_LPID]	= { "LPID", "Last user PID", "PID of last user", 1, R, S(IPC_SHM), 0,
			    get_lpid },
	[COL_NSEMS]	= { "NSEMS", "Semaphores", "Number of semaphores", 1, R, S(IPC_SEM),
			    0, get_nsems },
	[COL_OTIME]	= { "OTIME", "Last operation", "Time of the last operation", 1, R,
			    S(IPC_SEM), 0, get_otime },
	[COL_RESOURCE]	= { "RESOURCE", "Resource", "Resource name", 1, 0, S_GLOBAL, 0,
			    get_resource },
	[COL_DESCRIPTION] = { "DESCRIPTION", "Description", "Resource description", 1, 0,
			      S_GLOBAL, 0, get_description },
	[COL_LIMIT]	= { "LIMIT", "Limit", "System-wide limit", 1, R, S_GLOBAL, 0,
			    get_limit },
	[COL_USED]	= { "USED", "Used", "Currently used", 1, R, S_GLOBAL, 0, get_used },
	[COL_USEPERC]	= { "USE%", "Use", "Currently use percentage", 1, R, S_GLOBAL, 0,
			    get_use_pct },
	[COL_SVAL]	= { "SVAL", "Value", "Semaphore value", 1, R, S(IPC_PSEM),
			    IPC_WANT_SEMVAL, get_sval },
	[COL_RSS]	= { "RSS", "Resident size", "Resident size of the segment", 1, R,
			    S(IPC_SHM), IPC_WANT_RSS, get_rss },
	[COL_SWAP]	= { "SWAP", "Swapped size", "Swapped size of the segment", 1, R,
			    S(IPC_SHM), IPC_WANT_RSS, get_swap },
	[COL_MAXMSG]	= { "MAXMSG", "Max messages", "Maximum number of messages in the queue",
			    1, R, S(IPC_PMSG), IPC_WANT_MQATTR, get_maxmsg },
	[COL_MSGSIZE]	= { "MSGSIZE", "Max message size", "Maximum message size", 1, R,
			    S(IPC_PMSG), IPC_WANT_MQATTR, get_msgsize },
	[COL_NOTIFY]	= { "NOTIFY", "Notification",
			    "How the registered process is notified (none, signal, thread)", 1, 0,
			    S(IPC_PMSG), IPC_WANT_QSIZE, get_notify },
	[COL_NOTIFY_PID] = { "NOTIFY_PID", "Notified PID",
			     "PID registered for notification (mq_notify)", 1, R,
			     S(IPC_PMSG), IPC_WANT_QSIZE, get_notify_pid },
	[COL_SIGNO]	= { "SIGNO", "Notification signal", "Signal of the notification", 1, R, S(IPC_PMSG), IPC_WANT_QSIZE, get_signo },
	[COL_WAITERS]	= { "WAITERS", "Waiters", "Number of processes waiting", 1, R,
			    S(IPC_PSEM), IPC_WANT_SEMVAL, get_waiters },
	[COL_PIDS]	= { "PIDS", "PIDs",
			    "PIDs of the processes using it (attached, mapped, open, waiting)", 1,
			    0, S_OBJ, W_USERS, get_pids },
	[COL_NPROCS]	= { "NPROCS", "Number of processes", "Number of processes using it", 1,
			    R, S_OBJ, W_USERS, get_nprocs },
	[COL_WAITPIDS]	= { "WAITPIDS", "Waiting PIDs", "PIDs of the processes blocked on it",
			    1, 0, S_OBJ, W_WAITS, get_waitpids },
	[COL_ORIGKEY]	= { "ORIGKEY", "Original key",
			    "Key of an attached segment, also after its removal", 1, 0,
			    S(IPC_SHM), W_USERS, get_origkey },
	[COL_TYPE]	= { "TYPE", "Type", "Kind of the object (msg, sem, shm, pmsg, pshm, psem)",
			    1, 0, S_GEN, 0, get_type },
	[COL_USE]	= { "USE", "Use", "How processes use it (attached, mapped, open, waiting)",
			    1, 0, S_GEN, W_USERS | W_WAITS, get_use },
	[COL_REMOVEIPC]	= { "REMOVEIPC", "Removed at logout",
			    "Removed by systemd-logind at the owner's logout (yes, no, detached)",
			    1, 0, S_GEN, 0, get_removeipc },
	[COL_NS]	= { "NS", "Namespace", "IPC namespace it was found in",
			    10, R, S_OBJ, 0, get_ns },
	[COL_CONTAINER]	= { "CONTAINER", "Container",
			    "Container of that namespace's process, from its cgroup", 0.2, 0,
			    S_OBJ, 0, get_container },
};

/* JSON and detail views, beside PIDS, NPROCS, WAITPIDS: the lists may miss processes */
const struct tbl_column partial_column = {
	"PIDS-PARTIAL", "Process lists", NULL, 1, 0, 0, 0, get_pids_partial
};

/* Columns of the element table of a System V semaphore set. */
#define EL(r) (((const struct sem_elem *)(r))->v)

static struct val get_el_num(void *c, const void *r)
{
	return val_uint(((const struct sem_elem *)r)->num);
}

static struct val get_el_value(void *c, const void *r)
{
	return EL(r)->ok ? val_int(EL(r)->value) : val_null();
}

static struct val get_el_ncount(void *c, const void *r)
{
	return EL(r)->ok ? val_int(EL(r)->ncount) : val_null();
}

static struct val get_el_zcount(void *c, const void *r)
{
	return EL(r)->ok ? val_int(EL(r)->zcount) : val_null();
}

static struct val get_el_pid(void *c, const void *r)
{
	return EL(r)->ok ? val_int(EL(r)->pid) : val_null();
}

static struct val get_el_command(void *c, const void *r)
{
	return EL(r)->ok ? val_str(cmdline_of(L(c), EL(r)->pid)) : val_null();
}

const struct tbl_column elem_columns[] = {
	{ "SEMNUM", "Semaphore number", NULL, 1, R, 0, 0, get_el_num },
	{ "VALUE", "Value", NULL, 1, R, 0, 0, get_el_value },
	{ "NCOUNT", "Waiting for increase", NULL, 1, R, 0, 0, get_el_ncount },
	{ "ZCOUNT", "Waiting for zero", NULL, 1, R, 0, 0, get_el_zcount },
	{ "PID", "Last operation PID", NULL, 1, R, 0, 0, get_el_pid },
	{ "COMMAND", "Command", NULL, 1, R, 0, 0, get_el_command },
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

