/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the context: sysroot checks, mqueue/shm directories from mountinfo, name caches. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"

#include "internal.h"
#include "ipc.h"

/* tests/fixtures/mountinfo/<name>, or the directory itself for NULL */
static char *fixture(const char *name)
{
	return name ? fixture_path("mountinfo/%s", name) : fixture_path("mountinfo");
}

/* The sysroot of a fixture plus a path below it, for comparisons. */
static char *below(const char *root, const char *path)
{
	char *s;

	assert_true(asprintf(&s, "%s%s", root, path) > 0);
	return s;
}

/* Init a context on fixture name; check mqdir and shmdir (NULL = none). */
static void check_dirs(const char *name, const char *mq, const char *shm)
{
	char *root = fixture(name);
	struct ipc_ctx ctx;

	assert_int_equal(ipc_ctx_init(&ctx, root), 0);
	assert_true(ctx.offline);
	assert_string_equal(ctx.root, root);
	{
		char *p = below(root, "/proc");

		assert_string_equal(ctx.procdir, p);
		free(p);
	}
	/* nothing is looked for before it is asked for */
	assert_true(ctx.mqdir_pending && ctx.shmdir_pending);
	assert_null(ctx.mqdir);
	assert_null(ctx.shmdir);
	if (mq) {
		char *p = below(root, mq);

		assert_non_null(ipc_ctx_mqdir(&ctx));
		assert_string_equal(ipc_ctx_mqdir(&ctx), p);
		free(p);
	} else {
		assert_null(ipc_ctx_mqdir(&ctx));
	}
	assert_false(ctx.mqdir_pending);
	if (shm) {
		char *p = below(root, shm);

		assert_non_null(ipc_ctx_shmdir(&ctx));
		assert_string_equal(ipc_ctx_shmdir(&ctx), p);
		free(p);
	} else {
		assert_null(ipc_ctx_shmdir(&ctx));
	}
	assert_false(ctx.shmdir_pending);
	/* asking again changes nothing */
	assert_int_equal(ipc_ctx_find_dirs(&ctx), 0);
	assert_ptr_equal(ipc_ctx_mqdir(&ctx), ctx.mqdir);
	ipc_ctx_free(&ctx);
	free(root);
}

static void mq_at_dev_mqueue(void **state)
{
	check_dirs("mq-dev", "/dev/mqueue", "/dev/shm");
}

static void mq_elsewhere_with_escaped_space(void **state)
{
	/* mountinfo writes the space as \040; libmount decodes it */
	check_dirs("mq-elsewhere", "/run/my mq", "/dev/shm");
}

static void mq_several_prefers_dev_mqueue(void **state)
{
	/* /run/mq comes first in the file, /dev/mqueue still wins */
	check_dirs("mq-several", "/dev/mqueue", "/dev/shm");
}

static void mq_overmounted_uses_other(void **state)
{
	/* a tmpfs hides the mqueue on /dev/mqueue: the other mount counts */
	check_dirs("mq-overmounted", "/srv/mq", "/dev/shm");
}

static void no_mounts_no_dirs(void **state)
{
	check_dirs("none", NULL, NULL);
}

static void shm_plain_directory(void **state)
{
	/* no tmpfs on /dev/shm, but glibc uses the directory anyway */
	check_dirs("shm-plain-dir", NULL, "/dev/shm");
}

static void no_mountinfo_falls_back(void **state)
{
	check_dirs("no-mountinfo", "/dev/mqueue", "/dev/shm");
}

static void mq_target_missing_falls_back(void **state)
{
	/* mountinfo names /run/mq, the capture lacks it: DIR/dev/mqueue */
	check_dirs("mq-missing-dir", "/dev/mqueue", NULL);
}

static void malformed_mountinfo_lines_skipped(void **state)
{
	check_dirs("malformed", "/dev/mqueue", NULL);
}

static void list_posix_without_mount(void **state)
{
	char *root = fixture("none");
	struct ipc_objs objs = { 0 };
	struct ipc_ctx ctx;

	assert_int_equal(ipc_ctx_init(&ctx, root), 0);
	assert_int_equal(ipc_list(&ctx, IPC_PMSG, IPC_WANT_ALL, &objs), -ENOENT);
	assert_int_equal(ipc_list(&ctx, IPC_PSHM, IPC_WANT_ALL, &objs), -ENOENT);
	assert_int_equal(ipc_list(&ctx, IPC_PSEM, IPC_WANT_ALL, &objs), -ENOENT);
	assert_int_equal(objs.n, 0);
	assert_int_equal(ipc_list(&ctx, IPC_NKINDS, 0, &objs), -EINVAL);
	ipc_ctx_free(&ctx);
	free(root);
}

