/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The IPC model: one struct for all six kinds, the context they are read from. */
#ifndef IPCBOX_IPC_H
#define IPCBOX_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Conventions for everything declared here:
 *  - functions return 0 on success or a negative errno; nothing prints,
 *    nothing exits;
 *  - ret_* parameters are written only on success;
 *  - strings handed out in a struct are owned by that struct and freed with it.
 */

enum ipc_kind {
	IPC_MSG = 0,	/* System V message queue */
	IPC_SEM,	/* System V semaphore set */
	IPC_SHM,	/* System V shared memory segment */
	IPC_PMSG,	/* POSIX message queue */
	IPC_PSHM,	/* POSIX shared memory object */
	IPC_PSEM,	/* POSIX named semaphore */
	IPC_NKINDS
};

/* "msg", "sem", "shm", "pmsg", "pshm", "psem" (ipcrm --all= spelling) */
const char *ipc_kind_name(enum ipc_kind kind);
/* a human noun: "message queue", "POSIX shared memory", ... */
const char *ipc_kind_noun(enum ipc_kind kind);
/* its plural: "message queues", "POSIX shared memory objects", ... */
const char *ipc_kind_plural(enum ipc_kind kind);
static inline bool ipc_kind_is_posix(enum ipc_kind kind)
{
	return kind >= IPC_PMSG;
}

/* Bits of ipc_obj.have: which optional fields hold values read from the system. */
enum {
	IPC_HAVE_OWNER   = 1u << 0,	/* uid, gid */
	IPC_HAVE_CREATOR = 1u << 1,	/* cuid, cgid */
	IPC_HAVE_MODE    = 1u << 2,	/* mode */
	IPC_HAVE_QSIZE   = 1u << 3,	/* mq.qsize, mq.notify, mq.signo, mq.notify_pid */
	IPC_HAVE_MQATTR  = 1u << 4,	/* mq.curmsgs, mq.maxmsg, mq.msgsize */
	IPC_HAVE_SEMVAL  = 1u << 5,	/* psem.value, psem.waiters */
	IPC_HAVE_QBYTES  = 1u << 6,	/* msg.qbytes (from the kernel index or
					 * IPC_STAT: /proc does not show it) */
	IPC_HAVE_RSS     = 1u << 7,	/* shm.rss, shm.swap in bytes (only
					 * /proc/sysvipc/shm shows them) */
	IPC_HAVE_TIMES   = 1u << 8,	/* POSIX mtime, ctime (System V times are
					 * always read: there 0 means never) */
	IPC_HAVE_LISTED  = 1u << 9,	/* POSIX, read from a sosreport's listing of
					 * /dev (listing.h): mtime to the minute,
					 * no ctime */
};

/* Bits of a "want" mask: expensive per-object reads a caller asks for. */
enum {
	IPC_WANT_QSIZE  = 1u << 0,	/* read the mqueue file (the kernel stamps
					 * the queue's atime and ctime when read) */
	IPC_WANT_MQATTR = 1u << 1,	/* mq_getattr on an O_RDONLY descriptor */
	IPC_WANT_SEMVAL = 1u << 2,	/* pread the semaphore file */
	IPC_WANT_RSS    = 1u << 3,	/* live System V segments: read
					 * /proc/sysvipc/shm too, for shm.rss
					 * and shm.swap (no call gives them) */
	IPC_WANT_ALL    = ~0u,
};

/* The largest value of a System V semaphore: SEMVMX, a constant of the
 * kernel ABI that IPC_INFO reports but /proc/sys does not. */
#define IPC_SEMVMX	32767

/* The SHM_DEST and SHM_LOCKED bits as /proc/sysvipc/shm and IPC_STAT report them. */
#define IPC_SHM_DEST	01000
#define IPC_SHM_LOCKED	02000

struct ipc_obj {
	enum ipc_kind kind;
	unsigned int have;	/* IPC_HAVE_* */

	/* System V only (POSIX: key 0, id -1) */
	int32_t key;
	int id;
	/* POSIX only, always with one leading '/' (System V: NULL); may hold any
	 * byte a file name may hold: escape it before it reaches a terminal */
	char *name;

