// SPDX-License-Identifier: GPL-2.0-or-later
/* ipcmk: create System V and POSIX IPC objects, exclusively and all-or-nothing. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cmd/applets.h"
#include "cmd/common.h"
#include "cmd/logind.h"
#include "cmd/options.h"
#include "cmd/xalloc.h"
#include "format.h"
#include "ipc.h"
#include "nsctx.h"
#include "parse.h"
#include "table.h"

/* How often a random key is drawn again when it is taken. */
#define KEY_TRIES	1000

/* Creation order of util-linux: shm, POSIX shm, msg, POSIX mq, sem, POSIX sem. */
static const enum ipc_kind order[] = {
	IPC_SHM, IPC_PSHM, IPC_MSG, IPC_PMSG, IPC_SEM, IPC_PSEM,
};

/*
 * Per kind: util-linux's "create ... failed" wording (with "share memory"
 * corrected) and the label of the text output.
 */
static const struct {
	const char *what, *label;
} words[IPC_NKINDS] = {
	[IPC_SHM]  = { "shared memory",       "Shared memory id" },
	[IPC_PSHM] = { "POSIX shared memory", "POSIX shared memory name" },
	[IPC_MSG]  = { "message queue",       "Message queue id" },
	[IPC_PMSG] = { "POSIX message queue", "POSIX message queue name" },
	[IPC_SEM]  = { "semaphore",           "Semaphore id" },
	[IPC_PSEM] = { "POSIX semaphore",     "POSIX semaphore name" },
};

struct created {
	bool done;
	int id;
	int32_t key;
};

struct opts {
	bool want[IPC_NKINDS];
	uint64_t shm_size, pshm_size;
	int64_t nsems;
	const char *nsems_arg;
	unsigned int mode;
	const char *name;	/* as given */
	char *canon;		/* with one leading '/' */
	bool have_key;
	int32_t key;
	long maxmsg, msgsize;
	const char *maxmsg_arg, *msgsize_arg;
	int64_t value;
	const char *value_arg;	/* NULL: no --value */
	bool json;
	struct created made[IPC_NKINDS];
	const char *ns;		/* --ns as given */
	bool in_ns;		/* nsctx holds it */
	struct ipc_ctx nsctx;
};

enum {
	OPT_KEY = 1000,
	OPT_MAXMSG,
	OPT_MSGSIZE,
	OPT_VALUE,
	OPT_JSON,
};
#define WANT(k)	CMD_SET_TRUE(struct opts, want[k])

