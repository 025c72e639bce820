/*
 * VFS's vnode table and operations tables (servers/vfs/vnode.c, vn_*.c):
 * get/ref/put, reuse, exhaustion, the reference asserts, which kind
 * serves which file, the errors of missing entries, a new kind added as
 * one table, and a pipe read that parks until a write.
 */
#include "vfs_harness.h"

#define SOME_FS ((endpoint_t)2000)    /* a name space nobody is asked about */

static void test_same_inode_gives_the_same_vnode(void **state)
{
	struct fproc *fp = h_proc();
	struct vnode *a, *b;
	uint64_t ino = h_ino(H_FS1, "/file");
	assert_int_equal(lookup(fp, "/file", 0, &a), OK);
	assert_int_equal(lookup(fp, "/file", 0, &b), OK);
	assert_ptr_equal(a, b);
	assert_int_equal(a->refs, 2);
	assert_int_equal(a->fs_refs, 2);               /* one per FS answer */
	assert_int_equal(h_fs_refs(H_FS1, ino), 2);
	int puts = h_fs_count(H_FS1, FS_PUTNODE);
	vnode_put(a);
	assert_int_equal(h_fs_count(H_FS1, FS_PUTNODE), puts);   /* still referenced */
	vnode_put(b);
	assert_int_equal(h_fs_count(H_FS1, FS_PUTNODE), puts + 1);   /* all at once */
	assert_int_equal(h_fs_refs(H_FS1, ino), 0);
	assert_null(vnode_find(H_FS1, ino));
}

static void test_freed_slot_is_reused_clean(void **state)
{
	int before = vnode_count();
	struct vnode *a = vnode_get(&vn_fs_special_ops, SOME_FS, 1, Q_S_IFIFO, 7, NULL);
	assert_non_null(a);
	vnode_ref(a);
	vnode_put(a);
	vnode_put(a);
	assert_int_equal(vnode_count(), before);
	struct vnode *b = vnode_get(&vn_fs_file_ops, SOME_FS, 2, Q_S_IFREG, 0, NULL);
	assert_ptr_equal(a, b);                        /* the lowest free slot */
	assert_int_equal(b->refs, 1);
	assert_int_equal(b->fs_refs, 0);
	assert_int_equal(b->ino, 2);
	assert_ptr_equal(b->ops, &vn_fs_file_ops);
	assert_null(b->pipe);
	vnode_put(b);
}

static void test_full_table_gives_enfile_and_returns_the_inode(void **state)
{
	struct fproc *fp = h_proc();
	static struct vnode *held[NR_VNODES];
	int n = 0;
	for (;;) {
		struct vnode *vp = vnode_get(&vn_fs_special_ops, SOME_FS, (uint64_t)n + 1, 0, 0, NULL);
		if (!vp)
			break;
		held[n++] = vp;
	}
	assert_int_equal(vnode_count(), NR_VNODES);
	assert_true(n > 0);
	uint64_t ino = h_ino(H_FS1, "/a/b/file");
	struct vnode *vp;
	assert_int_equal(lookup(fp, "/a/b/file", 0, &vp), -ENFILE);
	assert_int_equal(h_fs_refs(H_FS1, ino), 0);    /* the answer's reference went back */
	int fd = h_open(fp, "/file", Q_O_RDONLY, 0);
	assert_int_equal(fd, -ENFILE);
	for (int i = 0; i < n; i++)
		vnode_put(held[i]);
	assert_int_equal(lookup(fp, "/a/b/file", 0, &vp), OK);
	vnode_put(vp);
}

static void test_put_of_a_free_vnode_panics(void **state)
{
	struct vnode *vp = vnode_get(&vn_fs_file_ops, SOME_FS, 5, Q_S_IFREG, 0, NULL);
	vnode_put(vp);
	expect_assert_failure(vnode_put(vp));
	expect_assert_failure(vnode_ref(vp));
}

static void test_ref_overflow_panics(void **state)
{
	struct vnode *vp = vnode_get(&vn_fs_file_ops, SOME_FS, 6, Q_S_IFREG, 0, NULL);
	vp->refs = INT32_MAX;
	expect_assert_failure(vnode_ref(vp));
	vp->refs = 1;
	vnode_put(vp);
}

static void assert_kind(struct fproc *fp, const char *path, int flags,
			const struct vnode_ops *ops)
{
	struct vnode *vp;
	assert_int_equal(lookup(fp, path, flags, &vp), OK);
	assert_ptr_equal(vp->ops, ops);
	vnode_put(vp);
}

