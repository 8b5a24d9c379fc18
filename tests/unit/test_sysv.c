/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the /proc/sysvipc parser and of offline listing over fixture trees. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "fixture.h"

#include "internal.h"
#include "ipc.h"

/* Lines as Linux 6.18 prints them (tests/fixtures/sysvipc/live was captured
 * in tests/sandbox after creating the objects with ipctool). */
#define MSG_LINE "-2000000000          1   600         300          3  7377     0  1000  1001     0     0 1795448911          0 1795448911\n"
#define SEM_LINE "       153          0   600          3     0     0     0     0          0 1795448911\n"
#define SHM_LINE "        -5          1  2600               1048576  7380     0      0  1000  1001     0     0          0          0 1795448911                     0                     0\n"

static const unsigned int base_have = IPC_HAVE_OWNER | IPC_HAVE_CREATOR | IPC_HAVE_MODE;

static void parse_msg_every_field(void **state)
{
	struct ipc_obj o;

	/* distinct values in every field, so a swapped pair is caught */
	assert_int_equal(sysv_parse_line(IPC_MSG,
		"        77         42   640          10          20    30    40    50    60    70    80         90        100        110", &o), 0);
	assert_int_equal(o.kind, IPC_MSG);
	assert_int_equal(o.key, 77);
	assert_int_equal(o.id, 42);
	assert_int_equal(o.mode, 0640);
	assert_int_equal(o.msg.cbytes, 10);
	assert_int_equal(o.msg.qnum, 20);
	assert_int_equal(o.msg.lspid, 30);
	assert_int_equal(o.msg.lrpid, 40);
	assert_int_equal(o.uid, 50);
	assert_int_equal(o.gid, 60);
	assert_int_equal(o.cuid, 70);
	assert_int_equal(o.cgid, 80);
	assert_int_equal(o.msg.stime, 90);
	assert_int_equal(o.msg.rtime, 100);
	assert_int_equal(o.ctime, 110);
	assert_int_equal(o.have, base_have);
	assert_null(o.name);
	assert_int_equal(o.msg.qbytes, 0);	/* not in /proc */
}

static void parse_msg_real_line(void **state)
{
	struct ipc_obj o;

	assert_int_equal(sysv_parse_line(IPC_MSG, MSG_LINE, &o), 0);
	assert_int_equal(o.key, -2000000000);
	assert_int_equal((uint32_t)o.key, 0x88ca6c00u);
	assert_int_equal(o.id, 1);
	assert_int_equal(o.mode, 0600);
	assert_int_equal(o.msg.cbytes, 300);	/* ipctool msgsnd 1 100 3 */
	assert_int_equal(o.msg.qnum, 3);
	assert_int_equal(o.msg.lspid, 7377);
	assert_int_equal(o.msg.lrpid, 0);
	assert_int_equal(o.uid, 1000);
	assert_int_equal(o.gid, 1001);
	assert_int_equal(o.cuid, 0);
	assert_int_equal(o.cgid, 0);
	assert_int_equal(o.msg.stime, 1795448911);
	assert_int_equal(o.msg.rtime, 0);
	assert_int_equal(o.ctime, 1795448911);
}

static void parse_sem_every_field(void **state)
{
	struct ipc_obj o;

	assert_int_equal(sysv_parse_line(IPC_SEM,
		"-1 7 444 3 11 12 13 14 15 16", &o), 0);
	assert_int_equal(o.kind, IPC_SEM);
	assert_int_equal(o.key, -1);
	assert_int_equal((uint32_t)o.key, 0xffffffffu);
	assert_int_equal(o.id, 7);
	assert_int_equal(o.mode, 0444);
	assert_int_equal(o.sem.nsems, 3);
	assert_int_equal(o.uid, 11);
	assert_int_equal(o.gid, 12);
	assert_int_equal(o.cuid, 13);
	assert_int_equal(o.cgid, 14);
	assert_int_equal(o.sem.otime, 15);
	assert_int_equal(o.ctime, 16);
	assert_int_equal(o.have, base_have);

	assert_int_equal(sysv_parse_line(IPC_SEM, SEM_LINE, &o), 0);
	assert_int_equal(o.key, 0x99);
	assert_int_equal(o.id, 0);
	assert_int_equal(o.mode, 0600);
	assert_int_equal(o.sem.nsems, 3);
	assert_int_equal(o.sem.otime, 0);
	assert_int_equal(o.ctime, 1795448911);
}

