// SPDX-License-Identifier: GPL-2.0-or-later
/* The fail-safe rule of "unused", one source for ipcrm --unused and the metrics of lsipc. */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "array.h"
#include "cleanup.h"
#include "cmd/common.h"
#include "cmd/unused.h"
#include "cmd/xalloc.h"

void unused_judge_init(struct unused_judge *j, struct ipc_ctx *ctx, const bool *kinds,
		       bool quiet)
{
	*j = (struct unused_judge){ .ctx = ctx, .quiet = quiet };
	memcpy(j->kinds, kinds, sizeof(j->kinds));
	j->sees_all = procscan_sees_all(ctx);
	j->pids_ours = procscan_pids_are_ours(ctx);
}

static void drop_read_sets(struct unused_judge *j)
{
	sysv_sem_use_finish(j->ctx, &j->reading);
	sysv_sem_use_free(j->pre, j->nread);
	free(j->pre);
	j->pre = NULL;
	j->npre = j->nread = j->pre_next = j->cap = 0;
}

void unused_judge_free(struct unused_judge *j)
{
	drop_read_sets(j);
	procscan_free(&j->ps);
}

/* Whether the scan reads every thread's blocking system call: for System V queues and sets. */
static bool scan_reads_waits(const struct unused_judge *j)
{
	return j->kinds[IPC_MSG] || j->kinds[IPC_SEM];
}

/*
 * The one process scan: maps and descriptors for the POSIX kinds, every
 * thread's blocking system call for System V queues and sets.
 */
int unused_scan(struct unused_judge *j)
{
	bool posix = j->kinds[IPC_PSHM] || j->kinds[IPC_PMSG] || j->kinds[IPC_PSEM];
	unsigned int flags = 0;

	if (j->scanned)
		return j->scan_err;
	j->scanned = true;
	if (posix)
		flags |= PROCSCAN_ALL;
	if (scan_reads_waits(j))
		flags |= PROCSCAN_WAITS;
	if (!posix)
		flags |= PROCSCAN_SYSV_ONLY;
	j->scan_time = time(NULL);
	j->scan_err = procscan_run(j->ctx, flags, &j->ps);
	if (j->scan_err < 0 && !j->quiet)
		warnx("cannot scan %s for the processes that use IPC objects: %s; "
		      "--unused keeps the objects it would need it for",
		      j->ctx->procdir, strerror(-j->scan_err));
	return j->scan_err;
}

/* Write why the verdict is what it is; nothing when the caller wants no
 * reason (size 0: the metrics judge every object and print no reason). */
__attribute__((format(printf, 3, 4)))
static void say(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!size)
		return;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
}

/* "mapped by process 12", "open,waiting by processes 12, 34 and 2 more" */
static void describe_users(const struct procscan_entry *e, char *buf, size_t size)
{
	unsigned int how = 0;
	char hows[48];

	if (!size)
		return;
	for (size_t i = 0; i < e->nusers; i++)
		how |= e->users[i].how;
	procscan_how_str(how, hows, sizeof(hows));
	if (e->nusers == 1)
		snprintf(buf, size, "%s by process %d", hows, (int)e->users[0].pid);
	else if (e->nusers == 2)
		snprintf(buf, size, "%s by processes %d and %d", hows,
			 (int)e->users[0].pid, (int)e->users[1].pid);
	else
		snprintf(buf, size, "%s by processes %d, %d and %zu more", hows,
			 (int)e->users[0].pid, (int)e->users[1].pid, e->nusers - 2);
}

