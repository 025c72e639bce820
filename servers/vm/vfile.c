/*
 * Files that processes map: one struct vfile per (server, inode) mapped
 * by at least one region, holding the list of those regions (the reverse
 * map truncate and write-back need) and VFS's vnode reference.
 *
 * Ownership: VFS asks for a file mapping (VM_MMAP_FILE) with a vnode
 * reference it has taken (the cookie). A new vfile keeps that reference
 * (answer held = 1) and so keeps the file alive at its server after
 * close() and unlink(); for a file VM already maps, VFS drops its extra
 * one. When the last region goes, the cookie joins the put list, VFS is
 * notified, and VFS takes it back with VM_FILE_PUT and drops the
 * reference. VM never calls VFS (docs/architecture.md, call order).
 */
#include "vm.h"
#include "pool.h"

#define VFILE_BUCKETS 64

static struct pool vfile_pool = POOL_INIT(struct vfile);
static struct vfile *hash[VFILE_BUCKETS];
static struct vfile *put_list;              /* unmapped: their cookies go back to VFS */

static size_t hash_of(endpoint_t fs, uint64_t ino)
{
	return (size_t)((ino * 0x9e3779b97f4a7c15ULL) >> 58 ^ (uint64_t)fs) & (VFILE_BUCKETS - 1);
}

struct vfile *vfile_find(endpoint_t fs, uint64_t ino)
{
	for (struct vfile *f = hash[hash_of(fs, ino)]; f; f = f->hnext)
		if (f->fs == fs && f->ino == ino)
			return f;
	return NULL;
}

struct vfile *vfile_get(endpoint_t fs, uint64_t ino, int cookie, bool *created)
{
	struct vfile *f = vfile_find(fs, ino);
	*created = false;
	if (f)
		return f;
	f = pool_alloc(&vfile_pool);
	if (!f)
		return NULL;
	f->fs = fs;
	f->ino = ino;
	f->cookie = cookie;
	size_t h = hash_of(fs, ino);
	f->hnext = hash[h];
	hash[h] = f;
	*created = true;
	return f;
}

void vfile_link(struct vfile *f, struct region *r)
{
	r->file = f;
	r->fprev = NULL;
	r->fnext = f->regions;
	if (f->regions)
		f->regions->fprev = r;
	f->regions = r;
	f->refs++;
}

static void unhash(struct vfile *f)
{
	struct vfile **pp = &hash[hash_of(f->fs, f->ino)];
	while (*pp != f)
		pp = &(*pp)->hnext;
	*pp = f->hnext;
	f->hnext = NULL;
}

/* The last region is gone: the vnode reference goes back to VFS. The
 * vfile waits on the put list (found by no one) until VFS takes it. */
static void vfile_free(struct vfile *f)
{
	unhash(f);
	f->hnext = put_list;
	put_list = f;
	ipc_notify(VFS_PROC_NR);
}

void vfile_unlink(struct region *r)
{
	struct vfile *f = r->file;
	if (!f)
		return;
	if (r->fprev)
		r->fprev->fnext = r->fnext;
	else
		f->regions = r->fnext;
	if (r->fnext)
		r->fnext->fprev = r->fprev;
	r->fnext = r->fprev = NULL;
	r->file = NULL;
	if (--f->refs == 0)
		vfile_free(f);
}

/* The pages of region r that show file pages [from, to): its indexes. */
static bool overlap(const struct region *r, uint64_t from, uint64_t to, uint64_t *first,
		    uint64_t *end)
{
	uint64_t n = r->len >> VM_PAGE_SHIFT;
	uint64_t lo = from > r->foff ? from - r->foff : 0;
	uint64_t hi = to - r->foff < n ? to - r->foff : n;
	if (to <= r->foff || lo >= n)
		return false;
	*first = lo;
	*end = hi;
	return lo < hi;
}

void vfile_zap(struct vfile *f, uint64_t from, uint64_t to, bool holes_only)
{
	for (struct region *r = f->regions; r; r = r->fnext) {
		uint64_t i, end;
		if (!overlap(r, from, to, &i, &end))
			continue;
		for (; i < end; i++) {
			pfn_t pfn = ps_get(r->ps, r->ps_off + i);
			if (!pfn || (holes_only && pfn != zero_pfn))
				continue;
			uint64_t va = r->start + (i << VM_PAGE_SHIFT);
			pt_unmap_range(r->owner, va, va + VM_PAGE);
			ps_set(r->ps, r->ps_off + i, 0);
			page_unref(&physmem, pfn);
		}
	}
}

void vfile_write_protect(struct vfile *f, uint64_t from, uint64_t to)
{
	for (struct region *r = f->regions; r; r = r->fnext) {
		uint64_t i, end;
		if ((r->flags & RF_SHARED) && (r->prot & PROT_WRITE) && overlap(r, from, to, &i, &end))
			pt_write_protect(r->owner, r->start + (i << VM_PAGE_SHIFT),
					 r->start + (end << VM_PAGE_SHIFT));
	}
}

