/*
 * Physically contiguous memory (drivers' DMA buffers): all pages are
 * allocated together at creation, zeroed, and stay put. A fork child gets
 * an ordinary private copy (its own pages need not be contiguous).
 */
#include "vm.h"

static int contig_create(struct region *r, const struct map_args *a)
{
	(void)a;
	pfn_t n = r->len >> VM_PAGE_SHIFT;
	pfn_t first = page_alloc_contig(&physmem, n, physmem.nr_frames, ALLOC_USER);
	if (!first)
		return -ENOMEM;
	memset(phys_ptr(first << VM_PAGE_SHIFT), 0, r->len);
	r->phys = first << VM_PAGE_SHIFT;
	return OK;
}

static void contig_release(struct region *r, uint64_t first, uint64_t n)
{
	pfn_t base = r->phys >> VM_PAGE_SHIFT;
	for (uint64_t i = first; i < first + n; i++)
		page_unref(&physmem, base + i);
}

static void contig_destroy(struct region *r)
{
	contig_release(r, 0, r->len >> VM_PAGE_SHIFT);
}

static int contig_fault(struct region *r, uint64_t idx, bool write, struct fault_result *res)
{
	(void)write;
	res->pfn = (r->phys >> VM_PAGE_SHIFT) + idx;
	res->writable = (r->prot & PROT_WRITE) != 0;
	res->uncached = false;
	res->cow = false;
	return OK;
}

static int contig_copy(struct region *r, struct region *nr)
{
	/* The child's copy is private anonymous memory with the same bytes. */
	nr->type = &mem_anon;
	nr->ps = pageset_new();
	if (!nr->ps)
		return -ENOMEM;
	nr->ps_off = 0;
	for (uint64_t i = 0; i < r->len >> VM_PAGE_SHIFT; i++) {
		pfn_t p = vm_page_alloc(ALLOC_USER, false);
		if (!p || ps_set(nr->ps, i, p) == PS_NOMEM) {
			if (p)
				page_unref(&physmem, p);
			pageset_unref(nr->ps);
			nr->ps = NULL;
			return -ENOMEM;
		}
		memcpy(phys_ptr(p << VM_PAGE_SHIFT), phys_ptr(r->phys + i * VM_PAGE), VM_PAGE);
	}
	return OK;
}

static void contig_split(struct region *r, struct region *upper, uint64_t at)
{
	upper->phys = r->phys + at * VM_PAGE;
}

static bool contig_writable(struct region *r, uint64_t idx, pfn_t pfn)
{
	(void)r, (void)idx, (void)pfn;
	return true;
}

const struct mem_type mem_contig = {
	.name = "contiguous",
	.create = contig_create,
	.destroy = contig_destroy,
	.fault = contig_fault,
	.copy = contig_copy,
	.split = contig_split,
	.release = contig_release,
	.writable = contig_writable,
};
