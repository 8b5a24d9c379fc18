/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc --namespaces: one row per IPC namespace of the system, its objects and its use of its own limits. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/common.h"
#include "cmd/lsipc.h"
#include "cmd/xalloc.h"
#include "cleanup.h"
#include "ipc.h"
#include "nsctx.h"
#include "nsenum.h"

/* What one namespace holds, read through a context of its own. */
struct ns_row {
	const struct ipc_nsent *e;
	char *container;
	bool read;		/* the namespace could be entered: counts below */
	bool have[IPC_NKINDS];
	uint64_t count[IPC_NKINDS];
	uint64_t units[IPC_NKINDS];	/* ipc_count()'s: semaphores, shm pages */
	bool have_shm_bytes, have_mq_bytes;
	uint64_t shm_bytes, mq_bytes;
	/* the limit it uses most of */
	const char *use_resource;
	uint64_t use_used, use_limit;
};

#define NSR(r)	((const struct ns_row *)(r))
/* the MQBYTES column reads every queue's status file (it stamps its times) */
#define W_QSIZE	1u

static struct val get_ns(void *c, const void *r) { return val_uint(NSR(r)->e->ino); }
static struct val get_nprocs(void *c, const void *r) { return val_uint(NSR(r)->e->nprocs); }

static struct val get_pid(void *c, const void *r)
{
	return NSR(r)->e->pid ? val_int(NSR(r)->e->pid) : val_null();
}

static struct val get_command(void *c, const void *r)
{
	return NSR(r)->e->pid ? val_str(cmdline_of(L(c), NSR(r)->e->pid)) : val_null();
}

static struct val get_container(void *c, const void *r) { return val_str(NSR(r)->container); }
static struct val get_pinned(void *c, const void *r) { return val_str(NSR(r)->e->pin); }

static struct val count_of(const void *r, enum ipc_kind k)
{
	return NSR(r)->have[k] ? val_uint(NSR(r)->count[k]) : val_null();
}

static struct val get_msg(void *c, const void *r) { return count_of(r, IPC_MSG); }
static struct val get_sem(void *c, const void *r) { return count_of(r, IPC_SEM); }
static struct val get_shm(void *c, const void *r) { return count_of(r, IPC_SHM); }
static struct val get_pmsg(void *c, const void *r) { return count_of(r, IPC_PMSG); }
static struct val get_pshm(void *c, const void *r) { return count_of(r, IPC_PSHM); }
static struct val get_psem(void *c, const void *r) { return count_of(r, IPC_PSEM); }

static struct val get_shm_bytes(void *c, const void *r)
{
	return NSR(r)->have_shm_bytes ? val_bytes(NSR(r)->shm_bytes) : val_null();
}

static struct val get_mq_bytes(void *c, const void *r)
{
	return NSR(r)->have_mq_bytes ? val_bytes(NSR(r)->mq_bytes) : val_null();
}

static struct val get_useperc(void *c, const void *r)
{
	return NSR(r)->use_resource ? val_ratio(NSR(r)->use_used, NSR(r)->use_limit) : val_null();
}

static struct val get_resource(void *c, const void *r)
{
	return val_text(NSR(r)->use_resource);
}

enum {
	NC_NS, NC_NPROCS, NC_PID, NC_COMMAND, NC_CONTAINER, NC_PINNED,
	NC_MSG, NC_SEM, NC_SHM, NC_PMSG, NC_PSHM, NC_PSEM, NC_SHMBYTES, NC_MQBYTES,
	NC_USEPERC, NC_RESOURCE,
	NNSCOLS
};

