/*
 * Host tests for VM's page sets (servers/vm/pageset.c): a sparse radix
 * tree of 512-entry nodes. Node memory comes from the ps_node_alloc /
 * ps_node_free below (page-aligned host memory, counted, with injectable
 * failure), so the tests see every node the set takes and gives back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../servers/vm/pageset.h"

/* ---- node memory ----------------------------------------------------------- */

static int live_nodes;          /* allocated and not yet freed */
static int total_allocs;        /* successful allocations since setup */
static int allocs_left = -1;    /* -1: no limit; n: the n+1-th allocation fails */

void *ps_node_alloc(void)
{
	if (allocs_left == 0)
		return NULL;
	if (allocs_left > 0)
		allocs_left--;
	void *n = aligned_alloc(4096, 4096);
	assert_non_null(n);
	memset(n, 0, 4096);
	live_nodes++;
	total_allocs++;
	return n;
}

void ps_node_free(void *node)
{
	assert_non_null(node);
	assert_int_equal((uintptr_t)node & 4095, 0);
	live_nodes--;
	free(node);
}

static struct pageset ps;

static int setup(void **state)
{
	(void)state;
	memset(&ps, 0x5a, sizeof(ps));   /* ps_init must set every field */
	ps_init(&ps);
	live_nodes = 0;
	total_allocs = 0;
	allocs_left = -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	allocs_left = -1;
	ps_free_nodes(&ps);
	assert_int_equal(live_nodes, 0);
	return 0;
}

/* ---- walk recording ---------------------------------------------------- */

#define MAXREC 4096

struct record {
	size_t n;
	uint64_t idx[MAXREC];
	pfn_t pfn[MAXREC];
	bool clear;                  /* the callback clears its own entry */
};

static void record_fn(struct pageset *set, uint64_t idx, pfn_t pfn, void *arg)
{
	struct record *r = arg;
	assert_ptr_equal(set, &ps);
	assert_true(r->n < MAXREC);
	r->idx[r->n] = idx;
	r->pfn[r->n] = pfn;
	r->n++;
	if (r->clear)
		assert_int_equal(ps_set(set, idx, 0), pfn);
}

static struct record rec;

static void walk(uint64_t first, uint64_t end, bool clear)
{
	memset(&rec, 0, sizeof(rec));
	rec.clear = clear;
	ps_walk(&ps, first, end, record_fn, &rec);
}

