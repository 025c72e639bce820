/*
 * Raising and delivering signals (docs/signals.md).
 *
 * pm_signal_info() is the one entry every signal goes through (kill,
 * sigqueue, the tty's ^C, timers, SIGCHLD, faults): it applies the
 * disposition. A caught signal becomes pending and sig_check() delivers
 * every pending, unblocked one:
 *   1. a call the process waits for in PM (waitpid, sigsuspend, sigwait)
 *      is answered first: EINTR, or ERESTART under SA_RESTART (libposix
 *      runs the call again after the handler), so it is between calls;
 *   2. KC_SIGSEND pushes the frame. If the process is in a call elsewhere
 *      (VFS, VM) the kernel answers EBUSY and reports (PM_KSIG, signal 0)
 *      once the call is over and the process is stopped; sig_check runs
 *      again then, and lets it go on if nothing is left to deliver.
 * A frame that does not fit ends the process with SIGSEGV (the kernel
 * does it); PM itself never waits for anyone here.
 */
#include "pm.h"

_Static_assert(ERESTART == QERESTART, "libposix's ERESTART");

enum action { TERMINATE, IGNORE, STOP };

static enum action default_action(int sig)
{
	switch (sig) {
	case QSIGCHLD: case QSIGURG: case QSIGWINCH: case QSIGCONT:
		return IGNORE;
	case QSIGSTOP: case QSIGTSTP: case QSIGTTIN: case QSIGTTOU:
		return STOP;
	default:
		return TERMINATE;
	}
}

static uint64_t bit(int sig)
{
	return 1ULL << sig;
}

static bool ignored(const struct mproc *t, int sig)
{
	uint64_t h = t->act[sig].handler;
	return h == PSIG_IGN || (h == PSIG_DFL && default_action(sig) == IGNORE);
}

/* A signal raised by the system, not by a process. */
int pm_signal(struct mproc *t, int sig)
{
	struct qsiginfo info = { .signo = sig, .code = QSI_KERNEL };
	return pm_signal_info(t, &info);
}

/*
 * Raise info->signo in t (alive). OK when it was ignored, held (blocked),
 * handed to a handler, or stopped or continued t (stop.c); SIG_ENDED when
 * t is being ended.
 */
int pm_signal_info(struct mproc *t, const struct qsiginfo *info)
{
	int sig = info->signo;
	if (sig == QSIGKILL) {
		sys_kill(t->ep, sig);
		return SIG_ENDED;
	}
	if (sig == QSIGCONT)
		continue_process(t);      /* whatever its disposition (stop.c) */
	else if (default_action(sig) == STOP)
		t->pending &= ~(1ULL << QSIGCONT);
	if (ignored(t, sig))
		return OK;                /* discarded, blocked or not (POSIX) */
	if (!(t->pending & bit(sig))) {
		t->pending |= bit(sig);
		t->pinfo[sig] = *info;
	}
	if (t->paused == PAUSE_SIGWAIT && (t->pause_mask & bit(sig))) {
		sig_check(t);             /* sigwait takes it */
		return OK;
	}
	if (t->blocked & bit(sig))
		return OK;
	if (t->act[sig].handler == PSIG_DFL) {
		t->pending &= ~bit(sig);
		if (default_action(sig) == STOP) {
			stop_process(t, sig);
			return OK;
		}
		sys_kill(t->ep, sig);
		return SIG_ENDED;
	}
	sig_check(t);
	return OK;
}

static int lowest(uint64_t set)
{
	return set ? __builtin_ctzll(set) : 0;
}

/* A handler is about to run: end the call t waits for in PM. Returns the
 * mask the handler's frame must restore. */
static uint64_t interrupt_pm_call(struct mproc *t, int sig)
{
	uint64_t restore = t->blocked;
	int err = (t->act[sig].flags & QSA_RESTART) ? -ERESTART : -EINTR;
	message m;
	memset(&m, 0, sizeof(m));
	if (t->waiting) {
		t->waiting = false;
		reply(t->ep, &m, err);
	} else if (t->paused == PAUSE_SUSPEND) {
		restore = t->pause_mask;  /* sigsuspend's own mask ends with it */
		t->paused = PAUSE_NONE;
		reply(t->ep, &m, -EINTR); /* sigsuspend is never restarted */
	} else if (t->paused == PAUSE_SIGWAIT) {
		sigwait_end(t, -EINTR);   /* sigcalls.c: its deadline goes too */
	}
	return restore;
}

/* Push sig's frame. false: stop delivering (EBUSY: wait for the
 * report; or the process has ended). */
