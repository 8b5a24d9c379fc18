// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the /proc scan: the maps and syscall parsers on real lines, and scans of a fake /proc. */
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
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>

#include <linux/futex.h>

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
		/* the inode's bound: 2^64 - 7 (below) is the largest read */
		"1-2 r--s 0 00:01 18446744073709551610 /x",
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
	assert_int_equal(procscan_parse_maps_line("1-2 r--s 0 00:01 18446744073709551609 /x",
						  40, &m), 0);
	assert_true(m.ino == UINT64_MAX - 6);
}

/* ---- /proc/PID/task/TID/syscall ---- */

static void test_parse_syscall(void **state)
{
	struct procscan_syscall sc;
	/* captured: a thread blocked in semtimedop (x86_64) and one reading */
	static const char blocked[] =
		"220 0x0 0x7ffd4a1c5b3e 0x1 0x0 0x0 0x7f3b6c1f7a40 0x7ffd4a1c5b28 0x7f3b6c0b1c17\n";

	assert_int_equal(procscan_parse_syscall(blocked, strlen(blocked), &sc), 0);
	assert_false(sc.running);
	assert_int_equal(sc.nr, 220);
	assert_int_equal(sc.args[0], 0);
	assert_int_equal(sc.args[1], 0x7ffd4a1c5b3eULL);
	assert_int_equal(sc.args[2], 1);
	assert_int_equal(sc.args[5], 0x7f3b6c1f7a40ULL);
	assert_int_equal(sc.sp, 0x7ffd4a1c5b28ULL);
	assert_int_equal(sc.pc, 0x7f3b6c0b1c17ULL);

	assert_int_equal(procscan_parse_syscall("running\n", 8, &sc), 0);
	assert_true(sc.running);
	assert_int_equal(procscan_parse_syscall("running", 7, &sc), 0);
	assert_true(sc.running);

	/* not in a system call: only the stack and instruction pointers */
	assert_int_equal(procscan_parse_syscall("-1 0x7ffc1000 0x401000\n", 23, &sc), 0);
	assert_false(sc.running);
	assert_int_equal(sc.nr, -1);
	assert_int_equal(sc.sp, 0x7ffc1000);
	assert_int_equal(sc.pc, 0x401000);

	/* all-ones arguments (a descriptor of -1, say) */
	assert_int_equal(procscan_parse_syscall(
		"0 0xffffffffffffffff 0x1 0x2 0x3 0x4 0x5 0x6 0x7", 48, &sc), 0);
	assert_int_equal(sc.nr, 0);
	assert_int_equal(sc.args[0], UINT64_MAX);
	assert_int_equal(sc.args[4], 4);
}

static void test_parse_syscall_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"\n",
		"runnin",
		"running\n\n",
		"Running",
		"220",
		"220 0x0 0x1 0x2 0x3 0x4 0x5 0x6",		/* one short */
		"220 0x0 0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8",	/* one too many */
		"220 0 0x1 0x2 0x3 0x4 0x5 0x6 0x7",		/* no 0x */
		"220 0x 0x1 0x2 0x3 0x4 0x5 0x6 0x7",
		"220  0x0 0x1 0x2 0x3 0x4 0x5 0x6 0x7",
		"220 0x0 0x1 0x2 0x3 0x4 0x5 0x6 0x7 ",
		"220 0xg 0x1 0x2 0x3 0x4 0x5 0x6 0x7",
		"0x10 0x0 0x1 0x2 0x3 0x4 0x5 0x6 0x7",
		"99999999999 0x0 0x1 0x2 0x3 0x4 0x5 0x6 0x7",
		"-1",
		"-1 0x1",
		"-1 0x1 0x2 0x3",
		"- 0x1 0x2",
		"220 0x11111111111111111 0x1 0x2 0x3 0x4 0x5 0x6 0x7",
	};
	struct procscan_syscall sc = { .nr = 4242 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (procscan_parse_syscall(bad[i], strlen(bad[i]), &sc) != -EINVAL)
			fail_msg("accepted: '%s'", bad[i]);
		assert_int_equal(sc.nr, 4242);
	}
}

