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

/* A popt context freed at scope exit. */
static inline void poptfreep(poptContext *con)
{
	if (*con)
		poptFreeContext(*con);
}
#define _cleanup_popt_ __attribute__((cleanup(poptfreep)))

#endif
