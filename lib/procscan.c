// SPDX-License-Identifier: GPL-2.0-or-later
/* One scan of /proc/PID/{maps,fd,task/TID/syscall}: who maps, holds open or waits on which IPC object. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/futex.h>

#include "array.h"
#include "capture.h"
#include "cleanup.h"
#include "internal.h"
#include "ipc.h"
#include "parse.h"
#include "procscan.h"

/* ---- parsers ---- */

/* Where the hex digits at p (before end) stop, or NULL: none, or above 64 bits. */
static const char *parse_hex(const char *p, const char *end, uint64_t *ret)
{
	return parse_digits(&p, end, 16, UINT64_MAX, ret) < 0 ? NULL : p;
}

/*
 * The same for decimal. The bound is the one this scan has always had
 * (2^64 - 7: the loop it replaces refused any number whose leading digits
 * passed (2^64 - 10) / 10), kept so that no maps line reads differently.
 */
static const char *parse_dec(const char *p, const char *end, uint64_t *ret)
{
	return parse_digits(&p, end, 10, UINT64_MAX - 6, ret) < 0 ? NULL : p;
}

static const char *expect(const char *p, const char *end, char c)
{
	return p && p < end && *p == c ? p + 1 : NULL;
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * The kernel writes "start-end perms offset major:minor inode", pads with
 * blanks to a fixed column and appends the path; numbers except the inode
 * are hex.
 */
int procscan_parse_maps_line(const char *line, size_t len, struct procscan_map *ret)
{
	const char *p = line, *end = line + len;
	struct procscan_map m = { 0 };
	uint64_t major, minor;

	p = parse_hex(p, end, &m.start);
	p = expect(p, end, '-');
	if (!p || !(p = parse_hex(p, end, &m.end)))
		return -EINVAL;
	p = expect(p, end, ' ');
	if (!p || end - p < 4)
		return -EINVAL;
	memcpy(m.perms, p, 4);
	m.perms[4] = '\0';
	for (int i = 0; i < 4; i++)
		if (!m.perms[i] || !strchr("rwxsp-", m.perms[i]))	/* strchr finds the NUL */
			return -EINVAL;
	p = expect(p + 4, end, ' ');
	if (!p || !(p = parse_hex(p, end, &m.offset)))
		return -EINVAL;
	p = expect(p, end, ' ');
	if (!p || !(p = parse_hex(p, end, &major)))
		return -EINVAL;
	p = expect(p, end, ':');
	if (!p || !(p = parse_hex(p, end, &minor)))
		return -EINVAL;
	p = expect(p, end, ' ');
	if (!p || !(p = parse_dec(p, end, &m.ino)))
		return -EINVAL;
	if (major > UINT_MAX || minor > UINT_MAX)
		return -EINVAL;
	m.major = major;
	m.minor = minor;
	if (p < end && *p != ' ' && *p != '\t')
		return -EINVAL;
	p = skip_blanks(p, end);
	m.path = p;
	m.pathlen = end - p;
	*ret = m;
	return 0;
}

bool procscan_sysv_name(const char *path, size_t len, int32_t *ret_key)
{
	static const char suffix[] = " (deleted)";
	uint64_t key;
	const char *p;

	/* "/SYSV" + exactly 8 hex digits; the kernel unlinks the file at once,
	 * so a real segment always carries the " (deleted)" suffix */
	if (len != 5 + 8 + sizeof(suffix) - 1 || memcmp(path, "/SYSV", 5) != 0)
		return false;
	p = parse_hex(path + 5, path + 13, &key);
	if (p != path + 13 || memcmp(p, suffix, sizeof(suffix) - 1) != 0)
		return false;
	*ret_key = (int32_t)(uint32_t)key;
	return true;
}

/*
 * The kernel writes "running", or "-1 0xSP 0xPC" for a thread that is not
 * in a system call, or "NR 0xA1 0xA2 0xA3 0xA4 0xA5 0xA6 0xSP 0xPC" with NR
 * in decimal.
 */
int procscan_parse_syscall(const char *text, size_t len, struct procscan_syscall *ret)
{
	const char *p = text, *end = text + len;
	struct procscan_syscall sc = { .nr = -1 };
	uint64_t nr, v;
	int nargs;
	bool neg = false;

	if (len && text[len - 1] == '\n')
		end--;
	if (end - p == 7 && memcmp(p, "running", 7) == 0) {
		sc.running = true;
		*ret = sc;
		return 0;
	}
	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	p = parse_dec(p, end, &nr);
	if (!p || nr > INT_MAX)
		return -EINVAL;
	/* after -1 come SP and PC; after a number the six arguments too */
	nargs = neg ? 2 : 8;
	for (int i = 0; i < nargs; i++) {
		p = expect(p, end, ' ');
		p = expect(p, end, '0');
		p = expect(p, end, 'x');
		if (!p || !(p = parse_hex(p, end, &v)))
			return -EINVAL;
		if (!neg && i < 6)
			sc.args[i] = v;
		else if (i == nargs - 2)
			sc.sp = v;
		else if (i == nargs - 1)
			sc.pc = v;
	}
	if (p != end)
		return -EINVAL;
	sc.nr = neg ? -1 : (long)nr;
	*ret = sc;
	return 0;
}

/* A futex operation that sleeps until the word changes or a lock is free. */
static bool futex_op_waits(uint64_t op)
{
	switch (op & FUTEX_CMD_MASK) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
	case FUTEX_LOCK_PI:
	case FUTEX_WAIT_REQUEUE_PI:
#ifdef FUTEX_LOCK_PI2
	case FUTEX_LOCK_PI2:
#endif
		return true;
	default:
		return false;
	}
}

