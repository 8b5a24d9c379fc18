/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of sysv_msg_peek()'s branches against a scripted kernel: msgrcv and msgctl are wrapped (-Wl,--wrap). */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>

#include <cmocka.h>

#include "contents.h"
#include "ipc.h"

#ifndef MSG_COPY
#define MSG_COPY	040000
#endif

/* ---- the scripted kernel ---- */

struct fake_msg {
	long type;
	const char *text;
	size_t len;
};

static struct {
	int stat_errno;			/* IPC_STAT fails with it; 0: succeeds */
	struct msqid_ds before, after;	/* what the first and later IPC_STATs report */
	unsigned int stats;		/* IPC_STATs so far */
	const struct fake_msg *msgs;	/* the queue */
	size_t nmsgs;
	int rcv_errno;			/* every msgrcv fails with it; 0: the queue decides */
	size_t copy_max;		/* a message longer than this: E2BIG whatever the buffer */
	size_t sizes[16];		/* msgsz of each call */
	unsigned int calls;
	int bad_flags;			/* calls without IPC_NOWAIT | MSG_COPY */
} k;

int __real_msgctl(int id, int cmd, struct msqid_ds *buf);
int __wrap_msgctl(int id, int cmd, struct msqid_ds *buf);
ssize_t __wrap_msgrcv(int id, void *buf, size_t size, long type, int flags);

int __wrap_msgctl(int id, int cmd, struct msqid_ds *buf)
{
	if (cmd != IPC_STAT)
		return __real_msgctl(id, cmd, buf);
	if (k.stat_errno) {
		errno = k.stat_errno;
		return -1;
	}
	*buf = k.stats++ == 0 ? k.before : k.after;
	return 0;
}

ssize_t __wrap_msgrcv(int id, void *buf, size_t size, long index, int flags)
{
	const struct fake_msg *m;

	if (k.calls < sizeof(k.sizes) / sizeof(k.sizes[0]))
		k.sizes[k.calls] = size;
	k.calls++;
	if ((flags & (IPC_NOWAIT | MSG_COPY)) != (IPC_NOWAIT | MSG_COPY))
		k.bad_flags++;
	if (k.rcv_errno) {
		errno = k.rcv_errno;
		return -1;
	}
	if (index < 0 || (size_t)index >= k.nmsgs) {
		errno = ENOMSG;
		return -1;
	}
	m = &k.msgs[index];
	if (m->len > size || (k.copy_max && m->len > k.copy_max)) {
		errno = E2BIG;
		return -1;
	}
	*(long *)buf = m->type;
	memcpy((char *)buf + sizeof(long), m->text, m->len);
	return (ssize_t)m->len;
}

static struct msqid_ds queue_of(unsigned long qnum, unsigned long cbytes)
{
	struct msqid_ds ds = { 0 };

	ds.msg_qnum = qnum;
	ds.__msg_cbytes = cbytes;
	ds.msg_perm.mode = 0600;
	return ds;
}

/* The kernel's script: the queue as the first IPC_STAT sees it and as the
 * later ones do, and the first n of msgs in it. */
static void script(struct msqid_ds before, struct msqid_ds after,
		   const struct fake_msg *msgs, size_t n)
{
	k.before = before;
	k.after = after;
	k.msgs = msgs;
	k.nmsgs = n;
}

/* ---- what the callback saw ---- */

struct seen {
	size_t n;
	size_t index[16];
	long type[16];
	size_t size[16];
	bool too_big[16];
	char text[16][16];
	size_t stop_after;	/* return 1 after this many; 0: never */
};

static int collect(const struct ipc_msg *m, void *data)
{
	struct seen *s = data;

	if (s->n < 16) {
		s->index[s->n] = m->index;
		s->type[s->n] = m->type;
		s->size[s->n] = m->size;
		s->too_big[s->n] = m->too_big;
		if (m->data && m->size < sizeof(s->text[0]))
			memcpy(s->text[s->n], m->data, m->size);
	}
	s->n++;
	return s->stop_after && s->n >= s->stop_after ? 1 : 0;
}

static struct ipc_ctx ctx;

static int setup(void **state)
{
	memset(&k, 0, sizeof(k));
	return ipc_ctx_init(&ctx, NULL);
}

static int teardown(void **state)
{
	ipc_ctx_free(&ctx);
	return 0;
}

static const struct fake_msg three[] = {
	{ 1, "hello", 5 }, { 5, "", 0 }, { 2, "world!", 6 },
};

static void test_reads_every_message_in_order(void **state)
{
	struct ipc_msg_peek p;
	struct seen s = { 0 };

	script(queue_of(3, 11), queue_of(3, 11), three, 3);
	assert_int_equal(sysv_msg_peek(&ctx, 7, 0, collect, &s, &p), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.type[0], 1);
	assert_string_equal(s.text[0], "hello");
	assert_int_equal(s.size[1], 0);
	assert_int_equal(s.index[2], 2);
	assert_string_equal(s.text[2], "world!");
	assert_int_equal(p.copied, 3);
	assert_false(p.changed);
	assert_int_equal(p.too_big, 0);
	assert_int_equal(k.bad_flags, 0);
	/* not one index past what the queue held: 3 copies, no probe */
	assert_int_equal(k.calls, 3);
}