/* The options in the order of --help; order is the place in util-linux's table. */
static const struct cmd_option option_table[] = {
	{ "shmem", 'M', CMD_ARG_REQUIRED, 'M', .order = 1, .section = "Options",
	  .argname = " <size>", .help = "create shared memory segment of size <size>",
	  .complete = "=4K 64K 1M 16M 1G", WANT(IPC_SHM) },
	{ "posix-shmem", 'm', CMD_ARG_REQUIRED, 'm', .order = 2, .argname = " <size>",
	  .help = "create POSIX shared memory segment of size <size>",
	  .complete = "=4K 64K 1M 16M 1G", WANT(IPC_PSHM) },
	{ "semaphore", 'S', CMD_ARG_REQUIRED, 'S', .order = 3, .argname = " <number>",
	  .help = "create semaphore array with <number> elements",
	  .complete = "=1 2 4 8 16", WANT(IPC_SEM) },
	{ "posix-semaphore", 's', CMD_ARG_NONE, 's', .order = 4,
	  .help = "create POSIX semaphore", WANT(IPC_PSEM) },
	{ "queue", 'Q', CMD_ARG_NONE, 'Q', .order = 5, .help = "create message queue",
	  WANT(IPC_MSG) },
	{ "posix-mqueue", 'q', CMD_ARG_NONE, 'q', .order = 6,
	  .help = "create POSIX message queue", WANT(IPC_PMSG) },
	{ "mode", 'p', CMD_ARG_REQUIRED, 'p', .order = 7, .argname = " <mode>",
	  .help = "permission for the resource (default is 0644)",
	  .complete = "=0600 0640 0644 0660 0664 0666" },
	/* a new name, key or number: nothing to offer */
	{ "name", 'n', CMD_ARG_REQUIRED, 'n', .order = 8, .argname = " <name>",
	  .help = "name of the POSIX resource", CMD_SET_ARG(struct opts, name) },
	{ "key", 0, CMD_ARG_REQUIRED, OPT_KEY, CMD_OPT_OURS, .order = 9, .argname = " <key>",
	  .help = "key of the System V resources (default: random)" },
	/* the largest value the kernel allows */
	{ "maxmsg", 0, CMD_ARG_REQUIRED, OPT_MAXMSG, CMD_OPT_OURS, .order = 10,
	  .argname = " <number>", .help = "capacity of the POSIX message queue in messages",
	  .complete = "_ipcmk_sysctl fs/mqueue/msg_max", CMD_SET_ARG(struct opts, maxmsg_arg) },
	{ "msgsize", 0, CMD_ARG_REQUIRED, OPT_MSGSIZE, CMD_OPT_OURS, .order = 11,
	  .argname = " <bytes>", .help = "largest message of the POSIX message queue",
	  .complete = "_ipcmk_sysctl fs/mqueue/msgsize_max",
	  CMD_SET_ARG(struct opts, msgsize_arg) },
	{ "value", 0, CMD_ARG_REQUIRED, OPT_VALUE, CMD_OPT_OURS, .order = 12,
	  .argname = " <number>", .help = "initial value of the semaphores (default is 0)",
	  CMD_SET_ARG(struct opts, value_arg) },
	{ "json", 0, CMD_ARG_NONE, OPT_JSON, CMD_OPT_OURS, .order = 13,
	  .help = "print what was created as JSON", CMD_SET_TRUE(struct opts, json) },
	CMD_OPTION_NS(16, "create in the IPC namespace of process <pid> or of\n"
		      "a namespace file (POSIX shm and semaphores: <pid>)",
		      CMD_SET_ARG(struct opts, ns)),
	CMD_OPTION_HELP_VERSION(14, 15, ""),
};

static const struct cmd_options options = {
	CMD_TABLE(option_table),
	.usage = " ipcmk [options]\n",
	.about = "Create various IPC resources.\n",
	.notes = "\n"
		 "Arguments:\n"
		 " <size> arguments may be followed by the suffixes for\n"
		 "   GiB, TiB, PiB, EiB, ZiB, and YiB (the \"iB\" is optional)\n"
		 "\n"
		 " -n, --name <name> option is required for POSIX IPC\n",
};

/* "prog: <msg>: '<arg>'", with the reason only for a range error (util-linux style). */
static void __attribute__((noreturn)) bad_number(const char *msg, const char *arg, int r)
{
	if (r == -ERANGE)
		errx(EXIT_FAILURE, "%s: '%s': %s", msg, msg_str(arg), strerror(ERANGE));
	errx(EXIT_FAILURE, "%s: '%s'", msg, msg_str(arg));
}

static void parse_size_arg(const char *arg, uint64_t *ret)
{
	int r = parse_size(arg, ret);

	if (r < 0)
		errx(EXIT_FAILURE, "failed to parse size: '%s': %s", msg_str(arg),
		     strerror(-r));
}

static long parse_mq_attr(const char *opt, const char *arg)
{
	int64_t v;
	int r = parse_int64(arg, 1, LONG_MAX, &v);

	if (r < 0) {
		if (r == -ERANGE)
			errx(EXIT_FAILURE, "%s must be at least 1: '%s'", opt, msg_str(arg));
		errx(EXIT_FAILURE, "failed to parse %s: '%s'", opt, msg_str(arg));
	}
	return (long)v;
}

static bool any(const struct opts *o, const enum ipc_kind *kinds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (o->want[kinds[i]])
			return true;
	return false;
}

