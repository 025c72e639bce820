/*
 * The process table: slots, endpoints, blocking, and the end of a process.
 */
#include <arch/arch.h>
#include "kernel.h"
#include "proc.h"
#include "sched.h"
#include <quire/endpoints.h>
#include <arch/vectors.h>

struct proc proc_table[NR_PROCS];

void proc_init(void)
{
	for (int i = 0; i < NR_PROCS; i++) {
		struct proc *p = &proc_table[i];
		memset(p, 0, sizeof(*p));
		p->slot = i;
		p->gen = 0;
		p->rts = RTS_SLOT_FREE;
		p->endpoint = NONE;
		p->fault_vec = -1;
	}
}

/* Take a free slot (or the given one) for a new process. The slot's
 * generation moves on, so endpoints of earlier occupants stay dead. The
 * process starts blocked (RTS_SLOT_FREE cleared by proc_unblock). */
struct proc *proc_alloc(int slot)
{
	struct proc *p = NULL;
	if (slot >= 0) {
		if (slot < NR_PROCS && (proc_table[slot].rts & RTS_SLOT_FREE))
			p = &proc_table[slot];
	} else {
		/* The low slots belong to the well-known servers, so their
		 * endpoints never name anyone else. */
		for (int i = NR_FIXED_SLOTS; i < NR_PROCS && !p; i++)
			if (proc_table[i].rts & RTS_SLOT_FREE)
				p = &proc_table[i];
	}
	if (!p)
		return NULL;
	int gen = p->gen + 1 > ENDPOINT_GEN_MAX ? 1 : p->gen + 1;
	int s = p->slot;
	memset(p, 0, sizeof(*p));
	p->slot = s;
	p->gen = gen;
	p->endpoint = _ENDPOINT(gen, s);
	p->rts = RTS_SLOT_FREE;
	p->sendto = p->getfrom = NONE;
	p->priority = USER_PRIORITY;
	p->quantum = p->ticks_left = 10;
	p->fault_vec = -1;
	p->sig_report = false;
	proctab_clear(s);
	return p;
}

int proc_lookup(endpoint_t ep, struct proc **out)
{
	if (ep < 0)
		return -EINVAL;
	int slot = _ENDPOINT_SLOT(ep);
	if (slot >= NR_PROCS)
		return -EINVAL;
	struct proc *p = &proc_table[slot];
	if (!proc_alive(p) || p->endpoint != ep)
		return -EDEADSRCDST;
	*out = p;
	return OK;
}

struct proc *proc_by_name(const char *name)
{
	for (int i = 0; i < NR_PROCS; i++) {
		struct proc *p = &proc_table[i];
		if (proc_alive(p) && !strncmp(p->name, name, PROC_NAME_LEN))
			return p;
	}
	return NULL;
}

void proc_block(struct proc *p, uint32_t rts_bit)
{
	if (p->rts == 0)
		runq_remove(&ready, p);
	p->rts |= rts_bit;
}

void proc_unblock(struct proc *p, uint32_t rts_bit)
{
	if (!(p->rts & rts_bit))
		return;
	p->rts &= ~rts_bit;
	/* A process that blocked before its quantum ran out goes back to the
	 * head of its queue: waiting for a message must not cost it its turn
	 * (otherwise every IPC round trip would wait behind every CPU-bound
	 * process of its priority). The clock moves it to the tail when the
	 * quantum is used up. */
	if (p->rts == 0)
		runq_add_head(&ready, p);
	if (p->rts == 0 && p->sig_report && pm_proc) {
		/* Its call is over: stop it for PM, which has a signal for it
		 * (raise_signal takes it off the ready queue again). */
		p->sig_report = false;
		raise_signal(p, 0);
	}
}

/* End a process: it never runs again, everyone waiting on it is told, and
 * everything it held is freed. The slot stays RTS_DEAD so its end can be
 * reported (getinfo); a process manager will reap it. `addr` is the
 * faulting address of END_FAULT (code is the vector); any other end keeps
 * the fault proc_note_fault recorded, if there was one. */
