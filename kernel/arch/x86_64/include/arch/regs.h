/*
 * The saved user register frame. Its layout is the stack frame that
 * entry.S builds on every entry from user mode (syscall, exception,
 * interrupt), so that struct proc can hold a copy and entry.S can return
 * to user mode straight from it.
 */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;          /* exception/IRQ vector, or VEC_SYSCALL */
	uint64_t error;           /* CPU error code, or 0 */
	uint64_t rip, cs, rflags, rsp, ss;   /* the iretq frame */
};
#endif

#define VEC_SYSCALL 0x100     /* entered with the syscall instruction */

/* Selectors: sysret needs user data right below user code. */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA (0x18 | 3)
#define SEL_UCODE (0x20 | 3)
#define SEL_TSS   0x28

#ifndef __ASSEMBLER__
/* FXSAVE area; 16-byte aligned. */
struct fpu_state {
	uint8_t area[512];
} __attribute__((aligned(16)));
#endif

#endif
