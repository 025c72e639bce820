/*
 * Fork's copy of an address space, region by region: the pure half of
 * do_fork (proc.c does the message, the child's page table and
 * VMCTL_SET_AS). Compiled unchanged for the host tests.
 *
 * Each region's memory type decides what the child gets (copy op):
 * private anonymous pages are shared copy-on-write, MAP_SHARED sets are
 * shared outright, contiguous memory becomes a private copy. The child's
 * page table is then filled from the parent's present PTEs, so the child
 * does not fault on pages the parent already had.
 */
#include "vm.h"

struct map_arg {
	struct region *r, *nr;
	int err;
};

/* One present PTE of the parent's region r: the same page in the child's
 * region nr, or (where the type gave the child its own pages) the child's
 * page at that index. Writable only if nr's type says so now. */
static void map_one(uint64_t va, uint64_t *pte, void *arg)
{
	struct map_arg *a = arg;
	if (a->err)
		return;
	uint64_t idx = (va - a->r->start) >> VM_PAGE_SHIFT;
	pfn_t pfn;
	if (a->nr->type == a->r->type) {
		pfn = (*pte & PTE_ADDR) >> VM_PAGE_SHIFT;
		/* Only pages the child's set holds (a cache window starts empty). */
		if (a->nr->ps && ps_get(a->nr->ps, a->nr->ps_off + idx) != pfn)
			return;
	} else {
		pfn = ps_get(a->nr->ps, a->nr->ps_off + idx);   /* contig became a copy */
		if (!pfn)
			return;
	}
	bool w = a->nr->type->writable(a->nr, idx, pfn);
	a->err = pt_map(a->nr->owner, va, pfn, a->nr->prot, w, (*pte & PTE_PCD) != 0);
}

int region_fork(struct vmproc *c, struct region *r, struct region **out)
{
	/* POSIX: memory locks are not inherited (nor is DMA memory: the
	 * child's copy of it is ordinary memory). */
	struct region *nr = region_new(c, r->start, r->len, r->prot, r->flags & ~RF_WIRED, r->type);
	if (!nr)
		return -ENOMEM;
	nr->maxprot = r->maxprot;
	nr->ps = r->ps;
	nr->ps_off = r->ps_off;
	nr->phys = r->phys;
	int err = r->type->copy(r, nr);
	if (err) {
		/* The copy took nothing: nr must release nothing either. */
		nr->type = &mem_directphys;
		nr->ps = NULL;
		return err;
	}
	if (r->owner->heap == r)
		c->heap = nr;
	*out = nr;
	struct map_arg a = { r, nr, OK };
	pt_walk(r->owner->pml4, r->start, r->start + r->len, map_one, &a);
	return a.err;
}

int vm_fork_regions(struct vmproc *p, struct vmproc *c)
{
	c->brk_start = p->brk_start;
	c->lim = p->lim;                   /* limits are inherited, mlockall's not */
	c->parent = p->ep;
	for (struct region *r = region_first(p); r; r = region_next(r)) {
		struct region *nr;
		int err = region_fork(c, r, &nr);
		if (err)
			return err;
	}
	c->max_resident = c->resident;
	return OK;
}
