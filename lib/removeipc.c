/* SPDX-License-Identifier: GPL-2.0-or-later */
/* systemd-logind's RemoveIPC=: its configuration, the system-uid boundary, lingering, the verdict. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "cleanup.h"
#include "internal.h"
#include "ipc.h"
#include "parse.h"
#include "removeipc.h"

/* logind.conf and its drop-ins are small; a bigger one is not read. */
#define CONF_MAX	(1u << 20)
/* drop-ins of one directory that are looked at */
#define DROPINS_MAX	1024

/*
 * Open path (relative, no leading '/') inside rootfd as if rootfd were
 * "/": symbolic links, ".." included, stay inside it (openat2
 * RESOLVE_IN_ROOT, Linux 5.6). Without openat2 no link is followed at all.
 */
static int root_open(int rootfd, const char *path, int flags)
{
	int fd = ipc_openat_in_root(rootfd, path, flags);

	if (fd == -ENOSYS || fd == -EPERM) {
		fd = openat(rootfd, path, flags | O_CLOEXEC | O_NOFOLLOW);
		return fd < 0 ? -errno : fd;
	}
	return fd;
}

/*
 * Read the regular file name of directory dir (both inside rootfd): the
 * last component is not followed, so a drop-in linked to /dev/null reads
 * as nothing, which is what systemd makes of it.
 */
static int root_read(int rootfd, const char *dir, const char *name, char **ret)
{
	_cleanup_close_ int dfd = root_open(rootfd, dir, O_RDONLY | O_DIRECTORY);

	if (dfd < 0)
		return dfd;
	return ipc_read_file_at(dfd, name, CONF_MAX, ret, NULL);
}

/* Whether directory path exists inside rootfd. */
static bool root_dir_exists(int rootfd, const char *path)
{
	_cleanup_close_ int fd = root_open(rootfd, path, O_PATH | O_DIRECTORY);

	return fd >= 0;
}

/* systemd's parse_boolean(): 1 true, 0 false, -1 neither */
static int parse_bool_word(const char *s)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -1;
}

static char *strip(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

void ipc_logind_parse_conf(const char *text, int *ret_value, unsigned int *ret_line)
{
	_cleanup_free_ char *buf = strdup(text);
	bool in_login = false;
	unsigned int lineno = 0, first;
	int value = -1;
	char *p, *next;

	*ret_value = -1;
	*ret_line = 0;
	if (!buf)
		return;
	for (p = buf; p && *p; p = next) {
		char *line, *eq;
		size_t len;

		first = ++lineno;
		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		/* a trailing backslash continues the line (as a space) */
		while ((len = strlen(p)) > 0 && p[len - 1] == '\\' && next) {
			char *more = next;

			p[len - 1] = ' ';
			next = strchr(more, '\n');
			if (next)
				*next++ = '\0';
			lineno++;
			memmove(p + len, more, strlen(more) + 1);
		}
		line = strip(p);
		if (!*line || *line == '#' || *line == ';')
			continue;
		if (*line == '[') {
			in_login = !strcmp(line, "[Login]");
			continue;
		}
		if (!in_login)
			continue;
		eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		if (strcmp(strip(line), "RemoveIPC"))
			continue;
		int b = parse_bool_word(strip(eq + 1));
		if (b < 0)
			continue;	/* systemd logs it and keeps what it had */
		value = b;
		*ret_line = first;
	}
	*ret_value = value;
}

int ipc_logind_parse_uint(const char *text, const char *key, char sep, uint32_t *ret)
{
	size_t klen = strlen(key);
	const char *p = text;
	bool found = false;
	uint32_t v = 0;

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		const char *q = p;
		uint64_t n;

		if (!eol)
			eol = p + strlen(p);
		while (q < eol && (*q == ' ' || *q == '\t'))
			q++;
		if ((size_t)(eol - q) > klen && !strncmp(q, key, klen)) {
			q += klen;
			if (sep == '=') {
				if (*q == '=')
					q++;
				else
					q = eol;
			} else if (*q == ' ' || *q == '\t') {
				while (q < eol && (*q == ' ' || *q == '\t'))
					q++;
			} else {
				q = eol;
			}
			if (q < eol && parse_digits(&q, eol, 10, UINT32_MAX, &n) == 0) {
				while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r'))
					q++;
				if (q == eol) {
					/* later lines win, as in both formats */
					v = (uint32_t)n;
					found = true;
				}
			}
		}
		p = *eol ? eol + 1 : NULL;
	}
	if (!found)
		return -ENOENT;
	*ret = v;
	return 0;
}

