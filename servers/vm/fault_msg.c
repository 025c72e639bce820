/*
 * The kernel's requests about faults, and VM's answers: the message glue
 * around fault.c's state machine. Requests from the kernel
 * (main.c's kernel_calls[], m_source == KERNEL, which no process can forge):
 *
 *   VM_KPAGEFAULT  a process faulted: vm_fault(), then VMCTL_RESUME, or
 *                  VMCTL_SIGNAL with the signal it returned (the kernel
 *                  keeps the fault's vector and address in the process's
 *                  end record)
 *   VM_KRANGE      a kernel call needs [addr, addr+len) of a process
 *                  present (for writing, if asked): vm_fault_range(),
 *                  then VMCTL_RESUME the requestor, or VMCTL_FAIL (the
 *                  call returns EFAULT)
 *
 * Either may be parked (VM_SUSPEND: a file page must come from its
 * server); then nothing is answered now and the message is replayed
 * here when the page is in (fwait.c).
 * An unknown process faults into nothing: SIGSEGV (VM_KPAGEFAULT) or a
 * failed copy (VM_KRANGE). Either may also be parked until memory comes
 * free (memwait.c); out of memory that could not wait (SIGKILL from
 * fault.c) is logged here with the free and reserved page counts.
 */
#include "vm.h"

static void out_of_memory(struct vmproc *vmp)
{
	printf("vm: out of memory: process %d killed (%lu pages free, %lu reserved for VM)\n",
	       vmp->ep, physmem.nr_free, physmem.reserve);
}

void do_kpagefault(message *m)
{
	const mess_vm_kfault *f = &m->m_vm_kfault;
	struct vmproc *vmp = vmproc_get(f->ep);
	int sig = vmp ? vm_fault(vmp, f->addr, (f->err & PF_WRITE) != 0, (f->err & PF_EXEC) != 0, NULL)
		      : QSIGSEGV;
	if (sig == VM_SUSPEND)
		return;                 /* parked: replayed when the page is in */
	if (sig == OK) {
		sys_vmctl(VMCTL_RESUME, f->ep, 0, 0);
		return;
	}
	if (sig == QSIGKILL && vmp)
		out_of_memory(vmp);
	else if (sig == QSIGBUS)
		printf("vm: process %d: %s at %lx (rip %lx): past the end of a mapped file\n", f->ep,
		       (f->err & PF_WRITE) ? "write" : "read", f->addr, f->rip);
	else
		printf("vm: process %d: %s at %lx (rip %lx): segmentation fault\n", f->ep,
		       (f->err & PF_WRITE) ? "write" : (f->err & PF_EXEC) ? "execute" : "read",
		       f->addr, f->rip);
	/* si_code for PM: an address in no region, or one the region's
	 * protection refuses. */
	uint64_t code = 0;
	if (sig == QSIGSEGV)
		code = vmp && region_find(vmp, f->addr) ? QSEGV_ACCERR : QSEGV_MAPERR;
	else if (sig == QSIGBUS)
		code = QBUS_ADRERR;
	sys_vmctl(VMCTL_SIGNAL, f->ep, (uint64_t)sig, code);
}

void do_krange(message *m)
{
	const mess_vm_krange *k = &m->m_vm_krange;
	struct vmproc *vmp = vmproc_get(k->target);
	int sig = vmp ? vm_fault_range(vmp, k->addr, k->len, k->write != 0) : QSIGSEGV;
	if (sig == VM_SUSPEND)
		return;
	if (sig == QSIGKILL)
		out_of_memory(vmp);
	sys_vmctl(sig == OK ? VMCTL_RESUME : VMCTL_FAIL, k->requestor, 0, 0);
}
