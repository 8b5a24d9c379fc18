// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the /proc scan: the maps-line parser on real lines, and a scan of a fake /proc. */
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
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>

#include "ipc.h"
#include "procscan.h"

/*
 * Lines captured from /proc/PID/maps of processes in tests/sandbox: one
 * attached System V segment (key 0x1234abcd, shmid 0), a mapped POSIX shm
 * object and semaphore (tmpfs 00:29), a shared anonymous mapping and a memfd
 * (both on the shm internal device 00:01, like the segment).
 */
static const char sysv_line[] =
	"7f0413681000-7f0413682000 r--s 00000000 00:01 0                          /SYSV1234abcd (deleted)";
static const char pshm_line[] =
	"7f4f63e39000-7f4f63e3b000 r--s 00000000 00:29 2                          /dev/shm/foo";
static const char psem_line[] =
	"7f322c3ce000-7f322c3cf000 rw-s 00000000 00:29 3                          /dev/shm/sem.sem1";
static const char anon_line[] =
	"7fa602e37000-7fa602e38000 rw-s 00000000 00:01 5                          /dev/zero (deleted)";
static const char memfd_line[] =
	"7fa602e38000-7fa602e39000 r--s 00000000 00:01 4                          /memfd:ipctool (deleted)";
static const char heap_line[] =
	"55d0c1a3e000-55d0c1a5f000 rw-p 00000000 00:00 0                          [heap]";
static const char anon_private_line[] =
	"7f0413683000-7f0413685000 rw-p 00000000 00:00 0 ";
static const char file_line[] =
	"7f0413200000-7f0413228000 r--p 00000000 fe:01 1835017                    /usr/lib/x86_64-linux-gnu/libc.so.6";

static void parse(const char *line, struct procscan_map *m)
{
	assert_int_equal(procscan_parse_maps_line(line, strlen(line), m), 0);
}

static void test_sysv_line(void **state)
{
	struct procscan_map m;
	int32_t key = 0;

	parse(sysv_line, &m);
	assert_int_equal(m.start, 0x7f0413681000ULL);
	assert_int_equal(m.end, 0x7f0413682000ULL);
	assert_string_equal(m.perms, "r--s");
	assert_int_equal(m.offset, 0);
	assert_int_equal(m.major, 0);
	assert_int_equal(m.minor, 1);
	assert_int_equal(m.ino, 0);
	assert_int_equal(m.pathlen, strlen("/SYSV1234abcd (deleted)"));
	assert_memory_equal(m.path, "/SYSV1234abcd (deleted)", m.pathlen);
	assert_true(procscan_sysv_name(m.path, m.pathlen, &key));
	assert_int_equal((uint32_t)key, 0x1234abcdU);
}

static void test_posix_lines(void **state)
{
	struct procscan_map m;
	int32_t key;

	parse(pshm_line, &m);
	assert_int_equal(m.major, 0);
	assert_int_equal(m.minor, 0x29);
	assert_int_equal(m.ino, 2);
	assert_memory_equal(m.path, "/dev/shm/foo", m.pathlen);
	assert_false(procscan_sysv_name(m.path, m.pathlen, &key));

	parse(psem_line, &m);
	assert_string_equal(m.perms, "rw-s");
	assert_int_equal(m.ino, 3);
	assert_memory_equal(m.path, "/dev/shm/sem.sem1", m.pathlen);
}

static void test_not_sysv(void **state)
{
	struct procscan_map m;
	int32_t key = 77;

	/* same device as a segment, but a memfd and a shared anonymous map */
	parse(anon_line, &m);
	assert_int_equal(m.minor, 1);
	assert_false(procscan_sysv_name(m.path, m.pathlen, &key));
	parse(memfd_line, &m);
	assert_false(procscan_sysv_name(m.path, m.pathlen, &key));
	assert_int_equal(key, 77);

	/* near misses of the segment name */
	assert_false(procscan_sysv_name("/SYSV1234abcd", 13, &key));
	assert_false(procscan_sysv_name("/SYSV1234abc (deleted)", 22, &key));
	assert_false(procscan_sysv_name("/SYSV1234abcg (deleted)", 23, &key));
	assert_false(procscan_sysv_name("/SYSV1234abcd (deletedX", 23, &key));
	assert_false(procscan_sysv_name("/memfd:SYSV1 (deleted)", 22, &key));
	assert_int_equal(key, 77);
	assert_true(procscan_sysv_name("/SYSVffffffff (deleted)", 23, &key));
	assert_int_equal(key, -1);
}

