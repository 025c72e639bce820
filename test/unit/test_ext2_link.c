/*
 * Host tests for the ext2 server: links and inode lifetimes. Hard links,
 * a file unlinked while VFS holds it (usable until the last PUTNODE,
 * freed then), symlinks fast and slow at their boundaries, device nodes,
 * chmod. Every test ends with e2fsck -fn on the image.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ext2_harness.h"

static struct qstat stat_of(uint64_t ino)
{
	struct qstat st;
	assert_int_equal(h_stat(ino, &st), OK);
	return st;
}

static void test_hard_links_count_names(void **state)
{
	uint64_t ino = h_ino(h_root, "small.txt");
	uint64_t dir = h_ino(h_root, "dir");
	assert_int_equal(h_link(dir, "again", ino), OK);
	assert_int_equal(stat_of(ino).nlink, 2);
	assert_int_equal(h_link(dir, "again", ino), -EEXIST);
	assert_int_equal(h_link(h_root, "dirlink", dir), -EPERM);
	assert_int_equal(h_unlink(h_root, "small.txt"), OK);
	assert_int_equal(stat_of(ino).nlink, 1);
	char buf[32];
	uint64_t again = h_ino(dir, "again");
	assert_int_equal(again, ino);
	assert_int_equal(h_read(again, 0, buf, sizeof(buf)), 13);
	h_fsck();
}

static void test_unlinked_file_lives_until_the_last_put(void **state)
{
	uint32_t free_inodes = fs.sb.s_free_inodes_count;
	uint32_t free_blocks = fs.sb.s_free_blocks_count;
	uint64_t ino;
	assert_int_equal(h_create(h_root, "doomed", 0600, &ino), OK);
	uint8_t buf[10000];
	h_fill_pattern(buf, sizeof(buf), 21, 0);
	assert_int_equal(h_write(ino, 0, buf, sizeof(buf)), sizeof(buf));
	/* A second reference, as from a second open. */
	assert_int_equal(h_ino(h_root, "doomed"), ino);
	assert_int_equal(h_unlink(h_root, "doomed"), OK);

	struct fs_node_info info;
	assert_int_equal(h_lookup(h_root, "doomed", &info), -ENOENT);
	assert_int_equal(stat_of(ino).nlink, 0);
	/* Still a working file through its inode. */
	uint8_t back[10000];
	assert_int_equal(h_read(ino, 0, back, sizeof(back)), sizeof(back));
	assert_memory_equal(back, buf, sizeof(buf));
	assert_int_equal(h_write(ino, 10000, buf, 5000), 5000);
	assert_int_equal(stat_of(ino).size, 15000);
	assert_int_equal(h_link(h_root, "revive", ino), -ENOENT);
	assert_int_equal(fs.sb.s_free_inodes_count, free_inodes - 1);

	assert_int_equal(h_put(ino, 1), OK);
	assert_int_equal(h_read(ino, 0, back, 10), 10);    /* one reference left */
	assert_int_equal(h_put(ino, 1), OK);
	/* Gone: inode and blocks are free again. */
	assert_int_equal(fs.sb.s_free_inodes_count, free_inodes);
	assert_int_equal(fs.sb.s_free_blocks_count, free_blocks);
	assert_int_equal(h_stat(ino, &(struct qstat){ 0 }), -ENOENT);
	assert_int_equal(h_put(ino, 1), -EINVAL);
	h_fsck();
}

static void test_unmount_releases_unlinked_files_still_held(void **state)
{
	uint64_t ino;
	assert_int_equal(h_create(h_root, "orphan", 0600, &ino), OK);
	assert_int_equal(h_write(ino, 0, "data", 4), 4);
	assert_int_equal(h_unlink(h_root, "orphan"), OK);
	h_unmount();            /* teardown's e2fsck must find it freed */
}

static void check_symlink(const char *name, size_t len)
{
	char *target = malloc(len + 1);
	for (size_t i = 0; i < len; i++)
		target[i] = (char)('a' + i % 26);
	target[len] = '\0';
	assert_int_equal(h_symlink(h_root, name, target), OK);
	uint64_t ino = h_ino(h_root, name);
	struct qstat st = stat_of(ino);
	assert_int_equal(st.mode & Q_S_IFMT, Q_S_IFLNK);
	assert_int_equal(st.size, len);
	assert_int_equal(st.blocks, len < 60 ? 0 : 8);         /* fast ones own no block */
	char *buf = malloc(len + 10);
	assert_int_equal(h_readlink(ino, buf, len + 10), (int64_t)len);
	assert_memory_equal(buf, target, len);
	free(buf);
	free(target);
}

static void test_symlinks_fast_and_slow(void **state)
{
	uint32_t free_blocks = fs.sb.s_free_blocks_count;
	check_symlink("s1", 1);
	check_symlink("s59", 59);       /* the longest fast one */
	check_symlink("s60", 60);       /* the shortest slow one */
	check_symlink("s200", 200);
	check_symlink("s4095", 4095);   /* the longest there is */
	assert_int_equal(fs.sb.s_free_blocks_count, free_blocks - 3);
	char big[4097];
	memset(big, 'z', 4096);
	big[4096] = '\0';
	assert_int_equal(h_symlink(h_root, "s4096", big), -ENAMETOOLONG);
	assert_int_equal(h_symlink(h_root, "s1", "x"), -EEXIST);
	h_fsck();
	static const char *names[] = { "s1", "s59", "s60", "s200", "s4095" };
	for (int i = 0; i < 5; i++) {
		uint64_t ino = h_ino(h_root, names[i]);
		assert_int_equal(h_unlink(h_root, names[i]), OK);
		assert_int_equal(h_put(ino, 2), OK);    /* check_symlink's lookup, and this one */
	}
	assert_int_equal(fs.sb.s_free_blocks_count, free_blocks);
	h_fsck();
}

