/*
 * Host tests for splitting regions and unmapping ranges (region.c over
 * the memory types): which pages are freed, and what both sides keep.
 * test_vm_harness.h describes the harness.
 */
#include "test_vm_harness.h"

/* ---- split ------------------------------------------------------------------- */

static void test_split_shares_set_and_keeps_pages(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *r = h_map(vmp, A, 8, RW, 0, &mem_anon, NULL);
	pfn_t p[8] = { 0 };
	static const int touched[] = { 0, 2, 5, 7 };
	for (int i = 0; i < 4; i++) {
		int k = touched[i];
		p[k] = h_touch(vmp, A + k * PG, true).pfn;
		h_fill(p[k], (unsigned char)(0x30 + k));
	}
	uint64_t free_before = physmem.nr_free;
	struct pageset *ps = r->ps;

	struct region *u = NULL;
	assert_int_equal(region_split(r, A + 4 * PG, &u), OK);
	assert_non_null(u);
	assert_int_equal(h_count_regions(vmp), 2);
	assert_int_equal(r->start, A);
	assert_int_equal(r->len, 4 * PG);
	assert_int_equal(u->start, A + 4 * PG);
	assert_int_equal(u->len, 4 * PG);
	assert_ptr_equal(u->ps, ps);
	assert_ptr_equal(r->ps, ps);
	assert_int_equal(ps->refs, 2);
	assert_int_equal(r->ps_off, 0);
	assert_int_equal(u->ps_off, 4);
	assert_int_equal(u->prot, RW);
	assert_ptr_equal(u->type, &mem_anon);
	assert_ptr_equal(region_find(vmp, A + 3 * PG), r);
	assert_ptr_equal(region_find(vmp, A + 4 * PG), u);
	assert_int_equal(physmem.nr_free, free_before);       /* nothing moved */

	/* Pages stay where they were: in the set and in the page table. */
	for (int k = 0; k < 8; k++) {
		assert_int_equal(ps_get(ps, (uint64_t)k), p[k]);
		assert_int_equal(h_pfn_at(vmp, A + k * PG), p[k]);
		if (p[k])
			assert_true(h_page_all(p[k], (unsigned char)(0x30 + k)));
	}
	/* Each half finds its own pages through its offset. */
	struct fault_result res = h_touch(vmp, A + 5 * PG, true);
	assert_int_equal(res.pfn, p[5]);
	assert_false(res.cow);
	res = h_touch(vmp, A + 6 * PG, true);                  /* new page at set index 6 */
	assert_int_equal(ps_get(ps, 6), res.pfn);
	res = h_touch(vmp, A + 2 * PG, false);
	assert_int_equal(res.pfn, p[2]);

	/* Split the upper half again. */
	struct region *u2 = NULL;
	assert_int_equal(region_split(u, A + 7 * PG, &u2), OK);
	assert_int_equal(u2->ps_off, 7);
	assert_int_equal(ps->refs, 3);
	assert_int_equal(u->len, 3 * PG);
	assert_int_equal(u2->len, PG);
	assert_int_equal(h_touch(vmp, A + 7 * PG, false).pfn, p[7]);
	assert_int_equal(h_count_regions(vmp), 3);
}

static void test_split_contig_and_directphys_keep_physical_offsets(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *c = h_map(vmp, A, 4, RW, 0, &mem_contig, NULL);
	uint64_t cphys = c->phys;
	assert_int_not_equal(cphys, 0);
	struct map_args dpa = { .phys = 0xFEB00000ULL };
	struct region *d = h_map(vmp, B, 4, RW, 0, &mem_directphys, &dpa);

	struct region *cu = NULL, *du = NULL;
	assert_int_equal(region_split(c, A + PG, &cu), OK);
	assert_int_equal(region_split(d, B + 3 * PG, &du), OK);
	assert_int_equal(cu->phys, cphys + PG);
	assert_int_equal(c->phys, cphys);
	assert_int_equal(du->phys, 0xFEB00000ULL + 3 * PG);
	assert_null(cu->ps);
	assert_null(du->ps);

	struct fault_result res = h_touch(vmp, A + 2 * PG, true);
	assert_int_equal(res.pfn, (cphys >> VM_PAGE_SHIFT) + 2);
	assert_false(res.uncached);
	res = h_touch(vmp, B + 3 * PG, false);
	assert_int_equal(res.pfn, (0xFEB00000ULL >> VM_PAGE_SHIFT) + 3);
	assert_true(res.uncached);
	assert_true(h_pte_at(vmp, B + 3 * PG) & PTE_PCD);
	assert_int_equal(h_count_regions(vmp), 4);
}