static void test_each_kind_has_its_table(void **state)
{
	struct fproc *fp = h_proc();
	assert_kind(fp, "/file", 0, &vn_fs_file_ops);
	assert_kind(fp, "/a", 0, &vn_fs_dir_ops);
	assert_kind(fp, "/abs", 0, &vn_fs_link_ops);
	assert_kind(fp, "/fifo", 0, &vn_fs_fifo_ops);
	assert_kind(fp, "/dev", 0, &vn_devdir_ops);
	assert_kind(fp, "/dev/tty", 0, &vn_cdev_ops);
	int fds[2];
	assert_int_equal(h_pipe(fp, fds), OK);
	assert_ptr_equal(fp->fd[fds[0]]->vp->ops, &vn_pipe_ops);
	assert_ptr_equal(fp->fd[fds[1]]->vp, fp->fd[fds[0]]->vp);
}

static void test_missing_entries_give_their_posix_errors(void **state)
{
	struct fproc *fp = h_proc();
	int fds[2];
	assert_int_equal(h_pipe(fp, fds), OK);
	int file = h_open(fp, "/file", Q_O_RDWR, 0);
	int dir = h_open(fp, "/a", Q_O_RDONLY, 0);
	int tty = h_open(fp, "/dev/tty", Q_O_RDWR, 0);
	assert_true(file >= 0 && dir >= 0 && tty >= 0);
	char c;
	assert_int_equal(h_lseek(fp, fds[0], 0, Q_SEEK_SET), -ESPIPE);    /* pipe: no seek */
	assert_int_equal(h_lseek(fp, tty, 0, Q_SEEK_SET), -ESPIPE);       /* tty refuses */
	assert_int_equal(h_ioctl(fp, file, 1), -ENOTTY);                  /* no ioctl */
	assert_int_equal(h_getdents(fp, file), -ENOTDIR);                 /* no getdents */
	assert_int_equal(h_read(fp, dir, &c, 1), -EISDIR);
	assert_int_equal(h_mkdir(fp, "/dev/x"), -EROFS);                  /* no mkdir */
	assert_int_equal(h_open(fp, "/dev/new", Q_O_CREAT | Q_O_WRONLY, 0644), -EROFS);
	assert_int_equal(h_open(fp, "/fifo", Q_O_WRONLY | Q_O_NONBLOCK, 0), -ENXIO); /* no reader */
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vfs.fd = fds[1];
	m.m_vfs.offset = 1;
	assert_int_equal(do_ftruncate(fp, &m), -EINVAL);                 /* no truncate */
	m.m_vfs.fd = fds[0];
	assert_int_equal(do_fsync(fp, &m), -EINVAL);                      /* a pipe: POSIX says EINVAL */
	m.m_vfs.fd = tty;
	assert_int_equal(do_fsync(fp, &m), OK);                           /* a device: nothing to sync */
	m.m_vfs.fd = fds[0];
	assert_int_equal(do_isatty(fp, &m), -ENOTTY);
	m.m_vfs.fd = tty;
	assert_int_equal(do_isatty(fp, &m), 1);
	m.m_vfs.fd = fds[0];
	m.m_vfs.buf = h_ubuf(4);
	m.m_vfs.len2 = 4;
	assert_int_equal(do_pread(fp, &m), -ESPIPE);
}

/* A kind written here, as a new file would: its table is all it takes. */
static int seen_reads;

static int null_read(struct vio *io)
{
	seen_reads++;
	return (int)io->len;
}

static int null_stat(struct vnode *vp, struct qstat *st)
{
	vnode_stat_own(vp, st);
	return OK;
}

static const struct vnode_ops test_kind_ops = {
	.name = "test kind",
	.read = null_read,
	.stat = null_stat,
};

static void test_a_new_kind_is_one_table(void **state)
{
	struct fproc *fp = h_proc();
	struct vnode *vp = vnode_get(&test_kind_ops, SOME_FS, 77, Q_S_IFSOCK | 0600, 0, NULL);
	struct filp *f = filp_new(vp, Q_O_RDWR);
	int fd = fd_alloc(fp, 0);
	fp->fd[fd] = f;
	char buf[8];
	assert_int_equal(h_read(fp, fd, buf, 8), 8);
	assert_int_equal(seen_reads, 1);
	assert_int_equal(h_write(fp, fd, "x", 1), -EINVAL);            /* no write entry */
	assert_int_equal(h_lseek(fp, fd, 0, Q_SEEK_SET), -ESPIPE);
	assert_int_equal(h_ioctl(fp, fd, 1), -ENOTTY);
	assert_int_equal(h_close(fp, fd), OK);
	assert_null(vnode_find(SOME_FS, 77));
}

