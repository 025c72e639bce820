/*
 * A file server's cache window (VM_MMAP with MAP_CACHEWIN): memory whose
 * pages are page-cache frames that VM puts in and takes out on the
 * server's request (VM_CACHE_GET, cache.c). The server's block buffers
 * live here, so the page it reads a block into is the page a file mapping
 * shows.
 *
 * A window page is always writable and never copy-on-write: the server
 * writes the cache frame itself. An empty window page faults in a fresh
 * zeroed page, which joins the cache when the server names it
 * (VM_CACHE_SET). r->ps holds one reference per frame in the window; the
 * cache holds its own, so a frame leaving the window stays cached.
 */
#include "vm.h"

static int cache_create(struct region *r, const struct map_args *a)
{
	(void)a;
	r->ps = pageset_new();
	if (!r->ps)
		return -ENOMEM;
	r->ps_off = 0;
	r->flags |= RF_SHARED;      /* never copy-on-write */
	return OK;
}

static void cache_release(struct region *r, uint64_t first, uint64_t n)
{
	pageset_drop(r, first, n);
}

static void cache_destroy(struct region *r)
{
	cache_release(r, 0, r->len >> VM_PAGE_SHIFT);
	pageset_unref(r->ps);
	r->ps = NULL;
}

static int cache_fault(struct region *r, uint64_t idx, bool write, struct fault_result *res)
{
	(void)write;
	pfn_t pfn = ps_get(r->ps, r->ps_off + idx);
	if (!pfn) {
		pfn = vm_page_alloc(ALLOC_USER, true);
		if (!pfn)
			return -ENOMEM;
		if (ps_set(r->ps, r->ps_off + idx, pfn) == PS_NOMEM) {
			page_unref(&physmem, pfn);
			return -ENOMEM;
		}
	}
	res->pfn = pfn;
	res->writable = true;
	res->uncached = false;
	res->cow = false;
	return OK;
}

/* A forked server's child gets an empty window of its own. */
static int cache_copy(struct region *r, struct region *nr)
{
	(void)r;
	nr->ps = pageset_new();
	if (!nr->ps)
		return -ENOMEM;
	nr->ps_off = 0;
	return OK;
}

static bool cache_writable(struct region *r, uint64_t idx, pfn_t pfn)
{
	(void)r;
	(void)idx;
	(void)pfn;
	return true;
}

const struct mem_type mem_cache = {
	.name = "cache",
	.create = cache_create,
	.destroy = cache_destroy,
	.fault = cache_fault,
	.copy = cache_copy,
	.split = anon_split,
	.release = cache_release,
	.writable = cache_writable,
};