static void parse_shm_every_field(void **state)
{
	struct ipc_obj o;

	assert_int_equal(sysv_parse_line(IPC_SHM,
		"5 6 1600 4096 7 8 9 10 11 12 13 14 15 16 8192 12288\n", &o), 0);
	assert_int_equal(o.kind, IPC_SHM);
	assert_int_equal(o.key, 5);
	assert_int_equal(o.id, 6);
	assert_int_equal(o.ino, 6);
	assert_int_equal(o.mode, 0600 | IPC_SHM_DEST);
	assert_int_equal(o.shm.segsz, 4096);
	assert_int_equal(o.shm.cpid, 7);
	assert_int_equal(o.shm.lpid, 8);
	assert_int_equal(o.shm.nattch, 9);
	assert_int_equal(o.uid, 10);
	assert_int_equal(o.gid, 11);
	assert_int_equal(o.cuid, 12);
	assert_int_equal(o.cgid, 13);
	assert_int_equal(o.shm.atime, 14);
	assert_int_equal(o.shm.dtime, 15);
	assert_int_equal(o.ctime, 16);
	assert_int_equal(o.shm.rss, 8192);
	assert_int_equal(o.shm.swap, 12288);
	assert_int_equal(o.have, base_have | IPC_HAVE_RSS);

	assert_int_equal(sysv_parse_line(IPC_SHM, SHM_LINE, &o), 0);
	assert_int_equal(o.key, -5);
	assert_int_equal(o.id, 1);
	assert_int_equal(o.mode, 0600 | IPC_SHM_LOCKED);	/* ipctool shmlock */
	assert_int_equal(o.shm.segsz, 1048576);
	assert_int_equal(o.uid, 1000);
	assert_int_equal(o.gid, 1001);
	assert_int_equal(o.have, base_have | IPC_HAVE_RSS);
}

static void parse_shm_without_rss(void **state)
{
	struct ipc_obj o;

	/* the format before Linux 4.0, trailing blanks and all */
	assert_int_equal(sysv_parse_line(IPC_SHM,
		" 305419896      32768   666     524288   812   900      2  1000   100  1000   100 1400000000 1400000100 1399999999  \n", &o), 0);
	assert_int_equal(o.key, 0x12345678);
	assert_int_equal(o.id, 32768);
	assert_int_equal(o.shm.segsz, 524288);
	assert_int_equal(o.shm.nattch, 2);
	assert_int_equal(o.ctime, 1399999999);
	assert_int_equal(o.have, base_have);
	assert_int_equal(o.shm.rss, 0);
	assert_int_equal(o.shm.swap, 0);
}

static void parse_extremes(void **state)
{
	struct ipc_obj o;

	assert_int_equal(sysv_parse_line(IPC_SHM,
		"2147483647 2147483647  3777  18446744073709551615 2147483647     1 18446744073709551615 4294967295 4294967294 65534 65533 9223372036854775807          1          2  18446744073709547520       1099511627776", &o), 0);
	assert_int_equal(o.key, INT32_MAX);
	assert_int_equal(o.id, INT_MAX);
	assert_int_equal(o.mode, 03777);
	assert_true(o.shm.segsz == UINT64_MAX);
	assert_int_equal(o.shm.cpid, INT32_MAX);
	assert_true(o.shm.nattch == UINT64_MAX);
	assert_true(o.uid == 4294967295u);
	assert_true(o.gid == 4294967294u);
	assert_true(o.shm.atime == INT64_MAX);
	assert_true(o.shm.rss == 18446744073709547520ull);
	assert_true(o.shm.swap == 1099511627776ull);

	assert_int_equal(sysv_parse_line(IPC_MSG,
		"-2147483648 0 0 0 0 0 0 0 0 0 0 0 0 0", &o), 0);
	assert_int_equal(o.key, INT32_MIN);
	assert_int_equal(sysv_parse_line(IPC_MSG,
		"-0 0 0 0 0 0 0 0 0 0 0 0 0 0", &o), 0);
	assert_int_equal(o.key, 0);
}

