/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc --capture: the live state written as a tree that --sysroot reads back. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "array.h"
#include "capture.h"
#include "cleanup.h"
#include "format.h"
#include "internal.h"
#include "ipc.h"
#include "parse.h"
#include "procscan.h"

/* A /proc file copied whole is never bigger (maps of a big process included). */
#define COPY_MAX	(64u << 20)
/* NEW files and directories: created, never opened through a link */
#define NEW_FILE	(O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC)

struct cap {
	struct ipc_ctx *ctx;
	int dfd;		/* the capture's directory */
	FILE *extra;		/* the marker file's text: what /proc files do not hold */
	struct ipc_capture_report *rep;
	uint32_t *uids, *gids;	/* owners and creators, for etc/passwd and etc/group */
	bool have_shm_dev, have_mq_dev;	/* the live shm and mqueue filesystems */
	uint64_t shm_dev, mq_dev;
	bool have_ipcns;	/* our IPC namespace: the one the capture holds */
	uint64_t ipcns_dev, ipcns_ino;
	size_t nuids, capuids, ngids, capgids;
};

/* Free *s and format it anew; -ENOMEM (and *s NULL) when that fails. */
static int __attribute__((format(printf, 2, 3))) set_path(char **s, const char *fmt, ...)
{
	va_list ap;
	int r;

	free(*s);
	va_start(ap, fmt);
	r = str_vprintf(s, fmt, ap);
	va_end(ap);
	return r;
}

/* Remember the first failure (what it was about, with a path); returns r. */
static int failed(struct cap *c, int r, const char *fmt, ...)
{
	va_list ap;

	if (r == -ENOMEM || c->rep->err)
		return r;
	c->rep->err = r;
	va_start(ap, fmt);
	(void)str_vprintf(&c->rep->what, fmt, ap);
	va_end(ap);
	return r;
}

/* mkdir -p of rel (relative) under the capture; every part is new or ours. */
static int mkdirs(struct cap *c, const char *rel)
{
	_cleanup_free_ char *p = strdup(rel);

	if (!p)
		return -ENOMEM;
	for (char *s = p; ; s++) {
		if (*s == '/' || *s == '\0') {
			char save = *s;
			struct stat st;

			*s = '\0';
			if (mkdirat(c->dfd, p, 0755) < 0 && errno != EEXIST)
				return failed(c, -errno, "%s", p);
			/* what exists already must be a directory we made, not a link */
			if (fstatat(c->dfd, p, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
				return failed(c, -ENOTDIR, "%s", p);
			*s = save;
			if (!save)
				break;
		}
	}
	return 0;
}

/* Write a new file rel of the capture holding buf[0..len). */
static int write_new(struct cap *c, const char *rel, const char *buf, size_t len)
{
	_cleanup_close_ int fd = openat(c->dfd, rel, NEW_FILE, 0644);
	int r;

	if (fd < 0)
		return failed(c, -errno, "%s", rel);
	r = ipc_write_full(fd, buf, len);
	if (r == 0 && close(TAKE_FD(fd)) < 0)
		r = -errno;
	return r < 0 ? failed(c, r, "%s", rel) : 0;
}

/*
 * Copy the live file src (a regular file, read without following a link
 * at its end) to rel. A file that cannot be read is left out: -ENOENT,
 * -EACCES and the like are returned for the caller to judge, not noted.
 */
static int copy_file(struct cap *c, const char *src, const char *rel)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int r = ipc_read_file(src, COPY_MAX, &buf, &len);

	if (r < 0)
		return r;
	return write_new(c, rel, buf, len);
}

static int add_id(uint32_t **v, size_t *n, size_t *cap, uint32_t id)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i] == id)
			return 0;
	if (!ARRAY_GROW(*v, *n, *cap, 16))
		return -ENOMEM;
	(*v)[(*n)++] = id;
	return 0;
}

static int note_owners(struct cap *c, const struct ipc_obj *o)
{
	if (!(o->have & IPC_HAVE_OWNER))
		return 0;
	if (add_id(&c->uids, &c->nuids, &c->capuids, o->uid) < 0 ||
	    add_id(&c->gids, &c->ngids, &c->capgids, o->gid) < 0)
		return -ENOMEM;
	if ((o->have & IPC_HAVE_CREATOR) &&
	    (add_id(&c->uids, &c->nuids, &c->capuids, o->cuid) < 0 ||
	     add_id(&c->gids, &c->ngids, &c->capgids, o->cgid) < 0))
		return -ENOMEM;
	return 0;
}

/* ---- System V and the limits: the /proc files as they are ---- */

static int capture_proc_files(struct cap *c)
{
	static const char *const files[] = {
		"sysvipc/msg", "sysvipc/sem", "sysvipc/shm",
		"sys/kernel/msgmni", "sys/kernel/msgmax", "sys/kernel/msgmnb",
		"sys/kernel/sem", "sys/kernel/shmall", "sys/kernel/shmmax",
		"sys/kernel/shmmni",
		"sys/fs/mqueue/queues_max", "sys/fs/mqueue/msgsize_max",
		"sys/fs/mqueue/msg_max", "sys/fs/mqueue/msg_default",
		"sys/fs/mqueue/msgsize_default",
		"self/mountinfo",
	};
	int r;

	if ((r = mkdirs(c, "proc/sysvipc")) < 0 || (r = mkdirs(c, "proc/sys/kernel")) < 0 ||
	    (r = mkdirs(c, "proc/sys/fs/mqueue")) < 0 || (r = mkdirs(c, "proc/self")) < 0)
		return r;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		_cleanup_free_ char *src = ipc_path_join(c->ctx->procdir, files[i]);
		_cleanup_free_ char *rel = ipc_path_join("proc", files[i]);

		if (!src || !rel)
			return -ENOMEM;
		r = copy_file(c, src, rel);
		if (r == -ENOMEM)
			return r;
		/* a file this kernel lacks is lacking in the capture too */
	}
	return 0;
}

