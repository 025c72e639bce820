/*
 * Per-CPU state. One struct cpu per processor, reached through GS.base in
 * kernel mode (entry.S relies on the first two fields' offsets). Quire runs
 * on one CPU today; nothing global here assumes there will only ever be one.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>

struct proc;

struct tss {
	uint32_t reserved0;
	uint64_t rsp0, rsp1, rsp2;
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct cpu {
	uint64_t frame_top;        /* offset 0 (entry.S): the end of the current
				    * process's saved frame (struct proc.regs); a
				    * syscall pushes the frame there, as the CPU does
				    * for a trap from user mode (tss.rsp0, the same) */
	uint64_t user_rsp;         /* offset 8: entry.S scratch */
	struct cpu *self;
	int id;
	uint64_t kstack_top;       /* offset 32 (entry.S): the kernel's stack */
	struct proc *current;      /* the process whose frame is being handled */
	struct proc *fpu_owner;    /* whose state the FPU registers hold */
	uint64_t loaded_cr3;       /* address space the MMU has loaded */
	uint64_t user_gs;          /* user mode's GS.base (MSR_KERNEL_GS_BASE in the kernel) */
	struct proc *entered_by;   /* whose request this CPU's kernel is serving */
	uint64_t entered_at;       /* TSC at that entry (kernel_enter) */
	struct tss tss;
	uint64_t gdt[7];           /* null, kcode, kdata, udata, ucode, tss(2) */
} __attribute__((aligned(64)));

_Static_assert(__builtin_offsetof(struct cpu, self) == 16, "this_cpu reads %gs:16");
_Static_assert(__builtin_offsetof(struct cpu, kstack_top) == 32, "entry.S: CPU_KSTACK");

/* GS.base in the kernel points at the struct cpu; its `self` field
 * (offset 16) gives its address. */
static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__ volatile("mov %%gs:16, %0" : "=r"(c));
	return c;
}

#endif