static void list_empty_posix_dir(void **state)
{
	char *root = fixture("no-mountinfo");
	struct ipc_objs objs = { 0 };
	struct ipc_ctx ctx;

	/* the directories hold only .gitkeep: one "object" in each */
	assert_int_equal(ipc_ctx_init(&ctx, root), 0);
	assert_int_equal(ipc_list(&ctx, IPC_PSEM, IPC_WANT_ALL, &objs), 0);
	assert_int_equal(objs.n, 0);
	assert_int_equal(ipc_list(&ctx, IPC_PMSG, IPC_WANT_ALL, &objs), 0);
	assert_int_equal(objs.n, 1);
	assert_string_equal(objs.v[0].name, "/.gitkeep");
	ipc_objs_free(&objs);
	ipc_ctx_free(&ctx);
	free(root);
}

static void sysroot_errors(void **state)
{
	char *base = fixture(NULL);
	char *missing = below(base, "/does-not-exist");
	char *file = below(base, "/mq-dev/proc/self/mountinfo");
	struct ipc_ctx ctx;

	memset(&ctx, 0x5a, sizeof(ctx));
	assert_int_equal(ipc_ctx_init(&ctx, missing), -ENOENT);
	assert_int_equal(ipc_ctx_init(&ctx, file), -ENOTDIR);
	/* the fixture directory itself has no proc/ */
	assert_int_equal(ipc_ctx_init(&ctx, base), -ENOENT);
	assert_int_equal(ipc_ctx_init(&ctx, ""), -ENOENT);
	/* nothing was written on failure */
	for (size_t i = 0; i < sizeof(ctx); i++)
		assert_int_equal(((unsigned char *)&ctx)[i], 0x5a);
	free(base);
	free(missing);
	free(file);
}

static void sysroot_trailing_slashes(void **state)
{
	char *root = fixture("mq-dev");
	char *slashed = below(root, "//");
	struct ipc_ctx ctx;

	assert_int_equal(ipc_ctx_init(&ctx, slashed), 0);
	assert_string_equal(ctx.root, root);
	ipc_ctx_free(&ctx);
	free(root);
	free(slashed);
}

static void sysroot_symlinks_stay_inside(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char *root, *p, *outside = fixture("mq-dev");
	struct ipc_ctx ctx;

	assert_true(asprintf(&root, "%s/ipcbox-ctx-XXXXXX", tmp ? tmp : "/tmp") > 0);
	assert_non_null(mkdtemp(root));
	p = below(root, "/proc");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = below(root, "/dev");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = below(root, "/real-mq");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	/* dev/shm leads out of the sysroot: not used */
	p = below(outside, "/dev/shm");
	{
		char *link = below(root, "/dev/shm");

		assert_int_equal(symlink(p, link), 0);
		free(link);
	}
	free(p);
	/* dev/mqueue leads to a directory inside it: fine */
	p = below(root, "/dev/mqueue");
	assert_int_equal(symlink("../real-mq", p), 0);
	free(p);

	assert_int_equal(ipc_ctx_init(&ctx, root), 0);
	assert_int_equal(ipc_ctx_find_dirs(&ctx), 0);
	assert_null(ctx.shmdir);
	assert_non_null(ctx.mqdir);
	p = below(root, "/dev/mqueue");
	assert_string_equal(ctx.mqdir, p);
	free(p);
	ipc_ctx_free(&ctx);

	{
		static const char *const rm[] = { "/dev/shm", "/dev/mqueue" };
		static const char *const rmd[] = { "/dev", "/proc", "/real-mq", "" };

		for (size_t i = 0; i < 2; i++) {
			p = below(root, rm[i]);
			assert_int_equal(unlink(p), 0);
			free(p);
		}
		for (size_t i = 0; i < 4; i++) {
			p = below(root, rmd[i]);
			assert_int_equal(rmdir(p), 0);
			free(p);
		}
	}
	free(root);
	free(outside);
}

