/*
 * Resource limits (getrlimit/setrlimit). PM keeps them per process and
 * hands them down on fork and exec. Who enforces each:
 *   RLIMIT_NOFILE  VFS (open, dup, fcntl F_DUPFD, pipe: EMFILE), from the
 *                  copy PM sends with PM_EV_CRED; at most VFS_OPEN_MAX
 *   RLIMIT_FSIZE   VFS (a write to a regular file past it: SIGXFSZ and
 *                  EFBIG; one that crosses it is cut short)
 *   the others     stored and answered only (docs/users.md)
 * The soft limit never exceeds the hard one; raising a hard limit needs
 * an effective uid of 0.
 */
#include "pm.h"
#include <quire/vfs.h>

void rlimit_init(struct mproc *mp)
{
	for (int i = 0; i < PM_RLIM_NLIMITS; i++)
		mp->rlim[i].cur = mp->rlim[i].max = PM_RLIM_INFINITY;
	mp->rlim[PM_RLIMIT_NOFILE].cur = mp->rlim[PM_RLIMIT_NOFILE].max = VFS_OPEN_MAX;
	mp->rlim[PM_RLIMIT_STACK].cur = mp->rlim[PM_RLIMIT_STACK].max = 8ULL << 20;  /* VFS's exec stack */
	mp->rlim[PM_RLIMIT_CORE].cur = 0;     /* no core files are written */
}

int do_getrlimit(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	if (!mp)
		return -ESRCH;
	int res = m->m_pm_rlimit.resource;
	if (res < 0 || res >= PM_RLIM_NLIMITS)
		return -EINVAL;
	m->m_pm_rlimit.cur = mp->rlim[res].cur;
	m->m_pm_rlimit.max = mp->rlim[res].max;
	return OK;
}

int do_setrlimit(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	if (!mp)
		return -ESRCH;
	int res = m->m_pm_rlimit.resource;
	uint64_t cur = m->m_pm_rlimit.cur, max = m->m_pm_rlimit.max;
	if (res < 0 || res >= PM_RLIM_NLIMITS || cur > max)
		return -EINVAL;
	if (max > mp->rlim[res].max && mp->euid != 0)
		return -EPERM;
	/* VFS has VFS_OPEN_MAX slots: a larger NOFILE limit cannot be kept. */
	if (res == PM_RLIMIT_NOFILE && max > VFS_OPEN_MAX && max != PM_RLIM_INFINITY)
		return -EPERM;
	mp->rlim[res].cur = cur;
	mp->rlim[res].max = max;
	if (res == PM_RLIMIT_NOFILE || res == PM_RLIMIT_FSIZE)
		cred_event(mp);                /* VFS enforces these two */
	return OK;
}
