/*
 * Signals: dispositions, masks, waiting (PM requests, docs/signals.md).
 *
 * PM keeps every disposition, the mask and the pending set; this file
 * keeps nothing. A handler runs on a frame the kernel pushes
 * (quire/sigframe.h) and returns to __quire_sigtramp (sigtramp.S), which
 * calls __quire_sigreturn: PM gets the frame's mask back (PM_SIGRETURN),
 * then the kernel the frame's registers (KC_SIGRETURN).
 *
 * These replace newlib's signal()/raise() emulation (libc/signal), which
 * keeps handlers in the process and calls them only for raise().
 */
#include "posix_priv.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/reent.h>

#include <quire/pm.h>
#include <quire/signal.h>
#include <quire/sigframe.h>

_Static_assert(sizeof(siginfo_t) == sizeof(struct qsiginfo) &&
	       __builtin_offsetof(siginfo_t, si_addr) == __builtin_offsetof(struct qsiginfo, addr) &&
	       __builtin_offsetof(siginfo_t, si_value) == __builtin_offsetof(struct qsiginfo, value) &&
	       __builtin_offsetof(siginfo_t, si_pid) == __builtin_offsetof(struct qsiginfo, pid) &&
	       __builtin_offsetof(siginfo_t, si_status) == __builtin_offsetof(struct qsiginfo, status),
	       "siginfo_t is the frame's qsiginfo");
_Static_assert(SA_NOCLDSTOP == QSA_NOCLDSTOP && SA_SIGINFO == QSA_SIGINFO &&
	       SA_RESTART == QSA_RESTART && SA_RESETHAND == QSA_RESETHAND &&
	       SA_NODEFER == QSA_NODEFER && SA_ONSTACK == QSA_ONSTACK &&
	       SA_NOCLDWAIT == QSA_NOCLDWAIT && SS_DISABLE == QSS_DISABLE &&
	       SS_ONSTACK == QSS_ONSTACK && SIG_BLOCK == QSIG_BLOCK &&
	       SIG_UNBLOCK == QSIG_UNBLOCK && SIG_SETMASK == QSIG_SETMASK,
	       "libposix's signal constants are PM's");

void __quire_sigtramp(void);
void __quire_sigreturn(struct sigframe *f) __attribute__((noreturn));

static int valid(int sig)
{
	return sig > 0 && sig < NSIG;
}

int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict old)
{
	if (!valid(sig))
		return (int)__px_ret(-EINVAL);
	mess_pm_sig s = { .sig = sig };
	if (act) {
		if (act->sa_handler == SIG_ERR)
			return (int)__px_ret(-EINVAL);
		s.how = 1;
		s.handler = (uint64_t)(uintptr_t)act->sa_handler;
		s.mask = act->sa_mask;
		s.flags = act->sa_flags;
		s.tramp = (uint64_t)(uintptr_t)__quire_sigtramp;
	}
	int r = pm_req_sig(PM_SIGACTION, &s);
	if (r < 0)
		return (int)__px_ret(r);
	if (old) {
		memset(old, 0, sizeof(*old));
		old->sa_handler = (_sig_func_ptr)(uintptr_t)s.handler;
		old->sa_mask = s.mask;
		old->sa_flags = s.flags;
	}
	return 0;
}

/* signal(): BSD semantics, as glibc's: the handler stays, calls restart. */
_sig_func_ptr signal(int sig, _sig_func_ptr h)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	sa.sa_flags = SA_RESTART;
	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

_sig_func_ptr _signal_r(struct _reent *re, int sig, _sig_func_ptr h)
{
	(void)re;
	return signal(sig, h);
}

/* raise(): PM_KILL to ourselves; a handler runs before kill() returns. */
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

/* From __quire_sigtramp: the handler of frame f has returned. */
void __quire_sigreturn(struct sigframe *f)
{
	mess_pm_sig s = { .mask = f->uc.sigmask };
	pm_req_sig(PM_SIGRETURN, &s);
	for (;;) {
		/* Only a frame the kernel refuses comes back here: it has
		 * ended the process already. */
		PX_MSG(m);
		m.m_krn_sig.addr = (uint64_t)(uintptr_t)f;
		__px_kcall(KC_SIGRETURN, &m);
	}
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	mess_pm_sig s = { .how = set ? how : -1, .mask = set ? *set : 0 };
	int r = pm_req_sig(PM_SIGPROCMASK, &s);
	if (r < 0)
		return (int)__px_ret(r);
	if (old)
		*old = s.mask;
	return 0;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	return sigprocmask(how, set, old) < 0 ? errno : 0;
}

