/*
 * Regions: each process's map of virtual memory, an AVL tree by start
 * address, and the range operations on it (find a gap, split, unmap or
 * protect a range that may span several regions).
 */
#include "vm.h"
#include "pool.h"

static struct pool region_pool = POOL_INIT(struct region);

static struct region *to_region(struct avl_node *n)
{
	return n ? avl_entry(n, struct region, node) : NULL;
}

struct region *region_first(struct vmproc *vmp)
{
	return to_region(avl_first(&vmp->regions));
}

struct region *region_next(struct region *r)
{
	return to_region(avl_next(&r->node));
}

struct region *region_find(struct vmproc *vmp, uint64_t addr)
{
	struct region *r = to_region(avl_find_le(&vmp->regions, addr));
	return (r && addr < r->start + r->len) ? r : NULL;
}

struct region *region_new(struct vmproc *vmp, uint64_t start, uint64_t len, uint32_t prot,
			  uint32_t flags, const struct mem_type *type)
{
	struct region *r = pool_alloc(&region_pool);
	if (!r)
		return NULL;
	r->start = start;
	r->len = len;
	r->prot = prot;
	r->maxprot = PROT_READ | PROT_WRITE | PROT_EXEC;
	r->flags = flags;
	r->type = type;
	r->owner = vmp;
	r->node.key = start;
	if (avl_insert(&vmp->regions, &r->node) != 0) {
		pool_free(&region_pool, r);
		return NULL;
	}
	return r;
}

/* Undo region_new for a region whose type never set up: as directphys it
 * owns nothing, so destroying it releases nothing. */
void region_discard(struct region *r)
{
	r->type = &mem_directphys;
	r->ps = NULL;
	region_destroy(r);
}

int region_create(struct vmproc *vmp, uint64_t start, uint64_t len, uint32_t prot, uint32_t flags,
		  const struct mem_type *type, const struct map_args *a, struct region **out)
{
	struct region *r = region_new(vmp, start, len, prot, flags, type);
	if (!r)
		return -ENOMEM;
	int err = type->create(r, a);
	if (err) {
		region_discard(r);
		return err;
	}
	*out = r;
	return OK;
}

bool region_range_free(struct vmproc *vmp, uint64_t start, uint64_t len)
{
	if (start >= USER_TOP || len > USER_TOP - start)
		return false;
	struct region *r = to_region(avl_find_le(&vmp->regions, start + len - 1));
	return !r || r->start + r->len <= start;
}

/* The lowest gap of len bytes at or above hint (or MMAP_BASE). */
int region_free_gap(struct vmproc *vmp, uint64_t hint, uint64_t len, uint64_t *out)
{
	/* A hint outside user space (or one page_up would wrap) is ignored. */
	uint64_t at = hint && hint < USER_TOP ? page_up(hint) : MMAP_BASE;
	for (int pass = 0; pass < 2; pass++) {
		while (at < USER_TOP && len <= USER_TOP - at) {
			struct region *r = to_region(avl_find_le(&vmp->regions, at + len - 1));
			if (!r || r->start + r->len <= at) {
				*out = at;
				return OK;
			}
			at = r->start + r->len;        /* skip past the obstacle */
		}
		at = MMAP_BASE;                        /* the hint failed: from the base */
	}
	return -ENOMEM;
}

/* Cut r at address `at` (inside it, page-aligned): r keeps the lower part,
 * *upper the rest. */
int region_split(struct region *r, uint64_t at, struct region **upper)
{
	struct region *u = pool_alloc(&region_pool);
	if (!u)
		return -ENOMEM;
	*u = *r;
	u->start = at;
	u->len = r->start + r->len - at;
	u->node.key = at;
	r->len = at - r->start;
	r->type->split(r, u, (at - r->start) >> VM_PAGE_SHIFT);
	avl_insert(&r->owner->regions, &u->node);
	*upper = u;
	return OK;
}

void region_destroy(struct region *r)
{
	struct vmproc *vmp = r->owner;
	pt_unmap_range(vmp, r->start, r->start + r->len);
	r->type->destroy(r);
	if (vmp->heap == r)
		vmp->heap = NULL;
	avl_remove(&vmp->regions, &r->node);
	pool_free(&region_pool, r);
}

/* Make [start, end) a union of whole regions by splitting the regions
 * that straddle its edges. */
static int cut_at(struct vmproc *vmp, uint64_t addr)
{
	struct region *r = region_find(vmp, addr);
	if (!r || r->start == addr)
		return OK;
	struct region *upper;
	return region_split(r, addr, &upper);
}

