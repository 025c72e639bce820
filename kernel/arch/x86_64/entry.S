/*
 * Kernel entry and exit.
 *
 * Every entry builds a struct trapframe (include/arch/regs.h) and calls C
 * with a pointer to it, on the per-CPU kernel stack. An entry from user
 * mode builds the frame in place, in the current process's proc.regs
 * (struct cpu's frame_top and tss.rsp0 point at its end: context.c), so
 * nothing copies it; a trap in kernel mode (the idle loop) builds it on
 * the kernel stack:
 *   syscall          -> syscall_entry_c(tf)      never returns
 *   exception/IRQ    -> trap_entry_c(tf)         returns only if the trap
 *                                                came from kernel mode (idle)
 * The kernel is not preemptible and runs with interrupts off; it leaves
 * for user mode only through arch_return_to_user(), which restores a
 * process's saved frame with sysretq (if it entered by syscall) or iretq.
 *
 * GS: in the kernel GS.base points at the per-CPU struct cpu; in user mode
 * it holds the user's value. swapgs on every crossing, keyed on the saved
 * CS for traps.
 */
#include <arch/regs.h>

#define CPU_FRAMETOP 0
#define CPU_USERRSP  8
#define CPU_KSTACK   32

.macro PUSH_GPRS
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
.endm

.macro POP_GPRS
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
.endm

	.text
	.globl syscall_entry
syscall_entry:
	swapgs
	mov %rsp, %gs:CPU_USERRSP
	mov %gs:CPU_FRAMETOP, %rsp     /* the frame goes straight into proc.regs */
	pushq $SEL_UDATA
	pushq %gs:CPU_USERRSP
	push %r11                      /* user rflags */
	pushq $SEL_UCODE
	push %rcx                      /* user rip */
	pushq $0                       /* error */
	pushq $VEC_SYSCALL
	PUSH_GPRS
	xor %ebp, %ebp
	mov %rsp, %rdi
	mov %gs:CPU_KSTACK, %rsp
	call syscall_entry_c
	ud2

/* Exception and interrupt stubs: push a dummy error code where the CPU
 * does not, then the vector. */
.macro TRAP_NOERR vec
	.globl trap_stub_\vec
trap_stub_\vec:
	pushq $0
	pushq $\vec
	jmp trap_common
.endm
.macro TRAP_ERR vec
	.globl trap_stub_\vec
trap_stub_\vec:
	pushq $\vec
	jmp trap_common
.endm

TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR   8
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
.irp v, 22,23,24,25,26,27,28,29,30,31
TRAP_NOERR \v
.endr
.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,255
TRAP_NOERR \v
.endr

trap_common:
	cld                            /* a user may have set DF; C and rep movs need it clear */
	testb $3, 24(%rsp)             /* saved CS: from user mode? */
	jz 1f
	/* From user mode: the CPU pushed at tss.rsp0, the end of the
	 * process's proc.regs; the rest of the frame goes there too, then
	 * the kernel's own stack. */
	swapgs
	PUSH_GPRS
	mov %rsp, %rdi
	mov %gs:CPU_KSTACK, %rsp
	call trap_entry_c
	ud2                            /* it never returns for a user trap */
1:	PUSH_GPRS
	mov %rsp, %rdi
	mov %rsp, %rbx                 /* callee-saved: the frame */
	and $-16, %rsp
	call trap_entry_c
	/* Back here only for a trap taken in kernel mode. */
	mov %rbx, %rsp
	POP_GPRS
	add $16, %rsp                  /* vector, error */
	iretq

/*
 * void arch_return_to_user(struct trapframe *tf) -- never returns.
 * tf points at the frame to restore (a process's saved registers).
 * Uses sysretq when the frame came from a syscall and its rip is
 * canonical user space (sysretq with a non-canonical rip would fault in
 * ring 0 with the user's stack); iretq otherwise.
 */
	.globl arch_return_to_user
arch_return_to_user:
	mov %rdi, %rsp
	cmpq $VEC_SYSCALL, 15*8(%rsp)
	jne 2f
	mov 17*8(%rsp), %rax           /* rip */
	shr $47, %rax
	jnz 2f
	POP_GPRS                       /* rcx, r11 are overwritten just below */
	mov 2*8(%rsp), %rcx            /* rip */
	mov 4*8(%rsp), %r11            /* rflags */
	mov 5*8(%rsp), %rsp            /* user rsp */
	swapgs
	sysretq
2:	POP_GPRS
	add $16, %rsp
	swapgs
	iretq
