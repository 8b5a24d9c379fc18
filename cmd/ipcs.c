/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ipcs: System V IPC in util-linux's exact text layouts, and POSIX IPC in the same style. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "cmd/applets.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "format.h"
#include "ipc.h"
#include "listing.h"
#include "parse.h"

/* Output formats; only the last one given counts, as in util-linux. */
enum ipcs_format {
	FMT_DEFAULT = 0,
	FMT_TIME,
	FMT_PID,
	FMT_CREATOR,
	FMT_LIMITS,
	FMT_SUMMARY,
};

enum ipcs_unit {
	UNIT_DEFAULT = 0,
	UNIT_BYTES,
	UNIT_KB,
	UNIT_HUMAN,
};

enum {
	OPT_HUMAN = 1000,
};

struct sysv_view;

struct ipcs {
	struct ipc_ctx ctx;
	const struct sysv_view *view;	/* the System V kind being listed */
	bool want[IPC_NKINDS];
	enum ipcs_format format;
	enum ipcs_unit unit;
	int status;
};

/* Section order: util-linux's msg, shm, sem, then the POSIX kinds. */
static const enum ipc_kind section_order[] = {
	IPC_MSG, IPC_SHM, IPC_SEM, IPC_PMSG, IPC_PSHM, IPC_PSEM,
};

/* ---- small printing helpers ---- */

/* A user or group name padded to 10, at most cut bytes of it, or its number. */
static void print_name_or_number(const char *name, unsigned int n, int cut)
{
	if (name)
		printf("%-10.*s", cut, msg_str(name));
	else
		printf("%-10u", n);
}

/* The owner column of the listings: name cut to 10, or the number. */
static void print_owner(struct ipcs *ip, uid_t uid)
{
	print_name_or_number(ipc_user_name(&ip->ctx, uid), uid, 10);
}

/* " %-10s" user or group name (not cut, as util-linux's -c), or the number. */
static void print_user_field(struct ipcs *ip, uid_t uid)
{
	putchar(' ');
	print_name_or_number(ipc_user_name(&ip->ctx, uid), uid, INT_MAX);
}

static void print_group_field(struct ipcs *ip, gid_t gid)
{
	putchar(' ');
	print_name_or_number(ipc_group_name(&ip->ctx, gid), gid, INT_MAX);
}

/* A POSIX name in the first column, padded to 30. */
static void print_name_col(const struct ipc_obj *o)
{
	printf("%-30s", msg_str(o->name ? o->name : ""));
}

/*
 * ctime(3)'s text of t without the newline ("Mon Nov 23 15:24:48 2026"),
 * written by fmt_time() rather than ctime_r(), which gives up on years it
 * could still print; a t no date can express is its number of seconds
 * (then false). 0 is the epoch here: callers decide when it means "Not set".
 */
static bool ctime_text(int64_t t, char *buf, size_t size)
{
	char *s = fmt_time(buf, size, t, TIME_FULL, 0);

	/* a date starts with the weekday's letter, seconds with a digit or '-' */
	return s && *s >= 'A' && *s <= 'Z';
}

/*
 * " %-20.16s" of the time without the weekday (nor the year), as -t
 * listings print it; "Not set" for a 0 that means never.
 */
static void print_short_time(int64_t t, bool zero_never)
{
	char buf[FMT_BUFSZ];

	if (!t && zero_never)
		printf(" %-20s", "Not set");
	else if (ctime_text(t, buf, sizeof(buf)))
		printf(" %-20.16s", buf + 4);
	else
		printf(" %-20s", buf);
}

/*
 * "%-26.24s": the full ctime text, "Not set" for a 0 that means never
 * (else 0 is the epoch, as util-linux prints a zero change time). A year
 * of more than four digits is printed whole rather than cut.
 */
static void print_full_time(int64_t t, bool zero_never)
{
	char buf[FMT_BUFSZ];

	if (!t && zero_never) {
		printf("%-26s", "Not set");
		return;
	}
	ctime_text(t, buf, sizeof(buf));
	printf("%-26s", buf);
}

/*
 * util-linux's size printer: an optional "label = " (with " (bytes)" or
 * " (kbytes)" by unit; a label ending in '=' is printed as is), the value
 * padded to width (negative: left-aligned), then end.
 */
static void print_size(enum ipcs_unit unit, const char *label, uint64_t size,
		       const char *end, int width)
{
	char buf[FMT_BUFSZ];

	if (!label)
		;
	else if (label[strlen(label) - 1] == '=')
		fputs(label, stdout);
	else if (unit == UNIT_BYTES)
		printf("%s (bytes) = ", label);
	else if (unit == UNIT_KB)
		printf("%s (kbytes) = ", label);
	else
		printf("%s = ", label);

	switch (unit) {
	case UNIT_DEFAULT:
	case UNIT_BYTES:
		printf("%*" PRIu64, width, size);
		break;
	case UNIT_KB:
		printf("%*" PRIu64, width, size / 1024);
		break;
	case UNIT_HUMAN:
		printf("%*s", width, fmt_size(buf, sizeof(buf), size));
		break;
	}
	if (end)
		fputs(end, stdout);
}

/* The size column of the default listings: human "%6s" + pad, else "%-Nju". */
static void print_size_col(enum ipcs_unit unit, uint64_t size, int width)
{
	if (unit == UNIT_HUMAN) {
		char buf[FMT_BUFSZ];

		printf("%6s%*s", fmt_size(buf, sizeof(buf), size), width - 6, "");
	} else {
		printf("%-*" PRIu64, width, size);
	}
}

