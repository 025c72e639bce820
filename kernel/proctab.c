/*
 * The public process table (quire/proctab.h): the kernel keeps it, PM
 * says what goes in it. User mode reads it at PROCTAB_ADDR; the kernel
 * writes it through the direct map.
 */
#include <quire/proctab.h>
#include <arch/arch.h>
#include <arch/layout.h>
#include "kernel.h"
#include "kmem.h"
#include "proc.h"

#define PER_PAGE (PAGE_SIZE / sizeof(struct proc_pub))

static struct proc_pub *pages[PROCTAB_SIZE / PAGE_SIZE];   /* direct-map pointers */

static struct proc_pub *entry(int slot)
{
	return &pages[slot / PER_PAGE][slot % PER_PAGE];
}

/* Before the first process: the mapping is copied into every address space. */
void proctab_init(void)
{
	for (unsigned i = 0; i < PROCTAB_SIZE / PAGE_SIZE; i++) {
		uint64_t pa = kpage_alloc();
		if (!pa)
			panic("proctab: no memory");
		pages[i] = phys_to_virt(pa);
		arch_map_user_ro(PROCTAB_ADDR + i * PAGE_SIZE, pa);
	}
	for (int s = 0; s < NR_PROCS; s++)
		entry(s)->endpoint = NONE;
}

/* Write slot's entry; seq is odd meanwhile (for readers on other CPUs,
 * some day: on one CPU no reader runs while the kernel does). */
static void write_entry(int slot, const struct proc_pub *v)
{
	struct proc_pub *e = entry(slot);
	uint32_t seq = e->seq;
	e->seq = seq + 1;
	__asm__ volatile("" ::: "memory");
	e->endpoint = v->endpoint;
	e->pid = v->pid;
	e->ppid = v->ppid;
	e->pgrp = v->pgrp;
	e->sid = v->sid;
	e->uid = v->uid;
	e->euid = v->euid;
	e->gid = v->gid;
	e->egid = v->egid;
	__asm__ volatile("" ::: "memory");
	e->seq = seq + 2;
}

/* A new occupant of the slot: nobody's entry until PM publishes it. */
void proctab_clear(int slot)
{
	struct proc_pub none = { .endpoint = NONE };
	write_entry(slot, &none);
}

/* PM's PROCCTL_PUBLISH: the identity of live process p. */
int proctab_publish(struct proc *p, const mess_krn_publish *m)
{
	if (m->pid <= 0 || m->ppid < 0 || m->pgrp < 0 || m->sid < 0)
		return -EINVAL;
	struct proc_pub v = {
		.endpoint = p->endpoint, .pid = m->pid, .ppid = m->ppid, .pgrp = m->pgrp,
		.sid = m->sid, .uid = m->uid, .euid = m->euid, .gid = m->gid, .egid = m->egid,
	};
	write_entry(p->slot, &v);
	return OK;
}