/* Why parse_posix_name() refused name, or why a shm object cannot have it. */
static const char *posix_name_problem(const char *name)
{
	const char *bare = name[0] == '/' ? name + 1 : name;

	if (!bare[0])
		return "the name is empty";
	if (strchr(bare, '/'))
		return "only one leading '/' is allowed";
	if (!strcmp(bare, ".") || !strcmp(bare, ".."))
		return "'.' and '..' are not names";
	/* the file sem.x in the shm directory is the semaphore /x */
	return "a shm name may not begin with \"sem.\"";
}

/* Everything that can be checked before the first object exists. */
static void validate(struct opts *o)
{
	static const enum ipc_kind sysv[] = { IPC_SHM, IPC_MSG, IPC_SEM };
	static const enum ipc_kind posix[] = { IPC_PSHM, IPC_PMSG, IPC_PSEM };
	static const enum ipc_kind sems[] = { IPC_SEM, IPC_PSEM };
	struct ipc_limits lim = { 0 };
	struct ipc_ctx ctx = { 0 };
	bool have_lim = false;
	int r;

	if (!any(o, sysv, 3) && !any(o, posix, 3))
		errx_usage("bad usage");
	if (any(o, posix, 3)) {
		if (!o->name)
			errx_usage("name is required for POSIX IPC");
		r = parse_posix_name(o->name, &o->canon);
		if (r == -ENOMEM)
			xalloc_die();
		if (r == -ERANGE ||
		    (r == 0 && o->want[IPC_PSEM] && strlen(o->canon) - 1 > NAME_MAX - 4))
			errx(EXIT_FAILURE, "name too long: '%s'", msg_str(o->name));
		if (r < 0 || (o->want[IPC_PSHM] && !strncmp(o->canon + 1, "sem.", 4)))
			errx(EXIT_FAILURE, "invalid POSIX IPC name: '%s': %s", msg_str(o->name),
			     posix_name_problem(o->name));
	}
	/* what posix_create() would refuse only after the System V objects exist */
	if (o->want[IPC_PSHM] && o->pshm_size > (uint64_t)INT64_MAX)
		errx(EXIT_FAILURE, "create %s failed: %s", words[IPC_PSHM].what, strerror(EFBIG));
	if (o->have_key && !any(o, sysv, 3))
		errx_usage("--key requires --shmem, --queue or --semaphore");
	if ((o->maxmsg_arg || o->msgsize_arg) && !o->want[IPC_PMSG])
		errx_usage("%s requires --posix-mqueue",
			   o->maxmsg_arg ? "--maxmsg" : "--msgsize");
	if (o->value_arg && !any(o, sems, 2))
		errx_usage("--value requires --semaphore or --posix-semaphore");
	if (o->value_arg && o->want[IPC_SEM] && o->value > IPC_SEMVMX)
		errx(EXIT_FAILURE, "--value %s exceeds the largest System V semaphore value (%d)",
		     msg_str(o->value_arg), IPC_SEMVMX);

	/* what the kernel would refuse with EINVAL, refused before anything exists */
	if (o->want[IPC_SHM] && o->shm_size == 0)
		errx(EXIT_FAILURE, "create %s failed: %s", words[IPC_SHM].what, strerror(EINVAL));
	if (o->want[IPC_SEM] && o->nsems < 1)
		errx(EXIT_FAILURE, "create %s failed: %s", words[IPC_SEM].what, strerror(EINVAL));

	if (o->in_ns) {
		/* the limits of the namespace the objects are made in */
		have_lim = ipc_read_limits(&o->nsctx, &lim) == 0;
	} else if (ipc_ctx_init(&ctx, NULL) == 0) {
		have_lim = ipc_read_limits(&ctx, &lim) == 0;
		ipc_ctx_free(&ctx);
	}
	if (!have_lim)
		return;
	if (o->want[IPC_PMSG] && o->maxmsg_arg && (lim.have & IPC_LIM_PMSG) &&
	    (uint64_t)o->maxmsg > lim.mq_msg_max)
		errx(EXIT_FAILURE, "--maxmsg %s exceeds fs.mqueue.msg_max (%" PRIu64 ")",
		     msg_str(o->maxmsg_arg), lim.mq_msg_max);
	if (o->want[IPC_PMSG] && o->msgsize_arg && (lim.have & IPC_LIM_PMSG) &&
	    (uint64_t)o->msgsize > lim.mq_msgsize_max)
		errx(EXIT_FAILURE, "--msgsize %s exceeds fs.mqueue.msgsize_max (%" PRIu64 ")",
		     msg_str(o->msgsize_arg), lim.mq_msgsize_max);
	if (o->want[IPC_SEM] && (lim.have & IPC_LIM_SEM) && (uint64_t)o->nsems > lim.semmsl)
		errx(EXIT_FAILURE, "--semaphore %s exceeds kernel.sem SEMMSL (%" PRIu64 ")",
		     msg_str(o->nsems_arg), lim.semmsl);
	if (o->want[IPC_SHM] && (lim.have & IPC_LIM_SHM) && lim.shmmax &&
	    o->shm_size > lim.shmmax)
		errx(EXIT_FAILURE, "--shmem %" PRIu64 " exceeds kernel.shmmax (%" PRIu64 ")",
		     o->shm_size, lim.shmmax);
}

