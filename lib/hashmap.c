// SPDX-License-Identifier: GPL-2.0-or-later
/* The id -> index map behind the name cache, the process scan and the System V merge. */
#include <errno.h>
#include <stdlib.h>

#include "hashmap.h"

/* Linear probing: every lookup the listings make is a hit or a short miss. */
size_t ipc_hashmap_find(const struct ipc_hashmap *m, uint64_t hash,
			ipc_hashmap_same_fn same, const void *key)
{
	size_t mask = m->size - 1;

	if (!m->size)
		return SIZE_MAX;
	for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
		const struct ipc_hashslot *s = &m->slots[i];

		if (!s->index)
			return SIZE_MAX;
		if (s->hash == hash && (!same || same(s->index - 1, key)))
			return s->index - 1;
	}
}

static void put(struct ipc_hashslot *slots, size_t size, uint64_t hash, size_t index1)
{
	size_t i = (size_t)hash & (size - 1);

	while (slots[i].index)
		i = (i + 1) & (size - 1);
	slots[i] = (struct ipc_hashslot){ .hash = hash, .index = index1 };
}

int ipc_hashmap_add(struct ipc_hashmap *m, uint64_t hash, size_t index)
{
	/* at most half full, so that a miss ends soon */
	if ((m->n + 1) * 2 > m->size) {
		size_t size = m->size ? m->size * 2 : 64;
		struct ipc_hashslot *slots = calloc(size, sizeof(*slots));

		if (!slots)
			return -ENOMEM;
		for (size_t i = 0; i < m->size; i++)
			if (m->slots[i].index)
				put(slots, size, m->slots[i].hash, m->slots[i].index);
		free(m->slots);
		m->slots = slots;
		m->size = size;
	}
	put(m->slots, m->size, hash, index + 1);
	m->n++;
	return 0;
}

void ipc_hashmap_free(struct ipc_hashmap *m)
{
	free(m->slots);
	*m = (struct ipc_hashmap){ 0 };
}