static void parse_rejects(void **state)
{
	static const char *const bad_msg[] = {
		"",
		"\n",
		"   \t  ",
		"1 2 644 0 0 0 0 0 0 0 0 0 0",			/* 13 fields */
		"1 2 644 0 0 0 0 0 0 0 0 0 0\n 1",		/* field on the next line */
		"1 2 648 0 0 0 0 0 0 0 0 0 0 0",		/* 8 is not octal */
		"1 2 644 0x1 0 0 0 0 0 0 0 0 0 0",
		"1 2 644 0 0 0 0 0 0 0 0 0 0 1e3",
		"2147483648 2 644 0 0 0 0 0 0 0 0 0 0 0",	/* key > INT32_MAX */
		"-2147483649 2 644 0 0 0 0 0 0 0 0 0 0 0",	/* key < INT32_MIN */
		"4294967295 2 644 0 0 0 0 0 0 0 0 0 0 0",	/* no unsigned keys */
		"1 -2 644 0 0 0 0 0 0 0 0 0 0 0",		/* negative id */
		"1 2147483648 644 0 0 0 0 0 0 0 0 0 0 0",	/* id > INT_MAX */
		"1 2 644 18446744073709551616 0 0 0 0 0 0 0 0 0 0",
		"1 2 644 0 0 2147483648 0 0 0 0 0 0 0 0",	/* pid > INT32_MAX */
		"1 2 644 0 0 0 0 4294967296 0 0 0 0 0 0",	/* uid > 32 bits */
		"1 2 644 0 0 0 0 0 0 0 0 9223372036854775808 0 0",	/* time > INT64_MAX */
		"1 2 1777777 0 0 0 0 0 0 0 0 0 0 0",		/* perms > 16 bits */
		"1 2 644 -1 0 0 0 0 0 0 0 0 0 0",
		"1 2 644 +1 0 0 0 0 0 0 0 0 0 0",
		"- 2 644 0 0 0 0 0 0 0 0 0 0 0",
		"--1 2 644 0 0 0 0 0 0 0 0 0 0 0",
		"key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime",
		"1,2 644 0 0 0 0 0 0 0 0 0 0 0 0",
		"1\v2 644 0 0 0 0 0 0 0 0 0 0 0 0",
	};
	struct ipc_obj o = { .key = 12345 };

	for (size_t i = 0; i < sizeof(bad_msg) / sizeof(bad_msg[0]); i++) {
		if (sysv_parse_line(IPC_MSG, bad_msg[i], &o) != -EINVAL)
			fail_msg("accepted as msg: \"%s\"", bad_msg[i]);
		assert_int_equal(o.key, 12345);		/* untouched on failure */
	}
	assert_int_equal(sysv_parse_line(IPC_SEM, "1 2 600 1 0 0 0 0 0", &o), -EINVAL);
	/* shm: rss without swap, junk where swap should be */
	assert_int_equal(sysv_parse_line(IPC_SHM,
		"1 0 600 4096 1 0 0 0 0 0 0 0 0 1700000000 4096", &o), -EINVAL);
	assert_int_equal(sysv_parse_line(IPC_SHM,
		"1 0 600 4096 1 0 0 0 0 0 0 0 0 1700000000 4096 junk", &o), -EINVAL);
	assert_int_equal(sysv_parse_line(IPC_SHM, "1 0 600 4096", &o), -EINVAL);
	/* not System V kinds */
	assert_int_equal(sysv_parse_line(IPC_PMSG, MSG_LINE, &o), -EINVAL);
	assert_int_equal(sysv_parse_line(IPC_NKINDS, MSG_LINE, &o), -EINVAL);
	assert_int_equal(sysv_parse_line(IPC_MSG, NULL, &o), -EINVAL);
	assert_int_equal(o.key, 12345);
}

static void parse_extra_columns_ignored(void **state)
{
	struct ipc_obj o;

	/* a later kernel may append columns: the known ones still count */
	assert_int_equal(sysv_parse_line(IPC_SEM, "1 2 600 1 0 0 0 0 0 5 99 100", &o), 0);
	assert_int_equal(o.ctime, 5);
	assert_int_equal(sysv_parse_line(IPC_SHM,
		"1 0 600 4096 1 0 0 0 0 0 0 0 0 7 4096 0 123", &o), 0);
	assert_int_equal(o.ctime, 7);
	assert_int_equal(o.shm.rss, 4096);
}

