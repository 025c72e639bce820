/*
 * Job control's stop and continue (docs/signals.md).
 *
 * A stop signal with its default action (SIGSTOP always; SIGTSTP,
 * SIGTTIN, SIGTTOU unless caught) stops the process: the kernel keeps it
 * from running (KC_SIGSEND SIGS_STOP, RTS_STOPPED) whatever it was doing;
 * a call it was in completes, but it runs no user code until SIGCONT
 * (SIGS_CONT). Signals caught meanwhile stay pending in the kernel's
 * sense: the handler runs once it is continued. The parent learns of
 * both changes through waitpid (WUNTRACED, WCONTINUED) and SIGCHLD
 * (CLD_STOPPED, CLD_CONTINUED) unless it set SA_NOCLDSTOP.
 */
#include "pm.h"

#define STOP_SIGNALS ((1ULL << QSIGSTOP) | (1ULL << QSIGTSTP) | (1ULL << QSIGTTIN) | (1ULL << QSIGTTOU))

/* Tell t's parent that t stopped or continued. */
static void tell_parent(struct mproc *t, int code, int sig)
{
	struct mproc *parent = t->ppid ? mp_by_pid(t->ppid) : NULL;
	if (!parent || parent->state != MP_ALIVE)
		return;
	wait_notify(parent, t);
	if (parent->state != MP_ALIVE || (parent->act[QSIGCHLD].flags & QSA_NOCLDSTOP))
		return;
	struct qsiginfo ci = { .signo = QSIGCHLD, .code = code, .pid = t->pid, .status = sig };
	pm_signal_info(parent, &ci);
}

void stop_process(struct mproc *t, int sig)
{
	t->pending &= ~(1ULL << QSIGCONT);
	if (t->stopped)
		return;
	if (sys_sigsend(t->ep, SIGS_STOP, NULL) != OK)
		return;
	t->stopped = true;
	t->stop_sig = sig;
	t->stop_unreported = true;
	t->cont_unreported = false;
	tell_parent(t, QCLD_STOPPED, sig);
}

/* SIGCONT, whatever its disposition, continues t and drops pending stops. */
void continue_process(struct mproc *t)
{
	t->pending &= ~STOP_SIGNALS;
	if (!t->stopped)
		return;
	sys_sigsend(t->ep, SIGS_CONT, NULL);
	t->stopped = false;
	t->stop_unreported = false;
	t->cont_unreported = true;
	tell_parent(t, QCLD_CONTINUED, QSIGCONT);
}
