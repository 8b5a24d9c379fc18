/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for lib/hashmap.c: the id -> index map under the caches and the scan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "hashmap.h"

static void test_ids(void **state)
{
	struct ipc_hashmap m = { 0 };

	(void)state;
	/* empty: every lookup misses */
	assert_int_equal(ipc_hashmap_find(&m, ipc_hash_u64(0), NULL, NULL), SIZE_MAX);
	for (size_t i = 0; i < 5000; i++)
		assert_int_equal(ipc_hashmap_add(&m, ipc_hash_u64(i * 32768), i), 0);
	assert_int_equal(m.n, 5000);
	/* never more than half full */
	assert_true(m.size >= 2 * m.n);
	for (size_t i = 0; i < 5000; i++)
		assert_int_equal(ipc_hashmap_find(&m, ipc_hash_u64(i * 32768), NULL, NULL), i);
	assert_int_equal(ipc_hashmap_find(&m, ipc_hash_u64(1), NULL, NULL), SIZE_MAX);
	ipc_hashmap_free(&m);
	assert_null(m.slots);
	assert_int_equal(m.size, 0);
	/* reusable after free */
	assert_int_equal(ipc_hashmap_add(&m, 7, 0), 0);
	assert_int_equal(ipc_hashmap_find(&m, 7, NULL, NULL), 0);
	ipc_hashmap_free(&m);
}

struct pair {
	int a, b;
};

static const struct pair *pairs;

static bool same_pair(size_t index, const void *key)
{
	const struct pair *k = key;

	return pairs[index].a == k->a && pairs[index].b == k->b;
}

static void test_collisions(void **state)
{
	static const struct pair v[] = { { 1, 2 }, { 2, 1 }, { 3, 3 }, { 1, 3 } };
	struct ipc_hashmap m = { 0 };

	(void)state;
	pairs = v;
	/* every key under one hash: same() tells them apart */
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(ipc_hashmap_add(&m, 42, i), 0);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(ipc_hashmap_find(&m, 42, same_pair, &v[i]), i);
	assert_int_equal(ipc_hashmap_find(&m, 42, same_pair, &(struct pair){ 2, 2 }), SIZE_MAX);
	assert_int_equal(ipc_hashmap_find(&m, 43, same_pair, &v[0]), SIZE_MAX);
	ipc_hashmap_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_collisions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
