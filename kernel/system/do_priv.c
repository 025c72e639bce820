/*
 * KC_PRIVCTL: read a process's privilege set, or give it a new one.
 * Rule: nobody hands out more than it holds. A new set must be a subset
 * of the caller's own (calls, IPC targets, IRQs, flags, and every I/O or
 * memory range inside one of the caller's).
 */
#include <quire/callnr.h>
#include "../kernel.h"
#include "../proc.h"
#include "system.h"

static bool io_covered(const struct priv_spec *have, const struct io_range *r)
{
	for (uint32_t i = 0; i < have->nr_io; i++)
		if (r->first >= have->io[i].first && r->last <= have->io[i].last)
			return true;
	return false;
}

static bool mem_covered(const struct priv_spec *have, const struct mem_range *r)
{
	for (uint32_t i = 0; i < have->nr_mem; i++)
		if (r->first >= have->mem[i].first && r->last <= have->mem[i].last)
			return true;
	return false;
}

/* Is `want` well formed and no more than `have`? */
static int priv_subset(const struct priv_spec *have, const struct priv_spec *want)
{
	if (want->nr_io > PRIV_IO_RANGES || want->nr_mem > PRIV_MEM_RANGES)
		return -EINVAL;
	for (uint32_t i = 0; i < want->nr_io; i++)
		if (want->io[i].first > want->io[i].last)
			return -EINVAL;
	for (uint32_t i = 0; i < want->nr_mem; i++)
		if (want->mem[i].first > want->mem[i].last)
			return -EINVAL;
	if ((want->flags & ~have->flags) || (want->calls & ~have->calls) ||
	    (want->irqs & ~have->irqs))
		return -EPERM;
	for (int w = 0; w < NR_PROCS / 64; w++)
		if (want->ipc_to[w] & ~have->ipc_to[w])
			return -EPERM;
	for (uint32_t i = 0; i < want->nr_io; i++)
		if (!io_covered(have, &want->io[i]))
			return -EPERM;
	for (uint32_t i = 0; i < want->nr_mem; i++)
		if (!mem_covered(have, &want->mem[i]))
			return -EPERM;
	return OK;
}

int do_privctl(struct proc *caller, message *m)
{
	mess_krn_privctl *pc = &m->m_krn_privctl;
	struct proc *p;
	int err = system_target(caller, pc->who, &p);
	if (err)
		return err;
	switch (pc->op) {
	case PRIVCTL_GET:
		return copy_to_proc(caller, pc->addr, &p->priv, sizeof(p->priv));
	case PRIVCTL_SET: {
		struct priv_spec want;
		if (copy_from_proc(caller, pc->addr, &want, sizeof(want)))
			return -EFAULT;
		err = priv_subset(&caller->priv, &want);
		if (err)
			return err;
		p->priv = want;
		return OK;
	}
	default:
		return -EINVAL;
	}
}
