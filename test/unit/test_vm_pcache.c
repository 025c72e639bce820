/*
 * Host tests for VM's page-cache index (servers/vm/pcache.c): block and
 * file identities, refusal of duplicates, reuse after forget, truncation,
 * LRU eviction and what is never evicted, orphans (forgotten while mapped
 * or busy), physmem references balanced, ENOMEM safety, and many pages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../servers/vm/pcache.h"

#define NFRAMES 8192
#define DEV 3

static struct page pages[NFRAMES];
static struct physmem pm;
static struct pcache pc;
static uint64_t free_at_start;

/* The node allocator: malloc, with a live count and a failure switch
 * (fail_after = how many more allocations succeed; -1 = never fail). */
static long live_nodes;
static long fail_after = -1;

static void *node_alloc(void *ctx)
{
	(void)ctx;
	if (fail_after == 0)
		return NULL;
	if (fail_after > 0)
		fail_after--;
	live_nodes++;
	return malloc(sizeof(struct pcache_page));
}

static void node_free(void *ctx, void *node)
{
	(void)ctx;
	live_nodes--;
	free(node);
}

static int setup(void **state)
{
	(void)state;
	physmem_init(&pm, pages, NFRAMES, 0);
	physmem_add_free(&pm, 1, NFRAMES - 1);
	free_at_start = pm.nr_free;
	live_nodes = 0;
	fail_after = -1;
	pcache_init(&pc, &pm, node_alloc, node_free, NULL);
	return 0;
}

/* Every page and node is given back: nothing leaked, nothing freed twice. */
static int teardown(void **state)
{
	(void)state;
	pcache_drop_all(&pc);
	assert_int_equal(pc.st.orphans, 0);
	assert_int_equal(pc.st.pages, 0);
	assert_int_equal(live_nodes, 0);
	assert_int_equal(pm.nr_free, free_at_start);
	return 0;
}

/* A fresh frame donated as (block, ino, index); returns it. */
static pfn_t donate(uint64_t block, uint64_t ino, uint64_t index)
{
	pfn_t f = page_alloc(&pm, ALLOC_USER);
	assert_true(f != 0);
	assert_int_equal(pcache_insert(&pc, DEV, block, ino, index, f), 0);
	return f;
}

static void test_block_and_file_identity_find_the_same_page(void **state)
{
	(void)state;
	pfn_t f = donate(100, 12, 0);
	pfn_t m = donate(200, PCACHE_NO_INO, 0);
	struct pcache_page *p = pcache_lookup_block(&pc, DEV, 100);
	assert_non_null(p);
	assert_int_equal(p->pfn, f);
	assert_ptr_equal(pcache_lookup_file(&pc, DEV, 12, 0), p);
	assert_int_equal(pcache_lookup_block(&pc, DEV, 200)->pfn, m);
	/* A metadata block has no file identity. */
	assert_null(pcache_lookup_file(&pc, DEV, PCACHE_NO_INO, 0));
	/* Other devices, blocks, inodes, indexes miss. */
	assert_null(pcache_lookup_block(&pc, DEV + 1, 100));
	assert_null(pcache_lookup_file(&pc, DEV, 12, 1));
	assert_null(pcache_lookup_file(&pc, DEV, 13, 0));
	assert_int_equal(pc.st.hits, 3);
	assert_int_equal(pc.st.misses, 4);
	assert_int_equal(pc.st.pages, 2);
	/* The cache holds the donated reference: exactly one. */
	assert_int_equal(page_refs(&pm, f), 1);
}

static void test_duplicate_block_or_file_page_is_refused(void **state)
{
	(void)state;
	donate(100, 12, 0);
	pfn_t g = page_alloc(&pm, ALLOC_USER);
	assert_int_equal(pcache_insert(&pc, DEV, 100, PCACHE_NO_INO, 0, g), -EEXIST);
	assert_int_equal(pcache_insert(&pc, DEV, 101, 12, 0, g), -EEXIST);
	assert_int_equal(pcache_insert(&pc, DEV, 100, 13, 5, g), -EEXIST);
	/* Nothing changed: the refused reference is still the caller's. */
	assert_int_equal(pc.st.pages, 1);
	assert_null(pcache_lookup_block(&pc, DEV, 101));
	assert_null(pcache_lookup_file(&pc, DEV, 13, 5));
	assert_int_equal(page_refs(&pm, g), 1);
	/* The same numbers on another device are another block. */
	assert_int_equal(pcache_insert(&pc, DEV + 1, 100, 12, 0, g), 0);
}

