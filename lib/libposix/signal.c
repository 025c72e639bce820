/*
 * Signal dispositions, recorded in the process.
 *
 * Quire has no signal handlers yet: PM can only apply a signal's default
 * action (terminate, or ignore SIGCHLD, SIGURG, SIGWINCH, SIGCONT), and
 * there is no PM request to register a handler or an ignored signal.
 * So:
 *  - sigaction()/signal() accept SIG_DFL and SIG_IGN and record them; a
 *    function handler fails with ENOSYS (signal() returns SIG_ERR).
 *  - The record is used by raise() (an ignored signal raised by the
 *    process itself is dropped) and reported back by sigaction(). A
 *    signal sent by another process, or by the kernel or the terminal,
 *    still takes its default action even when recorded as SIG_IGN.
 *  - sigprocmask() keeps the mask in the process and reports it; PM does
 *    not know it, so blocking a signal does not delay it.
 * These replace newlib's signal()/raise() emulation (libc/signal), which
 * would call handlers only for raise() within the process.
 */
#include "posix_priv.h"

#include <signal.h>
#include <unistd.h>
#include <sys/reent.h>

static _sig_func_ptr disposition[NSIG];
static sigset_t blocked;

static int valid(int sig)
{
	return sig > 0 && sig < NSIG;
}

int __quire_sig_ignored(int sig)
{
	return valid(sig) && disposition[sig] == SIG_IGN;
}

int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict old)
{
	if (!valid(sig))
		return (int)__px_ret(-EINVAL);
	if (old) {
		memset(old, 0, sizeof(*old));
		old->sa_handler = disposition[sig];
	}
	if (!act)
		return 0;
	_sig_func_ptr h = act->sa_handler;
	if ((sig == SIGKILL || sig == SIGSTOP) && h != SIG_DFL)
		return (int)__px_ret(-EINVAL);
	if (h != SIG_DFL && h != SIG_IGN)
		return (int)__px_ret(-ENOSYS);   /* handlers: not supported yet */
	disposition[sig] = h;
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

/* Signals whose default action is to do nothing. */
static int default_ignored(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

int raise(int sig)
{
	if (!valid(sig))
		return (int)__px_ret(-EINVAL);
	if (disposition[sig] == SIG_IGN ||
	    (disposition[sig] == SIG_DFL && default_ignored(sig)))
		return 0;
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
