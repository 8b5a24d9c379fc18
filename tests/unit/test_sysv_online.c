/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Live tests of the System V reader in tests/sandbox: create, list, stat, values, fallback, remove. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"

#include "internal.h"
#include "ipc.h"
#include "semuse.h"

static struct ipc_ctx live = {
	.root = (char *)"",
	.procdir = (char *)"/proc",
	.shmdir = (char *)"/dev/shm",
	.pagesize = 4096,
};

static int all_kinds[] = { IPC_MSG, IPC_SEM, IPC_SHM };

static uint64_t sysctl_u64(const char *path)
{
	uint64_t v;

	assert_int_equal(ipc_read_u64(path, &v), 0);
	return v;
}

/* Remove everything so that each test starts from an empty namespace. */
static int reset(void **state)
{
	for (int k = 0; k < 3; k++) {
		struct ipc_objs objs = { 0 };

		if (ipc_list(&live, all_kinds[k], 0, &objs) < 0)
			return -1;
		for (size_t i = 0; i < objs.n; i++)
			sysv_remove(all_kinds[k], objs.v[i].id);
		ipc_objs_free(&objs);
	}
	return 0;
}

static const struct ipc_obj *find_id(const struct ipc_objs *objs, int id)
{
	for (size_t i = 0; i < objs->n; i++)
		if (objs->v[i].id == id)
			return &objs->v[i];
	return NULL;
}

/* Run fn in a child with the given credentials; returns its exit status. */
static int as_user(uid_t uid, gid_t gid, int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
		    setresuid(uid, uid, uid) < 0)
			_exit(99);
		_exit(fn(arg));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void need_root(void)
{
	if (geteuid() != 0)
		skip();
}

