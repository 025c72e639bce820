/*
 * The signal mask, the pending set, and waiting for signals:
 * sigprocmask, sigpending, sigsuspend, sigwait (sigtimedwait,
 * sigwaitinfo), sigaltstack, and the trampoline's PM_SIGRETURN.
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

/* Take a pending signal of the set (answer: the signal and its siginfo),
 * or wait for one (flags 1: do not wait: EAGAIN). */
int do_sigwait(message *m)
{
	struct mproc *mp = caller_of(m);
	uint64_t set = m->m_pm_sig.mask & ALL_SIGNALS & ~UNBLOCKABLE;
	if (!mp)
		return -ESRCH;
	if (!set)
		return -EINVAL;
	if (!(mp->pending & set) && (m->m_pm_sig.flags & 1))
		return -EAGAIN;
	mp->paused = PAUSE_SIGWAIT;
	mp->pause_mask = set;
	sig_check(mp);               /* answers now if one is pending */
	return NO_REPLY;
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
