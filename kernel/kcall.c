/*
 * Kernel calls: a message to the kernel, checked against the caller's
 * privilege set, dispatched through the table below, and answered in the
 * same message. Result in rax: OK or a negative error.
 */
#include <quire/callnr.h>
#include "kernel.h"
#include "proc.h"
#include "system/system.h"

typedef int (*kcall_fn)(struct proc *caller, message *m);

static const kcall_fn kcalls[NR_KERNEL_CALLS] = {
	[KC_GETINFO]      = do_getinfo,
	[KC_DIAGCTL]      = do_diagctl,
	[KC_EXIT]         = do_exit,
	[KC_KILL]         = do_kill,
	[KC_SETALARM]     = do_setalarm,
	[KC_TIMES]        = do_times,
	[KC_SETTIME]      = do_settime,
	[KC_VIRCOPY]      = do_vircopy,
	[KC_SAFECOPYFROM] = do_safecopyfrom,
	[KC_SAFECOPYTO]   = do_safecopyto,
	[KC_VSAFECOPY]    = do_vsafecopy,
	[KC_SETGRANT]     = do_setgrant,
	[KC_PRIVCTL]      = do_privctl,
	[KC_IRQCTL]       = do_irqctl,
	[KC_DEVIO]        = do_devio,
	[KC_ABORT]        = do_abort,
	[KC_VMCTL]        = do_vmctl,
	[KC_FORK]         = do_fork,
	[KC_PROCCTL]      = do_procctl,
	[KC_EXEC]         = do_exec,
	[KC_SIGSEND]      = do_sigsend,
	[KC_SIGRETURN]    = do_sigreturn,
	[KC_YIELD]        = do_yield,
};

int kernel_call(struct proc *caller, uint64_t msg_addr)
{
	message m;
	int err = copy_from_proc(caller, msg_addr, &m, sizeof(m));
	if (!err)   /* the reply must fit before anything happens */
		err = check_proc_range(caller, msg_addr, sizeof(m), true);
	if (err)
		return err;
	int call = m.m_type;
	if (call < 0 || call >= NR_KERNEL_CALLS || !kcalls[call])
		return -ENOSYS;
	if (!priv_may_call(caller, call))
		return -EPERM;
	int r = kcalls[call](caller, &m);
	if (r == KCALL_NO_RESULT)
		return SUSPEND;     /* the caller's registers are set: leave them */
	if (r == SUSPEND || !proc_alive(caller))
		return r;
	m.m_source = KERNEL;
	if (copy_to_proc(caller, msg_addr, &m, sizeof(m)))
		return -EFAULT;
	return r;
}
