/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc's object views: the list of one kind, and one object in detail with its elements and processes. */
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
#include "cmd/logind.h"
#include "cmd/xalloc.h"
#include "cleanup.h"
#include "format.h"
#include "ipc.h"
#include "listing.h"
#include "parse.h"
#include "procscan.h"

/* ---- output ---- */

void table_start(struct tbl *t, const struct tbl_opts *to, const char *name,
			const struct colset *cs)
{
	if (tbl_init(t, to, name, stdout) < 0)
		xalloc_die();
	for (size_t i = 0; i < cs->n; i++)
		if (tbl_add_column(t, &columns[cs->ids[i]]) < 0)
			xalloc_die();
}

void add_row(struct tbl *t, struct lsipc *l, const void *row)
{
	if (tbl_add_row(t, l, row) < 0)
		xalloc_die();
}

void print_table(struct tbl *t)
{
	int r = tbl_print(t);

	if (r < 0)
		errx(EXIT_FAILURE, "cannot print the table: %s", strerror(-r));
}

void print_rows(struct tbl *t, struct lsipc *l, const void *rows, size_t n,
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
const char *mq_dir(struct lsipc *l)
{
	const char *dir = ipc_ctx_mqdir(&l->ipc);

	warn_mqueue_foreign(&l->ipc);
	return dir;
}

/* One line of the "no mqueue" or "no shm directory" news, at most once each. */
void warn_missing_dir(struct lsipc *l, enum ipc_kind kind)
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
		if (l->ipc.ns_no_shm)
			warn_ns_no_shm(&l->ipc);
		else if (l->ipc.offline)
			warnx("no POSIX shared memory directory under the sysroot '%s'",
			      msg_str(l->ipc.root));
		else
			warnx("no tmpfs is mounted on /dev/shm, so POSIX shared memory and "
			      "semaphores cannot be listed");
	}
}

/*
 * Whether the directory of a POSIX kind is there (System V kinds always
 * are); when not, the one line that says so is told on stderr.
 */
bool kind_dir_present(struct lsipc *l, enum ipc_kind kind)
{
	static bool said_listing;

	if ((kind == IPC_PMSG && !mq_dir(l)) ||
	    ((kind == IPC_PSHM || kind == IPC_PSEM) && !ipc_ctx_shmdir(&l->ipc))) {
		/* a sosreport: its text listing of /dev stands for the directories */
		if (ipc_listing_present(&l->ipc)) {
			if (!said_listing)
				warnx("POSIX objects of the sysroot '%s' come from its listing "
				      "of /dev: times to the minute; no change times, values, "
				      "queue sizes or processes", msg_str(l->ipc.root));
			said_listing = true;
			return true;
		}
		warn_missing_dir(l, kind);
		return false;
	}
	return true;
}

/*
 * What list_kind() and count_kind() make of the listing's or count's
 * result r: 0, 1 when the facility is absent, or r (each told on stderr).
 */
int kind_read_result(struct lsipc *l, enum ipc_kind kind, int r)
{
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
 * List one kind. Returns 0, 1 when the facility is absent (told on stderr,
 * not a failure), or -errno (told on stderr).
 */
int list_kind(struct lsipc *l, enum ipc_kind kind, unsigned int want,
		     struct ipc_objs *objs)
{
	if (!kind_dir_present(l, kind))
		return 1;
	return kind_read_result(l, kind, ipc_list(&l->ipc, kind, want, objs));
}

/*
 * Scan /proc for the processes that use or wait on objects of kind, when
 * the columns want it (W_USERS, W_WAITS). Returns false (told on stderr)
 * when the scan failed; the columns are then empty.
 */
bool scan_users(struct lsipc *l, enum ipc_kind kind, unsigned int want)
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
		xalloc_die();
}

int show_list(struct lsipc *l, const struct opts *o, int view, const struct colset *cs)
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

/* The elements of a set as rows of elem_columns, malloc'd. */
static struct sem_elem *sem_elems(const struct ipc_semval *vals, size_t n)
{
	struct sem_elem *el = xreallocarray(NULL, n ? n : 1, sizeof(*el));
	for (size_t i = 0; i < n; i++)
		el[i] = (struct sem_elem){ i, &vals[i] };
	return el;
}