/* The calls of the ipc() multiplexer (its first argument, low 16 bits). */
enum { IPCCALL_SEMOP = 1, IPCCALL_SEMTIMEDOP = 4, IPCCALL_MSGSND = 11, IPCCALL_MSGRCV = 12 };

static bool id_wait(enum procscan_wait_type type, uint64_t id, struct procscan_wait *ret)
{
	/* the kernel takes an int: anything else failed at once */
	if (id > INT_MAX)
		return false;
	*ret = (struct procscan_wait){ type, id };
	return true;
}

/* ipc(call, first, ...): the call is in the low 16 bits, the id is first */
static __attribute__((unused)) bool ipc_call_wait(const struct procscan_syscall *sc,
						  struct procscan_wait *ret)
{
	switch (sc->args[0] & 0xffff) {
	case IPCCALL_SEMOP:
	case IPCCALL_SEMTIMEDOP:
		return id_wait(PROCSCAN_WAIT_SEM, sc->args[1], ret);
	case IPCCALL_MSGSND:
	case IPCCALL_MSGRCV:
		return id_wait(PROCSCAN_WAIT_MSG, sc->args[1], ret);
	default:
		return false;
	}
}

bool procscan_syscall_wait(const struct procscan_syscall *sc, struct procscan_wait *ret)
{
	if (sc->running || sc->nr < 0)
		return false;
	switch (sc->nr) {
#ifdef SYS_semop
	case SYS_semop:
#endif
#ifdef SYS_semtimedop
	case SYS_semtimedop:
#endif
#ifdef SYS_semtimedop_time64
	case SYS_semtimedop_time64:
#endif
		return id_wait(PROCSCAN_WAIT_SEM, sc->args[0], ret);
#ifdef SYS_msgsnd
	case SYS_msgsnd:
#endif
#ifdef SYS_msgrcv
	case SYS_msgrcv:
#endif
		return id_wait(PROCSCAN_WAIT_MSG, sc->args[0], ret);
#ifdef SYS_mq_timedsend
	case SYS_mq_timedsend:
#endif
#ifdef SYS_mq_timedreceive
	case SYS_mq_timedreceive:
#endif
#ifdef SYS_mq_timedsend_time64
	case SYS_mq_timedsend_time64:
#endif
#ifdef SYS_mq_timedreceive_time64
	case SYS_mq_timedreceive_time64:
#endif
		return id_wait(PROCSCAN_WAIT_MQ, sc->args[0], ret);
#ifdef SYS_futex
	case SYS_futex:
#endif
#ifdef SYS_futex_time64
	case SYS_futex_time64:
#endif
		if (!futex_op_waits(sc->args[1]))
			return false;
		*ret = (struct procscan_wait){ PROCSCAN_WAIT_FUTEX, sc->args[0] };
		return true;
#ifdef SYS_ipc
	case SYS_ipc:
		return ipc_call_wait(sc, ret);
#endif
	default:
		return false;
	}
}

#ifdef __x86_64__
/*
 * The i386 ABI's numbers (arch/x86/entry/syscalls/syscall_32.tbl) of the
 * calls that block on IPC objects: <sys/syscall.h> of an x86_64 build has
 * only its own.
 */
enum {
	I386_IPC = 117, I386_FUTEX = 240, I386_MQ_TIMEDSEND = 279, I386_MQ_TIMEDRECEIVE = 280,
	I386_MSGSND = 400, I386_MSGRCV = 401, I386_MQ_TIMEDSEND_TIME64 = 418,
	I386_MQ_TIMEDRECEIVE_TIME64 = 419, I386_SEMTIMEDOP_TIME64 = 420, I386_FUTEX_TIME64 = 422,
};

static bool i386_syscall_wait(const struct procscan_syscall *sc, struct procscan_wait *ret)
{
	switch (sc->nr) {
	case I386_SEMTIMEDOP_TIME64:
		return id_wait(PROCSCAN_WAIT_SEM, sc->args[0], ret);
	case I386_MSGSND:
	case I386_MSGRCV:
		return id_wait(PROCSCAN_WAIT_MSG, sc->args[0], ret);
	case I386_MQ_TIMEDSEND:
	case I386_MQ_TIMEDRECEIVE:
	case I386_MQ_TIMEDSEND_TIME64:
	case I386_MQ_TIMEDRECEIVE_TIME64:
		return id_wait(PROCSCAN_WAIT_MQ, sc->args[0], ret);
	case I386_FUTEX:
	case I386_FUTEX_TIME64:
		if (!futex_op_waits(sc->args[1]))
			return false;
		*ret = (struct procscan_wait){ PROCSCAN_WAIT_FUTEX, sc->args[0] };
		return true;
	case I386_IPC:
		return ipc_call_wait(sc, ret);
	default:
		return false;
	}
}
#endif

size_t procscan_syscall_waits(const struct procscan_syscall *sc, struct procscan_wait ret[2])
{
	size_t n = 0;

	if (sc->running || sc->nr < 0)
		return 0;
#ifdef __x86_64__
	enum { X32_SYSCALL_BIT = 0x40000000 };

	if (sc->nr & X32_SYSCALL_BIT) {
		struct procscan_syscall x32 = *sc;

		x32.nr &= ~(long)X32_SYSCALL_BIT;
		return procscan_syscall_wait(&x32, &ret[0]) ? 1 : 0;
	}
	if (sc->sp <= UINT32_MAX && sc->pc <= UINT32_MAX && i386_syscall_wait(sc, &ret[n]))
		n++;
#endif
	if (procscan_syscall_wait(sc, &ret[n]))
		n++;
	return n;
}

