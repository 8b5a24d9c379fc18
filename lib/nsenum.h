/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every IPC namespace of the system: through processes, open descriptors and nsfs bind mounts; container names from cgroups. */
#ifndef IPCBOX_NSENUM_H
#define IPCBOX_NSENUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "hashmap.h"
#include "ipc.h"

/* One IPC namespace found. */
struct ipc_nsent {
	uint64_t ino;		/* its identity: the inode of its nsfs file */
	size_t nprocs;		/* processes in it */
	pid_t pid;		/* the lowest of them; 0: none */
	/*
	 * With no process: what keeps it alive and names it for --ns, a bind
	 * mount ("/run/netns-like/path") or an open descriptor
	 * ("/proc/PID/fd/N"); NULL when a process is in it.
	 */
	char *pin;
};

struct ipc_nslist {
	struct ipc_nsent *v;	/* sorted by ino */
	size_t n, cap;
	struct ipc_hashmap map;	/* ipc_hash_u64(ino) -> index in v */
	size_t unreadable;	/* processes whose ns/ipc we could not look at */
};

/*
 * Every IPC namespace of the live system, found through each process's
 * <procdir>/PID/ns/ipc, the nsfs IPC files processes hold open
 * (<procdir>/PID/fd/N) and the nsfs bind mounts of our mountinfo (as
 * lsns --persistent). Returns 0, -ENOMEM, -ENOSYS offline, or -errno when
 * procdir cannot be listed. Free with ipc_nslist_free().
 */
int ipc_nslist_read(struct ipc_ctx *ctx, struct ipc_nslist *ret);
void ipc_nslist_free(struct ipc_nslist *l);

/*
 * The container a process belongs to, from the text of its
 * /proc/PID/cgroup (v1 or v2): "docker:ID", "podman:ID", "cri-o:ID",
 * "containerd:ID" (ID: the first 12 hex digits), "pod:UID" or
 * "pod:UID/RUNTIME:ID" for a kubepods cgroup, "machine:NAME" for a
 * systemd-nspawn or machined machine. *ret is malloc'd, NULL when the
 * cgroup names no container. Returns 0 or -ENOMEM.
 */
int ipc_cgroup_container(const char *text, char **ret);

/* ipc_cgroup_container() of <procdir>/PID/cgroup; *ret NULL when unreadable. */
int ipc_pid_container(struct ipc_ctx *ctx, pid_t pid, char **ret);

#endif
