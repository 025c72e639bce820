/*
 * sched_yield: KC_YIELD puts the caller at the tail of its priority's
 * ready queue (kernel/system/do_sched.c). It cannot fail.
 */
#include "posix_priv.h"

#include <sched.h>

int sched_yield(void)
{
	PX_MSG(m);
	(void)__px_kcall(KC_YIELD, &m);
	return 0;
}
