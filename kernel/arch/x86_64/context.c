/*
 * Entering a process: its registers, its FPU/SSE state and its address
 * space. The FPU state is switched eagerly whenever a different process is
 * about to run (the kernel itself never touches SSE: -mgeneral-regs-only).
 */
#include <quire/proctab.h>
#include <arch/arch.h>
#include <arch/cpu.h>
#include <arch/x86.h>
#include "kernel.h"
#include "proc.h"

static struct fpu_state fpu_initial;   /* after fninit, MXCSR default */

void arch_fpu_init_template(void)
{
	__asm__ volatile("fninit; fxsave %0" : "=m"(fpu_initial));
	uint32_t mxcsr = 0x1f80;               /* all SSE exceptions masked */
	__builtin_memcpy(&fpu_initial.area[24], &mxcsr, sizeof(mxcsr));
}

void arch_fpu_init_state(struct proc *p)
{
	p->fpu = fpu_initial;
}

void arch_proc_init_regs(struct proc *p, uint64_t entry, uint64_t sp)
{
	__builtin_memset(&p->regs, 0, sizeof(p->regs));
	p->regs.rip = entry;
	p->regs.rsp = sp;
	p->regs.cs = SEL_UCODE;
	p->regs.ss = SEL_UDATA;
	p->regs.rflags = RFLAGS_IF;
	p->regs.vector = 0;                    /* return with iretq the first time */
	arch_fpu_init_state(p);
}

void arch_set_result(struct proc *p, int64_t value)
{
	p->regs.rax = (uint64_t)value;
}

void arch_set_syscall(struct proc *p, uint64_t op, int64_t peer)
{
	p->regs.rax = op;
	p->regs.rdi = (uint64_t)peer;
}

/* Make p->fpu current if p's state is live in the registers. */
void arch_fpu_save(struct proc *p)
{
	struct cpu *c = this_cpu();
	if (c->fpu_owner == p) {
		__asm__ volatile("fxsave64 %0" : "=m"(p->fpu));
		c->fpu_owner = NULL;
	}
}

/* p's FPU registers are about to be replaced: forget any live copy. */
void arch_proc_gone_fpu(struct proc *p)
{
	struct cpu *c = this_cpu();
	if (c->fpu_owner == p)
		c->fpu_owner = NULL;
}

void arch_proc_gone(struct proc *p)
{
	struct cpu *c = this_cpu();
	if (c->fpu_owner == p)
		c->fpu_owner = NULL;
	if (c->current == p)
		c->current = NULL;
}

/* The CPU aligns rsp0 down to 16 bytes before it pushes a trap frame, so
 * the end of every process's frame must be 16-byte aligned. */
_Static_assert(sizeof(struct trapframe) % 16 == 0 && __builtin_offsetof(struct proc, regs) % 16 == 0 &&
	       _Alignof(struct proc) % 16 == 0, "struct proc.regs ends 16-byte aligned");

void arch_switch_to(struct proc *p)
{
	struct cpu *c = this_cpu();
	if (c->fpu_owner != p) {
		if (c->fpu_owner)
			__asm__ volatile("fxsave64 %0" : "=m"(c->fpu_owner->fpu));
		__asm__ volatile("fxrstor64 %0" :: "m"(p->fpu));
		c->fpu_owner = p;
	}
	arch_load_as(p->as_root);
	/* User mode's GS.base: the process's entry of the public process
	 * table (quire/proctab.h); swapgs on the way out makes it live. */
	uint64_t gs = PROCTAB_ADDR + (uint64_t)p->slot * sizeof(struct proc_pub);
	if (c->user_gs != gs) {
		wrmsr(MSR_KERNEL_GS_BASE, gs);
		c->user_gs = gs;
	}
	c->current = p;
	/* The next entry from user mode saves p's registers in place. */
	c->frame_top = c->tss.rsp0 = (uint64_t)(&p->regs + 1);
	p->regs.rflags = (p->regs.rflags & USER_RFLAGS) | RFLAGS_IF;
	p->regs.cs = SEL_UCODE;
	p->regs.ss = SEL_UDATA;
	arch_return_to_user(&p->regs);
}

void arch_idle(void)
{
	this_cpu()->current = NULL;
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}
