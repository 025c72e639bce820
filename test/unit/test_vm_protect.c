/*
 * Host tests for changing protection on a range (region.c): splitting at
 * the edges, the PTEs that change, and merging regions back together.
 * test_vm_harness.h describes the harness.
 */
#include "test_vm_harness.h"

/* ---- protect ------------------------------------------------------------------ */

static void test_protect_splits_edges_and_sets_prot(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *r = h_map(vmp, A, 8, RW, 0, &mem_anon, NULL);
	pfn_t p[8];
	for (int k = 0; k < 8; k++)
		p[k] = h_touch(vmp, A + k * PG, true).pfn;
	uint64_t f1 = physmem.nr_free;

	assert_int_equal(region_protect_range(vmp, A + 2 * PG, 3 * PG, PROT_READ), OK);
	assert_int_equal(h_count_regions(vmp), 3);
	struct region *mid = region_find(vmp, A + 2 * PG), *hi = region_find(vmp, A + 5 * PG);
	assert_ptr_equal(region_find(vmp, A), r);
	assert_int_equal(r->len, 2 * PG);
	assert_int_equal(r->prot, RW);
	assert_int_equal(mid->start, A + 2 * PG);
	assert_int_equal(mid->len, 3 * PG);
	assert_int_equal(mid->prot, PROT_READ);
	assert_int_equal(hi->start, A + 5 * PG);
	assert_int_equal(hi->len, 3 * PG);
	assert_int_equal(hi->prot, RW);
	assert_int_equal(r->ps->refs, 3);
	assert_int_equal(mid->ps_off, 2);
	assert_int_equal(hi->ps_off, 5);
	for (int k = 0; k < 8; k++) {
		uint64_t pte = h_pte_at(vmp, A + k * PG);
		assert_true(pte & PTE_P);
		assert_int_equal((pte & PTE_ADDR) >> VM_PAGE_SHIFT, p[k]);
		if (k >= 2 && k < 5)
			assert_false(pte & PTE_W);
		else
			assert_true(pte & PTE_W);
	}
	assert_int_equal(physmem.nr_free, f1);
	assert_int_equal(vmp->resident, 8);
}

static void test_protect_restored_merges_back_to_one(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *r = h_map(vmp, A, 8, RW, 0, &mem_anon, NULL);
	pfn_t p[8];
	for (int k = 0; k < 8; k++)
		p[k] = h_touch(vmp, A + k * PG, true).pfn;
	struct pageset *ps = r->ps;

	assert_int_equal(region_protect_range(vmp, A + 2 * PG, 3 * PG, PROT_READ), OK);
	assert_int_equal(h_count_regions(vmp), 3);
	assert_int_equal(region_protect_range(vmp, A + 2 * PG, 3 * PG, RW), OK);
	assert_int_equal(h_count_regions(vmp), 1);
	assert_ptr_equal(region_first(vmp), r);
	assert_int_equal(r->start, A);
	assert_int_equal(r->len, 8 * PG);
	assert_int_equal(r->prot, RW);
	assert_int_equal(ps->refs, 1);
	for (int k = 0; k < 8; k++) {
		assert_int_equal(h_pfn_at(vmp, A + k * PG), p[k]);
		assert_true(h_pte_at(vmp, A + k * PG) & PTE_W);   /* private, refs 1 */
	}

	/* One edge only, then the other, then both restored in one call. */
	assert_int_equal(region_protect_range(vmp, A, 2 * PG, PROT_READ), OK);
	assert_int_equal(h_count_regions(vmp), 2);
	assert_int_equal(region_protect_range(vmp, A + 6 * PG, 2 * PG, PROT_READ), OK);
	assert_int_equal(h_count_regions(vmp), 3);
	assert_int_equal(region_protect_range(vmp, A, 8 * PG, RW), OK);
	assert_int_equal(h_count_regions(vmp), 1);
	assert_int_equal(r->len, 8 * PG);
	assert_int_equal(ps->refs, 1);

	/* Whole region: no split at all. */
	assert_int_equal(region_protect_range(vmp, A, 8 * PG, PROT_READ), OK);
	assert_int_equal(h_count_regions(vmp), 1);
	assert_int_equal(r->prot, PROT_READ);
	assert_false(h_pte_at(vmp, A + 3 * PG) & PTE_W);
}

