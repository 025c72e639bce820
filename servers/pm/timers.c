/*
 * Process timers: ITIMER_REAL (alarm, setitimer), the time of day
 * (clock_settime) and the children's CPU time (times()).
 *
 * Each armed process timer is on one list sorted by expiry (uptime in
 * ticks; ties keep arming order). PM holds a single kernel alarm
 * (KC_SETALARM, absolute) for the head of the list; the kernel's CLOCK
 * notification calls timers_expired(), which raises SIGALRM through
 * pm_signal() for every timer due, reloads interval timers and re-arms
 * the kernel alarm. Only PM touches the list; it is single-threaded.
 *
 * Ownership: fork gives the child no timer (memset in do_fork); exec keeps
 * the timer (PM does not see exec); a process that ends leaves the list
 * (timers_exit, from process_ended).
 */
#include "pm.h"

/* Microseconds per kernel tick (HZ from the kernel; 100 if it will not
 * say). */
static uint64_t us_per_tick(void)
{
	static uint64_t cached;
	if (!cached) {
		struct kinfo k;
		cached = sys_getkinfo(&k) == OK && k.hz ? 1000000 / k.hz : 10000;
	}
	return cached;
}
#define US_PER_TICK us_per_tick()

static struct mproc *timer_head;        /* armed timers, earliest first */
static uint64_t kernel_alarm_at;        /* PM's armed kernel alarm; 0: none */

/* Microseconds to ticks, rounded up: a timer never fires early. */
static uint64_t us_to_ticks(int64_t us)
{
	return ((uint64_t)us + US_PER_TICK - 1) / US_PER_TICK;
}

static void unlink_timer(struct mproc *mp)
{
	for (struct mproc **pp = &timer_head; *pp; pp = &(*pp)->timer_next)
		if (*pp == mp) {
			*pp = mp->timer_next;
			break;
		}
	mp->timer_next = NULL;
	mp->timer_at = 0;
}

static void insert_timer(struct mproc *mp, uint64_t at)
{
	mp->timer_at = at;
	struct mproc **pp = &timer_head;
	while (*pp && (*pp)->timer_at <= at)
		pp = &(*pp)->timer_next;
	mp->timer_next = *pp;
	*pp = mp;
}

/* The kernel alarm follows the head of the list. */
static void rearm(void)
{
	uint64_t want = timer_head ? timer_head->timer_at : 0;
	if (want == kernel_alarm_at)
		return;
	if (sys_setalarm(want, 1) == OK)
		kernel_alarm_at = want;
}

void timers_expired(void)
{
	uint64_t now = sys_uptime();
	kernel_alarm_at = 0;                /* the kernel alarm fired */
	while (timer_head && timer_head->timer_at <= now) {
		struct mproc *mp = timer_head;
		uint64_t at = mp->timer_at;
		unlink_timer(mp);
		if (mp->timer_interval) {
			/* The next period from the last expiry; missed ones are not
			 * made up (a pending signal is one signal). */
			at += mp->timer_interval;
			if (at <= now)
				at = now + mp->timer_interval;
			insert_timer(mp, at);
		}
		if (mp->state == MP_ALIVE)
			pm_signal(mp, QSIGALRM);    /* may end it: timers_exit runs then */
	}
	rearm();
}

void timers_exit(struct mproc *mp)
{
	if (mp->timer_at)
		unlink_timer(mp);
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
	if (mp->timer_at)
		old_value = mp->timer_at > now ? (int64_t)((mp->timer_at - now) * US_PER_TICK)
					       : US_PER_TICK;  /* due: not yet raised */
	if (t->set) {
		if (mp->timer_at)
			unlink_timer(mp);
		mp->timer_interval = t->value_us ? us_to_ticks(t->interval_us) : 0;
		if (t->value_us) {
			uint64_t ticks = us_to_ticks(t->value_us);
			insert_timer(mp, now + (ticks ? ticks : 1));
		}
		rearm();
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
