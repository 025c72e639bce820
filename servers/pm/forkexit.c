/*
 * fork, the end of a process, and wait.
 *
 * fork: the kernel copies the process (KC_FORK), VM copies its memory
 * (VM_FORK), then the child gets 0 and the parent the child's pid.
 *
 * End: the kernel reports every end (exit, signal, fault) with PM_KEXIT.
 * PM has VM free the memory and turns the process into a zombie holding
 * its wait status; the parent's waitpid collects it and PM frees the
 * kernel slot. Orphans pass to PM, which collects them itself. Boot
 * processes have no parent: their zombies stay, so the kernel slot keeps
 * reporting how they ended.
 */
#include "pm.h"

static int next_pid = NR_PROCS + 1;   /* boot processes have 1..NR_PROCS */

static int new_pid(void)
{
	for (;;) {
		int pid = next_pid++;
		if (next_pid > 0x7fff0000)
			next_pid = NR_PROCS + 1;
		if (!mp_by_pid(pid))
			return pid;
	}
}

int do_fork(message *m)
{
	struct mproc *parent = mp_by_ep(m->m_source);
	if (!parent)
		return -ESRCH;
	endpoint_t child_ep;
	int r = sys_fork(parent->ep, &child_ep);
	if (r != OK)
		return r;
	struct mproc *c = &mproc[_ENDPOINT_SLOT(child_ep)];
	memset(c, 0, sizeof(*c));
	c->state = MP_ALIVE;
	c->ep = child_ep;
	c->pid = new_pid();
	c->ppid = parent->pid;
	c->system = parent->system;
	c->ignored = parent->ignored;
	cred_inherit(c, parent);
	r = vm_req_fork(parent->ep, child_ep);
	if (r != OK) {
		/* The child never runs: end it; its PM_KEXIT reaps it. */
		c->discard = true;
		sys_kill(child_ep, QSIGKILL);
		return r;
	}
	vfs_event(PM_EV_FORK, child_ep, parent->ep);
	message cm;
	memset(&cm, 0, sizeof(cm));
	reply(child_ep, &cm, 0);
	return c->pid;
}

static void reap(struct mproc *mp)
{
	sys_procctl(mp->ep, PROCCTL_REAP);
	mp->state = MP_FREE;
}

static bool matches(const struct mproc *child, int parent_pid, int want)
{
	return child->state != MP_FREE && child->ppid == parent_pid && (want <= 0 || child->pid == want);
}

/* Give a waiting parent this zombie's status, if it wants it. */
static bool collect(struct mproc *parent, struct mproc *z)
{
	if (!parent->waiting || !matches(z, parent->pid, parent->wait_pid))
		return false;
	message m;
	memset(&m, 0, sizeof(m));
	m.m_pm.pid = z->pid;
	m.m_pm.status = z->status;
	parent->waiting = false;
	reply(parent->ep, &m, z->pid);
	reap(z);
	return true;
}

int do_waitpid(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	if (!mp)
		return -ESRCH;
	int want = m->m_pm.pid;     /* -1 (or 0: no process groups yet): any child */
	bool any_child = false;
	for (int i = 0; i < NR_PROCS; i++) {
		struct mproc *c = &mproc[i];
		if (!matches(c, mp->pid, want))
			continue;
		any_child = true;
		if (c->state == MP_ZOMBIE) {
			m->m_pm.pid = c->pid;
			m->m_pm.status = c->status;
			reap(c);
			return m->m_pm.pid;
		}
	}
	if (!any_child)
		return -ECHILD;
	if (m->m_pm.options & WNOHANG)
		return 0;
	mp->waiting = true;
	mp->wait_pid = want;
	return NO_REPLY;
}

static int wait_status(const mess_pm_kernel *k)
{
	switch (k->sig) {
	case END_EXIT:   return W_EXITCODE((int)k->code, 0);
	case END_SIGNAL: return W_EXITCODE(0, (int)k->code);
	default:         return W_EXITCODE(0, QSIGSEGV);   /* a fault nobody handled */
	}
}

void process_ended(const mess_pm_kernel *k)
{
	struct mproc *mp = mp_by_ep(k->ep);
	if (!mp || mp->state != MP_ALIVE)
		return;
	vm_req_exit(mp->ep);
	if (!mp->discard)
		vfs_event(PM_EV_EXIT, mp->ep, NONE);
	mp->state = MP_ZOMBIE;
	mp->status = wait_status(k);
	mp->waiting = false;
	if (mp->discard) {
		reap(mp);
		return;
	}
	/* Its children become init's (init collects them in its wait loop);
	 * without init they become PM's, and PM collects them itself. */
	struct mproc *init = mp_by_ep(INIT_PROC_NR);
	if (init && (init == mp || init->state != MP_ALIVE))
		init = NULL;
	for (int i = 0; i < NR_PROCS; i++) {
		struct mproc *c = &mproc[i];
		if (c->state == MP_FREE || c->ppid != mp->pid || c == mp)
			continue;
		c->ppid = init ? init->pid : 0;
		if (c->state != MP_ZOMBIE || c->boot)
			continue;
		if (init)
			collect(init, c);     /* if init is waiting now; else later */
		else
			reap(c);
	}
	if (mp->boot)
		return;               /* no parent: the slot keeps its report */
	struct mproc *parent = mp->ppid ? mp_by_pid(mp->ppid) : NULL;
	if (!parent) {
		reap(mp);             /* an orphan: nobody will wait */
		return;
	}
	/* SIGCHLD's default action is to be ignored: only a waiting parent
	 * learns of the child now. */
	collect(parent, mp);
}
