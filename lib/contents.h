/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Looking inside objects: the messages of a System V queue and the bytes of shared memory, read without changing them. */
#ifndef IPCBOX_CONTENTS_H
#define IPCBOX_CONTENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc.h"

/* Shared memory is handed to the caller in pieces of at most this many bytes. */
#define IPC_READ_CHUNK	(256 * 1024)

/* One message of a queue, as sysv_msg_peek() copied it. */
struct ipc_msg {
	size_t index;			/* its place in the queue, 0 the first */
	long type;
	size_t size;			/* its bytes (0 when too_big) */
	const unsigned char *data;	/* size bytes, valid during the call only */
	bool too_big;			/* larger than msgrcv may copy (kernel.msgmax): unread */
};

/* What one sysv_msg_peek() saw. */
struct ipc_msg_peek {
	struct ipc_obj before, after;	/* IPC_STAT of the queue before and after the read */
	size_t copied;			/* messages copied, selected or not */
	size_t too_big;			/* messages larger than kernel.msgmax, not read */
	size_t bufsize;			/* the most bytes one copy could hold */
	bool changed;			/* the queue changed while it was read: messages
					 * came or went (qnum, cbytes, pids or times differ) */
};

/* Called for each selected message; returns 0 to go on, > 0 to stop, < 0 an error. */
typedef int (*ipc_msg_fn)(const struct ipc_msg *m, void *data);

/*
 * Copy the messages of System V queue id without removing them
 * (msgrcv(2) with MSG_COPY | IPC_NOWAIT, index by index, which leaves qnum,
 * cbytes, lrpid and rtime alone), in queue order, and call fn for those
 * msgtyp selects as msgrcv would: 0 every one, > 0 exactly that type, < 0
 * every type up to -msgtyp. At most the messages that were in the queue
 * when the read began are read. *ret is filled whenever the read began
 * (also when fn stopped it or failed). Returns 0, fn's value when it
 * stopped, -ENOENT (no such queue), -EACCES (no read permission), -ENOSYS
 * (a kernel without MSG_COPY, CONFIG_CHECKPOINT_RESTORE), -EIDRM (removed
 * while read), -EOPNOTSUPP offline, -ENOMEM.
 */
int sysv_msg_peek(struct ipc_ctx *ctx, int id, long msgtyp, ipc_msg_fn fn, void *data,
		  struct ipc_msg_peek *ret);

/* Called with each piece of shared memory read, in order; 0 to go on, else stop with it. */
typedef int (*ipc_chunk_fn)(const void *buf, size_t len, void *data);

/* What a read of shared memory covered. */
struct ipc_mem_read {
	struct ipc_obj obj;	/* the object read (its name is the caller's to clear) */
	uint64_t size;		/* its size when the read began */
	uint64_t offset;	/* where the read began */
	uint64_t length;	/* bytes handed to fn */
	bool attached;		/* System V: read through a read-only attach (shmat
				 * SHM_RDONLY), which set its atime, dtime and lpid
				 * and counted one more attach meanwhile */
	pid_t mapped_by;	/* System V: read through this process's mapping
				 * (/proc/PID/map_files), which changed nothing */
};

/*
 * Read length bytes (UINT64_MAX: to the end) from offset of System V
 * segment id and hand them to fn in pieces of at most IPC_READ_CHUNK
 * bytes. Only with read permission (IPC_STAT must succeed). Where a
 * process of our IPC namespace has it attached and /proc/PID/map_files
 * lets us open that mapping's file (CAP_SYS_ADMIN or
 * CAP_CHECKPOINT_RESTORE), it is read from there with pread(2), which
 * changes nothing; else it is attached read-only (SHM_RDONLY) and detached
 * before returning. Nothing is written; an offset at or past the end
 * reads nothing. *ret is filled whenever the segment was found. Returns 0,
 * fn's value when it stopped the read, -ENOENT, -EACCES, -EOPNOTSUPP
 * offline, -errno of shmat or pread.
 */
int sysv_shm_read(struct ipc_ctx *ctx, int id, uint64_t offset, uint64_t length,
		  ipc_chunk_fn fn, void *data, struct ipc_mem_read *ret);

/*
 * The same for the POSIX shared memory object name: opened read-only
 * relative to the shm directory, no symlink followed, only a regular file,
 * read with pread(2) (never mapped: no SIGBUS when it shrinks) until
 * length bytes or its end. Works offline too (a captured file).
 */
int posix_shm_read(struct ipc_ctx *ctx, const char *name, uint64_t offset, uint64_t length,
		   ipc_chunk_fn fn, void *data, struct ipc_mem_read *ret);

#endif
