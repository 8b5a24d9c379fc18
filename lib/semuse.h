/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What --unused needs of many System V semaphore sets, read by threads in the background. */
#ifndef IPCBOX_SEMUSE_H
#define IPCBOX_SEMUSE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc.h"

/* One set: id, nsems and want_waiters in, the rest out. */
struct ipc_sem_use {
	int id;
	size_t nsems;
	bool want_waiters;	/* GETNCNT and GETZCNT too */
	int r;			/* what sysv_sem_use() would return */
	pid_t *pids;		/* nsems pids when r is 0 (sysv_sem_use_free()) */
	uint64_t waiters;	/* when want_waiters and r is 0 */
};

#define IPC_SEM_HELPERS	3	/* threads besides the caller's, at most */

struct ipc_sem_reading {
	struct ipc_sem_use *u;
	size_t n;
	size_t next;		/* the first set no thread has taken (atomic) */
	size_t nthreads;
	pthread_t threads[IPC_SEM_HELPERS];
	bool active;		/* started, not finished */
};

/*
 * sysv_sem_use() of the n sets at u, each entry with its own r:
 * sysv_sem_use_start() starts one thread per other usable CPU (none when
 * the sets are few) reading them in chunks in ctx's namespace, and
 * returns; with no thread it reads them itself first. Then
 * sysv_sem_use_finish() reads what is left with them and waits for them;
 * until it returns, u belongs to the threads. When ctx's namespace cannot
 * be entered every r is that error; offline every r is -ENOSYS.
 * sysv_sem_use_many() is the two in one.
 */
void sysv_sem_use_start(struct ipc_ctx *ctx, struct ipc_sem_use *u, size_t n,
			struct ipc_sem_reading *rd);
void sysv_sem_use_finish(struct ipc_ctx *ctx, struct ipc_sem_reading *rd);
void sysv_sem_use_many(struct ipc_ctx *ctx, struct ipc_sem_use *u, size_t n);

/* Whether sysv_sem_use_start() can start threads here (more than one usable CPU). */
bool sysv_sem_use_parallel(void);

/* Free the pids of the n entries at u. */
void sysv_sem_use_free(struct ipc_sem_use *u, size_t n);

#endif
