/*
 * Host tests for the VM server's region map (region.c): creating and
 * finding regions, process slots, free gaps for mmap and free ranges.
 * test_vm_harness.h describes the harness.
 */
#include "test_vm_harness.h"

/* ---- the region map --------------------------------------------------------- */

static void test_region_new_find_and_order(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *r2 = h_map(vmp, A + 10 * PG, 2, RW, 0, &mem_anon, NULL);
	struct region *r1 = h_map(vmp, A, 3, RW, 0, &mem_anon, NULL);
	struct region *r3 = h_map(vmp, A + 20 * PG, 1, PROT_READ, 0, &mem_anon, NULL);
	assert_int_equal(h_count_regions(vmp), 3);

	assert_ptr_equal(region_first(vmp), r1);
	assert_ptr_equal(region_next(r1), r2);
	assert_ptr_equal(region_next(r2), r3);
	assert_null(region_next(r3));

	assert_ptr_equal(region_find(vmp, A), r1);
	assert_ptr_equal(region_find(vmp, A + PG + 123), r1);
	assert_ptr_equal(region_find(vmp, A + 3 * PG - 1), r1);
	assert_null(region_find(vmp, A + 3 * PG));            /* end is exclusive */
	assert_null(region_find(vmp, A - 1));
	assert_null(region_find(vmp, A + 9 * PG));
	assert_ptr_equal(region_find(vmp, A + 11 * PG), r2);
	assert_ptr_equal(region_find(vmp, A + 20 * PG + PG - 1), r3);
	assert_null(region_find(vmp, A + 21 * PG));
	assert_null(region_find(vmp, 0));

	assert_int_equal(r1->len, 3 * PG);
	assert_int_equal(r1->prot, RW);
	assert_ptr_equal(r1->type, &mem_anon);
	assert_non_null(r1->ps);
	assert_int_equal(r1->ps->refs, 1);
	assert_int_equal(r3->prot, PROT_READ);
}

static void test_region_new_refuses_same_start(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	struct region *r = h_map(vmp, A, 2, RW, 0, &mem_anon, NULL);
	assert_null(region_new(vmp, A, PG, RW, 0, &mem_anon));
	assert_int_equal(h_count_regions(vmp), 1);
	assert_ptr_equal(region_find(vmp, A), r);
}

static void test_vmproc_new_and_get(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(_ENDPOINT(3, 12));
	assert_ptr_equal(vmproc_get(_ENDPOINT(3, 12)), vmp);
	assert_null(vmproc_get(_ENDPOINT(4, 12)));          /* stale generation */
	assert_null(vmproc_get(13));
	assert_null(vmproc_get(-1));
	assert_null(vmproc_new(_ENDPOINT(5, 12)));          /* slot in use */
	assert_null(vmproc_new(NR_PROCS));                  /* no such slot */
	assert_int_equal(vmp->regions.count, 0);
	assert_int_equal(vmp->resident, 0);
}

static void test_free_gap_without_hint_is_lowest_from_mmap_base(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	uint64_t out = 0;
	assert_int_equal(region_free_gap(vmp, 0, 4 * PG, &out), OK);
	assert_int_equal(out, MMAP_BASE);

	h_map(vmp, MMAP_BASE, 2, RW, 0, &mem_anon, NULL);
	h_map(vmp, MMAP_BASE + 3 * PG, 1, RW, 0, &mem_anon, NULL);
	h_map(vmp, MMAP_BASE + 6 * PG, 1, RW, 0, &mem_anon, NULL);
	/* Regions below MMAP_BASE are not in the way. */
	h_map(vmp, A, 1, RW, 0, &mem_anon, NULL);

	assert_int_equal(region_free_gap(vmp, 0, PG, &out), OK);
	assert_int_equal(out, MMAP_BASE + 2 * PG);          /* the one-page hole */
	assert_int_equal(region_free_gap(vmp, 0, 2 * PG, &out), OK);
	assert_int_equal(out, MMAP_BASE + 4 * PG);          /* the two-page hole */
	assert_int_equal(region_free_gap(vmp, 0, 3 * PG, &out), OK);
	assert_int_equal(out, MMAP_BASE + 7 * PG);          /* past the last one */
}

static void test_free_gap_hint_honoured_when_free(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, MMAP_BASE, 4, RW, 0, &mem_anon, NULL);
	uint64_t out = 0;
	assert_int_equal(region_free_gap(vmp, 0x200000000ULL, 2 * PG, &out), OK);
	assert_int_equal(out, 0x200000000ULL);
	/* An unaligned hint is rounded up to a page. */
	assert_int_equal(region_free_gap(vmp, 0x200000001ULL, PG, &out), OK);
	assert_int_equal(out, 0x200001000ULL);
	/* A hint right after a region, and one ending right at a region. */
	assert_int_equal(region_free_gap(vmp, MMAP_BASE + 4 * PG, PG, &out), OK);
	assert_int_equal(out, MMAP_BASE + 4 * PG);
	assert_int_equal(region_free_gap(vmp, MMAP_BASE - 2 * PG, 2 * PG, &out), OK);
	assert_int_equal(out, MMAP_BASE - 2 * PG);
}