/* Tell why one kind cannot be shown; real failures make the exit status 1. */
static void list_failed(struct ipcs *ip, enum ipc_kind kind, int r)
{
	if (r == -ENOENT && kind == IPC_PMSG && ip->ctx.mq_foreign)
		return;		/* said by warn_mqueue_foreign() */
	if (r == -ENOENT && ipc_kind_is_posix(kind) && ip->ctx.offline)
		warnx("no %s directory found under '%s'",
		      kind == IPC_PMSG ? "mqueue" : "POSIX shared memory", msg_str(ip->ctx.root));
	else if (r == -ENOENT && kind == IPC_PMSG)
		warnx("no mqueue filesystem is mounted; mount one with "
		      "'mount -t mqueue none /dev/mqueue' to see POSIX message queues");
	else if (r == -ENOENT && ipc_kind_is_posix(kind) && ip->ctx.ns_no_shm)
		warn_ns_no_shm(&ip->ctx);
	else if (r == -ENOENT && ipc_kind_is_posix(kind))
		warnx("no POSIX shared memory filesystem (/dev/shm) was found");
	else if (r != -ENOENT) {
		warnx("cannot list %s: %s", ipc_kind_plural(kind), strerror(-r));
		ip->status = EXIT_FAILURE;
	}
}

/* A sosreport's POSIX objects come from its text listing of /dev: said once, with what it lacks. */
static void note_listing(struct ipcs *ip, enum ipc_kind kind)
{
	static bool said;

	if (said || !ip->ctx.offline || !ipc_kind_is_posix(kind) ||
	    (kind == IPC_PMSG ? ipc_ctx_mqdir(&ip->ctx) : ipc_ctx_shmdir(&ip->ctx)) ||
	    !ipc_listing_present(&ip->ctx))
		return;
	said = true;
	warnx("POSIX objects of the sysroot '%s' come from its listing of /dev: times to the "
	      "minute; no change times, values or queue sizes", msg_str(ip->ctx.root));
}

/*
 * List one kind into *objs. A missing POSIX facility is reported on one
 * line; other failures too, and they make the exit status 1. Returns
 * whether there is anything to print.
 */
static bool list_kind(struct ipcs *ip, enum ipc_kind kind, unsigned int want,
		      struct ipc_objs *objs)
{
	int r = ipc_list(&ip->ctx, kind, want, objs);

	if (kind == IPC_PMSG)
		warn_mqueue_foreign(&ip->ctx);
	note_listing(ip, kind);
	if (r == 0)
		return objs->n > 0;
	list_failed(ip, kind, r);
	return false;
}

/*
 * Print the rows of one kind as ipc_walk() finds the objects, keeping
 * none: these layouts have fixed widths, nothing needs the whole list.
 */
static void walk_kind(struct ipcs *ip, enum ipc_kind kind, unsigned int want, ipc_walk_fn row)
{
	int r = ipc_walk(&ip->ctx, kind, want, row, ip);

	if (kind == IPC_PMSG)
		warn_mqueue_foreign(&ip->ctx);
	note_listing(ip, kind);
	if (r < 0)
		list_failed(ip, kind, r);
}

/*
 * A System V kind's views: the limits and the summary are its own, the
 * listings a title, a header of left-aligned columns and its rows.
 */
struct head_col {
	int width;
	const char *name;
	const char *human;	/* the name instead, with --human */
};

struct sysv_head {
	const char *title;	/* NULL: util-linux lists nothing in this view */
	struct head_col col[8];	/* up to a NULL name */
};

struct sysv_view {
	enum ipc_kind kind;
	void (*limits)(struct ipcs *ip, const struct ipc_limits *lim);
	void (*summary)(struct ipcs *ip);
	int id_width;		/* of the id that starts the -t and -p rows */
	/* what follows the owner in a row of the -t, -p or default listing */
	void (*row_tail)(struct ipcs *ip, const struct ipc_obj *o);
	struct sysv_head head[FMT_CREATOR + 1];	/* by listing format */
};

/* The -c row, the same for the three System V kinds. */
static void print_creator_row(struct ipcs *ip, const struct ipc_obj *o)
{
	printf("%-10d %-10o", o->id, o->mode & 0777);
	print_user_field(ip, o->cuid);
	print_group_field(ip, o->cgid);
	print_user_field(ip, o->uid);
	print_group_field(ip, o->gid);
	putchar('\n');
}

/* One row of a System V listing (an ipc_walk_fn): the start is shared. */
static int sysv_row(struct ipc_obj *o, void *data)
{
	struct ipcs *ip = data;

	if (ip->format == FMT_CREATOR) {
		print_creator_row(ip, o);
		return 0;
	}
	if (ip->format == FMT_DEFAULT)
		printf("0x%08x %-10d ", (uint32_t)o->key, o->id);
	else
		printf("%-*d ", ip->view->id_width, o->id);
	print_owner(ip, o->uid);
	if (ip->format == FMT_DEFAULT)
		printf(" %-10o ", o->mode & 0777);
	ip->view->row_tail(ip, o);
	return 0;
}

static void print_head(const struct ipcs *ip, const struct sysv_head *h)
{
	puts(h->title);
	for (size_t i = 0; i < sizeof(h->col) / sizeof(h->col[0]) && h->col[i].name; i++) {
		const struct head_col *c = &h->col[i];
		const char *name = c->human && ip->unit == UNIT_HUMAN ? c->human : c->name;

		printf(i ? " %-*s" : "%-*s", c->width, name);
	}
	putchar('\n');
}

static void do_sysv(struct ipcs *ip, const struct sysv_view *v, const struct ipc_limits *lim)
{
	const struct sysv_head *h;

	if (ip->format == FMT_LIMITS) {
		v->limits(ip, lim);
		return;
	}
	if (ip->format == FMT_SUMMARY) {
		v->summary(ip);
		return;
	}
	h = &v->head[ip->format];
	if (!h->title)
		return;
	print_head(ip, h);
	ip->view = v;
	walk_kind(ip, v->kind, 0, sysv_row);
}

/* ---- System V message queues ---- */

