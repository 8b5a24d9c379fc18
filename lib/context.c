/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reading context: where /proc, the mqueue mount and the shm directory are, and name caches. */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <mqueue.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <libmount.h>

#include "array.h"
#include "cleanup.h"
#include "hashmap.h"
#include "internal.h"
#include "ipc.h"
#include "nsctx.h"
#include "parse.h"

/*
 * uid/gid -> name cache. Listing 30,000 objects owned by a handful of users
 * must cost a handful of NSS lookups, so every answer is remembered, "no
 * name" included.
 */
struct nc_entry {
	uint32_t id;
	char *name;		/* NULL: the id has no name */
};

struct ipc_namecache {
	struct nc_entry *v;
	size_t n, cap;
	struct ipc_hashmap map;	/* id -> index in v */
	bool loaded;		/* offline: the passwd/group file has been read */
};

/* A passwd or group file of a captured system is never this big. */
#define NAMEFILE_MAX	(64u << 20)

static struct nc_entry *nc_find(struct ipc_namecache *nc, uint32_t id)
{
	/* ipc_hash_u64() is one-to-one: equal hashes are equal ids */
	size_t i = ipc_hashmap_find(&nc->map, ipc_hash_u64(id), NULL, NULL);

	return i == SIZE_MAX ? NULL : &nc->v[i];
}

/* Store id -> name (taking name); an existing entry is kept (first wins). */
static int nc_add(struct ipc_namecache *nc, uint32_t id, char *name, struct nc_entry **ret)
{
	struct nc_entry *e = nc_find(nc, id);

	if (e) {
		free(name);
	} else {
		if (!ARRAY_GROW(nc->v, nc->n, nc->cap, 16) ||
		    ipc_hashmap_add(&nc->map, ipc_hash_u64(id), nc->n) < 0) {
			free(name);
			return -ENOMEM;
		}
		e = &nc->v[nc->n++];
		*e = (struct nc_entry){ .id = id, .name = name };
	}
	if (ret)
		*ret = e;
	return 0;
}

static void nc_free(struct ipc_namecache *nc)
{
	if (!nc)
		return;
	ARRAY_FREE_MEMBERS(nc->v, nc->n, name);
	ipc_hashmap_free(&nc->map);
	free(nc);
}

/*
 * Parse a passwd(5) or group(5) file of a captured system ourselves: NSS
 * would answer for this machine, not for the one in the sysroot. Lines
 * are "name:passwd:id:..."; malformed lines are skipped, the first line
 * for an id wins as it does in NSS's files module.
 */
