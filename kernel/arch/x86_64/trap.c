/*
 * From entry.S to the generic kernel: exceptions, interrupts, syscalls.
 *
 * Every entry from user mode first saves the frame into the current
 * process, then lets the generic kernel act, then runs whoever the
 * scheduler picks. A trap in kernel mode is either an interrupt that woke
 * the idle loop (handled, then returned to) or a kernel bug (panic).
 */
#include <arch/arch.h>
#include <arch/cpu.h>
#include <arch/vectors.h>
#include <arch/x86.h>
#include "kernel.h"
#include "proc.h"
#include "sched.h"
#include <quire/signal.h>

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 error", "alignment check",
	"machine check", "SIMD error", "virtualization", "control protection",
};

const char *arch_exception_name(int vec)
{
	if (vec >= 0 && vec < 32 && exception_names[vec])
		return exception_names[vec];
	return "reserved";
}

/* The entry code saved the frame in p->regs already (entry.S); this
 * only checks that it did. */
static void save_user_frame(struct proc *p, const struct trapframe *tf)
{
	KASSERT(tf == &p->regs);
}

/* Interrupts: the same handling whether they hit user or kernel mode. */
static void handle_interrupt(int vec)
{
	if (vec == VEC_TIMER) {
		lapic_eoi();
		clock_tick();
	} else if (vec >= VEC_IRQ_BASE && vec < VEC_IRQ_BASE + 16) {
		irq_handle(vec - VEC_IRQ_BASE);
	}
	/* VEC_SPURIOUS: nothing to acknowledge. */
}

extern char arch_user_copy_fault[];

void trap_entry_c(struct trapframe *tf)
{
	int vec = (int)tf->vector;
	bool from_user = (tf->cs & 3) == 3;

	if (!from_user) {
		/* A page fault in arch_user_copy or arch_user_probe: it
		 * returns -1 (usercopy.S). */
		if (vec == VEC_PAGE_FAULT && tf->rip >= (uint64_t)arch_user_copy &&
		    tf->rip < (uint64_t)arch_user_copy_fault) {
			tf->rip = (uint64_t)arch_user_copy_fault;
			return;
		}
		if (vec < 32) {
			printk("\nKERNEL PANIC: %s (vector %d, error %lx) at rip %lx, cr2 %lx\n",
			       arch_exception_name(vec), vec, tf->error, tf->rip, read_cr2());
			arch_dump_regs(tf);
			arch_backtrace(tf->rbp);
			kernel_stop();
		}
		handle_interrupt(vec);
		return;   /* back into the idle loop */
	}

	struct proc *p = this_cpu()->current;
	if (!p)
		panic("trap from user mode with no current process");
	kernel_enter(p);
	save_user_frame(p, tf);
	if (vec < 32) {
		uint64_t addr = (vec == VEC_PAGE_FAULT) ? read_cr2() : tf->rip;
		proc_fault(p, vec, tf->error, addr);
	} else {
		handle_interrupt(vec);
	}
	schedule_and_run();
}

void syscall_entry_c(struct trapframe *tf)
{
	struct proc *p = this_cpu()->current;
	if (!p)
		panic("syscall with no current process");
	kernel_enter(p);
	save_user_frame(p, tf);
	if (!ipc_fast(p, tf->rax, (endpoint_t)tf->rdi, tf->rsi))
		kernel_syscall(p, tf->rax, tf->rdi, tf->rsi);
	schedule_and_run();
}

/* The signal a user-mode exception raises (the usual Unix mapping). */
int arch_exception_signal(int vec)
{
	switch (vec) {
	case 0: case 16: case 19: return QSIGFPE;
	case 1: case 3:           return QSIGTRAP;
	case 6:                   return QSIGILL;
	case 17:                  return QSIGBUS;
	default:                  return QSIGSEGV;   /* #GP, #PF, #SS, #NP, ... */
	}
}