bool procscan_knows_every_abi(void)
{
#ifdef __x86_64__
	return true;
#else
	return false;
#endif
}

/* ---- the table of objects ---- */

static uint64_t hash_key(enum procscan_type type, uint64_t dev, uint64_t ino)
{
	/* System V entries are looked up by id alone */
	return ipc_hash_u64(ino) ^ ipc_hash_u64(type == PROCSCAN_FILE ? dev : ~(uint64_t)type);
}

struct entry_key {
	const struct procscan *ps;
	enum procscan_type type;
	uint64_t dev, ino;
};

static bool same_key(size_t index, const void *key)
{
	const struct entry_key *k = key;
	const struct procscan_entry *e = &k->ps->v[index];

	return e->type == k->type && e->ino == k->ino &&
	       (k->type != PROCSCAN_FILE || e->dev == k->dev);
}

static struct procscan_entry *lookup(const struct procscan *ps, enum procscan_type type,
				     uint64_t dev, uint64_t ino)
{
	struct entry_key k = { .ps = ps, .type = type, .dev = dev, .ino = ino };
	size_t i = ipc_hashmap_find(&ps->map, hash_key(type, dev, ino), same_key, &k);

	return i == SIZE_MAX ? NULL : &ps->v[i];
}

/* The entry of an object, made when it is new; NULL on ENOMEM. */
static struct procscan_entry *get_entry(struct procscan *ps, enum procscan_type type,
					uint64_t dev, uint64_t ino, int32_t key)
{
	struct procscan_entry *e = lookup(ps, type, dev, ino);

	if (e)
		return e;
	if (!ARRAY_GROW(ps->v, ps->n, ps->cap, 32) ||
	    ipc_hashmap_add(&ps->map, hash_key(type, dev, ino), ps->n) < 0)
		return NULL;
	e = &ps->v[ps->n++];
	*e = (struct procscan_entry){ .type = type, .dev = dev, .ino = ino, .sysv_key = key };
	return e;
}

/* Record that pid uses e in the way how; path (len bytes) names it, if known. */
static int add_use(struct procscan *ps, struct procscan_entry *e, pid_t pid, unsigned int how,
		   const char *path, size_t len)
{
	struct procscan_user *u;

	if (path && len && !e->path) {
		e->path = strndup(path, len);
		if (!e->path)
			return -ENOMEM;
	}
	/* one process is scanned at a time, so its uses are contiguous */
	if (e->nusers && e->users[e->nusers - 1].pid == pid) {
		u = &e->users[e->nusers - 1];
	} else {
		if (!ARRAY_GROW(e->users, e->nusers, e->cap, 4))
			return -ENOMEM;
		u = &e->users[e->nusers++];
		*u = (struct procscan_user){ .pid = pid };
	}
	u->how |= how;
	if (how & (PROCSCAN_MAPPED | PROCSCAN_ATTACHED))
		u->nmaps++;
	return 0;
}

static int use(struct procscan *ps, enum procscan_type type, uint64_t dev, uint64_t ino,
	       int32_t key, pid_t pid, unsigned int how, const char *path, size_t len)
{
	struct procscan_entry *e = get_entry(ps, type, dev, ino, key);

	return e ? add_use(ps, e, pid, how, path, len) : -ENOMEM;
}

void procscan_free(struct procscan *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->v[i].users);
		free(ps->v[i].path);
	}
	free(ps->v);
	ipc_hashmap_free(&ps->map);
	*ps = (struct procscan){ 0 };
}

const struct procscan_entry *procscan_find_shm(const struct procscan *ps, int shmid)
{
	return shmid < 0 ? NULL : lookup(ps, PROCSCAN_SYSV_SHM, 0, (uint64_t)shmid);
}

const struct procscan_entry *procscan_find_file(const struct procscan *ps,
						uint64_t dev, uint64_t ino)
{
	return lookup(ps, PROCSCAN_FILE, dev, ino);
}

const struct procscan_entry *procscan_find_obj(const struct procscan *ps,
					       const struct ipc_obj *obj)
{
	switch (obj->kind) {
	case IPC_SHM:
		return procscan_find_shm(ps, obj->id);
	case IPC_MSG:
		return obj->id < 0 ? NULL : lookup(ps, PROCSCAN_SYSV_MSG, 0, (uint64_t)obj->id);
	case IPC_SEM:
		return obj->id < 0 ? NULL : lookup(ps, PROCSCAN_SYSV_SEM, 0, (uint64_t)obj->id);
	case IPC_PMSG:
	case IPC_PSHM:
	case IPC_PSEM:
		return procscan_find_file(ps, obj->dev, obj->ino);
	default:
		return NULL;
	}
}

size_t procscan_count(const struct procscan_entry *e, unsigned int mask)
{
	size_t n = 0;

	if (!e)
		return 0;
	for (size_t i = 0; i < e->nusers; i++)
		if (e->users[i].how & mask)
			n++;
	return n;
}

const struct procscan_user *procscan_user(const struct procscan_entry *e, pid_t pid)
{
	if (!e)
		return NULL;
	for (size_t i = 0; i < e->nusers; i++)
		if (e->users[i].pid == pid)
			return &e->users[i];
	return NULL;
}

