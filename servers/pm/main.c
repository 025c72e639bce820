/*
 * PM's main loop and message tables (calls[], kernel_calls[] below):
 * requests from processes (include/quire/pm.h) and the kernel's reports
 * of signals and ended processes.
 */
#include "pm.h"
#include <quire/kinfo.h>

struct mproc mproc[NR_PROCS];

struct mproc *mp_by_ep(endpoint_t ep)
{
	if (ep < 0)
		return NULL;
	struct mproc *mp = &mproc[_ENDPOINT_SLOT(ep) % NR_PROCS];
	return (mp->state != MP_FREE && mp->ep == ep) ? mp : NULL;
}

struct mproc *mp_by_pid(int pid)
{
	for (int i = 0; i < NR_PROCS; i++)
		if (mproc[i].state != MP_FREE && mproc[i].pid == pid)
			return &mproc[i];
	return NULL;
}

void reply(endpoint_t to, message *m, int result)
{
	m->m_type = result;
	ipc_sendnb(to, m);
}

static int do_getpid(message *m)
{
	struct mproc *mp = mp_by_ep(m->m_source);
	if (!mp)
		return -ESRCH;
	m->m_pm.pid = mp->pid;
	m->m_pm.ppid = mp->ppid;
	return mp->pid;
}

/* By pid, or by endpoint when pid is 0. */
static int do_getproc(message *m)
{
	struct mproc *mp = m->m_pm.pid ? mp_by_pid(m->m_pm.pid) : mp_by_ep(m->m_pm.endpoint);
	if (!mp)
		return -ESRCH;
	m->m_pm.endpoint = mp->ep;
	m->m_pm.state = mp->state == MP_ALIVE ? PMS_ALIVE : PMS_ZOMBIE;
	m->m_pm.status = mp->status;
	m->m_pm.ppid = mp->ppid;
	m->m_pm.pid = mp->pid;
	return OK;
}

/* Every process running at boot gets a pid: its slot + 1. */
static void adopt_boot_processes(void)
{
	for (int slot = 0; slot < NR_PROCS; slot++) {
		struct proc_info pi;
		if (sys_getprocinfo(slot, &pi) != OK || pi.state == PS_FREE || pi.state == PS_DEAD)
			continue;
		struct mproc *mp = &mproc[slot];
		mp->state = MP_ALIVE;
		mp->ep = pi.endpoint;
		mp->pid = slot + 1;
		mp->ppid = 0;
		mp->boot = true;
		mp->ss_flags = QSS_DISABLE;
		mp->pgid = mp->sid = mp->pid;
		cred_init(mp);
		struct priv_spec pr;
		mp->system = sys_privctl(pi.endpoint, PRIVCTL_GET, &pr) == OK && (pr.flags & PRIV_SYS_PROC);
		pm_publish(mp);
	}
}

/* Power off, or end a test boot: status >= 0 is the test verdict. */
static int do_poweroff(message *m)
{
	struct kinfo k;
	sys_getkinfo(&k);
	printf("pm: power off requested by endpoint %d\n", m->m_source);
	if (k.test_mode && m->m_pm.status >= 0)
		return sys_abort(ABORT_TEST_STATUS, m->m_pm.status);
	return sys_abort(ABORT_POWEROFF, 0);
}

/* Requests from processes: the answer (>= 0 or -errno), or NO_REPLY. */
typedef int (*pm_call)(message *m);

