/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: logind.conf text, and systemd.pc and login.defs lines (lib/removeipc.c). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"
#include "removeipc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	unsigned int line;
	uint32_t v;
	int value;

	if (!text)
		return 0;
	ipc_logind_parse_conf(text, &value, &line);
	/* a boolean from a line of the text, or nothing */
	if (value < -1 || value > 1 || (value >= 0) != (line > 0) || line > size + 1)
		abort();
	(void)ipc_logind_parse_uint(text, "SYS_UID_MAX", ' ', &v);
	(void)ipc_logind_parse_uint(text, "system_uid_max", '=', &v);
	free(text);
	return 0;
}
