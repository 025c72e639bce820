/*
 * Wired memory: mlock, munlock, mlockall, munlockall (VM_MLOCK), and the
 * DMA memory of drivers (mem_contig regions are created wired).
 *
 * A wired region carries RF_WIRED: all its pages are made present when it
 * is wired (a private writable page is written to, so copy-on-write is
 * broken now and the page stays the process's own), and the page daemon
 * (pageout.c) never takes a page out of a wired region. Wiring is a
 * property of the region, not of the page: munmap and exit unwire by
 * destroying the region, fork's child gets its regions unwired (POSIX:
 * locks are not inherited), and the wired size is the sum of the wired
 * regions' lengths, counted afresh when asked (wired_bytes), so nothing
 * can drift.
 *
 * Errors (POSIX, as Linux gives them):
 *   EINVAL  an address that is not page-aligned (libposix rounds it down
 *           first), a range that wraps, mlockall flags 0 or unknown
 *   ENOMEM  part of the range is not mapped; or the wiring would pass
 *           RLIMIT_MEMLOCK (PM sends infinity for root, who is exempt)
 *   EPERM   RLIMIT_MEMLOCK is 0: the process may not wire at all
 *   EAGAIN  the pages could not be made present (memory is short); the
 *           range is left unwired
 * A wiring that needs file pages from their server waits for them (the
 * call is parked, fwait.c, and runs again from the top when they are in:
 * setting RF_WIRED twice changes nothing).
 */
#include "vm.h"

/* Wiring counted against RLIMIT_MEMLOCK: DMA memory (drivers, root) and
 * device memory are not the process's mlock. */
static bool counted(const struct region *r)
{
	return r->type != &mem_contig && r->type != &mem_directphys;
}

uint64_t wired_bytes(struct vmproc *vmp)
{
	uint64_t sum = 0;
	for (struct region *r = region_first(vmp); r; r = region_next(r))
		if ((r->flags & RF_WIRED) && counted(r))
			sum += r->len;
	return sum;
}

/* Bytes of [start, end) in regions that are not wired yet. */
static uint64_t unwired_in(struct vmproc *vmp, uint64_t start, uint64_t end)
{
	uint64_t sum = 0;
	for (struct region *r = region_first(vmp); r; r = region_next(r)) {
		uint64_t a = r->start > start ? r->start : start;
		uint64_t b = r->start + r->len < end ? r->start + r->len : end;
		if (b > a && !(r->flags & RF_WIRED) && counted(r))
			sum += b - a;
	}
	return sum;
}

/* May vmp wire `more` bytes? OK, -EPERM (a limit of 0) or -ENOMEM. */
static int limit_check(struct vmproc *vmp, uint64_t more)
{
	uint64_t lim = vmp->lim.memlock;
	if (lim == VM_RLIM_INFINITY || more == 0)
		return OK;
	if (lim == 0)
		return -EPERM;
	uint64_t have = wired_bytes(vmp);
	return have > lim || more > lim - have ? -ENOMEM : OK;
}

/* Make the pages of [start, end) present: OK, VM_SUSPEND (parked on a
 * file page), or -EAGAIN (no memory). PROT_NONE and device memory are
 * wired as they are, without a fault (nothing could touch them). */
static int fault_in(struct vmproc *vmp, uint64_t start, uint64_t end)
{
	for (struct region *r = region_first(vmp); r && r->start < end; r = region_next(r)) {
		if (r->start + r->len <= start)
			continue;
		if (r->prot == PROT_NONE || !(r->prot & PROT_READ) || r->type == &mem_directphys)
			continue;
		uint64_t a = r->start > start ? r->start : start;
		uint64_t b = r->start + r->len < end ? r->start + r->len : end;
		/* A private writable page is written now, so it is this
		 * process's own page (no copy-on-write can replace it later);
		 * shared pages are only read (a file page stays clean). */
		bool write = (r->prot & PROT_WRITE) && !(r->flags & RF_SHARED);
		int sig = vm_fault_range(vmp, a, b - a, write);
		if (sig == VM_SUSPEND)
			return VM_SUSPEND;
		if (sig != OK)
			return -EAGAIN;
	}
	return OK;
}

/* Wire (or unwire) [start, end) of vmp; DMA memory stays wired. */
static int set_wired(struct vmproc *vmp, uint64_t start, uint64_t end, bool on)
{
	int err = region_flag_range(vmp, start, end - start, RF_WIRED, on);
	if (!on)
		for (struct region *r = region_first(vmp); r; r = region_next(r))
			if (r->type == &mem_contig)
				r->flags |= RF_WIRED;
	return err;
}

static int lock_range(struct vmproc *vmp, uint64_t start, uint64_t end)
{
	int err = limit_check(vmp, unwired_in(vmp, start, end));
	if (!err)
		err = set_wired(vmp, start, end, true);
	if (err)
		return err;
	err = fault_in(vmp, start, end);
	if (err == -EAGAIN)
		set_wired(vmp, start, end, false);
	return err;
}

int do_mlock(message *m)
{
	mess_vm_lock *a = &m->m_vm_lock;
	struct vmproc *vmp = vmproc_get(m->m_source);
	if (!vmp)
		return -ESRCH;
	switch (a->op) {
	case Q_MLOCK:
	case Q_MUNLOCK: {
		uint64_t len = page_up(a->len);
		if ((a->addr & (VM_PAGE - 1)) || len < a->len || a->addr + len < a->addr)
			return -EINVAL;
		if (len == 0)
			return OK;
		if (!vm_range_mapped(vmp, a->addr, len))
			return -ENOMEM;
		if (a->op == Q_MUNLOCK)
			return set_wired(vmp, a->addr, a->addr + len, false);
		return lock_range(vmp, a->addr, a->addr + len);
	}
	case Q_MLOCKALL:
		if (a->flags == 0 || (a->flags & ~(Q_MCL_CURRENT | Q_MCL_FUTURE)))
			return -EINVAL;
		if ((a->flags & Q_MCL_FUTURE) && vmp->lim.memlock == 0)
			return -EPERM;
		if (a->flags & Q_MCL_CURRENT) {
			int err = lock_range(vmp, 0, USER_TOP);
			if (err)
				return err;
		}
		vmp->lock_future = (a->flags & Q_MCL_FUTURE) != 0;
		return OK;
	case Q_MUNLOCKALL:
		vmp->lock_future = false;
		return set_wired(vmp, 0, USER_TOP, false);
	default:
		return -EINVAL;
	}
}

int wire_future_check(struct vmproc *vmp, uint64_t len)
{
	if (!vmp->lock_future)
		return OK;
	return limit_check(vmp, len) ? -EAGAIN : OK;
}

/* Anonymous pages of [first, end) of r present now; a page that cannot
 * be had now faults in at first touch (the region stays wired). */
static void populate(struct region *r, uint64_t first, uint64_t end)
{
	if (r->type != &mem_anon || r->prot == PROT_NONE)
		return;
	for (uint64_t i = first; i < end; i++) {
		uint64_t va = r->start + (i << VM_PAGE_SHIFT);
		struct fault_result res;
		if (pt_lookup(r->owner->pml4, va))
			continue;
		if (r->type->fault(r, i, (r->prot & PROT_WRITE) != 0, &res) != OK ||
		    pt_map(r->owner, va, res.pfn, r->prot, res.writable, res.uncached) != OK)
			return;
	}
}

void wire_future(struct region *r)
{
	if (!r->owner->lock_future)
		return;
	r->flags |= RF_WIRED;
	populate(r, 0, r->len >> VM_PAGE_SHIFT);
}
