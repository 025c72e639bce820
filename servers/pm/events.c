/*
 * Process events for VFS. VFS must learn of every fork (to copy the
 * descriptor table) and exit (to close the descriptors), but PM must never
 * wait for VFS (VFS calls PM, so the other direction could close a
 * cycle). So PM queues the events, notifies VFS, and VFS fetches them
 * with PM_NEXT_EVENT whenever it is free to - and before it serves an
 * endpoint it does not know yet.
 */
#include "pm.h"

#define MAX_EVENTS 1024

static struct {
	int kind;
	endpoint_t ep, parent;
} queue[MAX_EVENTS];
static int head, count;
static bool vfs_running;

void events_init(void)
{
	struct proc_info pi;
	vfs_running = sys_getprocinfo(VFS_SLOT, &pi) == OK && pi.endpoint == VFS_PROC_NR &&
		      pi.state != PS_DEAD && pi.state != PS_FREE;
}

void vfs_event(int kind, endpoint_t ep, endpoint_t parent)
{
	if (!vfs_running)
		return;
	if (count == MAX_EVENTS)
		panic("VFS does not fetch its process events");
	int i = (head + count++) % MAX_EVENTS;
	queue[i].kind = kind;
	queue[i].ep = ep;
	queue[i].parent = parent;
	ipc_notify(VFS_PROC_NR);
}

/* A credential event reads the process's state when VFS fetches it, so
 * one queued event per process is enough (and a process calling seteuid
 * in a loop cannot fill the queue). */
void cred_event(struct mproc *mp)
{
	pm_publish(mp);
	rlimit_vm(mp);          /* VM exempts root from RLIMIT_MEMLOCK */
	if (mp->cred_queued || !vfs_running)
		return;
	mp->cred_queued = true;
	vfs_event(PM_EV_CRED, mp->ep, NONE);
}

int do_next_event(message *m)
{
	if (m->m_source != VFS_PROC_NR)
		return -EPERM;
	/* An interrupt is stale once the signal is delivered (the call it
	 * was for finished by itself): drop it, or it would hit a later call. */
	while (count > 0 && queue[head].kind == PM_EV_INTR) {
		struct mproc *mp = mp_by_ep(queue[head].ep);
		if (mp && mp->state == MP_ALIVE && mp->report_asked)
			break;
		head = (head + 1) % MAX_EVENTS;
		count--;
	}
	if (count == 0)
		return PM_EV_NONE;
	endpoint_t ep = queue[head].ep, parent = queue[head].parent;
	int kind = queue[head].kind;
	head = (head + 1) % MAX_EVENTS;
	count--;
	if (kind == PM_EV_CRED) {
		struct mproc *mp = mp_by_ep(ep);
		if (mp)
			mp->cred_queued = false;
		return cred_fill_event(m, ep);
	}
	m->m_pm.endpoint = ep;
	m->m_pm.parent_ep = parent;
	return kind;
}
