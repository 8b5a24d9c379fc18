/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fail-safe rule of "unused": whether an object can be shown to be used by nobody (ipcrm --unused, lsipc --metrics). */
#ifndef IPCBOX_UNUSED_H
#define IPCBOX_UNUSED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc.h"
#include "procscan.h"
#include "semuse.h"

/* What the rule makes of an object. */
enum verdict {
	UNUSED,		/* nothing uses it, as far as can be shown */
	GONE,		/* it vanished meanwhile: nothing to say */
	IN_USE,		/* something uses or waits on it */
	UNSEEN,		/* a process we cannot see may use it: treat as used */
	UNKNOWN,	/* we could not find out: treat as used (ipcrm exits 1) */
};

/*
 * One judgement run over a context: the one process scan, taken when the
 * first object needs it (after every candidate has been listed, so that no
 * object judged is newer than the scan), and what was said about it.
 */
struct unused_judge {
	struct ipc_ctx *ctx;
	bool kinds[IPC_NKINDS];	/* the kinds that will be judged: what the scan reads */
	bool quiet;		/* tell nothing on stderr (the metrics count instead) */
	bool sees_all;		/* procscan_sees_all() */
	bool pids_ours;		/* procscan_pids_are_ours() */
	bool scanned;
	int64_t scan_time;	/* when it began (seconds, as IPC change times) */
	int scan_err;		/* of the one process scan */
	struct procscan ps;
	bool said_hidden[IPC_NKINDS], said_unreadable[IPC_NKINDS];
	/* the processes blocked on the sets judged, summed (see judge_sem) */
	unsigned long long sem_waiters;
	/* the sets read ahead (unused_add_sets()), judged in that order:
	 * pre[0..nread) read or being read by reading, up to npre added */
	struct ipc_sem_use *pre;
	size_t npre, nread, pre_next, cap;
	struct ipc_sem_reading reading;
	bool guessed, guess;		/* the scan's partiality, before it ran */
};

/*
 * Start a judgement over ctx for the kinds set in kinds (copied); quiet:
 * no warnings on stderr. Free with unused_judge_free().
 */
void unused_judge_init(struct unused_judge *j, struct ipc_ctx *ctx, const bool *kinds,
		       bool quiet);
void unused_judge_free(struct unused_judge *j);

/*
 * The process scan of the judgement, run once on first use. Returns 0 or
 * -errno (told once on stderr unless quiet).
 */
int unused_scan(struct unused_judge *j);

/*
 * Read ahead what the rule needs of semaphore sets, for unused_verdict()
 * to judge them next, in the order added; a set judged otherwise is read
 * when judged. unused_add_sets() adds n sets (copied: id and size), and
 * reads them at once when no other CPU could read them meanwhile (the
 * kernel's data of sets just listed are in cache); unused_read_added()
 * starts threads reading the rest in the background
 * (sysv_sem_use_start()) while the caller goes on, say listing other
 * kinds; the first verdict waits for them. Sets may be added before the
 * process scan: whether to ask the kernel's waiter counts is then guessed,
 * and a set read without counts the scan turns out not to give is read
 * again when judged.
 */
void unused_add_sets(struct unused_judge *j, const struct ipc_obj *sets, size_t n);
void unused_read_added(struct unused_judge *j);

/*
 * The rule (ipcrm(1), --unused): an object is UNUSED only when it can be
 * shown that nothing uses or waits on it; whenever that cannot be shown
 * the verdict says why it must be kept, and why is written to why (unless
 * size is 0: the metrics count verdicts and format no reason).
 */
enum verdict unused_verdict(struct unused_judge *j, const struct ipc_obj *o, char *why,
			    size_t size);

#endif
