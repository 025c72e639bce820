/*
 * Resource limits on address spaces (docs/vm.md, "Limits"). PM owns the
 * limits (servers/pm/rlimit.c) and sends a process's soft RLIMIT_AS,
 * RLIMIT_DATA and RLIMIT_STACK with VM_RLIMIT whenever setrlimit changes
 * one; VM keeps a copy in the vmproc, copies it to a fork child
 * (vm_fork_regions) and keeps it across exec (VM_CLEAR), which is what
 * PM does with its own, so the two never differ.
 *
 * What each one bounds:
 *   RLIMIT_AS     the sum of the lengths of all the process's regions
 *                 (anonymous, file, shared, heap, stack: its virtual
 *                 size); mmap, a file mapping and brk growth beyond it
 *                 fail ENOMEM and change nothing
 *   RLIMIT_DATA   the heap, from brk_start to the break (brk/sbrk: ENOMEM)
 *   RLIMIT_STACK  the stack region exec maps (MAP_EXECSTACK): its top
 *                 RLIMIT_STACK bytes; below it nothing is mapped, so a
 *                 stack that grows past it faults there: SIGSEGV
 *   RLIMIT_MEMLOCK the wired regions (mlock, mlockall: wire.c); PM sends
 *                 infinity for a process whose effective uid is 0
 * The checks come before anything changes (decode, then invoke).
 */
#include "vm.h"

/* Bytes of vmp's regions within [start, end). */
static uint64_t mapped_in(struct vmproc *vmp, uint64_t start, uint64_t end)
{
	uint64_t sum = 0;
	for (struct region *r = region_first(vmp); r; r = region_next(r)) {
		uint64_t a = r->start > start ? r->start : start;
		uint64_t b = r->start + r->len < end ? r->start + r->len : end;
		if (b > a)
			sum += b - a;
	}
	return sum;
}

int limit_as(struct vmproc *vmp, uint64_t start, uint64_t len, bool replace)
{
	if (vmp->lim.as == VM_RLIM_INFINITY)
		return OK;                  /* the usual case: no walk */
	uint64_t total = mapped_in(vmp, 0, USER_TOP);
	if (replace)
		total -= mapped_in(vmp, start, start + len);
	return len > vmp->lim.as || total > vmp->lim.as - len ? -ENOMEM : OK;
}

int limit_brk(struct vmproc *vmp, uint64_t end)
{
	uint64_t cur = vmp->heap ? vmp->heap->start + vmp->heap->len : vmp->brk_start;
	if (end <= cur)
		return OK;                  /* shrinking is always allowed */
	if (end - vmp->brk_start > vmp->lim.data)
		return -ENOMEM;
	return limit_as(vmp, cur, end - cur, false);
}

uint64_t limit_stack_len(struct vmproc *vmp, uint64_t len)
{
	uint64_t lim = vmp->lim.stack;
	uint64_t want = lim == VM_RLIM_INFINITY || lim > len ? len : page_down(lim);
	if (want < LIMIT_STACK_MIN)
		want = LIMIT_STACK_MIN < len ? LIMIT_STACK_MIN : len;
	return want;
}

/* VM_RLIMIT: PM only. */
int do_rlimit(message *m)
{
	mess_vm_rlimit *a = &m->m_vm_rlimit;
	if (m->m_source != PM_PROC_NR)
		return -EPERM;
	struct vmproc *vmp = vmproc_get(a->ep);
	if (!vmp)
		return -ESRCH;
	vmp->lim.as = a->as;
	vmp->lim.data = a->data;
	vmp->lim.stack = a->stack;
	vmp->lim.memlock = a->memlock;
	return OK;
}
