/*
 * The signal mask, the pending set, and waiting for signals:
 * sigprocmask, sigpending, sigsuspend, sigwait (sigtimedwait,
 * sigwaitinfo: a deadline on timers.c's list), sigaltstack, and the trampoline's PM_SIGRETURN.
 * PM owns the mask; libposix keeps no copy.
 */
#include "pm.h"

#define UNBLOCKABLE ((1ULL << QSIGKILL) | (1ULL << QSIGSTOP) | 1ULL)
#define ALL_SIGNALS ((1ULL << QNSIG) - 2)

static struct mproc *caller_of(const message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	return mp && mp->state == MP_ALIVE ? mp : NULL;
}

/* A new mask may unblock pending signals: they are acted on before the
 * call returns (their handlers run first, as POSIX requires). */
static void set_mask(struct mproc *mp, uint64_t mask)
{
	mp->blocked = mask & ALL_SIGNALS & ~UNBLOCKABLE;
	sig_check(mp);
}

/* how: QSIG_BLOCK/UNBLOCK/SETMASK, or -1 to only ask. Answer: the old mask. */
int do_sigprocmask(message *m)
{
	struct mproc *mp = caller_of(m);
	mess_pm_sig *s = &m->m_pm_sig;
	if (!mp)
		return -ESRCH;
	uint64_t old = mp->blocked, mask = s->mask;
	int how = s->how;
	switch (how) {
	case -1:           mask = old; break;
	case QSIG_BLOCK:   mask = old | mask; break;
	case QSIG_UNBLOCK: mask = old & ~mask; break;
	case QSIG_SETMASK: break;
	default:           return -EINVAL;
	}
	memset(s, 0, sizeof(*s));
	s->mask = old;
	if (how != -1)
		set_mask(mp, mask);
	return mp->state == MP_ALIVE ? OK : NO_REPLY;
}

/* PM_SIGRETURN: the trampoline puts back the mask of the frame. */
int do_sigreturn(message *m)
{
	struct mproc *mp = caller_of(m);
	if (!mp)
		return -ESRCH;
	set_mask(mp, m->m_pm_sig.mask);
	return mp->state == MP_ALIVE ? OK : NO_REPLY;
}

int do_sigpending(message *m)
{
	struct mproc *mp = caller_of(m);
	if (!mp)
		return -ESRCH;
	memset(&m->m_pm_sig, 0, sizeof(m->m_pm_sig));
	m->m_pm_sig.mask = mp->pending & mp->blocked;
	return OK;
}

/* Wait with mask until a handler runs (answer EINTR, sigdeliver.c) or the
 * process ends. The old mask comes back when the handler returns. */
int do_sigsuspend(message *m)
{
	struct mproc *mp = caller_of(m);
	if (!mp)
		return -ESRCH;
	mp->pause_mask = mp->blocked;
	mp->paused = PAUSE_SUSPEND;
	set_mask(mp, m->m_pm_sig.mask);
	return NO_REPLY;             /* answered by the delivery, even now */
}

/*
 * Take a pending signal of the set (answer: the signal and its siginfo),
 * or wait for one: without a limit (timeout_ns -1), not at all (0:
 * EAGAIN), or until the deadline on PM's timer list (wait_timer), whose
 * expiry answers EAGAIN (sigwait_timeout). A caught signal outside the
 * set ends the wait with EINTR (sigdeliver.c: sigwait_end).
 */
int do_sigwait(message *m)
{
	struct mproc *mp = caller_of(m);
	mess_pm_sigwait *w = &m->m_pm_sigwait;
	uint64_t set = w->set & ALL_SIGNALS & ~UNBLOCKABLE;
	int64_t timeout = w->timeout_ns;
	if (!mp)
		return -ESRCH;
	if (!set || timeout < -1)
		return -EINVAL;
	if (!(mp->pending & set) && timeout == 0)
		return -EAGAIN;
	mp->paused = PAUSE_SIGWAIT;
	mp->pause_mask = set;
	if (!(mp->pending & set) && timeout > 0) {
		uint64_t ticks = pm_ns_to_ticks((uint64_t)timeout);
		uint64_t now = sys_uptime();
		uint64_t at = ticks > ~0ULL - now ? ~0ULL : now + ticks;
		ptimer_arm(&mp->wait_timer, mp, PT_SIGWAIT, at);
	}
	sig_check(mp);               /* answers now if one is pending */
	return NO_REPLY;
}

void sigwait_take(struct mproc *t, int sig)
{
	message m;
	memset(&m, 0, sizeof(m));
	const struct qsiginfo *i = &t->pinfo[sig];
	mess_pm_sigwait *w = &m.m_pm_sigwait;
	w->code = i->code;
	w->pid = i->pid;
	w->uid = i->uid;
	w->addr = i->addr;
	w->value = i->value;
	t->pending &= ~(1ULL << sig);
	t->paused = PAUSE_NONE;
	ptimer_cancel(&t->wait_timer);
	reply(t->ep, &m, sig);
}

void sigwait_end(struct mproc *t, int err)
{
	message m;
	memset(&m, 0, sizeof(m));
	t->paused = PAUSE_NONE;
	ptimer_cancel(&t->wait_timer);
	reply(t->ep, &m, err);
}

/* wait_timer is due (timers.c): the sigtimedwait is over, nothing came.
 * The timer is armed only while the process waits, so it still does. */
void sigwait_timeout(struct mproc *t)
{
	if (t->paused == PAUSE_SIGWAIT)
		sigwait_end(t, -EAGAIN);
}

/* handler = ss_sp, ss_size, flags = ss_flags; how 1: set. Answer: the old
 * stack, with QSS_ONSTACK when the caller's stack pointer is on it
 * (libposix passes its rsp in value). */
int do_sigaltstack(message *m)
{
	struct mproc *mp = caller_of(m);
	mess_pm_sig *s = &m->m_pm_sig;
	if (!mp)
		return -ESRCH;
	uint64_t sp = s->value;
	bool on = !(mp->ss_flags & QSS_DISABLE) && sp > mp->ss_sp && sp - mp->ss_sp <= mp->ss_size;
	if (s->how) {
		if (on)
			return -EPERM;           /* running on it: it may not change */
		if (s->flags & ~QSS_DISABLE)
			return -EINVAL;
		if (!(s->flags & QSS_DISABLE) && s->ss_size < 2048)
			return -ENOMEM;          /* below MINSIGSTKSZ */
		if (!(s->flags & QSS_DISABLE) && s->handler + s->ss_size < s->handler)
			return -EINVAL;          /* wraps around: not a stack */
	}
	uint64_t old_sp = mp->ss_sp, old_size = mp->ss_size;
	int old_flags = (mp->ss_flags & QSS_DISABLE) ? QSS_DISABLE : (on ? QSS_ONSTACK : 0);
	if (s->how) {
		if (s->flags & QSS_DISABLE) {
			mp->ss_sp = mp->ss_size = 0;
			mp->ss_flags = QSS_DISABLE;
		} else {
			mp->ss_sp = s->handler;
			mp->ss_size = s->ss_size;
			mp->ss_flags = 0;
		}
	}
	memset(s, 0, sizeof(*s));
	s->handler = old_sp;
	s->ss_size = old_size;
	s->flags = old_flags;
	return OK;
}
