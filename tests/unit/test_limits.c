/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the limits reader: the sem file parser and fixture /proc/sys trees. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "fixture.h"

#include "ipc.h"

static void sem_text_ok(void **state)
{
	struct ipc_limits l = { .semvmx = 7 };

	/* as the kernel prints it: tabs, newline */
	assert_int_equal(ipc_parse_sem_limits("32000\t1024000000\t500\t32000\n", &l), 0);
	assert_int_equal(l.semmsl, 32000);
	assert_int_equal(l.semmns, 1024000000);
	assert_int_equal(l.semopm, 500);
	assert_int_equal(l.semmni, 32000);
	assert_int_equal(l.semvmx, 7);	/* only the four fields are written */

	/* as an admin may write it: spaces */
	assert_int_equal(ipc_parse_sem_limits("250 32000  32 \t128", &l), 0);
	assert_int_equal(l.semmsl, 250);
	assert_int_equal(l.semmns, 32000);
	assert_int_equal(l.semopm, 32);
	assert_int_equal(l.semmni, 128);

	assert_int_equal(ipc_parse_sem_limits("0 0 0 2147483647\n\n", &l), 0);
	assert_int_equal(l.semmni, 2147483647);
}

static void sem_text_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"\n",
		"1 2 3",
		"1 2 3\n4",
		"1 2 3 4 5",
		"1 2 3 x",
		"1 2 3 4x",
		"1 2 3 4\nx",
		"-1 2 3 4",
		"+1 2 3 4",
		"1,2,3,4",
		"0x10 2 3 4",
		"1 2 3 2147483648",
		"1 2 3 99999999999999999999999999",
	};
	struct ipc_limits l = { .semmsl = 42 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ipc_parse_sem_limits(bad[i], &l) >= 0)
			fail_msg("accepted: \"%s\"", bad[i]);
		assert_int_equal(l.semmsl, 42);
	}
	assert_int_equal(ipc_parse_sem_limits("1 2 3 2147483648", &l), -ERANGE);
	assert_int_equal(ipc_parse_sem_limits(NULL, &l), -EINVAL);
}

static void offline_ctx(struct ipc_ctx *ctx, const char *tree)
{
	*ctx = (struct ipc_ctx){ .root = (char *)"", .offline = true, .pagesize = 4096,
				 .shmdir = (char *)"/" };
	ctx->procdir = fixture_path("sysvipc/%s/proc", tree);
}

static void limits_live(void **state)
{
	struct ipc_ctx ctx;
	struct ipc_limits l;

	/* files captured from a Linux 6.18 host with default settings */
	offline_ctx(&ctx, "live");
	assert_int_equal(ipc_read_limits(&ctx, &l), 0);
	/* offline: no statvfs even with a shm directory */
	assert_int_equal(l.have, IPC_LIM_MSG | IPC_LIM_SEM | IPC_LIM_SHM | IPC_LIM_PMSG);
	assert_int_equal(l.msgmni, 32000);
	assert_int_equal(l.msgmax, 8192);
	assert_int_equal(l.msgmnb, 16384);
	assert_int_equal(l.semmsl, 32000);
	assert_int_equal(l.semmns, 1024000000);
	assert_int_equal(l.semopm, 500);
	assert_int_equal(l.semmni, 32000);
	assert_int_equal(l.semvmx, 32767);
	assert_true(l.shmall == 18446744073692774399ull);
	assert_true(l.shmmax == 18446744073692774399ull);
	assert_int_equal(l.shmmni, 4096);
	assert_int_equal(l.shmmin, 1);
	assert_int_equal(l.mq_queues_max, 256);
	assert_int_equal(l.mq_msgsize_max, 8192);
	assert_int_equal(l.mq_msg_max, 10);
	assert_int_equal(l.mq_msg_default, 10);
	assert_int_equal(l.mq_msgsize_default, 8192);
	assert_int_equal(l.pshm_size, 0);
	free(ctx.procdir);
}

static void limits_partial(void **state)
{
	struct ipc_ctx ctx;
	struct ipc_limits l;

	/* msgmnb missing, mqueue defaults missing (as before Linux 3.5),
	 * sem with spaces */
	offline_ctx(&ctx, "partial");
	assert_int_equal(ipc_read_limits(&ctx, &l), 0);
	assert_int_equal(l.have, IPC_LIM_SEM | IPC_LIM_SHM | IPC_LIM_PMSG);
	assert_int_equal(l.semmsl, 250);
	assert_int_equal(l.semmni, 128);
	assert_int_equal(l.shmall, 1000);
	assert_int_equal(l.shmmax, 1048576);
	assert_int_equal(l.shmmni, 4096);
	assert_int_equal(l.mq_queues_max, 64);
	assert_int_equal(l.mq_msg_default, 20);
	assert_int_equal(l.mq_msgsize_default, 16384);
	free(ctx.procdir);
}

static void limits_bad_sem_and_nothing(void **state)
{
	struct ipc_ctx ctx;
	struct ipc_limits l;

	offline_ctx(&ctx, "badsem");
	assert_int_equal(ipc_read_limits(&ctx, &l), 0);
	assert_int_equal(l.have, 0);
	free(ctx.procdir);

	/* a tree with no sys/ at all */
	offline_ctx(&ctx, "norss");
	assert_int_equal(ipc_read_limits(&ctx, &l), 0);
	assert_int_equal(l.have, 0);
	free(ctx.procdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sem_text_ok),
		cmocka_unit_test(sem_text_bad),
		cmocka_unit_test(limits_live),
		cmocka_unit_test(limits_partial),
		cmocka_unit_test(limits_bad_sem_and_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
