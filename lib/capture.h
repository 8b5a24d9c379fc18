/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc --capture: write what --sysroot reads, from the live system, into a new directory. */
#ifndef IPCBOX_CAPTURE_H
#define IPCBOX_CAPTURE_H

#include <stddef.h>

#include "ipc.h"

/* The file that marks a directory as an ipcbox capture (see ipc_ctx.capture). */
#define IPC_CAPTURE_MARK	"ipcbox-capture"
/* In a captured process's (or thread's) directory: its descriptors on the
 * shm and mqueue filesystems (capture_fds_read()) */
#define IPC_CAPTURE_FDS		"ipcbox-fds"

/* What a capture wrote, and what it could not. */
struct ipc_capture_report {
	size_t objects;		/* IPC objects of all six kinds */
	size_t processes;	/* processes whose files were written */
	size_t skipped;		/* processes that exited or could not be read */
	int err;		/* the first failure to write (-errno), 0: none */
	char *what;		/* what it was about (malloc'd), NULL when err is 0 */
};

/*
 * Capture the live state of ctx into dir, which must not exist (-EEXIST)
 * and is created 0700: proc/sysvipc/{msg,sem,shm}, the limits under
 * proc/sys, proc/self/mountinfo, the POSIX objects as regular files of
 * the same names, modes, owners and mtime, sizes as holes,
 * a queue's status line as its text and a semaphore's value as the
 * 32 bytes glibc keeps (no object's data); etc/passwd and etc/group for
 * every owner and creator; per process cmdline, maps, each thread's
 * syscall and IPC_CAPTURE_FDS (its descriptors on the shm and mqueue
 * filesystems: device, inode, link text; a leaderless process's thread
 * maps and descriptors too); and the marker file IPC_CAPTURE_MARK with what no /proc file
 * holds (the objects' ctimes, devices and inodes, queue attributes,
 * qbytes, semaphore values, usage counters, the shm filesystem's size,
 * the processes that could not be read). Nothing is changed on the system but what reading a queue's
 * status line stamps (its atime and ctime, as lsipc -Q does). No link is
 * followed. Returns 0 (ret filled, ret->err set when something could not
 * be written), -EEXIST, -ENOMEM or -errno of creating dir.
 */
int ipc_capture(struct ipc_ctx *ctx, const char *dir, struct ipc_capture_report *ret);

void ipc_capture_report_free(struct ipc_capture_report *r);

#endif