/* A distinct, recognizable page for an index. */
static pfn_t pfn_for(uint64_t idx)
{
	return 0x100000 + (idx % 0xfffff) * 3 + 1;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_init_is_empty(void **state)
{
	(void)state;
	assert_int_equal(ps.refs, 1);
	assert_int_equal(ps.height, 0);
	assert_null(ps.root);
	assert_int_equal(ps.pages, 0);
	assert_int_equal(ps_get(&ps, 0), 0);
	assert_int_equal(ps_get(&ps, 12345), 0);
	walk(0, ~0ULL, false);
	assert_int_equal(rec.n, 0);
	assert_int_equal(live_nodes, 0);
}

static void test_set_then_get_returns_page(void **state)
{
	(void)state;
	assert_int_equal(ps_set(&ps, 7, 0x1234), 0);
	assert_int_equal(ps_get(&ps, 7), 0x1234);
	assert_int_equal(ps_get(&ps, 6), 0);
	assert_int_equal(ps_get(&ps, 8), 0);
	assert_int_equal(ps.pages, 1);
	assert_int_equal(ps.height, 1);
	assert_int_equal(live_nodes, 1);
	/* Replacing returns the old page and keeps the count. */
	assert_int_equal(ps_set(&ps, 7, 0x5678), 0x1234);
	assert_int_equal(ps_get(&ps, 7), 0x5678);
	assert_int_equal(ps.pages, 1);
}

static void test_clearing_returns_old_page_and_counts(void **state)
{
	(void)state;
	for (uint64_t i = 0; i < 20; i++)
		assert_int_equal(ps_set(&ps, i, pfn_for(i)), 0);
	assert_int_equal(ps.pages, 20);
	assert_int_equal(ps_set(&ps, 5, 0), pfn_for(5));
	assert_int_equal(ps_get(&ps, 5), 0);
	assert_int_equal(ps.pages, 19);
	/* Clearing an empty slot changes nothing. */
	assert_int_equal(ps_set(&ps, 5, 0), 0);
	assert_int_equal(ps.pages, 19);
	/* Clearing far outside the set neither grows it nor allocates. */
	int nodes = live_nodes, height = ps.height;
	assert_int_equal(ps_set(&ps, 1ULL << 30, 0), 0);
	assert_int_equal(ps_set(&ps, 100000, 0), 0);
	assert_int_equal(live_nodes, nodes);
	assert_int_equal(ps.height, height);
	assert_int_equal(ps.pages, 19);
	for (uint64_t i = 0; i < 20; i++)
		assert_int_equal(ps_get(&ps, i), i == 5 ? 0 : pfn_for(i));
}

static void test_clearing_missing_subtree_allocates_nothing(void **state)
{
	(void)state;
	assert_int_equal(ps_set(&ps, 0, 1), 0);
	assert_int_equal(ps_set(&ps, 1ULL << 20, 2), 0);      /* height 3 */
	int nodes = live_nodes;
	/* Inside capacity, under absent interior nodes. */
	assert_int_equal(ps_set(&ps, (1ULL << 19) + 3, 0), 0);
	assert_int_equal(ps_set(&ps, 70000, 0), 0);
	assert_int_equal(live_nodes, nodes);
	assert_int_equal(ps.pages, 2);
}

static void test_height_grows_for_large_indices(void **state)
{
	(void)state;
	static const struct { uint64_t idx; int height; } steps[] = {
		{ 0, 1 }, { 511, 1 }, { 512, 2 }, { 262143, 2 }, { 262144, 3 },
		{ 1ULL << 27, 4 }, { 1ULL << 30, 4 }, { (1ULL << 36) - 1, 4 }, { 1ULL << 36, 5 },
	};
	size_t n = sizeof(steps) / sizeof(steps[0]);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(ps_set(&ps, steps[i].idx, pfn_for(steps[i].idx)), 0);
		assert_int_equal(ps.height, steps[i].height);
		assert_int_equal(ps.pages, i + 1);
		/* Everything set so far is still where it was. */
		for (size_t j = 0; j <= i; j++)
			assert_int_equal(ps_get(&ps, steps[j].idx), pfn_for(steps[j].idx));
	}
	/* Neighbours of the large indices are empty. */
	assert_int_equal(ps_get(&ps, 513), 0);
	assert_int_equal(ps_get(&ps, (1ULL << 30) + 1), 0);
	assert_int_equal(ps_get(&ps, (1ULL << 30) - 1), 0);
	assert_int_equal(ps_get(&ps, 1ULL << 40), 0);        /* beyond capacity */
}

static void test_grow_from_empty_straight_to_large_index(void **state)
{
	(void)state;
	assert_int_equal(ps_set(&ps, 1ULL << 30, 77), 0);
	assert_int_equal(ps.height, 4);
	assert_int_equal(ps_get(&ps, 1ULL << 30), 77);
	assert_int_equal(ps_get(&ps, 0), 0);
	assert_int_equal(ps.pages, 1);
	/* Then a small index lands in the same tree. */
	assert_int_equal(ps_set(&ps, 3, 33), 0);
	assert_int_equal(ps_get(&ps, 3), 33);
	assert_int_equal(ps_get(&ps, 1ULL << 30), 77);
	assert_int_equal(ps.height, 4);
	assert_int_equal(ps.pages, 2);
}

