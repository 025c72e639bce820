/*
 * Clocks: time of day, monotonic and CPU time (KC_TIMES), setting the
 * time (PM_SETTIME), and times()/clock(). Sleeps and timers: timer.c.
 *
 * The kernel counts ticks (HZ per second) since boot and keeps the time
 * of day at uptime 0 (boot_time_ns, read from the CMOS clock at boot and
 * moved by clock_settime); see docs/time.md. Every clock has the
 * resolution of one tick.
 *   CLOCK_MONOTONIC   uptime
 *   CLOCK_REALTIME    boot_time_ns + uptime
 *   CLOCK_*_CPUTIME_ID the caller's user + system ticks
 * times() and clock() count in CLOCKS_PER_SEC units (XSI: 1,000,000), and
 * sysconf(_SC_CLK_TCK) says the same (misc.c).
 */
#include "posix_priv.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/times.h>

int __px_ktimes(struct px_ktimes *t)
{
	PX_MSG(m);
	m.m_krn_times.who = SELF;
	int r = __px_kcall(KC_TIMES, &m);
	if (r < 0)
		return r;
	t->user = m.m_krn_times.user_ticks;
	t->sys = m.m_krn_times.sys_ticks;
	t->uptime = m.m_krn_times.uptime;
	t->hz = m.m_krn_times.hz ? m.m_krn_times.hz : 100;
	t->boot_ns = m.m_krn_times.boot_time_ns;
	return 0;
}

static int hz(void)
{
	static int cached;
	if (!cached) {
		struct px_ktimes t;
		if (__px_ktimes(&t) < 0)
			return 100;
		cached = (int)t.hz;
	}
	return cached;
}

static clock_t to_clock(uint64_t ticks, uint64_t hz)
{
	return (clock_t)(ticks * CLOCKS_PER_SEC / hz);
}

clock_t times(struct tms *buf)
{
	struct px_ktimes t;
	int r = __px_ktimes(&t);
	if (r < 0)
		return (clock_t)__px_ret(r);
	if (buf) {
		uint64_t cu = 0, cs = 0;
		if ((r = pm_req_times(&cu, &cs)) < 0)
			return (clock_t)__px_ret(r);
		buf->tms_utime = to_clock(t.user, t.hz);
		buf->tms_stime = to_clock(t.sys, t.hz);
		buf->tms_cutime = to_clock(cu, t.hz);
		buf->tms_cstime = to_clock(cs, t.hz);
	}
	return to_clock(t.uptime, t.hz);
}

static void ticks_to_ts(uint64_t ticks, uint64_t hz, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ticks / hz);
	ts->tv_nsec = (long)((ticks % hz) * 1000000000ull / hz);
}

int64_t __px_ticks_to_ns(uint64_t ticks, uint64_t hz)
{
	return (int64_t)(ticks / hz) * 1000000000ll + (int64_t)((ticks % hz) * 1000000000ull / hz);
}

static void ns_to_ts(int64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / 1000000000ll);
	ts->tv_nsec = (long)(ns % 1000000000ll);
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	struct px_ktimes t;
	int r = __px_ktimes(&t);
	if (r < 0)
		return (int)__px_ret(r);
	if (!ts)
		return (int)__px_ret(-EFAULT);
	switch (id) {
	case CLOCK_REALTIME:
		ns_to_ts(t.boot_ns + __px_ticks_to_ns(t.uptime, t.hz), ts);
		return 0;
	case CLOCK_MONOTONIC:
		ticks_to_ts(t.uptime, t.hz, ts);
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		ticks_to_ts(t.user + t.sys, t.hz, ts);
		return 0;
	default:
		return (int)__px_ret(-EINVAL);
	}
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	(void)tz;
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return -1;
	if (tv) {
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	}
	return 0;
}

time_t time(time_t *out)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return (time_t)-1;
	if (out)
		*out = ts.tv_sec;
	return ts.tv_sec;
}

int clock_getres(clockid_t id, struct timespec *res)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		if (res)
			ticks_to_ts(1, (uint64_t)hz(), res);
		return 0;
	default:
		return (int)__px_ret(-EINVAL);
	}
}

/* Only CLOCK_REALTIME can be set (EINVAL for the others, as POSIX
 * allows); PM decides who may (EPERM). */
int clock_settime(clockid_t id, const struct timespec *ts)
{
	if (id != CLOCK_REALTIME || !ts || ts->tv_sec < 0 ||
	    ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)
		return (int)__px_ret(-EINVAL);
	return (int)__px_ret(pm_req_settime((int64_t)ts->tv_sec * 1000000000ll + ts->tv_nsec));
}

int settimeofday(const struct timeval *tv, const struct timezone *tz)
{
	(void)tz;                          /* time zones are the C library's */
	if (!tv)
		return 0;
	if (tv->tv_usec < 0 || tv->tv_usec >= 1000000)
		return (int)__px_ret(-EINVAL);
	struct timespec ts = { .tv_sec = tv->tv_sec, .tv_nsec = tv->tv_usec * 1000 };
	return clock_settime(CLOCK_REALTIME, &ts);
}
