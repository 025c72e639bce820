/*
 * VFS path resolution (servers/vfs/path.c) against a fake FS at the
 * message level (vfs_harness.h): absolute and relative paths, "." and
 * "..", mount points both ways, symbolic links and their loops, trailing
 * slashes, and the errors.
 */
#include <stdlib.h>

#include "vfs_harness.h"

/* Look path up in fp: the vnode's (fs, ino), or the error. */
static int resolve(struct fproc *fp, const char *path, int flags, endpoint_t *fs, uint64_t *ino)
{
	struct vnode *vp;
	int r = lookup(fp, path, flags, &vp);
	if (r)
		return r;
	*fs = vp->fs;
	*ino = vp->ino;
	vnode_put(vp);
	return OK;
}

static void assert_resolves(struct fproc *fp, const char *path, int flags, endpoint_t fs,
			    const char *fs_path)
{
	endpoint_t got_fs;
	uint64_t got_ino;
	int r = resolve(fp, path, flags, &got_fs, &got_ino);
	if (r)
		fail_msg("%s: %d", path, r);
	assert_int_equal(got_fs, fs);
	assert_int_equal(got_ino, h_ino(fs, fs_path));
}

static void assert_fails(struct fproc *fp, const char *path, int flags, int err)
{
	endpoint_t fs;
	uint64_t ino;
	assert_int_equal(resolve(fp, path, flags, &fs, &ino), err);
}

static void test_absolute_path_reaches_the_file(void **state)
{
	struct fproc *fp = h_proc();
	assert_resolves(fp, "/a/b/file", 0, H_FS1, "/a/b/file");
	assert_resolves(fp, "/", 0, H_FS1, "/");
	assert_resolves(fp, "//a///b", 0, H_FS1, "/a/b");
}

static void test_relative_path_starts_at_the_cwd(void **state)
{
	struct fproc *fp = h_proc();
	assert_int_equal(h_chdir(fp, "/a"), OK);
	assert_resolves(fp, "b/file", 0, H_FS1, "/a/b/file");
	assert_resolves(fp, "b", 0, H_FS1, "/a/b");
}

static void test_dot_stays_and_dotdot_climbs(void **state)
{
	struct fproc *fp = h_proc();
	assert_resolves(fp, "/a/./b/.", 0, H_FS1, "/a/b");
	assert_resolves(fp, "/a/b/..", 0, H_FS1, "/a");
	assert_resolves(fp, "/a/b/../../file", 0, H_FS1, "/file");
}

static void test_dotdot_at_the_root_stays_at_the_root(void **state)
{
	struct fproc *fp = h_proc();
	assert_resolves(fp, "/..", 0, H_FS1, "/");
	assert_resolves(fp, "/../../a", 0, H_FS1, "/a");
	assert_int_equal(h_chdir(fp, "/"), OK);
	assert_resolves(fp, "..", 0, H_FS1, "/");
}

static void test_mount_point_leads_into_the_mounted_fs(void **state)
{
	struct fproc *fp = h_proc();
	assert_resolves(fp, "/mnt", 0, H_FS2, "/");
	assert_resolves(fp, "/mnt/x/y", 0, H_FS2, "/x/y");
	assert_int_equal(h_fs_count(H_FS2, FS_LOOKUP) > 0, 1);
}

static void test_dotdot_at_a_mounted_root_climbs_out(void **state)
{
	struct fproc *fp = h_proc();
	assert_resolves(fp, "/mnt/..", 0, H_FS1, "/");
	assert_resolves(fp, "/mnt/x/../../a", 0, H_FS1, "/a");
	assert_int_equal(h_chdir(fp, "/mnt/x"), OK);
	assert_resolves(fp, "../..", 0, H_FS1, "/");
	assert_resolves(fp, "../../mnt/x", 0, H_FS2, "/x");
}

static void test_symlinks_are_followed_inside_a_path(void **state)
{
	struct fproc *fp = h_proc();
	assert_resolves(fp, "/a/lnk/file", 0, H_FS1, "/a/b/file");    /* relative target */
	assert_resolves(fp, "/abs/file", 0, H_FS1, "/a/b/file");      /* absolute target */
}

static void test_last_symlink_is_followed_only_when_asked(void **state)
{
	struct fproc *fp = h_proc();
	assert_resolves(fp, "/abs", LK_FOLLOW, H_FS1, "/a/b");
	assert_resolves(fp, "/abs", 0, H_FS1, "/abs");                /* lstat's view */
}

