/*
 * VFS's record locks (servers/vfs/lock.c) on the host: ranges split and
 * replaced per owner, conflicts between owners, whence and len 0, a
 * parked F_SETLKW answered when the range frees, EDEADLK, release on
 * close of another descriptor and on exit, ENOLCK with nothing changed.
 */
#include "vfs_harness.h"

/* One VFS_LOCK request; *out gets the answer's payload when given. */
static int h_lock(struct fproc *fp, int fd, int cmd, int type, int whence, int64_t start,
		  int64_t len, mess_vfs_lock *out)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vfs_lock = (mess_vfs_lock){ .fd = fd, .cmd = cmd, .type = (int16_t)type,
					 .whence = (int16_t)whence, .start = start, .len = len };
	int r = do_lock(fp, &m);
	if (out)
		*out = m.m_vfs_lock;
	return r;
}

#define SET(fp, fd, type, start, len) h_lock(fp, fd, Q_F_SETLK, type, Q_SEEK_SET, start, len, NULL)
#define WAIT(fp, fd, type, start, len) h_lock(fp, fd, Q_F_SETLKW, type, Q_SEEK_SET, start, len, NULL)

/* F_GETLK of a write lock over [start, start+len): the answer in *out. */
static int probe(struct fproc *fp, int fd, int64_t start, int64_t len, mess_vfs_lock *out)
{
	assert_int_equal(h_lock(fp, fd, Q_F_GETLK, Q_F_WRLCK, Q_SEEK_SET, start, len, out), OK);
	return out->type;
}

static void test_conflicts_are_between_owners_only(void **state)
{
	struct fproc *a = h_proc(), *b = h_proc();
	int fa = h_open(a, "/file", Q_O_RDWR, 0), fb = h_open(b, "/file", Q_O_RDWR, 0);
	mess_vfs_lock lk;
	assert_int_equal(SET(a, fa, Q_F_WRLCK, 10, 10), OK);
	assert_int_equal(SET(a, fa, Q_F_RDLCK, 12, 2), OK);              /* own: replaced */
	assert_int_equal(lock_count(a), 3);                              /* W[10,11] R[12,13] W[14,19] */
	assert_int_equal(SET(b, fb, Q_F_RDLCK, 19, 1), -EAGAIN);
	assert_int_equal(SET(b, fb, Q_F_RDLCK, 12, 2), OK);              /* read shares read */
	assert_int_equal(SET(b, fb, Q_F_WRLCK, 20, 5), OK);              /* adjacent: free */
	assert_int_equal(probe(b, fb, 0, 11, &lk), Q_F_WRLCK);
	assert_int_equal(lk.start, 10);
	assert_int_equal(lk.len, 2);
	assert_int_equal(lk.whence, Q_SEEK_SET);
	assert_int_equal(probe(b, fb, 30, 0, &lk), Q_F_UNLCK);
	assert_int_equal(SET(a, fa, Q_F_UNLCK, 0, 0), OK);               /* len 0: everything */
	assert_int_equal(lock_count(a), 0);
}

static void test_whence_and_len_zero(void **state)
{
	struct fproc *a = h_proc(), *b = h_proc();
	int fa = h_open(a, "/file", Q_O_RDWR, 0), fb = h_open(b, "/file", Q_O_RDWR, 0);
	mess_vfs_lock lk;
	/* /file holds "data": SEEK_END is 4; len 0 runs to any end. */
	assert_int_equal(h_lock(a, fa, Q_F_SETLK, Q_F_WRLCK, Q_SEEK_END, 0, 0, NULL), OK);
	assert_int_equal(probe(b, fb, 1000000, 1, &lk), Q_F_WRLCK);
	assert_int_equal(lk.start, 4);
	assert_int_equal(lk.len, 0);
	assert_int_equal(h_lseek(a, fa, 2, Q_SEEK_SET), 2);
	assert_int_equal(h_lock(a, fa, Q_F_SETLK, Q_F_WRLCK, Q_SEEK_CUR, -2, 1, NULL), OK);
	assert_int_equal(probe(b, fb, 0, 1, &lk), Q_F_WRLCK);
	assert_int_equal(h_lock(a, fa, Q_F_SETLK, Q_F_WRLCK, Q_SEEK_SET, 3, -2, NULL), OK); /* [1,2] */
	assert_int_equal(probe(b, fb, 1, 1, &lk), Q_F_WRLCK);
	assert_int_equal(h_lock(a, fa, Q_F_SETLK, Q_F_WRLCK, Q_SEEK_SET, 1, -2, NULL), -EINVAL);
	assert_int_equal(h_lock(a, fa, Q_F_SETLK, Q_F_WRLCK, 3, 0, 1, NULL), -EINVAL);
	assert_int_equal(h_lock(a, fa, Q_F_SETLK, 7, Q_SEEK_SET, 0, 1, NULL), -EINVAL);
	assert_int_equal(h_lock(a, fa, Q_F_GETLK, Q_F_UNLCK, Q_SEEK_SET, 0, 1, NULL), -EINVAL);
	assert_int_equal(h_lock(a, fa, 42, Q_F_WRLCK, Q_SEEK_SET, 0, 1, NULL), -EINVAL);
	assert_int_equal(h_lock(a, 60, Q_F_SETLK, Q_F_WRLCK, Q_SEEK_SET, 0, 1, NULL), -EBADF);
	assert_int_equal(h_lock(a, fa, Q_F_SETLK, Q_F_WRLCK, Q_SEEK_SET, INT64_MAX, 2, NULL), -EOVERFLOW);
}

