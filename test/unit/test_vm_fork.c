/*
 * Host tests for fork (each memory type's copy, region_fork and
 * vm_fork_regions of fork.c): copy-on-write of private pages either way, the zero
 * page, split halves, shared regions, contiguous memory.
 * test_vm_harness.h describes the harness.
 */
#include "test_vm_harness.h"

/* ---- fork -------------------------------------------------------------------- */

struct forked {
	struct vmproc *p, *c;
	struct region *r, *nr;
	pfn_t pg[3];
};

/* Parent: 4-page private RW region; pages 0 and 1 written (0xA0, 0xA1),
 * page 2 read (zero page), page 3 untouched. Then forked. */
static void fork_setup(struct forked *f)
{
	f->p = h_proc_new(10);
	f->c = h_proc_new(11);
	f->r = h_map(f->p, A, 4, RW, 0, &mem_anon, NULL);
	for (int k = 0; k < 2; k++) {
		f->pg[k] = h_touch(f->p, A + k * PG, true).pfn;
		h_fill(f->pg[k], (unsigned char)(0xA0 + k));
	}
	f->pg[2] = h_touch(f->p, A + 2 * PG, false).pfn;
	assert_int_equal(f->pg[2], zero_pfn);
	assert_true(h_pte_at(f->p, A) & PTE_W);
	f->nr = h_fork_region(f->c, f->r);
}

static void test_fork_private_shares_pages_read_only(void **state)
{
	(void)state;
	uint32_t z0 = page_refs(&physmem, zero_pfn);
	struct forked f;
	fork_setup(&f);
	assert_ptr_not_equal(f.nr->ps, f.r->ps);
	assert_int_equal(f.r->ps->refs, 1);
	assert_int_equal(f.nr->ps->refs, 1);
	assert_int_equal(f.nr->ps_off, 0);
	assert_int_equal(f.nr->ps->pages, 3);
	for (int k = 0; k < 3; k++) {
		assert_int_equal(ps_get(f.nr->ps, (uint64_t)k), f.pg[k]);
		assert_int_equal(ps_get(f.r->ps, (uint64_t)k), f.pg[k]);
	}
	assert_int_equal(page_refs(&physmem, f.pg[0]), 2);
	assert_int_equal(page_refs(&physmem, f.pg[1]), 2);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0 + 2);
	for (int k = 0; k < 3; k++) {
		uint64_t pp = h_pte_at(f.p, A + k * PG), cp = h_pte_at(f.c, A + k * PG);
		assert_true(pp & PTE_P);
		assert_false(pp & PTE_W);                         /* parent write-protected */
		assert_true(cp & PTE_P);
		assert_false(cp & PTE_W);
		assert_int_equal(pp & PTE_ADDR, cp & PTE_ADDR);
	}
	assert_int_equal(h_pte_at(f.c, A + 3 * PG), 0);
	assert_int_equal(f.c->resident, 3);
	/* A read in either maps the shared page read-only. */
	struct fault_result res = h_touch(f.p, A, false);
	assert_int_equal(res.pfn, f.pg[0]);
	assert_false(res.writable);
	assert_false(res.cow);
}

static void test_fork_write_in_child_copies_and_parent_keeps_page(void **state)
{
	(void)state;
	struct forked f;
	fork_setup(&f);
	uint64_t f1 = physmem.nr_free;
	struct fault_result res = h_touch(f.c, A, true);
	assert_true(res.cow);
	assert_true(res.writable);
	assert_int_not_equal(res.pfn, f.pg[0]);
	assert_true(h_page_all(res.pfn, 0xA0));                 /* the bytes came along */
	assert_int_equal(physmem.nr_free, f1 - 1);
	assert_int_equal(page_refs(&physmem, f.pg[0]), 1);
	assert_int_equal(page_refs(&physmem, res.pfn), 1);
	assert_int_equal(ps_get(f.nr->ps, 0), res.pfn);
	assert_int_equal(ps_get(f.r->ps, 0), f.pg[0]);
	assert_int_equal(h_pfn_at(f.c, A), res.pfn);
	assert_true(h_pte_at(f.c, A) & PTE_W);
	assert_int_equal(h_pfn_at(f.p, A), f.pg[0]);
	h_fill(res.pfn, 0xC0);                                 /* the child writes */
	assert_true(h_page_all(f.pg[0], 0xA0));                /* the parent does not see it */
	/* Page 1 is untouched by this. */
	assert_int_equal(page_refs(&physmem, f.pg[1]), 2);
}

