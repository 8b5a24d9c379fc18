// SPDX-License-Identifier: GPL-2.0-or-later
/* ipcrm: remove System V and POSIX IPC objects, one by one or in filtered bulk. */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <popt.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "cmd/applets.h"
#include "cmd/common.h"
#include "format.h"
#include "ipc.h"
#include "parse.h"
#include "procscan.h"

/* What one option on the command line asks for, checked before anything runs. */
struct action {
	enum ipc_kind kind;
	enum { BY_ID, BY_KEY, BY_NAME } by;
	const char *arg;	/* as typed, for messages */
	int id;
	int32_t key;
	char *name;		/* BY_NAME: with one leading '/' */
};

struct filter {
	bool owner, creator, older, unused;
	uid_t owner_uid, creator_uid;
	char *pattern;		/* --name, with a leading '/' */
	int64_t older_than;	/* seconds */
};

struct ipcrm {
	struct action *acts;
	size_t nacts;
	bool all;
	bool all_kinds[IPC_NKINDS];
	bool verbose, dry_run;
	struct filter f;
	const char *filter_opt;	/* the first filter given, for the "requires --all" message */

	/* --all state */
	struct ipc_ctx ctx;
	bool have_ctx;
	bool scanned;
	bool scan_ok;
	struct procscan ps;
	size_t removed, failed, planned;

	char **args;		/* popt's copies of the option arguments */
	size_t nargs;
	char **argv;		/* getopt_check()'s argv */
};

enum {
	OPT_PSHM = 1000,
	OPT_PMSG,
	OPT_PSEM,
	OPT_OWNER,
	OPT_CREATOR,
	OPT_NAME,
	OPT_OLDER,
	OPT_UNUSED,
	OPT_DRY_RUN,
};

/* The removal order of --all (util-linux's). */
static const enum ipc_kind all_order[] = {
	IPC_SHM, IPC_PSHM, IPC_SEM, IPC_PSEM, IPC_MSG, IPC_PMSG,
};

/* util-linux's wording in "removing ... id `N'" and "removing ... `NAME'". */
static const char *const noun[IPC_NKINDS] = {
	[IPC_SHM]  = "shared memory segment",
	[IPC_MSG]  = "message queue",
	[IPC_SEM]  = "semaphore",
	[IPC_PSHM] = "POSIX shared memory",
	[IPC_PMSG] = "POSIX message queue",
	[IPC_PSEM] = "POSIX semaphore",
};

static void __attribute__((noreturn)) usage(void)
{
	fputs("\n"
	      "Usage:\n"
	      " ipcrm [options]\n"
	      " ipcrm shm|msg|sem <id>...\n"
	      "\n"
	      "Remove certain IPC resources.\n"
	      "\n"
	      "Options:\n"
	      " -m, --shmem-id <id>           remove shared memory segment by id\n"
	      " -M, --shmem-key <key>         remove shared memory segment by key\n"
	      "     --posix-shmem <name>      remove POSIX shared memory segment by name\n"
	      " -q, --queue-id <id>           remove message queue by id\n"
	      " -Q, --queue-key <key>         remove message queue by key\n"
	      "     --posix-mqueue <name>     remove POSIX message queue by name\n"
	      " -s, --semaphore-id <id>       remove semaphore by id\n"
	      " -S, --semaphore-key <key>     remove semaphore by key\n"
	      "     --posix-semaphore <name>  remove POSIX semaphore by name\n"
	      " -a, --all[=shm|pshm|msg|pmsg|sem|psem]\n"
	      "                               remove all (in the specified categories,\n"
	      "                               a comma-separated list)\n"
	      " -v, --verbose                 explain what is being done\n"
	      "\n"
	      "Filters for --all:\n"
	      "     --owner <user>            only objects owned by <user> (name or uid)\n"
	      "     --creator <user>          only objects created by <user>\n"
	      "     --name <pattern>          only POSIX objects whose name matches <pattern>\n"
	      "     --older-than <duration>   only objects unchanged for <duration> (90s, 30m,\n"
	      "                               12h, 7d, 2w)\n"
	      "     --unused                  only objects no process uses\n"
	      "     --dry-run                 list what would be removed or refused, remove nothing\n"
	      "\n"
	      " -h, --help                    display this help\n"
	      " -V, --version                 display version\n"
	      "\n"
	      "For more details see ipcrm(1).\n", stdout);
	exit(close_stdout_status(EXIT_SUCCESS));
}

