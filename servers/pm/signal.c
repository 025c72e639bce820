/*
 * Signal calls that name a process or a disposition: kill, sigqueue,
 * sigaction; and what fork and exec do to signals. Raising and delivery
 * are in sigdeliver.c, masks and waiting in sigcalls.c.
 */
#include "pm.h"

static bool valid(int sig)
{
	return sig > 0 && sig < QNSIG;
}

/* Find the target of a kill by pid (pid 0: by endpoint, for system
 * callers: the tty's ^C knows endpoints, not pids) and check that the
 * caller may signal it. */
static int kill_target(struct mproc *caller, int pid, endpoint_t ep, int sig, struct mproc **out)
{
	struct mproc *t = pid ? mp_by_pid(pid) : (caller->system ? mp_by_ep(ep) : NULL);
	if (!t || t->state != MP_ALIVE)
		return -ESRCH;
	/* No user signals a boot server; root may signal a service RS
	 * started at run time (RS restarts it: docs/rs.md), as in MINIX. */
	if (t->system && !caller->system && (t->boot || caller->euid != 0))
		return -EPERM;
	if (!cred_may_signal(caller, t, sig))
		return -EPERM;                /* another user's process (cred.c) */
	*out = t;
	return OK;
}

static int send_signal(struct mproc *caller, struct mproc *t, const struct qsiginfo *info)
{
	if (info->signo == 0)
		return OK;
	int r = pm_signal_info(t, info);
	/* Killing oneself: the caller is gone, and its reply with it. */
	if (r == SIG_ENDED)
		return t == caller ? NO_REPLY : OK;
	/* A handler for the caller itself runs when this call returns: the
	 * kernel pushed its frame over the caller's state after the call. */
	return r;
}

int do_kill(message *m)
{
	struct mproc *caller = mp_by_ep(m->m_source), *t;
	int sig = m->m_pm.sig;
	if (!caller)
		return -ESRCH;
	if (sig < 0 || sig >= QNSIG)
		return -EINVAL;
	struct qsiginfo info = { .signo = sig, .code = caller->system ? QSI_KERNEL : QSI_USER,
				 .pid = caller->system ? 0 : caller->pid, .uid = caller->ruid };
	if (m->m_pm.pid < 0)
		return kill_many(caller, m->m_pm.pid, &info);    /* pgrp.c */
	int r = kill_target(caller, m->m_pm.pid, m->m_pm.endpoint, sig, &t);
	if (r != OK)
		return r;
	return send_signal(caller, t, &info);
}

int do_sigqueue(message *m)
{
	struct mproc *caller = mp_by_ep(m->m_source), *t;
	int sig = m->m_pm_sig.sig;
	if (!caller)
		return -ESRCH;
	if (sig < 0 || sig >= QNSIG || m->m_pm_sig.pid <= 0)
		return m->m_pm_sig.pid <= 0 && sig >= 0 && sig < QNSIG ? -ESRCH : -EINVAL;
	int r = kill_target(caller, m->m_pm_sig.pid, NONE, sig, &t);
	if (r != OK)
		return r;
	struct qsiginfo info = { .signo = sig, .code = QSI_QUEUE, .pid = caller->pid,
				 .uid = caller->ruid, .value = m->m_pm_sig.value };
	return send_signal(caller, t, &info);
}

/*
 * sigaction: m_pm_sig.how 1 sets sig's disposition to handler (PSIG_DFL,
 * PSIG_IGN or an address), mask and flags; tramp is the caller's return
 * trampoline. The answer is always the previous disposition. SIGKILL and
 * SIGSTOP take only SIG_DFL; system processes take no handlers.
 */
int do_sigaction(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	mess_pm_sig *s = &m->m_pm_sig;
	int sig = s->sig;
	if (!mp)
		return -ESRCH;
	if (!valid(sig))
		return -EINVAL;
	struct sigact old = mp->act[sig];
	if (s->how) {
		uint64_t h = s->handler;
		if ((sig == QSIGKILL || sig == QSIGSTOP) && h != PSIG_DFL)
			return -EINVAL;
		if (h > PSIG_IGN && (mp->system || s->tramp == 0))
			return -EINVAL;
		if (s->flags & ~QSA_ALL)
			return -EINVAL;
		mp->act[sig].handler = h;
		mp->act[sig].mask = s->mask & ~((1ULL << QSIGKILL) | (1ULL << QSIGSTOP) | 1);
		mp->act[sig].flags = s->flags;
		if (h > PSIG_IGN)
			mp->tramp = s->tramp;
		/* Setting SIG_IGN discards a pending instance (POSIX). */
		if (h == PSIG_IGN || (h == PSIG_DFL && (sig == QSIGCHLD || sig == QSIGURG ||
							 sig == QSIGWINCH || sig == QSIGCONT)))
			mp->pending &= ~(1ULL << sig);
	}
	memset(s, 0, sizeof(*s));
	s->sig = sig;
	s->handler = old.handler;
	s->mask = old.mask;
	s->flags = old.flags;
	return OK;
}

/* A child inherits every disposition, the mask and the alternate stack;
 * nothing is pending in it. */
void sig_fork(struct mproc *c, const struct mproc *parent)
{
	memcpy(c->act, parent->act, sizeof(c->act));
	c->tramp = parent->tramp;
	c->blocked = parent->blocked;
	c->pending = 0;
	c->ss_sp = parent->ss_sp;
	c->ss_size = parent->ss_size;
	c->ss_flags = parent->ss_flags;
	c->ruid = parent->ruid;
	c->euid = parent->euid;
	c->pgid = parent->pgid;
	c->sid = parent->sid;
}

/*
 * PM_EXEC (VFS, once the kernel started a new program in the process):
 * handlers go back to SIG_DFL (the new program has none), ignored
 * signals stay ignored, the mask and pending signals stay; the
 * alternate stack is gone.
 */
int do_exec(message *m)
{
	if (m->m_source != VFS_PROC_NR)
		return -EPERM;
	struct mproc *mp = mp_by_ep(m->m_pm_sig.sig);
	if (!mp || mp->state != MP_ALIVE)
		return -ESRCH;
	for (int sig = 1; sig < QNSIG; sig++) {
		struct sigact *a = &mp->act[sig];
		if (a->handler > PSIG_IGN)
			a->handler = PSIG_DFL;
		a->flags = 0;
		a->mask = 0;
	}
	mp->tramp = 0;
	mp->execed = true;
	mp->ss_sp = mp->ss_size = 0;
	mp->ss_flags = QSS_DISABLE;
	ptimers_clear(mp);                /* exec deletes the POSIX timers */
	return OK;
}
