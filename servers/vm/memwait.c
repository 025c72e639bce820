/*
 * Waiting for memory, and the out-of-memory policy (the page daemon is
 * pageout.c).
 *
 * VM never blocks, so a fault (or a kernel range request, a prefault, an
 * mlock) that finds no free page is parked whole, like a fault waiting
 * for file data (fwait.c), and replayed from the top when pages have come
 * free: pageout_kick(), after each message VM handles, runs the daemon
 * when free memory is below the low mark and replays the waiters while
 * memory is there. A replay that still finds no page waits again.
 *
 * Only when nothing is left to reclaim and no write-back is in flight
 * (its answer would make pages clean, so reclaimable) does the
 * out-of-memory policy end a process: the one with the most resident
 * anonymous memory, never a boot process (servers, drivers, init), named
 * in a log line. It is ended through the kernel (KC_KILL, as if killed by
 * SIGKILL); PM reaps it and VM_EXIT frees its memory, after which the
 * waiters go on. With no process left to end, the waiters fail (SIGKILL),
 * as every fault did before.
 *
 * Boot processes may take pages from the reserve when user memory is
 * short (main.c's vm_page_alloc): the file server must be able to bring
 * pages in and write them back for anyone else to get memory.
 */
#include "vm.h"
#include <quire/kinfo.h>

struct mwait {
	struct mwait *next;
	message m;                         /* the message, whole, as it came */
};

/* The waiters live in a fixed table, not a pool: waiting must not take
 * the page it waits for (and free memory comes back to exactly what it
 * was once the waiters are gone). Each process waits for at most one
 * fault and one call at a time, the kernel's range requests aside. */
#define MWAIT_MAX (2 * NR_PROCS)
static struct mwait slots[MWAIT_MAX];
static struct mwait *spare;                /* unused slots */
static bool spare_ready;
static struct mwait *waiters, **wtail = &waiters;

static struct mwait *slot_get(void)
{
	if (!spare_ready) {
		for (int i = 0; i < MWAIT_MAX; i++) {
			slots[i].next = spare;
			spare = &slots[i];
		}
		spare_ready = true;
	}
	struct mwait *w = spare;
	if (w)
		spare = w->next;
	return w;
}

static void slot_put(struct mwait *w)
{
	w->next = spare;
	spare = w;
}
static bool failing;                   /* replays fail instead of waiting again */
static endpoint_t victim = NONE;       /* ended for memory, not yet gone (VM_EXIT) */

int pageout_wait(void)
{
	if (!vm_current || failing)
		return QSIGKILL;
	struct mwait *w = slot_get();
	if (!w)
		return QSIGKILL;
	w->m = *vm_current;
	w->next = NULL;
	*wtail = w;
	wtail = &w->next;
	pageout_stats.mem_waits++;
	return VM_SUSPEND;
}

/* Every waiter runs again, in the order it came; one that still finds no
 * page waits again (at the end of the new list). */
static void replay_all(void)
{
	struct mwait *list = waiters;
	waiters = NULL;
	wtail = &waiters;
	while (list) {
		struct mwait *w = list;
		list = w->next;
		message m = w->m;
		slot_put(w);
		vm_dispatch(&m);
	}
}

/* Resident anonymous pages of vmp: what ending it gives back. */
static uint64_t anon_pages(struct vmproc *vmp)
{
	uint64_t n = 0;
	for (struct region *r = region_first(vmp); r; r = region_next(r))
		if (r->type == &mem_anon && r->ps)
			n += r->ps->pages;
	return n;
}

/* The out-of-memory policy: end the process with the most resident
 * anonymous memory (never a boot process). False if there is none. */
static bool oom_kill(void)
{
	struct vmproc *best = NULL;
	uint64_t most = 0;
	for (int s = 0; s < NR_PROCS; s++) {
		struct vmproc *vmp = vmproc_slot(s);
		if (!vmp || vmp->boot)
			continue;
		uint64_t n = anon_pages(vmp);
		if (n > most) {
			most = n;
			best = vmp;
		}
	}
	if (!best)
		return false;
	struct proc_info pi;
	const char *name = "?";
	if (sys_getprocinfo(_ENDPOINT_SLOT(best->ep), &pi) == OK && pi.endpoint == best->ep) {
		pi.name[PROC_NAME_LEN - 1] = '\0';
		name = pi.name;
	}
	printf("vm: out of memory: killing process %d (%s) with %lu resident anonymous pages; "
	       "%lu pages free, nothing left to reclaim\n",
	       best->ep, name, (unsigned long)most, (unsigned long)physmem.nr_free);
	pageout_stats.oom_kills++;
	victim = best->ep;
	if (sys_kill(best->ep, QSIGKILL) != OK)
		victim = NONE;
	return victim != NONE;
}

#define WAKE_SLACK 32        /* free pages above the reserve before waiters run */
#define MAX_ROUNDS 256

void pageout_kick(void)
{
	if (physmem.nr_free < pageout_low_mark())
		pageout_run(false);
	for (int round = 0; waiters && round < MAX_ROUNDS; round++) {
		if (physmem.nr_free <= physmem.reserve + WAKE_SLACK && pageout_run(true) == 0 &&
		    physmem.nr_free <= physmem.reserve + WAKE_SLACK) {
			if (victim != NONE || fwait_pending(VMW_WRITEBACK))
				return;            /* memory comes with their answers */
			if (oom_kill())
				return;            /* and with the victim's exit */
			failing = true;            /* nothing left: the waiters fail */
			replay_all();
			failing = false;
			return;
		}
		replay_all();
	}
}

/* Does waiter w belong to the process ep alone (its own fault or call)?
 * A kernel range request stays: its requestor waits for the answer. */
static bool own(const struct mwait *w, endpoint_t ep)
{
	if (w->m.m_source == KERNEL)
		return w->m.m_type == VM_KPAGEFAULT && w->m.m_vm_kfault.ep == ep;
	return w->m.m_source == ep;
}

void pageout_exited(endpoint_t ep)
{
	if (ep == victim)
		victim = NONE;
	struct mwait **pp = &waiters;
	while (*pp) {
		struct mwait *w = *pp;
		if (own(w, ep)) {
			*pp = w->next;
			slot_put(w);
		} else {
			pp = &w->next;
		}
	}
	wtail = pp;
}

int do_memstat(message *m)
{
	mess_vm_mstat *a = &m->m_vm_mstat;
	memset(a, 0, sizeof(*a));
	for (int s = 0; s < NR_PROCS; s++) {
		struct vmproc *vmp = vmproc_slot(s);
		if (!vmp)
			continue;
		for (struct region *r = region_first(vmp); r; r = region_next(r))
			if (r->flags & RF_WIRED)
				a->wired += r->len >> VM_PAGE_SHIFT;
	}
	a->reclaimed = pageout_stats.reclaimed;
	a->unmapped = pageout_stats.unmapped;
	a->daemon_runs = pageout_stats.daemon_runs;
	a->mem_waits = pageout_stats.mem_waits;
	a->oom_kills = pageout_stats.oom_kills;
	a->low_mark = pageout_low_mark();
	return OK;
}
