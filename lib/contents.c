/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Looking inside objects: queue messages copied with MSG_COPY, shared memory read in fixed-size pieces. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "contents.h"
#include "internal.h"
#include "ipc.h"
#include "parse.h"
#include "procscan.h"

/* <linux/msg.h>'s value; glibc defines it only in newer versions */
#ifndef MSG_COPY
#define MSG_COPY	040000
#endif

/* Whether type t is one msgrcv(2) would take for msgtyp (as in MSG_COPY's absence). */
static bool type_selected(long t, long msgtyp)
{
	if (msgtyp == 0)
		return true;
	if (msgtyp > 0)
		return t == msgtyp;
	/* msgtyp == LONG_MIN has no positive counterpart: every type is below */
	return msgtyp == LONG_MIN || t <= -msgtyp;
}

/* Whether anyone sent, received, changed or removed messages between two IPC_STATs. */
static bool queue_changed(const struct ipc_obj *a, const struct ipc_obj *b)
{
	return a->msg.qnum != b->msg.qnum || a->msg.cbytes != b->msg.cbytes ||
	       a->msg.lspid != b->msg.lspid || a->msg.lrpid != b->msg.lrpid ||
	       a->msg.stime != b->msg.stime || a->msg.rtime != b->msg.rtime ||
	       a->ctime != b->ctime;
}

/* msgrcv(2)'s buffer: the type, then the text. */
struct msgbuf_any {
	long mtype;
	unsigned char mtext[];
};

/*
 * The most bytes one MSG_COPY may return: the kernel caps the copy at
 * kernel.msgmax (so a message sent before msgmax was lowered cannot be
 * copied); 0 when the limit cannot be read.
 */
static size_t copy_limit(struct ipc_ctx *ctx)
{
	struct ipc_limits lim;

	if (ipc_read_limits(ctx, &lim) < 0 || !(lim.have & IPC_LIM_MSG))
		return 0;
	return lim.msgmax > SSIZE_MAX - sizeof(long) ? SSIZE_MAX - sizeof(long) :
						   (size_t)lim.msgmax;
}

/*
 * What a look inside starts with: the object as IPC_STAT shows it, which
 * also asks for read permission. Only the live kernel has contents.
 */
static int stat_to_read(struct ipc_ctx *ctx, enum ipc_kind kind, int id, struct ipc_obj *ret)
{
	if (ctx->offline)
		return -EOPNOTSUPP;
	return sysv_stat_only(kind, id, ret);
}

static int map_msgrcv_errno(int e)
{
	switch (e) {
	case EPERM:
		return -EACCES;
	case EINVAL:
		/* with IPC_NOWAIT set, only a queue that is gone */
		return -EIDRM;
	default:
		return -e;
	}
}

int sysv_msg_peek(struct ipc_ctx *ctx, int id, long msgtyp, ipc_msg_fn fn, void *data,
		  struct ipc_msg_peek *ret)
{
	_cleanup_free_ struct msgbuf_any *buf = NULL;
	struct ipc_msg_peek p = { 0 };
	size_t msgmax, size;
	int r = 0;

	r = stat_to_read(ctx, IPC_MSG, id, &p.before);
	if (r < 0)
		return r;
	msgmax = copy_limit(ctx);
	/* no message is larger than the bytes in the queue: start with that
	 * much and grow to msgmax only when a copy says E2BIG */
	size = p.before.msg.cbytes < msgmax || !msgmax ? (size_t)p.before.msg.cbytes : msgmax;
	/* zeroed: the kernel copies in the whole buffer before it fills it */
	buf = calloc(1, sizeof(*buf) + (size ? size : 1));
	if (!buf)
		return -ENOMEM;

	for (size_t i = 0; i < p.before.msg.qnum;) {
		struct ipc_msg m = { .index = i };
		ssize_t n;

		n = msgrcv(id, buf, size, (long)i, IPC_NOWAIT | MSG_COPY);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ENOMSG) {
			/* fewer messages than when we began: some were taken */
			break;
		}
		if (n < 0 && errno == E2BIG && size < msgmax) {
			free(buf);
			buf = calloc(1, sizeof(*buf) + msgmax);
			if (!buf) {
				r = -ENOMEM;
				break;
			}
			size = msgmax;
			continue;
		}
		if (n < 0 && errno == E2BIG) {
			m.too_big = true;
			p.too_big++;
		} else if (n < 0) {
			r = map_msgrcv_errno(errno);
			break;
		} else {
			m.type = buf->mtype;
			m.size = (size_t)n;
			m.data = buf->mtext;
			p.copied++;
		}
		i++;
		if (!m.too_big && !type_selected(m.type, msgtyp))
			continue;
		r = fn(&m, data);
		if (r != 0)
			break;
	}
	p.bufsize = msgmax ? msgmax : size;
	/* said as it was read: whatever happened meanwhile is a note */
	if (sysv_stat_only(IPC_MSG, id, &p.after) < 0) {
		p.changed = true;
		if (r == 0)
			r = -EIDRM;
	} else {
		p.changed = queue_changed(&p.before, &p.after);
	}
	*ret = p;
	return r;
}

