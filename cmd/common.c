/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers every applet shares: messages, exit codes, stdout errors, popt glue. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "cmd/common.h"
#include "cmd/xalloc.h"
#include "format.h"
#include "ipc.h"
#include "nsctx.h"

/* How many escaped strings stay alive: enough for every argument of one message. */
#define MSG_STR_SLOTS	8

const char *msg_str(const char *s)
{
	/* kept in a static so they stay reachable while err() exits (no leak
	 * report under the sanitizers); the oldest is freed for the next */
	static char *slot[MSG_STR_SLOTS];
	static unsigned int next;
	char *e;

	if (!s)
		return "(null)";
	if (str_is_terminal_safe(s))
		return s;
	e = str_escape_terminal(s);
	if (!e)
		xalloc_die();
	free(slot[next]);
	slot[next] = e;
	next = (next + 1) % MSG_STR_SLOTS;
	return e;
}

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
			errx_usage("unrecognized option '%s'", msg_str(opt));
		if (strlen(opt) > 2)	/* popt does not say which letter of a cluster */
			errx_usage("invalid option in '%s'", msg_str(opt));
		errx_usage("invalid option -- '%s'", msg_str(shortname));
	case POPT_ERROR_NOARG:
		if (is_long)
			errx_usage("option '%s' requires an argument", msg_str(opt));
		errx_usage("option requires an argument -- '%s'", msg_str(shortname));
	default:
		errx_usage("%s: %s", msg_str(opt), poptStrerror(rc));
	}
}

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
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

void warn_mqueue_foreign(const struct ipc_ctx *ctx)
{
	static bool said;
	_cleanup_free_ char *where = NULL;

	if (said || !ctx->mq_foreign)
		return;
	said = true;
	where = str_escape_terminal(ctx->mq_foreign);
	if (ctx->mqdir)
		warnx("the mqueue filesystem on %s belongs to another IPC namespace; "
		      "this namespace's POSIX message queues are read from a detached "
		      "mount of its own", where ? where : "?");
	else
		warnx("the mqueue filesystem on %s belongs to another IPC namespace; "
		      "this namespace's POSIX message queues cannot be read without "
		      "CAP_SYS_ADMIN and are not shown", where ? where : "?");
}

void warn_sysv_notes(struct ipc_ctx *ctx)
{
	for (enum ipc_kind k = IPC_MSG; k <= IPC_SHM; k++) {
		_cleanup_free_ char *path = NULL, *safe = NULL;
		struct ipc_sysv_notes n;

		if (!sysv_take_notes(ctx, k, &n))
			continue;
		/* the sysroot came from argv: escape it like any other byte we show */
		if (asprintf(&path, "%s/%s", ctx->procdir, n.file) < 0)
			path = NULL;
		safe = path ? str_escape_terminal(path) : NULL;
		if (n.long_lines == 1)
			warnx("%s: line %" PRIu64 " is longer than %zu bytes; skipped",
			      safe ? safe : n.file, n.long_line, n.line_max);
		else if (n.long_lines > 1)
			warnx("%s: %" PRIu64 " lines longer than %zu bytes skipped, the first "
			      "is line %" PRIu64, safe ? safe : n.file, n.long_lines,
			      n.line_max, n.long_line);
		if (n.no_header)
			warnx("%s: no header line; every line read as an object",
			      safe ? safe : n.file);
	}
}

void cmd_set_ns(struct ipc_ctx *ctx, const char *target)
{
	const char *t = msg_str(target);
	int r = ipc_ctx_set_ns(ctx, target);

	switch (r) {
	case 0:
		return;
	case -ESRCH:
		errx(EXIT_FAILURE, "--ns: no such process: '%s'", t);
	case -ENOTTY:
		errx(EXIT_FAILURE, "--ns: '%s' is not an IPC namespace", t);
	case -EPERM:
		errx(EXIT_FAILURE, "--ns: cannot enter the IPC namespace of '%s': it needs "
		     "CAP_SYS_ADMIN over the namespace's user namespace", t);
	case -ENOMEM:
		xalloc_die();
	default:
		errx(EXIT_FAILURE, "--ns: cannot use the IPC namespace of '%s': %s", t,
		     strerror(-r));
	}
}

void cmd_ns_enter(struct ipc_ctx *ctx)
{
	int r = ipc_ctx_enter(ctx);

	if (r < 0)
		errx(EXIT_FAILURE, "--ns: cannot enter the IPC namespace: %s", strerror(-r));
}

void warn_ns_no_shm(const struct ipc_ctx *ctx)
{
	static bool said;

	if (said || !ctx->ns_set || !ctx->ns_no_shm)
		return;
	said = true;
	warnx("--ns names a namespace file, not a process: POSIX shared memory and "
	      "semaphores belong to a mount namespace and need --ns PID");
}