static void msg_limits(struct ipcs *ip, const struct ipc_limits *lim)
{
	enum ipcs_unit u = ip->unit == UNIT_DEFAULT ? UNIT_BYTES : ip->unit;

	if (!(lim->have & IPC_LIM_MSG)) {
		puts("unable to fetch message limits");
		return;
	}
	puts("------ Messages Limits --------");
	printf("max queues system wide = %d\n", (int)lim->msgmni);
	print_size(u, "max size of message", lim->msgmax, "\n", 0);
	print_size(u, "default max size of queue", (uint64_t)(int)lim->msgmnb, "\n", 0);
}

static void msg_summary(struct ipcs *ip)
{
	struct ipc_usage all;
	const struct ipc_msg_usage *u = &all.msg;

	if (sysv_usage(&ip->ctx, IPC_MSG, &all) < 0) {
		puts("kernel not configured for message queues");
		return;
	}
	puts("------ Messages Status --------");
	printf("allocated queues = %d\n", u->queues);
	printf("used headers = %d\n", u->headers);
	print_size(ip->unit, "used space", u->bytes,
		   ip->unit == UNIT_DEFAULT ? " bytes\n" : "\n", 0);
}

static void msg_row_tail(struct ipcs *ip, const struct ipc_obj *o)
{
	switch (ip->format) {
	case FMT_TIME:
		print_short_time(o->msg.stime, true);
		print_short_time(o->msg.rtime, true);
		print_short_time(o->ctime, true);
		putchar('\n');
		break;
	case FMT_PID:
		printf("  %5d     %5d\n", (int)o->msg.lspid, (int)o->msg.lrpid);
		break;
	default:
		print_size_col(ip->unit, o->msg.cbytes, 12);
		printf(" %-12" PRIu64 "\n", o->msg.qnum);
		break;
	}
}

static const struct sysv_view msg_view = {
	.kind = IPC_MSG, .limits = msg_limits, .summary = msg_summary,
	.id_width = 8, .row_tail = msg_row_tail,
	.head = {
		[FMT_CREATOR] = { "------ Message Queues Creators/Owners --------",
			{ { 10, "msqid" }, { 10, "perms" }, { 10, "cuid" }, { 10, "cgid" },
			  { 10, "uid" }, { 10, "gid" } } },
		[FMT_TIME] = { "------ Message Queues Send/Recv/Change Times --------",
			{ { 8, "msqid" }, { 10, "owner" }, { 20, "send" }, { 20, "recv" },
			  { 20, "change" } } },
		[FMT_PID] = { "------ Message Queues PIDs --------",
			{ { 10, "msqid" }, { 10, "owner" }, { 10, "lspid" }, { 10, "lrpid" } } },
		[FMT_DEFAULT] = { "------ Message Queues --------",
			{ { 10, "key" }, { 10, "msqid" }, { 10, "owner" }, { 10, "perms" },
			  { 12, "used-bytes", "size" }, { 12, "messages" } } },
	},
};

/* ---- System V shared memory ---- */

/* a * b, or on overflow UINT64_MAX rounded down to a multiple of b */
static uint64_t mul_saturate(uint64_t a, uint64_t b)
{
	if (b && a > UINT64_MAX / b)
		return UINT64_MAX - UINT64_MAX % b;
	return a * b;
}

static void shm_limits(struct ipcs *ip, const struct ipc_limits *lim)
{
	uint64_t pgsz = (uint64_t)ip->ctx.pagesize;

	if (!(lim->have & IPC_LIM_SHM)) {
		puts("unable to fetch shared memory limits");
		return;
	}
	puts("------ Shared Memory Limits --------");
	printf("max number of segments = %" PRIu64 "\n", lim->shmmni);
	print_size(ip->unit == UNIT_DEFAULT ? UNIT_KB : ip->unit, "max seg size",
		   lim->shmmax, "\n", 0);
	if (ip->unit == UNIT_DEFAULT || ip->unit == UNIT_KB)
		print_size(UNIT_DEFAULT, "max total shared memory (kbytes)",
			   mul_saturate(lim->shmall, pgsz / 1024), "\n", 0);
	else
		print_size(ip->unit, "max total shared memory",
			   mul_saturate(lim->shmall, pgsz), "\n", 0);
	print_size(ip->unit == UNIT_DEFAULT ? UNIT_BYTES : ip->unit, "min seg size",
		   lim->shmmin, "\n", 0);
}

static void shm_summary(struct ipcs *ip)
{
	struct ipc_usage all;
	const struct ipc_shm_usage *u = &all.shm;

	if (sysv_usage(&ip->ctx, IPC_SHM, &all) < 0) {
		puts("kernel not configured for shared memory");
		return;
	}
	puts("------ Shared Memory Status --------");
	printf("segments allocated %d\n"
	       "pages allocated %ld\n"
	       "pages resident  %ld\n"
	       "pages swapped   %ld\n"
	       "Swap performance: %ld attempts\t %ld successes\n",
	       u->segments, (long)u->pages, (long)u->resident, (long)u->swapped,
	       (long)u->swap_attempts, (long)u->swap_successes);
}

static void shm_row_tail(struct ipcs *ip, const struct ipc_obj *o)
{
	switch (ip->format) {
	case FMT_TIME:
		print_short_time(o->shm.atime, true);
		print_short_time(o->shm.dtime, true);
		print_short_time(o->ctime, true);
		putchar('\n');
		break;
	case FMT_PID:
		printf(" %-10u %-10u\n", (unsigned int)o->shm.cpid,
		       (unsigned int)o->shm.lpid);
		break;
	default:
		print_size_col(ip->unit, o->shm.segsz, 10);
		printf(" %-10" PRIu64 " %-6s %-6s\n", o->shm.nattch,
		       o->mode & IPC_SHM_DEST ? "dest" : " ",
		       o->mode & IPC_SHM_LOCKED ? "locked" : " ");
		break;
	}
}

