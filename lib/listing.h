/* SPDX-License-Identifier: GPL-2.0-or-later */
/* POSIX objects of a sosreport: its "ls -lanR /dev" text as the shm and mqueue directories. */
#ifndef IPCBOX_LISTING_H
#define IPCBOX_LISTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc.h"

/*
 * sos 4.0 (Debian 12) runs "ls -lanR /dev" in its block plugin, later
 * versions "ls -alZR /dev"; the output is under sos_commands/block/ in a
 * file named after the command. A sosreport has no dev/shm or dev/mqueue
 * of its own: where the sysroot lacks them, POSIX objects come from it.
 */

/* One line of a long listing. */
struct ipc_listing_entry {
	char type;		/* '-' regular file, 'd', 'l', 'c', ... */
	unsigned int mode;	/* permission bits with setuid, setgid, sticky */
	uid_t uid;		/* -n: numbers (a name there fails the line) */
	gid_t gid;
	uint64_t size;
	int64_t mtime;		/* local time of the reader's TZ, to the minute */
	const char *name;	/* into the line, namelen bytes, not NUL-terminated */
	size_t namelen;
};

/*
 * Parse one line of "ls -l" output (no newline, len bytes): "MODE LINKS
 * UID GID [CONTEXT] SIZE MON DD HH:MM|YYYY NAME". now is when the listing
 * was made: a date with a time and no year is in the year that puts it at
 * most a day after now. Returns 0, or -EINVAL when the line is not one.
 */
int ipc_listing_parse_line(const char *line, size_t len, int64_t now,
			   struct ipc_listing_entry *ret);

/*
 * Call fn for every line of the section "DIR:" of a recursive listing
 * (text, NUL-terminated) that parses; fn returns 0 to go on. Returns 0,
 * -ENOENT when the text has no such section, or fn's value.
 */
typedef int (*ipc_listing_fn)(const struct ipc_listing_entry *e, void *data);
int ipc_listing_section(const char *text, const char *dir, int64_t now,
			ipc_listing_fn fn, void *data);

/* Whether the sysroot of ctx has such a listing (never live). */
bool ipc_listing_present(struct ipc_ctx *ctx);

/*
 * lib/ only: ipc_walk() of a POSIX kind from the listing, for a sysroot
 * without the kind's directory: name, owner, mode, size and mtime; no
 * ctime, values or queue sizes (IPC_HAVE_LISTED). -ENOENT when there is
 * no listing or it has no section for the kind.
 */
int listing_walk(struct ipc_ctx *ctx, enum ipc_kind kind, ipc_walk_fn fn, void *data);

#endif
