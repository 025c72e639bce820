/*
 * VFS's copies to and from user memory (lib/libsys/ucopy.c) go
 * try-first: against memory that is absent they fail at once (the
 * harness fails the test if a copy would make VFS wait for VM), VFS asks
 * VM to bring the range in and copies again; memory VM refuses is EFAULT
 * with nothing changed.
 */
#include "vfs_harness.h"

static message msg(void)
{
	message m;
	memset(&m, 0, sizeof(m));
	return m;
}

static void test_stat_into_absent_memory_prefaults_and_succeeds(void **state)
{
	struct fproc *fp = h_proc();
	message m = msg();
	m.m_vfs.path = h_user("/file");
	m.m_vfs.buf = h_ubuf(sizeof(struct qstat));
	h_absent(m.m_vfs.buf, sizeof(struct qstat));
	assert_int_equal(do_stat(fp, &m), OK);
	assert_int_equal(h_prefaults(), 1);
	const struct qstat *st = (const struct qstat *)(uintptr_t)m.m_vfs.buf;
	assert_int_equal(st->ino, h_ino(H_FS1, "/file"));
}

static void test_stat_into_refused_memory_is_efault(void **state)
{
	struct fproc *fp = h_proc();
	message m = msg();
	m.m_vfs.path = h_user("/file");
	m.m_vfs.buf = h_ubuf(sizeof(struct qstat));
	h_bad(m.m_vfs.buf, sizeof(struct qstat));
	assert_int_equal(do_stat(fp, &m), -EFAULT);
	assert_int_equal(h_prefaults(), 1);
}

static void test_path_in_absent_memory_is_fetched(void **state)
{
	struct fproc *fp = h_proc();
	message m = msg();
	m.m_vfs.path = h_user("/a/b/file");
	h_absent(m.m_vfs.path, 10);
	int fd = do_open(fp, &m);
	assert_true(fd >= 0);
	assert_int_equal(h_close(fp, fd), OK);
}

static void test_path_in_refused_memory_opens_nothing(void **state)
{
	struct fproc *fp = h_proc();
	message m = msg();
	m.m_vfs.path = h_user("/file");
	h_bad(m.m_vfs.path, 6);
	assert_int_equal(do_open(fp, &m), -EFAULT);
	int fd = h_open(fp, "/file", Q_O_RDONLY, 0);
	assert_int_equal(fd, 0);                    /* no descriptor was taken */
	assert_int_equal(h_close(fp, fd), OK);
}

static void test_pipe_read_into_refused_memory_loses_nothing(void **state)
{
	struct fproc *fp = h_proc();
	int p[2];
	assert_int_equal(h_pipe(fp, p), OK);
	assert_int_equal(h_write(fp, p[1], "abc", 3), 3);
	message m = msg();
	m.m_vfs.fd = p[0];
	m.m_vfs.buf = h_ubuf(3);
	m.m_vfs.len2 = 3;
	h_bad(m.m_vfs.buf, 3);
	assert_int_equal(do_read(fp, &m), -EFAULT);
	char got[3];
	assert_int_equal(h_read(fp, p[0], got, 3), 3);   /* still in the pipe */
	assert_memory_equal(got, "abc", 3);
	h_close(fp, p[0]);
	h_close(fp, p[1]);
}

static void test_pipe_both_ways_through_absent_memory(void **state)
{
	struct fproc *fp = h_proc();
	int p[2];
	assert_int_equal(h_pipe(fp, p), OK);
	message w = msg();
	w.m_vfs.fd = p[1];
	w.m_vfs.buf = h_user("xyz");
	w.m_vfs.len2 = 3;
	h_absent(w.m_vfs.buf, 3);
	assert_int_equal(do_write(fp, &w), 3);
	message r = msg();
	r.m_vfs.fd = p[0];
	r.m_vfs.buf = h_ubuf(3);
	r.m_vfs.len2 = 3;
	h_absent(r.m_vfs.buf, 3);
	assert_int_equal(do_read(fp, &r), 3);
	assert_memory_equal((void *)(uintptr_t)r.m_vfs.buf, "xyz", 3);
	assert_int_equal(h_prefaults(), 2);
	h_close(fp, p[0]);
	h_close(fp, p[1]);
}

