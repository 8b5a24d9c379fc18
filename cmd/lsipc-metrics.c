/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc --metrics: IPC usage, limits and leaks in the Prometheus text format, to stdout or atomically to a file. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "cleanup.h"
#include "cmd/common.h"
#include "cmd/lsipc.h"
#include "cmd/metrics.h"
#include "cmd/unused.h"
#include "cmd/xalloc.h"
#include "hashmap.h"
#include "ipc.h"
#include "nsctx.h"
#include "nsenum.h"

/* The objects and bytes of one owner in one kind. */
struct owner_stats {
	enum ipc_kind kind;
	uid_t uid;
	uint64_t objects, bytes;
};

/* What one kind of one context came to. */
struct kind_stats {
	bool ok;		/* listed (the facility is there and could be read) */
	uint64_t objects, bytes;
	uint64_t unused, unused_bytes;
	uint64_t undecided;	/* kept by the rule because it could not tell */
	bool have_oldest;
	int64_t oldest;		/* change time of the oldest unused one */
	uint64_t waiting;
	uint64_t semaphores;	/* sem: in all sets */
	bool partial;		/* processes that may use the kind went unseen */
};

/*
 * Everything the families are written from, for one context. The labels
 * are what every series of this context carries first: empty for the
 * caller's own IPC namespace, and the one place where a namespace and its
 * container are to be named when several are read.
 */
struct ipc_snapshot {
	struct lsipc *l;
	struct ipc_ctx *ctx;	/* what it was read through: &l->ipc, or its namespace's */
	bool own_ctx;		/* ctx is malloc'd, freed with the snapshot */
	struct metrics_label labels[2];
	size_t nlabels;
	char ns[24];		/* the values of the labels */
	char *container;
	/* POSIX shm and semaphores are another snapshot's (a shared /dev/shm) or unknown */
	bool shm_elsewhere;

	struct ipc_limits lim;
	bool lim_ok;
	bool scan_ok;
	struct kind_stats k[IPC_NKINDS];

	struct ipc_objs objs[IPC_NKINDS];
	bool *unused[IPC_NKINDS];	/* per object: judged unused */

	struct owner_stats *owners;
	size_t nowners, owners_cap;
	struct ipc_hashmap owner_map;	/* hash of (kind, uid) -> index in owners */
};

/* The kinds in the order of the families: System V, then POSIX. */
static const enum ipc_kind kinds[] = { IPC_MSG, IPC_SEM, IPC_SHM, IPC_PMSG, IPC_PSHM, IPC_PSEM };
#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

/* The bytes an object holds, for the kinds that hold any. */
static bool kind_has_bytes(enum ipc_kind kind)
{
	return kind != IPC_SEM && kind != IPC_PSEM;
}

static uint64_t obj_bytes(const struct ipc_obj *o)
{
	switch (o->kind) {
	case IPC_MSG:
		return o->msg.cbytes;
	case IPC_SHM:
		return o->shm.segsz;
	case IPC_PMSG:
		return (o->have & IPC_HAVE_QSIZE) ? o->mq.qsize : 0;
	case IPC_PSHM:
		return o->pshm.size;
	default:
		return 0;
	}
}

/* Whether the kind is this snapshot's to tell (see shm_elsewhere). */
static bool kind_here(const struct ipc_snapshot *s, enum ipc_kind kind)
{
	return !s->shm_elsewhere || (kind != IPC_PSHM && kind != IPC_PSEM);
}

static uint64_t age_of(int64_t t, int64_t now)
{
	return t < now ? (uint64_t)now - (uint64_t)t : 0;
}