/* ---- unmap ------------------------------------------------------------------- */

static void test_unmap_middle_of_region_keeps_both_sides(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *r = h_map(vmp, A, 10, RW, 0, &mem_anon, NULL);
	pfn_t p[8];
	uint64_t f0 = physmem.nr_free;
	for (int k = 0; k < 8; k++) {
		p[k] = h_touch(vmp, A + k * PG, true).pfn;
		h_fill(p[k], (unsigned char)(0x40 + k));
	}
	assert_int_equal(physmem.nr_free, f0 - 8 - 1);       /* 8 pages, one leaf node */
	assert_int_equal(vmp->resident, 8);
	struct pageset *ps = r->ps;

	uint64_t f1 = physmem.nr_free;
	assert_int_equal(region_unmap_range(vmp, A + 3 * PG, 2 * PG), OK);
	assert_int_equal(physmem.nr_free, f1 + 2);           /* exactly pages 3 and 4 */
	assert_int_equal(h_count_regions(vmp), 2);
	struct region *lo = region_find(vmp, A), *hi = region_find(vmp, A + 5 * PG);
	assert_non_null(lo);
	assert_non_null(hi);
	assert_int_equal(lo->start, A);
	assert_int_equal(lo->len, 3 * PG);
	assert_int_equal(hi->start, A + 5 * PG);
	assert_int_equal(hi->len, 5 * PG);
	assert_null(region_find(vmp, A + 3 * PG));
	assert_null(region_find(vmp, A + 4 * PG));
	assert_int_equal(h_pte_at(vmp, A + 3 * PG), 0);
	assert_int_equal(h_pte_at(vmp, A + 4 * PG), 0);
	assert_int_equal(vmp->resident, 6);
	assert_int_equal(host_pt_count(vmp->pml4), 6);
	assert_ptr_equal(lo->ps, ps);
	assert_ptr_equal(hi->ps, ps);
	assert_int_equal(ps->refs, 2);
	assert_int_equal(hi->ps_off, 5);
	assert_int_equal(ps_get(ps, 3), 0);
	assert_int_equal(ps_get(ps, 4), 0);
	assert_int_equal(page_refs(&physmem, p[3]), 0);

	/* Both sides keep their pages and contents. */
	static const int kept[] = { 0, 1, 2, 5, 6, 7 };
	for (int i = 0; i < 6; i++) {
		int k = kept[i];
		assert_int_equal(h_pfn_at(vmp, A + k * PG), p[k]);
		assert_int_equal(ps_get(ps, (uint64_t)k), p[k]);
		assert_int_equal(page_refs(&physmem, p[k]), 1);
		assert_true(h_page_all(p[k], (unsigned char)(0x40 + k)));
	}
	/* And stay usable. */
	struct fault_result res = h_touch(vmp, A + 2 * PG, true);
	assert_int_equal(res.pfn, p[2]);
	assert_false(res.cow);
	res = h_touch(vmp, A + 9 * PG, true);
	assert_int_not_equal(res.pfn, 0);
	assert_int_equal(ps_get(ps, 9), res.pfn);
	res = h_touch(vmp, A + 8 * PG, false);
	assert_int_equal(res.pfn, zero_pfn);
	assert_int_equal(h_touch(vmp, A + 6 * PG, false).pfn, p[6]);
}