static void test_other_lines(void **state)
{
	struct procscan_map m;

	parse(heap_line, &m);
	assert_string_equal(m.perms, "rw-p");
	assert_memory_equal(m.path, "[heap]", m.pathlen);
	parse(anon_private_line, &m);
	assert_int_equal(m.pathlen, 0);
	parse(file_line, &m);
	assert_int_equal(m.major, 0xfe);
	assert_int_equal(m.minor, 1);
	assert_int_equal(m.ino, 1835017);
	/* an unterminated line with no path and no trailing blank */
	parse("00400000-00401000 r-xp 00000000 103:02 42", &m);
	assert_int_equal(m.major, 0x103);
	assert_int_equal(m.minor, 2);
	assert_int_equal(m.ino, 42);
	assert_int_equal(m.pathlen, 0);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"7f0413681000",
		"7f0413681000-",
		"7f0413681000-7f0413682000",
		"7f0413681000-7f0413682000 r--s",
		"7f0413681000-7f0413682000 r--s 00000000",
		"7f0413681000-7f0413682000 r--s 00000000 00:01",
		"7f0413681000-7f0413682000 r--s 00000000 00:01 ",
		"7f0413681000-7f0413682000 r--s 00000000 00-01 0 /x",
		"7f0413681000-7f0413682000 rZ-s 00000000 00:01 0 /x",
		"7f0413681000-7f0413682000 r--s 00000000 00:01 12x /x",
		"7f0413681000 7f0413682000 r--s 00000000 00:01 0 /x",
		"g-1 r--s 00000000 00:01 0 /x",
		"ffffffffffffffffff-1 r--s 00000000 00:01 0 /x",
		"1-2 r--s 0 00:01 99999999999999999999999 /x",
	};
	struct procscan_map m = { .ino = 12345 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (procscan_parse_maps_line(bad[i], strlen(bad[i]), &m) != -EINVAL)
			fail_msg("accepted: '%s'", bad[i]);
		/* nothing written on failure */
		assert_int_equal(m.ino, 12345);
	}
	/* the length bounds the line: a NUL-free prefix is not read past */
	assert_int_equal(procscan_parse_maps_line(sysv_line, 30, &m), -EINVAL);
}

/* ---- a scan over a fake /proc ---- */

