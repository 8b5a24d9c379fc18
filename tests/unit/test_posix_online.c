/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Live tests of the POSIX reader and of create/unlink; run only inside tests/sandbox. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"
#include "ipc.h"

static const unsigned int base_have = IPC_HAVE_OWNER | IPC_HAVE_CREATOR | IPC_HAVE_MODE |
				       IPC_HAVE_TIMES;

static struct ipc_ctx ctx;

static int setup(void **state)
{
	umask(022);
	return ipc_ctx_init(&ctx, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	ipc_ctx_free(&ctx);
	return 0;
}

static uint64_t read_u64(const char *path)
{
	uint64_t v;

	assert_int_equal(ipc_read_u64(path, &v), 0);
	return v;
}

/* List kind with want; return a copy of the object called name (must exist). */
static struct ipc_obj listed(enum ipc_kind kind, unsigned int want, const char *name)
{
	struct ipc_objs objs = { 0 };
	struct ipc_obj o = { 0 };
	int found = 0;

	assert_int_equal(ipc_list(&ctx, kind, want, &objs), 0);
	for (size_t i = 0; i < objs.n; i++) {
		if (!strcmp(objs.v[i].name, name)) {
			o = objs.v[i];
			objs.v[i].name = NULL;
			found++;
		}
	}
	ipc_objs_free(&objs);
	if (found != 1)
		fail_msg("%s listed %d times", name, found);
	return o;
}

static bool is_listed(enum ipc_kind kind, const char *name)
{
	struct ipc_objs objs = { 0 };
	bool found = false;

	assert_int_equal(ipc_list(&ctx, kind, 0, &objs), 0);
	for (size_t i = 0; i < objs.n; i++)
		found |= !strcmp(objs.v[i].name, name);
	ipc_objs_free(&objs);
	return found;
}

static void mode_of(const char *path, mode_t expect)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, expect);
}

static void context_paths(void **state)
{
	/* tests/sandbox mounts both */
	assert_non_null(ipc_ctx_mqdir(&ctx));
	assert_string_equal(ipc_ctx_mqdir(&ctx), "/dev/mqueue");
	assert_non_null(ipc_ctx_shmdir(&ctx));
	assert_string_equal(ipc_ctx_shmdir(&ctx), "/dev/shm");
}

static void pshm_create_list_unlink(void **state)
{
	struct posix_create_attr a = { .size = 4097 };
	struct ipc_obj o;

	assert_int_equal(posix_create(IPC_PSHM, "/t_shm", 0666, &a), 0);
	assert_int_equal(posix_create(IPC_PSHM, "t_shm", 0600, &a), -EEXIST);
	/* the mode is exact although the umask is 022 */
	mode_of("/dev/shm/t_shm", 0666);

	o = listed(IPC_PSHM, IPC_WANT_ALL, "/t_shm");
	assert_int_equal(o.kind, IPC_PSHM);
	assert_int_equal(o.have, base_have);
	assert_int_equal(o.mode, 0666);
	assert_int_equal(o.pshm.size, 4097);
	assert_int_equal(o.uid, geteuid());
	assert_int_equal(o.cuid, geteuid());
	assert_int_equal(o.gid, getegid());
	assert_int_equal(o.id, -1);
	ipc_obj_clear(&o);

	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "t_shm", 0, &o), 0);
	assert_string_equal(o.name, "/t_shm");
	assert_int_equal(o.pshm.size, 4097);
	ipc_obj_clear(&o);

	/* never a semaphore's file */
	assert_int_equal(posix_create(IPC_PSHM, "/sem.x", 0600, &a), -EINVAL);
	assert_false(is_listed(IPC_PSEM, "/x"));

	assert_int_equal(posix_unlink(IPC_PSHM, "t_shm"), 0);
	assert_int_equal(posix_unlink(IPC_PSHM, "/t_shm"), -ENOENT);
	assert_false(is_listed(IPC_PSHM, "/t_shm"));
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "/t_shm", 0, &o), -ENOENT);
}