static const struct sysv_view shm_view = {
	.kind = IPC_SHM, .limits = shm_limits, .summary = shm_summary,
	.id_width = 10, .row_tail = shm_row_tail,
	.head = {
		[FMT_CREATOR] = { "------ Shared Memory Segment Creators/Owners --------",
			{ { 10, "shmid" }, { 10, "perms" }, { 10, "cuid" }, { 10, "cgid" },
			  { 10, "uid" }, { 10, "gid" } } },
		[FMT_TIME] = { "------ Shared Memory Attach/Detach/Change Times --------",
			{ { 10, "shmid" }, { 10, "owner" }, { 20, "attached" }, { 20, "detached" },
			  { 20, "changed" } } },
		[FMT_PID] = { "------ Shared Memory Creator/Last-op PIDs --------",
			{ { 10, "shmid" }, { 10, "owner" }, { 10, "cpid" }, { 10, "lpid" } } },
		[FMT_DEFAULT] = { "------ Shared Memory Segments --------",
			{ { 10, "key" }, { 10, "shmid" }, { 10, "owner" }, { 10, "perms" },
			  { 10, "bytes", "size" }, { 10, "nattch" }, { 12, "status" } } },
	},
};

/* ---- System V semaphores ---- */

static void sem_limits(struct ipcs *ip, const struct ipc_limits *lim)
{
	if (!(lim->have & IPC_LIM_SEM)) {
		puts("unable to fetch semaphore limits");
		return;
	}
	puts("------ Semaphore Limits --------");
	printf("max number of arrays = %d\n", (int)lim->semmni);
	printf("max semaphores per array = %d\n", (int)lim->semmsl);
	printf("max semaphores system wide = %d\n", (int)lim->semmns);
	printf("max ops per semop call = %d\n", (int)lim->semopm);
	printf("semaphore max value = %u\n", (unsigned int)lim->semvmx);
}

static void sem_summary(struct ipcs *ip)
{
	struct ipc_usage all;
	const struct ipc_sem_usage *u = &all.sem;

	if (sysv_usage(&ip->ctx, IPC_SEM, &all) < 0) {
		puts("kernel not configured for semaphores");
		return;
	}
	puts("------ Semaphore Status --------");
	printf("used arrays = %d\n", u->arrays);
	printf("allocated semaphores = %d\n", u->semaphores);
}

static void sem_row_tail(struct ipcs *ip, const struct ipc_obj *o)
{
	if (ip->format == FMT_TIME) {
		fputs("  ", stdout);
		print_full_time(o->sem.otime, true);
		putchar(' ');
		print_full_time(o->ctime, true);
		putchar('\n');
	} else {
		printf("%-10" PRIu64 "\n", o->sem.nsems);
	}
}

static const struct sysv_view sem_view = {
	.kind = IPC_SEM, .limits = sem_limits, .summary = sem_summary,
	.id_width = 8, .row_tail = sem_row_tail,
	.head = {
		[FMT_CREATOR] = { "------ Semaphore Arrays Creators/Owners --------",
			{ { 10, "semid" }, { 10, "perms" }, { 10, "cuid" }, { 10, "cgid" },
			  { 10, "uid" }, { 10, "gid" } } },
		/* the names fit util-linux's %-26.24s */
		[FMT_TIME] = { "------ Semaphore Operation/Change Times --------",
			{ { 8, "semid" }, { 10, "owner" }, { 26, "last-op" },
			  { 26, "last-changed" } } },
		/* util-linux prints nothing at all for semaphores with -p */
		[FMT_PID] = { NULL },
		[FMT_DEFAULT] = { "------ Semaphore Arrays --------",
			{ { 10, "key" }, { 10, "semid" }, { 10, "owner" }, { 10, "perms" },
			  { 10, "nsems" } } },
	},
};

/* ---- POSIX: the same views, with the name in a wide first column ---- */

static const char *posix_title(enum ipc_kind kind)
{
	switch (kind) {
	case IPC_PMSG:
		return "POSIX Message Queues";
	case IPC_PSHM:
		return "POSIX Shared Memory";
	default:
		return "POSIX Semaphores";
	}
}

static void pmsg_limits(struct ipcs *ip, const struct ipc_limits *lim)
{
	enum ipcs_unit u = ip->unit == UNIT_DEFAULT ? UNIT_BYTES : ip->unit;

	if (!(lim->have & IPC_LIM_PMSG)) {
		puts("unable to fetch POSIX message queue limits");
		return;
	}
	puts("------ POSIX Message Queues Limits --------");
	printf("max queues system wide = %" PRIu64 "\n", lim->mq_queues_max);
	print_size(u, "max size of message", lim->mq_msgsize_max, "\n", 0);
	printf("max messages per queue = %" PRIu64 "\n", lim->mq_msg_max);
	print_size(u, "default size of message", lim->mq_msgsize_default, "\n", 0);
	printf("default messages per queue = %" PRIu64 "\n", lim->mq_msg_default);
}

static void pshm_limits(struct ipcs *ip, const struct ipc_limits *lim)
{
	enum ipcs_unit u = ip->unit == UNIT_DEFAULT ? UNIT_KB : ip->unit;

	if (!(lim->have & IPC_LIM_PSHM)) {
		puts("unable to fetch POSIX shared memory limits");
		return;
	}
	puts("------ POSIX Shared Memory Limits --------");
	print_size(u, "max total shared memory", lim->pshm_size, "\n", 0);
	print_size(u, "used shared memory", lim->pshm_used, "\n", 0);
}

static void psem_limits(void)
{
	puts("------ POSIX Semaphores Limits --------");
	/* the value is an int in the C library's sem_t; SEM_VALUE_MAX is its bound */
	printf("semaphore max value = %d\n", SEM_VALUE_MAX);
}

