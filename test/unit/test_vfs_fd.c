/*
 * VFS's open files (filps) and per-process descriptor tables
 * (servers/vfs/fproc.c): lowest free descriptor, close-on-exec, EMFILE
 * and ENFILE, sharing after dup and fork, and exit closing everything.
 */
#include "vfs_harness.h"

static void test_open_takes_the_lowest_free_descriptor(void **state)
{
	struct fproc *fp = h_proc();
	assert_int_equal(h_open(fp, "/file", Q_O_RDONLY, 0), 0);
	assert_int_equal(h_open(fp, "/file", Q_O_RDONLY, 0), 1);
	assert_int_equal(h_open(fp, "/a/b/file", Q_O_RDONLY, 0), 2);
	assert_int_equal(h_close(fp, 1), OK);
	assert_int_equal(h_open(fp, "/file", Q_O_RDONLY, 0), 1);
	assert_int_equal(h_close(fp, 1), OK);
	assert_int_equal(h_close(fp, 1), -EBADF);
	assert_int_equal(h_dup(fp, 0), 1);
	assert_int_equal(fd_alloc(fp, 5), 5);
}

static void test_cloexec_is_per_descriptor(void **state)
{
	struct fproc *fp = h_proc();
	int fd = h_open(fp, "/file", Q_O_RDONLY | Q_O_CLOEXEC, 0);
	assert_int_equal(fd, 0);
	assert_int_equal(h_fcntl(fp, fd, Q_F_GETFD, 0), Q_FD_CLOEXEC);
	int d = h_dup(fp, fd);
	assert_int_equal(h_fcntl(fp, d, Q_F_GETFD, 0), 0);           /* dup clears it */
	assert_int_equal(h_fcntl(fp, d, Q_F_SETFD, Q_FD_CLOEXEC), OK);
	assert_int_equal(h_fcntl(fp, d, Q_F_GETFD, 0), Q_FD_CLOEXEC);
	assert_int_equal(h_close(fp, d), OK);
	int e = h_open(fp, "/file", Q_O_RDONLY, 0);
	assert_int_equal(e, d);
	assert_int_equal(h_fcntl(fp, e, Q_F_GETFD, 0), 0);           /* not inherited by the slot */
	/* O_CLOEXEC is the descriptor's, not the open file's. */
	assert_int_equal(h_fcntl(fp, fd, Q_F_GETFL, 0) & Q_O_CLOEXEC, 0);
}

static void test_full_descriptor_table_is_emfile(void **state)
{
	struct fproc *fp = h_proc();
	for (int i = 0; i < VFS_OPEN_MAX; i++)
		assert_int_equal(h_open(fp, "/file", Q_O_RDONLY, 0), i);
	assert_int_equal(h_open(fp, "/file", Q_O_RDONLY, 0), -EMFILE);
	assert_int_equal(h_dup(fp, 0), -EMFILE);
	int fds[2];
	assert_int_equal(h_pipe(fp, fds), -EMFILE);
	assert_int_equal(filp_count(), VFS_OPEN_MAX);
	assert_int_equal(h_close(fp, 7), OK);
	int pfds[2];
	assert_int_equal(h_pipe(fp, pfds), -EMFILE);                 /* one slot, two needed */
	assert_int_equal(filp_count(), VFS_OPEN_MAX - 1);            /* nothing left behind */
	assert_int_equal(h_open(fp, "/file", Q_O_RDONLY, 0), 7);
}

static void test_full_filp_table_is_enfile(void **state)
{
	struct fproc *fps[NR_FILPS / VFS_OPEN_MAX];
	for (int p = 0; p < NR_FILPS / VFS_OPEN_MAX; p++) {
		fps[p] = h_proc();
		for (int i = 0; i < VFS_OPEN_MAX; i++)
			assert_int_equal(h_open(fps[p], "/file", Q_O_RDONLY, 0), i);
	}
	assert_int_equal(filp_count(), NR_FILPS);
	struct fproc *more = h_proc();
	assert_int_equal(h_open(more, "/a/b/file", Q_O_RDONLY, 0), -ENFILE);
	assert_null(vnode_find(H_FS1, h_ino(H_FS1, "/a/b/file")));  /* not kept */
	assert_int_equal(h_fs_refs(H_FS1, h_ino(H_FS1, "/a/b/file")), 0);
	int fds[2];
	assert_int_equal(h_pipe(more, fds), -ENFILE);
	assert_int_equal(h_dup(fps[0], 0), -EMFILE);
	fproc_exit(fps[1]->ep);
	assert_int_equal(filp_count(), NR_FILPS - VFS_OPEN_MAX);
	assert_int_equal(h_open(more, "/a/b/file", Q_O_RDONLY, 0), 0);
}

