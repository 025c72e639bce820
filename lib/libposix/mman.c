/*
 * Memory: sbrk (VM_BRK), mmap, munmap, mprotect (VM requests).
 */
#include "posix_priv.h"

#include <unistd.h>
#include <sys/mman.h>
#include <sys/types.h>

#include <quire/vm.h>
/* Including Quire's header after <sys/mman.h>: a value that differed
 * would be a macro redefinition, an error under -Werror. */
#include <quire/mman.h>

static char *cur_brk;       /* the break as VM last told it; NULL: ask */

static int vm_brk(uint64_t addr, char **out)
{
	PX_MSG(m);
	m.m_vm_range.addr = addr;
	int r = __px_call(VM_PROC_NR, VM_BRK, &m);
	if (r >= 0)
		*out = (char *)(uintptr_t)m.m_vm_range.addr;
	return r;
}

/*
 * sbrk(incr): move the break by incr bytes and return the old break.
 * The first call asks VM where the break is (VM_BRK with addr 0).
 */
void *sbrk(ptrdiff_t incr)
{
	if (!cur_brk) {
		int r = vm_brk(0, &cur_brk);
		if (r < 0) {
			cur_brk = NULL;
			__px_ret(r);
			return (void *)-1;
		}
	}
	char *old = cur_brk;
	if (incr == 0)
		return old;
	uintptr_t want = (uintptr_t)old + (uintptr_t)incr;
	if ((incr > 0 && want < (uintptr_t)old) || (incr < 0 && want > (uintptr_t)old)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	char *now;
	int r = vm_brk(want, &now);
	if (r < 0) {
		__px_ret(r);
		return (void *)-1;
	}
	cur_brk = now;
	if ((uintptr_t)now != want) {
		errno = ENOMEM;       /* VM gave less than asked */
		return (void *)-1;
	}
	return old;
}

int brk(void *addr)
{
	char *now;
	int r = vm_brk((uint64_t)(uintptr_t)addr, &now);
	if (r < 0)
		return (int)__px_ret(r);
	cur_brk = now;
	if (now != addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	PX_MSG(m);
	m.m_vm_mmap.addr = (uint64_t)(uintptr_t)addr;
	m.m_vm_mmap.len = len;
	m.m_vm_mmap.prot = prot;
	m.m_vm_mmap.flags = flags;
	m.m_vm_mmap.fd = (flags & MAP_ANONYMOUS) ? -1 : fd;
	m.m_vm_mmap.offset = (uint64_t)off;
	int r = __px_call(VM_PROC_NR, VM_MMAP, &m);
	if (r < 0) {
		__px_ret(r);
		return MAP_FAILED;
	}
	return (void *)(uintptr_t)m.m_vm_mmap.addr;
}

static int range(int type, void *addr, size_t len, int prot)
{
	PX_MSG(m);
	m.m_vm_range.addr = (uint64_t)(uintptr_t)addr;
	m.m_vm_range.len = len;
	m.m_vm_range.prot = prot;
	return (int)__px_ret(__px_call(VM_PROC_NR, type, &m));
}

int munmap(void *addr, size_t len)
{
	return range(VM_MUNMAP, addr, len, 0);
}

int mprotect(void *addr, size_t len, int prot)
{
	return range(VM_MPROTECT, addr, len, prot);
}

/* VM has no msync/mlock requests yet. */
int msync(void *addr, size_t len, int flags)
{
	(void)addr;
	(void)len;
	(void)flags;
	return (int)__px_ret(-ENOSYS);
}

int mlock(const void *addr, size_t len)
{
	(void)addr;
	(void)len;
	return (int)__px_ret(-ENOSYS);
}

int munlock(const void *addr, size_t len)
{
	(void)addr;
	(void)len;
	return (int)__px_ret(-ENOSYS);
}

/* Advice may be ignored. */
int madvise(void *addr, size_t len, int advice)
{
	(void)addr;
	(void)len;
	(void)advice;
	return 0;
}

int posix_madvise(void *addr, size_t len, int advice)
{
	(void)addr;
	(void)len;
	(void)advice;
	return 0;
}
