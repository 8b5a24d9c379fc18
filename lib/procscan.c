// SPDX-License-Identifier: GPL-2.0-or-later
/* One scan of /proc/PID/{maps,fd}: which processes map or hold open which IPC object. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cleanup.h"
#include "ipc.h"
#include "procscan.h"

/* ---- parsers ---- */

static const char *parse_hex(const char *p, const char *end, uint64_t *ret)
{
	uint64_t v = 0;
	const char *s = p;

	while (p < end) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		if (v >> 60)
			return NULL;
		v = v << 4 | d;
		p++;
	}
	if (p == s)
		return NULL;
	*ret = v;
	return p;
}

static const char *parse_dec(const char *p, const char *end, uint64_t *ret)
{
	uint64_t v = 0;
	const char *s = p;

	while (p < end && *p >= '0' && *p <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return NULL;
		v = v * 10 + (*p - '0');
		p++;
	}
	if (p == s)
		return NULL;
	*ret = v;
	return p;
}

static const char *expect(const char *p, const char *end, char c)
{
	return p && p < end && *p == c ? p + 1 : NULL;
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * The kernel writes "start-end perms offset major:minor inode", pads with
 * blanks to a fixed column and appends the path; numbers except the inode
 * are hex.
 */
int procscan_parse_maps_line(const char *line, size_t len, struct procscan_map *ret)
{
	const char *p = line, *end = line + len;
	struct procscan_map m = { 0 };
	uint64_t major, minor;

	p = parse_hex(p, end, &m.start);
	p = expect(p, end, '-');
	if (!p || !(p = parse_hex(p, end, &m.end)))
		return -EINVAL;
	p = expect(p, end, ' ');
	if (!p || end - p < 4)
		return -EINVAL;
	memcpy(m.perms, p, 4);
	m.perms[4] = '\0';
	for (int i = 0; i < 4; i++)
		if (!strchr("rwxsp-", m.perms[i]))
			return -EINVAL;
	p = expect(p + 4, end, ' ');
	if (!p || !(p = parse_hex(p, end, &m.offset)))
		return -EINVAL;
	p = expect(p, end, ' ');
	if (!p || !(p = parse_hex(p, end, &major)))
		return -EINVAL;
	p = expect(p, end, ':');
	if (!p || !(p = parse_hex(p, end, &minor)))
		return -EINVAL;
	p = expect(p, end, ' ');
	if (!p || !(p = parse_dec(p, end, &m.ino)))
		return -EINVAL;
	if (major > UINT_MAX || minor > UINT_MAX)
		return -EINVAL;
	m.major = major;
	m.minor = minor;
	if (p < end && *p != ' ' && *p != '\t')
		return -EINVAL;
	p = skip_blanks(p, end);
	m.path = p;
	m.pathlen = end - p;
	*ret = m;
	return 0;
}

bool procscan_sysv_name(const char *path, size_t len, int32_t *ret_key)
{
	static const char suffix[] = " (deleted)";
	uint64_t key;
	const char *p;

	/* "/SYSV" + exactly 8 hex digits; the kernel unlinks the file at once,
	 * so a real segment always carries the " (deleted)" suffix */
	if (len != 5 + 8 + sizeof(suffix) - 1 || memcmp(path, "/SYSV", 5) != 0)
		return false;
	p = parse_hex(path + 5, path + 13, &key);
	if (p != path + 13 || memcmp(p, suffix, sizeof(suffix) - 1) != 0)
		return false;
	*ret_key = (int32_t)(uint32_t)key;
	return true;
}

/* ---- the table of objects ---- */

static size_t hash_key(enum procscan_type type, uint64_t dev, uint64_t ino)
{
	uint64_t h = ino * 0x9e3779b97f4a7c15ULL;

	/* System V entries are looked up by id alone */
	if (type == PROCSCAN_FILE)
		h ^= (dev + 0x632be59bd9b4e019ULL) * 0xbf58476d1ce4e5b9ULL;
	else
		h ^= 0x94d049bb133111ebULL;
	return (size_t)(h ^ (h >> 31));
}

static bool same_key(const struct procscan_entry *e, enum procscan_type type,
		     uint64_t dev, uint64_t ino)
{
	return e->type == type && e->ino == ino && (type != PROCSCAN_FILE || e->dev == dev);
}

static struct procscan_entry *lookup(const struct procscan *ps, enum procscan_type type,
				     uint64_t dev, uint64_t ino)
{
	size_t i;

	if (!ps->hashsize)
		return NULL;
	i = hash_key(type, dev, ino) & (ps->hashsize - 1);
	for (;; i = (i + 1) & (ps->hashsize - 1)) {
		size_t slot = ps->hash[i];

		if (!slot)
			return NULL;
		if (same_key(&ps->v[slot - 1], type, dev, ino))
			return &ps->v[slot - 1];
	}
}

static int rehash(struct procscan *ps, size_t size)
{
	size_t *h = calloc(size, sizeof(*h));

	if (!h)
		return -ENOMEM;
	for (size_t k = 0; k < ps->n; k++) {
		const struct procscan_entry *e = &ps->v[k];
		size_t i = hash_key(e->type, e->dev, e->ino) & (size - 1);

		while (h[i])
			i = (i + 1) & (size - 1);
		h[i] = k + 1;
	}
	free(ps->hash);
	ps->hash = h;
	ps->hashsize = size;
	return 0;
}

static int add_use(struct procscan *ps, enum procscan_type type, uint64_t dev, uint64_t ino,
		   int32_t key, pid_t pid, unsigned int how)
{
	struct procscan_entry *e = lookup(ps, type, dev, ino);
	struct procscan_user *u;

	if (!e) {
		if ((ps->n + 1) * 2 > ps->hashsize) {
			int r = rehash(ps, ps->hashsize ? ps->hashsize * 2 : 64);

			if (r < 0)
				return r;
		}
		if (ps->n == ps->cap) {
			size_t cap = ps->cap ? ps->cap * 2 : 32;
			struct procscan_entry *v = reallocarray(ps->v, cap, sizeof(*v));

			if (!v)
				return -ENOMEM;
			ps->v = v;
			ps->cap = cap;
		}
		e = &ps->v[ps->n];
		*e = (struct procscan_entry){ .type = type, .dev = dev, .ino = ino,
					      .sysv_key = key };
		size_t i = hash_key(type, dev, ino) & (ps->hashsize - 1);

		while (ps->hash[i])
			i = (i + 1) & (ps->hashsize - 1);
		ps->hash[i] = ++ps->n;
	}

	/* one process is scanned at a time, so its uses are contiguous */
	if (e->nusers && e->users[e->nusers - 1].pid == pid) {
		u = &e->users[e->nusers - 1];
	} else {
		if (e->nusers == e->cap) {
			size_t cap = e->cap ? e->cap * 2 : 4;
			struct procscan_user *v = reallocarray(e->users, cap, sizeof(*v));

			if (!v)
				return -ENOMEM;
			e->users = v;
			e->cap = cap;
		}
		u = &e->users[e->nusers++];
		*u = (struct procscan_user){ .pid = pid };
	}
	u->how |= how;
	if (how & (PROCSCAN_MAPPED | PROCSCAN_ATTACHED))
		u->nmaps++;
	return 0;
}

void procscan_free(struct procscan *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].users);
	free(ps->v);
	free(ps->hash);
	*ps = (struct procscan){ 0 };
}

