/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every IPC namespace of the system: through processes, open descriptors and nsfs bind mounts; container names from cgroups. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "cleanup.h"
#include "format.h"
#include "hashmap.h"
#include "internal.h"
#include "ipc.h"
#include "nsenum.h"
#include "parse.h"

/* A cgroup file is a line per hierarchy. */
#define CGROUP_MAX	(1u << 16)

/* ---- container names from /proc/PID/cgroup ---- */

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return n >= 12;
}

/* c[0..len) without a trailing suffix, when it has it */
static size_t strip(const char *c, size_t len, const char *suffix)
{
	size_t sl = strlen(suffix);

	return len > sl && !memcmp(c + len - sl, suffix, sl) ? len - sl : len;
}

/* "PREFIX<hex>[.scope]": the hex part */
static bool prefixed_id(const char *c, size_t len, const char *prefix, const char **id)
{
	size_t pl = strlen(prefix);

	len = strip(c, len, ".scope");
	if (len <= pl || memcmp(c, prefix, pl) || !all_hex(c + pl, len - pl))
		return false;
	*id = c + pl;
	return true;
}

/* systemd's unit name escaping: "\x2d" is '-' */
static char *unescape_unit(const char *s, size_t len)
{
	char *out = malloc(len + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] == 'x') {
			const char *p = s + i + 2;
			uint64_t v;

			if (parse_digits(&p, s + i + 4, 16, 255, &v) == 0 && p == s + i + 4 && v) {
				*o++ = (char)v;
				i += 3;
				continue;
			}
		}
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

struct cg_found {
	const char *runtime, *id;	/* id: 12 hex digits at least */
	const char *pod;		/* a kubepods pod uid, with '_' for '-' */
	size_t podlen;
	const char *machine;
	size_t machinelen;
};

static void cg_component(struct cg_found *f, const char *c, size_t len, const char *prev,
			 size_t prevlen, bool kube)
{
	static const struct { const char *prefix, *runtime; } scopes[] = {
		{ "docker-", "docker" },
		{ "libpod-", "podman" },
		{ "crio-", "cri-o" },
		{ "cri-containerd-", "containerd" },
	};
	const char *id, *p;

	for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
		if (!f->runtime && prefixed_id(c, len, scopes[i].prefix, &id)) {
			f->runtime = scopes[i].runtime;
			f->id = id;
			return;
		}
	/* cgroupfs drivers: /docker/<id>, /kubepods/.../pod<uid>/<id> */
	if (!f->runtime && prevlen == 6 && !memcmp(prev, "docker", 6) && all_hex(c, len)) {
		f->runtime = "docker";
		f->id = c;
		return;
	}
	if (kube && !f->pod) {
		size_t l = strip(c, len, ".slice");

		/* "kubepods-burstable-pod<uid>.slice" or "pod<uid>" */
		if (l > 3 && !memcmp(c, "pod", 3) && len == l)
			p = c;
		else if ((p = memmem(c, l, "-pod", 4)))
			p++;
		if (p && (size_t)(c + l - p) > 3) {
			f->pod = p + 3;
			f->podlen = (size_t)(c + l - p) - 3;
			return;
		}
	}
	if (!f->machine && len > 15 && !memcmp(c, "systemd-nspawn@", 15)) {
		size_t l = strip(c, len, ".service");

		f->machine = c + 15;
		f->machinelen = l - 15;
	} else if (!f->machine && len > 8 && !memcmp(c, "machine-", 8) &&
		   strip(c, len, ".scope") != len) {
		f->machine = c + 8;
		f->machinelen = strip(c, len, ".scope") - 8;
	}
}

