// SPDX-License-Identifier: GPL-2.0-or-later
/* ipcrm: remove System V and POSIX IPC objects, one by one or in filtered bulk. */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "array.h"
#include "cleanup.h"
#include "cmd/applets.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/unused.h"
#include "cmd/xalloc.h"
#include "format.h"
#include "ipc.h"
#include "parse.h"
#include "procscan.h"

/* How a removal option names its object. */
enum remove_by { BY_ID, BY_KEY, BY_NAME };
#define BY_N	(BY_NAME + 1)

/* What one option on the command line asks for, checked before anything runs. */
struct action {
	enum ipc_kind kind;
	enum remove_by by;
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
	int filter_val;		/* the first filter given, for the "requires --all" message */

	const char *ns;		/* --ns as given */
	bool have_ctx;		/* ctx is made (--ns makes it first) */

	/* --all state */
	struct ipc_ctx ctx;
	struct ipc_objs found[IPC_NKINDS];	/* the candidates, listed first */
	struct unused_judge uj;	/* --unused: the rule, and its one process scan */
	size_t removed, failed, planned;
	size_t by_kind[IPC_NKINDS];	/* removed (or planned) per kind */
	size_t kept;		/* by --unused, or changed since listed */
	size_t unknown;		/* of them, kept for want of knowing: exit 1 */
};

enum {
	/* the filters of --all, in a row */
	OPT_OWNER = 1000,
	OPT_CREATOR,
	OPT_NAME,
	OPT_OLDER,
	OPT_UNUSED,
	OPT_DRY_RUN,
	/* a removal: its kind and how it names the object, in the val */
	OPT_REMOVE = 1100,
	OPT_REMOVE_LAST = OPT_REMOVE + IPC_NKINDS * BY_N - 1,
};
#define OPT_REMOVE_BY(kind, by)	(OPT_REMOVE + (kind) * BY_N + (by))

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

/*
 * A removal option: by id, key or name (by), of kind k; how is what
 * completions/ipcrm lists for it. ... more of the row.
 */
#define REMOVE_OPTION(nm, letter, k, by, ord, argn, what, how, ...) \
	{ nm, letter, CMD_ARG_REQUIRED, OPT_REMOVE_BY(k, by), .order = (ord), \
	  .argname = " <" argn ">", .help = "remove " what " by " argn, \
	  .complete = "_ipcrm_objects " how, __VA_ARGS__ }
/*
 * The three of a System V kind and its POSIX kin: -m <id>, -M <key>,
 * --posix-shmem <name> (sv and px: the letters of the two kinds in
 * lsipc and ipcs). util-linux has the ids and keys at places 1-6 of its
 * table, the names at 7-9: ord and pord.
 */
#define REMOVE_KIND(word, id_letter, key_letter, pword, k, pk, sv, px, noun, ord, pord, ...) \
	REMOVE_OPTION(word "-id", id_letter, k, BY_ID, ord, "id", noun, "-" sv " ID", \
		      __VA_ARGS__), \
	REMOVE_OPTION(word "-key", key_letter, k, BY_KEY, (ord) + 1, "key", noun, "-" sv " KEY"), \
	REMOVE_OPTION(pword, 0, pk, BY_NAME, pord, "name", "POSIX " noun, "-" px " NAME")

/* A filter of --all that takes an argument: only what matches it is removed. */
#define FILTER_OPTION(nm, val, ord, argn, what, compl, ...) \
	{ nm, 0, CMD_ARG_REQUIRED, val, CMD_OPT_OURS, .order = (ord), .argname = (argn), \
	  .help = "only " what, .complete = (compl), __VA_ARGS__ }

