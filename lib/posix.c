/* SPDX-License-Identifier: GPL-2.0-or-later */
/* POSIX message queues, shared memory objects and named semaphores: list, inspect, create, unlink. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "internal.h"
#include "ipc.h"
#include "listing.h"
#include "parse.h"

/*
 * glibc's shm_open() and sem_open() always work in this directory (it is
 * a constant in glibc, not looked up); only posix_create() needs it, to
 * give a new semaphore file its exact mode.
 */
#define GLIBC_SHMDIR	"/dev/shm"

/* A semaphore file is "sem." followed by the name without its slash. */
#define SEM_PREFIX	"sem."
#define SEM_PREFIX_LEN	(sizeof(SEM_PREFIX) - 1)

/* The mqueue file's text is one short line; anything longer is not it. */
#define MQFILE_MAX	256

/* Every descriptor we open on an object: read-only, never through a
 * symlink, never blocking on a FIFO someone put there. */
#define OPEN_FLAGS	(O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)

/* ---- the mqueue file ---- */

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/*
 * "LABEL:" followed by a decimal number, "-" first only when neg_max is
 * not 0. Positive values up to pos_max, negative ones down to -neg_max.
 */
static int parse_field(const char **pp, const char *label, uint64_t pos_max,
		       uint64_t neg_max, int64_t *ret_s, uint64_t *ret_u)
{
	const char *p = *pp;
	size_t len = strlen(label);
	bool neg = false;
	uint64_t v;
	int r;

	if (strncmp(p, label, len) != 0)
		return -EINVAL;
	p += len;
	if (neg_max && *p == '-') {
		neg = true;
		p++;
	}
	r = parse_digits(&p, NULL, 10, neg ? neg_max : pos_max, &v);
	if (r < 0)
		return r;
	if (ret_s)
		*ret_s = neg ? -(int64_t)v : (int64_t)v;
	if (ret_u)
		*ret_u = v;
	*pp = p;
	return 0;
}

/*
 * The kernel writes "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n".
 * Accept exactly that shape: the four fields in order, blanks between
 * them (at least one), and nothing after but blanks and one newline.
 */
int posix_parse_mqueue_file(const char *text, struct ipc_obj *ret)
{
	static const struct {
		const char *label;
		uint64_t pos_max, neg_max;
	} fields[] = {
		{ "QSIZE:", UINT64_MAX, 0 },
		{ "NOTIFY:", INT_MAX, (uint64_t)INT_MAX + 1 },
		{ "SIGNO:", INT_MAX, (uint64_t)INT_MAX + 1 },
		{ "NOTIFY_PID:", INT_MAX, 0 },
	};
	const char *p = text;
	uint64_t qsize;
	int64_t v[4];
	int r;

	if (!text)
		return -EINVAL;
	for (size_t i = 0; i < 4; i++) {
		if (i > 0) {
			if (*p != ' ' && *p != '\t')
				return -EINVAL;
			p = skip_blanks(p);
		}
		r = parse_field(&p, fields[i].label, fields[i].pos_max, fields[i].neg_max,
				i == 0 ? NULL : &v[i], i == 0 ? &qsize : NULL);
		if (r < 0)
			return r;
	}
	p = skip_blanks(p);
	if (*p == '\n')
		p++;
	if (*p)
		return -EINVAL;

	ret->mq.qsize = qsize;
	ret->mq.notify = (int)v[1];
	ret->mq.signo = (int)v[2];
	ret->mq.notify_pid = (pid_t)v[3];
	ret->have |= IPC_HAVE_QSIZE;
	return 0;
}

/* ---- reading one object ---- */

/*
 * Open the entry we just stat'ed, for reading only. Returns the fd, or
 * -errno; -ESTALE when the name now leads to something else (the object
 * was replaced between fstatat and open, or is not a regular file).
 */
static int open_same(int dirfd, const char *entry, const struct stat *st)
{
	_cleanup_close_ int fd = -1;
	struct stat fst;

	fd = openat(dirfd, entry, OPEN_FLAGS);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &fst) < 0)
		return -errno;
	if (!S_ISREG(fst.st_mode) || fst.st_dev != st->st_dev || fst.st_ino != st->st_ino)
		return -ESTALE;
	return TAKE_FD(fd);
}

