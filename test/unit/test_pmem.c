/*
 * Host tests for the physical range allocator (kernel/pmem.c): adding
 * and reserving ranges, page rounding, allocation below a limit, giving
 * pages back, the full-table case, and a randomized no-double-handout run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pmem.h"

#define PG  PMEM_PAGE
#define MiB (1024ULL * 1024)

static struct pmem pm;

static int setup(void **state)
{
	memset(&pm, 0xa5, sizeof(pm));     /* pmem_init must not rely on zeroed memory */
	pmem_init(&pm);
	return 0;
}

/* The list is sorted, disjoint, non-adjacent, page-aligned, non-empty. */
static void assert_well_formed(const struct pmem *p)
{
	assert_in_range(p->nr, 0, PMEM_MAX_RANGES);
	for (int i = 0; i < p->nr; i++) {
		assert_int_equal(p->r[i].base % PG, 0);
		assert_int_equal(p->r[i].end % PG, 0);
		assert_true(p->r[i].base < p->r[i].end);
		if (i > 0)
			assert_true(p->r[i - 1].end < p->r[i].base);
	}
}

static void assert_range(const struct pmem *p, int i, uint64_t base, uint64_t end)
{
	assert_true(i < p->nr);
	assert_int_equal(p->r[i].base, base);
	assert_int_equal(p->r[i].end, end);
}

/* Fill the table with PMEM_MAX_RANGES one-page ranges, each with a gap
 * after it, starting at base. Returns the end of the last range. */
static uint64_t fill_table(uint64_t base)
{
	for (int i = 0; i < PMEM_MAX_RANGES; i++)
		pmem_add(&pm, base + 2 * i * PG, base + (2 * i + 1) * PG);
	assert_int_equal(pm.nr, PMEM_MAX_RANGES);
	assert_int_equal(pm.lost, 0);
	return base + (2 * PMEM_MAX_RANGES - 1) * PG;
}

/* ---- init and add ------------------------------------------------------- */

static void init_gives_empty_table(void **state)
{
	assert_int_equal(pm.nr, 0);
	assert_int_equal(pm.lost, 0);
	assert_int_equal(pmem_free_bytes(&pm), 0);
	assert_false(pmem_is_free(&pm, 0x100000));
	assert_int_equal(pmem_alloc(&pm, 1, ~0ULL), 0);
}

static void add_single_range_is_kept_as_given(void **state)
{
	pmem_add(&pm, 1 * MiB, 2 * MiB);
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, 1 * MiB, 2 * MiB);
	assert_int_equal(pmem_free_bytes(&pm), 1 * MiB);
	assert_true(pmem_is_free(&pm, 1 * MiB));
	assert_true(pmem_is_free(&pm, 2 * MiB - 1));
	assert_false(pmem_is_free(&pm, 2 * MiB));
	assert_false(pmem_is_free(&pm, 1 * MiB - 1));
}

static void add_rounds_inward_to_whole_pages(void **state)
{
	pmem_add(&pm, 0x1001, 0x4fff);
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, 0x2000, 0x4000);
	assert_false(pmem_is_free(&pm, 0x1fff));
	assert_false(pmem_is_free(&pm, 0x4000));
}

static void add_smaller_than_a_whole_page_adds_nothing(void **state)
{
	pmem_add(&pm, 0x1001, 0x1fff);
	pmem_add(&pm, 0x2001, 0x3001);      /* crosses a boundary, no whole page */
	pmem_add(&pm, 0x5000, 0x5000);      /* empty */
	pmem_add(&pm, 0x9000, 0x8000);      /* end before base */
	assert_int_equal(pm.nr, 0);
	assert_int_equal(pmem_free_bytes(&pm), 0);
}

static void add_keeps_ranges_sorted(void **state)
{
	pmem_add(&pm, 0x50000, 0x60000);
	pmem_add(&pm, 0x10000, 0x20000);
	pmem_add(&pm, 0x30000, 0x40000);
	assert_int_equal(pm.nr, 3);
	assert_range(&pm, 0, 0x10000, 0x20000);
	assert_range(&pm, 1, 0x30000, 0x40000);
	assert_range(&pm, 2, 0x50000, 0x60000);
	assert_well_formed(&pm);
}