/* The options in the order of --help; order is the place in util-linux's table. */
static const struct cmd_option option_table[] = {
	REMOVE_KIND("shmem", 'm', 'M', "posix-shmem", IPC_SHM, IPC_PSHM, "m", "M",
		    "shared memory segment", 1, 7, .section = "Options"),
	REMOVE_KIND("queue", 'q', 'Q', "posix-mqueue", IPC_MSG, IPC_PMSG, "q", "Q",
		    "message queue", 3, 8),
	REMOVE_KIND("semaphore", 's', 'S', "posix-semaphore", IPC_SEM, IPC_PSEM, "s", "S",
		    "semaphore", 5, 9),
	/* as getopt's "a::": only an attached TYPE ("-ashm", "--all=shm") */
	{ "all", 'a', CMD_ARG_OPTIONAL, 'a', .order = 10,
	  .argname = "[=shm|pshm|msg|pmsg|sem|psem]",
	  .help = "remove all (in the specified categories,\n"
		  "a comma-separated list)",
	  .complete = "_ipcrm_all_types" },
	{ "verbose", 'v', CMD_ARG_NONE, 'v', .order = 17,
	  .help = "explain what is being done", CMD_SET_TRUE(struct ipcrm, verbose) },
	FILTER_OPTION("owner", OPT_OWNER, 11, " <user>", "objects owned by <user> (name or uid)",
		      "@users", .section = "Filters for --all"),
	FILTER_OPTION("creator", OPT_CREATOR, 12, " <user>", "objects created by <user>", "@users"),
	FILTER_OPTION("name", OPT_NAME, 13, " <pattern>",
		      "POSIX objects whose name matches <pattern>", "_ipcrm_names"),
	FILTER_OPTION("older-than", OPT_OLDER, 14, " <duration>",
		      "objects unchanged for <duration> (90s, 30m,\n12h, 7d, 2w)",
		      "=1h 12h 1d 7d 30d"),
	{ "unused", 0, CMD_ARG_NONE, OPT_UNUSED, CMD_OPT_OURS, .order = 15,
	  .help = "only objects no process uses or waits on; when\n"
		  "that cannot be told, keep the object", CMD_SET_TRUE(struct ipcrm, f.unused) },
	{ "dry-run", 0, CMD_ARG_NONE, OPT_DRY_RUN, CMD_OPT_OURS, .order = 16,
	  .help = "list what would be removed or refused, remove nothing",
	  CMD_SET_TRUE(struct ipcrm, dry_run) },
	CMD_OPTION_NS(20, "remove in the IPC namespace of process <pid> or of\n"
		      "a namespace file (POSIX shm and semaphores: <pid>)",
		      .section = "", CMD_SET_ARG(struct ipcrm, ns)),
	CMD_OPTION_HELP_VERSION(18, 19, ""),
};

static const struct cmd_options options = {
	CMD_TABLE(option_table),
	.column = 31,
	.usage = " ipcrm [options]\n"
		 " ipcrm shm|msg|sem <id>...\n",
	.about = "Remove certain IPC resources.\n",
};

/* ---- removal of one object, with util-linux's messages ---- */

/*
 * Remove a System V object. what is "id" or "key", shown the id or key as
 * the user typed it. quiet_gone: an object that vanished is not a failure
 * (--all). Returns true on success.
 */
