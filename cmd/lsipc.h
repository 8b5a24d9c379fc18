/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc's private interface between its files: options and dispatch, columns, views. */
#ifndef IPCBOX_LSIPC_H
#define IPCBOX_LSIPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cmd/table.h"
#include "format.h"
#include "hashmap.h"
#include "ipc.h"
#include "procscan.h"

/*
 * Views: the six kinds (same numbers as enum ipc_kind), the global
 * summary, and the objects of every kind one process uses (--pid). A
 * column's scope is a mask of the views it applies to.
 */
#define V_GLOBAL	IPC_NKINDS
#define V_PID		(IPC_NKINDS + 1)
#define S(v)		(1u << (v))
#define S_SYSV		(S(IPC_MSG) | S(IPC_SEM) | S(IPC_SHM))
#define S_POSIX		(S(IPC_PMSG) | S(IPC_PSHM) | S(IPC_PSEM))
#define S_OBJ		(S_SYSV | S_POSIX)
#define S_GLOBAL	S(V_GLOBAL)
#define S_PIDV		S(V_PID)
/* columns of every object, in the --pid view too */
#define S_GEN		(S_OBJ | S_PIDV)

/*
 * Bits of a column's want beside the IPC_WANT_* ones: the /proc scan of
 * the processes that use (W_USERS) or wait on (W_WAITS) the objects.
 */
#define W_IPC		(IPC_WANT_QSIZE | IPC_WANT_MQATTR | IPC_WANT_SEMVAL | IPC_WANT_RSS)
#define W_USERS		(1u << 16)
#define W_WAITS		(1u << 17)

/* The most columns -o may name (duplicates included). */
#define MAX_COLUMNS	128
/* /proc/PID/cmdline is read up to this size. */
#define CMDLINE_MAX	8192

/* Command lines by pid, read once: many segments share a creator. */
struct cmd_cache {
	struct cmd_entry {
		pid_t pid;
		char *cmd;	/* NULL: none readable */
	} *v;			/* in the order first asked for */
	size_t n, cap;
	struct ipc_hashmap map;	/* ipc_hash_u64(pid) -> index in v */
};

struct ipc_logind;

/* What the getters and views need: the context, the caches, the scan of /proc. */
struct lsipc {
	struct ipc_ctx ipc;
	enum tbl_mode mode;	/* for the views' choices; no getter reads it */
	bool octal;		/* -P: PERMS as octal */
	struct cmd_cache cmds;
	struct procscan ps;	/* who uses what, when a column needs it */
	bool scanned;		/* ps holds a scan */
	pid_t pid;		/* --pid: the process whose objects are listed */
	struct ipc_logind *logind;	/* REMOVEIPC: read when first needed (cmd/logind.c) */
	bool logind_failed;	/* could not be read (told once): REMOVEIPC is empty */
	bool allns;		/* --all-namespaces: rows are struct ns_obj */
	bool ns_known;		/* else: ns_ino and ns_container were looked up */
	uint64_t ns_ino;	/* the context's IPC namespace, 0: unknown */
	char *ns_container;	/* the container of its process, NULL: none */
};

/* A row of --all-namespaces: the object and the namespace it was found in. */
struct ns_obj {
	struct ipc_obj o;	/* first: every object getter reads it */
	uint64_t ns;
	const char *container;
};

/* A row of the global view. */
struct limit_row {
	const char *resource;
	const char *desc;
	bool has_limit, has_used;
	bool bytes;		/* LIMIT and USED are byte counts */
	uint64_t limit, used;
};

/* A row of the element table of a System V semaphore set. */
struct sem_elem {
	size_t num;
	const struct ipc_semval *v;
};

