/*
 * Host tests for libminixfs with a backing (lib/libminixfs/backing.c):
 * the cache on a file device whose block n is filled with the byte n,
 * backed by the fake of VM's page cache (fake_vmcache.h), which records
 * every call, and every device read, in one log.
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
#include "fake_vmcache.h"

#define DEV_BLOCKS 64
#define NOEOF UINT64_MAX        /* a file size no page reaches */

static char path[64];
static int fd = -1;
static struct lmfs_dev dev;
static void *mem, *meta;

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

/* The file device, with its reads logged among the backing's calls. */
static const struct lmfs_dev_ops *file_ops;
static int logged_read(struct lmfs_dev *d, uint64_t blockno, void *const bufs[], unsigned n)
{
	fvm_log_read(blockno, n);
	return file_ops->read(d, blockno, bufs, n);
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
	snprintf(path, sizeof(path), "/tmp/quire-lmfsb.XXXXXX");
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
	test_ops.read = logged_read;
	dev.ops = &test_ops;
	lmfs_set_backing(&dev, &fvm_backing);
	fvm_reset();
	cache_of(16);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	/* No test may make the cache's bookkeeping disagree with VM's. */
	assert_int_equal(lmfs_get_stats()->backing_exists, 0);
	assert_int_equal(lmfs_get_stats()->backing_errors, 0);
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

static void expect(unsigned i, enum fvm_op op, uint64_t block)
{
	assert_true(i < fvm_nlog);
	assert_int_equal(fvm_log[i].op, op);
	assert_int_equal(fvm_log[i].block, block);
}

static void test_miss_asks_get_then_reads_then_sets(void **state)
{
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_file_block(&b, &dev, 7, LMFS_NORMAL, 12, 3, NOEOF), OK);
	assert_int_equal(((uint8_t *)b->data)[100], 7);
	lmfs_put_block(b);
	assert_int_equal(fvm_nlog, 3);
	expect(0, FVM_GET, 7);
	assert_false(fvm_log[0].found);
	expect(1, FVM_READ, 7);
	expect(2, FVM_SET, 7);
	assert_int_equal(fvm_log[2].ino, 12);
	assert_int_equal(fvm_log[2].index, 3);
	/* VM's page is the cache's: the same frame. */
	assert_ptr_equal(fvm_block(7), b->data);
	assert_true(fvm_has_identity(7, 12, 3));
}

static void test_hit_sends_nothing(void **state)
{
	get_put(4);
	unsigned calls = fvm_nlog;
	get_put(4);
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_file_block(&b, &dev, 9, LMFS_NORMAL, 5, 0, NOEOF), OK);
	lmfs_put_block(b);
	calls = fvm_nlog;
	assert_int_equal(lmfs_get_file_block(&b, &dev, 9, LMFS_NORMAL, 5, 0, NOEOF), OK);
	lmfs_put_block(b);
	assert_int_equal(fvm_nlog, calls);
}

static void test_block_vm_has_is_not_read(void **state)
{
	uint8_t page[LMFS_BLOCK_SIZE];
	memset(page, 0xEE, sizeof(page));
	fvm_put(20, 0, 0, page);
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, 20, LMFS_NORMAL), OK);
	assert_int_equal(((uint8_t *)b->data)[4000], 0xEE);     /* VM's, not the disk's */
	lmfs_put_block(b);
	assert_int_equal(dev.stats.read_requests, 0);
	assert_int_equal(fvm_count(FVM_SET), 0);
	assert_int_equal(lmfs_get_stats()->backing_found, 1);
}

static void test_evicted_block_comes_back_from_vm(void **state)
{
	cache_of(2);
	get_put(1);
	get_put(2);
	get_put(3);                     /* evicts 1: VM keeps its frame */
	assert_false(lmfs_cached(&dev, 1));
	assert_non_null(fvm_block(1));
	get_put(1);
	assert_int_equal(dev.stats.read_requests, 3);
	assert_int_equal(lmfs_get_stats()->backing_found, 1);
}