static void test_pages_count_follows_set_and_clear(void **state)
{
	(void)state;
	uint64_t idxs[] = { 1, 600, 700, 262144 + 5, 1ULL << 25 };
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < 5; i++) {
			ps_set(&ps, idxs[i], pfn_for(idxs[i]));
			assert_int_equal(ps.pages, i + 1);
		}
		for (size_t i = 0; i < 5; i++) {
			assert_int_equal(ps_set(&ps, idxs[i], 0), pfn_for(idxs[i]));
			assert_int_equal(ps.pages, 4 - i);
		}
	}
}

static void fill_pattern(void)
{
	/* Present: every 3rd index in [0, 3000), plus a few far ones. */
	for (uint64_t i = 0; i < 3000; i += 3)
		assert_int_equal(ps_set(&ps, i, pfn_for(i)), 0);
	assert_int_equal(ps_set(&ps, 262144, pfn_for(262144)), 0);
	assert_int_equal(ps_set(&ps, 262144 + 511, pfn_for(262144 + 511)), 0);
	assert_int_equal(ps_set(&ps, 1ULL << 30, pfn_for(1ULL << 30)), 0);
}

static bool pattern_present(uint64_t i)
{
	return (i < 3000 && i % 3 == 0) || i == 262144 || i == 262144 + 511 || i == (1ULL << 30);
}

/* Walk [first, end) and compare with the pattern index by index. */
static void check_walk_range(uint64_t first, uint64_t end)
{
	walk(first, end, false);
	size_t k = 0;
	static const uint64_t far[] = { 262144, 262144 + 511, 1ULL << 30 };
	for (uint64_t i = first; i < end && i < 3000; i++) {
		if (!pattern_present(i))
			continue;
		assert_true(k < rec.n);
		assert_int_equal(rec.idx[k], i);
		assert_int_equal(rec.pfn[k], pfn_for(i));
		k++;
	}
	for (int f = 0; f < 3; f++) {
		if (far[f] < first || far[f] >= end)
			continue;
		assert_true(k < rec.n);
		assert_int_equal(rec.idx[k], far[f]);
		assert_int_equal(rec.pfn[k], pfn_for(far[f]));
		k++;
	}
	assert_int_equal(rec.n, k);
}

static void test_walk_visits_present_entries_in_order(void **state)
{
	(void)state;
	fill_pattern();
	check_walk_range(0, ~0ULL);
	assert_int_equal(rec.n, 1000 + 3);
	for (size_t i = 1; i < rec.n; i++)
		assert_true(rec.idx[i - 1] < rec.idx[i]);
}

static void test_walk_ranges_starting_and_ending_mid_node(void **state)
{
	(void)state;
	fill_pattern();
	check_walk_range(1, 2);             /* nothing present */
	assert_int_equal(rec.n, 0);
	check_walk_range(3, 4);             /* exactly one */
	assert_int_equal(rec.n, 1);
	check_walk_range(4, 6);             /* end is exclusive: 6 not visited */
	assert_int_equal(rec.n, 0);
	check_walk_range(100, 1000);        /* mid-node to mid-node, across a boundary */
	check_walk_range(510, 514);         /* across the first leaf boundary */
	check_walk_range(511, 1025);
	check_walk_range(1024, 1536);       /* exactly one whole leaf */
	check_walk_range(2997, 262145);     /* the last near entry, a big hole, one far one */
	assert_int_equal(rec.n, 2);
	check_walk_range(2998, 262145);
	assert_int_equal(rec.n, 1);
	check_walk_range(262145, 262144 + 511);   /* end at the far entry: excluded */
	assert_int_equal(rec.n, 0);
	check_walk_range(262145, 262144 + 512);
	assert_int_equal(rec.n, 1);
	check_walk_range(5, 5);             /* empty range */
	assert_int_equal(rec.n, 0);
	check_walk_range(10, 5);            /* reversed range */
	assert_int_equal(rec.n, 0);
	check_walk_range(1ULL << 30, (1ULL << 30) + 1);
	assert_int_equal(rec.n, 1);
	check_walk_range(1ULL << 40, ~0ULL); /* beyond the set */
	assert_int_equal(rec.n, 0);
}