static void pshm_control_characters(void **state)
{
	const char *name = "/a\tb\033[1m\001";
	struct ipc_obj o;

	assert_int_equal(posix_create(IPC_PSHM, name, 0600, NULL), 0);
	o = listed(IPC_PSHM, 0, name);
	assert_int_equal(o.pshm.size, 0);
	ipc_obj_clear(&o);
	assert_int_equal(posix_unlink(IPC_PSHM, name + 1), 0);
}

static void pshm_truncate_failure_unlinks(void **state)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		/* a file size limit makes ftruncate fail with EFBIG */
		struct rlimit rl = { 4096, 4096 };
		struct posix_create_attr a = { .size = 1 << 20 };

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(2);
		if (posix_create(IPC_PSHM, "/t_big", 0600, &a) != -EFBIG)
			_exit(3);
		_exit(access("/dev/shm/t_big", F_OK) == 0 ? 4 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_false(is_listed(IPC_PSHM, "/t_big"));
}

static void pmsg_create_list_unlink(void **state)
{
	struct posix_create_attr a = { .maxmsg = 4, .msgsize = 64 };
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	struct ipc_obj o;
	int fds[2];
	pid_t pid;
	mqd_t q;
	char c;

	assert_int_equal(posix_create(IPC_PMSG, "t_mq", 0662, &a), 0);
	assert_int_equal(posix_create(IPC_PMSG, "/t_mq", 0600, &a), -EEXIST);
	mode_of("/dev/mqueue/t_mq", 0662);

	o = listed(IPC_PMSG, IPC_WANT_ALL, "/t_mq");
	assert_int_equal(o.have, base_have | IPC_HAVE_MQATTR | IPC_HAVE_QSIZE);
	assert_int_equal(o.mode, 0662);
	assert_int_equal(o.mq.curmsgs, 0);
	assert_int_equal(o.mq.maxmsg, 4);
	assert_int_equal(o.mq.msgsize, 64);
	assert_int_equal(o.mq.qsize, 0);
	assert_int_equal(o.mq.notify_pid, 0);
	ipc_obj_clear(&o);

	q = mq_open("/t_mq", O_WRONLY);
	assert_true(q != (mqd_t)-1);
	assert_int_equal(mq_send(q, "hello", 5, 1), 0);
	assert_int_equal(mq_send(q, "world!!", 7, 2), 0);

	/*
	 * The kernel drops a process's notification when that process
	 * closes any descriptor of the queue, and listing opens and closes
	 * one: so the registration is made by another process, as it is
	 * for lsipc.
	 */
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		mqd_t cq = mq_open("/t_mq", O_RDONLY);

		signal(SIGUSR1, SIG_IGN);
		if (cq == (mqd_t)-1 || mq_notify(cq, &sev) < 0)
			_exit(2);
		if (write(fds[1], "", 1) != 1)
			_exit(3);
		alarm(20);
		pause();
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);

	o = listed(IPC_PMSG, IPC_WANT_ALL, "/t_mq");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_int_equal(o.mq.curmsgs, 2);
	assert_int_equal(o.mq.maxmsg, 4);
	assert_int_equal(o.mq.msgsize, 64);
	/* the kernel counts the bytes plus its own bookkeeping */
	assert_true(o.mq.qsize >= 12);
	assert_int_equal(o.mq.notify, SIGEV_SIGNAL);
	assert_int_equal(o.mq.signo, SIGUSR1);
	assert_int_equal(o.mq.notify_pid, pid);
	ipc_obj_clear(&o);

	/* only what was asked for */
	o = listed(IPC_PMSG, IPC_WANT_MQATTR, "/t_mq");
	assert_int_equal(o.have, base_have | IPC_HAVE_MQATTR);
	assert_int_equal(o.mq.qsize, 0);
	ipc_obj_clear(&o);
	o = listed(IPC_PMSG, 0, "/t_mq");
	assert_int_equal(o.have, base_have);
	assert_int_equal(o.mq.curmsgs, 0);
	ipc_obj_clear(&o);

	assert_int_equal(posix_stat_name(&ctx, IPC_PMSG, "/t_mq", IPC_WANT_MQATTR, &o), 0);
	assert_int_equal(o.mq.curmsgs, 2);
	ipc_obj_clear(&o);
	mq_close(q);

	assert_int_equal(posix_unlink(IPC_PMSG, "/t_mq"), 0);
	assert_int_equal(posix_unlink(IPC_PMSG, "t_mq"), -ENOENT);
	assert_false(is_listed(IPC_PMSG, "/t_mq"));
}