static int nc_load_file(struct ipc_namecache *nc, const char *path)
{
	_cleanup_free_ char *buf = NULL;
	int r;

	r = ipc_read_file(path, NAMEFILE_MAX, &buf, NULL);
	if (r < 0)
		return r == -ENOMEM || r == -ENOENT ? r : 0;	/* unreadable: no names */

	for (char *rest = buf, *line; (line = ipc_next_line(&rest));) {
		char *name, *idf;
		const char *end;
		uint64_t id;

		name = line;
		idf = strchr(name, ':');
		if (!idf || idf == name)
			continue;
		*idf++ = '\0';
		idf = strchr(idf, ':');		/* skip the password field */
		if (!idf)
			continue;
		idf++;
		end = idf;
		if (parse_digits(&end, NULL, 10, UINT32_MAX, &id) < 0 ||
		    (*end != ':' && *end != '\0'))
			continue;
		if (name[0] == '+' || name[0] == '-')	/* NIS compat lines */
			continue;
		char *copy = strdup(name);
		if (!copy)
			return -ENOMEM;
		r = nc_add(nc, (uint32_t)id, copy, NULL);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Look a name up with NSS (live system). Returns a malloc'd name, or NULL. */
static char *nss_name(bool user, uint32_t id, int *ret_err)
{
	long sz = sysconf(user ? _SC_GETPW_R_SIZE_MAX : _SC_GETGR_R_SIZE_MAX);
	size_t len = sz > 0 ? (size_t)sz : 1024;

	*ret_err = 0;
	for (;;) {
		_cleanup_free_ char *buf = malloc(len);
		const char *found = NULL;
		int r;

		if (!buf) {
			*ret_err = -ENOMEM;
			return NULL;
		}
		if (user) {
			struct passwd pw, *res = NULL;

			r = getpwuid_r((uid_t)id, &pw, buf, len, &res);
			if (!r && res)
				found = res->pw_name;
		} else {
			struct group gr, *res = NULL;

			r = getgrgid_r((gid_t)id, &gr, buf, len, &res);
			if (!r && res)
				found = res->gr_name;
		}
		if (r == ERANGE && len < (1u << 24)) {
			len *= 2;
			continue;
		}
		if (!found)
			return NULL;	/* unknown id, or NSS failed: no name */
		char *s = strdup(found);
		if (!s)
			*ret_err = -ENOMEM;
		return s;
	}
}

static const char *cached_name(struct ipc_ctx *ctx, struct ipc_namecache *nc,
			       bool user, uint32_t id)
{
	struct nc_entry *e;
	char *name;
	int err;

	if (!nc)
		return NULL;
	if (ctx->offline) {
		if (!nc->loaded) {
			_cleanup_free_ char *path =
				ipc_path_join(ctx->root, user ? "etc/passwd" : "etc/group");
			/* a sosreport has no etc/passwd, but getent's output */
			_cleanup_free_ char *getent = ipc_path_join(ctx->root, user ?
				"sos_commands/getent/getent_passwd" :
				"sos_commands/getent/getent_group");

			nc->loaded = true;
			if (path && nc_load_file(nc, path) == -ENOENT && getent)
				(void)nc_load_file(nc, getent);
		}
		e = nc_find(nc, id);
		return e ? e->name : NULL;
	}

	e = nc_find(nc, id);
	if (e)
		return e->name;
	name = nss_name(user, id, &err);
	if (err < 0)
		return NULL;	/* out of memory: answer "no name", try again later */
	if (nc_add(nc, id, name, &e) < 0)
		return NULL;
	return e->name;
}

const char *ipc_user_name(struct ipc_ctx *ctx, uid_t uid)
{
	return cached_name(ctx, ctx->users, true, (uint32_t)uid);
}

const char *ipc_group_name(struct ipc_ctx *ctx, gid_t gid)
{
	return cached_name(ctx, ctx->groups, false, (uint32_t)gid);
}

/* ---- mount points ---- */

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * A directory of the IPC state: under a sysroot it must also stay inside
 * the sysroot once symlinks are resolved, so that a capture holding
 * "dev/shm -> /dev/shm" does not make us list this machine's objects.
 */
static bool is_state_dir(const struct ipc_ctx *ctx, const char *path)
{
	_cleanup_free_ char *real = NULL, *rroot = NULL;
	size_t len;

	if (!is_dir(path))
		return false;
	if (!ctx->offline || !ctx->root[0])
		return true;
	real = realpath(path, NULL);
	rroot = realpath(ctx->root, NULL);
	if (!real || !rroot)
		return false;
	len = strlen(rroot);
	if (len == 1)		/* the sysroot is "/" itself */
		return true;
	return strncmp(real, rroot, len) == 0 && (real[len] == '/' || real[len] == '\0');
}

/*
 * libmount is loaded with dlopen() when the mounts are first needed, not
 * linked: with its libblkid, libselinux and libpcre2 it is most of what
 * the dynamic loader does at start-up, and most runs (System V listings,
 * one object by id) never look at a mount. These are the few calls we make.
 */
struct mnt_api {
	void *handle;
	__typeof__(mnt_new_table) *new_table;
	__typeof__(mnt_new_iter) *new_iter;
	__typeof__(mnt_table_set_parser_errcb) *table_set_parser_errcb;
	__typeof__(mnt_table_parse_stream) *table_parse_stream;
	__typeof__(mnt_table_next_fs) *table_next_fs;
	__typeof__(mnt_fs_get_fstype) *fs_get_fstype;
	__typeof__(mnt_fs_get_target) *fs_get_target;
	__typeof__(mnt_free_iter) *free_iter;
	__typeof__(mnt_unref_table) *unref_table;
};

/* The soname we were built against; a missing library is not fatal. */
#define LIBMOUNT_SONAME	"libmount.so.1"

static bool mnt_api_load(struct mnt_api *api)
{
	static const struct { const char *name; size_t off; } syms[] = {
#define SYM(f)	{ "mnt_" #f, offsetof(struct mnt_api, f) }
		SYM(new_table), SYM(new_iter), SYM(table_set_parser_errcb),
		SYM(table_parse_stream), SYM(table_next_fs), SYM(fs_get_fstype),
		SYM(fs_get_target), SYM(free_iter), SYM(unref_table),
#undef SYM
	};

	*api = (struct mnt_api){ 0 };
	api->handle = dlopen(LIBMOUNT_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!api->handle)
		return false;
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		void *f = dlsym(api->handle, syms[i].name);

		if (!f) {
			dlclose(api->handle);
			*api = (struct mnt_api){ 0 };
			return false;
		}
		memcpy((char *)api + syms[i].off, &f, sizeof(f));
	}
	return true;
}

/* libmount's parser callback: skip a malformed line, keep parsing. */
static int skip_bad_line(struct libmnt_table *tb, const char *filename, int line)
{
	return 1;
}

/*
 * What mountinfo says, relative to the (sys)root: whether the top-most
 * mount on /dev/mqueue is an mqueue filesystem (that is where everybody
 * looks, so it wins), and else the first mqueue mount anywhere. known is
 * false when the table could not be read (no mountinfo, or no libmount).
 */
struct mounts {
	bool known;
	bool mq_at_dev;
	char *mq_other;
};

/* The mounts of procdir/self/mountinfo that the context needs. */
static int scan_mountinfo(const char *procdir, struct mounts *ret)
{
	_cleanup_free_ char *path = NULL, *text = NULL;
	_cleanup_fclose_ FILE *f = NULL;
	struct libmnt_table *tb = NULL;
	struct libmnt_iter *itr = NULL;
	struct libmnt_fs *fs;
	struct mounts m = { 0 };
	struct mnt_api mnt;
	size_t len;
	int r = 0;

	/*
	 * Read it ourselves, as every file of a sysroot is read (regular file
	 * only, no link followed, no blocking open, bounded), and give
	 * libmount the text: handed the path, it would open a FIFO and wait,
	 * or read /dev/zero until memory runs out.
	 */
	r = ipc_read_mountinfo(procdir, &path, &text, &len);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		*ret = m;	/* unreadable: no mounts known, callers fall back */
		return 0;
	}
	if (len == 0) {
		*ret = (struct mounts){ .known = true };	/* no mounts at all */
		return 0;
	}
	if (!mnt_api_load(&mnt)) {
		*ret = m;	/* no libmount: as if mountinfo were unreadable */
		return 0;
	}
	r = 0;
	tb = mnt.new_table();
	itr = mnt.new_iter(MNT_ITER_FORWARD);
	f = fmemopen(text, len, "r");
	if (!tb || !itr || !f) {
		r = -ENOMEM;
		goto out;
	}
	mnt.table_set_parser_errcb(tb, skip_bad_line);
	if (mnt.table_parse_stream(tb, f, path) != 0)
		goto out;	/* unparsable: no mounts known, callers fall back */
	m.known = true;

	while (mnt.table_next_fs(tb, itr, &fs) == 0) {
		const char *type = mnt.fs_get_fstype(fs);
		const char *target = mnt.fs_get_target(fs);
		bool mq;

		if (!type || !target || target[0] != '/')
			continue;
		mq = strcmp(type, "mqueue") == 0;
		if (strcmp(target, "/dev/mqueue") == 0) {
			/* later lines are mounted on top of earlier ones */
			m.mq_at_dev = mq;
		} else if (mq && !m.mq_other) {
			m.mq_other = strdup(target);
			if (!m.mq_other) {
				r = -ENOMEM;
				goto out;
			}
		}
	}
out:
	if (itr)
		mnt.free_iter(itr);
	if (tb)
		mnt.unref_table(tb);
	dlclose(mnt.handle);
	if (r < 0)
		free(m.mq_other);
	else
		*ret = m;
	return r;
}