static bool waits(long nr, uint64_t a0, uint64_t a1, struct procscan_wait *w)
{
	struct procscan_syscall sc = { .nr = nr, .args = { a0, a1 } };

	return procscan_syscall_wait(&sc, w);
}

static void test_syscall_wait(void **state)
{
	struct procscan_wait w;
	struct procscan_syscall sc = { .running = true, .nr = SYS_semop };

	assert_true(waits(SYS_semop, 7, 0, &w));
	assert_int_equal(w.type, PROCSCAN_WAIT_SEM);
	assert_int_equal(w.arg, 7);
	assert_true(waits(SYS_semtimedop, 65536, 0, &w));
	assert_int_equal(w.type, PROCSCAN_WAIT_SEM);
	assert_int_equal(w.arg, 65536);
	assert_true(waits(SYS_msgrcv, 3, 0, &w));
	assert_int_equal(w.type, PROCSCAN_WAIT_MSG);
	assert_int_equal(w.arg, 3);
	assert_true(waits(SYS_msgsnd, 0, 0, &w));
	assert_int_equal(w.type, PROCSCAN_WAIT_MSG);
	assert_int_equal(w.arg, 0);
	assert_true(waits(SYS_mq_timedreceive, 4, 0, &w));
	assert_int_equal(w.type, PROCSCAN_WAIT_MQ);
	assert_int_equal(w.arg, 4);
	assert_true(waits(SYS_mq_timedsend, 5, 0, &w));
	assert_int_equal(w.type, PROCSCAN_WAIT_MQ);
	/* sem_wait on a shared semaphore, a private lock, a PI lock */
	assert_true(waits(SYS_futex, 0x7f0000000010ULL, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME,
			  &w));
	assert_int_equal(w.type, PROCSCAN_WAIT_FUTEX);
	assert_int_equal(w.arg, 0x7f0000000010ULL);
	assert_true(waits(SYS_futex, 0x1000, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, &w));
	assert_true(waits(SYS_futex, 0x1000, FUTEX_LOCK_PI, &w));

	w.arg = 99;
	/* a futex wake does not wait; other calls; ids the kernel refuses */
	assert_false(waits(SYS_futex, 0x1000, FUTEX_WAKE, &w));
	assert_false(waits(SYS_read, 3, 0, &w));
	assert_false(waits(SYS_semop, (uint64_t)INT_MAX + 1, 0, &w));
	assert_false(waits(SYS_msgrcv, UINT64_MAX, 0, &w));
	assert_false(waits(-1, 0, 0, &w));
	assert_false(procscan_syscall_wait(&sc, &w));
	assert_int_equal(w.arg, 99);
#ifdef SYS_ipc
	/* the multiplexer: ipc(SEMTIMEDOP, id, ...), ipc(MSGRCV | version, id, ...) */
	assert_true(waits(SYS_ipc, 4, 12, &w));
	assert_int_equal(w.type, PROCSCAN_WAIT_SEM);
	assert_int_equal(w.arg, 12);
	assert_true(waits(SYS_ipc, 12 | (1 << 16), 8, &w));
	assert_int_equal(w.type, PROCSCAN_WAIT_MSG);
	assert_int_equal(w.arg, 8);
	assert_false(waits(SYS_ipc, 21, 8, &w));	/* shmat */
#endif
}

/* procscan_syscall_waits() of a thread at sp, pc */
static size_t waits_abi(long nr, uint64_t a0, uint64_t a1, uint64_t sp, uint64_t pc,
			struct procscan_wait w[2])
{
	struct procscan_syscall sc = { .nr = nr, .args = { a0, a1 }, .sp = sp, .pc = pc };

	return procscan_syscall_waits(&sc, w);
}

