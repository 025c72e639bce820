/*
 * Direct physical memory: a window onto device memory (or any physical
 * range a driver's privileges name). VM owns none of these pages: they
 * are mapped uncached and never freed; a fork child maps the same range.
 */
#include "vm.h"

static int dp_create(struct region *r, const struct map_args *a)
{
	r->phys = a->phys;
	return OK;
}

static void dp_destroy(struct region *r)
{
	(void)r;
}

static int dp_fault(struct region *r, uint64_t idx, bool write, struct fault_result *res)
{
	(void)write;
	res->pfn = (r->phys >> VM_PAGE_SHIFT) + idx;
	res->writable = (r->prot & PROT_WRITE) != 0;
	res->uncached = true;
	res->cow = false;
	return OK;
}

static int dp_copy(struct region *r, struct region *nr)
{
	(void)r, (void)nr;
	return OK;
}

static void dp_split(struct region *r, struct region *upper, uint64_t at)
{
	upper->phys = r->phys + at * VM_PAGE;
}

static void dp_release(struct region *r, uint64_t first, uint64_t n)
{
	(void)r, (void)first, (void)n;
}

static bool dp_writable(struct region *r, uint64_t idx, pfn_t pfn)
{
	(void)r, (void)idx, (void)pfn;
	return true;
}

const struct mem_type mem_directphys = {
	.name = "direct physical",
	.create = dp_create,
	.destroy = dp_destroy,
	.fault = dp_fault,
	.copy = dp_copy,
	.split = dp_split,
	.release = dp_release,
	.writable = dp_writable,
};
