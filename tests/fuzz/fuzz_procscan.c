/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: lines of /proc/PID/maps and task syscall files (untrusted under --sysroot). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "procscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the parsers take a length: no terminator, so ASan sees any overread */
	const char *text = (const char *)data;
	struct procscan_map m;
	struct procscan_syscall sc;
	struct procscan_wait w;
	int32_t key;

	if (procscan_parse_maps_line(text, size, &m) == 0) {
		/* the path must lie inside the line it was parsed from */
		if (m.pathlen > size || (m.pathlen && (m.path < text ||
						      m.path + m.pathlen > text + size)))
			abort();
		if (m.perms[4] != '\0')
			abort();
		procscan_sysv_name(m.path, m.pathlen, &key);
	}
	procscan_sysv_name(text, size, &key);
	if (procscan_parse_syscall(text, size, &sc) == 0 && !sc.running && sc.nr >= 0) {
		struct procscan_wait two[2];

		procscan_syscall_wait(&sc, &w);
		if (procscan_syscall_waits(&sc, two) > 2)
			abort();
	}
	return 0;
}
