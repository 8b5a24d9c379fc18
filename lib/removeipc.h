/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whether systemd-logind's RemoveIPC= removes an object when its owner's last session ends. */
#ifndef IPCBOX_REMOVEIPC_H
#define IPCBOX_REMOVEIPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc.h"

/* Where the system-uid boundary came from. */
enum ipc_uidmax_src {
	IPC_UIDMAX_SYSTEMD,	/* systemd.pc's system_uid_max (systemd's build setting) */
	IPC_UIDMAX_LOGIN_DEFS,	/* SYS_UID_MAX of /etc/login.defs */
	IPC_UIDMAX_BUILTIN,	/* neither: 999, systemd's and Debian's default */
};

/*
 * What logind would do, read once from a root ("" live, or a sysroot):
 * everything is read inside the root, symbolic links resolved as if it
 * were "/".
 */
struct ipc_logind {
	bool booted;		/* systemd runs the system (<root>/run/systemd/system),
				 * or, offline without run/systemd, etc/systemd is there */
	bool remove_ipc;	/* RemoveIPC= in effect (the rest is read only when booted) */
	char *remove_ipc_file;	/* the file (as "/etc/...") whose line set it;
				 * NULL: no file sets it, systemd's default (yes) */
	unsigned int remove_ipc_line;
	uint32_t sys_uid_max;	/* uids up to this are system users */
	enum ipc_uidmax_src uid_max_src;
	char *uid_max_file;	/* the file of uid_max_src; NULL for IPC_UIDMAX_BUILTIN */
	int rootfd;		/* the root, O_PATH, for the linger files */
	/* linger answers by uid: a handful of owners, each asked once */
	struct ipc_linger {
		uid_t uid;
		bool lingers;
	} *linger;
	size_t nlinger, caplinger;
};

/* Read the configuration under root. Returns 0, -ENOMEM, or -errno of opening root. */
int ipc_logind_read(const char *root, struct ipc_logind *ret);
void ipc_logind_free(struct ipc_logind *lg);

/* The verdict on one object. */
enum ipc_rmipc {
	IPC_RMIPC_NO,
	IPC_RMIPC_YES,
	IPC_RMIPC_DETACHED,	/* an attached System V segment: removed once detached */
};

/* Why: the first rule that decided. */
enum ipc_rmipc_why {
	IPC_RMIPC_WHY_NOT_BOOTED,	/* systemd does not run the system */
	IPC_RMIPC_WHY_DISABLED,		/* RemoveIPC=no */
	IPC_RMIPC_WHY_NO_OWNER,		/* the owner could not be read */
	IPC_RMIPC_WHY_ROOT,		/* owned by root */
	IPC_RMIPC_WHY_SYSTEM_USER,	/* owner uid <= sys_uid_max */
	IPC_RMIPC_WHY_LINGERS,		/* the owner lingers: its user manager stays */
	IPC_RMIPC_WHY_REMOVED,		/* yes (or detached for an attached segment) */
};

struct ipc_rmipc_verdict {
	enum ipc_rmipc verdict;
	enum ipc_rmipc_why why;
	const char *user;	/* the owner's name, NULL when it has none (ctx's cache) */
};

/*
 * The verdict of systemd-logind (search_ipc() of systemd's clean-ipc.c,
 * called when a user's last session ends) on obj, listed from ctx: every
 * System V queue and set and every POSIX object whose owner uid is the
 * user's, a System V segment only when nothing is attached; never root
 * or a system user; a lingering user's sessions never all end.
 */
void ipc_removeipc(struct ipc_logind *lg, struct ipc_ctx *ctx, const struct ipc_obj *obj,
		   struct ipc_rmipc_verdict *ret);

/* "yes", "no", "detached" */
const char *ipc_rmipc_str(enum ipc_rmipc v);

/* ---- the parsers, exposed for tests and fuzzing ---- */

/*
 * The RemoveIPC= of one logind.conf text (its [Login] section; later
 * lines win, invalid booleans are ignored as systemd ignores them):
 * *ret_value 1 or 0 and *ret_line its line, or *ret_value -1 when the
 * text does not set it.
 */
void ipc_logind_parse_conf(const char *text, int *ret_value, unsigned int *ret_line);

/*
 * The value of "KEY=N" (systemd.pc) or "KEY N" (login.defs) lines, sep
 * '=' or ' ' (blanks); -ENOENT when no valid line has it.
 */
int ipc_logind_parse_uint(const char *text, const char *key, char sep, uint32_t *ret);

#endif
