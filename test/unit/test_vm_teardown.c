/*
 * Host tests for shared mirrors (mem_shared.c: offsets and refusals) and
 * for destroying processes that hold every kind of region: every page
 * comes back. test_vm_harness.h describes the harness.
 */
#include "test_vm_harness.h"

/* ---- shared mirrors and teardown ---------------------------------------------- */

static void test_shared_mirror_offset_and_refusals(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(10), *q = h_proc_new(11);
	struct region *priv = h_map(p, A, 2, RW, 0, &mem_anon, NULL);
	struct region *s = h_map(p, B, 4, RW, RF_SHARED, &mem_anon, NULL);
	pfn_t s2 = h_touch(p, B + 2 * PG, true).pfn;

	struct region *m = region_new(q, A, 2 * PG, RW, 0, &mem_shared);
	struct map_args bad = { .source = priv };
	assert_int_equal(mem_shared.create(m, &bad), -EINVAL);     /* not MAP_SHARED */
	struct map_args none = { .source = NULL };
	assert_int_equal(mem_shared.create(m, &none), -EINVAL);
	assert_int_equal(s->ps->refs, 1);
	struct map_args ok = { .source = s, .source_off = 1 };
	assert_int_equal(mem_shared.create(m, &ok), OK);
	assert_int_equal(m->ps_off, 1);
	assert_int_equal(s->ps->refs, 2);
	/* Mirror page 1 is source page 2. */
	assert_int_equal(h_touch(q, A + PG, false).pfn, s2);
	pfn_t m0 = h_touch(q, A, true).pfn;
	assert_int_equal(ps_get(s->ps, 1), m0);
	assert_int_equal(h_touch(p, B + PG, false).pfn, m0);
}

static void test_destroying_all_regions_returns_every_page(void **state)
{
	(void)state;
	uint64_t f0 = physmem.nr_free;
	uint32_t z0 = page_refs(&physmem, zero_pfn);
	struct vmproc *p = h_proc_new(10), *c = h_proc_new(11);

	/* Private anonymous memory: pages and zero pages, then split up. */
	struct region *anon = h_map(p, A, 16, RW, 0, &mem_anon, NULL);
	for (int k = 0; k < 16; k++)
		h_touch(p, A + k * PG, k % 3 != 0);
	assert_int_equal(region_protect_range(p, A + 4 * PG, 4 * PG, PROT_READ), OK);
	assert_int_equal(region_unmap_range(p, A + 10 * PG, PG), OK);
	/* A page set with indices far apart (several nodes). */
	struct region *big = h_map(p, 0x100000000ULL, 0x40000, RW, 0, &mem_anon, NULL);
	h_touch(p, 0x100000000ULL, true);
	h_touch(p, 0x100000000ULL + 0x3FFFFULL * PG, true);
	h_touch(p, 0x100000000ULL + 0x20000ULL * PG, false);
	assert_true(big->ps->height >= 2);
	/* Shared memory, mirrored in the same process and forked. */
	struct region *sh = h_map(p, B, 4, RW, RF_SHARED, &mem_anon, NULL);
	for (int k = 0; k < 4; k++)
		h_touch(p, B + k * PG, k & 1);
	struct map_args ma = { .source = sh, .source_off = 2 };
	h_map(p, B + 16 * PG, 2, RW, 0, &mem_shared, &ma);
	h_touch(p, B + 17 * PG, true);
	/* Contiguous and device memory. */
	h_map(p, B + 32 * PG, 4, RW, 0, &mem_contig, NULL);
	h_touch(p, B + 33 * PG, true);
	struct map_args dpa = { .phys = 0xFEE00000ULL };
	h_map(p, B + 64 * PG, 2, RW, 0, &mem_directphys, &dpa);
	h_touch(p, B + 64 * PG, true);

	assert_true(physmem.nr_free < f0);
	/* Fork everything into c (do_fork's copy), then write in c to copy
	 * some pages. */
	assert_int_equal(vm_fork_regions(p, c), OK);
	assert_int_equal(h_count_regions(c), h_count_regions(p));
	h_touch(c, A + PG, true);
	h_touch(c, A + 3 * PG, true);
	h_touch(c, 0x100000000ULL, true);
	(void)anon;

	h_proc_free(p);
	assert_true(physmem.nr_free < f0);                    /* c still holds pages */
	h_proc_free(c);
	assert_int_equal(physmem.nr_free, f0);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(test_shared_mirror_offset_and_refusals),
		T(test_destroying_all_regions_returns_every_page),
	};
#undef T
	return cmocka_run_group_tests_name("vm_teardown", tests, h_group_setup, h_group_teardown);
}