unsigned int procscan_flags_for(enum ipc_kind kind, bool uses, bool waits)
{
	unsigned int f = waits ? PROCSCAN_WAITS : 0;

	if (uses) {
		switch (kind) {
		case IPC_SHM:
			f |= PROCSCAN_MAPS;
			break;
		case IPC_PSHM:
		case IPC_PSEM:
			/* an open descriptor holds the object as a mapping does */
			f |= PROCSCAN_MAPS | PROCSCAN_FDS;
			break;
		case IPC_PMSG:
			f |= PROCSCAN_FDS;
			break;
		default:
			/* nothing holds a System V queue or set: waiting is all we see */
			f |= PROCSCAN_WAITS;
			break;
		}
	}
	if (f && !ipc_kind_is_posix(kind))
		f |= PROCSCAN_SYSV_ONLY;
	return f;
}

bool procscan_partial(const struct procscan *ps, enum ipc_kind kind)
{
	if (ps->hidden)
		return true;
	/* a process outside our mounts cannot reach POSIX objects, but may
	 * share our IPC namespace, hence System V objects */
	if (ipc_kind_is_posix(kind))
		return ps->unreadable > 0;
	return ps->unreadable + ps->foreign > 0;
}

size_t procscan_unseen(const struct procscan *ps, enum ipc_kind kind)
{
	return ps->unreadable + (ipc_kind_is_posix(kind) ? 0 : ps->foreign);
}

char *procscan_how_str(unsigned int how, char *buf, size_t size)
{
	static const struct { unsigned int bit; const char *word; } words[] = {
		{ PROCSCAN_ATTACHED, "attached" },
		{ PROCSCAN_MAPPED, "mapped" },
		{ PROCSCAN_OPEN, "open" },
		{ PROCSCAN_WAITING, "waiting" },
	};
	size_t len = 0;

	if (!size)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		int n;

		if (!(how & words[i].bit))
			continue;
		n = snprintf(buf + len, size - len, "%s%s", len ? "," : "", words[i].word);
		if (n < 0 || (size_t)n >= size - len) {
			buf[len] = '\0';	/* whole words only */
			break;
		}
		len += (size_t)n;
	}
	return buf;
}

/* ---- the scan ---- */

/* State of one run, shared by the processes it looks at. */
struct scan {
	struct procscan *ps;
	unsigned int flags;
	bool offline;		/* a captured tree: follow no links (fd/, ns/) */
	struct ipc_ctx *ctx;	/* a capture of ours: it names the unreadable processes */
	bool have_ipcns;	/* ipcns is our IPC namespace's inode */
	uint64_t ipcns_dev, ipcns_ino;
	/* the process being read */
	int piddir;
	pid_t pid;
	int sysv_ok;		/* -1: not checked yet; 0: another IPC namespace */
	int err;		/* the first read of it that failed (errno), 0: none */
	bool empty;		/* every maps and fd/ read of it found nothing */
	uint64_t *futex;	/* futex words its threads wait on */
	size_t nfutex, capfutex;
};

/*
 * Note that a read of the process failed with errno e. Only "it is gone"
 * (ENOENT, ESRCH) says nothing: anything else (permission, out of
 * descriptors or memory, an I/O error) leaves what it uses unknown.
 */
static void read_failed(struct scan *s, int e)
{
	if (e != ENOENT && e != ESRCH && !s->err)
		s->err = e ? e : EIO;
}

static bool denied(int e)
{
	return e == EACCES || e == EPERM;
}

/*
 * System V ids are per IPC namespace: the same shmid in a process of
 * another namespace (the host seen from a container) is another segment.
 * Checked once per process, and only when it has a System V object.
 */
static bool sysv_same_ns(struct scan *s)
{
	struct stat st;

	if (s->sysv_ok < 0) {
		if (!s->have_ipcns)
			s->sysv_ok = 1;
		else if (fstatat(s->piddir, "ns/ipc", &st, 0) == 0)
			s->sysv_ok = st.st_dev == s->ipcns_dev && st.st_ino == s->ipcns_ino;
		else if (denied(errno))
			read_failed(s, errno), s->sysv_ok = 0;
		else
			/* no namespace links: a kernel with one IPC namespace */
			s->sysv_ok = errno == ENOENT ? 1 : 0;
	}
	return s->sysv_ok > 0;
}

static bool futex_in(const struct scan *s, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < s->nfutex; i++)
		if (s->futex[i] >= start && s->futex[i] < end)
			return true;
	return false;
}

/* Feed one maps line to the table; record the mapping itself when uses. */
static int scan_maps_line(struct scan *s, const char *line, size_t len, bool uses)
{
	struct procscan *ps = s->ps;
	const char *path = NULL;
	struct procscan_entry *e;
	struct procscan_map m;
	enum procscan_type type;
	unsigned int how = 0;
	int32_t key = 0;
	uint64_t dev, ino;

	if (procscan_parse_maps_line(line, len, &m) < 0)
		return 0;
	dev = makedev(m.major, m.minor);
	if (procscan_sysv_name(m.path, m.pathlen, &key)) {
		if (!sysv_same_ns(s))
			return 0;
		type = PROCSCAN_SYSV_SHM;
		ino = m.ino;
		how = PROCSCAN_ATTACHED;
	} else if (ps->have_shm_dev && dev == ps->shm_dev && m.pathlen) {
		/* POSIX shm objects and semaphores are files of the shm
		 * directory's filesystem; memfds and anonymous mappings live
		 * elsewhere */
		type = PROCSCAN_FILE;
		ino = m.ino;
		how = PROCSCAN_MAPPED;
		if (s->flags & PROCSCAN_NAMES)
			path = m.path;
	} else {
		return 0;
	}
	if (!uses)
		how = 0;
	if (s->nfutex && futex_in(s, m.start, m.end))
		how |= PROCSCAN_WAITING;
	if (!how)
		return 0;
	e = get_entry(ps, type, type == PROCSCAN_FILE ? dev : 0, ino, key);
	if (!e)
		return -ENOMEM;
	if (type == PROCSCAN_SYSV_SHM)
		e->dev = dev;
	return add_use(ps, e, s->pid, how, path, path ? m.pathlen : 0);
}

