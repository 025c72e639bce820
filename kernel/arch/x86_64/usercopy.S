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
	.globl arch_user_copy, arch_user_copy_fault, arch_user_copy_end
arch_user_copy:
	mov %rdx, %rcx
	shr $3, %rcx
	and $7, %edx
	rep movsq
	mov %edx, %ecx
	rep movsb
	xor %eax, %eax
	ret
arch_user_copy_fault:
	mov $-1, %eax
	ret
arch_user_copy_end:
