/*
 * The host side of VFS's tests: fake FS servers, drivers, VM and PM at
 * the message level, grants and copies over host memory (see
 * vfs_harness.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "vfs_harness.h"

/* ---- what libsys would give VFS --------------------------------------------------- */

struct fproc fprocs[NR_PROCS];
struct mount *root_mount;

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);
	if (size) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

void panic(const char *fmt, ...)
{
	static char buf[256];          /* cmocka prints it after the jump */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* Under expect_assert_failure() this jumps back to the test;
	 * otherwise it fails the test. */
	mock_assert(0, buf, __FILE__, __LINE__);
	abort();
}

#define NR_GRANTS 64
static struct { bool used; uint64_t addr, len; } grants[NR_GRANTS];

static cp_grant_id_t grant(uint64_t addr, uint64_t len)
{
	for (int i = 0; i < NR_GRANTS; i++)
		if (!grants[i].used) {
			grants[i].used = true;
			grants[i].addr = addr;
			grants[i].len = len;
			return i;
		}
	return GRANT_INVALID;
}

cp_grant_id_t cpf_grant_direct(endpoint_t to, vir_bytes addr, size_t len, int access)
{
	return grant(addr, len);
}

cp_grant_id_t cpf_grant_magic(endpoint_t to, endpoint_t from, vir_bytes addr, size_t len,
			      int access)
{
	return grant(addr, len);
}

int cpf_revoke(cp_grant_id_t g)
{
	assert_true(g >= 0 && g < NR_GRANTS && grants[g].used);
	grants[g].used = false;
	return OK;
}

int h_grants(void)
{
	int n = 0;
	for (int i = 0; i < NR_GRANTS; i++)
		n += grants[i].used;
	return n;
}

/* A grant's memory, if [off, off+len) is inside it. */
static void *granted(cp_grant_id_t g, uint64_t off, uint64_t len)
{
	assert_true(g >= 0 && g < NR_GRANTS && grants[g].used);
	assert_true(off <= grants[g].len && len <= grants[g].len - off);
	return (void *)(uintptr_t)(grants[g].addr + off);
}

/* User memory VM has not brought in yet (h_absent), and memory VM will
 * refuse to bring in (h_bad): one range each. A copy touching either
 * fails at once with VCP_TRY; without it, the kernel would make VFS wait
 * for VM, which VFS must never do: the test fails. */
static struct { uint64_t addr, len; } absent, bad;
static int prefaults;

void h_absent(uint64_t addr, uint64_t len) { absent.addr = addr; absent.len = len; }
void h_bad(uint64_t addr, uint64_t len) { bad.addr = addr; bad.len = len; }
int h_prefaults(void) { return prefaults; }

static bool overlaps(uint64_t a, uint64_t n, uint64_t b, uint64_t m)
{
	return n && m && a < b + m && b < a + n;
}

static bool touches(uint64_t a, uint64_t n)
{
	return overlaps(a, n, absent.addr, absent.len) || overlaps(a, n, bad.addr, bad.len);
}

/* VM_PREFAULT: absent memory comes in; bad memory is refused. */
static int fake_prefault(const message *m)
{
	prefaults++;
	uint64_t a = m->m_vm_range.addr, n = m->m_vm_range.len;
	if (overlaps(a, n, bad.addr, bad.len))
		return -EFAULT;
	if (overlaps(a, n, absent.addr, absent.len))
		absent.len = 0;
	return OK;
}

int sys_vircopy(endpoint_t src, vir_bytes src_addr, endpoint_t dst, vir_bytes dst_addr,
		vir_bytes bytes, int flags)
{
	if (src_addr < 4096 || dst_addr < 4096)
		return -EFAULT;
	if (touches(src_addr, bytes) || touches(dst_addr, bytes)) {
		if (!(flags & VCP_TRY))
			fail_msg("VFS copied %lu bytes at absent memory without VCP_TRY: it would wait for VM",
				 (unsigned long)bytes);
		return -EFAULT;
	}
	memcpy((void *)(uintptr_t)dst_addr, (void *)(uintptr_t)src_addr, bytes);
	return OK;
}

int sys_lookup(const char *name, endpoint_t *ep)
{
	if (!strcmp(name, "fs1"))
		*ep = H_FS1;
	else if (!strcmp(name, "fs2"))
		*ep = H_FS2;
	else
		return -ESRCH;
	return OK;
}

