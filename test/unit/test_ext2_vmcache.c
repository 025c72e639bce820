/*
 * Host tests for the ext2 server on VM's page cache, played by the fake
 * of fake_vmcache.h: file data reaches VM with its file identity, VM
 * forgets a cut file's pages before its blocks are freed, the bytes past
 * the end of the last page never become file data, and the work items
 * (vmwork.c: PAGEIN, FILL, WRITEBACK) as VM would send them. A "store
 * through a mapping" is a store into VM's page (fvm_file_page). Every
 * test ends with e2fsck -fn on the image.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ext2_harness.h"

#define BS 4096ull

static uint64_t new_file(const char *name)
{
	uint64_t ino;
	assert_int_equal(h_create(h_root, name, 0644, &ino), OK);
	return ino;
}

static void write_pattern(uint64_t ino, uint64_t pos, uint64_t len, unsigned seed)
{
	uint8_t *buf = malloc(len);
	h_fill_pattern(buf, len, seed, pos);
	assert_int_equal(h_write(ino, pos, buf, len), (int64_t)len);
	free(buf);
}

/* [pos, pos+len) holds the pattern (seed), or zeroes (seed < 0). */
static void expect(uint64_t ino, uint64_t pos, uint64_t len, int seed)
{
	uint8_t *buf = malloc(len);
	assert_int_equal(h_read(ino, pos, buf, len), (int64_t)len);
	for (uint64_t i = 0; i < len; i++) {
		uint8_t want = seed < 0 ? 0 : h_pattern((unsigned)seed, pos + i);
		if (buf[i] != want)
			fail_msg("byte %lu: %u, want %u", (unsigned long)(pos + i), buf[i], want);
	}
	free(buf);
}

static uint64_t file_blocks(uint64_t ino)
{
	struct qstat st;
	assert_int_equal(h_stat(ino, &st), OK);
	return st.blocks;
}

/* VM's page of file page (ino, index), which must be cached. */
static uint8_t *vm_page(uint64_t ino, uint64_t index)
{
	uint8_t *p = fvm_file_page(ino, index);
	if (!p)
		fail_msg("VM has no page %lu of inode %lu", (unsigned long)index, (unsigned long)ino);
	return p;
}

/* Run the server's work loop over one queued item; its result. */
static int work(int kind, uint64_t ino, uint64_t index, uint64_t count)
{
	unsigned in_core = inode_nr_in_core();
	int id = fvm_queue(kind, ino, index, count);
	vmwork_serve(false);
	assert_int_equal(lmfs_nr_held(), 0);
	assert_int_equal(inode_nr_in_core(), in_core);  /* the inode was put again */
	return fvm_result(id);
}

static void test_read_and_write_name_file_pages(void **state)
{
	uint64_t ino = new_file("f");
	write_pattern(ino, 0, 3 * BS, 4);
	for (uint64_t i = 0; i < 3; i++)
		for (uint64_t k = 0; k < BS; k += 511)
			assert_int_equal(vm_page(ino, i)[k], h_pattern(4, i * BS + k));
	/* After a remount (VM forgets too), reads name them again. */
	h_unmount();
	h_mount();
	assert_null(fvm_file_page(ino, 1));
	expect(ino, 0, 3 * BS, 4);
	assert_non_null(vm_page(ino, 1));
	h_fsck();
}

static void test_mapping_store_is_seen_by_read_and_write_by_mapping(void **state)
{
	uint64_t ino = h_ino(h_root, "pattern.bin");
	expect(ino, 0, 2 * BS, 1);
	vm_page(ino, 1)[100] = 0x5A;    /* a store through MAP_SHARED */
	uint8_t c;
	assert_int_equal(h_read(ino, BS + 100, &c, 1), 1);
	assert_int_equal(c, 0x5A);
	c = 0xA5;                       /* write() is seen by the mapping */
	assert_int_equal(h_write(ino, BS + 200, &c, 1), 1);
	assert_int_equal(vm_page(ino, 1)[200], 0xA5);
	h_put(ino, 1);
	h_fsck();
}

