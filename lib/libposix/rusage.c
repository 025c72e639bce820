/*
 * getrusage: the user and system time the kernel has counted for this
 * process (KC_TIMES, the same figures times() reports). The kernel does
 * not add up the times of waited-for children (times() reports 0 for
 * them as well), so RUSAGE_CHILDREN reports zero times.
 */
#include "posix_priv.h"

#include <sys/resource.h>

static void ticks_to_tv(uint64_t ticks, uint64_t hz, struct timeval *tv)
{
	tv->tv_sec = (time_t)(ticks / hz);
	tv->tv_usec = (suseconds_t)(ticks % hz * 1000000 / hz);
}

int getrusage(int who, struct rusage *usage)
{
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN)
		return (int)__px_ret(-EINVAL);
	if (!usage)
		return (int)__px_ret(-EFAULT);
	memset(usage, 0, sizeof(*usage));
	if (who == RUSAGE_CHILDREN)
		return 0;
	PX_MSG(m);
	m.m_krn_times.who = SELF;
	int r = __px_kcall(KC_TIMES, &m);
	if (r < 0)
		return (int)__px_ret(r);
	uint64_t hz = m.m_krn_times.hz ? m.m_krn_times.hz : 100;
	ticks_to_tv(m.m_krn_times.user_ticks, hz, &usage->ru_utime);
	ticks_to_tv(m.m_krn_times.sys_ticks, hz, &usage->ru_stime);
	return 0;
}