int ipc_cgroup_container(const char *text, char **ret)
{
	struct cg_found f = { 0 };
	const char *line, *next;
	char *s = NULL;
	int n = 0;

	for (line = text; line && *line; line = next) {
		const char *end = strchr(line, '\n');
		const char *path, *c, *prev = "";
		size_t prevlen = 0;
		bool kube;

		next = end ? end + 1 : NULL;
		if (!end)
			end = line + strlen(line);
		/* "ID:CONTROLLERS:PATH" */
		path = memchr(line, ':', (size_t)(end - line));
		path = path ? memchr(path + 1, ':', (size_t)(end - path - 1)) : NULL;
		if (!path)
			continue;
		path++;
		kube = memmem(path, (size_t)(end - path), "kubepods", 8) != NULL;
		for (c = path; c < end;) {
			const char *slash = memchr(c, '/', (size_t)(end - c));
			size_t len = (size_t)((slash ? slash : end) - c);

			if (len)
				cg_component(&f, c, len, prev, prevlen, kube);
			prev = c;
			prevlen = len;
			c += len + 1;
		}
	}
	if (f.pod && f.runtime)
		n = asprintf(&s, "pod:%.*s/%s:%.12s", (int)f.podlen, f.pod, f.runtime, f.id);
	else if (f.pod)
		n = asprintf(&s, "pod:%.*s", (int)f.podlen, f.pod);
	else if (f.runtime)
		n = asprintf(&s, "%s:%.12s", f.runtime, f.id);
	else if (f.machine) {
		_cleanup_free_ char *name = unescape_unit(f.machine, f.machinelen);

		if (!name)
			return -ENOMEM;
		n = asprintf(&s, "machine:%s", name);
	}
	if (n < 0)
		return -ENOMEM;
	/* a systemd slice escapes a pod uid's '-' as '_' */
	if (s && f.pod)
		for (char *p = s + 4; *p && *p != '/'; p++)
			if (*p == '_')
				*p = '-';
	*ret = s;
	return 0;
}

int ipc_pid_container(struct ipc_ctx *ctx, pid_t pid, char **ret)
{
	_cleanup_free_ char *text = NULL, *path = NULL;
	int r;

	if (asprintf(&path, "%s/%d/cgroup", ctx->procdir, (int)pid) < 0)
		return -ENOMEM;
	r = ipc_read_file(path, CGROUP_MAX, &text, NULL);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		*ret = NULL;	/* gone, or not ours to read: no name */
		return 0;
	}
	return ipc_cgroup_container(text, ret);
}

/* ---- the namespaces ---- */

static struct ipc_nsent *ns_get(struct ipc_nslist *l, uint64_t ino)
{
	size_t i = ipc_hashmap_find(&l->map, ipc_hash_u64(ino), NULL, NULL);

	if (i != SIZE_MAX)
		return &l->v[i];
	if (!ARRAY_GROW(l->v, l->n, l->cap, 16) ||
	    ipc_hashmap_add(&l->map, ipc_hash_u64(ino), l->n) < 0)
		return NULL;
	l->v[l->n] = (struct ipc_nsent){ .ino = ino };
	return &l->v[l->n++];
}

/* "ipc:[4026531839]" -> its inode */
static bool parse_ipc_link(const char *s, uint64_t *ret)
{
	const char *p = s + 5;

	if (strncmp(s, "ipc:[", 5) || parse_digits(&p, NULL, 10, UINT64_MAX, ret) < 0)
		return false;
	return p[0] == ']' && p[1] == '\0';
}

