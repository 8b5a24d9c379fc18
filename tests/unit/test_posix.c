/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the POSIX reader offline: the mqueue file parser, listing fixture trees, one object by name. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"

#include "internal.h"
#include "ipc.h"

static const unsigned int base_have = IPC_HAVE_OWNER | IPC_HAVE_CREATOR | IPC_HAVE_MODE |
				       IPC_HAVE_TIMES;

/* ---- posix_parse_mqueue_file ---- */

static void parse_kernel_line(void **state)
{
	struct ipc_obj o = { 0 };

	/* exactly what the kernel writes: %-10lu %-5d %-5d %-6d */
	assert_int_equal(posix_parse_mqueue_file(
		"QSIZE:129        NOTIFY:2     SIGNO:10    NOTIFY_PID:4242  \n", &o), 0);
	assert_int_equal(o.mq.qsize, 129);
	assert_int_equal(o.mq.notify, 2);
	assert_int_equal(o.mq.signo, 10);
	assert_int_equal(o.mq.notify_pid, 4242);
	assert_int_equal(o.have, IPC_HAVE_QSIZE);
}

static void parse_tight_and_bounds(void **state)
{
	struct ipc_obj o = { 0 };

	assert_int_equal(posix_parse_mqueue_file("QSIZE:0 NOTIFY:0 SIGNO:0 NOTIFY_PID:0", &o), 0);
	assert_int_equal(o.mq.qsize, 0);
	assert_int_equal(posix_parse_mqueue_file(
		"QSIZE:18446744073709551615 NOTIFY:-2147483648 SIGNO:2147483647 NOTIFY_PID:2147483647\n", &o), 0);
	assert_true(o.mq.qsize == UINT64_MAX);
	assert_int_equal(o.mq.notify, INT_MIN);
	assert_int_equal(o.mq.signo, INT_MAX);
	assert_int_equal(o.mq.notify_pid, INT_MAX);
	assert_int_equal(posix_parse_mqueue_file("QSIZE:1\tNOTIFY:1\tSIGNO:1\tNOTIFY_PID:1\t\n", &o), 0);
	assert_int_equal(o.mq.notify_pid, 1);
}

static void parse_rejects(void **state)
{
	static const struct {
		const char *text;
		int err;
	} bad[] = {
		{ "", -EINVAL },
		{ "\n", -EINVAL },
		{ "QSIZE:", -EINVAL },
		{ "QSIZE:12", -EINVAL },
		{ "QSIZE:12 ", -EINVAL },
		{ "QSIZE:12 NOTIFY:1", -EINVAL },
		{ "QSIZE:12 NOTIFY:1 SIGNO:1", -EINVAL },
		{ "QSIZE:12 NOTIFY:1 SIGNO:1 NOTIFY_PID:", -EINVAL },
		{ " QSIZE:1 NOTIFY:0 SIGNO:0 NOTIFY_PID:0", -EINVAL },
		{ "QSIZE: 1 NOTIFY:0 SIGNO:0 NOTIFY_PID:0", -EINVAL },
		{ "QSIZE:-1 NOTIFY:0 SIGNO:0 NOTIFY_PID:0", -EINVAL },
		{ "QSIZE:+1 NOTIFY:0 SIGNO:0 NOTIFY_PID:0", -EINVAL },
		{ "QSIZE:1NOTIFY:0 SIGNO:0 NOTIFY_PID:0", -EINVAL },
		{ "QSIZE:1 NOTIFY:0 NOTIFY_PID:0 SIGNO:0", -EINVAL },
		{ "qsize:1 notify:0 signo:0 notify_pid:0", -EINVAL },
		{ "QSIZE:1 NOTIFY:0 SIGNO:0 NOTIFY_PID:-1", -EINVAL },
		{ "QSIZE:1 NOTIFY:- SIGNO:0 NOTIFY_PID:0", -EINVAL },
		{ "QSIZE:0x10 NOTIFY:0 SIGNO:0 NOTIFY_PID:0", -EINVAL },
		{ "QSIZE:1 NOTIFY:0 SIGNO:0 NOTIFY_PID:0 x", -EINVAL },
		{ "QSIZE:1 NOTIFY:0 SIGNO:0 NOTIFY_PID:0\n\n", -EINVAL },
		{ "QSIZE:1 NOTIFY:0 SIGNO:0 NOTIFY_PID:0\nQSIZE:2", -EINVAL },
		{ "QSIZE:1 NOTIFY:0 SIGNO:0 NOTIFY_PID:0 EXTRA:1", -EINVAL },
		{ "hello", -EINVAL },
		{ "QSIZE:18446744073709551616 NOTIFY:0 SIGNO:0 NOTIFY_PID:0", -ERANGE },
		{ "QSIZE:184467440737095516160 NOTIFY:0 SIGNO:0 NOTIFY_PID:0", -ERANGE },
		{ "QSIZE:99999999999999999999999999999 NOTIFY:0 SIGNO:0 NOTIFY_PID:0", -ERANGE },
		{ "QSIZE:1 NOTIFY:2147483648 SIGNO:0 NOTIFY_PID:0", -ERANGE },
		{ "QSIZE:1 NOTIFY:-2147483649 SIGNO:0 NOTIFY_PID:0", -ERANGE },
		{ "QSIZE:1 NOTIFY:0 SIGNO:0 NOTIFY_PID:2147483648", -ERANGE },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ipc_obj o, orig;

		memset(&o, 0xa5, sizeof(o));
		orig = o;
		if (posix_parse_mqueue_file(bad[i].text, &o) != bad[i].err)
			fail_msg("\"%s\": expected %d", bad[i].text, bad[i].err);
		/* nothing written on failure */
		assert_memory_equal(&o, &orig, sizeof(o));
	}
	assert_int_equal(posix_parse_mqueue_file(NULL, &(struct ipc_obj){ 0 }), -EINVAL);
}

