/*
 * Credentials: real, effective and saved user and group ids, and the
 * supplementary groups (at most PM_NGROUPS).
 *
 * PM owns them. VFS, which checks permissions on every path, keeps a
 * copy in its fproc: after every change PM queues a PM_EV_CRED event
 * (events.c) and VFS reads the process's current credentials with
 * PM_NEXT_EVENT. PM notifies VFS before it answers the caller, and the
 * kernel delivers notifications before queued requests, so the caller's
 * next VFS request is always checked with the new ids. fork copies the
 * credentials on both sides (here and in VFS's fork event); exec keeps
 * them, except that VFS tells PM (PM_EXEC_CRED) the owner of a
 * set-user-ID or set-group-ID program, and the saved ids then take the
 * effective ones, as POSIX says.
 *
 * Privilege is an effective uid of 0, for the group calls too.
 */
#include "pm.h"

void cred_init(struct mproc *mp)
{
	mp->ruid = mp->euid = mp->suid = 0;
	mp->rgid = mp->egid = mp->sgid = 0;
	mp->ngroups = 0;
	rlimit_init(mp);
}

void cred_inherit(struct mproc *c, const struct mproc *p)
{
	c->ruid = p->ruid;
	c->euid = p->euid;
	c->suid = p->suid;
	c->rgid = p->rgid;
	c->egid = p->egid;
	c->sgid = p->sgid;
	c->ngroups = p->ngroups;
	memcpy(c->groups, p->groups, sizeof(c->groups));
	memcpy(c->rlim, p->rlim, sizeof(c->rlim));
}

static void fill(mess_pm_cred *c, const struct mproc *mp)
{
	c->ruid = mp->ruid;
	c->euid = mp->euid;
	c->suid = mp->suid;
	c->rgid = mp->rgid;
	c->egid = mp->egid;
	c->sgid = mp->sgid;
	c->ngroups = mp->ngroups;
	uint64_t nofile = mp->rlim[PM_RLIMIT_NOFILE].cur;
	c->nofile = nofile > UINT32_MAX ? UINT32_MAX : (uint32_t)nofile;
	c->fsize = mp->rlim[PM_RLIMIT_FSIZE].cur;
}

/* kill(2)'s permission: uid 0, or the sender's real or effective uid is
 * the target's real or saved uid, or SIGCONT within one session (POSIX).
 * System processes are checked apart (signal.c: users may not signal
 * them). */
bool cred_may_signal(const struct mproc *sender, const struct mproc *target, int sig)
{
	if (sender->system || sender->euid == 0)
		return true;
	if (sig == QSIGCONT && sender->sid == target->sid)
		return true;
	return sender->ruid == target->ruid || sender->ruid == target->suid ||
	       sender->euid == target->ruid || sender->euid == target->suid;
}

/* The PM_EV_CRED answer for ep: the ids in the message, the groups
 * copied into VFS's buffer (m_pm_cred.addr). The process's state now,
 * not when the event was queued: later changes have their own event. */
int cred_fill_event(message *m, endpoint_t ep)
{
	uint64_t buf = m->m_pm_cred.addr;
	struct mproc *mp = mp_by_ep(ep);
	memset(&m->m_pm_cred, 0, sizeof(m->m_pm_cred));
	m->m_pm_cred.endpoint = ep;
	if (!mp)
		return PM_EV_CRED;    /* gone: its exit event follows; VFS ignores this one */
	fill(&m->m_pm_cred, mp);
	if (ucopy_to(VFS_PROC_NR, buf, mp->groups, (uint64_t)mp->ngroups * sizeof(uint32_t)) != OK)
		panic("pm: cannot give VFS the groups of %d", ep);
	return PM_EV_CRED;
}

int do_getcred(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	if (!mp)
		return -ESRCH;
	fill(&m->m_pm_cred, mp);
	return OK;
}

/* PM_PROCCRED: another process's ids (who is asking RS to act). Ids are
 * not secret (ps shows them), so anyone may ask. */
int do_proccred(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_pm_cred.endpoint);
	if (!mp || mp->state != MP_ALIVE)
		return -ESRCH;
	fill(&m->m_pm_cred, mp);
	return OK;
}

/* setuid/setgid: the privileged set all three; others only the effective
 * id, to the real or saved one. */
