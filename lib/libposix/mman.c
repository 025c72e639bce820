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

/* msync: dirty pages of shared file mappings go to the file; MS_SYNC
 * returns when they are on the disk (VM parks the call meanwhile). */
int msync(void *addr, size_t len, int flags)
{
	return (int)__px_ret(vm_req_msync(addr, len, flags));
}

/*
 * Memory locking (VM_MLOCK, servers/vm/wire.c): mlock makes the pages
 * present and wires them (never reclaimed), within RLIMIT_MEMLOCK (root
 * is exempt). addr is rounded down to its page, as Linux does; VM gives
 * the errors: ENOMEM (part of the range not mapped, or past the limit),
 * EPERM (a limit of 0), EAGAIN (the pages could not be had), EINVAL.
 */
static int lock_op(int op, const void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr, start = a & ~(uintptr_t)4095;
	if (len > SIZE_MAX - (a - start))
		return -EINVAL;
	return vm_req_mlock(op, (void *)start, len + (a - start), 0);
}

int mlock(const void *addr, size_t len)
{
	return (int)__px_ret(lock_op(Q_MLOCK, addr, len));
}

int munlock(const void *addr, size_t len)
{
	return (int)__px_ret(lock_op(Q_MUNLOCK, addr, len));
}

int mlockall(int flags)
{
	return (int)__px_ret(vm_req_mlock(Q_MLOCKALL, NULL, 0, flags));
}

int munlockall(void)
{
	return (int)__px_ret(vm_req_mlock(Q_MUNLOCKALL, NULL, 0, 0));
}

/* madvise: MADV_WILLNEED starts page-ins of file pages, MADV_DONTNEED
 * drops pages (private anonymous memory reads as zeros after it), the
 * rest is advice; EINVAL and ENOMEM as POSIX and Linux give them. */
int madvise(void *addr, size_t len, int advice)
{
	return (int)__px_ret(vm_req_madvise(addr, len, advice));
}

/* posix_madvise returns the error instead of setting errno, and its
 * POSIX_MADV_DONTNEED may not change what the memory holds: it is
 * passed on as plain advice (NORMAL), which still checks the range. */
int posix_madvise(void *addr, size_t len, int advice)
{
	if (advice < POSIX_MADV_NORMAL || advice > POSIX_MADV_DONTNEED)
		return EINVAL;
	if (advice == POSIX_MADV_DONTNEED)
		advice = POSIX_MADV_NORMAL;
	int r = vm_req_madvise(addr, len, advice);
	return r < 0 ? -r : 0;
}

/* mincore: one byte per page of [addr, addr+len), bit 0 set if the page
 * is resident (mapped, or a file page in the page cache). VM answers 64
 * pages at a time. vec must be writable memory of the caller (EFAULT, with
 * nothing written, otherwise): VM makes it present first, as it would for
 * a store (VM_PREFAULT of our own range). */
int mincore(void *addr, size_t len, unsigned char *vec)
{
	size_t pages = (len + 4095) / 4096;
	if (len > SIZE_MAX - 4095)
		return (int)__px_ret(-ENOMEM);
	if (pages > 0 && vm_req_prefault(SELF, (uint64_t)(uintptr_t)vec, pages, true) < 0)
		return (int)__px_ret(-EFAULT);
	for (size_t done = 0; done < pages || (pages == 0 && done == 0); done += 64) {
		size_t n = pages - done < 64 ? pages - done : 64;
		uint64_t bits;
		char *at = (char *)addr + done * 4096;
		int r = vm_req_mincore(at, n * 4096, &bits);
		if (r < 0)
			return (int)__px_ret(r);
		for (size_t i = 0; i < n; i++)
			vec[done + i] = (bits >> i) & 1;
		if (pages == 0)
			break;
	}
	return 0;
}

_Static_assert(MS_ASYNC == Q_MS_ASYNC && MS_SYNC == Q_MS_SYNC && MS_INVALIDATE == Q_MS_INVALIDATE,
	       "msync flags agree with VM's");
_Static_assert(MCL_CURRENT == Q_MCL_CURRENT && MCL_FUTURE == Q_MCL_FUTURE,
	       "mlockall flags agree with VM's");
_Static_assert(MADV_WILLNEED == Q_MADV_WILLNEED && MADV_DONTNEED == Q_MADV_DONTNEED &&
	       MADV_NORMAL == Q_MADV_NORMAL, "madvise advice agrees with VM's");