enum {
	COL_KEY, COL_ID, COL_OWNER, COL_PERMS, COL_CUID, COL_CUSER, COL_CGID, COL_CGROUP,
	COL_UID, COL_USER, COL_GID, COL_GROUP, COL_CTIME,
	COL_NAME, COL_MTIME,
	COL_USEDBYTES, COL_MSGS, COL_SEND, COL_RECV, COL_LSPID, COL_LRPID,
	COL_SIZE, COL_NATTCH, COL_STATUS, COL_ATTACH, COL_DETACH, COL_COMMAND, COL_CPID,
	COL_LPID,
	COL_NSEMS, COL_OTIME,
	COL_RESOURCE, COL_DESCRIPTION, COL_LIMIT, COL_USED, COL_USEPERC,
	COL_SVAL,
	/* ipcbox: what the kernel offers beyond util-linux */
	COL_RSS, COL_SWAP, COL_MAXMSG, COL_MSGSIZE, COL_NOTIFY, COL_NOTIFY_PID, COL_SIGNO,
	COL_WAITERS,
	/* who uses it: the /proc scan */
	COL_PIDS, COL_NPROCS, COL_WAITPIDS, COL_ORIGKEY, COL_TYPE, COL_USE,
	COL_REMOVEIPC,
	/* --all-namespaces */
	COL_NS, COL_CONTAINER,
	NCOLS
};

/* Shorthands of the column tables. */
#define R	SCOLS_FL_RIGHT
#define L(c)	((struct lsipc *)(c))

/* The values of the options of lsipc-contents.c in lsipc.c's table. */
enum {
	OPT_LOOK_FIRST = 2000,
	OPT_MESSAGES = OPT_LOOK_FIRST,
	OPT_MSGTYPE,
	OPT_MAX_MESSAGES,
	OPT_MAX_BYTES,
	OPT_CONTENTS,
	OPT_DUMP,
	OPT_OFFSET,
	OPT_LENGTH,
	OPT_LOOK_LAST = OPT_LENGTH,
};

struct view_info {
	const char *option;	/* long option that selects it */
	const char *table;	/* JSON top-level key */
	const size_t *defcols;
	size_t ndefcols;
};

/* --messages, --contents, --dump and their settings (lsipc-contents.c). */
struct look_opts {
	bool messages, contents, dump;
	bool msg_set, range_set;	/* a setting of --messages / of a range given */
	long msgtype;		/* --msgtype: 0 every type */
	uint64_t max_messages;	/* UINT64_MAX: no limit */
	uint64_t max_bytes;	/* bytes shown of each message; UINT64_MAX: all */
	uint64_t offset, length;	/* length UINT64_MAX: to the end */
};

struct opts {
	int kind;		/* -1: none given */
	bool global, creator, time;
	bool have_id;
	int id;
	pid_t pid;		/* --pid, 0: none */
	char *name;		/* -N, with exactly one leading '/' */
	const char *output;	/* -o as given */
	const char *sysroot;
	const char *capture;	/* --capture */
	const char *ns;		/* --ns as given, or ns_pid */
	char ns_pid[16];	/* the namespace of --pid, when it is not ours */
	bool namespaces;	/* --namespaces */
	bool all_namespaces;	/* --all-namespaces */
	bool time_format_set;
	enum time_format tf;
	struct lsipc l;
	struct tbl_opts tbl;
	bool format_set;	/* -J -e -n -r -l */
	struct look_opts look;
	/* --metrics (lsipc-metrics.c) */
	bool metrics;
	const char *metrics_file;	/* --metrics-file, NULL: stdout */
	bool metrics_objects;	/* --metrics-objects: per-object series */
	size_t metrics_max;	/* at most this many objects get them */
};

struct colset {
	size_t ids[MAX_COLUMNS];
	size_t n;
};

/* Whether column id is one of cs. */
static inline bool colset_has(const struct colset *cs, size_t id)
{
	for (size_t i = 0; i < cs->n; i++)
		if (cs->ids[i] == id)
			return true;
	return false;
}