/* The main file: the first of these (systemd 252 reads only the first). */
static const char *const main_dirs[] = {
	"etc/systemd", "run/systemd", "usr/local/lib/systemd", "usr/lib/systemd",
};
/* The drop-in directories, earlier ones masking the same name in later ones. */
static const char *const dropin_dirs[] = {
	"etc/systemd/logind.conf.d", "run/systemd/logind.conf.d",
	"usr/local/lib/systemd/logind.conf.d", "usr/lib/systemd/logind.conf.d",
	"lib/systemd/logind.conf.d",	/* split /usr */
};
#define NDROPIN_DIRS	(sizeof(dropin_dirs) / sizeof(dropin_dirs[0]))

struct dropin {
	char *name;
	size_t dir;	/* index in dropin_dirs */
};

static int cmp_dropin(const void *a, const void *b)
{
	return strcmp(((const struct dropin *)a)->name, ((const struct dropin *)b)->name);
}

/*
 * Apply the RemoveIPC= of file dir/name, if it sets one. Returns 0,
 * -ENOENT when there is no such file, -ENOMEM.
 */
static int apply_file(struct ipc_logind *lg, int rootfd, const char *dir, const char *name)
{
	_cleanup_free_ char *text = NULL;
	unsigned int line;
	int v, r;

	r = root_read(rootfd, dir, name, &text);
	if (r == -ENOMEM || r == -ENOENT)
		return r;
	if (r < 0)
		return 0;	/* masked (a link, /dev/null) or unreadable: nothing set */
	ipc_logind_parse_conf(text, &v, &line);
	if (v < 0)
		return 0;
	free(lg->remove_ipc_file);
	if (asprintf(&lg->remove_ipc_file, "/%s/%s", dir, name) < 0) {
		lg->remove_ipc_file = NULL;
		return -ENOMEM;
	}
	lg->remove_ipc = v;
	lg->remove_ipc_line = line;
	return 0;
}

static bool dropin_name_ok(const char *n)
{
	size_t len = strlen(n);

	return n[0] != '.' && len > 5 && !strcmp(n + len - 5, ".conf");
}

/* Collect the *.conf of every drop-in directory, first directory winning a name. */
static int collect_dropins(int rootfd, struct dropin **ret, size_t *ret_n)
{
	struct dropin *v = NULL;
	size_t n = 0, cap = 0;
	int r = 0;

	for (size_t d = 0; d < NDROPIN_DIRS && r == 0; d++) {
		int fd = root_open(rootfd, dropin_dirs[d], O_RDONLY | O_DIRECTORY);
		size_t here = 0;
		DIR *dir;
		struct dirent *de;

		if (fd < 0)
			continue;
		dir = fdopendir(fd);
		if (!dir) {
			close(fd);
			continue;
		}
		while ((de = readdir(dir)) && here < DROPINS_MAX) {
			bool seen = false;

			if (!dropin_name_ok(de->d_name))
				continue;
			for (size_t i = 0; i < n && !seen; i++)
				seen = !strcmp(v[i].name, de->d_name);
			if (seen)
				continue;
			if (!ARRAY_GROW(v, n, cap, 8) || !(v[n].name = strdup(de->d_name))) {
				r = -ENOMEM;
				break;
			}
			v[n++].dir = d;
			here++;
		}
		closedir(dir);
	}
	if (r < 0) {
		ARRAY_FREE_MEMBERS(v, n, name);
		return r;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_dropin);
	*ret = v;
	*ret_n = n;
	return 0;
}

static int read_remove_ipc(struct ipc_logind *lg, int rootfd)
{
	_cleanup_free_ struct dropin *v = NULL;
	size_t n = 0;
	int r = 0;

	lg->remove_ipc = true;	/* systemd's default since 212 */
	for (size_t i = 0; i < sizeof(main_dirs) / sizeof(main_dirs[0]); i++) {
		r = apply_file(lg, rootfd, main_dirs[i], "logind.conf");
		if (r != -ENOENT)
			break;
	}
	if (r == -ENOMEM)
		return r;
	r = collect_dropins(rootfd, &v, &n);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		if (r != -ENOMEM)
			r = apply_file(lg, rootfd, dropin_dirs[v[i].dir], v[i].name);
		free(v[i].name);
	}
	return r == -ENOMEM ? r : 0;
}

