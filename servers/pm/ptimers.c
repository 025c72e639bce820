/*
 * POSIX timers (timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete): PM_PTIMER.
 *
 * Each process has PM_PTIMERS of them (struct posix_timer in struct
 * mproc). An armed one is a ptimer on timers.c's sorted list, kind
 * PT_POSIX; timers_expired() calls ptimers_fire(). A timer with
 * SIGEV_SIGNAL raises its signal with si_code SI_TIMER and its sigval;
 * an expiry while that signal is still pending is counted as an overrun
 * instead (one pending signal stands for all of them), and
 * timer_getoverrun answers the extra expirations the last raised signal
 * stands for (counted until the next one is raised).
 * libposix turns absolute times (TIMER_ABSTIME) into relative ones, so
 * PM sees only "from now".
 *
 * Ownership: the timers belong to their process. fork gives the child
 * none (do_fork's memset); exec deletes them (POSIX; do_exec); an exit
 * takes them off the list (timers_exit).
 */
#include "pm.h"

static struct posix_timer *timer_of(struct mproc *mp, int id)
{
	if (id < 1 || id > PM_PTIMERS || !mp->ptimers[id - 1].used)
		return NULL;
	return &mp->ptimers[id - 1];
}

static uint64_t ns_of_ticks(uint64_t ticks)
{
	return ticks * (1000000000ULL / pm_hz());
}

void ptimers_fire(struct mproc *mp, struct ptimer *t, uint64_t at, uint64_t now)
{
	struct posix_timer *p = (struct posix_timer *)t;     /* pt is its first member */
	if (p->interval) {
		/* Periods that went by unseen count as overruns. */
		uint64_t next = at + p->interval;
		while (next <= now) {
			next += p->interval;
			p->overrun++;
		}
		ptimer_arm(t, mp, PT_POSIX, next);
	}
	if (!p->signal)
		return;
	if (mp->pending & (1ULL << p->sig)) {
		p->overrun++;                    /* its signal still waits */
		return;
	}
	p->overrun = 0;                          /* a new signal: none extra yet */
	struct qsiginfo info = { .signo = p->sig, .code = QSI_TIMER, .value = p->sigval };
	pm_signal_info(mp, &info);             /* may end mp: timers_exit runs */
}

void ptimers_clear(struct mproc *mp)
{
	for (int i = 0; i < PM_PTIMERS; i++) {
		ptimer_cancel(&mp->ptimers[i].pt);
		mp->ptimers[i].used = false;
	}
}

static int create(struct mproc *mp, mess_pm_ptimer *a)
{
	if (a->notify < 0 || a->notify > 2)
		return -EINVAL;
	if (a->notify != 0 && (a->sig <= 0 || a->sig >= QNSIG))
		return -EINVAL;
	for (int i = 0; i < PM_PTIMERS; i++) {
		struct posix_timer *p = &mp->ptimers[i];
		if (p->used)
			continue;
		*p = (struct posix_timer){ .used = true, .signal = a->notify != 0, .sig = a->sig,
					   .sigval = a->notify == 2 ? (uint64_t)(i + 1) : a->sigval };
		return i + 1;
	}
	return -EAGAIN;                         /* POSIX: no more timers */
}

/* The time left and the reload, in the answer's fields. */
static void report(struct posix_timer *p, mess_pm_ptimer *a)
{
	uint64_t now = sys_uptime();
	a->value_ns = !p->pt.at ? 0 : p->pt.at > now ? (int64_t)ns_of_ticks(p->pt.at - now)
					       : (int64_t)ns_of_ticks(1);
	a->interval_ns = (int64_t)ns_of_ticks(p->interval);
}

int do_ptimer(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	mess_pm_ptimer *a = &m->m_pm_ptimer;
	if (!mp)
		return -ESRCH;
	if (a->op == PTO_CREATE)
		return create(mp, a);
	struct posix_timer *p = timer_of(mp, a->id);
	if (!p)
		return -EINVAL;
	switch (a->op) {
	case PTO_SET: {
		if (a->value_ns < 0 || a->interval_ns < 0)
			return -EINVAL;
		int64_t value = a->value_ns, interval = a->interval_ns;
		report(p, a);                          /* the old setting */
		p->overrun = 0;
		if (value == 0) {
			ptimer_cancel(&p->pt);
			p->interval = 0;
			return OK;
		}
		uint64_t ticks = pm_ns_to_ticks((uint64_t)value);
		p->interval = pm_ns_to_ticks((uint64_t)interval);
		ptimer_arm(&p->pt, mp, PT_POSIX, sys_uptime() + (ticks ? ticks : 1));
		return OK;
	}
	case PTO_GET:
		report(p, a);
		return OK;
	case PTO_OVERRUN:
		return (int)(p->overrun > INT32_MAX ? INT32_MAX : p->overrun);
	case PTO_DELETE:
		ptimer_cancel(&p->pt);
		p->used = false;
		return OK;
	default:
		return -EINVAL;
	}
}
