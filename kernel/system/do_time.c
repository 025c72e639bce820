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