static void add_adjacent_on_the_right_merges(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	pmem_add(&pm, 0x20000, 0x30000);
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, 0x10000, 0x30000);
}

static void add_adjacent_on_the_left_merges(void **state)
{
	pmem_add(&pm, 0x20000, 0x30000);
	pmem_add(&pm, 0x10000, 0x20000);
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, 0x10000, 0x30000);
}

static void add_filling_a_gap_merges_both_neighbours(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	pmem_add(&pm, 0x30000, 0x40000);
	pmem_add(&pm, 0x20000, 0x30000);
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, 0x10000, 0x40000);
	assert_int_equal(pmem_free_bytes(&pm), 0x30000);
}

static void add_overlapping_merges_without_double_counting(void **state)
{
	pmem_add(&pm, 0x10000, 0x30000);
	pmem_add(&pm, 0x20000, 0x40000);
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, 0x10000, 0x40000);
	assert_int_equal(pmem_free_bytes(&pm), 0x30000);
}

static void add_covering_several_ranges_absorbs_them(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	pmem_add(&pm, 0x30000, 0x40000);
	pmem_add(&pm, 0x50000, 0x60000);
	pmem_add(&pm, 0x70000, 0x80000);
	pmem_add(&pm, 0x18000, 0x58000);
	assert_int_equal(pm.nr, 2);
	assert_range(&pm, 0, 0x10000, 0x60000);
	assert_range(&pm, 1, 0x70000, 0x80000);
	assert_int_equal(pmem_free_bytes(&pm), 0x60000);
	assert_well_formed(&pm);
}

static void add_of_already_free_subrange_changes_nothing(void **state)
{
	pmem_add(&pm, 0x10000, 0x40000);
	pmem_add(&pm, 0x20000, 0x30000);
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, 0x10000, 0x40000);
	assert_int_equal(pm.lost, 0);
}

static void add_up_to_top_of_address_space_rounds_end_down(void **state)
{
	pmem_add(&pm, ~0ULL - 4 * PG, ~0ULL);
	assert_int_equal(pm.nr, 1);
	assert_int_equal(pm.r[0].end, ~0ULL & ~(PG - 1));
	assert_int_equal(pm.r[0].base, (~0ULL - 4 * PG + PG) & ~(PG - 1));
	assert_int_equal(pmem_free_bytes(&pm), 3 * PG);
}

static void add_of_a_partial_page_at_the_top_of_address_space_adds_nothing(void **state)
{
	/* No whole page lies inside; rounding base up must not wrap to 0. */
	pmem_add(&pm, 0xfffffffffffff001ULL, 0xffffffffffffffffULL);
	assert_int_equal(pm.nr, 0);
	assert_int_equal(pmem_free_bytes(&pm), 0);
	assert_false(pmem_is_free(&pm, 0x100000));
}

/* ---- reserve ------------------------------------------------------------ */

static void reserve_in_the_middle_splits_the_range(void **state)
{
	pmem_add(&pm, 0x10000, 0x40000);
	pmem_reserve(&pm, 0x20000, 0x30000);
	assert_int_equal(pm.nr, 2);
	assert_range(&pm, 0, 0x10000, 0x20000);
	assert_range(&pm, 1, 0x30000, 0x40000);
	assert_int_equal(pmem_free_bytes(&pm), 0x20000);
	assert_false(pmem_is_free(&pm, 0x20000));
	assert_false(pmem_is_free(&pm, 0x2ffff));
}

static void reserve_of_partial_pages_rounds_outward(void **state)
{
	pmem_add(&pm, 0x10000, 0x40000);
	pmem_reserve(&pm, 0x20001, 0x2f001);
	assert_int_equal(pm.nr, 2);
	assert_range(&pm, 0, 0x10000, 0x20000);
	assert_range(&pm, 1, 0x30000, 0x40000);
}

