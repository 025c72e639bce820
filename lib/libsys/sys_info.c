/* Kernel calls about the system: getinfo, diagctl, times, alarms. */
#include <quire/syslib.h>
#include <quire/pci.h>
#include "../libmini/mini_string.h"

int sys_whoami(endpoint_t *ep, char *name, size_t len)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_getinfo.what = GI_WHOAMI;
	m.m_krn_getinfo.buf = (uint64_t)(uintptr_t)name;
	m.m_krn_getinfo.len = name ? len : 0;
	int r = _kernel_call(KC_GETINFO, &m);
	if (r == OK && ep)
		*ep = m.m_krn_getinfo.arg;
	return r;
}

int sys_getkinfo(struct kinfo *k)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_getinfo.what = GI_KINFO;
	m.m_krn_getinfo.buf = (uint64_t)(uintptr_t)k;
	m.m_krn_getinfo.len = sizeof(*k);
	return _kernel_call(KC_GETINFO, &m);
}

int sys_getprocinfo(int slot, struct proc_info *info)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_getinfo.what = GI_PROC;
	m.m_krn_getinfo.arg = slot;
	m.m_krn_getinfo.buf = (uint64_t)(uintptr_t)info;
	m.m_krn_getinfo.len = sizeof(*info);
	return _kernel_call(KC_GETINFO, &m);
}

int sys_lookup(const char *name, endpoint_t *ep)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_getinfo.what = GI_LOOKUP;
	strlcpy(m.m_krn_getinfo.name, name, sizeof(m.m_krn_getinfo.name));
	int r = _kernel_call(KC_GETINFO, &m);
	if (r == OK)
		*ep = m.m_krn_getinfo.arg;
	return r;
}

int sys_diagctl_print(const char *buf, size_t len)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_diagctl.code = DIAG_PRINT;
	m.m_krn_diagctl.buf = (uint64_t)(uintptr_t)buf;
	m.m_krn_diagctl.len = len;
	return _kernel_call(KC_DIAGCTL, &m);
}

/* DIAG_IPCFAST: what = 0 or 1 switches the IPC fast path (the old
 * setting in *answer), 2 asks how many calls it has taken. */
int sys_diagctl_ipcfast(int what, uint64_t *answer)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_diagctl.code = DIAG_IPCFAST;
	m.m_krn_diagctl.len = (uint64_t)what;
	int r = _kernel_call(KC_DIAGCTL, &m);
	if (r == OK && answer)
		*answer = m.m_krn_diagctl.len;
	return r;
}

int sys_setalarm(uint64_t ticks, int absolute)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_setalarm.ticks = ticks;
	m.m_krn_setalarm.absolute = absolute;
	return _kernel_call(KC_SETALARM, &m);
}

int sys_times(endpoint_t who, uint64_t *user, uint64_t *sys, uint64_t *uptime)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_times.who = who;
	int r = _kernel_call(KC_TIMES, &m);
	if (r == OK) {
		if (user)
			*user = m.m_krn_times.user_ticks;
		if (sys)
			*sys = m.m_krn_times.sys_ticks;
		if (uptime)
			*uptime = m.m_krn_times.uptime;
	}
	return r;
}

uint64_t sys_uptime(void)
{
	uint64_t up = 0;
	sys_times(SELF, NULL, NULL, &up);
	return up;
}

int sys_getpcidev(struct pci_devinfo *d)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_getinfo.what = GI_PCIDEV;
	m.m_krn_getinfo.buf = (uint64_t)(uintptr_t)d;
	m.m_krn_getinfo.len = sizeof(*d);
	return _kernel_call(KC_GETINFO, &m);
}

int sys_settime(int64_t realtime_ns)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_settime.realtime_ns = realtime_ns;
	return _kernel_call(KC_SETTIME, &m);
}
