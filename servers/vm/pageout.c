/*
 * Memory pressure: the page daemon and the reverse map it needs. Pure
 * (no kernel calls, no messages): the host tests run it unchanged
 * (test/unit/test_vm_reclaim.c).
 *
 * The marks. Free memory is physmem.nr_free; user allocations stop at
 * the reserve (physmem.h). The daemon runs when free memory falls below
 * the low mark and takes pages back until it reaches the high mark (both
 * above the reserve, by 1/64 and 2/64 of memory).
 *
 * What can be taken back (no swap yet: only page-cache pages, whose data
 * is on the disk):
 *   - clean cache pages nobody maps: freed at once;
 *   - clean file pages that processes map: unmapped from every mapping
 *     first (the reverse map, rmap_walk), then freed; a later access
 *     faults the page in again from the cache or the disk;
 *   - dirty file pages (written through MAP_SHARED): written back first
 *     (VMW_WRITEBACK items, as msync queues them; their mappings go
 *     read-only, and the page is busy while its write is in flight, so it
 *     is never freed before it is on the disk), then clean like the rest.
 * Never: a page a wired region maps (mlock, DMA), a page a file server's
 * cache window holds (the server's buffer: it would read zeros), a busy
 * page, anonymous memory (it has nowhere to go until swap).
 *
 * The clock. The candidates are the page cache's idle list (pcache.h:
 * clean, not busy; mapped pages are on it too, since mappings hold frame
 * references, not pcache_map). The hand starts at the least recently
 * used page; a page some mapping has used since the hand last passed
 * (the accessed bit of its PTE, which the hand clears) gets a second
 * chance: it goes to the recent end. A page held elsewhere is passed over
 * the same way. A scan looks at each page at most twice.
 *
 * The reverse map. A cache page is known by its file identity (server,
 * inode, index); the file's vfile lists every region that maps it
 * (vfile.c), and a region shows file page index at region page
 * index - foff if its page set holds that very frame there (a private
 * copy, or a page set entry from before a truncate, is not this page).
 *
 * Waiting for memory and the out-of-memory policy: memwait.c.
 *
 * VM is one thread; nothing here is locked. The daemon runs only between
 * messages (pageout_kick, memwait.c), never inside a memory type's fault
 * op, which may hold a frame the daemon would take.
 */
#include "vm.h"

struct pageout_stats pageout_stats;

uint64_t pageout_low_mark(void)
{
	return physmem.reserve + physmem.nr_managed / 64 + 16;
}

static uint64_t high_mark(void)
{
	return pageout_low_mark() + physmem.nr_managed / 64;
}

/* ---- the reverse map ---- */

size_t rmap_walk(struct pcache_page *p, rmap_fn fn, void *arg)
{
	if (!(p->flags & PCP_FILE))
		return 0;
	struct vfile *f = vfile_find((endpoint_t)p->dev, p->ino);
	if (!f)
		return 0;
	size_t n = 0;
	for (struct region *r = f->regions; r; r = r->fnext) {
		if (p->index < r->foff || p->index - r->foff >= r->len >> VM_PAGE_SHIFT)
			continue;
		uint64_t idx = p->index - r->foff;
		if (!r->ps || ps_get(r->ps, r->ps_off + idx) != p->pfn)
			continue;
		n++;
		if (fn && !fn(r, idx, arg))
			break;
	}
	return n;
}

static void test_clear_accessed(uint64_t va, uint64_t *pte, void *arg)
{
	(void)va;
	if (*pte & PTE_A) {
		*pte &= ~PTE_A;
		*(bool *)arg = true;
	}
}

/* rmap_fn: has the mapping used the page since the hand last passed? */
static bool referenced(struct region *r, uint64_t idx, void *arg)
{
	uint64_t va = r->start + (idx << VM_PAGE_SHIFT);
	pt_walk(r->owner->pml4, va, va + VM_PAGE, test_clear_accessed, arg);
	return true;                       /* clear every mapping's bit */
}

static bool wired(struct region *r, uint64_t idx, void *arg)
{
	(void)idx;
	if (r->flags & RF_WIRED) {
		*(bool *)arg = true;
		return false;
	}
	return true;
}

/* rmap_fn: the mapping lets go of the page. */
static bool unmap(struct region *r, uint64_t idx, void *arg)
{
	uint64_t va = r->start + (idx << VM_PAGE_SHIFT);
	pfn_t pfn = ps_get(r->ps, r->ps_off + idx);
	pt_unmap_range(r->owner, va, va + VM_PAGE);
	ps_set(r->ps, r->ps_off + idx, 0);
	page_unref(&physmem, pfn);
	(*(size_t *)arg)++;
	return true;
}

/* ---- the clock ---- */

/* One candidate under the hand: true if its frame was freed. */
bool pageout_try(struct pcache_page *p)
{
	size_t maps = rmap_walk(p, NULL, NULL);
	if (page_refs(&physmem, p->pfn) > 1 + maps)
		return false;                  /* a cache window (or VM itself) holds it */
	if (maps) {
		bool w = false, used = false;
		rmap_walk(p, wired, &w);
		if (w)
			return false;
		rmap_walk(p, referenced, &used);
		if (used)
			return false;              /* second chance */
		size_t n = 0;
		rmap_walk(p, unmap, &n);
		pageout_stats.unmapped++;
	}
	if (page_refs(&physmem, p->pfn) != 1)
		return false;
	pcache_reclaim(&pcache, p);
	pageout_stats.reclaimed++;
	return true;
}

size_t pageout_scan(size_t want)
{
	return pageout_scan_some(want, SIZE_MAX);
}

size_t pageout_scan_some(size_t want, size_t look)
{
	size_t freed = 0, left = 2 * pcache_stats(&pcache)->pages;
	if (left > look)
		left = look;
	struct pcache_page *p = pcache.lru_head;
	while (freed < want && p && left-- > 0) {
		struct pcache_page *next = p->lru_next;
		if (pageout_try(p))
			freed++;
		else
			pcache_touch(&pcache, p);  /* to the recent end */
		p = next ? next : pcache.lru_head;
	}
	return freed;
}

/* Pages the hand looks at per wanted page in a run that may stop short:
 * under steady pressure most of the cache can be pages the hand must pass
 * (a server's window, dirty, wired), and a run after every message must
 * not walk all of them each time. */
#define LOOK_PER_PAGE 8
#define LOOK_MIN      256

size_t pageout_run(bool full)
{
	uint64_t high = high_mark();
	if (physmem.nr_free >= high)
		return 0;
	pageout_stats.daemon_runs++;
	size_t want = high - physmem.nr_free;
	size_t freed = full ? pageout_scan(want)
			    : pageout_scan_some(want, LOOK_MIN + LOOK_PER_PAGE * want);
	if (freed < want)
		cache_clean(NONE, want - freed);
	return freed;
}

