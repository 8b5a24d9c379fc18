/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small shared pieces of the model: kind names, object arrays, file reading. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/nsfs.h>
#include <linux/openat2.h>

#include "array.h"
#include "cleanup.h"
#include "internal.h"
#include "ipc.h"
#include "parse.h"

/* English plurals are no suffix: "POSIX shared memory" is no count noun. */
static const struct {
	const char *name, *noun, *plural;
} kinds[IPC_NKINDS] = {
	[IPC_MSG]  = { "msg",  "message queue",         "message queues" },
	[IPC_SEM]  = { "sem",  "semaphore set",         "semaphore sets" },
	[IPC_SHM]  = { "shm",  "shared memory segment", "shared memory segments" },
	[IPC_PMSG] = { "pmsg", "POSIX message queue",   "POSIX message queues" },
	[IPC_PSHM] = { "pshm", "POSIX shared memory",   "POSIX shared memory objects" },
	[IPC_PSEM] = { "psem", "POSIX semaphore",       "POSIX semaphores" },
};

const char *ipc_kind_name(enum ipc_kind kind)
{
	return (unsigned)kind < IPC_NKINDS ? kinds[kind].name : "?";
}

const char *ipc_kind_noun(enum ipc_kind kind)
{
	return (unsigned)kind < IPC_NKINDS ? kinds[kind].noun : "?";
}

const char *ipc_kind_plural(enum ipc_kind kind)
{
	return (unsigned)kind < IPC_NKINDS ? kinds[kind].plural : "?";
}

void ipc_obj_clear(struct ipc_obj *obj)
{
	free(obj->name);
	obj->name = NULL;
}

void ipc_objs_free(struct ipc_objs *objs)
{
	for (size_t i = 0; i < objs->n; i++)
		ipc_obj_clear(&objs->v[i]);
	free(objs->v);
	objs->v = NULL;
	objs->n = objs->cap = 0;
}

void *ipc_array_grow(void *v, size_t *cap, size_t n, size_t size, size_t first)
{
	size_t ncap;

	if (n < *cap)
		return v;
	/* doubling keeps appending n elements O(n) in all */
	ncap = *cap ? *cap * 2 : first;
	if (ncap <= n)
		return NULL;
	v = reallocarray(v, ncap, size);
	if (v)
		*cap = ncap;
	return v;
}

struct ipc_obj *ipc_objs_push(struct ipc_objs *objs)
{
	struct ipc_obj *o;

	if (!ARRAY_GROW(objs->v, objs->n, objs->cap, 64))
		return NULL;
	o = &objs->v[objs->n++];
	memset(o, 0, sizeof(*o));
	o->id = -1;
	return o;
}