static void create_list_stat_remove(void **state)
{
	struct ipc_objs objs = { 0 };
	struct ipc_obj o;
	int q1, q2, s1, m1, id;
	const struct ipc_obj *p;

	assert_int_equal(sysv_create(IPC_MSG, 0x1000, 0640, 0, 0, &q1), 0);
	assert_int_equal(sysv_create(IPC_MSG, 0, 01777, 0, 0, &q2), 0);
	assert_int_equal(sysv_create(IPC_SEM, -42, 0600, 4, 0, &s1), 0);
	assert_int_equal(sysv_create(IPC_SHM, INT32_MIN, 0604, 10000, 0, &m1), 0);

	/* exclusive: the same key again fails */
	id = -7;
	assert_int_equal(sysv_create(IPC_MSG, 0x1000, 0640, 0, 0, &id), -EEXIST);
	assert_int_equal(id, -7);
	/* ...but IPC_PRIVATE always makes a new one */
	assert_int_equal(sysv_key_to_id(IPC_MSG, 0x1000, &id), 0);
	assert_int_equal(id, q1);
	assert_int_equal(sysv_key_to_id(IPC_SEM, -42, &id), 0);
	assert_int_equal(id, s1);
	assert_int_equal(sysv_key_to_id(IPC_SHM, INT32_MIN, &id), 0);
	assert_int_equal(id, m1);
	assert_int_equal(sysv_key_to_id(IPC_MSG, 0x1001, &id), -ENOENT);
	assert_int_equal(sysv_key_to_id(IPC_MSG, 0, &id), -ENOENT);

	assert_int_equal(ipc_list(&live, IPC_MSG, 0, &objs), 0);
	assert_int_equal(objs.n, 2);
	/* kernel order: creation order in a fresh namespace */
	assert_int_equal(objs.v[0].id, q1);
	assert_int_equal(objs.v[1].id, q2);
	assert_int_equal(objs.v[0].key, 0x1000);
	assert_int_equal(objs.v[0].mode, 0640);
	assert_int_equal(objs.v[1].key, 0);
	assert_int_equal(objs.v[1].mode, 0777);	/* mode & 0777 */
	assert_int_equal(objs.v[0].uid, 0);
	assert_int_equal(objs.v[0].cgid, 0);
	assert_true(objs.v[0].ctime >= live.now);
	ipc_objs_free(&objs);

	assert_int_equal(ipc_list(&live, IPC_SEM, 0, &objs), 0);
	assert_int_equal(objs.n, 1);
	assert_int_equal(objs.v[0].key, -42);
	assert_int_equal(objs.v[0].sem.nsems, 4);
	ipc_objs_free(&objs);

	/* rss and swap only when asked for: they cost a read of /proc */
	assert_int_equal(ipc_list(&live, IPC_SHM, 0, &objs), 0);
	assert_int_equal(objs.n, 1);
	assert_false(objs.v[0].have & IPC_HAVE_RSS);
	ipc_objs_free(&objs);
	assert_int_equal(ipc_list(&live, IPC_SHM, IPC_WANT_RSS, &objs), 0);
	assert_int_equal(objs.n, 1);
	p = find_id(&objs, m1);
	assert_non_null(p);
	assert_int_equal(p->key, INT32_MIN);
	assert_int_equal(p->shm.segsz, 10000);
	assert_int_equal(p->shm.cpid, getpid());
	assert_int_equal(p->ino, m1);
	assert_true(p->have & IPC_HAVE_RSS);
	ipc_objs_free(&objs);

	/* one object by id: IPC_STAT, with qbytes for queues */
	assert_int_equal(sysv_stat_id(&live, IPC_MSG, q1, &o), 0);
	assert_int_equal(o.id, q1);
	assert_int_equal(o.key, 0x1000);
	assert_int_equal(o.mode, 0640);
	assert_true(o.have & IPC_HAVE_QBYTES);
	assert_int_equal(o.msg.qbytes, sysctl_u64("/proc/sys/kernel/msgmnb"));
	assert_int_equal(sysv_stat_id(&live, IPC_SEM, s1, &o), 0);
	assert_int_equal(o.kind, IPC_SEM);
	assert_int_equal(o.sem.nsems, 4);
	assert_int_equal(sysv_stat_id(&live, IPC_SHM, m1, &o), 0);
	assert_int_equal(o.shm.segsz, 10000);
	assert_int_equal(o.ino, m1);
	assert_false(o.have & IPC_HAVE_RSS);	/* IPC_STAT does not give it */

	o.key = 12345;
	assert_int_equal(sysv_stat_id(&live, IPC_MSG, q1 + 1000000, &o), -ENOENT);
	assert_int_equal(sysv_stat_id(&live, IPC_MSG, -1, &o), -ENOENT);
	assert_int_equal(o.key, 12345);

	assert_int_equal(sysv_remove(IPC_MSG, q1), 0);
	assert_int_equal(sysv_remove(IPC_MSG, q1), -EINVAL);
	assert_int_equal(sysv_stat_id(&live, IPC_MSG, q1, &o), -ENOENT);
	assert_int_equal(sysv_remove(IPC_MSG, q2), 0);
	assert_int_equal(sysv_remove(IPC_SEM, s1), 0);
	assert_int_equal(sysv_remove(IPC_SHM, m1), 0);
	for (int k = 0; k < 3; k++) {
		assert_int_equal(ipc_list(&live, all_kinds[k], 0, &objs), 0);
		assert_int_equal(objs.n, 0);
	}
	ipc_objs_free(&objs);
}