static void test_getcwd_and_readlink_into_absent_memory(void **state)
{
	struct fproc *fp = h_proc();
	assert_int_equal(h_chdir(fp, "/a/b"), OK);
	message m = msg();
	m.m_vfs.buf = h_ubuf(16);
	m.m_vfs.len2 = 16;
	h_absent(m.m_vfs.buf, 16);
	assert_int_equal(do_getcwd(fp, &m), 5);
	assert_string_equal((char *)(uintptr_t)m.m_vfs.buf, "/a/b");
	message l = msg();
	l.m_vfs.path = h_user("/abs");
	l.m_vfs.buf = h_ubuf(16);
	l.m_vfs.len2 = 16;
	h_absent(l.m_vfs.buf, 16);
	assert_int_equal(do_readlink(fp, &l), 4);
	assert_memory_equal((void *)(uintptr_t)l.m_vfs.buf, "/a/b", 4);
}

static void test_getdents_into_absent_memory_prefaults_and_succeeds(void **state)
{
	struct fproc *fp = h_proc();
	int fd = h_open(fp, "/a", Q_O_RDONLY, 0);
	assert_true(fd >= 0);
	message m = msg();
	m.m_vfs.fd = fd;
	m.m_vfs.buf = h_ubuf(512);
	m.m_vfs.len2 = 512;
	h_absent(m.m_vfs.buf, 512);
	assert_true(do_getdents(fp, &m) > 0);
	assert_int_equal(h_prefaults(), 1);
	h_close(fp, fd);
}

/* getdents into memory VM refuses: EFAULT, and the directory position
 * stays, so the same call into good memory gives the same entries. */
static void test_getdents_into_refused_memory_keeps_the_position(void **state)
{
	struct fproc *fp = h_proc();
	int fd = h_open(fp, "/a", Q_O_RDONLY, 0);
	assert_true(fd >= 0);
	message m = msg();
	m.m_vfs.fd = fd;
	m.m_vfs.buf = h_ubuf(512);
	m.m_vfs.len2 = 512;
	h_bad(m.m_vfs.buf, 512);
	assert_int_equal(do_getdents(fp, &m), -EFAULT);
	message g = msg();
	g.m_vfs.fd = fd;
	g.m_vfs.buf = h_ubuf(512);
	g.m_vfs.len2 = 512;
	assert_true(do_getdents(fp, &g) > 0);
	h_close(fp, fd);
}

static void test_chdir_to_refused_path_leaves_cwd(void **state)
{
	struct fproc *fp = h_proc();
	assert_int_equal(h_chdir(fp, "/a"), OK);
	message m = msg();
	m.m_vfs.path = h_user("/a/b");
	h_bad(m.m_vfs.path, 5);
	assert_int_equal(do_chdir(fp, &m), -EFAULT);
	char cwd[16];
	assert_int_equal(h_getcwd(fp, cwd, sizeof(cwd)), 3);
	assert_string_equal(cwd, "/a");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(test_stat_into_absent_memory_prefaults_and_succeeds),
		T(test_stat_into_refused_memory_is_efault),
		T(test_path_in_absent_memory_is_fetched),
		T(test_path_in_refused_memory_opens_nothing),
		T(test_pipe_read_into_refused_memory_loses_nothing),
		T(test_pipe_both_ways_through_absent_memory),
		T(test_getcwd_and_readlink_into_absent_memory),
		T(test_getdents_into_absent_memory_prefaults_and_succeeds),
		T(test_getdents_into_refused_memory_keeps_the_position),
		T(test_chdir_to_refused_path_leaves_cwd),
	};
	return cmocka_run_group_tests(tests, h_group_setup, NULL);
}