static void reserve_of_a_single_byte_takes_its_whole_page(void **state)
{
	pmem_add(&pm, 0x10000, 0x40000);
	pmem_reserve(&pm, 0x20800, 0x20801);
	assert_int_equal(pm.nr, 2);
	assert_range(&pm, 0, 0x10000, 0x20000);
	assert_range(&pm, 1, 0x21000, 0x40000);
	assert_int_equal(pmem_free_bytes(&pm), 0x30000 - PG);
}

static void reserve_at_the_start_trims_the_base(void **state)
{
	pmem_add(&pm, 0x10000, 0x40000);
	pmem_reserve(&pm, 0x8000, 0x18000);
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, 0x18000, 0x40000);
}

static void reserve_at_the_end_trims_the_end(void **state)
{
	pmem_add(&pm, 0x10000, 0x40000);
	pmem_reserve(&pm, 0x38000, 0x50000);
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, 0x10000, 0x38000);
}

static void reserve_of_a_whole_range_removes_it(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	pmem_add(&pm, 0x30000, 0x40000);
	pmem_add(&pm, 0x50000, 0x60000);
	pmem_reserve(&pm, 0x30000, 0x40000);
	assert_int_equal(pm.nr, 2);
	assert_range(&pm, 0, 0x10000, 0x20000);
	assert_range(&pm, 1, 0x50000, 0x60000);
}

static void reserve_spanning_several_ranges_trims_and_removes(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	pmem_add(&pm, 0x30000, 0x40000);
	pmem_add(&pm, 0x50000, 0x60000);
	pmem_add(&pm, 0x70000, 0x80000);
	pmem_reserve(&pm, 0x18000, 0x58000);
	assert_int_equal(pm.nr, 3);
	assert_range(&pm, 0, 0x10000, 0x18000);
	assert_range(&pm, 1, 0x58000, 0x60000);
	assert_range(&pm, 2, 0x70000, 0x80000);
	assert_well_formed(&pm);
}

static void reserve_outside_every_range_changes_nothing(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	pmem_reserve(&pm, 0x20000, 0x30000);    /* touches, does not overlap */
	pmem_reserve(&pm, 0x0, 0x10000);
	pmem_reserve(&pm, 0x18000, 0x18000);    /* empty */
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, 0x10000, 0x20000);
}

static void reserve_to_the_top_of_address_space_clears_everything_above(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	pmem_add(&pm, ~0ULL - 16 * PG, ~0ULL);
	pmem_reserve(&pm, 0x18000, ~0ULL);      /* end rounds up past 2^64 */
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, 0x10000, 0x18000);
}

/* ---- alloc -------------------------------------------------------------- */

static void alloc_takes_pages_from_the_bottom_of_the_first_range(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	assert_int_equal(pmem_alloc(&pm, 1, ~0ULL), 0x10000);
	assert_int_equal(pmem_alloc(&pm, 1, ~0ULL), 0x11000);
	assert_range(&pm, 0, 0x12000, 0x20000);
	assert_false(pmem_is_free(&pm, 0x10000));
	assert_false(pmem_is_free(&pm, 0x11000));
	assert_int_equal(pmem_free_bytes(&pm), 0xe000);
}

static void alloc_of_zero_pages_fails(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	assert_int_equal(pmem_alloc(&pm, 0, ~0ULL), 0);
	assert_int_equal(pmem_free_bytes(&pm), 0x10000);
}

static void alloc_of_an_absurd_page_count_fails(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	assert_int_equal(pmem_alloc(&pm, ~0ULL, ~0ULL), 0);
	assert_int_equal(pmem_alloc(&pm, (~0ULL / PG) + 1, ~0ULL), 0);
	assert_int_equal(pmem_alloc(&pm, 1ULL << 52, ~0ULL), 0);
	assert_int_equal(pmem_free_bytes(&pm), 0x10000);
}