/* The clock for select.c: time stands still at uptime 1000; alarms are
 * accepted and never fire. */
int sys_setalarm(uint64_t ticks, int absolute)
{
	(void)ticks;
	(void)absolute;
	return OK;
}

uint64_t sys_uptime(void)
{
	return 1000;
}

int sys_getkinfo(struct kinfo *k)
{
	memset(k, 0, sizeof(*k));
	k->hz = 100;
	return OK;
}

static int last_reply[NR_PROCS];

int ipc_sendnb(endpoint_t to, message *m)
{
	last_reply[_ENDPOINT_SLOT(to) % NR_PROCS] = m->m_type;
	return OK;
}

int h_last_reply(endpoint_t ep)
{
	return last_reply[_ENDPOINT_SLOT(ep) % NR_PROCS];
}

void reply(endpoint_t to, message *m, int result)
{
	m->m_type = result;
	ipc_sendnb(to, m);
}

void sync_pm_events(void)
{
}

/* ---- the fake FS servers ---------------------------------------------------------- */

#define FAKE_NODES 32

struct fnode {
	bool used;
	uint32_t mode;
	uint64_t parent;
	char name[FS_NAME_MAX + 1];
	char data[256];            /* file bytes or symlink target */
	uint64_t size;
	int refs;                  /* VFS's references */
};

static struct fakefs {
	struct fnode n[FAKE_NODES];    /* ino = index; 1 is the root */
	int count[FS_NR_CALLS];
} fakes[2];

static struct fakefs *fake_of(endpoint_t ep)
{
	return ep == H_FS1 ? &fakes[0] : ep == H_FS2 ? &fakes[1] : NULL;
}

static uint64_t fake_find(struct fakefs *f, uint64_t dir, const char *name, size_t len)
{
	if (len == 2 && !memcmp(name, "..", 2))
		return f->n[dir].parent;
	for (uint64_t i = 1; i < FAKE_NODES; i++)
		if (f->n[i].used && f->n[i].parent == dir && i != dir &&
		    strlen(f->n[i].name) == len && !memcmp(f->n[i].name, name, len))
			return i;
	return 0;
}

static uint64_t fake_add(struct fakefs *f, uint64_t dir, const char *name, uint32_t mode,
			 const char *data)
{
	for (uint64_t i = 2; i < FAKE_NODES; i++) {
		struct fnode *n = &f->n[i];
		if (n->used)
			continue;
		memset(n, 0, sizeof(*n));
		n->used = true;
		n->mode = mode;
		n->parent = dir;
		strlcpy(n->name, name, sizeof(n->name));
		if (data) {
			strlcpy(n->data, data, sizeof(n->data));
			n->size = strlen(data);
		}
		return i;
	}
	fail_msg("fake FS full");
	return 0;
}

static void answer_node(struct fakefs *f, uint64_t ino, message *m)
{
	f->n[ino].refs++;
	m->m_fs.ino = ino;
	m->m_fs.mode = f->n[ino].mode;
	m->m_fs.len = f->n[ino].size;
}