static void posix_summary(struct ipcs *ip, enum ipc_kind kind)
{
	struct ipc_objs objs = { 0 };
	unsigned int want = kind == IPC_PMSG ? IPC_WANT_QSIZE | IPC_WANT_MQATTR : 0;
	uint64_t bytes = 0, msgs = 0;
	int r;

	r = ipc_list(&ip->ctx, kind, want, &objs);
	if (kind == IPC_PMSG)
		warn_mqueue_foreign(&ip->ctx);
	if (r < 0) {
		if (r == -ENOENT && kind == IPC_PMSG && ip->ctx.mq_foreign)
			puts("no mqueue filesystem of this IPC namespace mounted");
		else if (r == -ENOENT && kind == IPC_PMSG)
			puts("no mqueue filesystem mounted");
		else if (r == -ENOENT)
			puts("no POSIX shared memory filesystem found");
		else
			printf("unable to fetch %s: %s\n", ipc_kind_plural(kind), strerror(-r));
		return;
	}
	for (size_t i = 0; i < objs.n; i++) {
		const struct ipc_obj *o = &objs.v[i];

		if (kind == IPC_PMSG) {
			bytes += o->mq.qsize;
			msgs += o->mq.curmsgs;
		} else if (kind == IPC_PSHM) {
			bytes += o->pshm.size;
		}
	}
	printf("------ %s Status --------\n", posix_title(kind));
	switch (kind) {
	case IPC_PMSG:
		printf("allocated queues = %zu\n", objs.n);
		printf("queued messages = %" PRIu64 "\n", msgs);
		print_size(ip->unit, "used space", bytes,
			   ip->unit == UNIT_DEFAULT ? " bytes\n" : "\n", 0);
		break;
	case IPC_PSHM:
		printf("allocated objects = %zu\n", objs.n);
		print_size(ip->unit, "total size", bytes,
			   ip->unit == UNIT_DEFAULT ? " bytes\n" : "\n", 0);
		break;
	default:
		printf("allocated semaphores = %zu\n", objs.n);
		break;
	}
	ipc_objs_free(&objs);
}

static void print_posix_row(struct ipcs *ip, enum ipc_kind kind, const struct ipc_obj *o)
{
	print_name_col(o);
	switch (ip->format) {
	case FMT_CREATOR:
		printf(" %-10o", o->mode & 0777);
		print_user_field(ip, o->uid);
		print_group_field(ip, o->gid);
		putchar('\n');
		return;
	case FMT_TIME:
		putchar(' ');
		print_owner(ip, o->uid);
		/* a file time of 0 is a date */
		print_short_time(o->mtime, false);
		print_short_time(o->ctime, false);
		putchar('\n');
		return;
	default:
		break;
	}
	putchar(' ');
	print_owner(ip, o->uid);
	printf(" %-10o ", o->mode & 0777);
	switch (kind) {
	case IPC_PMSG:
		if (o->have & IPC_HAVE_QSIZE)
			print_size_col(ip->unit, o->mq.qsize, 12);
		else
			printf("%-12s", "-");
		if (o->have & IPC_HAVE_MQATTR)
			printf(" %-12" PRIu64 "\n", o->mq.curmsgs);
		else
			printf(" %-12s\n", "-");
		break;
	case IPC_PSHM:
		print_size_col(ip->unit, o->pshm.size, 10);
		putchar('\n');
		break;
	default:
		if (o->have & IPC_HAVE_SEMVAL)
			printf("%-10d\n", o->psem.value);
		else
			printf("%-10s\n", "-");
		break;
	}
}

static void do_posix(struct ipcs *ip, enum ipc_kind kind, const struct ipc_limits *lim)
{
	struct ipc_objs objs = { 0 };
	unsigned int want = 0;

	switch (ip->format) {
	case FMT_LIMITS:
		if (kind == IPC_PMSG)
			pmsg_limits(ip, lim);
		else if (kind == IPC_PSHM)
			pshm_limits(ip, lim);
		else
			psem_limits();
		return;
	case FMT_SUMMARY:
		posix_summary(ip, kind);
		return;
	case FMT_PID:
		/* POSIX objects record no process ids: nothing, like -s -p */
		return;
	case FMT_CREATOR:
		/* POSIX objects have no separate creator: owner and group only */
		printf("------ %s Owners --------\n", posix_title(kind));
		printf("%-30s %-10s %-10s %-10s\n", "name", "perms", "uid", "gid");
		break;
	case FMT_TIME:
		printf("------ %s Modify/Change Times --------\n", posix_title(kind));
		printf("%-30s %-10s %-20s %-20s\n", "name", "owner", "modified", "changed");
		break;
	case FMT_DEFAULT:
		printf("------ %s --------\n", posix_title(kind));
		if (kind == IPC_PMSG) {
			printf("%-30s %-10s %-10s %-12s %-12s\n", "name", "owner", "perms",
			       ip->unit == UNIT_HUMAN ? "size" : "used-bytes", "messages");
			want = IPC_WANT_QSIZE | IPC_WANT_MQATTR;
		} else if (kind == IPC_PSHM) {
			printf("%-30s %-10s %-10s %-10s\n", "name", "owner", "perms",
			       ip->unit == UNIT_HUMAN ? "size" : "bytes");
		} else {
			printf("%-30s %-10s %-10s %-10s\n", "name", "owner", "perms", "value");
			want = IPC_WANT_SEMVAL;
		}
		break;
	}

	if (list_kind(ip, kind, want, &objs))
		for (size_t i = 0; i < objs.n; i++)
			print_posix_row(ip, kind, &objs.v[i]);
	ipc_objs_free(&objs);
}

/* ---- one object: -i ID and -N NAME ---- */

