/* SPDX-License-Identifier: GPL-2.0-or-later */
/* System V and POSIX IPC limits from /proc/sys, with the IPC_INFO fallback. */
#include <errno.h>

#include "internal.h"
#include "ipc.h"

int ipc_parse_sem_limits(const char *text, struct ipc_limits *ret)
{
	return -ENOSYS;
}

int ipc_read_limits(struct ipc_ctx *ctx, struct ipc_limits *ret)
{
	return -ENOSYS;
}