static void test_symlink_loop_is_eloop(void **state)
{
	struct fproc *fp = h_proc();
	assert_fails(fp, "/loop1", LK_FOLLOW, -ELOOP);
	assert_fails(fp, "/loop1/x", 0, -ELOOP);
	assert_resolves(fp, "/loop1", 0, H_FS1, "/loop1");
}

static void test_trailing_slash_wants_a_directory(void **state)
{
	struct fproc *fp = h_proc();
	assert_resolves(fp, "/a/b/", 0, H_FS1, "/a/b");
	assert_resolves(fp, "/abs/", 0, H_FS1, "/a/b");      /* the link is followed */
	assert_fails(fp, "/a/b/file/", 0, -ENOTDIR);
	assert_fails(fp, "/file//", LK_FOLLOW, -ENOTDIR);
}

static void test_component_over_name_max_is_enametoolong(void **state)
{
	struct fproc *fp = h_proc();
	char path[FS_NAME_MAX + 8];
	path[0] = '/';
	memset(path + 1, 'n', FS_NAME_MAX + 1);
	path[FS_NAME_MAX + 2] = '\0';
	assert_fails(fp, path, 0, -ENAMETOOLONG);
	path[FS_NAME_MAX + 1] = '\0';                  /* exactly FS_NAME_MAX: just absent */
	assert_fails(fp, path, 0, -ENOENT);
}

static void test_path_over_path_max_is_enametoolong(void **state)
{
	struct fproc *fp = h_proc();
	char *path = malloc(VFS_PATH_MAX + 16);
	for (int i = 0; i < VFS_PATH_MAX + 8; i += 2)
		memcpy(path + i, "/a", 2);
	path[VFS_PATH_MAX + 8] = '\0';
	char buf[VFS_PATH_MAX];
	assert_int_equal(fetch_path(fp->ep, h_user(path), 0, buf), -ENAMETOOLONG);
	free(path);
}

static void test_missing_and_non_directory_components(void **state)
{
	struct fproc *fp = h_proc();
	assert_fails(fp, "/nope", 0, -ENOENT);
	assert_fails(fp, "/a/nope/file", 0, -ENOENT);
	assert_fails(fp, "/file/x", 0, -ENOTDIR);
	char buf[VFS_PATH_MAX];
	assert_int_equal(fetch_path(fp->ep, h_user(""), 0, buf), -ENOENT);   /* empty path */
	assert_int_equal(fetch_path(fp->ep, 16, 0, buf), -EFAULT);           /* bad pointer */
}

static void test_lookup_parent_names_the_last_component(void **state)
{
	struct fproc *fp = h_proc();
	struct vnode *dir;
	char name[FS_NAME_MAX + 1];
	assert_int_equal(lookup_parent(fp, "/a/b/new", &dir, name), OK);
	assert_string_equal(name, "new");
	assert_int_equal(dir->ino, h_ino(H_FS1, "/a/b"));
	vnode_put(dir);
	assert_int_equal(lookup_parent(fp, "/a/..", &dir, name), -EINVAL);
	assert_int_equal(lookup_parent(fp, "/", &dir, name), -EINVAL);
	assert_int_equal(lookup_parent(fp, "/file/x", &dir, name), -ENOTDIR);
}

static void test_dev_is_served_by_devfs(void **state)
{
	struct fproc *fp = h_proc();
	struct vnode *vp;
	assert_int_equal(lookup(fp, "/dev/null", 0, &vp), OK);
	assert_ptr_equal(vp->ops, &vn_cdev_ops);
	vnode_put(vp);
	assert_int_equal(lookup(fp, "/dev/..", 0, &vp), OK);
	assert_int_equal(vp->fs, H_FS1);
	assert_int_equal(vp->ino, 1);
	vnode_put(vp);
	assert_fails(fp, "/dev/nothing", 0, -ENOENT);
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_absolute_path_reaches_the_file),
		T(test_relative_path_starts_at_the_cwd),
		T(test_dot_stays_and_dotdot_climbs),
		T(test_dotdot_at_the_root_stays_at_the_root),
		T(test_mount_point_leads_into_the_mounted_fs),
		T(test_dotdot_at_a_mounted_root_climbs_out),
		T(test_symlinks_are_followed_inside_a_path),
		T(test_last_symlink_is_followed_only_when_asked),
		T(test_symlink_loop_is_eloop),
		T(test_trailing_slash_wants_a_directory),
		T(test_component_over_name_max_is_enametoolong),
		T(test_path_over_path_max_is_enametoolong),
		T(test_missing_and_non_directory_components),
		T(test_lookup_parent_names_the_last_component),
		T(test_dev_is_served_by_devfs),
	};
	return cmocka_run_group_tests(tests, h_group_setup, NULL);
}