void vfile_writeback(struct vfile *f, uint64_t from, uint64_t to)
{
	uint64_t run = 0, run_len = 0;
	for (uint64_t i = from; i < to; i++) {
		struct pcache_page *p = pcache_peek_file(&pcache, (uint32_t)f->fs, f->ino, i);
		bool dirty = p && (p->flags & PCP_DIRTY);
		if (dirty) {
			/* Busy until the server has written it: the page
			 * daemon must not free it before (fwait.c clears it). */
			pcache_clear_dirty(&pcache, p);
			pcache_set_busy(&pcache, p);
			if (run_len && run + run_len == i) {
				run_len++;
				continue;
			}
		}
		if (run_len) {
			vfile_write_protect(f, run, run + run_len);
			fwait_on(f->fs, VMW_WRITEBACK, f->ino, run, run_len, false);
			run_len = 0;
		}
		if (dirty) {
			run = i;
			run_len = 1;
		}
	}
	if (run_len) {
		vfile_write_protect(f, run, run + run_len);
		fwait_on(f->fs, VMW_WRITEBACK, f->ino, run, run_len, false);
	}
}

/* VM_FILE_PUT (VFS): one cookie VM no longer needs. */
int do_file_put(message *m)
{
	if (m->m_source != VFS_PROC_NR)
		return -EPERM;
	memset(&m->m_vm_work, 0, sizeof(m->m_vm_work));
	struct vfile *f = put_list;
	if (!f)
		return -ENOENT;
	put_list = f->hnext;
	m->m_vm_work.id = 1;
	m->m_vm_work.ino = (uint64_t)(int64_t)f->cookie;
	pool_free(&vfile_pool, f);
	return OK;
}

#define FILE_MAP_FLAGS (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_POPULATE | MAP_NOWRITE)
#define FILE_MAP_PROT  (PROT_READ | PROT_WRITE | PROT_EXEC)

/* VM_MMAP_FILE (VFS only, after its checks of the descriptor): map file
 * (fs, ino) from page-aligned offset into target. VM checks again what
 * it depends on itself. */
int do_mmap_file(message *m)
{
	mess_vm_mmap_file *a = &m->m_vm_mmap_file;
	if (m->m_source != VFS_PROC_NR)
		return -EPERM;
	struct vmproc *vmp = vmproc_get(a->target);
	if (!vmp)
		return -ESRCH;
	int kind = a->flags & (MAP_SHARED | MAP_PRIVATE);
	if (a->len == 0 || (a->prot & ~FILE_MAP_PROT) || (a->flags & ~FILE_MAP_FLAGS) ||
	    (kind != MAP_SHARED && kind != MAP_PRIVATE) || (a->offset & (VM_PAGE - 1)) ||
	    a->ino == 0 || a->fs < 0)
		return -EINVAL;
	uint64_t len = page_up(a->len);
	if (len < a->len || len > USER_TOP)
		return -ENOMEM;
	uint64_t addr;
	if (a->flags & MAP_FIXED) {
		addr = a->addr;
		if ((addr & (VM_PAGE - 1)) || addr == 0 || addr >= USER_TOP || len > USER_TOP - addr)
			return -EINVAL;
	} else if (region_free_gap(vmp, a->addr, len, &addr) != OK) {
		return -ENOMEM;
	}
	if (limit_as(vmp, addr, len, (a->flags & MAP_FIXED) != 0) != OK)
		return -ENOMEM;               /* RLIMIT_AS (limits.c) */
	if (wire_future_check(vmp, len) != OK)
		return -EAGAIN;               /* mlockall(MCL_FUTURE) past RLIMIT_MEMLOCK */
	if (a->flags & MAP_FIXED) {
		int err = region_unmap_range(vmp, addr, len);
		if (err)
			return err;
	}
	bool created;
	struct vfile *f = vfile_get(a->fs, a->ino, a->cookie, &created);
	if (!f)
		return -ENOMEM;
	struct map_args args = { .flags = a->flags, .file = f, .foff = a->offset >> VM_PAGE_SHIFT };
	struct region *r;
	int err = region_create(vmp, addr, len, (uint32_t)a->prot,
				kind == MAP_SHARED ? RF_SHARED : 0, &mem_file, &args, &r);
	if (err) {
		if (created) {
			unhash(f);      /* nothing maps it; VFS keeps its reference */
			pool_free(&vfile_pool, f);
		}
		return err;
	}
	/* mlockall(MCL_FUTURE): wired, its pages come in as they are
	 * touched (the page daemon never takes them). */
	wire_future(r);
	a->addr = addr;
	a->held = created;
	return OK;
}