static int random_key(int32_t *ret)
{
	uint32_t k = 0;

	/* key 0 is IPC_PRIVATE, not a key at all */
	while (k == 0) {
		if (getrandom(&k, sizeof(k), 0) != sizeof(k))
			return -errno;
	}
	*ret = (int32_t)k;
	return 0;
}

static int create_one(struct opts *o, enum ipc_kind kind)
{
	struct created *c = &o->made[kind];
	uint64_t size = kind == IPC_SHM ? o->shm_size : (uint64_t)o->nsems;
	int r;

	if (ipc_kind_is_posix(kind)) {
		struct posix_create_attr attr = {
			.size = o->pshm_size,
			.maxmsg = o->maxmsg,
			.msgsize = o->msgsize,
			.value = (unsigned int)o->value,
		};

		r = posix_create(kind, o->canon, o->mode, &attr);
		if (r == 0)
			c->done = true;
		return r;
	}
	if (o->have_key) {
		r = sysv_create(kind, o->key, o->mode, size, (int)o->value, &c->id);
		if (r == 0)
			c->key = o->key;
	} else {
		/* a random key that is taken is drawn again: never report an
		 * existing object as created */
		r = -EEXIST;
		for (int i = 0; i < KEY_TRIES && r == -EEXIST; i++) {
			int32_t key = 0;

			r = random_key(&key);
			if (r < 0)
				break;
			r = sysv_create(kind, key, o->mode, size, (int)o->value, &c->id);
			if (r == 0)
				c->key = key;
		}
	}
	if (r == 0)
		c->done = true;
	return r;
}