static void sem_create_and_values(void **state)
{
	struct ipc_semval *v = NULL;
	struct sembuf op = { .sem_num = 2, .sem_op = 3 };
	struct ipc_objs objs = { 0 };
	int id;

	/* out of range before anything is created */
	assert_int_equal(sysv_create(IPC_SEM, 0x77, 0600, 3, 70000, &id), -ERANGE);
	assert_int_equal(sysv_create(IPC_SEM, 0x77, 0600, 3, -1, &id), -ERANGE);
	/* SETALL rejects values above SEMVMX: the new set is removed again */
	assert_int_equal(sysv_create(IPC_SEM, 0x77, 0600, 3, 40000, &id), -ERANGE);
	assert_int_equal(ipc_list(&live, IPC_SEM, 0, &objs), 0);
	assert_int_equal(objs.n, 0);

	assert_int_equal(sysv_create(IPC_SEM, 0x77, 0600, 3, 5, &id), 0);
	assert_int_equal(semop(id, &op, 1), 0);

	assert_int_equal(sysv_sem_values(&live, id, 3, &v), 0);
	assert_non_null(v);
	assert_true(v[0].ok && v[1].ok && v[2].ok);
	assert_int_equal(v[0].value, 5);
	assert_int_equal(v[1].value, 5);
	assert_int_equal(v[2].value, 8);
	assert_int_equal(v[2].pid, getpid());	/* last semop */
	assert_int_equal(v[0].ncount, 0);
	assert_int_equal(v[0].zcount, 0);
	free(v);

	/* asking for more than the set has: the extra ones are not ok */
	v = NULL;
	assert_int_equal(sysv_sem_values(&live, id, 5, &v), 0);
	assert_true(v[2].ok);
	assert_false(v[3].ok);
	assert_false(v[4].ok);
	free(v);

	v = NULL;
	assert_int_equal(sysv_remove(IPC_SEM, id), 0);
	assert_int_equal(sysv_sem_values(&live, id, 3, &v), -ENOENT);
	assert_int_equal(sysv_sem_values(&live, -1, 3, &v), -ENOENT);
	assert_null(v);

	/* semval 0: no SETALL, all zero */
	assert_int_equal(sysv_create(IPC_SEM, 0, 0600, 2, 0, &id), 0);
	assert_int_equal(sysv_sem_values(&live, id, 2, &v), 0);
	assert_int_equal(v[0].value, 0);
	assert_int_equal(v[1].value, 0);
	free(v);
	ipc_objs_free(&objs);
}

static int stat_denied(void *arg)
{
	const int *ids = arg;
	struct ipc_semval *v = NULL;
	struct ipc_obj o;

	/* IPC_STAT is refused: the /proc/sysvipc line answers instead */
	if (sysv_stat_id(&live, IPC_MSG, ids[0], &o) != 0)
		return 1;
	if (o.id != ids[0] || o.key != 0x2000 || o.mode != 0600 || o.msg.qnum != 1 ||
	    (o.have & IPC_HAVE_QBYTES))
		return 2;
	if (sysv_sem_values(&live, ids[1], 1, &v) != -EACCES || v)
		return 3;
	return 0;
}

static void stat_without_permission(void **state)
{
	struct { long type; char text[8]; } m = { 1, "hello" };
	int ids[2];

	need_root();
	assert_int_equal(sysv_create(IPC_MSG, 0x2000, 0600, 0, 0, &ids[0]), 0);
	assert_int_equal(msgsnd(ids[0], &m, 5, 0), 0);
	assert_int_equal(sysv_create(IPC_SEM, 0x2001, 0600, 1, 1, &ids[1]), 0);
	assert_int_equal(as_user(65534, 65534, stat_denied, ids), 0);
}

static void usage_counters(void **state)
{
	struct { long type; char text[100]; } m = { 1, "" };
	struct ipc_usage u;
	int q, s, id;

	assert_int_equal(sysv_create(IPC_MSG, 0, 0600, 0, 0, &q), 0);
	assert_int_equal(sysv_create(IPC_MSG, 0, 0600, 0, 0, &id), 0);
	assert_int_equal(msgsnd(q, &m, 100, 0), 0);
	assert_int_equal(msgsnd(q, &m, 30, 0), 0);
	assert_int_equal(sysv_usage(&live, IPC_MSG, &u), 0);
	assert_int_equal(u.msg.queues, 2);
	assert_int_equal(u.msg.headers, 2);
	assert_int_equal(u.msg.bytes, 130);

	assert_int_equal(sysv_create(IPC_SEM, 0, 0600, 3, 0, &s), 0);
	assert_int_equal(sysv_create(IPC_SEM, 0, 0600, 2, 0, &id), 0);
	assert_int_equal(sysv_usage(&live, IPC_SEM, &u), 0);
	assert_int_equal(u.sem.arrays, 2);
	assert_int_equal(u.sem.semaphores, 5);

	assert_int_equal(sysv_create(IPC_SHM, 0, 0600, 3 * 4096, 0, &id), 0);
	assert_int_equal(sysv_usage(&live, IPC_SHM, &u), 0);
	assert_int_equal(u.shm.segments, 1);
	assert_int_equal(u.shm.pages, 3);
	assert_int_equal(u.shm.resident, 0);	/* never touched */
}

