/*
 * int arch_user_copy(void *dst, const void *src, size_t len)
 *
 * A copy in which one side is user memory of the loaded address space,
 * reached through the user's own addresses: the MMU walks the page tables
 * (and its TLB remembers), where copy.c's walk costs a hundred
 * instructions a page. Returns 0, or -1 if a page fault stopped it: the
 * trap handler (trap.c) sends a kernel-mode fault at a copy instruction
 * here to the fixup, and the caller falls back to the checked path, which
 * says why (EFAULT, or a fault for VM to resolve). A fault leaves part of
 * the bytes copied, so the callers use this only where that is harmless
 * (a kernel buffer, or a user buffer that the slow path then fills whole).
 *
 * The caller has checked that the user range lies below USER_END. The
 * supervisor's access to a user page is allowed by the same bits the walk
 * checks (CR0.WP makes a read-only page fault on a write; every mapping
 * VM makes in the user half is a user mapping).
 */
	.text
	.globl arch_user_copy, arch_user_probe, arch_user_copy_fault
arch_user_copy:
	mov %rdx, %rcx
	shr $3, %rcx
	and $7, %edx
	rep movsq
	mov %edx, %ecx
	rep movsb
	xor %eax, %eax
	ret

/*
 * int arch_user_probe(const void *uaddr, int write)
 *
 * May the byte at uaddr (user memory of the loaded address space) be read,
 * and if write, written? A write probe stores the byte's own value back:
 * invisible, since nothing else runs while the kernel does. 0 or -1.
 */
arch_user_probe:
	movb (%rdi), %al
	test %esi, %esi
	jz 1f
	movb %al, (%rdi)
1:	xor %eax, %eax
	ret

/* Both routines above end here on a page fault (trap.c). */
arch_user_copy_fault:
	mov $-1, %eax
	ret