static int set_all(bool priv, uint32_t id, uint32_t *r, uint32_t *e, uint32_t *s)
{
	if (id == PM_ID_NONE)
		return -EINVAL;
	if (priv)
		*r = *e = *s = id;
	else if (id == *r || id == *s)
		*e = id;
	else
		return -EPERM;
	return OK;
}

static int set_eff(bool priv, uint32_t id, uint32_t r, uint32_t *e, uint32_t s)
{
	if (id == PM_ID_NONE)
		return -EINVAL;
	if (!priv && id != r && id != s)
		return -EPERM;
	*e = id;
	return OK;
}

/* setreuid/setregid: PM_ID_NONE leaves one unchanged. Unprivileged: the
 * real id may become the effective one, the effective id the real or
 * saved one. The saved id follows the effective one when the real id is
 * set or the effective one moves away from the real. Checked whole
 * before anything changes. */
static int set_re(bool priv, uint32_t nr, uint32_t ne, uint32_t *r, uint32_t *e, uint32_t *s)
{
	if (!priv) {
		if (nr != PM_ID_NONE && nr != *r && nr != *e)
			return -EPERM;
		if (ne != PM_ID_NONE && ne != *r && ne != *e && ne != *s)
			return -EPERM;
	}
	uint32_t old_r = *r;
	if (nr != PM_ID_NONE)
		*r = nr;
	if (ne != PM_ID_NONE)
		*e = ne;
	if (nr != PM_ID_NONE || (ne != PM_ID_NONE && ne != old_r))
		*s = *e;
	return OK;
}

int do_setid(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	if (!mp)
		return -ESRCH;
	uint32_t a = m->m_pm_cred.ruid, b = m->m_pm_cred.euid;
	bool priv = mp->euid == 0;
	int r;
	switch (m->m_pm_cred.op) {
	case SETID_UID:   r = set_all(priv, a, &mp->ruid, &mp->euid, &mp->suid); break;
	case SETID_GID:   r = set_all(priv, a, &mp->rgid, &mp->egid, &mp->sgid); break;
	case SETID_EUID:  r = set_eff(priv, a, mp->ruid, &mp->euid, mp->suid); break;
	case SETID_EGID:  r = set_eff(priv, a, mp->rgid, &mp->egid, mp->sgid); break;
	case SETID_REUID: r = set_re(priv, a, b, &mp->ruid, &mp->euid, &mp->suid); break;
	case SETID_REGID: r = set_re(priv, a, b, &mp->rgid, &mp->egid, &mp->sgid); break;
	default:          return -EINVAL;
	}
	if (r == OK)
		cred_event(mp);
	return r;
}

int do_getgroups(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	if (!mp)
		return -ESRCH;
	int size = m->m_pm_cred.ngroups;
	if (size == 0)
		return mp->ngroups;
	if (size < mp->ngroups || size < 0)
		return -EINVAL;
	int r = ucopy_to(mp->ep, m->m_pm_cred.addr, mp->groups,
			    (uint64_t)mp->ngroups * sizeof(uint32_t));
	return r != OK ? r : mp->ngroups;
}

int do_setgroups(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	if (!mp)
		return -ESRCH;
	int n = m->m_pm_cred.ngroups;
	if (mp->euid != 0)
		return -EPERM;
	if (n < 0 || n > PM_NGROUPS)
		return -EINVAL;
	uint32_t g[PM_NGROUPS];
	int r = ucopy_from(mp->ep, m->m_pm_cred.addr, g, (uint64_t)n * sizeof(uint32_t));
	if (r != OK)
		return r;
	memcpy(mp->groups, g, (size_t)n * sizeof(uint32_t));
	mp->ngroups = n;
	cred_event(mp);
	return OK;
}

/* VFS, during an exec it has checked: the program's owner for a
 * set-user-ID (set-group-ID) file, PM_ID_NONE otherwise. */
int do_exec_cred(message *m)
{
	if (m->m_source != VFS_PROC_NR)
		return -EPERM;
	struct mproc *mp = mp_by_ep(m->m_pm_cred.endpoint);
	if (!mp)
		return -ESRCH;
	if (m->m_pm_cred.euid != PM_ID_NONE)
		mp->euid = m->m_pm_cred.euid;
	if (m->m_pm_cred.egid != PM_ID_NONE)
		mp->egid = m->m_pm_cred.egid;
	mp->suid = mp->euid;
	mp->sgid = mp->egid;
	cred_event(mp);
	return OK;
}
