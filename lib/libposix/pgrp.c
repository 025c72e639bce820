/*
 * Process groups and sessions: PM keeps them (servers/pm/pgrp.c).
 */
#include "posix_priv.h"

#include <unistd.h>
#include <sys/types.h>

#include <quire/pm.h>
#include <quire/proctab.h>

pid_t getpgrp(void)
{
	struct proc_pub me;
	if (proctab_self(&me) == 0)
		return me.pgrp;
	return (pid_t)__px_ret(pm_req_pgrp(PM_GETPGID, 0, 0));
}

pid_t getpgid(pid_t pid)
{
	return (pid_t)__px_ret(pm_req_pgrp(PM_GETPGID, pid, 0));
}

pid_t getsid(pid_t pid)
{
	return (pid_t)__px_ret(pm_req_pgrp(PM_GETSID, pid, 0));
}

int setpgid(pid_t pid, pid_t pgid)
{
	return (int)__px_ret(pm_req_pgrp(PM_SETPGID, pid, pgid));
}

int setpgrp(void)
{
	return setpgid(0, 0);
}

pid_t setsid(void)
{
	return (pid_t)__px_ret(pm_req_pgrp(PM_SETSID, 0, 0));
}
