/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A sosreport's "ls -lanR /dev" text read as the POSIX shm and mqueue directories. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "internal.h"
#include "ipc.h"
#include "listing.h"
#include "parse.h"

/* The listing of a whole /dev: a few hundred KiB; more is not one. */
#define LISTING_MAX	(64u << 20)

/* The files sos names after its commands, newest sos first. */
static const char *const listing_files[] = {
	"sos_commands/block/ls_-alZR_.dev",
	"sos_commands/block/ls_-lanR_.dev",
};

static const char *skip_sp(const char *p, const char *end)
{
	while (p < end && *p == ' ')
		p++;
	return p;
}

/* The next blank-separated word: [*ret, *ret_end). */
static const char *word(const char *p, const char *end, const char **ret_end)
{
	const char *q;

	p = skip_sp(p, end);
	q = p;
	while (q < end && *q != ' ')
		q++;
	*ret_end = q;
	return p;
}

static int mode_bits(const char *w, const char *e, char *ret_type, unsigned int *ret)
{
	static const char rwx[] = "rwxrwxrwx";
	unsigned int m = 0;

	/* "-rw-r--r--", with '.' (SELinux) or '+' (ACL) after it */
	if (e - w < 10 || (e - w > 11) || (e - w == 11 && w[10] != '.' && w[10] != '+'))
		return -EINVAL;
	if (!strchr("-dlcbps", w[0]))
		return -EINVAL;
	for (int i = 0; i < 9; i++) {
		char c = w[1 + i];
		unsigned int bit = 0400u >> i;

		if (c == rwx[i])
			m |= bit;
		else if (i % 3 == 2 && (c == 's' || c == 't'))
			m |= bit | (i == 2 ? 04000 : i == 5 ? 02000 : 01000);
		else if (i % 3 == 2 && (c == 'S' || c == 'T'))
			m |= i == 2 ? 04000 : i == 5 ? 02000 : 01000;
		else if (c != '-')
			return -EINVAL;
		if ((c == 's' || c == 'S') && i == 8)
			return -EINVAL;
		if ((c == 't' || c == 'T') && i != 8)
			return -EINVAL;
	}
	*ret_type = w[0];
	*ret = m;
	return 0;
}

static int number(const char *w, const char *e, uint64_t max, uint64_t *ret)
{
	const char *p = w;

	if (w == e || parse_digits(&p, e, 10, max, ret) < 0 || p != e)
		return -EINVAL;
	return 0;
}

static int month_of(const char *w, const char *e)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	if (e - w != 3)
		return -1;
	for (int i = 0; i < 12; i++)
		if (!memcmp(months + 3 * i, w, 3))
			return i;
	return -1;
}

/* mktime() of a local date; -1 on a date that does not exist. */
static int64_t local_time(int year, int mon, int day, int hour, int min)
{
	struct tm tm = { .tm_year = year - 1900, .tm_mon = mon, .tm_mday = day,
			 .tm_hour = hour, .tm_min = min, .tm_isdst = -1 };
	time_t t = mktime(&tm);

	if (t == (time_t)-1 || tm.tm_mday != day || tm.tm_mon != mon)
		return -1;
	return (int64_t)t;
}

int ipc_listing_parse_line(const char *line, size_t len, int64_t now,
			   struct ipc_listing_entry *ret)
{
	const char *end = line + len, *w, *e;
	struct ipc_listing_entry ent = { 0 };
	uint64_t n, uid, gid, day, year;
	int mon, hour = 0, min = 0;
	int64_t t;

	w = word(line, end, &e);
	if (mode_bits(w, e, &ent.type, &ent.mode) < 0)
		return -EINVAL;
	w = word(e, end, &e);			/* links */
	if (number(w, e, UINT32_MAX, &n) < 0)
		return -EINVAL;
	w = word(e, end, &e);
	if (number(w, e, UINT32_MAX, &uid) < 0)
		return -EINVAL;
	w = word(e, end, &e);
	if (number(w, e, UINT32_MAX, &gid) < 0)
		return -EINVAL;
	w = word(e, end, &e);
	if (number(w, e, UINT64_MAX, &ent.size) < 0) {
		/* -Z: a security context, then the size */
		w = word(e, end, &e);
		if (number(w, e, UINT64_MAX, &ent.size) < 0)
			return -EINVAL;
	}
	if (ent.type == 'c' || ent.type == 'b')
		return -EINVAL;	/* "MAJ, MIN" is no size; no object is a device */
	w = word(e, end, &e);
	mon = month_of(w, e);
	if (mon < 0)
		return -EINVAL;
	w = word(e, end, &e);
	if (number(w, e, 31, &day) < 0 || day == 0)
		return -EINVAL;
	w = word(e, end, &e);
	if (e - w == 5 && w[2] == ':') {
		uint64_t h, m;

		if (number(w, w + 2, 23, &h) < 0 || number(w + 3, e, 59, &m) < 0)
			return -EINVAL;
		hour = (int)h;
		min = (int)m;
		/* the year that puts it at most a day after the listing */
		struct tm tm;
		time_t tn = (time_t)now;

		if (!localtime_r(&tn, &tm))
			return -EINVAL;
		year = (uint64_t)tm.tm_year + 1900;
		t = local_time((int)year, mon, (int)day, hour, min);
		if (t > now + 86400)
			t = local_time((int)year - 1, mon, (int)day, hour, min);
	} else {
		if (number(w, e, 9999, &year) < 0 || year < 1970)
			return -EINVAL;
		t = local_time((int)year, mon, (int)day, 0, 0);
	}
	if (t < 0)
		return -EINVAL;
	/* one blank, then the name: it may hold blanks of its own */
	if (e >= end || *e != ' ' || e + 1 >= end)
		return -EINVAL;
	ent.name = e + 1;
	ent.namelen = (size_t)(end - ent.name);
	ent.uid = (uid_t)uid;
	ent.gid = (gid_t)gid;
	ent.mtime = t;
	*ret = ent;
	return 0;
}

