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
#include <popt.h>

#include "applets.h"
#include "cmd/common.h"
#include "cmd/lsipc.h"
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
		COL_WAITPIDS, COL_USE) },
};

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n"
	      " lsipc [options]\n"
	      "\nShow information on IPC facilities.\n"
	      "\nResource options:\n"
	      " -m, --shmems             shared memory segments\n"
	      " -M, --posix-shmems       POSIX shared memory segments\n"
	      " -q, --queues             message queues\n"
	      " -Q, --posix-mqueues      POSIX message queues\n"
	      " -s, --semaphores         semaphores\n"
	      " -S, --posix-semaphores   POSIX semaphores\n"
	      " -g, --global             info about system-wide usage\n"
	      "                            (may be used with one of the options above)\n"
	      " -i, --id <id>            System V resource identified by <id>\n"
	      " -N, --name <name>        POSIX resource identified by <name>\n"
	      "     --pid <pid>          the resources of every kind process <pid> uses\n"
	      "\nOptions:\n"
	      "     --noheadings         don't print headings\n"
	      "     --notruncate         don't truncate output\n"
	      "     --time-format=<type> display dates in short, full or iso format\n"
	      "     --sysroot <dir>      read a captured system under <dir> (offline)\n"
	      " -b, --bytes              print SIZE in bytes rather than in human readable format\n"
	      " -c, --creator            show creator and owner\n"
	      " -e, --export             display in an export-able output format\n"
	      " -J, --json               use the JSON output format\n"
	      " -n, --newline            display each piece of information on a new line\n"
	      " -l, --list               force list output format (for example with --id)\n"
	      " -o, --output <list>      the columns to output (+<list> adds to the default)\n"
	      " -P, --numeric-perms      print numeric permissions (PERMS column)\n"
	      " -r, --raw                display in raw mode\n"
	      " -t, --time               show attach, detach and change times\n"
	      " -y, --shell              use column names usable as shell variable identifiers\n"
	      "\n"
	      " -h, --help               display this help\n"
	      " -V, --version            display version\n", out);
	for (size_t g = 0; g < sizeof(help_groups) / sizeof(help_groups[0]); g++) {
		fprintf(out, "\n%s:\n", help_groups[g].title);
		for (size_t i = 0; i < help_groups[g].ncols; i++) {
			const struct tbl_column *col = &columns[help_groups[g].cols[i]];

			fprintf(out, " %14s  %s\n", col->name, col->help);
		}
	}
	fputs("\nFor more details see lsipc(1).\n", out);
	exit(close_stdout_status(EXIT_SUCCESS));
}

/* ---- options ---- */

enum {
	OPT_NOHEADINGS = 1000,
	OPT_NOTRUNCATE,
	OPT_TIME_FORMAT,
	OPT_SYSROOT,
	OPT_PID,
};

/* In util-linux's order: getopt lists the candidates of an ambiguous prefix so. */
static const struct poptOption options[] = {
	{ "bytes", 'b', POPT_ARG_NONE, NULL, 'b', NULL, NULL },
	{ "creator", 'c', POPT_ARG_NONE, NULL, 'c', NULL, NULL },
	{ "export", 'e', POPT_ARG_NONE, NULL, 'e', NULL, NULL },
	{ "global", 'g', POPT_ARG_NONE, NULL, 'g', NULL, NULL },
	{ "help", 'h', POPT_ARG_NONE, NULL, 'h', NULL, NULL },
	{ "id", 'i', POPT_ARG_STRING, NULL, 'i', NULL, NULL },
	{ "json", 'J', POPT_ARG_NONE, NULL, 'J', NULL, NULL },
	{ "list", 'l', POPT_ARG_NONE, NULL, 'l', NULL, NULL },
	{ "name", 'N', POPT_ARG_STRING, NULL, 'N', NULL, NULL },
	{ "newline", 'n', POPT_ARG_NONE, NULL, 'n', NULL, NULL },
	{ "noheadings", '\0', POPT_ARG_NONE, NULL, OPT_NOHEADINGS, NULL, NULL },
	{ "notruncate", '\0', POPT_ARG_NONE, NULL, OPT_NOTRUNCATE, NULL, NULL },
	{ "numeric-perms", 'P', POPT_ARG_NONE, NULL, 'P', NULL, NULL },
	{ "output", 'o', POPT_ARG_STRING, NULL, 'o', NULL, NULL },
	{ "posix-mqueues", 'Q', POPT_ARG_NONE, NULL, 'Q', NULL, NULL },
	{ "posix-semaphores", 'S', POPT_ARG_NONE, NULL, 'S', NULL, NULL },
	{ "posix-shmems", 'M', POPT_ARG_NONE, NULL, 'M', NULL, NULL },
	{ "queues", 'q', POPT_ARG_NONE, NULL, 'q', NULL, NULL },
	{ "raw", 'r', POPT_ARG_NONE, NULL, 'r', NULL, NULL },
	{ "semaphores", 's', POPT_ARG_NONE, NULL, 's', NULL, NULL },
	{ "shmems", 'm', POPT_ARG_NONE, NULL, 'm', NULL, NULL },
	{ "time", 't', POPT_ARG_NONE, NULL, 't', NULL, NULL },
	{ "time-format", '\0', POPT_ARG_STRING, NULL, OPT_TIME_FORMAT, NULL, NULL },
	{ "version", 'V', POPT_ARG_NONE, NULL, 'V', NULL, NULL },
	{ "shell", 'y', POPT_ARG_NONE, NULL, 'y', NULL, NULL },
	{ "sysroot", '\0', POPT_ARG_STRING, NULL, OPT_SYSROOT, NULL, NULL },
	{ "pid", '\0', POPT_ARG_STRING, NULL, OPT_PID, NULL, NULL },
	POPT_TABLEEND
};

