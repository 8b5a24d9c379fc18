/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The multi-call dispatcher: runs the applet named by argv[0] or by argv[1]. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "applets.h"
#include "cmd/common.h"
#include "cmd/options.h"

struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *help;
};

static const struct applet applets[] = {
#define APPLET(n, h) { #n, n##_main, h },
	APPLET_LIST
#undef APPLET
};

#define N_APPLETS (sizeof(applets) / sizeof(applets[0]))

static const struct applet *find_applet(const char *name)
{
	/* exact names only; the table is sorted, but it is short */
	for (size_t i = 0; i < N_APPLETS; i++)
		if (strcmp(applets[i].name, name) == 0)
			return &applets[i];
	return NULL;
}

static int run(const struct applet *a, int argc, char **argv)
{
	program_invocation_short_name = (char *)a->name;
	program_invocation_name = (char *)a->name;
	return a->main(argc, argv);
}

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " ipcbox <applet> [arguments...]\n"
	      " <applet> [arguments...]    (when called through a link named after it)\n"
	      "\n"
	      "Show, create and remove System V and POSIX IPC objects.\n"
	      "\n"
	      "Applets:\n", out);
	for (size_t i = 0; i < N_APPLETS; i++)
		fprintf(out, " %-8s %s\n", applets[i].name, applets[i].help);
	fputs("\n"
	      "Options:\n"
	      " -h, --help     display this help\n"
	      " -V, --version  display version\n"
	      "\n"
	      "Run 'ipcbox <applet> --help' for an applet's options. See ipcbox(1).\n", out);
}

int main(int argc, char **argv)
{
	const char *self = argc > 0 && argv[0] ? argv[0] : "ipcbox";
	const char *base = strrchr(self, '/');
	const struct applet *a;

	base = base ? base + 1 : self;
	a = find_applet(base);
	if (a)
		return run(a, argc, argv);

	program_invocation_short_name = (char *)"ipcbox";
	if (argc < 2) {
		usage(stderr);
		return EXIT_FAILURE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return close_stdout_status(EXIT_SUCCESS);
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("ipcbox %s (compatible with util-linux %s)\n", PACKAGE_VERSION,
		       COMPAT_VERSION);
		return close_stdout_status(EXIT_SUCCESS);
	}
	/*
	 * For completions/APPLET: the part generated from the applet's option
	 * table. Only under the name ipcbox, so no applet has one option more.
	 * The applet is given "--bash-completion" too: one whose options are
	 * not a struct cmd_options table yet fails on it, with no other effect.
	 */
	if (strcmp(argv[1], "--bash-completion") == 0 && argc == 3) {
		char *args[] = { argv[2], argv[1], NULL };

		a = find_applet(argv[2]);
		if (!a) {
			fprintf(stderr, "ipcbox: unknown applet '%s'\n", msg_str(argv[2]));
			return EXIT_FAILURE;
		}
		cmd_bash_completion = a->name;
		return run(a, 2, args);
	}
	a = find_applet(argv[1]);
	if (!a) {
		fprintf(stderr, "ipcbox: unknown applet '%s' (try 'ipcbox --help')\n",
			msg_str(argv[1]));
		return EXIT_FAILURE;
	}
	return run(a, argc - 1, argv + 1);
}
