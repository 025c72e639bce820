/*
 * Host tests for VM's intrusive AVL tree (servers/vm/avl.c): insert, the
 * lookups (exact, <=, >=), in-order iteration, removal of leaves and of
 * nodes with one or two children, duplicate keys, and a randomized run
 * against a sorted reference array that checks every AVL invariant
 * (parent links, heights, balance, key order, count) after each step.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../servers/vm/avl.h"

struct item {
	int tag;
	struct avl_node node;
};

#define NITEMS 4096

static struct item items[NITEMS];
static struct avl_tree tree;

static int setup(void **state)
{
	(void)state;
	memset(items, 0xa5, sizeof(items));   /* insert must not rely on zeroed nodes */
	for (int i = 0; i < NITEMS; i++)
		items[i].tag = i;
	tree.root = (struct avl_node *)0x1;    /* avl_init must reset it */
	tree.count = 12345;
	avl_init(&tree);
	return 0;
}

static struct item *item_of(struct avl_node *n)
{
	return n ? avl_entry(n, struct item, node) : NULL;
}

static int insert_key(struct item *it, uint64_t key)
{
	it->node.key = key;
	return avl_insert(&tree, &it->node);
}

/* Check one subtree: parent links, heights, balance, key bounds (lo < key
 * < hi, with the flags saying whether the bound exists). Returns the
 * height and adds the node count to *count. */
static int check_subtree(const struct avl_node *n, const struct avl_node *parent,
			 bool has_lo, uint64_t lo, bool has_hi, uint64_t hi, size_t *count)
{
	if (!n)
		return 0;
	assert_ptr_equal(n->parent, parent);
	if (has_lo)
		assert_true(n->key > lo);
	if (has_hi)
		assert_true(n->key < hi);
	int hl = check_subtree(n->left, n, has_lo, lo, true, n->key, count);
	int hr = check_subtree(n->right, n, true, n->key, has_hi, hi, count);
	int h = (hl > hr ? hl : hr) + 1;
	assert_int_equal(n->height, h);
	assert_in_range(hl - hr + 1, 0, 2);    /* |balance| <= 1 */
	(*count)++;
	return h;
}

static void check_tree(const struct avl_tree *t)
{
	size_t count = 0;
	if (t->root)
		assert_null(t->root->parent);
	check_subtree(t->root, NULL, false, 0, false, 0, &count);
	assert_int_equal(count, t->count);
}

/* ---- basic operations ---------------------------------------------------- */

static void test_empty_tree_finds_nothing(void **state)
{
	(void)state;
	assert_null(tree.root);
	assert_int_equal(tree.count, 0);
	assert_null(avl_find(&tree, 0));
	assert_null(avl_find_le(&tree, ~0ULL));
	assert_null(avl_find_ge(&tree, 0));
	assert_null(avl_first(&tree));
	check_tree(&tree);
}

static void test_insert_then_find_each_key(void **state)
{
	(void)state;
	static const uint64_t keys[] = { 50, 20, 80, 10, 30, 70, 90, 25, 0, ~0ULL };
	size_t n = sizeof(keys) / sizeof(keys[0]);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(insert_key(&items[i], keys[i]), 0);
		check_tree(&tree);
	}
	assert_int_equal(tree.count, n);
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(item_of(avl_find(&tree, keys[i])), &items[i]);
	assert_null(avl_find(&tree, 26));
	assert_null(avl_find(&tree, 1));
	assert_null(avl_find(&tree, ~0ULL - 1));
}

static void test_duplicate_key_refused_tree_unchanged(void **state)
{
	(void)state;
	assert_int_equal(insert_key(&items[0], 100), 0);
	assert_int_equal(insert_key(&items[1], 200), 0);
	assert_int_equal(insert_key(&items[2], 100), -1);
	assert_int_equal(insert_key(&items[3], 200), -1);
	assert_int_equal(tree.count, 2);
	assert_ptr_equal(item_of(avl_find(&tree, 100)), &items[0]);
	assert_ptr_equal(item_of(avl_find(&tree, 200)), &items[1]);
	check_tree(&tree);
}

