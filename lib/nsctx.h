/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A context for another IPC namespace: naming it, entering it around System V reads, its POSIX directories. */
#ifndef IPCBOX_NSCTX_H
#define IPCBOX_NSCTX_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cleanup.h"
#include "ipc.h"

/*
 * Make the live context ctx (from ipc_ctx_init(ctx, NULL), nothing read
 * yet) read the IPC namespace of target: a pid (decimal) or the path of a
 * namespace file (/proc/PID/ns/ipc, a bind mount of one). Checks that it
 * is an IPC namespace and that we may enter it (setns there and back), and
 * while there makes a detached mqueue mount of that namespace for its
 * POSIX queues. With a pid, POSIX shm and semaphores come from /dev/shm of
 * the process's mount namespace (resolved inside its root); with a path
 * they are not known (ctx->ns_no_shm). Nothing of the caller's mounts
 * changes. Returns 0, -ESRCH (no such process, or it exited while read),
 * -ENOTTY (not an IPC namespace file), -EPERM (no CAP_SYS_ADMIN over the
 * namespace's user namespace), -EROFS (offline context), -errno of the
 * open or -ENOMEM. On failure ctx is as it was.
 */
int ipc_ctx_set_ns(struct ipc_ctx *ctx, const char *target);

/*
 * Enter ctx's namespace for System V calls and /proc reads (nested calls
 * count; only the outermost switches), and go back to the caller's with
 * ipc_ctx_leave(). Both do nothing for a context of the caller's own
 * namespace. ipc_ctx_enter() returns 0 or -errno of setns(2).
 */
int ipc_ctx_enter(struct ipc_ctx *ctx);
void ipc_ctx_leave(struct ipc_ctx *ctx);

/* Release what ipc_ctx_set_ns() holds (ipc_ctx_free() calls it). */
void ipc_ctx_ns_free(struct ipc_ctx *ctx);

/*
 * Enter the mount namespace of the context's process for good (ipcmk
 * creating POSIX objects with shm_open() and sem_open(), which use
 * /dev/shm by name). -ENOENT when the context names no process.
 */
int ipc_ctx_enter_mnt(struct ipc_ctx *ctx);

static inline void ipc_ctx_leavep(struct ipc_ctx **ctx)
{
	if (*ctx)
		ipc_ctx_leave(*ctx);
}

/*
 * Be in ctx's namespace until the end of the enclosing block; return the
 * error of entering from the function when it fails.
 */
#define IPC_NS_SCOPE(ctx)							\
	_cleanup_(ipc_ctx_leavep) struct ipc_ctx *ns_scope_ = (ctx);		\
	do {									\
		int ns_r_ = ipc_ctx_enter(ns_scope_);				\
		if (ns_r_ < 0) {						\
			ns_scope_ = NULL;					\
			return ns_r_;						\
		}								\
	} while (0)

#endif
