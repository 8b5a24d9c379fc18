/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: a sosreport's "ls -lanR /dev" text (lib/listing.c). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "listing.h"

struct bounds {
	const char *text;
	size_t size;
};

/* every entry's name lies inside the text, on one line */
static int check(const struct ipc_listing_entry *e, void *data)
{
	const struct bounds *b = data;

	if (e->name < b->text || e->name + e->namelen > b->text + b->size || e->namelen == 0 ||
	    memchr(e->name, '\n', e->namelen))
		abort();
	if (e->mode & ~07777u)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct bounds b = { text, size };

	if (!text)
		return 0;
	(void)ipc_listing_section(text, "/dev/shm", 1796166960, check, &b);
	(void)ipc_listing_section(text, "/dev/mqueue", 0, check, &b);
	free(text);
	return 0;
}
