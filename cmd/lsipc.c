/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc: list System V and POSIX IPC objects and the IPC limits; its options, column choice and dispatch. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "applets.h"
#include "cmd/common.h"
#include "cmd/lsipc.h"
#include "cmd/logind.h"
#include "cmd/xalloc.h"
#include "cmd/options.h"
#include "cleanup.h"
#include "format.h"
#include "ipc.h"
#include "parse.h"
#include "procscan.h"


/* ---- usage ---- */

/* Column groups of --help; every column is in exactly one. */
static const struct {
	const char *title;
	const size_t *cols;
	size_t ncols;
} help_groups[] = {
	{ "Generic System V columns", COLS(COL_KEY, COL_ID, COL_OWNER, COL_PERMS, COL_CUID,
		COL_CUSER, COL_CGID, COL_CGROUP, COL_UID, COL_USER, COL_GID, COL_GROUP,
		COL_CTIME) },
	{ "Generic POSIX columns", COLS(COL_NAME, COL_MTIME) },
	{ "System V shared memory columns", COLS(COL_SIZE, COL_NATTCH, COL_STATUS, COL_ATTACH,
		COL_DETACH, COL_COMMAND, COL_CPID, COL_LPID, COL_RSS, COL_SWAP, COL_ORIGKEY) },
	{ "Message queue columns", COLS(COL_USEDBYTES, COL_MSGS, COL_SEND, COL_RECV,
		COL_LSPID, COL_LRPID) },
	{ "System V semaphore columns", COLS(COL_NSEMS, COL_OTIME) },
	{ "POSIX message queue columns", COLS(COL_MAXMSG, COL_MSGSIZE, COL_NOTIFY,
		COL_NOTIFY_PID, COL_SIGNO) },
	{ "POSIX semaphore columns", COLS(COL_SVAL, COL_WAITERS) },
	{ "Summary columns", COLS(COL_RESOURCE, COL_DESCRIPTION, COL_LIMIT, COL_USED,
		COL_USEPERC) },
	{ "Columns of every kind and of --pid", COLS(COL_TYPE, COL_PIDS, COL_NPROCS,
		COL_WAITPIDS, COL_USE, COL_REMOVEIPC) },
	{ "Columns of --all-namespaces", COLS(COL_NS, COL_CONTAINER) },
};

/* After the options in --help: the columns, by group. */
static void print_column_help(void)
{
	for (size_t g = 0; g < sizeof(help_groups) / sizeof(help_groups[0]); g++) {
		printf("\n%s:\n", help_groups[g].title);
		for (size_t i = 0; i < help_groups[g].ncols; i++) {
			const struct tbl_column *col = &columns[help_groups[g].cols[i]];

			printf(" %14s  %s\n", col->name, col->help);
		}
	}
	print_ns_column_help();
}

/* ---- options ---- */

enum {
	OPT_NOHEADINGS = 1000,
	OPT_NOTRUNCATE,
	OPT_TIME_FORMAT,
	OPT_PID,
	OPT_METRICS,
	OPT_METRICS_FILE,
	OPT_METRICS_OBJECTS,
	OPT_CAPTURE,
	OPT_NAMESPACES,
	OPT_ALLNS,
};

/* Exclusive groups: at most one option of each. */
#define G_FORMAT	(1u << 0)	/* -J -e -l -n -r */
#define G_WHICH		(1u << 1)	/* -N -g -i */
#define G_COLUMNS	(1u << 2)	/* -c -o -t */
#define G_KIND		(1u << 3)	/* -m -M -q -Q -s -S */
#define G_LOOK		(1u << 4)	/* --messages --contents --dump */

/* What the rows store: a flag, an argument, the kind, the output mode. */
#define FLAG(m)		CMD_SET_TRUE(struct opts, m)
#define ARG(m)		CMD_SET_ARG(struct opts, m)
#define KIND(k)		CMD_SET_INT(struct opts, kind, k)
#define MODE(m)		CMD_SET_INT(struct opts, tbl.mode, m)