/* region.c documents "the lowest gap of len bytes at or above hint": a
 * hint that is taken moves up past what is in the way. */
static void test_free_gap_taken_hint_gives_next_gap_above_it(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	uint64_t H = MMAP_BASE + 100 * PG;
	h_map(vmp, H, 2, RW, 0, &mem_anon, NULL);
	h_map(vmp, H + 3 * PG, 2, RW, 0, &mem_anon, NULL);
	uint64_t out = 0;
	/* Hint inside the first region: the hole after it fits one page. */
	assert_int_equal(region_free_gap(vmp, H + PG, PG, &out), OK);
	assert_int_equal(out, H + 2 * PG);
	/* Two pages do not fit there: after the second region. */
	assert_int_equal(region_free_gap(vmp, H, 2 * PG, &out), OK);
	assert_int_equal(out, H + 5 * PG);
	/* A hint whose range would overlap the next region moves too. */
	assert_int_equal(region_free_gap(vmp, H - PG, 2 * PG, &out), OK);
	assert_int_equal(out, H + 5 * PG);
}

static void test_free_gap_falls_back_to_mmap_base(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	/* Nothing fits at or above the hint: the lowest gap from MMAP_BASE. */
	h_map(vmp, USER_TOP - 4 * PG, 4, RW, 0, &mem_anon, NULL);
	uint64_t out = 0;
	assert_int_equal(region_free_gap(vmp, USER_TOP - 6 * PG, 4 * PG, &out), OK);
	assert_int_equal(out, MMAP_BASE);
	h_map(vmp, MMAP_BASE, 1, RW, 0, &mem_anon, NULL);
	assert_int_equal(region_free_gap(vmp, USER_TOP - 3 * PG, PG, &out), OK);
	assert_int_equal(out, MMAP_BASE + PG);
	/* A hint beyond the user half. */
	assert_int_equal(region_free_gap(vmp, 0x0000900000000000ULL, PG, &out), OK);
	assert_int_equal(out, MMAP_BASE + PG);
	assert_int_equal(region_free_gap(vmp, 0xFFFFFFFFFFFFF000ULL, PG, &out), OK);
	assert_int_equal(out, MMAP_BASE + PG);
	/* Too big for anything. */
	assert_int_equal(region_free_gap(vmp, 0, USER_TOP - MMAP_BASE, &out), -ENOMEM);
	assert_int_equal(region_free_gap(vmp, 0, USER_TOP, &out), -ENOMEM);
}

/* do_mmap passes the caller's hint unchecked. A hint in the last page of
 * the 64-bit space rounds up past 2^64 to 0, and the search then starts
 * at address 0. */
static void test_free_gap_hint_in_last_page_does_not_wrap_to_zero(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	uint64_t out = 0xabcdULL;
	assert_int_equal(region_free_gap(vmp, 0xFFFFFFFFFFFFF001ULL, PG, &out), OK);
	assert_int_not_equal(out, 0);
	assert_int_equal(out, MMAP_BASE);
}

static void test_range_free_edges(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 2, RW, 0, &mem_anon, NULL);
	assert_true(region_range_free(vmp, A - PG, PG));          /* ends at start */
	assert_false(region_range_free(vmp, A - PG, 2 * PG));
	assert_true(region_range_free(vmp, A + 2 * PG, PG));      /* starts at end */
	assert_false(region_range_free(vmp, A + PG, PG));
	assert_false(region_range_free(vmp, A + PG, 10 * PG));
	assert_false(region_range_free(vmp, A - 10 * PG, 20 * PG)); /* covers it */
	assert_true(region_range_free(vmp, 0, A));
	assert_true(region_range_free(vmp, USER_TOP - PG, PG));
	assert_false(region_range_free(vmp, USER_TOP - PG, 2 * PG));
	assert_false(region_range_free(vmp, USER_TOP, PG));
	assert_false(region_range_free(vmp, 0xFFFFFFFFFFFFF000ULL, PG));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(test_region_new_find_and_order),
		T(test_region_new_refuses_same_start),
		T(test_vmproc_new_and_get),
		T(test_free_gap_without_hint_is_lowest_from_mmap_base),
		T(test_free_gap_hint_honoured_when_free),
		T(test_free_gap_taken_hint_gives_next_gap_above_it),
		T(test_free_gap_falls_back_to_mmap_base),
		T(test_free_gap_hint_in_last_page_does_not_wrap_to_zero),
		T(test_range_free_edges),
	};
#undef T
	return cmocka_run_group_tests_name("vm_regions", tests, h_group_setup, h_group_teardown);
}
