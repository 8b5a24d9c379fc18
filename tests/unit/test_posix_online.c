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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(context_paths),
		cmocka_unit_test(pshm_create_list_unlink),
		cmocka_unit_test(pshm_control_characters),
		cmocka_unit_test(pshm_truncate_failure_unlinks),
		cmocka_unit_test(pmsg_create_list_unlink),
		cmocka_unit_test(pmsg_default_attributes),
		cmocka_unit_test(pmsg_listing_keeps_times),
		cmocka_unit_test(psem_create_list_unlink),
		cmocka_unit_test(psem_waiter_counted),
		cmocka_unit_test(modes_exact_despite_umask),
		cmocka_unit_test(unreadable_objects_still_listed),
	};

	/* IPC objects are created here: never on the host */
	if (!getenv("IPCBOX_SANDBOX")) {
		fprintf(stderr, "SKIP: run through tests/sandbox\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
