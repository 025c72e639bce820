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

int pm_req_pgrp(int call, int pid, int pgid)
{
	PROTO_MSG(m);
	m.m_pm_pgrp.pid = pid;
	m.m_pm_pgrp.pgid = pgid;
	return proto_call(PM_PROC_NR, call, &m);
}

int pm_req_ttin(endpoint_t reader, int fg_pgid)
{
	PROTO_MSG(m);
	m.m_pm_pgrp.endpoint = reader;
	m.m_pm_pgrp.pgid = fg_pgid;
	return proto_call(PM_PROC_NR, PM_TTIN, &m);
}

int pm_req_next_event(endpoint_t *ep, endpoint_t *parent)
{
	PROTO_MSG(m);
	int r = proto_call(PM_PROC_NR, PM_NEXT_EVENT, &m);
	if (r >= 0) {
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
