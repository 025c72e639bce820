/*
 * KC_SIGSEND (PM only) and KC_SIGRETURN (any process, on its own frame).
 *
 * PM decides which signal a process gets and with what mask; the kernel
 * only moves the context (arch_sig_push/arch_sig_return). A frame can be
 * pushed only when the process is between two system calls: stopped by
 * PM (RTS_SIGNAL, its report taken), or ready to run. A process blocked
 * in a call (IPC, waiting for VM) answers EBUSY; the kernel then stops it
 * as soon as its call is over and tells PM with a PM_KSIG of signal 0
 * (p->sig_report, proc.c), so PM can deliver then. A process stopped by
 * job control (RTS_STOPPED) is "in a call" too: it gets its handler once
 * continued.
 */
#include <quire/callnr.h>
#include <quire/signal.h>
#include <quire/sigframe.h>
#include <arch/arch.h>
#include "../kernel.h"
#include "../proc.h"
#include "system.h"

/* Between two calls, and not waiting for PM to read a report about it. */
static bool at_user_boundary(const struct proc *p)
{
	return (p->rts & ~RTS_SIGNAL) == 0 && !p->kmsg_server &&
	       !p->restart_syscall && !p->inbox_full;
}

static void resume(struct proc *p)
{
	p->sig_report = false;
	p->fault_vec = -1;          /* a fault that became this signal is over */
	p->fault_code = 0;
	proc_unblock(p, RTS_SIGNAL);
}

int do_sigsend(struct proc *caller, message *m)
{
	struct proc *p;
	int err = system_target(caller, m->m_krn_sig.who, &p);
	if (err)
		return err;
	if (p == caller || (p->priv.flags & PRIV_SYS_PROC))
		return -EPERM;          /* servers and drivers get no handlers */
	int op = m->m_krn_sig.op;
	if (op == SIGS_STOP || op == SIGS_CONT) {
		/* Job control: any state; a call in progress completes,
		 * but the process does not run until continued. */
		if (op == SIGS_STOP)
			proc_block(p, RTS_STOPPED);
		else
			proc_unblock(p, RTS_STOPPED);
		return OK;
	}
	if (op != SIGS_DELIVER && op != SIGS_RESUME)
		return -EINVAL;
	if (op == SIGS_DELIVER && p->rts == RTS_RECEIVING && !p->in_sendrec && !p->kmsg_server &&
	    !p->inbox_full) {
		/* A plain receive (a user process sleeps so: nanosleep, for its
		 * CLOCK notification) ends with EINTR for the handler. */
		p->sig_report = false;
		ipc_wake(p, RTS_RECEIVING, -EINTR);
	}
	if (!at_user_boundary(p)) {
		if (op == SIGS_RESUME && !(p->rts & RTS_SIGNAL))
			return OK;          /* nothing to resume */
		p->sig_report = true;
		return -EBUSY;
	}
	if (op == SIGS_RESUME) {
		resume(p);
		return OK;
	}
	struct sig_delivery d;
	err = copy_from_proc(caller, m->m_krn_sig.addr, &d, sizeof(d));
	if (err)
		return err;
	err = arch_sig_push(p, &d);
	if (err == -EVMFAULT)
		return err;             /* PM waits for VM, then asks again */
	if (err) {
		/* No room for the frame, or no handler there: the process
		 * ends as if by SIGSEGV (never PM: its call answers OK). */
		proc_end(p, END_SIGNAL, QSIGSEGV, 0);
		return -EFAULT;
	}
	resume(p);
	return OK;
}

int do_sigreturn(struct proc *caller, message *m)
{
	int err = arch_sig_return(caller, m->m_krn_sig.addr);
	if (err == -EVMFAULT)
		return err;
	if (err) {
		/* A frame that is not one: end the process, not the kernel. */
		proc_end(caller, END_SIGNAL, QSIGSEGV, 0);
		return OK;
	}
	/* The registers are the frame's: no result may overwrite rax. */
	return KCALL_NO_RESULT;
}