static void test_selects_types_as_msgrcv(void **state)
{
	struct ipc_msg_peek p;
	struct seen s = { 0 };

	script(queue_of(3, 11), queue_of(3, 11), three, 3);
	assert_int_equal(sysv_msg_peek(&ctx, 7, -2, collect, &s, &p), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.index[0], 0);
	assert_int_equal(s.index[1], 2);

	memset(&s, 0, sizeof(s));
	k.stats = 0;
	assert_int_equal(sysv_msg_peek(&ctx, 7, 5, collect, &s, &p), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.index[0], 1);

	memset(&s, 0, sizeof(s));
	k.stats = 0;
	assert_int_equal(sysv_msg_peek(&ctx, 7, LONG_MIN, collect, &s, &p), 0);
	assert_int_equal(s.n, 3);
}

static void test_callback_stops(void **state)
{
	struct ipc_msg_peek p;
	struct seen s = { .stop_after = 1 };

	script(queue_of(3, 11), queue_of(3, 11), three, 3);
	assert_int_equal(sysv_msg_peek(&ctx, 7, 0, collect, &s, &p), 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(k.calls, 1);
	assert_false(p.changed);
}

static void test_enosys(void **state)
{
	struct ipc_msg_peek p;
	struct seen s = { 0 };

	k.before = k.after = queue_of(3, 11);
	k.rcv_errno = ENOSYS;
	assert_int_equal(sysv_msg_peek(&ctx, 7, 0, collect, &s, &p), -ENOSYS);
	assert_int_equal(s.n, 0);
}

static void test_no_permission_and_gone(void **state)
{
	struct ipc_msg_peek p;
	struct seen s = { 0 };

	k.stat_errno = EACCES;
	assert_int_equal(sysv_msg_peek(&ctx, 7, 0, collect, &s, &p), -EACCES);
	k.stat_errno = EINVAL;
	assert_int_equal(sysv_msg_peek(&ctx, 7, 0, collect, &s, &p), -ENOENT);
	assert_int_equal(k.calls, 0);
	/* removed between the stat and the copies */
	k.stat_errno = 0;
	k.before = k.after = queue_of(3, 11);
	k.rcv_errno = EIDRM;
	assert_int_equal(sysv_msg_peek(&ctx, 7, 0, collect, &s, &p), -EIDRM);
	k.stats = 0;
	k.rcv_errno = EINVAL;
	assert_int_equal(sysv_msg_peek(&ctx, 7, 0, collect, &s, &p), -EIDRM);
	assert_int_equal(s.n, 0);
}

static void test_change_during_read_is_noted(void **state)
{
	struct ipc_msg_peek p;
	struct seen s = { 0 };

	/* a receiver took one meanwhile: the third index is gone */
	script(queue_of(3, 11), queue_of(2, 6), three, 2);
	assert_int_equal(sysv_msg_peek(&ctx, 7, 0, collect, &s, &p), 0);
	assert_int_equal(s.n, 2);
	assert_true(p.changed);
	assert_int_equal(p.before.msg.qnum, 3);
	assert_int_equal(p.after.msg.qnum, 2);

	/* the same counts but another receive time: changed too */
	memset(&s, 0, sizeof(s));
	k.stats = 0;
	k.nmsgs = 3;
	k.before = k.after = queue_of(3, 11);
	k.after.msg_rtime = 1000;
	assert_int_equal(sysv_msg_peek(&ctx, 7, 0, collect, &s, &p), 0);
	assert_true(p.changed);
}

static void test_buffer_grows_to_msgmax(void **state)
{
	static const struct fake_msg big[] = { { 3, "0123456789", 10 } };
	struct ipc_msg_peek p;
	struct seen s = { 0 };

	/* cbytes said 4 when we began; the message is 10 (the queue changed) */
	script(queue_of(1, 4), queue_of(1, 10), big, 1);
	assert_int_equal(sysv_msg_peek(&ctx, 7, 0, collect, &s, &p), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.text[0], "0123456789");
	assert_int_equal(k.calls, 2);
	assert_int_equal(k.sizes[0], 4);
	assert_true(k.sizes[1] >= 10);
	assert_int_equal(k.sizes[1], p.bufsize);
	assert_true(p.changed);
}

static void test_larger_than_msgmax_is_reported(void **state)
{
	static const struct fake_msg msgs[] = { { 1, "ab", 2 }, { 2, "toolong", 7 }, { 3, "c", 1 } };
	struct ipc_msg_peek p;
	struct seen s = { 0 };

	script(queue_of(3, 1 << 20), queue_of(3, 1 << 20), msgs, 3);
	k.copy_max = 5;		/* as a kernel whose msgmax was lowered */
	assert_int_equal(sysv_msg_peek(&ctx, 7, 0, collect, &s, &p), 0);
	assert_int_equal(s.n, 3);
	assert_false(s.too_big[0]);
	assert_true(s.too_big[1]);
	assert_int_equal(s.index[1], 1);
	assert_false(s.too_big[2]);
	assert_string_equal(s.text[2], "c");
	assert_int_equal(p.too_big, 1);
	assert_int_equal(p.copied, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reads_every_message_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selects_types_as_msgrcv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_stops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enosys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_permission_and_gone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_during_read_is_noted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buffer_grows_to_msgmax, setup, teardown),
		cmocka_unit_test_setup_teardown(test_larger_than_msgmax_is_reported, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