/*
 * Open a file of /proc/PID for reading, like openat(): the descriptor, or
 * -1 with errno set. Under a sysroot it is a file someone captured: a FIFO
 * there would block the read, a device might never end, so only a regular
 * file is accepted (EINVAL otherwise); live /proc files are regular too.
 */
static int open_proc_file(int dirfd, const char *name)
{
	int fd = ipc_open_regular_at(dirfd, name);

	/* the callers test errno for EACCES/ENOENT */
	if (fd < 0) {
		errno = -fd;
		return -1;
	}
	return fd;
}

/*
 * Read the maps file in dir (the process's directory, or one of its
 * threads'); a failed read is noted in s->err, a map-less one clears
 * nothing but leaves s->empty as it was.
 */
static int scan_maps(struct scan *s, int dir, bool uses)
{
	_cleanup_close_ int fd = open_proc_file(dir, "maps");
	char buf[65536];
	size_t have = 0;
	bool skipping = false;	/* inside a line longer than buf */

	if (fd < 0) {
		read_failed(s, errno);
		return 0;
	}
	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - have);
		size_t start = 0;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* gone, or ptrace access denied at read time */
			read_failed(s, errno);
			return 0;
		}
		if (n == 0)
			break;
		s->empty = false;
		have += n;
		for (size_t i = 0; i < have; i++) {
			if (buf[i] != '\n')
				continue;
			if (!skipping) {
				int r = scan_maps_line(s, buf + start, i - start, uses);

				if (r < 0)
					return r;
			}
			skipping = false;
			start = i + 1;
		}
		memmove(buf, buf + start, have - start);
		have -= start;
		if (have == sizeof(buf)) {
			/* no path is this long; drop the line */
			skipping = true;
			have = 0;
		}
	}
	if (have && !skipping)
		return scan_maps_line(s, buf, have, uses);
	return 0;
}