/* A child blocked in semop(): op on semaphore num of set id; returns its pid. */
static pid_t blocked_child(int id, unsigned short num, short op)
{
	struct sembuf sb = { .sem_num = num, .sem_op = op };
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		semop(id, &sb, 1);
		_exit(0);
	}
	return pid;
}

#define MANY_SETS	700

/*
 * sysv_sem_use_many(): what sysv_sem_use() says of each set, read by as
 * many threads as there are CPUs (up to 4: 700 sets of 8 semaphores are
 * 16,800 calls), with waiters on the first set, the last (the last thread's
 * slice) and one between; a set removed and a set asked for more
 * semaphores than it has are -ENOENT, alone.
 */
static void sem_use_many(void **state)
{
	static struct ipc_sem_use u[MANY_SETS + 2];
	struct sembuf op = { .sem_num = 1, .sem_op = 2 };
	struct ipc_ctx offline = live;
	pid_t kids[4];
	int ids[MANY_SETS], gone;

	for (int i = 0; i < MANY_SETS; i++)
		assert_int_equal(sysv_create(IPC_SEM, 0, 0600, 8, 0, &ids[i]), 0);
	assert_int_equal(semop(ids[MANY_SETS / 2], &op, 1), 0);	/* GETPID: us */
	assert_int_equal(sysv_create(IPC_SEM, 0, 0600, 2, 0, &gone), 0);
	assert_int_equal(sysv_remove(IPC_SEM, gone), 0);
	kids[0] = blocked_child(ids[0], 3, -1);
	kids[1] = blocked_child(ids[MANY_SETS - 1], 7, -1);
	kids[2] = blocked_child(ids[MANY_SETS - 1], 1, -1);
	kids[3] = blocked_child(ids[MANY_SETS / 2], 1, 0);	/* its value is 2 */
	/* until the kernel counts all four */
	for (int tries = 0; tries < 1000; tries++) {
		if (semctl(ids[0], 3, GETNCNT) == 1 && semctl(ids[MANY_SETS - 1], 7, GETNCNT) == 1 &&
		    semctl(ids[MANY_SETS - 1], 1, GETNCNT) == 1 &&
		    semctl(ids[MANY_SETS / 2], 1, GETZCNT) == 1)
			break;
		usleep(10000);
	}

	for (int i = 0; i < MANY_SETS; i++)
		u[i] = (struct ipc_sem_use){ .id = ids[i], .nsems = 8, .want_waiters = i % 5 != 3 };
	u[MANY_SETS] = (struct ipc_sem_use){ .id = gone, .nsems = 2, .want_waiters = true };
	u[MANY_SETS + 1] = (struct ipc_sem_use){ .id = ids[1], .nsems = 9, .want_waiters = true };
	sysv_sem_use_many(&live, u, MANY_SETS + 2);
	for (int i = 0; i < MANY_SETS; i++) {
		pid_t *pids = NULL;
		uint64_t waiters = 0;

		assert_int_equal(sysv_sem_use(&live, ids[i], 8, &pids,
					      u[i].want_waiters ? &waiters : NULL), 0);
		assert_int_equal(u[i].r, 0);
		assert_non_null(u[i].pids);
		assert_memory_equal(u[i].pids, pids, 8 * sizeof(*pids));
		assert_int_equal(u[i].waiters, waiters);
		free(pids);
	}
	assert_int_equal(u[0].waiters, 1);
	assert_int_equal(u[MANY_SETS - 1].waiters, 2);
	assert_int_equal(u[MANY_SETS / 2].waiters, 1);
	assert_int_equal(u[MANY_SETS / 2].pids[1], getpid());
	assert_int_equal(u[1].waiters, 0);
	assert_int_equal(u[MANY_SETS].r, -ENOENT);
	assert_null(u[MANY_SETS].pids);
	assert_int_equal(u[MANY_SETS + 1].r, -ENOENT);
	assert_null(u[MANY_SETS + 1].pids);
	sysv_sem_use_free(u, MANY_SETS + 2);
	assert_null(u[0].pids);

	/* offline, nothing is read: each says so */
	offline.offline = true;
	u[0] = (struct ipc_sem_use){ .id = ids[0], .nsems = 8 };
	sysv_sem_use_many(&offline, u, 1);
	assert_int_equal(u[0].r, -ENOSYS);
	assert_null(u[0].pids);
	/* none at all: nothing is touched */
	sysv_sem_use_many(&live, u, 0);
	assert_int_equal(u[0].r, -ENOSYS);

	for (int k = 0; k < 4; k++) {
		kill(kids[k], SIGKILL);
		waitpid(kids[k], NULL, 0);
	}
}

