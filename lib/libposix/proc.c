/*
 * Processes: fork, wait, getpid, kill, _exit (PM requests and KC_EXIT).
 * Process groups: pgrp.c.
 */
#include "posix_priv.h"

#include <signal.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <quire/pm.h>
#include <quire/proctab.h>
#include <quire/signal.h>

_Static_assert(SIGKILL == QSIGKILL && SIGTERM == QSIGTERM && SIGCHLD == QSIGCHLD &&
	       SIGUSR1 == QSIGUSR1 && SIGUSR2 == QSIGUSR2 && SIGSTOP == QSIGSTOP &&
	       SIGWINCH == QSIGWINCH && SIGPIPE == QSIGPIPE && SIGALRM == QSIGALRM &&
	       NSIG == QNSIG, "newlib's signal numbers are PM's");
_Static_assert(WNOHANG == 1 && WUNTRACED == QWUNTRACED && WCONTINUED == QWCONTINUED,
	       "waitpid's options are PM's");

pid_t fork(void)
{
	return (pid_t)__px_ret(pm_req_fork());
}

/* vfork() is fork(): the child gets its own copy-on-write address space. */
pid_t vfork(void)
{
	return fork();
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	/* PM takes POSIX's pid: -1 any child, 0 my group, -g group g. */
	int r;
	do      /* ERESTART: a handler with SA_RESTART ran; wait again */
		r = pm_req_waitpid(pid, status, options);
	while (r == -QERESTART);
	return (pid_t)__px_ret(r);
}

pid_t wait(int *status)
{
	return waitpid(-1, status, 0);
}

/* Who I am: the public process table (quire/proctab.h) without a
 * message; PM when it has not published me yet. */
pid_t getpid(void)
{
	struct proc_pub me;
	if (proctab_self(&me) == 0)
		return me.pid;
	int r = pm_req_getpid(NULL);
	return r < 0 ? (pid_t)__px_ret(r) : r;
}

pid_t getppid(void)
{
	struct proc_pub me;
	if (proctab_self(&me) == 0)
		return me.ppid;
	int ppid = 0;
	int r = pm_req_getpid(&ppid);
	return r < 0 ? (pid_t)__px_ret(r) : ppid;
}

int kill(pid_t pid, int sig)
{
	if (sig < 0 || sig >= NSIG)
		return (int)__px_ret(-EINVAL);
	if (pid == 0) {                          /* my group (PM's pid 0 means an endpoint) */
		pid = getpgrp();
		if (pid < 0)
			return -1;
		pid = -pid;
	}

	/* sig 0 asks PM whether the process exists (a zombie: ESRCH). */
	return (int)__px_ret(pm_req_kill(pid, NONE, sig));
}

int killpg(pid_t pgrp, int sig)
{
	if (pgrp < 0 || pgrp == 1)
		return (int)__px_ret(-EINVAL);
	return kill(-pgrp, sig);      /* 0: my group */
}

/* End the process: KC_EXIT (the kernel tells PM, which tells VFS). */
void _exit(int status)
{
	for (;;) {
		PX_MSG(m);
		m.m_krn_exit.who = SELF;
		m.m_krn_exit.status = status & 0xff;
		__px_kcall(KC_EXIT, &m);
	}
}