static void parse_very_long_lines(void **state)
{
	size_t n = 1 << 20;
	char *s = malloc(n + 64);
	struct ipc_obj o;

	assert_non_null(s);
	/* a megabyte of digits overflows the key, without reading past the end */
	memset(s, '9', n);
	s[n] = '\0';
	assert_int_equal(sysv_parse_line(IPC_MSG, s, &o), -EINVAL);
	/* a megabyte of blanks before a valid line */
	memset(s, ' ', n);
	strcpy(s + n, "1 2 3 4 5 6 7 8 9 10");
	assert_int_equal(sysv_parse_line(IPC_SEM, s, &o), 0);
	assert_int_equal(o.ctime, 10);
	/* many leading zeros are not an overflow */
	memset(s, '0', n);
	strcpy(s + n, "1 2 3 4 5 6 7 8 9 10");
	assert_int_equal(sysv_parse_line(IPC_SEM, s, &o), 0);
	assert_int_equal(o.key, 1);
	free(s);
}

/* ---- listing fixture trees offline ---- */

static char *fixture_procdir(const char *tree)
{
	return fixture_path("sysvipc/%s/proc", tree);
}

static void offline_ctx(struct ipc_ctx *ctx, const char *tree)
{
	*ctx = (struct ipc_ctx){ .root = (char *)"", .offline = true, .pagesize = 4096 };
	ctx->procdir = fixture_procdir(tree);
}

static void list_live(void **state)
{
	struct ipc_ctx ctx;
	struct ipc_objs objs = { 0 };

	offline_ctx(&ctx, "live");

	assert_int_equal(ipc_list(&ctx, IPC_MSG, 0, &objs), 0);
	assert_int_equal(objs.n, 3);
	/* ipctool msg 0x1234 0644; msg -2000000000 0600 1000 1001; msg 0 0666 */
	assert_int_equal(objs.v[0].key, 0x1234);
	assert_int_equal(objs.v[0].mode, 0644);
	assert_int_equal(objs.v[1].key, -2000000000);
	assert_int_equal(objs.v[1].uid, 1000);
	assert_int_equal(objs.v[1].gid, 1001);
	assert_int_equal(objs.v[1].msg.qnum, 3);
	assert_int_equal(objs.v[2].key, 0);
	assert_int_equal(objs.v[2].mode, 0666);
	for (size_t i = 0; i < objs.n; i++) {
		assert_int_equal(objs.v[i].id, (int)i);
		assert_int_equal(objs.v[i].kind, IPC_MSG);
	}
	ipc_objs_free(&objs);

	assert_int_equal(ipc_list(&ctx, IPC_SEM, 0, &objs), 0);
	assert_int_equal(objs.n, 2);
	assert_int_equal(objs.v[0].key, 0x99);
	assert_int_equal(objs.v[0].sem.nsems, 3);
	assert_int_equal(objs.v[1].key, -1);
	assert_int_equal(objs.v[1].sem.nsems, 1);
	assert_int_equal(objs.v[1].mode, 0666);
	ipc_objs_free(&objs);

	assert_int_equal(ipc_list(&ctx, IPC_SHM, 0, &objs), 0);
	assert_int_equal(objs.n, 3);
	assert_int_equal(objs.v[0].key, 0x5678);
	assert_int_equal(objs.v[0].shm.segsz, 4096);
	assert_int_equal(objs.v[0].mode, 0640);
	assert_int_equal(objs.v[1].mode, 0600 | IPC_SHM_LOCKED);
	/* removed while attached: key 0, SHM_DEST, one attach */
	assert_int_equal(objs.v[2].key, 0);
	assert_int_equal(objs.v[2].mode, 0644 | IPC_SHM_DEST);
	assert_int_equal(objs.v[2].shm.nattch, 1);
	assert_int_equal(objs.v[2].shm.segsz, 8192);
	for (size_t i = 0; i < objs.n; i++) {
		assert_int_equal(objs.v[i].ino, objs.v[i].id);
		assert_true(objs.v[i].have & IPC_HAVE_RSS);
	}
	ipc_objs_free(&objs);
	free(ctx.procdir);
}

