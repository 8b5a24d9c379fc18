/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every fuzz target shares: a NUL-terminated copy of libFuzzer's input. */
#ifndef IPCBOX_FUZZ_H
#define IPCBOX_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The parsers take C strings; libFuzzer's buffer is not terminated, and
 * reading one byte past it is exactly what ASan should catch in the parser,
 * not in the harness. Returns NULL only when out of memory.
 */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		return NULL;
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
