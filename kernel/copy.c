/*
 * Every access the kernel makes to a process's memory goes through here.
 * Addresses are translated by walking the process's own page tables, so
 * no copy depends on which address space the MMU has loaded, and a bad
 * address is an error (EFAULT), never a kernel page fault.
 *
 * Ranges are checked whole before any byte moves ("decode, then
 * invoke"), so a failed copy changes nothing.
 *
 * Errors: -EFAULT for an address outside user space; for a page that is
 * absent or read-only, -EVMFAULT once a VM server runs (it may know
 * better: demand paging, copy-on-write; last_vmfault says where), else
 * -EFAULT.
 */
#include <arch/arch.h>
#include <arch/layout.h>
#include "kernel.h"
#include "proc.h"

static bool range_ok(uint64_t uaddr, uint64_t len)
{
	return len <= USER_END && uaddr <= USER_END - len;
}

int check_proc_range(struct proc *p, uint64_t uaddr, uint64_t len, bool write)
{
	if (!range_ok(uaddr, len) || !p->as_root)
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

static uint64_t page_left(uint64_t a)
{
	return PAGE_SIZE - (a & (PAGE_SIZE - 1));
}

int copy_from_proc(struct proc *p, uint64_t uaddr, void *kbuf, size_t len)
{
	int err = check_proc_range(p, uaddr, len, false);
	if (err)
		return err;
	uint8_t *k = kbuf;
	while (len) {
		uint64_t n = page_left(uaddr) < len ? page_left(uaddr) : len;
		memcpy(k, user_ptr(p, uaddr, false), n);
		k += n, uaddr += n, len -= n;
	}
	return OK;
}

int copy_to_proc(struct proc *p, uint64_t uaddr, const void *kbuf, size_t len)
{
	int err = check_proc_range(p, uaddr, len, true);
	if (err)
		return err;
	const uint8_t *k = kbuf;
	while (len) {
		uint64_t n = page_left(uaddr) < len ? page_left(uaddr) : len;
		memcpy(user_ptr(p, uaddr, true), k, n);
		k += n, uaddr += n, len -= n;
	}
	return OK;
}

int copy_proc_to_proc(struct proc *src, uint64_t saddr, struct proc *dst, uint64_t daddr, uint64_t len)
{
	int err = check_proc_range(src, saddr, len, false);
	if (!err)
		err = check_proc_range(dst, daddr, len, true);
	if (err)
		return err;
	while (len) {
		uint64_t n = len;
		if (page_left(saddr) < n)
			n = page_left(saddr);
		if (page_left(daddr) < n)
			n = page_left(daddr);
		memmove(user_ptr(dst, daddr, true), user_ptr(src, saddr, false), n);
		saddr += n, daddr += n, len -= n;
	}
	return OK;
}