/* What the process scan says of o: its users, or why it cannot tell. */
static enum verdict scan_verdict(struct unused_judge *j, const struct ipc_obj *o,
				 char *why, size_t size)
{
	const struct procscan_entry *e;

	if (unused_scan(j) < 0) {
		say(why, size, "cannot tell: the process scan failed: %s",
			 strerror(-j->scan_err));
		return UNKNOWN;
	}
	e = procscan_find_obj(&j->ps, o);
	if (e && e->nusers) {
		describe_users(e, why, size);
		return IN_USE;
	}
	if (!procscan_partial(&j->ps, o->kind))
		return UNUSED;
	if (j->ps.hidden) {
		if (!j->said_hidden[o->kind] && !j->quiet)
			warnx("processes outside this PID namespace cannot be seen; "
			      "--unused keeps the %s they may use", ipc_kind_plural(o->kind));
		j->said_hidden[o->kind] = true;
		say(why, size, "cannot tell: processes outside this PID namespace may use it");
		return UNSEEN;
	}
	if (!j->said_unreadable[o->kind] && !j->quiet)
		warnx("cannot read %zu of %zu processes (%s); --unused keeps the %s they "
		      "may use", procscan_unseen(&j->ps, o->kind), j->ps.nprocs,
		      strerror(j->ps.errnum), ipc_kind_plural(o->kind));
	j->said_unreadable[o->kind] = true;
	/* strerror() costs more than the rest of a verdict: only when said */
	if (size)
		say(why, size, "cannot tell: %zu processes could not be read (%s)",
		    procscan_unseen(&j->ps, o->kind), strerror(j->ps.errnum));
	return UNKNOWN;
}

/*
 * What a pid a System V object records says: what the last process did
 * (what, "sent to it last"), and whether the object was ever used that way
 * (used: its time for that is set).
 */
static enum verdict pid_verdict(struct unused_judge *j, pid_t pid, bool used, const char *what,
				char *why, size_t size)
{
	if (pid > 0) {
		if (procscan_pid_exists(j->ctx, pid)) {
			say(why, size, "process %d %s and is running", (int)pid, what);
			return IN_USE;
		}
		if (!j->pids_ours) {
			say(why, size, "cannot tell: process %d %s, and this /proc "
				 "may not show it", (int)pid, what);
			return UNSEEN;
		}
		return UNUSED;
	}
	/* the kernel reports 0 for a process outside our PID namespace; in the
	 * initial one, where every process is visible, 0 means "nobody yet" */
	if (used && !j->sees_all) {
		say(why, size, "cannot tell: a process outside this PID namespace "
			 "(pid 0) %s", what);
		return UNSEEN;
	}
	return UNUSED;
}

/* What of scan_sees_sem_waiters() is known before the scan runs. */
static bool scan_may_see_sem_waiters(const struct unused_judge *j)
{
	return scan_reads_waits(j) && procscan_knows_every_abi();
}

/*
 * Whether the process scan saw every thread that may be blocked on set o:
 * it read every thread's system call of every process of the system (none
 * hidden, none unreadable), understands every ABI the kernel runs, and
 * began after the set last changed (a set made since may have waiters the
 * scan never saw). The kernel's counts are then not needed; otherwise
 * they are asked.
 */
static bool scan_sees_sem_waiters(struct unused_judge *j, const struct ipc_obj *o)
{
	return unused_scan(j) == 0 && scan_may_see_sem_waiters(j) &&
	       !procscan_partial(&j->ps, IPC_SEM) && o->ctime < j->scan_time;
}

/* Whether to ask the waiter counts of set o read ahead (see unused_add_sets()). */
static bool wants_waiters(struct unused_judge *j, const struct ipc_obj *o)
{
	if (j->scanned)
		return !scan_sees_sem_waiters(j, o);
	/* before the scan, what is known of it, and a guess: a process we
	 * cannot see, or a process 1 whose threads we may not read, makes it
	 * partial. A wrong guess costs time, never a verdict: judge_sem()
	 * then reads the set again */
	if (!j->guessed) {
		j->guess = !scan_may_see_sem_waiters(j) || !j->sees_all ||
			   procscan_likely_partial(j->ctx);
		j->guessed = true;
	}
	return j->guess;
}

void unused_add_sets(struct unused_judge *j, const struct ipc_obj *sets, size_t n)
{
	/* the threads own what they read until they are done */
	sysv_sem_use_finish(j->ctx, &j->reading);
	for (size_t i = 0; i < n; i++) {
		if (!ARRAY_GROW(j->pre, j->npre, j->cap, 1024))
			xalloc_die();
		j->pre[j->npre++] = (struct ipc_sem_use){
			.id = sets[i].id, .nsems = sets[i].sem.nsems,
			.want_waiters = wants_waiters(j, &sets[i]),
		};
	}
	/* with no other CPU to read them meanwhile, now: the kernel's data of
	 * the sets just listed are still in cache */
	if (!sysv_sem_use_parallel())
		unused_read_added(j);
}

