/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Growing an array one element at a time, and freeing it: the one way lib/ does it. */
#ifndef IPCBOX_ARRAY_H
#define IPCBOX_ARRAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

/*
 * Room for element n of v (cap elements of size bytes allocated): v itself
 * when n < *cap, else v reallocated to twice *cap (first when empty) with
 * *cap updated. NULL on overflow or ENOMEM, with v and *cap untouched (v
 * still owned by the caller).
 */
void *ipc_array_grow(void *v, size_t *cap, size_t n, size_t size, size_t first);

/* Make room for element n of the array v (cap elements); true, or false
 * on ENOMEM with v and cap as they were. */
#define ARRAY_GROW(v, n, cap, first) ({						\
		void *_g = ipc_array_grow((v), &(cap), (n), sizeof(*(v)), (first));	\
		if (_g)								\
			(v) = _g;						\
		_g != NULL;							\
	})

/* Free member m (malloc'd) of each of the n elements of the array v, then v. */
#define ARRAY_FREE_MEMBERS(v, n, m) do {					\
		for (size_t _i = 0; _i < (n); _i++)				\
			free((v)[_i].m);					\
		free(v);							\
	} while (0)

#endif