int sigpending(sigset_t *set)
{
	mess_pm_sig s = { 0 };
	int r = pm_req_sig(PM_SIGPENDING, &s);
	if (r < 0)
		return (int)__px_ret(r);
	*set = s.mask;
	return 0;
}

int sigsuspend(const sigset_t *mask)
{
	mess_pm_sig s = { .mask = *mask };
	int r = pm_req_sig(PM_SIGSUSPEND, &s);
	return (int)__px_ret(r < 0 ? r : -EINTR);
}

/* One PM_SIGWAIT (timeout_ns: -1 none, 0 poll): the signal (its siginfo
 * in *info), or -errno. */
static int wait_one(const sigset_t *set, siginfo_t *info, int64_t timeout_ns)
{
	mess_pm_sigwait w;
	int r = pm_req_sigwait((uint64_t)*set, timeout_ns, &w);
	if (r > 0 && info) {
		memset(info, 0, sizeof(*info));
		info->si_signo = r;
		info->si_code = w.code;
		info->si_pid = w.pid;
		info->si_uid = (uid_t)w.uid;
		info->si_addr = (void *)(uintptr_t)w.addr;
		info->si_value.sival_ptr = (void *)(uintptr_t)w.value;
	}
	return r;
}

int sigwait(const sigset_t *restrict set, int *restrict sig)
{
	int r;
	do
		r = wait_one(set, NULL, -1);
	while (r == -EINTR || r == -QERESTART);    /* sigwait never fails EINTR */
	if (r < 0)
		return -r >= __QUIRE_EIPC_MIN ? EIO : -r;
	*sig = r;
	return 0;
}

int sigwaitinfo(const sigset_t *restrict set, siginfo_t *restrict info)
{
	int r = wait_one(set, info, -1);
	return (int)__px_ret(r == -QERESTART ? -EINTR : r);
}

/* PM waits for us: the deadline is on its timer list (docs/signals.md). */
int sigtimedwait(const sigset_t *restrict set, siginfo_t *restrict info,
		 const struct timespec *restrict ts)
{
	if (!ts)
		return sigwaitinfo(set, info);
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)
		return (int)__px_ret(-EINVAL);
	int64_t ns = INT64_MAX;             /* longer than that: as good as no limit */
	if ((uint64_t)ts->tv_sec < (uint64_t)(INT64_MAX / 1000000000L) - 1)
		ns = (int64_t)ts->tv_sec * 1000000000L + ts->tv_nsec;
	int r = wait_one(set, info, ns);
	return (int)__px_ret(r == -QERESTART ? -EINTR : r);
}

int sigqueue(pid_t pid, int sig, const union sigval value)
{
	if (sig < 0 || sig >= NSIG)
		return (int)__px_ret(-EINVAL);
	mess_pm_sig s = { .pid = pid, .sig = sig, .value = (uint64_t)(uintptr_t)value.sival_ptr };
	return (int)__px_ret(pm_req_sig(PM_SIGQUEUE, &s));
}

int sigaltstack(const stack_t *restrict ss, stack_t *restrict old)
{
	int here;
	mess_pm_sig s = { .value = (uint64_t)(uintptr_t)&here };
	if (ss) {
		s.how = 1;
		s.handler = (uint64_t)(uintptr_t)ss->ss_sp;
		s.ss_size = ss->ss_size;
		s.flags = ss->ss_flags;
	}
	int r = pm_req_sig(PM_SIGALTSTACK, &s);
	if (r < 0)
		return (int)__px_ret(r);
	if (old) {
		old->ss_sp = (void *)(uintptr_t)s.handler;
		old->ss_size = s.ss_size;
		old->ss_flags = s.flags;
	}
	return 0;
}

/* The set functions check the number (newlib's macros did not). */
int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	*set = ~(sigset_t)0 & ~(sigset_t)1;
	return 0;
}

int sigaddset(sigset_t *set, const int sig)
{
	if (!valid(sig))
		return (int)__px_ret(-EINVAL);
	*set |= (sigset_t)1 << sig;
	return 0;
}

int sigdelset(sigset_t *set, const int sig)
{
	if (!valid(sig))
		return (int)__px_ret(-EINVAL);
	*set &= ~((sigset_t)1 << sig);
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (!valid(sig))
		return (int)__px_ret(-EINVAL);
	return (*set >> sig) & 1;
}