static void count_owner(struct ipc_snapshot *s, const struct ipc_obj *o)
{
	/* (kind, uid) is 64 bits, and the hash of 64 bits is one to one */
	uint64_t h = ipc_hash_u64(((uint64_t)o->kind << 32) | o->uid);
	size_t i = ipc_hashmap_find(&s->owner_map, h, NULL, NULL);

	if (i == SIZE_MAX) {
		if (!ARRAY_GROW(s->owners, s->nowners, s->owners_cap, 16))
			xalloc_die();
		i = s->nowners++;
		s->owners[i] = (struct owner_stats){ .kind = o->kind, .uid = o->uid };
		if (ipc_hashmap_add(&s->owner_map, h, i) < 0)
			xalloc_die();
	}
	s->owners[i].objects++;
	s->owners[i].bytes += obj_bytes(o);
}

/* Count object o (number n of its kind's list) and judge it by the rule of --unused. */
static void account(struct ipc_snapshot *s, struct unused_judge *j, const struct ipc_obj *o,
		    size_t n)
{
	struct kind_stats *k = &s->k[o->kind];
	enum verdict v;

	k->objects++;
	k->bytes += obj_bytes(o);
	if (o->kind == IPC_SEM)
		k->semaphores += o->sem.nsems;
	if (o->have & IPC_HAVE_OWNER)
		count_owner(s, o);
	/* System V sets: counted by judge_sem(), from the scan or the kernel */
	if (s->scan_ok && o->kind != IPC_SEM)
		k->waiting += procscan_count(procscan_find_obj(&j->ps, o), PROCSCAN_WAITING);
	/* marked for removal: it goes when its last process detaches */
	if (o->kind == IPC_SHM && (o->mode & IPC_SHM_DEST))
		return;
	v = unused_verdict(j, o, NULL, 0);
	if (v == UNSEEN || v == UNKNOWN)
		k->undecided++;
	if (v != UNUSED)
		return;
	s->unused[o->kind][n] = true;
	k->unused++;
	k->unused_bytes += obj_bytes(o);
	if (!k->have_oldest || ipc_obj_changed(o) < k->oldest)
		k->oldest = ipc_obj_changed(o);
	k->have_oldest = true;
}

/*
 * The sets are read ahead in batches of this many as they are listed (see
 * unused_add_sets()): few enough for the kernel's data of a batch to be
 * still in cache when its semaphores are read.
 */
#define SET_BATCH	1024

struct set_walk {
	struct ipc_objs *objs;
	struct unused_judge *j;
	size_t added;		/* objs->v[0..added) are with the judge */
};

static int keep_set(struct ipc_obj *o, void *data)
{
	struct set_walk *w = data;
	int r = ipc_walk_append(o, w->objs);

	if (r < 0)
		return r;
	if (w->objs->n - w->added == SET_BATCH) {
		unused_add_sets(w->j, &w->objs->v[w->added], SET_BATCH);
		w->added = w->objs->n;
	}
	return 0;
}

/*
 * List the sets into the snapshot, each batch handed to the judge to read
 * ahead, then start reading what is left in the background; false (and
 * the kind not ok) when they could not be listed.
 */
static bool list_sets(struct ipc_snapshot *s, struct unused_judge *j)
{
	struct set_walk w = { &s->objs[IPC_SEM], j, 0 };
	int r = kind_read_result(s->l, IPC_SEM, ipc_walk(&s->l->ipc, IPC_SEM, 0, keep_set, &w));

	s->k[IPC_SEM].ok = r == 0;
	if (r < 0) {
		/* nothing half-listed, as ipc_list() does it */
		ipc_objs_free(w.objs);
		return false;
	}
	unused_add_sets(j, &w.objs->v[w.added], w.objs->n - w.added);
	unused_read_added(j);
	return true;
}

/* List kind into the snapshot; false (and the kind not ok) when it could not be read. */
static bool list_into(struct ipc_snapshot *s, enum ipc_kind kind)
{
	/* QSIZE reads each queue's file, which stamps its times (lsipc(1)) */
	unsigned int want = kind == IPC_PMSG ? IPC_WANT_QSIZE : 0;
	int r = list_kind(s->l, kind, want, &s->objs[kind]);

	s->k[kind].ok = r == 0;
	return r >= 0;
}

