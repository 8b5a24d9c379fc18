/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One scan of /proc: which processes map, hold open or wait on which IPC object. */
#ifndef IPCBOX_PROCSCAN_H
#define IPCBOX_PROCSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "hashmap.h"
#include "ipc.h"

/*
 * The scan reads <procdir>/PID/maps, <procdir>/PID/fd/ and
 * <procdir>/PID/task/TID/syscall of every process once and records, per
 * object, the distinct processes that use it. Objects are identified the
 * way the kernel does, never by path:
 *  - a System V segment by its shmid, which the kernel stores as the inode
 *    of the segment's internal file (maps name "/SYSV%08x (deleted)");
 *  - a POSIX shm object, named semaphore or message queue by the st_dev and
 *    st_ino of its file on the shm or mqueue filesystem of the context;
 *  - a System V queue or semaphore set by the id a thread blocked in
 *    msgrcv/msgsnd or semop/semtimedop passed to the kernel.
 * memfd and anonymous shared mappings live on the same internal device as
 * System V segments but have other names, so they never match. Segments
 * are recognised by name and inode rather than by that device because
 * SHM_HUGETLB segments live on a hugetlbfs device of their own; the device
 * seen is kept in the entry. The devices of the shm and mqueue filesystems
 * are the st_dev of the context's directories, never constants.
 */

/* How a process uses an object (bits of procscan_user.how). */
enum {
	PROCSCAN_MAPPED   = 1u << 0,	/* a mapping in /proc/PID/maps (POSIX) */
	PROCSCAN_OPEN     = 1u << 1,	/* a descriptor in /proc/PID/fd */
	PROCSCAN_ATTACHED = 1u << 2,	/* a System V segment in /proc/PID/maps */
	PROCSCAN_WAITING  = 1u << 3,	/* a thread blocked on it (its syscall file) */
	PROCSCAN_HOW_ALL  = PROCSCAN_MAPPED | PROCSCAN_OPEN | PROCSCAN_ATTACHED |
			    PROCSCAN_WAITING,
};

/* What to look at (the flags argument of procscan_run). */
enum {
	PROCSCAN_MAPS  = 1u << 0,	/* read /proc/PID/maps */
	PROCSCAN_FDS   = 1u << 1,	/* stat /proc/PID/fd/ entries */
	PROCSCAN_ALL   = PROCSCAN_MAPS | PROCSCAN_FDS,	/* every way to hold an object */
	/*
	 * read /proc/PID/task/TID/syscall of every thread: a thread blocked in
	 * semop/semtimedop, msgrcv/msgsnd, mq_timedsend/mq_timedreceive (the
	 * descriptor resolved through its fd table), or in a futex wait on a
	 * word inside a mapped segment, shm object or semaphore (sem_wait, a
	 * process-shared mutex) waits on that object. Futex addresses are
	 * resolved through the maps of the process, which are then read even
	 * without PROCSCAN_MAPS (without recording the mappings as uses).
	 */
	PROCSCAN_WAITS = 1u << 2,
	/* keep, per file object, the path a process sees it under (entry.path) */
	PROCSCAN_NAMES = 1u << 3,
	/*
	 * only System V objects are looked for: POSIX files are not (so the
	 * mqueue mount is not looked up, which loads libmount), and a process
	 * we may not read counts as unreadable, never as foreign
	 */
	PROCSCAN_SYSV_ONLY = 1u << 4,
};

struct procscan_user {
	pid_t pid;
	unsigned int how;	/* PROCSCAN_MAPPED | PROCSCAN_OPEN | ... */
	unsigned int nmaps;	/* how many mappings (a segment attached twice: 2) */
};

enum procscan_type {
	PROCSCAN_SYSV_SHM,	/* key: shmid (ino); dev is the internal device seen */
	PROCSCAN_FILE,		/* key: dev + ino of a file on the shm or mqueue fs */
	PROCSCAN_SYSV_MSG,	/* key: msqid (ino), from a blocked msgrcv/msgsnd */
	PROCSCAN_SYSV_SEM,	/* key: semid (ino), from a blocked semop */
};