/*
 * Reading the mqueue file is not free: the kernel sets the queue's atime
 * and ctime whenever it is read (mqueue_read_file), so this runs only
 * when the caller asked for IPC_WANT_QSIZE.
 */
static int read_qsize(int dirfd, const char *entry, const struct stat *st, struct ipc_obj *obj)
{
	_cleanup_close_ int fd = -1;
	char buf[MQFILE_MAX + 1];
	size_t len;
	int r;

	fd = open_same(dirfd, entry, st);
	if (fd < 0)
		return fd;
	r = ipc_read_full(fd, buf, sizeof(buf) - 1, &len);
	if (r < 0)
		return r;
	if (len == sizeof(buf) - 1)
		return -EFBIG;
	buf[len] = '\0';
	if (memchr(buf, '\0', len))
		return -EINVAL;
	return posix_parse_mqueue_file(buf, obj);
}

/*
 * An fd opened on the mqueue filesystem is a message queue descriptor;
 * mq_getattr() on it reads the attributes without touching the times.
 * One side effect remains, here and in read_qsize(): closing a queue
 * descriptor drops a notification (mq_notify) registered by the same
 * process. lsipc never registers one; a caller that does must not list
 * its own queues with IPC_WANT_MQATTR or IPC_WANT_QSIZE.
 */
static int read_mqattr(int dirfd, const char *entry, const struct stat *st, struct ipc_obj *obj)
{
	_cleanup_close_ int fd = -1;
	struct mq_attr a;

	fd = open_same(dirfd, entry, st);
	if (fd < 0)
		return fd;
	if (mq_getattr((mqd_t)fd, &a) < 0)
		return -errno;
	if (a.mq_curmsgs < 0 || a.mq_maxmsg < 0 || a.mq_msgsize < 0)
		return -EINVAL;
	obj->mq.curmsgs = (uint64_t)a.mq_curmsgs;
	obj->mq.maxmsg = (uint64_t)a.mq_maxmsg;
	obj->mq.msgsize = (uint64_t)a.mq_msgsize;
	obj->have |= IPC_HAVE_MQATTR;
	return 0;
}

/*
 * glibc's sem_t (nptl's struct new_sem). With 64-bit atomics the first
 * 64-bit word holds the value in its low 32 bits (never above
 * SEM_VALUE_MAX = INT_MAX) and the number of waiters in its high 32 bits.
 * Without them, a 32-bit word holds the value shifted left by one (bit 0
 * says "there may be waiters") and the waiter count is a separate int
 * after the private and pad ints.
 */
#if UINTPTR_MAX > 0xffffffffu
#define SEM_BYTES	8
static int decode_sem(const unsigned char *p, struct ipc_obj *obj)
{
	uint64_t data;
	uint32_t value;

	memcpy(&data, p, sizeof(data));
	value = (uint32_t)data;
	if (value > INT_MAX)
		return -EINVAL;	/* not something glibc wrote */
	obj->psem.value = (int)value;
	obj->psem.waiters = (unsigned int)(data >> 32);
	obj->have |= IPC_HAVE_SEMVAL;
	return 0;
}
#else
#define SEM_BYTES	16
static int decode_sem(const unsigned char *p, struct ipc_obj *obj)
{
	uint32_t value, nwaiters;

	memcpy(&value, p, sizeof(value));
	memcpy(&nwaiters, p + 12, sizeof(nwaiters));
	obj->psem.value = (int)(value >> 1);
	obj->psem.waiters = nwaiters;
	obj->have |= IPC_HAVE_SEMVAL;
	return 0;
}
#endif

void posix_encode_sem(const struct ipc_obj *obj, unsigned char *buf, size_t size)
{
	memset(buf, 0, size);
#if UINTPTR_MAX > 0xffffffffu
	uint64_t data = (uint64_t)(uint32_t)obj->psem.value |
			((uint64_t)obj->psem.waiters << 32);

	memcpy(buf, &data, sizeof(data));
#else
	uint32_t value = (uint32_t)obj->psem.value << 1 | (obj->psem.waiters != 0);
	uint32_t nwaiters = obj->psem.waiters;

	memcpy(buf, &value, sizeof(value));
	memcpy(buf + 12, &nwaiters, sizeof(nwaiters));
#endif
}

