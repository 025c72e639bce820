/*
 * The process table: slots, endpoints, blocking, and the end of a process.
 */
#include <arch/arch.h>
#include "kernel.h"
#include "proc.h"
#include "sched.h"

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
		for (int i = 0; i < NR_PROCS && !p; i++)
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
}

/* End a process: it never runs again, everyone waiting on it is told, and
 * everything it held is freed. The slot stays RTS_DEAD so its end can be
 * reported (getinfo); a process manager will reap it. */
void proc_end(struct proc *p, int reason, int64_t code, uint64_t addr)
{
	KASSERT(proc_alive(p));
	proc_block(p, RTS_DEAD);
	p->end_reason = reason;
	p->end_code = code;
	p->fault_addr = addr;

	ipc_proc_gone(p);
	irq_proc_gone(p);
	clock_set_alarm(p, 0);
	arch_proc_gone(p);
	if (p->as_root) {
		arch_as_destroy(p->as_root);
		p->as_root = 0;
	}
	p->grant_table = 0;
	p->grant_count = 0;
}

/*
 * A CPU exception in user mode. The design is "a message to the VM
 * server": the kernel stops the process and VM decides (page in, or
 * signal). Until a VM server registers, there is no one to ask, so the
 * fault is final: the process ends with the fault as its reason and the
 * kernel log says why.
 */
void proc_fault(struct proc *p, int vec, uint64_t err, uint64_t addr)
{
	printk("%s (endpoint %d): %s at %lx (rip %lx, error %lx): process stopped\n",
	       p->name, p->endpoint, arch_exception_name(vec), addr, p->regs.rip, err);
	proc_end(p, END_FAULT, vec, addr);
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
	out->fault_addr = p->fault_addr;
	out->user_ticks = p->user_ticks;
	out->sys_ticks = tsc_per_tick ? p->sys_tsc / tsc_per_tick : 0;
	out->blocked_on = (p->rts & RTS_SENDING) ? p->sendto :
			  (p->rts & RTS_RECEIVING) ? p->getfrom : NONE;
}