/* mq_open()'s EMFILE for RLIMIT_MSGQUEUE is not "Too many open files": say what it is. */
static void warn_msgqueue_rlimit(const char *name)
{
	struct passwd *pw = getpwuid(getuid());
	struct rlimit rl;
	char user[32], limit[64] = "";

	/* the kernel charges the queue to the real uid */
	snprintf(user, sizeof(user), "%u", (unsigned int)getuid());
	if (getrlimit(RLIMIT_MSGQUEUE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		snprintf(limit, sizeof(limit), " (%llu bytes)", (unsigned long long)rl.rlim_cur);
	warnx("cannot create %s '%s': the RLIMIT_MSGQUEUE of user %s%s is used up",
	      words[IPC_PMSG].what, msg_str(name), pw ? msg_str(pw->pw_name) : user, limit);
}

/* Remove what this call created, newest first; false if something stayed. */
static bool roll_back(struct opts *o)
{
	bool ok = true;

	for (size_t i = sizeof(order) / sizeof(order[0]); i-- > 0;) {
		enum ipc_kind k = order[i];
		int r;

		if (!o->made[k].done)
			continue;
		r = ipc_kind_is_posix(k) ? posix_unlink(k, o->canon) : sysv_remove(k, o->made[k].id);
		if (r < 0) {
			if (ipc_kind_is_posix(k))
				warnx("cannot remove the %s '%s' created before the failure: %s",
				      words[k].what, msg_str(o->canon), strerror(-r));
			else
				warnx("cannot remove the %s id %d created before the failure: %s",
				      words[k].what, o->made[k].id, strerror(-r));
			ok = false;
		}
		o->made[k].done = false;
	}
	return ok;
}

static void print_text(const struct opts *o)
{
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum ipc_kind k = order[i];

		if (!o->made[k].done)
			continue;
		if (ipc_kind_is_posix(k))
			/* util-linux echoes the name as it was given */
			printf("%s: %s\n", words[k].label, msg_str(o->name));
		else
			printf("%s: %d\n", words[k].label, o->made[k].id);
	}
}

/* A row of --json: one object made. */
struct made_row {
	enum ipc_kind kind;
	const struct opts *o;
};

#define MADE(r) ((const struct made_row *)(r))

static struct val get_made_kind(void *c, const void *r)
{
	return val_text(ipc_kind_name(MADE(r)->kind));
}

static struct val get_made_id(void *c, const void *r)
{
	const struct made_row *m = MADE(r);

	return ipc_kind_is_posix(m->kind) ? val_null() : val_int(m->o->made[m->kind].id);
}

/* the key spelled as lsipc's JSON spells it, so the two join */
static struct val get_made_key(void *c, const void *r)
{
	const struct made_row *m = MADE(r);
	struct val v = { .type = VAL_TEXT };

	if (ipc_kind_is_posix(m->kind))
		return val_null();
	snprintf(v.buf, sizeof(v.buf), "0x%08" PRIx32, (uint32_t)m->o->made[m->kind].key);
	return v;
}

static struct val get_made_name(void *c, const void *r)
{
	const struct made_row *m = MADE(r);

	return ipc_kind_is_posix(m->kind) ? val_str(m->o->canon) : val_null();
}

static const struct tbl_column made_columns[] = {
	{ .name = "KIND", .get = get_made_kind },
	{ .name = "ID", .get = get_made_id },
	{ .name = "KEY", .get = get_made_key },
	{ .name = "NAME", .get = get_made_name },
};

/* What was made, as JSON records through the encoder lsipc's JSON uses. */
static void print_json(const struct opts *o)
{
	struct made_row rows[IPC_NKINDS];
	struct val_fmt f = { .mode = VAL_MODE_JSON };
	struct val v = { .type = VAL_RECORDS };
	size_t n = 0;
	char *s;

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (o->made[order[i]].done)
			rows[n++] = (struct made_row){ order[i], o };
	v.rec = (struct val_records){ made_columns, sizeof(made_columns) / sizeof(made_columns[0]),
				      NULL, rows, n, sizeof(rows[0]), true };
	if (val_encode(&v, &f, &s) < 0)
		xalloc_die();
	printf("%s\n", s);
	free(s);
}

static void free_opts(struct opts *o)
{
	free(o->canon);
}

/* What the row of option val does not do itself: the numbers (arg: the parser's, kept until the end). */
static void ipcmk_option(void *target, int val, const char *arg)
{
	struct opts *o = target;
	int64_t v;
	int r;

	switch (val) {
	case 'M': case 'm':
		parse_size_arg(arg, val == 'M' ? &o->shm_size : &o->pshm_size);
		break;
	case 'S':
		/* util-linux: a 32-bit decimal number */
		r = parse_int64(arg, INT32_MIN, INT32_MAX, &v);
		if (r < 0)
			bad_number("failed to parse elements", arg, r);
		o->nsems = v;
		o->nsems_arg = arg;
		break;
	case 'p':
		if (parse_mode(arg, &o->mode) < 0)
			errx(EXIT_FAILURE, "failed to parse mode: '%s' "
			     "(an octal number from 0 to 0777)", msg_str(arg));
		break;
	case OPT_KEY:
		r = parse_key(arg, &o->key);
		if (r < 0)
			bad_number("failed to parse key", arg, r);
		o->have_key = true;
		break;
	case OPT_MAXMSG:
		o->maxmsg = parse_mq_attr("--maxmsg", arg);
		break;
	case OPT_MSGSIZE:
		o->msgsize = parse_mq_attr("--msgsize", arg);
		break;
	case OPT_VALUE:
		r = parse_int64(arg, 0, SEM_VALUE_MAX, &v);
		if (r < 0)
			bad_number("failed to parse value", arg, r);
		o->value = v;
		break;
	}
}

/* What this call made, as listed: for the note that logind removes them at logout. */
static void note_removeipc(const struct opts *o)
{
	struct ipc_obj objs[IPC_NKINDS] = { 0 };
	struct ipc_ctx ctx;
	size_t n = 0;

	if (ipc_ctx_init(&ctx, NULL) < 0)
		return;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum ipc_kind k = order[i];
		int r;

		if (!o->made[k].done)
			continue;
		r = ipc_kind_is_posix(k) ? posix_stat_name(&ctx, k, o->canon, 0, &objs[n]) :
					   sysv_stat_id(&ctx, k, o->made[k].id, &objs[n]);
		if (r == 0)
			n++;
	}
	removeipc_note(&ctx, objs, n);
	for (size_t i = 0; i < n; i++)
		ipc_obj_clear(&objs[i]);
	ipc_ctx_free(&ctx);
}

