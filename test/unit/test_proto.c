/*
 * Host tests for the client stubs of lib/libproto (pm.c, vm.c, vfs.c,
 * bdev.c, cdev.c), compiled unchanged: __quire_sendrec is replaced by a fake that
 * records what was sent and answers with a prepared message. Each test
 * checks that a stub sends exactly one message, to the right server, of
 * the right type, with exactly the expected payload (every other byte
 * zero), and that it decodes the answer (and leaves its out arguments
 * alone on failure).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include <quire/ipc.h>
#include <quire/errno.h>
#include <quire/endpoints.h>
#include <quire/mman.h>
#include <quire/stat.h>
#include <quire/grant.h>
#include <quire/chardev.h>
#include <quire/signal.h>

/* ---- the fake trap ---- */

#define MAX_SENT 4

static message sent[MAX_SENT];
static endpoint_t sent_to[MAX_SENT];
static int nsent;
static message answer;          /* what the server answers */
static int trap_error;          /* < 0: the trap fails with this, no answer */

int __quire_sendrec(endpoint_t dst, message *m);

int __quire_sendrec(endpoint_t dst, message *m)
{
	assert_true(nsent < MAX_SENT);
	sent_to[nsent] = dst;
	sent[nsent++] = *m;
	if (trap_error < 0)
		return trap_error;
	*m = answer;
	m->m_source = dst;
	return OK;
}

/* The server will answer `result` with the payload of `a` (NULL: zeros). */
static void prepare(int result, const message *a)
{
	nsent = 0;
	trap_error = 0;
	memset(sent, 0, sizeof(sent));
	if (a)
		answer = *a;
	else
		memset(&answer, 0, sizeof(answer));
	answer.m_type = result;
}

/* Exactly one request went out: to `to`, of `type`, payload == want's. */
static void expect_sent(endpoint_t to, int type, const message *want)
{
	assert_int_equal(nsent, 1);
	assert_int_equal(sent_to[0], to);
	assert_int_equal(sent[0].m_type, type);
	assert_memory_equal(&sent[0].m_raw, &want->m_raw, sizeof(want->m_raw));
}

#define WANT(w) message w; memset(&w, 0, sizeof(w))

/* ---- PM ---- */

static void test_pm_fork_sends_an_empty_request(void **state)
{
	prepare(1234, NULL);
	assert_int_equal(pm_req_fork(), 1234);
	WANT(w);
	expect_sent(PM_PROC_NR, PM_FORK, &w);
}

static void test_pm_waitpid_decodes_status_only_for_a_child(void **state)
{
	message a;
	memset(&a, 0, sizeof(a));
	a.m_pm.status = 0x2500;
	prepare(77, &a);
	int status = -1;
	assert_int_equal(pm_req_waitpid(-1, &status, WNOHANG), 77);
	WANT(w);
	w.m_pm.pid = -1;
	w.m_pm.options = WNOHANG;
	expect_sent(PM_PROC_NR, PM_WAITPID, &w);
	assert_int_equal(status, 0x2500);

	prepare(0, &a);                       /* WNOHANG, nothing ended yet */
	status = -1;
	assert_int_equal(pm_req_waitpid(5, &status, WNOHANG), 0);
	assert_int_equal(status, -1);

	prepare(-ECHILD, &a);
	assert_int_equal(pm_req_waitpid(5, &status, 0), -ECHILD);
	assert_int_equal(status, -1);
	prepare(9, &a);
	assert_int_equal(pm_req_waitpid(9, NULL, 0), 9);   /* NULL status is fine */
}

static void test_pm_kill_by_pid_and_by_endpoint(void **state)
{
	prepare(OK, NULL);
	assert_int_equal(pm_req_kill(42, NONE, 15), OK);
	WANT(w);
	w.m_pm.pid = 42;
	w.m_pm.endpoint = NONE;
	w.m_pm.sig = 15;
	expect_sent(PM_PROC_NR, PM_KILL, &w);

	prepare(-ESRCH, NULL);
	assert_int_equal(pm_req_kill(0, 0x3007, 2), -ESRCH);
	WANT(w2);
	w2.m_pm.endpoint = 0x3007;
	w2.m_pm.sig = 2;
	expect_sent(PM_PROC_NR, PM_KILL, &w2);
}

