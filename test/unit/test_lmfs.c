/*
 * Host tests for libminixfs (lib/libminixfs): the block cache and
 * read-ahead, on a file-backed device (filedev.c) whose block n is filled
 * with the byte n at setup. A wrapper device can be told to fail reads.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../lib/libminixfs/lmfs.h"
#include "../../lib/libmini/mini_string.h"
#include <quire/errno.h>

#define DEV_BLOCKS 64

static char path[64];
static int fd = -1;
static struct lmfs_dev dev;
static void *mem, *meta;
static bool fail_reads;

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	_fail(__FILE__, __LINE__);
	abort();
}

/* The file device, with reads that fail on demand. */
static const struct lmfs_dev_ops *file_ops;
static int failing_read(struct lmfs_dev *d, uint64_t blockno, void *const bufs[], unsigned n)
{
	return fail_reads ? -EIO : file_ops->read(d, blockno, bufs, n);
}
static struct lmfs_dev_ops test_ops;

static void cache_of(unsigned nblocks)
{
	free(mem);
	free(meta);
	mem = aligned_alloc(4096, (size_t)nblocks * LMFS_BLOCK_SIZE);
	size_t len = lmfs_meta_size(nblocks);
	meta = malloc(len);
	assert_non_null(mem);
	assert_non_null(meta);
	assert_int_equal(lmfs_init(mem, meta, len, nblocks), OK);
}

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "/tmp/quire-lmfs.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	uint8_t block[LMFS_BLOCK_SIZE];
	for (int i = 0; i < DEV_BLOCKS; i++) {
		memset(block, i, sizeof(block));
		assert_int_equal(write(fd, block, sizeof(block)), (ssize_t)sizeof(block));
	}
	assert_int_equal(lmfs_filedev_init(&dev, fd, 32), OK);
	file_ops = dev.ops;
	test_ops = *dev.ops;
	test_ops.read = failing_read;
	dev.ops = &test_ops;
	fail_reads = false;
	cache_of(16);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	close(fd);
	unlink(path);
	free(mem);
	free(meta);
	mem = meta = NULL;
	return 0;
}

static uint8_t file_byte(uint64_t blockno, unsigned off)
{
	uint8_t c;
	assert_int_equal(pread(fd, &c, 1, (off_t)(blockno * LMFS_BLOCK_SIZE + off)), 1);
	return c;
}

static void get_put(uint64_t blockno)
{
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, blockno, LMFS_NORMAL), OK);
	lmfs_put_block(b);
}

static void test_get_block_reads_the_device_block(void **state)
{
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, 7, LMFS_NORMAL), OK);
	assert_int_equal(b->blockno, 7);
	assert_int_equal(((uint8_t *)b->data)[0], 7);
	assert_int_equal(((uint8_t *)b->data)[LMFS_BLOCK_SIZE - 1], 7);
	assert_int_equal((uintptr_t)b->data & 4095, 0);
	assert_int_equal(lmfs_nr_held(), 1);
	lmfs_put_block(b);
	assert_int_equal(lmfs_nr_held(), 0);
	assert_int_equal(dev.stats.read_requests, 1);
}

static void test_cached_block_needs_no_io(void **state)
{
	get_put(3);
	struct lmfs_buf *a, *b;
	assert_int_equal(lmfs_get_block(&a, &dev, 3, LMFS_NORMAL), OK);
	assert_int_equal(lmfs_get_block(&b, &dev, 3, LMFS_NORMAL), OK);
	assert_ptr_equal(a, b);         /* two holders of one buffer */
	lmfs_put_block(a);
	lmfs_put_block(b);
	assert_int_equal(dev.stats.read_requests, 1);
	assert_int_equal(lmfs_get_stats()->hits, 2);
	assert_true(lmfs_cached(&dev, 3));
}

static void test_noread_zeroes_without_io(void **state)
{
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, 9, LMFS_NOREAD), OK);
	assert_int_equal(((uint8_t *)b->data)[100], 0);
	lmfs_put_block(b);
	assert_int_equal(dev.stats.read_requests, 0);
}

