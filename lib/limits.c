/* SPDX-License-Identifier: GPL-2.0-or-later */
/* System V and POSIX IPC limits from /proc/sys, with the IPC_INFO fallback. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/statvfs.h>

#include "cleanup.h"
#include "internal.h"
#include "ipc.h"
#include "nsctx.h"
#include "parse.h"

/* The kernel's SHMMIN, for when we cannot ask it (offline). */
#define DEFAULT_SHMMIN	1

static inline bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

int ipc_parse_sem_limits(const char *text, struct ipc_limits *ret)
{
	uint64_t v[4];
	const char *p = text;

	if (!text)
		return -EINVAL;
	for (int i = 0; i < 4; i++) {
		int r;

		/* fields are separated by blanks; the kernel uses tabs */
		while (*p == ' ' || *p == '\t')
			p++;
		/* the kernel keeps them as int */
		r = parse_digits(&p, NULL, 10, INT_MAX, &v[i]);
		if (r < 0)
			return r;
		if (*p && !is_space(*p))
			return -EINVAL;
	}
	while (is_space(*p))
		p++;
	if (*p)
		return -EINVAL;
	ret->semmsl = v[0];
	ret->semmns = v[1];
	ret->semopm = v[2];
	ret->semmni = v[3];
	return 0;
}

/* <procdir>/sys/<name> as one unsigned number. */
static int read_sys(struct ipc_ctx *ctx, const char *name, uint64_t *ret)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/sys/%s", ctx->procdir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return ipc_read_u64(path, ret);
}

static bool read_msg_limits(struct ipc_ctx *ctx, struct ipc_limits *l)
{
	union sysv_info u;

	if (read_sys(ctx, "kernel/msgmni", &l->msgmni) == 0 &&
	    read_sys(ctx, "kernel/msgmax", &l->msgmax) == 0 &&
	    read_sys(ctx, "kernel/msgmnb", &l->msgmnb) == 0)
		return true;
	if (ctx->offline || sysv_info(IPC_MSG, false, &u) < 0)
		return false;
	l->msgmni = (unsigned int)u.msg.msgmni;
	l->msgmax = (unsigned int)u.msg.msgmax;
	l->msgmnb = (unsigned int)u.msg.msgmnb;
	return true;
}

static bool read_sem_limits(struct ipc_ctx *ctx, struct ipc_limits *l)
{
	_cleanup_free_ char *text = NULL;
	union sysv_info u;
	const struct seminfo *info = &u.sem;
	bool have_info, have_file = false;
	char path[PATH_MAX];

	l->semvmx = IPC_SEMVMX;
	if (snprintf(path, sizeof(path), "%s/sys/kernel/sem", ctx->procdir) < (int)sizeof(path) &&
	    ipc_read_file(path, 4096, &text, NULL) == 0)
		have_file = ipc_parse_sem_limits(text, l) == 0;
	if (ctx->offline)
		return have_file;

	have_info = sysv_info(IPC_SEM, false, &u) >= 0;
	if (!have_info)
		return have_file;
	l->semvmx = (unsigned int)info->semvmx;
	if (!have_file) {
		l->semmsl = (unsigned int)info->semmsl;
		l->semmns = (unsigned int)info->semmns;
		l->semopm = (unsigned int)info->semopm;
		l->semmni = (unsigned int)info->semmni;
	}
	return true;
}

static bool read_shm_limits(struct ipc_ctx *ctx, struct ipc_limits *l)
{
	union sysv_info u;
	const struct shminfo *info = &u.shm;
	bool have_file, have_info;

	l->shmmin = DEFAULT_SHMMIN;
	have_file = read_sys(ctx, "kernel/shmall", &l->shmall) == 0 &&
		    read_sys(ctx, "kernel/shmmax", &l->shmmax) == 0 &&
		    read_sys(ctx, "kernel/shmmni", &l->shmmni) == 0;
	if (ctx->offline)
		return have_file;

	have_info = sysv_info(IPC_SHM, false, &u) >= 0;
	if (!have_info)
		return have_file;
	l->shmmin = info->shmmin;
	if (!have_file) {
		l->shmall = info->shmall;
		l->shmmax = info->shmmax;
		l->shmmni = info->shmmni;
	}
	return true;
}

static bool read_pmsg_limits(struct ipc_ctx *ctx, struct ipc_limits *l)
{
	if (read_sys(ctx, "fs/mqueue/queues_max", &l->mq_queues_max) < 0 ||
	    read_sys(ctx, "fs/mqueue/msgsize_max", &l->mq_msgsize_max) < 0 ||
	    read_sys(ctx, "fs/mqueue/msg_max", &l->mq_msg_max) < 0)
		return false;
	/* Before Linux 3.5 there were no separate defaults: a queue opened
	 * without attributes got the maxima. */
	if (read_sys(ctx, "fs/mqueue/msg_default", &l->mq_msg_default) < 0)
		l->mq_msg_default = l->mq_msg_max;
	if (read_sys(ctx, "fs/mqueue/msgsize_default", &l->mq_msgsize_default) < 0)
		l->mq_msgsize_default = l->mq_msgsize_max;
	return true;
}

static bool read_pshm_limits(struct ipc_ctx *ctx, struct ipc_limits *l)
{
	struct statvfs sv;

	/* offline, statvfs would describe the filesystem holding the sysroot;
	 * a capture of ours says what it was */
	if (ctx->offline)
		return capture_pshmfs(ctx, &l->pshm_size, &l->pshm_used);
	if (!ipc_ctx_shmdir(ctx) || statvfs(ctx->shmdir, &sv) < 0)
		return false;
	l->pshm_size = (uint64_t)sv.f_blocks * sv.f_frsize;
	l->pshm_used = (uint64_t)(sv.f_blocks - sv.f_bfree) * sv.f_frsize;
	return true;
}

int ipc_read_limits(struct ipc_ctx *ctx, struct ipc_limits *ret)
{
	IPC_NS_SCOPE(ctx);
	struct ipc_limits l = { 0 };

	if (read_msg_limits(ctx, &l))
		l.have |= IPC_LIM_MSG;
	if (read_sem_limits(ctx, &l))
		l.have |= IPC_LIM_SEM;
	if (read_shm_limits(ctx, &l))
		l.have |= IPC_LIM_SHM;
	if (read_pmsg_limits(ctx, &l))
		l.have |= IPC_LIM_PMSG;
	if (read_pshm_limits(ctx, &l))
		l.have |= IPC_LIM_PSHM;
	*ret = l;
	return 0;
}