/* --ns: the namespace to create in, checked before anything is made. */
static void open_ns(struct opts *o)
{
	int r = ipc_ctx_init(&o->nsctx, NULL);

	if (r < 0)
		errx(EXIT_FAILURE, "cannot read the IPC state: %s", strerror(-r));
	cmd_set_ns(&o->nsctx, o->ns);
	o->in_ns = true;
	if ((o->want[IPC_PSHM] || o->want[IPC_PSEM]) && o->nsctx.ns_no_shm)
		errx(EXIT_FAILURE, "--ns %s names a namespace file: POSIX shared memory and "
		     "semaphores belong to a mount namespace and need --ns PID",
		     msg_str(o->ns));
}

/* Create every kind asked for, in order; on a failure undo the ones made. */
static int create_all(struct opts *o)
{
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum ipc_kind k = order[i];
		int r;

		if (!o->want[k])
			continue;
		r = create_one(o, k);
		if (r < 0) {
			if (r == -EDQUOT && k == IPC_PMSG)
				warn_msgqueue_rlimit(o->canon);
			else
				warnx("create %s failed: %s", words[k].what, strerror(-r));
			roll_back(o);
			return EXIT_FAILURE;
		}
	}
	return EXIT_SUCCESS;
}

int ipcmk_main(int argc, char **argv)
{
	_cleanup_cmd_parser_ struct cmd_parser p = { 0 };
	struct opts o = { .mode = 0644 };
	const char *stray;
	int rc;

	cmd_parse(&p, &options, argc, argv, &o, ipcmk_option);
	stray = cmd_operand(&p);
	if (stray)
		errx_usage("unknown argument: %s", msg_str(stray));

	if (o.ns)
		open_ns(&o);
	validate(&o);

	if (o.in_ns)
		cmd_ns_enter(&o.nsctx);
	if (o.in_ns && (o.want[IPC_PSHM] || o.want[IPC_PSEM])) {
		/* shm_open() and sem_open() find /dev/shm by name: be where it is */
		int r = ipc_ctx_enter_mnt(&o.nsctx);

		if (r < 0)
			errx(EXIT_FAILURE, "--ns: cannot enter the mount namespace of process "
			     "%d: %s", (int)o.nsctx.ns_pid, strerror(-r));
	}
	rc = create_all(&o);
	if (rc == EXIT_SUCCESS) {
		if (o.json)
			print_json(&o);
		else
			print_text(&o);
		/* in another namespace, that system's own logind decides */
		if (!o.in_ns)
			note_removeipc(&o);
	}
	if (o.in_ns)
		ipc_ctx_free(&o.nsctx);
	free_opts(&o);
	return close_stdout_status(rc);
}