static void test_syscall_waits_abis(void **state)
{
	enum { HI_SP = 0x7ffd4a1c5b28ULL, HI_PC = 0x7f3b6c0b1c17ULL };
	struct procscan_wait w[2];
	struct procscan_syscall running = { .running = true, .nr = SYS_semop };

	/* a 64-bit thread: the build's numbers only */
	assert_int_equal(waits_abi(SYS_semtimedop, 7, 0, HI_SP, HI_PC, w), 1);
	assert_int_equal(w[0].type, PROCSCAN_WAIT_SEM);
	assert_int_equal(w[0].arg, 7);
	assert_int_equal(waits_abi(SYS_read, 3, 0, HI_SP, HI_PC, w), 0);
	assert_int_equal(procscan_syscall_waits(&running, w), 0);
	assert_int_equal(waits_abi(-1, 0, 0, 0x1000, 0x1000, w), 0);
	/* a low stack alone (a Go or static binary's code is low, its stack is not) */
	assert_int_equal(waits_abi(401, 3, 0, 0xffffd000, HI_PC, w), 0);
	assert_int_equal(procscan_knows_every_abi(),
#ifdef __x86_64__
			 true
#else
			 false
#endif
			 );
#ifdef __x86_64__
	/* i386: semtimedop_time64(id), msgrcv(id), ipc(SEMOP, id), mq_timedreceive(fd) */
	assert_int_equal(waits_abi(420, 5, 0, 0xffb0c000, 0xf7f0a549, w), 1);
	assert_int_equal(w[0].type, PROCSCAN_WAIT_SEM);
	assert_int_equal(w[0].arg, 5);
	assert_int_equal(waits_abi(401, 9, 0, 0xffb0c000, 0xf7f0a549, w), 1);
	assert_int_equal(w[0].type, PROCSCAN_WAIT_MSG);
	assert_int_equal(w[0].arg, 9);
	assert_int_equal(waits_abi(117, 1, 12, 0xffb0c000, 0xf7f0a549, w), 1);
	assert_int_equal(w[0].type, PROCSCAN_WAIT_SEM);
	assert_int_equal(w[0].arg, 12);
	assert_int_equal(waits_abi(280, 4, 0, 0xffb0c000, 0x08049000, w), 1);
	assert_int_equal(w[0].type, PROCSCAN_WAIT_MQ);
	assert_int_equal(waits_abi(240, 0x0804c000, FUTEX_WAIT, 0xffb0c000, 0x08049000, w), 1);
	assert_int_equal(w[0].type, PROCSCAN_WAIT_FUTEX);
	/* below 4 GiB, read both ways: 220 is getdents64 on i386, semtimedop on x86_64 */
	assert_int_equal(waits_abi(220, 3, 0, 0x10000, 0x401000, w), 1);
	assert_int_equal(w[0].type, PROCSCAN_WAIT_SEM);
	assert_int_equal(w[0].arg, 3);
	/* 202 is getegid32 on i386 and futex on x86_64; 240 the reverse */
	assert_int_equal(waits_abi(240, 0x1000, FUTEX_WAIT, 0x10000, 0x401000, w), 1);
	assert_int_equal(w[0].type, PROCSCAN_WAIT_FUTEX);
	/* x32: the x86_64 numbers with bit 30 */
	assert_int_equal(waits_abi(0x40000000 | SYS_msgrcv, 6, 0, 0xffb0c000, 0x400100, w), 1);
	assert_int_equal(w[0].type, PROCSCAN_WAIT_MSG);
	assert_int_equal(w[0].arg, 6);
	assert_int_equal(waits_abi(0x40000000 | 401, 6, 0, 0xffb0c000, 0x400100, w), 0);
#endif
}

static void test_how_str(void **state)
{
	char buf[48], small[10];

	assert_string_equal(procscan_how_str(0, buf, sizeof(buf)), "");
	assert_string_equal(procscan_how_str(PROCSCAN_OPEN, buf, sizeof(buf)), "open");
	assert_string_equal(procscan_how_str(PROCSCAN_HOW_ALL, buf, sizeof(buf)),
			    "attached,mapped,open,waiting");
	assert_string_equal(procscan_how_str(PROCSCAN_WAITING | PROCSCAN_MAPPED, buf,
					     sizeof(buf)), "mapped,waiting");
	/* too small: whole words only */
	assert_string_equal(procscan_how_str(PROCSCAN_MAPPED | PROCSCAN_OPEN, small,
					     sizeof(small)), "mapped");
}

