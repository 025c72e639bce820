/*
 * Host tests for the ext2 server: reading what mke2fs -d wrote. Lookup,
 * stat, reads at every kind of size and offset, holes, symlinks,
 * directory listing, read-ahead, and EFAULT on the way out. Every test
 * ends with e2fsck -fn on the image (ext2_harness.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "ext2_harness.h"

#define PATTERN_SIZE (300 * 1024)

static void test_mount_answers_the_root_directory(void **state)
{
	struct qstat st;
	assert_int_equal(h_root, EXT2_ROOT_INO);
	assert_int_equal(h_stat(h_root, &st), OK);
	assert_int_equal(st.mode & Q_S_IFMT, Q_S_IFDIR);
	/* ".", its name in itself (".."), lost+found, dir, bigdir */
	assert_int_equal(st.nlink, 5);
	assert_int_equal(st.blksize, 4096);
	assert_int_equal(st.dev, 0x0501);
}

static void test_lookup_finds_entries_and_answers_attributes(void **state)
{
	struct fs_node_info info;
	assert_int_equal(h_lookup(h_root, "small.txt", &info), OK);
	assert_int_equal(info.size, 13);
	assert_int_equal(info.mode & Q_S_IFMT, Q_S_IFREG);
	assert_int_equal(h_lookup(h_root, "dir", &info), OK);
	assert_int_equal(info.mode & Q_S_IFMT, Q_S_IFDIR);
	uint64_t dir = info.ino;
	assert_int_equal(h_lookup(dir, "..", &info), OK);
	assert_int_equal(info.ino, h_root);
	assert_int_equal(h_lookup(h_root, "..", &info), OK);
	assert_int_equal(info.ino, h_root);
	assert_int_equal(h_lookup(h_root, ".", &info), OK);
	assert_int_equal(info.ino, h_root);
	assert_int_equal(h_lookup(dir, "sub", &info), OK);
	assert_int_equal(h_lookup(dir, "a.txt", &info), OK);
	assert_int_equal(info.size, 5000);
}

static void test_lookup_errors(void **state)
{
	struct fs_node_info info;
	char longname[300];
	memset(longname, 'n', 256);
	longname[256] = '\0';
	assert_int_equal(h_lookup(h_root, "nope", &info), -ENOENT);
	assert_int_equal(h_lookup(h_root, "small.tx", &info), -ENOENT);
	assert_int_equal(h_lookup(h_root, longname, &info), -ENAMETOOLONG);
	uint64_t file = h_ino(h_root, "small.txt");
	assert_int_equal(h_lookup(file, "x", &info), -ENOTDIR);
	assert_int_equal(h_lookup(999999, "x", &info), -EINVAL);    /* no such inode number */
	assert_int_equal(h_lookup(5, "x", &info), -EINVAL);         /* a reserved inode */
	assert_int_equal(h_lookup(12345, "x", &info), -ENOENT);     /* a free inode */
}

static void test_read_small_file(void **state)
{
	uint64_t ino = h_ino(h_root, "small.txt");
	char buf[100];
	memset(buf, 0, sizeof(buf));
	assert_int_equal(h_read(ino, 0, buf, sizeof(buf)), 13);
	assert_string_equal(buf, "hello, world\n");
	memset(buf, 0, sizeof(buf));
	assert_int_equal(h_read(ino, 7, buf, 3), 3);
	assert_string_equal(buf, "wor");
	assert_int_equal(h_read(ino, 13, buf, 10), 0);
	assert_int_equal(h_read(ino, 1000000, buf, 10), 0);
	assert_int_equal(h_read(h_ino(h_root, "empty"), 0, buf, 10), 0);
}

static void check_read(uint64_t ino, uint64_t pos, uint64_t len, uint8_t *buf)
{
	uint64_t want = pos >= PATTERN_SIZE ? 0 : len < PATTERN_SIZE - pos ? len : PATTERN_SIZE - pos;
	int64_t n = h_read(ino, pos, buf, len);
	if (n != (int64_t)want)
		fail_msg("read at %lu len %lu: %ld, want %lu", (unsigned long)pos,
			 (unsigned long)len, (long)n, (unsigned long)want);
	for (uint64_t i = 0; i < want; i++)
		if (buf[i] != h_pattern(1, pos + i))
			fail_msg("read at %lu len %lu: byte %lu wrong", (unsigned long)pos,
				 (unsigned long)len, (unsigned long)i);
}

static void test_read_at_all_sizes_and_offsets(void **state)
{
	/* pattern.bin spans the direct blocks and the single-indirect block. */
	uint64_t ino = h_ino(h_root, "pattern.bin");
	static const uint64_t offsets[] = {
		0, 1, 511, 4095, 4096, 4097, 8191, 12 * 4096 - 1, 12 * 4096, 12 * 4096 + 1,
		100000, PATTERN_SIZE - 4097, PATTERN_SIZE - 1, PATTERN_SIZE, PATTERN_SIZE + 5,
	};
	static const uint64_t sizes[] = {
		1, 2, 100, 4095, 4096, 4097, 8192 + 3, 12 * 4096 + 7, 65536, PATTERN_SIZE,
	};
	uint8_t *buf = malloc(PATTERN_SIZE + 8192);
	for (size_t o = 0; o < sizeof(offsets) / sizeof(offsets[0]); o++)
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
			check_read(ino, offsets[o], sizes[s], buf);
	free(buf);
}

