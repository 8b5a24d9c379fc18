/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of RemoveIPC: the logind.conf parser, drop-in order and masking, the uid boundary, the verdict. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

#include "ipc.h"
#include "removeipc.h"

/* tests/fixtures/logind/<name> */
static char *tree(const char *name)
{
	return fixture_path("logind/%s", name);
}

static void conf(const char *text, int want, unsigned int want_line)
{
	int v;
	unsigned int line;

	ipc_logind_parse_conf(text, &v, &line);
	assert_int_equal(v, want);
	assert_int_equal(line, want_line);
}

static void parse_conf(void **state)
{
	conf("", -1, 0);
	conf("[Login]\n#RemoveIPC=no\n;RemoveIPC=no\n", -1, 0);
	conf("[Login]\nRemoveIPC=no\n", 0, 2);
	conf("[Login]\nRemoveIPC=yes\nRemoveIPC=false\n", 0, 3);
	/* booleans as systemd spells them, any case, blanks around */
	conf("[Login]\n  RemoveIPC =  On \r\n", 1, 2);
	conf("[Login]\nRemoveIPC=0\n", 0, 2);
	conf("[Login]\nRemoveIPC=T\n", 1, 2);
	/* an invalid value is ignored: what was set stays */
	conf("[Login]\nRemoveIPC=no\nRemoveIPC=maybe\nRemoveIPC=\n", 0, 2);
	/* only the [Login] section counts; keys before any section neither */
	conf("RemoveIPC=no\n[Other]\nRemoveIPC=no\n[Login]\n", -1, 0);
	conf("[Login]\nRemoveIPC=no\n[Login2]\nRemoveIPC=yes\n", 0, 2);
	conf("[ Login ]\nRemoveIPC=no\n", -1, 0);
	/* other keys and names that only start the same */
	conf("[Login]\nRemoveIPCs=no\nKillUserProcesses=yes\nremoveipc=no\n", -1, 0);
	/* a continuation line: the value is on the next line, the line number the first */
	conf("[Login]\nRemoveIPC=\\\n  no\n", 0, 2);
	conf("[Login]\nKillExcludeUsers=a \\\nRemoveIPC=no\n", -1, 0);
	/* no newline at the end */
	conf("[Login]\nRemoveIPC=no", 0, 2);
}

static void parse_uint(void **state)
{
	uint32_t v = 7;

	assert_int_equal(ipc_logind_parse_uint("SYS_UID_MAX 4999\n", "SYS_UID_MAX", ' ', &v), 0);
	assert_int_equal(v, 4999);
	assert_int_equal(ipc_logind_parse_uint("#SYS_UID_MAX 100\nSYS_UID_MAX\t\t  999 \n",
					       "SYS_UID_MAX", ' ', &v), 0);
	assert_int_equal(v, 999);
	/* commented out, a prefix of another key, junk, too big */
	v = 7;
	assert_int_equal(ipc_logind_parse_uint("#SYS_UID_MAX 100\n", "SYS_UID_MAX", ' ', &v),
			 -ENOENT);
	assert_int_equal(ipc_logind_parse_uint("SYS_UID_MAXX 100\n", "SYS_UID_MAX", ' ', &v),
			 -ENOENT);
	assert_int_equal(ipc_logind_parse_uint("SYS_UID_MAX 10x\n", "SYS_UID_MAX", ' ', &v),
			 -ENOENT);
	assert_int_equal(ipc_logind_parse_uint("SYS_UID_MAX 4294967296\n", "SYS_UID_MAX", ' ',
					       &v), -ENOENT);
	assert_int_equal(v, 7);
	assert_int_equal(ipc_logind_parse_uint("system_uid_max=499\nsystemuidmax=${x}\n",
					       "system_uid_max", '=', &v), 0);
	assert_int_equal(v, 499);
	assert_int_equal(ipc_logind_parse_uint("system_uid_max 499\n", "system_uid_max", '=',
					       &v), -ENOENT);
}

static void read_tree(const char *name, struct ipc_logind *lg)
{
	char *root = tree(name);

	assert_int_equal(ipc_logind_read(root, lg), 0);
	free(root);
}