static int print_msg_id(struct ipcs *ip, const struct ipc_obj *o, int id)
{
	bool human = ip->unit == UNIT_HUMAN;

	printf("\nMessage Queue msqid=%d\n", id);
	printf("uid=%u\tgid=%u\tcuid=%u\tcgid=%u\tmode=%#o\n",
	       (unsigned int)o->uid, (unsigned int)o->gid,
	       (unsigned int)o->cuid, (unsigned int)o->cgid, o->mode);
	print_size(ip->unit, human ? "csize=" : "cbytes=", o->msg.cbytes, "\t", 0);
	/* without IPC_STAT (no read permission) util-linux shows qbytes 0 */
	print_size(ip->unit, human ? "qsize=" : "qbytes=",
		   o->have & IPC_HAVE_QBYTES ? o->msg.qbytes : 0, "\t", 0);
	printf("qnum=%" PRId64 "\tlspid=%d\tlrpid=%d\n", (int64_t)o->msg.qnum,
	       (int)o->msg.lspid, (int)o->msg.lrpid);
	fputs("send_time=", stdout);
	print_full_time(o->msg.stime, true);
	fputs("\nrcv_time=", stdout);
	print_full_time(o->msg.rtime, true);
	fputs("\nchange_time=", stdout);
	print_full_time(o->ctime, true);
	fputs("\n\n", stdout);
	return EXIT_SUCCESS;
}

static int print_shm_id(struct ipcs *ip, const struct ipc_obj *o, int id)
{
	printf("\nShared memory Segment shmid=%d\n", id);
	printf("uid=%u\tgid=%u\tcuid=%u\tcgid=%u\n",
	       (unsigned int)o->uid, (unsigned int)o->gid,
	       (unsigned int)o->cuid, (unsigned int)o->cgid);
	printf("mode=%#o\taccess_perms=%#o\n", o->mode, o->mode & 0777);
	print_size(ip->unit, ip->unit == UNIT_HUMAN ? "size=" : "bytes=",
		   o->shm.segsz, "\t", 0);
	printf("lpid=%u\tcpid=%u\tnattch=%" PRId64 "\n", (unsigned int)o->shm.lpid,
	       (unsigned int)o->shm.cpid, (int64_t)o->shm.nattch);
	fputs("att_time=", stdout);
	print_full_time(o->shm.atime, true);
	fputs("\ndet_time=", stdout);
	print_full_time(o->shm.dtime, true);
	/* util-linux never writes "Not set" for the change time */
	fputs("\nchange_time=", stdout);
	print_full_time(o->ctime, false);
	fputs("\n\n", stdout);
	return EXIT_SUCCESS;
}

static int print_sem_id(struct ipcs *ip, const struct ipc_obj *o, int id)
{
	_cleanup_free_ struct ipc_semval *vals = NULL;
	int r = 0;

	/* read the values first: a failure then leaves stdout untouched */
	if (o->sem.nsems > 0) {
		r = sysv_sem_values(&ip->ctx, id, o->sem.nsems, &vals);
		if (r < 0 && r != -ENOSYS) {
			warnx("cannot read the semaphores of set %d: %s", id, strerror(-r));
			return EXIT_FAILURE;
		}
	}
	printf("\nSemaphore Array semid=%d\n", id);
	printf("uid=%u\t gid=%u\t cuid=%u\t cgid=%u\n",
	       (unsigned int)o->uid, (unsigned int)o->gid,
	       (unsigned int)o->cuid, (unsigned int)o->cgid);
	printf("mode=%#o, access_perms=%#o\n", o->mode, o->mode & 0777);
	printf("nsems = %" PRIu64 "\n", o->sem.nsems);
	fputs("otime = ", stdout);
	print_full_time(o->sem.otime, true);
	fputs("\nctime = ", stdout);
	print_full_time(o->ctime, false);
	putchar('\n');
	printf("%-10s %-10s %-10s %-10s %-10s\n", "semnum", "value", "ncount", "zcount", "pid");
	/* offline (--sysroot) the values are unknown: the table stays empty */
	for (size_t i = 0; vals && i < o->sem.nsems; i++) {
		const struct ipc_semval *v = &vals[i];

		if (v->ok)
			printf("%-10zu %-10d %-10d %-10d %-10d\n", i, v->value,
			       v->ncount, v->zcount, (int)v->pid);
		else
			printf("%-10zu %-10s %-10s %-10s %-10s\n", i, "-", "-", "-", "-");
	}
	putchar('\n');
	return EXIT_SUCCESS;
}

static int show_id(struct ipcs *ip, enum ipc_kind kind, int id)
{
	struct ipc_obj o = { 0 };
	int r, status;

	r = sysv_stat_id(&ip->ctx, kind, id, &o);
	if (r == -ENOENT) {
		warnx("id %d not found", id);
		return EXIT_FAILURE;
	}
	if (r < 0) {
		warnx("cannot read id %d: %s", id, strerror(-r));
		return EXIT_FAILURE;
	}
	if (kind == IPC_MSG)
		status = print_msg_id(ip, &o, id);
	else if (kind == IPC_SHM)
		status = print_shm_id(ip, &o, id);
	else
		status = print_sem_id(ip, &o, id);
	ipc_obj_clear(&o);
	return status;
}

