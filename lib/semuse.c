// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What --unused needs of System V semaphore sets: each semaphore's last pid
 * and the processes blocked on it, read for one set or for many at once.
 *
 * Where the process scan could not read every process, the kernel's
 * waiter counts are the only safe source, and they cost two semctl()
 * calls per semaphore: over tens of thousands of sets that is most of a
 * metrics scrape, and it is nothing but system calls. sysv_sem_use_many()
 * shares them out between threads, one per CPU we may run on (at most
 * SEMUSE_MAX_THREADS); each thread only calls semctl() and writes to its
 * own slice of the array. The threads are started inside the context's IPC
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

/* More threads than this gain nothing: the calls contend on the IPC ids' lock. */
#define SEMUSE_MAX_THREADS	4
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

/* One thread's share: the sets [begin, end) of the array. */
struct share {
	struct ipc_sem_use *u;
	size_t begin, end;
	bool started;		/* by its own thread (else the caller reads it) */
	pthread_t thread;
};

static void read_share(struct share *sh)
{
	for (size_t i = sh->begin; i < sh->end; i++)
		use_one(&sh->u[i]);
}

static void *share_thread(void *arg)
{
	struct share *sh = arg;

	read_share(sh);
	return NULL;
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

static size_t threads_for(const struct ipc_sem_use *u, size_t n)
{
	size_t calls = 0, t;

	for (size_t i = 0; i < n; i++)
		calls += u[i].want_waiters ? u[i].nsems * 3 : u[i].nsems;
	t = cpus_usable();
	if (t > SEMUSE_MAX_THREADS)
		t = SEMUSE_MAX_THREADS;
	if (t > calls / SEMUSE_MIN_CALLS)
		t = calls / SEMUSE_MIN_CALLS;
	return t ? t : 1;
}

int sysv_sem_use_many(struct ipc_ctx *ctx, struct ipc_sem_use *u, size_t n)
{
	IPC_NS_SCOPE(ctx);
	struct share sh[SEMUSE_MAX_THREADS];
	size_t nt;

	if (ctx->offline) {
		for (size_t i = 0; i < n; i++) {
			u[i].pids = NULL;
			u[i].r = -ENOSYS;
		}
		return 0;
	}
	nt = threads_for(u, n);
	/* contiguous slices of about the same number of sets */
	for (size_t t = 0; t < nt; t++)
		sh[t] = (struct share){
			.u = u, .begin = n * t / nt, .end = n * (t + 1) / nt,
		};
	/* the first slice is ours; a thread that cannot start leaves its
	 * slice to us too */
	for (size_t t = 1; t < nt; t++)
		sh[t].started = pthread_create(&sh[t].thread, NULL, share_thread, &sh[t]) == 0;
	read_share(&sh[0]);
	for (size_t t = 1; t < nt; t++) {
		if (sh[t].started)
			pthread_join(sh[t].thread, NULL);
		else
			read_share(&sh[t]);
	}
	return 0;
}

void sysv_sem_use_free(struct ipc_sem_use *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(u[i].pids);
		u[i].pids = NULL;
	}
}
