/*
 * Waiting for VM.
 *
 * Page faults: the faulting process stops (RTS_VMREQ) and VM gets
 * VM_KPAGEFAULT; VM answers VMCTL_RESUME (the instruction runs again) or
 * VMCTL_SIGNAL.
 *
 * Kernel copies: copy.c reports -EVMFAULT when a page of a user range is
 * absent or read-only (VM may know better: demand paging, copy-on-write).
 * Every kernel call and IPC primitive checks its ranges before it changes
 * anything, so the caller can simply wait: it stops (RTS_VMREQ), VM gets
 * VM_KRANGE for the range, and on VMCTL_RESUME the syscall instruction
 * runs again from the start (rip moves back over `syscall`; rax still
 * holds the primitive, as no result was written). On VMCTL_FAIL the call
 * returns EFAULT.
 *
 * Delivery into a receiver that is already blocked is different: the
 * sender must not wait for the receiver's memory. The kernel accepts the
 * message into the receiver's inbox, the receiver waits for VM, and on
 * VMCTL_RESUME the inbox is written into its buffer.
 *
 * VM itself never waits for VM: its memory is always present, and a copy
 * that needs VM on its behalf is an error.
 */
#include <arch/arch.h>
#include "kernel.h"
#include "proc.h"

struct vmfault_info last_vmfault;

bool vm_can_help(const struct proc *requestor, const struct proc *target)
{
	return vm_proc && requestor != vm_proc && target != vm_proc && proc_alive(vm_proc);
}

static void post_range(struct proc *p, const struct vmfault_info *f)
{
	proc_block(p, RTS_VMREQ);
	memset(&p->kmsg, 0, sizeof(p->kmsg));
	p->kmsg.m_type = VM_KRANGE;
	p->kmsg.m_vm_krange.requestor = p->endpoint;
	p->kmsg.m_vm_krange.target = f->target->endpoint;
	p->kmsg.m_vm_krange.addr = f->addr;
	p->kmsg.m_vm_krange.len = f->len;
	p->kmsg.m_vm_krange.write = f->write;
	kmsg_post(vm_proc, p);
}

/* p's syscall hit last_vmfault: wait for VM and run the syscall again. */
int vm_suspend_syscall(struct proc *p)
{
	if (!vm_can_help(p, last_vmfault.target))
		return -EFAULT;
	p->restart_syscall = true;
	post_range(p, &last_vmfault);
	return SUSPEND;
}

/* r accepted r->inbox but its buffer needs VM (last_vmfault). */
void vm_suspend_receiver(struct proc *r)
{
	r->inbox_full = true;
	post_range(r, &last_vmfault);
}

void vm_post_pagefault(struct proc *p, uint64_t addr, uint64_t err)
{
	proc_block(p, RTS_VMREQ);
	memset(&p->kmsg, 0, sizeof(p->kmsg));
	p->kmsg.m_type = VM_KPAGEFAULT;
	p->kmsg.m_vm_kfault.ep = p->endpoint;
	p->kmsg.m_vm_kfault.err = (int32_t)err;
	p->kmsg.m_vm_kfault.addr = addr;
	p->kmsg.m_vm_kfault.rip = p->regs.rip;
	kmsg_post(vm_proc, p);
}

int vm_resume(struct proc *p)
{
	if (!(p->rts & RTS_VMREQ) || p->kmsg_server)
		return -EINVAL;      /* not waiting for VM, or VM has not seen it yet */
	if (p->inbox_full) {
		int err = copy_to_proc(p, p->msgbuf, &p->inbox, sizeof(message));
		if (err == -EVMFAULT) {
			post_range(p, &last_vmfault);   /* still not there: ask again */
			return OK;
		}
		p->inbox_full = false;
		proc_unblock(p, RTS_VMREQ);
		ipc_wake(p, RTS_RECEIVING, err ? -EFAULT : OK);
		return OK;
	}
	if (p->restart_syscall) {
		p->restart_syscall = false;
		p->regs.rip -= 2;           /* the syscall instruction again */
	}
	proc_unblock(p, RTS_VMREQ);
	return OK;
}

int vm_fail(struct proc *p)
{
	if (!(p->rts & RTS_VMREQ) || p->kmsg_server)
		return -EINVAL;
	if (p->inbox_full) {
		p->inbox_full = false;
		proc_unblock(p, RTS_VMREQ);
		ipc_wake(p, RTS_RECEIVING, -EFAULT);
		return OK;
	}
	if (!p->restart_syscall)
		return -EINVAL;             /* a page fault: VM must signal instead */
	p->restart_syscall = false;
	arch_set_result(p, -EFAULT);
	proc_unblock(p, RTS_VMREQ);
	return OK;
}