static void pmsg_default_attributes(void **state)
{
	uint64_t def_max = read_u64("/proc/sys/fs/mqueue/msg_default");
	uint64_t def_size = read_u64("/proc/sys/fs/mqueue/msgsize_default");
	struct posix_create_attr only_max = { .maxmsg = 3 };
	struct posix_create_attr only_size = { .msgsize = 100 };
	struct ipc_obj o;

	assert_int_equal(posix_create(IPC_PMSG, "/t_max", 0600, &only_max), 0);
	assert_int_equal(posix_create(IPC_PMSG, "/t_size", 0600, &only_size), 0);
	assert_int_equal(posix_create(IPC_PMSG, "/t_none", 0600, NULL), 0);

	o = listed(IPC_PMSG, IPC_WANT_MQATTR, "/t_max");
	assert_int_equal(o.mq.maxmsg, 3);
	assert_int_equal(o.mq.msgsize, def_size);
	ipc_obj_clear(&o);
	o = listed(IPC_PMSG, IPC_WANT_MQATTR, "/t_size");
	assert_int_equal(o.mq.maxmsg, def_max);
	assert_int_equal(o.mq.msgsize, 100);
	ipc_obj_clear(&o);
	o = listed(IPC_PMSG, IPC_WANT_MQATTR, "/t_none");
	assert_int_equal(o.mq.maxmsg, def_max);
	assert_int_equal(o.mq.msgsize, def_size);
	ipc_obj_clear(&o);

	assert_int_equal(posix_unlink(IPC_PMSG, "/t_max"), 0);
	assert_int_equal(posix_unlink(IPC_PMSG, "/t_size"), 0);
	assert_int_equal(posix_unlink(IPC_PMSG, "/t_none"), 0);
}

static void write_u64(const char *path, uint64_t v)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fprintf(f, "%llu\n", (unsigned long long)v) > 0);
	assert_int_equal(fclose(f), 0);
}

/*
 * A default above its maximum (the sysctls allow it): the attribute that
 * is not given gets the default capped at the maximum, as the kernel's
 * own queue without attributes does, instead of EINVAL from mq_open().
 */
static void pmsg_default_capped_at_max(void **state)
{
	static const char *const files[] = {
		"/proc/sys/fs/mqueue/msg_max", "/proc/sys/fs/mqueue/msg_default",
		"/proc/sys/fs/mqueue/msgsize_max", "/proc/sys/fs/mqueue/msgsize_default",
	};
	static const uint64_t set[] = { 5, 10, 1024, 8192 };
	struct posix_create_attr only_max = { .maxmsg = 2 };
	struct posix_create_attr only_size = { .msgsize = 200 };
	uint64_t saved[4];
	struct ipc_obj o;

	if (geteuid() != 0)
		skip();
	for (int i = 0; i < 4; i++)
		saved[i] = read_u64(files[i]);
	/* this IPC namespace is the sandbox's own */
	for (int i = 0; i < 4; i++)
		write_u64(files[i], set[i]);

	assert_int_equal(posix_create(IPC_PMSG, "/t_cap_max", 0600, &only_max), 0);
	assert_int_equal(posix_create(IPC_PMSG, "/t_cap_size", 0600, &only_size), 0);
	assert_int_equal(posix_create(IPC_PMSG, "/t_cap_none", 0600, NULL), 0);
	o = listed(IPC_PMSG, IPC_WANT_MQATTR, "/t_cap_max");
	assert_int_equal(o.mq.maxmsg, 2);
	assert_int_equal(o.mq.msgsize, 1024);
	ipc_obj_clear(&o);
	o = listed(IPC_PMSG, IPC_WANT_MQATTR, "/t_cap_size");
	assert_int_equal(o.mq.maxmsg, 5);
	assert_int_equal(o.mq.msgsize, 200);
	ipc_obj_clear(&o);
	/* what the kernel does itself */
	o = listed(IPC_PMSG, IPC_WANT_MQATTR, "/t_cap_none");
	assert_int_equal(o.mq.maxmsg, 5);
	assert_int_equal(o.mq.msgsize, 1024);
	ipc_obj_clear(&o);

	for (int i = 3; i >= 0; i--)
		write_u64(files[i], saved[i]);
	assert_int_equal(posix_unlink(IPC_PMSG, "/t_cap_max"), 0);
	assert_int_equal(posix_unlink(IPC_PMSG, "/t_cap_size"), 0);
	assert_int_equal(posix_unlink(IPC_PMSG, "/t_cap_none"), 0);
}

