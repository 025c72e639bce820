/*
 * getrusage: the CPU time the kernel has counted for this process
 * (KC_TIMES, the figures times() reports), or for its waited-for
 * children and theirs (PM_TIMES, as times() has them); and VM's figures
 * (VM_RUSAGE): minor and major page faults (a major one waited for file
 * data from its server) and the largest resident size in KiB, of the
 * process or of its ended children (VM counts a child when it ends, PM
 * when it is waited for: they differ only between the two). The rest of
 * struct rusage is not counted and reads 0.
 */
#include "posix_priv.h"

#include <sys/resource.h>
#include <quire/vm.h>

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
	mess_vm_usage vu;
	r = vm_req_rusage(SELF, who == RUSAGE_SELF ? Q_RUSAGE_SELF : Q_RUSAGE_CHILDREN, &vu);
	if (r < 0)
		return (int)__px_ret(r);
	memset(usage, 0, sizeof(*usage));
	uint64_t hz = t.hz ? t.hz : 100;
	ticks_to_tv(user, hz, &usage->ru_utime);
	ticks_to_tv(sys, hz, &usage->ru_stime);
	usage->ru_minflt = (long)vu.minflt;
	usage->ru_majflt = (long)vu.majflt;
	usage->ru_maxrss = (long)(vu.maxrss * 4);     /* 4 KiB pages, in KiB */
	return 0;
}
