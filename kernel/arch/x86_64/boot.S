/*
 * Boot: from the loader to kmain().
 *
 * Two ways in, one way on:
 *   _start   GRUB (multiboot2): 32-bit protected mode, paging off,
 *            EAX = magic, EBX = physical address of the boot information.
 *   entry64  loaders already in long mode (boot/efi), as include/quire/
 *            bootnote.h describes: same EAX/EBX, paging on with an identity
 *            map of the kernel's load addresses.
 * Both load the boot page tables below, which map the first 1 GiB twice:
 * identity (so this code keeps running) and at KERNEL_VMA (where the C
 * kernel is linked). kmain() then builds the real kernel page tables and
 * drops the identity map.
 *
 * Everything in this file runs at its load (physical) address, so it only
 * refers to symbols in the low .boot sections; the one jump to the higher
 * half goes through an absolute 64-bit address.
 */
#include <arch/layout.h>
#include <quire/bootnote.h>

#define CR0_PE  (1 << 0)
#define CR0_WP  (1 << 16)
#define CR0_PG  (1 << 31)
#define CR4_PAE (1 << 5)
#define EFER_MSR 0xC0000080
#define EFER_LME (1 << 8)

	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long MULTIBOOT2_HEADER_MAGIC
	.long 0                                  /* architecture: i386 */
	.long mb2_header_end - mb2_header
	.long -(MULTIBOOT2_HEADER_MAGIC + 0 + (mb2_header_end - mb2_header))
	/* module alignment tag: page-align modules */
	.balign 8
	.short 6, 0
	.long 8
	/* end tag */
	.balign 8
	.short 0, 0
	.long 8
mb2_header_end:

	/* The 64-bit entry for loaders in long mode (bootnote.h). */
	.section .note.quire, "a"
	.balign 4
	.long 6                                  /* namesz: "Quire\0" */
	.long 8                                  /* descsz */
	.long QUIRE_NOTE_ENTRY64
	.asciz "Quire"
	.balign 4
	.quad entry64

	.section .boot.text, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	mov %eax, boot_magic
	mov %ebx, boot_info
	mov $boot_stack_top, %esp

	call build_boot_tables

	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $boot_pml4, %eax
	mov %eax, %cr3
	mov $EFER_MSR, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	mov %cr0, %eax
	or $(CR0_PG | CR0_PE | CR0_WP), %eax
	mov %eax, %cr0

	lgdt boot_gdt_ptr
	ljmp $0x08, $long_mode_low

/* Fill the boot page tables: 512 2-MiB pages = the first 1 GiB, reached
 * through PML4[0] (identity) and PML4[511]/PDPT[510] (KERNEL_VMA). */
build_boot_tables:
	mov $boot_pml4, %edi
	xor %eax, %eax
	mov $(4096 * 4 / 4), %ecx
	rep stosl                                 /* pml4, pdpt_low, pdpt_high, pd */

	mov $boot_pdpt_low, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, boot_pml4
	mov $boot_pdpt_high, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, boot_pml4 + 511 * 8
	mov $boot_pd, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, boot_pdpt_low
	mov %eax, boot_pdpt_high + 510 * 8

	mov $boot_pd, %edi
	mov $(PTE_P | PTE_W | PTE_PS), %eax
	mov $PT_ENTRIES, %ecx
1:	mov %eax, (%edi)
	movl $0, 4(%edi)
	add $0x200000, %eax
	add $8, %edi
	loop 1b
	ret

	.code64
/* Entered by a long-mode loader; see bootnote.h. Runs identity-mapped. */
	.globl entry64
entry64:
	cli
	cld
	mov %eax, boot_magic(%rip)
	mov %ebx, boot_info(%rip)
	lea boot_stack_top(%rip), %rsp
	/* The loader's page tables map us; build ours with the 32-bit helper's
	 * logic written again in 64-bit form. */
	lea boot_pml4(%rip), %rdi
	xor %eax, %eax
	mov $(4096 * 4 / 8), %ecx
	rep stosq
	lea boot_pdpt_low(%rip), %rax
	or $(PTE_P | PTE_W), %rax
	mov %rax, boot_pml4(%rip)
	lea boot_pdpt_high(%rip), %rax
	or $(PTE_P | PTE_W), %rax
	mov %rax, boot_pml4 + 511 * 8(%rip)
	lea boot_pd(%rip), %rax
	or $(PTE_P | PTE_W), %rax
	mov %rax, boot_pdpt_low(%rip)
	mov %rax, boot_pdpt_high + 510 * 8(%rip)
	lea boot_pd(%rip), %rdi
	mov $(PTE_P | PTE_W | PTE_PS), %eax
	mov $512, %ecx
1:	mov %rax, (%rdi)
	add $0x200000, %rax
	add $8, %rdi
	loop 1b
	lea boot_pml4(%rip), %rax
	mov %rax, %cr3
	lgdt boot_gdt_ptr(%rip)
	/* Reload CS with a far return. */
	pushq $0x08
	lea long_mode_low(%rip), %rax
	push %rax
	lretq

long_mode_low:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	movabs $higher_half, %rax
	jmp *%rax

	.section .boot.data, "aw"
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00209A0000000000                  /* 0x08: 64-bit code */
	.quad 0x0000920000000000                  /* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
	.short boot_gdt_end - boot_gdt - 1
	.quad boot_gdt
	.globl boot_magic, boot_info
boot_magic:
	.long 0
boot_info:
	.long 0

	.section .boot.bss, "aw", @nobits
	.balign 4096
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4096
boot_stack:     .skip 4096
boot_stack_top:

/* ---- higher half ---- */
	.text
higher_half:
	movabs $kstack_top, %rsp
	xor %ebp, %ebp
	/* Zero .bss (the loaders should have, but it costs nothing to be sure;
	 * nothing lives on the stack yet). */
	movabs $__bss_start, %rdi
	movabs $__bss_end, %rcx
	sub %rdi, %rcx
	xor %eax, %eax
	rep stosb
	movabs $boot_magic, %rax
	mov (%rax), %edi
	movabs $boot_info, %rax
	mov (%rax), %esi
	call kmain
1:	cli
	hlt
	jmp 1b

	.section .bss.kstack, "aw", @nobits
	.balign 16
	.globl kstack_bottom, kstack_top
kstack_bottom:
	.skip 16384
kstack_top:
