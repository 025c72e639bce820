/*
 * POSIX per-process timers (timer_create and the rest) on PM's PM_PTIMER
 * (servers/pm/ptimers.c). PM counts in ticks from now; libposix turns
 * an absolute time (TIMER_ABSTIME) into a relative one against the
 * timer's clock, so a clock_settime after arming does not move an
 * absolute CLOCK_REALTIME timer (docs/time.md). SIGEV_THREAD needs
 * threads, which Quire does not have: EINVAL (POSIX: "not supported").
 */
#include "posix_priv.h"

#include <signal.h>
#include <time.h>
#include <quire/pm.h>

static clockid_t clock_of[PM_PTIMERS + 1];      /* by timer id */

static int64_t ts_ns(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000ll + t->tv_nsec;
}

static void ns_ts(int64_t ns, struct timespec *t)
{
	t->tv_sec = (time_t)(ns / 1000000000ll);
	t->tv_nsec = (long)(ns % 1000000000ll);
}

static int valid(const struct timespec *t)
{
	return t->tv_sec >= 0 && t->tv_nsec >= 0 && t->tv_nsec < 1000000000L;
}

int timer_create(clockid_t clock, struct sigevent *restrict ev, timer_t *restrict id)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return (int)__px_ret(-EINVAL);
	mess_pm_ptimer m = { .op = PTO_CREATE, .notify = 1, .sig = SIGALRM };
	if (ev) {
		if (ev->sigev_notify == SIGEV_NONE)
			m.notify = 0;
		else if (ev->sigev_notify != SIGEV_SIGNAL)
			return (int)__px_ret(-EINVAL);
		m.sig = ev->sigev_signo;
		m.sigval = (uint64_t)(uintptr_t)ev->sigev_value.sival_ptr;
	}
	if (!ev)
		m.notify = 2;                   /* SIGALRM whose si_value is the id */
	int r = pm_req_ptimer(&m);
	if (r < 0)
		return (int)__px_ret(r);
	clock_of[r] = clock;
	*id = (timer_t)r;
	return 0;
}

int timer_settime(timer_t id, int flags, const struct itimerspec *restrict v,
		  struct itimerspec *restrict old)
{
	if (!v || !valid(&v->it_value) || !valid(&v->it_interval) || (flags & ~TIMER_ABSTIME))
		return (int)__px_ret(-EINVAL);
	if ((unsigned long)id < 1 || (unsigned long)id > PM_PTIMERS)
		return (int)__px_ret(-EINVAL);
	int64_t value = ts_ns(&v->it_value);
	if (value && (flags & TIMER_ABSTIME)) {
		struct timespec now;
		clock_gettime(clock_of[id], &now);
		value -= ts_ns(&now);
		if (value <= 0)
			value = 1;              /* already passed: expires at once */
	}
	mess_pm_ptimer m = { .op = PTO_SET, .id = (int32_t)id, .value_ns = value,
			     .interval_ns = ts_ns(&v->it_interval) };
	int r = pm_req_ptimer(&m);
	if (r < 0)
		return (int)__px_ret(r);
	if (old) {
		ns_ts(m.value_ns, &old->it_value);
		ns_ts(m.interval_ns, &old->it_interval);
	}
	return 0;
}

int timer_gettime(timer_t id, struct itimerspec *cur)
{
	mess_pm_ptimer m = { .op = PTO_GET, .id = (int32_t)id };
	int r = pm_req_ptimer(&m);
	if (r < 0)
		return (int)__px_ret(r);
	ns_ts(m.value_ns, &cur->it_value);
	ns_ts(m.interval_ns, &cur->it_interval);
	return 0;
}

int timer_getoverrun(timer_t id)
{
	mess_pm_ptimer m = { .op = PTO_OVERRUN, .id = (int32_t)id };
	return (int)__px_ret(pm_req_ptimer(&m));
}

int timer_delete(timer_t id)
{
	mess_pm_ptimer m = { .op = PTO_DELETE, .id = (int32_t)id };
	return (int)__px_ret(pm_req_ptimer(&m));
}