static void list_appends(void **state)
{
	struct ipc_ctx ctx;
	struct ipc_objs objs = { 0 };

	offline_ctx(&ctx, "live");
	assert_int_equal(ipc_list(&ctx, IPC_MSG, 0, &objs), 0);
	assert_int_equal(ipc_list(&ctx, IPC_SEM, 0, &objs), 0);
	assert_int_equal(objs.n, 5);
	assert_int_equal(objs.v[2].kind, IPC_MSG);
	assert_int_equal(objs.v[3].kind, IPC_SEM);
	ipc_objs_free(&objs);
	free(ctx.procdir);
}

static void list_malformed(void **state)
{
	struct ipc_ctx ctx;
	struct ipc_objs objs = { 0 };

	offline_ctx(&ctx, "malformed");
	assert_int_equal(ipc_list(&ctx, IPC_MSG, 0, &objs), 0);
	/* the good lines only, the last one without a newline */
	assert_int_equal(objs.n, 3);
	assert_int_equal(objs.v[0].key, 11);
	assert_int_equal(objs.v[1].key, 20);
	assert_int_equal(objs.v[1].ctime, 1700000001);
	assert_int_equal(objs.v[2].key, 21);
	assert_int_equal(objs.v[2].id, 11);
	assert_int_equal(objs.v[2].ctime, 1700000002);
	ipc_objs_free(&objs);

	assert_int_equal(ipc_list(&ctx, IPC_SEM, 0, &objs), 0);
	assert_int_equal(objs.n, 1);
	assert_int_equal(objs.v[0].key, 2);
	ipc_objs_free(&objs);

	assert_int_equal(ipc_list(&ctx, IPC_SHM, 0, &objs), 0);
	assert_int_equal(objs.n, 1);
	assert_int_equal(objs.v[0].key, 2);
	ipc_objs_free(&objs);
	free(ctx.procdir);
}

static void list_big_and_norss(void **state)
{
	struct ipc_ctx ctx;
	struct ipc_objs objs = { 0 };

	offline_ctx(&ctx, "big");
	assert_int_equal(ipc_list(&ctx, IPC_SHM, 0, &objs), 0);
	assert_int_equal(objs.n, 2);
	assert_true(objs.v[0].shm.segsz == UINT64_MAX);
	assert_int_equal(objs.v[1].key, INT32_MIN);
	assert_true(objs.v[1].shm.segsz == 4294967296ull);
	assert_int_equal(objs.v[1].shm.rss, 8192);
	assert_int_equal(objs.v[1].shm.swap, 4096);
	ipc_objs_free(&objs);

	assert_int_equal(ipc_list(&ctx, IPC_MSG, 0, &objs), 0);
	assert_int_equal(objs.n, 1);
	assert_int_equal((uint32_t)objs.v[0].key, 0xc0c0c1fbu);
	assert_true(objs.v[0].msg.cbytes == UINT64_MAX);
	assert_true(objs.v[0].msg.qnum == 4294967296ull);
	assert_int_equal(objs.v[0].cgid, 1003);
	assert_int_equal(objs.v[0].ctime, 4102444802);
	ipc_objs_free(&objs);

	assert_int_equal(ipc_list(&ctx, IPC_SEM, 0, &objs), 0);
	assert_int_equal(objs.n, 1);
	assert_int_equal(objs.v[0].sem.nsems, 32000);
	assert_int_equal(objs.v[0].mode, 0400);
	ipc_objs_free(&objs);
	free(ctx.procdir);

	offline_ctx(&ctx, "norss");
	assert_int_equal(ipc_list(&ctx, IPC_SHM, 0, &objs), 0);
	assert_int_equal(objs.n, 1);
	assert_int_equal(objs.v[0].id, 32768);
	assert_false(objs.v[0].have & IPC_HAVE_RSS);
	ipc_objs_free(&objs);
	free(ctx.procdir);
}

static void list_empty_and_missing(void **state)
{
	struct ipc_ctx ctx;
	struct ipc_objs objs = { 0 };

	offline_ctx(&ctx, "empty");
	for (enum ipc_kind k = IPC_MSG; k <= IPC_SHM; k++) {
		assert_int_equal(ipc_list(&ctx, k, 0, &objs), 0);
		assert_int_equal(objs.n, 0);
	}
	free(ctx.procdir);

	/* offline, no file means no fallback: -ENOENT */
	offline_ctx(&ctx, "partial");
	assert_int_equal(ipc_list(&ctx, IPC_MSG, 0, &objs), -ENOENT);
	assert_int_equal(objs.n, 0);
	free(ctx.procdir);

	offline_ctx(&ctx, "live");
	assert_int_equal(sysv_walk(&ctx, IPC_PSHM, 0, NULL, NULL), -EINVAL);
	free(ctx.procdir);
	ipc_objs_free(&objs);
}

