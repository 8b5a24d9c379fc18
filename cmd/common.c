/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers every applet shares: messages, exit codes, stdout errors, popt glue. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/common.h"

void errx_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n",
		program_invocation_short_name);
	exit(EXIT_FAILURE);
}

void popt_fail(poptContext con, int rc)
{
	const char *opt = poptBadOption(con, POPT_BADOPTION_NOALIAS);
	bool is_long = strncmp(opt, "--", 2) == 0;
	char shortname[2] = { opt[0] == '-' && opt[1] ? opt[1] : '?', '\0' };

	/* the wording of getopt(3), which util-linux users and scripts know */
	switch (rc) {
	case POPT_ERROR_BADOPT:
		if (is_long)
			errx_usage("unrecognized option '%s'", opt);
		if (strlen(opt) > 2)	/* popt does not say which letter of a cluster */
			errx_usage("invalid option in '%s'", opt);
		errx_usage("invalid option -- '%s'", shortname);
	case POPT_ERROR_NOARG:
		if (is_long)
			errx_usage("option '%s' requires an argument", opt);
		errx_usage("option requires an argument -- '%s'", shortname);
	default:
		errx_usage("%s: %s", opt, poptStrerror(rc));
	}
}

void print_version(void)
{
	printf("%s from ipcbox %s (compatible with util-linux %s)\n",
	       program_invocation_short_name, PACKAGE_VERSION, COMPAT_VERSION);
	exit(close_stdout_status(EXIT_SUCCESS));
}

int close_stdout_status(int status)
{
	bool failed = ferror(stdout) != 0;
	int e = 0;

	errno = 0;
	if (fclose(stdout) != 0) {
		failed = true;
		e = errno;
	}
	if (failed && e != EPIPE) {
		if (e)
			fprintf(stderr, "%s: write error: %s\n",
				program_invocation_short_name, strerror(e));
		else
			fprintf(stderr, "%s: write error\n", program_invocation_short_name);
		return EXIT_FAILURE;
	}
	return status;
}