struct fake {
	char root[1024], proc[1100], shm[1100], mq[1100];
	struct stat obj, obj2, q;
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void mkdirf(const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	assert_int_equal(mkdir(path, 0755), 0);
}

static int setup_fake(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[PATH_MAX + 64], maps[8192];

	snprintf(f->root, sizeof(f->root), "%s/test_procscan.XXXXXX", tmp);
	assert_non_null(mkdtemp(f->root));
	snprintf(f->proc, sizeof(f->proc), "%s/proc", f->root);
	snprintf(f->shm, sizeof(f->shm), "%s/shm", f->root);
	snprintf(f->mq, sizeof(f->mq), "%s/mq", f->root);
	mkdirf("%s", f->proc);
	mkdirf("%s", f->shm);
	mkdirf("%s", f->mq);

	snprintf(path, sizeof(path), "%s/obj", f->shm);
	write_file(path, "x");
	assert_int_equal(stat(path, &f->obj), 0);
	snprintf(path, sizeof(path), "%s/sem.s", f->shm);
	write_file(path, "y");
	assert_int_equal(stat(path, &f->obj2), 0);
	snprintf(path, sizeof(path), "%s/q", f->mq);
	write_file(path, "QSIZE:0");
	assert_int_equal(stat(path, &f->q), 0);

	/* pid 10: maps obj twice, a segment, a memfd with the obj's inode
	 * number on another device, and has the queue open */
	mkdirf("%s/10", f->proc);
	mkdirf("%s/10/fd", f->proc);
	snprintf(maps, sizeof(maps),
		 "%s\n"
		 "7f0000000000-7f0000001000 r--s 00000000 %02x:%02x %llu    /whatever/obj\n"
		 "7f0000002000-7f0000003000 r--s 00001000 %02x:%02x %llu    /whatever/obj\n"
		 "7f0000004000-7f0000005000 r--s 00000000 00:01 %llu    /memfd:x (deleted)\n"
		 "%s\n%s\n",
		 sysv_line,
		 major(f->obj.st_dev), minor(f->obj.st_dev), (unsigned long long)f->obj.st_ino,
		 major(f->obj.st_dev), minor(f->obj.st_dev), (unsigned long long)f->obj.st_ino,
		 (unsigned long long)f->obj.st_ino, heap_line, anon_line);
	snprintf(path, sizeof(path), "%s/10/maps", f->proc);
	write_file(path, maps);
	snprintf(path, sizeof(path), "%s/10/fd/3", f->proc);
	snprintf(maps, sizeof(maps), "%s/q", f->mq);
	assert_int_equal(symlink(maps, path), 0);
	snprintf(path, sizeof(path), "%s/10/fd/4", f->proc);
	assert_int_equal(symlink("/nonexistent/closed", path), 0);

	/* pid 20: the semaphore open and mapped, the segment too (last line
	 * without a newline); pid 30 has no maps and no fd dir (exited) */
	mkdirf("%s/20", f->proc);
	mkdirf("%s/20/fd", f->proc);
	snprintf(maps, sizeof(maps),
		 "7f0000000000-7f0000001000 rw-s 00000000 %02x:%02x %llu /x/sem.s\n%s",
		 major(f->obj2.st_dev), minor(f->obj2.st_dev), (unsigned long long)f->obj2.st_ino,
		 sysv_line);
	snprintf(path, sizeof(path), "%s/20/maps", f->proc);
	write_file(path, maps);
	snprintf(path, sizeof(path), "%s/20/fd/7", f->proc);
	snprintf(maps, sizeof(maps), "%s/sem.s", f->shm);
	assert_int_equal(symlink(maps, path), 0);
	mkdirf("%s/30", f->proc);
	mkdirf("%s/self", f->proc);
	mkdirf("%s/sysvipc", f->proc);
	*state = f;
	return 0;
}

static int teardown_fake(void **state)
{
	struct fake *f = *state;
	char cmd[1100];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void test_scan(void **state)
{
	struct fake *f = *state;
	struct ipc_ctx ctx = { .procdir = f->proc, .shmdir = f->shm, .mqdir = f->mq };
	struct ipc_obj o = { .kind = IPC_PSHM };
	const struct procscan_entry *e;
	struct procscan ps;

	assert_int_equal(procscan_run(&ctx, PROCSCAN_ALL, &ps), 0);
	assert_int_equal(ps.nprocs, 3);
	assert_int_equal(ps.unreadable, 0);

	/* the segment: both processes, by shmid, with the key of the name */
	e = procscan_find_shm(&ps, 0);
	assert_non_null(e);
	assert_int_equal((uint32_t)e->sysv_key, 0x1234abcdU);
	assert_int_equal(e->nusers, 2);
	assert_int_equal(e->users[0].pid + e->users[1].pid, 30);
	assert_true(e->users[0].how & PROCSCAN_ATTACHED);
	assert_null(procscan_find_shm(&ps, 5));	/* the anonymous map */
	assert_null(procscan_find_shm(&ps, 4));	/* the memfd */

	/* obj mapped twice by one process: one user, two maps */
	o.dev = f->obj.st_dev;
	o.ino = f->obj.st_ino;
	e = procscan_find_obj(&ps, &o);
	assert_non_null(e);
	assert_int_equal(e->nusers, 1);
	assert_int_equal(e->users[0].pid, 10);
	assert_int_equal(e->users[0].how, PROCSCAN_MAPPED);
	assert_int_equal(e->users[0].nmaps, 2);

	/* the semaphore: mapped and open by pid 20 */
	e = procscan_find_file(&ps, f->obj2.st_dev, f->obj2.st_ino);
	assert_non_null(e);
	assert_int_equal(e->nusers, 1);
	assert_int_equal(e->users[0].pid, 20);
	assert_int_equal(e->users[0].how, PROCSCAN_MAPPED | PROCSCAN_OPEN);

	/* the queue: open by pid 10 */
	o.kind = IPC_PMSG;
	o.dev = f->q.st_dev;
	o.ino = f->q.st_ino;
	e = procscan_find_obj(&ps, &o);
	assert_non_null(e);
	assert_int_equal(e->users[0].pid, 10);
	assert_int_equal(e->users[0].how, PROCSCAN_OPEN);

	/* SysV queues and sets are never in the scan */
	o.kind = IPC_MSG;
	assert_null(procscan_find_obj(&ps, &o));
	procscan_free(&ps);

	/* maps only: the queue descriptor is not seen */
	assert_int_equal(procscan_run(&ctx, PROCSCAN_MAPS, &ps), 0);
	assert_null(procscan_find_file(&ps, f->q.st_dev, f->q.st_ino));
	assert_non_null(procscan_find_file(&ps, f->obj.st_dev, f->obj.st_ino));
	procscan_free(&ps);
}

static void test_scan_no_proc(void **state)
{
	struct ipc_ctx ctx = { .procdir = (char *)"/nonexistent/proc" };
	struct procscan ps = { .n = 42 };

	assert_int_equal(procscan_run(&ctx, PROCSCAN_ALL, &ps), -ENOENT);
	assert_int_equal(ps.n, 42);
}

static void test_pid_exists(void **state)
{
	struct fake *f = *state;
	struct ipc_ctx ctx = { .procdir = f->proc };

	assert_true(procscan_pid_exists(&ctx, 10));
	assert_true(procscan_pid_exists(&ctx, 30));
	assert_false(procscan_pid_exists(&ctx, 11));
	assert_false(procscan_pid_exists(&ctx, 0));
	assert_false(procscan_pid_exists(&ctx, -1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysv_line),
		cmocka_unit_test(test_posix_lines),
		cmocka_unit_test(test_not_sysv),
		cmocka_unit_test(test_other_lines),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test_setup_teardown(test_scan, setup_fake, teardown_fake),
		cmocka_unit_test(test_scan_no_proc),
		cmocka_unit_test_setup_teardown(test_pid_exists, setup_fake, teardown_fake),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
