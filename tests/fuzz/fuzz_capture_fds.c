/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the descriptor record of a captured process (ipcbox-fds). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capture_fds f;
	char *text = fuzz_cstring(data, size);

	if (!text)
		return 0;
	if (capture_fds_parse(text, size, &f) == 0) {
		for (size_t i = 0; i < f.n; i++) {
			const char *p = f.v[i].path;

			/* a path is a C string of what the hex said, no longer than a path */
			if (f.v[i].fd < 0 || (p && (!*p || strlen(p) >= 4096)))
				abort();
		}
		capture_fds_free(&f);
	}
	free(text);
	return 0;
}
