/*
 * Requests to PM and VM, for programs written against libsys (POSIX
 * programs get the same through lib/libposix). Each returns OK, a
 * positive value where it says, or a negative error.
 */
#include <quire/syslib.h>
#include <quire/endpoints.h>
#include <quire/mman.h>
#include "../libmini/mini_string.h"

static int call(endpoint_t to, int type, message *m)
{
	m->m_type = type;
	int r = ipc_sendrec(to, m);
	return r != OK ? r : m->m_type;
}

int pm_fork(void)
{
	message m;
	memset(&m, 0, sizeof(m));
	int r = call(PM_PROC_NR, PM_FORK, &m);
	if (r == 0)
		sef_startup();        /* the child: learn our own endpoint */
	return r;
}

int pm_waitpid(int pid, int *status, int options)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_pm.pid = pid;
	m.m_pm.options = options;
	int r = call(PM_PROC_NR, PM_WAITPID, &m);
	if (r >= 0 && status)
		*status = m.m_pm.status;
	return r;
}

int pm_getpid(int *ppid)
{
	message m;
	memset(&m, 0, sizeof(m));
	int r = call(PM_PROC_NR, PM_GETPID, &m);
	if (r >= 0 && ppid)
		*ppid = m.m_pm.ppid;
	return r;
}

int pm_kill(int pid, int sig)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_pm.pid = pid;
	m.m_pm.sig = sig;
	return call(PM_PROC_NR, PM_KILL, &m);
}

int pm_getproc(int pid, endpoint_t *ep, int *state, int *status)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_pm.pid = pid;
	if (pid == 0 && ep)
		m.m_pm.endpoint = *ep;
	int r = call(PM_PROC_NR, PM_GETPROC, &m);
	if (r == OK) {
		if (ep)
			*ep = m.m_pm.endpoint;
		if (state)
			*state = m.m_pm.state;
		if (status)
			*status = m.m_pm.status;
	}
	return r;
}

int vm_mmap(void *addr, size_t len, int prot, int flags, void **out)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vm_mmap.addr = (uint64_t)(uintptr_t)addr;
	m.m_vm_mmap.len = len;
	m.m_vm_mmap.prot = prot;
	m.m_vm_mmap.flags = flags;
	m.m_vm_mmap.fd = -1;
	int r = call(VM_PROC_NR, VM_MMAP, &m);
	if (r == OK)
		*out = (void *)(uintptr_t)m.m_vm_mmap.addr;
	return r;
}

int vm_alloc_contig(size_t len, void **out, uint64_t *phys)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vm_mmap.len = len;
	m.m_vm_mmap.prot = PROT_READ | PROT_WRITE;
	m.m_vm_mmap.flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_CONTIG;
	m.m_vm_mmap.fd = -1;
	int r = call(VM_PROC_NR, VM_MMAP, &m);
	if (r == OK) {
		*out = (void *)(uintptr_t)m.m_vm_mmap.addr;
		*phys = m.m_vm_mmap.offset;
	}
	return r;
}

static int range_call(int type, void *addr, size_t len, int prot)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vm_range.addr = (uint64_t)(uintptr_t)addr;
	m.m_vm_range.len = len;
	m.m_vm_range.prot = prot;
	return call(VM_PROC_NR, type, &m);
}

int vm_munmap(void *addr, size_t len)
{
	return range_call(VM_MUNMAP, addr, len, 0);
}

int vm_mprotect(void *addr, size_t len, int prot)
{
	return range_call(VM_MPROTECT, addr, len, prot);
}

int vm_brk(void *addr, void **out)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vm_range.addr = (uint64_t)(uintptr_t)addr;
	int r = call(VM_PROC_NR, VM_BRK, &m);
	if (r == OK && out)
		*out = (void *)(uintptr_t)m.m_vm_range.addr;
	return r;
}

int vm_map_phys(uint64_t phys, size_t len, void **out)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vm_phys.phys = phys;
	m.m_vm_phys.len = len;
	int r = call(VM_PROC_NR, VM_MAP_PHYS, &m);
	if (r == OK)
		*out = (void *)(uintptr_t)m.m_vm_phys.addr;
	return r;
}

int vm_unmap_phys(void *addr)
{
	return range_call(VM_UNMAP_PHYS, addr, 0, 0);
}

int vm_remap(endpoint_t ep, void *addr, size_t len, void **out)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vm_phys.ep = ep;
	m.m_vm_phys.phys = (uint64_t)(uintptr_t)addr;
	m.m_vm_phys.len = len;
	int r = call(VM_PROC_NR, VM_REMAP, &m);
	if (r == OK)
		*out = (void *)(uintptr_t)m.m_vm_phys.addr;
	return r;
}

int vm_info(endpoint_t ep, mess_vm_info *out)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_vm_info.ep = ep;
	int r = call(VM_PROC_NR, VM_INFO, &m);
	if (r == OK)
		*out = m.m_vm_info;
	return r;
}
