/*
 * Host tests for faults in anonymous memory (mem_anon.c): the zero page,
 * zeroed pages on write, read-only and shared regions, MAP_POPULATE; and
 * creating contiguous memory (mem_contig.c) when there is no room.
 * test_vm_harness.h describes the harness.
 */
#include "test_vm_harness.h"

/* ---- anonymous faults ------------------------------------------------------- */

static void test_first_read_maps_zero_page_read_only(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *r = h_map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	uint32_t z0 = page_refs(&physmem, zero_pfn);
	uint64_t f0 = physmem.nr_free;
	struct fault_result res = h_touch(vmp, A + PG + 5, false);
	assert_int_equal(res.pfn, zero_pfn);
	assert_false(res.writable);
	assert_false(res.cow);
	assert_false(res.uncached);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0 + 1);
	assert_int_equal(ps_get(r->ps, 1), zero_pfn);
	assert_int_equal(physmem.nr_free, f0 - 1);           /* the set's node, no page */
	uint64_t pte = h_pte_at(vmp, A + PG);
	assert_true(pte & PTE_P);
	assert_false(pte & PTE_W);
	assert_int_equal((pte & PTE_ADDR) >> VM_PAGE_SHIFT, zero_pfn);
	assert_true(h_page_all(zero_pfn, 0));

	res = h_touch(vmp, A + 3 * PG, false);
	assert_int_equal(res.pfn, zero_pfn);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0 + 2);
	assert_int_equal(physmem.nr_free, f0 - 1);
	/* A second read of the same page takes no new reference. */
	res = h_touch(vmp, A + PG, false);
	assert_int_equal(res.pfn, zero_pfn);
	assert_false(res.writable);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0 + 2);
}

static void test_first_write_allocates_zeroed_page(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *r = h_map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	uint32_t z0 = page_refs(&physmem, zero_pfn);
	uint64_t f0 = physmem.nr_free;
	struct fault_result res = h_touch(vmp, A + 2 * PG, true);
	assert_int_not_equal(res.pfn, 0);
	assert_int_not_equal(res.pfn, zero_pfn);
	assert_true(res.writable);
	assert_false(res.cow);
	assert_true(h_page_all(res.pfn, 0));                   /* free pages were dirty */
	assert_int_equal(page_refs(&physmem, res.pfn), 1);
	assert_int_equal(ps_get(r->ps, 2), res.pfn);
	assert_int_equal(r->ps->pages, 1);
	assert_int_equal(physmem.nr_free, f0 - 2);           /* the page and the node */
	assert_int_equal(page_refs(&physmem, zero_pfn), z0);
	assert_true(h_pte_at(vmp, A + 2 * PG) & PTE_W);
	assert_int_equal(h_pfn_at(vmp, A + 2 * PG), res.pfn);
	assert_int_equal(vmp->resident, 1);

	/* Writing again: the same page, no copy. */
	struct fault_result again = h_touch(vmp, A + 2 * PG, true);
	assert_int_equal(again.pfn, res.pfn);
	assert_false(again.cow);
	assert_int_equal(physmem.nr_free, f0 - 2);
	assert_int_equal(vmp->resident, 1);
}

static void test_write_after_read_replaces_zero_page(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *r = h_map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	uint32_t z0 = page_refs(&physmem, zero_pfn);
	assert_int_equal(h_touch(vmp, A, false).pfn, zero_pfn);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0 + 1);
	uint64_t f1 = physmem.nr_free;

	struct fault_result res = h_touch(vmp, A, true);
	assert_true(res.cow);
	assert_true(res.writable);
	assert_int_not_equal(res.pfn, zero_pfn);
	assert_true(h_page_all(res.pfn, 0));
	assert_int_equal(page_refs(&physmem, res.pfn), 1);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0);
	assert_int_equal(ps_get(r->ps, 0), res.pfn);
	assert_int_equal(r->ps->pages, 1);
	assert_int_equal(physmem.nr_free, f1 - 1);
	assert_int_equal(h_pfn_at(vmp, A), res.pfn);
	assert_true(h_pte_at(vmp, A) & PTE_W);
	assert_int_equal(vmp->resident, 1);
	assert_true(h_page_all(zero_pfn, 0));                  /* the zero page untouched */
}

