/*
 * Quire-specific calls for POSIX programs (include/quire/qposix.h):
 * ps, free, poweroff, mount, the test runner.
 */
#include "posix_priv.h"

#include <unistd.h>

#include <quire/qposix.h>
#include <quire/kinfo.h>
#include <quire/pm.h>
#include <quire/vfs.h>
#include <quire/vm.h>

static int getinfo(int what, int arg, void *buf, size_t len)
{
	PX_MSG(m);
	m.m_krn_getinfo.what = what;
	m.m_krn_getinfo.arg = arg;
	m.m_krn_getinfo.buf = (uint64_t)(uintptr_t)buf;
	m.m_krn_getinfo.len = len;
	return __px_kcall(KC_GETINFO, &m);
}

static int kinfo(struct kinfo *k)
{
	memset(k, 0, sizeof(*k));
	return getinfo(GI_KINFO, 0, k, sizeof(*k));
}

int quire_procinfo(int slot, struct proc_info *out)
{
	if (!out)
		return (int)__px_ret(-EFAULT);
	return (int)__px_ret(getinfo(GI_PROC, slot, out, sizeof(*out)));
}

int quire_nr_procs(void)
{
	struct kinfo k;
	int r = kinfo(&k);
	return r < 0 ? (int)__px_ret(r) : (int)k.nr_procs;
}

int quire_pid_of(int endpoint, int *pid, int *ppid)
{
	struct pm_procinfo pi;
	int r = pm_req_getproc(0, endpoint, &pi);      /* pid 0: by endpoint */
	if (r < 0)
		return (int)__px_ret(r);
	if (pid)
		*pid = pi.pid;
	if (ppid)
		*ppid = pi.ppid;
	return 0;
}

int quire_meminfo(int endpoint, mess_vm_info *out)
{
	if (!out)
		return (int)__px_ret(-EFAULT);
	int r = vm_req_info(endpoint == -1 ? NONE : endpoint, out);
	return r < 0 ? (int)__px_ret(r) : 0;
}

int quire_cachestat(mess_vm_cstat *out)
{
	if (!out)
		return (int)__px_ret(-EFAULT);
	int r = vm_req_cache_stat(out);
	return r < 0 ? (int)__px_ret(r) : 0;
}

int quire_memusage(int endpoint, mess_vm_usage *out)
{
	if (!out)
		return (int)__px_ret(-EFAULT);
	int r = vm_req_rusage(endpoint, Q_RUSAGE_SELF, out);
	return r < 0 ? (int)__px_ret(r) : 0;
}

int quire_memstat(mess_vm_mstat *out)
{
	if (!out)
		return (int)__px_ret(-EFAULT);
	int r = vm_req_memstat(out);
	return r < 0 ? (int)__px_ret(r) : 0;
}

/* PM_POWEROFF with a verdict (>= 0: end a test boot with it; -1: power off). */
static int poweroff(int status)
{
	sync();
	return (int)__px_ret(pm_req_poweroff(status));
}

int quire_poweroff(void)
{
	return poweroff(-1);
}

int quire_test_exit(int status)
{
	return poweroff(status < 0 ? 1 : status);
}

int quire_test_mode(void)
{
	struct kinfo k;
	int r = kinfo(&k);
	return r < 0 ? (int)__px_ret(r) : k.test_mode != 0;
}

int quire_kernel_cmdline(char *buf, size_t len)
{
	struct kinfo k;
	int r = kinfo(&k);
	if (r < 0)
		return (int)__px_ret(r);
	if (!buf || len == 0)
		return (int)__px_ret(-EINVAL);
	size_t n = strnlen(k.cmdline, sizeof(k.cmdline));
	if (n >= len)
		n = len - 1;
	memcpy(buf, k.cmdline, n);
	buf[n] = '\0';
	return 0;
}

int quire_mount(const char *fs, const char *dir)
{
	return (int)__px_ret(vfs_req_mount(fs, dir));
}