/*
 * mq_open() says EMFILE both for a full descriptor table and for the
 * user's RLIMIT_MSGQUEUE: the second is -EDQUOT, the first stays -EMFILE.
 * In a child, as the limits change. Returns 0 or the failed step.
 */
static int pmsg_limits_child(void)
{
	struct rlimit none = { 0, 0 }, few = { 16, 16 };

	if (setrlimit(RLIMIT_MSGQUEUE, &none) < 0)
		return 1;
	if (posix_create(IPC_PMSG, "/t_rlim", 0600, NULL) != -EDQUOT)
		return 2;
	if (setrlimit(RLIMIT_NOFILE, &few) < 0)
		return 3;
	while (dup(0) >= 0)
		;
	if (errno != EMFILE)
		return 4;
	if (posix_create(IPC_PMSG, "/t_rlim", 0600, NULL) != -EMFILE)
		return 5;
	return 0;
}

static void pmsg_rlimit_msgqueue_is_not_emfile(void **state)
{
	pid_t pid;
	int status;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(pmsg_limits_child());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_false(is_listed(IPC_PMSG, "/t_rlim"));
}

static bool same_time(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

static void pmsg_listing_keeps_times(void **state)
{
	struct posix_create_attr a = { .maxmsg = 2, .msgsize = 16 };
	struct stat before, after;
	struct ipc_obj o;

	assert_int_equal(posix_create(IPC_PMSG, "/t_times", 0600, &a), 0);
	assert_int_equal(stat("/dev/mqueue/t_times", &before), 0);
	sleep(1);
	usleep(100000);

	o = listed(IPC_PMSG, IPC_WANT_MQATTR, "/t_times");
	assert_int_equal(o.have, base_have | IPC_HAVE_MQATTR);
	assert_int_equal(o.ctime, before.st_ctime);
	ipc_obj_clear(&o);
	assert_int_equal(posix_stat_name(&ctx, IPC_PMSG, "t_times", IPC_WANT_MQATTR, &o), 0);
	ipc_obj_clear(&o);
	assert_int_equal(stat("/dev/mqueue/t_times", &after), 0);
	assert_true(same_time(&before.st_atim, &after.st_atim));
	assert_true(same_time(&before.st_ctim, &after.st_ctim));
	assert_true(same_time(&before.st_mtim, &after.st_mtim));

	/*
	 * The control: reading the mqueue file (IPC_WANT_QSIZE) does stamp
	 * atime and ctime. It shows that the clock moved, so the check
	 * above could have failed, and why QSIZE is a separate want bit.
	 */
	o = listed(IPC_PMSG, IPC_WANT_QSIZE, "/t_times");
	assert_int_equal(o.have, base_have | IPC_HAVE_QSIZE);
	ipc_obj_clear(&o);
	assert_int_equal(stat("/dev/mqueue/t_times", &after), 0);
	assert_false(same_time(&before.st_ctim, &after.st_ctim));
	assert_false(same_time(&before.st_atim, &after.st_atim));

	assert_int_equal(posix_unlink(IPC_PMSG, "t_times"), 0);
}

static void psem_create_list_unlink(void **state)
{
	struct posix_create_attr a = { .value = 3 };
	struct ipc_obj o;
	sem_t *s;
	int v;

	assert_int_equal(posix_create(IPC_PSEM, "/t_sem", 0646, &a), 0);
	assert_int_equal(posix_create(IPC_PSEM, "t_sem", 0600, &a), -EEXIST);
	mode_of("/dev/shm/sem.t_sem", 0646);

	o = listed(IPC_PSEM, IPC_WANT_ALL, "/t_sem");
	assert_int_equal(o.kind, IPC_PSEM);
	assert_int_equal(o.have, base_have | IPC_HAVE_SEMVAL);
	assert_int_equal(o.mode, 0646);
	assert_int_equal(o.psem.value, 3);
	assert_int_equal(o.psem.waiters, 0);
	ipc_obj_clear(&o);
	/* the semaphore file is not listed as shared memory */
	assert_false(is_listed(IPC_PSHM, "/sem.t_sem"));

	s = sem_open("/t_sem", 0);
	assert_true(s != SEM_FAILED);
	assert_int_equal(sem_wait(s), 0);
	/* reading the value changed nothing */
	assert_int_equal(sem_getvalue(s, &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSEM, "t_sem", IPC_WANT_SEMVAL, &o), 0);
	assert_string_equal(o.name, "/t_sem");
	assert_int_equal(o.psem.value, 2);
	ipc_obj_clear(&o);
	assert_int_equal(sem_getvalue(s, &v), 0);
	assert_int_equal(v, 2);
	sem_close(s);

	assert_int_equal(posix_unlink(IPC_PSEM, "t_sem"), 0);
	assert_int_equal(posix_unlink(IPC_PSEM, "/t_sem"), -ENOENT);
	assert_false(is_listed(IPC_PSEM, "/t_sem"));
}

static void psem_waiter_counted(void **state)
{
	struct posix_create_attr a = { .value = 0 };
	struct ipc_obj o;
	pid_t pid;
	sem_t *s;
	int status, tries;

	assert_int_equal(posix_create(IPC_PSEM, "/t_wait", 0600, &a), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sem_t *cs = sem_open("/t_wait", 0);

		if (cs == SEM_FAILED)
			_exit(2);
		alarm(20);	/* never outlive a broken test */
		_exit(sem_wait(cs) == 0 ? 0 : 3);
	}
	/* wait until the child sleeps in sem_wait */
	for (tries = 0; tries < 100; tries++) {
		o = listed(IPC_PSEM, IPC_WANT_SEMVAL, "/t_wait");
		assert_true(o.have & IPC_HAVE_SEMVAL);
		ipc_obj_clear(&o);
		if (o.psem.waiters == 1)
			break;
		usleep(50000);
	}
	assert_int_equal(o.psem.waiters, 1);
	assert_int_equal(o.psem.value, 0);

	s = sem_open("/t_wait", 0);
	assert_true(s != SEM_FAILED);
	assert_int_equal(sem_post(s), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(sem_post(s), 0);
	assert_int_equal(sem_post(s), 0);
	sem_close(s);

	o = listed(IPC_PSEM, IPC_WANT_SEMVAL, "/t_wait");
	assert_int_equal(o.psem.waiters, 0);
	assert_int_equal(o.psem.value, 2);
	ipc_obj_clear(&o);
	assert_int_equal(posix_unlink(IPC_PSEM, "/t_wait"), 0);
}

static void modes_exact_despite_umask(void **state)
{
	struct posix_create_attr a = { .size = 10, .value = 1 };
	mode_t old;

	umask(077);
	assert_int_equal(posix_create(IPC_PSHM, "/t_m", 0666, &a), 0);
	assert_int_equal(posix_create(IPC_PMSG, "/t_m", 0644, &a), 0);
	assert_int_equal(posix_create(IPC_PSEM, "/t_m", 0604, &a), 0);
	/* the process's umask is left as it was */
	old = umask(022);
	assert_int_equal(old, 077);
	mode_of("/dev/shm/t_m", 0666);
	mode_of("/dev/mqueue/t_m", 0644);
	mode_of("/dev/shm/sem.t_m", 0604);
	assert_int_equal(posix_unlink(IPC_PSHM, "/t_m"), 0);
	assert_int_equal(posix_unlink(IPC_PMSG, "/t_m"), 0);
	assert_int_equal(posix_unlink(IPC_PSEM, "/t_m"), 0);

	assert_int_equal(posix_create(IPC_PSHM, "/t_zero", 0, &a), 0);
	mode_of("/dev/shm/t_zero", 0);
	assert_int_equal(posix_unlink(IPC_PSHM, "/t_zero"), 0);
}

/* posix_remove_obj() removes the very file listed, never a namesake. */
static void remove_exactly_the_listed_object(void **state)
{
	struct posix_create_attr a = { .size = 1 };
	static const enum ipc_kind kinds[] = { IPC_PSHM, IPC_PMSG, IPC_PSEM };

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct ipc_obj o, again;

		assert_int_equal(posix_create(kinds[i], "/t_same", 0600, &a), 0);
		o = listed(kinds[i], 0, "/t_same");
		/* replaced by another file of the same name */
		assert_int_equal(posix_unlink(kinds[i], "/t_same"), 0);
		assert_int_equal(posix_create(kinds[i], "/t_same", 0600, &a), 0);
		assert_int_equal(posix_remove_obj(&ctx, &o), -ESTALE);
		assert_true(is_listed(kinds[i], "/t_same"));
		/* the new one, listed, goes */
		again = listed(kinds[i], 0, "/t_same");
		assert_int_equal(posix_remove_obj(&ctx, &again), 0);
		assert_false(is_listed(kinds[i], "/t_same"));
		assert_int_equal(posix_remove_obj(&ctx, &again), -ENOENT);
		ipc_obj_clear(&o);
		ipc_obj_clear(&again);
	}
}

/* Run as nobody in a child: objects we may not open are still listed. */
static int unprivileged_child(void)
{
	struct ipc_ctx c;
	struct ipc_objs objs = { 0 };
	int bad = 0, seen = 0;

	if (setgid(65534) < 0 || setuid(65534) < 0)
		return 10;
	if (ipc_ctx_init(&c, NULL) < 0)
		return 11;
	if (ipc_list(&c, IPC_PMSG, IPC_WANT_ALL, &objs) < 0)
		return 12;
	for (size_t i = 0; i < objs.n; i++) {
		if (!strcmp(objs.v[i].name, "/t_priv")) {
			seen++;
			bad |= objs.v[i].have != base_have;
			bad |= objs.v[i].mode != 0600;
		}
	}
	ipc_objs_free(&objs);
	if (ipc_list(&c, IPC_PSEM, IPC_WANT_ALL, &objs) < 0)
		return 13;
	for (size_t i = 0; i < objs.n; i++) {
		if (!strcmp(objs.v[i].name, "/t_priv")) {
			seen++;
			bad |= objs.v[i].have != base_have;
		}
	}
	ipc_objs_free(&objs);
	ipc_ctx_free(&c);
	if (seen != 2)
		return 14;
	return bad ? 15 : 0;
}

static void unreadable_objects_still_listed(void **state)
{
	struct posix_create_attr a = { .value = 1 };
	pid_t pid;
	int status;

	if (geteuid() != 0)
		skip();
	assert_int_equal(posix_create(IPC_PMSG, "/t_priv", 0600, &a), 0);
	assert_int_equal(posix_create(IPC_PSEM, "/t_priv", 0600, &a), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(unprivileged_child());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(posix_unlink(IPC_PMSG, "/t_priv"), 0);
	assert_int_equal(posix_unlink(IPC_PSEM, "/t_priv"), 0);
}

/*
 * As nobody, under umasks that take the owner's read bit: every mode is
 * applied exactly (posix_create() must not reopen the file by name), and
 * the semaphore works for another process when the mode lets it in.
 * Returns 0 or the number of the failed step.
 */
static int psem_modes_child(void)
{
	static const mode_t umasks[] = { 0400, 0777 };
	static const mode_t modes[] = { 0, 0200, 0222, 0044, 0070, 0600 };
	struct posix_create_attr a = { .value = 5 };
	struct stat st;
	char name[32], path[64];
	sem_t *s;
	int v;

	if (setgid(65534) < 0 || setuid(65534) < 0)
		return 1;
	for (size_t u = 0; u < sizeof(umasks) / sizeof(umasks[0]); u++) {
		for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
			snprintf(name, sizeof(name), "/t_pm%zu_%zu", u, m);
			snprintf(path, sizeof(path), "/dev/shm/sem.t_pm%zu_%zu", u, m);
			umask(umasks[u]);
			if (posix_create(IPC_PSEM, name, modes[m], &a) != 0)
				return 2;
			if (umask(022) != umasks[u])
				return 3;
			if (lstat(path, &st) < 0 || (st.st_mode & 07777) != modes[m] ||
			    st.st_uid != 65534 || st.st_size != sizeof(sem_t))
				return 4;
		}
	}
	/* 0600: sem_open() of glibc, in a process of its own, sees value 5 */
	if (fork() == 0) {
		s = sem_open("/t_pm1_5", 0);
		if (s == SEM_FAILED || sem_getvalue(s, &v) < 0 || v != 5 || sem_post(s) < 0)
			_exit(1);
		_exit(0);
	}
	if (wait(&v) < 0 || !WIFEXITED(v) || WEXITSTATUS(v) != 0)
		return 5;
	s = sem_open("/t_pm1_5", 0);
	if (s == SEM_FAILED || sem_getvalue(s, &v) < 0 || v != 6)
		return 6;
	sem_close(s);
	/* 0200: not for reading, so sem_open() is refused, as it must be */
	if (sem_open("/t_pm1_1", 0) != SEM_FAILED || errno != EACCES)
		return 7;
	for (size_t u = 0; u < sizeof(umasks) / sizeof(umasks[0]); u++) {
		for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
			snprintf(name, sizeof(name), "/t_pm%zu_%zu", u, m);
			if (posix_unlink(IPC_PSEM, name) != 0)
				return 8;
		}
	}
	return 0;
}

static void psem_mode_exact_for_nonroot(void **state)
{
	pid_t pid;
	int status;

	if (geteuid() != 0)
		skip();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(psem_modes_child());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(context_paths),
		cmocka_unit_test(pshm_create_list_unlink),
		cmocka_unit_test(pshm_control_characters),
		cmocka_unit_test(pshm_truncate_failure_unlinks),
		cmocka_unit_test(pmsg_create_list_unlink),
		cmocka_unit_test(pmsg_default_attributes),
		cmocka_unit_test(pmsg_default_capped_at_max),
		cmocka_unit_test(pmsg_rlimit_msgqueue_is_not_emfile),
		cmocka_unit_test(pmsg_listing_keeps_times),
		cmocka_unit_test(psem_create_list_unlink),
		cmocka_unit_test(psem_waiter_counted),
		cmocka_unit_test(modes_exact_despite_umask),
		cmocka_unit_test(unreadable_objects_still_listed),
		cmocka_unit_test(remove_exactly_the_listed_object),
		cmocka_unit_test(psem_mode_exact_for_nonroot),
	};

	/* IPC objects are created here: never on the host */
	if (!getenv("IPCBOX_SANDBOX")) {
		fprintf(stderr, "SKIP: run through tests/sandbox\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