static void test_set_and_clear_file_identity(void **state)
{
	(void)state;
	donate(300, PCACHE_NO_INO, 0);
	donate(301, 7, 1);
	assert_int_equal(pcache_set_file_identity(&pc, DEV, 300, 7, 0), 0);
	struct pcache_page *p = pcache_lookup_file(&pc, DEV, 7, 0);
	assert_non_null(p);
	assert_int_equal(p->block, 300);
	/* Setting the same identity again is fine; another is refused. */
	assert_int_equal(pcache_set_file_identity(&pc, DEV, 300, 7, 0), 0);
	assert_int_equal(pcache_set_file_identity(&pc, DEV, 300, 8, 0), -EEXIST);
	/* A file page another block already holds is refused. */
	assert_int_equal(pcache_clear_file_identity(&pc, DEV, 300), 0);
	assert_int_equal(pcache_set_file_identity(&pc, DEV, 300, 7, 1), -EEXIST);
	assert_null(pcache_lookup_file(&pc, DEV, 7, 0));
	assert_non_null(pcache_lookup_block(&pc, DEV, 300));
	assert_int_equal(pcache_set_file_identity(&pc, DEV, 999, 7, 2), -ENOENT);
	assert_int_equal(pcache_clear_file_identity(&pc, DEV, 999), -ENOENT);
	assert_int_equal(pcache_set_file_identity(&pc, DEV, 300, PCACHE_NO_INO, 0), -EINVAL);
}

static void test_forget_block_leaves_both_indexes_and_frees(void **state)
{
	(void)state;
	pfn_t f = donate(100, 12, 3);
	uint64_t before = pm.nr_free;
	assert_int_equal(pcache_forget_block(&pc, DEV, 100), 0);
	assert_null(pcache_lookup_block(&pc, DEV, 100));
	assert_null(pcache_lookup_file(&pc, DEV, 12, 3));
	assert_int_equal(pm.nr_free, before + 1);
	assert_int_equal(page_refs(&pm, f), 0);
	assert_int_equal(pcache_forget_block(&pc, DEV, 100), -ENOENT);
}

static void test_reused_block_and_inode_find_the_new_page(void **state)
{
	(void)state;
	donate(100, 12, 0);
	assert_int_equal(pcache_forget_block(&pc, DEV, 100), 0);
	/* Block 100 and inode 12 reused for another file's first page. */
	pfn_t g = donate(100, 12, 0);
	assert_int_equal(pcache_lookup_block(&pc, DEV, 100)->pfn, g);
	assert_int_equal(pcache_lookup_file(&pc, DEV, 12, 0)->pfn, g);
	/* Inode reused after unlink: the old pages are gone. */
	assert_int_equal(pcache_forget_file(&pc, DEV, 12, 0), 1);
	pfn_t h = donate(500, 12, 0);
	assert_int_equal(pcache_lookup_file(&pc, DEV, 12, 0)->pfn, h);
	assert_null(pcache_lookup_block(&pc, DEV, 100));
	assert_int_equal(pc.st.pages, 1);
}

static void test_truncate_in_the_middle(void **state)
{
	(void)state;
	for (uint64_t i = 0; i < 10; i++)
		donate(1000 + i, 40, i);
	donate(2000, 41, 7);    /* another file: untouched */
	assert_int_equal(pcache_forget_file(&pc, DEV, 40, 4), 6);
	for (uint64_t i = 0; i < 10; i++) {
		bool kept = i < 4;
		assert_true((pcache_lookup_file(&pc, DEV, 40, i) != NULL) == kept);
		assert_true((pcache_lookup_block(&pc, DEV, 1000 + i) != NULL) == kept);
	}
	assert_non_null(pcache_lookup_file(&pc, DEV, 41, 7));
	assert_int_equal(pc.st.pages, 5);
	assert_int_equal(pcache_forget_file(&pc, DEV, 40, 4), 0);
}

