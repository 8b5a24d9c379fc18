/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsipc --capture DIR: everything --sysroot reads, written from the live system into a new directory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/common.h"
#include "cmd/lsipc.h"
#include "cmd/xalloc.h"
#include "capture.h"
#include "ipc.h"

int lsipc_capture(struct lsipc *l, const char *dir)
{
	struct ipc_capture_report rep;
	int r = ipc_capture(&l->ipc, dir, &rep);

	if (r == -ENOMEM)
		xalloc_die();
	if (r < 0)
		errx(EXIT_FAILURE, "cannot capture into '%s': %s", msg_str(dir), strerror(-r));
	/* the mqueue mount may be another namespace's: said as by a listing */
	warn_mqueue_foreign(&l->ipc);
	if (rep.err) {
		warnx("capture in '%s' is incomplete: %s: %s", msg_str(dir),
		      rep.what ? msg_str(rep.what) : "?", strerror(-rep.err));
		ipc_capture_report_free(&rep);
		return EXIT_FAILURE;
	}
	printf("captured %zu IPC objects and %zu processes into %s\n", rep.objects,
	       rep.processes, msg_str(dir));
	ipc_capture_report_free(&rep);
	return EXIT_SUCCESS;
}