	uid_t uid, cuid;
	gid_t gid, cgid;
	unsigned int mode;	/* permission bits; for shm also IPC_SHM_DEST/LOCKED */
	int64_t ctime;		/* SysV last change, 0 = never; POSIX st_ctime */
	int64_t mtime;		/* POSIX st_mtime, 0 is 1970-01-01 (SysV: 0) */
	uint64_t dev, ino;	/* POSIX: the file's st_dev/st_ino; SysV shm: ino = id */

	union {
		struct {
			uint64_t cbytes, qnum, qbytes;
			pid_t lspid, lrpid;
			int64_t stime, rtime;
		} msg;
		struct {
			uint64_t nsems;
			int64_t otime;
		} sem;
		struct {
			uint64_t segsz, nattch, rss, swap;
			pid_t cpid, lpid;
			int64_t atime, dtime;
		} shm;
		struct {
			uint64_t qsize, curmsgs, maxmsg, msgsize;
			/* sigev_notify of the registered process: SIGEV_SIGNAL
			 * (0), SIGEV_NONE (1) or SIGEV_THREAD (2); all three
			 * fields are 0 when nobody is registered */
			int notify;
			int signo;	/* SIGEV_SIGNAL's signal, else 0 */
			pid_t notify_pid;	/* 0 also for a process outside our PID ns */
		} mq;
		struct {
			uint64_t size;
		} pshm;
		struct {
			int value;
			unsigned int waiters;
		} psem;
	};
};

/*
 * When o last changed, as ipcrm --older-than judges it: the change time of
 * a System V object, the modification time of a POSIX one.
 */
static inline int64_t ipc_obj_changed(const struct ipc_obj *o)
{
	return ipc_kind_is_posix(o->kind) ? o->mtime : o->ctime;
}

struct ipc_objs {
	struct ipc_obj *v;
	size_t n, cap;
};

/* Free what the objects own and the array; leaves *objs empty and reusable. */
void ipc_objs_free(struct ipc_objs *objs);
/* Append a zeroed object; returns it, or NULL when out of memory. */
struct ipc_obj *ipc_objs_push(struct ipc_objs *objs);
/* Free what one object owns (its name). */
void ipc_obj_clear(struct ipc_obj *obj);

/* One element of a System V semaphore set. */
struct ipc_semval {
	int value, ncount, zcount;
	pid_t pid;
	bool ok;		/* false: the kernel would not tell us */
};

/* what a capture keeps beside the /proc files (capture.c) */
struct ipc_capture_data;

/* uid/gid -> name cache; one lookup per distinct id */
struct ipc_namecache;

/*
 * What reading a /proc/sysvipc file got over without failing (a capture
 * may be cut or edited): the applet tells the user, lib/ only counts.
 */
struct ipc_sysv_notes {
	const char *file;	/* relative to procdir: "sysvipc/msg", ... */
	uint64_t long_line;	/* first line skipped as longer than line_max; 0: none */
	uint64_t long_lines;	/* how many lines were skipped so */
	size_t line_max;	/* bytes a line may hold, without its newline */
	bool no_header;		/* the first line was no header: it was read as data */
};

/*
 * Where IPC state is read from. procdir is "<root>/proc", set by
 * ipc_ctx_init(). mqdir and shmdir are found in <procdir>/self/mountinfo
 * with libmount (mqueue fs, and the tmpfs mounted on /dev/shm, or
 * DIR/dev/mqueue and DIR/dev/shm under a sysroot) when first needed: read
 * them through ipc_ctx_mqdir() and ipc_ctx_shmdir(), not directly.
 */
