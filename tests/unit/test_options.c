// SPDX-License-Identifier: GPL-2.0-or-later
/* The option table: getopt's rules before popt, exclusive groups (long-only options too), --help layout, what rows store. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmd/common.h"
#include "cmd/options.h"

enum { OPT_JSON = 1000, OPT_RAW, OPT_ALL, OPT_SHELL };

/* Where the rows store what they store. */
struct target {
	bool json;
	int mode;
	const char *sysroot;
	int seen;		/* options the function was called for */
};

static const struct cmd_option table[] = {
	{ "id", 'i', CMD_ARG_REQUIRED, 'i', .order = 1, .section = "Options",
	  .argname = " <id>", .help = "an id" },
	{ "json", 0, CMD_ARG_NONE, OPT_JSON, .order = 2, .groups = 1 << 0,
	  .help = "JSON", CMD_SET_TRUE(struct target, json) },
	{ "raw", 0, CMD_ARG_NONE, OPT_RAW, .order = 3, .groups = 1 << 0,
	  .help = "raw,\nand a second line", CMD_SET_INT(struct target, mode, 7) },
	{ "shell", 'y', CMD_ARG_NONE, OPT_SHELL, .order = 6, .groups = 1 << 0 | 1 << 1 },
	{ "all", 'a', CMD_ARG_OPTIONAL, OPT_ALL, .order = 5, .section = "",
	  .argname = "[=a-very-long-list-of-types]", .help = "all" },
	CMD_OPTION_SYSROOT(4, "a directory", CMD_SET_ARG(struct target, sysroot)),
};

static const struct cmd_options spec = {
	.v = table, .n = sizeof(table) / sizeof(table[0]), .column = 20,
	.usage = " t [options]\n", .about = "Test the table.\n", .notes = "\nend\n",
};

/* Run fn in a child with stdout and stderr in one pipe; its output and exit status. */
static int in_child(void (*fn)(void *), void *data, char *buf, size_t size)
{
	int fd[2], status;
	ssize_t n, got = 0;
	pid_t pid;

	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		dup2(fd[1], STDERR_FILENO);
		close(fd[0]);
		fn(data);
		exit(99);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf + got, size - 1 - (size_t)got)) > 0)
		got += n;
	buf[got] = '\0';
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void parse_all(void *data)
{
	char **argv = data;
	int argc = 0;
	struct cmd_parser p;
	const char *arg;

	while (argv[argc])
		argc++;
	cmd_parser_init(&p, &spec, argc, argv);
	while (cmd_next_option(&p, &arg) > 0)
		;
	cmd_parser_free(&p);
	exit(0);
}

static void count_option(void *target, int val, const char *arg)
{
	((struct target *)target)->seen++;
}

static void test_stores(void **state)
{
	char *argv[] = { (char *)"t", (char *)"--sys", (char *)"a", (char *)"--raw",
			 (char *)"-i", (char *)"5", (char *)"--sysroot=b", NULL };
	char *argv2[] = { (char *)"t", (char *)"--json", NULL };
	struct target t = { 0 };
	struct cmd_parser p;

	cmd_parse(&p, &spec, 7, argv, &t, count_option);
	assert_false(t.json);
	assert_int_equal(t.mode, 7);
	/* the last one given, and it lives as long as the parser */
	assert_string_equal(t.sysroot, "b");
	assert_int_equal(t.seen, 4);
	cmd_parser_free(&p);
	/* no function: the rows alone */
	memset(&t, 0, sizeof(t));
	cmd_parse(&p, &spec, 2, argv2, &t, NULL);
	assert_true(t.json);
	assert_null(t.sysroot);
	cmd_parser_free(&p);
}

static int run_parse(char *buf, size_t size, ...)
{
	char *argv[16] = { (char *)"t" };
	int n = 1;
	va_list ap;

	va_start(ap, size);
	while ((argv[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	return in_child(parse_all, argv, buf, size);
}

static void test_groups_long_only(void **state)
{
	char buf[512];

	program_invocation_short_name = (char *)"t";
	assert_int_equal(run_parse(buf, sizeof(buf), "--json", "--raw", NULL), 1);
	assert_string_equal(buf, "t: options --json and --raw cannot be combined\n");
	/* the same option twice is fine, as is one of each group */
	assert_int_equal(run_parse(buf, sizeof(buf), "--json", "--js", "-i", "1", NULL), 0);
	/* by letter and by name alike: -y is --shell */
	assert_int_equal(run_parse(buf, sizeof(buf), "--raw", "-y", NULL), 1);
	assert_string_equal(buf, "t: options --raw and --shell cannot be combined\n");
}

static void test_getopt_rules(void **state)
{
	char *in[] = { (char *)"t", (char *)"op1", (char *)"--js", (char *)"-i5",
		       (char *)"-afoo", (char *)"--sys", (char *)"d", (char *)"--", (char *)"-i",
		       NULL };
	const char *want[] = { "t", "--json", "-i", "5", "--all=foo", "--sysroot", "d", "--",
			       "op1", "-i", NULL };
	char buf[512];
	char **out;
	int n;

	out = getopt_check_table(9, in, table, sizeof(table) / sizeof(table[0]), &n);
	assert_int_equal(n, 10);
	for (int i = 0; want[i]; i++)
		assert_string_equal(out[i], want[i]);
	assert_null(out[n]);
	strv_free(out);

	/* candidates in getopt's order, not the table's */
	program_invocation_short_name = (char *)"t";
	assert_int_equal(run_parse(buf, sizeof(buf), "--s", NULL), 0);	/* ours loses */
	assert_int_equal(run_parse(buf, sizeof(buf), "--j=1", NULL), 1);
	assert_string_equal(buf, "t: option '--json' doesn't allow an argument\n"
			    "Try 't --help' for more information.\n");
	assert_int_equal(run_parse(buf, sizeof(buf), "-a", "x", NULL), 0);
}

static void usage_child(void *data)
{
	program_invocation_short_name = (char *)"t";
	cmd_usage(&spec);
}

static void test_help_layout(void **state)
{
	char buf[1024];

	assert_int_equal(in_child(usage_child, NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf,
		"\n"
		"Usage:\n"
		" t [options]\n"
		"\n"
		"Test the table.\n"
		"\n"
		"Options:\n"
		" -i, --id <id>      an id\n"
		"     --json         JSON\n"
		"     --raw          raw,\n"
		"                    and a second line\n"
		"\n"
		" -a, --all[=a-very-long-list-of-types]\n"
		"                    all\n"
		"     --sysroot <dir>\n"
		"                    a directory\n"
		"\n"
		"end\n"
		"\n"
		"For more details see t(1).\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups_long_only),
		cmocka_unit_test(test_getopt_rules),
		cmocka_unit_test(test_help_layout),
		cmocka_unit_test(test_stores),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
