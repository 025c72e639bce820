/*
 * copy.c's interface: every access the kernel makes to a process's
 * memory. The common case, the process whose address space is loaded
 * (the caller of a call) and a range inside one page, is inline here;
 * everything else is copy.c's checked path (its *_checked functions),
 * which also says why a copy cannot be done (EFAULT, EVMFAULT).
 */
#ifndef KERNEL_COPY_H
#define KERNEL_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <quire/errno.h>
#include <arch/arch.h>
#include <arch/cpu.h>
#include <arch/layout.h>

static inline bool user_range_ok(uint64_t uaddr, uint64_t len)
{
	return len <= USER_END && uaddr <= USER_END - len;
}

static inline uint64_t user_page_left(uint64_t a)
{
	return PAGE_SIZE - (a & (PAGE_SIZE - 1));
}

/* Is p's address space the one the MMU has loaded? */
static inline bool proc_loaded(const struct proc *p)
{
	return p->as_root && p->as_root == this_cpu()->loaded_cr3;
}

int copy_from_proc_checked(struct proc *p, uint64_t uaddr, void *kbuf, size_t len);
int copy_to_proc_checked(struct proc *p, uint64_t uaddr, const void *kbuf, size_t len);
int check_proc_range_checked(struct proc *p, uint64_t uaddr, uint64_t len, bool write);
int copy_proc_to_proc(struct proc *src, uint64_t saddr, struct proc *dst, uint64_t daddr, uint64_t len);

/* Copy len bytes at uaddr in p to kbuf: OK or an error, nothing copied
 * on error. From the loaded address space through its own addresses (a
 * fault leaves only the kernel buffer part filled). */
static inline int copy_from_proc(struct proc *p, uint64_t uaddr, void *kbuf, size_t len)
{
	if (proc_loaded(p) && user_range_ok(uaddr, len) && arch_user_copy(kbuf, (void *)uaddr, len) == 0)
		return OK;
	return copy_from_proc_checked(p, uaddr, kbuf, len);
}

/* Copy kbuf to uaddr in p; nothing changes on error. To the loaded
 * address space directly only inside one page (a fault there writes
 * nothing). */
static inline int copy_to_proc(struct proc *p, uint64_t uaddr, const void *kbuf, size_t len)
{
	if (proc_loaded(p) && len <= user_page_left(uaddr) && user_range_ok(uaddr, len) &&
	    arch_user_copy((void *)uaddr, kbuf, len) == 0)
		return OK;
	return copy_to_proc_checked(p, uaddr, kbuf, len);
}

/* May [uaddr, uaddr + len) of p be read (and written)? OK or the error a
 * copy would meet. Inside one page of the loaded address space, probing
 * one byte answers for the page (the MMU checks what the walk would). */
static inline int check_proc_range(struct proc *p, uint64_t uaddr, uint64_t len, bool write)
{
	if (proc_loaded(p) && len && len <= user_page_left(uaddr) && user_range_ok(uaddr, len) &&
	    arch_user_probe((void *)uaddr, write) == 0)
		return OK;
	return check_proc_range_checked(p, uaddr, len, write);
}

#endif