static void test_walk_callback_may_clear_its_entry(void **state)
{
	(void)state;
	fill_pattern();
	uint64_t before = ps.pages;
	walk(100, 2000, true);
	/* Every present entry in [100, 2000) visited once, then cleared. */
	size_t expected = 0;
	for (uint64_t i = 100; i < 2000; i++)
		expected += pattern_present(i);
	assert_int_equal(rec.n, expected);
	assert_int_equal(ps.pages, before - expected);
	for (uint64_t i = 0; i < 3000; i++)
		assert_int_equal(ps_get(&ps, i),
				 (pattern_present(i) && (i < 100 || i >= 2000)) ? pfn_for(i) : 0);
	/* A second walk finds nothing left there. */
	walk(100, 2000, false);
	assert_int_equal(rec.n, 0);
	/* Clearing everything through the walk leaves an empty count. */
	walk(0, ~0ULL, true);
	assert_int_equal(ps.pages, 0);
	walk(0, ~0ULL, false);
	assert_int_equal(rec.n, 0);
}

static void test_free_nodes_frees_every_node(void **state)
{
	(void)state;
	fill_pattern();
	assert_true(live_nodes > 5);
	assert_int_equal(live_nodes, total_allocs);
	ps_free_nodes(&ps);
	assert_int_equal(live_nodes, 0);
	assert_int_equal(ps.height, 0);
	assert_null(ps.root);
	assert_int_equal(ps.pages, 0);
	assert_int_equal(ps_get(&ps, 3), 0);
	/* The set is usable again. */
	assert_int_equal(ps_set(&ps, 9, 99), 0);
	assert_int_equal(ps_get(&ps, 9), 99);
	assert_int_equal(ps.pages, 1);
}

static void test_free_nodes_on_empty_set(void **state)
{
	(void)state;
	ps_free_nodes(&ps);
	assert_int_equal(live_nodes, 0);
	assert_int_equal(ps.height, 0);
}

/* What the failed ps_set may not change: every entry, the count, and no
 * node may be lost (ps_free_nodes still reaches them all). */
static void test_alloc_failure_growing_changes_nothing(void **state)
{
	(void)state;
	/* 1<<30 in a height-1 set takes six nodes: three new tops, then a
	 * level-2 node, a level-1 node and a leaf. Fail each one in turn. */
	for (int ok = 0; ok < 6; ok++) {
		ps_free_nodes(&ps);
		assert_int_equal(live_nodes, 0);
		ps_init(&ps);
		assert_int_equal(ps_set(&ps, 4, 44), 0);
		assert_int_equal(ps_set(&ps, 500, 55), 0);
		allocs_left = ok;
		assert_int_equal(ps_set(&ps, 1ULL << 30, 66), PS_NOMEM);
		allocs_left = -1;
		assert_int_equal(ps_get(&ps, 4), 44);
		assert_int_equal(ps_get(&ps, 500), 55);
		assert_int_equal(ps_get(&ps, 1ULL << 30), 0);
		assert_int_equal(ps.pages, 2);
		walk(0, ~0ULL, false);
		assert_int_equal(rec.n, 2);
		assert_int_equal(rec.idx[0], 4);
		assert_int_equal(rec.idx[1], 500);
		/* The same call succeeds once memory is there. */
		assert_int_equal(ps_set(&ps, 1ULL << 30, 66), 0);
		assert_int_equal(ps_get(&ps, 1ULL << 30), 66);
		assert_int_equal(ps_get(&ps, 4), 44);
		assert_int_equal(ps.pages, 3);
	}
	/* Six nodes are exactly enough. */
	ps_free_nodes(&ps);
	ps_init(&ps);
	assert_int_equal(ps_set(&ps, 4, 44), 0);
	allocs_left = 6;
	assert_int_equal(ps_set(&ps, 1ULL << 30, 66), 0);
	allocs_left = -1;
	assert_int_equal(live_nodes, 7);
}