static void test_dirty_victim_is_written_before_its_page_is_reused(void **state)
{
	cache_of(1);
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, 30, LMFS_NOREAD), OK);
	memset(b->data, 0x77, LMFS_BLOCK_SIZE);
	lmfs_markdirty(b);
	lmfs_put_block(b);
	unsigned before = fvm_nlog;
	get_put(31);
	/* Written to the device before the get moved its frame out. */
	assert_int_equal(file_byte(30, 0), 0x77);
	assert_int_equal(dev.stats.write_requests, 1);
	expect(before, FVM_GET, 31);
	/* VM kept the frame, with the data that is now on the disk. */
	assert_non_null(fvm_block(30));
	assert_int_equal(fvm_block(30)[5], 0x77);
}

static void test_noread_miss_sets_a_zeroed_page(void **state)
{
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_file_block(&b, &dev, 40, LMFS_NOREAD, 8, 1, NOEOF), OK);
	assert_int_equal(((uint8_t *)b->data)[77], 0);
	lmfs_put_block(b);
	assert_int_equal(dev.stats.read_requests, 0);
	assert_int_equal(fvm_count(FVM_SET), 1);
	assert_true(fvm_has_identity(40, 8, 1));
}

/* A block just allocated costs one call: VM names a fresh zeroed frame. */
static void test_fresh_block_is_one_call_and_no_read(void **state)
{
	get_put(41);                     /* the victim's page will hold old data */
	fvm_nlog = 0;
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_file_block(&b, &dev, 42, LMFS_FRESH, 8, 2, NOEOF), OK);
	for (int i = 0; i < LMFS_BLOCK_SIZE; i++)
		assert_int_equal(((uint8_t *)b->data)[i], 0);
	lmfs_put_block(b);
	assert_int_equal(dev.stats.read_requests, 1);    /* block 41's only */
	assert_int_equal(fvm_count(FVM_FRESH), 1);
	assert_int_equal(fvm_count(FVM_GET) + fvm_count(FVM_SET), 0);
	assert_true(fvm_has_identity(42, 8, 2));
	assert_non_null(fvm_block(41));                  /* the old frame stays VM's */
}

static void test_hit_gives_vm_the_file_identity(void **state)
{
	get_put(5);                     /* metadata first: VM knows block 5 only */
	assert_true(fvm_has_identity(5, 0, 0));
	unsigned before = fvm_nlog;
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_file_block(&b, &dev, 5, LMFS_NORMAL, 11, 2, NOEOF), OK);
	assert_int_equal(((uint8_t *)b->data)[9], 5);
	lmfs_put_block(b);
	/* One get on the same page, which found the same frame. */
	assert_int_equal(fvm_nlog, before + 1);
	expect(before, FVM_GET, 5);
	assert_true(fvm_log[before].found);
	assert_true(fvm_has_identity(5, 11, 2));
	assert_ptr_equal(fvm_block(5), b->data);
	assert_int_equal(dev.stats.read_requests, 1);
	assert_int_equal(lmfs_get_stats()->backing_renames, 1);
}

static void test_identity_kept_through_rename_of_a_dirty_block(void **state)
{
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, 6, LMFS_NORMAL), OK);
	((uint8_t *)b->data)[0] = 0x99;
	lmfs_markdirty(b);
	lmfs_put_block(b);
	assert_int_equal(lmfs_get_file_block(&b, &dev, 6, LMFS_NORMAL, 3, 0, NOEOF), OK);
	assert_int_equal(((uint8_t *)b->data)[0], 0x99);
	lmfs_put_block(b);
	assert_int_equal(lmfs_flush_dev(&dev), OK);
	assert_int_equal(file_byte(6, 0), 0x99);        /* still dirty after the rename */
}