static void trees(void **state)
{
	struct ipc_logind lg;

	read_tree("default", &lg);
	assert_true(lg.booted);
	assert_true(lg.remove_ipc);
	assert_null(lg.remove_ipc_file);
	/* no systemd.pc, no login.defs in the tree */
	assert_int_equal(lg.uid_max_src, IPC_UIDMAX_BUILTIN);
	assert_int_equal(lg.sys_uid_max, 999);
	ipc_logind_free(&lg);

	read_tree("off", &lg);
	assert_false(lg.remove_ipc);
	assert_string_equal(lg.remove_ipc_file, "/etc/systemd/logind.conf");
	assert_int_equal(lg.remove_ipc_line, 2);
	ipc_logind_free(&lg);

	/* by file name across the directories: 10-vendor (yes) over the main
	 * file (no), /run's 30-run (on) masks /usr/lib's 30-run (no), 20 has
	 * another section, 40 an invalid value, 50 is no .conf */
	read_tree("dropins", &lg);
	assert_true(lg.remove_ipc);
	assert_string_equal(lg.remove_ipc_file, "/run/systemd/logind.conf.d/30-run.conf");
	assert_int_equal(lg.remove_ipc_line, 3);
	ipc_logind_free(&lg);

	/* a drop-in linked to /dev/null masks the one of the same name */
	read_tree("masked", &lg);
	assert_true(lg.remove_ipc);
	assert_string_equal(lg.remove_ipc_file, "/etc/systemd/logind.conf");
	ipc_logind_free(&lg);

	read_tree("continued", &lg);
	assert_false(lg.remove_ipc);
	ipc_logind_free(&lg);

	/* links that lead out of the root when followed naively resolve inside it */
	read_tree("escape", &lg);
	assert_true(lg.remove_ipc);
	assert_null(lg.remove_ipc_file);
	ipc_logind_free(&lg);

	/* offline without run/systemd: etc/systemd says systemd runs it */
	read_tree("logindefs", &lg);
	assert_true(lg.booted);
	assert_int_equal(lg.uid_max_src, IPC_UIDMAX_LOGIN_DEFS);
	assert_string_equal(lg.uid_max_file, "/etc/login.defs");
	assert_int_equal(lg.sys_uid_max, 4999);
	ipc_logind_free(&lg);

	/* systemd's own setting wins over login.defs */
	read_tree("systemdpc", &lg);
	assert_int_equal(lg.uid_max_src, IPC_UIDMAX_SYSTEMD);
	assert_string_equal(lg.uid_max_file, "/usr/share/pkgconfig/systemd.pc");
	assert_int_equal(lg.sys_uid_max, 499);
	ipc_logind_free(&lg);

	read_tree("notbooted", &lg);
	assert_false(lg.booted);
	ipc_logind_free(&lg);

	assert_int_equal(ipc_logind_read("/nonexistent/ipcbox", &lg), -ENOENT);
}

static enum ipc_rmipc_why why(struct ipc_logind *lg, struct ipc_ctx *ctx, struct ipc_obj *o,
			      enum ipc_rmipc want)
{
	struct ipc_rmipc_verdict v;

	ipc_removeipc(lg, ctx, o, &v);
	assert_int_equal(v.verdict, want);
	return v.why;
}

static void verdicts(void **state)
{
	/* a sysroot with a passwd that names alice (4242) */
	struct ipc_logind lg;
	struct ipc_ctx ctx;
	struct ipc_obj o = { .kind = IPC_MSG, .have = IPC_HAVE_OWNER, .uid = 4242 };
	char *root;

	root = fixture_path("sysroot-captured");
	assert_int_equal(ipc_ctx_init(&ctx, root), 0);
	free(root);

	read_tree("default", &lg);
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_YES), IPC_RMIPC_WHY_REMOVED);
	o.kind = IPC_SHM;
	o.shm.nattch = 2;
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_DETACHED), IPC_RMIPC_WHY_REMOVED);
	o.shm.nattch = 0;
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_YES), IPC_RMIPC_WHY_REMOVED);
	o.kind = IPC_PSEM;
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_YES), IPC_RMIPC_WHY_REMOVED);
	o.uid = 0;
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_NO), IPC_RMIPC_WHY_ROOT);
	o.uid = 999;
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_NO), IPC_RMIPC_WHY_SYSTEM_USER);
	o.uid = 1000;
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_YES), IPC_RMIPC_WHY_REMOVED);
	o.have = 0;
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_NO), IPC_RMIPC_WHY_NO_OWNER);
	o.have = IPC_HAVE_OWNER;
	ipc_logind_free(&lg);

	read_tree("linger", &lg);
	o.uid = 4242;	/* alice lingers */
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_NO), IPC_RMIPC_WHY_LINGERS);
	/* asked again: the cached answer */
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_NO), IPC_RMIPC_WHY_LINGERS);
	o.uid = 65534;	/* nobody does not */
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_YES), IPC_RMIPC_WHY_REMOVED);
	o.uid = 5000;	/* no name: no linger file can be found */
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_YES), IPC_RMIPC_WHY_REMOVED);
	ipc_logind_free(&lg);

	read_tree("off", &lg);
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_NO), IPC_RMIPC_WHY_DISABLED);
	ipc_logind_free(&lg);

	read_tree("notbooted", &lg);
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_NO), IPC_RMIPC_WHY_NOT_BOOTED);
	ipc_logind_free(&lg);

	read_tree("systemdpc", &lg);
	o.uid = 500;
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_YES), IPC_RMIPC_WHY_REMOVED);
	o.uid = 499;
	assert_int_equal(why(&lg, &ctx, &o, IPC_RMIPC_NO), IPC_RMIPC_WHY_SYSTEM_USER);
	ipc_logind_free(&lg);

	assert_string_equal(ipc_rmipc_str(IPC_RMIPC_YES), "yes");
	assert_string_equal(ipc_rmipc_str(IPC_RMIPC_NO), "no");
	assert_string_equal(ipc_rmipc_str(IPC_RMIPC_DETACHED), "detached");
	ipc_ctx_free(&ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_conf),
		cmocka_unit_test(parse_uint),
		cmocka_unit_test(trees),
		cmocka_unit_test(verdicts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