static const char *long_name(int val)
{
	for (const struct poptOption *o = options; o->longName; o++)
		if (o->val == val)
			return o->longName;
	return "?";
}

/* Options that cannot be combined: at most one of each group. */
static const char *const exclusive[] = { "Jelnr", "Ngi", "cot", "mMqQsS" };
#define N_EXCLUSIVE (sizeof(exclusive) / sizeof(exclusive[0]))

static void check_exclusive(int *seen, int opt)
{
	for (size_t g = 0; g < N_EXCLUSIVE; g++) {
		if (opt > 0xff || !strchr(exclusive[g], opt))
			continue;
		if (seen[g] && seen[g] != opt)
			errx(EXIT_FAILURE, "options --%s and --%s cannot be combined",
			     long_name(seen[g]), long_name(opt));
		seen[g] = opt;
	}
}


static int kind_of_option(int opt)
{
	switch (opt) {
	case 'q': return IPC_MSG;
	case 's': return IPC_SEM;
	case 'm': return IPC_SHM;
	case 'Q': return IPC_PMSG;
	case 'M': return IPC_PSHM;
	case 'S': return IPC_PSEM;
	default: return -1;
	}
}

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

static void set_pid(struct opts *o, const char *arg)
{
	int64_t v;

	if (parse_int64(arg, 1, INT_MAX, &v) < 0) {
		const char *e = msg_str(arg);

		errx(EXIT_FAILURE, "invalid PID: '%s'", e);
	}
	o->pid = (pid_t)v;
}

/* The output mode of -e, -J, -n, -r, -l: every mode has its option. */
static enum tbl_mode mode_of_option(int opt)
{
	switch (opt) {
	case 'e': return TBL_EXPORT;
	case 'J': return TBL_JSON;
	case 'n': return TBL_NEWLINE;
	case 'r': return TBL_RAW;
	case 'l': return TBL_TABLE;
	}
	/* a mode's option without its case here must not pass for another mode */
	abort();
}

/* One option of the command line; arg is its argument, taken when kept. */
static void set_option(struct opts *o, int opt, char **arg)
{
	switch (opt) {
	case 'm': case 'M': case 'q': case 'Q': case 's': case 'S':
		o->kind = kind_of_option(opt);
		break;
	case 'g':
		o->global = true;
		break;
	case 'i':
		set_id(o, *arg);
		break;
	case 'N':
		set_name(o, *arg);
		break;
	case OPT_NOHEADINGS:
		o->tbl.noheadings = true;
		break;
	case OPT_NOTRUNCATE:
		o->tbl.notruncate = true;
		break;
	case OPT_TIME_FORMAT:
		set_time_format(o, *arg);
		break;
	case OPT_SYSROOT:
		free(o->sysroot);
		o->sysroot = TAKE_PTR(*arg);
		break;
	case OPT_PID:
		set_pid(o, *arg);
		break;
	case 'b':
		o->tbl.bytes = true;
		break;
	case 'c':
		o->creator = true;
		break;
	case 'e': case 'J': case 'n': case 'r': case 'l':
		o->tbl.mode = mode_of_option(opt);
		o->format_set = true;
		break;
	case 'o':
		free(o->output);
		o->output = TAKE_PTR(*arg);
		break;
	case 'P':
		o->l.octal = true;
		break;
	case 't':
		o->time = true;
		break;
	case 'y':
		o->tbl.shellvar = true;
		break;
	case 'h':
		usage();
	case 'V':
		print_version();
	}
}