static void test_pm_getpid_getproc_decode(void **state)
{
	message a;
	memset(&a, 0, sizeof(a));
	a.m_pm.ppid = 3;
	prepare(300, &a);
	int ppid = 0;
	assert_int_equal(pm_req_getpid(&ppid), 300);
	assert_int_equal(ppid, 3);

	memset(&a, 0, sizeof(a));
	a.m_pm.pid = 301;
	a.m_pm.ppid = 300;
	a.m_pm.endpoint = 0x2009;
	a.m_pm.state = PMS_ZOMBIE;
	a.m_pm.status = 0x100;
	prepare(OK, &a);
	struct pm_procinfo pi;
	memset(&pi, 0xff, sizeof(pi));
	assert_int_equal(pm_req_getproc(0, 0x2009, &pi), OK);
	WANT(w);
	w.m_pm.endpoint = 0x2009;
	expect_sent(PM_PROC_NR, PM_GETPROC, &w);
	assert_int_equal(pi.pid, 301);
	assert_int_equal(pi.ppid, 300);
	assert_int_equal(pi.endpoint, 0x2009);
	assert_int_equal(pi.state, PMS_ZOMBIE);
	assert_int_equal(pi.status, 0x100);

	prepare(-ESRCH, &a);
	memset(&pi, 0xff, sizeof(pi));
	assert_int_equal(pm_req_getproc(99, NONE, &pi), -ESRCH);
	assert_int_equal(pi.pid, -1);          /* untouched */
}

static void test_pm_poweroff_sigaction_next_event(void **state)
{
	prepare(OK, NULL);
	assert_int_equal(pm_req_poweroff(3), OK);
	WANT(w);
	w.m_pm.status = 3;
	expect_sent(PM_PROC_NR, PM_POWEROFF, &w);

	message sa;
	memset(&sa, 0, sizeof(sa));
	sa.m_pm_sig.handler = 0x4000;
	sa.m_pm_sig.flags = 2;
	prepare(OK, &sa);
	mess_pm_sig s = { .sig = 13, .handler = 1, .how = 1 };
	assert_int_equal(pm_req_sig(PM_SIGACTION, &s), OK);
	assert_int_equal(s.handler, 0x4000);   /* the previous setting */
	assert_int_equal(s.flags, 2);
	WANT(w2);
	w2.m_pm_sig.sig = 13;
	w2.m_pm_sig.handler = 1;
	w2.m_pm_sig.how = 1;
	expect_sent(PM_PROC_NR, PM_SIGACTION, &w2);

	message a;
	memset(&a, 0, sizeof(a));
	a.m_pm.endpoint = 0x5010;
	a.m_pm.parent_ep = 0x4011;
	prepare(PM_EV_FORK, &a);
	endpoint_t ep = 0, parent = 0;
	struct pm_cred cred;
	assert_int_equal(pm_req_next_event(&ep, &parent, &cred), PM_EV_FORK);
	WANT(w3);
	w3.m_pm_cred.addr = (uint64_t)(uintptr_t)cred.groups;   /* PM_EV_CRED's groups go there */
	expect_sent(PM_PROC_NR, PM_NEXT_EVENT, &w3);
	assert_int_equal(ep, 0x5010);
	assert_int_equal(parent, 0x4011);
}