#define R	SCOLS_FL_RIGHT
static const struct tbl_column ns_columns[NNSCOLS] = {
	[NC_NS]		= { "NS", "Namespace", "inode of the IPC namespace", 10, R, .get = get_ns },
	[NC_NPROCS]	= { "NPROCS", "Processes", "number of processes in it", 5, R,
			    .get = get_nprocs },
	[NC_PID]	= { "PID", "PID", "lowest PID of its processes", 5, R, .get = get_pid },
	[NC_COMMAND]	= { "COMMAND", "Command", "command line of that process", 0.3,
			    SCOLS_FL_TRUNC, .get = get_command },
	[NC_CONTAINER]	= { "CONTAINER", "Container",
			    "container of that process (from its cgroup)", 0.2, 0,
			    .get = get_container },
	[NC_PINNED]	= { "PINNED", "Pinned by",
			    "without processes: the bind mount or descriptor keeping it", 0.2, 0,
			    .get = get_pinned },
	[NC_MSG]	= { "MSG", "Message queues", "System V message queues", 3, R,
			    .get = get_msg },
	[NC_SEM]	= { "SEM", "Semaphore sets", "System V semaphore sets", 3, R,
			    .get = get_sem },
	[NC_SHM]	= { "SHM", "Shared memory segments", "System V shared memory segments",
			    3, R, .get = get_shm },
	[NC_PMSG]	= { "PMSG", "POSIX message queues", "POSIX message queues", 3, R,
			    .get = get_pmsg },
	[NC_PSHM]	= { "PSHM", "POSIX shared memory", "POSIX shared memory objects", 3, R,
			    .get = get_pshm },
	[NC_PSEM]	= { "PSEM", "POSIX semaphores", "POSIX named semaphores", 3, R,
			    .get = get_psem },
	[NC_SHMBYTES]	= { "SHMBYTES", "Segment bytes", "bytes of its System V segments", 6, R,
			    .get = get_shm_bytes },
	[NC_MQBYTES]	= { "MQBYTES", "Queued bytes",
			    "bytes queued in its POSIX message queues", 6, R,
			    .want = W_QSIZE, .get = get_mq_bytes },
	[NC_USEPERC]	= { "USE%", "Use", "highest use of one of its own limits", 6, R,
			    .get = get_useperc },
	[NC_RESOURCE]	= { "RESOURCE", "Resource", "the limit of that use (as in --global)", 8, 0,
			    .get = get_resource },
};
#undef R

static int sum_segsz(struct ipc_obj *o, void *data)
{
	*(uint64_t *)data += o->shm.segsz;
	return 0;
}

static int sum_qsize(struct ipc_obj *o, void *data)
{
	if (o->have & IPC_HAVE_QSIZE)
		*(uint64_t *)data += o->mq.qsize;
	return 0;
}

/* The limit used most (by ratio) among the rows of -g. */
static void highest_use(struct ns_row *row, const struct ipc_limits *lim)
{
	struct limit_row rows[24];
	size_t n = 0;

	for (int k = 0; k < IPC_NKINDS; k++) {
		struct ipc_count cnt = { .objects = row->count[k], .units = row->units[k] };

		limit_rows(k, lim, &cnt, row->have[k], rows, &n);
	}
	for (size_t i = 0; i < n; i++) {
		const struct limit_row *x = &rows[i];

		if (!x->has_limit || !x->has_used || x->limit == 0)
			continue;
		/* x->used / x->limit > best: compared without dividing */
		if (!row->use_resource ||
		    (unsigned __int128)x->used * row->use_limit >
		    (unsigned __int128)row->use_used * x->limit) {
			row->use_resource = x->resource;
			row->use_used = x->used;
			row->use_limit = x->limit;
		}
	}
}

/*
 * A context for namespace e: through its lowest process, else its pin.
 * -ESRCH when that process or pin is gone, or now leads to another
 * namespace (the pid was reused, the descriptor reopened).
 */
int ns_ctx_open(const struct ipc_nsent *e, struct ipc_ctx *ctx)
{
	char pid[24];
	int r = ipc_ctx_init(ctx, NULL);

	if (r < 0)
		return r;
	snprintf(pid, sizeof(pid), "%d", (int)e->pid);
	r = ipc_ctx_set_ns(ctx, e->pid ? pid : e->pin);
	if (r == 0 && ctx->ns_ino != e->ino)
		r = -ESRCH;
	if (r < 0)
		ipc_ctx_free(ctx);
	return r;
}

/* Every IPC namespace of the system, or exit with why not. */
void ns_list(struct lsipc *l, struct ipc_nslist *ret)
{
	int r = ipc_nslist_read(&l->ipc, ret);

	if (r == -ENOMEM)
		xalloc_die();
	if (r < 0)
		errx(EXIT_FAILURE, "cannot list the IPC namespaces: %s", strerror(-r));
}

/*
 * ns_ctx_open() in a walk over every namespace: false to pass e by, when
 * it is gone (its process exited) or could not be entered (counted in
 * *denied, the first errno kept in *why).
 */