struct ipc_ctx {
	char *root;		/* "" live, or the --sysroot directory */
	char *procdir;		/* "/proc" or "DIR/proc" */
	char *mqdir;		/* mqueue mount, NULL when none is mounted */
	char *mq_foreign;	/* live: the mqueue mount in view when it belongs
				 * to another IPC namespace (mqdir is then a
				 * detached mount of ours, or NULL) */
	int mq_mntfd;		/* that detached mount, or -1 */
	char *shmdir;		/* POSIX shm directory, NULL when none */
	bool mqdir_pending;	/* mqdir not looked for yet */
	bool shmdir_pending;	/* shmdir not looked for yet */
	bool offline;		/* --sysroot: read files only, no IPC system calls */
	bool capture;		/* the sysroot is an lsipc --capture (its marker file) */
	long pagesize;
	int64_t now;		/* time(NULL) when the context was made */
	struct ipc_namecache *users, *groups;
	struct ipc_capture_data *capdata;	/* capture: its marker file, read once */
	bool capdata_bad;	/* and that reading it failed, not to try again per object */
	/* sysv_take_notes(): what reading each /proc/sysvipc file noted */
	struct ipc_sysv_notes sysv_notes[IPC_SHM + 1];
	unsigned int sysv_notes_taken;	/* bit (1 << kind): handed out already */
	/*
	 * Another IPC namespace (lib/nsctx.h, --ns): ns_* hold it when
	 * ns_set. System V is read after setns() into ns_fd; mqdir is then a
	 * detached mount made there (mq_mntfd), shmdir the /dev/shm of
	 * process ns_pid (ns_shm_fd).
	 */
	bool ns_set;
	bool ns_same;		/* it is the caller's own namespace */
	bool ns_no_shm;		/* named by a file: no mount namespace known */
	unsigned int ns_depth;	/* ipc_ctx_enter() calls not left yet */
	int ns_fd, ns_home_fd, ns_mnt_fd, ns_shm_fd;
	pid_t ns_pid;		/* 0: named by a file */
	uint64_t ns_dev, ns_ino;	/* of its nsfs file: its identity */
};

/*
 * Fill *ctx. sysroot NULL means the live system. Returns -ENOENT when sysroot
 * does not exist or has no proc/, -ENOTDIR when it is not a directory,
 * -EACCES (or another errno of stat) when proc/ cannot be looked at;
 * -ENOMEM. A missing mqueue or shm mount is not an error (mqdir/shmdir
 * stay NULL); under a sysroot they must lie inside it.
 */
int ipc_ctx_init(struct ipc_ctx *ctx, const char *sysroot);
void ipc_ctx_free(struct ipc_ctx *ctx);

/*
 * Find mqdir and shmdir now, if not done yet (libmount is loaded only for
 * mqdir). Without libmount, or without a readable mountinfo, the mqueue
 * directory is <root>/dev/mqueue when it is a directory (and, live, an
 * mqueue filesystem). Returns 0 or -ENOMEM.
 */
int ipc_ctx_find_dirs(struct ipc_ctx *ctx);
/* The mqueue mount / POSIX shm directory, each found on first use;
 * NULL when there is none, or when finding it ran out of memory. */
const char *ipc_ctx_mqdir(struct ipc_ctx *ctx);
const char *ipc_ctx_shmdir(struct ipc_ctx *ctx);

/* User/group name of an id, NULL when it has none. Cached in ctx; do not free. */
const char *ipc_user_name(struct ipc_ctx *ctx, uid_t uid);
const char *ipc_group_name(struct ipc_ctx *ctx, gid_t gid);

/*
 * The command line of pid from <procdir>/PID/cmdline, at most max bytes,
 * arguments joined by spaces, malloc'd in *ret_cmd (may hold any byte:
 * escape it before display). -ENOENT when the process is gone or its
 * command line is empty (kernel threads).
 */
int ipc_read_cmdline(struct ipc_ctx *ctx, pid_t pid, size_t max, char **ret_cmd);

/*
 * Whether the kernel would let this process remove obj, judged the way it
 * judges: System V needs the caller to be the owner or creator or to hold
 * CAP_SYS_ADMIN (in the user namespace owning the IPC namespace), POSIX
 * needs write and search permission on the directory (CAP_DAC_OVERRIDE
 * overrides) and, in a sticky directory (the usual 1777), ownership of the
 * file or of the directory, or CAP_FOWNER. The effective capabilities are
 * read, not assumed from uid 0. Used by ipcrm --dry-run to predict
 * refusals; unknown owners count as "may".
 */
bool ipc_may_remove(struct ipc_ctx *ctx, const struct ipc_obj *obj);

/* ---- output (util.c) ---- */

/* Write all of buf[0..len) to fd, EINTR retried: 0, or -errno. */
int ipc_write_full(int fd, const void *buf, size_t len);

/* ---- listing (sysv.c, posix.c) ---- */