struct procscan_entry {
	enum procscan_type type;
	uint64_t dev, ino;
	int32_t sysv_key;	/* System V segment: the key from the maps name,
				 * the original one also after IPC_RMID */
	char *path;		/* PROCSCAN_NAMES, file objects: the path in
				 * maps or the fd link, " (deleted)" included
				 * when unlinked; NULL when not known */
	struct procscan_user *users;	/* in scan order, each pid once */
	size_t nusers, cap;
};

struct procscan {
	struct procscan_entry *v;	/* every object found in use */
	size_t n, cap;
	struct ipc_hashmap map;		/* (type, dev, ino) -> index in v */
	size_t nprocs;		/* processes looked at */
	size_t unreadable;	/* processes whose maps, fds or syscall files we
				 * could not read (permission, out of
				 * descriptors or memory, ...) and that may use
				 * our objects: the result is partial */
	int errnum;		/* why the first of them could not be read (errno) */
	bool hidden;		/* live: processes may exist that this /proc
				 * does not show (our PID namespace is not the
				 * initial one, or /proc hides processes): the
				 * result is partial whatever was read */
	size_t foreign;		/* unreadable too, but neither the shm nor the
				 * mqueue filesystem is mounted in their mount
				 * namespace: they cannot use our POSIX objects
				 * (they may still use System V ones) */
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

/*
 * The same for one process only: every entry of *ret is an object pid uses.
 * Returns -ESRCH when no such process exists (pid <= 0 included); a process
 * we may not read gives ret->unreadable == 1 (or foreign == 1).
 */
int procscan_run_pid(struct ipc_ctx *ctx, unsigned int flags, pid_t pid, struct procscan *ret);

void procscan_free(struct procscan *ps);

/* The entry of a System V segment by shmid, or NULL when no process maps it. */
const struct procscan_entry *procscan_find_shm(const struct procscan *ps, int shmid);
/* The entry of a file object by device and inode, or NULL when unused. */
const struct procscan_entry *procscan_find_file(const struct procscan *ps,
						uint64_t dev, uint64_t ino);
/* The entry for an object of the model (any kind), or NULL when unused. */
const struct procscan_entry *procscan_find_obj(const struct procscan *ps,
					       const struct ipc_obj *obj);

/* How many users of e (NULL: 0) use it in one of the ways of mask (PROCSCAN_HOW_*). */
size_t procscan_count(const struct procscan_entry *e, unsigned int mask);
/* The user pid of e, or NULL. */
const struct procscan_user *procscan_user(const struct procscan_entry *e, pid_t pid);

/*
 * The flags (PROCSCAN_*) a scan needs to tell the users (uses) and the
 * waiters (waits) of objects of kind: a segment is used by a mapping, a
 * queue by a descriptor, a System V queue or set only by waiting on it.
 * System V kinds also get PROCSCAN_SYSV_ONLY.
 */
unsigned int procscan_flags_for(enum ipc_kind kind, bool uses, bool waits);

/*
 * True when processes we could not read or cannot see may use objects of
 * kind without our knowing: the users found are then only some of them.
 */
bool procscan_partial(const struct procscan *ps, enum ipc_kind kind);
/* How many processes we could not read may use objects of kind. */
size_t procscan_unseen(const struct procscan *ps, enum ipc_kind kind);

/*
 * A process whose maps or fds we may not read can still only reach a POSIX
 * object through a mount of the shm or mqueue filesystem (by name, or by a
 * descriptor it inherited within that mount namespace). True when its
 * mountinfo (path under dirfd) shows a mount of the device shm_dev or
 * mq_dev (those we have), or when it cannot be read for another reason
 * than that the process is gone.
 */
bool procscan_may_reach(int dirfd, const char *path, bool have_shm, uint64_t shm_dev,
			bool have_mq, uint64_t mq_dev);

/*
 * Whether this process sees every process of the system under procdir:
 * false when its PID namespace is not the initial one (processes outside
 * it are invisible, and pids of theirs read as 0), when procdir belongs to
 * another PID namespace, or when /proc hides processes (hidepid). Always
 * true offline (a capture is one system, as it was captured).
 */
bool procscan_sees_all(struct ipc_ctx *ctx);

/*
 * A cheap guess, before any scan, that a scan would be partial: process
 * 1's system call cannot be read (a caller without the privilege to read
 * other processes, or one in a user namespace below process 1's). For
 * choosing what to read ahead only: the scan itself is what decides.
 * False offline.
 */
bool procscan_likely_partial(struct ipc_ctx *ctx);

/*
 * Whether the pids the kernel reports to us (numbers of our own PID
 * namespace) are the pids of procdir, and none is hidden from us: then a
 * pid missing from procdir is a process that is gone. Implied by
 * procscan_sees_all(); also true in a child PID namespace with its own /proc.
 */
bool procscan_pids_are_ours(struct ipc_ctx *ctx);

/*
 * The ways in how as words joined by ',' ("attached,waiting"), in buf of
 * size bytes (truncated if too small; 48 bytes hold them all). Returns buf.
 */
char *procscan_how_str(unsigned int how, char *buf, size_t size);

/*
 * True when a process with this pid exists under ctx->procdir (pid > 0),
 * and when that cannot be told (the stat failed for another reason than
 * ENOENT): callers act on "false" only.
 */
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

/* The contents of /proc/PID/task/TID/syscall. */
struct procscan_syscall {
	bool running;		/* "running": not blocked, nothing to say */
	long nr;		/* the system call number; -1: not in one */
	uint64_t args[6];	/* valid when nr >= 0 */
	uint64_t sp, pc;	/* the thread's stack and instruction pointers */
};

/*
 * Parse text[0..len) ("running", "-1 SP PC", or "NR A1..A6 SP PC" with
 * the numbers after NR in 0x hex; one trailing newline allowed). Returns
 * 0, or -EINVAL when malformed.
 */
int procscan_parse_syscall(const char *text, size_t len, struct procscan_syscall *ret);

/* What a thread blocked in a system call waits on. */
enum procscan_wait_type {
	PROCSCAN_WAIT_SEM,	/* arg: System V semaphore set id */
	PROCSCAN_WAIT_MSG,	/* arg: System V message queue id */
	PROCSCAN_WAIT_MQ,	/* arg: a descriptor of a POSIX queue */
	PROCSCAN_WAIT_FUTEX,	/* arg: the address of the futex word */
};

struct procscan_wait {
	enum procscan_wait_type type;
	uint64_t arg;
};

/*
 * If the system call (numbers of the build architecture, <sys/syscall.h>)
 * blocks on an IPC object, say which in *ret and return true. The ipc()
 * multiplexer of the architectures that have one is understood too.
 */
bool procscan_syscall_wait(const struct procscan_syscall *sc, struct procscan_wait *ret);

/*
 * What a thread of any ABI this kernel may run blocks on: up to two waits
 * in ret, their number returned. On x86_64 the number of an x32 thread
 * carries __X32_SYSCALL_BIT, and an i386 thread's is one of the i386
 * table: it cannot be told from a 64-bit thread's but by its stack and
 * instruction pointers, which lie below 4 GiB. Such a thread is read both
 * ways and every wait either reading finds is returned: a wrong reading
 * can only make an object look used, never unused.
 */
size_t procscan_syscall_waits(const struct procscan_syscall *sc, struct procscan_wait ret[2]);

/*
 * True when procscan_syscall_waits() understands every ABI whose threads
 * this kernel may run (the build is x86_64: 64-bit, x32 and i386), so that
 * a complete scan finds every thread blocked on a System V set; false on
 * architectures whose compat ABI it does not know: ask the kernel.
 */
bool procscan_knows_every_abi(void);

#endif
