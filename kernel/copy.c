/*
 * Every access the kernel makes to a process's memory goes through here.
 * Addresses are translated by walking the process's own page tables, so
 * no copy depends on which address space the MMU has loaded, and a bad
 * address is an error (EFAULT), never a kernel page fault.
 *
 * Ranges are checked whole before any byte moves ("decode, then
 * invoke"), so a failed copy changes nothing. Two shortcuts keep that:
 * a copy from the process whose address space is loaded (the caller of
 * almost every call) goes through its own addresses with a fault fixup
 * (arch_user_copy: the MMU walks, and a fault only leaves a kernel buffer
 * part filled), as does a copy to it that stays in one page (a fault
 * there writes nothing); and any other range inside one page (every
 * message) is translated once, the translation being the check. Anything
 * the shortcuts refuse takes the checked path, which says why.
 *
 * Errors: -EFAULT for an address outside user space; for a page that is
 * absent or read-only, -EVMFAULT once a VM server runs (it may know
 * better: demand paging, copy-on-write; last_vmfault says where), else
 * -EFAULT.
 */
#include <arch/arch.h>
#include <arch/cpu.h>
#include <arch/layout.h>
#include "kernel.h"
#include "proc.h"

int check_proc_range_checked(struct proc *p, uint64_t uaddr, uint64_t len, bool write)
{
	if (!user_range_ok(uaddr, len) || !p->as_root)
		return -EFAULT;
	if (len == 0)
		return OK;
	for (uint64_t va = PAGE_ALIGN_DOWN(uaddr); va < uaddr + len; va += PAGE_SIZE) {
		if (arch_as_translate(p->as_root, va, write) >= 0)
			continue;
		if (!vm_proc)
			return -EFAULT;
		uint64_t from = va > uaddr ? va : uaddr;
		last_vmfault.target = p;
		last_vmfault.addr = from;
		last_vmfault.len = uaddr + len - from;
		last_vmfault.write = write;
		return -EVMFAULT;
	}
	return OK;
}

/* The kernel pointer for uaddr in p, valid up to the end of its page. */
static void *user_ptr(struct proc *p, uint64_t uaddr, bool write)
{
	int64_t pa = arch_as_translate(p->as_root, uaddr, write);
	KASSERT(pa >= 0);     /* the range was checked */
	return arch_phys_ptr((uint64_t)pa);
}

/* The kernel pointer for [uaddr, uaddr + len) of p when that range is
 * inside one page and may be accessed so; NULL otherwise (then the
 * general path checks the range and says why). */
static void *one_page(struct proc *p, uint64_t uaddr, uint64_t len, bool write)
{
	if (len == 0 || len > user_page_left(uaddr) || !user_range_ok(uaddr, len) || !p->as_root)
		return NULL;
	int64_t pa = arch_as_translate(p->as_root, uaddr, write);
	return pa < 0 ? NULL : arch_phys_ptr((uint64_t)pa);
}

int copy_from_proc_checked(struct proc *p, uint64_t uaddr, void *kbuf, size_t len)
{
	void *u = one_page(p, uaddr, len, false);
	if (u) {
		memcpy(kbuf, u, len);
		return OK;
	}
	int err = check_proc_range_checked(p, uaddr, len, false);
	if (err)
		return err;
	uint8_t *k = kbuf;
	while (len) {
		uint64_t n = user_page_left(uaddr) < len ? user_page_left(uaddr) : len;
		memcpy(k, user_ptr(p, uaddr, false), n);
		k += n, uaddr += n, len -= n;
	}
	return OK;
}

int copy_to_proc_checked(struct proc *p, uint64_t uaddr, const void *kbuf, size_t len)
{
	void *u = one_page(p, uaddr, len, true);
	if (u) {
		memcpy(u, kbuf, len);
		return OK;
	}
	int err = check_proc_range_checked(p, uaddr, len, true);
	if (err)
		return err;
	const uint8_t *k = kbuf;
	while (len) {
		uint64_t n = user_page_left(uaddr) < len ? user_page_left(uaddr) : len;
		memcpy(user_ptr(p, uaddr, true), k, n);
		k += n, uaddr += n, len -= n;
	}
	return OK;
}

/*
 * A copy of up to OTHER_PAGES pages between the loaded address space, at
 * uaddr (through its own addresses), and another process's memory at
 * oaddr (translated page by page): to the other process if to_other.
 * Every page of both sides is checked before a byte moves (the loaded
 * side by probing one byte a page), so a failure changes nothing; false
 * then, and the caller takes the checked path, which says why.
 */
#define OTHER_PAGES 3
static bool copy_with_loaded(struct proc *other, uint64_t oaddr, uint64_t uaddr, uint64_t len,
			     bool to_other)
{
	uint8_t *k[OTHER_PAGES];
	if (len == 0 || !user_range_ok(oaddr, len) || !user_range_ok(uaddr, len) || !other->as_root)
		return false;
	int n = 0;
	for (uint64_t a = oaddr; a < oaddr + len; a = PAGE_ALIGN_DOWN(a) + PAGE_SIZE) {
		int64_t pa = n < OTHER_PAGES ? arch_as_translate(other->as_root, a, to_other) : -1;
		if (pa < 0)
			return false;
		k[n++] = arch_phys_ptr((uint64_t)pa);
	}
	for (uint64_t a = uaddr; a < uaddr + len; a = PAGE_ALIGN_DOWN(a) + PAGE_SIZE)
		if (arch_user_probe((void *)a, !to_other) != 0)
			return false;
	/* Every page is present and allowed: nothing can fault now (nothing
	 * else runs). Were it to, the checked path would redo the copy whole. */
	for (int i = 0; len; i++) {
		uint64_t chunk = user_page_left(oaddr) < len ? user_page_left(oaddr) : len;
		int r = to_other ? arch_user_copy(k[i], (void *)uaddr, chunk)
				 : arch_user_copy((void *)uaddr, k[i], chunk);
		if (r != 0)
			return false;
		oaddr += chunk, uaddr += chunk, len -= chunk;
	}
	return true;
}

int copy_proc_to_proc(struct proc *src, uint64_t saddr, struct proc *dst, uint64_t daddr, uint64_t len)
{
	if (src != dst && proc_loaded(dst) && copy_with_loaded(src, saddr, daddr, len, false))
		return OK;
	if (src != dst && proc_loaded(src) && copy_with_loaded(dst, daddr, saddr, len, true))
		return OK;
	void *s = one_page(src, saddr, len, false), *d = s ? one_page(dst, daddr, len, true) : NULL;
	if (d) {
		memmove(d, s, len);
		return OK;
	}
	int err = check_proc_range(src, saddr, len, false);
	if (!err)
		err = check_proc_range(dst, daddr, len, true);
	if (err)
		return err;
	while (len) {
		uint64_t n = len;
		if (user_page_left(saddr) < n)
			n = user_page_left(saddr);
		if (user_page_left(daddr) < n)
			n = user_page_left(daddr);
		memmove(user_ptr(dst, daddr, true), user_ptr(src, saddr, false), n);
		saddr += n, daddr += n, len -= n;
	}
	return OK;
}