static int ns_pin(struct ipc_nslist *l, uint64_t ino, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int ns_pin(struct ipc_nslist *l, uint64_t ino, const char *fmt, ...)
{
	struct ipc_nsent *e = ns_get(l, ino);
	va_list ap;
	int r;

	if (!e)
		return -ENOMEM;
	if (e->pin)
		return 0;
	va_start(ap, fmt);
	r = str_vprintf(&e->pin, fmt, ap);
	va_end(ap);
	return r;
}

/* The nsfs IPC files process pid holds open. */
static int scan_fds(struct ipc_nslist *l, const char *procdir, int piddir, const char *pid)
{
	_cleanup_close_ int fd = openat(piddir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;

	if (fd < 0)
		return 0;	/* gone, or not ours to read: its own ns/ipc counted */
	d = fdopendir(fd);
	if (!d)
		return errno == ENOMEM ? -ENOMEM : 0;
	fd = -1;
	while ((de = readdir(d))) {
		char link[64];
		uint64_t ino;
		ssize_t n;

		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(dirfd(d), de->d_name, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (parse_ipc_link(link, &ino)) {
			int r = ns_pin(l, ino, "%s/%s/fd/%s", procdir, pid, de->d_name);

			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* mountinfo escapes ' ', '\t', '\n' and '\\' in octal */
static void unescape_octal(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* nsfs bind mounts of IPC namespaces: "ID PARENT MAJ:MIN ipc:[N] TARGET ... - nsfs ..." */
static int scan_mounts(struct ipc_nslist *l, const char *procdir)
{
	_cleanup_free_ char *text = NULL;
	int r;

	r = ipc_read_mountinfo(procdir, NULL, &text, NULL);
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	for (char *rest = text, *line; (line = ipc_next_line(&rest));) {
		char *f[5], *sep, *save = NULL;
		uint64_t ino;
		size_t i;

		sep = strstr(line, " - nsfs ");
		if (!sep)
			continue;
		*sep = '\0';
		for (i = 0; i < 5 && (f[i] = strtok_r(i ? NULL : line, " ", &save)); i++)
			;
		if (i < 5 || !parse_ipc_link(f[3], &ino))
			continue;
		unescape_octal(f[4]);
		r = ns_pin(l, ino, "%s", f[4]);
		if (r < 0)
			return r;
	}
	return 0;
}

static int cmp_ino(const void *a, const void *b)
{
	uint64_t x = ((const struct ipc_nsent *)a)->ino, y = ((const struct ipc_nsent *)b)->ino;

	return x < y ? -1 : x > y;
}

int ipc_nslist_read(struct ipc_ctx *ctx, struct ipc_nslist *ret)
{
	struct ipc_nslist l = { 0 };
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;
	int r = 0;

	if (ctx->offline)
		return -ENOSYS;
	d = opendir(ctx->procdir);
	if (!d)
		return -errno;
	while ((errno = 0, de = readdir(d))) {
		_cleanup_close_ int piddir = -1;
		struct ipc_nsent *e;
		struct stat st;
		int pid;

		if (parse_pid(de->d_name, &pid) < 0)
			continue;
		piddir = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (piddir < 0)
			continue;	/* gone */
		if (fstatat(piddir, "ns/ipc", &st, 0) < 0) {
			if (errno != ENOENT && errno != ESRCH)
				l.unreadable++;
			continue;
		}
		e = ns_get(&l, st.st_ino);
		if (!e) {
			r = -ENOMEM;
			break;
		}
		e->nprocs++;
		if (!e->pid || pid < e->pid)
			e->pid = pid;
		r = scan_fds(&l, ctx->procdir, piddir, de->d_name);
		if (r < 0)
			break;
	}
	/* readdir() ended on an error, not at the end: the list would be short */
	if (r == 0 && errno)
		r = -errno;
	if (r == 0)
		r = scan_mounts(&l, ctx->procdir);
	if (r < 0) {
		ipc_nslist_free(&l);
		return r;
	}
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].nprocs) {
			free(l.v[i].pin);
			l.v[i].pin = NULL;
		}
	/* sorted, the map's indexes are stale: it is of no more use */
	ipc_hashmap_free(&l.map);
	if (l.n)
		qsort(l.v, l.n, sizeof(l.v[0]), cmp_ino);
	*ret = l;
	return 0;
}

void ipc_nslist_free(struct ipc_nslist *l)
{
	ARRAY_FREE_MEMBERS(l->v, l->n, pin);
	ipc_hashmap_free(&l->map);
	memset(l, 0, sizeof(*l));
}
