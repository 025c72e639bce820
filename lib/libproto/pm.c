/*
 * PM's requests (include/quire/pm.h), one stub each; see proto.h for the
 * conventions. PM_KSIG and PM_KEXIT come from the kernel.
 */
#include "proto.h"
#include <quire/endpoints.h>

int pm_req_fork(void)
{
	PROTO_MSG(m);
	return proto_call(PM_PROC_NR, PM_FORK, &m);
}

int pm_req_waitpid(int pid, int *status, int options)
{
	PROTO_MSG(m);
	m.m_pm.pid = pid;
	m.m_pm.options = options;
	int r = proto_call(PM_PROC_NR, PM_WAITPID, &m);
	/* 0 (WNOHANG, no child ended yet) carries no status. */
	if (r > 0 && status)
		*status = m.m_pm.status;
	return r;
}

int pm_req_getpid(int *ppid)
{
	PROTO_MSG(m);
	int r = proto_call(PM_PROC_NR, PM_GETPID, &m);
	if (r >= 0 && ppid)
		*ppid = m.m_pm.ppid;
	return r;
}

int pm_req_kill(int pid, endpoint_t ep, int sig)
{
	PROTO_MSG(m);
	m.m_pm.pid = pid;
	m.m_pm.endpoint = ep;        /* read by PM only when pid is 0 */
	m.m_pm.sig = sig;
	return proto_call(PM_PROC_NR, PM_KILL, &m);
}

int pm_req_getproc(int pid, endpoint_t ep, struct pm_procinfo *out)
{
	PROTO_MSG(m);
	m.m_pm.pid = pid;
	m.m_pm.endpoint = ep;        /* read by PM only when pid is 0 */
	int r = proto_call(PM_PROC_NR, PM_GETPROC, &m);
	if (r >= 0 && out) {
		out->pid = m.m_pm.pid;
		out->ppid = m.m_pm.ppid;
		out->endpoint = m.m_pm.endpoint;
		out->state = m.m_pm.state;
		out->status = m.m_pm.status;
	}
	return r;
}

int pm_req_poweroff(int status)
{
	PROTO_MSG(m);
	m.m_pm.status = status;
	return proto_call(PM_PROC_NR, PM_POWEROFF, &m);
}

/* Every signal call carries m_pm_sig both ways: the answer's fields are
 * copied back whatever the result (PM fills them only on success). */
int pm_req_sig(int call, mess_pm_sig *s)
{
	PROTO_MSG(m);
	m.m_pm_sig = *s;
	int r = proto_call(PM_PROC_NR, call, &m);
	if (r >= 0)
		*s = m.m_pm_sig;
	return r;
}

int pm_req_sigwait(uint64_t set, int64_t timeout_ns, mess_pm_sigwait *info)
{
	PROTO_MSG(m);
	m.m_pm_sigwait.set = set;
	m.m_pm_sigwait.timeout_ns = timeout_ns;
	int r = proto_call(PM_PROC_NR, PM_SIGWAIT, &m);
	if (r > 0 && info)
		*info = m.m_pm_sigwait;
	return r;
}

int pm_req_pgrp(int call, int pid, int pgid)
{
	PROTO_MSG(m);
	m.m_pm_pgrp.pid = pid;
	m.m_pm_pgrp.pgid = pgid;
	return proto_call(PM_PROC_NR, call, &m);
}

int pm_req_bgtty(endpoint_t user, int fg_pgid, int sig)
{
	PROTO_MSG(m);
	m.m_pm_pgrp.endpoint = user;
	m.m_pm_pgrp.pgid = fg_pgid;
	m.m_pm_pgrp.sig = sig;
	return proto_call(PM_PROC_NR, PM_BGTTY, &m);
}

int pm_req_next_event(endpoint_t *ep, endpoint_t *parent, struct pm_cred *cred)
{
	PROTO_MSG(m);
	m.m_pm_cred.addr = (uint64_t)(uintptr_t)cred->groups;   /* PM_EV_CRED's groups */
	int r = proto_call(PM_PROC_NR, PM_NEXT_EVENT, &m);
	if (r == PM_EV_CRED) {
		if (ep)
			*ep = m.m_pm_cred.endpoint;
		cred->ruid = m.m_pm_cred.ruid;
		cred->euid = m.m_pm_cred.euid;
		cred->suid = m.m_pm_cred.suid;
		cred->rgid = m.m_pm_cred.rgid;
		cred->egid = m.m_pm_cred.egid;
		cred->sgid = m.m_pm_cred.sgid;
		cred->ngroups = m.m_pm_cred.ngroups;
		cred->nofile = m.m_pm_cred.nofile;
		cred->fsize = m.m_pm_cred.fsize;
	} else if (r >= 0) {
		if (ep)
			*ep = m.m_pm.endpoint;
		if (parent)
			*parent = m.m_pm.parent_ep;
	}
	return r;
}