/*
 * List every kind, then judge each object by the rule of --unused after
 * the one process scan, so that none is newer than the scan (as ipcrm
 * does it). The System V sets are listed first: the semaphores of each
 * (one to three semctl() calls apiece, most of the cost) are read by
 * threads while the other kinds are listed and the scan runs (on one CPU,
 * batch by batch as the sets are listed), and the sets are judged after
 * the scan like the rest.
 */
static int collect(struct ipc_snapshot *s)
{
	struct lsipc *l = s->l;
	/* the snapshot's context stands in for the caller's while it is read */
	struct ipc_ctx home = l->ipc;
	struct unused_judge j;
	bool all[IPC_NKINDS];
	int status = EXIT_SUCCESS;

	if (s->ctx != &l->ipc)
		l->ipc = *s->ctx;
	s->lim_ok = ipc_read_limits(&l->ipc, &s->lim) == 0;
	if (!s->lim_ok)
		memset(&s->lim, 0, sizeof(s->lim));
	if (s->shm_elsewhere)
		s->lim.have &= ~(unsigned int)IPC_LIM_PSHM;

	for (size_t i = 0; i < IPC_NKINDS; i++)
		all[i] = kind_here(s, (enum ipc_kind)i);
	unused_judge_init(&j, &l->ipc, all, true);
	if (kind_here(s, IPC_SEM) && !list_sets(s, &j))
		status = EXIT_FAILURE;
	for (size_t i = 0; i < NKINDS; i++)
		if (kinds[i] != IPC_SEM && kind_here(s, kinds[i]) && !list_into(s, kinds[i]))
			status = EXIT_FAILURE;

	/* one scan, after every listing */
	s->scan_ok = unused_scan(&j) == 0;
	if (!s->scan_ok) {
		warnx("cannot read %s for the processes using IPC objects: %s",
		      msg_str(l->ipc.procdir), strerror(-j.scan_err));
		status = EXIT_FAILURE;
	}

	for (size_t i = 0; i < NKINDS; i++) {
		enum ipc_kind kind = kinds[i];
		struct ipc_objs *objs = &s->objs[kind];

		s->unused[kind] = xcalloc(objs->n ? objs->n : 1, sizeof(bool));
		s->k[kind].partial = !s->scan_ok || procscan_partial(&j.ps, kind);
		for (size_t n = 0; n < objs->n; n++)
			account(s, &j, &objs->v[n], n);
	}
	/* what judge_sem() counted of the sets */
	s->k[IPC_SEM].waiting = j.sem_waiters;
	unused_judge_free(&j);
	if (s->ctx != &l->ipc) {
		*s->ctx = l->ipc;
		l->ipc = home;
	}
	return status;
}

static void snapshot_free(struct ipc_snapshot *s)
{
	for (size_t i = 0; i < IPC_NKINDS; i++) {
		ipc_objs_free(&s->objs[i]);
		free(s->unused[i]);
	}
	free(s->owners);
	ipc_hashmap_free(&s->owner_map);
	free(s->container);
	if (s->own_ctx) {
		ipc_ctx_free(s->ctx);
		free(s->ctx);
	}
}

/* ---- the families ---- */

/* The snapshots the families are written from: one, or one per IPC namespace. */
struct emit {
	struct metrics m;
	struct ipc_snapshot *snaps;
	size_t nsnaps;
	const struct opts *o;
};

static void use_snapshot(struct emit *e, const struct ipc_snapshot *s)
{
	e->m.base = s->labels;
	e->m.nbase = s->nlabels;
}

#define KIND(k)	{ "kind", ipc_kind_name(k) }

/* A family of one series per kind of every snapshot: get() says the value, or false for none. */
typedef bool (*kind_value_fn)(const struct ipc_snapshot *s, enum ipc_kind kind, uint64_t *ret);