/* What the kernel gives a System V object beyond its /proc line: qbytes, the elements of a set. */
static int sysv_owner(struct ipc_obj *o, void *data)
{
	struct cap *c = data;

	c->rep->objects++;
	if (o->kind == IPC_MSG && (o->have & IPC_HAVE_QBYTES))
		fprintf(c->extra, "qbytes %d %" PRIu64 "\n", o->id, o->msg.qbytes);
	if (o->kind == IPC_SEM && o->sem.nsems > 0) {
		_cleanup_free_ struct ipc_semval *v = NULL;
		int r = sysv_sem_values(c->ctx, o->id, o->sem.nsems, &v);

		if (r == -ENOMEM)
			return r;
		for (size_t i = 0; r == 0 && i < o->sem.nsems; i++)
			if (v[i].ok)
				fprintf(c->extra, "sem %d %zu %d %d %d %d\n", o->id, i, v[i].value,
					v[i].ncount, v[i].zcount, (int)v[i].pid);
	}
	return note_owners(c, o);
}

/* The name without its slash as hex: names may hold any byte but '/' and NUL. */
static void put_hex(FILE *f, const char *s)
{
	char hex[2];

	for (; *s; s++)
		fwrite(hex, 1, (size_t)(str_put_hex(hex, (unsigned char)*s) - hex), f);
}

/* ---- POSIX objects: files with the metadata, no data ---- */

/* The text the kernel gives a queue's file, from what was read of it. */
static int queue_text(const struct ipc_obj *o, char *buf, size_t size)
{
	if (!(o->have & IPC_HAVE_QSIZE))
		return 0;
	return snprintf(buf, size, "QSIZE:%-10" PRIu64 " NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
			o->mq.qsize, o->mq.notify, o->mq.signo, (int)o->mq.notify_pid);
}

struct posix_walk {
	struct cap *c;
	const char *dir;	/* relative to the capture */
	int dirfd;
};

static int posix_one(struct ipc_obj *o, void *data)
{
	struct posix_walk *pw = data;
	struct cap *c = pw->c;
	_cleanup_free_ char *entry = NULL;
	_cleanup_close_ int fd = -1;
	char text[128];
	int r = 0, n;

	c->rep->objects++;
	r = note_owners(c, o);
	if (r < 0)
		return r;
	fprintf(c->extra, "posix %s ", ipc_kind_name(o->kind));
	put_hex(c->extra, o->name + 1);
	/* and its device and inode, which the processes' maps name */
	fprintf(c->extra, " %" PRId64 " %" PRIu64 " %" PRIu64, o->ctime, o->dev, o->ino);
	if (o->kind == IPC_PMSG && (o->have & IPC_HAVE_MQATTR))
		fprintf(c->extra, " %" PRIu64 " %" PRIu64 " %" PRIu64, o->mq.curmsgs,
			o->mq.maxmsg, o->mq.msgsize);
	fputc('\n', c->extra);
	r = posix_entry_of(o->kind, o->name + 1, &entry);
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	fd = openat(pw->dirfd, entry, NEW_FILE, 0600);
	if (fd < 0)
		return failed(c, -errno, "%s/%s", pw->dir, entry) == -ENOMEM ? -ENOMEM : 0;
	switch (o->kind) {
	case IPC_PSHM:
		if (ftruncate(fd, (off_t)o->pshm.size) < 0)
			r = -errno;
		break;
	case IPC_PSEM: {
		unsigned char sem[32];

		if (o->have & IPC_HAVE_SEMVAL) {
			posix_encode_sem(o, sem, sizeof(sem));
			r = ipc_write_full(fd, sem, sizeof(sem));
		} else if (ftruncate(fd, (off_t)sizeof(sem)) < 0) {
			r = -errno;
		}
		break;
	}
	case IPC_PMSG:
		n = queue_text(o, text, sizeof(text));
		if (n > 0 && (size_t)n < sizeof(text))
			r = ipc_write_full(fd, text, (size_t)n);
		break;
	default:
		break;
	}
	if (r == 0 && fchown(fd, o->uid, o->gid) < 0)
		r = -errno;
	if (r == 0 && fchmod(fd, o->mode & 07777) < 0)
		r = -errno;
	if (r == 0 && (o->have & IPC_HAVE_TIMES)) {
		/* the ctime, which no call sets, is in the marker file */
		struct timespec ts[2] = { { .tv_nsec = UTIME_OMIT },
					  { .tv_sec = (time_t)o->mtime } };

		if (futimens(fd, ts) < 0)
			r = -errno;
	}
	if (r < 0)
		return failed(c, r, "%s/%s", pw->dir, entry) == -ENOMEM ? -ENOMEM : 0;
	return 0;
}

static int ignore(struct ipc_obj *o, void *data)
{
	return 0;
}