/* The elements of a set as nested records (the JSON of its detail view). */
static struct val sem_elements(struct lsipc *l, const struct ipc_semval *vals, size_t n)
{
	struct sem_elem *el = sem_elems(vals, n);

	return (struct val){ .type = VAL_RECORDS, .owned = el,
		.rec = { elem_columns, n_elem_columns, l, el, n, sizeof(*el), false } };
}

static const struct tbl_column elements_column = {
	"ELEMENTS", "Elements", NULL, 0, 0, 0, 0, NULL
};

/*
 * A table after the detail view: in a detail view a headed table under its
 * title (the util-linux layout), else the table in the mode of the view.
 * With stream, through the streaming printer (a table of processes may be
 * long); else through libsmartcols, as a set's elements always were.
 */
static void print_subtable(struct lsipc *l, const struct opts *o, const char *title,
			   const char *name, const struct tbl_column *cols, size_t ncols,
			   const void *rows, size_t n, size_t stride, bool stream)
{
	struct tbl_opts to = o->tbl;
	struct tbl t;

	if (to.mode == TBL_PRETTY) {
		fputs(title, stdout);
		to.mode = TBL_TABLE;
		to.noheadings = false;
	} else if (to.mode == TBL_TABLE || to.mode == TBL_RAW) {
		fputc('\n', stdout);
	}
	if (tbl_init(&t, &to, name, stdout) < 0)
		xalloc_die();
	for (size_t i = 0; i < ncols; i++)
		if (tbl_add_column(&t, &cols[i]) < 0)
			xalloc_die();
	if (stream) {
		print_rows(&t, l, rows, n, stride);
	} else {
		for (size_t i = 0; i < n; i++)
			add_row(&t, l, (const char *)rows + i * stride);
		print_table(&t);
	}
	tbl_free(&t);
}

/* A row of the process table of a detail view. */
#define PU(r) ((const struct procscan_user *)(r))

static struct val get_pu_pid(void *c, const void *r)
{
	return val_int(PU(r)->pid);
}

static struct val get_pu_use(void *c, const void *r)
{
	struct val v = { .type = VAL_TEXT };

	procscan_how_str(PU(r)->how, v.buf, sizeof(v.buf));
	return v;
}

static struct val get_pu_maps(void *c, const void *r)
{
	return val_uint(PU(r)->nmaps);
}

static struct val get_pu_command(void *c, const void *r)
{
	return val_str(cmdline_of(L(c), PU(r)->pid));
}

static const struct tbl_column proc_columns[] = {
	{ "PID", "PID", NULL, 1, R, 0, 0, get_pu_pid },
	{ "USE", "Use", NULL, 1, 0, 0, 0, get_pu_use },
	{ "MAPS", "Mappings", NULL, 1, R, 0, 0, get_pu_maps },
	{ "COMMAND", "Command", NULL, 1, 0, 0, 0, get_pu_command },
};
#define N_PROC_COLUMNS (sizeof(proc_columns) / sizeof(proc_columns[0]))

static const struct tbl_column processes_column = {
	"PROCESSES", "Processes", NULL, 0, 0, 0, 0, NULL
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
	v = xreallocarray(NULL, e->nusers, sizeof(*v));
	memcpy(v, e->users, e->nusers * sizeof(*v));
	qsort(v, e->nusers, sizeof(*v), cmp_user);
	*ret_n = e->nusers;
	return v;
}

/* The users of an object as nested records: pid, use, maps, command. */
static struct val processes(struct lsipc *l, const struct procscan_entry *e)
{
	size_t n;
	struct procscan_user *v = sorted_users(e, &n);

	return (struct val){ .type = VAL_RECORDS, .owned = v,
		.rec = { proc_columns, N_PROC_COLUMNS, l, v, n, sizeof(*v), false } };
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

	/* as the elements of a semaphore set: a headed table */
	if (n)
		print_subtable(l, o, after_table ? "\nProcesses:\n\n" : "Processes:\n\n",
			       "processes", proc_columns, N_PROC_COLUMNS, v, n, sizeof(v[0]),
			       true);
}

/* The object of -i or -N into obj; exits when there is none. */
static int find_one(struct lsipc *l, const struct opts *o, int view, const struct colset *cs,
		    struct ipc_obj *obj)
{
	int r;