static void alloc_contiguous_skips_ranges_too_small(void **state)
{
	pmem_add(&pm, 0x10000, 0x12000);        /* 2 pages */
	pmem_add(&pm, 0x20000, 0x24000);        /* 4 pages */
	pmem_add(&pm, 0x30000, 0x40000);        /* 16 pages */
	assert_int_equal(pmem_alloc(&pm, 4, ~0ULL), 0x20000);
	assert_int_equal(pm.nr, 2);             /* exhausted range removed */
	assert_int_equal(pmem_alloc(&pm, 8, ~0ULL), 0x30000);
	assert_range(&pm, 1, 0x38000, 0x40000);
	assert_int_equal(pmem_alloc(&pm, 9, ~0ULL), 0);
	assert_int_equal(pmem_alloc(&pm, 2, ~0ULL), 0x10000);
	assert_int_equal(pm.nr, 1);
	assert_int_equal(pmem_free_bytes(&pm), 8 * PG);
}

static void alloc_of_exactly_a_whole_range_removes_it(void **state)
{
	pmem_add(&pm, 0x10000, 0x14000);
	assert_int_equal(pmem_alloc(&pm, 4, ~0ULL), 0x10000);
	assert_int_equal(pm.nr, 0);
	assert_int_equal(pmem_free_bytes(&pm), 0);
	assert_int_equal(pmem_alloc(&pm, 1, ~0ULL), 0);
}

static void alloc_honours_limit(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	pmem_add(&pm, 16 * MiB, 32 * MiB);
	/* Two pages fit below 0x12000 exactly; a third would cross it. */
	assert_int_equal(pmem_alloc(&pm, 3, 0x12000), 0);
	assert_int_equal(pmem_alloc(&pm, 2, 0x12000), 0x10000);
	assert_int_equal(pmem_alloc(&pm, 1, 0x12000), 0);
	/* Only 14 pages are left below 16 MiB. */
	assert_int_equal(pmem_alloc(&pm, 32, 16 * MiB), 0);
	assert_int_equal(pmem_alloc(&pm, 32, ~0ULL), 16 * MiB);
}

static void alloc_limit_below_every_range_fails(void **state)
{
	pmem_add(&pm, 1 * MiB, 2 * MiB);
	assert_int_equal(pmem_alloc(&pm, 1, 1 * MiB), 0);
	assert_int_equal(pmem_alloc(&pm, 1, 0), 0);
	assert_int_equal(pmem_free_bytes(&pm), 1 * MiB);
}

static void alloc_never_hands_out_page_zero(void **state)
{
	pmem_add(&pm, 0, 0x4000);
	for (int i = 0; i < 8; i++) {
		uint64_t got = pmem_alloc(&pm, 1, ~0ULL);
		if (got == 0)
			break;
		assert_true(got >= PG);
	}
	assert_true(pmem_is_free(&pm, 0));
}

static void alloc_with_page_zero_reserved_uses_the_rest(void **state)
{
	pmem_add(&pm, 0, 0x4000);
	pmem_reserve(&pm, 0, PG);
	assert_int_equal(pmem_alloc(&pm, 1, ~0ULL), 0x1000);
	assert_int_equal(pmem_alloc(&pm, 2, ~0ULL), 0x2000);
	assert_int_equal(pmem_alloc(&pm, 1, ~0ULL), 0);
}

/* ---- giving pages back -------------------------------------------------- */

static void free_back_restores_the_original_range(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	uint64_t a = pmem_alloc(&pm, 2, ~0ULL);
	uint64_t b = pmem_alloc(&pm, 3, ~0ULL);
	assert_int_equal(a, 0x10000);
	assert_int_equal(b, 0x12000);
	pmem_add(&pm, a, a + 2 * PG);           /* merges with nothing yet */
	assert_int_equal(pm.nr, 2);
	pmem_add(&pm, b, b + 3 * PG);           /* fills the gap */
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, 0x10000, 0x20000);
}

static void free_in_the_middle_of_allocations_stands_alone(void **state)
{
	pmem_add(&pm, 0x10000, 0x20000);
	uint64_t a = pmem_alloc(&pm, 1, ~0ULL);
	uint64_t b = pmem_alloc(&pm, 1, ~0ULL);
	uint64_t c = pmem_alloc(&pm, 1, ~0ULL);
	assert_true(a && b && c);
	pmem_add(&pm, b, b + PG);
	assert_int_equal(pm.nr, 2);
	assert_range(&pm, 0, b, b + PG);
	assert_range(&pm, 1, c + PG, 0x20000);
	pmem_add(&pm, c, c + PG);               /* now b..end is one range */
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, b, 0x20000);
	pmem_add(&pm, a, a + PG);
	assert_range(&pm, 0, 0x10000, 0x20000);
}

