/*
 * Host tests for the ext2 server: directories. Hundreds of entries
 * created, listed and removed; name checks; mkdir/rmdir and the link
 * counts they move; rename in all its forms; hashed-index directories
 * made by e2fsck -D. Every test ends with e2fsck -fn on the image.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "ext2_harness.h"

static uint32_t nlink(uint64_t ino)
{
	struct qstat st;
	assert_int_equal(h_stat(ino, &st), OK);
	return st.nlink;
}

static uint64_t size_of(uint64_t ino)
{
	struct qstat st;
	assert_int_equal(h_stat(ino, &st), OK);
	return st.size;
}

static void name_of(char *buf, size_t n, int i)
{
	/* Names of varying length, so records of every size get split and merged. */
	snprintf(buf, n, "entry-%d-%.*s", i, i % 40, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
}

struct marks {
	int count;
	unsigned char seen[400];
};

static void mark_entry(const char *name, uint64_t ino, uint8_t type, void *arg)
{
	struct marks *m = arg;
	int i;
	m->count++;
	if (sscanf(name, "entry-%d-", &i) == 1) {
		assert_true(i >= 0 && i < 400);
		assert_int_equal(m->seen[i], 0);
		m->seen[i] = 1;
	}
}

static void test_create_list_and_remove_hundreds_of_entries(void **state)
{
	uint64_t d;
	char name[128];
	assert_int_equal(h_mkdir(h_root, "many", 0755, &d), OK);
	for (int i = 0; i < 400; i++) {
		uint64_t ino;
		name_of(name, sizeof(name), i);
		assert_int_equal(h_create(d, name, 0644, &ino), OK);
		assert_int_equal(h_put(ino, 1), OK);
	}
	assert_true(size_of(d) > 4096);
	struct marks m = { 0 };
	assert_int_equal(h_list(d, mark_entry, &m), 402);
	for (int i = 0; i < 400; i++)
		assert_int_equal(m.seen[i], 1);
	h_fsck();

	for (int i = 0; i < 400; i += 3) {
		name_of(name, sizeof(name), i);
		assert_int_equal(h_unlink(d, name), OK);
	}
	struct marks m2 = { 0 };
	assert_int_equal(h_list(d, mark_entry, &m2), 402 - 134);
	for (int i = 0; i < 400; i++)
		assert_int_equal(m2.seen[i], i % 3 != 0);
	h_fsck();

	/* The freed room is reused: putting them back does not grow the directory. */
	uint64_t before = size_of(d);
	for (int i = 0; i < 400; i += 3) {
		uint64_t ino;
		name_of(name, sizeof(name), i);
		assert_int_equal(h_create(d, name, 0644, &ino), OK);
		assert_int_equal(h_put(ino, 1), OK);
	}
	assert_int_equal(size_of(d), before);
	assert_int_equal(h_list(d, NULL, NULL), 402);
	h_fsck();
}

static void test_remove_every_entry_then_the_directory(void **state)
{
	uint64_t d = h_ino(h_root, "bigdir");
	uint32_t free_inodes = fs.sb.s_free_inodes_count;
	char name[16];
	for (int i = 499; i >= 0; i -= 2) {
		snprintf(name, sizeof(name), "f%03d", i);
		assert_int_equal(h_unlink(d, name), OK);
	}
	assert_int_equal(h_rmdir(h_root, "bigdir"), -ENOTEMPTY);
	for (int i = 0; i < 500; i += 2) {
		snprintf(name, sizeof(name), "f%03d", i);
		assert_int_equal(h_unlink(d, name), OK);
	}
	assert_int_equal(h_list(d, NULL, NULL), 2);
	assert_int_equal(fs.sb.s_free_inodes_count - free_inodes, 500);
	assert_int_equal(h_rmdir(h_root, "bigdir"), OK);
	assert_int_equal(h_put(d, 1), OK);
	assert_int_equal(fs.sb.s_free_inodes_count - free_inodes, 501);
	assert_false(h_has(h_root, "bigdir"));
}