int pm_req_settime(int64_t realtime_ns)
{
	PROTO_MSG(m);
	m.m_pm_time.realtime_ns = realtime_ns;
	return proto_call(PM_PROC_NR, PM_SETTIME, &m);
}

int pm_req_itimer(int which, int set, int64_t value_us, int64_t interval_us,
		  int64_t *old_value, int64_t *old_interval)
{
	PROTO_MSG(m);
	m.m_pm_time.which = which;
	m.m_pm_time.set = set;
	m.m_pm_time.value_us = value_us;
	m.m_pm_time.interval_us = interval_us;
	int r = proto_call(PM_PROC_NR, PM_ITIMER, &m);
	if (r >= 0) {
		if (old_value)
			*old_value = m.m_pm_time.value_us;
		if (old_interval)
			*old_interval = m.m_pm_time.interval_us;
	}
	return r;
}

/* PM's answer to PM_GETCRED or PM_PROCCRED, into *out. */
static void cred_out(const message *m, struct pm_cred *out)
{
	out->ruid = m->m_pm_cred.ruid;
	out->euid = m->m_pm_cred.euid;
	out->suid = m->m_pm_cred.suid;
	out->rgid = m->m_pm_cred.rgid;
	out->egid = m->m_pm_cred.egid;
	out->sgid = m->m_pm_cred.sgid;
	out->ngroups = m->m_pm_cred.ngroups;
	out->nofile = m->m_pm_cred.nofile;
	out->fsize = m->m_pm_cred.fsize;
}

int pm_req_getcred(struct pm_cred *out)
{
	PROTO_MSG(m);
	int r = proto_call(PM_PROC_NR, PM_GETCRED, &m);
	if (r >= 0 && out)
		cred_out(&m, out);
	return r;
}

int pm_req_proccred(endpoint_t ep, struct pm_cred *out)
{
	PROTO_MSG(m);
	m.m_pm_cred.endpoint = ep;
	int r = proto_call(PM_PROC_NR, PM_PROCCRED, &m);
	if (r >= 0 && out)
		cred_out(&m, out);
	return r;
}

int pm_req_ptimer(mess_pm_ptimer *t)
{
	PROTO_MSG(m);
	m.m_pm_ptimer = *t;
	int r = proto_call(PM_PROC_NR, PM_PTIMER, &m);
	if (r >= 0)
		*t = m.m_pm_ptimer;
	return r;
}

int pm_req_times(uint64_t *cuser, uint64_t *csys)
{
	PROTO_MSG(m);
	int r = proto_call(PM_PROC_NR, PM_TIMES, &m);
	if (r >= 0) {
		if (cuser)
			*cuser = m.m_pm_time.cuser_ticks;
		if (csys)
			*csys = m.m_pm_time.csys_ticks;
	}
	return r;
}

int pm_req_setid(int op, uint32_t a, uint32_t b)
{
	PROTO_MSG(m);
	m.m_pm_cred.op = op;
	m.m_pm_cred.ruid = a;
	m.m_pm_cred.euid = b;
	return proto_call(PM_PROC_NR, PM_SETID, &m);
}

int pm_req_getgroups(int size, uint32_t *list)
{
	PROTO_MSG(m);
	m.m_pm_cred.ngroups = size;
	m.m_pm_cred.addr = (uint64_t)(uintptr_t)list;
	return proto_call(PM_PROC_NR, PM_GETGROUPS, &m);
}

int pm_req_setgroups(int n, const uint32_t *list)
{
	PROTO_MSG(m);
	m.m_pm_cred.ngroups = n;
	m.m_pm_cred.addr = (uint64_t)(uintptr_t)list;
	return proto_call(PM_PROC_NR, PM_SETGROUPS, &m);
}

int pm_req_exec_cred(endpoint_t ep, uint32_t euid, uint32_t egid)
{
	PROTO_MSG(m);
	m.m_pm_cred.endpoint = ep;
	m.m_pm_cred.euid = euid;
	m.m_pm_cred.egid = egid;
	return proto_call(PM_PROC_NR, PM_EXEC_CRED, &m);
}

int pm_req_getrlimit(int resource, uint64_t *cur, uint64_t *max)
{
	PROTO_MSG(m);
	m.m_pm_rlimit.resource = resource;
	int r = proto_call(PM_PROC_NR, PM_GETRLIMIT, &m);
	if (r >= 0) {
		if (cur)
			*cur = m.m_pm_rlimit.cur;
		if (max)
			*max = m.m_pm_rlimit.max;
	}
	return r;
}

int pm_req_setrlimit(int resource, uint64_t cur, uint64_t max)
{
	PROTO_MSG(m);
	m.m_pm_rlimit.resource = resource;
	m.m_pm_rlimit.cur = cur;
	m.m_pm_rlimit.max = max;
	return proto_call(PM_PROC_NR, PM_SETRLIMIT, &m);
}