/* The first SEM_BYTES bytes of the file; -EINVAL when it is shorter now. */
static int pread_sem(int fd, unsigned char *buf)
{
	ssize_t n;

	do
		n = pread(fd, buf, SEM_BYTES, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == SEM_BYTES ? 0 : -EINVAL;
}

/*
 * Read a semaphore's value without sem_open(), which wants write access
 * and maps the file read-write. Not through a mapping either: anyone may
 * create a file sem.NAME in the shm directory and truncate it while we
 * look, and a mapped page that a truncation takes away kills the reader
 * with SIGBUS. pread() is no single atomic load, so while the word
 * changes under us it is read again, until two reads agree (a few tries).
 */
static int read_semval(int dirfd, const char *entry, const struct stat *st,
		       bool offline, struct ipc_obj *obj)
{
	_cleanup_close_ int fd = -1;
	unsigned char buf[SEM_BYTES], again[SEM_BYTES];
	struct stat fst;
	int r;

	fd = open_same(dirfd, entry, st);
	if (fd < 0)
		return fd;
	if (fstat(fd, &fst) < 0)
		return -errno;
	if (fst.st_size < (off_t)sizeof(sem_t))
		return -EINVAL;

	r = pread_sem(fd, buf);
	for (int tries = 0; r == 0 && !offline && tries < 4; tries++) {
		r = pread_sem(fd, again);
		if (r == 0 && memcmp(buf, again, sizeof(buf)) == 0)
			break;
		memcpy(buf, again, sizeof(buf));
	}
	if (r < 0)
		return r;
	return decode_sem(buf, obj);
}

const char *posix_entry_name(enum ipc_kind kind, const char *entry)
{
	bool sem = strncmp(entry, SEM_PREFIX, SEM_PREFIX_LEN) == 0;

	switch (kind) {
	case IPC_PMSG:
		return entry;
	case IPC_PSHM:
		return sem ? NULL : entry;
	case IPC_PSEM:
		return sem && entry[SEM_PREFIX_LEN] ? entry + SEM_PREFIX_LEN : NULL;
	default:
		return NULL;
	}
}

/*
 * Errors of an optional read that say nothing about the object: the
 * process is out of memory or descriptors. Listing the object without its
 * values would look like "not allowed to read"; fail the listing instead.
 */
static bool is_resource_error(int r)
{
	return r == -ENOMEM || r == -EMFILE || r == -ENFILE;
}

/*
 * Fill obj from one directory entry. Returns 0, -ENOENT when the entry is
 * gone or is not a regular file (skip it), -ENOMEM, -EMFILE, -ENFILE. The
 * optional reads fail softly: an object we may not open (EACCES) is listed
 * without them.
 */
static int read_entry(struct ipc_ctx *ctx, int dirfd, enum ipc_kind kind,
		      const char *entry, const char *bare, unsigned int want,
		      struct ipc_obj *obj)
{
	struct stat st;
	int r = 0;

	if (fstatat(dirfd, entry, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOMEM ? -ENOMEM : -ENOENT;
	if (!S_ISREG(st.st_mode))
		return -ENOENT;

	memset(obj, 0, sizeof(*obj));
	obj->kind = kind;
	obj->id = -1;
	if (asprintf(&obj->name, "/%s", bare) < 0) {
		obj->name = NULL;
		return -ENOMEM;
	}
	obj->uid = obj->cuid = st.st_uid;
	obj->gid = obj->cgid = st.st_gid;
	obj->mode = st.st_mode & 07777;
	obj->mtime = (int64_t)st.st_mtime;
	obj->ctime = (int64_t)st.st_ctime;
	obj->dev = (uint64_t)st.st_dev;
	obj->ino = (uint64_t)st.st_ino;
	obj->have = IPC_HAVE_OWNER | IPC_HAVE_CREATOR | IPC_HAVE_MODE | IPC_HAVE_TIMES;
	/* a capture of ours keeps the ctime and a queue's attributes aside */
	if (ctx->capture)
		(void)capture_posix_extra(ctx, obj);

	switch (kind) {
	case IPC_PSHM:
		obj->pshm.size = (uint64_t)st.st_size;
		break;
	case IPC_PMSG:
		if ((want & IPC_WANT_MQATTR) && !ctx->offline)
			r = read_mqattr(dirfd, entry, &st, obj);
		if (!is_resource_error(r) && r != -ENOENT && (want & IPC_WANT_QSIZE))
			r = read_qsize(dirfd, entry, &st, obj);
		break;
	case IPC_PSEM:
		if (want & IPC_WANT_SEMVAL)
			r = read_semval(dirfd, entry, &st, ctx->offline, obj);
		break;
	default:
		break;
	}
	if (is_resource_error(r) || r == -ENOENT) {
		/* out of memory or descriptors, or the object vanished under us */
		ipc_obj_clear(obj);
		return r;
	}
	return 0;
}

static const char *kind_dir(struct ipc_ctx *ctx, enum ipc_kind kind)
{
	switch (kind) {
	case IPC_PMSG:
		return ipc_ctx_mqdir(ctx);
	case IPC_PSHM:
	case IPC_PSEM:
		return ipc_ctx_shmdir(ctx);
	default:
		return NULL;
	}
}

static int open_kind_dir(struct ipc_ctx *ctx, enum ipc_kind kind)
{
	const char *dir;
	int fd;

	if (!ipc_kind_is_posix(kind) || kind >= IPC_NKINDS)
		return -EINVAL;
	dir = kind_dir(ctx, kind);
	if (!dir)	/* still pending: finding it ran out of memory */
		return (kind == IPC_PMSG ? ctx->mqdir_pending : ctx->shmdir_pending) ?
			-ENOMEM : -ENOENT;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* open_kind_dir() as a directory stream, for the scans. */
static int opendir_kind(struct ipc_ctx *ctx, enum ipc_kind kind, DIR **ret)
{
	int fd = open_kind_dir(ctx, kind), r;

	if (fd < 0)
		return fd;
	*ret = fdopendir(fd);
	if (!*ret) {
		r = -errno;
		close(fd);
		return r;
	}
	return 0;
}

int posix_walk(struct ipc_ctx *ctx, enum ipc_kind kind, unsigned int want,
	       ipc_walk_fn fn, void *data)
{
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;
	int r = 0;

	r = opendir_kind(ctx, kind, &d);
	if (r == -ENOENT && ctx->offline)
		return listing_walk(ctx, kind, fn, data);
	if (r < 0)
		return r;

	for (;;) {
		struct ipc_obj obj;
		const char *bare;

		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				r = -errno;
			break;
		}
		/* d_type spares a stat of what cannot be an object */
		if (de->d_type != DT_REG && de->d_type != DT_UNKNOWN)
			continue;
		bare = posix_entry_name(kind, de->d_name);
		if (!bare)
			continue;
		/* on failure read_entry() leaves obj owning nothing */
		r = read_entry(ctx, dirfd(d), kind, de->d_name, bare, want, &obj);
		if (r == -ENOENT) {
			r = 0;
			continue;
		}
		if (r < 0)
			break;
		r = fn(&obj, data);
		ipc_obj_clear(&obj);
		if (r != 0)
			break;
	}
	return r;
}

static int count_listed(struct ipc_obj *obj, void *data)
{
	(*(uint64_t *)data)++;
	return 0;
}

int posix_count(struct ipc_ctx *ctx, enum ipc_kind kind, uint64_t *ret)
{
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;
	uint64_t n = 0;
	int r;

	r = opendir_kind(ctx, kind, &d);
	if (r == -ENOENT && ctx->offline) {
		r = listing_walk(ctx, kind, count_listed, &n);
		if (r == 0)
			*ret = n;
		return r;
	}
	if (r < 0)
		return r;
	for (;;) {
		struct stat st;

		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				return -errno;
			break;
		}
		if (!posix_entry_name(kind, de->d_name))
			continue;
		/* the objects ipc_list() would show: regular files, by d_type
		 * where the filesystem gives it (tmpfs and mqueue do) */
		if (de->d_type == DT_UNKNOWN) {
			if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
				if (errno == ENOMEM)
					return -ENOMEM;
				continue;	/* vanished */
			}
			if (!S_ISREG(st.st_mode))
				continue;
		} else if (de->d_type != DT_REG) {
			continue;
		}
		n++;
	}
	*ret = n;
	return 0;
}

/*
 * Check a POSIX name ("/x" or "x") and return its part after the slash:
 * not empty, no further '/', not "." or ".." (-EINVAL), at most NAME_MAX
 * bytes (-ENAMETOOLONG).
 */
static int bare_name(const char *name, const char **ret)
{
	if (!name)
		return -EINVAL;
	if (name[0] == '/')
		name++;
	if (!name[0] || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	*ret = name;
	return 0;
}

int posix_entry_of(enum ipc_kind kind, const char *bare, char **ret)
{
	char *s;

	if (kind == IPC_PSEM) {
		if (asprintf(&s, SEM_PREFIX "%s", bare) < 0)
			return -ENOMEM;
	} else {
		/* "sem.x" in the shm directory is the semaphore /x, not shm */
		if (kind == IPC_PSHM && !strncmp(bare, SEM_PREFIX, SEM_PREFIX_LEN))
			return -ENOENT;
		s = strdup(bare);
		if (!s)
			return -ENOMEM;
	}
	*ret = s;
	return 0;
}

struct find_listed {
	const char *bare;
	struct ipc_obj *ret;
};

/* The object named bare: taken, and the walk stops (1). */
static int find_listed(struct ipc_obj *obj, void *data)
{
	struct find_listed *fl = data;

	if (strcmp(obj->name + 1, fl->bare))
		return 0;
	*fl->ret = *obj;
	obj->name = NULL;
	return 1;
}

/*
 * The entry of POSIX object name of kind, read: *ret_dirfd the kind's
 * directory (the caller's to close), *ret_entry the entry's name in it
 * (the caller's to free), *ret as read_entry() fills it. An object of a
 * sosreport's /dev listing has no directory: *ret_dirfd -1, *ret_entry NULL.
 */
static int find_entry(struct ipc_ctx *ctx, enum ipc_kind kind, const char *name,
		      unsigned int want, int *ret_dirfd, char **ret_entry, struct ipc_obj *ret)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *entry = NULL;
	struct ipc_obj obj;
	const char *bare;
	int r;

	r = bare_name(name, &bare);
	if (r < 0)
		return r;
	fd = open_kind_dir(ctx, kind);
	if (fd == -ENOENT && ctx->offline) {
		struct find_listed fl = { bare, &obj };

		r = listing_walk(ctx, kind, find_listed, &fl);
		if (r == 0)
			return -ENOENT;
		if (r < 0)
			return r;
		*ret = obj;
		*ret_dirfd = -1;
		*ret_entry = NULL;
		return 0;
	}
	if (fd < 0)
		return fd;
	r = posix_entry_of(kind, bare, &entry);
	if (r < 0)
		return r;
	r = read_entry(ctx, fd, kind, entry, bare, want, &obj);
	if (r < 0)
		return r;
	*ret = obj;
	*ret_dirfd = TAKE_FD(fd);
	*ret_entry = TAKE_PTR(entry);
	return 0;
}

int posix_stat_name(struct ipc_ctx *ctx, enum ipc_kind kind, const char *name,
		    unsigned int want, struct ipc_obj *ret)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *entry = NULL;

	return find_entry(ctx, kind, name, want, &fd, &entry, ret);
}