bool ns_ctx_walk_open(const struct ipc_nsent *e, struct ipc_ctx *ctx, size_t *denied, int *why)
{
	int r = ns_ctx_open(e, ctx);

	if (r == -ENOMEM)
		xalloc_die();
	if (r < 0 && r != -ESRCH) {
		(*denied)++;
		*why = *why ? *why : -r;
	}
	return r == 0;
}

/*
 * Whether ctx's POSIX shm filesystem was seen before (its device among
 * devs[0..*n), which has room for one more; else it is added there), or
 * is not known: a namespace file names no mount namespace.
 */
bool ns_shm_seen(struct ipc_ctx *ctx, uint64_t *devs, size_t *n)
{
	const char *dir = ipc_ctx_shmdir(ctx);
	struct stat st;

	if (!dir || stat(dir, &st) < 0)
		return true;
	for (size_t k = 0; k < *n; k++)
		if (devs[k] == (uint64_t)st.st_dev)
			return true;
	devs[(*n)++] = st.st_dev;
	return false;
}

/*
 * Read what one namespace holds. Returns 0, 1 when it is gone (its process
 * exited), or -errno when it could not be entered.
 */
static int read_ns(struct ns_row *row, bool qsize)
{
	struct ipc_ctx ctx;
	struct ipc_limits lim;
	int r;

	r = ns_ctx_open(row->e, &ctx);
	if (r == 0 && (r = ipc_ctx_enter(&ctx)) < 0)
		ipc_ctx_free(&ctx);
	if (r < 0)
		return r == -ESRCH ? 1 : r;
	row->read = true;
	for (int k = 0; k < IPC_NKINDS; k++) {
		struct ipc_count cnt;

		if (ipc_count(&ctx, k, &cnt) < 0)
			continue;
		row->have[k] = true;
		row->count[k] = cnt.objects;
		row->units[k] = cnt.units;
	}
	row->have_shm_bytes = ipc_walk(&ctx, IPC_SHM, 0, sum_segsz, &row->shm_bytes) == 0;
	if (qsize)
		row->have_mq_bytes = ipc_walk(&ctx, IPC_PMSG, IPC_WANT_QSIZE, sum_qsize,
					      &row->mq_bytes) == 0;
	if (ipc_read_limits(&ctx, &lim) == 0)
		highest_use(row, &lim);
	ipc_ctx_leave(&ctx);
	ipc_ctx_free(&ctx);
	return 0;
}

static void choose(const char *output, size_t *ids, size_t *n)
{
	static const size_t defcols[] = {
		NC_NS, NC_NPROCS, NC_PID, NC_CONTAINER, NC_MSG, NC_SEM, NC_SHM, NC_PMSG,
		NC_PSHM, NC_PSEM, NC_SHMBYTES, NC_USEPERC, NC_RESOURCE, NC_PINNED, NC_COMMAND,
	};
	struct tbl_colerr e;
	int r;

	*n = sizeof(defcols) / sizeof(defcols[0]);
	memcpy(ids, defcols, sizeof(defcols));
	if (!output)
		return;
	r = tbl_parse_columns(ns_columns, NNSCOLS, output, ids, MAX_COLUMNS, n, &e);
	if (r == -ENOMEM)
		xalloc_die();
	if (r == -E2BIG)
		errx(EXIT_FAILURE, "too many columns (at most %d)", MAX_COLUMNS);
	if (r == -ENOENT) {
		/* reachable while errx() exits (no leak report) */
		static char *volatile item;

		item = strndup(e.item, e.len);
		if (!item)
			xalloc_die();
		errx(EXIT_FAILURE, "unknown column: %s", msg_str(item));
	}
	if (r < 0)
		errx(EXIT_FAILURE, "empty column name in '%s'", msg_str(output));
}

void print_ns_column_help(void)
{
	printf("\nColumns of --namespaces:\n");
	for (size_t i = 0; i < NNSCOLS; i++)
		printf(" %14s  %s\n", ns_columns[i].name, ns_columns[i].help);
}