/* Write <dir>/proc/sysvipc/msg with n queues (ids 0..n-1, key = 7 * id),
 * the lines padded to different lengths so that they straddle the reader's
 * chunks at every offset; a junk line of junk_len bytes after line junk_at. */
static char *make_msg_tree(size_t n, size_t junk_at, size_t junk_len)
{
	char *dir = strdup("/tmp/test_sysv-XXXXXX"), *path;
	FILE *f;

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&path, "%s/proc", dir) > 0);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
	assert_true(asprintf(&path, "%s/proc/sysvipc", dir) > 0);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
	assert_true(asprintf(&path, "%s/proc/sysvipc/msg", dir) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n", f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%*zu %10zu 600 0 0 0 0 1 2 3 4 5 6 %zu\n",
			(int)(10 + i % 37), 7 * i, i, 1000000 + i);
		if (i == junk_at) {
			for (size_t j = 0; j < junk_len; j++)
				fputc(j % 3 ? 'x' : ' ', f);
			fputc('\n', f);
		}
	}
	assert_int_equal(fclose(f), 0);
	free(path);
	return dir;
}

static void remove_msg_tree(char *dir)
{
	char *cmd;

	assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

static void list_many_lines(void **state)
{
	struct ipc_ctx ctx = { .root = (char *)"", .offline = true };
	struct ipc_objs objs = { 0 };
	char *dir;

	/* 20,000 lines (about 1.2 MB) and a 200 KiB junk line in the middle */
	dir = make_msg_tree(20000, 9999, 200 << 10);
	assert_true(asprintf(&ctx.procdir, "%s/proc", dir) > 0);
	assert_int_equal(ipc_list(&ctx, IPC_MSG, 0, &objs), 0);
	assert_int_equal(objs.n, 20000);
	for (size_t i = 0; i < objs.n; i++) {
		if (objs.v[i].id != (int)i || objs.v[i].key != (int32_t)(7 * i) ||
		    objs.v[i].ctime != (int64_t)(1000000 + i) || objs.v[i].cgid != 4)
			fail_msg("object %zu read wrong", i);
	}
	ipc_objs_free(&objs);
	free(ctx.procdir);
	remove_msg_tree(dir);

	/* a line beyond 1 MiB is skipped and noted, the others are kept */
	dir = make_msg_tree(10, 5, 2 << 20);
	assert_true(asprintf(&ctx.procdir, "%s/proc", dir) > 0);
	assert_int_equal(ipc_list(&ctx, IPC_MSG, 0, &objs), 0);
	assert_int_equal(objs.n, 10);
	for (size_t i = 0; i < objs.n; i++)
		assert_int_equal(objs.v[i].id, (int)i);
	{
		struct ipc_sysv_notes n;

		assert_true(sysv_take_notes(&ctx, IPC_MSG, &n));
		assert_string_equal(n.file, "sysvipc/msg");
		/* the header, six queues (0..5), then the junk */
		assert_int_equal(n.long_line, 8);
		assert_int_equal(n.long_lines, 1);
		assert_int_equal(n.line_max, 1 << 20);
		assert_false(n.no_header);
		/* told once */
		assert_false(sysv_take_notes(&ctx, IPC_MSG, &n));
		assert_false(sysv_take_notes(&ctx, IPC_SEM, &n));
	}
	ipc_objs_free(&objs);
	free(ctx.procdir);
	remove_msg_tree(dir);
}

/* Write text as <dir>/proc/sysvipc/<name> of a new tree; returns dir. */
static char *make_sysvipc_file(const char *name, const char *text, size_t len)
{
	char *dir = strdup("/tmp/test_sysv-XXXXXX"), *path;
	FILE *f;

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&path, "%s/proc", dir) > 0);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
	assert_true(asprintf(&path, "%s/proc/sysvipc", dir) > 0);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
	assert_true(asprintf(&path, "%s/proc/sysvipc/%s", dir, name) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(path);
	return dir;
}

