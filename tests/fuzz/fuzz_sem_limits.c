/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the text of /proc/sys/kernel/sem. */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"
#include "ipc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipc_limits lim = { 0 };
	char *text = fuzz_cstring(data, size);

	if (!text)
		return 0;
	if (ipc_parse_sem_limits(text, &lim) == 0) {
		/* the kernel keeps the four values as int */
		if (lim.semmsl > INT_MAX || lim.semmns > INT_MAX ||
		    lim.semopm > INT_MAX || lim.semmni > INT_MAX)
			abort();
	}
	free(text);
	return 0;
}