/* A string from the command line or the system, safe to print on a terminal. */
static const char *safe(const char *s, char **buf)
{
	free(*buf);
	*buf = str_escape_terminal(s);
	return *buf ? *buf : "?";
}

/* ---- removal of one object, with util-linux's messages ---- */

/*
 * Remove a System V object. what is "id" or "key", shown the id or key as
 * the user typed it. quiet_gone: an object that vanished is not a failure
 * (--all). Returns true on success.
 */
static bool remove_sysv(struct ipcrm *c, enum ipc_kind kind, int id, const char *what,
			const char *shown, bool quiet_gone)
{
	_cleanup_free_ char *buf = NULL;
	int r;

	if (c->verbose)
		printf("removing %s id `%d'\n", noun[kind], id);
	r = sysv_remove(kind, id);
	if (r == 0) {
		c->removed++;
		return true;
	}
	if (quiet_gone && (r == -EINVAL || r == -EIDRM || r == -ENOENT))
		return true;
	shown = safe(shown, &buf);
	switch (r) {
	case -EACCES:
	case -EPERM:
		warnx("permission denied for %s (%s)", what, shown);
		break;
	case -EINVAL:
		warnx("invalid %s (%s)", what, shown);
		break;
	case -EIDRM:
		warnx("already removed %s (%s)", what, shown);
		break;
	default:
		warnx("%s failed: %s", what, strerror(-r));
		break;
	}
	c->failed++;
	return false;
}

static bool remove_posix(struct ipcrm *c, enum ipc_kind kind, const char *name,
			 const char *shown, bool quiet_gone)
{
	_cleanup_free_ char *buf = NULL;
	int r;

	shown = safe(shown, &buf);
	if (c->verbose)
		printf("removing %s `%s'\n", noun[kind], shown);
	r = posix_unlink(kind, name);
	if (r == 0) {
		c->removed++;
		return true;
	}
	if (quiet_gone && r == -ENOENT)
		return true;
	switch (r) {
	case -EACCES:
	case -EPERM:
		warnx("permission denied for name `%s'", shown);
		break;
	case -ENOENT:
		warnx("name `%s' not found", shown);
		break;
	case -ENAMETOOLONG:
		warnx("name `%s' too long", shown);
		break;
	default:
		warnx("name failed: %s", strerror(-r));
		break;
	}
	c->failed++;
	return false;
}

static void run_action(struct ipcrm *c, const struct action *a)
{
	_cleanup_free_ char *buf = NULL;
	int id, r;

	switch (a->by) {
	case BY_ID:
		remove_sysv(c, a->kind, a->id, "id", a->arg, false);
		break;
	case BY_KEY:
		r = sysv_key_to_id(a->kind, a->key, &id);
		if (r < 0) {
			const char *shown = safe(a->arg, &buf);

			if (r == -EACCES || r == -EPERM)
				warnx("permission denied for key (%s)", shown);
			else if (r == -EIDRM)
				warnx("already removed key (%s)", shown);
			else if (r == -ENOENT)
				warnx("invalid key (%s)", shown);
			else
				warnx("key failed: %s", strerror(-r));
			c->failed++;
			break;
		}
		/* messages name the key as typed, not the id it resolved to */
		remove_sysv(c, a->kind, id, "key", a->arg, false);
		break;
	case BY_NAME:
		remove_posix(c, a->kind, a->name, a->arg, false);
		break;
	}
}

static void plan_action(struct ipcrm *c, const struct action *a)
{
	_cleanup_free_ char *buf = NULL;

	c->planned++;
	if (a->by == BY_ID)
		printf("would remove %s id `%d'\n", noun[a->kind], a->id);
	else if (a->by == BY_KEY)
		printf("would remove %s key `%s'\n", noun[a->kind], safe(a->arg, &buf));
	else
		printf("would remove %s `%s'\n", noun[a->kind], safe(a->name, &buf));
}

/* ---- --all with filters ---- */