static int fake_fs(struct fakefs *f, endpoint_t ep, message *m)
{
	mess_fs *rq = &m->m_fs;
	int type = m->m_type;
	assert_true(type >= FS_RQ_BASE && type < FS_RQ_BASE + FS_NR_CALLS);
	f->count[type - FS_RQ_BASE]++;
	if (type == FS_MOUNT) {
		answer_node(f, 1, m);
		return OK;
	}
	assert_true(rq->ino > 0 && rq->ino < FAKE_NODES && f->n[rq->ino].used);
	struct fnode *n = &f->n[rq->ino];
	bool dir = (n->mode & Q_S_IFMT) == Q_S_IFDIR;
	const char *name = NULL;
	switch (type) {
	case FS_LOOKUP: case FS_CREATE: case FS_MKDIR: case FS_UNLINK: case FS_RMDIR:
		name = granted(rq->grant, 0, rq->len);
		if (!dir)
			return -ENOTDIR;
		break;
	}
	uint64_t hit = name ? fake_find(f, rq->ino, name, rq->len) : 0;
	char nm[FS_NAME_MAX + 1];
	if (name)
		snprintf(nm, sizeof(nm), "%.*s", (int)rq->len, name);
	switch (type) {
	case FS_LOOKUP:
		if (!hit)
			return -ENOENT;
		answer_node(f, hit, m);
		return OK;
	case FS_CREATE:
	case FS_MKDIR:
		if (hit)
			return -EEXIST;
		hit = fake_add(f, rq->ino, nm,
			       (type == FS_CREATE ? Q_S_IFREG : Q_S_IFDIR) | (rq->mode & 07777), NULL);
		answer_node(f, hit, m);
		return OK;
	case FS_UNLINK:
	case FS_RMDIR:
		if (!hit)
			return -ENOENT;
		f->n[hit].parent = 0;          /* gone from the tree, kept while referenced */
		return OK;
	case FS_STAT: {
		struct qstat *st = granted(rq->grant, 0, sizeof(*st));
		memset(st, 0, sizeof(*st));
		st->dev = (uint64_t)ep;
		st->ino = rq->ino;
		st->mode = n->mode;
		st->size = n->size;
		st->nlink = 1;
		return OK;
	}
	case FS_READLINK:
	case FS_READ: {
		uint64_t pos = type == FS_READ ? rq->pos : 0;
		uint64_t cnt = pos >= n->size ? 0 : n->size - pos;
		if (cnt > rq->len)
			cnt = rq->len;
		memcpy(granted(rq->grant, 0, cnt), n->data + pos, cnt);
		return (int)cnt;
	}
	case FS_WRITE: {
		uint64_t len = rq->len;
		if (rq->pos + len > sizeof(n->data))
			return -EFBIG;
		memcpy(n->data + rq->pos, granted(rq->grant, 0, len), len);
		if (rq->pos + len > n->size)
			n->size = rq->pos + len;
		rq->len = n->size;             /* the answer: the file's size */
		return (int)len;
	}
	case FS_TRUNC:
		n->size = rq->pos;
		return OK;
	case FS_PUTNODE:
		assert_true(rq->count > 0 && (int)rq->count <= n->refs);
		n->refs -= (int)rq->count;
		return OK;
	case FS_GETDENTS: {
		/* pos: the next inode number to look at; "." and ".." first
		 * (pos 0), as a real directory lists them. */
		if (!dir)
			return -ENOTDIR;
		char *out = granted(rq->grant, 0, rq->len);
		uint64_t done = 0, i = rq->pos;
		for (; i < FAKE_NODES; i++) {
			const char *nm2 = NULL;
			uint64_t ino = i;
			if (i == 0) {
				nm2 = ".";
				ino = rq->ino;
			} else if (i == 1) {
				nm2 = "..";
				ino = n->parent;
			} else if (f->n[i].used && f->n[i].parent == rq->ino) {
				nm2 = f->n[i].name;
			}
			if (!nm2)
				continue;
			uint64_t reclen = (offsetof(struct qdirent, name) + strlen(nm2) + 1 + 7) & ~7ull;
			if (done + reclen > rq->len)
				break;
			struct qdirent *d = (struct qdirent *)(out + done);
			memset(d, 0, reclen);
			d->ino = ino;
			d->reclen = (uint16_t)reclen;
			memcpy(d->name, nm2, strlen(nm2) + 1);
			done += reclen;
		}
		m->m_fs.pos = i;
		return (int)done;
	}
	case FS_CHMOD:
	case FS_FSYNC:
	case FS_SYNC:
		return OK;
	default:
		return -ENOSYS;
	}
}

/* ---- the tty: reads suspend while tty.suspend ------------------------------------- */

static struct {
	bool suspend, done;
	int32_t id, result;
	endpoint_t user;
	int cancels;
} tty;

void h_tty_suspend(bool on)
{
	tty.suspend = on;
}

void h_tty_complete(int result)
{
	tty.done = true;
	tty.result = result;
}

int h_tty_cancels(void)
{
	return tty.cancels;
}

/* The fake tty's readiness, as drivers/tty does it: CDEV_SELECT with
 * NOTIFY while not readable is remembered; becoming readable then queues
 * one select event for CDEV_STATUS. */
static struct {
	bool readable, want, event;
} tsel;

void h_tty_readable(bool on)
{
	tsel.readable = on;
	if (on && tsel.want) {
		tsel.want = false;
		tsel.event = true;
	}
}

bool h_tty_select_wanted(void)
{
	return tsel.want;
}

void h_tty_select_reset(void)
{
	tsel.readable = tsel.want = tsel.event = false;
}

int h_stray_sendrecs;

message h_vm_last;
int h_vm_requests;
bool h_vm_hold;
int h_vm_held_cookie = -1;
bool h_vm_put_ready;

