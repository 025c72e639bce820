/*
 * The page cache's calls from file servers (include/quire/vm.h, "The page
 * cache"): VM_CACHE_GET, VM_CACHE_SET, VM_CACHE_FORGET, and VM_CACHE_STAT
 * for anyone. The index itself is pcache.c; its `dev` is always the
 * calling server's endpoint, so a server names only its own blocks.
 *
 * Frame references: the cache holds one on each of its frames; a cache
 * window (mem_cache.c) and every file mapping (mem_file.c) hold their
 * own. A frame is reclaimable (cache_reclaim) only when the cache's is
 * the last one and the page is clean.
 *
 * File identity: when a page gains identity (ino, index), any mapping
 * that showed the zero page for that file page (a hole then) loses it
 * and faults the real page in; an older page that still claimed that
 * identity (the server reused its block numbers) loses its identity, so
 * at most one frame ever answers for a file page.
 */
#include "vm.h"
#include "pool.h"

struct pcache pcache;
uint64_t cache_file_faults;
static struct pool node_pool = POOL_INIT(struct pcache_page);

static void *node_alloc(void *ctx)
{
	(void)ctx;
	return pool_alloc(&node_pool);
}

static void node_free(void *ctx, void *node)
{
	(void)ctx;
	pool_free(&node_pool, node);
}

void cache_init(void)
{
	pcache_init(&pcache, &physmem, node_alloc, node_free, NULL);
}

size_t cache_reclaim(size_t n)
{
	return pcache_evict(&pcache, n);
}

/* The caller's window page at addr: its region and index, or NULL. */
static struct region *window(endpoint_t ep, uint64_t addr, uint64_t *idx)
{
	struct vmproc *vmp = vmproc_get(ep);
	if (!vmp || (addr & (VM_PAGE - 1)))
		return NULL;
	struct region *r = region_find(vmp, addr);
	if (!r || r->type != &mem_cache)
		return NULL;
	*idx = (addr - r->start) >> VM_PAGE_SHIFT;
	return r;
}

/* File page (ino, index) of server dev is now the cached block `block`. */
static int give_identity(uint32_t dev, uint64_t block, uint64_t ino, uint64_t index)
{
	struct pcache_page *other = pcache_peek_file(&pcache, dev, ino, index);
	if (other && other->block == block)
		return OK;
	if (other)
		pcache_clear_file_identity(&pcache, dev, other->block);
	pcache_clear_file_identity(&pcache, dev, block);
	int err = pcache_set_file_identity(&pcache, dev, block, ino, index);
	if (err)
		return err;
	struct vfile *f = vfile_find((endpoint_t)dev, ino);
	if (f)
		vfile_zap(f, index, index + 1, !other);
	return OK;
}

/* The frame at window page idx of r leaves the window (it stays cached
 * if it was). */
static void window_clear(struct region *r, uint64_t idx)
{
	pfn_t old = ps_get(r->ps, r->ps_off + idx);
	if (old) {
		uint64_t va = r->start + (idx << VM_PAGE_SHIFT);
		pt_unmap_range(r->owner, va, va + VM_PAGE);
		ps_set(r->ps, r->ps_off + idx, 0);
		page_unref(&physmem, old);
	}
}

/* Window page idx of r gets a fresh zeroed frame, mapped writable, so
 * the server's read into it takes no page fault. -ENOMEM leaves it empty
 * (a touch faults one in). */
static int window_fresh(struct region *r, uint64_t idx)
{
	window_clear(r, idx);
	struct fault_result res;
	int err = r->type->fault(r, idx, true, &res);
	if (!err)
		err = pt_map(r->owner, r->start + (idx << VM_PAGE_SHIFT), res.pfn, r->prot, true,
			     false);
	return err;
}

int do_cache_get(message *m)
{
	mess_vm_cache *a = &m->m_vm_cache;
	uint64_t idx;
	struct region *r = window(m->m_source, a->addr, &idx);
	if (!r)
		return -EINVAL;
	uint32_t dev = (uint32_t)m->m_source;
	a->found = 0;
	struct pcache_page *p = pcache_lookup_block(&pcache, dev, a->block);
	if (!p) {
		window_fresh(r, idx);   /* a hint: without it the read faults one in */
		return OK;
	}
	window_clear(r, idx);
	pfn_t pfn = p->pfn;
	if (a->ino != 0) {
		int err = give_identity(dev, a->block, a->ino, a->index);
		if (err)
			return err;
	}
	if (ps_set(r->ps, r->ps_off + idx, pfn) == PS_NOMEM)
		return -ENOMEM;
	page_ref(&physmem, pfn);
	int err = pt_map(r->owner, a->addr, pfn, r->prot, true, false);
	if (err)
		return err;          /* the page is in the window; a touch maps it */
	a->found = 1;
	return OK;
}

/* Window page idx of r now holds block `block` (file page (ino, index) if
 * ino != 0): its frame joins the cache. */
static int set_one(struct region *r, uint64_t idx, uint32_t dev, uint64_t block, uint64_t ino,
		   uint64_t index)
{
	pfn_t pfn = ps_get(r->ps, r->ps_off + idx);
	if (!pfn) {
		/* Never touched: the block is all zeros. */
		struct fault_result res;
		int err = r->type->fault(r, idx, true, &res);
		if (err)
			return err;
		pfn = res.pfn;
	}
	if (pcache_peek_block(&pcache, dev, block))
		return -EEXIST;
	page_ref(&physmem, pfn);           /* the cache's own reference */
	int err = pcache_insert(&pcache, dev, block, PCACHE_NO_INO, 0, pfn);
	if (err) {
		page_unref(&physmem, pfn);
		return err;
	}
	if (ino != 0)
		return give_identity(dev, block, ino, index);
	return OK;
}

