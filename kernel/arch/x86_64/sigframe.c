/*
 * Signal frames (layout: include/quire/sigframe.h, docs/signals.md).
 *
 * arch_sig_push saves a process's whole user context (general registers,
 * rip, rflags, rsp, the FXSAVE image) in a frame on its stack and points
 * it at the handler. arch_sig_return takes a frame back. The frame lives
 * in user memory, so everything read back is untrusted: sigcheck.c
 * checks rip, rsp, rflags and MXCSR. Selectors are never read from the
 * frame: CS and SS are always the user ones.
 */
#include <arch/arch.h>
#include <arch/layout.h>
#include <arch/x86.h>
#include <quire/sigframe.h>
#include "kernel.h"
#include "proc.h"

#define RED_ZONE 128
#define MXCSR_OFF 24
#define MXCSR_MASK_OFF 28
#define FRAME_HEAD __builtin_offsetof(struct sigframe, uc.fpu)
#define FRAME_FPU  FRAME_HEAD

static void regs_to_frame(const struct trapframe *r, uint64_t *g)
{
	g[QREG_R8] = r->r8;   g[QREG_R9] = r->r9;   g[QREG_R10] = r->r10;
	g[QREG_R11] = r->r11; g[QREG_R12] = r->r12; g[QREG_R13] = r->r13;
	g[QREG_R14] = r->r14; g[QREG_R15] = r->r15; g[QREG_RDI] = r->rdi;
	g[QREG_RSI] = r->rsi; g[QREG_RBP] = r->rbp; g[QREG_RBX] = r->rbx;
	g[QREG_RDX] = r->rdx; g[QREG_RAX] = r->rax; g[QREG_RCX] = r->rcx;
	g[QREG_RSP] = r->rsp; g[QREG_RIP] = r->rip; g[QREG_RFLAGS] = r->rflags;
}

static void frame_to_regs(const uint64_t *g, struct trapframe *r)
{
	r->r8 = g[QREG_R8];   r->r9 = g[QREG_R9];   r->r10 = g[QREG_R10];
	r->r11 = g[QREG_R11]; r->r12 = g[QREG_R12]; r->r13 = g[QREG_R13];
	r->r14 = g[QREG_R14]; r->r15 = g[QREG_R15]; r->rdi = g[QREG_RDI];
	r->rsi = g[QREG_RSI]; r->rbp = g[QREG_RBP]; r->rbx = g[QREG_RBX];
	r->rdx = g[QREG_RDX]; r->rax = g[QREG_RAX]; r->rcx = g[QREG_RCX];
	r->rsp = g[QREG_RSP]; r->rip = g[QREG_RIP];
	r->rflags = (g[QREG_RFLAGS] & USER_RFLAGS) | RFLAGS_IF;
	r->cs = SEL_UCODE;
	r->ss = SEL_UDATA;
	r->vector = 0;          /* every register matters: leave with iretq */
	r->error = 0;
}

static bool user_addr(uint64_t a)
{
	return a < USER_END;
}

int arch_sig_push(struct proc *p, const struct sig_delivery *d)
{
	uint64_t sp = p->regs.rsp;
	bool has_alt = !(d->ss_flags & QSS_DISABLE) && d->ss_size > 0;
	bool on_alt = has_alt && sp > d->ss_sp && sp - d->ss_sp <= d->ss_size;
	uint64_t top = sp - RED_ZONE;
	if ((d->flags & SIGD_ONSTACK) && has_alt && !on_alt)
		top = d->ss_sp + d->ss_size;
	if (!user_addr(d->handler) || !user_addr(d->trampoline) || top < sizeof(struct sigframe) + 64 ||
	    !user_addr(top))
		return -EFAULT;
	uint64_t fa = sigframe_addr(top);
	int err = check_proc_range(p, fa, sizeof(struct sigframe), true);
	if (err)
		return err;

	struct sigframe f;       /* the head: everything but uc.fpu */
	memset(&f, 0, FRAME_HEAD);
	f.retaddr = d->trampoline;
	f.info = d->info;
	f.uc.ss_sp = d->ss_sp;
	f.uc.ss_size = d->ss_size;
	f.uc.ss_flags = has_alt ? (on_alt ? QSS_ONSTACK : 0) : QSS_DISABLE;
	f.uc.sigmask = d->mask;
	regs_to_frame(&p->regs, f.uc.gregs);
	arch_fpu_save(p);
	if (copy_to_proc(p, fa, &f, FRAME_HEAD) ||
	    copy_to_proc(p, fa + FRAME_FPU, &p->fpu, sizeof(p->fpu)))
		return -EFAULT;  /* cannot happen: the range was checked */

	struct trapframe *r = &p->regs;
	r->rip = d->handler;
	r->rsp = fa;
	r->rdi = (uint64_t)d->info.signo;
	r->rsi = fa + __builtin_offsetof(struct sigframe, info);
	r->rdx = fa + __builtin_offsetof(struct sigframe, uc);
	r->rax = 0;
	r->rflags &= ~(uint64_t)(RFLAGS_DF | RFLAGS_TF);   /* the ABI's state at a call */
	r->vector = 0;
	return OK;
}

/* The MXCSR bits this CPU accepts (0xFFBF when FXSAVE reports none). */
static uint32_t mxcsr_mask(const struct proc *p)
{
	uint32_t m;
	memcpy(&m, &p->fpu.area[MXCSR_MASK_OFF], sizeof(m));
	return m ? m : 0xFFBF;
}

int arch_sig_return(struct proc *p, uint64_t fa)
{
	int err = check_proc_range(p, fa, sizeof(struct sigframe), false);
	if (err)
		return err;
	struct sigframe f;
	struct fpu_state fpu;
	if (copy_from_proc(p, fa, &f, FRAME_HEAD) ||
	    copy_from_proc(p, fa + FRAME_FPU, &fpu, sizeof(fpu)))
		return -EFAULT;
	const uint64_t *g = f.uc.gregs;
	uint32_t mxcsr;
	memcpy(&mxcsr, &fpu.area[MXCSR_OFF], sizeof(mxcsr));
	arch_fpu_save(p);    /* p->fpu current, for its MXCSR mask */
	if (!arch_sigframe_ok(g, mxcsr, mxcsr_mask(p)))
		return -EINVAL;
	memcpy(&fpu.area[MXCSR_MASK_OFF], &p->fpu.area[MXCSR_MASK_OFF], 4);
	frame_to_regs(g, &p->regs);
	arch_proc_gone_fpu(p);
	p->fpu = fpu;
	return OK;
}
