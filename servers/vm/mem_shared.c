/*
 * Shared memory: a region that mirrors (part of) a MAP_SHARED region of
 * another process (VM_REMAP). It refers to the same page set, so both see
 * the same pages; faults, splits and fork behave as for shared anonymous
 * memory.
 */
#include "vm.h"

static int shared_create(struct region *r, const struct map_args *a)
{
	struct region *src = a->source;
	if (!src || !(src->flags & RF_SHARED) || !src->ps)
		return -EINVAL;
	r->ps = src->ps;
	r->ps->refs++;
	r->ps_off = src->ps_off + a->source_off;
	r->flags |= RF_SHARED;
	return OK;
}

static void shared_destroy(struct region *r)
{
	pageset_unref(r->ps);
	r->ps = NULL;
}

static int shared_copy(struct region *r, struct region *nr)
{
	(void)nr;
	r->ps->refs++;
	return OK;
}

const struct mem_type mem_shared = {
	.name = "shared",
	.create = shared_create,
	.destroy = shared_destroy,
	.fault = anon_fault,
	.copy = shared_copy,
	.split = anon_split,
	.release = anon_release,
	.writable = anon_writable,
};