const struct procscan_entry *procscan_find_shm(const struct procscan *ps, int shmid)
{
	return shmid < 0 ? NULL : lookup(ps, PROCSCAN_SYSV_SHM, 0, (uint64_t)shmid);
}

const struct procscan_entry *procscan_find_file(const struct procscan *ps,
						uint64_t dev, uint64_t ino)
{
	return lookup(ps, PROCSCAN_FILE, dev, ino);
}

const struct procscan_entry *procscan_find_obj(const struct procscan *ps,
					       const struct ipc_obj *obj)
{
	switch (obj->kind) {
	case IPC_SHM:
		return procscan_find_shm(ps, obj->id);
	case IPC_PMSG:
	case IPC_PSHM:
	case IPC_PSEM:
		return procscan_find_file(ps, obj->dev, obj->ino);
	default:
		return NULL;
	}
}

/* ---- the scan ---- */

/* Feed one maps line to the table. */
static int scan_maps_line(struct procscan *ps, pid_t pid, const char *line, size_t len)
{
	struct procscan_map m;
	int32_t key;
	uint64_t dev;

	if (procscan_parse_maps_line(line, len, &m) < 0)
		return 0;
	dev = makedev(m.major, m.minor);
	if (procscan_sysv_name(m.path, m.pathlen, &key))
		return add_use(ps, PROCSCAN_SYSV_SHM, dev, m.ino, key, pid, PROCSCAN_ATTACHED);
	/* POSIX shm objects and semaphores are files of the shm directory's
	 * filesystem; memfds and anonymous mappings live elsewhere */
	if (ps->have_shm_dev && dev == ps->shm_dev && m.pathlen)
		return add_use(ps, PROCSCAN_FILE, dev, m.ino, 0, pid, PROCSCAN_MAPPED);
	return 0;
}

/* Returns 0, 1 when the file could not be read for lack of permission, <0 on ENOMEM. */
static int scan_maps(struct procscan *ps, int piddir, pid_t pid)
{
	_cleanup_close_ int fd = openat(piddir, "maps", O_RDONLY | O_CLOEXEC);
	char buf[65536];
	size_t have = 0;
	bool skipping = false;	/* inside a line longer than buf */

	if (fd < 0)
		return errno == EACCES || errno == EPERM ? 1 : 0;
	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - have);
		size_t start = 0;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* gone, or ptrace access denied at read time */
			return errno == EACCES || errno == EPERM ? 1 : 0;
		}
		if (n == 0)
			break;
		have += n;
		for (size_t i = 0; i < have; i++) {
			if (buf[i] != '\n')
				continue;
			if (!skipping) {
				int r = scan_maps_line(ps, pid, buf + start, i - start);

				if (r < 0)
					return r;
			}
			skipping = false;
			start = i + 1;
		}
		memmove(buf, buf + start, have - start);
		have -= start;
		if (have == sizeof(buf)) {
			/* no path is this long; drop the line */
			skipping = true;
			have = 0;
		}
	}
	if (have && !skipping)
		return scan_maps_line(ps, pid, buf, have);
	return 0;
}