static void test_sparse_file_reads_zeroes_in_holes(void **state)
{
	uint64_t ino = h_ino(h_root, "sparse.bin");
	struct qstat st;
	assert_int_equal(h_stat(ino, &st), OK);
	assert_int_equal(st.size, (10 << 20) + 123);
	assert_true(st.blocks < 64);    /* a few blocks, not 10 MiB of them */
	uint8_t *buf = malloc(1 << 20);
	for (uint64_t pos = 0; pos < (5 << 20); pos += 1 << 20) {
		assert_int_equal(h_read(ino, pos, buf, 1 << 20), 1 << 20);
		for (size_t i = 0; i < (1 << 20); i++)
			if (buf[i])
				fail_msg("byte %lu of a hole is %u", (unsigned long)(pos + i), buf[i]);
	}
	assert_int_equal(h_read(ino, 5 << 20, buf, 4096 + 10), 4096 + 10);
	for (size_t i = 0; i < 4096; i++)
		assert_int_equal(buf[i], h_pattern(3, i));
	for (size_t i = 4096; i < 4096 + 10; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(h_read(ino, (10 << 20) - 1, buf, 1000), 124);
	assert_int_equal(buf[0], 0);
	for (size_t i = 0; i < 123; i++)
		assert_int_equal(buf[1 + i], h_pattern(3, i));
	free(buf);
}

static void test_readlink_fast_and_slow(void **state)
{
	char buf[256];
	uint64_t fast = h_ino(h_root, "link-fast");
	uint64_t slow = h_ino(h_root, "link-slow");
	struct qstat st;
	assert_int_equal(h_stat(fast, &st), OK);
	assert_int_equal(st.mode & Q_S_IFMT, Q_S_IFLNK);
	assert_int_equal(st.blocks, 0);
	assert_int_equal(h_readlink(fast, buf, sizeof(buf)), 9);
	assert_memory_equal(buf, "small.txt", 9);
	assert_int_equal(h_readlink(fast, buf, 5), 5);              /* truncated, as POSIX says */
	assert_int_equal(h_stat(slow, &st), OK);
	assert_int_equal(st.blocks, 8);
	assert_int_equal(h_readlink(slow, buf, sizeof(buf)), 100);
	assert_memory_equal(buf, "dir/xxxx", 8);
	assert_int_equal(buf[99], 'x');
	assert_int_equal(h_readlink(h_ino(h_root, "small.txt"), buf, sizeof(buf)), -EINVAL);
}

struct seen {
	int files, dots, other;
	unsigned char mark[500];
};

static void count_entry(const char *name, uint64_t ino, uint8_t type, void *arg)
{
	struct seen *s = arg;
	int i;
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		s->dots++;
		assert_int_equal(type, Q_DT_DIR);
	} else if (sscanf(name, "f%03d", &i) == 1 && i >= 0 && i < 500) {
		assert_int_equal(s->mark[i], 0);        /* each name once */
		s->mark[i] = 1;
		s->files++;
		assert_int_equal(type, Q_DT_REG);
	} else {
		s->other++;
	}
}

static void test_getdents_lists_a_directory_of_500_files(void **state)
{
	uint64_t dir = h_ino(h_root, "bigdir");
	struct seen s = { 0 };
	assert_int_equal(h_list(dir, count_entry, &s), 502);
	assert_int_equal(s.files, 500);
	assert_int_equal(s.dots, 2);
	assert_int_equal(s.other, 0);
}

static void test_getdents_edge_cases(void **state)
{
	_Alignas(8) uint8_t buf[64];
	uint64_t dir = h_ino(h_root, "dir");
	uint64_t pos = 0;
	assert_int_equal(h_getdents(dir, &pos, buf, 8), -EINVAL); /* no record fits */
	assert_int_equal(pos, 0);
	assert_int_equal(h_getdents(h_ino(h_root, "small.txt"), &pos, buf, 64), -ENOTDIR);
	/* One record at a time. */
	int n = 0;
	while (h_getdents(dir, &pos, buf, 24) > 0)
		n++;
	assert_int_equal(n, 4);         /* . .. sub a.txt */
	assert_int_equal(h_getdents(dir, &pos, buf, 64), 0);
}