/* List kind from a file holding text; *ret_notes: the notes taken (zeroed if none). */
static size_t list_text(enum ipc_kind kind, const char *text, struct ipc_objs *objs,
			struct ipc_sysv_notes *ret_notes)
{
	static const char *const names[] = { [IPC_MSG] = "msg", [IPC_SEM] = "sem", [IPC_SHM] = "shm" };
	struct ipc_ctx ctx = { .root = (char *)"", .offline = true };
	char *dir = make_sysvipc_file(names[kind], text, strlen(text));

	assert_true(asprintf(&ctx.procdir, "%s/proc", dir) > 0);
	assert_int_equal(ipc_list(&ctx, kind, 0, objs), 0);
	memset(ret_notes, 0, sizeof(*ret_notes));
	(void)sysv_take_notes(&ctx, kind, ret_notes);
	free(ctx.procdir);
	remove_msg_tree(dir);
	return objs->n;
}

static void list_header_by_content(void **state)
{
	static const char sem_header[] =
		"       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n";
	static const char sem1[] = "       102          0   600          3     0     0     0     0          0 1700000000\n";
	static const char sem2[] = "       103          1   600          1     0     0     0     0          0 1700000000\n";
	struct ipc_objs objs = { 0 };
	struct ipc_sysv_notes n;
	char text[1024];

	/* the kernel's header: skipped, nothing to note */
	snprintf(text, sizeof(text), "%s%s%s", sem_header, sem1, sem2);
	assert_int_equal(list_text(IPC_SEM, text, &objs, &n), 2);
	assert_false(n.no_header);
	assert_int_equal(objs.v[0].key, 102);
	ipc_objs_free(&objs);

	/* a capture without it: the first object is not lost, and it is said */
	snprintf(text, sizeof(text), "%s%s", sem1, sem2);
	assert_int_equal(list_text(IPC_SEM, text, &objs, &n), 2);
	assert_true(n.no_header);
	assert_int_equal(objs.v[0].key, 102);
	assert_int_equal(objs.v[1].key, 103);
	ipc_objs_free(&objs);

	/* one object and no newline at all */
	assert_int_equal(list_text(IPC_SEM, "  7 0 600 3 0 0 0 0 0 1", &objs, &n), 1);
	assert_true(n.no_header);
	assert_int_equal(objs.v[0].key, 7);
	ipc_objs_free(&objs);

	/* a header alone, with or without its newline; an empty file */
	assert_int_equal(list_text(IPC_SEM, sem_header, &objs, &n), 0);
	assert_false(n.no_header);
	assert_int_equal(list_text(IPC_SEM, "key semid perms", &objs, &n), 0);
	assert_false(n.no_header);
	assert_int_equal(list_text(IPC_SEM, "\tkey\n", &objs, &n), 0);
	assert_false(n.no_header);
	assert_int_equal(list_text(IPC_SEM, "", &objs, &n), 0);
	assert_false(n.no_header);

	/* "key" must be a whole word: "keys" or a number is data (and junk) */
	assert_int_equal(list_text(IPC_SEM, "keys 1 2\n", &objs, &n), 0);
	assert_true(n.no_header);
	ipc_objs_free(&objs);
}