/* -m -M -q -Q -s -S: the kind to list, one of them */
#define KIND_OPTION(nm, letter, ord, k, hlp, ...) \
	{ nm, letter, CMD_ARG_NONE, letter, .order = (ord), .groups = G_KIND, .help = (hlp), \
	  KIND(k), __VA_ARGS__ }
/* -e -J -n -l -r: the output mode, one of them */
#define MODE_OPTION(nm, letter, ord, m, hlp) \
	{ nm, letter, CMD_ARG_NONE, letter, .order = (ord), .groups = G_FORMAT, .help = (hlp), \
	  MODE(m) }
/* the settings of --messages, --contents and --dump: a number each */
#define LOOK_OPTION(nm, val, ord, argn, hlp) \
	{ nm, 0, CMD_ARG_REQUIRED, val, CMD_OPT_OURS, .order = (ord), .argname = (argn), \
	  .help = (hlp) }

/*
 * The options in the order of --help. order is the place in util-linux's
 * getopt table, whose order getopt lists ambiguous candidates in.
 */
static const struct cmd_option option_table[] = {
	KIND_OPTION("shmems", 'm', 21, IPC_SHM, "shared memory segments",
		    .section = "Resource options"),
	KIND_OPTION("posix-shmems", 'M', 17, IPC_PSHM, "POSIX shared memory segments"),
	KIND_OPTION("queues", 'q', 18, IPC_MSG, "message queues"),
	KIND_OPTION("posix-mqueues", 'Q', 15, IPC_PMSG, "POSIX message queues"),
	KIND_OPTION("semaphores", 's', 20, IPC_SEM, "semaphores"),
	KIND_OPTION("posix-semaphores", 'S', 16, IPC_PSEM, "POSIX semaphores"),
	{ "global", 'g', CMD_ARG_NONE, 'g', .order = 4, .groups = G_WHICH,
	  .help = "info about system-wide usage\n"
		  "  (may be used with one of the options above)", FLAG(global) },
	{ "id", 'i', CMD_ARG_REQUIRED, 'i', .order = 6, .groups = G_WHICH,
	  .argname = " <id>", .help = "System V resource identified by <id>",
	  .complete = "_lsipc_ids" },
	{ "name", 'N', CMD_ARG_REQUIRED, 'N', .order = 9, .groups = G_WHICH,
	  .argname = " <name>", .help = "POSIX resource identified by <name>",
	  .complete = "_lsipc_names" },
	{ "pid", 0, CMD_ARG_REQUIRED, OPT_PID, CMD_OPT_OURS, .order = 27,
	  .argname = " <pid>", .help = "the resources of every kind process <pid> uses",
	  .complete = "_lsipc_pids" },
	{ "messages", 0, CMD_ARG_NONE, OPT_MESSAGES, CMD_OPT_OURS, .order = 40,
	  .groups = G_LOOK, .section = "Looking inside (with --id or --name)",
	  .help = "the messages of a queue, read without taking them", FLAG(look.messages) },
	LOOK_OPTION("msgtype", OPT_MSGTYPE, 41, " <type>",
		    "only messages of <type>; -<type>: of <type> or lower"),
	LOOK_OPTION("max-messages", OPT_MAX_MESSAGES, 42, " <n>", "show at most <n> messages"),
	LOOK_OPTION("max-bytes", OPT_MAX_BYTES, 43, " <size>",
		    "show at most <size> bytes of each message"),
	{ "contents", 0, CMD_ARG_NONE, OPT_CONTENTS, CMD_OPT_OURS, .order = 44,
	  .groups = G_LOOK, .help = "shared memory contents as a hex dump",
	  FLAG(look.contents) },
	{ "dump", 0, CMD_ARG_NONE, OPT_DUMP, CMD_OPT_OURS, .order = 45, .groups = G_LOOK,
	  .help = "shared memory contents as raw bytes to stdout\n(not to a terminal)",
	  FLAG(look.dump) },
	LOOK_OPTION("offset", OPT_OFFSET, 46, " <size>", "contents from byte <size> on"),
	LOOK_OPTION("length", OPT_LENGTH, 47, " <size>", "at most <size> bytes of contents"),
	CMD_OPTION_NS(51, "the IPC namespace of process <pid> or of a\nnamespace file", ARG(ns)),
	{ "namespaces", 0, CMD_ARG_NONE, OPT_NAMESPACES, CMD_OPT_OURS, .order = 52,
	  .help = "every IPC namespace of the system, one per line", FLAG(namespaces) },
	{ "all-namespaces", 0, CMD_ARG_NONE, OPT_ALLNS, CMD_OPT_OURS, .order = 53,
	  .help = "the resources of every IPC namespace (with a\nresource option or --metrics)",
	  FLAG(all_namespaces) },
	{ "noheadings", 0, CMD_ARG_NONE, OPT_NOHEADINGS, .order = 11, .section = "Options",
	  .help = "don't print headings", FLAG(tbl.noheadings) },
	{ "notruncate", 0, CMD_ARG_NONE, OPT_NOTRUNCATE, .order = 12,
	  .help = "don't truncate output", FLAG(tbl.notruncate) },
	{ "time-format", 0, CMD_ARG_REQUIRED, OPT_TIME_FORMAT, .order = 23,
	  .argname = "=<type>", .help = "display dates in short, full or iso format",
	  .complete = "=short full iso" },
	CMD_OPTION_SYSROOT(26, "read a captured system under <dir> (offline)", ARG(sysroot)),
	{ "capture", 0, CMD_ARG_REQUIRED, OPT_CAPTURE, CMD_OPT_OURS, .order = 28,
	  .argname = " <dir>", .help = "write what --sysroot reads into the new <dir>",
	  .complete = "@dirs", ARG(capture) },
	{ "bytes", 'b', CMD_ARG_NONE, 'b', .order = 1,
	  .help = "print SIZE in bytes rather than in human readable format", FLAG(tbl.bytes) },
	{ "creator", 'c', CMD_ARG_NONE, 'c', .order = 2, .groups = G_COLUMNS,
	  .help = "show creator and owner", FLAG(creator) },
	MODE_OPTION("export", 'e', 3, TBL_EXPORT, "display in an export-able output format"),
	MODE_OPTION("json", 'J', 7, TBL_JSON, "use the JSON output format"),
	MODE_OPTION("newline", 'n', 10, TBL_NEWLINE,
		    "display each piece of information on a new line"),
	MODE_OPTION("list", 'l', 8, TBL_TABLE, "force list output format (for example with --id)"),
	{ "output", 'o', CMD_ARG_REQUIRED, 'o', .order = 14, .groups = G_COLUMNS,
	  .argname = " <list>", .help = "the columns to output (+<list> adds to the default)",
	  .complete = "_lsipc_columns", ARG(output) },
	{ "numeric-perms", 'P', CMD_ARG_NONE, 'P', .order = 13,
	  .help = "print numeric permissions (PERMS column)", FLAG(l.octal) },
	MODE_OPTION("raw", 'r', 19, TBL_RAW, "display in raw mode"),
	{ "time", 't', CMD_ARG_NONE, 't', .order = 22, .groups = G_COLUMNS,
	  .help = "show attach, detach and change times", FLAG(time) },
	{ "shell", 'y', CMD_ARG_NONE, 'y', .order = 25,
	  .help = "use column names usable as shell variable identifiers", FLAG(tbl.shellvar) },
	{ "metrics", 0, CMD_ARG_NONE, OPT_METRICS, CMD_OPT_OURS, .order = 48, .groups = G_FORMAT,
	  .section = "Metrics",
	  .help = "usage, limits and unused objects in the Prometheus\n"
		  "text format (see METRICS in lsipc(1))", FLAG(metrics) },
	{ "metrics-file", 0, CMD_ARG_REQUIRED, OPT_METRICS_FILE, CMD_OPT_OURS, .order = 49,
	  .argname = " <file>",
	  .help = "write them to <file> atomically (for node_exporter's\n"
		  "textfile collector); the old file stays on failure",
	  .complete = "@files", ARG(metrics_file) },
	{ "metrics-objects", 0, CMD_ARG_OPTIONAL, OPT_METRICS_OBJECTS, CMD_OPT_OURS, .order = 50,
	  .argname = "[=<max>]",
	  .help = "add series per object, for the <max> largest\n"
		  "(default 100)",
	  .complete = "=10 100 1000" },
	CMD_OPTION_HELP_VERSION(5, 24, ""),
};

