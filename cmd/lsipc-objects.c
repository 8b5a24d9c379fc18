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
#include "cleanup.h"
#include "format.h"
#include "ipc.h"
#include "parse.h"
#include "procscan.h"

/* ---- output ---- */

void table_start(struct tbl *t, const struct tbl_opts *to, const char *name,
			const struct colset *cs)
{
	if (tbl_init(t, to, name, stdout) < 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
	for (size_t i = 0; i < cs->n; i++)
		if (tbl_add_column(t, &columns[cs->ids[i]]) < 0)
			errx(EXIT_FAILURE, "cannot allocate memory");
}

void add_row(struct tbl *t, struct lsipc *l, const void *row)
{
	if (tbl_add_row(t, l, row) < 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
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
int list_kind(struct lsipc *l, enum ipc_kind kind, unsigned int want,
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
		errx(EXIT_FAILURE, "cannot allocate memory");
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
	for (size_t i = 0; i < n_elem_columns; i++)
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

int show_one(struct lsipc *l, const struct opts *o, int view, const struct colset *cs)
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