static void test_region_merge_only_continuing_halves(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *r = h_map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	struct region *other = h_map(vmp, A + 4 * PG, 2, RW, 0, &mem_anon, NULL);
	/* Adjacent, same kind, but a different set: not one region. */
	assert_false(region_merge(r, other));
	assert_int_equal(h_count_regions(vmp), 2);

	struct region *u;
	assert_int_equal(region_split(r, A + PG, &u), OK);
	assert_int_equal(r->ps->refs, 2);
	assert_false(region_merge(u, r));                   /* wrong order */
	u->prot = PROT_READ;
	assert_false(region_merge(r, u));                   /* protection differs */
	u->prot = RW;
	assert_true(region_merge(r, u));
	assert_int_equal(r->len, 4 * PG);
	assert_int_equal(r->ps->refs, 1);
	assert_int_equal(h_count_regions(vmp), 2);
}

/* Two mirrors of one shared set, next to each other in one process:
 * only when the second continues the first in the set are they one
 * region. */
static void test_merge_requires_continuing_set_offsets(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(10), *q = h_proc_new(11);
	struct region *s = h_map(p, A, 8, RW, RF_SHARED, &mem_anon, NULL);
	pfn_t pg[8];
	for (int k = 0; k < 8; k++)
		pg[k] = h_touch(p, A + k * PG, true).pfn;
	struct map_args a0 = { .source = s, .source_off = 0 }, a4 = { .source = s, .source_off = 4 };
	struct region *m0 = h_map(q, B, 2, RW, 0, &mem_shared, &a0);
	struct region *m4 = h_map(q, B + 2 * PG, 2, RW, 0, &mem_shared, &a4);
	assert_int_equal(s->ps->refs, 3);
	assert_false(region_merge(m0, m4));           /* set pages 0,1 then 4,5 */
	assert_int_equal(region_protect_range(q, B, 4 * PG, PROT_READ), OK);
	assert_int_equal(h_count_regions(q), 2);
	assert_int_equal(h_touch(q, B + 2 * PG, false).pfn, pg[4]);
	assert_int_equal(h_touch(q, B + PG, false).pfn, pg[1]);
	struct map_args a2 = { .source = s, .source_off = 2 };
	struct region *m2 = h_map(q, B + 4 * PG, 2, PROT_READ, 0, &mem_shared, &a2);
	assert_false(region_merge(m4, m2));           /* 4,5 then 2,3 */
	assert_int_equal(s->ps->refs, 4);
	struct map_args a7 = { .source = s, .source_off = 7 };
	struct region *m7 = h_map(q, B + 6 * PG, 1, PROT_READ, 0, &mem_shared, &a7);
	assert_false(region_merge(m2, m7));           /* 2,3 then 7 */
	/* A mirror that continues another in the set may merge; the set's
	 * count then drops by the reference the upper one held. */
	struct map_args a3 = { .source = s, .source_off = 3 };
	struct region *n2 = h_map(q, B + 16 * PG, 1, PROT_READ, 0, &mem_shared, &a2);
	struct region *n3 = h_map(q, B + 17 * PG, 1, PROT_READ, 0, &mem_shared, &a3);
	assert_int_equal(s->ps->refs, 7);
	assert_true(region_merge(n2, n3));
	assert_int_equal(s->ps->refs, 6);
	assert_int_equal(n2->len, 2 * PG);
	assert_int_equal(h_touch(q, B + 17 * PG, false).pfn, pg[3]);
}

static void test_protect_range_with_hole_is_enomem(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *r1 = h_map(vmp, A, 2, RW, 0, &mem_anon, NULL);
	struct region *r2 = h_map(vmp, A + 3 * PG, 2, RW, 0, &mem_anon, NULL);
	h_touch(vmp, A, true);
	h_touch(vmp, A + 4 * PG, true);
	assert_int_equal(region_protect_range(vmp, A, 5 * PG, PROT_READ), -ENOMEM);
	assert_int_equal(region_protect_range(vmp, A + PG, 3 * PG, PROT_READ), -ENOMEM);
	assert_int_equal(region_protect_range(vmp, A + 2 * PG, PG, PROT_READ), -ENOMEM);
	assert_int_equal(region_protect_range(vmp, A - PG, 2 * PG, PROT_READ), -ENOMEM);
	assert_int_equal(region_protect_range(vmp, A + 4 * PG, 2 * PG, PROT_READ), -ENOMEM);
	/* Nothing changed. */
	assert_int_equal(h_count_regions(vmp), 2);
	assert_int_equal(r1->len, 2 * PG);
	assert_int_equal(r2->len, 2 * PG);
	assert_int_equal(r1->prot, RW);
	assert_int_equal(r2->prot, RW);
	assert_true(h_pte_at(vmp, A) & PTE_W);
	assert_true(h_pte_at(vmp, A + 4 * PG) & PTE_W);
	assert_int_equal(r1->ps->refs, 1);
}