/* ---- full table --------------------------------------------------------- */

static void add_to_a_full_table_counts_lost_bytes(void **state)
{
	uint64_t top = fill_table(0x100000);
	uint64_t before = pmem_free_bytes(&pm);
	pmem_add(&pm, top + 4 * PG, top + 7 * PG);     /* needs a new slot */
	assert_int_equal(pm.nr, PMEM_MAX_RANGES);
	assert_int_equal(pm.lost, 3 * PG);
	assert_int_equal(pmem_free_bytes(&pm), before);
	assert_false(pmem_is_free(&pm, top + 4 * PG));
	assert_well_formed(&pm);
}

static void add_to_a_full_table_still_merges_with_neighbours(void **state)
{
	uint64_t top = fill_table(0x100000);
	uint64_t before = pmem_free_bytes(&pm);
	pmem_add(&pm, top, top + 2 * PG);             /* adjacent to the last */
	pmem_add(&pm, 0x100000 + PG, 0x100000 + 2 * PG);   /* bridges 0 and 1 */
	assert_int_equal(pm.lost, 0);
	assert_int_equal(pm.nr, PMEM_MAX_RANGES - 1);
	assert_int_equal(pmem_free_bytes(&pm), before + 3 * PG);
	assert_well_formed(&pm);
}

static void reserve_splitting_in_a_full_table_counts_lost_bytes(void **state)
{
	fill_table(0x100000);
	pmem_add(&pm, 0x100000 + PG, 0x100000 + 2 * PG);     /* merge 0,1: one slot free */
	pmem_add(&pm, 0x800000, 0x808000);                   /* table full again */
	assert_int_equal(pm.nr, PMEM_MAX_RANGES);
	assert_int_equal(pm.lost, 0);
	uint64_t before = pmem_free_bytes(&pm);
	pmem_reserve(&pm, 0x802000, 0x803000);              /* split needs a slot */
	assert_int_equal(pm.nr, PMEM_MAX_RANGES);
	assert_int_equal(pm.lost, 0x5000);
	assert_int_equal(pmem_free_bytes(&pm), before - 0x6000);
	assert_true(pmem_is_free(&pm, 0x801000));
	assert_false(pmem_is_free(&pm, 0x803000));
	assert_well_formed(&pm);
}

static void add_of_already_free_subrange_in_a_full_table_loses_nothing(void **state)
{
	fill_table(0x100000);
	pmem_add(&pm, 0x100000 + PG, 0x100000 + 2 * PG);     /* merge 0,1: one slot free */
	pmem_add(&pm, 0x800000, 0x808000);                   /* table full again */
	uint64_t before = pmem_free_bytes(&pm);
	/* [0x802000, 0x803000) is already free: adding it again is a no-op. */
	pmem_add(&pm, 0x802000, 0x803000);
	assert_int_equal(pm.lost, 0);
	assert_int_equal(pmem_free_bytes(&pm), before);
	assert_true(pmem_is_free(&pm, 0x807000));
	assert_well_formed(&pm);
}

/* ---- randomized --------------------------------------------------------- */

#define RND_PAGES 512
#define RND_BASE  0x100000ULL

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

struct block {
	uint64_t base, npages;
};

