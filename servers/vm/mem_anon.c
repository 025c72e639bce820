/*
 * Anonymous memory: demand-zero pages in a page set.
 *
 * Private regions (copy-on-write after fork): a page whose reference
 * count is above one is shared with another set (a fork relative, or the
 * zero page) and is mapped read-only; a write fault copies it, or takes
 * it over when this set is its last holder. A read fault on a page never
 * touched maps the shared zero page.
 *
 * Shared regions (MAP_SHARED, RF_SHARED): the set is shared by every
 * mapping; a page is allocated on first touch, read or write, and always
 * mapped with the region's protection.
 */
#include "vm.h"
#include "pool.h"

static struct pool pageset_pool = POOL_INIT(struct pageset);

struct pageset *pageset_new(void)
{
	struct pageset *ps = pool_alloc(&pageset_pool);
	if (ps)
		ps_init(ps);
	return ps;
}

static void drop_page(struct pageset *ps, uint64_t idx, pfn_t pfn, void *arg)
{
	(void)arg;
	ps_set(ps, idx, 0);
	page_unref(&physmem, pfn);
}

void pageset_unref(struct pageset *ps)
{
	if (--ps->refs > 0)
		return;
	ps_walk(ps, 0, ~0ULL, drop_page, NULL);
	ps_free_nodes(ps);
	pool_free(&pageset_pool, ps);
}

static int anon_populate(struct region *r)
{
	for (uint64_t i = 0; i < r->len >> VM_PAGE_SHIFT; i++) {
		struct fault_result res;
		int err = anon_fault(r, i, true, &res);
		if (err)
			return err;
	}
	return OK;
}

static int anon_create(struct region *r, const struct map_args *a)
{
	r->ps = pageset_new();
	if (!r->ps)
		return -ENOMEM;
	r->ps_off = 0;
	if (a && (a->flags & MAP_POPULATE)) {
		int err = anon_populate(r);
		if (err) {
			pageset_unref(r->ps);
			r->ps = NULL;
			return err;
		}
	}
	return OK;
}

static void anon_destroy(struct region *r)
{
	anon_release(r, 0, r->len >> VM_PAGE_SHIFT);
	pageset_unref(r->ps);
	r->ps = NULL;
}

int anon_fault(struct region *r, uint64_t idx, bool write, struct fault_result *res)
{
	bool shared = r->flags & RF_SHARED;
	uint64_t at = r->ps_off + idx;
	pfn_t pfn = ps_get(r->ps, at);
	res->uncached = false;
	res->cow = false;

	if (!pfn) {
		if (!write && !shared) {
			if (ps_set(r->ps, at, zero_pfn) == PS_NOMEM)
				return -ENOMEM;
			page_ref(&physmem, zero_pfn);
			res->pfn = zero_pfn;
			res->writable = false;
			return OK;
		}
		pfn = vm_page_alloc(ALLOC_USER, true);
		if (!pfn)
			return -ENOMEM;
		if (ps_set(r->ps, at, pfn) == PS_NOMEM) {
			page_unref(&physmem, pfn);
			return -ENOMEM;
		}
		res->pfn = pfn;
		res->writable = (r->prot & PROT_WRITE) != 0;
		return OK;
	}
	if (shared || !write || page_refs(&physmem, pfn) == 1) {
		res->pfn = pfn;
		res->writable = (r->prot & PROT_WRITE) && anon_writable(r, idx, pfn);
		return OK;
	}
	/* A write to a page another set (or the zero page) also holds. */
	pfn_t copy = vm_page_alloc(ALLOC_USER, pfn == zero_pfn);
	if (!copy)
		return -ENOMEM;
	if (pfn != zero_pfn)
		memcpy(phys_ptr(copy << VM_PAGE_SHIFT), phys_ptr(pfn << VM_PAGE_SHIFT), VM_PAGE);
	ps_set(r->ps, at, copy);          /* the slot exists: cannot fail */
	page_unref(&physmem, pfn);
	res->pfn = copy;
	res->writable = true;
	res->cow = true;
	return OK;
}

bool anon_writable(struct region *r, uint64_t idx, pfn_t pfn)
{
	(void)idx;
	if (r->flags & RF_SHARED)
		return true;
	return pfn != zero_pfn && page_refs(&physmem, pfn) == 1;
}

struct release_arg {
	uint64_t first, end;
};

/* Private pages leave with their region; a shared set keeps its pages
 * until its last mapping goes. */
void anon_release(struct region *r, uint64_t first, uint64_t n)
{
	if (r->flags & RF_SHARED)
		return;
	pageset_drop(r, first, n);
}

void anon_split(struct region *r, struct region *upper, uint64_t at)
{
	/* Both halves keep the set; their page ranges are disjoint. */
	r->ps->refs++;
	upper->ps_off = r->ps_off + at;
}

struct copy_arg {
	struct pageset *to;
	uint64_t base;
	int err;
};

static void copy_entry(struct pageset *ps, uint64_t idx, pfn_t pfn, void *arg)
{
	(void)ps;
	struct copy_arg *c = arg;
	if (c->err)
		return;
	if (ps_set(c->to, idx - c->base, pfn) == PS_NOMEM) {
		c->err = -ENOMEM;
		return;
	}
	page_ref(&physmem, pfn);
}

int pageset_copy(struct region *r, struct region *nr)
{
	nr->ps = pageset_new();
	if (!nr->ps)
		return -ENOMEM;
	nr->ps_off = 0;
	struct copy_arg c = { nr->ps, r->ps_off, OK };
	ps_walk(r->ps, r->ps_off, r->ps_off + (r->len >> VM_PAGE_SHIFT), copy_entry, &c);
	if (c.err) {
		pageset_unref(nr->ps);
		nr->ps = NULL;
		return c.err;
	}
	return OK;
}

void pageset_drop(struct region *r, uint64_t first, uint64_t n)
{
	ps_walk(r->ps, r->ps_off + first, r->ps_off + first + n, drop_page, NULL);
}

static int anon_copy(struct region *r, struct region *nr)
{
	if (r->flags & RF_SHARED) {
		r->ps->refs++;               /* MAP_SHARED stays shared across fork */
		return OK;
	}
	int err = pageset_copy(r, nr);
	if (err)
		return err;
	/* The parent's writable mappings of now-shared pages go read-only. */
	pt_write_protect(r->owner, r->start, r->start + r->len);
	return OK;
}

const struct mem_type mem_anon = {
	.name = "anonymous",
	.create = anon_create,
	.destroy = anon_destroy,
	.fault = anon_fault,
	.copy = anon_copy,
	.split = anon_split,
	.release = anon_release,
	.writable = anon_writable,
};