static void test_unnamed_page_gets_identity_by_set(void **state)
{
	/* A freed block still held keeps its data but leaves VM. */
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, 8, LMFS_NORMAL), OK);
	lmfs_forget(&dev, 8);
	lmfs_forget_flush();
	assert_null(fvm_block(8));
	unsigned before = fvm_nlog;
	struct lmfs_buf *c;
	assert_int_equal(lmfs_get_file_block(&c, &dev, 8, LMFS_NOREAD, 4, 4, NOEOF), OK);
	assert_ptr_equal(b, c);
	expect(before, FVM_SET, 8);
	assert_true(fvm_has_identity(8, 4, 4));
	lmfs_put_block(c);
	lmfs_put_block(b);
}

static void test_consecutive_forgets_are_one_call(void **state)
{
	get_put(10);
	get_put(11);
	lmfs_forget(&dev, 10);
	lmfs_forget(&dev, 11);
	lmfs_forget(&dev, 12);
	lmfs_forget(&dev, 20);
	assert_int_equal(fvm_count(FVM_FORGET_BLOCKS), 1);      /* 10..12 went at 20 */
	lmfs_forget_flush();
	assert_int_equal(fvm_count(FVM_FORGET_BLOCKS), 2);
	unsigned n = fvm_nlog;
	expect(n - 2, FVM_FORGET_BLOCKS, 10);
	assert_int_equal(fvm_log[n - 2].count, 3);
	expect(n - 1, FVM_FORGET_BLOCKS, 20);
	assert_int_equal(fvm_log[n - 1].count, 1);
	assert_null(fvm_block(10));
	assert_null(fvm_block(11));
	assert_false(lmfs_cached(&dev, 10));
	lmfs_forget_flush();            /* nothing left: no call */
	assert_int_equal(fvm_count(FVM_FORGET_BLOCKS), 2);
}

static void test_pending_forget_goes_before_the_next_get(void **state)
{
	get_put(15);
	lmfs_forget(&dev, 15);
	/* The block is reused: VM must not hand back the old page. */
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, 15, LMFS_NOREAD), OK);
	assert_int_equal(((uint8_t *)b->data)[0], 0);
	lmfs_put_block(b);
	unsigned n = fvm_nlog;
	expect(n - 3, FVM_FORGET_BLOCKS, 15);
	expect(n - 2, FVM_GET, 15);
	assert_false(fvm_log[n - 2].found);
	expect(n - 1, FVM_SET, 15);
}

static void test_forget_file_reaches_vm_and_drops_identities(void **state)
{
	struct lmfs_buf *b;
	for (uint64_t i = 0; i < 4; i++) {
		assert_int_equal(lmfs_get_file_block(&b, &dev, 50 + i, LMFS_NORMAL, 9, i, NOEOF), OK);
		lmfs_put_block(b);
	}
	lmfs_forget_file(&dev, 9, 2);
	assert_int_equal(fvm_count(FVM_FORGET_FILE), 1);
	assert_int_equal(fvm_log[fvm_nlog - 1].ino, 9);
	assert_int_equal(fvm_log[fvm_nlog - 1].index, 2);
	assert_non_null(fvm_file_page(9, 1));
	assert_null(fvm_file_page(9, 2));
	assert_null(fvm_file_page(9, 3));
	/* A page the cache still holds is named again when asked. */
	assert_int_equal(lmfs_get_file_block(&b, &dev, 52, LMFS_NORMAL, 9, 2, NOEOF), OK);
	lmfs_put_block(b);
	assert_true(fvm_has_identity(52, 9, 2));
}

static void test_cached_only_does_no_read(void **state)
{
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, 25, LMFS_CACHED), -ENOENT);
	assert_null(b);
	uint8_t page[LMFS_BLOCK_SIZE];
	memset(page, 0x31, sizeof(page));
	fvm_put(26, 2, 7, page);
	assert_int_equal(lmfs_get_file_block(&b, &dev, 26, LMFS_CACHED, 2, 7, NOEOF), OK);
	assert_int_equal(((uint8_t *)b->data)[1], 0x31);
	lmfs_put_block(b);
	assert_int_equal(lmfs_get_block(&b, &dev, 26, LMFS_CACHED), OK);   /* a hit */
	lmfs_put_block(b);
	assert_int_equal(dev.stats.read_requests, 0);
	assert_int_equal(lmfs_nr_held(), 0);
	assert_false(lmfs_cached(&dev, 25));
}