static void test_lock_kind_must_match_the_open_mode(void **state)
{
	struct fproc *a = h_proc();
	int r = h_open(a, "/file", Q_O_RDONLY, 0), w = h_open(a, "/file", Q_O_WRONLY, 0);
	assert_int_equal(SET(a, r, Q_F_WRLCK, 0, 1), -EBADF);
	assert_int_equal(SET(a, w, Q_F_RDLCK, 0, 1), -EBADF);
	assert_int_equal(SET(a, r, Q_F_RDLCK, 0, 1), OK);
	assert_int_equal(SET(a, w, Q_F_WRLCK, 0, 1), OK);
	int fds[2];
	assert_int_equal(h_pipe(a, fds), OK);
	assert_int_equal(SET(a, fds[0], Q_F_RDLCK, 0, 1), -EINVAL);       /* not a file */
}

static void test_setlkw_parks_until_the_holder_unlocks(void **state)
{
	struct fproc *a = h_proc(), *b = h_proc();
	int fa = h_open(a, "/file", Q_O_RDWR, 0), fb = h_open(b, "/file", Q_O_RDWR, 0);
	assert_int_equal(SET(a, fa, Q_F_WRLCK, 0, 4), OK);
	assert_int_equal(WAIT(b, fb, Q_F_WRLCK, 2, 1), SUSPEND_REPLY);
	assert_int_equal(b->susp.kind, SUSP_LOCK);
	assert_int_equal(SET(a, fa, Q_F_UNLCK, 0, 2), OK);               /* not the byte b wants */
	assert_int_equal(b->susp.kind, SUSP_LOCK);
	assert_int_equal(SET(a, fa, Q_F_UNLCK, 2, 2), OK);
	assert_int_equal(b->susp.kind, SUSP_NONE);
	assert_int_equal(h_last_reply(b->ep), OK);
	assert_int_equal(lock_count(b), 1);
}

static void test_a_cycle_of_waiters_is_edeadlk(void **state)
{
	struct fproc *a = h_proc(), *b = h_proc(), *c = h_proc();
	int fa = h_open(a, "/file", Q_O_RDWR, 0), fb = h_open(b, "/file", Q_O_RDWR, 0);
	int fc = h_open(c, "/file", Q_O_RDWR, 0);
	assert_int_equal(SET(a, fa, Q_F_WRLCK, 0, 1), OK);
	assert_int_equal(SET(b, fb, Q_F_WRLCK, 1, 1), OK);
	assert_int_equal(SET(c, fc, Q_F_WRLCK, 2, 1), OK);
	assert_int_equal(WAIT(a, fa, Q_F_WRLCK, 1, 1), SUSPEND_REPLY);    /* a waits for b */
	assert_int_equal(WAIT(b, fb, Q_F_WRLCK, 2, 1), SUSPEND_REPLY);    /* b waits for c */
	assert_int_equal(WAIT(c, fc, Q_F_RDLCK, 0, 1), -EDEADLK);         /* c -> a -> b -> c */
	assert_int_equal(c->susp.kind, SUSP_NONE);
	assert_int_equal(SET(c, fc, Q_F_UNLCK, 2, 1), OK);                /* b gets byte 2 */
	assert_int_equal(b->susp.kind, SUSP_NONE);
	assert_int_equal(h_last_reply(b->ep), OK);
	assert_int_equal(a->susp.kind, SUSP_LOCK);
}

static void test_closing_any_descriptor_releases(void **state)
{
	struct fproc *a = h_proc(), *b = h_proc();
	int fa = h_open(a, "/file", Q_O_RDWR, 0), fb = h_open(b, "/file", Q_O_RDWR, 0);
	int other = h_open(a, "/file", Q_O_RDONLY, 0);
	int elsewhere = h_open(a, "/a/b/file", Q_O_RDWR, 0);
	assert_int_equal(SET(a, fa, Q_F_WRLCK, 0, 0), OK);
	assert_int_equal(SET(a, elsewhere, Q_F_WRLCK, 0, 0), OK);
	assert_int_equal(WAIT(b, fb, Q_F_WRLCK, 0, 1), SUSPEND_REPLY);
	assert_int_equal(h_close(a, other), OK);
	assert_int_equal(lock_count(a), 1);                               /* the other file's stays */
	assert_int_equal(b->susp.kind, SUSP_NONE);
	assert_int_equal(h_last_reply(b->ep), OK);
}