int posix_open_object(struct ipc_ctx *ctx, enum ipc_kind kind, const char *name,
		      struct ipc_obj *ret_obj)
{
	_cleanup_close_ int dirfd = -1, fd = -1;
	_cleanup_free_ char *entry = NULL;
	struct ipc_obj obj;
	struct stat st;
	int r;

	r = find_entry(ctx, kind, name, 0, &dirfd, &entry, &obj);
	if (r < 0)
		return r;
	if (!entry) {
		/* only listed: there is no file to read */
		ipc_obj_clear(&obj);
		return -ENOENT;
	}
	/* the file we describe is the file we read, or none */
	st = (struct stat){ .st_dev = (dev_t)obj.dev, .st_ino = (ino_t)obj.ino };
	fd = open_same(dirfd, entry, &st);
	if (fd < 0) {
		ipc_obj_clear(&obj);
		return fd == -ESTALE ? -ENOENT : fd;
	}
	*ret_obj = obj;
	return TAKE_FD(fd);
}

/* ---- changing things ---- */

/* "/" + bare name for the glibc calls; validated as bare_name() does. */
static int slash_name(const char *name, char **ret)
{
	const char *bare;
	int r;

	r = bare_name(name, &bare);
	if (r < 0)
		return r;
	if (asprintf(ret, "/%s", bare) < 0)
		return -ENOMEM;
	return 0;
}

