/*
 * File-backed memory: a region that shows pages of a file, from the page
 * cache (cache.c). r->file is the file, r->foff the file page of the
 * region's first page; r->ps holds one frame reference per page the
 * region has taken in (so a frame outlives its cache entry for as long
 * as a mapping holds it):
 *   - a cache frame (the very page the file server reads and writes, so
 *     write() is seen at once and stores through MAP_SHARED are seen by
 *     read());
 *   - the zero page, for a hole (vfile_zap drops it when the hole gets a
 *     block);
 *   - MAP_PRIVATE only: the region's own copy of a page it wrote (COW).
 *
 * Private regions: a page is writable only if the region alone holds it
 * and it is not the zero page (the cache holds a reference on its own
 * frames, so a cache frame is never written through a private mapping).
 * Shared regions: a cache page is mapped read-only until it is written;
 * the write fault marks it dirty in the cache (it is then written back on
 * msync, munmap, exit) and maps it writable. A write to a hole asks the
 * server to fill it (VMW_FILL) first.
 *
 * A page not in the cache parks the fault on a VMW_PAGEIN item (fwait.c);
 * its replay finds the page cached, or learns from the server that it is
 * a hole, past the end (SIGBUS), or could not be read (SIGBUS).
 *
 * Fault-around: a fault that finds its page in the cache also maps the
 * cached neighbours in its aligned group of FAULT_AROUND pages, read-only,
 * so a sequential pass over a cached file takes one fault per group.
 */
#include "vm.h"

#define FAULT_AROUND 16           /* pages; a power of two */
#define READ_AHEAD   16           /* pages a page-in asks for, from the faulting one */

static endpoint_t fs_of(const struct region *r)
{
	return r->file->fs;
}

static int file_create(struct region *r, const struct map_args *a)
{
	if (!a || !a->file)
		return -EINVAL;
	r->ps = pageset_new();
	if (!r->ps)
		return -ENOMEM;
	r->ps_off = 0;
	r->foff = a->foff;
	if ((a->flags & MAP_NOWRITE) && (r->flags & RF_SHARED))
		r->maxprot &= ~PROT_WRITE;
	vfile_link(a->file, r);
	return OK;
}

/* Dirty shared pages of [first, first+n) go back to the file. */
static void writeback_range(struct region *r, uint64_t first, uint64_t n)
{
	if ((r->flags & RF_SHARED) && (r->prot & PROT_WRITE) && r->file)
		vfile_writeback(r->file, r->foff + first, r->foff + first + n);
}

static void file_release(struct region *r, uint64_t first, uint64_t n)
{
	writeback_range(r, first, n);
	/* Split halves share the set, each its own range: drop this range. */
	pageset_drop(r, first, n);
}

static void file_destroy(struct region *r)
{
	file_release(r, 0, r->len >> VM_PAGE_SHIFT);
	pageset_unref(r->ps);
	r->ps = NULL;
	vfile_unlink(r);
}

/* The cache page behind page idx of a shared region, if it is that pfn. */
static struct pcache_page *cache_page(struct region *r, uint64_t idx, pfn_t pfn)
{
	struct pcache_page *p = pcache_peek_file(&pcache, (uint32_t)fs_of(r), r->file->ino,
						 r->foff + idx);
	return p && p->pfn == pfn ? p : NULL;
}

static bool file_writable(struct region *r, uint64_t idx, pfn_t pfn)
{
	if (pfn == zero_pfn)
		return false;
	if (!(r->flags & RF_SHARED))
		return page_refs(&physmem, pfn) == 1;
	struct pcache_page *p = cache_page(r, idx, pfn);
	return p && (p->flags & PCP_DIRTY);
}

/* Map the cached neighbours of idx that r does not show yet. */
static void fault_around(struct region *r, uint64_t idx)
{
	uint64_t n = r->len >> VM_PAGE_SHIFT;
	uint64_t lo = idx & ~(uint64_t)(FAULT_AROUND - 1), hi = lo + FAULT_AROUND;
	if (hi > n)
		hi = n;
	for (uint64_t j = lo; j < hi; j++) {
		if (j == idx || ps_get(r->ps, r->ps_off + j))
			continue;
		struct pcache_page *p = pcache_peek_file(&pcache, (uint32_t)fs_of(r), r->file->ino,
							 r->foff + j);
		if (!p || ps_set(r->ps, r->ps_off + j, p->pfn) == PS_NOMEM)
			continue;
		page_ref(&physmem, p->pfn);
		bool w = (r->flags & RF_SHARED) && (p->flags & PCP_DIRTY);
		if (pt_map(r->owner, r->start + (j << VM_PAGE_SHIFT), p->pfn, r->prot, w, false))
			return;             /* out of table memory: the fault itself still works */
	}
}

