/*
 * Time: times, gettimeofday, clock_gettime, sleep (kernel calls KC_TIMES
 * and KC_SETALARM).
 *
 * The kernel counts clock ticks (HZ per second) since boot; Quire has no
 * real-time clock yet, so the time of day is the time since boot (the
 * epoch is the boot), with the resolution of one tick.
 * times() reports CPU time in CLOCKS_PER_SEC units, which newlib's
 * clock() expects, and sysconf(_SC_CLK_TCK) says the same (misc.c).
 * The children's times (tms_cutime, tms_cstime) are not known: 0.
 */
#include "posix_priv.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/times.h>

struct ktimes {
	uint64_t user, sys, uptime, hz;
};

static int ktimes(struct ktimes *t)
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
	return 0;
}

static int hz(void)
{
	static int cached;
	if (!cached) {
		struct ktimes t;
		if (ktimes(&t) < 0)
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
	struct ktimes t;
	int r = ktimes(&t);
	if (r < 0)
		return (clock_t)__px_ret(r);
	if (buf) {
		buf->tms_utime = to_clock(t.user, t.hz);
		buf->tms_stime = to_clock(t.sys, t.hz);
		buf->tms_cutime = 0;
		buf->tms_cstime = 0;
	}
	return to_clock(t.uptime, t.hz);
}

static void ticks_to_ts(uint64_t ticks, uint64_t hz, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ticks / hz);
	ts->tv_nsec = (long)((ticks % hz) * 1000000000ull / hz);
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	(void)tz;
	struct ktimes t;
	int r = ktimes(&t);
	if (r < 0)
		return (int)__px_ret(r);
	if (tv) {
		struct timespec ts;
		ticks_to_ts(t.uptime, t.hz, &ts);
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	}
	return 0;
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	struct ktimes t;
	int r = ktimes(&t);
	if (r < 0)
		return (int)__px_ret(r);
	switch (id) {
	case CLOCK_REALTIME:
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

int clock_settime(clockid_t id, const struct timespec *ts)
{
	(void)id;
	(void)ts;
	return (int)__px_ret(-EPERM);
}

/*
 * Sleep until uptime `deadline` (ticks): a CLOCK notification from the
 * kernel alarm (KC_SETALARM, absolute), received with receive(CLOCK).
 * This uses the process's one alarm. No signal handlers exist, so a
 * sleep is never interrupted (no EINTR).
 */
static int sleep_until(uint64_t deadline)
{
	for (;;) {
		PX_MSG(m);
		m.m_krn_setalarm.ticks = deadline;
		m.m_krn_setalarm.absolute = 1;
		int r = __px_kcall(KC_SETALARM, &m);
		if (r < 0)
			return r;
		memset(&m, 0, sizeof(m));
		r = __quire_receive(CLOCK, &m);
		if (r < 0)
			return r;
		if (m.m_type == NOTIFY_MESSAGE && m.m_notify.uptime >= deadline)
			return 0;
		struct ktimes t;           /* early (an old notification)? */
		if ((r = ktimes(&t)) < 0)
			return r;
		if (t.uptime >= deadline)
			return 0;
	}
}

/* Sleep at least `ns` nanoseconds: whole ticks, plus one for the tick
 * already under way. */
static int sleep_ns(uint64_t sec, uint64_t nsec)
{
	if (sec == 0 && nsec == 0)
		return 0;
	struct ktimes t;
	int r = ktimes(&t);
	if (r < 0)
		return r;
	uint64_t ticks = sec * t.hz + (nsec * t.hz + 999999999ull) / 1000000000ull;
	return sleep_until(t.uptime + ticks + 1);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!req || req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L)
		return (int)__px_ret(-EINVAL);
	int r = sleep_ns((uint64_t)req->tv_sec, (uint64_t)req->tv_nsec);
	if (rem) {
		rem->tv_sec = 0;
		rem->tv_nsec = 0;
	}
	return (int)__px_ret(r);
}

unsigned sleep(unsigned seconds)
{
	return sleep_ns(seconds, 0) < 0 ? seconds : 0;
}

int usleep(useconds_t us)
{
	return (int)__px_ret(sleep_ns(us / 1000000u, (uint64_t)(us % 1000000u) * 1000u));
}

/* pause(): wait for a signal that runs a handler (or ends the process):
 * sigsuspend with the mask as it is; always -1 with EINTR. */
int pause(void)
{
	sigset_t mask;
	sigprocmask(SIG_BLOCK, NULL, &mask);
	return sigsuspend(&mask);
}