static void kind_family(struct emit *e, const char *name, const char *help, kind_value_fn get)
{
	metrics_family(&e->m, name, METRICS_GAUGE, help);
	for (size_t i = 0; i < e->nsnaps; i++) {
		use_snapshot(e, &e->snaps[i]);
		for (size_t n = 0; n < NKINDS; n++) {
			struct metrics_label lab[] = { KIND(kinds[n]) };
			uint64_t v;

			if (get(&e->snaps[i], kinds[n], &v))
				metrics_sample(&e->m, name, lab, 1, v);
		}
	}
}

static bool get_objects(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->k[k].objects;
	return s->k[k].ok;
}

static bool get_bytes(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->k[k].bytes;
	return s->k[k].ok && kind_has_bytes(k);
}

static bool get_semaphores(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->k[k].semaphores;
	return s->k[k].ok && k == IPC_SEM;
}

static bool get_unused(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->k[k].unused;
	return s->k[k].ok;
}

static bool get_unused_bytes(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->k[k].unused_bytes;
	return s->k[k].ok && kind_has_bytes(k);
}

static bool get_undecided(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->k[k].undecided;
	return s->k[k].ok;
}

static bool get_oldest(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->k[k].have_oldest ? age_of(s->k[k].oldest, s->ctx->now) : 0;
	return s->k[k].ok;
}

static bool get_waiting(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->k[k].waiting;
	/* System V sets: the kernel's count; the others need the scan */
	return s->k[k].ok && (k == IPC_SEM || s->scan_ok);
}

/* Limits: which kinds have one, and its value. */
static bool lim_have(const struct ipc_snapshot *s, unsigned int bit)
{
	return s->lim_ok && (s->lim.have & bit);
}

static bool get_limit_objects(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	switch (k) {
	case IPC_MSG: *v = s->lim.msgmni; return lim_have(s, IPC_LIM_MSG);
	case IPC_SEM: *v = s->lim.semmni; return lim_have(s, IPC_LIM_SEM);
	case IPC_SHM: *v = s->lim.shmmni; return lim_have(s, IPC_LIM_SHM);
	case IPC_PMSG: *v = s->lim.mq_queues_max; return lim_have(s, IPC_LIM_PMSG);
	default: return false;
	}
}

static bool get_limit_message_bytes(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	switch (k) {
	case IPC_MSG: *v = s->lim.msgmax; return lim_have(s, IPC_LIM_MSG);
	case IPC_PMSG: *v = s->lim.mq_msgsize_max; return lim_have(s, IPC_LIM_PMSG);
	default: return false;
	}
}

static bool get_limit_queue_bytes(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->lim.msgmnb;
	return k == IPC_MSG && lim_have(s, IPC_LIM_MSG);
}

static bool get_limit_queue_messages(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->lim.mq_msg_max;
	return k == IPC_PMSG && lim_have(s, IPC_LIM_PMSG);
}

static bool get_limit_semaphores(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->lim.semmns;
	return k == IPC_SEM && lim_have(s, IPC_LIM_SEM);
}

static bool get_limit_semaphores_per_set(const struct ipc_snapshot *s, enum ipc_kind k,
					 uint64_t *v)
{
	*v = s->lim.semmsl;
	return k == IPC_SEM && lim_have(s, IPC_LIM_SEM);
}

static bool get_limit_segment_bytes(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->lim.shmmax;
	return k == IPC_SHM && lim_have(s, IPC_LIM_SHM);
}

static bool get_limit_bytes(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	uint64_t page = (uint64_t)s->ctx->pagesize;

	if (k != IPC_SHM || !lim_have(s, IPC_LIM_SHM))
		return false;
	/* shmall is in pages; the kernel's default is near 2^64 */
	*v = s->lim.shmall > UINT64_MAX / page ? UINT64_MAX : s->lim.shmall * page;
	return true;
}

/* A family of one series per snapshot, no labels of its own. */
typedef bool (*value_fn)(const struct ipc_snapshot *s, uint64_t *ret);