/* Page idx is not in r yet: take it from the cache, or wait for it. */
static int take_in(struct region *r, uint64_t idx, bool write, pfn_t *out)
{
	endpoint_t fs = fs_of(r);
	uint64_t ino = r->file->ino, fidx = r->foff + idx;
	struct pcache_page *p = pcache_lookup_file(&pcache, (uint32_t)fs, ino, fidx);
	pfn_t pfn;
	if (p) {
		pfn = p->pfn;
	} else {
		int result;
		if (!fwait_replay_result(fs, VMW_PAGEIN, ino, fidx, &result)) {
			cache_file_faults++;
			return fwait_on(fs, VMW_PAGEIN, ino, fidx, READ_AHEAD, true);
		}
		if (result != VMW_HOLE)
			return -EFAULT;  /* past the end, an I/O error, or answered but not cached */
		pfn = zero_pfn;
	}
	if (ps_set(r->ps, r->ps_off + idx, pfn) == PS_NOMEM)
		return -ENOMEM;
	page_ref(&physmem, pfn);
	if (p && !write)
		fault_around(r, idx);
	*out = pfn;
	return OK;
}

static int file_fault(struct region *r, uint64_t idx, bool write, struct fault_result *res)
{
	bool shared = r->flags & RF_SHARED;
	endpoint_t fs = fs_of(r);
	uint64_t ino = r->file->ino, fidx = r->foff + idx;
	int result;
	res->uncached = false;
	res->cow = false;
	if (shared && write && fwait_replay_result(fs, VMW_FILL, ino, fidx, &result) &&
	    result != OK)
		return -EFAULT;          /* past the end, or no space: SIGBUS */
	pfn_t pfn = ps_get(r->ps, r->ps_off + idx);
	if (!pfn) {
		int err = take_in(r, idx, write, &pfn);
		if (err)
			return err;
	}
	if (shared && write && pfn == zero_pfn) {
		/* A store into a hole: the server must give it a block first. */
		ps_set(r->ps, r->ps_off + idx, 0);
		page_unref(&physmem, zero_pfn);
		struct pcache_page *p = pcache_lookup_file(&pcache, (uint32_t)fs, ino, fidx);
		if (!p)
			return fwait_on(fs, VMW_FILL, ino, fidx, 1, true);
		if (ps_set(r->ps, r->ps_off + idx, p->pfn) == PS_NOMEM)
			return -ENOMEM;
		page_ref(&physmem, p->pfn);
		pfn = p->pfn;
	}
	res->pfn = pfn;
	if (shared) {
		struct pcache_page *p = pfn == zero_pfn ? NULL : cache_page(r, idx, pfn);
		if (write && p)
			pcache_set_dirty(&pcache, p);
		res->writable = p && (p->flags & PCP_DIRTY);
		return OK;
	}
	if (!write || file_writable(r, idx, pfn)) {
		res->writable = file_writable(r, idx, pfn);
		return OK;
	}
	/* A private write to a page the cache (or another mapping) holds. */
	pfn_t copy = vm_page_alloc(ALLOC_USER, pfn == zero_pfn);
	if (!copy)
		return -ENOMEM;
	if (pfn != zero_pfn)
		memcpy(phys_ptr(copy << VM_PAGE_SHIFT), phys_ptr(pfn << VM_PAGE_SHIFT), VM_PAGE);
	ps_set(r->ps, r->ps_off + idx, copy);
	page_unref(&physmem, pfn);
	res->pfn = copy;
	res->writable = true;
	res->cow = true;
	return OK;
}

/* Fork: the child's region maps the same file; its page set starts as a
 * copy of the parent's (cache frames shared, private copies shared
 * copy-on-write: the parent's writable mappings of them go read-only). */
static int file_copy(struct region *r, struct region *nr)
{
	int err = pageset_copy(r, nr);
	if (err)
		return err;
	nr->foff = r->foff;
	nr->file = NULL;
	vfile_link(r->file, nr);
	if (!(r->flags & RF_SHARED))
		pt_write_protect(r->owner, r->start, r->start + r->len);
	return OK;
}

static void file_split(struct region *r, struct region *upper, uint64_t at)
{
	r->ps->refs++;           /* both halves keep the set, disjoint ranges */
	upper->ps_off = r->ps_off + at;
	upper->foff = r->foff + at;
	upper->file = NULL;
	vfile_link(r->file, upper);
}

const struct mem_type mem_file = {
	.name = "file",
	.create = file_create,
	.destroy = file_destroy,
	.fault = file_fault,
	.copy = file_copy,
	.split = file_split,
	.release = file_release,
	.writable = file_writable,
};
