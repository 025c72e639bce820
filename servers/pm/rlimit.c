/*
 * Resource limits (getrlimit/setrlimit). PM keeps them per process and
 * hands them down on fork and exec. Who enforces each:
 *   RLIMIT_NOFILE  VFS (open, dup, fcntl F_DUPFD, pipe: EMFILE), from the
 *                  copy PM sends with PM_EV_CRED; at most VFS_OPEN_MAX
 *   RLIMIT_FSIZE   VFS (a write to a regular file past it: SIGXFSZ and
 *                  EFBIG; one that crosses it is cut short)
 *   RLIMIT_AS      VM (servers/vm/limits.c): mmap, file mappings and brk
 *   RLIMIT_DATA    growth past it fail ENOMEM; the heap (brk) past DATA
 *   RLIMIT_STACK   too; the stack region exec maps is at most STACK long
 *                  (growth past it: SIGSEGV). PM sends VM the three soft
 *                  limits (VM_RLIMIT) when one changes; VM copies them on
 *                  fork and keeps them across exec, as PM does
 *   RLIMIT_CORE    trivially: Quire writes no core files, so any limit
 *                  is honoured
 *   RLIMIT_CPU     PM (below): SIGXCPU at the soft limit and every
 *                  second of CPU time after it, SIGKILL at the hard one
 *   RLIMIT_MEMLOCK VM (servers/vm/wire.c): mlock and mlockall past it fail;
 *                  root is exempt, so PM sends VM the soft limit of a
 *                  process whose effective uid is not 0 and infinity for
 *                  root, again whenever the limit or the uid changes
 *                  (rlimit_vm, from cred_event)
 * The soft limit never exceeds the hard one; raising a hard limit needs
 * an effective uid of 0.
 */
#include "pm.h"
#include <quire/vfs.h>
#include <quire/vm.h>

/* PM's limits go to VM as they are (VM_RLIMIT). */
_Static_assert(PM_RLIM_INFINITY == VM_RLIM_INFINITY, "one infinity for PM and VM");

void rlimit_init(struct mproc *mp)
{
	for (int i = 0; i < PM_RLIM_NLIMITS; i++)
		mp->rlim[i].cur = mp->rlim[i].max = PM_RLIM_INFINITY;
	mp->rlim[PM_RLIMIT_NOFILE].cur = mp->rlim[PM_RLIMIT_NOFILE].max = VFS_OPEN_MAX;
	/* VM starts every process with the same stack limit (VM_RLIMIT only
	 * says what changed since). */
	mp->rlim[PM_RLIMIT_STACK].cur = mp->rlim[PM_RLIMIT_STACK].max = VM_STACK_DEFAULT;
	mp->rlim[PM_RLIMIT_CORE].cur = 0;     /* no core files are written */
	mp->rlim[PM_RLIMIT_MEMLOCK].cur = mp->rlim[PM_RLIMIT_MEMLOCK].max = PM_MEMLOCK_DEFAULT;
}

/* The limits VM enforces, as VM is to have them: lim[] the soft limits
 * (one of them possibly about to change), root exempt from MEMLOCK. */
static int vm_limits(const struct mproc *mp, const uint64_t lim[PM_RLIM_NLIMITS])
{
	uint64_t memlock = mp->euid == 0 ? PM_RLIM_INFINITY : lim[PM_RLIMIT_MEMLOCK];
	return vm_req_rlimit(mp->ep, lim[PM_RLIMIT_AS], lim[PM_RLIMIT_DATA], lim[PM_RLIMIT_STACK],
			     memlock);
}

/* mp's credentials changed (cred_event): VM's MEMLOCK exemption follows
 * its effective uid. VM keeps the old one if it cannot be told (it only
 * fails for a process it no longer knows). */
void rlimit_vm(struct mproc *mp)
{
	uint64_t lim[PM_RLIM_NLIMITS];
	for (int i = 0; i < PM_RLIM_NLIMITS; i++)
		lim[i] = mp->rlim[i].cur;
	vm_limits(mp, lim);
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
	if (res == PM_RLIMIT_AS || res == PM_RLIMIT_DATA || res == PM_RLIMIT_STACK ||
	    res == PM_RLIMIT_MEMLOCK) {
		/* VM enforces these: it takes them first, so the two copies
		 * never differ (PM may call VM: docs/architecture.md). */
		uint64_t lim[PM_RLIM_NLIMITS];
		for (int i = 0; i < PM_RLIM_NLIMITS; i++)
			lim[i] = mp->rlim[i].cur;
		lim[res] = cur;
		int r = vm_limits(mp, lim);
		if (r != OK)
			return r;
	}
	mp->rlim[res].cur = cur;
	mp->rlim[res].max = max;
	if (res == PM_RLIMIT_NOFILE || res == PM_RLIMIT_FSIZE)
		cred_event(mp);                /* VFS enforces these two */
	if (res == PM_RLIMIT_CPU)
		rlimit_cpu_check(mp);
	return OK;
}

/*
 * RLIMIT_CPU. The kernel counts each process's user and system ticks
 * (sys_getprocinfo); PM looks at them when the next limit could at the
 * earliest have been reached: CPU time grows no faster than uptime, so
 * a check `left` ticks from now, where left is the CPU time still to go,
 * can never come late, and a process that sleeps is looked at rarely.
 * The check is mp->cpu_timer (timers.c), armed while either CPU limit is
 * finite.
 */
static uint64_t sec_to_ticks(uint64_t sec)
{
	uint64_t hz = pm_hz();
	return sec == PM_RLIM_INFINITY || sec > PM_RLIM_INFINITY / hz ? PM_RLIM_INFINITY : sec * hz;
}

/* The CPU ticks mp has used; false if the kernel no longer knows it. */
static bool cpu_used(const struct mproc *mp, uint64_t *ticks)
{
	struct proc_info pi;
	if (sys_getprocinfo(_ENDPOINT_SLOT(mp->ep), &pi) != OK || pi.endpoint != mp->ep)
		return false;
	*ticks = pi.user_ticks + pi.sys_ticks;
	return true;
}

/* Act on mp's CPU time and arm the next check (or none). */
void rlimit_cpu_check(struct mproc *mp)
{
	uint64_t soft = sec_to_ticks(mp->rlim[PM_RLIMIT_CPU].cur);
	uint64_t hard = sec_to_ticks(mp->rlim[PM_RLIMIT_CPU].max);
	uint64_t used;
	ptimer_cancel(&mp->cpu_timer);
	if (mp->state != MP_ALIVE || (soft == PM_RLIM_INFINITY && hard == PM_RLIM_INFINITY) ||
	    !cpu_used(mp, &used))
		return;
	if (used >= hard) {
		pm_signal(mp, QSIGKILL);
		return;
	}
	uint64_t next = soft;
	if (used >= soft) {
		next = used + pm_hz();         /* again after each further second */
		if (next > hard)
			next = hard;
		if (pm_signal(mp, QSIGXCPU) == SIG_ENDED)
			return;
	}
	ptimer_arm(&mp->cpu_timer, mp, PT_CPU, sys_uptime() + (next - used));
}

void rlimit_fork(struct mproc *child)
{
	rlimit_cpu_check(child);
}