/* Clip [offset, offset + length) to an object of size bytes. */
static void clip_range(struct ipc_mem_read *m, uint64_t size, uint64_t offset, uint64_t length)
{
	m->size = size;
	m->offset = offset;
	m->length = offset >= size ? 0 : length > size - offset ? size - offset : length;
}

/*
 * Hand length bytes from offset of fd to fn in pieces, read with pread(2)
 * into a buffer of one piece; *ret_done gets the bytes handed over (fewer
 * when the file ends first). Returns 0, fn's value, -errno.
 */
static int read_fd_range(int fd, uint64_t offset, uint64_t length, ipc_chunk_fn fn,
			 void *data, uint64_t *ret_done)
{
	_cleanup_free_ unsigned char *buf = NULL;
	uint64_t done = 0;
	int r = 0;

	if (length > 0) {
		buf = malloc(length < IPC_READ_CHUNK ? (size_t)length : IPC_READ_CHUNK);
		if (!buf)
			return -ENOMEM;
	}
	while (done < length) {
		size_t want = length - done > IPC_READ_CHUNK ? IPC_READ_CHUNK :
							       (size_t)(length - done);
		ssize_t n = pread(fd, buf, want, (off_t)(offset + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0)	/* it shrank meanwhile: what is there is all */
			break;
		r = fn(buf, (size_t)n, data);
		if (r != 0)
			break;
		done += (uint64_t)n;
	}
	*ret_done = done;
	return r;
}

/* Whether process pid (procfd: /proc) is in the IPC namespace *ns. */
static bool in_ipc_ns(int procfd, pid_t pid, const struct stat *ns)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "%d/ns/ipc", (int)pid);
	return fstatat(procfd, path, &st, 0) == 0 && st.st_dev == ns->st_dev &&
	       st.st_ino == ns->st_ino;
}

/*
 * In the maps of process pid, a mapping of segment seg (its name has the
 * segment's key, its inode is the id) opened through map_files. Returns
 * the descriptor, -ENOENT when there is none, -EPERM when map_files is
 * closed to us (it takes CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE).
 */
static int open_mapping_of(int procfd, pid_t pid, const struct ipc_obj *seg, pid_t *ret_pid)
{
	_cleanup_fclose_ FILE *f = NULL;
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	char path[96];
	int fd;

	snprintf(path, sizeof(path), "%d/maps", (int)pid);
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ENOENT;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		struct procscan_map m;
		struct stat st;
		int32_t key;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (procscan_parse_maps_line(line, (size_t)len, &m) < 0 ||
		    m.ino != (uint64_t)seg->id || !procscan_sysv_name(m.path, m.pathlen, &key) ||
		    key != seg->key)
			continue;
		snprintf(path, sizeof(path), "%d/map_files/%" PRIx64 "-%" PRIx64, (int)pid,
			 m.start, m.end);
		/* a magic link to the segment's file: it must be followed */
		fd = openat(procfd, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			return errno == EPERM || errno == EACCES ? -EPERM : -ENOENT;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_ino == (ino_t)seg->id &&
		    (uint64_t)st.st_size == seg->shm.segsz) {
			*ret_pid = pid;
			return fd;
		}
		close(fd);
	}
	return -ENOENT;
}

/*
 * A descriptor of segment seg that needs no attach: the file behind a
 * process's mapping of it, opened through /proc/PID/map_files. Only a
 * process of our own IPC namespace counts (another namespace has its own
 * segment of that id). Returns the descriptor, or < 0 when there is none
 * or we may not open one.
 */