static void test_alloc_failure_from_empty_changes_nothing(void **state)
{
	(void)state;
	allocs_left = 0;
	assert_int_equal(ps_set(&ps, 0, 1), PS_NOMEM);
	assert_int_equal(ps.pages, 0);
	assert_int_equal(ps_get(&ps, 0), 0);
	assert_int_equal(live_nodes, 0);
	allocs_left = -1;
}

static void test_alloc_failure_for_interior_node_changes_nothing(void **state)
{
	(void)state;
	assert_int_equal(ps_set(&ps, 0, 10), 0);
	assert_int_equal(ps_set(&ps, 1ULL << 20, 20), 0);   /* height 3 */
	int height = ps.height;
	/* (1<<19) + 7 needs a new level-1 node and a new leaf. */
	for (int ok = 0; ok < 2; ok++) {
		allocs_left = ok;
		assert_int_equal(ps_set(&ps, (1ULL << 19) + 7, 30), PS_NOMEM);
		allocs_left = -1;
		assert_int_equal(ps.height, height);
		assert_int_equal(ps.pages, 2);
		assert_int_equal(ps_get(&ps, (1ULL << 19) + 7), 0);
		assert_int_equal(ps_get(&ps, 0), 10);
		assert_int_equal(ps_get(&ps, 1ULL << 20), 20);
	}
	/* Replacing a present entry needs no node: it works with none left. */
	allocs_left = 0;
	assert_int_equal(ps_set(&ps, 0, 11), 10);
	assert_int_equal(ps_get(&ps, 0), 11);
	assert_int_equal(ps_set(&ps, 1ULL << 20, 0), 20);
	assert_int_equal(ps.pages, 1);
	allocs_left = -1;
}

static void test_many_random_entries_match_reference(void **state)
{
	(void)state;
	enum { N = 3000 };
	static uint64_t idx[N];
	uint64_t x = 88172645463325252ULL;
	for (int i = 0; i < N; i++) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		/* Mostly clustered, some far: up to 2^33 pages (32 TiB). */
		idx[i] = (i % 4 == 0) ? (x & ((1ULL << 33) - 1)) : (x % 20000);
		ps_set(&ps, idx[i], pfn_for(idx[i]));
	}
	/* Reference: sorted unique indices. */
	static uint64_t sorted[N];
	size_t n = 0;
	for (int i = 0; i < N; i++) {
		size_t j = n;
		bool dup = false;
		for (size_t k = 0; k < n; k++)
			if (sorted[k] == idx[i])
				dup = true;
		if (dup)
			continue;
		while (j > 0 && sorted[j - 1] > idx[i]) {
			sorted[j] = sorted[j - 1];
			j--;
		}
		sorted[j] = idx[i];
		n++;
	}
	assert_int_equal(ps.pages, n);
	walk(0, ~0ULL, false);
	assert_int_equal(rec.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(rec.idx[i], sorted[i]);
		assert_int_equal(rec.pfn[i], pfn_for(sorted[i]));
		assert_int_equal(ps_get(&ps, sorted[i]), pfn_for(sorted[i]));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_is_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_then_get_returns_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clearing_returns_old_page_and_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clearing_missing_subtree_allocates_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_height_grows_for_large_indices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grow_from_empty_straight_to_large_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages_count_follows_set_and_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_visits_present_entries_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_ranges_starting_and_ending_mid_node, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_callback_may_clear_its_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_nodes_frees_every_node, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_nodes_on_empty_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_failure_growing_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_failure_from_empty_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_failure_for_interior_node_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_random_entries_match_reference, setup, teardown),
	};
	return cmocka_run_group_tests_name("vm_pageset", tests, NULL, NULL);
}
