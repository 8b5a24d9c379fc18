/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An open-addressing map from a key's 64-bit hash to an index in the caller's array. */
#ifndef IPCBOX_HASHMAP_H
#define IPCBOX_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The map stores indexes, never the entries: the caller keeps them in an
 * array of its own (which may move when it grows) and says how to compare
 * a key with an entry. A zeroed struct is an empty map; nothing is ever
 * removed. Usable from cmd/ as well: include "hashmap.h".
 */
struct ipc_hashmap {
	struct ipc_hashslot {
		uint64_t hash;
		size_t index;	/* index + 1 in the caller's array; 0: free */
	} *slots;
	size_t size;		/* a power of two, or 0 */
	size_t n;
};

/* Whether key is the key of the caller's entry at index. */
typedef bool (*ipc_hashmap_same_fn)(size_t index, const void *key);

/* A well-spread 64-bit hash of x (ids, inodes; combine fields by xor). */
static inline uint64_t ipc_hash_u64(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * The index stored under hash whose entry same() says holds key, or
 * SIZE_MAX when there is none. same NULL: the hash is the whole key (a
 * 64-bit id), the first index stored under it is the answer.
 */
size_t ipc_hashmap_find(const struct ipc_hashmap *m, uint64_t hash,
			ipc_hashmap_same_fn same, const void *key);
/* Store index under hash (the caller checked it is new); 0 or -ENOMEM,
 * leaving the map as it was. */
int ipc_hashmap_add(struct ipc_hashmap *m, uint64_t hash, size_t index);
/* Free the slots; leaves *m empty and reusable (the caller's array is its own). */
void ipc_hashmap_free(struct ipc_hashmap *m);

#endif