static int open_mapped_segment(struct ipc_ctx *ctx, const struct ipc_obj *seg, pid_t *ret_pid)
{
	_cleanup_close_ int procfd = -1;
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;
	struct stat ns;
	int fd;

	procfd = open(ctx->procdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0 || fstatat(procfd, "self/ns/ipc", &ns, 0) < 0)
		return -ENOENT;
	fd = openat(procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	while ((de = readdir(d))) {
		int64_t pid;

		if (parse_int64(de->d_name, 1, INT_MAX, &pid) < 0 ||
		    !in_ipc_ns(procfd, (pid_t)pid, &ns))
			continue;
		fd = open_mapping_of(procfd, (pid_t)pid, seg, ret_pid);
		if (fd >= 0 || fd == -EPERM || fd == -ENOMEM)
			return fd;
	}
	return -ENOENT;
}

/* Our own attach of seg at addr, opened through /proc/self/map_files; -errno when closed to us. */
static int open_own_mapping(struct ipc_ctx *ctx, const void *addr, const struct ipc_obj *seg)
{
	uint64_t start = (uintptr_t)addr, pages = (uint64_t)ctx->pagesize;
	uint64_t end = start + (seg->shm.segsz + pages - 1) / pages * pages;
	_cleanup_free_ char *path = NULL;
	struct stat st;
	int fd;

	if (asprintf(&path, "%s/self/map_files/%" PRIx64 "-%" PRIx64, ctx->procdir, start,
		     end) < 0) {
		path = NULL;
		return -ENOMEM;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_ino != (ino_t)seg->id ||
	    (uint64_t)st.st_size != seg->shm.segsz) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

int sysv_shm_read(struct ipc_ctx *ctx, int id, uint64_t offset, uint64_t length,
		  ipc_chunk_fn fn, void *data, struct ipc_mem_read *ret)
{
	_cleanup_close_ int fd = -1;
	struct ipc_mem_read m = { 0 };
	struct shmid_ds ds;
	const unsigned char *addr;
	uint64_t done = 0;
	int r = 0;

	/* read permission first: the other ways in do not ask for it */
	r = stat_to_read(ctx, IPC_SHM, id, &m.obj);
	if (r < 0)
		return r;
	clip_range(&m, m.obj.shm.segsz, offset, length);
	if (m.length == 0) {
		*ret = m;
		return 0;
	}
	/* attached somewhere: its file, through that mapping, changes nothing */
	if (m.obj.shm.nattch > 0)
		fd = open_mapped_segment(ctx, &m.obj, &m.mapped_by);
	if (fd >= 0) {
		r = read_fd_range(fd, offset, m.length, fn, data, &done);
		m.length = done;
		*ret = m;
		return r;
	}
	m.mapped_by = 0;
	/*
	 * Else an attach: read-only, so not a byte can be written through it,
	 * and detached on every path (the kernel also detaches it should we
	 * die meanwhile).
	 */
	addr = shmat(id, NULL, SHM_RDONLY);
	if (addr == (void *)-1) {
		r = errno == EINVAL || errno == EIDRM ? -ENOENT : errno == EPERM ? -EACCES : -errno;
		return r;
	}
	m.attached = true;
	/* the segment cannot shrink while attached: its size now is the size */
	if (shmctl(id, IPC_STAT, &ds) == 0 && (uint64_t)ds.shm_segsz != m.size)
		clip_range(&m, (uint64_t)ds.shm_segsz, offset, length);
	/*
	 * Where map_files is open to us, our own attach's file reads as fast
	 * as a POSIX object's (no page faults, no pages allocated), and the
	 * attach need last no longer than the open.
	 */
	fd = open_own_mapping(ctx, addr, &m.obj);
	if (fd >= 0) {
		shmdt(addr);
		r = read_fd_range(fd, offset, m.length, fn, data, &done);
		m.length = done;
		*ret = m;
		return r;
	}
	while (done < m.length) {
		size_t n = m.length - done > IPC_READ_CHUNK ? IPC_READ_CHUNK :
							      (size_t)(m.length - done);
		const unsigned char *p = addr + offset + done;

		r = fn(p, n, data);
		if (r != 0)
			break;
		/* drop our page table entries of what was read (the pages stay
		 * the segment's), so our memory does not grow with its size */
		madvise((void *)((uintptr_t)p & ~(uintptr_t)(ctx->pagesize - 1)), n,
			MADV_DONTNEED);
		done += n;
	}
	shmdt(addr);
	m.length = done;
	*ret = m;
	return r;
}

int posix_shm_read(struct ipc_ctx *ctx, const char *name, uint64_t offset, uint64_t length,
		   ipc_chunk_fn fn, void *data, struct ipc_mem_read *ret)
{
	_cleanup_close_ int fd = -1;
	struct ipc_mem_read m = { 0 };
	uint64_t done = 0;
	int r;

	fd = posix_open_object(ctx, IPC_PSHM, name, &m.obj);
	if (fd < 0)
		return fd;
	clip_range(&m, m.obj.pshm.size, offset, length);
	r = read_fd_range(fd, offset, m.length, fn, data, &done);
	m.length = done;
	*ret = m;
	return r;
}