/* The index of the first event of kind op at or after `from` in the log. */
static unsigned find_event(unsigned from, enum fvm_op op)
{
	for (unsigned i = from; i < fvm_nlog; i++)
		if (fvm_log[i].op == op)
			return i;
	fail_msg("no event %d after %u", op, from);
	return 0;
}

static void test_truncate_forgets_file_pages_before_freeing_blocks(void **state)
{
	uint64_t ino = new_file("t");
	write_pattern(ino, 0, 20 * BS, 5);      /* into the indirect block */
	assert_non_null(vm_page(ino, 15));
	unsigned mark = fvm_nlog;
	assert_int_equal(h_trunc(ino, 5 * BS + 10), OK);
	unsigned ff = find_event(mark, FVM_FORGET_FILE);
	assert_int_equal(fvm_log[ff].ino, ino);
	assert_int_equal(fvm_log[ff].index, 6);         /* the first page wholly cut */
	unsigned fb = find_event(mark, FVM_FORGET_BLOCKS);
	assert_true(ff < fb);
	/* The freed data blocks went in a few runs, not one call each. */
	assert_true(fvm_count(FVM_FORGET_BLOCKS) <= 3);
	for (uint64_t i = 6; i < 20; i++)
		assert_null(fvm_file_page(ino, i));
	assert_non_null(vm_page(ino, 5));
	expect(ino, 0, 5 * BS + 10, 5);
	h_fsck();
}

static void test_unlinked_file_is_forgotten_whole(void **state)
{
	uint64_t ino = new_file("gone");
	write_pattern(ino, 0, 4 * BS, 6);
	h_put(ino, 1);                  /* VFS drops it ... */
	unsigned mark = fvm_nlog;
	assert_int_equal(h_unlink(h_root, "gone"), OK);   /* ... so this frees it */
	unsigned ff = find_event(mark, FVM_FORGET_FILE);
	assert_int_equal(fvm_log[ff].ino, ino);
	assert_int_equal(fvm_log[ff].index, 0);
	assert_true(ff < find_event(mark, FVM_FORGET_BLOCKS));
	for (uint64_t i = 0; i < 4; i++)
		assert_null(fvm_file_page(ino, i));
	h_fsck();
}

static void test_shrink_zeroes_the_tail_in_the_mapped_page(void **state)
{
	uint64_t ino = new_file("s");
	write_pattern(ino, 0, 2 * BS, 7);
	uint8_t *page = vm_page(ino, 0);
	assert_int_equal(h_trunc(ino, 3000), OK);
	for (unsigned k = 3000; k < BS; k++)
		assert_int_equal(page[k], 0);           /* what a mapping sees */
	assert_int_equal(page[2999], h_pattern(7, 2999));
	h_fsck();
}

/* A mapping stores past the end of the last page; then the file grows. */
static void store_past_eof(uint64_t ino)
{
	uint8_t *page = vm_page(ino, 0);
	for (unsigned k = 3000; k < BS; k++)
		page[k] = 0xEE;
}

static void test_truncate_up_zeroes_what_a_mapping_stored_past_eof(void **state)
{
	uint64_t ino = new_file("u");
	write_pattern(ino, 0, 3000, 8);
	store_past_eof(ino);
	assert_int_equal(h_trunc(ino, 2 * BS), OK);
	expect(ino, 0, 3000, 8);
	expect(ino, 3000, 2 * BS - 3000, -1);
	h_fsck();
}

static void test_write_past_eof_zeroes_what_a_mapping_stored_past_eof(void **state)
{
	uint64_t ino = new_file("w");
	write_pattern(ino, 0, 3000, 9);
	store_past_eof(ino);
	write_pattern(ino, 3500, 100, 9);       /* leaves a gap 3000..3500 */
	expect(ino, 3000, 500, -1);
	expect(ino, 3500, 100, 9);
	/* Bytes past the new end stay past it: not data, whatever they are. */
	write_pattern(ino, 2 * BS, 10, 9);
	expect(ino, 3600, 2 * BS - 3600, -1);
	h_fsck();
}