/* root/path with the text written to it (NULL: a directory). */
static void put_at(const char *root, const char *path, const char *text)
{
	char *p = below(root, path);

	if (!text) {
		assert_int_equal(mkdir(p, 0755), 0);
	} else {
		FILE *f = fopen(p, "w");

		assert_non_null(f);
		assert_true(fputs(text, f) >= 0);
		assert_int_equal(fclose(f), 0);
	}
	free(p);
}

/* The mqueue directory a context on root finds, relative to root; NULL: none. */
static char *found_mqdir(const char *root)
{
	struct ipc_ctx ctx;
	char *rel = NULL;

	assert_int_equal(ipc_ctx_init(&ctx, root), 0);
	assert_int_equal(ipc_ctx_find_dirs(&ctx), 0);
	if (ctx.mqdir) {
		assert_true(strncmp(ctx.mqdir, root, strlen(root)) == 0);
		rel = strdup(ctx.mqdir + strlen(root));
		assert_non_null(rel);
	}
	ipc_ctx_free(&ctx);
	return rel;
}

/*
 * libmount is handed the text, not the path: a mountinfo that is a FIFO
 * or a link is refused as any file of a sysroot is (so it is unreadable,
 * and the usual place is used), it is never waited on nor followed.
 */
#define MQ_OTHER_MOUNTINFO \
	"22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n" \
	"40 22 0:20 / /mq-other rw,nosuid,nodev,noexec - mqueue mqueue rw\n"

