/*
 * Scheduling policy: the highest-priority runnable process runs; equal
 * priorities share the CPU round-robin, a quantum of ticks each (clock.c
 * rotates the queue when a quantum runs out).
 */
#include <arch/arch.h>
#include <arch/x86.h>
#include "kernel.h"
#include "sched.h"

struct runq ready;

void schedule_and_run(void)
{
	for (;;) {
		struct proc *p = runq_pick(&ready);
		if (p) {
			if (p->inbox_pending && !ipc_flush_inbox(p))
				continue;       /* it waits for VM now */
			kernel_leave();
			arch_switch_to(p);
		}
		arch_idle();
	}
}