/* The system-uid boundary: systemd's own setting, else login.defs, else 999. */
static int read_uid_max(struct ipc_logind *lg, int rootfd)
{
	static const struct {
		const char *dir, *name, *key;
		char sep;
		enum ipc_uidmax_src src;
	} srcs[] = {
		{ "usr/share/pkgconfig", "systemd.pc", "system_uid_max", '=', IPC_UIDMAX_SYSTEMD },
		{ "usr/lib/pkgconfig", "systemd.pc", "system_uid_max", '=', IPC_UIDMAX_SYSTEMD },
		{ "etc", "login.defs", "SYS_UID_MAX", ' ', IPC_UIDMAX_LOGIN_DEFS },
	};

	for (size_t i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++) {
		_cleanup_free_ char *text = NULL;
		uint32_t v;
		int r = root_read(rootfd, srcs[i].dir, srcs[i].name, &text);

		if (r == -ENOMEM)
			return r;
		if (r < 0 || ipc_logind_parse_uint(text, srcs[i].key, srcs[i].sep, &v) < 0)
			continue;
		if (asprintf(&lg->uid_max_file, "/%s/%s", srcs[i].dir, srcs[i].name) < 0) {
			lg->uid_max_file = NULL;
			return -ENOMEM;
		}
		lg->sys_uid_max = v;
		lg->uid_max_src = srcs[i].src;
		return 0;
	}
	lg->sys_uid_max = 999;
	lg->uid_max_src = IPC_UIDMAX_BUILTIN;
	return 0;
}

int ipc_logind_read(const char *root, struct ipc_logind *ret)
{
	struct ipc_logind lg = { .rootfd = -1 };
	int r;

	lg.rootfd = open(root && root[0] ? root : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (lg.rootfd < 0)
		return -errno;
	/* sd_booted(); a sosreport has no run/systemd: then its etc/systemd says */
	lg.booted = root_dir_exists(lg.rootfd, "run/systemd/system") ||
		    (root && root[0] && !root_dir_exists(lg.rootfd, "run/systemd") &&
		     root_dir_exists(lg.rootfd, "etc/systemd"));
	/* without systemd nothing is removed: nothing more to read */
	r = lg.booted ? read_remove_ipc(&lg, lg.rootfd) : 0;
	if (r == 0 && lg.booted)
		r = read_uid_max(&lg, lg.rootfd);
	if (r < 0) {
		ipc_logind_free(&lg);
		return r;
	}
	*ret = lg;
	return 0;
}

void ipc_logind_free(struct ipc_logind *lg)
{
	if (lg->rootfd >= 0)
		close(lg->rootfd);
	free(lg->remove_ipc_file);
	free(lg->uid_max_file);
	free(lg->linger);
	*lg = (struct ipc_logind){ .rootfd = -1 };
}

/* A name logind could have made a linger file of (no '/', not "." or ".."). */
static bool linger_name_ok(const char *name)
{
	return name[0] && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/* Whether uid (named name) lingers: /var/lib/systemd/linger/NAME exists. */
static bool lingers(struct ipc_logind *lg, uid_t uid, const char *name)
{
	_cleanup_close_ int dfd = -1;
	struct stat st;
	bool yes;

	for (size_t i = 0; i < lg->nlinger; i++)
		if (lg->linger[i].uid == uid)
			return lg->linger[i].lingers;
	dfd = root_open(lg->rootfd, "var/lib/systemd/linger", O_RDONLY | O_DIRECTORY);
	yes = dfd >= 0 && name && linger_name_ok(name) &&
	      fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
	/* out of memory: asked again next time */
	if (ARRAY_GROW(lg->linger, lg->nlinger, lg->caplinger, 8))
		lg->linger[lg->nlinger++] = (struct ipc_linger){ uid, yes };
	return yes;
}

void ipc_removeipc(struct ipc_logind *lg, struct ipc_ctx *ctx, const struct ipc_obj *obj,
		   struct ipc_rmipc_verdict *ret)
{
	struct ipc_rmipc_verdict v = { IPC_RMIPC_NO, IPC_RMIPC_WHY_REMOVED, NULL };

	if (obj->have & IPC_HAVE_OWNER)
		v.user = ipc_user_name(ctx, obj->uid);
	if (!lg->booted)
		v.why = IPC_RMIPC_WHY_NOT_BOOTED;
	else if (!lg->remove_ipc)
		v.why = IPC_RMIPC_WHY_DISABLED;
	else if (!(obj->have & IPC_HAVE_OWNER))
		v.why = IPC_RMIPC_WHY_NO_OWNER;
	else if (obj->uid == 0)
		v.why = IPC_RMIPC_WHY_ROOT;
	else if (obj->uid <= lg->sys_uid_max)
		v.why = IPC_RMIPC_WHY_SYSTEM_USER;
	else if (lingers(lg, obj->uid, v.user))
		v.why = IPC_RMIPC_WHY_LINGERS;
	else if (obj->kind == IPC_SHM && obj->shm.nattch > 0)
		v.verdict = IPC_RMIPC_DETACHED;
	else
		v.verdict = IPC_RMIPC_YES;
	*ret = v;
}

const char *ipc_rmipc_str(enum ipc_rmipc v)
{
	switch (v) {
	case IPC_RMIPC_NO:
		return "no";
	case IPC_RMIPC_YES:
		return "yes";
	case IPC_RMIPC_DETACHED:
		return "detached";
	}
	return "no";
}