static void test_evict_least_recently_used_first(void **state)
{
	(void)state;
	pfn_t f[4];
	for (int i = 0; i < 4; i++)
		f[i] = donate(10 + i, PCACHE_NO_INO, 0);
	/* Touch 10 and 11: order is now 12, 13, 10, 11. */
	pcache_lookup_block(&pc, DEV, 10);
	pcache_lookup_block(&pc, DEV, 11);
	uint64_t before = pm.nr_free;
	assert_int_equal(pcache_evict(&pc, 2), 2);
	assert_null(pcache_lookup_block(&pc, DEV, 12));
	assert_null(pcache_lookup_block(&pc, DEV, 13));
	assert_int_equal(pm.nr_free, before + 2);
	assert_int_equal(page_refs(&pm, f[2]), 0);
	assert_int_equal(pc.st.evictions, 2);
	/* Looked up just now: 10 then 11. */
	assert_int_equal(pcache_evict(&pc, 1), 1);
	assert_null(pcache_lookup_block(&pc, DEV, 10));
	assert_non_null(pcache_lookup_block(&pc, DEV, 11));
}

static void test_mapped_dirty_busy_never_evicted(void **state)
{
	(void)state;
	donate(1, 5, 0);
	donate(2, 5, 1);
	donate(3, 5, 2);
	donate(4, 5, 3);
	struct pcache_page *m = pcache_lookup_block(&pc, DEV, 1);
	struct pcache_page *d = pcache_lookup_block(&pc, DEV, 2);
	struct pcache_page *b = pcache_lookup_block(&pc, DEV, 3);
	pcache_map(&pc, m);
	pcache_map(&pc, m);
	pcache_set_dirty(&pc, d);
	pcache_set_busy(&pc, b);
	assert_int_equal(pc.st.mapped, 1);
	assert_int_equal(pc.st.dirty, 1);
	assert_int_equal(pcache_evict(&pc, 100), 1);    /* only block 4 */
	assert_null(pcache_lookup_block(&pc, DEV, 4));
	assert_int_equal(pcache_evict(&pc, 100), 0);
	/* Once clean, unmapped and idle they may go. */
	assert_false(pcache_unmap(&pc, m));
	assert_int_equal(pcache_evict(&pc, 100), 0);    /* still mapped once */
	assert_false(pcache_unmap(&pc, m));
	assert_int_equal(pc.st.mapped, 0);
	pcache_clear_dirty(&pc, d);
	assert_int_equal(pc.st.dirty, 0);
	assert_false(pcache_clear_busy(&pc, b));
	assert_int_equal(pcache_evict(&pc, 100), 3);
	assert_int_equal(pc.st.pages, 0);
}

static void test_forget_mapped_page_keeps_frame_until_unmapped(void **state)
{
	(void)state;
	pfn_t f = donate(100, 12, 0);
	struct pcache_page *p = pcache_lookup_file(&pc, DEV, 12, 0);
	pcache_map(&pc, p);
	pcache_set_dirty(&pc, p);
	assert_int_equal(pcache_forget_file(&pc, DEV, 12, 0), 1);
	/* Unhashed at once; the frame stays under its mapping. */
	assert_null(pcache_lookup_block(&pc, DEV, 100));
	assert_null(pcache_lookup_file(&pc, DEV, 12, 0));
	assert_int_equal(page_refs(&pm, f), 1);
	assert_int_equal(pc.st.orphans, 1);
	assert_int_equal(pc.st.dirty, 0);     /* its block is no one's */
	assert_int_equal(pcache_evict(&pc, 10), 0);
	/* The block number may be reused at once, by another page. */
	pfn_t g = donate(100, 12, 0);
	assert_int_equal(pcache_lookup_block(&pc, DEV, 100)->pfn, g);
	uint64_t before = pm.nr_free;
	assert_true(pcache_unmap(&pc, p));
	assert_int_equal(pm.nr_free, before + 1);
	assert_int_equal(pc.st.orphans, 0);
	assert_int_equal(pc.st.mapped, 0);
}

