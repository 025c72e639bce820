/*
 * The VM test harness's helpers and fixtures (test_vm_harness.h says what
 * each does): the processes of the running test, helpers that call VM's
 * functions and assert they succeeded, and the group and per-test setup
 * and teardown that check every page came back.
 */
#include "test_vm_harness.h"

/* ---- processes ---------------------------------------------------------- */

#define MAX_PROCS 4
static struct vmproc *procs[MAX_PROCS];
static uint64_t start_free;     /* physmem.nr_free when the test began */
static uint32_t start_zero;     /* refs of the zero page then */

struct vmproc *h_proc_new(endpoint_t ep)
{
	struct vmproc *vmp = vmproc_new(ep);
	assert_non_null(vmp);
	assert_ptr_equal(vmproc_get(ep), vmp);
	vmp->pml4 = pt_new();
	assert_int_not_equal(vmp->pml4, 0);
	for (int i = 0; i < MAX_PROCS; i++) {
		if (!procs[i]) {
			procs[i] = vmp;
			return vmp;
		}
	}
	fail_msg("too many processes");
	return NULL;
}

/* Everything is released before anything is checked, so a failed check
 * leaves no process behind for the next test. */
void h_proc_free(struct vmproc *vmp)
{
	vmproc_clear(vmp);
	size_t regions = vmp->regions.count;
	uint64_t resident = vmp->resident, ptes = host_pt_count(vmp->pml4);
	bool heap = vmp->heap != NULL;
	vmproc_free(vmp);
	assert_false(vmp->in_use);
	for (int i = 0; i < MAX_PROCS; i++)
		if (procs[i] == vmp)
			procs[i] = NULL;
	assert_int_equal(regions, 0);
	assert_int_equal(resident, 0);
	assert_int_equal(ptes, 0);
	assert_false(heap);
}

int h_count_regions(struct vmproc *vmp)
{
	int n = 0;
	uint64_t last_end = 0;
	for (struct region *r = region_first(vmp); r; r = region_next(r)) {
		assert_true(r->start >= last_end);        /* sorted, disjoint */
		assert_int_equal(r->node.key, r->start);
		assert_ptr_equal(r->owner, vmp);
		last_end = r->start + r->len;
		n++;
	}
	assert_int_equal((size_t)n, vmp->regions.count);
	return n;
}

struct region *h_map(struct vmproc *vmp, uint64_t start, uint64_t npages, uint32_t prot,
		     uint32_t flags, const struct mem_type *type, const struct map_args *a)
{
	struct map_args none = { 0 };
	struct region *r = NULL;
	assert_int_equal(region_create(vmp, start, npages * PG, prot, flags, type, a ? a : &none, &r),
			 OK);
	assert_non_null(r);
	return r;
}

struct fault_result h_touch(struct vmproc *vmp, uint64_t addr, bool write)
{
	struct fault_result res;
	memset(&res, 0, sizeof(res));
	res.pfn = 0xdeadbeef;
	assert_int_equal(vm_fault(vmp, addr, write, false, &res), OK);
	assert_int_not_equal(res.pfn, 0xdeadbeef);
	return res;
}

uint64_t h_pte_at(struct vmproc *vmp, uint64_t va)
{
	return pt_lookup(vmp->pml4, va);
}

pfn_t h_pfn_at(struct vmproc *vmp, uint64_t va)
{
	return (h_pte_at(vmp, va) & PTE_ADDR) >> VM_PAGE_SHIFT;
}

static unsigned char *page_mem(pfn_t pfn)
{
	return phys_ptr(pfn << VM_PAGE_SHIFT);
}

void h_fill(pfn_t pfn, unsigned char b)
{
	memset(page_mem(pfn), b, PG);
}

bool h_page_all(pfn_t pfn, unsigned char b)
{
	const unsigned char *p = page_mem(pfn);
	for (size_t i = 0; i < PG; i++)
		if (p[i] != b)
			return false;
	return true;
}

struct region *h_fork_region(struct vmproc *child, struct region *r)
{
	struct region *nr = NULL;
	assert_int_equal(region_fork(child, r, &nr), OK);
	assert_non_null(nr);
	return nr;
}

/* ---- fixtures ------------------------------------------------------------ */

int h_group_setup(void **state)
{
	(void)state;
	host_vm_init(16);
	/* Fill the object pools once, so that later tests see every page
	 * they take and give back (pool pages stay with their pool). */
	struct vmproc *vmp = vmproc_new(1);
	vmp->pml4 = pt_new();
	static struct region *rs[120];
	for (int i = 0; i < 120; i++) {
		rs[i] = region_new(vmp, (uint64_t)(i + 1) * PG, PG, PROT_READ, 0, &mem_directphys);
		assert_non_null(rs[i]);
	}
	for (int i = 0; i < 120; i++)
		region_destroy(rs[i]);
	static struct pageset *sets[300];
	for (int i = 0; i < 300; i++) {
		sets[i] = pageset_new();
		assert_non_null(sets[i]);
	}
	for (int i = 0; i < 300; i++)
		pageset_unref(sets[i]);
	vmproc_free(vmp);
	return 0;
}

int h_group_teardown(void **state)
{
	(void)state;
	host_vm_fini();
	return 0;
}

int h_setup(void **state)
{
	(void)state;
	memset(procs, 0, sizeof(procs));
	start_free = physmem.nr_free;
	start_zero = page_refs(&physmem, zero_pfn);
	host_vmctl_reset();
	return 0;
}

int h_teardown(void **state)
{
	(void)state;
	/* First release everything, then check. */
	bool clean = true;
	for (int i = 0; i < MAX_PROCS; i++) {
		struct vmproc *vmp = procs[i];
		if (!vmp)
			continue;
		vmproc_clear(vmp);
		clean = clean && vmp->resident == 0 && host_pt_count(vmp->pml4) == 0;
		vmproc_free(vmp);
		procs[i] = NULL;
	}
	assert_true(clean);
	assert_int_equal(host_pt_spaces(), 0);
	/* Every page the test's processes held is back. */
	assert_int_equal(physmem.nr_free, start_free);
	assert_int_equal(page_refs(&physmem, zero_pfn), start_zero);
	return 0;
}