static void test_dup_shares_the_position(void **state)
{
	struct fproc *fp = h_proc();
	int fd = h_open(fp, "/file", Q_O_RDONLY, 0);
	int d = h_dup(fp, fd);
	assert_ptr_equal(fp->fd[fd], fp->fd[d]);
	assert_int_equal(fp->fd[fd]->refs, 2);
	char buf[8];
	assert_int_equal(h_read(fp, fd, buf, 2), 2);
	assert_memory_equal(buf, "da", 2);
	assert_int_equal(h_read(fp, d, buf, 8), 2);                  /* from position 2 */
	assert_memory_equal(buf, "ta", 2);
	assert_int_equal(h_close(fp, fd), OK);
	assert_int_equal(h_lseek(fp, d, 1, Q_SEEK_SET), 1);          /* still open */
	assert_int_equal(h_lseek(fp, d, 0, Q_SEEK_END), 4);
}

static void test_dup2_replaces_the_target(void **state)
{
	struct fproc *fp = h_proc();
	int a = h_open(fp, "/file", Q_O_RDONLY, 0);
	int b = h_open(fp, "/a/b/file", Q_O_RDONLY, 0);
	struct filp *fb = fp->fd[b];
	assert_int_equal(h_dup2(fp, a, b), b);
	assert_ptr_equal(fp->fd[b], fp->fd[a]);
	assert_int_not_equal(fb->refs, 1);                          /* b's file was closed */
	assert_null(vnode_find(H_FS1, h_ino(H_FS1, "/a/b/file")));
	assert_int_equal(h_dup2(fp, a, a), a);
	assert_int_equal(fp->fd[a]->refs, 2);
	assert_int_equal(h_dup2(fp, a, VFS_OPEN_MAX), -EBADF);
	assert_int_equal(h_dup2(fp, 40, 3), -EBADF);
}

static void test_fork_copies_the_table_and_shares_files(void **state)
{
	struct fproc *parent = h_proc();
	int fd = h_open(parent, "/file", Q_O_RDONLY | Q_O_CLOEXEC, 0);
	assert_int_equal(h_chdir(parent, "/a"), OK);
	parent->umask = 077;
	endpoint_t child_ep = parent->ep + 1000;
	fproc_fork(parent->ep, child_ep);
	struct fproc *child = fproc_get(child_ep);
	assert_non_null(child);
	assert_ptr_equal(child->fd[fd], parent->fd[fd]);
	assert_int_equal(parent->fd[fd]->refs, 2);
	assert_int_equal(child->cloexec, parent->cloexec);
	assert_int_equal(child->umask, 077);
	assert_ptr_equal(child->cwd, parent->cwd);
	char cwd[VFS_PATH_MAX];
	assert_int_equal(h_getcwd(child, cwd, sizeof(cwd)), 3);
	assert_string_equal(cwd, "/a");
	assert_int_equal(h_lseek(child, fd, 3, Q_SEEK_SET), 3);
	char c;
	assert_int_equal(h_read(parent, fd, &c, 1), 1);              /* the shared position */
	assert_int_equal(c, 'a');
	assert_int_equal(h_close(child, fd), OK);
	assert_int_equal(parent->fd[fd]->refs, 1);
	assert_int_equal(h_lseek(parent, fd, 0, Q_SEEK_CUR), 4);
}

static void test_exit_closes_every_descriptor(void **state)
{
	struct fproc *fp = h_proc();
	int before = vnode_count();
	assert_int_equal(h_open(fp, "/file", Q_O_RDONLY, 0), 0);
	assert_int_equal(h_open(fp, "/a/b/file", Q_O_RDWR, 0), 1);
	assert_int_equal(h_open(fp, "/dev/null", Q_O_RDWR, 0), 2);
	int fds[2];
	assert_int_equal(h_pipe(fp, fds), OK);
	assert_int_equal(h_chdir(fp, "/mnt/x"), OK);
	assert_int_equal(filp_count(), 5);
	uint64_t ino = h_ino(H_FS1, "/a/b/file");
	assert_true(h_fs_refs(H_FS1, ino) > 0);
	fproc_exit(fp->ep);
	assert_false(fp->in_use);
	assert_int_equal(filp_count(), 0);
	assert_int_equal(vnode_count(), before);       /* root is shared; the rest went */
	assert_int_equal(h_fs_refs(H_FS1, ino), 0);
	assert_null(vnode_find(H_FS2, h_ino(H_FS2, "/x")));
}

static void test_filp_put_at_zero_panics(void **state)
{
	struct fproc *fp = h_proc();
	int fd = h_open(fp, "/file", Q_O_RDONLY, 0);
	struct filp *f = fp->fd[fd];
	assert_int_equal(h_close(fp, fd), OK);
	expect_assert_failure(filp_put(f));
	expect_assert_failure(filp_ref(f));
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_takes_the_lowest_free_descriptor),
		T(test_cloexec_is_per_descriptor),
		T(test_full_descriptor_table_is_emfile),
		T(test_full_filp_table_is_enfile),
		T(test_dup_shares_the_position),
		T(test_dup2_replaces_the_target),
		T(test_fork_copies_the_table_and_shares_files),
		T(test_exit_closes_every_descriptor),
		T(test_filp_put_at_zero_panics),
	};
	return cmocka_run_group_tests(tests, h_group_setup, NULL);
}
