/*
 * Host tests for the ext2 server: writing. Writes at every kind of offset
 * and size, holes, the double- and triple-indirect ranges (by sparse
 * writes beyond 4 GiB), truncation freeing blocks, EFAULT in the middle
 * of a write, ENOSPC, and data surviving a remount. Every test ends with
 * e2fsck -fn on the image.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ext2_harness.h"

#define BS 4096ull
/* First file block mapped through the double, then the triple indirect. */
#define DIND_START (12 + 1024)
#define TIND_START (12 + 1024 + 1024 * 1024)

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

/* Check [pos, pos+len) holds the pattern (seed) or zeroes (seed < 0). */
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

static uint64_t file_size(uint64_t ino)
{
	struct qstat st;
	assert_int_equal(h_stat(ino, &st), OK);
	return st.size;
}

static uint64_t file_blocks(uint64_t ino)
{
	struct qstat st;
	assert_int_equal(h_stat(ino, &st), OK);
	return st.blocks;
}

static void test_write_in_odd_chunks_reads_back(void **state)
{
	uint64_t ino = new_file("chunks");
	static const uint64_t chunk[] = { 1, 1000, 4095, 4097, 3, 8192, 12289, 77777 };
	uint64_t pos = 0;
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < sizeof(chunk) / sizeof(chunk[0]); i++) {
			write_pattern(ino, pos, chunk[i], 7);
			pos += chunk[i];
		}
	assert_int_equal(file_size(ino), pos);
	expect(ino, 0, pos, 7);
	/* ceil(pos/4096) data blocks and the single-indirect block. */
	assert_int_equal(file_blocks(ino), ((pos + BS - 1) / BS + 1) * 8);
	h_fsck();
}

static void test_overwrite_in_the_middle_of_a_file(void **state)
{
	uint64_t ino = h_ino(h_root, "pattern.bin");
	uint64_t blocks = file_blocks(ino);
	write_pattern(ino, 4090, 20, 9);
	write_pattern(ino, 12 * BS - 5, BS + 10, 9);
	expect(ino, 0, 4090, 1);
	expect(ino, 4090, 20, 9);
	expect(ino, 4110, 12 * BS - 5 - 4110, 1);
	expect(ino, 12 * BS - 5, BS + 10, 9);
	expect(ino, 13 * BS + 5, 300 * 1024 - (13 * BS + 5), 1);
	assert_int_equal(file_size(ino), 300 * 1024);
	assert_int_equal(file_blocks(ino), blocks);     /* nothing allocated */
}

static void test_write_past_the_end_leaves_a_hole(void **state)
{
	uint64_t ino = new_file("holey");
	write_pattern(ino, 0, 10, 4);
	write_pattern(ino, 1 << 20, 10, 4);
	assert_int_equal(file_size(ino), (1 << 20) + 10);
	expect(ino, 0, 10, 4);
	expect(ino, 10, (1 << 20) - 10, -1);
	expect(ino, 1 << 20, 10, 4);
	/* Two data blocks and the indirect block that maps the second. */
	assert_int_equal(file_blocks(ino), 3 * 8);
	h_fsck();
}

static void test_shrink_then_grow_reads_zeroes(void **state)
{
	uint64_t ino = new_file("tail");
	write_pattern(ino, 0, 3 * BS, 5);
	assert_int_equal(h_trunc(ino, 100), OK);
	assert_int_equal(file_size(ino), 100);
	assert_int_equal(file_blocks(ino), 8);
	assert_int_equal(h_trunc(ino, 3 * BS), OK);
	expect(ino, 0, 100, 5);
	expect(ino, 100, 3 * BS - 100, -1);
	/* A write past the end inside the last block shows zeroes too. */
	assert_int_equal(h_trunc(ino, 50), OK);
	write_pattern(ino, 200, 10, 5);
	expect(ino, 50, 150, -1);
	h_fsck();
}