void proc_end(struct proc *p, int reason, int64_t code, uint64_t addr)
{
	KASSERT(proc_alive(p));
	proc_block(p, RTS_DEAD);
	p->end_reason = reason;
	p->end_code = code;
	if (reason == END_FAULT)
		proc_note_fault(p, (int)code, addr);

	kmsg_cancel(p);
	ipc_proc_gone(p);
	irq_proc_gone(p);
	clock_set_alarm(p, 0);
	arch_proc_gone(p);
	p->inbox_full = false;
	p->inbox_pending = false;
	p->restart_syscall = false;
	if (p->as_root) {
		/* With a VM server, the memory is VM's to free (PM tells it). */
		if (vm_proc)
			arch_as_unload(p->as_root);
		else
			arch_as_destroy(p->as_root);
		p->as_root = 0;
	}
	p->grant_table = 0;
	p->grant_count = 0;
	if (p == vm_proc || p == pm_proc)
		panic("%s ended (reason %d, code %ld)", p->name, reason, (long)code);
	if (pm_proc) {
		memset(&p->kmsg, 0, sizeof(p->kmsg));
		p->kmsg.m_type = PM_KEXIT;
		p->kmsg.m_pm_kernel.ep = p->endpoint;
		p->kmsg.m_pm_kernel.sig = reason;
		p->kmsg.m_pm_kernel.code = code;
		p->kmsg.m_pm_kernel.user_ticks = p->user_ticks;
		p->kmsg.m_pm_kernel.sys_ticks = tsc_per_tick ? p->sys_tsc / tsc_per_tick : 0;
		kmsg_post(pm_proc, p);
	}
}

/* Free an ended process's slot. */
void proc_reap(struct proc *p)
{
	KASSERT(p->rts & RTS_DEAD);
	kmsg_cancel(p);
	p->rts = RTS_SLOT_FREE;
}

/*
 * A CPU exception in user mode. A page fault is a message to the VM
 * server: the process stops and VM decides (page in, or signal). Any
 * other exception is a signal, which PM decides about. With no VM or PM
 * to ask (or a fault in VM or PM themselves) the fault is final: the
 * process ends with the fault as its reason.
 */
void proc_fault(struct proc *p, int vec, uint64_t err, uint64_t addr)
{
	if (vec == VEC_PAGE_FAULT && vm_can_help(p, p)) {
		vm_post_pagefault(p, addr, err);
		return;
	}
	printk("%s (endpoint %d): %s at %lx (rip %lx, error %lx)\n",
	       p->name, p->endpoint, arch_exception_name(vec), addr, p->regs.rip, err);
	if (pm_proc && p != pm_proc && p != vm_proc) {
		proc_note_fault(p, vec, addr);
		raise_signal(p, arch_exception_signal(vec));
		return;
	}
	proc_end(p, END_FAULT, vec, addr);
}

/* p stopped on CPU fault `vec` at addr, which is becoming a signal: keep
 * both for p's end record. (KC_SIGSEND resets fault_vec to -1 when it
 * lets p go on to a handler.) */
void proc_note_fault(struct proc *p, int vec, uint64_t addr)
{
	p->fault_vec = vec;
	p->fault_addr = addr;
}

bool priv_may_call(const struct proc *p, int call)
{
	return call >= 0 && call < NR_KERNEL_CALLS && (p->priv.calls & (1u << call));
}

bool priv_may_send(const struct proc *p, int slot)
{
	return slot >= 0 && slot < NR_PROCS && (p->priv.ipc_to[slot / 64] & (1ULL << (slot % 64)));
}

void proc_info_fill(const struct proc *p, struct proc_info *out)
{
	memset(out, 0, sizeof(*out));
	out->endpoint = (p->rts & RTS_SLOT_FREE) ? NONE : p->endpoint;
	if (p->rts & RTS_SLOT_FREE)
		out->state = PS_FREE;
	else if (p->rts & RTS_DEAD)
		out->state = PS_DEAD;
	else if (p->rts & (RTS_SENDING | RTS_RECEIVING))
		out->state = PS_BLOCKED;
	else
		out->state = PS_RUNNABLE;
	strlcpy(out->name, p->name, sizeof(out->name));
	out->priority = p->priority;
	out->end_reason = p->end_reason;
	out->end_code = p->end_code;
	out->fault_vector = p->fault_vec;
	out->fault_addr = p->fault_addr;
	out->user_ticks = p->user_ticks;
	out->sys_ticks = tsc_per_tick ? p->sys_tsc / tsc_per_tick : 0;
	out->blocked_on = (p->rts & RTS_SENDING) ? p->sendto :
			  (p->rts & RTS_RECEIVING) ? p->getfrom : NONE;
}
