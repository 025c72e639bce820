/*
 * Signal dispositions: PM_SIGACTION.
 *
 * Quire has no signal handlers yet: PM applies a signal's default action
 * (terminate, or ignore SIGCHLD, SIGURG, SIGWINCH, SIGCONT) unless the
 * process asked PM to ignore the signal. So:
 *  - sigaction()/signal() accept SIG_DFL and SIG_IGN and tell PM (which
 *    then drops that signal from anyone: kill(), the terminal's ^C). PM
 *    keeps the setting across fork and exec, and answers the previous one.
 *  - A function handler is NOT supported yet: sigaction() fails with
 *    ENOSYS and signal() returns SIG_ERR (errno ENOSYS).
 *  - sigprocmask() keeps the mask in the process and reports it; PM does
 *    not know it, so blocking a signal does not delay it.
 * These replace newlib's signal()/raise() emulation (libc/signal), which
 * keeps handlers in the process and calls them only for raise().
 */
#include "posix_priv.h"

#include <signal.h>
#include <unistd.h>
#include <sys/reent.h>

#include <quire/pm.h>

static sigset_t blocked;

static int valid(int sig)
{
	return sig > 0 && sig < NSIG;
}

int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict old)
{
	if (!valid(sig))
		return (int)__px_ret(-EINVAL);
	_sig_func_ptr h = act ? act->sa_handler : SIG_DFL;
	if (act && h != SIG_DFL && h != SIG_IGN)
		return (int)__px_ret(-ENOSYS);   /* handlers: not supported yet */
	int prev;
	if (sig == SIGKILL || sig == SIGSTOP) {
		if (act && h != SIG_DFL)
			return (int)__px_ret(-EINVAL);
		prev = 0;                        /* always the default */
	} else if (act) {
		prev = pm_req_sigaction(sig, h == SIG_IGN);
	} else {
		/* Only asking: PM answers a change with the previous setting,
		 * so set "ignore" and put the old setting back. */
		prev = pm_req_sigaction(sig, 1);
		if (prev == 0)
			pm_req_sigaction(sig, 0);
	}
	if (prev < 0)
		return (int)__px_ret(prev);
	if (old) {
		memset(old, 0, sizeof(*old));
		old->sa_handler = prev ? SIG_IGN : SIG_DFL;
	}
	return 0;
}

_sig_func_ptr signal(int sig, _sig_func_ptr h)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

_sig_func_ptr _signal_r(struct _reent *re, int sig, _sig_func_ptr h)
{
	(void)re;
	return signal(sig, h);
}

/* raise(): PM_KILL to ourselves; PM drops an ignored signal. */
int raise(int sig)
{
	if (!valid(sig))
		return (int)__px_ret(-EINVAL);
	return kill(getpid(), sig);
}

int _raise_r(struct _reent *re, int sig)
{
	(void)re;
	return raise(sig);
}

/* The rest of newlib's signal.o, so that it is never linked beside this. */
int _init_signal_r(struct _reent *re)
{
	(void)re;
	return 0;
}

int _init_signal(void)
{
	return 0;
}

int __sigtramp_r(struct _reent *re, int sig)
{
	(void)re;
	(void)sig;
	return 1;        /* "no handler" in newlib's convention */
}

int __sigtramp(int sig)
{
	return __sigtramp_r(NULL, sig);
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	if (old)
		*old = blocked;
	if (!set)
		return 0;
	switch (how) {
	case SIG_BLOCK:
		blocked |= *set;
		break;
	case SIG_UNBLOCK:
		blocked &= ~*set;
		break;
	case SIG_SETMASK:
		blocked = *set;
		break;
	default:
		return (int)__px_ret(-EINVAL);
	}
	blocked &= ~((1UL << SIGKILL) | (1UL << SIGSTOP));
	return 0;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	return sigprocmask(how, set, old) < 0 ? errno : 0;
}

int sigpending(sigset_t *set)
{
	*set = 0;        /* nothing is ever held back */
	return 0;
}

/* newlib defines these as macros; the functions are for code that takes
 * their address or #undefs them. */
int (sigemptyset)(sigset_t *set)
{
	*set = 0;
	return 0;
}

int (sigfillset)(sigset_t *set)
{
	*set = ~(sigset_t)0;
	return 0;
}

int (sigaddset)(sigset_t *set, const int sig)
{
	if (!valid(sig))
		return (int)__px_ret(-EINVAL);
	*set |= (sigset_t)1 << sig;
	return 0;
}

int (sigdelset)(sigset_t *set, const int sig)
{
	if (!valid(sig))
		return (int)__px_ret(-EINVAL);
	*set &= ~((sigset_t)1 << sig);
	return 0;
}

int (sigismember)(const sigset_t *set, int sig)
{
	if (!valid(sig))
		return (int)__px_ret(-EINVAL);
	return (*set >> sig) & 1;
}