static void test_pm_sigwait_timeout_and_siginfo(void **state)
{
	message a;
	memset(&a, 0, sizeof(a));
	a.m_pm_sigwait.code = -1;
	a.m_pm_sigwait.pid = 42;
	a.m_pm_sigwait.uid = 1000;
	a.m_pm_sigwait.addr = 0x1000;
	a.m_pm_sigwait.value = 77;
	prepare(12, &a);
	mess_pm_sigwait info;
	memset(&info, 0, sizeof(info));
	assert_int_equal(pm_req_sigwait(1ULL << 12, 50000000, &info), 12);
	WANT(w);
	w.m_pm_sigwait.set = 1ULL << 12;
	w.m_pm_sigwait.timeout_ns = 50000000;
	expect_sent(PM_PROC_NR, PM_SIGWAIT, &w);
	assert_int_equal(info.code, -1);
	assert_int_equal(info.pid, 42);
	assert_int_equal(info.uid, 1000);
	assert_int_equal(info.addr, 0x1000);
	assert_int_equal(info.value, 77);

	prepare(-EAGAIN, &a);                  /* no signal: *info untouched */
	memset(&info, 0, sizeof(info));
	assert_int_equal(pm_req_sigwait(1ULL << 12, 0, &info), -EAGAIN);
	assert_int_equal(info.pid, 0);
}

/* ---- VM ---- */

static void test_vm_rlimit_fields(void **state)
{
	prepare(OK, NULL);
	assert_int_equal(vm_req_rlimit(0x2005, 1ULL << 30, 1ULL << 20, 8ULL << 20, 64ULL << 10), OK);
	WANT(w);
	w.m_vm_rlimit.ep = 0x2005;
	w.m_vm_rlimit.as = 1ULL << 30;
	w.m_vm_rlimit.data = 1ULL << 20;
	w.m_vm_rlimit.stack = 8ULL << 20;
	w.m_vm_rlimit.memlock = 64ULL << 10;
	expect_sent(VM_PROC_NR, VM_RLIMIT, &w);
}

static void test_vm_mlock_fields(void **state)
{
	prepare(OK, NULL);
	assert_int_equal(vm_req_mlock(Q_MLOCKALL, (void *)0x5000, 0x3000, Q_MCL_FUTURE), OK);
	WANT(w);
	w.m_vm_lock.op = Q_MLOCKALL;
	w.m_vm_lock.addr = 0x5000;
	w.m_vm_lock.len = 0x3000;
	w.m_vm_lock.flags = Q_MCL_FUTURE;
	expect_sent(VM_PROC_NR, VM_MLOCK, &w);
}

static void test_vm_mmap_fields_and_answer(void **state)
{
	message a;
	memset(&a, 0, sizeof(a));
	a.m_vm_mmap.addr = 0x40000000;
	a.m_vm_mmap.offset = 0x1234000;        /* MAP_CONTIG: the physical address */
	prepare(OK, &a);
	void *out = NULL;
	uint64_t phys = 0;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_CONTIG;
	assert_int_equal(vm_req_mmap(0x2003, (void *)0x5000, 8192, PROT_READ, flags, 7, 0x3000,
				     &out, &phys), OK);
	WANT(w);
	w.m_vm_mmap.target = 0x2003;
	w.m_vm_mmap.addr = 0x5000;
	w.m_vm_mmap.len = 8192;
	w.m_vm_mmap.prot = PROT_READ;
	w.m_vm_mmap.flags = flags;
	w.m_vm_mmap.fd = 7;
	w.m_vm_mmap.offset = 0x3000;
	expect_sent(VM_PROC_NR, VM_MMAP, &w);
	assert_ptr_equal(out, (void *)0x40000000);
	assert_int_equal(phys, 0x1234000);

	prepare(-ENOMEM, &a);
	out = NULL;
	assert_int_equal(vm_req_mmap(0, NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0,
				     &out, NULL), -ENOMEM);
	assert_null(out);
}