	if (o->have_id) {
		r = sysv_stat_id(&l->ipc, view, o->id, obj);
		if (r == -ENOENT || r == -EINVAL || r == -EIDRM)
			errx(EXIT_FAILURE, "id %d not found", o->id);
		if (r < 0)
			errx(EXIT_FAILURE, "cannot read %s %d: %s", ipc_kind_noun(view), o->id,
			     strerror(-r));
		return 0;
	}
	/* the one line says why nothing can be found */
	if (!kind_dir_present(l, view))
		return -ENOENT;
	r = posix_stat_name(&l->ipc, view, o->name, wanted(cs) & W_IPC, obj);
	if (r < 0) {
		const char *e = msg_str(o->name);

		if (r == -ENOENT)
			errx(EXIT_FAILURE, "%s %s not found", ipc_kind_noun(view), e);
		errx(EXIT_FAILURE, "cannot read %s %s: %s", ipc_kind_noun(view), e,
		     strerror(-r));
	}
	return 0;
}

/*
 * In JSON the elements of a set and the processes are nested records of
 * the object (cells of its one row); elsewhere tables after it.
 */
static void print_one(struct lsipc *l, const struct opts *o, int view, const struct colset *cs,
		      unsigned int want, const struct ipc_obj *obj,
		      const struct ipc_semval *vals, bool procs)
{
	bool json = o->tbl.mode == TBL_JSON;
	size_t procs_col = cs->n + (view == IPC_SEM);
	struct libscols_line *ln;
	struct tbl t;
	struct val v;

	table_start(&t, &o->tbl, views[view].table, cs);
	if (view == IPC_SEM && json && tbl_add_column(&t, &elements_column) < 0)
		xalloc_die();
	/* the processes, after the elements of a set */
	if (procs && json && tbl_add_column(&t, &processes_column) < 0)
		xalloc_die();
	add_partial_column(&t, l, want);
	removeipc_add_why(&t, l, cs);
	add_row(&t, l, obj);
	ln = scols_table_get_line(t.sc, 0);
	if (vals && json) {
		v = sem_elements(l, vals, obj->sem.nsems);
		if (tbl_set_val(&t, ln, cs->n, &v) < 0)
			xalloc_die();
	}
	if (procs && json) {
		v = processes(l, users_of(l, obj));
		if (tbl_set_val(&t, ln, procs_col, &v) < 0)
			xalloc_die();
	}
	print_table(&t);
	tbl_free(&t);
	if (vals && !json) {
		_cleanup_free_ struct sem_elem *el = sem_elems(vals, obj->sem.nsems);

		print_subtable(l, o, "Elements:\n\n", "elements", elem_columns, n_elem_columns,
			       el, obj->sem.nsems, sizeof(*el), false);
	}
	if (procs && !json)
		print_processes(l, o, users_of(l, obj), vals != NULL);
}

int show_one(struct lsipc *l, const struct opts *o, int view, const struct colset *cs)
{
	_cleanup_free_ struct ipc_semval *vals = NULL;
	struct ipc_obj obj = { 0 };
	bool elements = false;
	unsigned int want;
	bool procs;
	int status = EXIT_SUCCESS;

	if (find_one(l, o, view, cs, &obj) < 0)
		return EXIT_FAILURE;

	/* the values of a semaphore set belong to its detail view, in every mode */
	if (view == IPC_SEM && obj.sem.nsems > 0 &&
	    sysv_sem_values(&l->ipc, obj.id, obj.sem.nsems, &vals) == 0)
		elements = true;

	/* with PIDS (in a full detail view, or asked for) come the processes,
	 * in every mode, as the elements of a set; their table says how each
	 * uses the object, so the scan also finds who waits, whatever the
	 * other columns are */
	want = wanted(cs);
	procs = colset_has(cs, COL_PIDS);
	if (procs)
		want |= W_WAITS;
	if (!scan_users(l, view, want))
		status = EXIT_FAILURE;
	procs = procs && l->scanned;

	print_one(l, o, view, cs, want, &obj, elements ? vals : NULL, procs);
	ipc_obj_clear(&obj);
	return status;
}