/* lsipc-columns.c: the columns, their getters and the views' default columns */
extern const struct tbl_column columns[NCOLS];
extern const struct tbl_column partial_column;
extern const struct tbl_column elem_columns[];
extern const size_t n_elem_columns;
extern const struct view_info views[IPC_NKINDS + 2];
#define COLS(...) (const size_t[]){ __VA_ARGS__ }, \
	sizeof((const size_t[]){ __VA_ARGS__ }) / sizeof(size_t)

/* Allocation that cannot fail: lsipc exits on ENOMEM. */
char *xdup(const char *s);
const char *cmdline_of(struct lsipc *l, pid_t pid);
void cmd_cache_free(struct cmd_cache *cc);
const struct procscan_entry *users_of(const struct lsipc *l, const struct ipc_obj *o);
int cmp_pid(const void *a, const void *b);
const char *partial_reason(const struct lsipc *l, enum ipc_kind kind, bool of);
unsigned int wanted(const struct colset *cs);

/* lsipc-objects.c: listing and printing, the list and one-object views */
void table_start(struct tbl *t, const struct tbl_opts *to, const char *name,
		 const struct colset *cs);
void add_row(struct tbl *t, struct lsipc *l, const void *row);
void print_table(struct tbl *t);
void print_rows(struct tbl *t, struct lsipc *l, const void *rows, size_t n, size_t stride);
const char *mq_dir(struct lsipc *l);
void warn_missing_dir(struct lsipc *l, enum ipc_kind kind);
/* lsipc-objects.c: the directory check and the result of list_kind() and count_kind() */
bool kind_dir_present(struct lsipc *l, enum ipc_kind kind);
int kind_read_result(struct lsipc *l, enum ipc_kind kind, int r);
int list_kind(struct lsipc *l, enum ipc_kind kind, unsigned int want, struct ipc_objs *objs);
bool scan_users(struct lsipc *l, enum ipc_kind kind, unsigned int want);
int show_list(struct lsipc *l, const struct opts *o, int view, const struct colset *cs);
int show_one(struct lsipc *l, const struct opts *o, int view, const struct colset *cs);

/* lsipc-pid.c: the objects one process uses (--pid) */
int show_pid(struct lsipc *l, const struct opts *o, const struct colset *cs);

/* lsipc-contents.c: --messages, --contents, --dump */
/* Set one of their options that take a number (val OPT_LOOK_FIRST.. OPT_LOOK_LAST) from its argument. */
void look_set_option(struct look_opts *lo, int opt, const char *arg);
/* Refuse with one line what cannot be combined with the rest of o. */
void look_check(const struct opts *o);
int show_look(struct lsipc *l, const struct opts *o, int view, const struct colset *cs);
/* lsipc-metrics.c: the Prometheus text format (--metrics) */
int show_metrics(struct lsipc *l, const struct opts *o);
/* lsipc-capture.c: --capture DIR */
int lsipc_capture(struct lsipc *l, const char *dir);

/* lsipc-global.c: limits and usage (-g) */
/* The -g rows of kind k from its limits and its count (when counted), appended at rows + *np. */
void limit_rows(int k, const struct ipc_limits *lim, const struct ipc_count *cnt,
		bool counted, struct limit_row *rows, size_t *np);
int show_global(struct lsipc *l, const struct opts *o, int only, const struct colset *cs);

/* lsipc-namespaces.c: every IPC namespace (--namespaces) */
int show_namespaces(struct lsipc *l, const struct opts *o);
/* --help: the columns of --namespaces, after the others */
void print_ns_column_help(void);
int show_list_all_ns(struct lsipc *l, const struct opts *o, int view, const struct colset *cs);
struct ipc_nsent;
struct ipc_nslist;
void ns_list(struct lsipc *l, struct ipc_nslist *ret);
int ns_ctx_open(const struct ipc_nsent *e, struct ipc_ctx *ctx);
bool ns_ctx_walk_open(const struct ipc_nsent *e, struct ipc_ctx *ctx, size_t *denied, int *why);
bool ns_shm_seen(struct ipc_ctx *ctx, uint64_t *devs, size_t *n);

#endif