static int capture_posix(struct cap *c, enum ipc_kind kind, const char *dir)
{
	struct posix_walk pw = { c, dir, -1 };
	int r = mkdirs(c, dir);

	if (r < 0)
		return r;
	/* reading a queue's status line stamps its ctime: read them all once
	 * first, so that the ctime kept is what every later look shows */
	if (kind == IPC_PMSG) {
		r = ipc_walk(c->ctx, kind, IPC_WANT_QSIZE, ignore, NULL);
		if (r == -ENOMEM)
			return r;
	}
	pw.dirfd = openat(c->dfd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (pw.dirfd < 0)
		return failed(c, -errno, "%s", dir);
	{
		struct ipc_objs objs = { 0 };

		r = ipc_list(c->ctx, kind, IPC_WANT_QSIZE | IPC_WANT_SEMVAL | IPC_WANT_MQATTR,
			     &objs);
		/* newest first, as tmpfs lists them: a capture on a tmpfs then
		 * lists them in the same order */
		for (size_t i = objs.n; r == 0 && i > 0; i--)
			r = posix_one(&objs.v[i - 1], &pw);
		ipc_objs_free(&objs);
	}
	close(pw.dirfd);
	/* no mount: nothing to capture */
	return r == -ENOENT ? 0 : r;
}

/* ---- names ---- */

static int capture_names(struct cap *c, bool users)
{
	uint32_t *v = users ? c->uids : c->gids;
	size_t n = users ? c->nuids : c->ngids;
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const char *name = users ? ipc_user_name(c->ctx, v[i]) : ipc_group_name(c->ctx, v[i]);

		/* a name a passwd file cannot hold is left out: the id shows */
		if (!name || strpbrk(name, ":\n"))
			continue;
		if (users)
			fprintf(f, "%s:x:%u:%u::/:/nonexistent\n", name, v[i], v[i]);
		else
			fprintf(f, "%s:x:%u:\n", name, v[i]);
	}
	if (fclose(f) != 0)
		return -ENOMEM;
	return write_new(c, users ? "etc/passwd" : "etc/group", text, len);
}

/* ---- processes ---- */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Whether process pid is in our IPC namespace (true when that cannot be told). */
static bool same_ipcns(struct cap *c, const char *pid)
{
	_cleanup_free_ char *path = NULL;
	struct stat st;

	if (!c->have_ipcns || asprintf(&path, "%s/%s/ns/ipc", c->ctx->procdir, pid) < 0) {
		path = NULL;
		return true;
	}
	return stat(path, &st) < 0 || (st.st_dev == c->ipcns_dev && st.st_ino == c->ipcns_ino);
}

/*
 * maps of a process of another IPC namespace: without its System V
 * segments, which are not the ones of the captured ids (a capture is one
 * namespace, and --sysroot reads it as one).
 */
static int copy_maps_foreign(struct cap *c, const char *src, const char *rel)
{
	_cleanup_free_ char *buf = NULL;
	size_t len, out = 0;
	int r = ipc_read_file(src, COPY_MAX, &buf, &len);

	if (r < 0)
		return r;
	for (size_t i = 0; i < len; ) {
		char *eol = memchr(buf + i, '\n', len - i);
		size_t n = eol ? (size_t)(eol - (buf + i)) + 1 : len - i;

		if (!memmem(buf + i, n, " /SYSV", 6)) {
			memmove(buf + out, buf + i, n);
			out += n;
		}
		i += n;
	}
	return write_new(c, rel, buf, out);
}

/* An error of reading a process's files that is not "it is gone". */
static bool real_error(int r)
{
	return r < 0 && r != -ENOENT && r != -ESRCH;
}


/*
 * The descriptors of src (a live fd/ directory) that are files of the shm
 * or mqueue filesystem, as the scan matches them (its stat and readlink of
 * each link), written to rel/IPC_CAPTURE_FDS: "fds N" (how many it had in
 * all), then "FD DEV INO PATH" a descriptor, PATH the link's text in hex
 * ("-": none). *ret_n: N. -errno of opening src (not noted), or of writing.
 */