/* ---- listing the fixture tree ---- */

static char *fixture(const char *sub)
{
	return fixture_path("posix/%s", sub);
}

static void open_fixture(struct ipc_ctx *ctx)
{
	char *root = fixture("basic");

	assert_int_equal(ipc_ctx_init(ctx, root), 0);
	assert_int_equal(ipc_ctx_find_dirs(ctx), 0);
	assert_non_null(ctx->mqdir);
	assert_non_null(ctx->shmdir);
	free(root);
}

static const struct ipc_obj *find(const struct ipc_objs *objs, const char *name)
{
	const struct ipc_obj *found = NULL;

	for (size_t i = 0; i < objs->n; i++) {
		if (strcmp(objs->v[i].name, name) == 0) {
			assert_null(found);	/* listed once */
			found = &objs->v[i];
		}
	}
	return found;
}

/* The object must carry what stat(2) says about path. */
static void check_stat(const struct ipc_obj *o, const char *dir, const char *entry)
{
	char *path;
	struct stat st;

	assert_true(asprintf(&path, "%s/%s", dir, entry) > 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(o->uid, st.st_uid);
	assert_int_equal(o->cuid, st.st_uid);
	assert_int_equal(o->gid, st.st_gid);
	assert_int_equal(o->cgid, st.st_gid);
	assert_int_equal(o->mode, st.st_mode & 07777);
	assert_int_equal(o->mtime, st.st_mtime);
	assert_int_equal(o->ctime, st.st_ctime);
	assert_int_equal(o->dev, st.st_dev);
	assert_int_equal(o->ino, st.st_ino);
	assert_int_equal(o->id, -1);
	assert_int_equal(o->key, 0);
	assert_true((o->have & base_have) == base_have);
	free(path);
}

static void list_pshm(void **state)
{
	struct ipc_objs objs = { 0 };
	struct ipc_ctx ctx;
	const struct ipc_obj *o;

	open_fixture(&ctx);
	assert_int_equal(ipc_list(&ctx, IPC_PSHM, IPC_WANT_ALL, &objs), 0);
	/* data, empty, the control-character name; no symlinks, dirs, sem.* */
	assert_int_equal(objs.n, 3);
	o = find(&objs, "/data");
	assert_non_null(o);
	assert_int_equal(o->kind, IPC_PSHM);
	assert_int_equal(o->pshm.size, 100);
	assert_int_equal(o->have, base_have);
	check_stat(o, ctx.shmdir, "data");
	o = find(&objs, "/empty");
	assert_non_null(o);
	assert_int_equal(o->pshm.size, 0);
	o = find(&objs, "/esc\033]0;x\007\001");
	assert_non_null(o);
	assert_int_equal(o->pshm.size, 3);
	check_stat(o, ctx.shmdir, "esc\033]0;x\007\001");
	ipc_objs_free(&objs);
	ipc_ctx_free(&ctx);
}

static void list_psem(void **state)
{
	struct ipc_objs objs = { 0 };
	struct ipc_ctx ctx;
	const struct ipc_obj *o;

	open_fixture(&ctx);
	assert_int_equal(ipc_list(&ctx, IPC_PSEM, IPC_WANT_ALL, &objs), 0);
	/* counter, short, bad; not "sem." (no name), sem.link, sem.dir */
	assert_int_equal(objs.n, 3);
	o = find(&objs, "/counter");
	assert_non_null(o);
	assert_int_equal(o->kind, IPC_PSEM);
	check_stat(o, ctx.shmdir, "sem.counter");
#if UINTPTR_MAX > 0xffffffffu && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* the fixture is a 64-bit little-endian glibc sem_t: 5, 2 waiters */
	assert_int_equal(o->have, base_have | IPC_HAVE_SEMVAL);
	assert_int_equal(o->psem.value, 5);
	assert_int_equal(o->psem.waiters, 2);
	/* a value word above SEM_VALUE_MAX is not glibc's: no value */
	o = find(&objs, "/bad");
	assert_non_null(o);
	assert_int_equal(o->have, base_have);
#endif
	/* shorter than a sem_t: listed, without a value */
	o = find(&objs, "/short");
	assert_non_null(o);
	assert_int_equal(o->have, base_have);
	ipc_objs_free(&objs);

	/* without the want bit nothing is read */
	assert_int_equal(ipc_list(&ctx, IPC_PSEM, 0, &objs), 0);
	assert_int_equal(objs.n, 3);
	for (size_t i = 0; i < objs.n; i++)
		assert_int_equal(objs.v[i].have, base_have);
	ipc_objs_free(&objs);
	ipc_ctx_free(&ctx);
}

static void list_pmsg(void **state)
{
	struct ipc_objs objs = { 0 };
	struct ipc_ctx ctx;
	const struct ipc_obj *o;
	static const char *const unparsable[] = { "/short", "/junk", "/overflow", "/big" };

	open_fixture(&ctx);
	assert_int_equal(ipc_list(&ctx, IPC_PMSG, IPC_WANT_ALL, &objs), 0);
	/* good idle short junk overflow big; not link, not dir */
	assert_int_equal(objs.n, 6);
	assert_null(find(&objs, "/link"));
	assert_null(find(&objs, "/dir"));
	o = find(&objs, "/good");
	assert_non_null(o);
	assert_int_equal(o->kind, IPC_PMSG);
	check_stat(o, ctx.mqdir, "good");
	/* offline: no mq_getattr, the file's text only */
	assert_int_equal(o->have, base_have | IPC_HAVE_QSIZE);
	assert_int_equal(o->mq.qsize, 129);
	assert_int_equal(o->mq.notify, 2);
	assert_int_equal(o->mq.signo, 10);
	assert_int_equal(o->mq.notify_pid, 4242);
	o = find(&objs, "/idle");
	assert_non_null(o);
	assert_int_equal(o->have, base_have | IPC_HAVE_QSIZE);
	assert_int_equal(o->mq.qsize, 0);
	for (size_t i = 0; i < sizeof(unparsable) / sizeof(unparsable[0]); i++) {
		o = find(&objs, unparsable[i]);
		assert_non_null(o);
		assert_int_equal(o->have, base_have);
		assert_int_equal(o->mq.qsize, 0);
	}
	ipc_objs_free(&objs);

	assert_int_equal(ipc_list(&ctx, IPC_PMSG, IPC_WANT_MQATTR, &objs), 0);
	assert_int_equal(objs.n, 6);
	for (size_t i = 0; i < objs.n; i++)
		assert_int_equal(objs.v[i].have, base_have);
	ipc_objs_free(&objs);
	ipc_ctx_free(&ctx);
}

static void list_appends(void **state)
{
	struct ipc_objs objs = { 0 };
	struct ipc_ctx ctx;

	open_fixture(&ctx);
	assert_int_equal(ipc_list(&ctx, IPC_PSHM, 0, &objs), 0);
	assert_int_equal(ipc_list(&ctx, IPC_PSEM, 0, &objs), 0);
	assert_int_equal(objs.n, 6);
	assert_non_null(find(&objs, "/data"));
	assert_non_null(find(&objs, "/counter"));
	ipc_objs_free(&objs);
	ipc_ctx_free(&ctx);
}

/* ---- one object by name ---- */

static void stat_name(void **state)
{
	struct ipc_ctx ctx;
	struct ipc_obj o, orig;
	char longname[NAME_MAX + 3];

	open_fixture(&ctx);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "/data", 0, &o), 0);
	assert_string_equal(o.name, "/data");
	assert_int_equal(o.pshm.size, 100);
	check_stat(&o, ctx.shmdir, "data");
	ipc_obj_clear(&o);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "data", 0, &o), 0);
	assert_string_equal(o.name, "/data");
	ipc_obj_clear(&o);

	assert_int_equal(posix_stat_name(&ctx, IPC_PSEM, "counter", IPC_WANT_ALL, &o), 0);
	assert_string_equal(o.name, "/counter");
	check_stat(&o, ctx.shmdir, "sem.counter");