static const struct cmd_options options = {
	CMD_TABLE(option_table),
	.usage = " lsipc [options]\n",
	.about = "Show information on IPC facilities.\n",
	.more_help = print_column_help,
};

/* -i: util-linux reads -1 as "no id": the whole list */
static void set_id(struct opts *o, const char *arg)
{
	int64_t v;
	int r = parse_int64(arg, -1, INT_MAX, &v);

	if (r < 0) {
		const char *e = msg_str(arg);

		if (r == -ERANGE)
			errx(EXIT_FAILURE, "failed to parse IPC identifier: '%s': %s",
			     e, strerror(ERANGE));
		errx(EXIT_FAILURE, "failed to parse IPC identifier: '%s'", e);
	}
	o->have_id = v >= 0;
	o->id = (int)v;
}

static void set_name(struct opts *o, const char *arg)
{
	free(o->name);
	o->name = NULL;
	if (parse_posix_name(arg, &o->name) < 0) {
		const char *e = msg_str(arg);

		errx(EXIT_FAILURE, "invalid POSIX IPC name: '%s'", e);
	}
}

static void set_time_format(struct opts *o, const char *arg)
{
	if (parse_time_format(arg, &o->tf) < 0) {
		const char *e = msg_str(arg);

		errx(EXIT_FAILURE, "unknown time format: %s", e);
	}
	o->time_format_set = true;
}

