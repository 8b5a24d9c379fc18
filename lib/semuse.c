// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What --unused needs of System V semaphore sets: each semaphore's last pid
 * and the processes blocked on it, read for one set or for many at once.
 *
 * Where the process scan could not read every process, the kernel's
 * waiter counts are the only safe source, and they cost two semctl()
 * calls per semaphore: over tens of thousands of sets that is most of a
 * metrics scrape, and it is nothing but system calls. sysv_sem_use_start()
 * starts threads, one per other CPU we may run on (SEMUSE_MAX_THREADS in
 * all at most), that read the sets in chunks while the caller does other
 * work; sysv_sem_use_finish() reads what is left with them and waits for
 * them. Each thread only calls semctl() and writes to the entries of the
 * chunks it took. The threads are started inside the context's IPC
 * namespace, which a new thread shares with the one that starts it.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <unistd.h>

#include "cleanup.h"
#include "ipc.h"
#include "nsctx.h"
#include "semuse.h"

/* More threads than this gain nothing: the calls contend on the IPC ids' lock. */
#define SEMUSE_MAX_THREADS	(IPC_SEM_HELPERS + 1)
/* Below this many semctl() calls per thread, starting one costs more than it saves. */
#define SEMUSE_MIN_CALLS	2048

/* The calls themselves, in the caller's (thread's) IPC namespace. */
static int read_use(int id, size_t nsems, pid_t *pids, uint64_t *ret_waiters)
{
	uint64_t waiters = 0;

	/* not the values: GETPID and the kernel's two waiter counts, which
	 * count every waiting process, whatever PID namespace it is in */
	for (size_t i = 0; i < nsems; i++) {
		int pid = semctl(id, (int)i, GETPID), ncnt = 0, zcnt = 0;

		if (pid >= 0 && ret_waiters && (ncnt = semctl(id, (int)i, GETNCNT)) >= 0)
			zcnt = semctl(id, (int)i, GETZCNT);
		if (pid < 0 || ncnt < 0 || zcnt < 0)
			return errno == EINVAL || errno == EIDRM ? -ENOENT : -errno;
		pids[i] = pid;
		waiters += (uint64_t)ncnt + (uint64_t)zcnt;
	}
	if (ret_waiters)
		*ret_waiters = waiters;
	return 0;
}

static int use_one(struct ipc_sem_use *u)
{
	_cleanup_free_ pid_t *pids = NULL;

	u->pids = NULL;
	u->waiters = 0;
	if (u->id < 0 || u->nsems > INT_MAX)
		return u->r = -ENOENT;
	pids = calloc(u->nsems ? u->nsems : 1, sizeof(*pids));
	if (!pids)
		return u->r = -ENOMEM;
	u->r = read_use(u->id, u->nsems, pids, u->want_waiters ? &u->waiters : NULL);
	if (u->r == 0)
		u->pids = TAKE_PTR(pids);
	return u->r;
}

int sysv_sem_use(struct ipc_ctx *ctx, int id, size_t nsems, pid_t **ret_pids,
		 uint64_t *ret_waiters)
{
	IPC_NS_SCOPE(ctx);
	struct ipc_sem_use u = { .id = id, .nsems = nsems, .want_waiters = ret_waiters != NULL };

	if (ctx->offline)
		return -ENOSYS;
	if (use_one(&u) < 0)
		return u.r;
	*ret_pids = u.pids;
	if (ret_waiters)
		*ret_waiters = u.waiters;
	return 0;
}

/* Sets are handed out this many at a time, to whichever thread asks next. */
#define SEMUSE_CHUNK		32

/* Read chunks of the array until none is left. */
static void *read_chunks(void *arg)
{
	struct ipc_sem_reading *rd = arg;

	for (;;) {
		size_t i = __atomic_fetch_add(&rd->next, SEMUSE_CHUNK, __ATOMIC_RELAXED);

		if (i >= rd->n)
			return NULL;
		for (size_t end = i + SEMUSE_CHUNK < rd->n ? i + SEMUSE_CHUNK : rd->n; i < end; i++)
			use_one(&rd->u[i]);
	}
}

/* The CPUs we may run on, hence how many threads are worth starting. */
static size_t cpus_usable(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return (size_t)CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}

bool sysv_sem_use_parallel(void)
{
	return cpus_usable() > 1;
}

/* Threads besides the caller's: one per other usable CPU, each with enough to do. */
static size_t helpers_for(const struct ipc_sem_use *u, size_t n)
{
	size_t calls = 0, t = cpus_usable();

	for (size_t i = 0; i < n; i++)
		calls += u[i].want_waiters ? u[i].nsems * 3 : u[i].nsems;
	if (t > SEMUSE_MAX_THREADS)
		t = SEMUSE_MAX_THREADS;
	if (t > calls / SEMUSE_MIN_CALLS)
		t = calls / SEMUSE_MIN_CALLS;
	return t ? t - 1 : 0;
}

static void mark_unread(struct ipc_sem_use *u, size_t n, int r)
{
	for (size_t i = 0; i < n; i++) {
		u[i].pids = NULL;
		u[i].waiters = 0;
		u[i].r = r;
	}
}

void sysv_sem_use_start(struct ipc_ctx *ctx, struct ipc_sem_use *u, size_t n,
			struct ipc_sem_reading *rd)
{
	int r;

	*rd = (struct ipc_sem_reading){ .u = u, .n = n, .active = true };
	r = ctx->offline ? -ENOSYS : ipc_ctx_enter(ctx);
	if (r < 0) {
		mark_unread(u, n, r);
		rd->next = n;
		return;
	}
	/* a new thread is in the namespace of the thread that starts it, and
	 * stays there when that one leaves it */
	for (size_t t = helpers_for(u, n); rd->nthreads < t; rd->nthreads++)
		if (pthread_create(&rd->threads[rd->nthreads], NULL, read_chunks, rd) != 0)
			break;
	/* no thread to read them meanwhile: now, while we are in there */
	if (!rd->nthreads)
		read_chunks(rd);
	ipc_ctx_leave(ctx);
}

void sysv_sem_use_finish(struct ipc_ctx *ctx, struct ipc_sem_reading *rd)
{
	if (!rd->active)
		return;
	rd->active = false;
	if (!rd->nthreads)
		return;		/* read by start */
	/* help with what the threads have not taken yet; should we not get
	 * in, they go on until every set is taken */
	if (ipc_ctx_enter(ctx) == 0) {
		read_chunks(rd);
		ipc_ctx_leave(ctx);
	}
	for (size_t t = 0; t < rd->nthreads; t++)
		pthread_join(rd->threads[t], NULL);
}

void sysv_sem_use_many(struct ipc_ctx *ctx, struct ipc_sem_use *u, size_t n)
{
	struct ipc_sem_reading rd;

	sysv_sem_use_start(ctx, u, n, &rd);
	sysv_sem_use_finish(ctx, &rd);
}

void sysv_sem_use_free(struct ipc_sem_use *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(u[i].pids);
		u[i].pids = NULL;
	}
}
