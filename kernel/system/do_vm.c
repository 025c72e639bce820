/*
 * KC_VMCTL (the VM server), KC_FORK and KC_PROCCTL (PM).
 */
#include <quire/callnr.h>
#include <quire/vmctl.h>
#include <arch/arch.h>
#include <arch/layout.h>
#include <arch/vectors.h>
#include "../kernel.h"
#include "../kmem.h"
#include "../proc.h"
#include "system.h"

static struct vm_memmap memmap;   /* too big for the kernel stack */

int do_vmctl(struct proc *caller, message *m)
{
	mess_krn_vmctl *v = &m->m_krn_vmctl;
	if (caller != vm_proc)
		return -EPERM;
	struct proc *p = NULL;
	int err;
	switch (v->op) {
	case VMCTL_GETMEM:
		kmem_handover(&memmap);
		memmap.kernel_pml4 = arch_kernel_pml4();
		memmap.window = VM_PHYS_BASE;
		memmap.window_len = kmem_phys_top() < 0x100000000ULL ? 0x100000000ULL : kmem_phys_top();
		return copy_to_proc(caller, v->arg1, &memmap, sizeof(memmap));
	case VMCTL_BOOTINFO: {
		struct vm_bootproc bp;
		err = boot_layout(v->ep, &bp);
		if (err)
			return err;
		return copy_to_proc(caller, v->arg1, &bp, sizeof(bp));
	}
	default:
		break;
	}
	err = proc_lookup(v->ep, &p);
	if (err)
		return err;
	switch (v->op) {
	case VMCTL_SET_AS:
		if (v->arg1 & (PAGE_SIZE - 1) || v->arg1 >= kmem_phys_top())
			return -EINVAL;
		if (p->as_root && p->as_root != v->arg1)
			arch_as_unload(p->as_root);
		p->as_root = v->arg1;
		profile_note_program(p);
		return OK;
	case VMCTL_RESUME:
		return vm_resume(p);
	case VMCTL_FAIL:
		return vm_fail(p);
	case VMCTL_SIGNAL:
		if (!(p->rts & RTS_VMREQ) || p->kmsg_server || p->restart_syscall || p->inbox_full)
			return -EINVAL;   /* only a page fault VM has taken */
		if (v->arg1 == 0 || v->arg1 >= 64 || p->kmsg.m_type != VM_KPAGEFAULT)
			return -EINVAL;
		/* p->kmsg still holds the VM_KPAGEFAULT that VM took (nothing
		 * rewrites it while p waits for VM): its address goes on
		 * record with the vector, as for any fault turned signal. */
		proc_note_fault(p, VEC_PAGE_FAULT, p->kmsg.m_vm_kfault.addr);
		p->fault_code = (int)v->arg2;      /* si_code, when VM knows it */
		proc_unblock(p, RTS_VMREQ);
		raise_signal(p, (int)v->arg1);
		return OK;
	case VMCTL_FLUSH:
		if (p->as_root)
			arch_as_flush(p->as_root);
		return OK;
	default:
		return -EINVAL;
	}
}

/* Copy parent into a new slot. The parent is waiting in sendrec for PM's
 * answer; the child starts in the same state, so PM's reply (0) wakes it.
 * Its address space is VM's to make (VMCTL_SET_AS) before PM replies. */
int do_fork(struct proc *caller, message *m)
{
	struct proc *parent;
	int err = proc_lookup(m->m_krn_fork.parent, &parent);
	if (err)
		return err;
	if (caller != pm_proc)
		return -EPERM;
	if (!(parent->rts & RTS_RECEIVING) || !parent->in_sendrec || parent->getfrom != caller->endpoint)
		return -EINVAL;
	struct proc *c = proc_alloc(-1);
	if (!c)
		return -EAGAIN;
	arch_fpu_save(parent);
	strlcpy(c->name, parent->name, sizeof(c->name));
	c->priority = parent->priority;
	c->quantum = parent->quantum;
	c->ticks_left = parent->quantum;
	c->priv = parent->priv;
	c->regs = parent->regs;
	c->fpu = parent->fpu;
	c->grant_table = parent->grant_table;
	c->grant_count = parent->grant_count;
	c->getfrom = caller->endpoint;
	c->msgbuf = parent->msgbuf;
	c->in_sendrec = true;
	c->rts = RTS_RECEIVING;
	m->m_krn_fork.child = c->endpoint;
	return OK;
}

int do_procctl(struct proc *caller, message *m)
{
	if (caller != pm_proc)
		return -EPERM;
	int slot = _ENDPOINT_SLOT(m->m_krn_fork.parent);
	if (m->m_krn_fork.parent < 0 || slot >= NR_PROCS)
		return -EINVAL;
	struct proc *p = &proc_table[slot];
	switch (m->m_krn_fork.op) {
	case PROCCTL_REAP:
		if (!(p->rts & RTS_DEAD) || p->endpoint != m->m_krn_fork.parent)
			return -EINVAL;
		proc_reap(p);
		return OK;
	case PROCCTL_PUBLISH:
		if (p->endpoint != m->m_krn_fork.parent || (p->rts & (RTS_SLOT_FREE | RTS_DEAD)))
			return -EINVAL;
		return proctab_publish(p, &m->m_krn_publish);
	default:
		return -EINVAL;
	}
}

/* Start a new program in a process that waits in sendrec for the caller
 * (VFS, which has loaded its memory): fresh registers and FPU state, the
 * new name, no grant table; the sendrec never returns. */
int do_exec(struct proc *caller, message *m)
{
	mess_krn_exec *x = &m->m_krn_exec;
	struct proc *p;
	int err = proc_lookup(x->ep, &p);
	if (err)
		return err;
	if (p->rts != RTS_RECEIVING || !p->in_sendrec || p->getfrom != caller->endpoint)
		return -EINVAL;
	if (x->rip >= USER_END || x->rsp >= USER_END || x->rsp < PAGE_SIZE)
		return -EINVAL;
	arch_proc_gone_fpu(p);
	arch_proc_init_regs(p, x->rip, x->rsp);
	memcpy(p->name, x->name, sizeof(p->name));
	p->name[sizeof(p->name) - 1] = '\0';
	profile_note_program(p);
	p->grant_table = 0;
	p->grant_count = 0;
	p->in_sendrec = false;
	proc_unblock(p, RTS_RECEIVING);
	return OK;
}