void unused_read_added(struct unused_judge *j)
{
	sysv_sem_use_finish(j->ctx, &j->reading);
	if (j->nread < j->npre)
		sysv_sem_use_start(j->ctx, j->pre + j->nread, j->npre - j->nread, &j->reading);
	j->nread = j->npre;
}

/*
 * What unused_add_sets() read of o, when it is the next set it read and
 * has what judge_sem() wants (the pids; the waiter counts unless the scan
 * gives them), after the threads reading it are done.
 */
static struct ipc_sem_use *read_ahead(struct unused_judge *j, const struct ipc_obj *o,
				      bool scanned)
{
	struct ipc_sem_use *u;

	if (j->pre_next >= j->nread)
		return NULL;
	sysv_sem_use_finish(j->ctx, &j->reading);
	u = &j->pre[j->pre_next];
	if (u->id != o->id || u->nsems != o->sem.nsems)
		return NULL;
	j->pre_next++;
	/* read without the waiter counts the scan turned out not to give */
	if (!scanned && !u->want_waiters)
		return NULL;
	return u;
}

/*
 * A set is in use while a process is blocked on it, or while the last
 * process that operated on one of its semaphores runs. The blocked ones
 * come from the process scan when it saw every thread (one GETPID per
 * semaphore), else from the kernel's GETNCNT and GETZCNT of each, which
 * count processes we cannot see too.
 */
static enum verdict judge_sem(struct unused_judge *j, const struct ipc_obj *o, char *why,
			      size_t size)
{
	_cleanup_free_ pid_t *pids = NULL;
	bool scanned = scan_sees_sem_waiters(j, o);
	struct ipc_sem_use *ahead = read_ahead(j, o, scanned);
	enum verdict v = UNUSED;
	uint64_t waiters = 0;
	int r;

	if (ahead) {
		r = ahead->r;
		pids = TAKE_PTR(ahead->pids);
		waiters = ahead->waiters;
	} else {
		r = sysv_sem_use(j->ctx, o->id, o->sem.nsems, &pids,
				 scanned ? NULL : &waiters);
	}
	if (scanned)
		waiters = procscan_count(procscan_find_obj(&j->ps, o), PROCSCAN_WAITING);
	if (r == -ENOENT)
		return GONE;
	if (r < 0) {
		say(why, size, "cannot tell: its semaphores cannot be read: %s",
			 strerror(-r));
		return UNKNOWN;
	}
	j->sem_waiters += waiters;
	if (waiters) {
		say(why, size, "%" PRIu64 " %s blocked on it", waiters,
			 waiters == 1 ? "process is" : "processes are");
		return IN_USE;
	}
	/* a leaked set's semaphores mostly name one pid: look at it once */
	for (size_t i = 0; i < o->sem.nsems && v == UNUSED; i++)
		if (i == 0 || pids[i] != pids[i - 1])
			v = pid_verdict(j, pids[i], o->sem.otime != 0, "operated on it last",
					why, size);
	return v;
}

enum verdict unused_verdict(struct unused_judge *j, const struct ipc_obj *o, char *why,
			    size_t size)
{
	enum verdict v;

	switch (o->kind) {
	case IPC_SHM:
		/* the kernel counts every attachment, seen or not */
		if (!o->shm.nattch)
			return UNUSED;
		say(why, size, "attached %" PRIu64 " %s", o->shm.nattch,
			 o->shm.nattch == 1 ? "time" : "times");
		return IN_USE;
	case IPC_SEM:
		return judge_sem(j, o, why, size);
	case IPC_MSG:
		v = pid_verdict(j, o->msg.lspid, o->msg.stime != 0, "sent to it last", why, size);
		/* the same process both ways: its verdict is given (0 is not one) */
		if (v == UNUSED && (o->msg.lrpid != o->msg.lspid || o->msg.lrpid <= 0))
			v = pid_verdict(j, o->msg.lrpid, o->msg.rtime != 0,
					"received from it last", why, size);
		/* a blocked msgrcv/msgsnd shows only in the process scan */
		return v == UNUSED ? scan_verdict(j, o, why, size) : v;
	default:
		return scan_verdict(j, o, why, size);
	}
}