static bool scan_procs(struct ipcrm *c)
{
	int r;

	if (c->scanned)
		return c->scan_ok;
	c->scanned = true;
	r = procscan_run(&c->ctx, PROCSCAN_ALL, &c->ps);
	if (r < 0) {
		warnx("cannot scan %s for processes that use POSIX objects: %s; "
		      "--unused keeps them all", c->ctx.procdir, strerror(-r));
		return false;
	}
	if (c->ps.unreadable) {
		/* a process we cannot see may map any object: removing one
		 * as "unused" would be a guess */
		warnx("cannot inspect %zu of %zu processes (permission denied); "
		      "--unused keeps every POSIX object", c->ps.unreadable, c->ps.nprocs);
		return false;
	}
	c->scan_ok = true;
	return true;
}

/* True when no process uses the object, as far as we can tell for sure. */
static bool is_unused(struct ipcrm *c, const struct ipc_obj *o)
{
	pid_t *pids = NULL;
	bool unused = true;

	switch (o->kind) {
	case IPC_SHM:
		return o->shm.nattch == 0;
	case IPC_MSG:
		/* the last sender and receiver; 0 means there was none */
		return !procscan_pid_exists(&c->ctx, o->msg.lspid) &&
		       !procscan_pid_exists(&c->ctx, o->msg.lrpid);
	case IPC_SEM:
		/* the last operating process of each semaphore (GETPID only) */
		if (sysv_sem_pids(&c->ctx, o->id, o->sem.nsems, &pids) < 0)
			return false;	/* cannot tell: keep it */
		for (size_t i = 0; i < o->sem.nsems && unused; i++)
			if (procscan_pid_exists(&c->ctx, pids[i]))
				unused = false;
		free(pids);
		return unused;
	default:
		if (!scan_procs(c))
			return false;
		return procscan_find_obj(&c->ps, o) == NULL;
	}
}

static bool matches(struct ipcrm *c, const struct ipc_obj *o)
{
	const struct filter *f = &c->f;

	if (f->owner && (!(o->have & IPC_HAVE_OWNER) || o->uid != f->owner_uid))
		return false;
	if (f->creator && (!(o->have & IPC_HAVE_CREATOR) || o->cuid != f->creator_uid))
		return false;
	if (f->pattern && (!o->name || fnmatch(f->pattern, o->name, 0) != 0))
		return false;
	if (f->older) {
		int64_t t = ipc_kind_is_posix(o->kind) ? o->mtime : o->ctime;

		if (t == 0 || c->ctx.now - t < f->older_than)
			return false;
	}
	/* last: it may scan /proc */
	if (f->unused && !is_unused(c, o))
		return false;
	return true;
}

/* ipc_walk_fn of remove_all_of(): act on each object as it is found. */
static int remove_one_of_all(struct ipc_obj *o, void *data)
{
	struct ipcrm *c = data;
	_cleanup_free_ char *buf = NULL;
	char keybuf[FMT_BUFSZ];

	if (!matches(c, o))
		return 0;
	if (c->dry_run) {
		/* predict a refusal the way the real run would meet it */
		bool may = ipc_may_remove(&c->ctx, o);
		const char *verb = may ? "would remove" : "would fail to remove";
		const char *why = may ? "" : ": permission denied";

		if (may)
			c->planned++;
		else
			c->failed++;
		if (ipc_kind_is_posix(o->kind))
			printf("%s %s `%s'%s\n", verb, noun[o->kind], safe(o->name, &buf), why);
		else
			printf("%s %s id `%d' (key %s)%s\n", verb, noun[o->kind], o->id,
			       fmt_key(keybuf, sizeof(keybuf), o->key), why);
		return 0;
	}
	if (ipc_kind_is_posix(o->kind)) {
		remove_posix(c, o->kind, o->name, o->name, true);
	} else {
		char idbuf[16];

		snprintf(idbuf, sizeof(idbuf), "%d", o->id);
		remove_sysv(c, o->kind, o->id, "id", idbuf, true);
	}
	return 0;
}

/*
 * Remove (or plan) every matching object of kind. The objects are walked,
 * not listed first: nothing is kept, and System V objects come straight
 * from the kernel's index (ipc_walk).
 */
static void remove_all_of(struct ipcrm *c, enum ipc_kind kind)
{
	int r;

	r = ipc_walk(&c->ctx, kind, 0, remove_one_of_all, c);
	if (r == -ENOENT && ipc_kind_is_posix(kind)) {
		/* the facility is not there: nothing to remove */
		if (kind == IPC_PMSG)
			warnx("no mqueue filesystem is mounted; POSIX message queues skipped");
		return;
	}
	if (r < 0) {
		warnx("cannot list the %s objects: %s", ipc_kind_name(kind), strerror(-r));
		c->failed++;
	}
}