static void test_vm_range_requests(void **state)
{
	prepare(OK, NULL);
	assert_int_equal(vm_req_munmap((void *)0x7000, 0x2000), OK);
	WANT(w);
	w.m_vm_range.addr = 0x7000;
	w.m_vm_range.len = 0x2000;
	expect_sent(VM_PROC_NR, VM_MUNMAP, &w);

	prepare(OK, NULL);
	assert_int_equal(vm_req_mprotect(0x2005, (void *)0x8000, 0x1000, PROT_NONE), OK);
	WANT(w2);
	w2.m_vm_range.target = 0x2005;
	w2.m_vm_range.addr = 0x8000;
	w2.m_vm_range.len = 0x1000;
	expect_sent(VM_PROC_NR, VM_MPROTECT, &w2);

	prepare(OK, NULL);
	assert_int_equal(vm_req_prefault(0x2006, 0x9000, 0x3000, true), OK);
	WANT(w3);
	w3.m_vm_range.target = 0x2006;
	w3.m_vm_range.addr = 0x9000;
	w3.m_vm_range.len = 0x3000;
	w3.m_vm_range.prot = PROT_WRITE;
	expect_sent(VM_PROC_NR, VM_PREFAULT, &w3);

	prepare(OK, NULL);
	assert_int_equal(vm_req_prefault(0x2006, 0x9000, 0x3000, false), OK);
	w3.m_vm_range.prot = PROT_READ;
	expect_sent(VM_PROC_NR, VM_PREFAULT, &w3);

	prepare(OK, NULL);
	assert_int_equal(vm_req_unmap_phys((void *)0xa000), OK);
	WANT(w4);
	w4.m_vm_range.addr = 0xa000;
	expect_sent(VM_PROC_NR, VM_UNMAP_PHYS, &w4);
}

static void test_vm_brk_phys_remap_info(void **state)
{
	message a;
	memset(&a, 0, sizeof(a));
	a.m_vm_range.addr = 0x600000;
	prepare(OK, &a);
	void *out = NULL;
	assert_int_equal(vm_req_brk(NULL, &out), OK);
	WANT(w);
	expect_sent(VM_PROC_NR, VM_BRK, &w);
	assert_ptr_equal(out, (void *)0x600000);

	memset(&a, 0, sizeof(a));
	a.m_vm_phys.addr = 0x70000000;
	prepare(OK, &a);
	assert_int_equal(vm_req_map_phys(0xfee00000, 4096, &out), OK);
	WANT(w2);
	w2.m_vm_phys.phys = 0xfee00000;
	w2.m_vm_phys.len = 4096;
	expect_sent(VM_PROC_NR, VM_MAP_PHYS, &w2);
	assert_ptr_equal(out, (void *)0x70000000);

	prepare(OK, &a);
	assert_int_equal(vm_req_remap(0x2008, (void *)0x10000, 8192, &out), OK);
	WANT(w3);
	w3.m_vm_phys.ep = 0x2008;
	w3.m_vm_phys.phys = 0x10000;
	w3.m_vm_phys.len = 8192;
	expect_sent(VM_PROC_NR, VM_REMAP, &w3);

	memset(&a, 0, sizeof(a));
	a.m_vm_info.total_pages = 1000;
	a.m_vm_info.free_pages = 600;
	prepare(OK, &a);
	mess_vm_info info;
	memset(&info, 0, sizeof(info));
	assert_int_equal(vm_req_info(NONE, &info), OK);
	WANT(w4);
	w4.m_vm_info.ep = NONE;
	expect_sent(VM_PROC_NR, VM_INFO, &w4);
	assert_int_equal(info.total_pages, 1000);
	assert_int_equal(info.free_pages, 600);
}

static void test_vm_process_requests(void **state)
{
	prepare(OK, NULL);
	assert_int_equal(vm_req_fork(0x1010, 0x2011), OK);
	WANT(w);
	w.m_vm_proc.ep = 0x1010;
	w.m_vm_proc.child = 0x2011;
	expect_sent(VM_PROC_NR, VM_FORK, &w);

	prepare(OK, NULL);
	assert_int_equal(vm_req_exit(0x1010), OK);
	WANT(w2);
	w2.m_vm_proc.ep = 0x1010;
	w2.m_vm_proc.child = NONE;
	expect_sent(VM_PROC_NR, VM_EXIT, &w2);

	prepare(OK, NULL);
	assert_int_equal(vm_req_clear(0x1010, 0x405000), OK);
	WANT(w3);
	w3.m_vm_proc.ep = 0x1010;
	w3.m_vm_proc.brk = 0x405000;
	expect_sent(VM_PROC_NR, VM_CLEAR, &w3);
}