/* ---- the IPC trap, for VFS (ipc_sendrec) and the stubs (__quire_sendrec) ---------- */

int __quire_sendrec(endpoint_t dst, message *m)
{
	struct fakefs *f = fake_of(dst);
	if (f) {
		m->m_type = fake_fs(f, dst, m);
		return OK;
	}
	if (dst == TTY_PROC_NR && m->m_type == CDEV_READ && tty.suspend) {
		tty.id = m->m_cdev.id;             /* kept until h_tty_complete */
		tty.user = m->m_cdev.user;
		m->m_type = CDEV_SUSPENDED;
		return OK;
	}
	if (dst == TTY_PROC_NR && m->m_type == CDEV_CANCEL) {
		tty.cancels++;
		m->m_type = OK;
		return OK;
	}
	if (dst == TTY_PROC_NR && m->m_type == CDEV_SELECT) {
		int ops = m->m_cdev.ops, ready = ops & CDEV_SEL_WR;
		if ((ops & CDEV_SEL_RD) && tsel.readable)
			ready |= CDEV_SEL_RD;
		else if ((ops & CDEV_SEL_RD) && (ops & CDEV_SEL_NOTIFY))
			tsel.want = true;
		m->m_type = ready;
		return OK;
	}
	if (dst == MEM_PROC_NR && m->m_type == CDEV_SELECT) {
		m->m_type = -ENOSYS;               /* a driver without CDEV_SELECT */
		return OK;
	}
	if (dst == TTY_PROC_NR && m->m_type == CDEV_STATUS && tsel.event) {
		tsel.event = false;
		m->m_type = CDEV_SEL_REPLY;
		m->m_cdev.minor = 0;
		m->m_cdev.ops = CDEV_SEL_RD;
		return OK;
	}
	if (dst == TTY_PROC_NR && m->m_type == CDEV_STATUS && tty.done) {
		tty.done = false;
		m->m_type = CDEV_REPLY;
		m->m_cdev.id = tty.id;
		m->m_cdev.result = tty.result;
		m->m_cdev.user = tty.user;
		return OK;
	}
	if (dst == MEM_PROC_NR || dst == TTY_PROC_NR) {
		int type = m->m_type;
		if (type == CDEV_STATUS)
			m->m_type = CDEV_NO_STATUS;
		else if (type == CDEV_IOCTL)
			m->m_type = dst == TTY_PROC_NR ? OK : -ENOTTY;
		else
			m->m_type = OK;        /* open, close: OK; read, write: 0 bytes */
		return OK;
	}
	if (dst == VM_PROC_NR && m->m_type == VM_PREFAULT) {
		m->m_type = fake_prefault(m);
		return OK;
	}
	if (dst == VM_PROC_NR && m->m_type == VM_MMAP_FILE) {
		h_vm_last = *m;
		h_vm_requests++;
		m->m_vm_mmap_file.held = h_vm_hold;
		if (h_vm_hold)
			h_vm_held_cookie = m->m_vm_mmap_file.cookie;
		m->m_type = OK;
		return OK;
	}
	if (dst == VM_PROC_NR && m->m_type == VM_FILE_PUT) {
		if (!h_vm_put_ready || h_vm_held_cookie < 0) {
			m->m_type = -ENOENT;
			return OK;
		}
		h_vm_put_ready = false;
		m->m_vm_work.id = 1;
		m->m_vm_work.ino = (uint64_t)h_vm_held_cookie;
		h_vm_held_cookie = -1;
		m->m_type = OK;
		return OK;
	}
	if (dst == VM_PROC_NR || dst == PM_PROC_NR) {
		if (dst == VM_PROC_NR) {
			h_vm_last = *m;
			h_vm_requests++;
		}
		m->m_type = m->m_type == PM_NEXT_EVENT ? -ESRCH : OK;
		return OK;
	}
	h_stray_sendrecs++;
	return -EDEADSRCDST;
}

int ipc_sendrec(endpoint_t dst, message *m)
{
	return __quire_sendrec(dst, m);
}

/* ---- the tree ------------------------------------------------------------------------ */

uint64_t h_ino(endpoint_t ep, const char *path)
{
	struct fakefs *f = fake_of(ep);
	uint64_t ino = 1;
	while (*path) {
		while (*path == '/')
			path++;
		const char *e = path;
		while (*e && *e != '/')
			e++;
		if (e > path)
			ino = fake_find(f, ino, path, (size_t)(e - path));
		assert_true(ino != 0);
		path = e;
	}
	return ino;
}