static void test_stores_past_eof_on_the_disk_never_come_back(void **state)
{
	uint64_t ino = new_file("d");
	write_pattern(ino, 0, 3000, 12);        /* dirty in the cache ... */
	store_past_eof(ino);                    /* ... and stored into past the end */
	h_put(ino, 1);
	h_unmount();                            /* the flush writes the whole block */
	h_mount();
	assert_int_equal(work(VMW_PAGEIN, ino, 0, 1), OK);
	uint8_t *page = vm_page(ino, 0);
	for (unsigned k = 3000; k < BS; k++)
		assert_int_equal(page[k], 0);   /* what a new mapping sees */
	assert_int_equal(page[2999], h_pattern(12, 2999));
	h_fsck();
}

static void test_append_at_eof_keeps_working(void **state)
{
	uint64_t ino = new_file("a");
	for (uint64_t pos = 0; pos < 3 * BS; pos += 700)
		write_pattern(ino, pos, 700, 10);
	expect(ino, 0, 3 * BS, 10);
	h_fsck();
}

static void test_pagein_brings_the_page_and_read_ahead(void **state)
{
	uint64_t ino = h_ino(h_root, "pattern.bin");
	h_unmount();                    /* VM and the cache start empty */
	h_mount();
	uint64_t reads = h_device()->stats.read_requests;
	assert_int_equal(work(VMW_PAGEIN, ino, 2, 4), OK);
	for (uint64_t i = 2; i < 6; i++)
		for (uint64_t k = 0; k < BS; k += 1023)
			assert_int_equal(vm_page(ino, i)[k], h_pattern(1, i * BS + k));
	/* Pages 2..5: one device request (mke2fs lays the file out in a
	 * row), besides the inode-table block. */
	assert_true(h_device()->stats.read_requests - reads <= 3);
	/* Again: nothing to read. */
	reads = h_device()->stats.read_requests;
	assert_int_equal(work(VMW_PAGEIN, ino, 3, 1), OK);
	assert_int_equal(h_device()->stats.read_requests, reads);
	h_put(ino, 1);
	h_fsck();
}

static void test_pagein_answers_eof_hole_and_bad_inodes(void **state)
{
	uint64_t pat = h_ino(h_root, "pattern.bin");   /* 300 KiB: pages 0..74 */
	uint64_t sparse = h_ino(h_root, "sparse.bin");
	uint64_t dir = h_ino(h_root, "dir");
	assert_int_equal(work(VMW_PAGEIN, pat, 74, 1), OK);
	assert_int_equal(work(VMW_PAGEIN, pat, 75, 1), VMW_EOF);
	assert_int_equal(work(VMW_PAGEIN, pat, UINT64_MAX, 1), VMW_EOF);
	assert_int_equal(work(VMW_PAGEIN, sparse, 0, 8), VMW_HOLE);
	assert_int_equal(work(VMW_PAGEIN, sparse, (5 << 20) / BS, 8), OK);
	assert_int_equal(work(VMW_PAGEIN, dir, 0, 1), -EINVAL);
	assert_int_equal(work(VMW_PAGEIN, 0, 0, 1), -EINVAL);
	assert_int_equal(work(VMW_PAGEIN, 1ull << 40, 0, 1), -EINVAL);
	assert_int_equal(work(VMW_PAGEIN, 5000, 0, 1), -EINVAL);   /* a free inode */
	assert_int_equal(work(77, pat, 0, 1), -EINVAL);            /* an unknown kind */
	h_put(pat, 1);
	h_put(sparse, 1);
	h_put(dir, 1);
	h_fsck();
}

static void test_fill_allocates_a_zeroed_block_for_a_hole(void **state)
{
	uint64_t ino = h_ino(h_root, "sparse.bin");
	uint64_t blocks = file_blocks(ino);
	assert_int_equal(work(VMW_FILL, ino, 1, 1), OK);
	assert_int_equal(file_blocks(ino), blocks + 8);
	uint8_t *page = vm_page(ino, 1);
	for (unsigned k = 0; k < BS; k += 97)
		assert_int_equal(page[k], 0);
	page[5] = 0x66;                 /* the store that faulted */
	/* Again (a write() got there first): nothing more allocated. */
	assert_int_equal(work(VMW_FILL, ino, 1, 1), OK);
	assert_int_equal(file_blocks(ino), blocks + 8);
	assert_int_equal(work(VMW_FILL, ino, (10 << 20) / BS + 1, 1), VMW_EOF);
	/* The filled block is dirty for the server: it reaches the disk. */
	h_put(ino, 1);
	h_unmount();
	h_mount();
	uint8_t c;
	assert_int_equal(h_read(ino, BS + 5, &c, 1), 1);
	assert_int_equal(c, 0x66);
	h_fsck();
}