static int record_fds(struct cap *c, const char *src, const char *rel, size_t *ret_n)
{
	_cleanup_free_ char *text = NULL, *out = NULL;
	_cleanup_closedir_ DIR *d = opendir(src);
	struct dirent *de;
	size_t len = 0, n = 0;
	FILE *f;

	*ret_n = 0;
	if (!d)
		return -errno;
	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	while ((de = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;
		ssize_t plen;

		if (!all_digits(de->d_name))
			continue;
		n++;
		/* follows the magic link to the open file, as the scan does */
		if (fstatat(dirfd(d), de->d_name, &st, 0) < 0 || !S_ISREG(st.st_mode) ||
		    !((c->have_shm_dev && st.st_dev == c->shm_dev) ||
		      (c->have_mq_dev && st.st_dev == c->mq_dev)))
			continue;
		fprintf(f, "%s %" PRIu64 " %" PRIu64 " ", de->d_name, (uint64_t)st.st_dev,
			(uint64_t)st.st_ino);
		plen = readlinkat(dirfd(d), de->d_name, path, sizeof(path));
		if (plen > 0 && (size_t)plen < sizeof(path) && !memchr(path, '\0', (size_t)plen)) {
			path[plen] = '\0';
			put_hex(f, path);
		} else {
			fputc('-', f);
		}
		fputc('\n', f);
	}
	if (fclose(f) != 0)
		return -ENOMEM;
	if (asprintf(&out, "fds %zu\n%s", n, text ? text : "") < 0) {
		out = NULL;
		return -ENOMEM;
	}
	*ret_n = n;
	{
		_cleanup_free_ char *file = ipc_path_join(rel, IPC_CAPTURE_FDS);

		int r;

		if (!file)
			return -ENOMEM;
		/* a failure to write is the report's, not the process's */
		r = write_new(c, file, out, strlen(out));
		return r == -ENOMEM ? r : 0;
	}
}

/*
 * What the scan reads of one process and could not, as errno values in
 * capture_unreadable()'s order: its threads' syscall, maps, fd/.
 */
enum { UNREAD_SYSCALL, UNREAD_MAPS, UNREAD_FDS, UNREAD_N };

/* Called for each thread with its /proc directory and its directory in the capture (made). */
typedef int (*thread_fn)(struct cap *c, const char *src, const char *rel, void *data);

/* fn for each thread of process pid but skip (NULL: none), until it returns < 0. */
static int each_thread(struct cap *c, const char *pid, const char *skip, thread_fn fn,
		       void *data)
{
	_cleanup_free_ char *tasks = NULL, *src = NULL, *rel = NULL;
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;
	int r;

	if (set_path(&tasks, "%s/%s/task", c->ctx->procdir, pid) < 0)
		return -ENOMEM;
	d = opendir(tasks);
	while (d && (de = readdir(d))) {
		if (!all_digits(de->d_name) || (skip && !strcmp(de->d_name, skip)))
			continue;
		if (set_path(&src, "%s/%s", tasks, de->d_name) < 0 ||
		    set_path(&rel, "proc/%s/task/%s", pid, de->d_name) < 0)
			return -ENOMEM;
		if ((r = mkdirs(c, rel)) < 0)
			return r;
		if ((r = fn(c, src, rel, data)) < 0)
			return r;
	}
	return 0;
}

/*
 * thread_fn: a thread's descriptors and maps. A process whose leader has
 * exited shows no maps nor descriptors in its own directory: the scan
 * reads a thread's then, so those are captured too (data: whether the
 * process is in our IPC namespace).
 */
static int thread_holdings(struct cap *c, const char *src, const char *rel, void *data)
{
	_cleanup_free_ char *from = NULL, *to = NULL;
	const bool *ours = data;
	size_t n;
	int r;

	if (set_path(&from, "%s/fd", src) < 0)
		return -ENOMEM;
	r = record_fds(c, from, rel, &n);
	if (r == -ENOMEM)
		return r;
	if (set_path(&from, "%s/maps", src) < 0 || set_path(&to, "%s/maps", rel) < 0)
		return -ENOMEM;
	r = *ours ? copy_file(c, from, to) : copy_maps_foreign(c, from, to);
	return r == -ENOMEM ? r : 0;
}

/* thread_fn: what the thread waits on (its syscall file); data: the process's unread errno values. */
static int thread_syscall(struct cap *c, const char *src, const char *rel, void *data)
{
	_cleanup_free_ char *from = NULL, *to = NULL;
	int *err = data;
	int r;

	if (set_path(&from, "%s/syscall", src) < 0 || set_path(&to, "%s/syscall", rel) < 0)
		return -ENOMEM;
	r = copy_file(c, from, to);
	if (r == -ENOMEM)
		return r;
	if (real_error(r) && !err[UNREAD_SYSCALL])
		err[UNREAD_SYSCALL] = -r;
	return 0;
}

/* cmdline and maps of process pid: how many of them were copied, or -ENOMEM. */
static int capture_proc_maps(struct cap *c, const char *pid, bool ours, int err[UNREAD_N])
{
	static const char *const files[] = { "cmdline", "maps" };
	_cleanup_free_ char *src = NULL, *rel = NULL;
	int r, got = 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (set_path(&src, "%s/%s/%s", c->ctx->procdir, pid, files[i]) < 0 ||
		    set_path(&rel, "proc/%s/%s", pid, files[i]) < 0)
			return -ENOMEM;
		r = ours || i == 0 ? copy_file(c, src, rel) : copy_maps_foreign(c, src, rel);
		if (r == -ENOMEM)
			return r;
		got += r == 0;
		/* the scan reads maps, not cmdline */
		if (i == 1 && real_error(r))
			err[UNREAD_MAPS] = -r;
	}
	return got;
}

/* The descriptors of process pid, which the scan stats (its threads' when it shows none). */
static int capture_proc_fds(struct cap *c, const char *pid, bool ours, int err[UNREAD_N])
{
	_cleanup_free_ char *src = NULL, *rel = NULL;
	size_t nfds;
	int r;

	if (set_path(&src, "%s/%s/fd", c->ctx->procdir, pid) < 0 ||
	    set_path(&rel, "proc/%s", pid) < 0)
		return -ENOMEM;
	r = record_fds(c, src, rel, &nfds);
	if (r == -ENOMEM)
		return r;
	if (real_error(r))
		err[UNREAD_FDS] = -r;
	if (r == 0 && nfds == 0 && (r = each_thread(c, pid, pid, thread_holdings, &ours)) < 0)
		return r;
	return 0;
}

/* cmdline, maps, fd/ and task/TID/syscall of one process; counted as skipped when none could be read. */
static int capture_process(struct cap *c, const char *pid)
{
	_cleanup_free_ char *rel = NULL;
	bool ours = same_ipcns(c, pid);
	int r, got, err[UNREAD_N] = { 0 };

	if (set_path(&rel, "proc/%s/task", pid) < 0)
		return -ENOMEM;
	r = mkdirs(c, rel);
	if (r < 0)
		return r;
	got = capture_proc_maps(c, pid, ours, err);
	if (got < 0)
		return got;
	r = capture_proc_fds(c, pid, ours, err);
	if (r < 0)
		return r;
	/* what its threads wait on would name ids of another namespace */
	if (ours && (r = each_thread(c, pid, NULL, thread_syscall, err)) < 0)
		return r;
	/* what --sysroot cannot read it must say, as the scan said it live */
	if (err[UNREAD_SYSCALL] || err[UNREAD_MAPS] || err[UNREAD_FDS]) {
		_cleanup_free_ char *mounts = NULL;
		bool reach = true;	/* what cannot be told may reach ours */

		if (str_printf(&mounts, "%s/%s/mountinfo", c->ctx->procdir, pid) == 0)
			reach = procscan_may_reach(AT_FDCWD, mounts, c->have_shm_dev, c->shm_dev,
						   c->have_mq_dev, c->mq_dev);

		fprintf(c->extra, "unreadable %s %d %d %d %d\n", pid, err[UNREAD_SYSCALL],
			err[UNREAD_MAPS], err[UNREAD_FDS], reach);
	}
	if (got)
		c->rep->processes++;
	else
		c->rep->skipped++;
	return 0;
}

