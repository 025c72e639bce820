/*
 * Whole address spaces: adopting the boot processes' memory, fork, exit
 * and clear (for exec). VM_FORK/VM_EXIT come from PM only, VM_CLEAR from
 * PM or VFS (exec). The region-by-region copy of fork is fork.c's.
 */
#include "vm.h"

int do_fork(message *m)
{
	if (m->m_source != PM_PROC_NR)
		return -EPERM;
	struct vmproc *p = vmproc_get(m->m_vm_proc.ep);
	if (!p)
		return -EINVAL;
	struct vmproc *c = vmproc_new(m->m_vm_proc.child);
	if (!c)
		return -EINVAL;
	c->pml4 = pt_new();
	if (!c->pml4) {
		c->in_use = false;
		return -ENOMEM;
	}
	int err = vm_fork_regions(p, c);
	if (!err)
		err = sys_vmctl(VMCTL_SET_AS, c->ep, c->pml4, 0);
	if (err) {
		vmproc_free(c);
		return err;
	}
	return OK;
}

int do_exit(message *m)
{
	if (m->m_source != PM_PROC_NR)
		return -EPERM;
	struct vmproc *vmp = vmproc_get(m->m_vm_proc.ep);
	if (!vmp)
		return -EINVAL;
	/* Its figures and its children's go to its parent (RUSAGE_CHILDREN). */
	struct vmproc *p = vmproc_get(vmp->parent);
	if (p) {
		p->children.minflt += vmp->minor_faults + vmp->cow_faults + vmp->children.minflt;
		p->children.majflt += vmp->major_faults + vmp->children.majflt;
		uint64_t rss = vmp->max_resident > vmp->children.maxrss ? vmp->max_resident
									  : vmp->children.maxrss;
		if (rss > p->children.maxrss)
			p->children.maxrss = rss;
	}
	pageout_exited(vmp->ep);
	vmproc_free(vmp);
	return OK;
}

/* exec: the process's old image goes; its heap will start at brk. */
int do_clear(message *m)
{
	if (m->m_source != PM_PROC_NR && m->m_source != VFS_PROC_NR)
		return -EPERM;
	struct vmproc *vmp = vmproc_get(m->m_vm_proc.ep);
	if (!vmp)
		return -EINVAL;
	if (m->m_vm_proc.brk >= USER_TOP)
		return -EINVAL;
	vmproc_clear(vmp);
	vmp->brk_start = page_up(m->m_vm_proc.brk);
	return OK;
}

/* The kernel built the boot processes' page tables from its own pages:
 * take them over, so they are freed to VM's pool when the process goes. */
static void adopt_tables(uint64_t tpa, int level)
{
	uint64_t *t = phys_ptr(tpa);
	int n = level == 3 ? PML4_USER_ENTRIES : PT_ENTRIES;
	if (level > 0)
		for (int i = 0; i < n; i++)
			if ((t[i] & PTE_P) && !(t[i] & PTE_PS))
				adopt_tables(t[i] & PTE_ADDR, level - 1);
	page_adopt(&physmem, tpa >> VM_PAGE_SHIFT);
}

static void adopt_one(const struct vm_bootproc *bp)
{
	struct vmproc *vmp = vmproc_new(bp->ep);
	if (!vmp)
		panic("cannot track boot process %d", bp->ep);
	vmp->pml4 = bp->as_root;
	vmp->brk_start = bp->brk;
	vmp->boot = true;
	adopt_tables(vmp->pml4, 3);
	for (uint32_t s = 0; s < bp->nr_segs; s++) {
		uint64_t start = bp->seg[s].start, end = bp->seg[s].end;
		uint32_t flags = s == bp->nr_segs - 1 ? RF_STACK : 0;
		struct region *r = region_new(vmp, start, end - start, bp->seg[s].prot, flags, &mem_anon);
		if (!r || mem_anon.create(r, NULL) != OK)
			panic("out of memory adopting boot process %d", bp->ep);
		for (uint64_t va = start; va < end; va += VM_PAGE) {
			uint64_t pte = pt_lookup(vmp->pml4, va);
			if (!pte)
				continue;
			pfn_t pfn = (pte & PTE_ADDR) >> VM_PAGE_SHIFT;
			page_adopt(&physmem, pfn);
			if (ps_set(r->ps, (va - start) >> VM_PAGE_SHIFT, pfn) == PS_NOMEM)
				panic("out of memory adopting boot process %d", bp->ep);
			vmp->resident++;
		}
	}
}

void adopt_boot_processes(void)
{
	for (int slot = 0; slot < NR_PROCS; slot++) {
		struct vm_bootproc bp;
		if (sys_vmctl(VMCTL_BOOTINFO, slot, (uint64_t)(uintptr_t)&bp, 0) != OK)
			continue;
		if (bp.ep == NONE || bp.ep == sef_self_endpoint)
			continue;
		adopt_one(&bp);
	}
}