static void test_unmap_across_several_regions(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	/* r1 [0,4)  hole [4,5)  r2 [5,9)  r3 [9,12): pages relative to A. */
	struct region *r1 = h_map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	h_map(vmp, A + 5 * PG, 4, RW, 0, &mem_anon, NULL);
	struct region *r3 = h_map(vmp, A + 9 * PG, 3, RW, 0, &mem_anon, NULL);
	pfn_t p[12] = { 0 };
	for (int k = 0; k < 12; k++)
		if (k != 4)
			p[k] = h_touch(vmp, A + k * PG, true).pfn;
	struct pageset *ps3 = r3->ps;
	uint64_t f1 = physmem.nr_free;

	assert_int_equal(region_unmap_range(vmp, A + 2 * PG, 8 * PG), OK);
	/* Freed: r1's pages 2,3; all of r2 (4 pages and its set's node);
	 * r3's page 9. */
	assert_int_equal(physmem.nr_free, f1 + 2 + 4 + 1 + 1);
	assert_int_equal(h_count_regions(vmp), 2);
	assert_ptr_equal(region_first(vmp), r1);
	assert_int_equal(r1->len, 2 * PG);
	struct region *hi = region_next(r1);
	assert_int_equal(hi->start, A + 10 * PG);
	assert_int_equal(hi->len, 2 * PG);
	assert_ptr_equal(hi->ps, ps3);
	assert_int_equal(hi->ps_off, 1);
	assert_int_equal(ps3->refs, 1);
	assert_int_equal(ps_get(ps3, 0), 0);
	for (int k = 2; k < 10; k++) {
		assert_null(region_find(vmp, A + k * PG));
		assert_int_equal(h_pte_at(vmp, A + k * PG), 0);
		if (p[k])
			assert_int_equal(page_refs(&physmem, p[k]), 0);
	}
	for (int k = 0; k < 12; k++)
		if (k < 2 || k >= 10) {
			assert_int_equal(h_pfn_at(vmp, A + k * PG), p[k]);
			assert_int_equal(page_refs(&physmem, p[k]), 1);
		}
	assert_int_equal(vmp->resident, 4);
	assert_int_equal(h_touch(vmp, A + 10 * PG, true).pfn, p[10]);
}

static void test_unmap_over_hole_changes_nothing(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 2, RW, 0, &mem_anon, NULL);
	struct region *r2 = h_map(vmp, A + 10 * PG, 2, RW, 0, &mem_anon, NULL);
	for (int k = 0; k < 2; k++) {
		h_touch(vmp, A + k * PG, true);
		h_touch(vmp, A + (10 + k) * PG, true);
	}
	uint64_t f1 = physmem.nr_free;
	assert_int_equal(region_unmap_range(vmp, A + 3 * PG, 5 * PG), OK);
	assert_int_equal(physmem.nr_free, f1);
	assert_int_equal(h_count_regions(vmp), 2);
	assert_int_equal(vmp->resident, 4);
	assert_int_equal(r2->start, A + 10 * PG);
	assert_int_equal(r2->len, 2 * PG);
	/* From the hole into the second region. */
	assert_int_equal(region_unmap_range(vmp, A + 8 * PG, 3 * PG), OK);
	assert_int_equal(physmem.nr_free, f1 + 1);
	assert_int_equal(h_count_regions(vmp), 2);
	struct region *last = region_find(vmp, A + 11 * PG);
	assert_non_null(last);
	assert_int_equal(last->start, A + 11 * PG);
	assert_int_equal(last->len, PG);
	assert_int_equal(vmp->resident, 3);
}

