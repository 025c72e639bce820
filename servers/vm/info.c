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
