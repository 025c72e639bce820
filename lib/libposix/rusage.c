/*
 * getrusage: the CPU time the kernel has counted for this process
 * (KC_TIMES, the figures times() reports), or for its waited-for
 * children and theirs (PM_TIMES, as times() has them). The rest of
 * struct rusage is not counted and reads 0.
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
	struct px_ktimes t;
	int r = __px_ktimes(&t);
	if (r < 0)
		return (int)__px_ret(r);
	uint64_t user = t.user, sys = t.sys;
	if (who == RUSAGE_CHILDREN && (r = pm_req_times(&user, &sys)) < 0)
		return (int)__px_ret(r);
	memset(usage, 0, sizeof(*usage));
	uint64_t hz = t.hz ? t.hz : 100;
	ticks_to_tv(user, hz, &usage->ru_utime);
	ticks_to_tv(sys, hz, &usage->ru_stime);
	return 0;
}