static void test_dirty_block_reaches_device_only_at_flush(void **state)
{
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, 5, LMFS_NORMAL), OK);
	((uint8_t *)b->data)[10] = 0xAB;
	lmfs_markdirty(b);
	lmfs_put_block(b);
	assert_int_equal(file_byte(5, 10), 5);
	assert_int_equal(lmfs_flush_dev(&dev), OK);
	assert_int_equal(file_byte(5, 10), 0xAB);
	assert_int_equal(dev.stats.write_requests, 1);
	/* Clean now: a second flush writes nothing. */
	assert_int_equal(lmfs_flush_all(), OK);
	assert_int_equal(dev.stats.write_requests, 1);
}

static void dirty(uint64_t blockno, uint8_t value)
{
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, blockno, LMFS_NOREAD), OK);
	memset(b->data, value, LMFS_BLOCK_SIZE);
	lmfs_markdirty(b);
	lmfs_put_block(b);
}

static void test_flush_writes_consecutive_blocks_in_one_request(void **state)
{
	/* Dirtied out of order: 12, 10, 11, 13 and a lone 30. */
	dirty(12, 0xC2);
	dirty(10, 0xC0);
	dirty(11, 0xC1);
	dirty(13, 0xC3);
	dirty(30, 0xD0);
	assert_int_equal(lmfs_flush_all(), OK);
	assert_int_equal(dev.stats.write_requests, 2);
	assert_int_equal(dev.stats.blocks_written, 5);
	for (int i = 0; i < 4; i++)
		assert_int_equal(file_byte(10 + i, 4000), 0xC0 + i);
	assert_int_equal(file_byte(30, 0), 0xD0);
}

static void test_lru_evicts_least_recently_used(void **state)
{
	cache_of(4);
	get_put(0);
	get_put(1);
	get_put(2);
	get_put(3);
	get_put(0);                     /* 1 is now the least recently used */
	get_put(4);
	assert_false(lmfs_cached(&dev, 1));
	assert_true(lmfs_cached(&dev, 0));
	assert_true(lmfs_cached(&dev, 2));
	assert_true(lmfs_cached(&dev, 4));
	assert_int_equal(lmfs_get_stats()->evictions, 1);
}

static void test_eviction_writes_back_a_dirty_block(void **state)
{
	cache_of(2);
	dirty(20, 0x77);
	get_put(21);
	get_put(22);                    /* evicts 20 */
	assert_false(lmfs_cached(&dev, 20));
	assert_int_equal(file_byte(20, 0), 0x77);
	assert_int_equal(lmfs_get_stats()->writebacks, 1);
}

static void test_all_buffers_held_is_enomem(void **state)
{
	cache_of(2);
	struct lmfs_buf *a, *b, *c;
	assert_int_equal(lmfs_get_block(&a, &dev, 1, LMFS_NORMAL), OK);
	assert_int_equal(lmfs_get_block(&b, &dev, 2, LMFS_NORMAL), OK);
	assert_int_equal(lmfs_get_block(&c, &dev, 3, LMFS_NORMAL), -ENOMEM);
	assert_null(c);
	lmfs_put_block(a);
	assert_int_equal(lmfs_get_block(&c, &dev, 3, LMFS_NORMAL), OK);
	lmfs_put_block(b);
	lmfs_put_block(c);
}

static void test_forget_drops_a_dirty_block_unwritten(void **state)
{
	dirty(40, 0x55);
	lmfs_forget(&dev, 40);
	assert_false(lmfs_cached(&dev, 40));
	assert_int_equal(lmfs_flush_all(), OK);
	assert_int_equal(file_byte(40, 0), 40);
	assert_int_equal(dev.stats.write_requests, 0);
}

static void test_block_past_device_end_is_einval(void **state)
{
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, DEV_BLOCKS, LMFS_NORMAL), -EINVAL);
	assert_int_equal(lmfs_get_block(&b, &dev, 0, 7), -EINVAL);
}

static void test_read_error_leaves_nothing_cached(void **state)
{
	fail_reads = true;
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, 6, LMFS_NORMAL), -EIO);
	assert_false(lmfs_cached(&dev, 6));
	assert_int_equal(lmfs_nr_held(), 0);
	fail_reads = false;
	get_put(6);
	assert_true(lmfs_cached(&dev, 6));
}

