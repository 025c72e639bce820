/* Kernel-call handlers, one group per file in kernel/system/. */
#ifndef KERNEL_SYSTEM_H
#define KERNEL_SYSTEM_H

#include <quire/ipc.h>

struct proc;

/* do_info.c */
int do_getinfo(struct proc *caller, message *m);
int do_diagctl(struct proc *caller, message *m);
/* do_time.c */
int do_times(struct proc *caller, message *m);
int do_setalarm(struct proc *caller, message *m);
int do_settime(struct proc *caller, message *m);
int do_yield(struct proc *caller, message *m);            /* do_sched.c */
/* do_proc.c */
int do_exit(struct proc *caller, message *m);
int do_kill(struct proc *caller, message *m);
int do_abort(struct proc *caller, message *m);
/* do_signal.c */
int do_sigsend(struct proc *caller, message *m);
int do_sigreturn(struct proc *caller, message *m);
/* do_copy.c */
int do_vircopy(struct proc *caller, message *m);
int do_safecopyfrom(struct proc *caller, message *m);
int do_safecopyto(struct proc *caller, message *m);
int do_vsafecopy(struct proc *caller, message *m);
int do_setgrant(struct proc *caller, message *m);
/* do_priv.c */
int do_privctl(struct proc *caller, message *m);
/* do_dev.c */
int do_irqctl(struct proc *caller, message *m);
int do_devio(struct proc *caller, message *m);

/* do_vm.c */
int do_vmctl(struct proc *caller, message *m);
int do_fork(struct proc *caller, message *m);
int do_procctl(struct proc *caller, message *m);
int do_exec(struct proc *caller, message *m);

/* Resolve SELF or an endpoint to a live process. */
int system_target(struct proc *caller, endpoint_t ep, struct proc **out);

#endif
