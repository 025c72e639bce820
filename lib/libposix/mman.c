/*
 * Memory: sbrk (VM_BRK), mmap, munmap, mprotect: VM requests through their
 * stubs (vm_req_*, lib/libproto/vm.c).
 */
#include "posix_priv.h"

#include <unistd.h>
#include <sys/mman.h>
#include <sys/types.h>

#include <quire/vm.h>
#include <quire/vfs.h>
/* Including Quire's header after <sys/mman.h>: a value that differed
 * would be a macro redefinition, an error under -Werror. */
#include <quire/mman.h>

static char *cur_brk;       /* the break as VM last told it; NULL: ask */

/* VM_BRK: the break VM set (or, for addr NULL, where it is). */
static int set_brk(void *addr, char **out)
{
	void *now;
	int r = vm_req_brk(addr, &now);
	if (r >= 0)
		*out = now;
	return r;
}

/*
 * sbrk(incr): move the break by incr bytes and return the old break.
 * The first call asks VM where the break is (VM_BRK with addr 0).
 */
void *sbrk(ptrdiff_t incr)
{
	if (!cur_brk) {
		int r = set_brk(NULL, &cur_brk);
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
	int r = set_brk((void *)want, &now);
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
	int r = set_brk(addr, &now);
	if (r < 0)
		return (int)__px_ret(r);
	cur_brk = now;
	if (now != addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/*
 * mmap: anonymous memory (MAP_ANONYMOUS) is VM's alone; anything else
 * names a descriptor (fd -1 too: EBADF, as POSIX says) and is VFS's, which checks it and asks VM on our behalf
 * (programs -> VFS -> VM, docs/architecture.md). The arguments go as
 * given: the checks are the servers' (servers/vfs/mmap.c, servers/vm/mmap.c).
 */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *at;
	int r;
	if (flags & MAP_ANONYMOUS)
		r = vm_req_mmap(0, addr, len, prot, flags, -1, (uint64_t)off, &at, NULL);
	else
		r = vfs_req_mmap(addr, len, prot, flags, fd, (uint64_t)off, &at);
	if (r < 0) {
		__px_ret(r);
		return MAP_FAILED;
	}
	return at;
}

int munmap(void *addr, size_t len)
{
	return (int)__px_ret(vm_req_munmap(addr, len));
}

int mprotect(void *addr, size_t len, int prot)
{
	return (int)__px_ret(vm_req_mprotect(0, addr, len, prot));
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