/* ---- the command line ---- */

static struct action *add_action(struct ipcrm *c, enum ipc_kind kind, int by, const char *arg)
{
	struct action *v = reallocarray(c->acts, c->nacts + 1, sizeof(*v));

	if (!v)
		errx(EXIT_FAILURE, "out of memory");
	c->acts = v;
	v[c->nacts] = (struct action){ .kind = kind, .by = by, .arg = arg, .id = -1 };
	return &v[c->nacts++];
}

static void __attribute__((noreturn)) bad_arg(const char *arg, int r)
{
	_cleanup_free_ char *buf = NULL;

	if (r == -ERANGE)
		errx(EXIT_FAILURE, "failed to parse argument: '%s': %s", safe(arg, &buf),
		     strerror(ERANGE));
	errx(EXIT_FAILURE, "failed to parse argument: '%s'", safe(arg, &buf));
}

static void check_action(struct action *a)
{
	_cleanup_free_ char *buf = NULL;
	int r;

	switch (a->by) {
	case BY_ID:
		r = parse_id(a->arg, &a->id);
		if (r < 0)
			bad_arg(a->arg, r);
		break;
	case BY_KEY:
		r = parse_key(a->arg, &a->key);
		if (r < 0)
			bad_arg(a->arg, r);
		if (a->key == 0)
			errx(EXIT_FAILURE, "illegal key (%s)", safe(a->arg, &buf));
		break;
	case BY_NAME:
		r = parse_posix_name(a->arg, &a->name);
		if (r == -ENOMEM)
			errx(EXIT_FAILURE, "out of memory");
		if (r == -ERANGE)
			errx(EXIT_FAILURE, "name `%s' too long", safe(a->arg, &buf));
		if (r < 0)
			errx(EXIT_FAILURE, "invalid name: '%s' (one optional leading '/', "
			     "no other '/')", safe(a->arg, &buf));
		break;
	}
}

static void parse_all_types(struct ipcrm *c, const char *arg)
{
	_cleanup_free_ char *copy = NULL, *buf = NULL;
	char *tok, *save = NULL;

	c->all = true;
	/* util-linux strips one '=' so that "-a=shm" works */
	if (*arg == '=')
		arg++;
	copy = strdup(arg);
	if (!copy)
		errx(EXIT_FAILURE, "out of memory");
	if (!*copy)
		errx(EXIT_FAILURE, "unknown argument: %s", arg);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int k;

		for (k = 0; k < IPC_NKINDS; k++)
			if (strcmp(tok, ipc_kind_name(k)) == 0)
				break;
		if (k == IPC_NKINDS)
			errx(EXIT_FAILURE, "unknown argument: %s", safe(tok, &buf));
		c->all_kinds[k] = true;
	}
	/* "shm,,msg" or a trailing comma: an empty type */
	if (strstr(arg, ",,") || arg[strlen(arg) - 1] == ',' || arg[0] == ',')
		errx(EXIT_FAILURE, "unknown argument: %s", safe(arg, &buf));
}

static uid_t parse_user(const char *opt, const char *arg)
{
	_cleanup_free_ char *buf = NULL;
	struct passwd *pw;
	int64_t v;

	if (*arg) {
		pw = getpwnam(arg);
		if (pw)
			return pw->pw_uid;
	}
	if (parse_int64(arg, 0, UINT32_MAX - 1, &v) == 0)
		return (uid_t)v;
	errx(EXIT_FAILURE, "%s: unknown user: '%s'", opt, safe(arg, &buf));
}

/* Long options util-linux's ipcrm does not have: they never take its prefixes. */
static const char *const our_long_options[] = {
	"owner", "creator", "name", "older-than", "unused", "dry-run", NULL
};