static void test_stat_reports_size_blocks_and_links(void **state)
{
	struct qstat st;
	uint64_t ino = h_ino(h_root, "pattern.bin");
	assert_int_equal(h_stat(ino, &st), OK);
	assert_int_equal(st.size, PATTERN_SIZE);
	assert_int_equal(st.blocks, (75 + 1) * 8);      /* 75 data + 1 indirect */
	assert_int_equal(st.nlink, 1);
	assert_int_equal(st.ino, ino);
	assert_int_equal(st.mode & 0777, 0644);
	assert_true(st.mtime > 0);
}

static void test_sequential_read_is_read_ahead_in_large_requests(void **state)
{
	/* Cold cache: remount. */
	h_unmount();
	h_mount();
	uint64_t ino = h_ino(h_root, "pattern.bin");
	struct lmfs_dev *dev = h_device();
	uint64_t before = dev->stats.read_requests;
	uint8_t buf[4096];
	for (uint64_t pos = 0; pos < PATTERN_SIZE; pos += sizeof(buf))
		assert_int_equal(h_read(ino, pos, buf, sizeof(buf)), sizeof(buf));
	uint64_t requests = dev->stats.read_requests - before;
	/* 75 data blocks and an indirect block, one at a time, would be 76. */
	assert_true(requests <= 12);
	assert_true(lmfs_get_stats()->readahead_blocks >= 60);
}

static void test_random_reads_are_not_read_ahead(void **state)
{
	h_unmount();
	h_mount();
	uint64_t ino = h_ino(h_root, "pattern.bin");
	uint8_t buf[100];
	static const uint64_t blocks[] = { 40, 3, 70, 20, 55, 9 };
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(h_read(ino, blocks[i] * 4096, buf, sizeof(buf)), sizeof(buf));
	assert_int_equal(lmfs_get_stats()->readahead_blocks, 0);
}

static void test_read_fault_answers_efault_then_retry_succeeds(void **state)
{
	uint64_t ino = h_ino(h_root, "pattern.bin");
	uint8_t buf[20000];
	h_fault_next_at(9000);
	assert_int_equal(h_read(ino, 100, buf, sizeof(buf)), -EFAULT);
	check_read(ino, 100, sizeof(buf), buf);
}

static void test_faults_on_names_stat_and_getdents_change_nothing(void **state)
{
	struct fs_node_info info;
	uint32_t free_inodes = fs.sb.s_free_inodes_count;
	h_fault_next_at(3);
	assert_int_equal(h_lookup(h_root, "small.txt", &info), -EFAULT);
	h_fault_next_at(0);
	uint64_t ino;
	assert_int_equal(h_create(h_root, "newfile", 0644, &ino), -EFAULT);
	assert_int_equal(fs.sb.s_free_inodes_count, free_inodes);
	assert_false(h_has(h_root, "newfile"));
	h_fault_next_at(8);
	assert_int_equal(h_rename(h_root, "small.txt", h_root, "renamed"), -EFAULT);
	assert_true(h_has(h_root, "small.txt"));

	struct qstat st;
	h_fault_next_at(16);
	assert_int_equal(h_stat(h_root, &st), -EFAULT);

	_Alignas(8) uint8_t buf[4096];
	uint64_t dir = h_ino(h_root, "bigdir");
	uint64_t pos = 0;
	h_fault_next_at(100);
	assert_int_equal(h_getdents(dir, &pos, buf, sizeof(buf)), -EFAULT);
	assert_int_equal(pos, 0);
	assert_true(h_getdents(dir, &pos, buf, sizeof(buf)) > 0);
	assert_true(pos > 0);
}

static void test_read_of_a_directory_is_eisdir(void **state)
{
	uint8_t buf[16];
	assert_int_equal(h_read(h_ino(h_root, "dir"), 0, buf, sizeof(buf)), -EISDIR);
	assert_int_equal(h_read(h_ino(h_root, "link-fast"), 0, buf, sizeof(buf)), -EINVAL);
}

static void test_remount_sees_the_same_tree(void **state)
{
	uint64_t before = h_ino(h_root, "pattern.bin");
	h_unmount();
	h_mount();
	assert_int_equal(h_ino(h_root, "pattern.bin"), before);
	assert_true(h_has(h_ino(h_root, "dir"), "sub"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, h_setup_standard, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_mount_answers_the_root_directory),
		T(test_lookup_finds_entries_and_answers_attributes),
		T(test_lookup_errors),
		T(test_read_small_file),
		T(test_read_at_all_sizes_and_offsets),
		T(test_sparse_file_reads_zeroes_in_holes),
		T(test_readlink_fast_and_slow),
		T(test_getdents_lists_a_directory_of_500_files),
		T(test_getdents_edge_cases),
		T(test_stat_reports_size_blocks_and_links),
		T(test_sequential_read_is_read_ahead_in_large_requests),
		T(test_random_reads_are_not_read_ahead),
		T(test_read_fault_answers_efault_then_retry_succeeds),
		T(test_faults_on_names_stat_and_getdents_change_nothing),
		T(test_read_of_a_directory_is_eisdir),
		T(test_remount_sees_the_same_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
