/* KC_TIMES, KC_SETALARM. */
#include <arch/x86.h>
#include "../kernel.h"
#include "../proc.h"
#include "system.h"

int do_times(struct proc *caller, message *m)
{
	mess_krn_times *t = &m->m_krn_times;
	struct proc *p;
	int err = system_target(caller, t->who, &p);
	if (err)
		return err;
	t->user_ticks = p->user_ticks;
	t->sys_ticks = tsc_per_tick ? p->sys_tsc / tsc_per_tick : 0;
	t->uptime = uptime;
	t->hz = HZ;
	t->tsc = rdtsc();
	t->boot_time_ns = boot_time_ns;
	return OK;
}

/* The time of day is now realtime_ns: boot_time_ns follows (CLOCK_MONOTONIC,
 * counted from uptime, does not move). PM checks who may (only PM may
 * call this, table.c). */
int do_settime(struct proc *caller, message *m)
{
	(void)caller;
	int64_t now = m->m_krn_settime.realtime_ns;
	if (now < 0)
		return -EINVAL;
	boot_time_ns = now - (int64_t)(uptime * (1000000000ull / HZ));
	return OK;
}

int do_setalarm(struct proc *caller, message *m)
{
	mess_krn_setalarm *a = &m->m_krn_setalarm;
	a->prev_left = caller->alarm_at > uptime ? caller->alarm_at - uptime : 0;
	uint64_t at = 0;
	if (a->ticks) {
		at = a->absolute ? a->ticks : uptime + a->ticks;
		if (!a->absolute && at < uptime)
			return -EINVAL;          /* overflow */
		if (at <= uptime)
			at = uptime + 1;         /* the past: next tick */
	}
	clock_set_alarm(caller, at);
	return OK;
}