static void plain_family(struct emit *e, const char *name, const char *help, value_fn get)
{
	metrics_family(&e->m, name, METRICS_GAUGE, help);
	for (size_t i = 0; i < e->nsnaps; i++) {
		uint64_t v;

		use_snapshot(e, &e->snaps[i]);
		if (get(&e->snaps[i], &v))
			metrics_sample(&e->m, name, NULL, 0, v);
	}
}

static bool get_fs_size(const struct ipc_snapshot *s, uint64_t *v)
{
	*v = s->lim.pshm_size;
	return lim_have(s, IPC_LIM_PSHM);
}

static bool get_fs_used(const struct ipc_snapshot *s, uint64_t *v)
{
	*v = s->lim.pshm_used;
	return lim_have(s, IPC_LIM_PSHM);
}

static bool get_scan_partial(const struct ipc_snapshot *s, enum ipc_kind k, uint64_t *v)
{
	*v = s->k[k].partial;
	return kind_here(s, k);
}

static void info_family(struct emit *e)
{
	struct metrics_label lab[] = {
		{ "version", PACKAGE_VERSION }, { "compat_version", COMPAT_VERSION },
	};

	metrics_family(&e->m, "ipcbox_info", METRICS_GAUGE,
		       "ipcbox's version, and the util-linux version it is compatible with; always 1");
	e->m.base = NULL;
	e->m.nbase = 0;
	metrics_sample(&e->m, "ipcbox_info", lab, 2, 1);
}

static void success_family(struct emit *e)
{
	static const char name[] = "ipcbox_scrape_success";

	metrics_family(&e->m, name, METRICS_GAUGE,
		       "Whether each part of the state could be read (1) or not (0): the "
		       "kernel limits, each kind, the process scan, the /dev/shm filesystem");
	for (size_t i = 0; i < e->nsnaps; i++) {
		const struct ipc_snapshot *s = &e->snaps[i];
		struct metrics_label lab[] = { { "part", "limits" } };

		use_snapshot(e, s);
		metrics_sample(&e->m, name, lab, 1, s->lim_ok);
		for (size_t n = 0; n < NKINDS; n++) {
			if (!kind_here(s, kinds[n]))
				continue;
			lab[0].value = ipc_kind_name(kinds[n]);
			metrics_sample(&e->m, name, lab, 1, s->k[kinds[n]].ok);
		}
		lab[0].value = "processes";
		metrics_sample(&e->m, name, lab, 1, s->scan_ok);
		lab[0].value = "shm_filesystem";
		if (!s->shm_elsewhere)
			metrics_sample(&e->m, name, lab, 1, lim_have(s, IPC_LIM_PSHM));
	}
}

static void owner_family(struct emit *e, const char *name, const char *help, bool bytes)
{
	metrics_family(&e->m, name, METRICS_GAUGE, help);
	for (size_t i = 0; i < e->nsnaps; i++) {
		struct ipc_snapshot *s = &e->snaps[i];

		use_snapshot(e, s);
		for (size_t n = 0; n < s->nowners; n++) {
			const struct owner_stats *ow = &s->owners[n];
			const char *user = ipc_user_name(s->ctx, ow->uid);
			char uid[16];
			struct metrics_label lab[] = {
				KIND(ow->kind), { "uid", uid }, { "user", user ? user : "" },
			};

			if (bytes && !kind_has_bytes(ow->kind))
				continue;
			snprintf(uid, sizeof(uid), "%u", (unsigned int)ow->uid);
			metrics_sample(&e->m, name, lab, 3, bytes ? ow->bytes : ow->objects);
		}
	}
}

/* ---- per-object series (--metrics-objects) ---- */

struct obj_ref {
	const struct ipc_snapshot *s;
	const struct ipc_obj *o;
	bool unused;
};

/* Largest first, then by kind and id or name: the same choice every run. */
static int cmp_obj_ref(const void *a, const void *b)
{
	const struct obj_ref *x = a, *y = b;
	uint64_t bx = obj_bytes(x->o), by = obj_bytes(y->o);

	if (bx != by)
		return bx < by ? 1 : -1;
	if (x->o->kind != y->o->kind)
		return x->o->kind < y->o->kind ? -1 : 1;
	if (x->o->name || y->o->name)
		return strcmp(x->o->name ? x->o->name : "", y->o->name ? y->o->name : "");
	return (x->o->id > y->o->id) - (x->o->id < y->o->id);
}