static int capture_processes(struct cap *c)
{
	_cleanup_closedir_ DIR *d = opendir(c->ctx->procdir);
	struct dirent *de;
	int r;

	if (!d)
		return failed(c, -errno, "%s", c->ctx->procdir);
	while ((de = readdir(d))) {
		if (!all_digits(de->d_name))
			continue;
		r = capture_process(c, de->d_name);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The marker's lines of what only calls tell: the usage counters, the shm filesystem. */
static void note_live_state(struct cap *c)
{
	struct ipc_ctx *ctx = c->ctx;
	struct ipc_limits lim;
	struct ipc_usage u;
	const struct ipc_msg_usage *mu = &u.msg;
	const struct ipc_shm_usage *hu = &u.shm;
	const struct ipc_sem_usage *su = &u.sem;

	fprintf(c->extra, "ipcbox capture 1\ntime %" PRId64 "\n", ctx->now);
	if (sysv_usage(ctx, IPC_MSG, &u) == 0)
		fprintf(c->extra, "usage msg %d %d %" PRIu64 "\n", mu->queues, mu->headers,
			mu->bytes);
	if (sysv_usage(ctx, IPC_SHM, &u) == 0)
		fprintf(c->extra, "usage shm %d %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
			" %" PRIu64 "\n", hu->segments, hu->pages, hu->resident, hu->swapped,
			hu->swap_attempts, hu->swap_successes);
	if (sysv_usage(ctx, IPC_SEM, &u) == 0)
		fprintf(c->extra, "usage sem %d %d\n", su->arrays, su->semaphores);
	/* live, processes may exist that this /proc does not show */
	if (!procscan_sees_all(ctx))
		fputs("hidden\n", c->extra);
	if (ipc_read_limits(ctx, &lim) == 0 && (lim.have & IPC_LIM_PSHM))
		fprintf(c->extra, "pshmfs %" PRIu64 " %" PRIu64 "\n", lim.pshm_size,
			lim.pshm_used);
}

/*
 * Our IPC namespace, and the devices of the live shm and mqueue
 * filesystems, which the processes' maps name for POSIX objects.
 */
static void note_devices(struct cap *c)
{
	_cleanup_free_ char *self = ipc_path_join(c->ctx->procdir, "self/ns/ipc");
	struct stat st;

	if (self && stat(self, &st) == 0) {
		c->have_ipcns = true;
		c->ipcns_dev = st.st_dev;
		c->ipcns_ino = st.st_ino;
	}
	if (ipc_ctx_shmdir(c->ctx) && stat(c->ctx->shmdir, &st) == 0) {
		c->have_shm_dev = true;
		c->shm_dev = st.st_dev;
	}
	if (ipc_ctx_mqdir(c->ctx) && stat(c->ctx->mqdir, &st) == 0) {
		c->have_mq_dev = true;
		c->mq_dev = st.st_dev;
	}
	if (c->have_shm_dev)
		fprintf(c->extra, "fsdev shm %" PRIu64 "\n", c->shm_dev);
	if (c->have_mq_dev)
		fprintf(c->extra, "fsdev mq %" PRIu64 "\n", c->mq_dev);
}

/* Every file of the capture but the marker, into c->dfd; < 0 only for what stops it. */
static int capture_tree(struct cap *c)
{
	struct ipc_ctx *ctx = c->ctx;
	const char *mq;
	int r;

	r = capture_proc_files(c);
	for (int k = IPC_MSG; r >= 0 && k <= IPC_SHM; k++) {
		r = ipc_walk(ctx, k, 0, sysv_owner, c);
		if (r < 0 && r != -ENOMEM) {
			failed(c, r, "the %s", ipc_kind_plural(k));
			r = 0;
		}
	}
	/* where --sysroot looks: DIR/dev/shm, DIR/dev/mqueue (mountinfo names
	 * the mqueue mount elsewhere only when it is not at /dev/mqueue) */
	mq = ipc_ctx_mqdir(ctx);
	if (r >= 0)
		r = capture_posix(c, IPC_PSHM, "dev/shm");
	if (r >= 0)
		r = capture_posix(c, IPC_PSEM, "dev/shm");
	if (r >= 0 && mq)
		r = capture_posix(c, IPC_PMSG, ctx->mq_foreign || mq[0] != '/' ?
				  "dev/mqueue" : mq + 1);
	if (r >= 0)
		r = mkdirs(c, "etc");
	if (r >= 0)
		r = capture_names(c, true);
	if (r >= 0)
		r = capture_names(c, false);
	if (r >= 0)
		r = capture_processes(c);
	return r;
}

int ipc_capture(struct ipc_ctx *ctx, const char *dir, struct ipc_capture_report *ret)
{
	struct ipc_capture_report rep = { 0 };
	struct cap c = { .ctx = ctx, .rep = &rep, .dfd = -1 };
	_cleanup_free_ char *mark = NULL;
	size_t marklen = 0;
	int r;

	if (ctx->offline)
		return -EINVAL;
	c.extra = open_memstream(&mark, &marklen);
	if (!c.extra)
		return -ENOMEM;
	note_live_state(&c);
	/* a new directory, ours: refuse whatever is there, a link included */
	if (mkdir(dir, 0700) < 0) {
		r = -errno;
		fclose(c.extra);
		return r;
	}
	note_devices(&c);
	c.dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (c.dfd < 0) {
		r = -errno;
		fclose(c.extra);
		return r;
	}
	r = capture_tree(&c);
	if (fclose(c.extra) != 0 && r >= 0)
		r = -ENOMEM;
	/* last: a tree without it is no complete capture */
	if (r >= 0)
		r = write_new(&c, IPC_CAPTURE_MARK, mark, marklen);
	close(c.dfd);
	free(c.uids);
	free(c.gids);
	if (r == -ENOMEM) {
		ipc_capture_report_free(&rep);
		return r;
	}
	*ret = rep;
	return 0;
}

void ipc_capture_report_free(struct ipc_capture_report *r)
{
	free(r->what);
	r->what = NULL;
}

/* ---- reading a capture's marker file back ---- */

struct cap_posix {
	enum ipc_kind kind;
	char *name;		/* without the slash */
	int64_t ctime;
	uint64_t dev, ino;	/* of the live file: what the processes' maps name */
	bool have_attr;
	uint64_t curmsgs, maxmsg, msgsize;
};

struct cap_sem {
	int id;
	size_t num;
	struct ipc_semval v;
};

struct cap_qbytes {
	int id;
	uint64_t qbytes;
};

struct cap_unreadable {
	pid_t pid;
	int err[3];	/* of its threads' syscall files, its maps, its fd/ (errno, 0) */
	bool reach;
};

struct ipc_capture_data {
	bool hidden;
	bool have_shm_dev, have_mq_dev;	/* the live filesystems' devices */
	uint64_t shm_dev, mq_dev;
	bool have_msgu, have_shmu, have_semu, have_pshmfs;
	struct ipc_msg_usage msgu;
	struct ipc_shm_usage shmu;
	struct ipc_sem_usage semu;
	uint64_t pshm_size, pshm_used;
	struct cap_posix *px;
	size_t npx, cappx;
	struct cap_sem *sv;
	size_t nsv, capsv;
	struct cap_qbytes *qb;
	size_t nqb, capqb;
	struct cap_unreadable *ur;
	size_t nur, capur;
};

/* The marker file of a capture holds this much for 100,000 objects. */
#define MARK_MAX	(256u << 20)

void capture_data_free(struct ipc_capture_data *d)
{
	if (!d)
		return;
	ARRAY_FREE_MEMBERS(d->px, d->npx, name);
	free(d->sv);
	free(d->qb);
	free(d->ur);
	free(d);
}

static int cmp_px(const void *a, const void *b)
{
	const struct cap_posix *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int cmp_sv(const void *a, const void *b)
{
	const struct cap_sem *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->num > y->num) - (x->num < y->num);
}

static int cmp_qb(const void *a, const void *b)
{
	const struct cap_qbytes *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_ur(const void *a, const void *b)
{
	const struct cap_unreadable *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static int kind_by_name(const char *s)
{
	for (int k = 0; k < IPC_NKINDS; k++)
		if (!strcmp(ipc_kind_name(k), s))
			return k;
	return -1;
}

/*
 * Decode hex into a malloc'd string of 1..max bytes, none NUL (nor '/'
 * unless slash); NULL when it is not.
 */
static char *unhex(const char *s, size_t max, bool slash)
{
	size_t len = strlen(s);
	char *out;

	if (len == 0 || len % 2 || len / 2 > max)
		return NULL;
	out = malloc(len / 2 + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < len / 2; i++) {
		const char *p = s + 2 * i;
		uint64_t b;

		if (parse_digits(&p, s + 2 * i + 2, 16, 255, &b) < 0 || p != s + 2 * i + 2 ||
		    !b || (b == '/' && !slash)) {
			free(out);
			return NULL;
		}
		out[i] = (char)b;
	}
	out[len / 2] = '\0';
	return out;
}

/* Words from..from+cnt of w as integers in [min, max] into v[0..cnt); false when one is not. */
static bool nums(char *const *w, size_t from, size_t cnt, int64_t min, int64_t max, int64_t *v)
{
	for (size_t i = 0; i < cnt; i++)
		if (parse_int64(w[from + i], min, max, &v[i]) < 0)
			return false;
	return true;
}

#define NUMS(from, cnt, min, max) nums(w, (from), (cnt), (min), (max), v)

/* A line of the live state (fsdev, hidden, usage, pshmfs) into d; false when w is none. */
static bool load_state(struct ipc_capture_data *d, char *const *w, size_t n)
{
	int64_t v[6];

	if (n == 3 && !strcmp(w[0], "fsdev") && NUMS(2, 1, 0, INT64_MAX) &&
	    (!strcmp(w[1], "shm") || !strcmp(w[1], "mq"))) {
		bool shm = !strcmp(w[1], "shm");

		*(shm ? &d->shm_dev : &d->mq_dev) = (uint64_t)v[0];
		*(shm ? &d->have_shm_dev : &d->have_mq_dev) = true;
	} else if (n == 1 && !strcmp(w[0], "hidden")) {
		d->hidden = true;
	} else if (n == 5 && !strcmp(w[0], "usage") && !strcmp(w[1], "msg") &&
		   NUMS(2, 3, 0, INT32_MAX)) {
		d->msgu = (struct ipc_msg_usage){ (int)v[0], (int)v[1], (uint64_t)v[2] };
		d->have_msgu = true;
	} else if (n == 8 && !strcmp(w[0], "usage") && !strcmp(w[1], "shm") &&
		   NUMS(2, 6, 0, INT64_MAX) && v[0] <= INT32_MAX) {
		d->shmu = (struct ipc_shm_usage){ (int)v[0], (uint64_t)v[1], (uint64_t)v[2],
						  (uint64_t)v[3], (uint64_t)v[4], (uint64_t)v[5] };
		d->have_shmu = true;
	} else if (n == 4 && !strcmp(w[0], "usage") && !strcmp(w[1], "sem") &&
		   NUMS(2, 2, 0, INT32_MAX)) {
		d->semu = (struct ipc_sem_usage){ (int)v[0], (int)v[1] };
		d->have_semu = true;
	} else if (n == 3 && !strcmp(w[0], "pshmfs") && NUMS(1, 2, 0, INT64_MAX)) {
		d->pshm_size = (uint64_t)v[0];
		d->pshm_used = (uint64_t)v[1];
		d->have_pshmfs = true;
	} else {
		return false;
	}
	return true;
}

/* A line of one record (unreadable, qbytes, sem) appended to d; 0 also when w is none. */
static int load_record(struct ipc_capture_data *d, char *const *w, size_t n)
{
	int64_t v[6];

	if (n == 6 && !strcmp(w[0], "unreadable") && NUMS(1, 5, 0, INT32_MAX) &&
	    v[0] > 0 && v[1] < 4096 && v[2] < 4096 && v[3] < 4096 && v[4] <= 1) {
		if (!ARRAY_GROW(d->ur, d->nur, d->capur, 16))
			return -ENOMEM;
		d->ur[d->nur++] = (struct cap_unreadable){ (pid_t)v[0],
			{ (int)v[1], (int)v[2], (int)v[3] }, v[4] == 1 };
	} else if (n == 3 && !strcmp(w[0], "qbytes") && NUMS(1, 2, 0, INT64_MAX) &&
		   v[0] <= INT32_MAX) {
		if (!ARRAY_GROW(d->qb, d->nqb, d->capqb, 64))
			return -ENOMEM;
		d->qb[d->nqb++] = (struct cap_qbytes){ (int)v[0], (uint64_t)v[1] };
	} else if (n == 7 && !strcmp(w[0], "sem") && NUMS(1, 6, 0, INT32_MAX)) {
		if (!ARRAY_GROW(d->sv, d->nsv, d->capsv, 64))
			return -ENOMEM;
		d->sv[d->nsv++] = (struct cap_sem){ (int)v[0], (size_t)v[1],
			{ (int)v[2], (int)v[3], (int)v[4], (pid_t)v[5], true } };
	}
	return 0;
}

/* "posix KIND HEXNAME CTIME DEV INO [CURMSGS MAXMSG MSGSIZE]" appended to d; 0 also when malformed. */
static int load_posix(struct ipc_capture_data *d, char *const *w, size_t n)
{
	struct cap_posix p = { 0 };
	int64_t v[5], ct;
	int k;

	if ((n != 6 && n != 9) || !NUMS(4, n - 4, 0, INT64_MAX))
		return 0;
	k = kind_by_name(w[1]);
	if (k < 0 || !ipc_kind_is_posix((enum ipc_kind)k) || (n == 9 && k != IPC_PMSG) ||
	    !nums(w, 3, 1, INT64_MIN, INT64_MAX, &ct))
		return 0;
	p.kind = (enum ipc_kind)k;
	p.ctime = ct;
	p.dev = (uint64_t)v[0];
	p.ino = (uint64_t)v[1];
	if (n == 9) {
		p.have_attr = true;
		p.curmsgs = (uint64_t)v[2];
		p.maxmsg = (uint64_t)v[3];
		p.msgsize = (uint64_t)v[4];
	}
	p.name = unhex(w[2], 255, false);
	if (!p.name)
		return 0;
	if (!ARRAY_GROW(d->px, d->npx, d->cappx, 64)) {
		free(p.name);
		return -ENOMEM;
	}
	d->px[d->npx++] = p;
	return 0;
}

#undef NUMS

/* One line of the marker; malformed lines are skipped (a capture is untrusted input). */
static int load_line(struct ipc_capture_data *d, char *line)
{
	char *w[9], *save = NULL, *t;
	size_t n = 0;

	for (t = strtok_r(line, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (n == 9)
			return 0;
		w[n++] = t;
	}
	if (n == 0 || load_state(d, w, n))
		return 0;
	if (!strcmp(w[0], "posix"))
		return load_posix(d, w, n);
	return load_record(d, w, n);
}

/* The marker file of ctx's capture, read once (a failure too); NULL when not a capture (or unreadable). */
static struct ipc_capture_data *capture_data(struct ipc_ctx *ctx)
{
	_cleanup_free_ char *path = NULL, *text = NULL;
	struct ipc_capture_data *d;

	if (!ctx->capture || ctx->capdata_bad)
		return NULL;
	if (ctx->capdata)
		return ctx->capdata;
	ctx->capdata_bad = true;	/* until it is read */
	path = ipc_path_join(ctx->root, IPC_CAPTURE_MARK);
	d = calloc(1, sizeof(*d));
	if (!path || !d || ipc_read_file(path, MARK_MAX, &text, NULL) < 0) {
		free(d);
		return NULL;
	}
	for (char *rest = text, *line; (line = ipc_next_line(&rest));) {
		if (load_line(d, line) < 0) {
			capture_data_free(d);
			return NULL;
		}
	}
	ctx->capdata_bad = false;
	/* (qsort and bsearch want an array, an empty one too) */
	if (d->npx)
		qsort(d->px, d->npx, sizeof(*d->px), cmp_px);
	if (d->nsv)
		qsort(d->sv, d->nsv, sizeof(*d->sv), cmp_sv);
	if (d->nqb)
		qsort(d->qb, d->nqb, sizeof(*d->qb), cmp_qb);
	if (d->nur)
		qsort(d->ur, d->nur, sizeof(*d->ur), cmp_ur);
	ctx->capdata = d;
	return d;
}

bool capture_posix_extra(struct ipc_ctx *ctx, struct ipc_obj *obj)
{
	struct ipc_capture_data *d = capture_data(ctx);
	struct cap_posix key, *p;

	if (!d || !obj->name)
		return false;
	key = (struct cap_posix){ .kind = obj->kind, .name = obj->name + 1 };
	p = d->npx ? bsearch(&key, d->px, d->npx, sizeof(*d->px), cmp_px) : NULL;
	if (!p)
		return false;
	obj->ctime = p->ctime;
	obj->dev = p->dev;
	obj->ino = p->ino;
	if (p->have_attr) {
		obj->mq.curmsgs = p->curmsgs;
		obj->mq.maxmsg = p->maxmsg;
		obj->mq.msgsize = p->msgsize;
		obj->have |= IPC_HAVE_MQATTR;
	}
	return true;
}

bool capture_qbytes(struct ipc_ctx *ctx, int id, uint64_t *ret)
{
	struct ipc_capture_data *d = capture_data(ctx);
	struct cap_qbytes key = { id, 0 }, *q;

	if (!d)
		return false;
	q = d->nqb ? bsearch(&key, d->qb, d->nqb, sizeof(*d->qb), cmp_qb) : NULL;
	if (!q)
		return false;
	*ret = q->qbytes;
	return true;
}

int capture_sem_values(struct ipc_ctx *ctx, int id, size_t nsems, struct ipc_semval **ret_vals)
{
	struct ipc_capture_data *d = capture_data(ctx);
	struct ipc_semval *v;
	bool any = false;

	if (!d)
		return -ENOSYS;
	v = calloc(nsems ? nsems : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < nsems; i++) {
		struct cap_sem key = { .id = id, .num = i };
		struct cap_sem *s = d->nsv ?
			bsearch(&key, d->sv, d->nsv, sizeof(*d->sv), cmp_sv) : NULL;

		if (s) {
			v[i] = s->v;
			any = true;
		}
	}
	if (!any && nsems) {
		free(v);
		return -ENOSYS;
	}
	*ret_vals = v;
	return 0;
}

bool capture_msg_usage(struct ipc_ctx *ctx, struct ipc_msg_usage *ret)
{
	struct ipc_capture_data *d = capture_data(ctx);

	if (!d || !d->have_msgu)
		return false;
	*ret = d->msgu;
	return true;
}

bool capture_shm_usage(struct ipc_ctx *ctx, struct ipc_shm_usage *ret)
{
	struct ipc_capture_data *d = capture_data(ctx);

	if (!d || !d->have_shmu)
		return false;
	*ret = d->shmu;
	return true;
}

bool capture_sem_usage(struct ipc_ctx *ctx, struct ipc_sem_usage *ret)
{
	struct ipc_capture_data *d = capture_data(ctx);

	if (!d || !d->have_semu)
		return false;
	*ret = d->semu;
	return true;
}

bool capture_pshmfs(struct ipc_ctx *ctx, uint64_t *ret_size, uint64_t *ret_used)
{
	struct ipc_capture_data *d = capture_data(ctx);

	if (!d || !d->have_pshmfs)
		return false;
	*ret_size = d->pshm_size;
	*ret_used = d->pshm_used;
	return true;
}

bool capture_unreadable(struct ipc_ctx *ctx, pid_t pid, const bool reads[3], int *ret_errno,
			bool *ret_reach)
{
	struct ipc_capture_data *d = capture_data(ctx);
	struct cap_unreadable key = { .pid = pid }, *u;

	if (!d)
		return false;
	u = d->nur ? bsearch(&key, d->ur, d->nur, sizeof(*d->ur), cmp_ur) : NULL;
	if (!u)
		return false;
	/* the first read of the scan's order that failed */
	for (int i = 0; i < 3; i++)
		if (reads[i] && u->err[i]) {
			*ret_errno = u->err[i];
			*ret_reach = u->reach;
			return true;
		}
	return false;
}

bool capture_hidden(struct ipc_ctx *ctx)
{
	struct ipc_capture_data *d = capture_data(ctx);

	return d && d->hidden;
}

bool capture_fsdev(struct ipc_ctx *ctx, bool shm, uint64_t *ret)
{
	struct ipc_capture_data *d = capture_data(ctx);

	if (!d || !(shm ? d->have_shm_dev : d->have_mq_dev))
		return false;
	*ret = shm ? d->shm_dev : d->mq_dev;
	return true;
}

/* ---- a captured process's descriptors (record_fds()) ---- */

void capture_fds_free(struct capture_fds *f)
{
	ARRAY_FREE_MEMBERS(f->v, f->n, path);
	*f = (struct capture_fds){ 0 };
}

/* One line of the record; false when it is none of ours (an edited record). */
static int fds_line(struct capture_fds *f, char *line, bool *ok)
{
	char *w[4], *save = NULL, *t;
	int64_t v[3];
	size_t n = 0;
	struct capture_fd e = { 0 };

	*ok = false;
	for (t = strtok_r(line, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (n == 4)
			return 0;
		w[n++] = t;
	}
	if (n == 2 && !strcmp(w[0], "fds") && nums(w, 1, 1, 0, INT64_MAX, v)) {
		f->total = (size_t)v[0];
		*ok = true;
		return 0;
	}
	if (n != 4 || !nums(w, 0, 1, 0, INT32_MAX, v) || !nums(w, 1, 2, 0, INT64_MAX, v + 1))
		return 0;
	e.fd = (int)v[0];
	e.dev = (uint64_t)v[1];
	e.ino = (uint64_t)v[2];
	if (strcmp(w[3], "-")) {
		e.path = unhex(w[3], PATH_MAX - 1, true);
		if (!e.path)
			return 0;	/* (or out of memory: then the line is unknown too) */
	}
	if (!ARRAY_GROW(f->v, f->n, f->cap, 16)) {
		free(e.path);
		return -ENOMEM;
	}
	f->v[f->n++] = e;
	*ok = true;
	return 0;
}

int capture_fds_read(int dirfd, struct capture_fds *ret)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r = ipc_read_file_at(dirfd, IPC_CAPTURE_FDS, COPY_MAX, &text, &len);

	if (r < 0)
		return r;
	return capture_fds_parse(text, len, ret);
}

int capture_fds_parse(char *text, size_t len, struct capture_fds *ret)
{
	struct capture_fds f = { 0 };
	bool head = false;

	/* a NUL ends the text as the first line it is in: that one is bad */
	if (strlen(text) != len)
		f.bad++;
	for (char *rest = text, *line; (line = ipc_next_line(&rest));) {
		bool ok;

		if (!head) {
			/* the first line says how many descriptors there were */
			head = true;
			if (strncmp(line, "fds ", 4)) {
				f.bad++;
				continue;
			}
		}
		if (fds_line(&f, line, &ok) < 0) {
			capture_fds_free(&f);
			return -ENOMEM;
		}
		f.bad += !ok;
	}
	if (!head)
		f.bad++;
	*ret = f;
	return 0;
}