/* The kernel's magic number of the mqueue filesystem (linux/magic.h). */
#define MQUEUE_FS_MAGIC	0x19800202

/* Live and without a mount table: is the usual place an mqueue mount? */
static bool is_mqueue_fs(const char *path)
{
	struct statfs sf;

	return statfs(path, &sf) == 0 && sf.f_type == MQUEUE_FS_MAGIC;
}

/* root + target; root is "" for the live system. NULL on ENOMEM. */
static char *under_root(const char *root, const char *target)
{
	char *s;

	if (asprintf(&s, "%s%s", root, target) < 0)
		return NULL;
	return s;
}

/*
 * A detached mount of the mqueue filesystem of our own IPC namespace
 * (fsopen/fsmount: no mount table is touched, and the mount goes with the
 * descriptor). The kernel keys mqueue superblocks by IPC namespace and
 * gives the mounter's, so this is ours whatever is mounted where. Needs
 * CAP_SYS_ADMIN over the namespace's user namespace; -errno otherwise.
 */
int ipc_detached_mqueue(void)
{
	_cleanup_close_ int fsfd = -1;
	int mfd;

	fsfd = (int)syscall(SYS_fsopen, "mqueue", FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return -errno;
	if (syscall(SYS_fsconfig, fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return -errno;
	mfd = (int)syscall(SYS_fsmount, fsfd, FSMOUNT_CLOEXEC,
			   MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	return mfd < 0 ? -errno : mfd;
}

/*
 * Unprivileged: whether the mqueue filesystem in dir is our namespace's,
 * told by opening one of its queues by name with mq_open(), which always
 * works in the caller's namespace, and comparing the devices. 1 ours, 0
 * another namespace's, -1 when no queue there tells (none, or none we may
 * open).
 */
static int mqueue_dir_is_ours_by_name(const char *dir, dev_t dev)
{
	_cleanup_closedir_ DIR *d = opendir(dir);
	struct dirent *de;
	int verdict = -1;

	if (!d)
		return -1;
	while (verdict < 0 && (de = readdir(d))) {
		char name[NAME_MAX + 2];
		struct stat st;
		mqd_t q;

		if (de->d_name[0] == '.' &&
		    (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		if ((size_t)snprintf(name, sizeof(name), "/%s", de->d_name) >= sizeof(name))
			continue;
		q = mq_open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (q == (mqd_t)-1) {
			/* listed there but unknown here: not ours, unless it
			 * was removed just now */
			if (errno == ENOENT &&
			    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
				verdict = 0;
			continue;
		}
		if (fstat((int)q, &st) == 0)
			verdict = st.st_dev == dev;
		mq_close(q);
	}
	return verdict;
}

/*
 * Live: make sure ctx->mqdir is our IPC namespace's mqueue filesystem.
 * Right after unshare(CLONE_NEWIPC) or setns() the mount in view is still
 * the old namespace's: its queues are not ours, and removing one of them
 * by name would remove our namesake instead. Then read ours through a
 * detached mount when we may make one, else read none; either way
 * ctx->mq_foreign says so. When nothing can tell, the mount in view is
 * taken as ours.
 */
static int check_mqdir_namespace(struct ipc_ctx *ctx)
{
	_cleanup_close_ int own = -1;
	struct stat mounted, mine;
	char path[64];

	int ours;

	if (ctx->offline || !ctx->mqdir || stat(ctx->mqdir, &mounted) < 0)
		return 0;
	/* a queue there answers for free; the detached mount needs privilege */
	ours = mqueue_dir_is_ours_by_name(ctx->mqdir, mounted.st_dev);
	if (ours > 0)
		return 0;
	own = ipc_detached_mqueue();
	if (own >= 0) {
		if (fstat(own, &mine) < 0 || mine.st_dev == mounted.st_dev)
			return 0;
	} else if (ours < 0) {
		return 0;	/* nothing tells: taken as ours (lsipc(1)) */
	}
	ctx->mq_foreign = ctx->mqdir;
	ctx->mqdir = NULL;
	if (own < 0)
		return 0;
	/* the detached mount's root, by the path of its descriptor */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", own);
	ctx->mqdir = strdup(path);
	if (!ctx->mqdir)
		return -ENOMEM;
	ctx->mq_mntfd = TAKE_FD(own);
	return 0;
}

/* The mqueue mount: the one part of the context that needs libmount. */
static int find_mqdir(struct ipc_ctx *ctx)
{
	_cleanup_free_ char *mq = NULL;
	struct mounts m = { 0 };
	int r;

	r = scan_mountinfo(ctx->procdir, &m);
	if (r < 0)
		return r;

	if (m.mq_at_dev || m.mq_other) {
		mq = under_root(ctx->root, m.mq_at_dev ? "/dev/mqueue" : m.mq_other);
		free(m.mq_other);
		if (!mq)
			return -ENOMEM;
		if (!is_state_dir(ctx, mq)) {
			free(mq);
			mq = NULL;
		}
	}
	if (!mq && (ctx->offline || !m.known)) {
		/*
		 * A capture without (useful) mountinfo: the usual place. Live,
		 * only when the mount table could not be read (libmount could
		 * not be loaded, mountinfo unreadable), and only when the
		 * usual place holds an mqueue filesystem.
		 */
		mq = under_root(ctx->root, "/dev/mqueue");
		if (!mq)
			return -ENOMEM;
		if (!is_state_dir(ctx, mq) || (!ctx->offline && !is_mqueue_fs(mq))) {
			free(mq);
			mq = NULL;
		}
	}
	ctx->mqdir = TAKE_PTR(mq);
	return check_mqdir_namespace(ctx);
}

/*
 * The POSIX shm directory is /dev/shm whether a tmpfs is mounted there or
 * not: glibc's shm_open() and sem_open() use that path as a constant, they
 * do not look for a tmpfs. So it is the tmpfs on /dev/shm when mountinfo
 * shows one, and else a plain directory there; either way it must be a
 * directory (a capture may lack it). No mount table needed.
 */
static int find_shmdir(struct ipc_ctx *ctx)
{
	_cleanup_free_ char *shm = under_root(ctx->root, "/dev/shm");

	if (!shm)
		return -ENOMEM;
	if (is_state_dir(ctx, shm))
		ctx->shmdir = TAKE_PTR(shm);
	return 0;
}

/* Look for a directory with find() while *pending: until it has worked once. */
static int resolve(struct ipc_ctx *ctx, bool *pending, int (*find)(struct ipc_ctx *ctx))
{
	int r = *pending ? find(ctx) : 0;

	if (r == 0)
		*pending = false;
	return r;
}

static int resolve_mqdir(struct ipc_ctx *ctx)
{
	return resolve(ctx, &ctx->mqdir_pending, find_mqdir);
}

static int resolve_shmdir(struct ipc_ctx *ctx)
{
	return resolve(ctx, &ctx->shmdir_pending, find_shmdir);
}

int ipc_ctx_find_dirs(struct ipc_ctx *ctx)
{
	int r = resolve_mqdir(ctx);

	return r < 0 ? r : resolve_shmdir(ctx);
}

const char *ipc_ctx_mqdir(struct ipc_ctx *ctx)
{
	return resolve_mqdir(ctx) < 0 ? NULL : ctx->mqdir;
}

const char *ipc_ctx_shmdir(struct ipc_ctx *ctx)
{
	return resolve_shmdir(ctx) < 0 ? NULL : ctx->shmdir;
}

int ipc_ctx_init(struct ipc_ctx *ctx, const char *sysroot)
{
	struct ipc_ctx c = { 0 };
	int r;

	if (sysroot) {
		size_t len = strlen(sysroot);
		struct stat st;

		if (!len)
			return -ENOENT;
		if (stat(sysroot, &st) < 0)
			return -errno;
		if (!S_ISDIR(st.st_mode))
			return -ENOTDIR;
		/* "DIR/" and "DIR" are the same root; "/" is root "" */
		while (len > 0 && sysroot[len - 1] == '/')
			len--;
		c.root = strndup(sysroot, len);
		c.offline = true;
	} else {
		c.root = strdup("");
	}
	if (!c.root)
		return -ENOMEM;

	c.procdir = ipc_path_join(c.root, "proc");
	if (!c.procdir) {
		r = -ENOMEM;
		goto fail;
	}
	if (c.offline) {
		struct stat st;

		/* the real reason: an unreadable sysroot is no missing proc/ */
		r = stat(c.procdir, &st) < 0 ? -errno : S_ISDIR(st.st_mode) ? 0 : -ENOENT;
		if (r < 0)
			goto fail;
		/* lsipc --capture marks its trees (capture.h) */
		_cleanup_free_ char *mark = ipc_path_join(c.root, "ipcbox-capture");
		_cleanup_close_ int fd = mark ? ipc_open_regular_at(AT_FDCWD, mark) : -1;

		c.capture = fd >= 0;
	}
	c.pagesize = sysconf(_SC_PAGESIZE);
	c.now = (int64_t)time(NULL);
	c.users = calloc(1, sizeof(*c.users));
	c.groups = calloc(1, sizeof(*c.groups));
	if (!c.users || !c.groups) {
		r = -ENOMEM;
		goto fail;
	}
	/* the directories are found when first asked for (ipc_ctx_mqdir) */
	c.mqdir_pending = c.shmdir_pending = true;
	c.mq_mntfd = -1;
	*ctx = c;
	return 0;
fail:
	ipc_ctx_free(&c);
	return r;
}

void ipc_ctx_free(struct ipc_ctx *ctx)
{
	ipc_ctx_ns_free(ctx);
	free(ctx->root);
	free(ctx->procdir);
	capture_data_free(ctx->capdata);
	free(ctx->mqdir);
	/* mq_mntfd is only ever set together with mq_foreign */
	if (ctx->mq_foreign && ctx->mq_mntfd >= 0)
		close(ctx->mq_mntfd);
	free(ctx->mq_foreign);
	free(ctx->shmdir);
	nc_free(ctx->users);
	nc_free(ctx->groups);
	memset(ctx, 0, sizeof(*ctx));
}

int ipc_walk(struct ipc_ctx *ctx, enum ipc_kind kind, unsigned int want,
	     ipc_walk_fn fn, void *data)
{
	switch (kind) {
	case IPC_MSG:
	case IPC_SEM:
	case IPC_SHM:
		return sysv_walk(ctx, kind, want, fn, data);
	case IPC_PMSG:
	case IPC_PSHM:
	case IPC_PSEM:
		return posix_walk(ctx, kind, want, fn, data);
	default:
		return -EINVAL;
	}
}

/* ipc_walk_fn of ipc_list(): the array takes the object and its name. */
int ipc_walk_append(struct ipc_obj *obj, void *data)
{
	struct ipc_objs *objs = data;
	struct ipc_obj *slot = ipc_objs_push(objs);

	if (!slot)
		return -ENOMEM;
	*slot = *obj;
	obj->name = NULL;
	return 0;
}

int ipc_list(struct ipc_ctx *ctx, enum ipc_kind kind, unsigned int want,
	     struct ipc_objs *objs)
{
	size_t n0 = objs->n;
	int r = ipc_walk(ctx, kind, want, ipc_walk_append, objs);

	/* nothing half-listed */
	if (r < 0)
		while (objs->n > n0)
			ipc_obj_clear(&objs->v[--objs->n]);
	return r;
}

int ipc_count(struct ipc_ctx *ctx, enum ipc_kind kind, struct ipc_count *ret)
{
	uint64_t n;
	int r;

	switch (kind) {
	case IPC_MSG:
	case IPC_SEM:
	case IPC_SHM:
		return sysv_count(ctx, kind, ret);
	case IPC_PMSG:
	case IPC_PSHM:
	case IPC_PSEM:
		r = posix_count(ctx, kind, &n);
		if (r == 0)
			*ret = (struct ipc_count){ .objects = n };
		return r;
	default:
		return -EINVAL;
	}
}