static void set_metrics_max(struct opts *o, const char *arg)
{
	int64_t v;

	o->metrics_objects = true;
	if (!arg)
		return;
	if (parse_int64(arg, 0, 1000000, &v) < 0) {
		const char *e = msg_str(arg);

		errx(EXIT_FAILURE, "invalid --metrics-objects maximum: '%s' (0 to 1000000)", e);
	}
	o->metrics_max = (size_t)v;
}

static void set_pid(struct opts *o, const char *arg)
{
	int64_t v;

	if (parse_int64(arg, 1, INT_MAX, &v) < 0) {
		const char *e = msg_str(arg);

		errx(EXIT_FAILURE, "invalid PID: '%s'", e);
	}
	o->pid = (pid_t)v;
}

/* What the row of option opt does not do itself. */
static void set_option(void *target, int opt, const char *arg)
{
	struct opts *o = target;

	switch (opt) {
	case 'i':
		set_id(o, arg);
		break;
	case 'N':
		set_name(o, arg);
		break;
	case OPT_TIME_FORMAT:
		set_time_format(o, arg);
		break;
	case OPT_PID:
		set_pid(o, arg);
		break;
	case OPT_METRICS_OBJECTS:
		set_metrics_max(o, arg);
		break;
	case 'e': case 'J': case 'n': case 'r': case 'l':
		o->format_set = true;	/* the row set the mode */
		break;
	case OPT_LOOK_FIRST ... OPT_LOOK_LAST:
		look_set_option(&o->look, opt, arg);
		break;
	}
}

/* The options, checked as getopt would (p keeps their arguments). */
static void parse_options(struct cmd_parser *p, int argc, char **argv, struct opts *o)
{
	const char *stray;

	/* getopt's prefixes ("--js") and messages, as util-linux's lsipc */
	cmd_parse(p, &options, argc, argv, o, set_option);
	stray = cmd_operand(p);
	if (stray) {
		const char *e = msg_str(stray);

		errx_usage("unexpected argument '%s'", e);
	}
}