static void test_exit_releases_and_cancels(void **state)
{
	struct fproc *a = h_proc(), *b = h_proc(), *c = h_proc();
	int fa = h_open(a, "/file", Q_O_RDWR, 0), fb = h_open(b, "/file", Q_O_RDWR, 0);
	int fc = h_open(c, "/file", Q_O_RDWR, 0);
	assert_int_equal(SET(a, fa, Q_F_WRLCK, 0, 1), OK);
	assert_int_equal(WAIT(b, fb, Q_F_WRLCK, 0, 1), SUSPEND_REPLY);
	fproc_exit(b->ep);                                                /* a parked waiter goes */
	assert_int_equal(WAIT(c, fc, Q_F_RDLCK, 0, 1), SUSPEND_REPLY);
	fproc_exit(a->ep);                                                /* the holder goes */
	assert_int_equal(c->susp.kind, SUSP_NONE);
	assert_int_equal(h_last_reply(c->ep), OK);
	assert_int_equal(lock_count(c), 1);
}

static void test_full_table_is_enolck_and_changes_nothing(void **state)
{
	struct fproc *a = h_proc();
	int fa = h_open(a, "/file", Q_O_RDWR, 0);
	int n = 0;
	while (SET(a, fa, Q_F_WRLCK, 2 * n, 1) == OK)
		n++;
	assert_int_equal(n, 512);
	assert_int_equal(SET(a, fa, Q_F_WRLCK, 2 * n, 1), -ENOLCK);
	assert_int_equal(SET(a, fa, Q_F_WRLCK, 0, 1), OK);                /* replaces: no new slot */
	assert_int_equal(SET(a, fa, Q_F_UNLCK, 0, 1), OK);                /* frees one */
	assert_int_equal(SET(a, fa, Q_F_RDLCK, 2, 1), OK);                /* replace in place */
	assert_int_equal(lock_count(a), 511);
	assert_int_equal(SET(a, fa, Q_F_WRLCK, 2 * n, 1), OK);            /* the last free slot */
	/* Full again: unlocking [1, 2n-2] frees all but the lock at 2n. */
	assert_int_equal(SET(a, fa, Q_F_UNLCK, 1, 2 * n - 2), OK);
	assert_int_equal(lock_count(a), 1);
	assert_int_equal(SET(a, fa, Q_F_WRLCK, 0, 0), OK);                /* one lock over all */
	assert_int_equal(lock_count(a), 1);
	assert_int_equal(SET(a, fa, Q_F_UNLCK, 5, 1), OK);                /* a split */
	assert_int_equal(lock_count(a), 2);
}

static void test_split_needs_a_slot(void **state)
{
	struct fproc *a = h_proc(), *b = h_proc();
	int fa = h_open(a, "/file", Q_O_RDWR, 0), fb = h_open(b, "/file", Q_O_RDWR, 0);
	mess_vfs_lock lk;
	assert_int_equal(SET(a, fa, Q_F_WRLCK, 100, 101), OK);
	while (SET(b, fb, Q_F_WRLCK, 1000 + 2 * lock_count(b), 1) == OK)
		;
	assert_int_equal(lock_count(b), 511);                             /* the table is full */
	assert_int_equal(SET(a, fa, Q_F_UNLCK, 150, 1), -ENOLCK);
	assert_int_equal(probe(b, fb, 150, 1, &lk), Q_F_WRLCK);           /* unchanged */
	assert_int_equal(lk.start, 100);
	assert_int_equal(lk.len, 101);
	assert_int_equal(SET(a, fa, Q_F_UNLCK, 100, 1), OK);              /* a trim needs none */
	assert_int_equal(probe(b, fb, 100, 1, &lk), Q_F_UNLCK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)
		T(test_conflicts_are_between_owners_only),
		T(test_whence_and_len_zero),
		T(test_lock_kind_must_match_the_open_mode),
		T(test_setlkw_parks_until_the_holder_unlocks),
		T(test_a_cycle_of_waiters_is_edeadlk),
		T(test_closing_any_descriptor_releases),
		T(test_exit_releases_and_cancels),
		T(test_full_table_is_enolck_and_changes_nothing),
		T(test_split_needs_a_slot),
	};
	return cmocka_run_group_tests(tests, h_group_setup, NULL);
}
