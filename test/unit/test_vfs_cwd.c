/*
 * The working directory (servers/vfs/cwd.c) against the fake file
 * systems of vfs_harness.h: getcwd climbs ".." and names each level by
 * inode, across a mount point; fchdir takes a directory held open; the
 * errors POSIX lists.
 */
#include "vfs_harness.h"

static void assert_cwd(struct fproc *fp, const char *want)
{
	char buf[VFS_PATH_MAX];
	int r = h_getcwd(fp, buf, sizeof(buf));
	if (r < 0)
		fail_msg("getcwd: %d (want %s)", r, want);
	assert_int_equal(r, (int)strlen(want) + 1);
	assert_string_equal(buf, want);
}

static void test_getcwd_at_the_root_is_slash(void **state)
{
	assert_cwd(h_proc(), "/");
}

static void test_getcwd_names_each_level(void **state)
{
	struct fproc *fp = h_proc();
	assert_int_equal(h_chdir(fp, "/a/b"), OK);
	assert_cwd(fp, "/a/b");
	assert_int_equal(h_chdir(fp, ".."), OK);
	assert_cwd(fp, "/a");
}

static void test_getcwd_through_a_symlink_is_the_physical_path(void **state)
{
	struct fproc *fp = h_proc();
	assert_int_equal(h_chdir(fp, "/abs"), OK);              /* -> /a/b */
	assert_cwd(fp, "/a/b");
	assert_int_equal(h_chdir(fp, "/a/lnk"), OK);            /* -> b */
	assert_cwd(fp, "/a/b");
}

static void test_getcwd_crosses_a_mount_point(void **state)
{
	struct fproc *fp = h_proc();
	assert_int_equal(h_chdir(fp, "/mnt"), OK);
	assert_cwd(fp, "/mnt");
	assert_int_equal(h_chdir(fp, "x"), OK);
	assert_cwd(fp, "/mnt/x");
}

static void test_getcwd_buffer_too_small_is_erange(void **state)
{
	struct fproc *fp = h_proc();
	char buf[VFS_PATH_MAX];
	assert_int_equal(h_chdir(fp, "/a/b"), OK);
	assert_int_equal(h_getcwd(fp, buf, 4), -ERANGE);        /* "/a/b" needs 5 */
	assert_int_equal(h_getcwd(fp, buf, 0), -ERANGE);
	assert_int_equal(h_getcwd(fp, buf, 5), 5);
}

static void test_getcwd_of_a_removed_directory_is_enoent(void **state)
{
	struct fproc *fp = h_proc();
	char buf[VFS_PATH_MAX];
	assert_int_equal(h_mkdir(fp, "/gone"), OK);
	assert_int_equal(h_chdir(fp, "/gone"), OK);
	assert_int_equal(h_chdir(h_proc(), "/"), OK);
	struct fproc *other = h_proc();
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vfs.path = h_user("/gone");
	assert_int_equal(do_rmdir(other, &m), OK);
	assert_int_equal(h_getcwd(fp, buf, sizeof(buf)), -ENOENT);
}

static void test_fchdir_to_an_open_directory(void **state)
{
	struct fproc *fp = h_proc();
	int fd = h_open(fp, "/mnt/x", Q_O_RDONLY, 0);
	assert_true(fd >= 0);
	assert_int_equal(h_fchdir(fp, fd), OK);
	assert_cwd(fp, "/mnt/x");
	assert_int_equal(h_close(fp, fd), OK);
	assert_cwd(fp, "/mnt/x");                /* the cwd holds its own reference */
}

static void test_fchdir_errors(void **state)
{
	struct fproc *fp = h_proc();
	int file = h_open(fp, "/file", Q_O_RDONLY, 0);
	assert_true(file >= 0);
	assert_int_equal(h_fchdir(fp, file), -ENOTDIR);
	assert_int_equal(h_fchdir(fp, -1), -EBADF);
	assert_int_equal(h_fchdir(fp, VFS_OPEN_MAX), -EBADF);
	assert_int_equal(h_close(fp, file), OK);
	assert_int_equal(h_fchdir(fp, file), -EBADF);
	assert_cwd(fp, "/");                     /* unchanged by the failures */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(test_getcwd_at_the_root_is_slash),
		T(test_getcwd_names_each_level),
		T(test_getcwd_through_a_symlink_is_the_physical_path),
		T(test_getcwd_crosses_a_mount_point),
		T(test_getcwd_buffer_too_small_is_erange),
		T(test_getcwd_of_a_removed_directory_is_enoent),
		T(test_fchdir_to_an_open_directory),
		T(test_fchdir_errors),
	};
	return cmocka_run_group_tests(tests, h_group_setup, NULL);
}