/* ---- VFS ---- */

static void test_vfs_paths_go_by_address(void **state)
{
	static const char p1[] = "/etc/motd", p2[] = "/tmp/x";
	prepare(3, NULL);
	assert_int_equal(vfs_req_open(p1, Q_O_RDWR | Q_O_CREAT, 0644), 3);
	WANT(w);
	w.m_vfs.path = (uint64_t)(uintptr_t)p1;
	w.m_vfs.flags = Q_O_RDWR | Q_O_CREAT;
	w.m_vfs.mode = 0644;
	expect_sent(VFS_PROC_NR, VFS_OPEN, &w);

	prepare(OK, NULL);
	assert_int_equal(vfs_req_rename(p1, p2), OK);
	WANT(w2);
	w2.m_vfs.path = (uint64_t)(uintptr_t)p1;
	w2.m_vfs.buf = (uint64_t)(uintptr_t)p2;
	expect_sent(VFS_PROC_NR, VFS_RENAME, &w2);

	prepare(OK, NULL);
	assert_int_equal(vfs_req_truncate(p1, 1ull << 40), OK);
	WANT(w3);
	w3.m_vfs.path = (uint64_t)(uintptr_t)p1;
	w3.m_vfs.offset = 1ull << 40;
	expect_sent(VFS_PROC_NR, VFS_TRUNCATE, &w3);

	struct qstat st;
	prepare(OK, NULL);
	assert_int_equal(vfs_req_lstat(p2, &st), OK);
	WANT(w4);
	w4.m_vfs.path = (uint64_t)(uintptr_t)p2;
	w4.m_vfs.buf = (uint64_t)(uintptr_t)&st;
	w4.m_vfs.len2 = sizeof(struct qstat);
	expect_sent(VFS_PROC_NR, VFS_LSTAT, &w4);

	/* A bad path is VFS's EFAULT: the stub never reads it. */
	prepare(-EFAULT, NULL);
	assert_int_equal(vfs_req_unlink((const char *)8), -EFAULT);
}

static void test_vfs_counts_are_cut_to_io_max(void **state)
{
	char buf[16];
	prepare(16, NULL);
	assert_int_equal(vfs_req_read(4, buf, SIZE_MAX), 16);
	WANT(w);
	w.m_vfs.fd = 4;
	w.m_vfs.buf = (uint64_t)(uintptr_t)buf;
	w.m_vfs.len2 = VFS_IO_MAX;
	expect_sent(VFS_PROC_NR, VFS_READ, &w);

	prepare(5, NULL);
	assert_int_equal(vfs_req_pwrite(4, buf, 5, 1ll << 33), 5);
	w.m_vfs.len2 = 5;
	w.m_vfs.offset = 1ull << 33;
	expect_sent(VFS_PROC_NR, VFS_PWRITE, &w);

	prepare(8, NULL);
	assert_int_equal(vfs_req_getcwd(buf, (size_t)VFS_IO_MAX + 1), 8);
	WANT(w2);
	w2.m_vfs.buf = (uint64_t)(uintptr_t)buf;
	w2.m_vfs.len2 = VFS_IO_MAX;
	expect_sent(VFS_PROC_NR, VFS_GETCWD, &w2);
}

static void test_vfs_answers_beyond_m_type(void **state)
{
	message a;
	memset(&a, 0, sizeof(a));
	a.m_vfs.offset = 1ull << 35;
	prepare(OK, &a);
	int64_t pos = 0;
	assert_int_equal(vfs_req_lseek(2, -10, Q_SEEK_END, &pos), OK);
	WANT(w);
	w.m_vfs.fd = 2;
	w.m_vfs.offset = (uint64_t)-10;
	w.m_vfs.flags = Q_SEEK_END;
	expect_sent(VFS_PROC_NR, VFS_LSEEK, &w);
	assert_int_equal(pos, 1ll << 35);

	memset(&a, 0, sizeof(a));
	a.m_vfs.fd = 5;
	a.m_vfs.fd2 = 6;
	prepare(OK, &a);
	int fds[2] = { -1, -1 };
	assert_int_equal(vfs_req_pipe(fds), OK);
	assert_int_equal(fds[0], 5);
	assert_int_equal(fds[1], 6);

	prepare(-EMFILE, &a);
	fds[0] = fds[1] = -1;
	assert_int_equal(vfs_req_pipe(fds), -EMFILE);
	assert_int_equal(fds[0], -1);
}

