/*
 * Ready queues: one FIFO per priority. Pure data structure, compiled on
 * the host for unit tests. Invariant: a process is in exactly one queue
 * (its priority's) iff it is runnable; the running process stays at the
 * head of its queue until it blocks or its quantum ends.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "proc.h"

_Static_assert(NR_SCHED_QUEUES <= 32, "runq.nonempty has a bit per queue");

struct runq {
	struct proc *head[NR_SCHED_QUEUES];
	struct proc *tail[NR_SCHED_QUEUES];
	uint32_t nonempty;      /* bit q: head[q] != NULL (runq_pick's shortcut) */
};

void runq_add(struct runq *rq, struct proc *p);      /* at the tail */
void runq_add_head(struct runq *rq, struct proc *p); /* at the head */
void runq_remove(struct runq *rq, struct proc *p);   /* no-op if absent */
struct proc *runq_pick(const struct runq *rq);       /* NULL: idle */
void runq_rotate(struct runq *rq, struct proc *p);   /* head to tail */

/* sched.c (kernel) */
extern struct runq ready;
__attribute__((noreturn)) void schedule_and_run(void);

#endif