/* ---- choosing the columns ---- */


static void colset_add(struct colset *cs, size_t id)
{
	if (cs->n < MAX_COLUMNS)
		cs->ids[cs->n++] = id;
}

static void colset_add_list(struct colset *cs, const size_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		colset_add(cs, ids[i]);
}

/* -t: the times of the kind, in util-linux's order. */
static void add_time_columns(struct colset *cs, int view)
{
	switch (view) {
	case IPC_MSG:
		colset_add(cs, COL_SEND);
		colset_add(cs, COL_RECV);
		colset_add(cs, COL_CTIME);
		break;
	case IPC_SEM:
		colset_add(cs, COL_OTIME);
		colset_add(cs, COL_CTIME);
		break;
	case IPC_SHM:
		/* before the trailing COMMAND, which may be long */
		if (cs->n > 0 && cs->ids[cs->n - 1] == COL_COMMAND) {
			cs->n--;
			colset_add(cs, COL_ATTACH);
			colset_add(cs, COL_DETACH);
			colset_add(cs, COL_COMMAND);
		} else {
			colset_add(cs, COL_ATTACH);
			colset_add(cs, COL_DETACH);
		}
		break;
	default:
		break;
	}
}

/* -o: the list replaces the columns or, with a leading '+', adds to them. */
static void parse_output(const struct opts *o, int view, struct colset *cs)
{
	struct tbl_colerr e;
	int r = tbl_parse_columns(columns, NCOLS, o->output, cs->ids, MAX_COLUMNS, &cs->n, &e);

	if (r == -EINVAL && e.len == 0 && e.item == o->output)
		errx(EXIT_FAILURE, "empty column list");
	if (r == -EINVAL) {
		const char *s = msg_str(o->output);

		errx(EXIT_FAILURE, "empty column name in '%s'", s);
	}
	if (r == -ENOENT || r == -E2BIG) {
		/* reachable while errx() exits, as msg_str()'s copies
		 * (volatile: the store is not dropped as never read) */
		static char *volatile item;
		const char *m;

		item = strndup(e.item, e.len);
		if (!item)
			xalloc_die();
		m = msg_str(item);

		if (r == -E2BIG)
			errx(EXIT_FAILURE, "too many columns (at most %d)", MAX_COLUMNS);
		errx(EXIT_FAILURE, "unknown column: %s", m);
	}
	if (r < 0)
		xalloc_die();
	for (size_t i = 0; i < cs->n; i++)
		if (!(columns[cs->ids[i]].scope & S(view)))
			errx(EXIT_FAILURE, "column %s does not apply to the specified IPC",
			     columns[cs->ids[i]].name);
}

/* NS and CONTAINER: only --all-namespaces has them to show */
static bool ns_column(size_t i)
{
	return i == COL_NS || i == COL_CONTAINER;
}

static void choose_columns(const struct opts *o, int view, bool detail, struct colset *cs)
{
	cs->n = 0;
	if (detail && !o->creator && !o->time) {
		/* a detail view shows everything that applies, in internal order
		 * (but TYPE: the kind was asked for) */
		for (size_t i = 0; i < NCOLS; i++)
			if ((columns[i].scope & S(view)) && i != COL_TYPE && !ns_column(i))
				colset_add(cs, i);
	} else {
		colset_add_list(cs, views[view].defcols, views[view].ndefcols);
		if (o->creator) {
			colset_add(cs, COL_CUID);
			colset_add(cs, COL_CGID);
			if (!ipc_kind_is_posix(view)) {
				colset_add(cs, COL_UID);
				colset_add(cs, COL_GID);
			}
		}
		if (o->time)
			add_time_columns(cs, view);
		if (o->tbl.mode == TBL_JSON && (o->have_id || o->name) && !o->creator &&
		    !o->time) {
			/* the JSON of one object carries what its detail view
			 * shows: util-linux's default keys first, in their
			 * order, then every other column of the kind */
			for (size_t i = 0; i < NCOLS; i++)
				if ((columns[i].scope & S(view)) && i != COL_TYPE &&
				    !ns_column(i) && !colset_has(cs, i))
					colset_add(cs, i);
		}
	}
	if (o->output)
		parse_output(o, view, cs);
}

