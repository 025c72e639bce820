/*
 * VM's view of processes: one struct vmproc per process-table slot, found
 * by endpoint (a stale endpoint of an earlier occupant finds nothing), and
 * the teardown of a whole address space (exit, exec, a failed fork).
 * Pure: compiled unchanged for the host tests.
 */
#include "vm.h"

static struct vmproc vmprocs[NR_PROCS];

struct vmproc *vmproc_get(endpoint_t ep)
{
	if (ep < 0)
		return NULL;
	int slot = _ENDPOINT_SLOT(ep);
	if (slot >= NR_PROCS || !vmprocs[slot].in_use || vmprocs[slot].ep != ep)
		return NULL;
	return &vmprocs[slot];
}

struct vmproc *vmproc_new(endpoint_t ep)
{
	int slot = _ENDPOINT_SLOT(ep);
	if (ep < 0 || slot >= NR_PROCS || vmprocs[slot].in_use)
		return NULL;
	struct vmproc *vmp = &vmprocs[slot];
	memset(vmp, 0, sizeof(*vmp));
	vmp->in_use = true;
	vmp->ep = ep;
	avl_init(&vmp->regions);
	vmp->lim.as = vmp->lim.data = VM_RLIM_INFINITY;
	vmp->lim.stack = VM_STACK_DEFAULT;
	vmp->lim.memlock = VM_RLIM_INFINITY;   /* boot processes are root; forks copy */
	vmp->parent = NONE;
	return vmp;
}

/* Every region goes (unmapped, its memory released); the page table
 * stays, empty in its user half but for the tables themselves. */
void vmproc_clear(struct vmproc *vmp)
{
	struct region *r;
	while ((r = region_first(vmp)) != NULL)
		region_destroy(r);
	vmp->heap = NULL;
}

/* The process is gone: its regions, then its page tables (pml4 0: it
 * never had one), then the slot. */
struct vmproc *vmproc_slot(int slot)
{
	if (slot < 0 || slot >= NR_PROCS || !vmprocs[slot].in_use)
		return NULL;
	return &vmprocs[slot];
}

void vmproc_free(struct vmproc *vmp)
{
	vmproc_clear(vmp);
	if (vmp->pml4)
		pt_destroy(vmp->pml4);
	vmp->pml4 = 0;
	vmp->in_use = false;
}