int ipc_open_regular_at(int dirfd, const char *path)
{
	_cleanup_close_ int fd = -1;
	struct stat st;

	fd = openat(dirfd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	return TAKE_FD(fd);
}

int ipc_read_full(int fd, void *buf, size_t size, size_t *ret_len)
{
	size_t len = 0;

	while (len < size) {
		ssize_t n = read(fd, (char *)buf + len, size - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	*ret_len = len;
	return 0;
}

int ipc_openat_in_root(int rootfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, rootfd, path, &how, sizeof(how));

	return fd < 0 ? -errno : (int)fd;
}

int ipc_write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int ipc_read_file_at(int dirfd, const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;

	fd = ipc_open_regular_at(dirfd, path);
	if (fd < 0)
		return fd;

	for (;;) {
		size_t n;
		int r;

		if (cap - len < 2) {
			size_t ncap = cap ? cap * 2 : 4096;
			char *nbuf;

			/* room for max bytes, the NUL, and one byte more that
			 * tells a file of exactly max bytes from a longer one */
			if (ncap > max + 2)
				ncap = max + 2;
			if (ncap <= len + 1)
				return -EFBIG;
			nbuf = realloc(buf, ncap);
			if (!nbuf)
				return -ENOMEM;
			buf = nbuf;
			cap = ncap;
		}
		r = ipc_read_full(fd, buf + len, cap - len - 1, &n);
		if (r < 0)
			return r;
		len += n;
		if (len > max)
			return -EFBIG;
		if (len < cap - 1)
			break;	/* the end of the file came before the end of buf */
	}
	if (!buf && !(buf = malloc(1)))
		return -ENOMEM;
	buf[len] = '\0';
	*ret_buf = TAKE_PTR(buf);
	if (ret_len)
		*ret_len = len;
	return 0;
}

/*
 * A mountinfo is a few hundred bytes a mount; a host with many thousands of
 * container mounts stays well under this. Beyond it the file is not one.
 */

int ipc_read_mountinfo(const char *procdir, char **ret_path, char **ret_text, size_t *ret_len)
{
	_cleanup_free_ char *path = ipc_path_join(procdir, "self/mountinfo");
	int r;

	if (!path)
		return -ENOMEM;
	r = ipc_read_file(path, IPC_MOUNTINFO_MAX, ret_text, ret_len);
	if (ret_path && r != -ENOMEM)
		*ret_path = TAKE_PTR(path);
	return r;
}

int ipc_read_u64(const char *path, uint64_t *ret)
{
	_cleanup_free_ char *buf = NULL;
	const char *end;
	uint64_t v;
	int r;

	r = ipc_read_file(path, 256, &buf, NULL);
	if (r < 0)
		return r;
	end = buf;
	r = parse_digits(&end, NULL, 10, UINT64_MAX, &v);
	if (r < 0)
		return r;
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (*end)
		return -EINVAL;
	*ret = v;
	return 0;
}

int ipc_read_cmdline(struct ipc_ctx *ctx, pid_t pid, size_t max, char **ret_cmd)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = NULL;
	char path[PATH_MAX];
	size_t len;
	int r;

	if (pid <= 0)
		return -ENOENT;
	if ((size_t)snprintf(path, sizeof(path), "%s/%d/cmdline", ctx->procdir, (int)pid) >=
	    sizeof(path))
		return -ENAMETOOLONG;
	/* under a sysroot this is a plain file: refuse FIFOs and symlinks */
	fd = ipc_open_regular_at(AT_FDCWD, path);
	if (fd < 0)
		return fd;
	buf = malloc(max + 1);
	if (!buf)
		return -ENOMEM;
	r = ipc_read_full(fd, buf, max, &len);
	if (r < 0)
		return r;
	/* arguments are NUL-separated and NUL-terminated */
	while (len > 0 && buf[len - 1] == '\0')
		len--;
	if (len == 0)
		return -ENOENT;
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[len] = '\0';
	*ret_cmd = TAKE_PTR(buf);
	return 0;
}

/*
 * Whether the effective set holds capability cap, read with capget(2)
 * (no libcap); false when it cannot be read.
 */
static bool have_cap(unsigned int cap)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(d, 0, sizeof(d));
	if (cap >= 32 * _LINUX_CAPABILITY_U32S_3 || syscall(SYS_capget, &h, d) < 0)
		return false;
	return (d[cap / 32].effective >> (cap % 32)) & 1;
}

/*
 * A capability counts for System V objects only in the user namespace that
 * owns the IPC namespace (the kernel's ns_capable()). True when that is
 * ours, and when it cannot be told (no NS_GET_USERNS).
 */
static bool ipc_ns_is_ours(const struct ipc_ctx *ctx)
{
	_cleanup_free_ char *ipc = ipc_path_join(ctx->procdir, "self/ns/ipc");
	_cleanup_free_ char *user = ipc_path_join(ctx->procdir, "self/ns/user");
	_cleanup_close_ int fd = -1, owner = -1;
	struct stat a, b;

	if (!ipc || !user)
		return true;
	/* the namespace the context reads (--ns), else ours */
	fd = ctx->ns_set ? fcntl(ctx->ns_fd, F_DUPFD_CLOEXEC, 0) : open(ipc, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return true;
	owner = ioctl(fd, NS_GET_USERNS);
	if (owner < 0 || fstat(owner, &a) < 0 || stat(user, &b) < 0)
		return true;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

bool ipc_may_remove(struct ipc_ctx *ctx, const struct ipc_obj *obj)
{
	uid_t me = geteuid();
	const char *dir;
	struct stat st;

	/* what the kernel checks, with the capabilities we really have: root
	 * in a container usually lacks CAP_SYS_ADMIN */
	if (!ipc_kind_is_posix(obj->kind)) {
		if (!(obj->have & IPC_HAVE_OWNER) || !(obj->have & IPC_HAVE_CREATOR))
			return true;
		if (me == obj->uid || me == obj->cuid)
			return true;
		return have_cap(CAP_SYS_ADMIN) && ipc_ns_is_ours(ctx);
	}
	dir = obj->kind == IPC_PMSG ? ipc_ctx_mqdir(ctx) : ipc_ctx_shmdir(ctx);
	if (!dir || stat(dir, &st) < 0)
		return true;
	/* AT_EACCESS: the effective ids and capabilities (CAP_DAC_OVERRIDE) */
	if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) < 0)
		return false;
	/* a sticky directory: the file's or the directory's owner, or CAP_FOWNER */
	if ((st.st_mode & S_ISVTX) && (obj->have & IPC_HAVE_OWNER) &&
	    me != obj->uid && me != st.st_uid && !have_cap(CAP_FOWNER))
		return false;
	return true;
}

char *ipc_next_line(char **rest)
{
	char *line = *rest, *nl;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl)
		*nl++ = '\0';
	*rest = nl;
	return line;
}

char *ipc_path_join(const char *a, const char *b)
{
	char *s;

	if (asprintf(&s, "%s/%s", a, b) < 0)
		return NULL;
	return s;
}