static void test_vfs_fd_requests(void **state)
{
	prepare(OK, NULL);
	assert_int_equal(vfs_req_fcntl(3, Q_F_SETFD, Q_FD_CLOEXEC), OK);
	WANT(w);
	w.m_vfs.fd = 3;
	w.m_vfs.flags = Q_F_SETFD;
	w.m_vfs.mode = Q_FD_CLOEXEC;
	expect_sent(VFS_PROC_NR, VFS_FCNTL, &w);

	int arg;
	prepare(OK, NULL);
	assert_int_equal(vfs_req_ioctl(0, TTY_SETFG, &arg), OK);
	WANT(w2);
	w2.m_vfs.flags = TTY_SETFG;
	w2.m_vfs.buf = (uint64_t)(uintptr_t)&arg;
	expect_sent(VFS_PROC_NR, VFS_IOCTL, &w2);

	prepare(7, NULL);
	assert_int_equal(vfs_req_dup2(1, 7), 7);
	WANT(w3);
	w3.m_vfs.fd = 1;
	w3.m_vfs.fd2 = 7;
	expect_sent(VFS_PROC_NR, VFS_DUP2, &w3);

	static const char img[32];
	prepare(-ENOEXEC, NULL);
	assert_int_equal(vfs_req_exec("/bin/sh", img, sizeof(img)), -ENOEXEC);
	assert_int_equal(sent[0].m_type, VFS_EXEC);
	assert_int_equal(sent[0].m_vfs.buf, (uint64_t)(uintptr_t)img);
	assert_int_equal(sent[0].m_vfs.len2, sizeof(img));
}

/* ---- block devices ---- */

static void test_bdev_requests(void **state)
{
	prepare(4096, NULL);
	assert_int_equal(bdev_req_read(0x5005, 0, 1ull << 32, 0x10002, 4096), 4096);
	WANT(w);
	w.m_bdev.minor = 0;
	w.m_bdev.grant = 0x10002;
	w.m_bdev.pos = 1ull << 32;
	w.m_bdev.size = 4096;
	expect_sent(0x5005, BDEV_READ, &w);

	prepare(OK, NULL);
	assert_int_equal(bdev_req_flush(0x5005, 1), OK);
	WANT(w2);
	w2.m_bdev.minor = 1;
	w2.m_bdev.grant = GRANT_INVALID;
	expect_sent(0x5005, BDEV_FLUSH, &w2);

	message a;
	memset(&a, 0, sizeof(a));
	a.m_bdev.size = 64ull << 20;
	a.m_bdev.sector = 512;
	a.m_bdev.flags = BDEV_RDONLY;
	prepare(OK, &a);
	struct bdev_info info;
	memset(&info, 0, sizeof(info));
	assert_int_equal(bdev_req_info(0x5005, 0, &info), OK);
	assert_int_equal(info.size, 64ull << 20);
	assert_int_equal(info.sector, 512);
	assert_int_equal(info.flags, BDEV_RDONLY);
}

/* ---- character devices and the tty's job-control question ---- */