/* ipcrm shm|msg|sem ID...: the form of the old ipcrm. */
static int legacy_main(int argc, char **argv)
{
	struct ipcrm c = { 0 };
	enum ipc_kind kind;
	bool bad = false;
	int *ids;

	kind = !strcmp(argv[1], "shm") ? IPC_SHM : !strcmp(argv[1], "msg") ? IPC_MSG : IPC_SEM;
	if (argc < 3)
		errx_usage("not enough arguments");
	ids = calloc(argc, sizeof(*ids));
	if (!ids)
		errx(EXIT_FAILURE, "out of memory");
	/* every id is checked before the first removal */
	for (int i = 2; i < argc; i++) {
		_cleanup_free_ char *buf = NULL;

		if (parse_id(argv[i], &ids[i]) < 0) {
			warnx("invalid id: %s", safe(argv[i], &buf));
			bad = true;
		}
	}
	if (bad) {
		free(ids);
		return EXIT_FAILURE;
	}
	for (int i = 2; i < argc; i++)
		remove_sysv(&c, kind, ids[i], "id", argv[i], false);
	free(ids);
	if (c.failed)
		return close_stdout_status(EXIT_FAILURE);
	printf("resource(s) deleted\n");
	return close_stdout_status(EXIT_SUCCESS);
}

