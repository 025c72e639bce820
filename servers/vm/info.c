/* VM_INFO: memory accounting for free, ps and the tests. */
#include "vm.h"

int do_info(message *m)
{
	mess_vm_info *i = &m->m_vm_info;
	i->total_pages = physmem.nr_managed;
	i->free_pages = physmem.nr_free;
	i->resident = i->minor_faults = i->cow_faults = i->regions = 0;
	if (i->ep == NONE)
		return OK;
	struct vmproc *vmp = vmproc_get(i->ep == SELF ? m->m_source : i->ep);
	if (!vmp)
		return -ESRCH;
	i->resident = vmp->resident;
	i->minor_faults = vmp->minor_faults;
	i->cow_faults = vmp->cow_faults;
	i->regions = vmp->regions.count;
	return OK;
}

/* Pages of vmp's mappings that another holder shares (refs > 1: another
 * mapping or page set, the page cache, a cache window). */
static void count_shared(uint64_t va, uint64_t *pte, void *arg)
{
	(void)va;
	pfn_t pfn = (*pte & PTE_ADDR) >> VM_PAGE_SHIFT;
	if (pfn < physmem.nr_frames && page_refs(&physmem, pfn) > 1)
		(*(uint64_t *)arg)++;
}

static uint64_t wired_pages(struct vmproc *vmp)
{
	uint64_t n = 0;
	for (struct region *r = region_first(vmp); r; r = region_next(r))
		if (r->flags & RF_WIRED)
			n += r->len >> VM_PAGE_SHIFT;
	return n;
}

/* VM_RUSAGE: a process's fault counts and sizes (getrusage, ps). */
int do_rusage(message *m)
{
	mess_vm_usage *u = &m->m_vm_usage;
	struct vmproc *vmp = vmproc_get(u->ep == SELF ? m->m_source : u->ep);
	if (!vmp)
		return -ESRCH;
	int who = u->who;
	endpoint_t ep = u->ep;
	memset(u, 0, sizeof(*u));
	u->who = who;
	u->ep = ep;
	if (who == Q_RUSAGE_CHILDREN) {
		u->minflt = vmp->children.minflt;
		u->majflt = vmp->children.majflt;
		u->maxrss = vmp->children.maxrss;
		return OK;
	}
	if (who != Q_RUSAGE_SELF)
		return -EINVAL;
	u->minflt = vmp->minor_faults + vmp->cow_faults;
	u->majflt = vmp->major_faults;
	u->maxrss = vmp->max_resident;
	u->resident = vmp->resident;
	pt_walk(vmp->pml4, 0, USER_TOP, count_shared, &u->shared);
	u->wired = wired_pages(vmp);
	return OK;
}
