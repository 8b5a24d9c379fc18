/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A context for another IPC namespace: naming it, entering it around System V reads, its POSIX directories. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/nsfs.h>

#include "cleanup.h"
#include "internal.h"
#include "ipc.h"
#include "nsctx.h"
#include "parse.h"

/* What a failed open of a process's file means: gone is "no such process". */
static int proc_errno(int e)
{
	return e == ENOENT || e == ESRCH ? -ESRCH : -e;
}

/*
 * The namespace file of target, opened read-only: "/proc/PID/ns/ipc" for
 * a pid (and the directory of the process in *ret_piddir, to open more of
 * the same process), else the file itself. Never blocks on a FIFO.
 */
static int open_target(const char *target, pid_t *ret_pid, int *ret_piddir)
{
	const char *end = target;
	uint64_t pid;
	int fd;

	*ret_pid = 0;
	*ret_piddir = -1;
	if (parse_digits(&end, NULL, 10, INT_MAX, &pid) == 0 && *end == '\0') {
		char path[32];
		_cleanup_close_ int piddir = -1;

		if (pid == 0)
			return -ESRCH;
		snprintf(path, sizeof(path), "/proc/%u", (unsigned int)pid);
		piddir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (piddir < 0)
			return proc_errno(errno);
		fd = openat(piddir, "ns/ipc", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return proc_errno(errno);
		*ret_pid = (pid_t)pid;
		*ret_piddir = TAKE_FD(piddir);
		return fd;
	}
	fd = open(target, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/*
 * /dev/shm of the process's mount namespace, as glibc there finds it (by
 * that path), resolved inside its root so that no link in it leads out:
 * an O_PATH descriptor, or -ENOENT when it has none.
 */
static int open_target_shm(int piddir)
{
	_cleanup_close_ int root = openat(piddir, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (root < 0)
		return proc_errno(errno);
	return ipc_openat_in_root(root, "dev/shm", O_PATH | O_DIRECTORY);
}

static int set_fd_path(char **ret, int fd)
{
	char path[40];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	*ret = strdup(path);
	return *ret ? 0 : -ENOMEM;
}

/* What ipc_ctx_set_ns() opens before it changes the context (-1: not open). */
struct ns_target {
	int fd;			/* the namespace file */
	int piddir;		/* /proc/PID of a pid target */
	int home;		/* the caller's namespace */
	int mnt, shm;		/* a pid target's mount namespace and /dev/shm */
	int mq;			/* the detached mqueue mount of another namespace */
	pid_t pid;		/* 0: a namespace file */
	struct stat st;		/* of fd */
	bool same;		/* fd is the caller's own namespace */
};

static void ns_target_close(struct ns_target *t)
{
	closep(&t->fd);
	closep(&t->piddir);
	closep(&t->home);
	closep(&t->mnt);
	closep(&t->shm);
	closep(&t->mq);
}

/* Open target's namespace file, check that it is an IPC namespace, and ours to compare with. */
static int open_ipc_ns(struct ns_target *t, const char *target)
{
	struct stat own;
	int type;

	t->fd = open_target(target, &t->pid, &t->piddir);
	if (t->fd < 0)
		return t->fd;
	/* nsfs answers with the namespace's type; any other file does not */
	type = ioctl(t->fd, NS_GET_NSTYPE);
	if (type < 0)
		return errno == ENOTTY || errno == EINVAL ? -ENOTTY : -errno;
	if (type != CLONE_NEWIPC)
		return -ENOTTY;
	if (fstat(t->fd, &t->st) < 0)
		return -errno;
	t->home = open("/proc/self/ns/ipc", O_RDONLY | O_CLOEXEC);
	if (t->home < 0 || fstat(t->home, &own) < 0)
		return -errno;
	t->same = t->st.st_dev == own.st_dev && t->st.st_ino == own.st_ino;
	return 0;
}

/* A pid target's mount namespace and /dev/shm (none is fine), while it is still that process. */
static int open_target_mnt(struct ns_target *t)
{
	t->mnt = openat(t->piddir, "ns/mnt", O_RDONLY | O_CLOEXEC);
	if (t->mnt < 0)
		return proc_errno(errno);
	t->shm = open_target_shm(t->piddir);
	/* no /dev/shm there is no error: -ESRCH (gone) and the others are */
	if (t->shm < 0 && t->shm != -ENOENT && t->shm != -ENOTDIR)
		return t->shm;
	/* the process is still the one whose namespace we hold */
	if (faccessat(t->piddir, "ns", F_OK, 0) < 0)
		return proc_errno(errno);
	return 0;
}

/*
 * Enter another namespace now (CAP_SYS_ADMIN over the namespace's user
 * namespace), and make the detached mqueue mount while there: an mqueue
 * superblock is its mounter's namespace's. No mount is no error.
 */
static int mount_target_mqueue(struct ns_target *t)
{
	if (setns(t->fd, CLONE_NEWIPC) < 0)
		return -errno;
	t->mq = ipc_detached_mqueue();
	if (setns(t->home, CLONE_NEWIPC) < 0)
		abort();	/* never go on in the wrong namespace */
	return 0;
}

/* Make ctx read t's namespace: it takes t's descriptors and the directories. */
static void adopt_target(struct ipc_ctx *ctx, struct ns_target *t, char **mqdir, char **shmdir)
{
	/*
	 * What ipc_ctx_init() would find is the caller's. In the caller's
	 * own namespace its queues are found as always (the mqueue check
	 * included); the shm directory is always the process's.
	 */
	if (!t->same) {
		free(ctx->mqdir);
		free(ctx->mq_foreign);
		ctx->mq_foreign = NULL;
		ctx->mqdir = TAKE_PTR(*mqdir);
		ctx->mq_mntfd = TAKE_FD(t->mq);
		ctx->mqdir_pending = false;
	}
	/* a file names no mount namespace: no shm directory at all */
	free(ctx->shmdir);
	ctx->shmdir = TAKE_PTR(*shmdir);
	ctx->shmdir_pending = false;
	ctx->ns_set = true;
	ctx->ns_same = t->same;
	ctx->ns_no_shm = t->pid == 0;
	ctx->ns_pid = t->pid;
	ctx->ns_dev = t->st.st_dev;
	ctx->ns_ino = t->st.st_ino;
	ctx->ns_depth = 0;
	ctx->ns_fd = TAKE_FD(t->fd);
	ctx->ns_home_fd = TAKE_FD(t->home);
	ctx->ns_mnt_fd = TAKE_FD(t->mnt);
	ctx->ns_shm_fd = TAKE_FD(t->shm);
}

int ipc_ctx_set_ns(struct ipc_ctx *ctx, const char *target)
{
	_cleanup_(ns_target_close) struct ns_target t = {
		.fd = -1, .piddir = -1, .home = -1, .mnt = -1, .shm = -1, .mq = -1,
	};
	_cleanup_free_ char *mqdir = NULL, *shmdir = NULL;
	int r;

	if (ctx->offline)
		return -EROFS;
	if (ctx->ns_set)
		return -EBUSY;
	r = open_ipc_ns(&t, target);
	if (r < 0)
		return r;
	if (t.pid > 0 && (r = open_target_mnt(&t)) < 0)
		return r;
	if (!t.same && (r = mount_target_mqueue(&t)) < 0)
		return r;
	if (t.mq >= 0 && (r = set_fd_path(&mqdir, t.mq)) < 0)
		return r;
	if (t.shm >= 0 && (r = set_fd_path(&shmdir, t.shm)) < 0)
		return r;
	adopt_target(ctx, &t, &mqdir, &shmdir);
	return 0;
}

int ipc_ctx_enter(struct ipc_ctx *ctx)
{
	if (!ctx || !ctx->ns_set || ctx->ns_same)
		return 0;
	if (ctx->ns_depth++ > 0)
		return 0;
	if (setns(ctx->ns_fd, CLONE_NEWIPC) < 0) {
		ctx->ns_depth--;
		return -errno;
	}
	return 0;
}

void ipc_ctx_leave(struct ipc_ctx *ctx)
{
	if (!ctx || !ctx->ns_set || ctx->ns_same || ctx->ns_depth == 0)
		return;
	if (--ctx->ns_depth > 0)
		return;
	/*
	 * Back to where we came from, with the privilege that let us leave
	 * it. Should that ever fail, reading or removing on in the wrong
	 * namespace would be worse than stopping.
	 */
	if (setns(ctx->ns_home_fd, CLONE_NEWIPC) < 0)
		abort();
}

int ipc_ctx_enter_mnt(struct ipc_ctx *ctx)
{
	if (!ctx->ns_set || ctx->ns_mnt_fd < 0)
		return -ENOENT;
	return setns(ctx->ns_mnt_fd, CLONE_NEWNS) < 0 ? -errno : 0;
}

void ipc_ctx_ns_free(struct ipc_ctx *ctx)
{
	if (!ctx->ns_set)
		return;
	while (ctx->ns_depth > 0)
		ipc_ctx_leave(ctx);
	closep(&ctx->ns_fd);
	closep(&ctx->ns_home_fd);
	closep(&ctx->ns_mnt_fd);
	closep(&ctx->ns_shm_fd);
	if (!ctx->ns_same)
		closep(&ctx->mq_mntfd);	/* ours, not ipc_ctx_init()'s */
	ctx->ns_fd = ctx->ns_home_fd = ctx->ns_mnt_fd = ctx->ns_shm_fd = -1;
	ctx->ns_set = false;
}
