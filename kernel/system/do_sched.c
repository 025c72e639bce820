/* KC_YIELD: sched_yield(). The caller goes to the tail of its priority's
 * ready queue with a fresh quantum, so every other ready process of that
 * priority runs before it again; alone at its priority it simply goes on
 * (POSIX: the call always succeeds). */
#include "../kernel.h"
#include "../proc.h"
#include "../sched.h"
#include "system.h"

int do_yield(struct proc *caller, message *m)
{
	(void)m;
	caller->ticks_left = caller->quantum;
	runq_rotate(&ready, caller);     /* a no-op unless caller heads its queue */
	return OK;
}
