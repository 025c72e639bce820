/*
 * VFS_MMAP on the host (servers/vfs/mmap.c): each error in POSIX's order
 * with nothing sent to VM, and /dev/zero becoming one VM_MMAP of
 * anonymous memory for the caller.
 */
#include "vfs_harness.h"

#define PG 4096

/* do_mmap as VFS's main loop calls it; *addr in/out. */
static int mmap_rq(struct fproc *fp, uint64_t *addr, uint64_t len, int prot, int flags, int fd,
		   uint64_t off)
{
	message m = { .m_type = VFS_MMAP };
	m.m_vm_mmap.addr = addr ? *addr : 0;
	m.m_vm_mmap.len = len;
	m.m_vm_mmap.prot = prot;
	m.m_vm_mmap.flags = flags;
	m.m_vm_mmap.fd = fd;
	m.m_vm_mmap.offset = off;
	m.m_vm_mmap.target = 12345;          /* the caller's to ignore */
	int r = do_mmap(fp, &m);
	if (addr)
		*addr = m.m_vm_mmap.addr;
	return r;
}

static void test_argument_errors_come_first_and_send_nothing(void **state)
{
	struct fproc *fp = h_proc();
	int z = h_open(fp, "/dev/zero", Q_O_RDWR, 0);
	int before = h_vm_requests;
	uint64_t a = 0x40000001;
	assert_int_equal(mmap_rq(fp, NULL, 0, PROT_READ, MAP_PRIVATE, 99, 0), -EINVAL);
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ, 0, z, 0), -EINVAL);
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ, MAP_SHARED | MAP_PRIVATE, z, 0), -EINVAL);
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, z, 0), -EINVAL);
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ, MAP_PRIVATE | MAP_CONTIG, z, 0), -EINVAL);
	assert_int_equal(mmap_rq(fp, NULL, PG, 0x80, MAP_PRIVATE, z, 0), -EINVAL);
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ, MAP_PRIVATE, z, 100), -EINVAL);
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ, MAP_PRIVATE, z, (uint64_t)-PG), -EINVAL);
	assert_int_equal(mmap_rq(fp, NULL, 2 * PG, PROT_READ, MAP_PRIVATE, z,
				 (uint64_t)INT64_MAX - PG + 1), -EINVAL);
	assert_int_equal(mmap_rq(fp, &a, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, z, 0), -EINVAL);
	assert_int_equal(h_vm_requests, before);
}

static void test_descriptor_and_access_errors(void **state)
{
	struct fproc *fp = h_proc();
	int before = h_vm_requests;
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ, MAP_PRIVATE, 7, 0), -EBADF);
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ, MAP_PRIVATE, -1, 0), -EBADF);
	int wo = h_open(fp, "/dev/zero", Q_O_WRONLY, 0);
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_NONE, MAP_PRIVATE, wo, 0), -EACCES);
	int ro = h_open(fp, "/dev/zero", Q_O_RDONLY, 0);
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0), -EACCES);
	assert_int_equal(h_vm_requests, before);
	/* a private writable copy of a read-only descriptor is allowed */
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0), OK);
	assert_int_equal(h_vm_requests, before + 1);
}

static void test_unmappable_kinds_are_enodev(void **state)
{
	struct fproc *fp = h_proc();
	int before = h_vm_requests;
	int fds[2];
	assert_int_equal(h_pipe(fp, fds), OK);
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ, MAP_PRIVATE, fds[0], 0), -ENODEV);
	int null = h_open(fp, "/dev/null", Q_O_RDWR, 0);
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ, MAP_PRIVATE, null, 0), -ENODEV);
	int dir = h_open(fp, "/a", Q_O_RDONLY, 0);
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ, MAP_PRIVATE, dir, 0), -ENODEV);
	assert_int_equal(h_vm_requests, before);
}

/* A regular file: VM maps the file itself (VM_MMAP_FILE), naming it by
 * its FS and inode, with a vnode reference VM keeps or refuses. */
static void test_regular_file_asks_vm_for_a_file_mapping(void **state)
{
	struct fproc *fp = h_proc();
	int fd = h_open(fp, "/file", Q_O_RDWR, 0);
	struct vnode *vp = fp->fd[fd]->vp;
	int refs = vp->refs, before = h_vm_requests;
	h_vm_hold = false;
	assert_int_equal(mmap_rq(fp, NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, PG), OK);
	assert_int_equal(h_vm_requests, before + 1);
	mess_vm_mmap_file *v = &h_vm_last.m_vm_mmap_file;
	assert_int_equal(h_vm_last.m_type, VM_MMAP_FILE);
	assert_int_equal(v->target, fp->ep);
	assert_int_equal(v->fs, vp->fs);
	assert_int_equal(v->ino, vp->ino);
	assert_int_equal(v->offset, PG);
	assert_int_equal(v->len, 2 * PG);
	assert_int_equal(v->flags, MAP_SHARED);
	assert_int_equal(vp->refs, refs);          /* VM had the file: extra ref dropped */
}

static void test_a_file_mapping_holds_the_vnode_until_vm_gives_it_back(void **state)
{
	struct fproc *fp = h_proc();
	int fd = h_open(fp, "/file", Q_O_RDWR, 0);
	struct vnode *vp = fp->fd[fd]->vp;
	int refs = vp->refs;
	h_vm_hold = true;
	assert_int_equal(mmap_rq(fp, NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0), OK);
	h_vm_hold = false;
	assert_int_equal(vp->refs, refs + 1);
	assert_int_equal(h_vm_held_cookie, vnode_cookie(vp));
	vm_file_puts();                            /* nothing to give back yet */
	assert_int_equal(vp->refs, refs + 1);
	h_vm_put_ready = true;
	vm_file_puts();
	assert_int_equal(vp->refs, refs);
}

static void test_dev_zero_asks_vm_for_anonymous_memory_of_the_caller(void **state)
{
	struct fproc *fp = h_proc();
	int z = h_open(fp, "/dev/zero", Q_O_RDWR, 0);
	int before = h_vm_requests;
	uint64_t a = 0x50000000;
	assert_int_equal(mmap_rq(fp, &a, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, z, 0),
			 OK);
	assert_int_equal(h_vm_requests, before + 1);
	mess_vm_mmap *v = &h_vm_last.m_vm_mmap;
	assert_int_equal(h_vm_last.m_type, VM_MMAP);
	assert_int_equal(v->target, fp->ep);
	assert_int_equal(v->flags, MAP_SHARED | MAP_FIXED | MAP_ANONYMOUS);
	assert_int_equal(v->fd, -1);
	assert_int_equal(v->len, 3 * PG);
	assert_int_equal(v->prot, PROT_READ | PROT_WRITE);
	assert_int_equal(a, 0x50000000);     /* VM's answer, passed back */
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_argument_errors_come_first_and_send_nothing),
		T(test_descriptor_and_access_errors),
		T(test_unmappable_kinds_are_enodev),
		T(test_regular_file_asks_vm_for_a_file_mapping),
		T(test_a_file_mapping_holds_the_vnode_until_vm_gives_it_back),
		T(test_dev_zero_asks_vm_for_anonymous_memory_of_the_caller),
	};
	return cmocka_run_group_tests(tests, h_group_setup, NULL);
}
