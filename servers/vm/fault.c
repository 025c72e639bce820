/*
 * The fault path. Every way into a page goes through vm_fault():
 *
 *   1. find the region containing the address      none: SIGSEGV
 *   2. check the access against its protection     denied: SIGSEGV
 *   3. ask the region's memory type for the page   -ENOMEM: out of memory
 *   4. write the PTE                               -ENOMEM: out of memory
 *
 * Out of memory ends the faulting process (SIGKILL) with a log line: the
 * reserve (physmem.h) guarantees VM itself can always go on.
 *
 * Requests from the kernel (do_kernel_message):
 *   VM_KPAGEFAULT  a process faulted: resolve, then VMCTL_RESUME or
 *                  VMCTL_SIGNAL
 *   VM_KRANGE      a kernel call needs [addr, addr+len) of a process
 *                  present (for writing, if asked): resolve page by page,
 *                  then VMCTL_RESUME the requestor, or VMCTL_FAIL
 * A memory type that must wait (file pages, later) will return SUSPEND
 * with the fault parked; the restart then runs these steps again from 1,
 * since the region may have changed meanwhile.
 */
#include "vm.h"
#include <quire/signal.h>

int vm_fault(struct vmproc *vmp, uint64_t addr, bool write, bool exec)
{
	struct region *r = region_find(vmp, addr);
	if (!r)
		return QSIGSEGV;
	if ((write && !(r->prot & PROT_WRITE)) || (exec && !(r->prot & PROT_EXEC)) ||
	    r->prot == PROT_NONE)
		return QSIGSEGV;
	uint64_t va = page_down(addr);
	struct fault_result res;
	int err = r->type->fault(r, (va - r->start) >> VM_PAGE_SHIFT, write, &res);
	if (!err)
		err = pt_map(vmp, va, res.pfn, r->prot, res.writable, res.uncached);
	if (err)
		return QSIGKILL;
	if (res.cow)
		vmp->cow_faults++;
	else
		vmp->minor_faults++;
	return OK;
}

static void out_of_memory(struct vmproc *vmp)
{
	printf("vm: out of memory: process %d killed (%lu pages free, %lu reserved for VM)\n",
	       vmp->ep, physmem.nr_free, physmem.reserve);
}

static void page_fault(const mess_vm_kfault *f)
{
	struct vmproc *vmp = vmproc_get(f->ep);
	int sig = vmp ? vm_fault(vmp, f->addr, (f->err & PF_WRITE) != 0, (f->err & PF_EXEC) != 0)
		      : QSIGSEGV;
	if (sig == OK) {
		sys_vmctl(VMCTL_RESUME, f->ep, 0, 0);
		return;
	}
	if (sig == QSIGKILL && vmp)
		out_of_memory(vmp);
	else
		printf("vm: process %d: %s at %lx (rip %lx): segmentation fault\n", f->ep,
		       (f->err & PF_WRITE) ? "write" : (f->err & PF_EXEC) ? "execute" : "read",
		       f->addr, f->rip);
	sys_vmctl(VMCTL_SIGNAL, f->ep, (uint64_t)sig, 0);
}

static void range_request(const mess_vm_krange *k)
{
	struct vmproc *vmp = vmproc_get(k->target);
	int sig = vmp ? OK : QSIGSEGV;
	uint64_t end = k->addr + k->len;
	if (end < k->addr || end > USER_TOP)
		sig = QSIGSEGV;
	for (uint64_t va = page_down(k->addr); sig == OK && va < end; va += VM_PAGE) {
		uint64_t pte = pt_lookup(vmp->pml4, va);
		if (pte && (!k->write || (pte & PTE_W)))
			continue;         /* already there */
		sig = vm_fault(vmp, va, k->write, false);
	}
	if (sig == QSIGKILL)
		out_of_memory(vmp);
	sys_vmctl(sig == OK ? VMCTL_RESUME : VMCTL_FAIL, k->requestor, 0, 0);
}

void do_kernel_message(message *m)
{
	switch (m->m_type) {
	case VM_KPAGEFAULT:
		page_fault(&m->m_vm_kfault);
		break;
	case VM_KRANGE:
		range_request(&m->m_vm_krange);
		break;
	default:
		printf("vm: unknown message %x from the kernel\n", m->m_type);
		break;
	}
}
