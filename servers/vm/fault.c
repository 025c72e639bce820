/*
 * The fault path. Every way into a page goes through vm_fault():
 *
 *   1. find the region containing the address      none: SIGSEGV
 *   2. check the access against its protection     denied: SIGSEGV
 *   3. ask the region's memory type for the page   -ENOMEM: out of memory
 *   4. write the PTE                               -ENOMEM: out of memory
 *
 * Out of memory waits: the message being handled is parked until the
 * page daemon has freed pages (pageout_wait, memwait.c) and runs these
 * steps again; only when nothing can be reclaimed and no process can be
 * ended for it is it SIGKILL (the caller ends the faulting process with a
 * log line). The reserve (physmem.h) guarantees VM itself can always go
 * on. A resolved fault counts as a copy-on-write
 * fault if the type copied a page (res.cow), else as minor (a write that
 * takes over a page its last sharer left is minor).
 *
 * vm_fault_range() runs the same steps page by page over a range, for
 * the pages that are absent (or read-only, for a write).
 *
 * This file is the pure state machine: no kernel calls, no messages, no
 * logging, so the host tests (test/unit/test_vm_*.c) run it unchanged.
 * fault_msg.c turns the kernel's messages into these calls and their
 * outcomes into VMCTL_RESUME / VMCTL_SIGNAL / VMCTL_FAIL.
 *
 * A memory type that must wait (a file page not in the cache) returns
 * VM_SUSPEND with the message being handled parked (fwait.c); its replay
 * runs these steps again from 1, since the region may have changed
 * meanwhile. A type's -EFAULT (a file page past the end) is SIGBUS.
 */
#include "vm.h"

bool vm_replaying_io;

/* Step 2: may this access touch r at all? A region without PROT_READ
 * (x86 cannot map write- or exec-only pages) is PROT_NONE in effect. */
static bool access_allowed(const struct region *r, bool write, bool exec)
{
	if (r->prot == PROT_NONE)
		return false;
	if (write && !(r->prot & PROT_WRITE))
		return false;
	if (exec && !(r->prot & PROT_EXEC))
		return false;
	return true;
}

int vm_fault(struct vmproc *vmp, uint64_t addr, bool write, bool exec, struct fault_result *out)
{
	struct region *r = region_find(vmp, addr);                      /* 1 */
	if (!r || !access_allowed(r, write, exec))                       /* 2 */
		return QSIGSEGV;
	uint64_t va = page_down(addr);
	struct fault_result res;
	int err = r->type->fault(r, (va - r->start) >> VM_PAGE_SHIFT, write, &res);   /* 3 */
	if (err == VM_SUSPEND)
		return VM_SUSPEND;
	if (err == -EFAULT)
		return QSIGBUS;
	if (!err)
		err = pt_map(vmp, va, res.pfn, r->prot, res.writable, res.uncached);    /* 4 */
	if (err == -ENOMEM)
		return pageout_wait();    /* parked until pages come free (memwait.c) */
	if (err)
		return QSIGKILL;
	if (res.cow)
		vmp->cow_faults++;
	else if (vm_replaying_io)
		vmp->major_faults++;      /* it waited for a file server */
	else
		vmp->minor_faults++;
	if (vmp->resident > vmp->max_resident)
		vmp->max_resident = vmp->resident;
	if (out)
		*out = res;
	return OK;
}

int vm_fault_range(struct vmproc *vmp, uint64_t addr, uint64_t len, bool write)
{
	uint64_t end = addr + len;
	if (end < addr || end > USER_TOP)
		return QSIGSEGV;
	for (uint64_t va = page_down(addr); va < end; va += VM_PAGE) {
		uint64_t pte = pt_lookup(vmp->pml4, va);
		if (pte && (!write || (pte & PTE_W)))
			continue;         /* already there */
		int sig = vm_fault(vmp, va, write, false, NULL);
		if (sig != OK)
			return sig;
	}
	return OK;
}
