/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: one /proc/sysvipc line of each System V kind. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"
#include "ipc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ipc_kind kinds[] = { IPC_MSG, IPC_SEM, IPC_SHM };
	char *line;

	/* the first byte picks the kind, so each seed keeps its own layout */
	if (size < 1)
		return 0;
	line = fuzz_cstring(data + 1, size - 1);
	if (!line)
		return 0;

	struct ipc_obj o;
	enum ipc_kind kind = kinds[data[0] % 3];

	if (sysv_parse_line(kind, line, &o) == 0) {
		/* a parsed line is a System V object with no name to free */
		if (o.kind != kind || o.name)
			abort();
		ipc_obj_clear(&o);
	}
	free(line);
	return 0;
}