static void test_protect_none_unmaps_and_keeps_pages(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	pfn_t p[4];
	for (int k = 0; k < 4; k++) {
		p[k] = h_touch(vmp, A + k * PG, true).pfn;
		h_fill(p[k], (unsigned char)(0x70 + k));
	}
	uint64_t f1 = physmem.nr_free;
	assert_int_equal(region_protect_range(vmp, A + PG, 2 * PG, PROT_NONE), OK);
	assert_int_equal(h_count_regions(vmp), 3);
	assert_int_equal(h_pte_at(vmp, A + PG), 0);
	assert_int_equal(h_pte_at(vmp, A + 2 * PG), 0);
	assert_int_equal(vmp->resident, 2);
	assert_int_equal(physmem.nr_free, f1);               /* pages kept */

	assert_int_equal(region_protect_range(vmp, A + PG, 2 * PG, RW), OK);
	assert_int_equal(h_count_regions(vmp), 1);
	assert_int_equal(h_pte_at(vmp, A + PG), 0);            /* until touched again */
	struct fault_result res = h_touch(vmp, A + PG, false);
	assert_int_equal(res.pfn, p[1]);
	assert_true(res.writable);
	assert_true(h_page_all(p[1], 0x71));
	assert_int_equal(h_touch(vmp, A + 2 * PG, true).pfn, p[2]);
	assert_int_equal(vmp->resident, 4);
	assert_int_equal(physmem.nr_free, f1);
}

static void test_protect_keeps_directphys_uncached(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct map_args dpa = { .phys = 0xFEC00000ULL };
	h_map(vmp, B, 2, RW, 0, &mem_directphys, &dpa);
	uint64_t f0 = physmem.nr_free;
	h_touch(vmp, B, true);
	h_touch(vmp, B + PG, false);
	assert_true(h_pte_at(vmp, B) & PTE_PCD);
	assert_true(h_pte_at(vmp, B) & PTE_W);
	assert_int_equal(region_protect_range(vmp, B, 2 * PG, PROT_READ), OK);
	uint64_t pte = h_pte_at(vmp, B);
	assert_true(pte & PTE_PCD);
	assert_false(pte & PTE_W);
	assert_int_equal((pte & PTE_ADDR), 0xFEC00000ULL);
	assert_int_equal(h_pte_at(vmp, B + PG) & PTE_ADDR, 0xFEC01000ULL);
	assert_int_equal(physmem.nr_free, f0);               /* VM owns none of it */
}

/* do_map_phys places consecutive windows next to each other (lowest
 * gap), and do_unmap_phys removes "the" region starting at the address
 * map_phys returned. A protection change on one window must not fuse it
 * with a separately mapped neighbour that happens to continue it
 * physically: region_protect_range only means to undo its own splits. */
static void test_protect_does_not_merge_separate_directphys_maps(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct map_args a1 = { .phys = 0xFEB00000ULL }, a2 = { .phys = 0xFEB01000ULL };
	struct region *w1 = h_map(vmp, B, 1, RW, 0, &mem_directphys, &a1);
	struct region *w2 = h_map(vmp, B + PG, 1, RW, 0, &mem_directphys, &a2);
	assert_int_equal(region_protect_range(vmp, B, PG, RW), OK);
	assert_int_equal(h_count_regions(vmp), 2);
	assert_ptr_equal(region_find(vmp, B), w1);
	assert_int_equal(w1->len, PG);
	struct region *second = region_find(vmp, B + PG);
	assert_non_null(second);
	assert_ptr_equal(second, w2);
	assert_int_equal(second->start, B + PG);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(test_protect_splits_edges_and_sets_prot),
		T(test_protect_restored_merges_back_to_one),
		T(test_region_merge_only_continuing_halves),
		T(test_merge_requires_continuing_set_offsets),
		T(test_protect_range_with_hole_is_enomem),
		T(test_protect_none_unmaps_and_keeps_pages),
		T(test_protect_keeps_directphys_uncached),
		T(test_protect_does_not_merge_separate_directphys_maps),
	};
#undef T
	return cmocka_run_group_tests_name("vm_protect", tests, h_group_setup, h_group_teardown);
}