static bool remove_sysv(struct ipcrm *c, enum ipc_kind kind, int id, const char *what,
			const char *shown, bool quiet_gone)
{
	int r;

	if (c->verbose)
		printf("removing %s id `%d'\n", noun[kind], id);
	r = sysv_remove(kind, id);
	if (r == 0) {
		c->removed++;
		c->by_kind[kind]++;
		return true;
	}
	if (quiet_gone && (r == -EINVAL || r == -EIDRM || r == -ENOENT))
		return true;
	shown = msg_str(shown);
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

/*
 * --ns: shm_unlink() and sem_unlink() would remove the caller's namesake
 * (they find /dev/shm by name): remove the entry of the namespace's own
 * directory, exactly the file found there.
 */
static int remove_posix_in_ns(struct ipcrm *c, enum ipc_kind kind, const char *name)
{
	struct ipc_obj obj;
	int r;

	if (kind == IPC_PMSG)
		return posix_unlink(kind, name);	/* mq_unlink(): the namespace we are in */
	r = posix_stat_name(&c->ctx, kind, name, 0, &obj);
	if (r < 0)
		return r;
	r = posix_remove_obj(&c->ctx, &obj);
	ipc_obj_clear(&obj);
	return r;
}

static bool remove_posix(struct ipcrm *c, enum ipc_kind kind, const char *name,
			 const char *shown, bool quiet_gone)
{
	int r;

	shown = msg_str(shown);
	if (c->verbose)
		printf("removing %s `%s'\n", noun[kind], shown);
	r = c->ns ? remove_posix_in_ns(c, kind, name) : posix_unlink(kind, name);
	if (r == 0) {
		c->removed++;
		c->by_kind[kind]++;
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
	int id, r;

	switch (a->by) {
	case BY_ID:
		remove_sysv(c, a->kind, a->id, "id", a->arg, false);
		break;
	case BY_KEY:
		r = sysv_key_to_id(a->kind, a->key, &id);
		if (r < 0) {
			const char *shown = msg_str(a->arg);

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
	c->planned++;
	c->by_kind[a->kind]++;
	if (a->by == BY_ID)
		printf("would remove %s id `%d'\n", noun[a->kind], a->id);
	else if (a->by == BY_KEY)
		printf("would remove %s key `%s'\n", noun[a->kind], msg_str(a->arg));
	else
		printf("would remove %s `%s'\n", noun[a->kind], msg_str(a->name));
}

/* ---- --all with filters ---- */

/* now - t >= age, for every representable t (no overflow); 0 is 1970. */
static bool is_older(int64_t t, int64_t now, int64_t age)
{
	int64_t d;

	if (t > now)
		return false;
	if (__builtin_sub_overflow(now, t, &d))
		return true;	/* further back than int64 can count */
	return d >= age;
}

/* The filters that need nothing but the object itself. */
static bool matches(struct ipcrm *c, const struct ipc_obj *o)
{
	const struct filter *f = &c->f;

	if (f->owner && (!(o->have & IPC_HAVE_OWNER) || o->uid != f->owner_uid))
		return false;
	if (f->creator && (!(o->have & IPC_HAVE_CREATOR) || o->cuid != f->creator_uid))
		return false;
	if (f->pattern && (!o->name || fnmatch(f->pattern, o->name, 0) != 0))
		return false;
	if (f->older && !is_older(ipc_obj_changed(o), c->ctx.now, f->older_than))
		return false;
	return true;
}

/* "shared memory segment id `5' (key 0x0000abcd)", "POSIX semaphore `/x'" */
static const char *describe(const struct ipc_obj *o, char *buf, size_t size)
{
	char keybuf[FMT_BUFSZ];

	if (ipc_kind_is_posix(o->kind))
		snprintf(buf, size, "%s `%s'", noun[o->kind], msg_str(o->name));
	else
		snprintf(buf, size, "%s id `%d' (key %s)", noun[o->kind], o->id,
			 fmt_key(keybuf, sizeof(keybuf), o->key));
	return buf;
}

static void act_on(struct ipcrm *c, const struct ipc_obj *o);

/*
 * ipc_walk_fn of collect(): keep the candidates of --all --unused for the
 * judgement; without --unused there is nothing to wait for, and each
 * object is acted on as the walk finds it (nothing is kept).
 */
static int collect_one(struct ipc_obj *o, void *data)
{
	struct ipcrm *c = data;
	struct ipc_obj *slot;

	/* removed already: it goes when its last process detaches */
	if (o->kind == IPC_SHM && (o->mode & IPC_SHM_DEST)) {
		if (c->verbose || c->dry_run)
			printf("shared memory segment id `%d' is already marked for removal "
			       "(attached %" PRIu64 " %s)\n", o->id, o->shm.nattch,
			       o->shm.nattch == 1 ? "time" : "times");
		return 0;
	}
	if (!matches(c, o))
		return 0;
	if (!c->f.unused) {
		act_on(c, o);
		return 0;
	}
	slot = ipc_objs_push(&c->found[o->kind]);
	if (!slot)
		return -ENOMEM;
	*slot = *o;
	o->name = NULL;
	return 0;
}

/* List the candidates of kind; System V straight from the kernel's index. */
static void collect(struct ipcrm *c, enum ipc_kind kind)
{
	int r;

	r = ipc_walk(&c->ctx, kind, 0, collect_one, c);
	if (kind == IPC_PMSG && c->ctx.mq_foreign)
		warn_mqueue_foreign(&c->ctx);
	if (r == -ENOENT && ipc_kind_is_posix(kind)) {
		/* the facility is not there: nothing to remove */
		if (kind != IPC_PMSG && c->ctx.ns_no_shm)
			warn_ns_no_shm(&c->ctx);
		else if (kind == IPC_PMSG && !c->ctx.mq_foreign)
			warnx("no mqueue filesystem is mounted; POSIX message queues skipped");
		return;
	}
	if (r == -ENOMEM)
		xalloc_die();
	if (r < 0) {
		warnx("cannot list the %s: %s", ipc_kind_plural(kind), strerror(-r));
		c->failed++;
	}
}

/*
 * --unused: whether the System V object judged is still the same object,
 * unchanged where it matters: the same key and change time, and no use
 * since the judgement (no attachment, no message sent or received, no
 * semaphore operation). Returns UNUSED to go on, GONE, or IN_USE with why.
 */
static enum verdict recheck_sysv(struct ipcrm *c, const struct ipc_obj *o, char *why, size_t size)
{
	struct ipc_obj now;
	bool used;

	if (sysv_stat_id(&c->ctx, o->kind, o->id, &now) < 0)
		return GONE;	/* removed meanwhile, or no longer ours to stat */
	ipc_obj_clear(&now);
	if (now.key != o->key || now.ctime != o->ctime)
		return GONE;	/* changed by IPC_SET, or another object now */
	switch (o->kind) {
	case IPC_SHM:
		used = now.shm.nattch != 0;
		break;
	case IPC_MSG:
		used = now.msg.stime != o->msg.stime || now.msg.rtime != o->msg.rtime ||
		       now.msg.lspid != o->msg.lspid || now.msg.lrpid != o->msg.lrpid;
		break;
	default:
		used = now.sem.otime != o->sem.otime;
		break;
	}
	if (!used)
		return UNUSED;
	snprintf(why, size, "used since it was judged");
	return IN_USE;
}

static void keep(struct ipcrm *c, const struct ipc_obj *o, enum verdict v, const char *why)
{
	char desc[NAME_MAX * 4 + 96];

	c->kept++;
	if (v == UNKNOWN)
		c->unknown++;
	if (c->verbose || c->dry_run)
		printf("keeping %s: %s\n", describe(o, desc, sizeof(desc)), why);
}

/* Remove (or plan) one candidate of --all, judged first with --unused. */
static void act_on(struct ipcrm *c, const struct ipc_obj *o)
{
	char why[256], desc[NAME_MAX * 4 + 96];
	enum verdict v = c->f.unused ? unused_verdict(&c->uj, o, why, sizeof(why)) : UNUSED;
	int r;

	if (v == GONE)
		return;
	if (v != UNUSED) {
		keep(c, o, v, why);
		return;
	}
	if (c->dry_run) {
		/* predict a refusal the way the real run would meet it */
		if (ipc_may_remove(&c->ctx, o)) {
			c->planned++;
			c->by_kind[o->kind]++;
			printf("would remove %s\n", describe(o, desc, sizeof(desc)));
		} else {
			c->failed++;
			printf("would fail to remove %s: permission denied\n",
			       describe(o, desc, sizeof(desc)));
		}
		return;
	}
	if (ipc_kind_is_posix(o->kind)) {
		const char *shown = msg_str(o->name);

		if (c->verbose)
			printf("removing %s `%s'\n", noun[o->kind], shown);
		r = posix_remove_obj(&c->ctx, o);
		if (r == 0) {
			c->removed++;
			c->by_kind[o->kind]++;
		} else if (r == -ESTALE) {
			keep(c, o, IN_USE, "its name now names another file");
		} else if (r != -ENOENT) {
			if (r == -EACCES || r == -EPERM)
				warnx("permission denied for name `%s'", shown);
			else
				warnx("cannot remove %s `%s': %s", noun[o->kind], shown,
				      strerror(-r));
			c->failed++;
		}
	} else {
		char idbuf[16];

		/* judged a while ago, with the other kinds: still as judged? */
		v = c->f.unused ? recheck_sysv(c, o, why, sizeof(why)) : UNUSED;
		if (v == GONE)
			return;
		if (v != UNUSED) {
			keep(c, o, v, why);
			return;
		}
		snprintf(idbuf, sizeof(idbuf), "%d", o->id);
		remove_sysv(c, o->kind, o->id, "id", idbuf, true);
	}
}

/*
 * "3 removed (1 shm, 2 pshm), 0 kept, 0 failed": what went, by kind in the
 * order of --all, so that -a -v says plainly which POSIX objects it took.
 */
static void print_summary(const struct ipcrm *c)
{
	size_t done = c->dry_run ? c->planned : c->removed;
	const char *sep = " (";

	printf("%zu %s", done, c->dry_run ? "would be removed" : "removed");
	for (size_t i = 0; i < sizeof(all_order) / sizeof(all_order[0]); i++) {
		if (!c->by_kind[all_order[i]])
			continue;
		printf("%s%zu %s", sep, c->by_kind[all_order[i]], ipc_kind_name(all_order[i]));
		sep = ", ";
	}
	printf("%s, %zu kept, %zu %s\n", done ? ")" : "", c->kept, c->failed,
	       c->dry_run ? "would fail" : "failed");
}

/*
 * --all: with --unused, list the candidates of every selected kind first,
 * then judge and remove them in util-linux's order: listing everything
 * before the one process scan means no object judged is newer than the
 * scan. Without it, each object goes as the walk finds it.
 */
static void remove_all(struct ipcrm *c)
{
	int r;

	if (!c->have_ctx) {
		r = ipc_ctx_init(&c->ctx, NULL);
		if (r < 0)
			errx(EXIT_FAILURE, "cannot read the IPC state: %s", strerror(-r));
		c->have_ctx = true;
	}
	if (c->f.older && !c->f.unused &&
	    (c->all_kinds[IPC_PSHM] || c->all_kinds[IPC_PMSG] || c->all_kinds[IPC_PSEM]))
		warnx("note: --older-than judges POSIX objects by their modification time, "
		      "which using them (a mapping, a message, sem_post) does not change; "
		      "add --unused to keep the ones in use");
	if (c->f.unused)
		unused_judge_init(&c->uj, &c->ctx, c->all_kinds, false);
	for (size_t i = 0; i < sizeof(all_order) / sizeof(all_order[0]); i++)
		if (c->all_kinds[all_order[i]])
			collect(c, all_order[i]);
	for (size_t i = 0; i < sizeof(all_order) / sizeof(all_order[0]); i++) {
		struct ipc_objs *objs = &c->found[all_order[i]];

		for (size_t k = 0; k < objs->n; k++)
			act_on(c, &objs->v[k]);
		ipc_objs_free(objs);
	}
	if (c->verbose)
		print_summary(c);
	if (c->f.unused)
		unused_judge_free(&c->uj);
	ipc_ctx_free(&c->ctx);
	c->have_ctx = false;
}

/* ---- the command line ---- */

static struct action *add_action(struct ipcrm *c, enum ipc_kind kind, int by, const char *arg)
{
	struct action *v = xreallocarray(c->acts, c->nacts + 1, sizeof(*v));

	c->acts = v;
	v[c->nacts] = (struct action){ .kind = kind, .by = by, .arg = arg, .id = -1 };
	return &v[c->nacts++];
}

static void __attribute__((noreturn)) bad_arg(const char *arg, int r)
{
	if (r == -ERANGE)
		errx(EXIT_FAILURE, "failed to parse argument: '%s': %s", msg_str(arg),
		     strerror(ERANGE));
	errx(EXIT_FAILURE, "failed to parse argument: '%s'", msg_str(arg));
}

static void check_action(struct action *a)
{
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
			errx(EXIT_FAILURE, "illegal key (%s)", msg_str(a->arg));
		break;
	case BY_NAME:
		r = parse_posix_name(a->arg, &a->name);
		if (r == -ENOMEM)
			xalloc_die();
		if (r == -ERANGE)
			errx(EXIT_FAILURE, "name `%s' too long", msg_str(a->arg));
		if (r < 0)
			errx(EXIT_FAILURE, "invalid name: '%s' (one optional leading '/', "
			     "no other '/')", msg_str(a->arg));
		break;
	}
}

static void parse_all_types(struct ipcrm *c, const char *arg)
{
	_cleanup_free_ char *copy = NULL;
	char *tok, *save = NULL;

	c->all = true;
	/* util-linux strips one '=' so that "-a=shm" works */
	if (*arg == '=')
		arg++;
	copy = xstrdup(arg);
	if (!*copy)
		errx(EXIT_FAILURE, "unknown argument: %s", arg);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int k;

		for (k = 0; k < IPC_NKINDS; k++)
			if (strcmp(tok, ipc_kind_name(k)) == 0)
				break;
		if (k == IPC_NKINDS)
			errx(EXIT_FAILURE, "unknown argument: %s", msg_str(tok));
		c->all_kinds[k] = true;
	}
	/* "shm,,msg" or a trailing comma: an empty type */
	if (strstr(arg, ",,") || arg[strlen(arg) - 1] == ',' || arg[0] == ',')
		errx(EXIT_FAILURE, "unknown argument: %s", msg_str(arg));
}

static uid_t parse_user(const char *opt, const char *arg)
{
	struct passwd *pw;
	int64_t v;

	if (*arg) {
		pw = getpwnam(arg);
		if (pw)
			return pw->pw_uid;
	}
	if (parse_int64(arg, 0, UINT32_MAX - 1, &v) == 0)
		return (uid_t)v;
	errx(EXIT_FAILURE, "%s: unknown user: '%s'", opt, msg_str(arg));
}

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
	ids = xcalloc(argc, sizeof(*ids));
	/* every id is checked before the first removal */
	for (int i = 2; i < argc; i++) {

		if (parse_id(argv[i], &ids[i]) < 0) {
			warnx("invalid id: %s", msg_str(argv[i]));
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

/* What the row of option val does not do itself (arg: the parser's, kept until the end). */
static void ipcrm_option(void *target, int val, const char *arg)
{
	struct ipcrm *c = target;

	if (val >= OPT_OWNER && val <= OPT_UNUSED && !c->filter_val)
		c->filter_val = val;
	switch (val) {
	case OPT_REMOVE ... OPT_REMOVE_LAST:
		add_action(c, (val - OPT_REMOVE) / BY_N, (val - OPT_REMOVE) % BY_N, arg);
		break;
	case 'a':
		if (arg) {
			parse_all_types(c, arg);
			break;
		}
		c->all = true;
		for (int k = 0; k < IPC_NKINDS; k++)
			c->all_kinds[k] = true;
		break;
	case OPT_OWNER:
		c->f.owner = true;
		c->f.owner_uid = parse_user("--owner", arg);
		break;
	case OPT_CREATOR:
		c->f.creator = true;
		c->f.creator_uid = parse_user("--creator", arg);
		break;
	case OPT_NAME:
		free(c->f.pattern);
		/* names are shown and matched with their leading '/' */
		c->f.pattern = xasprintf("%s%s", arg[0] == '/' ? "" : "/", arg);
		break;
	case OPT_OLDER:
		if (parse_duration(arg, &c->f.older_than) < 0)
			errx(EXIT_FAILURE, "--older-than: invalid duration: '%s'",
			     msg_str(arg));
		c->f.older = true;
		break;
	}
}

/* Refuse what util-linux refuses, all of it before the first removal. */
static void check_cmdline(struct ipcrm *c)
{
	if (c->filter_val && !c->all)
		errx_usage("--%s requires --all", cmd_option_name(&options, c->filter_val));
	if (c->dry_run && !c->all)
		errx_usage("--dry-run requires --all");
	if (!c->nacts && !c->all)
		errx_usage("bad usage");
	for (size_t i = 0; i < c->nacts; i++)
		check_action(&c->acts[i]);
}

/*
 * --ns: the namespace every removal happens in, entered for the whole run
 * (System V calls take no context), checked before anything is removed.
 */
static void open_ns(struct ipcrm *c)
{
	int r = ipc_ctx_init(&c->ctx, NULL);

	if (r < 0)
		errx(EXIT_FAILURE, "cannot read the IPC state: %s", strerror(-r));
	c->have_ctx = true;
	cmd_set_ns(&c->ctx, c->ns);
	for (size_t i = 0; i < c->nacts; i++)
		if ((c->acts[i].kind == IPC_PSHM || c->acts[i].kind == IPC_PSEM) &&
		    c->ctx.ns_no_shm)
			errx(EXIT_FAILURE, "--ns %s names a namespace file: POSIX shared memory "
			     "and semaphores belong to a mount namespace and need --ns PID",
			     msg_str(c->ns));
	cmd_ns_enter(&c->ctx);
}

static void ipcrm_free(struct ipcrm *c)
{
	ARRAY_FREE_MEMBERS(c->acts, c->nacts, name);
	free(c->f.pattern);
}

int ipcrm_main(int argc, char **argv)
{
	_cleanup_cmd_parser_ struct cmd_parser p = { 0 };
	struct ipcrm c = { 0 };
	const char *stray;

	if (argc >= 2 && (!strcmp(argv[1], "shm") || !strcmp(argv[1], "msg") ||
			  !strcmp(argv[1], "sem")))
		return legacy_main(argc, argv);

	/* getopt's rules: "-a shm" is --all and a stray argument, an error; the
	 * whole command line is read and checked before anything is removed */
	cmd_parse(&p, &options, argc, argv, &c, ipcrm_option);
	stray = cmd_operand(&p);
	if (stray)
		errx_usage("unknown argument: %s", msg_str(stray));
	check_cmdline(&c);
	if (c.ns)
		open_ns(&c);

	for (size_t i = 0; i < c.nacts; i++) {
		if (c.dry_run)
			plan_action(&c, &c.acts[i]);
		else
			run_action(&c, &c.acts[i]);
	}

	if (c.all)
		remove_all(&c);

	if (c.have_ctx)
		ipc_ctx_free(&c.ctx);
	ipcrm_free(&c);
	return close_stdout_status(c.failed || c.unknown ? EXIT_FAILURE : EXIT_SUCCESS);
}