static void limits_online(void **state)
{
	struct ipc_limits l;
	struct ipc_ctx noproc = live;
	char *procdir;

	assert_int_equal(ipc_read_limits(&live, &l), 0);
	assert_int_equal(l.have, IPC_LIM_MSG | IPC_LIM_SEM | IPC_LIM_SHM |
				 IPC_LIM_PMSG | IPC_LIM_PSHM);
	assert_int_equal(l.msgmni, sysctl_u64("/proc/sys/kernel/msgmni"));
	assert_int_equal(l.shmmni, sysctl_u64("/proc/sys/kernel/shmmni"));
	assert_int_equal(l.mq_msg_max, sysctl_u64("/proc/sys/fs/mqueue/msg_max"));
	assert_int_equal(l.semvmx, 32767);	/* from IPC_INFO */
	assert_int_equal(l.shmmin, 1);
	assert_true(l.pshm_size > 0);		/* the sandbox's tmpfs */
	assert_true(l.pshm_used <= l.pshm_size);

	/* no /proc/sys files: everything System V from IPC_INFO, no POSIX
	 * queue limits (there is no call for them) */
	procdir = fixture_path("sysvipc/norss/proc");
	noproc.procdir = procdir;
	noproc.shmdir = NULL;
	assert_int_equal(ipc_read_limits(&noproc, &l), 0);
	assert_int_equal(l.have, IPC_LIM_MSG | IPC_LIM_SEM | IPC_LIM_SHM);
	assert_int_equal(l.msgmni, sysctl_u64("/proc/sys/kernel/msgmni"));
	assert_int_equal(l.msgmax, sysctl_u64("/proc/sys/kernel/msgmax"));
	assert_int_equal(l.msgmnb, sysctl_u64("/proc/sys/kernel/msgmnb"));
	assert_int_equal(l.shmmax, sysctl_u64("/proc/sys/kernel/shmmax"));
	assert_int_equal(l.shmall, sysctl_u64("/proc/sys/kernel/shmall"));
	{
		char *text = NULL;
		struct ipc_limits f;

		assert_int_equal(ipc_read_file("/proc/sys/kernel/sem", 4096, &text, NULL), 0);
		assert_int_equal(ipc_parse_sem_limits(text, &f), 0);
		assert_int_equal(l.semmsl, f.semmsl);
		assert_int_equal(l.semmns, f.semmns);
		assert_int_equal(l.semopm, f.semopm);
		assert_int_equal(l.semmni, f.semmni);
		free(text);
	}
	free(procdir);
}

/* ---- one path: the kernel index with /proc merged, /proc hidden by an empty bind mount ---- */