int ipcrm_main(int argc, char **argv)
{
	struct poptOption options[] = {
		{ "shmem-id", 'm', POPT_ARG_STRING, NULL, 'm', NULL, NULL },
		{ "shmem-key", 'M', POPT_ARG_STRING, NULL, 'M', NULL, NULL },
		{ "queue-id", 'q', POPT_ARG_STRING, NULL, 'q', NULL, NULL },
		{ "queue-key", 'Q', POPT_ARG_STRING, NULL, 'Q', NULL, NULL },
		{ "semaphore-id", 's', POPT_ARG_STRING, NULL, 's', NULL, NULL },
		{ "semaphore-key", 'S', POPT_ARG_STRING, NULL, 'S', NULL, NULL },
		{ "posix-shmem", 0, POPT_ARG_STRING, NULL, OPT_PSHM, NULL, NULL },
		{ "posix-mqueue", 0, POPT_ARG_STRING, NULL, OPT_PMSG, NULL, NULL },
		{ "posix-semaphore", 0, POPT_ARG_STRING, NULL, OPT_PSEM, NULL, NULL },
		/* as getopt's "a::": only an attached TYPE ("-ashm", "--all=shm") */
		{ "all", 'a', POPT_ARG_STRING | POPT_ARGFLAG_OPTIONAL, NULL, 'a', NULL, NULL },
		{ "owner", 0, POPT_ARG_STRING, NULL, OPT_OWNER, NULL, NULL },
		{ "creator", 0, POPT_ARG_STRING, NULL, OPT_CREATOR, NULL, NULL },
		{ "name", 0, POPT_ARG_STRING, NULL, OPT_NAME, NULL, NULL },
		{ "older-than", 0, POPT_ARG_STRING, NULL, OPT_OLDER, NULL, NULL },
		{ "unused", 0, POPT_ARG_NONE, NULL, OPT_UNUSED, NULL, NULL },
		{ "dry-run", 0, POPT_ARG_NONE, NULL, OPT_DRY_RUN, NULL, NULL },
		{ "verbose", 'v', POPT_ARG_NONE, NULL, 'v', NULL, NULL },
		{ "help", 'h', POPT_ARG_NONE, NULL, 'h', NULL, NULL },
		{ "version", 'V', POPT_ARG_NONE, NULL, 'V', NULL, NULL },
		POPT_TABLEEND
	};
	_cleanup_popt_ poptContext con = NULL;
	struct ipcrm c = { 0 };
	const char *stray;
	int nargc, rc, r;

	if (argc >= 2 && (!strcmp(argv[1], "shm") || !strcmp(argv[1], "msg") ||
			  !strcmp(argv[1], "sem")))
		return legacy_main(argc, argv);
	if (argc < 2)
		errx_usage("bad usage");

	/* getopt's rules: "-a shm" is --all and a stray argument, an error */
	c.argv = getopt_check(argc, argv, options, our_long_options, &nargc);
	con = poptGetContext(NULL, nargc, (const char **)c.argv, options, 0);
	/* the whole command line is read and checked before anything is removed */
	while ((rc = poptGetNextOpt(con)) > 0) {
		char *arg = poptGetOptArg(con);
		_cleanup_free_ char *buf = NULL;

		if (arg) {
			char **more = reallocarray(c.args, c.nargs + 1, sizeof(*c.args));

			if (!more)
				errx(EXIT_FAILURE, "out of memory");
			c.args = more;
			c.args[c.nargs++] = arg;
		}
		switch (rc) {
		case 'm':
			add_action(&c, IPC_SHM, BY_ID, arg);
			break;
		case 'q':
			add_action(&c, IPC_MSG, BY_ID, arg);
			break;
		case 's':
			add_action(&c, IPC_SEM, BY_ID, arg);
			break;
		case 'M':
			add_action(&c, IPC_SHM, BY_KEY, arg);
			break;
		case 'Q':
			add_action(&c, IPC_MSG, BY_KEY, arg);
			break;
		case 'S':
			add_action(&c, IPC_SEM, BY_KEY, arg);
			break;
		case OPT_PSHM:
			add_action(&c, IPC_PSHM, BY_NAME, arg);
			break;
		case OPT_PMSG:
			add_action(&c, IPC_PMSG, BY_NAME, arg);
			break;
		case OPT_PSEM:
			add_action(&c, IPC_PSEM, BY_NAME, arg);
			break;
		case 'a':
			if (arg) {
				parse_all_types(&c, arg);
				break;
			}
			c.all = true;
			for (int k = 0; k < IPC_NKINDS; k++)
				c.all_kinds[k] = true;
			break;
		case OPT_OWNER:
			c.f.owner = true;
			c.f.owner_uid = parse_user("--owner", arg);
			c.filter_opt = c.filter_opt ? c.filter_opt : "--owner";
			break;
		case OPT_CREATOR:
			c.f.creator = true;
			c.f.creator_uid = parse_user("--creator", arg);
			c.filter_opt = c.filter_opt ? c.filter_opt : "--creator";
			break;
		case OPT_NAME:
			free(c.f.pattern);
			/* names are shown and matched with their leading '/' */
			if (asprintf(&c.f.pattern, "%s%s", arg[0] == '/' ? "" : "/", arg) < 0)
				errx(EXIT_FAILURE, "out of memory");
			c.filter_opt = c.filter_opt ? c.filter_opt : "--name";
			break;
		case OPT_OLDER:
			r = parse_duration(arg, &c.f.older_than);
			if (r < 0)
				errx(EXIT_FAILURE, "--older-than: invalid duration: '%s'",
				     safe(arg, &buf));
			c.f.older = true;
			c.filter_opt = c.filter_opt ? c.filter_opt : "--older-than";
			break;
		case OPT_UNUSED:
			c.f.unused = true;
			c.filter_opt = c.filter_opt ? c.filter_opt : "--unused";
			break;
		case OPT_DRY_RUN:
			c.dry_run = true;
			break;
		case 'v':
			c.verbose = true;
			break;
		case 'h':
			usage();
		case 'V':
			print_version();
		}
	}
	if (rc < -1)
		popt_fail(con, rc);
	stray = poptGetArg(con);
	if (stray) {
		_cleanup_free_ char *buf = NULL;

		errx_usage("unknown argument: %s", safe(stray, &buf));
	}
	if (c.filter_opt && !c.all)
		errx_usage("%s requires --all", c.filter_opt);
	if (c.dry_run && !c.all)
		errx_usage("--dry-run requires --all");
	if (!c.nacts && !c.all)
		errx_usage("bad usage");
	for (size_t i = 0; i < c.nacts; i++)
		check_action(&c.acts[i]);

	for (size_t i = 0; i < c.nacts; i++) {
		if (c.dry_run)
			plan_action(&c, &c.acts[i]);
		else
			run_action(&c, &c.acts[i]);
	}

	if (c.all) {
		r = ipc_ctx_init(&c.ctx, NULL);
		if (r < 0)
			errx(EXIT_FAILURE, "cannot read the IPC state: %s", strerror(-r));
		for (size_t i = 0; i < sizeof(all_order) / sizeof(all_order[0]); i++)
			if (c.all_kinds[all_order[i]])
				remove_all_of(&c, all_order[i]);
		if (c.verbose && c.dry_run)
			printf("%zu would be removed, %zu would fail\n", c.planned, c.failed);
		else if (c.verbose)
			printf("%zu removed, %zu failed\n", c.removed, c.failed);
		procscan_free(&c.ps);
		ipc_ctx_free(&c.ctx);
	}

	for (size_t i = 0; i < c.nacts; i++)
		free(c.acts[i].name);
	free(c.acts);
	free(c.f.pattern);
	for (size_t i = 0; i < c.nargs; i++)
		free(c.args[i]);
	free(c.args);
	strv_free(c.argv);
	return close_stdout_status(c.failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
