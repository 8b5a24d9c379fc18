/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Declarations shared between lib/ files only; applets use ipc.h. */
#ifndef IPCBOX_INTERNAL_H
#define IPCBOX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "ipc.h"

/* glibc leaves the definition of semctl's fourth argument to the caller. */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/* What IPC_INFO or a kind's *_INFO fills: the member of the kind asked for. */
union sysv_info {
	struct msginfo msg;	/* IPC_INFO and MSG_INFO */
	struct seminfo sem;	/* IPC_INFO and SEM_INFO */
	struct shminfo shm;	/* IPC_INFO */
	struct shm_info shm_use;	/* SHM_INFO */
};

/*
 * sysv.c: IPC_INFO (usage false: the limits) or MSG_INFO/SEM_INFO/SHM_INFO
 * (usage true: the counters) of kind into *ret. Returns the kernel's value
 * (the highest index in use), or -errno; never called offline.
 */
int sysv_info(enum ipc_kind kind, bool usage, union sysv_info *ret);

/*
 * sysv.c: IPC_STAT of System V object id into *ret, and nothing else (no
 * /proc fallback: what the caller may read). -ENOENT, -EACCES, -errno.
 */
int sysv_stat_only(enum ipc_kind kind, int id, struct ipc_obj *ret);

/* ipc_walk() of one System V kind (sources as there; -EINVAL for another
 * kind) or one POSIX kind, and ipc_count() of either. */
int sysv_walk(struct ipc_ctx *ctx, enum ipc_kind kind, unsigned int want,
	      ipc_walk_fn fn, void *data);
int posix_walk(struct ipc_ctx *ctx, enum ipc_kind kind, unsigned int want,
	       ipc_walk_fn fn, void *data);
int sysv_count(struct ipc_ctx *ctx, enum ipc_kind kind, struct ipc_count *ret);
int posix_count(struct ipc_ctx *ctx, enum ipc_kind kind, uint64_t *ret);

/*
 * posix.c: for a directory entry of kind, the object's name without its
 * slash ("sem.x" is the semaphore x), NULL when the entry is not an object
 * of kind; and the reverse, the entry of a bare name in *ret (malloc'd),
 * -ENOENT for a shm name that is a semaphore's entry, or -ENOMEM.
 */
const char *posix_entry_name(enum ipc_kind kind, const char *entry);
int posix_entry_of(enum ipc_kind kind, const char *bare, char **ret);

/*
 * Open path (relative to dirfd, as for openat) to read it, and only if it
 * is a regular file: O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC, so a link is
 * not followed and a FIFO or device in its place neither blocks nor is
 * read (-EINVAL). Returns the descriptor or -errno.
 */
int ipc_open_regular_at(int dirfd, const char *path);

/*
 * Open path (relative) inside rootfd as if rootfd were "/": symbolic
 * links, ".." included, stay inside it, and no magic link of /proc is
 * followed (openat2 RESOLVE_IN_ROOT, Linux 5.6; O_CLOEXEC added). Returns
 * the descriptor or -errno: -ENOSYS or -EPERM where openat2 is missing or
 * filtered.
 */
int ipc_openat_in_root(int rootfd, const char *path, int flags);

/* Read fd until size bytes or the end of the file (EINTR retried): 0 and the count in *ret_len, or -errno. */
int ipc_read_full(int fd, void *buf, size_t size, size_t *ret_len);

/*
 * Read a whole file (procfs files report size 0, so read until EOF) into a
 * malloc'd NUL-terminated buffer, at most max bytes (-EFBIG beyond).
 * dirfd/path as for openat(); opened O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC,
 * and only a regular file is read (-EINVAL otherwise).
 */
int ipc_read_file_at(int dirfd, const char *path, size_t max, char **ret_buf, size_t *ret_len);
static inline int ipc_read_file(const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	return ipc_read_file_at(-100 /* AT_FDCWD */, path, max, ret_buf, ret_len);
}
/* The most of a mountinfo file read (a host with very many mounts). */
#define IPC_MOUNTINFO_MAX	(64u << 20)

/*
 * procdir/self/mountinfo as ipc_read_file() reads it, bounded as no real
 * one grows; *ret_path (when not NULL) gets its path, malloc'd, unless -ENOMEM.
 */
int ipc_read_mountinfo(const char *procdir, char **ret_path, char **ret_text, size_t *ret_len);
/* Read a file holding one unsigned decimal number (trailing blanks allowed). */
int ipc_read_u64(const char *path, uint64_t *ret);

