/* SPDX-License-Identifier: GPL-2.0-or-later */
/* POSIX message queues, shared memory objects and named semaphores: list, inspect, create, unlink. */
#include <errno.h>

#include "internal.h"
#include "ipc.h"

int posix_parse_mqueue_file(const char *text, struct ipc_obj *ret)
{
	return -ENOSYS;
}

int posix_list(struct ipc_ctx *ctx, enum ipc_kind kind, unsigned int want,
	       struct ipc_objs *objs)
{
	return -ENOSYS;
}

int posix_stat_name(struct ipc_ctx *ctx, enum ipc_kind kind, const char *name,
		    unsigned int want, struct ipc_obj *ret)
{
	return -ENOSYS;
}

int posix_create(enum ipc_kind kind, const char *name, unsigned int mode,
		 const struct posix_create_attr *attr)
{
	return -ENOSYS;
}

int posix_unlink(enum ipc_kind kind, const char *name)
{
	return -ENOSYS;
}