static void test_cached_only_without_backing_is_the_cache_alone(void **state)
{
	lmfs_set_backing(&dev, NULL);
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_block(&b, &dev, 3, LMFS_CACHED), -ENOENT);
	get_put(3);
	assert_int_equal(lmfs_get_block(&b, &dev, 3, LMFS_CACHED), OK);
	lmfs_put_block(b);
	assert_int_equal(fvm_nlog, 1);  /* the one read; no backing calls */
}

static void test_write_blocks_writes_clean_blocks_in_one_request(void **state)
{
	struct lmfs_buf *b[3];
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(lmfs_get_file_block(&b[i], &dev, 33 + i, LMFS_NORMAL, 6, i, NOEOF), OK);
		((uint8_t *)b[i]->data)[3] = (uint8_t)(0x42 + i);  /* stores through a mapping */
	}
	assert_int_equal(lmfs_write_blocks(b, 3), OK);
	assert_int_equal(lmfs_dev_flush(&dev), OK);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(file_byte(33 + i, 3), 0x42 + i);
	assert_int_equal(dev.stats.write_requests, 1);
	/* Not consecutive: refused, nothing written. */
	struct lmfs_buf *odd[2] = { b[0], b[2] };
	assert_int_equal(lmfs_write_blocks(odd, 2), -EINVAL);
	assert_int_equal(dev.stats.write_requests, 1);
	for (unsigned i = 0; i < 3; i++)
		lmfs_put_block(b[i]);
}

static void test_readahead_names_file_pages_and_skips_vm_blocks(void **state)
{
	cache_of(32);
	uint8_t page[LMFS_BLOCK_SIZE];
	memset(page, 0xAA, sizeof(page));
	fvm_put(13, 0, 0, page);        /* VM has block 13 (page 3) */
	uint64_t list[] = { 10, 11, 12, 13, 14, 15, 0, 17 };
	assert_int_equal(lmfs_readahead(&dev, 21, 100, NOEOF, list, 8), OK);
	/* 10-12, 14-15, 17: three requests; 13 from VM; 0 a hole. */
	assert_int_equal(dev.stats.read_requests, 3);
	assert_int_equal(dev.stats.blocks_read, 6);
	for (unsigned i = 0; i < 8; i++)
		if (list[i])
			assert_true(fvm_has_identity(list[i], 21, 100 + i));
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_file_block(&b, &dev, 13, LMFS_NORMAL, 21, 103, NOEOF), OK);
	assert_int_equal(((uint8_t *)b->data)[0], 0xAA);
	lmfs_put_block(b);
	assert_int_equal(lmfs_nr_held(), 0);
}