/* VMC_SET_PREP, VMC_SET_RUN: count pages of the window from page idx. */
static int set_many(struct region *r, uint64_t idx, uint32_t dev, const mess_vm_cache *a)
{
	if (a->count == 0 || a->count > VMC_RUN_MAX ||
	    idx + a->count > r->len >> VM_PAGE_SHIFT)
		return -EINVAL;
	if (a->op == VMC_SET_PREP) {
		for (uint64_t i = 0; i < a->count; i++) {
			int err = window_fresh(r, idx + i);
			if (err)
				return err;
		}
		return OK;
	}
	if (a->block + a->count < a->block)
		return -EINVAL;
	for (uint64_t i = 0; i < a->count; i++)     /* all or nothing */
		if (pcache_peek_block(&pcache, dev, a->block + i))
			return -EEXIST;
	for (uint64_t i = 0; i < a->count; i++) {
		int err = set_one(r, idx + i, dev, a->block + i, a->ino, a->ino ? a->index + i : 0);
		if (err)
			return err;
	}
	return OK;
}

int do_cache_set(message *m)
{
	mess_vm_cache *a = &m->m_vm_cache;
	uint64_t idx;
	struct region *r = window(m->m_source, a->addr, &idx);
	if (!r)
		return -EINVAL;
	uint32_t dev = (uint32_t)m->m_source;
	switch (a->op) {
	case 0:
		return set_one(r, idx, dev, a->block, a->ino, a->index);
	case VMC_SET_FRESH: {
		/* A block just allocated: nobody has it, it is all zeros. */
		if (pcache_peek_block(&pcache, dev, a->block))
			return -EEXIST;
		int err = window_fresh(r, idx);
		return err ? err : set_one(r, idx, dev, a->block, a->ino, a->index);
	}
	case VMC_SET_PREP:
	case VMC_SET_RUN:
		return set_many(r, idx, dev, a);
	default:
		return -EINVAL;
	}
}

#define FORGET_MAX (1u << 20)   /* blocks in one request: 4 GiB */

/* A page about to be forgotten is no longer busy for VM's write-back of
 * it: the data belongs to no block now, and once forgotten the page could
 * not be found by its identity to end its busy state (fwait.c), so its
 * frame would never be freed. (The server's own copy of it, if it is
 * writing it, is in its window, which holds a frame reference.) */
static void unbusy(struct pcache_page *p)
{
	if (p && (p->flags & PCP_BUSY))
		pcache_clear_busy(&pcache, p);
}

int do_cache_forget(message *m)
{
	mess_vm_cache *a = &m->m_vm_cache;
	uint32_t dev = (uint32_t)m->m_source;
	switch (a->op) {
	case VMC_FORGET_BLOCKS:
		if (a->count > FORGET_MAX || a->block + a->count < a->block)
			return -EINVAL;
		for (uint64_t b = a->block; b < a->block + a->count; b++) {
			unbusy(pcache_peek_block(&pcache, dev, b));
			pcache_forget_block(&pcache, dev, b);
		}
		return OK;
	case VMC_FORGET_FILE: {
		if (a->ino == 0)
			return -EINVAL;
		for (size_t i = 0; i < PCACHE_BUCKETS; i++)
			for (struct pcache_page *p = pcache.fhash[i]; p; p = p->fnext)
				if (p->dev == dev && p->ino == a->ino && p->index >= a->index)
					unbusy(p);
		pcache_forget_file(&pcache, dev, a->ino, a->index);
		struct vfile *f = vfile_find(m->m_source, a->ino);
		if (f)
			vfile_zap(f, a->index, ~0ULL, false);
		return OK;
	}
	default:
		return -EINVAL;
	}
}

int do_cache_stat(message *m)
{
	const struct pcache_stats *st = pcache_stats(&pcache);
	mess_vm_cstat *a = &m->m_vm_cstat;
	memset(a, 0, sizeof(*a));
	a->pages = st->pages;
	a->dirty = st->dirty;
	for (size_t i = 0; i < PCACHE_BUCKETS; i++)
		for (struct pcache_page *p = pcache.bhash[i]; p; p = p->bnext)
			if (page_refs(&physmem, p->pfn) > 1)
				a->mapped++;
	a->hits = st->hits;
	a->misses = st->misses;
	a->evictions = st->evictions;
	a->file_faults = cache_file_faults;
	return OK;
}

/* Pages of server fs (NONE: any server) written through a mapping and
 * not yet written back become write-back items, up to max of them. A
 * page of a file still mapped goes through vfile_writeback (its mappings
 * turn read-only first); one of a file nobody maps any more is queued as
 * it is. Either way the page is busy until its write is done, so the page
 * daemon never frees it before it is on the disk. */
size_t cache_clean(endpoint_t fs, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < PCACHE_BUCKETS && n < max; i++) {
		for (struct pcache_page *p = pcache.fhash[i]; p && n < max; p = p->fnext) {
			if ((fs != NONE && p->dev != (uint32_t)fs) || !(p->flags & PCP_DIRTY))
				continue;
			struct vfile *f = vfile_find((endpoint_t)p->dev, p->ino);
			if (f) {
				vfile_writeback(f, p->index, p->index + 1);
			} else {
				pcache_clear_dirty(&pcache, p);
				pcache_set_busy(&pcache, p);
				fwait_on((endpoint_t)p->dev, VMW_WRITEBACK, p->ino, p->index, 1, false);
			}
			n++;
		}
	}
	return n;
}

/* sync(): every dirty page of server fs (VMW_SYNC). */
void cache_queue_dirty(endpoint_t fs)
{
	cache_clean(fs, SIZE_MAX);
}