static void random_alloc_free_never_hands_a_page_out_twice(void **state)
{
	static bool owned[RND_PAGES];
	static struct block held[RND_PAGES];
	int nheld = 0;
	uint64_t owned_bytes = 0;
	memset(owned, 0, sizeof(owned));

	pmem_add(&pm, RND_BASE, RND_BASE + RND_PAGES * PG);
	for (int step = 0; step < 20000; step++) {
		bool do_alloc = nheld == 0 || (next_rand() % 3) != 0;
		if (do_alloc && nheld < RND_PAGES) {
			uint64_t n = 1 + next_rand() % 8;
			uint64_t limit = (next_rand() % 4 == 0)
				? RND_BASE + (next_rand() % RND_PAGES) * PG : ~0ULL;
			uint64_t got = pmem_alloc(&pm, n, limit);
			if (got == 0)
				continue;
			assert_int_equal(got % PG, 0);
			assert_true(got >= RND_BASE);
			assert_true(got + n * PG <= RND_BASE + RND_PAGES * PG);
			assert_true(got + n * PG <= limit);
			for (uint64_t k = 0; k < n; k++) {
				uint64_t pg = (got - RND_BASE) / PG + k;
				assert_false(owned[pg]);
				assert_false(pmem_is_free(&pm, got + k * PG));
				owned[pg] = true;
			}
			held[nheld].base = got;
			held[nheld].npages = n;
			nheld++;
			owned_bytes += n * PG;
		} else if (nheld > 0) {
			int i = (int)(next_rand() % (uint64_t)nheld);
			struct block b = held[i];
			held[i] = held[--nheld];
			for (uint64_t k = 0; k < b.npages; k++)
				owned[(b.base - RND_BASE) / PG + k] = false;
			pmem_add(&pm, b.base, b.base + b.npages * PG);
			owned_bytes -= b.npages * PG;
		}
		assert_int_equal(pmem_free_bytes(&pm) + owned_bytes, RND_PAGES * PG);
		assert_int_equal(pm.lost, 0);
		if (step % 64 == 0) {
			assert_well_formed(&pm);
			for (int p = 0; p < RND_PAGES; p++)
				assert_true(pmem_is_free(&pm, RND_BASE + p * PG) != owned[p]);
		}
	}
	while (nheld > 0) {
		struct block b = held[--nheld];
		pmem_add(&pm, b.base, b.base + b.npages * PG);
	}
	assert_int_equal(pm.nr, 1);
	assert_range(&pm, 0, RND_BASE, RND_BASE + RND_PAGES * PG);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(init_gives_empty_table),
		T(add_single_range_is_kept_as_given),
		T(add_rounds_inward_to_whole_pages),
		T(add_smaller_than_a_whole_page_adds_nothing),
		T(add_keeps_ranges_sorted),
		T(add_adjacent_on_the_right_merges),
		T(add_adjacent_on_the_left_merges),
		T(add_filling_a_gap_merges_both_neighbours),
		T(add_overlapping_merges_without_double_counting),
		T(add_covering_several_ranges_absorbs_them),
		T(add_of_already_free_subrange_changes_nothing),
		T(add_up_to_top_of_address_space_rounds_end_down),
		T(add_of_a_partial_page_at_the_top_of_address_space_adds_nothing),
		T(reserve_in_the_middle_splits_the_range),
		T(reserve_of_partial_pages_rounds_outward),
		T(reserve_of_a_single_byte_takes_its_whole_page),
		T(reserve_at_the_start_trims_the_base),
		T(reserve_at_the_end_trims_the_end),
		T(reserve_of_a_whole_range_removes_it),
		T(reserve_spanning_several_ranges_trims_and_removes),
		T(reserve_outside_every_range_changes_nothing),
		T(reserve_to_the_top_of_address_space_clears_everything_above),
		T(alloc_takes_pages_from_the_bottom_of_the_first_range),
		T(alloc_of_zero_pages_fails),
		T(alloc_of_an_absurd_page_count_fails),
		T(alloc_contiguous_skips_ranges_too_small),
		T(alloc_of_exactly_a_whole_range_removes_it),
		T(alloc_honours_limit),
		T(alloc_limit_below_every_range_fails),
		T(alloc_never_hands_out_page_zero),
		T(alloc_with_page_zero_reserved_uses_the_rest),
		T(free_back_restores_the_original_range),
		T(free_in_the_middle_of_allocations_stands_alone),
		T(add_to_a_full_table_counts_lost_bytes),
		T(add_to_a_full_table_still_merges_with_neighbours),
		T(reserve_splitting_in_a_full_table_counts_lost_bytes),
		T(add_of_already_free_subrange_in_a_full_table_loses_nothing),
		T(random_alloc_free_never_hands_a_page_out_twice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