static void test_file_page_read_is_zeroed_past_eof(void **state)
{
	cache_of(32);
	struct lmfs_buf *b;
	/* Page 2 of a file of 2 pages + 100 bytes: 100 bytes are data. */
	assert_int_equal(lmfs_get_file_block(&b, &dev, 17, LMFS_NORMAL, 4, 2, 2 * 4096 + 100), OK);
	assert_int_equal(((uint8_t *)b->data)[99], 17);
	assert_int_equal(((uint8_t *)b->data)[100], 0);
	assert_int_equal(((uint8_t *)b->data)[4095], 0);
	lmfs_put_block(b);
	/* Metadata and whole pages are left as they are on the device. */
	assert_int_equal(lmfs_get_file_block(&b, &dev, 18, LMFS_NORMAL, 4, 1, 2 * 4096 + 100), OK);
	assert_int_equal(((uint8_t *)b->data)[4095], 18);
	lmfs_put_block(b);
	/* Read-ahead zeroes the same way. */
	uint64_t list[] = { 20, 21 };
	assert_int_equal(lmfs_readahead(&dev, 5, 0, 4096 + 1, list, 2), OK);
	assert_int_equal(lmfs_get_file_block(&b, &dev, 21, LMFS_NORMAL, 5, 1, 4096 + 1), OK);
	assert_int_equal(((uint8_t *)b->data)[0], 21);
	assert_int_equal(((uint8_t *)b->data)[1], 0);
	lmfs_put_block(b);
	/* A page VM has is VM's as it is (a mapping may see its stores). */
	uint8_t page[LMFS_BLOCK_SIZE];
	memset(page, 0x44, sizeof(page));
	fvm_put(30, 6, 0, page);
	assert_int_equal(lmfs_get_file_block(&b, &dev, 30, LMFS_NORMAL, 6, 0, 10), OK);
	assert_int_equal(((uint8_t *)b->data)[100], 0x44);
	lmfs_put_block(b);
}

static void test_invalidate_makes_vm_forget_the_device(void **state)
{
	get_put(1);
	lmfs_invalidate(&dev);
	assert_int_equal(fvm_count(FVM_FORGET_BLOCKS), 1);
	assert_int_equal(fvm_log[fvm_nlog - 1].block, 0);
	assert_int_equal(fvm_log[fvm_nlog - 1].count, DEV_BLOCKS);
	assert_int_equal(fvm_pages(), 0);
}

/* ---- fresh runs (freshrun.c): a cache of 64 buffers, the least that uses them ---- */

static struct lmfs_buf *take(uint64_t blockno, uint64_t ino, uint64_t index, uint8_t mark)
{
	struct lmfs_buf *b;
	assert_int_equal(lmfs_get_file_block(&b, &dev, blockno, LMFS_FRESH, ino, index, NOEOF), OK);
	for (int i = 0; i < LMFS_BLOCK_SIZE; i += 512)
		assert_int_equal(((uint8_t *)b->data)[i], 0);
	((uint8_t *)b->data)[0] = mark;
	lmfs_markdirty(b);
	return b;
}

static unsigned find(enum fvm_op op, uint64_t block)
{
	for (unsigned i = 0; i < fvm_nlog; i++)
		if (fvm_log[i].op == op && fvm_log[i].block == block)
			return i;
	fail_msg("no call %d for block %lu", op, (unsigned long)block);
	return 0;
}

/* Sixteen blocks allocated in a row: one prep, one set_run, no read. */
static void test_fresh_run_is_two_calls(void **state)
{
	cache_of(64);
	for (unsigned i = 0; i < 16; i++)
		lmfs_put_block(take(20 + i, 9, i, (uint8_t)(0xa0 + i)));
	assert_int_equal(fvm_count(FVM_PREP), 1);
	assert_int_equal(fvm_count(FVM_RUN), 0);        /* the names wait for the flush */
	assert_int_equal(fvm_count(FVM_FRESH) + fvm_count(FVM_SET) + fvm_count(FVM_GET), 0);
	lmfs_forget_flush();
	assert_int_equal(fvm_count(FVM_RUN), 1);
	unsigned r = find(FVM_RUN, 20);
	assert_int_equal(fvm_log[r].count, 16);
	for (unsigned i = 0; i < 16; i++) {
		assert_true(fvm_has_identity(20 + i, 9, i));
		assert_int_equal(fvm_block(20 + i)[0], 0xa0 + i);   /* VM's page is the buffer's */
	}
	assert_int_equal(dev.stats.read_requests, 0);
	assert_int_equal(lmfs_flush_dev(&dev), OK);
	assert_int_equal(file_byte(27, 0), 0xa7);
}

/* A block that does not continue the run closes it (named) and opens
 * another; metadata (ino 0) runs too. */