static void test_find_le_and_ge_pick_neighbours(void **state)
{
	(void)state;
	for (int i = 0; i < 10; i++)          /* keys 100, 200, ..., 1000 */
		assert_int_equal(insert_key(&items[i], (uint64_t)(i + 1) * 100), 0);

	assert_null(avl_find_le(&tree, 99));
	assert_ptr_equal(item_of(avl_find_le(&tree, 100)), &items[0]);
	assert_ptr_equal(item_of(avl_find_le(&tree, 101)), &items[0]);
	assert_ptr_equal(item_of(avl_find_le(&tree, 550)), &items[4]);
	assert_ptr_equal(item_of(avl_find_le(&tree, 600)), &items[5]);
	assert_ptr_equal(item_of(avl_find_le(&tree, ~0ULL)), &items[9]);

	assert_ptr_equal(item_of(avl_find_ge(&tree, 0)), &items[0]);
	assert_ptr_equal(item_of(avl_find_ge(&tree, 100)), &items[0]);
	assert_ptr_equal(item_of(avl_find_ge(&tree, 101)), &items[1]);
	assert_ptr_equal(item_of(avl_find_ge(&tree, 550)), &items[5]);
	assert_ptr_equal(item_of(avl_find_ge(&tree, 1000)), &items[9]);
	assert_null(avl_find_ge(&tree, 1001));
}

static void test_in_order_iteration_is_sorted(void **state)
{
	(void)state;
	/* Keys inserted in a scrambled order: i * 37 mod 1000 is a permutation. */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(insert_key(&items[i], (uint64_t)((i * 37) % 1000) * 8), 0);
	check_tree(&tree);
	uint64_t expect = 0;
	size_t seen = 0;
	for (struct avl_node *n = avl_first(&tree); n; n = avl_next(n)) {
		assert_int_equal(n->key, expect);
		expect += 8;
		seen++;
	}
	assert_int_equal(seen, 1000);
}

static void test_ascending_inserts_stay_balanced(void **state)
{
	(void)state;
	for (int i = 0; i < 1023; i++) {
		assert_int_equal(insert_key(&items[i], (uint64_t)i), 0);
		check_tree(&tree);
	}
	/* 1023 nodes: a perfectly balanced tree has height 10, AVL at most 14. */
	assert_in_range(tree.root->height, 10, 14);
}

static void test_remove_leaf_one_child_two_children(void **state)
{
	(void)state;
	static const uint64_t keys[] = { 50, 30, 70, 20, 40, 60, 80, 10, 45, 65 };
	size_t n = sizeof(keys) / sizeof(keys[0]);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(insert_key(&items[i], keys[i]), 0);
	check_tree(&tree);

	avl_remove(&tree, avl_find(&tree, 10));   /* a leaf */
	check_tree(&tree);
	assert_null(avl_find(&tree, 10));

	avl_remove(&tree, avl_find(&tree, 60));   /* one child (65) */
	check_tree(&tree);
	assert_null(avl_find(&tree, 60));
	assert_ptr_equal(item_of(avl_find(&tree, 65)), &items[9]);

	avl_remove(&tree, avl_find(&tree, 30));   /* two children */
	check_tree(&tree);
	assert_null(avl_find(&tree, 30));

	assert_int_equal(tree.root->key, 50);
	avl_remove(&tree, tree.root);             /* the root, two children */
	check_tree(&tree);
	assert_int_equal(tree.count, n - 4);

	static const uint64_t left[] = { 20, 40, 45, 65, 70, 80 };
	size_t i = 0;
	for (struct avl_node *x = avl_first(&tree); x; x = avl_next(x), i++) {
		assert_true(i < 6);
		assert_int_equal(x->key, left[i]);
	}
	assert_int_equal(i, 6);
}

static void test_remove_everything_empties_tree(void **state)
{
	(void)state;
	for (int i = 0; i < 100; i++)
		assert_int_equal(insert_key(&items[i], (uint64_t)i * 3), 0);
	for (int i = 0; i < 100; i++) {
		avl_remove(&tree, &items[(i * 7) % 100].node);
		check_tree(&tree);
	}
	assert_null(tree.root);
	assert_int_equal(tree.count, 0);
	assert_null(avl_first(&tree));
	/* Removed nodes can be inserted again. */
	assert_int_equal(insert_key(&items[5], 5), 0);
	assert_ptr_equal(item_of(avl_first(&tree)), &items[5]);
	check_tree(&tree);
}

/* ---- randomized ---------------------------------------------------------- */

