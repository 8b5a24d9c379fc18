/* SPDX-License-Identifier: GPL-2.0-or-later */
/* REMOVEIPC: lsipc's column, its explanation in detail views, the -g row, and ipcmk's note. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/common.h"
#include "cmd/logind.h"
#include "cmd/lsipc.h"
#include "cmd/xalloc.h"
#include "cleanup.h"
#include "ipc.h"
#include "removeipc.h"

#define OBJ(row) ((const struct ipc_obj *)(row))

/* The configuration of l's context, read once; NULL when it cannot be (told once). */
static struct ipc_logind *logind_of(struct lsipc *l)
{
	struct ipc_logind lg;
	int r;

	if (l->logind || l->logind_failed)
		return l->logind;
	r = ipc_logind_read(l->ipc.root, &lg);
	if (r == -ENOMEM)
		xalloc_die();
	if (r < 0) {
		l->logind_failed = true;
		warnx("cannot read the systemd-logind configuration: %s; REMOVEIPC is empty",
		      strerror(-r));
		return NULL;
	}
	l->logind = xcalloc(1, sizeof(*l->logind));
	*l->logind = lg;
	return l->logind;
}

void removeipc_free(struct lsipc *l)
{
	if (l->logind)
		ipc_logind_free(l->logind);
	free(l->logind);
	l->logind = NULL;
}

/* The verdict on o; false when it cannot be told. */
static bool verdict_of(struct lsipc *l, const struct ipc_obj *o, struct ipc_rmipc_verdict *ret)
{
	struct ipc_logind *lg = logind_of(l);

	if (!lg)
		return false;
	ipc_removeipc(lg, &l->ipc, o, ret);
	return ret->why != IPC_RMIPC_WHY_NO_OWNER;
}

struct val get_removeipc(void *c, const void *r)
{
	struct ipc_rmipc_verdict v;

	struct val val;

	if (!verdict_of(L(c), OBJ(r), &v))
		return val_null();
	val = val_text(ipc_rmipc_str(v.verdict));
	/* where nothing runs logind a detail view stays util-linux's */
	val.blank = v.why == IPC_RMIPC_WHY_NOT_BOOTED;
	return val;
}

/* "bob (uid 1000)", or "uid 1000" without a name; malloc'd */
static char *owner_words(const struct ipc_rmipc_verdict *v, uid_t uid)
{
	if (v->user)
		return xasprintf("%s (uid %u)", v->user, (unsigned int)uid);
	return xasprintf("uid %u (no user name)", (unsigned int)uid);
}

/* Where RemoveIPC= came from: "/etc/systemd/logind.conf, line 3" or the default. */
static char *setting_words(const struct ipc_logind *lg)
{
	if (!lg->remove_ipc_file)
		return xstrdup("systemd's default, no logind.conf sets it");
	return xasprintf("%s, line %u", lg->remove_ipc_file, lg->remove_ipc_line);
}

/* Where the system-uid boundary came from. */
static char *boundary_words(const struct ipc_logind *lg)
{
	switch (lg->uid_max_src) {
	case IPC_UIDMAX_SYSTEMD:
		return xasprintf("system_uid_max of %s", lg->uid_max_file);
	case IPC_UIDMAX_LOGIN_DEFS:
		return xasprintf("SYS_UID_MAX of %s", lg->uid_max_file);
	case IPC_UIDMAX_BUILTIN:
		break;
	}
	return xstrdup("the built-in default; neither systemd.pc nor login.defs says");
}

