/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc -g: system-wide limits and how much of each is used. */
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
#include "cleanup.h"
#include "format.h"
#include "ipc.h"
#include "parse.h"
#include "procscan.h"

/* ---- the global view ---- */

/*
 * Count one kind for the global view, as list_kind() lists it: 0, 1 when
 * the facility is absent (told on stderr), or -errno (told on stderr).
 */
static int count_kind(struct lsipc *l, enum ipc_kind kind, struct ipc_count *ret)
{
	if (!kind_dir_present(l, kind))
		return 1;
	return kind_read_result(l, kind, ipc_count(&l->ipc, kind, ret));
}

/*
 * The rows of kind k: its limits (lim), and how much is used (cnt, when
 * counted), appended at rows + *n.
 */
void limit_rows(int k, const struct ipc_limits *lim, const struct ipc_count *cnt,
		bool counted, struct limit_row *rows, size_t *np)
{
	size_t n = *np;
	bool have_lim;

#define ROW(res, d, hl, lv, hu, uv, b) \
	rows[n++] = (struct limit_row){ res, d, hl, hu, b, lv, uv }

	switch (k) {
	case IPC_MSG:
		have_lim = lim->have & IPC_LIM_MSG;
		ROW("MSGMNI", "Number of System V message queues", have_lim, lim->msgmni,
		    counted, cnt->objects, false);
		ROW("MSGMAX", "Max size of System V message (bytes)", have_lim,
		    lim->msgmax, false, 0, true);
		ROW("MSGMNB", "Default max size of System V queue (bytes)", have_lim,
		    lim->msgmnb, false, 0, true);
		break;
	case IPC_PMSG:
		have_lim = lim->have & IPC_LIM_PMSG;
		ROW("MQUMNI", "Number of POSIX message queues", have_lim,
		    lim->mq_queues_max, counted, cnt->objects, false);
		ROW("MQUMAX", "Max size of POSIX message (bytes)", have_lim,
		    lim->mq_msgsize_max, false, 0, true);
		ROW("MQUMNB", "Number of messages in POSIX message queue", have_lim,
		    lim->mq_msg_max, false, 0, false);
		break;
	case IPC_SHM:
		have_lim = lim->have & IPC_LIM_SHM;
		ROW("SHMMNI", "Shared memory segments", have_lim, lim->shmmni,
		    counted, cnt->objects, false);
		/* live, the pages the kernel charges against shmall (each
		 * segment rounded up), not util-linux's sum of sizes */
		ROW("SHMALL", "Shared memory pages", have_lim, lim->shmall,
		    counted, cnt->units, false);
		ROW("SHMMAX", "Max size of shared memory segment (bytes)", have_lim,
		    lim->shmmax, false, 0, true);
		ROW("SHMMIN", "Min size of shared memory segment (bytes)", have_lim,
		    lim->shmmin ? lim->shmmin : 1, false, 0, true);
		break;
	case IPC_PSHM:
		have_lim = lim->have & IPC_LIM_PSHM;
		ROW("PSHMFS", "Size of the POSIX shared memory filesystem (bytes)",
		    have_lim, lim->pshm_size, have_lim, lim->pshm_used, true);
		ROW("PSHMNUM", "Number of POSIX shared memory objects", false, 0,
		    counted, cnt->objects, false);
		break;
	case IPC_SEM:
		have_lim = lim->have & IPC_LIM_SEM;
		ROW("SEMMNI", "Number of semaphore identifiers", have_lim, lim->semmni,
		    counted, cnt->objects, false);
		ROW("SEMMNS", "Total number of semaphores", have_lim, lim->semmns,
		    counted, cnt->units, false);
		ROW("SEMMSL", "Max semaphores per semaphore set.", have_lim, lim->semmsl,
		    false, 0, false);
		ROW("SEMOPM", "Max number of operations per semop(2)", have_lim,
		    lim->semopm, false, 0, false);
		ROW("SEMVMX", "Semaphore max value", true,
		    lim->semvmx ? lim->semvmx : 32767, false, 0, false);
		break;
	case IPC_PSEM:
		ROW("PSEMNUM", "Number of POSIX semaphores", false, 0, counted,
		    cnt->objects, false);
		break;
	}
#undef ROW
	*np = n;
}

int show_global(struct lsipc *l, const struct opts *o, int only, const struct colset *cs)
{
	struct limit_row rows[24];
	struct ipc_limits lim;
	struct tbl t;
	size_t n = 0;
	int status = EXIT_SUCCESS;

	if (ipc_read_limits(&l->ipc, &lim) < 0)
		memset(&lim, 0, sizeof(lim));

	for (int kind = 0; kind < IPC_NKINDS; kind++) {
		/* run order of util-linux: msg, POSIX msg, shm, POSIX shm, sem, POSIX sem */
		static const int order[IPC_NKINDS] = { IPC_MSG, IPC_PMSG, IPC_SHM, IPC_PSHM,
						       IPC_SEM, IPC_PSEM };
		int k = order[kind];
		struct ipc_count cnt = { 0 };
		bool counted;
		int r;

		if (only >= 0 && k != only)
			continue;
		/* counts only: nothing is listed (ipc_count) */
		r = count_kind(l, k, &cnt);
		if (r < 0)
			status = EXIT_FAILURE;
		counted = r == 0;

		limit_rows(k, &lim, &cnt, counted, rows, &n);
	}
	if (only < 0) {
		uint64_t at_risk = 0;
		bool told = removeipc_count(l, &at_risk);

		rows[n++] = (struct limit_row){ "REMOVEIPC",
			"Objects systemd-logind removes at their owner's logout", false, told,
			false, 0, at_risk };
	}

	table_start(&t, &o->tbl, views[V_GLOBAL].table, cs);
	print_rows(&t, l, rows, n, sizeof(rows[0]));
	tbl_free(&t);
	return status;
}