/* Whether process pid is in another IPC namespace than ours (false: cannot tell). */
static bool pid_in_other_ns(pid_t pid)
{
	struct stat a, b;
	char path[40];

	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)pid);
	if (stat(path, &a) < 0 || stat("/proc/self/ns/ipc", &b) < 0)
		return false;
	return a.st_dev != b.st_dev || a.st_ino != b.st_ino;
}

/* Refuse what cannot be combined, in one line each, before anything is read. */
static void check_options(const struct opts *o)
{
	if ((o->metrics_file || o->metrics_objects) && !o->metrics)
		errx(EXIT_FAILURE, "--%s requires --metrics",
		     o->metrics_file ? "metrics-file" : "metrics-objects");
	if (o->metrics && (o->kind >= 0 || o->global || o->have_id || o->name || o->pid ||
			   o->creator || o->time || o->output))
		errx(EXIT_FAILURE, "--metrics covers every kind: it cannot be combined with a "
		     "resource option, --global, --id, --name, --pid, --creator, --time or --output");
	if (o->metrics && o->namespaces)
		errx(EXIT_FAILURE, "--metrics cannot be combined with --namespaces: "
		     "--all-namespaces gives the metrics of every namespace");
	if (o->capture && (o->sysroot || o->pid || o->global || o->have_id || o->name ||
			   o->kind >= 0 || o->output || o->creator || o->time || o->format_set ||
			   o->metrics || o->look.messages || o->look.contents || o->look.dump ||
			   o->ns || o->namespaces || o->all_namespaces))
		errx(EXIT_FAILURE, "--capture takes no other option");
	if (o->pid && (o->global || o->have_id || o->name || o->creator || o->time))
		errx(EXIT_FAILURE,
		     "--pid cannot be combined with --global, --id, --name, --creator or --time");
	if ((o->kind < 0 && (o->creator || o->time || o->have_id || o->name)) ||
	    (o->global && (o->creator || o->time)))
		errx(EXIT_FAILURE,
		     "--global is mutually exclusive with --creator, --id, --name and --time");
	if (o->have_id && o->kind >= 0 && ipc_kind_is_posix(o->kind))
		errx(EXIT_FAILURE, "--id selects a System V resource: use it with --%s, --%s "
		     "or --%s", views[IPC_SHM].option, views[IPC_MSG].option,
		     views[IPC_SEM].option);
	if (o->name && o->kind >= 0 && !ipc_kind_is_posix(o->kind))
		errx(EXIT_FAILURE, "--name selects a POSIX resource: use it with --%s, --%s "
		     "or --%s", views[IPC_PSHM].option, views[IPC_PMSG].option,
		     views[IPC_PSEM].option);
	look_check(o);
	if (o->ns && o->sysroot)
		errx(EXIT_FAILURE, "--ns cannot be combined with --sysroot");
	if (o->all_namespaces && ((o->kind < 0 && !o->metrics) || o->global || o->have_id ||
				  o->name || o->pid || o->sysroot || o->ns || o->namespaces))
		errx(EXIT_FAILURE, "--all-namespaces needs a resource option or --metrics and cannot be "
		     "combined with --global, --id, --name, --pid, --sysroot, --ns or --namespaces");
	if (o->namespaces && (o->kind >= 0 || o->global || o->have_id || o->name || o->pid ||
			      o->creator || o->time || o->sysroot || o->ns))
		errx(EXIT_FAILURE, "--namespaces cannot be combined with a resource option, "
		     "--global, --id, --name, --pid, --creator, --time, --sysroot or --ns");
}