static void test_writeback_puts_mapping_stores_on_the_disk(void **state)
{
	uint64_t ino = h_ino(h_root, "pattern.bin");
	expect(ino, 0, 4 * BS, 1);
	vm_page(ino, 1)[7] = 0x11;
	vm_page(ino, 3)[4095] = 0x33;
	uint64_t has = 0;               /* 0..3 and what read-ahead brought */
	for (uint64_t i = 0; i < 8; i++)
		has += fvm_file_page(ino, i) != NULL;
	assert_true(has >= 4);
	uint64_t writes = h_device()->stats.blocks_written;
	uint64_t requests = h_device()->stats.write_requests;
	assert_int_equal(work(VMW_WRITEBACK, ino, 0, 8), OK);
	assert_int_equal(h_device()->stats.blocks_written - writes, has);
	/* The pages VM has from 0 are consecutive on the disk (mke2fs lays
	 * the file out in a row): one request. */
	assert_int_equal(h_device()->stats.write_requests - requests, 1);
	/* A page VM does not have needs nothing; past the end, nothing. */
	writes = h_device()->stats.blocks_written;
	assert_int_equal(work(VMW_WRITEBACK, ino, 70, 100), OK);
	assert_int_equal(h_device()->stats.blocks_written - writes, 0);
	h_put(ino, 1);
	/* The cache never saw those stores as dirty: only the write-back
	 * can have put them on the disk. */
	h_unmount();
	h_mount();
	uint8_t c;
	assert_int_equal(h_read(ino, BS + 7, &c, 1), 1);
	assert_int_equal(c, 0x11);
	assert_int_equal(h_read(ino, 4 * BS - 1, &c, 1), 1);
	assert_int_equal(c, 0x33);
	h_fsck();
}

static void test_work_loop_answers_each_item(void **state)
{
	uint64_t ino = h_ino(h_root, "pattern.bin");
	int a = fvm_queue(VMW_PAGEIN, ino, 0, 1);
	int b = fvm_queue(VMW_PAGEIN, ino, 1000, 1);
	int c = fvm_queue(VMW_WRITEBACK, ino, 0, 1);
	vmwork_serve(false);
	assert_int_equal(fvm_result(a), OK);
	assert_int_equal(fvm_result(b), VMW_EOF);
	assert_int_equal(fvm_result(c), OK);
	h_put(ino, 1);
	h_fsck();
}

static void test_without_backing_the_cache_is_private(void **state)
{
	h_unmount();
	h_backing(false);
	h_mount();
	uint64_t ino = new_file("p");
	write_pattern(ino, 0, 2 * BS, 11);
	assert_int_equal(h_trunc(ino, 100), OK);
	expect(ino, 0, 100, 11);
	assert_int_equal(fvm_nlog, 0);
	assert_int_equal(fvm_pages(), 0);
	h_backing(true);
	h_fsck();
}

#define T(name) cmocka_unit_test_setup_teardown(name, h_setup_standard, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_read_and_write_name_file_pages),
		T(test_mapping_store_is_seen_by_read_and_write_by_mapping),
		T(test_truncate_forgets_file_pages_before_freeing_blocks),
		T(test_unlinked_file_is_forgotten_whole),
		T(test_shrink_zeroes_the_tail_in_the_mapped_page),
		T(test_truncate_up_zeroes_what_a_mapping_stored_past_eof),
		T(test_write_past_eof_zeroes_what_a_mapping_stored_past_eof),
		T(test_stores_past_eof_on_the_disk_never_come_back),
		T(test_append_at_eof_keeps_working),
		T(test_pagein_brings_the_page_and_read_ahead),
		T(test_pagein_answers_eof_hole_and_bad_inodes),
		T(test_fill_allocates_a_zeroed_block_for_a_hole),
		T(test_writeback_puts_mapping_stores_on_the_disk),
		T(test_work_loop_answers_each_item),
		T(test_without_backing_the_cache_is_private),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