#if UINTPTR_MAX > 0xffffffffu && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	assert_int_equal(o.psem.value, 5);
#endif
	ipc_obj_clear(&o);

	assert_int_equal(posix_stat_name(&ctx, IPC_PMSG, "/good", IPC_WANT_QSIZE, &o), 0);
	assert_string_equal(o.name, "/good");
	assert_int_equal(o.have, base_have | IPC_HAVE_QSIZE);
	assert_int_equal(o.mq.qsize, 129);
	ipc_obj_clear(&o);
	assert_int_equal(posix_stat_name(&ctx, IPC_PMSG, "/good", 0, &o), 0);
	assert_int_equal(o.have, base_have);
	ipc_obj_clear(&o);
	assert_int_equal(posix_stat_name(&ctx, IPC_PMSG, "junk", IPC_WANT_ALL, &o), 0);
	assert_int_equal(o.have, base_have);
	ipc_obj_clear(&o);

	memset(&o, 0x5a, sizeof(o));
	orig = o;
	/* missing, or not a regular file */
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "/nope", 0, &o), -ENOENT);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "/link-data", 0, &o), -ENOENT);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "dangling", 0, &o), -ENOENT);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "/subdir", 0, &o), -ENOENT);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSEM, "/link", 0, &o), -ENOENT);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSEM, "/dir", 0, &o), -ENOENT);
	assert_int_equal(posix_stat_name(&ctx, IPC_PMSG, "/link", 0, &o), -ENOENT);
	/* the semaphore's file is not a shm object */
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "/sem.counter", 0, &o), -ENOENT);
	/* bad names */
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "", 0, &o), -EINVAL);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "/", 0, &o), -EINVAL);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "//data", 0, &o), -EINVAL);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "/subdir/file", 0, &o), -EINVAL);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "..", 0, &o), -EINVAL);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "/.", 0, &o), -EINVAL);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, NULL, 0, &o), -EINVAL);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, longname, 0, &o), -ENAMETOOLONG);
	assert_int_equal(posix_stat_name(&ctx, IPC_SHM, "/data", 0, &o), -EINVAL);
	assert_memory_equal(&o, &orig, sizeof(o));
	ipc_ctx_free(&ctx);
}