static int show_name(struct ipcs *ip, enum ipc_kind kind, const char *arg)
{
	_cleanup_free_ char *name = NULL;
	struct ipc_obj o = { 0 };
	bool human = ip->unit == UNIT_HUMAN;
	unsigned int want;
	const char *safe;
	int r;

	r = parse_posix_name(arg, &name);
	if (r < 0) {
		warnx("invalid POSIX name: '%s'", msg_str(arg));
		return EXIT_FAILURE;
	}
	want = kind == IPC_PMSG ? IPC_WANT_QSIZE | IPC_WANT_MQATTR :
	       kind == IPC_PSEM ? IPC_WANT_SEMVAL : 0;
	r = posix_stat_name(&ip->ctx, kind, name, want, &o);
	safe = msg_str(name);
	if (r == -ENOENT) {
		warnx("%s %s not found", ipc_kind_noun(kind), safe);
		return EXIT_FAILURE;
	}
	if (r < 0) {
		warnx("cannot read %s: %s", safe, strerror(-r));
		return EXIT_FAILURE;
	}

	printf("\n%s name=%s\n", kind == IPC_PMSG ? "POSIX Message Queue" :
	       kind == IPC_PSHM ? "POSIX Shared Memory" : "POSIX Semaphore", safe);
	printf("uid=%u\tgid=%u\tmode=%#o\n", (unsigned int)o.uid, (unsigned int)o.gid,
	       o.mode & 07777);
	switch (kind) {
	case IPC_PMSG:
		if (o.have & IPC_HAVE_QSIZE)
			print_size(ip->unit, human ? "csize=" : "cbytes=", o.mq.qsize, "\t", 0);
		else
			fputs(human ? "csize=-\t" : "cbytes=-\t", stdout);
		if (o.have & IPC_HAVE_MQATTR) {
			printf("qnum=%" PRIu64 "\tmaxmsg=%" PRIu64 "\t", o.mq.curmsgs, o.mq.maxmsg);
			print_size(ip->unit, human ? "msgsize=" : "msgbytes=", o.mq.msgsize,
				   "\n", 0);
		} else {
			fputs("qnum=-\tmaxmsg=-\tmsgsize=-\n", stdout);
		}
		if (o.have & IPC_HAVE_QSIZE)
			printf("notify=%d\tsigno=%d\tnotify_pid=%d\n", o.mq.notify,
			       o.mq.signo, (int)o.mq.notify_pid);
		break;
	case IPC_PSHM:
		print_size(ip->unit, human ? "size=" : "bytes=", o.pshm.size, "\n", 0);
		break;
	default:
		if (o.have & IPC_HAVE_SEMVAL)
			printf("value=%d\n", o.psem.value);
		else
			fputs("value=-\n", stdout);
		break;
	}
	fputs("mod_time=", stdout);
	print_full_time(o.mtime, false);
	fputs("\nchange_time=", stdout);
	print_full_time(o.ctime, false);
	fputs("\n\n", stdout);
	ipc_obj_clear(&o);
	return EXIT_SUCCESS;
}

/* ---- options ---- */

/*
 * The options in the order of --help. order is the place in util-linux's
 * table, whose order getopt lists ambiguous candidates in ("--h": --human,
 * --help); ours come after it.
 */
/*
 * What the command line asks for: the listing (ip), and beyond it one
 * object, a root (the option table's target).
 */
struct ipcs_cmdline {
	struct ipcs ip;
	const char *sysroot, *name;
	const char *ns;		/* --ns as given */
	bool have_id;
	int id;
	int nsysv, nposix;
	enum ipc_kind one;	/* the kind asked for, when only one is */
};

#define CL(m)		CMD_SET_ARG(struct ipcs_cmdline, m)
#define WANT(k)		CMD_SET_TRUE(struct ipcs_cmdline, ip.want[k])
#define FORMAT(f)	CMD_SET_INT(struct ipcs_cmdline, ip.format, f)
#define UNIT(u)		CMD_SET_INT(struct ipcs_cmdline, ip.unit, u)
static const struct cmd_option option_table[] = {
	{ "id", 'i', CMD_ARG_REQUIRED, 'i', .order = 1, .section = "Options",
	  .argname = " <id>", .help = "print details on resource identified by <id>",
	  .complete = "_ipcs_ids" },
	{ "name", 'N', CMD_ARG_REQUIRED, 'N', CMD_OPT_OURS, .order = 2, .argname = " <name>",
	  .help = "print details on POSIX resource identified by <name>",
	  .complete = "_ipcs_names", CL(name) },
	CMD_OPTION_SYSROOT(17, "read the IPC state saved under <dir>", CL(sysroot)),
	CMD_OPTION_NS(20, "the IPC namespace of process <pid> or of a\nnamespace file", CL(ns)),
	CMD_OPTION_HELP_VERSION(18, 19, NULL),
	{ "shmems", 'm', CMD_ARG_NONE, 'm', .order = 4, .section = "Resource options",
	  .help = "shared memory segments", WANT(IPC_SHM) },
	{ "queues", 'q', CMD_ARG_NONE, 'q', .order = 3, .help = "message queues", WANT(IPC_MSG) },
	{ "semaphores", 's', CMD_ARG_NONE, 's', .order = 5, .help = "semaphores",
	  WANT(IPC_SEM) },
	{ "all", 'a', CMD_ARG_NONE, 'a', .order = 6,
	  .help = "all System V resources (default)" },
	{ "posix-shmems", 'M', CMD_ARG_NONE, 'M', CMD_OPT_OURS, .order = 8,
	  .help = "POSIX shared memory", WANT(IPC_PSHM) },
	{ "posix-mqueues", 'Q', CMD_ARG_NONE, 'Q', CMD_OPT_OURS, .order = 7,
	  .help = "POSIX message queues", WANT(IPC_PMSG) },
	{ "posix-semaphores", 'S', CMD_ARG_NONE, 'S', CMD_OPT_OURS, .order = 9,
	  .help = "POSIX semaphores", WANT(IPC_PSEM) },
	{ "time", 't', CMD_ARG_NONE, 't', .order = 10, .section = "Output options",
	  .help = "show attach, detach and change times", FORMAT(FMT_TIME) },
	{ "pid", 'p', CMD_ARG_NONE, 'p', .order = 11,
	  .help = "show PIDs of creator and last operator", FORMAT(FMT_PID) },
	{ "creator", 'c', CMD_ARG_NONE, 'c', .order = 12, .help = "show creator and owner",
	  FORMAT(FMT_CREATOR) },
	{ "limits", 'l', CMD_ARG_NONE, 'l', .order = 13, .help = "show resource limits",
	  FORMAT(FMT_LIMITS) },
	{ "summary", 'u', CMD_ARG_NONE, 'u', .order = 14, .help = "show status summary",
	  FORMAT(FMT_SUMMARY) },
	{ "human", 0, CMD_ARG_NONE, OPT_HUMAN, .order = 15,
	  .help = "show sizes in human-readable format", UNIT(UNIT_HUMAN) },
	{ "bytes", 'b', CMD_ARG_NONE, 'b', .order = 16, .help = "show sizes in bytes",
	  UNIT(UNIT_BYTES) },
};