static int create_as_user(void *arg)
{
	int id;

	/* the parent finds them by key */
	if (sysv_create(IPC_MSG, 0x3000, 0600, 0, 0, &id) < 0 ||
	    sysv_create(IPC_SEM, 0x3001, 0600, 2, 0, &id) < 0 ||
	    sysv_create(IPC_SHM, 0x3002, 0600, 4096, 0, &id) < 0)
		return 1;
	return 0;
}

static void same_obj(const struct ipc_obj *a, const struct ipc_obj *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->key, b->key);
	assert_int_equal(a->mode, b->mode);
	assert_int_equal(a->uid, b->uid);
	assert_int_equal(a->gid, b->gid);
	assert_int_equal(a->cuid, b->cuid);
	assert_int_equal(a->cgid, b->cgid);
	assert_int_equal(a->ctime, b->ctime);
	assert_int_equal(a->ino, b->ino);
	switch (a->kind) {
	case IPC_MSG:
		assert_int_equal(a->msg.cbytes, b->msg.cbytes);
		assert_int_equal(a->msg.qnum, b->msg.qnum);
		assert_int_equal(a->msg.lspid, b->msg.lspid);
		assert_int_equal(a->msg.lrpid, b->msg.lrpid);
		assert_int_equal(a->msg.stime, b->msg.stime);
		assert_int_equal(a->msg.rtime, b->msg.rtime);
		break;
	case IPC_SEM:
		assert_int_equal(a->sem.nsems, b->sem.nsems);
		assert_int_equal(a->sem.otime, b->sem.otime);
		break;
	default:
		assert_int_equal(a->shm.segsz, b->shm.segsz);
		assert_int_equal(a->shm.nattch, b->shm.nattch);
		assert_int_equal(a->shm.cpid, b->shm.cpid);
		assert_int_equal(a->shm.lpid, b->shm.lpid);
		assert_int_equal(a->shm.atime, b->shm.atime);
		assert_int_equal(a->shm.dtime, b->shm.dtime);
		break;
	}
}

static int count_as_nobody(void *arg)
{
	const size_t *want = arg;

	/* *_STAT_ANY shows objects the user may not read, like /proc does */
	for (int k = 0; k < 3; k++) {
		struct ipc_objs objs = { 0 };

		if (ipc_list(&live, all_kinds[k], 0, &objs) < 0 || objs.n != want[k])
			return 10 + k;
		ipc_objs_free(&objs);
	}
	return 0;
}

/* What /proc/sysvipc alone says: the sources ipc_walk() falls back to. */
static void list_from_proc(enum ipc_kind kind, struct ipc_objs *objs)
{
	struct ipc_ctx proc = live;

	proc.offline = true;	/* read the files only: here the live ones */
	assert_int_equal(ipc_list(&proc, kind, 0, objs), 0);
}

