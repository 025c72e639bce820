/*
 * Sleeps and timers.
 *
 * Sleeps (nanosleep, clock_nanosleep, usleep, sleep) use the process's own
 * kernel alarm (KC_SETALARM, absolute uptime) and wait for its CLOCK
 * notification. A signal that interrupts the wait (the signals work:
 * the receive returns -EINTR) ends the sleep with EINTR and the time left
 * computed here from the deadline; sleep_until() is the one place to
 * cancel (docs/time.md).
 *
 * Timers (alarm, ualarm, setitimer, getitimer) are PM's (PM_ITIMER,
 * servers/pm/timers.c): ITIMER_REAL raises SIGALRM. ITIMER_VIRTUAL and
 * ITIMER_PROF are refused with EINVAL.
 */
#include "posix_priv.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>

/*
 * Wait until uptime `deadline` (ticks). 0, or -EINTR with *left the ticks
 * still to go, or another error.
 */
static int sleep_until(uint64_t deadline, uint64_t *left)
{
	*left = 0;
	for (;;) {
		PX_MSG(m);
		m.m_krn_setalarm.ticks = deadline;
		m.m_krn_setalarm.absolute = 1;
		int r = __px_kcall(KC_SETALARM, &m);
		if (r < 0)
			return r;
		memset(&m, 0, sizeof(m));
		int rr = __quire_receive(CLOCK, &m);
		if (rr == 0 && m.m_type == NOTIFY_MESSAGE && m.m_notify.uptime >= deadline)
			return 0;
		struct px_ktimes t;          /* early (an old notification), or interrupted */
		if ((r = __px_ktimes(&t)) < 0)
			return r;
		if (t.uptime >= deadline)
			return 0;
		if (rr < 0) {
			PX_MSG(c);                 /* cancel the alarm: nobody waits for it */
			__px_kcall(KC_SETALARM, &c);
			*left = deadline - t.uptime;
			return rr;
		}
	}
}

static int valid_ts(const struct timespec *ts)
{
	return ts && ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000L;
}

/* Ticks covering at least sec + nsec, rounded up. */
static uint64_t ts_ticks(uint64_t sec, uint64_t nsec, uint64_t hz)
{
	return sec * hz + (nsec * hz + 999999999ull) / 1000000000ull;
}

static void ticks_to_ts(uint64_t ticks, uint64_t hz, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ticks / hz);
	ts->tv_nsec = (long)((ticks % hz) * 1000000000ull / hz);
}

/* Sleep at least sec + nsec: whole ticks, plus one for the tick already
 * under way. On EINTR, *rem (if any) gets the time left. */
static int sleep_for(uint64_t sec, uint64_t nsec, struct timespec *rem)
{
	if (sec == 0 && nsec == 0)
		return 0;
	struct px_ktimes t;
	int r = __px_ktimes(&t);
	if (r < 0)
		return r;
	uint64_t left;
	r = sleep_until(t.uptime + ts_ticks(sec, nsec, t.hz) + 1, &left);
	if (r == -EINTR && rem)
		ticks_to_ts(left, t.hz, rem);
	return r;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!valid_ts(req))
		return (int)__px_ret(-EINVAL);
	return (int)__px_ret(sleep_for((uint64_t)req->tv_sec, (uint64_t)req->tv_nsec, rem));
}

/* Returns the error number (not -1 and errno), as POSIX says. */
int clock_nanosleep(clockid_t id, int flags, const struct timespec *req, struct timespec *rem)
{
	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC)
		return id == CLOCK_PROCESS_CPUTIME_ID ? ENOTSUP : EINVAL;
	if (!valid_ts(req))
		return EINVAL;
	if (!(flags & TIMER_ABSTIME)) {
		int r = sleep_for((uint64_t)req->tv_sec, (uint64_t)req->tv_nsec, rem);
		return r < 0 ? -r : 0;
	}
	/* Absolute: that clock's time to an uptime deadline. */
	struct px_ktimes t;
	int r = __px_ktimes(&t);
	if (r < 0)
		return -r;
	int64_t want = (int64_t)req->tv_sec * 1000000000ll + req->tv_nsec;
	if (id == CLOCK_REALTIME)
		want -= t.boot_ns;
	if (want <= __px_ticks_to_ns(t.uptime, t.hz))
		return 0;
	uint64_t left;
	r = sleep_until(ts_ticks((uint64_t)want / 1000000000ull, (uint64_t)want % 1000000000ull, t.hz),
			&left);
	return r < 0 ? -r : 0;             /* no *rem for an absolute sleep */
}

unsigned sleep(unsigned seconds)
{
	struct timespec rem = { 0, 0 };
	if (sleep_for(seconds, 0, &rem) < 0)
		return (unsigned)rem.tv_sec + (rem.tv_nsec > 0);
	return 0;
}

int usleep(useconds_t us)
{
	return (int)__px_ret(sleep_for(us / 1000000u, (uint64_t)(us % 1000000u) * 1000u, NULL));
}

/* pause(): wait for a signal that runs a handler (or ends the process):
 * sigsuspend with the mask as it is; always -1 with EINTR. */
int pause(void)
{
	sigset_t mask;
	sigprocmask(SIG_BLOCK, NULL, &mask);
	return sigsuspend(&mask);
}

/* ---- timers (PM) ---- */

static int64_t tv_us(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * 1000000 + tv->tv_usec;
}

static void us_tv(int64_t us, struct timeval *tv)
{
	tv->tv_sec = (time_t)(us / 1000000);
	tv->tv_usec = (suseconds_t)(us % 1000000);
}

static int valid_tv(const struct timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

int setitimer(int which, const struct itimerval *restrict value, struct itimerval *restrict old)
{
	if (!value || !valid_tv(&value->it_value) || !valid_tv(&value->it_interval))
		return (int)__px_ret(-EINVAL);
	if (which != ITIMER_REAL)
		return (int)__px_ret(-EINVAL);   /* VIRTUAL and PROF: docs/time.md */
	int64_t ov, oi;
	int r = pm_req_itimer(which, 1, tv_us(&value->it_value), tv_us(&value->it_interval), &ov, &oi);
	if (r < 0)
		return (int)__px_ret(r);
	if (old) {
		us_tv(ov, &old->it_value);
		us_tv(oi, &old->it_interval);
	}
	return 0;
}

int getitimer(int which, struct itimerval *value)
{
	if (which != ITIMER_REAL)
		return (int)__px_ret(-EINVAL);
	if (!value)
		return (int)__px_ret(-EFAULT);
	int64_t ov, oi;
	int r = pm_req_itimer(which, 0, 0, 0, &ov, &oi);
	if (r < 0)
		return (int)__px_ret(r);
	us_tv(ov, &value->it_value);
	us_tv(oi, &value->it_interval);
	return 0;
}

/* The seconds left of the previous alarm, rounded up (never 0 while one
 * was set). */
unsigned alarm(unsigned seconds)
{
	int64_t ov = 0;
	if (pm_req_itimer(ITIMER_REAL, 1, (int64_t)seconds * 1000000, 0, &ov, NULL) < 0)
		return 0;
	return (unsigned)((ov + 999999) / 1000000);
}

useconds_t ualarm(useconds_t value, useconds_t interval)
{
	int64_t ov = 0;
	if (pm_req_itimer(ITIMER_REAL, 1, value, interval, &ov, NULL) < 0)
		return 0;
	return (useconds_t)ov;
}
