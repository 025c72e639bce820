/*
 * Signals. Only default actions exist so far (handlers come with POSIX
 * programs): a signal either ends the process or is ignored. Stop and
 * continue are not supported yet and are refused with EINVAL.
 */
#include "pm.h"

enum action { TERMINATE, IGNORE, UNSUPPORTED };

static enum action default_action(int sig)
{
	switch (sig) {
	case QSIGCHLD: case QSIGURG: case QSIGWINCH: case QSIGCONT:
		return IGNORE;
	case QSIGSTOP: case QSIGTSTP: case QSIGTTIN: case QSIGTTOU:
		return UNSUPPORTED;
	default:
		return TERMINATE;
	}
}

/*
 * The one way PM raises a signal in a live process (kill, the tty's ^C,
 * timers): applies the disposition. OK when the signal was ignored,
 * SIG_ENDED when the process is being ended, or -EINVAL for an action not
 * supported yet.
 */
int pm_signal(struct mproc *t, int sig)
{
	if (sig != QSIGKILL && (t->ignored & (1ULL << sig)))
		return OK;
	switch (default_action(sig)) {
	case IGNORE:
		return OK;
	case UNSUPPORTED:
		return -EINVAL;
	default:
		break;
	}
	int r = sys_kill(t->ep, sig);
	return r < 0 ? r : SIG_ENDED;
}

int do_kill(message *m)
{
	struct mproc *caller = mp_by_ep(m->m_source);
	int pid = m->m_pm.pid, sig = m->m_pm.sig;
	if (!caller)
		return -ESRCH;
	if (sig < 0 || sig >= QNSIG)
		return -EINVAL;
	if (pid < 0)
		return -EINVAL;       /* process groups are not supported yet */
	/* pid 0: by endpoint (the tty's ^C knows endpoints, not pids). */
	struct mproc *t = pid ? mp_by_pid(pid) : (caller->system ? mp_by_ep(m->m_pm.endpoint) : NULL);
	if (!t || t->state != MP_ALIVE)
		return -ESRCH;
	if (t->system && !caller->system)
		return -EPERM;
	if (!cred_may_signal(caller, t))
		return -EPERM;                /* another user's process (cred.c) */
	if (sig == 0)
		return OK;
	int r = pm_signal(t, sig);
	/* Killing oneself: the caller is gone, and its reply with it. */
	if (r == SIG_ENDED)
		return t == caller ? NO_REPLY : OK;
	return r;
}

/* A signal the kernel raised (a fault, or VM out of memory): the process
 * is stopped; every such signal's default action ends it. */
void kernel_signal(const mess_pm_kernel *k)
{
	struct mproc *mp = mp_by_ep(k->ep);
	if (!mp || mp->state != MP_ALIVE)
		return;
	sys_kill(k->ep, k->sig);
}

int do_sigaction(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	int sig = m->m_pm.sig;
	if (!mp)
		return -ESRCH;
	if (sig <= 0 || sig >= QNSIG || sig == QSIGKILL || sig == QSIGSTOP)
		return -EINVAL;
	int old = (mp->ignored >> sig) & 1;
	if (m->m_pm.options)
		mp->ignored |= 1ULL << sig;
	else
		mp->ignored &= ~(1ULL << sig);
	return old;
}