static void test_read_only_region_maps_read_only(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 2, PROT_READ, RF_SHARED, &mem_anon, NULL);
	struct fault_result res = h_touch(vmp, A, false);
	assert_false(res.writable);
	assert_false(h_pte_at(vmp, A) & PTE_W);
	assert_true(h_pte_at(vmp, A) & PTE_NX);                 /* no PROT_EXEC: NX */
}

static void test_shared_region_read_allocates_real_page(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *r = h_map(vmp, A, 2, RW, RF_SHARED, &mem_anon, NULL);
	uint32_t z0 = page_refs(&physmem, zero_pfn);
	struct fault_result res = h_touch(vmp, A, false);
	assert_int_not_equal(res.pfn, zero_pfn);
	assert_true(res.writable);
	assert_false(res.cow);
	assert_true(h_page_all(res.pfn, 0));
	assert_int_equal(page_refs(&physmem, zero_pfn), z0);
	assert_int_equal(ps_get(r->ps, 0), res.pfn);
	assert_true(h_pte_at(vmp, A) & PTE_W);
}

static void test_populate_maps_every_page_or_releases_all(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct map_args pop = { .flags = MAP_POPULATE };
	uint64_t f0 = physmem.nr_free;
	struct region *r = h_map(vmp, A, 8, RW, 0, &mem_anon, &pop);
	assert_int_equal(r->ps->pages, 8);
	assert_int_equal(physmem.nr_free, f0 - 8 - 1);
	for (uint64_t k = 0; k < 8; k++) {
		pfn_t f = ps_get(r->ps, k);
		assert_int_not_equal(f, 0);
		assert_int_not_equal(f, zero_pfn);
		assert_true(h_page_all(f, 0));
	}

	/* Only two user pages may be taken before the reserve: create fails
	 * and gives back the pages and the set it had. */
	uint64_t saved = physmem.reserve;
	uint64_t f1 = physmem.nr_free;
	physmem.reserve = f1 - 3;
	struct region *r2 = NULL;
	assert_int_equal(region_create(vmp, B, 8 * PG, RW, 0, &mem_anon, &pop, &r2), -ENOMEM);
	physmem.reserve = saved;
	assert_null(r2);
	assert_int_equal(physmem.nr_free, f1);
	assert_null(region_find(vmp, B));                    /* no region left behind */
	assert_int_equal(h_count_regions(vmp), 1);
}

static void test_contig_create_fails_cleanly_without_room(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	uint64_t f0 = physmem.nr_free;
	/* More pages than there are. */
	struct map_args none = { 0 };
	struct region *r = NULL;
	assert_int_equal(region_create(vmp, A, (f0 + 1) * PG, RW, 0, &mem_contig, &none, &r), -ENOMEM);
	assert_null(r);
	assert_int_equal(physmem.nr_free, f0);
	assert_int_equal(h_count_regions(vmp), 0);
	/* A small one works, zeroed, every page held once. */
	struct region *c = h_map(vmp, A, 3, RW, 0, &mem_contig, NULL);
	assert_int_equal(physmem.nr_free, f0 - 3);
	for (pfn_t k = 0; k < 3; k++) {
		pfn_t f = (c->phys >> VM_PAGE_SHIFT) + k;
		assert_int_equal(page_refs(&physmem, f), 1);
		assert_true(h_page_all(f, 0));
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(test_first_read_maps_zero_page_read_only),
		T(test_first_write_allocates_zeroed_page),
		T(test_write_after_read_replaces_zero_page),
		T(test_read_only_region_maps_read_only),
		T(test_shared_region_read_allocates_real_page),
		T(test_populate_maps_every_page_or_releases_all),
		T(test_contig_create_fails_cleanly_without_room),
	};
#undef T
	return cmocka_run_group_tests_name("vm_fault", tests, h_group_setup, h_group_teardown);
}