static void object_families(struct emit *e)
{
	static const struct {
		const char *name, *help;
	} fam[] = {
		{ "ipcbox_object_bytes",
		  "Bytes one object holds (segment size, bytes queued, file size)" },
		{ "ipcbox_object_unused",
		  "Whether no process uses or waits on the object, by the rule of ipcrm --unused (1) or not (0)" },
		{ "ipcbox_object_age_seconds",
		  "Seconds since the object last changed (System V: change time, POSIX: modification time)" },
	};
	struct obj_ref *refs = NULL;
	size_t n = 0, cap = 0, shown;

	for (size_t i = 0; i < e->nsnaps; i++)
		for (size_t k = 0; k < IPC_NKINDS; k++)
			for (size_t x = 0; x < e->snaps[i].objs[k].n; x++) {
				if (!ARRAY_GROW(refs, n, cap, 64))
					xalloc_die();
				refs[n++] = (struct obj_ref){ &e->snaps[i], &e->snaps[i].objs[k].v[x],
							      e->snaps[i].unused[k][x] };
			}
	if (n)
		qsort(refs, n, sizeof(*refs), cmp_obj_ref);
	shown = n < e->o->metrics_max ? n : e->o->metrics_max;

	for (size_t f = 0; f < sizeof(fam) / sizeof(fam[0]); f++) {
		metrics_family(&e->m, fam[f].name, METRICS_GAUGE, fam[f].help);
		for (size_t i = 0; i < shown; i++) {
			const struct ipc_obj *o = refs[i].o;
			const char *user = ipc_user_name(refs[i].s->ctx, o->uid);
			char id[16] = "", key[FMT_BUFSZ] = "", uid[16];
			struct metrics_label lab[] = {
				KIND(o->kind), { "id", id }, { "key", key },
				{ "name", o->name ? o->name : "" }, { "uid", uid },
				{ "user", user ? user : "" },
			};
			uint64_t v = f == 0 ? obj_bytes(o) : f == 1 ? refs[i].unused :
				     age_of(ipc_obj_changed(o), refs[i].s->ctx->now);

			if (!ipc_kind_is_posix(o->kind)) {
				snprintf(id, sizeof(id), "%d", o->id);
				fmt_key(key, sizeof(key), o->key);
			}
			snprintf(uid, sizeof(uid), "%u", (unsigned int)o->uid);
			use_snapshot(e, refs[i].s);
			metrics_sample(&e->m, fam[f].name, lab, 6, v);
		}
	}
	metrics_family(&e->m, "ipcbox_object_series_omitted", METRICS_GAUGE,
		       "Objects left out of the per-object series by the --metrics-objects maximum");
	e->m.base = NULL;
	e->m.nbase = 0;
	metrics_sample(&e->m, "ipcbox_object_series_omitted", NULL, 0, n - shown);
	free(refs);
}

