/*
 * Host tests for the ext2 server: what it agrees to mount and how. The
 * clean flag, refused geometries and features, read-only service for
 * unknown ro_compat features, file systems of many groups, 256-byte
 * inodes, and the large_file feature. Every test ends with e2fsck -fn.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ext2_harness.h"

static int setup_empty(void **state)
{
	(void)state;
	h_tmpdir();
	h_stage_file("seed.bin", 20000, 1);
	return 0;
}

static struct ext2_super disk_super(void)
{
	struct ext2_super sb;
	int fd = open(h_image, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &sb, sizeof(sb), EXT2_SUPER_OFFSET), (ssize_t)sizeof(sb));
	close(fd);
	return sb;
}

static void test_disk_is_marked_not_clean_while_mounted(void **state)
{
	h_mkfs("", "64M");
	assert_true(disk_super().s_state & EXT2_VALID_FS);
	h_mount();
	assert_false(disk_super().s_state & EXT2_VALID_FS);
	assert_int_equal(disk_super().s_mnt_count, 1);
	h_unmount();
	assert_true(disk_super().s_state & EXT2_VALID_FS);
}

static void test_other_block_sizes_are_refused(void **state)
{
	h_mkfs("-b 1024", "16M");
	assert_int_equal(h_try_mount(), -EINVAL);
	h_mkfs("-b 2048", "16M");
	assert_int_equal(h_try_mount(), -EINVAL);
}

static void test_revision_0_is_refused(void **state)
{
	h_mkfs("-r 0", "16M");
	assert_int_equal(disk_super().s_rev_level, 0);
	assert_int_equal(h_try_mount(), -EINVAL);
}

static void test_unknown_incompatible_feature_is_refused(void **state)
{
	h_mkfs("-O extent", "16M");
	assert_int_equal(h_try_mount(), -EINVAL);
}

static void test_unknown_ro_compat_feature_is_served_read_only(void **state)
{
	h_mkfs("-O huge_file", "16M");
	struct ext2_super before = disk_super();
	h_mount();
	uint64_t ino = h_ino(h_root, "seed.bin");
	uint8_t buf[100];
	assert_int_equal(h_read(ino, 0, buf, sizeof(buf)), sizeof(buf));
	assert_int_equal(buf[5], h_pattern(1, 5));
	assert_int_equal(h_write(ino, 0, buf, 1), -EROFS);
	assert_int_equal(h_trunc(ino, 0), -EROFS);
	assert_int_equal(h_create(h_root, "x", 0644, &ino), -EROFS);
	assert_int_equal(h_unlink(h_root, "seed.bin"), -EROFS);
	assert_int_equal(h_rename(h_root, "seed.bin", h_root, "y"), -EROFS);
	h_unmount();
	struct ext2_super after = disk_super();
	assert_memory_equal(&before, &after, sizeof(before));   /* not even a mount count */
}

static void test_many_groups(void **state)
{
	h_mkfs("-g 1024 -N 4096", "64M");       /* 16 groups of 4 MiB */
	h_mount();
	assert_int_equal(fs.groups, 16);
	/* New directories spread over the groups. */
	uint32_t groups_used = 0;
	for (int i = 0; i < 16; i++) {
		char name[16];
		uint64_t d;
		snprintf(name, sizeof(name), "d%d", i);
		assert_int_equal(h_mkdir(h_root, name, 0755, &d), OK);
		groups_used |= 1u << ((d - 1) / fs.sb.s_inodes_per_group);
		uint64_t f;
		assert_int_equal(h_create(d, "f", 0644, &f), OK);
		/* A file's inode goes in its directory's group. */
		assert_int_equal((f - 1) / fs.sb.s_inodes_per_group, (d - 1) / fs.sb.s_inodes_per_group);
	}
	assert_true(__builtin_popcount(groups_used) >= 8);
	/* A file bigger than a group. */
	uint64_t big;
	assert_int_equal(h_create(h_root, "big", 0644, &big), OK);
	size_t len = 10 << 20;
	uint8_t *buf = malloc(len);
	h_fill_pattern(buf, len, 30, 0);
	assert_int_equal(h_write(big, 0, buf, len), (int64_t)len);
	memset(buf, 0, len);
	assert_int_equal(h_read(big, 0, buf, len), (int64_t)len);
	for (size_t i = 0; i < len; i += 4093)
		assert_int_equal(buf[i], h_pattern(30, i));
	free(buf);
	h_fsck();
	assert_int_equal(h_trunc(big, 5000), OK);
	h_fsck();
}

static void test_256_byte_inodes(void **state)
{
	h_mkfs("-I 256", "64M");
	h_mount();
	assert_int_equal(fs.inode_size, 256);
	uint64_t d, f;
	assert_int_equal(h_mkdir(h_root, "d", 0755, &d), OK);
	assert_int_equal(h_create(d, "f", 0644, &f), OK);
	assert_int_equal(h_write(f, 0, "256", 3), 3);
	assert_int_equal(h_symlink(d, "l", "f"), OK);
	uint64_t seed = h_ino(h_root, "seed.bin");
	uint8_t buf[20000];
	assert_int_equal(h_read(seed, 0, buf, sizeof(buf)), sizeof(buf));
	assert_int_equal(buf[19999], h_pattern(1, 19999));
	h_fsck();
	assert_int_equal(h_unlink(d, "f"), OK);
	assert_int_equal(h_put(f, 1), OK);
	h_fsck();
}

static void test_large_file_feature_is_set_by_the_first_large_file(void **state)
{
	/* mke2fs always sets large_file (the resize inode is a large file):
	 * make one without a resize inode and clear the flag. */
	h_mkfs("-O ^resize_inode", "64M");
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "debugfs -w -R 'feature -large_file' %s >/dev/null 2>&1", h_image);
	assert_int_equal(system(cmd), 0);
	assert_false(disk_super().s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE);
	h_mount();
	uint64_t f;
	assert_int_equal(h_create(h_root, "f", 0644, &f), OK);
	assert_int_equal(h_write(f, 3ull << 30, "x", 1), 1);
	h_fsck();
	assert_true(disk_super().s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE);
}

static void test_mount_twice_is_ebusy_and_requests_need_a_mount(void **state)
{
	h_mkfs("", "16M");
	h_mount();
	struct fs_node root;
	assert_int_equal(req_mount(H_FS_EP, &root), -EBUSY);
	/* A type the table does not know (no stub would send it). */
	mess_fs rq;
	memset(&rq, 0, sizeof(rq));
	struct fs_xfer x = { 0 };
	assert_int_equal(fs_dispatch(FS_RQ_BASE + 99, &rq, &x), -ENOSYS);
	assert_int_equal(fs_dispatch(FS_RQ_BASE - 1, &rq, &x), -ENOSYS);
	h_unmount();
	struct qstat st;
	assert_int_equal(h_stat(EXT2_ROOT_INO, &st), -EINVAL);
	assert_int_equal(req_unmount(H_FS_EP), -EINVAL);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup_empty, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_disk_is_marked_not_clean_while_mounted),
		T(test_other_block_sizes_are_refused),
		T(test_revision_0_is_refused),
		T(test_unknown_incompatible_feature_is_refused),
		T(test_unknown_ro_compat_feature_is_served_read_only),
		T(test_many_groups),
		T(test_256_byte_inodes),
		T(test_large_file_feature_is_set_by_the_first_large_file),
		T(test_mount_twice_is_ebusy_and_requests_need_a_mount),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