static void parse_options(int argc, char **argv, struct opts *o)
{
	/* long options of ours that util-linux's lsipc does not have */
	static const char *const our_long_options[] = { "sysroot", "pid", NULL };
	_cleanup_popt_ poptContext con = NULL;
	_cleanup_strv_ char **nargv = NULL;
	int seen[N_EXCLUSIVE] = { 0 };
	const char *stray;
	int rc, nargc;

	/* getopt's prefixes ("--js") and messages, as util-linux's lsipc */
	nargv = getopt_check(argc, argv, options, our_long_options, &nargc);
	con = poptGetContext("lsipc", nargc, (const char **)nargv, options, 0);
	if (!con)
		errx(EXIT_FAILURE, "cannot allocate memory");
	while ((rc = poptGetNextOpt(con)) > 0) {
		_cleanup_free_ char *arg = poptGetOptArg(con);

		check_exclusive(seen, rc);
		set_option(o, rc, &arg);
	}
	if (rc < -1)
		popt_fail(con, rc);
	stray = poptGetArg(con);
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

static bool colset_has(const struct colset *cs, size_t id)
{
	for (size_t i = 0; i < cs->n; i++)
		if (cs->ids[i] == id)
			return true;
	return false;
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

		item = xstr(strndup(e.item, e.len));
		m = msg_str(item);

		if (r == -E2BIG)
			errx(EXIT_FAILURE, "too many columns (at most %d)", MAX_COLUMNS);
		errx(EXIT_FAILURE, "unknown column: %s", m);
	}
	if (r < 0)
		errx(EXIT_FAILURE, "cannot allocate memory");
	for (size_t i = 0; i < cs->n; i++)
		if (!(columns[cs->ids[i]].scope & S(view)))
			errx(EXIT_FAILURE, "column %s does not apply to the specified IPC",
			     columns[cs->ids[i]].name);
}

static void choose_columns(const struct opts *o, int view, bool detail, struct colset *cs)
{
	cs->n = 0;
	if (detail && !o->creator && !o->time) {
		/* a detail view shows everything that applies, in internal order
		 * (but TYPE: the kind was asked for) */
		for (size_t i = 0; i < NCOLS; i++)
			if ((columns[i].scope & S(view)) && i != COL_TYPE)
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
				    !colset_has(cs, i))
					colset_add(cs, i);
		}
	}
	if (o->output)
		parse_output(o, view, cs);
}

int lsipc_main(int argc, char **argv)
{
	struct opts o = { .kind = -1, .tf = TIME_SHORT };
	struct colset cs;
	bool detail;
	int view, status, r;

	/* month names and the decimal point of the user's locale, as util-linux;
	 * and libsmartcols then knows which characters are printable */
	setlocale(LC_ALL, "");
	parse_options(argc, argv, &o);

	if (o.pid && (o.global || o.have_id || o.name || o.creator || o.time))
		errx(EXIT_FAILURE,
		     "--pid cannot be combined with --global, --id, --name, --creator or --time");
	if (o.kind < 0 && (o.creator || o.time || o.have_id || o.name))
		errx(EXIT_FAILURE,
		     "--global is mutually exclusive with --creator, --id, --name and --time");
	if (o.global && (o.creator || o.time))
		errx(EXIT_FAILURE,
		     "--global is mutually exclusive with --creator, --id, --name and --time");
	if (o.have_id && o.kind >= 0 && ipc_kind_is_posix(o.kind))
		errx(EXIT_FAILURE, "--id selects a System V resource: use it with --%s, --%s "
		     "or --%s", views[IPC_SHM].option, views[IPC_MSG].option,
		     views[IPC_SEM].option);
	if (o.name && o.kind >= 0 && !ipc_kind_is_posix(o.kind))
		errx(EXIT_FAILURE, "--name selects a POSIX resource: use it with --%s, --%s "
		     "or --%s", views[IPC_PSHM].option, views[IPC_PMSG].option,
		     views[IPC_PSEM].option);

	view = o.pid ? V_PID : (o.kind < 0 || o.global) ? V_GLOBAL : o.kind;
	detail = (o.have_id || o.name) && !o.format_set;
	if (detail)
		o.tbl.mode = TBL_PRETTY;
	o.l.mode = o.tbl.mode;
	o.tbl.tf = o.time_format_set ? o.tf : detail ? TIME_FULL : TIME_SHORT;

	choose_columns(&o, view, detail, &cs);

	r = ipc_ctx_init(&o.l.ipc, o.sysroot);
	if (r < 0) {
		if (o.sysroot) {
			const char *e = msg_str(o.sysroot);

			errx(EXIT_FAILURE, "cannot use sysroot '%s': %s", e, strerror(-r));
		}
		errx(EXIT_FAILURE, "cannot read the IPC context: %s", strerror(-r));
	}
	/* the short time format tells today from other days */
	o.tbl.now = o.l.ipc.now;

	if (view == V_PID)
		status = show_pid(&o.l, &o, &cs);
	else if (view == V_GLOBAL)
		status = show_global(&o.l, &o, o.global && o.kind >= 0 ? o.kind : -1, &cs);
	else if (o.have_id || o.name)
		status = show_one(&o.l, &o, view, &cs);
	else
		status = show_list(&o.l, &o, view, &cs);
	warn_sysv_notes(&o.l.ipc);

	cmd_cache_free(&o.l.cmds);
	procscan_free(&o.l.ps);
	ipc_ctx_free(&o.l.ipc);
	free(o.name);
	free(o.output);
	free(o.sysroot);
	return close_stdout_status(status);
}