/* splitmix64: consecutive outputs are independent in every bit. */
static uint64_t rng_state = 0x1234567ULL;

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Sorted reference: ref_key[i] ascending, ref_item[i] the item holding it. */
static uint64_t ref_key[NITEMS];
static int ref_item[NITEMS];
static size_t ref_n;

static size_t ref_lower_bound(uint64_t key)
{
	size_t lo = 0, hi = ref_n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ref_key[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void compare_with_reference(void)
{
	check_tree(&tree);
	assert_int_equal(tree.count, ref_n);
	size_t i = 0;
	for (struct avl_node *n = avl_first(&tree); n; n = avl_next(n), i++) {
		assert_true(i < ref_n);
		assert_int_equal(n->key, ref_key[i]);
		assert_ptr_equal(item_of(n), &items[ref_item[i]]);
	}
	assert_int_equal(i, ref_n);
}

static void test_randomized_against_sorted_array(void **state)
{
	(void)state;
	bool used[NITEMS] = { false };
	int ops = 0, inserts = 0, dups = 0, removes = 0;

	for (ops = 0; ops < 6000; ops++) {
		uint64_t key = rng() % 2048;       /* small key space: duplicates and hits */
		unsigned op = (unsigned)(rng() % 8);
		size_t pos = ref_lower_bound(key);
		bool present = pos < ref_n && ref_key[pos] == key;

		if (op < 4) {                      /* insert */
			int slot = (int)(rng() % NITEMS);
			while (used[slot])
				slot = (slot + 1) % NITEMS;
			int r = insert_key(&items[slot], key);
			if (present) {
				assert_int_equal(r, -1);
				dups++;
			} else {
				assert_int_equal(r, 0);
				used[slot] = true;
				memmove(&ref_key[pos + 1], &ref_key[pos], (ref_n - pos) * sizeof(ref_key[0]));
				memmove(&ref_item[pos + 1], &ref_item[pos], (ref_n - pos) * sizeof(ref_item[0]));
				ref_key[pos] = key;
				ref_item[pos] = slot;
				ref_n++;
				inserts++;
			}
		} else if (op < 7) {               /* remove (the key, if present) */
			struct avl_node *n = avl_find(&tree, key);
			if (!present) {
				assert_null(n);
			} else {
				assert_ptr_equal(item_of(n), &items[ref_item[pos]]);
				avl_remove(&tree, n);
				used[ref_item[pos]] = false;
				memmove(&ref_key[pos], &ref_key[pos + 1], (ref_n - pos - 1) * sizeof(ref_key[0]));
				memmove(&ref_item[pos], &ref_item[pos + 1], (ref_n - pos - 1) * sizeof(ref_item[0]));
				ref_n--;
				removes++;
			}
		} else {                           /* lookups */
			struct avl_node *le = avl_find_le(&tree, key), *ge = avl_find_ge(&tree, key);
			if (present) {
				assert_ptr_equal(le, avl_find(&tree, key));
				assert_ptr_equal(ge, le);
			} else {
				/* pos: the first reference key above key. */
				if (pos == 0)
					assert_null(le);
				else
					assert_int_equal(le->key, ref_key[pos - 1]);
				if (pos == ref_n)
					assert_null(ge);
				else
					assert_int_equal(ge->key, ref_key[pos]);
			}
		}
		compare_with_reference();
	}
	/* The run exercised every path a fair number of times. */
	assert_true(inserts > 500);
	assert_true(removes > 500);
	assert_true(dups > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty_tree_finds_nothing, setup),
		cmocka_unit_test_setup(test_insert_then_find_each_key, setup),
		cmocka_unit_test_setup(test_duplicate_key_refused_tree_unchanged, setup),
		cmocka_unit_test_setup(test_find_le_and_ge_pick_neighbours, setup),
		cmocka_unit_test_setup(test_in_order_iteration_is_sorted, setup),
		cmocka_unit_test_setup(test_ascending_inserts_stay_balanced, setup),
		cmocka_unit_test_setup(test_remove_leaf_one_child_two_children, setup),
		cmocka_unit_test_setup(test_remove_everything_empties_tree, setup),
		cmocka_unit_test_setup(test_randomized_against_sorted_array, setup),
	};
	return cmocka_run_group_tests_name("vm_avl", tests, NULL, NULL);
}