static void test_fork_write_in_parent_copies_and_child_keeps_page(void **state)
{
	(void)state;
	struct forked f;
	fork_setup(&f);
	struct fault_result res = h_touch(f.p, A + PG, true);
	assert_true(res.cow);
	assert_int_not_equal(res.pfn, f.pg[1]);
	assert_true(h_page_all(res.pfn, 0xA1));
	assert_int_equal(page_refs(&physmem, f.pg[1]), 1);
	assert_int_equal(ps_get(f.r->ps, 1), res.pfn);
	assert_int_equal(ps_get(f.nr->ps, 1), f.pg[1]);
	assert_int_equal(h_pfn_at(f.c, A + PG), f.pg[1]);
	h_fill(res.pfn, 0xD1);
	assert_true(h_page_all(f.pg[1], 0xA1));
}

static void test_fork_last_sharer_writes_without_copy(void **state)
{
	(void)state;
	struct forked f;
	fork_setup(&f);
	struct fault_result cres = h_touch(f.c, A, true);      /* child copies */
	assert_true(cres.cow);
	uint64_t f1 = physmem.nr_free;
	struct fault_result pres = h_touch(f.p, A, true);      /* parent: last holder */
	assert_false(pres.cow);
	assert_true(pres.writable);
	assert_int_equal(pres.pfn, f.pg[0]);
	assert_int_equal(page_refs(&physmem, f.pg[0]), 1);
	assert_int_equal(physmem.nr_free, f1);
	assert_true(h_pte_at(f.p, A) & PTE_W);
	assert_true(h_page_all(f.pg[0], 0xA0));

	/* The other way round on page 1. */
	assert_true(h_touch(f.p, A + PG, true).cow);
	struct fault_result last = h_touch(f.c, A + PG, true);
	assert_false(last.cow);
	assert_int_equal(last.pfn, f.pg[1]);
	assert_int_equal(page_refs(&physmem, f.pg[1]), 1);
}

static void test_fork_zero_page_write_gets_zeroed_copy(void **state)
{
	(void)state;
	struct forked f;
	fork_setup(&f);
	uint32_t z = page_refs(&physmem, zero_pfn);
	struct fault_result res = h_touch(f.c, A + 2 * PG, true);
	assert_true(res.cow);
	assert_int_not_equal(res.pfn, zero_pfn);
	assert_true(h_page_all(res.pfn, 0));
	assert_int_equal(page_refs(&physmem, zero_pfn), z - 1);
	assert_int_equal(ps_get(f.r->ps, 2), zero_pfn);      /* parent still reads zeros */
	/* Page 3 was never touched: each side demand-zeroes its own. */
	struct fault_result c3 = h_touch(f.c, A + 3 * PG, true);
	struct fault_result p3 = h_touch(f.p, A + 3 * PG, true);
	assert_int_not_equal(c3.pfn, p3.pfn);
	assert_false(c3.cow);
	assert_false(p3.cow);
}