static void test_pipe_read_parks_until_a_write(void **state)
{
	struct fproc *rd = h_proc(), *wr = h_proc();
	int fds[2];
	assert_int_equal(h_pipe(rd, fds), OK);
	/* The writer shares the write end, as after fork. */
	wr->fd[0] = rd->fd[fds[1]];
	filp_ref(wr->fd[0]);
	assert_int_equal(h_close(rd, fds[1]), OK);
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vfs.fd = fds[0];
	m.m_vfs.buf = h_ubuf(16);
	m.m_vfs.len2 = 16;
	assert_int_equal(do_read(rd, &m), SUSPEND_REPLY);
	assert_int_equal(rd->susp.kind, SUSP_PIPE_READ);
	assert_int_equal(h_write(wr, 0, "hi", 2), 2);
	assert_int_equal(rd->susp.kind, SUSP_NONE);      /* the write completed the read */
	assert_int_equal(h_last_reply(rd->ep), 2);
	assert_memory_equal((void *)(uintptr_t)m.m_vfs.buf, "hi", 2);
	assert_int_equal(do_read(rd, &m), SUSPEND_REPLY); /* empty again: parks */
	fproc_exit(wr->ep);                               /* the last writer goes */
	assert_int_equal(rd->susp.kind, SUSP_NONE);
	assert_int_equal(h_last_reply(rd->ep), 0);        /* end of file */
}

static void test_exit_cancels_a_parked_read(void **state)
{
	struct fproc *fp = h_proc();
	int fds[2];
	assert_int_equal(h_pipe(fp, fds), OK);
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vfs.fd = fds[0];
	m.m_vfs.buf = h_ubuf(4);
	m.m_vfs.len2 = 4;
	assert_int_equal(do_read(fp, &m), SUSPEND_REPLY);
	fproc_exit(fp->ep);                               /* teardown checks nothing leaked */
	assert_false(fp->in_use);
}

/* Three readers parked on one pipe (the pipe's parked list): a write of
 * 2 bytes completes the first in line only, the middle one's exit takes
 * it off the list, and the next write reaches the last. */
static void test_parked_readers_are_served_in_order(void **state)
{
	struct fproc *wr = h_proc(), *r[3];
	int fds[2];
	assert_int_equal(h_pipe(wr, fds), OK);
	message m[3];
	for (int i = 0; i < 3; i++) {
		r[i] = h_proc();
		r[i]->fd[0] = wr->fd[fds[0]];
		filp_ref(r[i]->fd[0]);
		memset(&m[i], 0, sizeof(m[i]));
		m[i].m_vfs.fd = 0;
		m[i].m_vfs.buf = h_ubuf(8);
		m[i].m_vfs.len2 = 8;
		assert_int_equal(do_read(r[i], &m[i]), SUSPEND_REPLY);
	}
	assert_int_equal(h_write(wr, fds[1], "ab", 2), 2);
	assert_int_equal(r[0]->susp.kind, SUSP_NONE);
	assert_int_equal(h_last_reply(r[0]->ep), 2);
	assert_int_equal(r[1]->susp.kind, SUSP_PIPE_READ);
	assert_int_equal(r[2]->susp.kind, SUSP_PIPE_READ);
	fproc_exit(r[1]->ep);                             /* off the list, unanswered */
	assert_int_equal(h_write(wr, fds[1], "cd", 2), 2);
	assert_int_equal(r[2]->susp.kind, SUSP_NONE);
	assert_int_equal(h_last_reply(r[2]->ep), 2);
	assert_memory_equal((void *)(uintptr_t)m[2].m_vfs.buf, "cd", 2);
	fproc_exit(r[0]->ep);
	fproc_exit(r[2]->ep);
}