int h_fs_refs(endpoint_t ep, uint64_t ino)
{
	return fake_of(ep)->n[ino].refs;
}

int h_fs_count(endpoint_t ep, int type)
{
	return fake_of(ep)->count[type - FS_RQ_BASE];
}

static struct fproc *boot;             /* the process that mounts */
static int baseline_vnodes;
static endpoint_t next_ep = 100;

static uint8_t *arena;                 /* the user arena */
static size_t arena_used;
#define ARENA_BYTES (1u << 20)

uint64_t h_ubuf(size_t len)
{
	assert_true(arena_used + len + 16 <= ARENA_BYTES);
	uint8_t *p = arena + arena_used;
	memset(p, 0, len);
	arena_used += (len + 16) & ~(size_t)15;
	return (uint64_t)(uintptr_t)p;
}

uint64_t h_user(const char *s)
{
	uint64_t a = h_ubuf(strlen(s) + 1);
	memcpy((void *)(uintptr_t)a, s, strlen(s) + 1);
	return a;
}

struct fproc *h_proc(void)
{
	struct fproc *fp = fproc_new(next_ep++);
	assert_non_null(fp);
	return fp;
}

static int do_mount_of(const char *fs, const char *where)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vfs.path = h_user(fs);
	m.m_vfs.buf = h_user(where);
	return do_mount(boot, &m);
}

int h_group_setup(void **state)
{
	arena = aligned_alloc(4096, ARENA_BYTES);
	struct fakefs *f = &fakes[0];
	f->n[1] = (struct fnode){ .used = true, .mode = Q_S_IFDIR | 0755, .parent = 1 };
	uint64_t a = fake_add(f, 1, "a", Q_S_IFDIR | 0755, NULL);
	uint64_t b = fake_add(f, a, "b", Q_S_IFDIR | 0755, NULL);
	fake_add(f, b, "file", Q_S_IFREG | 0644, "hello");
	fake_add(f, a, "lnk", Q_S_IFLNK | 0777, "b");
	fake_add(f, 1, "abs", Q_S_IFLNK | 0777, "/a/b");
	fake_add(f, 1, "loop1", Q_S_IFLNK | 0777, "loop2");
	fake_add(f, 1, "loop2", Q_S_IFLNK | 0777, "/loop1");
	fake_add(f, 1, "dev", Q_S_IFDIR | 0755, NULL);
	fake_add(f, 1, "mnt", Q_S_IFDIR | 0755, NULL);
	fake_add(f, 1, "file", Q_S_IFREG | 0644, "data");
	fake_add(f, 1, "fifo", Q_S_IFIFO | 0644, NULL);
	struct fakefs *g = &fakes[1];
	g->n[1] = (struct fnode){ .used = true, .mode = Q_S_IFDIR | 0700, .parent = 1 };
	uint64_t x = fake_add(g, 1, "x", Q_S_IFDIR | 0755, NULL);
	fake_add(g, x, "y", Q_S_IFREG | 0600, "why");

	boot = fproc_new(next_ep++);
	assert_int_equal(do_mount_of("fs1", "/"), OK);
	assert_int_equal(do_mount_of("fs2", "/mnt"), OK);
	fproc_exit(boot->ep);
	baseline_vnodes = vnode_count();
	return 0;
}

int h_setup(void **state)
{
	arena_used = 0;
	absent.len = bad.len = 0;
	prefaults = 0;
	return 0;
}

/* Every process made by the test exits; then nothing may be left. */
int h_teardown(void **state)
{
	for (int i = 0; i < NR_PROCS; i++)
		if (fprocs[i].in_use)
			fproc_exit(fprocs[i].ep);
	assert_int_equal(filp_count(), 0);
	assert_int_equal(vnode_count(), baseline_vnodes);
	assert_int_equal(h_grants(), 0);
	/* The FS's count of VFS's references on each inode is what the
	 * live vnodes hold (a vnode gives them all back when it goes). */
	for (int i = 1; i < FAKE_NODES; i++) {
		struct vnode *v1 = vnode_find(H_FS1, (uint64_t)i), *v2 = vnode_find(H_FS2, (uint64_t)i);
		assert_int_equal(fakes[0].n[i].refs, v1 ? (int)v1->fs_refs : 0);
		assert_int_equal(fakes[1].n[i].refs, v2 ? (int)v2->fs_refs : 0);
	}
	return 0;
}