int ipc_listing_section(const char *text, const char *dir, int64_t now,
			ipc_listing_fn fn, void *data)
{
	size_t dlen = strlen(dir);
	const char *p = text;
	bool found = false, in = false;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len;

		if (!eol)
			eol = p + strlen(p);
		len = (size_t)(eol - p);
		if (len == dlen + 1 && !memcmp(p, dir, dlen) && p[dlen] == ':') {
			in = found = true;
		} else if (len == 0) {
			in = false;
		} else if (in) {
			struct ipc_listing_entry ent;

			if (ipc_listing_parse_line(p, len, now, &ent) == 0) {
				int r = fn(&ent, data);

				if (r)
					return r;
			}
		}
		p = *eol ? eol + 1 : eol;
	}
	return found ? 0 : -ENOENT;
}

/* Read the listing of ctx's sysroot: its text and when it was made. */
static int read_listing(struct ipc_ctx *ctx, char **ret, int64_t *ret_when)
{
	if (!ctx->offline)
		return -ENOENT;
	for (size_t i = 0; i < sizeof(listing_files) / sizeof(listing_files[0]); i++) {
		_cleanup_free_ char *path = ipc_path_join(ctx->root, listing_files[i]);
		struct stat st;
		int r;

		if (!path)
			return -ENOMEM;
		r = ipc_read_file(path, LISTING_MAX, ret, NULL);
		if (r == -ENOENT)
			continue;
		if (r < 0)
			return r;
		/* the file's mtime is when sos wrote it, kept by tar */
		*ret_when = lstat(path, &st) == 0 ? (int64_t)st.st_mtime : ctx->now;
		return 0;
	}
	return -ENOENT;
}

bool ipc_listing_present(struct ipc_ctx *ctx)
{
	for (size_t i = 0; ctx->offline && i < sizeof(listing_files) / sizeof(listing_files[0]);
	     i++) {
		_cleanup_free_ char *path = ipc_path_join(ctx->root, listing_files[i]);
		_cleanup_close_ int fd = path ? ipc_open_regular_at(AT_FDCWD, path) : -ENOMEM;

		if (fd >= 0)
			return true;
	}
	return false;
}

struct listing_walk {
	enum ipc_kind kind;
	ipc_walk_fn fn;
	void *data;
};

static int walk_entry(const struct ipc_listing_entry *e, void *data)
{
	struct listing_walk *lw = data;
	struct ipc_obj obj = { .kind = lw->kind, .id = -1 };
	_cleanup_free_ char *entry = NULL;
	const char *bare;
	int r;

	if (e->type != '-')
		return 0;
	if (memchr(e->name, '/', e->namelen) || memchr(e->name, '\0', e->namelen))
		return 0;
	entry = strndup(e->name, e->namelen);
	if (!entry)
		return -ENOMEM;
	/* the rule of the live directory: "sem.x" is the semaphore x */
	bare = posix_entry_name(lw->kind, entry);
	if (!bare)
		return 0;
	if (asprintf(&obj.name, "/%s", bare) < 0)
		return -ENOMEM;
	obj.uid = obj.cuid = e->uid;
	obj.gid = obj.cgid = e->gid;
	obj.mode = e->mode;
	obj.mtime = e->mtime;
	obj.have = IPC_HAVE_OWNER | IPC_HAVE_CREATOR | IPC_HAVE_MODE | IPC_HAVE_TIMES |
		   IPC_HAVE_LISTED;
	if (lw->kind == IPC_PSHM)
		obj.pshm.size = e->size;
	r = lw->fn(&obj, lw->data);
	ipc_obj_clear(&obj);
	return r;
}

int listing_walk(struct ipc_ctx *ctx, enum ipc_kind kind, ipc_walk_fn fn, void *data)
{
	_cleanup_free_ char *text = NULL;
	struct listing_walk lw = { kind, fn, data };
	int64_t when;
	int r;

	if (!ipc_kind_is_posix(kind) || kind >= IPC_NKINDS)
		return -EINVAL;
	r = read_listing(ctx, &text, &when);
	if (r < 0)
		return r;
	return ipc_listing_section(text, kind == IPC_PMSG ? "/dev/mqueue" : "/dev/shm", when,
				   walk_entry, &lw);
}
