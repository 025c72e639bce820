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
	sig_fork(c, parent);
	cred_inherit(c, parent);
	r = vm_req_fork(parent->ep, child_ep);
	if (r != OK) {
		/* The child never runs: end it; its PM_KEXIT reaps it. */
		c->discard = true;
		sys_kill(child_ep, QSIGKILL);
		return r;
	}
	vfs_event(PM_EV_FORK, child_ep, parent->ep);
	rlimit_fork(c);                   /* rlimit.c: its own CPU budget */
	pm_publish(c);
	message cm;
	memset(&cm, 0, sizeof(cm));
	reply(child_ep, &cm, 0);
	return c->pid;
}

static void reap(struct mproc *mp)
{
	/* Its parent waited for it: the parent's children's times grow by
	 * its own and its waited-for children's (times(), tms_cutime). */
	struct mproc *parent = mp->ppid ? mp_by_pid(mp->ppid) : NULL;
	if (parent && !mp->discard) {
		parent->cuser_ticks += mp->user_ticks + mp->cuser_ticks;
		parent->csys_ticks += mp->sys_ticks + mp->csys_ticks;
	}
	sys_procctl(mp->ep, PROCCTL_REAP);
	mp->state = MP_FREE;
}

/* want: -1 any child, > 0 that pid, 0 the parent's group, < -1 group -want. */
static bool matches(const struct mproc *child, const struct mproc *parent, int want)
{
	if (child->state == MP_FREE || child->ppid != parent->pid)
		return false;
	if (want == -1)
		return true;
	if (want == 0)
		return child->pgid == parent->pgid;
	return want > 0 ? child->pid == want : child->pgid == -want;
}

/* Give a waiting parent this zombie's status, if it wants it. */
static bool collect(struct mproc *parent, struct mproc *z)
{
	if (!parent->waiting || !matches(z, parent, parent->wait_pid))
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

/* SA_NOCLDWAIT: the child leaves no zombie. A parent waiting for it
 * (or for any child) with no child left gets ECHILD. */
static void no_zombie(struct mproc *parent, struct mproc *z)
{
	reap(z);
	if (!parent->waiting)
		return;
	for (int i = 0; i < NR_PROCS; i++)
		if (matches(&mproc[i], parent, parent->wait_pid))
			return;
	message m;
	memset(&m, 0, sizeof(m));
	parent->waiting = false;
	reply(parent->ep, &m, -ECHILD);
}

/* A stop or continue of c that a waitpid with these options reports:
 * its status, or -1. Reporting it consumes it. */
static int job_status(struct mproc *c, int options)
{
	if ((options & QWUNTRACED) && c->stop_unreported) {
		c->stop_unreported = false;
		return QW_STOPCODE(c->stop_sig);
	}
	if ((options & QWCONTINUED) && c->cont_unreported) {
		c->cont_unreported = false;
		return QW_CONTINUED;
	}
	return -1;
}

/* t (a child of parent) stopped or continued: a parent waiting for it
 * with WUNTRACED/WCONTINUED gets it now (stop.c). */
void wait_notify(struct mproc *parent, struct mproc *t)
{
	if (!parent->waiting || !matches(t, parent, parent->wait_pid))
		return;
	int st = job_status(t, parent->wait_options);
	if (st < 0)
		return;
	message m;
	memset(&m, 0, sizeof(m));
	m.m_pm.pid = t->pid;
	m.m_pm.status = st;
	parent->waiting = false;
	reply(parent->ep, &m, t->pid);
}

int do_waitpid(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	if (!mp)
		return -ESRCH;
	int want = m->m_pm.pid, options = m->m_pm.options;
	if (options & ~(WNOHANG | QWUNTRACED | QWCONTINUED))
		return -EINVAL;
	bool any_child = false;
	for (int i = 0; i < NR_PROCS; i++) {
		struct mproc *c = &mproc[i];
		if (!matches(c, mp, want))
			continue;
		any_child = true;
		if (c->state == MP_ZOMBIE) {
			m->m_pm.pid = c->pid;
			m->m_pm.status = c->status;
			reap(c);
			return m->m_pm.pid;
		}
		int st = c->state == MP_ALIVE ? job_status(c, options) : -1;
		if (st >= 0) {
			m->m_pm.pid = c->pid;
			m->m_pm.status = st;
			return c->pid;
		}
	}
	if (!any_child)
		return -ECHILD;
	if (options & WNOHANG)
		return 0;
	mp->waiting = true;
	mp->wait_pid = want;
	mp->wait_options = options;
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
	mp->user_ticks = k->user_ticks;
	mp->sys_ticks = k->sys_ticks;
	timers_exit(mp);
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
		pm_publish(c);
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
	/* A waiting parent collects the child first; then SIGCHLD (ignored
	 * by default) tells it with the child's pid and status. */
	struct qsiginfo ci = { .signo = QSIGCHLD, .pid = mp->pid,
			       .code = QWIFEXITED(mp->status) ? QCLD_EXITED : QCLD_KILLED,
			       .status = QWIFEXITED(mp->status) ? QWEXITSTATUS(mp->status)
								 : QWTERMSIG(mp->status) };
	if (parent->act[QSIGCHLD].flags & QSA_NOCLDWAIT)
		no_zombie(parent, mp);
	else
		collect(parent, mp);
	if (parent->state == MP_ALIVE)
		pm_signal_info(parent, &ci);
	/* A system process (RS) has no signal handlers: it learns of its
	 * children's ends by this notification and collects them with
	 * waitpid(WNOHANG). A notification never blocks PM. */
	if (parent->state == MP_ALIVE && parent->system)
		ipc_notify(parent->ep);
}