/* One number of /proc/sys/fs/mqueue: from 1 to LONG_MAX, else -EINVAL. */
static int mq_sysctl(const char *file, long *ret)
{
	_cleanup_free_ char *path = ipc_path_join("/proc/sys/fs/mqueue", file);
	uint64_t v;
	int r;

	if (!path)
		return -ENOMEM;
	r = ipc_read_u64(path, &v);
	if (r < 0)
		return r;
	if (v == 0 || v > LONG_MAX)
		return -EINVAL;
	*ret = (long)v;
	return 0;
}

/*
 * The value the kernel gives a queue attribute we were not given: its
 * default (file), capped at the namespace's maximum (max), as
 * mqueue_get_inode() caps it for a queue created without attributes. The
 * sysctls let the default exceed the maximum; mq_open() with the default
 * taken as it is would then fail with EINVAL.
 */
static int mq_default(const char *file, const char *max, long *ret)
{
	long v, m;
	int r;

	r = mq_sysctl(file, &v);
	if (r < 0)
		return r;
	if (mq_sysctl(max, &m) == 0 && m < v)
		v = m;
	*ret = v;
	return 0;
}

static int create_pshm(const char *name, mode_t mode, uint64_t size)
{
	_cleanup_close_ int fd = -1;
	int r;

	if (!strncmp(name + 1, SEM_PREFIX, SEM_PREFIX_LEN))
		return -EINVAL;	/* would be listed as the semaphore /NAME */
	if (size > (uint64_t)INT64_MAX)
		return -EFBIG;
	fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	/* the umask has masked the mode: set exactly what was asked */
	if (fchmod(fd, mode) < 0 || ftruncate(fd, (off_t)size) < 0) {
		r = -errno;
		shm_unlink(name);
		return r;
	}
	return 0;
}