/*
 * Call fn once for every object of one kind, without keeping them: obj
 * lives only for the call, and fn may take what it owns (its name, setting
 * obj->name to NULL). fn returns 0 to go on; anything else stops the walk
 * and is returned. Objects that vanish while read are skipped. want is a
 * mask of IPC_WANT_*. Order: the kernel's index (System V), readdir (POSIX).
 *
 * System V has one order of sources, the same for every applet:
 *  1. live, the kernel's index with *_STAT_ANY (Linux 4.17; every object,
 *     as /proc shows them, and no text formatted and parsed): every field
 *     of the kind, msg.qbytes included (IPC_HAVE_QBYTES); for segments
 *     shm.rss and shm.swap (IPC_HAVE_RSS), which no call gives, come from
 *     /proc/sysvipc/shm with IPC_WANT_RSS, read once per walk and merged
 *     by id;
 *  2. /proc/sysvipc when the index cannot be walked so (an older kernel,
 *     *_INFO refused, a security module that hides every object) and
 *     always offline: every field but msg.qbytes, rss and swap since
 *     Linux 4.0;
 *  3. live, plain *_STAT when neither works: only what we may read.
 * Returns 0 at the end, fn's value, -ENOENT when the facility is absent
 * (POSIX: no mount; offline: no file), -errno.
 */
typedef int (*ipc_walk_fn)(struct ipc_obj *obj, void *data);
int ipc_walk(struct ipc_ctx *ctx, enum ipc_kind kind, unsigned int want,
	     ipc_walk_fn fn, void *data);

/*
 * ipc_walk() appending every object to *objs (which then owns the names).
 * On failure *objs is as it was. Returns 0 or the errors of ipc_walk().
 */
int ipc_list(struct ipc_ctx *ctx, enum ipc_kind kind, unsigned int want,
	     struct ipc_objs *objs);

/* The ipc_walk_fn of ipc_list(): append obj to the struct ipc_objs at data, which then owns its name. */
int ipc_walk_append(struct ipc_obj *obj, void *data);

/* How many objects of one kind exist (ipc_count). */
struct ipc_count {
	uint64_t objects;
	/* sem: semaphores in all sets. shm: pages in use; live, the kernel's
	 * own count (SHM_INFO's shm_tot, each segment rounded up to whole
	 * pages, what it checks against shmall), offline the sum of the
	 * segment sizes divided by the page size, rounded down. Else 0. */
	uint64_t units;
};

/*
 * Count the objects of one kind without listing them: live System V from
 * the kernel's counters (*_INFO), POSIX from the directory entries (no
 * object is opened or stat'ed where the filesystem gives d_type). Returns
 * 0, -ENOENT as ipc_list(), -errno.
 */
int ipc_count(struct ipc_ctx *ctx, enum ipc_kind kind, struct ipc_count *ret);

/*
 * One System V object by id: one IPC_STAT (msg also fills qbytes). When the
 * caller may not stat it (EACCES), or offline, the /proc/sysvipc line is used.
 * Returns -ENOENT when no such object exists.
 */
int sysv_stat_id(struct ipc_ctx *ctx, enum ipc_kind kind, int id, struct ipc_obj *ret);

/* One POSIX object by name (with or without the leading '/'); -ENOENT if none. */
int posix_stat_name(struct ipc_ctx *ctx, enum ipc_kind kind, const char *name,
		    unsigned int want, struct ipc_obj *ret);

/* Values of every semaphore of set id; *ret_vals has nsems entries (caller frees). */
int sysv_sem_values(struct ipc_ctx *ctx, int id, size_t nsems, struct ipc_semval **ret_vals);
/*
 * What --unused needs of set id: the pid of the last operation on each of
 * the first nsems semaphores (GETPID; 0 = none, or a process outside the
 * caller's PID namespace), *ret_pids with nsems entries (caller frees),
 * and in *ret_waiters the number of processes blocked on any of them
 * (GETNCNT + GETZCNT, counted by the kernel for every process; not asked
 * when ret_waiters is NULL: one call per semaphore, not three). -ENOENT
 * when the set is gone or smaller, -EACCES, -ENOSYS offline.
 */
int sysv_sem_use(struct ipc_ctx *ctx, int id, size_t nsems, pid_t **ret_pids,
		 uint64_t *ret_waiters);

/*
 * What reading kind's /proc/sysvipc file (listing, walking, counting,
 * one id) had to note so far: true with *ret filled the first time there
 * is something; false when there is nothing, or it was handed out before
 * (so an applet that reads a file twice tells it once).
 */
bool sysv_take_notes(struct ipc_ctx *ctx, enum ipc_kind kind, struct ipc_sysv_notes *ret);