static void test_symlinks_survive_a_remount(void **state)
{
	assert_int_equal(h_symlink(h_root, "short", "dir/a.txt"), OK);
	char target[300];
	memset(target, 'q', 299);
	target[299] = '\0';
	assert_int_equal(h_symlink(h_root, "long", target), OK);
	h_unmount();
	h_mount();
	char buf[400];
	assert_int_equal(h_readlink(h_ino(h_root, "short"), buf, sizeof(buf)), 9);
	assert_memory_equal(buf, "dir/a.txt", 9);
	assert_int_equal(h_readlink(h_ino(h_root, "long"), buf, sizeof(buf)), 299);
	assert_memory_equal(buf, target, 299);
}

static void test_device_nodes_and_fifos(void **state)
{
	uint64_t c, f, b;
	assert_int_equal(h_mknod(h_root, "tty0", Q_S_IFCHR | 0620, 0x0401, &c), OK);
	assert_int_equal(h_mknod(h_root, "fifo", Q_S_IFIFO | 0644, 0, &f), OK);
	assert_int_equal(h_mknod(h_root, "bigdev", Q_S_IFBLK | 0600, 0x123456, &b), OK);
	assert_int_equal(h_mknod(h_root, "bad", 0644, 0, &f), -EINVAL);
	assert_int_equal(h_mknod(h_root, "bad", Q_S_IFDIR | 0644, 0, &f), -EINVAL);
	struct qstat st = stat_of(c);
	assert_int_equal(st.mode, Q_S_IFCHR | 0620);
	assert_int_equal(st.rdev, 0x0401);
	assert_int_equal(st.blocks, 0);
	assert_int_equal(stat_of(b).rdev, 0x123456);
	assert_int_equal(stat_of(f).mode & Q_S_IFMT, Q_S_IFIFO);
	uint8_t buf[4];
	assert_int_equal(h_read(c, 0, buf, 4), -EINVAL);
	h_fsck();
	assert_int_equal(h_unlink(h_root, "tty0"), OK);
	assert_int_equal(h_put(c, 1), OK);
	h_fsck();
}

static void test_chmod_changes_permissions_only(void **state)
{
	uint64_t ino = h_ino(h_root, "small.txt");
	assert_int_equal(h_chmod(ino, 04711), OK);
	assert_int_equal(stat_of(ino).mode, Q_S_IFREG | 04711);
	assert_int_equal(h_chmod(ino, Q_S_IFDIR | 0600), OK);  /* the type stays */
	assert_int_equal(stat_of(ino).mode, Q_S_IFREG | 0600);
	h_fsck();
}

static void test_new_inodes_take_owner_and_mode_from_the_request(void **state)
{
	h_owner(1000, 70000);           /* the gid needs the high 16 bits */
	uint64_t ino, d;
	assert_int_equal(h_create(h_root, "mine", Q_S_IFDIR | 0640, &ino), OK);  /* type ignored */
	assert_int_equal(h_mkdir(h_root, "mydir", 0750, &d), OK);
	assert_int_equal(h_symlink(h_root, "mylink", "mine"), OK);
	h_owner(0, 0);
	struct qstat st = stat_of(ino);
	assert_int_equal(st.mode, Q_S_IFREG | 0640);
	assert_int_equal(st.uid, 1000);
	assert_int_equal(st.gid, 70000);
	assert_int_equal(st.nlink, 1);
	assert_true(st.ctime > 0 && st.ctime == st.mtime);
	st = stat_of(d);
	assert_int_equal(st.mode, Q_S_IFDIR | 0750);
	assert_int_equal(st.gid, 70000);
	st = stat_of(h_ino(h_root, "mylink"));
	assert_int_equal(st.mode, Q_S_IFLNK | 0777);
	assert_int_equal(st.uid, 1000);
	h_fsck();
}

static void test_putnode_of_references_vfs_does_not_hold(void **state)
{
	uint64_t ino = h_ino(h_root, "small.txt");      /* one reference */
	assert_int_equal(h_put(ino + 1000, 1), -EINVAL);
	assert_int_equal(h_put(ino, 0), -EINVAL);
	assert_int_equal(h_put(ino, 2), -EINVAL);
	assert_int_equal(h_put(ino, 1), OK);
	assert_int_equal(h_put(ino, 1), -EINVAL);
	assert_int_equal(h_put((1ull << 32) + ino, 1), -EINVAL);
}

#define T(name) cmocka_unit_test_setup_teardown(name, h_setup_standard, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_hard_links_count_names),
		T(test_unlinked_file_lives_until_the_last_put),
		T(test_unmount_releases_unlinked_files_still_held),
		T(test_symlinks_fast_and_slow),
		T(test_symlinks_survive_a_remount),
		T(test_device_nodes_and_fifos),
		T(test_chmod_changes_permissions_only),
		T(test_new_inodes_take_owner_and_mode_from_the_request),
		T(test_putnode_of_references_vfs_does_not_hold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