/*
 * posix.c: open the POSIX object name of kind to read it, relative to the
 * kind's directory descriptor and only as the regular file just stat'ed
 * (read-only, no symlink followed, never blocking). Returns the descriptor
 * (the caller's) with *ret_obj filled as posix_stat_name() does, or -errno
 * (-ENOENT also when the name now leads elsewhere).
 */
int posix_open_object(struct ipc_ctx *ctx, enum ipc_kind kind, const char *name,
		      struct ipc_obj *ret_obj);

/*
 * posix.c: the bytes glibc keeps at the start of a semaphore's file for
 * obj's value and waiters (the inverse of what listing reads), in
 * buf[0..size), size at least sizeof(sem_t); the rest zero.
 */
void posix_encode_sem(const struct ipc_obj *obj, unsigned char *buf, size_t size);

/*
 * capture.c, for a sysroot that is a capture of ours (ctx->capture): what
 * its marker file keeps beside the /proc files, read on first use. Each
 * returns false (or -ENOSYS) when the capture does not hold it.
 */
/* a POSIX object's ctime, and a queue's attributes (IPC_HAVE_MQATTR) */
bool capture_posix_extra(struct ipc_ctx *ctx, struct ipc_obj *obj);
bool capture_qbytes(struct ipc_ctx *ctx, int id, uint64_t *ret);
/* the elements of set id (*ret_vals: nsems of them, caller frees) */
int capture_sem_values(struct ipc_ctx *ctx, int id, size_t nsems, struct ipc_semval **ret_vals);
bool capture_msg_usage(struct ipc_ctx *ctx, struct ipc_msg_usage *ret);
bool capture_shm_usage(struct ipc_ctx *ctx, struct ipc_shm_usage *ret);
bool capture_sem_usage(struct ipc_ctx *ctx, struct ipc_sem_usage *ret);
bool capture_pshmfs(struct ipc_ctx *ctx, uint64_t *ret_size, uint64_t *ret_used);
/* a process the capture could not read: why (the errno of the first of
 * its syscall files, maps and fd/ that reads[] names and that failed),
 * and whether its mounts reach the captured shm or mqueue filesystem */
bool capture_unreadable(struct ipc_ctx *ctx, pid_t pid, const bool reads[3], int *ret_errno,
			bool *ret_reach);
/* the device of the live shm (shm) or mqueue filesystem, which maps name */
bool capture_fsdev(struct ipc_ctx *ctx, bool shm, uint64_t *ret);
/* the captured /proc did not show every process (procscan_sees_all()) */
bool capture_hidden(struct ipc_ctx *ctx);
void capture_data_free(struct ipc_capture_data *d);

/* A descriptor of a captured process on the shm or mqueue filesystem. */
struct capture_fd {
	int fd;
	uint64_t dev, ino;	/* of the live file */
	char *path;		/* the link's text, NULL: none */
};

struct capture_fds {
	size_t total;		/* the descriptors the process had, ours or not */
	struct capture_fd *v;
	size_t n, cap;
	size_t bad;		/* lines that are no record's (an edited capture) */
};

/*
 * The record of the descriptors in dirfd (a captured process's or
 * thread's directory, IPC_CAPTURE_FDS), a regular file read without
 * following a link. -ENOENT: there is none (an older capture, a
 * sosreport); -ENOMEM; another -errno when it cannot be read.
 */
int capture_fds_read(int dirfd, struct capture_fds *ret);
/* the same for its text, text[len] a NUL (changed in place): 0 or -ENOMEM */
int capture_fds_parse(char *text, size_t len, struct capture_fds *ret);
void capture_fds_free(struct capture_fds *f);

/*
 * context.c: a detached mount of the mqueue filesystem of the IPC
 * namespace we are in (fsopen/fsmount: no mount table touched, it goes
 * with the descriptor). Returns the descriptor or -errno (CAP_SYS_ADMIN).
 */
int ipc_detached_mqueue(void);

/*
 * The next line of a NUL-terminated text that *rest points into, cut at
 * its '\n' (overwritten with a NUL), *rest moved past it; NULL at the end.
 */
char *ipc_next_line(char **rest);

/* Build "a/b" into a malloc'd string; NULL on ENOMEM. */
char *ipc_path_join(const char *a, const char *b);

#endif
