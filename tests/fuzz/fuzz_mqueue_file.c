/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the text of a file in the mqueue filesystem. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ipc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipc_obj o;
	char *text = fuzz_cstring(data, size);

	if (!text)
		return 0;
	memset(&o, 0, sizeof(o));
	o.kind = IPC_PMSG;
	if (posix_parse_mqueue_file(text, &o) == 0) {
		if (!(o.have & IPC_HAVE_QSIZE) || o.mq.notify_pid < 0)
			abort();
	}
	ipc_obj_clear(&o);
	free(text);
	return 0;
}
