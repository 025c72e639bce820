/*
 * Process timers: ITIMER_REAL (alarm, setitimer), sigtimedwait's
 * deadline, the RLIMIT_CPU check, the time of day (clock_settime) and
 * the children's CPU time (times()).
 *
 * Every armed deadline (struct ptimer, pm.h) is on one list sorted by
 * expiry (uptime in ticks; ties keep arming order). A process has one
 * ptimer per use (itimer, wait_timer, cpu_timer), so its ITIMER_REAL and
 * a sigtimedwait run side by side. PM holds a single kernel alarm
 * (KC_SETALARM, absolute) for the head of the list; the kernel's CLOCK
 * notification calls timers_expired(), which takes every due timer off
 * and acts on it by kind, then re-arms the kernel alarm. Only PM touches
 * the list; it is single-threaded.
 *
 * Ownership: fork gives the child no timer (memset in do_fork; rlimit_fork
 * arms its CPU check); exec keeps the timers (PM does not see exec); a
 * process that ends leaves the list (timers_exit, from process_ended).
 */
#include "pm.h"

/* Kernel ticks per second (100 if the kernel will not say). */
uint64_t pm_hz(void)
{
	static uint64_t cached;
	if (!cached) {
		struct kinfo k;
		cached = sys_getkinfo(&k) == OK && k.hz ? k.hz : 100;
	}
	return cached;
}
#define US_PER_TICK (1000000 / pm_hz())

static struct ptimer *timer_head;       /* armed timers, earliest first */
static uint64_t kernel_alarm_at;        /* PM's armed kernel alarm; 0: none */

/* Microseconds to ticks, rounded up: a timer never fires early. */
static uint64_t us_to_ticks(int64_t us)
{
	return ((uint64_t)us + US_PER_TICK - 1) / US_PER_TICK;
}

uint64_t pm_ns_to_ticks(uint64_t ns)
{
	uint64_t per = 1000000000ULL / pm_hz();
	return ns / per + (ns % per != 0);
}

static void unlink_timer(struct ptimer *t)
{
	for (struct ptimer **pp = &timer_head; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	t->next = NULL;
	t->at = 0;
}

static void insert_timer(struct ptimer *t, uint64_t at)
{
	t->at = at ? at : 1;                /* 0 means "not armed" */
	struct ptimer **pp = &timer_head;
	while (*pp && (*pp)->at <= t->at)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
}

/* The kernel alarm follows the head of the list. */
static void rearm(void)
{
	uint64_t want = timer_head ? timer_head->at : 0;
	if (want == kernel_alarm_at)
		return;
	if (sys_setalarm(want, 1) == OK)
		kernel_alarm_at = want;
}

void ptimer_arm(struct ptimer *t, struct mproc *mp, enum ptimer_kind kind, uint64_t at)
{
	if (t->at)
		unlink_timer(t);
	t->mp = mp;
	t->kind = kind;
	insert_timer(t, at);
	rearm();
}

void ptimer_cancel(struct ptimer *t)
{
	if (!t->at)
		return;
	unlink_timer(t);
	rearm();
}

/* ITIMER_REAL is due: reload an interval timer, raise SIGALRM. */
static void itimer_fire(struct mproc *mp, uint64_t at, uint64_t now)
{
	if (mp->timer_interval) {
		/* The next period from the last expiry; missed ones are not
		 * made up (a pending signal is one signal). */
		at += mp->timer_interval;
		if (at <= now)
			at = now + mp->timer_interval;
		insert_timer(&mp->itimer, at);
	}
	if (mp->state == MP_ALIVE)
		pm_signal(mp, QSIGALRM);    /* may end it: timers_exit runs then */
}

void timers_expired(void)
{
	uint64_t now = sys_uptime();
	kernel_alarm_at = 0;                /* the kernel alarm fired */
	while (timer_head && timer_head->at <= now) {
		struct ptimer *t = timer_head;
		uint64_t at = t->at;
		unlink_timer(t);
		struct mproc *mp = t->mp;
		if (mp->state != MP_ALIVE)
			continue;               /* cannot happen: timers_exit */
		switch (t->kind) {
		case PT_ITIMER:  itimer_fire(mp, at, now); break;
		case PT_SIGWAIT: sigwait_timeout(mp); break;     /* sigcalls.c */
		case PT_CPU:     rlimit_cpu_check(mp); break;    /* rlimit.c */
		case PT_POSIX:   ptimers_fire(mp, t, at, now); break;   /* ptimers.c */
		}
	}
	rearm();
}

void timers_exit(struct mproc *mp)
{
	if (mp->itimer.at)
		unlink_timer(&mp->itimer);
	if (mp->wait_timer.at)
		unlink_timer(&mp->wait_timer);
	if (mp->cpu_timer.at)
		unlink_timer(&mp->cpu_timer);
	for (int i = 0; i < PM_PTIMERS; i++)
		if (mp->ptimers[i].pt.at)
			unlink_timer(&mp->ptimers[i].pt);
	mp->timer_interval = 0;
	rearm();
}

int do_itimer(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	mess_pm_time *t = &m->m_pm_time;
	if (!mp)
		return -ESRCH;
	if (t->which != 0)                  /* ITIMER_VIRTUAL, ITIMER_PROF: docs/time.md */
		return -EINVAL;
	if (t->set && (t->value_us < 0 || t->interval_us < 0))
		return -EINVAL;
	uint64_t now = sys_uptime();
	int64_t old_value = 0, old_interval = (int64_t)(mp->timer_interval * US_PER_TICK);
	uint64_t at = mp->itimer.at;
	if (at)
		old_value = at > now ? (int64_t)((at - now) * US_PER_TICK)
				     : (int64_t)US_PER_TICK;  /* due: not yet raised */
	if (t->set) {
		mp->timer_interval = t->value_us ? us_to_ticks(t->interval_us) : 0;
		if (t->value_us) {
			uint64_t ticks = us_to_ticks(t->value_us);
			ptimer_arm(&mp->itimer, mp, PT_ITIMER, now + (ticks ? ticks : 1));
		} else {
			ptimer_cancel(&mp->itimer);
		}
	}
	t->value_us = old_value;
	t->interval_us = old_interval;
	return OK;
}

/* Who may set the clock: the one place to change when users exist. */
/* Setting the clock is the superuser's (effective uid 0) and the system
 * processes'. */
static bool may_set_time(const struct mproc *mp)
{
	return mp->system || mp->euid == 0;
}

int do_settime(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	if (!mp)
		return -ESRCH;
	if (!may_set_time(mp))
		return -EPERM;
	if (m->m_pm_time.realtime_ns < 0)
		return -EINVAL;
	return sys_settime(m->m_pm_time.realtime_ns);
}

int do_times(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	if (!mp)
		return -ESRCH;
	m->m_pm_time.cuser_ticks = mp->cuser_ticks;
	m->m_pm_time.csys_ticks = mp->csys_ticks;
	return OK;
}