static const struct cmd_options options = {
	CMD_TABLE(option_table),
	.usage = " ipcs [resource-option...] [output-option]\n"
		 " ipcs -m|-q|-s -i <id>\n"
		 " ipcs -M|-Q|-S -N <name>\n",
	.about = "Show information on IPC facilities.\n",
};

/*
 * -i ID: a decimal int as util-linux reads it (leading blanks and a sign
 * allowed), except that a negative id is refused: no object has one.
 */
static int parse_id_arg(const char *arg)
{
	const char *p = arg;
	int64_t v;
	int r;

	while (isspace((unsigned char)*p))
		p++;
	r = parse_int64(p, INT32_MIN, INT32_MAX, &v);
	if (r == -ERANGE)
		errx(EXIT_FAILURE, "failed to parse id argument: '%s': %s", msg_str(arg),
		     strerror(ERANGE));
	if (r < 0)
		errx(EXIT_FAILURE, "failed to parse id argument: '%s'", msg_str(arg));
	if (v < 0)
		errx(EXIT_FAILURE, "invalid id: '%s'", msg_str(arg));
	return (int)v;
}

/* What the row of option val does not do itself. */
static void ipcs_option(void *target, int val, const char *arg)
{
	struct ipcs_cmdline *cl = target;

	switch (val) {
	case 'i':
		cl->id = parse_id_arg(arg);
		cl->have_id = true;
		break;
	case 'a':
		cl->ip.want[IPC_MSG] = cl->ip.want[IPC_SHM] = cl->ip.want[IPC_SEM] = true;
		break;
	}
}

/* Count the kinds asked for and refuse the combinations util-linux refuses. */
static void check_selection(const struct ipcs *ip, struct ipcs_cmdline *cl)
{
	for (int k = 0; k < IPC_NKINDS; k++) {
		if (!ip->want[k])
			continue;
		if (ipc_kind_is_posix(k))
			cl->nposix++;
		else
			cl->nsysv++;
		cl->one = k;
	}
	if (cl->name && cl->have_id)
		errx(EXIT_FAILURE, "--id and --name cannot be combined");
	if (cl->have_id && (cl->nsysv != 1 || cl->nposix != 0))
		errx(EXIT_FAILURE, "when using an ID, a single resource must be specified");
	if (cl->name && (cl->nposix != 1 || cl->nsysv != 0))
		errx(EXIT_FAILURE, "when using a name, a single POSIX resource must be specified");
}

static void open_ctx(struct ipcs *ip, const char *sysroot)
{
	int r = ipc_ctx_init(&ip->ctx, sysroot);

	if (r < 0) {
		if (sysroot)
			errx(EXIT_FAILURE, "cannot use sysroot '%s': %s", msg_str(sysroot),
			     strerror(-r));
		errx(EXIT_FAILURE, "cannot read the IPC state: %s", strerror(-r));
	}
}

/* The listing: one section per kind asked for, in util-linux's order. */
static void show_sections(struct ipcs *ip, bool any)
{
	struct ipc_limits lim = { 0 };

	if (!any)
		ip->want[IPC_MSG] = ip->want[IPC_SHM] = ip->want[IPC_SEM] = true;
	if (ip->format == FMT_LIMITS) {
		/* a missing part only prints "unable to fetch ..." */
		(void)ipc_read_limits(&ip->ctx, &lim);
	}

	putchar('\n');
	for (size_t i = 0; i < sizeof(section_order) / sizeof(section_order[0]); i++) {
		enum ipc_kind k = section_order[i];

		if (!ip->want[k])
			continue;
		if (k == IPC_MSG)
			do_sysv(ip, &msg_view, &lim);
		else if (k == IPC_SHM)
			do_sysv(ip, &shm_view, &lim);
		else if (k == IPC_SEM)
			do_sysv(ip, &sem_view, &lim);
		else
			do_posix(ip, k, &lim);
		putchar('\n');
	}
}

int ipcs_main(int argc, char **argv)
{
	_cleanup_cmd_parser_ struct cmd_parser p = { 0 };
	struct ipcs_cmdline cl = { .one = IPC_MSG };
	struct ipcs *ip = &cl.ip;

	cmd_parse(&p, &options, argc, argv, &cl, ipcs_option);
	/* like util-linux, stray arguments are ignored */

	check_selection(ip, &cl);
	if (cl.ns && cl.sysroot)
		errx(EXIT_FAILURE, "--ns cannot be combined with --sysroot");
	open_ctx(ip, cl.sysroot);
	if (cl.ns) {
		cmd_set_ns(&ip->ctx, cl.ns);
		cmd_ns_enter(&ip->ctx);
	}
	/* room for a whole listing in few writes */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);

	if (cl.have_id) {
		ip->status = show_id(ip, cl.one, cl.id);
	} else if (cl.name) {
		ip->status = show_name(ip, cl.one, cl.name);
	} else if (ip->format == FMT_SUMMARY && ip->ctx.offline && !ip->ctx.capture) {
		/* lsipc --capture keeps the counters; nothing else has them */
		warnx("--summary needs the live kernel's counters; it cannot be used with --sysroot");
		ip->status = EXIT_FAILURE;
	} else {
		show_sections(ip, cl.nsysv + cl.nposix != 0);
	}
	warn_sysv_notes(&ip->ctx);
	ipc_ctx_free(&ip->ctx);
	return close_stdout_status(ip->status);
}