static void list_long_lines_skipped(void **state)
{
	static const char msg1[] = "  85 0 640 300 3 4242 0 0 0 0 0 1700001000 0 1700000000\n";
	static const char msg2[] = "  86 1 600 0 0 0 0 65534 65534 65534 65534 0 0 1700000000\n";
	static const char header[] =
		"       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n";
	const size_t max = 1u << 20;
	struct ipc_objs objs = { 0 };
	struct ipc_sysv_notes n;
	char *text;

	/* header, a line of exactly the limit (kept: junk, so not listed), two
	 * over it, an object, one over it without a newline at the end */
	text = malloc(4 * max + 1024);
	assert_non_null(text);
	{
		char *p = text;

		p = stpcpy(p, header);
		memset(p, 'x', max);
		p += max;
		*p++ = '\n';
		memset(p, 'y', max + 1);
		p += max + 1;
		*p++ = '\n';
		p = stpcpy(p, msg1);
		memset(p, 'z', max + 7);
		p += max + 7;
		*p++ = '\n';
		p = stpcpy(p, msg2);
		memset(p, 'w', max + 100);
		p += max + 100;
		*p = '\0';
	}
	assert_int_equal(list_text(IPC_MSG, text, &objs, &n), 2);
	assert_int_equal(objs.v[0].key, 85);
	assert_int_equal(objs.v[1].key, 86);
	assert_int_equal(n.long_lines, 3);
	assert_int_equal(n.long_line, 3);
	assert_int_equal(n.line_max, max);
	assert_false(n.no_header);
	ipc_objs_free(&objs);

	/* a long first line: no header, and noted as both */
	memset(text, 'k', max + 1);
	strcpy(text + max + 1, "\n");
	strcat(text, msg1);
	assert_int_equal(list_text(IPC_MSG, text, &objs, &n), 1);
	assert_int_equal(objs.v[0].key, 85);
	assert_int_equal(n.long_lines, 1);
	assert_int_equal(n.long_line, 1);
	assert_true(n.no_header);
	ipc_objs_free(&objs);
	free(text);
}

static void stat_id_offline(void **state)
{
	struct ipc_ctx ctx;
	struct ipc_obj o = { .key = 999 };

	offline_ctx(&ctx, "live");
	assert_int_equal(sysv_stat_id(&ctx, IPC_MSG, 1, &o), 0);
	assert_int_equal(o.key, -2000000000);
	assert_int_equal(o.id, 1);
	assert_int_equal(o.msg.cbytes, 300);
	assert_false(o.have & IPC_HAVE_QBYTES);
	assert_int_equal(sysv_stat_id(&ctx, IPC_SHM, 2, &o), 0);
	assert_int_equal(o.shm.nattch, 1);
	assert_int_equal(o.ino, 2);

	o.key = 999;
	assert_int_equal(sysv_stat_id(&ctx, IPC_SEM, 5, &o), -ENOENT);
	assert_int_equal(sysv_stat_id(&ctx, IPC_SEM, -1, &o), -ENOENT);
	assert_int_equal(o.key, 999);
	free(ctx.procdir);

	/* the id's line is found among malformed ones */
	offline_ctx(&ctx, "malformed");
	assert_int_equal(sysv_stat_id(&ctx, IPC_MSG, 11, &o), 0);
	assert_int_equal(o.key, 21);
	assert_int_equal(sysv_stat_id(&ctx, IPC_MSG, 3, &o), -ENOENT);
	free(ctx.procdir);

	offline_ctx(&ctx, "partial");
	assert_int_equal(sysv_stat_id(&ctx, IPC_MSG, 0, &o), -ENOENT);
	free(ctx.procdir);
}

static void offline_no_syscalls(void **state)
{
	struct ipc_ctx ctx;
	struct ipc_semval *vals = NULL;
	struct ipc_usage u;

	offline_ctx(&ctx, "live");
	assert_int_equal(sysv_sem_values(&ctx, 0, 3, &vals), -ENOSYS);
	assert_null(vals);
	assert_int_equal(sysv_usage(&ctx, IPC_MSG, &u), -ENOSYS);
	assert_int_equal(sysv_usage(&ctx, IPC_SHM, &u), -ENOSYS);
	assert_int_equal(sysv_usage(&ctx, IPC_SEM, &u), -ENOSYS);
	free(ctx.procdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_msg_every_field),
		cmocka_unit_test(parse_msg_real_line),
		cmocka_unit_test(parse_sem_every_field),
		cmocka_unit_test(parse_shm_every_field),
		cmocka_unit_test(parse_shm_without_rss),
		cmocka_unit_test(parse_extremes),
		cmocka_unit_test(parse_rejects),
		cmocka_unit_test(parse_extra_columns_ignored),
		cmocka_unit_test(parse_very_long_lines),
		cmocka_unit_test(list_live),
		cmocka_unit_test(list_appends),
		cmocka_unit_test(list_malformed),
		cmocka_unit_test(list_big_and_norss),
		cmocka_unit_test(list_empty_and_missing),
		cmocka_unit_test(list_many_lines),
		cmocka_unit_test(list_header_by_content),
		cmocka_unit_test(list_long_lines_skipped),
		cmocka_unit_test(stat_id_offline),
		cmocka_unit_test(offline_no_syscalls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