int show_namespaces(struct lsipc *l, const struct opts *o)
{
	struct ipc_nslist nl;
	struct ns_row *rows;
	size_t ids[MAX_COLUMNS], ncols, nrows = 0, denied = 0;
	bool qsize = false;
	int status = EXIT_SUCCESS, r, why = 0;
	struct tbl t;

	choose(o->output, ids, &ncols);
	for (size_t i = 0; i < ncols; i++)
		qsize |= ns_columns[ids[i]].want & W_QSIZE;
	ns_list(l, &nl);
	rows = xcalloc(nl.n ? nl.n : 1, sizeof(*rows));
	for (size_t i = 0; i < nl.n; i++) {
		struct ns_row *row = &rows[nrows];

		row->e = &nl.v[i];
		r = read_ns(row, qsize);
		if (r == -ENOMEM)
			xalloc_die();
		if (r == 1)
			continue;	/* gone while we looked */
		if (r < 0) {
			denied++;
			why = why ? why : -r;
		}
		if (row->e->pid && ipc_pid_container(&l->ipc, row->e->pid, &row->container) < 0)
			xalloc_die();
		nrows++;
	}
	if (denied) {
		warnx("%zu of %zu IPC namespaces could not be read (%s); their counts are empty",
		      denied, nl.n, strerror(why));
		status = EXIT_FAILURE;
	}
	if (nl.unreadable)
		warnx("%zu processes could not be looked at; namespaces only they are in are "
		      "not listed", nl.unreadable);

	if (tbl_init(&t, &o->tbl, "namespaces", stdout) < 0)
		xalloc_die();
	for (size_t i = 0; i < ncols; i++)
		if (tbl_add_column(&t, &ns_columns[ids[i]]) < 0)
			xalloc_die();
	print_rows(&t, l, rows, nrows, sizeof(rows[0]));
	tbl_free(&t);
	for (size_t i = 0; i < nrows; i++)
		free(rows[i].container);
	free(rows);
	ipc_nslist_free(&nl);
	return status;
}

/*
 * --all-namespaces: the objects of one kind in every namespace, each
 * namespace read through a context of its own that stands in for the
 * caller's while its rows are made (the getters read it). POSIX shm and
 * semaphores once per shm filesystem: namespaces that share a /dev/shm
 * share its objects.
 */
int show_list_all_ns(struct lsipc *l, const struct opts *o, int view, const struct colset *cs)
{
	const bool shm_kind = view == IPC_PSHM || view == IPC_PSEM;
	struct ipc_ctx home = l->ipc;
	struct ipc_nslist nl;
	uint64_t *devs = NULL;
	size_t ndevs = 0, denied = 0;
	int status = EXIT_SUCCESS, why = 0;
	struct tbl t;

	ns_list(l, &nl);
	table_start(&t, &o->tbl, views[view].table, cs);
	devs = xcalloc(nl.n ? nl.n : 1, sizeof(*devs));
	l->allns = true;
	for (size_t i = 0; i < nl.n; i++) {
		const struct ipc_nsent *e = &nl.v[i];
		struct ipc_objs objs = { 0 };
		_cleanup_free_ char *container = NULL;
		struct ipc_ctx ctx;
		bool seen = false;

		if (!ns_ctx_walk_open(e, &ctx, &denied, &why))
			continue;
		if (shm_kind)
			seen = ns_shm_seen(&ctx, devs, &ndevs);
		if (!seen) {
			if (e->pid && ipc_pid_container(&home, e->pid, &container) < 0)
				xalloc_die();
			l->ipc = ctx;
			if (list_kind(l, view, wanted(cs) & W_IPC, &objs) < 0 ||
			    !scan_users(l, view, wanted(cs)))
				status = EXIT_FAILURE;
			for (size_t k = 0; k < objs.n; k++) {
				struct ns_obj row = { objs.v[k], e->ino, container };

				add_row(&t, l, &row);
			}
			procscan_free(&l->ps);
			l->scanned = false;
			ipc_objs_free(&objs);
			ctx = l->ipc;
			l->ipc = home;
		}
		ipc_ctx_free(&ctx);
	}
	l->allns = false;
	if (denied) {
		warnx("%zu of %zu IPC namespaces could not be read (%s); their objects are "
		      "not shown", denied, nl.n, strerror(why));
		status = EXIT_FAILURE;
	}
	print_table(&t);
	tbl_free(&t);
	free(devs);
	ipc_nslist_free(&nl);
	return status;
}