/* Whether this process can open one more descriptor. */
static bool fd_available(void)
{
	int fd = open("/", O_PATH | O_CLOEXEC);

	if (fd < 0)
		return errno != EMFILE;
	close(fd);
	return true;
}

static int create_pmsg(const char *name, mode_t mode, const struct posix_create_attr *attr)
{
	struct mq_attr a = { 0 }, *ap = NULL;
	mqd_t q;
	int r;

	if (attr && (attr->maxmsg || attr->msgsize)) {
		long maxmsg = attr->maxmsg, msgsize = attr->msgsize;

		if (maxmsg < 0 || msgsize < 0)
			return -EINVAL;
		/* mq_open takes both or neither: fill in the kernel's default */
		if (!maxmsg && (r = mq_default("msg_default", "msg_max", &maxmsg)) < 0)
			return r;
		if (!msgsize && (r = mq_default("msgsize_default", "msgsize_max", &msgsize)) < 0)
			return r;
		a.mq_maxmsg = maxmsg;
		a.mq_msgsize = msgsize;
		ap = &a;
	}
	q = mq_open(name, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode, ap);
	if (q == (mqd_t)-1) {
		r = -errno;
		/*
		 * EMFILE is the descriptor table being full, or the user's
		 * queues taking more than RLIMIT_MSGQUEUE; with a descriptor
		 * to spare it can only be the second.
		 */
		if (r == -EMFILE && fd_available())
			return -EDQUOT;
		return r;
	}
	/* an mqueue descriptor is a file descriptor: fchmod sets the exact mode */
	if (fchmod((int)q, mode) < 0) {
		r = -errno;
		mq_close(q);
		mq_unlink(name);
		return r;
	}
	mq_close(q);
	return 0;
}