static void mountinfo_not_regular(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char *root, *mi, *fifo, *mq;

	/* a regression blocks in open(): fail instead of hanging */
	alarm(20);
	assert_true(asprintf(&root, "%s/ipcbox-ctx-XXXXXX", tmp ? tmp : "/tmp") > 0);
	assert_non_null(mkdtemp(root));
	put_at(root, "/proc", NULL);
	put_at(root, "/proc/self", NULL);
	put_at(root, "/dev", NULL);
	put_at(root, "/dev/mqueue", NULL);
	put_at(root, "/mq-other", NULL);
	put_at(root, "/real-mountinfo", MQ_OTHER_MOUNTINFO);
	mi = below(root, "/proc/self/mountinfo");
	fifo = below(root, "/fifo");

	/* the file itself: read through the stream libmount is given */
	put_at(root, "/proc/self/mountinfo", MQ_OTHER_MOUNTINFO);
	mq = found_mqdir(root);
	assert_non_null(mq);
	assert_string_equal(mq, "/mq-other");
	free(mq);
	assert_int_equal(unlink(mi), 0);

	/* a link to it is not followed */
	assert_int_equal(symlink("../../real-mountinfo", mi), 0);
	mq = found_mqdir(root);
	assert_non_null(mq);
	assert_string_equal(mq, "/dev/mqueue");
	free(mq);
	assert_int_equal(unlink(mi), 0);

	/* a FIFO, and a link to one, are not waited on */
	assert_int_equal(mkfifo(mi, 0644), 0);
	mq = found_mqdir(root);
	assert_non_null(mq);
	assert_string_equal(mq, "/dev/mqueue");
	free(mq);
	assert_int_equal(unlink(mi), 0);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	assert_int_equal(symlink(fifo, mi), 0);
	mq = found_mqdir(root);
	assert_non_null(mq);
	assert_string_equal(mq, "/dev/mqueue");
	free(mq);
	assert_int_equal(unlink(mi), 0);

	/* an empty one: known, no mounts; the usual place as for any capture */
	put_at(root, "/proc/self/mountinfo", "");
	mq = found_mqdir(root);
	assert_non_null(mq);
	assert_string_equal(mq, "/dev/mqueue");
	free(mq);
	alarm(0);

	{
		char *cmd;

		assert_true(asprintf(&cmd, "rm -rf '%s'", root) > 0);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	free(mi);
	free(fifo);
	free(root);
}

static void live_context(void **state)
{
	struct ipc_ctx ctx;

	assert_int_equal(ipc_ctx_init(&ctx, NULL), 0);
	assert_false(ctx.offline);
	assert_string_equal(ctx.root, "");
	assert_string_equal(ctx.procdir, "/proc");
	assert_int_equal(ctx.pagesize, sysconf(_SC_PAGESIZE));
	assert_true(ctx.now > 1600000000);
	/* mqdir depends on the host: if set, it is an absolute path */
	assert_int_equal(ipc_ctx_find_dirs(&ctx), 0);
	if (ctx.mqdir)
		assert_int_equal(ctx.mqdir[0], '/');
	if (ctx.shmdir)
		assert_string_equal(ctx.shmdir, "/dev/shm");
	ipc_ctx_free(&ctx);
	assert_null(ctx.procdir);
}

static void offline_names(void **state)
{
	char *root = fixture("names");
	struct ipc_ctx ctx;
	const char *a, *b;

	assert_int_equal(ipc_ctx_init(&ctx, root), 0);
	assert_string_equal(ipc_user_name(&ctx, 0), "root");
	assert_string_equal(ipc_user_name(&ctx, 1), "daemon");
	/* the first line for an id wins */
	assert_string_equal(ipc_user_name(&ctx, 1000), "alice");
	assert_string_equal(ipc_user_name(&ctx, 4294967294u), "last");
	/* malformed lines give no names */
	assert_null(ipc_user_name(&ctx, 5));
	assert_null(ipc_user_name(&ctx, 7));
	assert_null(ipc_user_name(&ctx, (uid_t)-3));
	assert_null(ipc_user_name(&ctx, 12345));
	/* this machine's names are not used offline */
	assert_null(ipc_user_name(&ctx, 2));
	/* cached: the same string every time */
	a = ipc_user_name(&ctx, 1000);
	b = ipc_user_name(&ctx, 1000);
	assert_ptr_equal(a, b);

	assert_string_equal(ipc_group_name(&ctx, 0), "root");
	assert_string_equal(ipc_group_name(&ctx, 50), "staff");
	assert_string_equal(ipc_group_name(&ctx, 1000), "alice");
	assert_null(ipc_group_name(&ctx, 1));
	ipc_ctx_free(&ctx);
	free(root);
}

static void offline_no_name_files(void **state)
{
	char *root = fixture("mq-dev");
	struct ipc_ctx ctx;

	assert_int_equal(ipc_ctx_init(&ctx, root), 0);
	assert_null(ipc_user_name(&ctx, 0));
	assert_null(ipc_group_name(&ctx, 0));
	ipc_ctx_free(&ctx);
	free(root);
}

static void live_names_cached(void **state)
{
	struct ipc_ctx ctx;
	const char *root, *again;

	assert_int_equal(ipc_ctx_init(&ctx, NULL), 0);
	root = ipc_user_name(&ctx, 0);
	assert_non_null(root);
	assert_string_equal(root, "root");
	assert_string_equal(ipc_group_name(&ctx, 0), "root");
	assert_null(ipc_user_name(&ctx, 3999999999u));
	assert_null(ipc_user_name(&ctx, 3999999999u));
	/* many distinct ids make the table grow; earlier answers survive */
	for (uid_t u = 3000000000u; u < 3000000000u + 300; u++)
		assert_null(ipc_user_name(&ctx, u));
	again = ipc_user_name(&ctx, 0);
	assert_ptr_equal(root, again);
	ipc_ctx_free(&ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mq_at_dev_mqueue),
		cmocka_unit_test(mq_elsewhere_with_escaped_space),
		cmocka_unit_test(mq_several_prefers_dev_mqueue),
		cmocka_unit_test(mq_overmounted_uses_other),
		cmocka_unit_test(no_mounts_no_dirs),
		cmocka_unit_test(shm_plain_directory),
		cmocka_unit_test(no_mountinfo_falls_back),
		cmocka_unit_test(mq_target_missing_falls_back),
		cmocka_unit_test(malformed_mountinfo_lines_skipped),
		cmocka_unit_test(list_posix_without_mount),
		cmocka_unit_test(list_empty_posix_dir),
		cmocka_unit_test(sysroot_errors),
		cmocka_unit_test(sysroot_trailing_slashes),
		cmocka_unit_test(sysroot_symlinks_stay_inside),
		cmocka_unit_test(mountinfo_not_regular),
		cmocka_unit_test(live_context),
		cmocka_unit_test(offline_names),
		cmocka_unit_test(offline_no_name_files),
		cmocka_unit_test(live_names_cached),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
