/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: terminal escaping of hostile names must be safe and lossless. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "fuzz.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	abort();	/* we only ever write lower-case hex digits */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstring(data, size);
	char *out, *copy, *dec;
	size_t n = 0;

	if (!in)
		return 0;
	out = str_escape_terminal(in);
	if (!out)
		abort();

	/* no byte that acts on a terminal survives */
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();

	/*
	 * The output is safe except for the backslashes of its own \xHH
	 * sequences, which str_is_terminal_safe() counts as unsafe on purpose
	 * (a literal backslash in a name is escaped so it cannot forge one).
	 */
	copy = strdup(out);
	if (!copy)
		abort();
	for (char *p = copy; *p; p++)
		if (*p == '\\')
			*p = '_';
	if (!str_is_terminal_safe(copy))
		abort();

	/* safe input is exactly the input escaping leaves alone */
	if (str_is_terminal_safe(in) != (strcmp(in, out) == 0))
		abort();

	/* nothing is lost: decoding \xHH gives the input back */
	dec = malloc(strlen(out) + 1);
	if (!dec)
		abort();
	for (const char *p = out; *p; ) {
		if (*p == '\\') {
			if (p[1] != 'x' || !p[2] || !p[3])
				abort();
			dec[n++] = (char)(hexval(p[2]) << 4 | hexval(p[3]));
			p += 4;
		} else {
			dec[n++] = *p++;
		}
	}
	dec[n] = '\0';
	if (strcmp(dec, in) != 0)
		abort();

	free(dec);
	free(copy);
	free(out);
	free(in);
	return 0;
}