static void test_fork_of_split_half_copies_only_its_pages(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(10), *c = h_proc_new(11);
	struct region *r = h_map(p, A, 6, RW, 0, &mem_anon, NULL);
	pfn_t pg[6];
	for (int k = 0; k < 6; k++)
		pg[k] = h_touch(p, A + k * PG, true).pfn;
	struct region *u;
	assert_int_equal(region_split(r, A + 4 * PG, &u), OK);
	struct region *nr = h_fork_region(c, u);
	assert_int_equal(nr->ps_off, 0);
	assert_int_equal(nr->ps->pages, 2);
	assert_int_equal(ps_get(nr->ps, 0), pg[4]);
	assert_int_equal(ps_get(nr->ps, 1), pg[5]);
	for (int k = 0; k < 6; k++)
		assert_int_equal(page_refs(&physmem, pg[k]), k >= 4 ? 2 : 1);
	/* Only the forked half was write-protected. */
	assert_true(h_pte_at(p, A + 3 * PG) & PTE_W);
	assert_false(h_pte_at(p, A + 4 * PG) & PTE_W);
	assert_int_equal(h_pfn_at(c, A + 5 * PG), pg[5]);
	assert_true(h_touch(c, A + 5 * PG, true).cow);
	assert_int_equal(page_refs(&physmem, pg[5]), 1);
}

static void test_fork_shared_region_shares_set(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(10), *c = h_proc_new(11);
	struct region *r = h_map(p, A, 2, RW, RF_SHARED, &mem_anon, NULL);
	pfn_t p0 = h_touch(p, A, true).pfn;
	h_fill(p0, 0x5A);
	uint64_t f1 = physmem.nr_free;
	struct region *nr = h_fork_region(c, r);
	assert_ptr_equal(nr->ps, r->ps);
	assert_int_equal(r->ps->refs, 2);
	assert_int_equal(physmem.nr_free, f1);               /* nothing copied */
	assert_int_equal(page_refs(&physmem, p0), 1);        /* held once, by the set */
	assert_true(h_pte_at(p, A) & PTE_W);                   /* not write-protected */
	assert_true(h_pte_at(c, A) & PTE_W);
	assert_int_equal(h_pfn_at(c, A), p0);

	/* A write in either is seen by the other, no copy. */
	struct fault_result res = h_touch(c, A, true);
	assert_false(res.cow);
	assert_int_equal(res.pfn, p0);
	pfn_t c1 = h_touch(c, A + PG, true).pfn;
	assert_int_equal(h_touch(p, A + PG, false).pfn, c1);
	assert_true(h_pte_at(p, A + PG) & PTE_W);

	/* The parent's region goes: the pages stay for the child. */
	uint64_t f2 = physmem.nr_free;
	region_destroy(r);
	assert_int_equal(physmem.nr_free, f2);
	assert_int_equal(nr->ps->refs, 1);
	assert_int_equal(h_touch(c, A, false).pfn, p0);
	assert_true(h_page_all(p0, 0x5A));
	region_destroy(nr);
	assert_int_equal(physmem.nr_free, f2 + 2 + 1);
}

static void test_fork_contig_gives_child_private_copy(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(10), *c = h_proc_new(11);
	struct region *r = h_map(p, A, 3, RW, 0, &mem_contig, NULL);
	pfn_t base = r->phys >> VM_PAGE_SHIFT;
	for (int k = 0; k < 3; k++) {
		h_fill(base + k, (unsigned char)(0xE0 + k));
		h_touch(p, A + k * PG, true);
	}
	struct region *nr = h_fork_region(c, r);
	assert_ptr_equal(nr->type, &mem_anon);
	assert_non_null(nr->ps);
	assert_int_equal(nr->ps->pages, 3);
	for (int k = 0; k < 3; k++) {
		pfn_t cf = ps_get(nr->ps, (uint64_t)k);
		assert_int_not_equal(cf, base + k);
		assert_true(h_page_all(cf, (unsigned char)(0xE0 + k)));
		assert_int_equal(page_refs(&physmem, cf), 1);
		assert_int_equal(page_refs(&physmem, base + k), 1);
		assert_int_equal(h_pfn_at(c, A + k * PG), cf);
		assert_true(h_pte_at(c, A + k * PG) & PTE_W);
		assert_true(h_pte_at(p, A + k * PG) & PTE_W);
	}
}