static void test_cdev_select_and_its_events(void **state)
{
	prepare(CDEV_SEL_WR, NULL);
	assert_int_equal(req_cdev_select(0x6006, 0, CDEV_SEL_RD | CDEV_SEL_WR | CDEV_SEL_NOTIFY),
			 CDEV_SEL_WR);
	WANT(w);
	w.m_cdev.minor = 0;
	w.m_cdev.ops = CDEV_SEL_RD | CDEV_SEL_WR | CDEV_SEL_NOTIFY;
	expect_sent(0x6006, CDEV_SELECT, &w);

	/* A select event: minor and the ready ops, never NOTIFY. */
	message a;
	memset(&a, 0, sizeof(a));
	a.m_cdev.minor = 3;
	a.m_cdev.ops = CDEV_SEL_RD | CDEV_SEL_NOTIFY;
	a.m_cdev.id = 99;
	prepare(CDEV_SEL_REPLY, &a);
	struct cdev_done d;
	memset(&d, 0xff, sizeof(d));
	assert_int_equal(req_cdev_status(0x6006, &d), 1);
	assert_true(d.select);
	assert_int_equal(d.minor, 3);
	assert_int_equal(d.ops, CDEV_SEL_RD);
	WANT(w2);
	expect_sent(0x6006, CDEV_STATUS, &w2);

	/* A finished read is not a select event. */
	memset(&a, 0, sizeof(a));
	a.m_cdev.id = 7;
	a.m_cdev.result = 5;
	a.m_cdev.user = 0x1234;
	prepare(CDEV_REPLY, &a);
	memset(&d, 0xff, sizeof(d));
	assert_int_equal(req_cdev_status(0x6006, &d), 1);
	assert_false(d.select);
	assert_int_equal(d.id, 7);
	assert_int_equal(d.result, 5);
	assert_int_equal(d.user, 0x1234);

	prepare(CDEV_NO_STATUS, NULL);
	assert_int_equal(req_cdev_status(0x6006, &d), 0);
	prepare(CDEV_SELECT, NULL);                 /* not a status answer */
	assert_int_equal(req_cdev_status(0x6006, &d), -EINVAL);
}

static void test_pm_bgtty_sends_user_group_and_signal(void **state)
{
	prepare(-ERESTART, NULL);
	assert_int_equal(pm_req_bgtty(0x4321, 17, QSIGTTOU), -ERESTART);
	WANT(w);
	w.m_pm_pgrp.endpoint = 0x4321;
	w.m_pm_pgrp.pgid = 17;
	w.m_pm_pgrp.sig = QSIGTTOU;
	expect_sent(PM_PROC_NR, PM_BGTTY, &w);
}

/* ---- the trap's own errors ---- */

static void test_trap_errors_pass_through_untouched(void **state)
{
	prepare(OK, NULL);
	trap_error = -EDEADSRCDST;
	int status = -1;
	assert_int_equal(pm_req_waitpid(-1, &status, 0), -EDEADSRCDST);
	assert_int_equal(status, -1);

	prepare(OK, NULL);
	trap_error = -ELOCKED;
	void *out = NULL;
	assert_int_equal(vm_req_brk(NULL, &out), -ELOCKED);
	assert_null(out);
	assert_int_equal(nsent, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pm_fork_sends_an_empty_request),
		cmocka_unit_test(test_pm_waitpid_decodes_status_only_for_a_child),
		cmocka_unit_test(test_pm_kill_by_pid_and_by_endpoint),
		cmocka_unit_test(test_pm_getpid_getproc_decode),
		cmocka_unit_test(test_pm_poweroff_sigaction_next_event),
		cmocka_unit_test(test_pm_sigwait_timeout_and_siginfo),
		cmocka_unit_test(test_vm_mmap_fields_and_answer),
		cmocka_unit_test(test_vm_rlimit_fields),
		cmocka_unit_test(test_vm_mlock_fields),
		cmocka_unit_test(test_vm_range_requests),
		cmocka_unit_test(test_vm_brk_phys_remap_info),
		cmocka_unit_test(test_vm_process_requests),
		cmocka_unit_test(test_vfs_paths_go_by_address),
		cmocka_unit_test(test_vfs_counts_are_cut_to_io_max),
		cmocka_unit_test(test_vfs_answers_beyond_m_type),
		cmocka_unit_test(test_vfs_fd_requests),
		cmocka_unit_test(test_bdev_requests),
		cmocka_unit_test(test_cdev_select_and_its_events),
		cmocka_unit_test(test_pm_bgtty_sends_user_group_and_signal),
		cmocka_unit_test(test_trap_errors_pass_through_untouched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