/* ---- files git cannot hold: FIFOs, sockets, odd modes, made at test time ---- */

struct tree {
	char *root, *shm, *mq;
};

static void mkfile(const char *dir, const char *name, const char *text, mode_t mode)
{
	char *p;
	int fd;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	free(p);
}

static void mkfifo_in(const char *dir, const char *name)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	assert_int_equal(mkfifo(p, 0666), 0);
	free(p);
}

static int mksock_in(const char *dir, const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_true((size_t)snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/%s", dir, name)
		    < sizeof(sa.sun_path));
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static char *sub(const char *a, const char *b)
{
	char *s;

	assert_true(asprintf(&s, "%s/%s", a, b) > 0);
	return s;
}

static void special_files_ignored(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct ipc_objs objs = { 0 };
	struct ipc_ctx ctx;
	struct tree t;
	char *p, *dev;
	const struct ipc_obj *o;
	int sock;

	/* short: a socket path must fit in sun_path */
	assert_true(asprintf(&t.root, "%s/ipcbox-posix-XXXXXX", tmp ? tmp : "/tmp") > 0);
	assert_non_null(mkdtemp(t.root));
	p = sub(t.root, "proc");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	dev = sub(t.root, "dev");
	assert_int_equal(mkdir(dev, 0755), 0);
	t.shm = sub(dev, "shm");
	t.mq = sub(dev, "mqueue");
	assert_int_equal(mkdir(t.shm, 0755), 0);
	assert_int_equal(mkdir(t.mq, 0755), 0);

	mkfile(t.shm, "reg", "12345", 04751);
	mkfile(t.shm, "new\nline", "", 0600);
	mkfile(t.shm, "sem.real", "", 0640);
	mkfifo_in(t.shm, "fifo");
	mkfifo_in(t.shm, "sem.fifo");
	sock = mksock_in(t.shm, "sock");
	mkfile(t.mq, "q", "QSIZE:7 NOTIFY:0 SIGNO:0 NOTIFY_PID:0\n", 0600);
	mkfifo_in(t.mq, "fifo");

	assert_int_equal(ipc_ctx_init(&ctx, t.root), 0);
	assert_int_equal(ipc_list(&ctx, IPC_PSHM, IPC_WANT_ALL, &objs), 0);
	assert_int_equal(objs.n, 2);
	o = find(&objs, "/reg");
	assert_non_null(o);
	assert_int_equal(o->mode, 04751);
	assert_int_equal(o->pshm.size, 5);
	assert_non_null(find(&objs, "/new\nline"));
	ipc_objs_free(&objs);

	assert_int_equal(ipc_list(&ctx, IPC_PSEM, IPC_WANT_ALL, &objs), 0);
	assert_int_equal(objs.n, 1);
	assert_string_equal(objs.v[0].name, "/real");
	assert_int_equal(objs.v[0].mode, 0640);
	assert_int_equal(objs.v[0].have, base_have);	/* empty: no value */
	ipc_objs_free(&objs);

	/* a FIFO is never opened: listing does not block */
	assert_int_equal(ipc_list(&ctx, IPC_PMSG, IPC_WANT_ALL, &objs), 0);
	assert_int_equal(objs.n, 1);
	assert_string_equal(objs.v[0].name, "/q");
	assert_int_equal(objs.v[0].mq.qsize, 7);
	ipc_objs_free(&objs);

	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "/fifo", IPC_WANT_ALL, &(struct ipc_obj){ 0 }),
			 -ENOENT);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSHM, "sock", IPC_WANT_ALL, &(struct ipc_obj){ 0 }),
			 -ENOENT);
	assert_int_equal(posix_stat_name(&ctx, IPC_PSEM, "/fifo", IPC_WANT_ALL, &(struct ipc_obj){ 0 }),
			 -ENOENT);
	ipc_ctx_free(&ctx);
	close(sock);

	{
		const char *shm_names[] = { "reg", "new\nline", "sem.real", "fifo", "sem.fifo", "sock" };
		const char *mq_names[] = { "q", "fifo" };

		for (size_t i = 0; i < sizeof(shm_names) / sizeof(shm_names[0]); i++) {
			p = sub(t.shm, shm_names[i]);
			assert_int_equal(unlink(p), 0);
			free(p);
		}
		for (size_t i = 0; i < sizeof(mq_names) / sizeof(mq_names[0]); i++) {
			p = sub(t.mq, mq_names[i]);
			assert_int_equal(unlink(p), 0);
			free(p);
		}
	}
	assert_int_equal(rmdir(t.shm), 0);
	assert_int_equal(rmdir(t.mq), 0);
	assert_int_equal(rmdir(dev), 0);
	p = sub(t.root, "proc");
	assert_int_equal(rmdir(p), 0);
	free(p);
	assert_int_equal(rmdir(t.root), 0);
	free(t.shm);
	free(t.mq);
	free(dev);
	free(t.root);
}