/* ---- whole address spaces (vm_fork_regions) ------------------------------------ */

static void test_fork_whole_space_copies_every_region_and_the_heap(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(10), *c = h_proc_new(11);
	p->brk_start = B;
	h_map(p, A, 2, PROT_READ | PROT_EXEC, 0, &mem_anon, NULL);
	p->heap = h_map(p, B, 3, RW, RF_HEAP, &mem_anon, NULL);
	struct region *sh = h_map(p, 2 * B, 2, RW, RF_SHARED, &mem_anon, NULL);
	h_touch(p, A, false);
	h_touch(p, B + PG, true);
	h_touch(p, 2 * B, true);
	assert_int_equal(vm_fork_regions(p, c), OK);
	assert_int_equal(h_count_regions(c), 3);
	assert_int_equal(c->brk_start, B);
	assert_non_null(c->heap);
	assert_int_equal(c->heap->start, B);
	assert_int_equal(c->heap->len, 3 * PG);
	assert_int_equal(c->heap->flags, RF_HEAP);
	assert_ptr_not_equal(c->heap, p->heap);
	assert_ptr_equal(region_find(c, 2 * B)->ps, sh->ps);  /* MAP_SHARED: one set */
	assert_int_equal(c->resident, 3);                       /* what p had mapped */
	assert_int_equal(h_pfn_at(c, B + PG), h_pfn_at(p, B + PG));
	assert_false(h_pte_at(c, B + PG) & PTE_W);             /* copy-on-write */
	assert_true(h_pte_at(c, 2 * B) & PTE_W);               /* shared: writable */
	assert_false(h_pte_at(c, A) & PTE_NX);                 /* protection kept */
}

static void test_fork_out_of_memory_leaves_nothing_behind(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(10), *c = h_proc_new(11);
	h_map(p, A, 2, RW, 0, &mem_anon, NULL);
	h_touch(p, A, true);
	h_map(p, B, 3, RW, 0, &mem_contig, NULL);
	uint64_t f0 = physmem.nr_free;
	pfn_t pg = h_pfn_at(p, A);
	/* The contiguous region's copy needs three user pages; allow one. */
	uint64_t saved = physmem.reserve;
	physmem.reserve = physmem.nr_free - 1;
	assert_int_equal(vm_fork_regions(p, c), -ENOMEM);
	physmem.reserve = saved;
	/* The anonymous region was copied, the contiguous one holds nothing. */
	struct region *failed = region_find(c, B);
	assert_non_null(failed);
	assert_ptr_equal(failed->type, &mem_directphys);
	assert_null(failed->ps);
	assert_int_equal(page_refs(&physmem, pg), 2);
	/* do_fork then frees the child: every page back, the parent's page
	 * its own again (written without a copy). */
	h_proc_free(c);
	assert_int_equal(physmem.nr_free, f0);
	assert_int_equal(page_refs(&physmem, pg), 1);
	struct fault_result res = h_touch(p, A, true);
	assert_false(res.cow);
	assert_int_equal(res.pfn, pg);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(test_fork_private_shares_pages_read_only),
		T(test_fork_write_in_child_copies_and_parent_keeps_page),
		T(test_fork_write_in_parent_copies_and_child_keeps_page),
		T(test_fork_last_sharer_writes_without_copy),
		T(test_fork_zero_page_write_gets_zeroed_copy),
		T(test_fork_of_split_half_copies_only_its_pages),
		T(test_fork_shared_region_shares_set),
		T(test_fork_contig_gives_child_private_copy),
		T(test_fork_whole_space_copies_every_region_and_the_heap),
		T(test_fork_out_of_memory_leaves_nothing_behind),
	};
#undef T
	return cmocka_run_group_tests_name("vm_fork", tests, h_group_setup, h_group_teardown);
}
