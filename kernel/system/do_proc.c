/* KC_EXIT, KC_KILL, KC_ABORT. */
#include <quire/callnr.h>
#include <arch/arch.h>
#include "../kernel.h"
#include "../proc.h"
#include "system.h"

#define TEST_EXIT_PASSED 0x21
#define TEST_EXIT_FAILED 0x22
#define SIGNAL_MAX 64

int do_exit(struct proc *caller, message *m)
{
	proc_end(caller, END_EXIT, m->m_krn_exit.status, 0);
	return OK;
}

/* The default action "terminate": the target ends, killed by that signal.
 * PM decides when that is the action (handlers: KC_SIGSEND). */
int do_kill(struct proc *caller, message *m)
{
	struct proc *p;
	int err = system_target(caller, m->m_krn_exit.who, &p);
	if (err)
		return err;
	int sig = m->m_krn_exit.status;
	if (sig <= 0 || sig >= SIGNAL_MAX)
		return -EINVAL;
	proc_end(p, END_SIGNAL, sig, 0);
	return OK;
}

int do_abort(struct proc *caller, message *m)
{
	switch (m->m_krn_abort.how) {
	case ABORT_POWEROFF:
		printk("%s: power off\n", caller->name);
		arch_poweroff();
	case ABORT_TEST_STATUS:
		if (!test_mode)
			return -EINVAL;
		printk("%s: test boot ends, status %d\n", caller->name, m->m_krn_abort.status);
		arch_test_exit(m->m_krn_abort.status == 0 ? TEST_EXIT_PASSED : TEST_EXIT_FAILED);
	default:
		return -EINVAL;
	}
}
