/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers every applet shares: messages, exit codes, stdout errors, popt glue. */
#ifndef IPCBOX_COMMON_H
#define IPCBOX_COMMON_H

#include <err.h>
#include <errno.h>
#include <popt.h>
#include <stdbool.h>
#include <stdio.h>

#include "config.h"

/* argv or system bytes for a message: \xHH for control bytes, bad UTF-8 and '\\'; valid for 7 more calls. */
const char *msg_str(const char *s);
/* Print "<prog>: <message>" and "Try '<prog> --help' ..." on stderr, exit 1. */
void __attribute__((noreturn, format(printf, 1, 2))) errx_usage(const char *fmt, ...);
/* Report a popt failure (rc < -1 from poptGetNextOpt) as a usage error. */
void __attribute__((noreturn)) popt_fail(poptContext con, int rc);
/* "<prog> from ipcbox X (compatible with util-linux Y)" and exit 0. */
void __attribute__((noreturn)) print_version(void);
/*
 * Flush and close stdout; on a write error print "<prog>: write error" and
 * return EXIT_FAILURE, else return status. A closed pipe (EPIPE) is quiet.
 */
int close_stdout_status(int status);

struct ipc_ctx;
/*
 * Once per run, one line saying that the mqueue filesystem in view
 * (ctx->mq_foreign) belongs to another IPC namespace, and whether this
 * namespace's queues are read through a detached mount of its own instead.
 */
void warn_mqueue_foreign(const struct ipc_ctx *ctx);

/*
 * Tell on stderr, one line each and once per context, what reading the
 * /proc/sysvipc files got over: lines skipped as too long, a capture
 * without its header line.
 */
void warn_sysv_notes(struct ipc_ctx *ctx);

/*
 * --ns TARGET (a pid or a namespace file): make the live context ctx read
 * that IPC namespace (lib/nsctx.h), or say in one line why not and exit 1.
 */
void cmd_set_ns(struct ipc_ctx *ctx, const char *target);
/* Stay in ctx's namespace from now on (calls without a context), or exit 1. */
void cmd_ns_enter(struct ipc_ctx *ctx);
/*
 * Once per run: with --ns PATH the POSIX shm and semaphores are not known
 * (they belong to a mount namespace, and a file names none).
 */
void warn_ns_no_shm(const struct ipc_ctx *ctx);

/* Free a NULL-terminated array of malloc'd strings and the array. */
void strv_free(char **v);

static inline void strv_freep(char ***v)
{
	strv_free(*v);
}
#define _cleanup_strv_ __attribute__((cleanup(strv_freep)))

#endif