static void test_invalidate_forgets_every_block_of_the_device(void **state)
{
	get_put(1);
	get_put(2);
	lmfs_invalidate(&dev);
	assert_false(lmfs_cached(&dev, 1));
	assert_false(lmfs_cached(&dev, 2));
	assert_int_equal(lmfs_nr_held(), 0);
}

static void test_stream_window_grows_while_sequential(void **state)
{
	struct lmfs_stream s = { 0 };
	assert_int_equal(lmfs_stream_access(&s, 0), LMFS_RA_MIN);
	assert_int_equal(lmfs_stream_access(&s, 1), 2 * LMFS_RA_MIN);
	assert_int_equal(lmfs_stream_access(&s, 1), 2 * LMFS_RA_MIN);  /* same block again */
	assert_int_equal(lmfs_stream_access(&s, 2), 4 * LMFS_RA_MIN);
	for (uint64_t n = 3; n < 10; n++)
		assert_int_equal(lmfs_stream_access(&s, n), LMFS_RA_MAX);
	assert_int_equal(lmfs_stream_access(&s, 50), 0);               /* a seek */
	assert_int_equal(lmfs_stream_access(&s, 51), LMFS_RA_MIN);
}

static void test_readahead_reads_each_run_in_one_request(void **state)
{
	cache_of(32);                   /* room for all ten within the budget */
	uint64_t list[] = { 10, 11, 12, 13, 14, 15, 16, 17, 20, 21 };
	assert_int_equal(lmfs_readahead(&dev, 0, 0, 0, list, 10), OK);
	assert_int_equal(dev.stats.read_requests, 2);
	assert_int_equal(dev.stats.blocks_read, 10);
	for (int i = 0; i < 10; i++) {
		struct lmfs_buf *b;
		assert_int_equal(lmfs_get_block(&b, &dev, list[i], LMFS_NORMAL), OK);
		assert_int_equal(((uint8_t *)b->data)[123], list[i]);
		lmfs_put_block(b);
	}
	assert_int_equal(dev.stats.read_requests, 2);   /* all hits */
	assert_int_equal(lmfs_get_stats()->readahead_blocks, 10);
}

static void test_readahead_skips_cached_blocks_and_holes(void **state)
{
	get_put(12);
	uint64_t list[] = { 10, 11, 0, 12, 13 };
	assert_int_equal(lmfs_readahead(&dev, 0, 0, 0, list, 5), OK);
	/* 10-11 and 13: the cached 12 splits the run; 0 is a hole. */
	assert_int_equal(dev.stats.read_requests, 3);
	assert_int_equal(dev.stats.blocks_read, 4);
}

static void test_readahead_takes_at_most_half_the_free_buffers(void **state)
{
	cache_of(8);
	uint64_t list[20];
	for (int i = 0; i < 20; i++)
		list[i] = 30 + (uint64_t)i;
	assert_int_equal(lmfs_readahead(&dev, 0, 0, 0, list, 20), OK);
	assert_int_equal(dev.stats.blocks_read, 4);
	assert_int_equal(lmfs_nr_held(), 0);
}

static void test_readahead_error_leaves_nothing_cached(void **state)
{
	fail_reads = true;
	uint64_t list[] = { 1, 2, 3 };
	assert_int_equal(lmfs_readahead(&dev, 0, 0, 0, list, 3), -EIO);
	for (int i = 0; i < 3; i++)
		assert_false(lmfs_cached(&dev, list[i]));
	assert_int_equal(lmfs_nr_held(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_block_reads_the_device_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cached_block_needs_no_io, setup, teardown),
		cmocka_unit_test_setup_teardown(test_noread_zeroes_without_io, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dirty_block_reaches_device_only_at_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_writes_consecutive_blocks_in_one_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru_evicts_least_recently_used, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eviction_writes_back_a_dirty_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_buffers_held_is_enomem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forget_drops_a_dirty_block_unwritten, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_past_device_end_is_einval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_error_leaves_nothing_cached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalidate_forgets_every_block_of_the_device, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_window_grows_while_sequential, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readahead_reads_each_run_in_one_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readahead_skips_cached_blocks_and_holes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readahead_takes_at_most_half_the_free_buffers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readahead_error_leaves_nothing_cached, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
