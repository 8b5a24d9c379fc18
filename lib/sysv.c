/* SPDX-License-Identifier: GPL-2.0-or-later */
/* System V IPC: list from /proc/sysvipc (or *_STAT), stat one id, create, remove. */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"
#include "ipc.h"

int sysv_parse_line(enum ipc_kind kind, const char *line, struct ipc_obj *ret)
{
	return -ENOSYS;
}

int sysv_list(struct ipc_ctx *ctx, enum ipc_kind kind, struct ipc_objs *objs)
{
	return -ENOSYS;
}

int sysv_stat_id(struct ipc_ctx *ctx, enum ipc_kind kind, int id, struct ipc_obj *ret)
{
	return -ENOSYS;
}

int sysv_sem_values(struct ipc_ctx *ctx, int id, size_t nsems, struct ipc_semval **ret_vals)
{
	return -ENOSYS;
}

int sysv_key_to_id(enum ipc_kind kind, int32_t key, int *ret_id)
{
	return -ENOSYS;
}

int sysv_create(enum ipc_kind kind, int32_t key, unsigned int mode, uint64_t size,
		int semval, int *ret_id)
{
	return -ENOSYS;
}

int sysv_remove(enum ipc_kind kind, int id)
{
	return -ENOSYS;
}

int sysv_msg_usage(struct ipc_ctx *ctx, struct ipc_msg_usage *ret)
{
	return -ENOSYS;
}

int sysv_shm_usage(struct ipc_ctx *ctx, struct ipc_shm_usage *ret)
{
	return -ENOSYS;
}

int sysv_sem_usage(struct ipc_ctx *ctx, struct ipc_sem_usage *ret)
{
	return -ENOSYS;
}