static void test_flags_partial(void **state)
{
	struct procscan ps = { 0 };

	assert_int_equal(procscan_flags_for(IPC_SHM, true, false),
			 PROCSCAN_MAPS | PROCSCAN_SYSV_ONLY);
	assert_int_equal(procscan_flags_for(IPC_PSHM, true, false), PROCSCAN_MAPS | PROCSCAN_FDS);
	assert_int_equal(procscan_flags_for(IPC_PSEM, true, false), PROCSCAN_MAPS | PROCSCAN_FDS);
	assert_int_equal(procscan_flags_for(IPC_PMSG, true, false), PROCSCAN_FDS);
	assert_int_equal(procscan_flags_for(IPC_MSG, true, false),
			 PROCSCAN_WAITS | PROCSCAN_SYSV_ONLY);
	assert_int_equal(procscan_flags_for(IPC_SEM, true, false),
			 PROCSCAN_WAITS | PROCSCAN_SYSV_ONLY);
	assert_int_equal(procscan_flags_for(IPC_SHM, false, true),
			 PROCSCAN_WAITS | PROCSCAN_SYSV_ONLY);
	assert_int_equal(procscan_flags_for(IPC_PMSG, true, true), PROCSCAN_FDS | PROCSCAN_WAITS);
	assert_int_equal(procscan_flags_for(IPC_SHM, false, false), 0);

	for (int k = 0; k < IPC_NKINDS; k++)
		assert_false(procscan_partial(&ps, k));
	ps.foreign = 1;
	assert_true(procscan_partial(&ps, IPC_SHM));
	assert_true(procscan_partial(&ps, IPC_MSG));
	assert_false(procscan_partial(&ps, IPC_PSHM));
	assert_false(procscan_partial(&ps, IPC_PMSG));
	ps.unreadable = 1;
	for (int k = 0; k < IPC_NKINDS; k++)
		assert_true(procscan_partial(&ps, k));
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

/*
 * A fake /proc for the waits: process 40 has six threads, blocked in a
 * futex wait inside its mapping of obj (40), in semop on set 7 (41), in
 * mq_timedreceive on descriptor 5, the queue (42), in a futex wait on
 * private memory (43), running (44), and in a futex wait inside segment 0
 * (45). Process 50 waits in msgrcv on queue 3 and maps nothing; process
 * 60 maps obj and waits on a futex in the private memory that follows it.
 */
static void write_filef(const char *text, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	write_file(path, text);
}

static void syscall_text(char *buf, size_t size, long nr, uint64_t a0, uint64_t a1)
{
	snprintf(buf, size, "%ld 0x%llx 0x%llx 0x0 0x0 0x0 0x0 0x7ffd00000000 0x7f0000400000\n",
		 nr, (unsigned long long)a0, (unsigned long long)a1);
}

static int setup_fake_waits(void **state)
{
	struct fake *f;
	char maps[8192], text[256], path[PATH_MAX];

	setup_fake(state);
	f = *state;
	mkdirf("%s/40", f->proc);
	mkdirf("%s/40/fd", f->proc);
	mkdirf("%s/40/task", f->proc);
	for (int tid = 40; tid <= 45; tid++)
		mkdirf("%s/40/task/%d", f->proc, tid);
	mkdirf("%s/40/task/42/fd", f->proc);
	snprintf(maps, sizeof(maps),
		 "7f0000000000-7f0000001000 rw-s 00000000 %02x:%02x %llu    /dev/shm/obj\n"
		 "%s\n%s\n",
		 major(f->obj.st_dev), minor(f->obj.st_dev), (unsigned long long)f->obj.st_ino,
		 sysv_line, anon_private_line);
	write_filef(maps, "%s/40/maps", f->proc);
	syscall_text(text, sizeof(text), SYS_futex, 0x7f0000000010ULL,
		     FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME);
	write_filef(text, "%s/40/task/40/syscall", f->proc);
	syscall_text(text, sizeof(text), SYS_semop, 7, 0x7ffd00001000ULL);
	write_filef(text, "%s/40/task/41/syscall", f->proc);
	syscall_text(text, sizeof(text), SYS_mq_timedreceive, 5, 0x7ffd00001000ULL);
	write_filef(text, "%s/40/task/42/syscall", f->proc);
	snprintf(path, sizeof(path), "%s/40/task/42/fd/5", f->proc);
	snprintf(maps, sizeof(maps), "%s/q", f->mq);
	assert_int_equal(symlink(maps, path), 0);
	syscall_text(text, sizeof(text), SYS_futex, 0x7f0413683100ULL, FUTEX_WAIT_PRIVATE);
	write_filef(text, "%s/40/task/43/syscall", f->proc);

	/* process 60 maps obj too, and waits on a futex in the private
	 * memory right after it */
	mkdirf("%s/60", f->proc);
	mkdirf("%s/60/task", f->proc);
	mkdirf("%s/60/task/60", f->proc);
	snprintf(maps, sizeof(maps),
		 "7f0000000000-7f0000001000 rw-s 00000000 %02x:%02x %llu    /dev/shm/obj\n"
		 "7f0000001000-7f0000003000 rw-p 00000000 00:00 0\n",
		 major(f->obj.st_dev), minor(f->obj.st_dev), (unsigned long long)f->obj.st_ino);
	write_filef(maps, "%s/60/maps", f->proc);
	syscall_text(text, sizeof(text), SYS_futex, 0x7f0000001000ULL, FUTEX_WAIT_PRIVATE);
	write_filef(text, "%s/60/task/60/syscall", f->proc);
	write_filef("running\n", "%s/40/task/44/syscall", f->proc);
	syscall_text(text, sizeof(text), SYS_futex, 0x7f0413681ffcULL, FUTEX_WAIT);
	write_filef(text, "%s/40/task/45/syscall", f->proc);

	mkdirf("%s/50", f->proc);
	mkdirf("%s/50/task", f->proc);
	mkdirf("%s/50/task/50", f->proc);
	syscall_text(text, sizeof(text), SYS_msgrcv, 3, 0x7ffd00001000ULL);
	write_filef(text, "%s/50/task/50/syscall", f->proc);
	write_filef("", "%s/50/maps", f->proc);
	return 0;
}

static void test_scan_waits(void **state)
{
	struct fake *f = *state;
	struct ipc_ctx ctx = { .procdir = f->proc, .shmdir = f->shm, .mqdir = f->mq };
	struct ipc_obj sem = { .kind = IPC_SEM, .id = 7 }, msg = { .kind = IPC_MSG, .id = 3 };
	const struct procscan_entry *e;
	const struct procscan_user *u;
	struct procscan ps;

	/* waits only: no mapping is recorded as a use, but futex words are
	 * still found in the maps */
	assert_int_equal(procscan_run(&ctx, PROCSCAN_WAITS, &ps), 0);
	assert_int_equal(ps.nprocs, 6);
	assert_int_equal(ps.unreadable, 0);
	e = procscan_find_obj(&ps, &sem);
	assert_non_null(e);
	assert_int_equal(e->nusers, 1);
	assert_int_equal(e->users[0].pid, 40);
	assert_int_equal(e->users[0].how, PROCSCAN_WAITING);
	e = procscan_find_obj(&ps, &msg);
	assert_non_null(e);
	assert_int_equal(e->users[0].pid, 50);
	assert_int_equal(e->users[0].how, PROCSCAN_WAITING);
	/* not the other kinds with the same id */
	msg.id = 7;
	assert_null(procscan_find_obj(&ps, &msg));
	sem.id = 3;
	assert_null(procscan_find_obj(&ps, &sem));

	e = procscan_find_file(&ps, f->q.st_dev, f->q.st_ino);
	assert_non_null(e);
	assert_int_equal(e->nusers, 1);
	assert_int_equal(e->users[0].how, PROCSCAN_WAITING);
	e = procscan_find_file(&ps, f->obj.st_dev, f->obj.st_ino);
	assert_non_null(e);
	assert_int_equal(e->nusers, 1);
	assert_int_equal(e->users[0].pid, 40);
	assert_int_equal(e->users[0].how, PROCSCAN_WAITING);
	assert_int_equal(e->users[0].nmaps, 0);
	e = procscan_find_shm(&ps, 0);
	assert_non_null(e);
	assert_int_equal(e->nusers, 1);
	assert_int_equal(e->users[0].how, PROCSCAN_WAITING);
	assert_int_equal(procscan_count(e, PROCSCAN_WAITING), 1);
	assert_int_equal(procscan_count(e, PROCSCAN_ATTACHED), 0);
	/* the private futex matched nothing: five objects in all */
	assert_int_equal(ps.n, 5);
	procscan_free(&ps);

	/* everything: uses and waits of one process merge into one user */
	assert_int_equal(procscan_run(&ctx, PROCSCAN_ALL | PROCSCAN_WAITS, &ps), 0);
	e = procscan_find_file(&ps, f->obj.st_dev, f->obj.st_ino);
	assert_int_equal(e->nusers, 3);
	assert_int_equal(procscan_user(e, 60)->how, PROCSCAN_MAPPED);
	u = procscan_user(e, 40);
	assert_non_null(u);
	assert_int_equal(u->how, PROCSCAN_MAPPED | PROCSCAN_WAITING);
	assert_int_equal(u->nmaps, 1);
	assert_int_equal(procscan_user(e, 10)->how, PROCSCAN_MAPPED);
	assert_null(procscan_user(e, 20));
	assert_int_equal(procscan_count(e, PROCSCAN_WAITING), 1);
	assert_int_equal(procscan_count(e, PROCSCAN_HOW_ALL), 3);
	e = procscan_find_shm(&ps, 0);
	assert_int_equal(e->nusers, 3);
	assert_int_equal(procscan_user(e, 40)->how, PROCSCAN_ATTACHED | PROCSCAN_WAITING);
	assert_int_equal(procscan_count(e, PROCSCAN_ATTACHED), 3);
	assert_int_equal(procscan_count(NULL, PROCSCAN_HOW_ALL), 0);
	assert_null(procscan_user(NULL, 40));
	procscan_free(&ps);
}

static void test_scan_pid(void **state)
{
	struct fake *f = *state;
	struct ipc_ctx ctx = { .procdir = f->proc, .shmdir = f->shm, .mqdir = f->mq };
	const struct procscan_entry *e;
	struct procscan ps = { .n = 42 };

	assert_int_equal(procscan_run_pid(&ctx, PROCSCAN_ALL, 99, &ps), -ESRCH);
	assert_int_equal(procscan_run_pid(&ctx, PROCSCAN_ALL, 0, &ps), -ESRCH);
	assert_int_equal(procscan_run_pid(&ctx, PROCSCAN_ALL, -5, &ps), -ESRCH);
	assert_int_equal(ps.n, 42);

	/* one process: only its objects, with the paths it sees */
	assert_int_equal(procscan_run_pid(&ctx, PROCSCAN_ALL | PROCSCAN_WAITS | PROCSCAN_NAMES,
					  40, &ps), 0);
	assert_int_equal(ps.nprocs, 1);
	assert_int_equal(ps.n, 4);	/* obj, segment 0, set 7, the queue */
	e = procscan_find_file(&ps, f->obj.st_dev, f->obj.st_ino);
	assert_non_null(e);
	assert_string_equal(e->path, "/dev/shm/obj");
	e = procscan_find_file(&ps, f->q.st_dev, f->q.st_ino);
	assert_non_null(e);
	assert_non_null(e->path);
	assert_true(strlen(e->path) > 2 && !strcmp(e->path + strlen(e->path) - 2, "/q"));
	e = procscan_find_shm(&ps, 0);
	assert_non_null(e);
	assert_null(e->path);
	assert_int_equal((uint32_t)e->sysv_key, 0x1234abcdU);
	procscan_free(&ps);

	/* a process without maps, fds or threads (exited): nothing, no error */
	assert_int_equal(procscan_run_pid(&ctx, PROCSCAN_ALL | PROCSCAN_WAITS, 30, &ps), 0);
	assert_int_equal(ps.n, 0);
	assert_int_equal(ps.unreadable, 0);
	procscan_free(&ps);
}

/*
 * System V ids are per IPC namespace: a process whose ns/ipc is not ours
 * maps another segment 0.
 */
static void test_scan_ipcns(void **state)
{
	struct fake *f = *state;
	struct ipc_ctx ctx = { .procdir = f->proc, .shmdir = f->shm, .mqdir = f->mq };
	const struct procscan_entry *e;
	char path[PATH_MAX], target[PATH_MAX];
	struct procscan ps;

	mkdirf("%s/self/ns", f->proc);
	write_filef("ours", "%s/self/ns/ipc", f->proc);
	mkdirf("%s/10/ns", f->proc);
	snprintf(path, sizeof(path), "%s/10/ns/ipc", f->proc);
	snprintf(target, sizeof(target), "%s/self/ns/ipc", f->proc);
	assert_int_equal(symlink(target, path), 0);
	mkdirf("%s/20/ns", f->proc);
	write_filef("theirs", "%s/20/ns/ipc", f->proc);

	assert_int_equal(procscan_run(&ctx, PROCSCAN_ALL, &ps), 0);
	e = procscan_find_shm(&ps, 0);
	assert_non_null(e);
	assert_int_equal(e->nusers, 1);
	assert_int_equal(e->users[0].pid, 10);
	/* POSIX objects are told apart by their device already */
	assert_non_null(procscan_find_file(&ps, f->obj2.st_dev, f->obj2.st_ino));
	procscan_free(&ps);
}

/* A captured tree (offline): maps are read, links are never followed. */
static void test_scan_offline(void **state)
{
	struct fake *f = *state;
	struct ipc_ctx ctx = { .procdir = f->proc, .shmdir = f->shm, .mqdir = f->mq,
			       .offline = true };
	char path[PATH_MAX], target[PATH_MAX];
	struct procscan ps;

	/* pid 70's maps is a link to pid 10's: not read */
	mkdirf("%s/70", f->proc);
	snprintf(path, sizeof(path), "%s/70/maps", f->proc);
	snprintf(target, sizeof(target), "%s/10/maps", f->proc);
	assert_int_equal(symlink(target, path), 0);
	/* pid 80 is a link to pid 10's directory: not entered */
	snprintf(path, sizeof(path), "%s/80", f->proc);
	snprintf(target, sizeof(target), "%s/10", f->proc);
	assert_int_equal(symlink(target, path), 0);

	assert_int_equal(procscan_run(&ctx, PROCSCAN_ALL | PROCSCAN_WAITS, &ps), 0);
	/* both could not be read, and the lists say so (partial) */
	assert_int_equal(ps.unreadable, 2);
	assert_int_equal(ps.errnum, ELOOP);
	assert_true(procscan_partial(&ps, IPC_SHM));
	/* the segment from the maps, without pids 70 and 80 */
	assert_non_null(procscan_find_shm(&ps, 0));
	assert_int_equal(procscan_find_shm(&ps, 0)->nusers, 2);
	/* the queue was only reachable through an fd link */
	assert_null(procscan_find_file(&ps, f->q.st_dev, f->q.st_ino));
	procscan_free(&ps);
	assert_int_equal(procscan_run_pid(&ctx, PROCSCAN_ALL, 80, &ps), -ESRCH);
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
		cmocka_unit_test(test_parse_syscall),
		cmocka_unit_test(test_parse_syscall_malformed),
		cmocka_unit_test(test_syscall_wait),
		cmocka_unit_test(test_syscall_waits_abis),
		cmocka_unit_test(test_how_str),
		cmocka_unit_test(test_flags_partial),
		cmocka_unit_test_setup_teardown(test_scan_waits, setup_fake_waits, teardown_fake),
		cmocka_unit_test_setup_teardown(test_scan_pid, setup_fake_waits, teardown_fake),
		cmocka_unit_test_setup_teardown(test_scan_ipcns, setup_fake, teardown_fake),
		cmocka_unit_test_setup_teardown(test_scan_offline, setup_fake, teardown_fake),
		cmocka_unit_test(test_scan_no_proc),
		cmocka_unit_test_setup_teardown(test_pid_exists, setup_fake, teardown_fake),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
