/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for lib/util.c: safe whole-file reads, number files, kinds, object arrays. */
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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "array.h"
#include "internal.h"
#include "ipc.h"

/* A scratch directory per test run, and an fd on it for the *_at calls. */
struct scratch {
	char path[64];
	int dirfd;
};

static int scratch_setup(void **state)
{
	struct scratch *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	snprintf(s->path, sizeof(s->path), "/tmp/ipcbox-test-util.XXXXXX");
	if (!mkdtemp(s->path))
		return -1;
	s->dirfd = open(s->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dirfd < 0)
		return -1;
	*state = s;
	return 0;
}

static int scratch_teardown(void **state)
{
	struct scratch *s = *state;
	char cmd[128];

	close(s->dirfd);
	/* the directory holds only what the tests made in it */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->path);
	if (system(cmd) != 0)
		return -1;
	free(s);
	return 0;
}

static void put_file(struct scratch *s, const char *name, const char *data, size_t len)
{
	int fd = openat(s->dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static char *path_of(struct scratch *s, const char *name)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s/%s", s->path, name);
	return buf;
}

static void test_read_regular(void **state)
{
	struct scratch *s = *state;
	char *buf = NULL;
	size_t len = 99;

	put_file(s, "plain", "hello\nworld\n", 12);
	assert_int_equal(ipc_read_file_at(s->dirfd, "plain", 4096, &buf, &len), 0);
	assert_int_equal(len, 12);
	assert_string_equal(buf, "hello\nworld\n");
	free(buf);

	/* the same through a path, and without asking for the length */
	assert_int_equal(ipc_read_file(path_of(s, "plain"), 4096, &buf, NULL), 0);
	assert_string_equal(buf, "hello\nworld\n");
	free(buf);

	/* an empty file is an empty string, not an error */
	put_file(s, "empty", "", 0);
	assert_int_equal(ipc_read_file_at(s->dirfd, "empty", 4096, &buf, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);

	/* embedded NUL bytes are kept and counted */
	put_file(s, "nul", "a\0b", 3);
	assert_int_equal(ipc_read_file_at(s->dirfd, "nul", 4096, &buf, &len), 0);
	assert_int_equal(len, 3);
	assert_memory_equal(buf, "a\0b", 4);
	free(buf);
}

static void test_read_procfs(void **state)
{
	char *buf = NULL;
	size_t len = 0;

	/* procfs reports size 0; the reader must read to EOF anyway */
	assert_int_equal(ipc_read_file("/proc/self/stat", 65536, &buf, &len), 0);
	assert_true(len > 0);
	assert_int_equal(strlen(buf), len);
	free(buf);
}

static void test_read_big(void **state)
{
	struct scratch *s = *state;
	size_t n = 3 * 4096 + 17;	/* crosses several buffer growths */
	char *data = malloc(n), *buf = NULL;
	size_t len = 0;

	assert_non_null(data);
	for (size_t i = 0; i < n; i++)
		data[i] = (char)('a' + i % 26);
	put_file(s, "big", data, n);
	assert_int_equal(ipc_read_file_at(s->dirfd, "big", 1 << 20, &buf, &len), 0);
	assert_int_equal(len, n);
	assert_memory_equal(buf, data, n);
	assert_int_equal(buf[n], '\0');
	free(buf);

	/* over the cap: -EFBIG and nothing handed out */
	buf = (char *)"untouched";
	assert_int_equal(ipc_read_file_at(s->dirfd, "big", 4096, &buf, &len), -EFBIG);
	assert_string_equal(buf, "untouched");
	assert_int_equal(ipc_read_file_at(s->dirfd, "big", n - 1, &buf, &len), -EFBIG);
	assert_string_equal(buf, "untouched");
	free(data);
}

static void test_read_cap_boundary(void **state)
{
	struct scratch *s = *state;
	char *buf = (char *)"untouched";
	size_t len = 0;

	put_file(s, "ten", "0123456789", 10);
	assert_int_equal(ipc_read_file_at(s->dirfd, "ten", 11, &buf, &len), 0);
	assert_int_equal(len, 10);
	assert_string_equal(buf, "0123456789");
	free(buf);
	/* exactly max bytes is within "at most max bytes" */
	assert_int_equal(ipc_read_file_at(s->dirfd, "ten", 10, &buf, &len), 0);
	assert_int_equal(len, 10);
	assert_string_equal(buf, "0123456789");
	free(buf);
	buf = (char *)"untouched";
	assert_int_equal(ipc_read_file_at(s->dirfd, "ten", 9, &buf, &len), -EFBIG);
	assert_string_equal(buf, "untouched");
}

static void test_read_refuses_special_files(void **state)
{
	struct scratch *s = *state;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char *buf = (char *)"untouched";
	time_t start;
	int sock;

	/* a FIFO with no writer: refused at once, never a blocking read */
	assert_int_equal(mkfifoat(s->dirfd, "fifo", 0644), 0);
	start = time(NULL);
	assert_int_equal(ipc_read_file_at(s->dirfd, "fifo", 4096, &buf, NULL), -EINVAL);
	assert_true(time(NULL) - start < 2);
	assert_string_equal(buf, "untouched");

	/* a directory */
	assert_int_equal(mkdirat(s->dirfd, "dir", 0755), 0);
	assert_int_equal(ipc_read_file_at(s->dirfd, "dir", 4096, &buf, NULL), -EINVAL);

	/* a symlink to a readable regular file is not followed */
	put_file(s, "target", "secret", 6);
	assert_int_equal(symlinkat("target", s->dirfd, "link"), 0);
	assert_int_equal(ipc_read_file_at(s->dirfd, "link", 4096, &buf, NULL), -ELOOP);
	/* nor one to the FIFO, nor a dangling one */
	assert_int_equal(symlinkat("fifo", s->dirfd, "link-fifo"), 0);
	assert_int_equal(ipc_read_file_at(s->dirfd, "link-fifo", 4096, &buf, NULL), -ELOOP);
	assert_int_equal(symlinkat("nowhere", s->dirfd, "dangling"), 0);
	assert_int_equal(ipc_read_file_at(s->dirfd, "dangling", 4096, &buf, NULL), -ELOOP);

	/* a socket cannot even be opened */
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(sock >= 0);
	assert_true(strlen(path_of(s, "sock")) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, path_of(s, "sock"), strlen(path_of(s, "sock")) + 1);
	assert_int_equal(bind(sock, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_true(ipc_read_file_at(s->dirfd, "sock", 4096, &buf, NULL) < 0);
	close(sock);

	/* a character device */
	assert_int_equal(ipc_read_file("/dev/null", 4096, &buf, NULL), -EINVAL);

	/* missing */
	assert_int_equal(ipc_read_file_at(s->dirfd, "missing", 4096, &buf, NULL), -ENOENT);
	assert_string_equal(buf, "untouched");
}

static void test_read_u64(void **state)
{
	static const struct {
		const char *text;
		uint64_t v;
	} good[] = {
		{ "0\n", 0 }, { "32000\n", 32000 }, { "42", 42 }, { "7 \t\n", 7 },
		{ "18446744073709551615\n", UINT64_MAX },
	};
	static const struct {
		const char *text;
		int err;
	} bad[] = {
		{ "", -EINVAL }, { "\n", -EINVAL }, { "-1\n", -EINVAL }, { " 5\n", -EINVAL },
		{ "abc\n", -EINVAL }, { "5 6\n", -EINVAL }, { "5x\n", -EINVAL },
		{ "250\t32000\t32\t128\n", -EINVAL },
		{ "18446744073709551616\n", -ERANGE },
	};
	struct scratch *s = *state;
	uint64_t v;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		put_file(s, "num", good[i].text, strlen(good[i].text));
		v = 12345;
		assert_int_equal(ipc_read_u64(path_of(s, "num"), &v), 0);
		assert_true(v == good[i].v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put_file(s, "num", bad[i].text, strlen(bad[i].text));
		v = 12345;
		assert_int_equal(ipc_read_u64(path_of(s, "num"), &v), bad[i].err);
		assert_true(v == 12345);
	}
	assert_int_equal(ipc_read_u64(path_of(s, "missing"), &v), -ENOENT);
	assert_int_equal(symlinkat("num", s->dirfd, "num-link"), 0);
	assert_int_equal(ipc_read_u64(path_of(s, "num-link"), &v), -ELOOP);
}

static void test_path_join(void **state)
{
	char *p = ipc_path_join("/proc", "sysvipc/msg");

	assert_string_equal(p, "/proc/sysvipc/msg");
	free(p);
	p = ipc_path_join("", "proc");
	assert_string_equal(p, "/proc");
	free(p);
}

static void test_kind_names(void **state)
{
	static const char *const names[IPC_NKINDS] = {
		"msg", "sem", "shm", "pmsg", "pshm", "psem",
	};

	for (int k = 0; k < IPC_NKINDS; k++) {
		assert_string_equal(ipc_kind_name((enum ipc_kind)k), names[k]);
		assert_true(strlen(ipc_kind_noun((enum ipc_kind)k)) > 0);
		assert_int_equal(ipc_kind_is_posix((enum ipc_kind)k), k >= IPC_PMSG);
	}
	assert_string_equal(ipc_kind_noun(IPC_SHM), "shared memory segment");
	/* plurals are the table's, not a noun with an "s" */
	for (int k = 0; k < IPC_NKINDS; k++) {
		const char *noun = ipc_kind_noun((enum ipc_kind)k);
		const char *plural = ipc_kind_plural((enum ipc_kind)k);

		assert_true(strncmp(plural, noun, strlen(noun)) == 0);
		assert_true(plural[strlen(plural) - 1] == 's');
	}
	assert_string_equal(ipc_kind_plural(IPC_PSHM), "POSIX shared memory objects");
	assert_string_equal(ipc_kind_plural(IPC_SEM), "semaphore sets");
	assert_string_equal(ipc_kind_plural(IPC_NKINDS), "?");
	assert_string_equal(ipc_kind_name(IPC_NKINDS), "?");
	assert_string_equal(ipc_kind_name((enum ipc_kind)-1), "?");
}

static void test_objs_array(void **state)
{
	struct ipc_objs objs = { 0 };

	/* grows past its first allocation; each new object is zeroed, id -1 */
	for (int i = 0; i < 200; i++) {
		struct ipc_obj *o = ipc_objs_push(&objs);

		assert_non_null(o);
		assert_int_equal(o->id, -1);
		assert_null(o->name);
		assert_int_equal(o->have, 0);
		o->id = i;
		if (i % 2)
			o->name = strdup("/name");
	}
	assert_int_equal(objs.n, 200);
	assert_true(objs.cap >= 200);
	for (int i = 0; i < 200; i++)
		assert_int_equal(objs.v[i].id, i);
	/* frees the names too (LeakSanitizer checks that under -Db_sanitize) */
	ipc_objs_free(&objs);
	assert_null(objs.v);
	assert_int_equal(objs.n, 0);
	/* and the array is reusable */
	assert_non_null(ipc_objs_push(&objs));
	ipc_objs_free(&objs);
}

static void test_array_grow(void **state)
{
	int *v = NULL;
	size_t n = 0, cap = 0;

	(void)state;
	for (int i = 0; i < 100; i++) {
		assert_true(ARRAY_GROW(v, n, cap, 4));
		v[n++] = i;
	}
	/* doubling from the first size: 4, 8, ... 128 */
	assert_int_equal(cap, 128);
	for (int i = 0; i < 100; i++)
		assert_int_equal(v[i], i);
	/* room left: the array stays where it is */
	assert_ptr_equal(ipc_array_grow(v, &cap, n, sizeof(*v), 4), v);
	/* a size that would overflow fails and leaves the array alone */
	cap = SIZE_MAX / 2 + 1;
	assert_null(ipc_array_grow(v, &cap, cap, sizeof(*v), 4));
	assert_int_equal(cap, SIZE_MAX / 2 + 1);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read_regular, scratch_setup, scratch_teardown),
		cmocka_unit_test(test_read_procfs),
		cmocka_unit_test_setup_teardown(test_read_big, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_read_cap_boundary, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_read_refuses_special_files, scratch_setup,
						scratch_teardown),
		cmocka_unit_test_setup_teardown(test_read_u64, scratch_setup, scratch_teardown),
		cmocka_unit_test(test_path_join),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_objs_array),
		cmocka_unit_test(test_array_grow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