static void emit_all(struct emit *e)
{
	info_family(e);
	success_family(e);
	kind_family(e, "ipcbox_process_scan_partial",
		    "Whether processes that may use the kind could not be seen or read (1): its "
		    "unused objects are then kept as undecided and waiting counts may be low",
		    get_scan_partial);
	kind_family(e, "ipcbox_objects", "IPC objects that exist, by kind", get_objects);
	kind_family(e, "ipcbox_bytes", "Bytes in use: System V segment sizes and bytes queued, "
		    "POSIX shm file sizes and bytes queued (QSIZE)", get_bytes);
	kind_family(e, "ipcbox_semaphores", "Semaphores in all System V semaphore sets",
		    get_semaphores);
	kind_family(e, "ipcbox_limit_objects", "Kernel limit on the number of objects "
		    "(msgmni, semmni, shmmni, fs.mqueue.queues_max)", get_limit_objects);
	kind_family(e, "ipcbox_limit_semaphores", "Kernel limit on all semaphores (semmns)",
		    get_limit_semaphores);
	kind_family(e, "ipcbox_limit_semaphores_per_set", "Kernel limit on semaphores in one "
		    "set (semmsl)", get_limit_semaphores_per_set);
	kind_family(e, "ipcbox_limit_message_bytes", "Kernel limit on the size of one message "
		    "(msgmax, fs.mqueue.msgsize_max)", get_limit_message_bytes);
	kind_family(e, "ipcbox_limit_queue_bytes", "Default limit on the bytes one System V "
		    "queue holds (msgmnb)", get_limit_queue_bytes);
	kind_family(e, "ipcbox_limit_queue_messages", "Kernel limit on the messages one POSIX "
		    "queue holds (fs.mqueue.msg_max)", get_limit_queue_messages);
	kind_family(e, "ipcbox_limit_segment_bytes", "Kernel limit on the size of one System V "
		    "segment (shmmax)", get_limit_segment_bytes);
	kind_family(e, "ipcbox_limit_bytes", "Kernel limit on the bytes of all System V "
		    "segments (shmall pages)", get_limit_bytes);
	plain_family(e, "ipcbox_shm_filesystem_size_bytes", "Size of the filesystem of POSIX "
		     "shared memory and semaphores (/dev/shm)", get_fs_size);
	plain_family(e, "ipcbox_shm_filesystem_used_bytes", "Bytes used on the filesystem of "
		     "POSIX shared memory and semaphores (/dev/shm)", get_fs_used);
	kind_family(e, "ipcbox_unused_objects", "Objects that no process uses or waits on, by "
		    "the fail-safe rule of ipcrm --unused: the leak signal", get_unused);
	kind_family(e, "ipcbox_unused_bytes", "Bytes held by the unused objects", get_unused_bytes);
	kind_family(e, "ipcbox_unused_oldest_age_seconds", "Seconds since the oldest unused object "
		    "last changed; 0 when none is unused", get_oldest);
	kind_family(e, "ipcbox_unused_undecided_objects", "Objects the rule of ipcrm --unused "
		    "keeps because it cannot tell whether they are used", get_undecided);
	kind_family(e, "ipcbox_waiting_processes", "Processes blocked on an object of the kind "
		    "(System V sets: the kernel's count; others: the process scan)", get_waiting);
	owner_family(e, "ipcbox_owner_objects", "Objects by kind and owner", false);
	owner_family(e, "ipcbox_owner_bytes", "Bytes in use by kind and owner", true);
	if (e->o->metrics_objects)
		object_families(e);
}

/* ---- where the text goes ---- */

/*
 * Write the metrics to path through a temporary file in its directory:
 * written, flushed, fsync'd, mode 0644, then renamed over path, so that a
 * reader sees the old file or the new one, never a part. Any failure
 * leaves path as it was. Returns 0 or -errno (*ret_what: the step).
 */
static int write_file(struct emit *e, const char *path, const char **ret_what)
{
	_cleanup_free_ char *dir = xstrdup(path), *base = xstrdup(path), *tmp = NULL;
	_cleanup_free_ char *text = NULL;
	_cleanup_close_ int fd = -1, dfd = -1;
	size_t len = 0;
	FILE *mem;
	int r = 0;

	/* the whole text first, in memory: each write error then has its errno */
	mem = open_memstream(&text, &len);
	if (!mem)
		xalloc_die();
	e->m.out = mem;
	emit_all(e);
	if (fclose(mem) != 0)
		xalloc_die();

	/* not ending in .prom: the textfile collector ignores it meanwhile */
	tmp = xasprintf("%s/.%s.XXXXXX", dirname(dir), basename(base));
	*ret_what = "a temporary file beside it";
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	*ret_what = "write";
	r = ipc_write_full(fd, text, len);
	if (r == 0 && fchmod(fd, 0644) < 0) {
		*ret_what = "chmod";
		r = -errno;
	}
	if (r == 0 && fsync(fd) < 0) {
		*ret_what = "fsync";
		r = -errno;
	}
	if (r == 0) {
		int c = close(fd);

		fd = -1;
		if (c < 0) {
			*ret_what = "close";
			r = -errno;
		}
	}
	if (r == 0 && rename(tmp, path) < 0) {
		*ret_what = "rename";
		r = -errno;
	}
	if (r < 0) {
		unlink(tmp);
		return r;
	}
	/* the rename itself on disk; a failure here cannot undo it */
	dfd = open(dirname(tmp), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0)
		(void)fsync(dfd);
	return 0;
}