/* ---- System V parsing, exposed for tests and fuzzing ---- */

/* Parse one data line of /proc/sysvipc/{msg,sem,shm} into *ret (kind set by
 * the caller). Returns 0, or -EINVAL for a malformed line. */
int sysv_parse_line(enum ipc_kind kind, const char *line, struct ipc_obj *ret);

/* Parse the text of an mqueue file ("QSIZE:... NOTIFY:... SIGNO:... NOTIFY_PID:..."). */
int posix_parse_mqueue_file(const char *text, struct ipc_obj *ret);

/* ---- changing things (sysv.c, posix.c); never called offline ---- */

/* key -> id with *get(key, 0, 0); -ENOENT, -EACCES, -EIDRM */
int sysv_key_to_id(enum ipc_kind kind, int32_t key, int *ret_id);
/* Create exclusively (IPC_CREAT|IPC_EXCL). size: segment bytes (shm) or
 * number of semaphores (sem); ignored for msg. key 0 = IPC_PRIVATE.
 * semval: initial value of every semaphore (sem only). */
int sysv_create(enum ipc_kind kind, int32_t key, unsigned int mode, uint64_t size,
		int semval, int *ret_id);
int sysv_remove(enum ipc_kind kind, int id);

struct posix_create_attr {
	uint64_t size;		/* pshm: ftruncate length */
	long maxmsg, msgsize;	/* pmsg: 0 = kernel default */
	unsigned int value;	/* psem initial value */
};
/*
 * Create exclusively (O_CREAT|O_EXCL); name with or without leading '/'.
 * -EDQUOT: the queue would take the user over RLIMIT_MSGQUEUE.
 */
int posix_create(enum ipc_kind kind, const char *name, unsigned int mode,
		 const struct posix_create_attr *attr);
int posix_unlink(enum ipc_kind kind, const char *name);
/*
 * Remove exactly obj, as listed by ipc_walk()/ipc_list() from ctx: unlink
 * its entry in the directory it was listed from, and only while that entry
 * is still the same file (st_dev and st_ino of obj). -ESTALE when the name
 * now names another file, -ENOENT when it is gone, -EACCES/-EPERM.
 */
int posix_remove_obj(struct ipc_ctx *ctx, const struct ipc_obj *obj);

/* ---- limits and usage (limits.c) ---- */

enum {
	IPC_LIM_MSG  = 1u << 0,	/* msgmni msgmax msgmnb */
	IPC_LIM_SEM  = 1u << 1,	/* semmsl semmns semopm semmni */
	IPC_LIM_SHM  = 1u << 2,	/* shmall shmmax shmmni */
	IPC_LIM_PMSG = 1u << 3,	/* mq_* */
	IPC_LIM_PSHM = 1u << 4,	/* pshm_* (statvfs of shmdir) */
};

struct ipc_limits {
	unsigned int have;	/* IPC_LIM_* read successfully */
	uint64_t msgmni, msgmax, msgmnb;
	uint64_t semmsl, semmns, semopm, semmni, semvmx;
	uint64_t shmall, shmmax, shmmni, shmmin;
	uint64_t mq_queues_max, mq_msgsize_max, mq_msg_max;
	uint64_t mq_msg_default, mq_msgsize_default;
	uint64_t pshm_size, pshm_used;	/* bytes of the shm filesystem */
};

/* Read limits from <procdir>/sys, falling back to IPC_INFO when online. */
int ipc_read_limits(struct ipc_ctx *ctx, struct ipc_limits *ret);

/* Kernel usage counters (ipcs -u); online only, -ENOSYS offline. */
struct ipc_msg_usage { int queues, headers; uint64_t bytes; };
struct ipc_shm_usage { int segments; uint64_t pages, resident, swapped, swap_attempts, swap_successes; };
struct ipc_sem_usage { int arrays, semaphores; };
struct ipc_usage {
	struct ipc_msg_usage msg;
	struct ipc_shm_usage shm;
	struct ipc_sem_usage sem;
};
/* Fill ret's member of a System V kind; -EINVAL for a POSIX kind. */
int sysv_usage(struct ipc_ctx *ctx, enum ipc_kind kind, struct ipc_usage *ret);

/* Parse "/proc/sys/kernel/sem" text: four integers. */
int ipc_parse_sem_limits(const char *text, struct ipc_limits *ret);

#endif
