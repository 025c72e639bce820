/* Ready queues (see sched.h). Pure: compiled on the host for unit tests. */
#include <stddef.h>
#include "sched.h"

void runq_add(struct runq *rq, struct proc *p)
{
	int q = p->priority;
	p->next_ready = NULL;
	if (rq->tail[q])
		rq->tail[q]->next_ready = p;
	else
		rq->head[q] = p;
	rq->tail[q] = p;
	rq->nonempty |= 1u << q;
}

void runq_add_head(struct runq *rq, struct proc *p)
{
	int q = p->priority;
	p->next_ready = rq->head[q];
	rq->head[q] = p;
	if (!rq->tail[q])
		rq->tail[q] = p;
	rq->nonempty |= 1u << q;
}

void runq_remove(struct runq *rq, struct proc *p)
{
	int q = p->priority;
	struct proc **pp = &rq->head[q], *prev = NULL;
	while (*pp && *pp != p) {
		prev = *pp;
		pp = &(*pp)->next_ready;
	}
	if (!*pp)
		return;
	*pp = p->next_ready;
	if (rq->tail[q] == p)
		rq->tail[q] = prev;
	p->next_ready = NULL;
	if (!rq->head[q])
		rq->nonempty &= ~(1u << q);
}

struct proc *runq_pick(const struct runq *rq)
{
	return rq->nonempty ? rq->head[__builtin_ctz(rq->nonempty)] : NULL;
}

void runq_rotate(struct runq *rq, struct proc *p)
{
	int q = p->priority;
	if (rq->head[q] != p || rq->tail[q] == p)
		return;
	rq->head[q] = p->next_ready;
	p->next_ready = NULL;
	rq->tail[q]->next_ready = p;
	rq->tail[q] = p;
}