static void test_fresh_run_breaks_on_a_gap(void **state)
{
	cache_of(64);
	lmfs_put_block(take(20, 9, 0, 1));
	lmfs_put_block(take(21, 9, 1, 2));
	lmfs_put_block(take(30, 9, 5, 3));              /* a gap in the blocks */
	unsigned r1 = find(FVM_RUN, 20);
	assert_int_equal(fvm_log[r1].count, 2);
	assert_int_equal(fvm_count(FVM_PREP), 2);
	lmfs_put_block(take(31, 0, 0, 4));              /* metadata: another run */
	lmfs_put_block(take(32, 0, 0, 5));
	lmfs_forget_flush();
	assert_int_equal(fvm_log[find(FVM_RUN, 30)].count, 1);
	assert_int_equal(fvm_log[find(FVM_RUN, 31)].count, 2);
	assert_true(fvm_has_identity(30, 9, 5));
	assert_true(fvm_has_identity(32, 0, 0));
	assert_int_equal(fvm_block(32)[0], 5);
}

/* A pending block freed is named first, then forgotten: VM never keeps
 * it; its neighbour stays. */
static void test_fresh_run_block_freed_before_the_flush(void **state)
{
	cache_of(64);
	lmfs_put_block(take(20, 9, 0, 1));
	lmfs_put_block(take(21, 9, 1, 2));
	lmfs_forget(&dev, 21);
	lmfs_forget_flush();
	assert_true(find(FVM_RUN, 20) < find(FVM_FORGET_BLOCKS, 21));
	assert_null(fvm_block(21));
	assert_non_null(fvm_block(20));
	assert_false(lmfs_cached(&dev, 21));
	/* Allocated again at once: forgotten first, then named again. */
	lmfs_put_block(take(21, 9, 1, 7));
	lmfs_forget(&dev, 22);                           /* batched after it */
	lmfs_forget_flush();
	assert_int_equal(fvm_block(21)[0], 7);
}

/* Any other call to the backing names the run first (here the get of
 * the next miss): VM has the page, with what was written to it, before
 * it hears anything else. */
static void test_fresh_run_named_before_any_other_call(void **state)
{
	cache_of(64);
	lmfs_put_block(take(63, 9, 0, 0x5a));           /* 15 buffers stay reserved */
	for (uint64_t blk = 0; blk < 63; blk++)
		get_put(blk);
	assert_true(find(FVM_RUN, 63) < find(FVM_GET, 0));
	assert_int_equal(fvm_count(FVM_RUN), 1);
	assert_int_equal(fvm_block(63)[0], 0x5a);
	assert_true(fvm_has_identity(63, 9, 0));
	assert_int_equal(lmfs_nr_held(), 0);           /* the unused reserved ones came back */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_miss_asks_get_then_reads_then_sets),
		T(test_hit_sends_nothing),
		T(test_block_vm_has_is_not_read),
		T(test_evicted_block_comes_back_from_vm),
		T(test_dirty_victim_is_written_before_its_page_is_reused),
		T(test_noread_miss_sets_a_zeroed_page),
		T(test_fresh_block_is_one_call_and_no_read),
		T(test_hit_gives_vm_the_file_identity),
		T(test_identity_kept_through_rename_of_a_dirty_block),
		T(test_unnamed_page_gets_identity_by_set),
		T(test_consecutive_forgets_are_one_call),
		T(test_pending_forget_goes_before_the_next_get),
		T(test_forget_file_reaches_vm_and_drops_identities),
		T(test_cached_only_does_no_read),
		T(test_cached_only_without_backing_is_the_cache_alone),
		T(test_write_blocks_writes_clean_blocks_in_one_request),
		T(test_readahead_names_file_pages_and_skips_vm_blocks),
		T(test_file_page_read_is_zeroed_past_eof),
		T(test_invalidate_makes_vm_forget_the_device),
		T(test_fresh_run_is_two_calls),
		T(test_fresh_run_breaks_on_a_gap),
		T(test_fresh_run_block_freed_before_the_flush),
		T(test_fresh_run_named_before_any_other_call),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
