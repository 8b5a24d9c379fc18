/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Looking inside objects: queue messages copied with MSG_COPY, shared memory read in fixed-size pieces. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <unistd.h>

#include "cleanup.h"
#include "contents.h"
#include "internal.h"
#include "ipc.h"

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

	if (ctx->offline)
		return -EOPNOTSUPP;
	r = sysv_stat_only(IPC_MSG, id, &p.before);
	if (r < 0)
		return r;
	msgmax = copy_limit(ctx);
	/* no message is larger than the bytes in the queue: start with that
	 * much and grow to msgmax only when a copy says E2BIG */
	size = p.before.msg.cbytes < msgmax || !msgmax ? (size_t)p.before.msg.cbytes : msgmax;
	buf = malloc(sizeof(*buf) + (size ? size : 1));
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
			struct msgbuf_any *bigger = realloc(buf, sizeof(*buf) + msgmax);

			if (!bigger) {
				r = -ENOMEM;
				break;
			}
			buf = bigger;
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

int sysv_shm_read(struct ipc_ctx *ctx, int id, uint64_t offset, uint64_t length,
		  ipc_chunk_fn fn, void *data, struct ipc_mem_read *ret)
{
	struct ipc_mem_read m = { 0 };
	struct shmid_ds ds;
	const unsigned char *addr;
	uint64_t done = 0;
	int r = 0;

	if (ctx->offline)
		return -EOPNOTSUPP;
	r = sysv_stat_only(IPC_SHM, id, &m.obj);
	if (r < 0)
		return r;
	clip_range(&m, m.obj.shm.segsz, offset, length);
	if (m.length == 0) {
		*ret = m;
		return 0;
	}
	/*
	 * The kernel offers no read of a segment but an attach: read-only, so
	 * not a byte can be written through it, and detached on every path
	 * (the kernel also detaches it should we die meanwhile).
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
	_cleanup_free_ unsigned char *buf = NULL;
	struct ipc_mem_read m = { 0 };
	uint64_t done = 0;
	int r = 0;

	fd = posix_open_object(ctx, IPC_PSHM, name, &m.obj);
	if (fd < 0)
		return fd;
	clip_range(&m, m.obj.pshm.size, offset, length);
	if (m.length > 0) {
		buf = malloc(m.length < IPC_READ_CHUNK ? (size_t)m.length : IPC_READ_CHUNK);
		if (!buf) {
			ipc_obj_clear(&m.obj);
			return -ENOMEM;
		}
	}
	while (done < m.length) {
		size_t want = m.length - done > IPC_READ_CHUNK ? IPC_READ_CHUNK :
								 (size_t)(m.length - done);
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
	m.length = done;
	*ret = m;
	return r;
}