static void test_double_indirect_range(void **state)
{
	uint64_t ino = new_file("dind");
	uint64_t pos = DIND_START * BS - 100;           /* straddles the boundary */
	write_pattern(ino, pos, 2 * BS, 6);
	write_pattern(ino, (DIND_START + 1024 * 3 + 17) * BS, 5000, 6);
	expect(ino, pos, 2 * BS, 6);
	expect(ino, (DIND_START + 1024 * 3 + 17) * BS, 5000, 6);
	expect(ino, 0, 8192, -1);
	h_fsck();
	assert_int_equal(h_trunc(ino, DIND_START * BS), OK);
	expect(ino, pos, 100, 6);
	h_fsck();
}

static void test_sparse_write_through_triple_indirect_blocks(void **state)
{
	uint32_t free_before = fs.sb.s_free_blocks_count;
	uint64_t ino = new_file("huge");
	uint64_t pos = TIND_START * BS + 12345;         /* just past 4 GiB */
	assert_true(pos > (4ull << 30));
	write_pattern(ino, pos, 10000, 8);
	assert_int_equal(file_size(ino), pos + 10000);
	/* 3 data blocks, plus the triple, double and single indirect blocks. */
	assert_int_equal(file_blocks(ino), 6 * 8);
	assert_int_equal(free_before - fs.sb.s_free_blocks_count, 6);
	expect(ino, pos, 10000, 8);
	expect(ino, pos - 20000, 20000, -1);
	expect(ino, 0, 4096, -1);
	h_fsck();
	/* Deeper in the triple-indirect tree, then back to nothing. */
	write_pattern(ino, (TIND_START + 3 * 1024 * 1024 + 5 * 1024 + 7) * BS, 100, 8);
	expect(ino, (TIND_START + 3 * 1024 * 1024 + 5 * 1024 + 7) * BS, 100, 8);
	h_fsck();
	assert_int_equal(h_trunc(ino, 0), OK);
	assert_int_equal(file_blocks(ino), 0);
	assert_int_equal(fs.sb.s_free_blocks_count, free_before);
	h_fsck();
}

static void test_truncate_frees_data_and_indirect_blocks(void **state)
{
	uint64_t ino = h_ino(h_root, "pattern.bin");
	uint32_t free_before = fs.sb.s_free_blocks_count;
	assert_int_equal(h_trunc(ino, 10000), OK);
	/* 76 blocks (75 data + 1 indirect) down to 3 data blocks. */
	assert_int_equal(fs.sb.s_free_blocks_count - free_before, 73);
	assert_int_equal(file_blocks(ino), 3 * 8);
	expect(ino, 0, 10000, 1);
	h_fsck();
	assert_int_equal(h_trunc(ino, 0), OK);
	assert_int_equal(file_blocks(ino), 0);
	assert_int_equal(fs.sb.s_free_blocks_count - free_before, 76);
	h_fsck();
}

static void test_truncate_errors(void **state)
{
	assert_int_equal(h_trunc(h_ino(h_root, "dir"), 0), -EISDIR);
	assert_int_equal(h_trunc(h_ino(h_root, "link-fast"), 0), -EINVAL);
	assert_int_equal(h_trunc(h_ino(h_root, "small.txt"), 1ull << 50), -EFBIG);
	uint8_t b = 1;
	assert_int_equal(h_write(h_ino(h_root, "small.txt"), 1ull << 50, &b, 1), -EFBIG);
	assert_int_equal(h_write(h_ino(h_root, "dir"), 0, &b, 1), -EISDIR);
}

static void test_write_fault_in_first_chunk_changes_nothing(void **state)
{
	uint64_t ino = h_ino(h_ino(h_root, "dir"), "a.txt");
	uint32_t free_before = fs.sb.s_free_blocks_count;
	uint8_t buf[10000];
	h_fill_pattern(buf, sizeof(buf), 11, 0);
	h_fault_next_at(100);
	assert_int_equal(h_write(ino, 3000, buf, sizeof(buf)), -EFAULT);
	assert_int_equal(file_size(ino), 5000);
	assert_int_equal(fs.sb.s_free_blocks_count, free_before);
	expect(ino, 0, 5000, 2);
}

