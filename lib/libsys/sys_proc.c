/* Kernel calls about processes and privileges. */
#include <quire/syslib.h>
#include "../libmini/mini_string.h"

void sys_exit(int status)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_exit.who = SELF;
	m.m_krn_exit.status = status;
	_kernel_call(KC_EXIT, &m);
	for (;;)
		;   /* not reached: the kernel never returns to an ended process */
}

int sys_kill(endpoint_t who, int sig)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_exit.who = who;
	m.m_krn_exit.status = sig;
	return _kernel_call(KC_KILL, &m);
}

/* PM only: SIGS_DELIVER with the delivery at d, or SIGS_RESUME. */
int sys_sigsend(endpoint_t who, int op, const struct sig_delivery *d)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_sig.who = who;
	m.m_krn_sig.op = op;
	m.m_krn_sig.addr = (uint64_t)(uintptr_t)d;
	return _kernel_call(KC_SIGSEND, &m);
}

int sys_privctl(endpoint_t who, int op, struct priv_spec *spec)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_privctl.who = who;
	m.m_krn_privctl.op = op;
	m.m_krn_privctl.addr = (uint64_t)(uintptr_t)spec;
	return _kernel_call(KC_PRIVCTL, &m);
}

int sys_abort(int how, int status)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_abort.how = how;
	m.m_krn_abort.status = status;
	return _kernel_call(KC_ABORT, &m);
}
