/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc --pid: the objects of every kind one process maps, holds open or waits on. */
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
#include "cmd/xalloc.h"
#include "cleanup.h"
#include "format.h"
#include "ipc.h"
#include "parse.h"
#include "procscan.h"

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

	return base ? xasprintf("/%s", base + 1 + (kind == IPC_PSEM ? 4 : 0)) : NULL;
}

int show_pid(struct lsipc *l, const struct opts *o, const struct colset *cs)
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
		xalloc_die();

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
				xalloc_die();
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
				xalloc_die();
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