static void test_write_fault_later_keeps_the_size_and_retry_completes(void **state)
{
	uint64_t ino = h_ino(h_ino(h_root, "dir"), "a.txt");
	uint32_t free_before = fs.sb.s_free_blocks_count;
	uint8_t *buf = malloc(40000);
	h_fill_pattern(buf, 40000, 12, 3000);
	h_fault_next_at(20000);
	assert_int_equal(h_write(ino, 3000, buf, 40000), -EFAULT);
	/* The size is back, and the blocks past it are free again. */
	assert_int_equal(file_size(ino), 5000);
	assert_int_equal(fs.sb.s_free_blocks_count, free_before);
	h_fsck();
	/* VFS retries once the memory is there. */
	assert_int_equal(h_write(ino, 3000, buf, 40000), 40000);
	expect(ino, 0, 3000, 2);
	expect(ino, 3000, 40000, 12);
	free(buf);
}

static void test_write_until_the_disk_is_full(void **state)
{
	h_teardown(state);
	h_tmpdir();
	h_mkfs_mount("4M");
	uint64_t ino = new_file("filler");
	size_t len = 8 << 20;
	uint8_t *buf = calloc(1, len);
	int64_t n = h_write(ino, 0, buf, len);
	assert_true(n > 0 && n < (int64_t)len);         /* a short write */
	assert_int_equal(n % BS, 0);
	assert_int_equal(file_size(ino), (uint64_t)n);
	assert_int_equal(h_write(ino, (uint64_t)n, buf, 4096), -ENOSPC);
	assert_int_equal(fs.sb.s_free_blocks_count, 0);
	h_fsck();
	uint64_t other;
	assert_int_equal(h_mkdir(h_root, "d", 0755, &other), -ENOSPC);
	h_fsck();
	assert_int_equal(h_unlink(h_root, "filler"), OK);
	assert_int_equal(h_put(ino, 1), OK);
	assert_int_equal(h_mkdir(h_root, "d", 0755, &other), OK);
	free(buf);
}

static void test_data_survives_a_remount(void **state)
{
	uint64_t ino = new_file("persist");
	write_pattern(ino, 0, 200000, 13);
	write_pattern(ino, 5 << 20, 3, 13);
	h_unmount();
	h_mount();
	ino = h_ino(h_root, "persist");
	assert_int_equal(file_size(ino), (5 << 20) + 3);
	expect(ino, 0, 200000, 13);
	expect(ino, 200000, (5 << 20) - 200000, -1);
	expect(ino, 5 << 20, 3, 13);
}

static void test_one_large_write_across_the_indirect_boundary(void **state)
{
	uint64_t ino = new_file("large");
	write_pattern(ino, 40000, 3 << 20, 14);
	expect(ino, 0, 40000, -1);
	expect(ino, 40000, 3 << 20, 14);
	h_fsck();
}

#define T(name) cmocka_unit_test_setup_teardown(name, h_setup_standard, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_write_in_odd_chunks_reads_back),
		T(test_overwrite_in_the_middle_of_a_file),
		T(test_write_past_the_end_leaves_a_hole),
		T(test_shrink_then_grow_reads_zeroes),
		T(test_double_indirect_range),
		T(test_sparse_write_through_triple_indirect_blocks),
		T(test_truncate_frees_data_and_indirect_blocks),
		T(test_truncate_errors),
		T(test_write_fault_in_first_chunk_changes_nothing),
		T(test_write_fault_later_keeps_the_size_and_retry_completes),
		T(test_write_until_the_disk_is_full),
		T(test_data_survives_a_remount),
		T(test_one_large_write_across_the_indirect_boundary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