/*
 * --all-namespaces: one snapshot per IPC namespace, each read through a
 * context of its own and labelled with its inode and container. POSIX shm
 * and semaphores with the first namespace of each shm filesystem (those
 * that share a /dev/shm share its objects). A namespace that cannot be
 * entered is told of and left out. Returns the exit status.
 */
static int collect_all_ns(struct lsipc *l, const struct opts *o, struct emit *e)
{
	struct ipc_nslist nl;
	_cleanup_free_ uint64_t *devs = NULL;
	size_t ndevs = 0, denied = 0;
	int status = EXIT_SUCCESS, why = 0;

	ns_list(l, &nl);
	devs = xcalloc(nl.n ? nl.n : 1, sizeof(*devs));
	e->snaps = xcalloc(nl.n ? nl.n : 1, sizeof(*e->snaps));
	for (size_t i = 0; i < nl.n; i++) {
		const struct ipc_nsent *ent = &nl.v[i];
		struct ipc_snapshot *s = &e->snaps[e->nsnaps];
		struct ipc_ctx *ctx = xcalloc(1, sizeof(*ctx));

		if (!ns_ctx_walk_open(ent, ctx, &denied, &why)) {
			free(ctx);
			continue;
		}
		*s = (struct ipc_snapshot){ .l = l, .ctx = ctx, .own_ctx = true };
		s->shm_elsewhere = ns_shm_seen(ctx, devs, &ndevs);
		if (ent->pid && ipc_pid_container(&l->ipc, ent->pid, &s->container) < 0)
			xalloc_die();
		snprintf(s->ns, sizeof(s->ns), "%" PRIu64, ent->ino);
		s->labels[0] = (struct metrics_label){ "ns", s->ns };
		s->labels[1] = (struct metrics_label){ "container",
						       s->container ? s->container : "" };
		s->nlabels = 2;
		e->nsnaps++;
		if (collect(s) != EXIT_SUCCESS)
			status = EXIT_FAILURE;
	}
	if (denied) {
		warnx("%zu of %zu IPC namespaces could not be read (%s); they have no series",
		      denied, nl.n, strerror(why));
		status = EXIT_FAILURE;
	}
	ipc_nslist_free(&nl);
	return status;
}

int show_metrics(struct lsipc *l, const struct opts *o)
{
	struct ipc_snapshot snap = { .l = l, .ctx = &l->ipc };
	struct emit e = { .snaps = &snap, .nsnaps = 1, .o = o };
	int status, r;

	if (o->all_namespaces) {
		e.nsnaps = 0;
		status = collect_all_ns(l, o, &e);
	} else {
		status = collect(&snap);
	}
	metrics_init(&e.m, stdout);
	if (o->metrics_file) {
		const char *what;

		r = write_file(&e, o->metrics_file, &what);
		if (r < 0) {
			warnx("cannot write %s (%s): %s; the old file is left as it was",
			      msg_str(o->metrics_file), what, strerror(-r));
			status = EXIT_FAILURE;
		}
	} else {
		emit_all(&e);
	}
	for (size_t i = 0; i < e.nsnaps; i++)
		snapshot_free(&e.snaps[i]);
	if (e.snaps != &snap)
		free(e.snaps);
	return status;
}