static int scan_fds(struct procscan *ps, int piddir, pid_t pid)
{
	int fd = openat(piddir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;

	if (fd < 0)
		return errno == EACCES || errno == EPERM ? 1 : 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	while ((errno = 0, de = readdir(d))) {
		struct stat st;
		uint64_t dev;
		int r;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		/* follows the magic link to the open file itself */
		if (fstatat(dirfd(d), de->d_name, &st, 0) < 0) {
			if (errno == EACCES || errno == EPERM)
				return 1;
			continue;	/* closed meanwhile */
		}
		dev = st.st_dev;
		if (!S_ISREG(st.st_mode))
			continue;
		if (!((ps->have_shm_dev && dev == ps->shm_dev) ||
		      (ps->have_mq_dev && dev == ps->mq_dev)))
			continue;
		r = add_use(ps, PROCSCAN_FILE, dev, st.st_ino, 0, pid, PROCSCAN_OPEN);
		if (r < 0)
			return r;
	}
	if (errno == EACCES || errno == EPERM)
		return 1;
	return 0;
}

/*
 * A process whose maps or fds we may not read can still only reach a POSIX
 * object through a mount of the shm or mqueue filesystem (by name, or by a
 * descriptor it inherited within that mount namespace). True when its
 * mountinfo shows one of ours, or when we cannot tell.
 */
static bool may_reach_ours(const struct procscan *ps, int piddir)
{
	_cleanup_close_ int fd = openat(piddir, "mountinfo", O_RDONLY | O_CLOEXEC);
	_cleanup_fclose_ FILE *f = NULL;
	char line[4096];

	if (fd < 0)
		return errno != ENOENT && errno != ESRCH;
	f = fdopen(fd, "r");
	if (!f)
		return true;
	fd = -1;
	while (fgets(line, sizeof(line), f)) {
		/* "ID PARENT MAJOR:MINOR ROOT MOUNTPOINT ...", numbers in decimal */
		unsigned int major, minor;
		uint64_t dev;

		if (sscanf(line, "%*u %*u %u:%u", &major, &minor) != 2)
			continue;
		dev = makedev(major, minor);
		if ((ps->have_shm_dev && dev == ps->shm_dev) ||
		    (ps->have_mq_dev && dev == ps->mq_dev))
			return true;
	}
	return ferror(f) != 0;
}

static bool parse_pid(const char *s, pid_t *ret)
{
	uint64_t v;
	const char *end = s + strlen(s);

	if (parse_dec(s, end, &v) != end || v == 0 || v > INT_MAX)
		return false;
	*ret = (pid_t)v;
	return true;
}

int procscan_run(struct ipc_ctx *ctx, unsigned int flags, struct procscan *ret)
{
	struct procscan ps = { 0 };
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;
	struct stat st;
	int r = 0;

	if (ctx->shmdir && stat(ctx->shmdir, &st) == 0) {
		ps.shm_dev = st.st_dev;
		ps.have_shm_dev = true;
	}
	if (ctx->mqdir && stat(ctx->mqdir, &st) == 0) {
		ps.mq_dev = st.st_dev;
		ps.have_mq_dev = true;
	}
	d = opendir(ctx->procdir);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		_cleanup_close_ int piddir = -1;
		bool denied = false;
		pid_t pid;

		if (!parse_pid(de->d_name, &pid))
			continue;
		piddir = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (piddir < 0)
			continue;	/* exited */
		ps.nprocs++;
		if (flags & PROCSCAN_MAPS) {
			r = scan_maps(&ps, piddir, pid);
			if (r < 0)
				break;
			denied |= r > 0;
		}
		if (flags & PROCSCAN_FDS) {
			r = scan_fds(&ps, piddir, pid);
			if (r < 0)
				break;
			denied |= r > 0;
		}
		r = 0;
		if (denied) {
			if (may_reach_ours(&ps, piddir))
				ps.unreadable++;
			else
				ps.foreign++;
		}
	}
	if (r < 0) {
		procscan_free(&ps);
		return r;
	}
	*ret = ps;
	return 0;
}

bool procscan_pid_exists(struct ipc_ctx *ctx, pid_t pid)
{
	char path[PATH_MAX];
	struct stat st;

	if (pid <= 0)
		return false;
	if ((size_t)snprintf(path, sizeof(path), "%s/%d", ctx->procdir, (int)pid) >= sizeof(path))
		return true;	/* cannot tell: assume it lives */
	if (stat(path, &st) == 0)
		return true;
	return errno != ENOENT && errno != ESRCH;
}