/* The verdict in words, malloc'd: what decided it and where that came from. */
static char *why_words(const struct ipc_logind *lg, const struct ipc_obj *o,
		       const struct ipc_rmipc_verdict *v)
{
	_cleanup_free_ char *who = NULL, *set = setting_words(lg), *bound = boundary_words(lg);

	if (o->have & IPC_HAVE_OWNER)
		who = owner_words(v, o->uid);
	switch (v->why) {
	case IPC_RMIPC_WHY_NOT_BOOTED:
		return xstrdup("no: systemd does not run this system (no /run/systemd/system), "
			       "so no systemd-logind removes anything");
	case IPC_RMIPC_WHY_DISABLED:
		return xasprintf("no: RemoveIPC=no (%s)", set);
	case IPC_RMIPC_WHY_NO_OWNER:
		return xstrdup("unknown: the owner could not be read");
	case IPC_RMIPC_WHY_ROOT:
		return xstrdup("no: owned by root, whose objects logind never removes");
	case IPC_RMIPC_WHY_SYSTEM_USER:
		return xasprintf("no: owner %s is a system user (uid at most %u, %s)", who,
				 (unsigned int)lg->sys_uid_max, bound);
	case IPC_RMIPC_WHY_LINGERS:
		return xasprintf("no: owner %s lingers (/var/lib/systemd/linger/%s exists), so "
				 "its sessions never all end", who, v->user);
	case IPC_RMIPC_WHY_REMOVED:
		break;
	}
	return xasprintf("%s: removed when the last session of %s ends%s: RemoveIPC=yes (%s); "
			 "uid above %u (%s); not lingering",
			 ipc_rmipc_str(v->verdict), who,
			 v->verdict == IPC_RMIPC_DETACHED ?
				 ", once no process is attached (attached now)" : "",
			 set, (unsigned int)lg->sys_uid_max, bound);
}

static struct val get_removeipc_why(void *c, const void *r)
{
	struct ipc_rmipc_verdict v;
	struct val val;

	if (!logind_of(L(c)))
		return val_null();
	ipc_removeipc(L(c)->logind, &L(c)->ipc, OBJ(r), &v);
	/* owner names and file names come from the system: escaped */
	val = (struct val){ .type = VAL_STR, .blank = v.why == IPC_RMIPC_WHY_NOT_BOOTED };
	val.s = val.owned = why_words(L(c)->logind, OBJ(r), &v);
	return val;
}

static const struct tbl_column why_column = {
	"REMOVEIPC-WHY", "Why", NULL, 1, 0, 0, 0, get_removeipc_why
};

void removeipc_add_why(struct tbl *t, const struct lsipc *l, const struct colset *cs)
{
	if (colset_has(cs, COL_REMOVEIPC) && (l->mode == TBL_JSON || l->mode == TBL_PRETTY) &&
	    tbl_add_column(t, &why_column) < 0)
		xalloc_die();
}

struct count_walk {
	struct lsipc *l;
	uint64_t n;
};

static int count_one(struct ipc_obj *o, void *data)
{
	struct count_walk *cw = data;
	struct ipc_rmipc_verdict v;

	ipc_removeipc(cw->l->logind, &cw->l->ipc, o, &v);
	cw->n += v.verdict != IPC_RMIPC_NO;
	return 0;
}

bool removeipc_count(struct lsipc *l, uint64_t *ret)
{
	struct ipc_logind *lg = logind_of(l);
	struct count_walk cw = { l, 0 };

	if (!lg)
		return false;
	/* nothing is removed: no need to list anything */
	if (lg->booted && lg->remove_ipc) {
		for (int k = 0; k < IPC_NKINDS; k++) {
			int r = ipc_walk(&l->ipc, k, 0, count_one, &cw);

			if (r == -ENOMEM)
				xalloc_die();
			/* an absent facility holds nothing; a failure was told by the count */
			if (r < 0 && r != -ENOENT)
				return false;
		}
	}
	*ret = cw.n;
	return true;
}

void removeipc_note(struct ipc_ctx *ctx, const struct ipc_obj *objs, size_t n)
{
	struct ipc_logind lg;
	struct ipc_rmipc_verdict v = { 0 };
	const struct ipc_obj *hit = NULL;

	if (n > 0 && ipc_logind_read(ctx->root, &lg) == 0) {
		for (size_t i = 0; i < n && !hit; i++) {
			ipc_removeipc(&lg, ctx, &objs[i], &v);
			if (v.verdict != IPC_RMIPC_NO)
				hit = &objs[i];
		}
		if (hit) {
			_cleanup_free_ char *who = owner_words(&v, hit->uid);
			_cleanup_free_ char *set = setting_words(&lg);
			const char *name = v.user ? msg_str(v.user) : "USER";

			warnx("note: systemd-logind removes %s when the last session of %s ends "
			      "(RemoveIPC=yes: %s); to keep %s, create %s as a system user, "
			      "enable lingering ('loginctl enable-linger %s') or set RemoveIPC=no",
			      n > 1 ? "these objects" : "this object", msg_str(who), msg_str(set),
			      n > 1 ? "them" : "it", n > 1 ? "them" : "it", name);
		}
		ipc_logind_free(&lg);
	}
}