static void one_path_and_fallback(void **state)
{
	struct ipc_objs from_proc[3] = { 0 }, listed[3] = { 0 };
	char dir[] = "/tmp/ipcbox-sandbox/empty-XXXXXX";
	struct { long type; char text[8]; } m = { 1, "x" };
	size_t counts[3];
	void *addr;
	int id, fd;

	need_root();
	/* objects with cuid 1000 and cgid 1001, so a cgid=cuid slip shows */
	assert_int_equal(as_user(1000, 1001, create_as_user, NULL), 0);
	assert_int_equal(sysv_create(IPC_MSG, 0, 0644, 0, 0, &id), 0);
	assert_int_equal(msgsnd(id, &m, 1, 0), 0);
	assert_int_equal(sysv_create(IPC_SEM, 0, 0644, 7, 0, &id), 0);
	assert_int_equal(sysv_create(IPC_SHM, 0, 0644, 8192, 0, &id), 0);
	assert_int_equal(sysv_remove(IPC_SHM, id), 0);	/* gone: not listed */
	assert_int_equal(sysv_create(IPC_SHM, -9, 0644, 8192, 0, &id), 0);
	/* one resident page, so that a merge by the wrong id shows */
	addr = shmat(id, NULL, 0);
	assert_true(addr != (void *)-1);
	memset(addr, 1, 1);
	assert_int_equal(shmdt(addr), 0);

	/* the kernel index gives what /proc gives, rss and swap included */
	for (int k = 0; k < 3; k++) {
		list_from_proc(all_kinds[k], &from_proc[k]);
		assert_int_equal(ipc_list(&live, all_kinds[k], IPC_WANT_RSS, &listed[k]), 0);
		assert_int_equal(from_proc[k].n, 2);
		assert_int_equal(listed[k].n, 2);
		counts[k] = from_proc[k].n;
		for (size_t i = 0; i < from_proc[k].n; i++) {
			const struct ipc_obj *a = &listed[k].v[i], *b = &from_proc[k].v[i];

			same_obj(a, b);
			assert_int_equal(a->have & ~IPC_HAVE_QBYTES, b->have);
			if (all_kinds[k] == IPC_MSG)
				assert_true(a->have & IPC_HAVE_QBYTES);
			if (all_kinds[k] == IPC_SHM) {
				assert_true(a->have & IPC_HAVE_RSS);
				assert_int_equal(a->shm.rss, b->shm.rss);
				assert_int_equal(a->shm.swap, b->shm.swap);
			}
		}
		ipc_objs_free(&listed[k]);
	}
	assert_int_equal(from_proc[2].v[1].shm.rss, (uint64_t)sysconf(_SC_PAGESIZE));

	assert_non_null(mkdtemp(dir));
	if (mount(dir, "/proc/sysvipc", NULL, MS_BIND, NULL) < 0)
		fail_msg("bind mount over /proc/sysvipc: %s", strerror(errno));
	fd = open("/proc/sysvipc/msg", O_RDONLY);
	assert_int_equal(fd, -1);		/* really hidden */

	/* without /proc: the same objects, only rss and swap are missing */
	for (int k = 0; k < 3; k++) {
		assert_int_equal(ipc_list(&live, all_kinds[k], IPC_WANT_RSS, &listed[k]), 0);
		assert_int_equal(listed[k].n, from_proc[k].n);
		for (size_t i = 0; i < from_proc[k].n; i++) {
			same_obj(&listed[k].v[i], &from_proc[k].v[i]);
			assert_false(listed[k].v[i].have & IPC_HAVE_RSS);
		}
		/* the objects made as 1000:1001 */
		assert_int_equal(listed[k].v[0].key, 0x3000 + k);
		assert_int_equal(listed[k].v[0].cuid, 1000);
		assert_int_equal(listed[k].v[0].cgid, 1001);
		ipc_objs_free(&listed[k]);
	}
	/* offline never falls back */
	live.offline = true;
	assert_int_equal(ipc_list(&live, IPC_MSG, 0, &listed[0]), -ENOENT);
	live.offline = false;

	/* an unprivileged user sees the 0600 objects too */
	assert_int_equal(as_user(65534, 65534, count_as_nobody, counts), 0);

	assert_int_equal(umount2("/proc/sysvipc", 0), 0);
	rmdir(dir);
	for (int k = 0; k < 3; k++)
		ipc_objs_free(&from_proc[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(create_list_stat_remove, reset),
		cmocka_unit_test_setup(sem_create_and_values, reset),
		cmocka_unit_test_setup(stat_without_permission, reset),
		cmocka_unit_test_setup(usage_counters, reset),
		cmocka_unit_test_setup(sem_use_many, reset),
		cmocka_unit_test_setup(limits_online, reset),
		cmocka_unit_test_setup(one_path_and_fallback, reset),
	};
	const char *sb = getenv("IPCBOX_SANDBOX");

	/* these tests create and remove IPC objects: never on the host */
	if (!sb || strcmp(sb, "1")) {
		fputs("SKIP: test_sysv_online runs only inside tests/sandbox\n", stderr);
		return 77;
	}
	live.now = time(NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
