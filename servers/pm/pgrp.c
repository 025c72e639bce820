/*
 * Process groups and sessions (POSIX job control's bookkeeping), and
 * signals sent to many processes: kill(-pgid), kill(-1).
 *
 * Every process is in one group (pgid) in one session (sid); fork
 * inherits both; boot processes lead their own (pgid = sid = pid). A
 * group lives as long as a live process has its id as pgid; it never
 * spans sessions.
 */
#include "pm.h"

static struct mproc *caller_of(const message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	return mp && mp->state == MP_ALIVE ? mp : NULL;
}

/* A live process by pid, or the caller for pid 0. */
static struct mproc *target(struct mproc *caller, int pid)
{
	if (pid == 0)
		return caller;
	struct mproc *t = mp_by_pid(pid);
	return t && t->state == MP_ALIVE ? t : NULL;
}

static bool group_in_session(int pgid, int sid)
{
	for (int i = 0; i < NR_PROCS; i++)
		if (mproc[i].state == MP_ALIVE && mproc[i].pgid == pgid && mproc[i].sid == sid)
			return true;
	return false;
}

/*
 * setpgid(pid, pgid): the caller or a child of it (ESRCH), not one that
 * has exec'd (EACCES), in the caller's session and not a session leader
 * (EPERM), into its own new group or a group of the same session (EPERM).
 */
int do_setpgid(message *m)
{
	struct mproc *caller = caller_of(m);
	int pid = m->m_pm_pgrp.pid, pgid = m->m_pm_pgrp.pgid;
	if (!caller)
		return -ESRCH;
	if (pid < 0 || pgid < 0)
		return -EINVAL;
	struct mproc *t = target(caller, pid);
	if (!t || (t != caller && t->ppid != caller->pid))
		return -ESRCH;
	if (t != caller && t->execed)
		return -EACCES;
	if (t->sid != caller->sid || t->sid == t->pid)
		return -EPERM;
	if (pgid == 0)
		pgid = t->pid;
	if (pgid != t->pid && !group_in_session(pgid, caller->sid))
		return -EPERM;
	t->pgid = pgid;
	pm_publish(t);
	return OK;
}

int do_getpgid(message *m)
{
	struct mproc *caller = caller_of(m);
	if (!caller)
		return -ESRCH;
	if (m->m_pm_pgrp.pid < 0)
		return -EINVAL;
	struct mproc *t = target(caller, m->m_pm_pgrp.pid);
	return t ? t->pgid : -ESRCH;
}

/* A new session and group, both with the caller's pid as id; EPERM for
 * a process that leads a group already (its group would span sessions). */
int do_setsid(message *m)
{
	struct mproc *caller = caller_of(m);
	if (!caller)
		return -ESRCH;
	for (int i = 0; i < NR_PROCS; i++)
		if (mproc[i].state == MP_ALIVE && mproc[i].pgid == caller->pid)
			return -EPERM;
	caller->sid = caller->pgid = caller->pid;
	pm_publish(caller);
	return caller->sid;
}

int do_getsid(message *m)
{
	struct mproc *caller = caller_of(m);
	if (!caller)
		return -ESRCH;
	if (m->m_pm_pgrp.pid < 0)
		return -EINVAL;
	struct mproc *t = target(caller, m->m_pm_pgrp.pid);
	return t ? t->sid : -ESRCH;
}

/* The session of process group pgid, or 0 when no live process is in it. */
static int session_of_group(int pgid)
{
	for (int i = 0; i < NR_PROCS; i++)
		if (mproc[i].state == MP_ALIVE && mproc[i].pgid == pgid)
			return mproc[i].sid;
	return 0;
}

/*
 * Whether group pgid is orphaned (POSIX): no member has a live parent in
 * another group of the same session, so nobody of the session could
 * continue the group after job control stopped it.
 */
bool pgrp_orphaned(int pgid)
{
	for (int i = 0; i < NR_PROCS; i++) {
		struct mproc *p = &mproc[i];
		if (p->state != MP_ALIVE || p->pgid != pgid)
			continue;
		struct mproc *parent = mp_by_pid(p->ppid);
		if (parent && parent->state == MP_ALIVE && parent->pgid != pgid &&
		    parent->sid == p->sid)
			return false;
	}
	return true;
}

/*
 * PM_BGTTY: the tty asks whether process `endpoint` may use the terminal,
 * whose foreground group is pgid, for an operation that job control
 * guards with sig: SIGTTIN for a read, SIGTTOU for a write with TOSTOP
 * set and for changing the terminal (tcsetattr, tcsetpgrp, tcflush,
 * tcdrain). Quire has no controlling terminal of its own: the terminal's
 * session is its foreground group's, and a process of another session
 * (or with no live foreground group) is not under its job control.
 *
 * A process of the session outside the foreground group stops with its
 * group (sig), and its call runs again once it is continued (ERESTART,
 * which libposix's read(), write() and ioctl() retry). If it ignores or
 * blocks sig, a read fails with EIO and the others go ahead (POSIX). A
 * group that is orphaned is not stopped: EIO.
 */
int do_bgtty(message *m)
{
	struct mproc *caller = caller_of(m);
	if (!caller || !caller->system)
		return -EPERM;
	int sig = m->m_pm_pgrp.sig, fg = m->m_pm_pgrp.pgid;
	if (sig != QSIGTTIN && sig != QSIGTTOU)
		return -EINVAL;
	struct mproc *r = mp_by_ep(m->m_pm_pgrp.endpoint);
	if (!r || r->state != MP_ALIVE || r->system || fg <= 0 || r->pgid == fg)
		return OK;
	int sid = session_of_group(fg);
	if (sid == 0 || sid != r->sid)
		return OK;
	if (r->act[sig].handler == PSIG_IGN || (r->blocked & (1ULL << sig)))
		return sig == QSIGTTIN ? -EIO : OK;
	if (pgrp_orphaned(r->pgid))
		return -EIO;
	struct qsiginfo info = { .signo = sig, .code = QSI_KERNEL };
	kill_many(caller, -r->pgid, &info);
	return -ERESTART;
}

/*
 * kill() with pid < 0: -1 is every process the caller may signal (cred.c)
 * except init, system processes and the caller; -g is process group g. ESRCH
 * when nobody matched, EPERM when the caller may signal none of them.
 * System processes are never signalled by group, not even for a system
 * caller: the tty's ^C goes to a group a user named (tcsetpgrp).
 * The caller's own end (it was in the group) means no answer.
 */
int kill_many(struct mproc *caller, int pid, const struct qsiginfo *info)
{
	bool all = pid == -1, found = false, sent = false, self_ended = false;
	int pgid = -pid;
	if (pid == INT32_MIN)
		return -ESRCH;
	for (int i = 0; i < NR_PROCS; i++) {
		struct mproc *t = &mproc[i];
		if (t->state != MP_ALIVE)
			continue;
		if (all ? (t == caller || t->system || t->ep == INIT_PROC_NR) : t->pgid != pgid)
			continue;
		found = true;
		if (t->system || !cred_may_signal(caller, t, info->signo))
			continue;
		sent = true;
		if (info->signo != 0 && pm_signal_info(t, info) == SIG_ENDED && t == caller)
			self_ended = true;
	}
	if (self_ended)
		return NO_REPLY;
	return sent ? OK : found ? -EPERM : -ESRCH;
}