static const pm_call calls[PM_NR_CALLS] = {
	[PM_FORK - PM_RQ_BASE]       = do_fork,          /* forkexit.c */
	[PM_WAITPID - PM_RQ_BASE]    = do_waitpid,       /* forkexit.c */
	[PM_GETPID - PM_RQ_BASE]     = do_getpid,
	[PM_KILL - PM_RQ_BASE]       = do_kill,          /* signal.c */
	[PM_GETPROC - PM_RQ_BASE]    = do_getproc,
	[PM_POWEROFF - PM_RQ_BASE]   = do_poweroff,
	[PM_NEXT_EVENT - PM_RQ_BASE] = do_next_event,    /* events.c */
	[PM_SIGACTION - PM_RQ_BASE]  = do_sigaction,     /* signal.c */
	[PM_SIGQUEUE - PM_RQ_BASE]   = do_sigqueue,      /* signal.c */
	[PM_EXEC - PM_RQ_BASE]       = do_exec,          /* signal.c */
	[PM_SIGPROCMASK - PM_RQ_BASE] = do_sigprocmask,  /* sigcalls.c */
	[PM_SIGPENDING - PM_RQ_BASE] = do_sigpending,    /* sigcalls.c */
	[PM_SIGSUSPEND - PM_RQ_BASE] = do_sigsuspend,    /* sigcalls.c */
	[PM_SIGRETURN - PM_RQ_BASE]  = do_sigreturn,     /* sigcalls.c */
	[PM_SIGWAIT - PM_RQ_BASE]    = do_sigwait,       /* sigcalls.c */
	[PM_SIGALTSTACK - PM_RQ_BASE] = do_sigaltstack,  /* sigcalls.c */
	[PM_SETPGID - PM_RQ_BASE]    = do_setpgid,       /* pgrp.c */
	[PM_GETPGID - PM_RQ_BASE]    = do_getpgid,       /* pgrp.c */
	[PM_SETSID - PM_RQ_BASE]     = do_setsid,        /* pgrp.c */
	[PM_GETSID - PM_RQ_BASE]     = do_getsid,        /* pgrp.c */
	[PM_BGTTY - PM_RQ_BASE]      = do_bgtty,         /* pgrp.c */
	[PM_SETTIME - PM_RQ_BASE]    = do_settime,       /* timers.c */
	[PM_ITIMER - PM_RQ_BASE]     = do_itimer,        /* timers.c */
	[PM_TIMES - PM_RQ_BASE]      = do_times,         /* timers.c */
	[PM_PTIMER - PM_RQ_BASE]     = do_ptimer,        /* ptimers.c */
	[PM_GETCRED - PM_RQ_BASE]    = do_getcred,       /* cred.c */
	[PM_SETID - PM_RQ_BASE]      = do_setid,         /* cred.c */
	[PM_GETGROUPS - PM_RQ_BASE]  = do_getgroups,     /* cred.c */
	[PM_SETGROUPS - PM_RQ_BASE]  = do_setgroups,     /* cred.c */
	[PM_EXEC_CRED - PM_RQ_BASE]  = do_exec_cred,     /* cred.c */
	[PM_GETRLIMIT - PM_RQ_BASE]  = do_getrlimit,     /* rlimit.c */
	[PM_SETRLIMIT - PM_RQ_BASE]  = do_setrlimit,     /* rlimit.c */
	[PM_PROCCRED - PM_RQ_BASE]   = do_proccred,      /* cred.c */
};

/* Messages from the kernel (m_source KERNEL): no answer. */
typedef void (*pm_kcall)(const mess_pm_kernel *k);

static const pm_kcall kernel_calls[PM_NR_KCALLS] = {
	[PM_KSIG - PM_KRQ_BASE]  = kernel_signal,        /* sigdeliver.c */
	[PM_KEXIT - PM_KRQ_BASE] = process_ended,        /* forkexit.c */
};

int main(int argc, char **argv)
{
	adopt_boot_processes();
	events_init();
	printf("pm: managing processes\n");
	message m;
	endpoint_t answer = NONE;       /* whom m answers: sent as the next receive begins */
	for (;;) {
		int rr = ipc_reply_receive(answer, &m);
		answer = NONE;
		if (rr != OK)
			continue;
		if (m.m_source == KERNEL) {
			int k = m.m_type - PM_KRQ_BASE;
			if (k >= 0 && k < PM_NR_KCALLS && kernel_calls[k])
				kernel_calls[k](&m.m_pm_kernel);
			continue;
		}
		if (m.m_type == NOTIFY_MESSAGE) {
			if (m.m_source == CLOCK)
				timers_expired();       /* timers.c */
			continue;
		}
		int call = m.m_type - PM_RQ_BASE;
		pm_call fn = call >= 0 && call < PM_NR_CALLS ? calls[call] : NULL;
		int r = fn ? fn(&m) : -ENOSYS;
		if (r != NO_REPLY) {
			m.m_type = r;           /* as reply() */
			answer = m.m_source;
		}
	}
}