static void test_directory_grows_into_indirect_blocks(void **state)
{
	uint64_t d;
	char name[128];
	uint32_t free_blocks = fs.sb.s_free_blocks_count;
	assert_int_equal(h_mkdir(h_root, "huge", 0755, &d), OK);
	for (int i = 0; i < 2000; i++) {
		uint64_t ino;
		snprintf(name, sizeof(name), "a-rather-long-file-name-number-%05d", i);
		assert_int_equal(h_mknod(d, name, Q_S_IFIFO | 0644, 0, &ino), OK);
		assert_int_equal(h_put(ino, 1), OK);
	}
	struct qstat st;
	assert_int_equal(h_stat(d, &st), OK);
	assert_true(st.size > 12 * 4096);       /* past the direct blocks */
	assert_int_equal(st.blocks, (st.size / 4096 + 1) * 8);
	assert_int_equal(h_list(d, NULL, NULL), 2002);
	assert_true(h_has(d, "a-rather-long-file-name-number-01999"));
	h_fsck();
	for (int i = 0; i < 2000; i++) {
		snprintf(name, sizeof(name), "a-rather-long-file-name-number-%05d", i);
		assert_int_equal(h_unlink(d, name), OK);
	}
	assert_int_equal(h_rmdir(h_root, "huge"), OK);
	assert_int_equal(h_put(d, 1), OK);
	assert_int_equal(fs.sb.s_free_blocks_count, free_blocks);
	h_fsck();
}

static void test_name_checks(void **state)
{
	uint64_t ino;
	char longname[300];
	memset(longname, 'n', 256);
	longname[256] = '\0';
	assert_int_equal(h_create(h_root, "small.txt", 0644, &ino), -EEXIST);
	assert_int_equal(h_create(h_root, "dir", 0644, &ino), -EEXIST);
	assert_int_equal(h_create(h_root, ".", 0644, &ino), -EEXIST);
	assert_int_equal(h_mkdir(h_root, "..", 0755, &ino), -EEXIST);
	assert_int_equal(h_create(h_root, "a/b", 0644, &ino), -EINVAL);
	assert_int_equal(h_create(h_root, "", 0644, &ino), -ENOENT);
	assert_int_equal(h_create(h_root, longname, 0644, &ino), -ENAMETOOLONG);
	longname[255] = '\0';
	assert_int_equal(h_create(h_root, longname, 0644, &ino), OK);  /* 255 is fine */
	assert_true(h_has(h_root, longname));
	assert_int_equal(h_create(h_ino(h_root, "small.txt"), "x", 0644, &ino), -ENOTDIR);
	assert_int_equal(h_unlink(h_root, "nope"), -ENOENT);
}

static void test_mkdir_and_rmdir_keep_link_counts(void **state)
{
	uint32_t root_links = nlink(h_root);
	uint64_t d, e;
	assert_int_equal(h_mkdir(h_root, "d", 0755, &d), OK);
	assert_int_equal(nlink(h_root), root_links + 1);
	assert_int_equal(nlink(d), 2);
	assert_int_equal(h_mkdir(d, "e", 0700, &e), OK);
	assert_int_equal(nlink(d), 3);
	struct fs_node_info info;
	assert_int_equal(h_lookup(e, "..", &info), OK);
	assert_int_equal(info.ino, d);
	h_fsck();

	assert_int_equal(h_rmdir(h_root, "d"), -ENOTEMPTY);
	assert_int_equal(h_rmdir(d, "."), -EINVAL);
	assert_int_equal(h_rmdir(d, ".."), -ENOTEMPTY);
	assert_int_equal(h_unlink(h_root, "d"), -EISDIR);
	assert_int_equal(h_rmdir(h_root, "small.txt"), -ENOTDIR);
	assert_int_equal(h_rmdir(d, "e"), OK);
	assert_int_equal(nlink(d), 2);
	assert_int_equal(h_rmdir(h_root, "d"), OK);
	assert_int_equal(nlink(h_root), root_links);
	/* VFS still holds both (MKDIR, and LOOKUP of ".." for d): they go
	 * with its last puts. */
	assert_int_equal(nlink(d), 0);
	assert_int_equal(h_put(e, 1), OK);
	assert_int_equal(h_put(d, 3), -EINVAL);         /* more than it holds */
	assert_int_equal(h_put(d, 2), OK);
	h_fsck();
}