/* A descriptor name under dirfd (an fd/ directory) that is a file of ours. */
static int scan_fd(struct scan *s, int dirfd, const char *name, unsigned int how)
{
	struct procscan *ps = s->ps;
	struct stat st;
	char path[PATH_MAX];
	ssize_t len = 0;

	/* follows the magic link to the open file itself */
	if (fstatat(dirfd, name, &st, 0) < 0) {
		read_failed(s, errno);	/* ENOENT: closed meanwhile */
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return 0;
	if (!((ps->have_shm_dev && st.st_dev == ps->shm_dev) ||
	      (ps->have_mq_dev && st.st_dev == ps->mq_dev)))
		return 0;
	if (s->flags & PROCSCAN_NAMES) {
		len = readlinkat(dirfd, name, path, sizeof(path));
		if (len < 0 || (size_t)len >= sizeof(path))
			len = 0;
	}
	return use(ps, PROCSCAN_FILE, st.st_dev, st.st_ino, 0, s->pid, how,
		   len ? path : NULL, (size_t)len);
}

/*
 * The record a capture of ours keeps of the descriptors in dir (the
 * process's directory or a thread's): 1 read (in *f), 0 none (an older
 * capture, a sosreport: its fd/ links would point into the machine we
 * run on, so no descriptor is seen), -ENOMEM. A record that cannot be
 * read, or holds lines that are none of ours, leaves what the process
 * holds unknown.
 */
static int captured_fds(struct scan *s, int dir, struct capture_fds *f)
{
	int r;

	if (!s->ctx->capture)
		return 0;
	r = capture_fds_read(dir, f);
	if (r == -ENOMEM)
		return r;
	if (r == -ENOENT)
		return 0;
	if (r < 0) {
		read_failed(s, -r);
		return 0;
	}
	if (f->bad)
		read_failed(s, EINVAL);
	return 1;
}

/* A captured descriptor that is a file of ours, fed as scan_fd() does a live one. */
static int use_captured_fd(struct scan *s, const struct capture_fd *e, unsigned int how)
{
	struct procscan *ps = s->ps;
	const char *path = s->flags & PROCSCAN_NAMES ? e->path : NULL;

	if (!((ps->have_shm_dev && e->dev == ps->shm_dev) ||
	      (ps->have_mq_dev && e->dev == ps->mq_dev)))
		return 0;
	return use(ps, PROCSCAN_FILE, e->dev, e->ino, 0, s->pid, how, path,
		   path ? strlen(path) : 0);
}

/* The descriptors a capture recorded for dir, as scan_fds() reads them live. */
static int scan_fds_captured(struct scan *s, int dir)
{
	struct capture_fds f;
	int r = captured_fds(s, dir, &f);

	if (r <= 0)
		return r;
	if (f.total || f.n)
		s->empty = false;
	for (size_t i = 0; r >= 0 && i < f.n; i++)
		r = use_captured_fd(s, &f.v[i], PROCSCAN_OPEN);
	capture_fds_free(&f);
	return r < 0 ? r : 0;
}

/*
 * Descriptor fd of the thread in dir that waits on it, from the capture's
 * record: the thread's own (its leader gone), else its process's.
 */
static int scan_fd_captured(struct scan *s, int dir, uint64_t fd)
{
	struct capture_fds f;
	int r;

	if (!s->ctx->capture)
		return 0;
	/* the thread's own record, when the capture made one */
	if (faccessat(dir, IPC_CAPTURE_FDS, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
		dir = s->piddir;
	r = captured_fds(s, dir, &f);
	if (r <= 0)
		return r;
	for (size_t i = 0; r >= 0 && i < f.n; i++)
		if ((uint64_t)f.v[i].fd == fd)
			r = use_captured_fd(s, &f.v[i], PROCSCAN_WAITING);
	capture_fds_free(&f);
	return r < 0 ? r : 0;
}

/* The descriptors in dir/fd (dir: the process's directory or a thread's). */
static int scan_fds(struct scan *s, int dir)
{
	int fd;
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;

	/* the links of a captured tree point into the machine we run on */
	if (s->offline)
		return scan_fds_captured(s, dir);
	fd = openat(dir, "fd", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		read_failed(s, errno);
		return 0;
	}
	d = fdopendir(fd);
	if (!d) {
		/* fdopendir() stats the directory: ENOENT once the process is gone */
		int e = errno;

		close(fd);
		if (e == ENOMEM)
			return -ENOMEM;
		read_failed(s, e);
		return 0;
	}
	while ((errno = 0, de = readdir(d))) {
		int r;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		s->empty = false;
		r = scan_fd(s, dirfd(d), de->d_name, PROCSCAN_OPEN);
		if (r < 0)
			return r;
	}
	if (errno)
		read_failed(s, errno);
	return 0;
}

/* Note wait w of thread tid (under taskdir; dir: its directory when offline). */
static int record_wait(struct scan *s, int taskdir, int dir, const char *tid,
		       const struct procscan_wait *w)
{
	char path[64];

	switch (w->type) {
	case PROCSCAN_WAIT_SEM:
		if (!sysv_same_ns(s))
			return 0;
		return use(s->ps, PROCSCAN_SYSV_SEM, 0, w->arg, 0, s->pid, PROCSCAN_WAITING, NULL, 0);
	case PROCSCAN_WAIT_MSG:
		if (!sysv_same_ns(s))
			return 0;
		return use(s->ps, PROCSCAN_SYSV_MSG, 0, w->arg, 0, s->pid, PROCSCAN_WAITING, NULL, 0);
	case PROCSCAN_WAIT_MQ:
		/* the thread's own descriptor table (threads may have unshared it) */
		if (s->offline)
			return w->arg > INT_MAX ? 0 : scan_fd_captured(s, dir, w->arg);
		if (w->arg > INT_MAX ||
		    (size_t)snprintf(path, sizeof(path), "%s/fd/%d", tid, (int)w->arg) >= sizeof(path))
			return 0;
		return scan_fd(s, taskdir, path, PROCSCAN_WAITING);
	case PROCSCAN_WAIT_FUTEX:
		/* a futex word lies in a mapping: a scan for System V queues and
		 * sets alone (no maps wanted) has no object it could be in, and
		 * idle threads of most programs sleep in futex waits */
		if ((s->flags & PROCSCAN_SYSV_ONLY) && !(s->flags & PROCSCAN_MAPS))
			return 0;
		if (!ARRAY_GROW(s->futex, s->nfutex, s->capfutex, 16))
			return -ENOMEM;
		s->futex[s->nfutex++] = w->arg;
		return 0;
	}
	return 0;
}

/* What one thread (task/TID under taskdir) is blocked on. */
static int scan_thread(struct scan *s, int taskdir, const char *tid)
{
	struct procscan_syscall sc;
	struct procscan_wait w[2];
	char path[64], buf[256];
	_cleanup_close_ int dir = -1, fd = -1;
	size_t nw;
	ssize_t n;

	if (s->offline) {
		/* a captured tree may hold a link in place of the thread's directory */
		dir = openat(taskdir, tid, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (dir < 0)
			return 0;
		fd = open_proc_file(dir, "syscall");
	} else {
		/* procfs has no links there: one open per thread, not two */
		if ((size_t)snprintf(path, sizeof(path), "%s/syscall", tid) >= sizeof(path))
			return 0;
		fd = open_proc_file(taskdir, path);
	}
	if (fd < 0) {
		read_failed(s, errno);	/* ENOENT, ESRCH: the thread exited */
		return 0;
	}
	do
		n = read(fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		/* the file's mode lets us open it, ptrace rules may not */
		read_failed(s, errno);
		return 0;
	}
	if (procscan_parse_syscall(buf, (size_t)n, &sc) < 0)
		return 0;
	nw = procscan_syscall_waits(&sc, w);
	for (size_t i = 0; i < nw; i++) {
		int r = record_wait(s, taskdir, dir, tid, &w[i]);

		if (r < 0)
			return r;
	}
	return 0;
}

/* The task/ directory of the process as a stream; NULL (s->err noted) when not. */
static DIR *open_tasks(struct scan *s)
{
	int fd = openat(s->piddir, "task", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d;

	if (fd < 0) {
		read_failed(s, errno);
		return NULL;
	}
	d = fdopendir(fd);
	if (!d) {
		/* as in scan_fds(): the process may have exited meanwhile */
		read_failed(s, errno);
		close(fd);
	}
	return d;
}

static int scan_threads(struct scan *s)
{
	_cleanup_closedir_ DIR *d = open_tasks(s);
	struct dirent *de;

	if (!d)
		return s->err == ENOMEM ? -ENOMEM : 0;
	while ((errno = 0, de = readdir(d))) {
		int r;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		r = scan_thread(s, dirfd(d), de->d_name);
		if (r < 0)
			return r;
	}
	if (errno)
		read_failed(s, errno);
	return 0;
}

/*
 * When the thread-group leader has exited (pthread_exit() in main) while
 * other threads run on, /proc/PID/maps and /proc/PID/fd are empty: they
 * are the leader's, and it has no memory or descriptors left. The other
 * threads share both, so they are read through one of them. Returns the
 * directory of a live thread other than the leader, or -1 when there is
 * none (a kernel thread, a single-threaded process).
 */
static int other_thread_dir(struct scan *s)
{
	_cleanup_closedir_ DIR *d = open_tasks(s);
	struct dirent *de;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		pid_t tid;
		int fd;

		if (de->d_name[0] < '0' || de->d_name[0] > '9' ||
		    (sscanf(de->d_name, "%d", &tid) == 1 && tid == s->pid))
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0)
			return fd;
		read_failed(s, errno);
	}
	return -1;
}

/* What the process holds, read through dir: its mappings and descriptors. */
static int scan_holdings(struct scan *s, int dir)
{
	int r = 0;

	s->empty = true;
	if ((s->flags & PROCSCAN_MAPS) || s->nfutex)
		r = scan_maps(s, dir, s->flags & PROCSCAN_MAPS);
	if (r == 0 && (s->flags & PROCSCAN_FDS))
		r = scan_fds(s, dir);
	return r;
}

bool procscan_may_reach(int dirfd, const char *path, bool have_shm, uint64_t shm_dev,
			bool have_mq, uint64_t mq_dev)
{
	_cleanup_free_ char *text = NULL;
	int r = ipc_read_file_at(dirfd, path, IPC_MOUNTINFO_MAX, &text, NULL);

	if (r < 0)
		return r != -ENOENT && r != -ESRCH;
	for (char *rest = text, *line; (line = ipc_next_line(&rest));) {
		/* "ID PARENT MAJOR:MINOR ROOT MOUNTPOINT ...", numbers in decimal */
		unsigned int major, minor;
		uint64_t dev;

		if (sscanf(line, "%*u %*u %u:%u", &major, &minor) != 2)
			continue;
		dev = makedev(major, minor);
		if ((have_shm && dev == shm_dev) || (have_mq && dev == mq_dev))
			return true;
	}
	return false;
}

/* procscan_may_reach() of the process in piddir, for our shm and mqueue mounts */
static bool may_reach_ours(const struct procscan *ps, int piddir)
{
	return procscan_may_reach(piddir, "mountinfo", ps->have_shm_dev, ps->shm_dev,
				  ps->have_mq_dev, ps->mq_dev);
}

/*
 * A process we could not read completely: partial, unless it was denied to
 * us and its mounts show that it cannot reach our POSIX objects (then it
 * only matters for System V ones).
 */
static void count_unreadable(struct scan *s, int piddir, const bool *reach)
{
	struct procscan *ps = s->ps;

	if (!ps->errnum)
		ps->errnum = s->err;
	if (!(s->flags & PROCSCAN_SYSV_ONLY) && denied(s->err) &&
	    !(reach ? *reach : may_reach_ours(ps, piddir)))
		ps->foreign++;
	else
		ps->unreadable++;
}

/* Look at the process in piddir: its threads' waits, then its maps and fds. */
static int scan_process(struct scan *s, int piddir, pid_t pid)
{
	struct procscan *ps = s->ps;
	int r = 0;

	s->piddir = piddir;
	s->pid = pid;
	s->sysv_ok = -1;
	s->err = 0;
	s->nfutex = 0;
	ps->nprocs++;
	/* what a capture could not read of a process it says, as a scan would */
	if (s->offline && s->ctx->capture) {
		const bool reads[3] = { s->flags & PROCSCAN_WAITS, s->flags & PROCSCAN_MAPS,
					s->flags & PROCSCAN_FDS };
		bool reach;

		/* a capture says what it could not read, and whether it may reach ours */
		if (capture_unreadable(s->ctx, pid, reads, &s->err, &reach)) {
			count_unreadable(s, piddir, &reach);
			return 0;
		}
	}
	/* the waits first: futex words are found in the maps read next */
	if (s->flags & PROCSCAN_WAITS)
		r = scan_threads(s);
	if (r == 0 && ((s->flags & (PROCSCAN_MAPS | PROCSCAN_FDS)) || s->nfutex)) {
		r = scan_holdings(s, piddir);
		if (r == 0 && s->empty && !s->err) {
			_cleanup_close_ int tdir = other_thread_dir(s);

			if (tdir >= 0)
				r = scan_holdings(s, tdir);
		}
	}
	if (r < 0)
		return r;
	if (s->err)
		count_unreadable(s, piddir, NULL);
	return 0;
}

static void scan_init(struct scan *s, struct ipc_ctx *ctx, unsigned int flags,
		      struct procscan *ps)
{
	char path[PATH_MAX];
	struct stat st;

	*ps = (struct procscan){ 0 };
	*s = (struct scan){ .ps = ps, .flags = flags, .offline = ctx->offline, .ctx = ctx };
	ps->hidden = !procscan_sees_all(ctx);
	/* finding the mqueue mount loads libmount: not for System V alone */
	if (flags & PROCSCAN_SYSV_ONLY) {
		/* no POSIX object to match */
	} else if (ctx->capture) {
		/* a capture of ours: the devices its processes' maps name */
		ps->have_shm_dev = capture_fsdev(ctx, true, &ps->shm_dev);
		ps->have_mq_dev = capture_fsdev(ctx, false, &ps->mq_dev);
	} else {
		if (ipc_ctx_shmdir(ctx) && stat(ctx->shmdir, &st) == 0) {
			ps->shm_dev = st.st_dev;
			ps->have_shm_dev = true;
		}
		if (ipc_ctx_mqdir(ctx) && stat(ctx->mqdir, &st) == 0) {
			ps->mq_dev = st.st_dev;
			ps->have_mq_dev = true;
		}
	}
	/* our IPC namespace is the one System V ids refer to (or the one
	 * the context reads); a captured tree is one system */
	if (ctx->ns_set) {
		s->have_ipcns = true;
		s->ipcns_dev = ctx->ns_dev;
		s->ipcns_ino = ctx->ns_ino;
	} else if (!ctx->offline &&
	    (size_t)snprintf(path, sizeof(path), "%s/self/ns/ipc", ctx->procdir) < sizeof(path) &&
	    stat(path, &st) == 0) {
		s->have_ipcns = true;
		s->ipcns_dev = st.st_dev;
		s->ipcns_ino = st.st_ino;
	}
}

int procscan_run(struct ipc_ctx *ctx, unsigned int flags, struct procscan *ret)
{
	struct procscan ps;
	struct scan s;
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;
	int r = 0;

	d = opendir(ctx->procdir);
	if (!d)
		return -errno;
	scan_init(&s, ctx, flags, &ps);
	while ((errno = 0, de = readdir(d))) {
		_cleanup_close_ int piddir = -1;
		pid_t pid;

		if (parse_pid(de->d_name, &pid) < 0)
			continue;
		piddir = openat(dirfd(d), de->d_name,
				O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (piddir < 0) {
			/* gone; anything else (EMFILE, ...) hides what it uses */
			if (errno != ENOENT && errno != ESRCH) {
				if (!ps.errnum)
					ps.errnum = errno;
				ps.unreadable++;
				ps.nprocs++;
			}
			continue;
		}
		r = scan_process(&s, piddir, pid);
		if (r < 0)
			break;
	}
	if (r == 0 && errno)
		r = -errno;	/* the listing of /proc itself failed */
	free(s.futex);
	if (r < 0) {
		procscan_free(&ps);
		return r;
	}
	*ret = ps;
	return 0;
}

int procscan_run_pid(struct ipc_ctx *ctx, unsigned int flags, pid_t pid, struct procscan *ret)
{
	char path[PATH_MAX];
	struct procscan ps;
	struct scan s;
	_cleanup_close_ int piddir = -1;
	int r;

	if (pid <= 0)
		return -ESRCH;
	if ((size_t)snprintf(path, sizeof(path), "%s/%d", ctx->procdir, (int)pid) >= sizeof(path))
		return -ENAMETOOLONG;
	piddir = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (piddir < 0)
		/* a link or a file in a captured tree is no process either */
		return errno == ENOENT || errno == ESRCH || errno == ELOOP || errno == ENOTDIR
			? -ESRCH : -errno;
	scan_init(&s, ctx, flags, &ps);
	r = scan_process(&s, piddir, pid);
	free(s.futex);
	if (r < 0) {
		procscan_free(&ps);
		return r;
	}
	*ret = ps;
	return 0;
}

bool procscan_pid_exists(struct ipc_ctx *ctx, pid_t pid)
{
	char path[PATH_MAX];
	struct stat st;

	if (pid <= 0)
		return false;
	if ((size_t)snprintf(path, sizeof(path), "%s/%d", ctx->procdir, (int)pid) >= sizeof(path))
		return true;	/* cannot tell: assume it lives */
	if (stat(path, &st) == 0)
		return true;
	return errno != ENOENT && errno != ESRCH;
}

/*
 * The inode of the initial PID namespace's nsfs file: a constant of the
 * kernel's ABI (PROC_PID_INIT_INO in include/linux/proc_ns.h), the same on
 * every boot, as the namespace tools know it.
 */
#define PID_NS_INIT_INO	0xeffffffcU

bool procscan_sees_all(struct ipc_ctx *ctx)
{
	char path[PATH_MAX];
	struct stat st;

	/* a capture of ours says whether its /proc showed every process */
	if (ctx->offline)
		return !capture_hidden(ctx);
	/* our own PID namespace; "self" does not resolve in the /proc of a
	 * PID namespace we are not in */
	if ((size_t)snprintf(path, sizeof(path), "%s/self/ns/pid", ctx->procdir) >= sizeof(path) ||
	    stat(path, &st) < 0 || st.st_ino != PID_NS_INIT_INO)
		return false;
	/* every PID namespace has a process 1: when this /proc does not show
	 * it to us, it hides processes (hidepid=invisible) */
	if ((size_t)snprintf(path, sizeof(path), "%s/1", ctx->procdir) >= sizeof(path) ||
	    stat(path, &st) < 0)
		return false;
	return true;
}

bool procscan_likely_partial(struct ipc_ctx *ctx)
{
	char path[PATH_MAX], buf[128];
	_cleanup_close_ int fd = -1;
	size_t len;

	if (ctx->offline)
		return false;
	if ((size_t)snprintf(path, sizeof(path), "%s/1/syscall", ctx->procdir) >= sizeof(path))
		return true;
	fd = ipc_open_regular_at(AT_FDCWD, path);
	/* the ptrace check is made when the file is read */
	return fd < 0 || ipc_read_full(fd, buf, sizeof(buf), &len) < 0 || len == 0;
}

bool procscan_pids_are_ours(struct ipc_ctx *ctx)
{
	char path[PATH_MAX], link[32];
	struct stat st;
	ssize_t n;

	if (ctx->offline)
		return true;
	/* /proc/self names us by our pid in the PID namespace of this /proc */
	if ((size_t)snprintf(path, sizeof(path), "%s/self", ctx->procdir) >= sizeof(path))
		return false;
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return false;
	link[n] = '\0';
	if (strtol(link, NULL, 10) != (long)getpid())
		return false;
	if ((size_t)snprintf(path, sizeof(path), "%s/1", ctx->procdir) >= sizeof(path) ||
	    stat(path, &st) < 0)
		return false;
	return true;
}
