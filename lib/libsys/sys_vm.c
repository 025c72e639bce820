/* Kernel calls for VM (KC_VMCTL) and PM (KC_FORK, KC_PROCCTL). */
#include <quire/syslib.h>
#include <quire/vmctl.h>
#include "../libmini/mini_string.h"

int sys_vmctl(int op, endpoint_t ep, uint64_t arg1, uint64_t arg2)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_vmctl.op = op;
	m.m_krn_vmctl.ep = ep;
	m.m_krn_vmctl.arg1 = arg1;
	m.m_krn_vmctl.arg2 = arg2;
	return _kernel_call(KC_VMCTL, &m);
}

int sys_fork(endpoint_t parent, endpoint_t *child)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_fork.parent = parent;
	int r = _kernel_call(KC_FORK, &m);
	if (r == OK)
		*child = m.m_krn_fork.child;
	return r;
}

int sys_procctl(endpoint_t ep, int op)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_fork.parent = ep;
	m.m_krn_fork.op = op;
	return _kernel_call(KC_PROCCTL, &m);
}

int sys_publish(endpoint_t ep, const struct sys_pub *v)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_publish.who = ep;
	m.m_krn_publish.op = PROCCTL_PUBLISH;
	m.m_krn_publish.pid = v->pid;
	m.m_krn_publish.ppid = v->ppid;
	m.m_krn_publish.pgrp = v->pgrp;
	m.m_krn_publish.sid = v->sid;
	m.m_krn_publish.uid = v->uid;
	m.m_krn_publish.euid = v->euid;
	m.m_krn_publish.gid = v->gid;
	m.m_krn_publish.egid = v->egid;
	return _kernel_call(KC_PROCCTL, &m);
}

int sys_exec(endpoint_t ep, uint64_t rip, uint64_t rsp, const char *name)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_exec.ep = ep;
	m.m_krn_exec.rip = rip;
	m.m_krn_exec.rsp = rsp;
	strlcpy(m.m_krn_exec.name, name, sizeof(m.m_krn_exec.name));
	return _kernel_call(KC_EXEC, &m);
}