/* Write all of len bytes at the start of fd; -EIO for a short write. */
static int write_all(int fd, const void *buf, size_t len)
{
	ssize_t n = pwrite(fd, buf, len, 0);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

/*
 * Give the unnamed file fd (O_TMPFILE) the name entry in dirfd, failing
 * with -EEXIST when the name is taken. The /proc link is the way open(2)
 * documents for anyone; AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH on most
 * kernels, so it is only the fallback where /proc is not mounted.
 */
static int link_tmpfile(int fd, int dirfd, const char *entry)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (linkat(AT_FDCWD, path, dirfd, entry, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno != ENOENT)
		return -errno;
	if (linkat(fd, "", dirfd, entry, AT_EMPTY_PATH) == 0)
		return 0;
	return -errno;
}

/*
 * A semaphore file made as glibc's sem_open() makes it (an initialised
 * sem_t written into a file that gets its name with one link, so nobody
 * sees it half made), but from our own descriptor: sem_open() gives none,
 * and opening its file again by name to set the mode fails whenever the
 * mode or the umask leaves the owner without read permission. The file is
 * unnamed until linked, so its mode can be set before anyone can open it,
 * and the process umask is never touched.
 */
static int create_psem(const char *name, mode_t mode, unsigned int value)
{
	_cleanup_free_ char *entry = NULL;
	_cleanup_close_ int dirfd = -1;
	_cleanup_close_ int fd = -1;
	sem_t sem;
	int r;

	if (value > SEM_VALUE_MAX)
		return -EINVAL;
	r = posix_entry_of(IPC_PSEM, name + 1, &entry);
	if (r < 0)
		return r;
	if (strlen(entry) > NAME_MAX)
		return -ENAMETOOLONG;
	/* shared between processes: what sem_open() writes into its file
	 * (zeroed first: sem_init() leaves padding bytes as they were) */
	memset(&sem, 0, sizeof(sem));
	if (sem_init(&sem, 1, value) < 0)
		return -errno;
	dirfd = open(GLIBC_SHMDIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	/* a creating open gives read and write access whatever the mode */
	fd = openat(dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	r = write_all(fd, &sem, sizeof(sem));
	if (r < 0)
		return r;
	if (fchmod(fd, mode) < 0)
		return -errno;
	return link_tmpfile(fd, dirfd, entry);
}

int posix_create(enum ipc_kind kind, const char *name, unsigned int mode,
		 const struct posix_create_attr *attr)
{
	_cleanup_free_ char *n = NULL;
	static const struct posix_create_attr none;
	int r;

	if (!attr)
		attr = &none;
	if (mode & ~0777u)
		return -EINVAL;
	r = slash_name(name, &n);
	if (r < 0)
		return r;
	switch (kind) {
	case IPC_PSHM:
		return create_pshm(n, (mode_t)mode, attr->size);
	case IPC_PMSG:
		return create_pmsg(n, (mode_t)mode, attr);
	case IPC_PSEM:
		return create_psem(n, (mode_t)mode, attr->value);
	default:
		return -EINVAL;
	}
}

int posix_unlink(enum ipc_kind kind, const char *name)
{
	_cleanup_free_ char *n = NULL;
	int r;

	r = slash_name(name, &n);
	if (r < 0)
		return r;
	switch (kind) {
	case IPC_PSHM:
		/* "/sem.x" is the semaphore /x: not a shm object to remove */
		if (!strncmp(n + 1, SEM_PREFIX, SEM_PREFIX_LEN))
			return -ENOENT;
		r = shm_unlink(n);
		break;
	case IPC_PMSG:
		r = mq_unlink(n);
		break;
	case IPC_PSEM:
		r = sem_unlink(n);
		break;
	default:
		return -EINVAL;
	}
	return r < 0 ? -errno : 0;
}

int posix_remove_obj(struct ipc_ctx *ctx, const struct ipc_obj *obj)
{
	_cleanup_close_ int dirfd = -1;
	_cleanup_free_ char *entry = NULL;
	const char *bare;
	struct stat st;
	int r;

	if (ctx->offline || !ipc_kind_is_posix(obj->kind))
		return -EINVAL;
	r = bare_name(obj->name, &bare);
	if (r < 0)
		return r;
	r = posix_entry_of(obj->kind, bare, &entry);
	if (r < 0)
		return r;
	/* the directory it was listed from, not the one glibc would use: the
	 * mqueue mount in view may be another IPC namespace's, and mq_unlink()
	 * would remove the caller's namesake */
	dirfd = open_kind_dir(ctx, obj->kind);
	if (dirfd < 0)
		return dirfd;
	if (fstatat(dirfd, entry, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_dev != obj->dev || (uint64_t)st.st_ino != obj->ino)
		return -ESTALE;
	if (unlinkat(dirfd, entry, 0) < 0)
		return -errno;
	return 0;
}