static void test_unmap_shared_set_pages_stay_until_last_reference(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(10), *q = h_proc_new(11);
	struct region *s = h_map(p, A, 4, RW, RF_SHARED, &mem_anon, NULL);
	struct map_args ma = { .source = s, .source_off = 0 };
	struct region *m = h_map(q, B, 4, RW, 0, &mem_shared, &ma);
	assert_true(m->flags & RF_SHARED);
	struct pageset *ps = s->ps;
	assert_ptr_equal(m->ps, ps);
	assert_int_equal(ps->refs, 2);

	uint64_t f0 = physmem.nr_free;
	pfn_t pg[4];
	for (int k = 0; k < 4; k++) {
		pg[k] = h_touch(p, A + k * PG, true).pfn;
		h_fill(pg[k], (unsigned char)(0x60 + k));
	}
	assert_int_equal(physmem.nr_free, f0 - 4 - 1);
	/* The mirror sees the same pages, writable. */
	struct fault_result res = h_touch(q, B + PG, false);
	assert_int_equal(res.pfn, pg[1]);
	assert_true(res.writable);
	assert_true(h_pte_at(q, B + PG) & PTE_W);

	uint64_t f1 = physmem.nr_free;
	assert_int_equal(region_unmap_range(p, A + PG, 2 * PG), OK);
	assert_int_equal(physmem.nr_free, f1);              /* shared: nothing freed */
	assert_int_equal(h_count_regions(p), 2);
	assert_int_equal(ps->refs, 3);                      /* two halves in p, one in q */
	assert_int_equal(ps_get(ps, 1), pg[1]);
	assert_int_equal(ps_get(ps, 2), pg[2]);
	assert_int_equal(p->resident, 2);
	assert_int_equal(h_touch(q, B + 2 * PG, true).pfn, pg[2]);
	assert_true(h_page_all(pg[2], 0x62));

	assert_int_equal(region_unmap_range(p, A, 4 * PG), OK);
	assert_int_equal(h_count_regions(p), 0);
	assert_int_equal(physmem.nr_free, f1);
	assert_int_equal(ps->refs, 1);
	assert_int_equal(h_touch(q, B + 3 * PG, false).pfn, pg[3]);

	/* The last reference goes: every page and the set's node with it. */
	assert_int_equal(region_unmap_range(q, B, 4 * PG), OK);
	assert_int_equal(physmem.nr_free, f1 + 4 + 1);
	for (int k = 0; k < 4; k++)
		assert_int_equal(page_refs(&physmem, pg[k]), 0);
	assert_int_equal(q->resident, 0);
}

static void test_unmap_part_of_contig_frees_exactly_those_frames(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *c = h_map(vmp, A, 6, RW, 0, &mem_contig, NULL);
	pfn_t base = c->phys >> VM_PAGE_SHIFT;
	for (int k = 0; k < 6; k++)
		h_touch(vmp, A + k * PG, true);
	uint64_t f1 = physmem.nr_free;
	assert_int_equal(region_unmap_range(vmp, A + 2 * PG, 3 * PG), OK);
	assert_int_equal(physmem.nr_free, f1 + 3);
	for (int k = 0; k < 6; k++)
		assert_int_equal(page_refs(&physmem, base + k), (k >= 2 && k < 5) ? 0 : 1);
	struct region *hi = region_find(vmp, A + 5 * PG);
	assert_non_null(hi);
	assert_int_equal(hi->phys, (base + 5) << VM_PAGE_SHIFT);
	assert_int_equal(h_pfn_at(vmp, A + 5 * PG), base + 5);
	assert_int_equal(vmp->resident, 3);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(test_split_shares_set_and_keeps_pages),
		T(test_split_contig_and_directphys_keep_physical_offsets),
		T(test_unmap_middle_of_region_keeps_both_sides),
		T(test_unmap_across_several_regions),
		T(test_unmap_over_hole_changes_nothing),
		T(test_unmap_shared_set_pages_stay_until_last_reference),
		T(test_unmap_part_of_contig_frees_exactly_those_frames),
	};
#undef T
	return cmocka_run_group_tests_name("vm_unmap", tests, h_group_setup, h_group_teardown);
}
