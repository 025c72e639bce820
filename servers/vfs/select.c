/*
 * poll (VFS_POLL); libposix builds select() and pselect() on it, so the
 * fd_sets never cross into VFS: the pollfd array does, read and written
 * with the checked try-first copies of lib/libsys/ucopy.c (EFAULT).
 *
 * Readiness is each vnode kind's `poll` entry (vnode.h); a kind without
 * one is always ready for reading and writing (regular files). Character
 * devices ask their driver (vn_dev.c, CDEV_SELECT): the tty answers from
 * its input queue, the memory driver always ready (/dev/null, /dev/zero),
 * and a driver that does not know the request is taken as always ready. A descriptor that is not open
 * gives POLLNVAL; a negative fd is skipped (revents 0), as POSIX says.
 *
 * Nothing ready and a timeout other than 0: the request is parked
 * (SUSP_POLL, vfs.h) with a deadline. select_wake() re-examines every
 * parked poll whenever a pipe's state changes (vn_pipe.c's wake) or a
 * character driver reports a select event (vn_dev.c's cdev_poll); VFS's
 * one kernel alarm (KC_SETALARM, absolute) is kept at the earliest
 * deadline, and its CLOCK notification ends the polls that are due with 0.
 * A parked poll ends early only through vfs_interrupt() (EINTR,
 * interrupt.c) or its process's end (select_cancel, from fproc_exit).
 *
 * VFS makes no call here that could wait for VFS: ucopy (VM_PREFAULT),
 * the kernel, and CDEV_SELECT to a character driver, which answers at
 * once and never calls VFS (docs/architecture.md).
 */
#include "vfs.h"

static uint64_t alarm_at;          /* VFS's armed kernel alarm; 0: none */
static int nr_parked;              /* processes with susp.kind SUSP_POLL */

static uint64_t hz(void)
{
	static uint64_t cached;
	if (!cached) {
		struct kinfo k;
		cached = sys_getkinfo(&k) == OK && k.hz ? k.hz : 100;
	}
	return cached;
}

/* The kernel alarm follows the earliest deadline of the parked polls. */
static void rearm(void)
{
	uint64_t first = 0;
	for (int i = 0; i < NR_PROCS; i++) {
		struct fproc *fp = &fprocs[i];
		if (fp->in_use && fp->susp.kind == SUSP_POLL && fp->susp.deadline &&
		    (!first || fp->susp.deadline < first))
			first = fp->susp.deadline;
	}
	if (first != alarm_at && sys_setalarm(first, 1) == OK)
		alarm_at = first;
}

static int poll_one(struct fproc *fp, const struct q_pollfd *p)
{
	if (p->fd < 0)
		return 0;
	struct filp *f = fd_filp(fp, p->fd);
	if (!f)
		return Q_POLLNVAL;
	int events = p->events | Q_POLLERR | Q_POLLHUP;   /* always reported */
	if (f->vp->ops->poll)
		return f->vp->ops->poll(f, events) & events;
	return events & (Q_POLLIN | Q_POLLRDNORM | Q_POLLOUT | Q_POLLWRNORM);
}

/* Examine fp's nfds pollfds at addr, write the revents back: the count of
 * entries with revents != 0, or -EFAULT. */
static int scan(struct fproc *fp, uint64_t addr, uint32_t nfds)
{
	struct q_pollfd pf[VFS_POLL_MAX];
	uint64_t size = (uint64_t)nfds * sizeof(pf[0]);
	if (nfds == 0)
		return 0;
	if (ucopy_from(fp->ep, addr, pf, size) != OK)
		return -EFAULT;
	int n = 0;
	for (uint32_t i = 0; i < nfds; i++) {
		pf[i].revents = (int16_t)poll_one(fp, &pf[i]);
		n += pf[i].revents != 0;
	}
	if (ucopy_to(fp->ep, addr, pf, size) != OK)
		return -EFAULT;
	return n;
}

int do_poll(struct fproc *fp, message *m)
{
	uint64_t addr = m->m_vfs.buf;
	uint32_t nfds = m->m_vfs.len;
	int timeout = m->m_vfs.mode;       /* ms; negative: no timeout */
	if (nfds > VFS_POLL_MAX)
		return -EINVAL;
	int n = scan(fp, addr, nfds);
	if (n != 0 || timeout == 0)
		return n;
	uint64_t deadline = 0;
	if (timeout > 0) {
		/* Whole ticks covering the timeout, plus the one under way: a
		 * poll never times out early. */
		uint64_t ticks = ((uint64_t)timeout * hz() + 999) / 1000;
		deadline = sys_uptime() + ticks + 1;
	}
	fp->susp = (struct susp){ .kind = SUSP_POLL, .buf = addr, .len = nfds, .deadline = deadline };
	nr_parked++;
	rearm();
	return SUSPEND_REPLY;
}

static void finish(struct fproc *fp, int result)
{
	fp->susp.kind = SUSP_NONE;
	nr_parked--;
	message m;
	memset(&m, 0, sizeof(m));
	reply(fp->ep, &m, result);
}

void select_wake(void)
{
	bool any = false;
	if (nr_parked == 0)
		return;                    /* nobody polls: the common case */
	for (int i = 0; i < NR_PROCS; i++) {
		struct fproc *fp = &fprocs[i];
		if (!fp->in_use || fp->susp.kind != SUSP_POLL)
			continue;
		int n = scan(fp, fp->susp.buf, (uint32_t)fp->susp.len);
		if (n != 0) {
			finish(fp, n);
			any = true;
		}
	}
	if (any)
		rearm();
}

void select_timeout(void)
{
	uint64_t now = sys_uptime();
	alarm_at = 0;                      /* it fired (or was stale) */
	for (int i = 0; i < NR_PROCS; i++) {
		struct fproc *fp = &fprocs[i];
		if (fp->in_use && fp->susp.kind == SUSP_POLL && fp->susp.deadline &&
		    fp->susp.deadline <= now)
			finish(fp, 0);     /* revents are 0 already: written when parked */
	}
	rearm();
}

void select_cancel(struct fproc *fp)
{
	if (fp->susp.kind != SUSP_POLL)
		return;
	fp->susp.kind = SUSP_NONE;
	nr_parked--;
	rearm();
}