/* Undo the splits of [start, end) where the neighbours match again. */
static void merge_around(struct vmproc *vmp, uint64_t start, uint64_t end)
{
	struct region *r = to_region(avl_find_ge(&vmp->regions, start));
	if (r && r->start > 0) {
		struct region *prev = region_find(vmp, r->start - 1);
		if (prev)
			r = prev;
	}
	while (r && r->start <= end) {
		struct region *next = region_next(r);
		if (next && region_merge(r, next))
			continue;          /* r grew: try its new neighbour */
		r = next;
	}
}

/* Region boundaries at start and at end, so that regions lie wholly
 * inside [start, end) or wholly outside it. */
static int cut_range(struct vmproc *vmp, uint64_t start, uint64_t end)
{
	int err = cut_at(vmp, start);
	return err ? err : cut_at(vmp, end);
}

int region_unmap_range(struct vmproc *vmp, uint64_t start, uint64_t len)
{
	uint64_t end = start + len;
	int err = cut_range(vmp, start, end);
	if (err)
		return err;
	struct region *r = to_region(avl_find_ge(&vmp->regions, start));
	while (r && r->start < end) {
		struct region *next = region_next(r);
		region_destroy(r);
		r = next;
	}
	return OK;
}

int region_protect_range(struct vmproc *vmp, uint64_t start, uint64_t len, uint32_t prot)
{
	uint64_t end = start + len;
	/* POSIX: the whole range must be mapped. */
	for (uint64_t a = start; a < end; ) {
		struct region *r = region_find(vmp, a);
		if (!r)
			return -ENOMEM;
		if (prot & ~r->maxprot)
			return -EACCES;     /* a shared mapping of a read-only descriptor */
		a = r->start + r->len;
	}
	int err = cut_range(vmp, start, end);
	if (err)
		return err;
	for (struct region *r = region_find(vmp, start); r && r->start < end; r = region_next(r)) {
		r->prot = prot;
		region_remap_all(r);
	}
	merge_around(vmp, start, end);
	return OK;
}

int region_flag_range(struct vmproc *vmp, uint64_t start, uint64_t len, uint32_t flag, bool on)
{
	uint64_t end = start + len;
	int err = cut_range(vmp, start, end);
	if (err)
		return err;
	/* After the cuts, every region meeting the range starts in it. */
	for (struct region *r = to_region(avl_find_ge(&vmp->regions, start)); r && r->start < end;
	     r = region_next(r)) {
		if (on)
			r->flags |= flag;
		else
			r->flags &= ~flag;
	}
	merge_around(vmp, start, end);
	return OK;
}

/* Can upper continue lower seamlessly: same kind of memory, same
 * protection, and its pages right after lower's? */
static bool mergeable(const struct region *lower, const struct region *upper)
{
	if (lower->start + lower->len != upper->start || lower->type != upper->type ||
	    lower->prot != upper->prot || lower->flags != upper->flags ||
	    lower->maxprot != upper->maxprot ||
	    lower->owner->heap == upper)
		return false;
	/* Only pieces of one page set join up again: separate device or
	 * contiguous mappings stay separate (each is unmapped as a whole). */
	uint64_t pages = lower->len >> VM_PAGE_SHIFT;
	if (lower->type == &mem_anon || lower->type == &mem_shared)
		return lower->ps == upper->ps && lower->ps_off + pages == upper->ps_off;
	return false;
}

/* Merge upper into lower if they continue each other; true if merged. */
bool region_merge(struct region *lower, struct region *upper)
{
	if (!mergeable(lower, upper))
		return false;
	lower->len += upper->len;
	if (upper->ps)
		upper->ps->refs--;      /* lower's reference covers both now */
	avl_remove(&lower->owner->regions, &upper->node);
	pool_free(&region_pool, upper);
	return true;
}

/* Rebuild r's PTEs from its pages after a protection change: pages keep
 * their place, mappings follow the new protection (none for PROT_NONE,
 * read-only where a page may not be written yet). */
void region_remap_all(struct region *r)
{
	struct vmproc *vmp = r->owner;
	for (uint64_t va = r->start; va < r->start + r->len; va += VM_PAGE) {
		uint64_t pte = pt_lookup(vmp->pml4, va);
		if (!pte)
			continue;
		pfn_t pfn = (pte & PTE_ADDR) >> VM_PAGE_SHIFT;
		if (r->prot == PROT_NONE) {
			pt_unmap_range(vmp, va, va + VM_PAGE);
			continue;
		}
		uint64_t idx = (va - r->start) >> VM_PAGE_SHIFT;
		bool w = (r->prot & PROT_WRITE) && r->type->writable(r, idx, pfn);
		pt_map(vmp, va, pfn, r->prot, w, (pte & PTE_PCD) != 0);
	}
}