static void bad_kinds(void **state)
{
	struct ipc_objs objs = { 0 };
	struct ipc_ctx ctx;

	open_fixture(&ctx);
	assert_int_equal(posix_walk(&ctx, IPC_MSG, 0, NULL, NULL), -EINVAL);
	assert_int_equal(posix_walk(&ctx, IPC_NKINDS, 0, NULL, NULL), -EINVAL);
	assert_int_equal(ipc_list(&ctx, IPC_NKINDS, 0, &objs), -EINVAL);
	assert_int_equal(objs.n, 0);
	ipc_ctx_free(&ctx);
	/* argument checks come before any system call */
	assert_int_equal(posix_create(IPC_PSHM, "", 0600, NULL), -EINVAL);
	assert_int_equal(posix_create(IPC_PSHM, "/a/b", 0600, NULL), -EINVAL);
	assert_int_equal(posix_create(IPC_PSHM, "/x", 01777, NULL), -EINVAL);
	assert_int_equal(posix_create(IPC_SEM, "/x", 0600, NULL), -EINVAL);
	assert_int_equal(posix_unlink(IPC_PSHM, "a/b"), -EINVAL);
	assert_int_equal(posix_unlink(IPC_MSG, "/x"), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_kernel_line),
		cmocka_unit_test(parse_tight_and_bounds),
		cmocka_unit_test(parse_rejects),
		cmocka_unit_test(list_pshm),
		cmocka_unit_test(list_psem),
		cmocka_unit_test(list_pmsg),
		cmocka_unit_test(list_appends),
		cmocka_unit_test(stat_name),
		cmocka_unit_test(special_files_ignored),
		cmocka_unit_test(bad_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