static void test_forget_busy_page_keeps_frame_until_io_done(void **state)
{
	(void)state;
	pfn_t f = donate(100, PCACHE_NO_INO, 0);
	struct pcache_page *p = pcache_lookup_block(&pc, DEV, 100);
	pcache_set_busy(&pc, p);
	assert_int_equal(pcache_forget_block(&pc, DEV, 100), 0);
	assert_null(pcache_lookup_block(&pc, DEV, 100));
	assert_int_equal(page_refs(&pm, f), 1);
	assert_true(pcache_clear_busy(&pc, p));
	assert_int_equal(page_refs(&pm, f), 0);
}

static void test_references_balanced_after_teardown(void **state)
{
	(void)state;
	for (uint64_t i = 0; i < 50; i++)
		donate(i, i % 2 ? 9 : PCACHE_NO_INO, i);
	/* A frame shared with a mapping elsewhere: the cache drops only its
	 * own reference. */
	struct pcache_page *p = pcache_lookup_block(&pc, DEV, 1);
	page_ref(&pm, p->pfn);
	pfn_t f = p->pfn;
	pcache_drop_all(&pc);
	assert_int_equal(page_refs(&pm, f), 1);
	assert_true(page_unref(&pm, f));
	assert_int_equal(pm.nr_free, free_at_start);
	assert_int_equal(live_nodes, 0);
}

static void test_enomem_insert_leaves_nothing(void **state)
{
	(void)state;
	donate(1, 2, 0);
	uint64_t free_before = pm.nr_free;
	pfn_t g = page_alloc(&pm, ALLOC_USER);
	fail_after = 0;
	assert_int_equal(pcache_insert(&pc, DEV, 50, 2, 1, g), -ENOMEM);
	fail_after = -1;
	assert_null(pcache_lookup_block(&pc, DEV, 50));
	assert_null(pcache_lookup_file(&pc, DEV, 2, 1));
	assert_int_equal(pc.st.pages, 1);
	assert_int_equal(live_nodes, 1);
	assert_int_equal(page_refs(&pm, g), 1);
	/* The same insert works once memory is back. */
	assert_int_equal(pcache_insert(&pc, DEV, 50, 2, 1, g), 0);
	assert_int_equal(pm.nr_free, free_before - 1);
}

static void test_thousands_of_pages(void **state)
{
	(void)state;
	const uint64_t n = 6000;
	for (uint64_t i = 0; i < n; i++)
		donate(i * 7 + 3, 100 + i / 500, i % 500);
	assert_int_equal(pc.st.pages, n);
	for (uint64_t i = 0; i < n; i++) {
		struct pcache_page *p = pcache_lookup_block(&pc, DEV, i * 7 + 3);
		assert_non_null(p);
		assert_ptr_equal(pcache_lookup_file(&pc, DEV, 100 + i / 500, i % 500), p);
	}
	/* Truncate every file to 250 pages. */
	size_t gone = 0;
	for (uint64_t ino = 100; ino < 112; ino++)
		gone += pcache_forget_file(&pc, DEV, ino, 250);
	assert_int_equal(gone, n / 2);
	assert_int_equal(pc.st.pages, n / 2);
	assert_int_equal(pcache_evict(&pc, n), n / 2);
	assert_int_equal(pm.nr_free, free_at_start);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_block_and_file_identity_find_the_same_page),
		T(test_duplicate_block_or_file_page_is_refused),
		T(test_set_and_clear_file_identity),
		T(test_forget_block_leaves_both_indexes_and_frees),
		T(test_reused_block_and_inode_find_the_new_page),
		T(test_truncate_in_the_middle),
		T(test_evict_least_recently_used_first),
		T(test_mapped_dirty_busy_never_evicted),
		T(test_forget_mapped_page_keeps_frame_until_unmapped),
		T(test_forget_busy_page_keeps_frame_until_io_done),
		T(test_references_balanced_after_teardown),
		T(test_enomem_insert_leaves_nothing),
		T(test_thousands_of_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