static void test_rename_within_a_directory(void **state)
{
	uint64_t ino = h_ino(h_root, "small.txt");
	assert_int_equal(h_rename(h_root, "small.txt", h_root, "renamed.txt"), OK);
	struct fs_node_info info;
	assert_int_equal(h_lookup(h_root, "small.txt", &info), -ENOENT);
	assert_int_equal(h_ino(h_root, "renamed.txt"), ino);
	assert_int_equal(nlink(ino), 1);
	assert_int_equal(h_rename(h_root, "nope", h_root, "x"), -ENOENT);
	assert_int_equal(h_rename(h_root, ".", h_root, "x"), -EINVAL);
	assert_int_equal(h_rename(h_root, "renamed.txt", h_root, ".."), -EINVAL);
	h_fsck();
}

static void test_rename_over_an_existing_file_replaces_it(void **state)
{
	uint64_t a, b;
	assert_int_equal(h_create(h_root, "a", 0644, &a), OK);
	assert_int_equal(h_create(h_root, "b", 0644, &b), OK);
	assert_int_equal(h_write(a, 0, "AAAA", 4), 4);
	assert_int_equal(h_write(b, 0, "BBBBBBBB", 8), 8);
	assert_int_equal(h_put(b, 1), OK);              /* nobody holds b */
	uint32_t free_inodes = fs.sb.s_free_inodes_count;
	uint32_t free_blocks = fs.sb.s_free_blocks_count;
	assert_int_equal(h_rename(h_root, "a", h_root, "b"), OK);
	assert_int_equal(h_ino(h_root, "b"), a);
	assert_false(h_has(h_root, "a"));
	char buf[16];
	assert_int_equal(h_read(a, 0, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "AAAA", 4);
	/* The old b is gone, its block with it. */
	assert_int_equal(fs.sb.s_free_inodes_count, free_inodes + 1);
	assert_int_equal(fs.sb.s_free_blocks_count, free_blocks + 1);
	h_fsck();
}

static void test_rename_over_a_file_someone_holds(void **state)
{
	uint64_t a, b;
	assert_int_equal(h_create(h_root, "a", 0644, &a), OK);
	assert_int_equal(h_create(h_root, "b", 0644, &b), OK);
	assert_int_equal(h_write(b, 0, "old b", 5), 5);
	uint32_t free_inodes = fs.sb.s_free_inodes_count;
	assert_int_equal(h_rename(h_root, "a", h_root, "b"), OK);
	/* VFS still holds the old b: it stays readable, with no links. */
	char buf[16];
	assert_int_equal(h_read(b, 0, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "old b", 5);
	assert_int_equal(nlink(b), 0);
	assert_int_equal(fs.sb.s_free_inodes_count, free_inodes);
	assert_int_equal(h_put(b, 1), OK);
	assert_int_equal(fs.sb.s_free_inodes_count, free_inodes + 1);
	h_fsck();
}

static void test_rename_a_directory_to_another_parent(void **state)
{
	uint64_t x, y, m;
	assert_int_equal(h_mkdir(h_root, "x", 0755, &x), OK);
	assert_int_equal(h_mkdir(h_root, "y", 0755, &y), OK);
	assert_int_equal(h_mkdir(x, "m", 0755, &m), OK);
	assert_int_equal(nlink(x), 3);
	assert_int_equal(h_rename(x, "m", y, "moved"), OK);
	assert_int_equal(nlink(x), 2);
	assert_int_equal(nlink(y), 3);
	assert_int_equal(nlink(m), 2);
	struct fs_node_info info;
	assert_int_equal(h_lookup(m, "..", &info), OK);
	assert_int_equal(info.ino, y);
	assert_int_equal(h_ino(y, "moved"), m);
	h_fsck();
}

static void test_rename_a_directory_into_itself_is_einval(void **state)
{
	uint64_t x, s, t;
	assert_int_equal(h_mkdir(h_root, "x", 0755, &x), OK);
	assert_int_equal(h_mkdir(x, "s", 0755, &s), OK);
	assert_int_equal(h_mkdir(s, "t", 0755, &t), OK);
	assert_int_equal(h_rename(h_root, "x", t, "x"), -EINVAL);
	assert_int_equal(h_rename(h_root, "x", x, "x2"), -EINVAL);
	assert_int_equal(h_rename(x, "s", s, "s2"), -EINVAL);
	/* Up is fine. */
	assert_int_equal(h_rename(s, "t", h_root, "t"), OK);
	assert_int_equal(nlink(s), 2);
	h_fsck();
}

static void test_rename_type_rules(void **state)
{
	uint64_t d1, d2, d3, f;
	assert_int_equal(h_mkdir(h_root, "d1", 0755, &d1), OK);
	assert_int_equal(h_mkdir(h_root, "d2", 0755, &d2), OK);
	assert_int_equal(h_mkdir(d2, "d3", 0755, &d3), OK);
	assert_int_equal(h_create(h_root, "f", 0644, &f), OK);
	assert_int_equal(h_rename(h_root, "d1", h_root, "d2"), -ENOTEMPTY);
	assert_int_equal(h_rename(h_root, "f", h_root, "d1"), -EISDIR);
	assert_int_equal(h_rename(h_root, "d1", h_root, "f"), -ENOTDIR);
	h_fsck();
	/* A directory may replace an empty one, here from another parent. */
	uint32_t root_links = nlink(h_root);
	assert_int_equal(h_rename(d2, "d3", h_root, "d1"), OK);
	assert_int_equal(nlink(h_root), root_links);    /* d1's ".." went, d3's came */
	assert_int_equal(nlink(d2), 2);
	assert_int_equal(h_ino(h_root, "d1"), d3);
	assert_int_equal(nlink(d1), 0);                 /* VFS still holds the old d1 */
	assert_int_equal(h_list(d1, NULL, NULL), 0);    /* and it is empty for good */
	assert_int_equal(h_create(d1, "z", 0644, &f), -ENOENT);
	assert_int_equal(h_put(d1, 1), OK);
	h_fsck();
}

static void test_rename_between_two_names_of_one_file_does_nothing(void **state)
{
	uint64_t ino = h_ino(h_root, "small.txt");
	assert_int_equal(h_link(h_root, "other", ino), OK);
	assert_int_equal(h_rename(h_root, "small.txt", h_root, "other"), OK);
	assert_true(h_has(h_root, "small.txt"));
	assert_true(h_has(h_root, "other"));
	assert_int_equal(nlink(ino), 2);
	h_fsck();
}

static void test_hashed_index_directory_is_served_and_cleared_on_change(void **state)
{
	/* e2fsck -D gives bigdir an htree index (dir_index is on). */
	h_unmount();
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "e2fsck -fyD %s >/dev/null 2>&1", h_image);
	int r = system(cmd);
	assert_true(WEXITSTATUS(r) <= 1);               /* 1: "file system was modified" */
	h_mount();
	uint64_t d = h_ino(h_root, "bigdir");
	struct inode *ip = inode_find((uint32_t)d);
	assert_non_null(ip);
	assert_true(ip->d.i_flags & EXT2_INDEX_FL);
	struct fs_node_info info;
	assert_int_equal(h_lookup(d, "f123", &info), OK);
	assert_int_equal(h_list(d, NULL, NULL), 502);
	uint64_t ino;
	assert_int_equal(h_create(d, "newcomer", 0644, &ino), OK);
	assert_int_equal(h_unlink(d, "f007"), OK);
	assert_false(ip->d.i_flags & EXT2_INDEX_FL);
	assert_int_equal(h_list(d, NULL, NULL), 502);
	h_fsck();
}

#define T(name) cmocka_unit_test_setup_teardown(name, h_setup_standard, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_list_and_remove_hundreds_of_entries),
		T(test_remove_every_entry_then_the_directory),
		T(test_directory_grows_into_indirect_blocks),
		T(test_name_checks),
		T(test_mkdir_and_rmdir_keep_link_counts),
		T(test_rename_within_a_directory),
		T(test_rename_over_an_existing_file_replaces_it),
		T(test_rename_over_a_file_someone_holds),
		T(test_rename_a_directory_to_another_parent),
		T(test_rename_a_directory_into_itself_is_einval),
		T(test_rename_type_rules),
		T(test_rename_between_two_names_of_one_file_does_nothing),
		T(test_hashed_index_directory_is_served_and_cleared_on_change),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