/* The view the options ask for, its output settings and its columns in *cs. */
static int choose_view(struct opts *o, struct colset *cs)
{
	int view = o->pid ? V_PID : (o->kind < 0 || o->global) ? V_GLOBAL : o->kind;
	bool detail = (o->have_id || o->name) && !o->format_set;

	if (detail)
		o->tbl.mode = TBL_PRETTY;
	o->l.mode = o->tbl.mode;
	o->tbl.tf = o->time_format_set ? o->tf : detail ? TIME_FULL : TIME_SHORT;

	if (!o->namespaces)
		choose_columns(o, view, detail, cs);
	if (o->all_namespaces && (!o->output || o->output[0] == '+')) {
		/* the namespace first, then what the view shows */
		if (cs->n + 2 > MAX_COLUMNS)
			errx(EXIT_FAILURE, "too many columns (at most %d)", MAX_COLUMNS);
		memmove(cs->ids + 2, cs->ids, cs->n * sizeof(cs->ids[0]));
		cs->ids[0] = COL_NS;
		cs->ids[1] = COL_CONTAINER;
		cs->n += 2;
	}
	return view;
}

/* The context to read: the system, a sysroot, or the namespace of --ns (or of --pid). */
static void open_context(struct opts *o)
{
	int r = ipc_ctx_init(&o->l.ipc, o->sysroot);

	if (r < 0) {
		if (o->sysroot) {
			const char *e = msg_str(o->sysroot);

			errx(EXIT_FAILURE, "cannot use sysroot '%s': %s", e, strerror(-r));
		}
		errx(EXIT_FAILURE, "cannot read the IPC context: %s", strerror(-r));
	}
	if (!o->ns && o->pid && !o->sysroot && pid_in_other_ns(o->pid)) {
		/* --pid of a process in another namespace: its objects are there */
		snprintf(o->ns_pid, sizeof(o->ns_pid), "%d", (int)o->pid);
		o->ns = o->ns_pid;
	}
	if (o->ns) {
		cmd_set_ns(&o->l.ipc, o->ns);
		cmd_ns_enter(&o->l.ipc);
	}
	/* the short time format tells today from other days */
	o->tbl.now = o->l.ipc.now;
}

/* What the options ask for, shown; the exit status. */
static int show(struct opts *o, int view, const struct colset *cs)
{
	if (o->metrics)
		return show_metrics(&o->l, o);
	if (o->capture)
		return lsipc_capture(&o->l, o->capture);
	if (o->namespaces)
		return show_namespaces(&o->l, o);
	if (o->all_namespaces)
		return show_list_all_ns(&o->l, o, view, cs);
	if (view == V_PID)
		return show_pid(&o->l, o, cs);
	if (view == V_GLOBAL)
		return show_global(&o->l, o, o->global && o->kind >= 0 ? o->kind : -1, cs);
	if (o->look.messages || o->look.contents || o->look.dump)
		return show_look(&o->l, o, view, cs);
	if (o->have_id || o->name)
		return show_one(&o->l, o, view, cs);
	return show_list(&o->l, o, view, cs);
}

int lsipc_main(int argc, char **argv)
{
	_cleanup_cmd_parser_ struct cmd_parser p = { 0 };
	struct opts o = { .kind = -1, .tf = TIME_SHORT, .metrics_max = 100,
			  .look = { .max_messages = UINT64_MAX, .max_bytes = UINT64_MAX,
				    .length = UINT64_MAX } };
	struct colset cs;
	int view, status;

	/* month names and the decimal point of the user's locale, as util-linux;
	 * and libsmartcols then knows which characters are printable */
	setlocale(LC_ALL, "");
	parse_options(&p, argc, argv, &o);
	check_options(&o);
	view = choose_view(&o, &cs);
	open_context(&o);
	status = show(&o, view, &cs);
	warn_sysv_notes(&o.l.ipc);

	removeipc_free(&o.l);
	free(o.l.ns_container);
	cmd_cache_free(&o.l.cmds);
	procscan_free(&o.l.ps);
	ipc_ctx_free(&o.l.ipc);
	free(o.name);
	return close_stdout_status(status);
}