static bool deliver(struct mproc *t, int sig)
{
	struct sigact *a = &t->act[sig];
	uint64_t restore = interrupt_pm_call(t, sig);
	struct sig_delivery d;
	memset(&d, 0, sizeof(d));
	d.handler = a->handler;
	d.trampoline = t->tramp;
	d.mask = restore;
	d.ss_sp = t->ss_sp;
	d.ss_size = t->ss_size;
	d.ss_flags = t->ss_flags;
	d.flags = (a->flags & QSA_ONSTACK) ? SIGD_ONSTACK : 0;
	d.info = t->pinfo[sig];
	int r = sys_sigsend(t->ep, SIGS_DELIVER, &d);
	if (r == -EBUSY) {
		/* In a call: if VFS holds it (a pipe, the tty), VFS must
		 * interrupt it; the kernel reports when the call is over. */
		struct proc_info pi;
		if (sys_getprocinfo(_ENDPOINT_SLOT(t->ep), &pi) == OK && pi.endpoint == t->ep &&
		    pi.state == PS_BLOCKED && pi.blocked_on == VFS_PROC_NR)
			vfs_event(PM_EV_INTR, t->ep, (a->flags & QSA_RESTART) ? 1 : 0);
		/* A sigsuspend just answered (a stopped process) has its
		 * own mask back; the signal waits in the pending set. */
		t->blocked = restore;
		t->report_asked = true;
		return false;
	}
	t->pending &= ~bit(sig);
	if (r != OK) {
		if (r != -EFAULT)         /* EFAULT: the kernel has ended it */
			sys_kill(t->ep, QSIGSEGV);
		return false;
	}
	t->blocked = restore | a->mask;
	if (!(a->flags & QSA_NODEFER))
		t->blocked |= bit(sig);
	t->blocked &= ~(bit(QSIGKILL) | bit(QSIGSTOP));
	if (a->flags & QSA_RESETHAND) {
		a->handler = PSIG_DFL;
		a->flags &= ~QSA_SIGINFO;
	}
	return true;
}

/*
 * Act on t's pending signals that are no longer blocked (after a
 * signal, a mask change, or the kernel's report that t is stopped for
 * PM). Returns true if t was given at least one handler.
 */
static bool check(struct mproc *t)
{
	if (t->paused == PAUSE_SIGWAIT && (t->pending & t->pause_mask)) {
		sigwait_take(t, lowest(t->pending & t->pause_mask));  /* sigcalls.c */
		return false;
	}
	bool given = false;
	while (t->state == MP_ALIVE && !t->report_asked) {
		uint64_t ready = t->pending & ~t->blocked;   /* in sigsuspend: its mask */
		if (!ready)
			break;
		int sig = lowest(ready);
		if (ignored(t, sig)) {
			t->pending &= ~bit(sig);
			continue;
		}
		if (t->act[sig].handler == PSIG_DFL) {
			if (default_action(sig) == STOP) {
				t->pending &= ~bit(sig);
				stop_process(t, sig);
				continue;
			}
			t->pending &= ~bit(sig);
			sys_kill(t->ep, sig);
			return given;
		}
		if (!deliver(t, sig))
			break;
		given = true;
	}
	return given;
}

void sig_check(struct mproc *t)
{
	check(t);
}

static int fault_code(int sig, int64_t vec)
{
	switch (sig) {
	case QSIGSEGV: return QSEGV_MAPERR;
	case QSIGBUS:  return QBUS_ADRERR;
	case QSIGILL:  return QILL_ILLOPC;
	case QSIGFPE:  return vec == 0 ? QFPE_INTDIV : QFPE_FLTINV;
	case QSIGTRAP: return QTRAP_BRKPT;
	default:       return QSI_KERNEL;
	}
}

/*
 * PM_KSIG: the kernel stopped a process. Signal 0: it finished the call
 * that made KC_SIGSEND answer EBUSY; deliver now, or let it go on.
 * Otherwise a fault (or VM's SIGSEGV/SIGBUS): a handler runs if there is
 * one and the signal is not blocked; else the process ends by it.
 */
void kernel_signal(const mess_pm_kernel *k)
{
	struct mproc *t = mp_by_ep(k->ep);
	if (!t || t->state != MP_ALIVE)
		return;
	if (k->sig == 0) {
		t->report_asked = false;
		if (!check(t) && t->state == MP_ALIVE && !t->report_asked)
			sys_sigsend(t->ep, SIGS_RESUME, NULL);
		return;
	}
	int sig = k->sig;
	if (sig <= 0 || sig >= QNSIG)
		return;
	uint64_t h = t->act[sig].handler;
	if (h == PSIG_DFL || h == PSIG_IGN || (t->blocked & bit(sig)) || t->system) {
		sys_kill(t->ep, sig);     /* a fault cannot be ignored or held */
		return;
	}
	struct qsiginfo info = { .signo = sig, .code = k->si_code ? k->si_code : fault_code(sig, k->code),
				 .addr = k->addr };
	t->pending |= bit(sig);
	t->pinfo[sig] = info;         /* this instance, with its address */
	t->report_asked = false;
	if (!check(t) && t->state == MP_ALIVE && !t->report_asked)
		sys_kill(t->ep, sig);     /* cannot happen: it is stopped */
}