static void test_tty_read_parks_until_the_driver_completes_it(void **state)
{
	struct fproc *fp = h_proc();
	int fd = h_open(fp, "/dev/tty", Q_O_RDWR, 0);
	assert_true(fd >= 0);
	h_tty_suspend(true);
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vfs.fd = fd;
	m.m_vfs.buf = h_ubuf(16);
	m.m_vfs.len2 = 16;
	assert_int_equal(do_read(fp, &m), SUSPEND_REPLY);
	assert_int_equal(fp->susp.kind, SUSP_CDEV);
	assert_int_equal(h_grants(), 1);                  /* the driver holds the grant */
	cdev_poll(TTY_PROC_NR);                           /* nothing finished yet */
	assert_int_equal(fp->susp.kind, SUSP_CDEV);
	h_tty_complete(5);
	cdev_poll(TTY_PROC_NR);                           /* the driver's notification */
	assert_int_equal(fp->susp.kind, SUSP_NONE);
	assert_int_equal(h_last_reply(fp->ep), 5);
	assert_int_equal(h_grants(), 0);
	assert_int_equal(fp->fd[fd]->pos, 0);             /* a tty has no position */
	h_tty_suspend(false);
}

/* poll on the tty: not readable, so the poll parks and VFS asked the
 * driver to notify it; a notification from a process that is not a
 * driver is ignored (no request to it); the driver's select event wakes
 * the poll with POLLIN. */
static void test_tty_poll_parks_until_the_drivers_select_event(void **state)
{
	h_tty_select_reset();
	struct fproc *fp = h_proc();
	int fd = h_open(fp, "/dev/tty", Q_O_RDWR, 0);
	assert_true(fd >= 0);
	uint64_t a = h_ubuf(sizeof(struct q_pollfd));
	struct q_pollfd *pf = (struct q_pollfd *)(uintptr_t)a;
	pf->fd = fd;
	pf->events = Q_POLLIN;
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vfs.buf = a;
	m.m_vfs.len = 1;
	m.m_vfs.mode = -1;                                /* no timeout */
	assert_int_equal(do_poll(fp, &m), SUSPEND_REPLY);
	assert_int_equal(fp->susp.kind, SUSP_POLL);
	assert_true(h_tty_select_wanted());
	cdev_poll(TTY_PROC_NR);                           /* no event yet */
	assert_int_equal(fp->susp.kind, SUSP_POLL);
	int stray = h_stray_sendrecs;
	cdev_poll(fp->ep);                                /* a forged notification */
	assert_int_equal(h_stray_sendrecs, stray);
	assert_int_equal(fp->susp.kind, SUSP_POLL);
	h_tty_readable(true);                             /* a line was typed */
	cdev_poll(TTY_PROC_NR);
	assert_int_equal(fp->susp.kind, SUSP_NONE);
	assert_int_equal(pf->revents, Q_POLLIN);
	assert_int_equal(h_last_reply(fp->ep), 1);

	/* Writable at once; /dev/null (a driver without CDEV_SELECT) always ready. */
	int dn = h_open(fp, "/dev/null", Q_O_RDWR, 0);
	h_tty_readable(false);
	pf->events = Q_POLLIN | Q_POLLOUT;
	assert_int_equal(do_poll(fp, &m), 1);
	assert_int_equal(pf->revents, Q_POLLOUT);
	pf->fd = dn;
	assert_int_equal(do_poll(fp, &m), 1);
	assert_int_equal(pf->revents, Q_POLLIN | Q_POLLOUT);
	h_tty_select_reset();
}

static void test_exit_cancels_a_parked_tty_read(void **state)
{
	struct fproc *fp = h_proc();
	int fd = h_open(fp, "/dev/tty", Q_O_RDONLY, 0);
	h_tty_suspend(true);
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vfs.fd = fd;
	m.m_vfs.buf = h_ubuf(4);
	m.m_vfs.len2 = 4;
	assert_int_equal(do_read(fp, &m), SUSPEND_REPLY);
	int cancels = h_tty_cancels();
	fproc_exit(fp->ep);
	assert_int_equal(h_tty_cancels(), cancels + 1);
	assert_int_equal(h_grants(), 0);
	h_tty_suspend(false);
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_same_inode_gives_the_same_vnode),
		T(test_freed_slot_is_reused_clean),
		T(test_full_table_gives_enfile_and_returns_the_inode),
		T(test_put_of_a_free_vnode_panics),
		T(test_ref_overflow_panics),
		T(test_each_kind_has_its_table),
		T(test_missing_entries_give_their_posix_errors),
		T(test_a_new_kind_is_one_table),
		T(test_pipe_read_parks_until_a_write),
		T(test_exit_cancels_a_parked_read),
		T(test_parked_readers_are_served_in_order),
		T(test_tty_read_parks_until_the_driver_completes_it),
		T(test_tty_poll_parks_until_the_drivers_select_event),
		T(test_exit_cancels_a_parked_tty_read),
	};
	return cmocka_run_group_tests(tests, h_group_setup, NULL);
}
