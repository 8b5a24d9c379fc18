/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One scan of /proc: which processes map or hold open which IPC object. */
#ifndef IPCBOX_PROCSCAN_H
#define IPCBOX_PROCSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc.h"

/*
 * The scan reads <procdir>/PID/maps and <procdir>/PID/fd/ of every process
 * once and records, per object, the distinct processes that use it. Objects
 * are identified the way the kernel does, never by path:
 *  - a System V segment by its shmid, which the kernel stores as the inode
 *    of the segment's internal file (maps name "/SYSV%08x (deleted)");
 *  - a POSIX shm object, named semaphore or message queue by the st_dev and
 *    st_ino of its file on the shm or mqueue filesystem of the context.
 * memfd and anonymous shared mappings live on the same internal device as
 * System V segments but have other names, so they never match. Segments
 * are recognised by name and inode rather than by that device because
 * SHM_HUGETLB segments live on a hugetlbfs device of their own; the device
 * seen is kept in the entry.
 */

/* How a process uses an object (bits of procscan_user.how). */
enum {
	PROCSCAN_MAPPED   = 1u << 0,	/* a mapping in /proc/PID/maps (POSIX) */
	PROCSCAN_OPEN     = 1u << 1,	/* a descriptor in /proc/PID/fd */
	PROCSCAN_ATTACHED = 1u << 2,	/* a System V segment in /proc/PID/maps */
};

/* What to look at (the flags argument of procscan_run). */
enum {
	PROCSCAN_MAPS = 1u << 0,	/* read /proc/PID/maps */
	PROCSCAN_FDS  = 1u << 1,	/* stat /proc/PID/fd/ entries */
	PROCSCAN_ALL  = PROCSCAN_MAPS | PROCSCAN_FDS,
};

struct procscan_user {
	pid_t pid;
	unsigned int how;	/* PROCSCAN_MAPPED | PROCSCAN_OPEN | ... */
	unsigned int nmaps;	/* how many mappings (a segment attached twice: 2) */
};

enum procscan_type {
	PROCSCAN_SYSV_SHM,	/* key: shmid (ino); dev is the internal device seen */
	PROCSCAN_FILE,		/* key: dev + ino of a file on the shm or mqueue fs */
};

struct procscan_entry {
	enum procscan_type type;
	uint64_t dev, ino;
	int32_t sysv_key;	/* System V: the key from the maps name */
	struct procscan_user *users;	/* in scan order, each pid once */
	size_t nusers, cap;
};

struct procscan {
	struct procscan_entry *v;	/* every object found in use */
	size_t n, cap;
	size_t *hash;			/* open addressing over v, index + 1 */
	size_t hashsize;
	size_t nprocs;		/* processes looked at */
	size_t unreadable;	/* processes whose maps or fds we could not read
				 * and that may use our objects: the result is partial */
	size_t foreign;		/* unreadable too, but neither the shm nor the
				 * mqueue filesystem is mounted in their mount
				 * namespace: they cannot use our POSIX objects */
	bool have_shm_dev;	/* shm_dev holds the device of the shm directory */
	bool have_mq_dev;
	uint64_t shm_dev, mq_dev;
};

/*
 * Scan every process under ctx->procdir once (flags: PROCSCAN_*). Processes
 * that exit during the scan are skipped silently; processes whose entries
 * we may not read are counted in ret->unreadable (the result is then
 * partial) unless their mountinfo shows that they cannot reach the shm and
 * mqueue filesystems of ctx (ret->foreign: a container's supervisor, the
 * host's init seen from a sandbox). Returns 0, -ENOMEM, or -errno when procdir cannot be read.
 * Free the result with procscan_free().
 */
int procscan_run(struct ipc_ctx *ctx, unsigned int flags, struct procscan *ret);
void procscan_free(struct procscan *ps);

/* The entry of a System V segment by shmid, or NULL when no process maps it. */
const struct procscan_entry *procscan_find_shm(const struct procscan *ps, int shmid);
/* The entry of a file object by device and inode, or NULL when unused. */
const struct procscan_entry *procscan_find_file(const struct procscan *ps,
						uint64_t dev, uint64_t ino);
/* The entry for an object of the model (any kind; SysV msg/sem: NULL). */
const struct procscan_entry *procscan_find_obj(const struct procscan *ps,
					       const struct ipc_obj *obj);

/* True when a process with this pid exists under ctx->procdir (pid > 0). */
bool procscan_pid_exists(struct ipc_ctx *ctx, pid_t pid);

/* ---- the parsers, exposed for tests and fuzzing ---- */

/* One line of /proc/PID/maps, without its newline. */
struct procscan_map {
	uint64_t start, end, offset;
	char perms[5];		/* "rw-s" */
	unsigned int major, minor;
	uint64_t ino;
	const char *path;	/* points into the line; "" when anonymous */
	size_t pathlen;
};

/* Parse line[0..len) (no newline). Returns 0, or -EINVAL when malformed. */
int procscan_parse_maps_line(const char *line, size_t len, struct procscan_map *ret);

/*
 * If path[0..len) is the name of a System V segment ("/SYSV" + 8 hex digits
 * + " (deleted)"), store its key in *ret_key and return true.
 */
bool procscan_sysv_name(const char *path, size_t len, int32_t *ret_key);

#endif
