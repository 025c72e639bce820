/*
 * Host tests for VM's page frame accounting (servers/vm/physmem.c): the
 * free list, reference counts, the ALLOC_USER reserve, contiguous runs,
 * pinned and foreign pages, adoption, and nr_free bookkeeping.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../servers/vm/physmem.h"

#define NFRAMES 64

static struct page pages[NFRAMES];
static struct physmem pm;

static int setup(void **state)
{
	(void)state;
	memset(pages, 0xa5, sizeof(pages));    /* physmem_init must clear them */
	memset(&pm, 0x5a, sizeof(pm));
	physmem_init(&pm, pages, NFRAMES, 0);
	return 0;
}

/* The free list, walked: each member is PG_FREE with refs 0, the links
 * agree both ways, and its length is nr_free. Returns the length. */
static uint64_t check_free_list(void)
{
	uint64_t n = 0;
	pfn_t prev = 0;
	for (pfn_t f = pm.free_head; f; f = pm.pages[f].next) {
		assert_true(f < NFRAMES);
		assert_true(pm.pages[f].flags & PG_FREE);
		assert_true(pm.pages[f].flags & PG_MANAGED);
		assert_int_equal(pm.pages[f].refs, 0);
		assert_int_equal(pm.pages[f].prev, prev);
		prev = f;
		n++;
		assert_true(n <= NFRAMES);
	}
	assert_int_equal(n, pm.nr_free);
	uint64_t flagged = 0;
	for (pfn_t f = 0; f < NFRAMES; f++)
		flagged += (pm.pages[f].flags & PG_FREE) != 0;
	assert_int_equal(flagged, n);
	return n;
}

static void test_init_has_nothing_free(void **state)
{
	(void)state;
	assert_int_equal(pm.nr_free, 0);
	assert_int_equal(pm.nr_managed, 0);
	assert_int_equal(pm.nr_frames, NFRAMES);
	for (pfn_t f = 0; f < NFRAMES; f++) {
		assert_int_equal(pages[f].refs, 0);
		assert_int_equal(pages[f].flags, 0);
	}
	assert_int_equal(page_alloc(&pm, ALLOC_VM), 0);
	assert_int_equal(page_alloc(&pm, ALLOC_USER), 0);
}

static void test_alloc_hands_out_low_frames_first(void **state)
{
	(void)state;
	physmem_add_free(&pm, 10, 5);
	assert_int_equal(pm.nr_free, 5);
	assert_int_equal(pm.nr_managed, 5);
	check_free_list();
	for (pfn_t f = 10; f < 15; f++) {
		assert_int_equal(page_alloc(&pm, ALLOC_USER), f);
		assert_int_equal(page_refs(&pm, f), 1);
		assert_false(pm.pages[f].flags & PG_FREE);
		check_free_list();
	}
	assert_int_equal(page_alloc(&pm, ALLOC_USER), 0);
	assert_int_equal(pm.nr_free, 0);
}

static void test_freed_page_is_reused_first(void **state)
{
	(void)state;
	physmem_add_free(&pm, 1, 10);
	pfn_t a = page_alloc(&pm, ALLOC_USER), b = page_alloc(&pm, ALLOC_USER);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_true(page_unref(&pm, a));
	check_free_list();
	assert_int_equal(page_alloc(&pm, ALLOC_USER), a);   /* LIFO */
	assert_true(page_unref(&pm, b));
	assert_true(page_unref(&pm, a));
	assert_int_equal(page_alloc(&pm, ALLOC_USER), a);
	assert_int_equal(page_alloc(&pm, ALLOC_USER), b);
	assert_int_equal(page_alloc(&pm, ALLOC_USER), 3);
	check_free_list();
}

static void test_page_zero_never_handed_out(void **state)
{
	(void)state;
	physmem_add_free(&pm, 0, 4);             /* frames 0..3: 0 must be skipped */
	assert_int_equal(pm.nr_free, 3);
	assert_int_equal(pm.nr_managed, 3);
	assert_false(pm.pages[0].flags & (PG_FREE | PG_MANAGED));
	pfn_t got[3];
	for (int i = 0; i < 3; i++) {
		got[i] = page_alloc(&pm, ALLOC_VM);
		assert_int_not_equal(got[i], 0);
	}
	assert_int_equal(page_alloc(&pm, ALLOC_VM), 0);
	assert_int_equal(page_alloc_contig(&pm, 1, NFRAMES, ALLOC_VM), 0);
	for (int i = 0; i < 3; i++)
		assert_true(page_unref(&pm, got[i]));
	/* Nor in a contiguous run. */
	assert_int_equal(page_alloc_contig(&pm, 3, NFRAMES, ALLOC_VM), 1);
}

static void test_add_free_ignores_out_of_range_and_repeats(void **state)
{
	(void)state;
	physmem_add_free(&pm, NFRAMES - 2, 10);  /* only 62, 63 exist */
	assert_int_equal(pm.nr_free, 2);
	physmem_add_free(&pm, NFRAMES - 2, 2);   /* again: already free */
	assert_int_equal(pm.nr_free, 2);
	assert_int_equal(pm.nr_managed, 2);
	pfn_t f = page_alloc(&pm, ALLOC_VM);
	physmem_add_free(&pm, f, 1);             /* in use: must not be freed */
	assert_int_equal(pm.nr_free, 1);
	assert_int_equal(page_refs(&pm, f), 1);
	check_free_list();
}

static void test_refs_count_up_and_down(void **state)
{
	(void)state;
	physmem_add_free(&pm, 1, 4);
	pfn_t f = page_alloc(&pm, ALLOC_USER);
	page_ref(&pm, f);
	page_ref(&pm, f);
	assert_int_equal(page_refs(&pm, f), 3);
	uint64_t free_before = pm.nr_free;
	assert_false(page_unref(&pm, f));
	assert_false(page_unref(&pm, f));
	assert_int_equal(page_refs(&pm, f), 1);
	assert_int_equal(pm.nr_free, free_before);
	assert_true(page_unref(&pm, f));
	assert_int_equal(page_refs(&pm, f), 0);
	assert_int_equal(pm.nr_free, free_before + 1);
	check_free_list();
}

static void test_double_unref_does_not_free_twice(void **state)
{
	(void)state;
	physmem_add_free(&pm, 1, 4);
	pfn_t f = page_alloc(&pm, ALLOC_USER);
	assert_true(page_unref(&pm, f));
	uint64_t n = pm.nr_free;
	assert_false(page_unref(&pm, f));
	assert_false(page_unref(&pm, f));
	assert_int_equal(pm.nr_free, n);
	assert_int_equal(check_free_list(), n);
	/* Each frame is handed out exactly once. */
	bool seen[NFRAMES] = { false };
	for (uint64_t i = 0; i < n; i++) {
		pfn_t g = page_alloc(&pm, ALLOC_USER);
		assert_int_not_equal(g, 0);
		assert_false(seen[g]);
		seen[g] = true;
	}
	assert_int_equal(page_alloc(&pm, ALLOC_USER), 0);
}

static void test_reserve_refuses_user_but_not_vm(void **state)
{
	(void)state;
	physmem_init(&pm, pages, NFRAMES, 3);
	physmem_add_free(&pm, 1, 5);
	assert_int_not_equal(page_alloc(&pm, ALLOC_USER), 0);   /* 5 -> 4 */
	assert_int_not_equal(page_alloc(&pm, ALLOC_USER), 0);   /* 4 -> 3 */
	assert_int_equal(pm.nr_free, 3);
	assert_int_equal(page_alloc(&pm, ALLOC_USER), 0);       /* would leave 2 < 3 */
	assert_int_equal(pm.nr_free, 3);
	assert_int_equal(page_alloc_contig(&pm, 1, NFRAMES, ALLOC_USER), 0);
	for (int i = 0; i < 3; i++)
		assert_int_not_equal(page_alloc(&pm, ALLOC_VM), 0);
	assert_int_equal(pm.nr_free, 0);
	assert_int_equal(page_alloc(&pm, ALLOC_VM), 0);
	check_free_list();
}

static void test_reserve_applies_to_contig_runs(void **state)
{
	(void)state;
	physmem_init(&pm, pages, NFRAMES, 2);
	physmem_add_free(&pm, 1, 6);
	assert_int_equal(page_alloc_contig(&pm, 5, NFRAMES, ALLOC_USER), 0);   /* leaves 1 */
	assert_int_equal(pm.nr_free, 6);
	assert_int_equal(page_alloc_contig(&pm, 4, NFRAMES, ALLOC_USER), 1);   /* leaves 2 */
	assert_int_equal(pm.nr_free, 2);
	assert_int_equal(page_alloc_contig(&pm, 2, NFRAMES, ALLOC_VM), 5);
	assert_int_equal(pm.nr_free, 0);
}

static void test_contig_finds_first_run_long_enough(void **state)
{
	(void)state;
	physmem_add_free(&pm, 1, 40);
	/* Punch holes: frames 3 and 8 in use, so runs are 1-2, 4-7, 9-40. */
	pfn_t held[8];
	for (int i = 0; i < 8; i++)
		held[i] = page_alloc(&pm, ALLOC_VM);    /* 1..8 */
	for (int i = 0; i < 8; i++)
		if (held[i] != 3 && held[i] != 8)
			assert_true(page_unref(&pm, held[i]));
	uint64_t before = pm.nr_free;
	pfn_t r = page_alloc_contig(&pm, 4, NFRAMES, ALLOC_USER);
	assert_int_equal(r, 4);
	for (pfn_t f = 4; f < 8; f++) {
		assert_int_equal(page_refs(&pm, f), 1);
		assert_false(pm.pages[f].flags & PG_FREE);
	}
	assert_int_equal(pm.nr_free, before - 4);
	check_free_list();
	/* 5 pages: 1-2 too short, 4-7 taken now: from 9. */
	assert_int_equal(page_alloc_contig(&pm, 5, NFRAMES, ALLOC_USER), 9);
	/* 2 pages fit at 1. */
	assert_int_equal(page_alloc_contig(&pm, 2, NFRAMES, ALLOC_USER), 1);
	assert_int_equal(page_alloc_contig(&pm, 0, NFRAMES, ALLOC_USER), 0);
	check_free_list();
}

static void test_contig_respects_limit(void **state)
{
	(void)state;
	physmem_add_free(&pm, 1, 40);
	pfn_t hole = page_alloc(&pm, ALLOC_VM);    /* frame 1 */
	(void)hole;
	/* Free: 2..40. A run of 4 ending below frame 6 is 2..5. */
	assert_int_equal(page_alloc_contig(&pm, 4, 6, ALLOC_USER), 2);
	/* Now free from 6: a run of 4 below 9 does not exist (6, 7, 8). */
	uint64_t before = pm.nr_free;
	assert_int_equal(page_alloc_contig(&pm, 4, 9, ALLOC_USER), 0);
	assert_int_equal(pm.nr_free, before);
	assert_int_equal(page_alloc_contig(&pm, 4, 10, ALLOC_USER), 6);
	/* A limit beyond the frames is clipped, not overrun. */
	assert_int_equal(page_alloc_contig(&pm, 31, 1000, ALLOC_USER), 10);
	assert_int_equal(page_alloc_contig(&pm, 1, 1000, ALLOC_USER), 0);
	check_free_list();
}

static void test_contig_pages_free_one_by_one(void **state)
{
	(void)state;
	physmem_add_free(&pm, 1, 20);
	pfn_t first = page_alloc_contig(&pm, 8, NFRAMES, ALLOC_USER);
	assert_int_not_equal(first, 0);
	uint64_t n = pm.nr_free;
	for (pfn_t f = first; f < first + 8; f++) {
		assert_true(page_unref(&pm, f));
		assert_int_equal(pm.nr_free, ++n);
	}
	assert_int_equal(pm.nr_free, 20);
	check_free_list();
}

static void test_unref_frees_only_managed_unpinned(void **state)
{
	(void)state;
	physmem_add_free(&pm, 1, 10);
	/* Pinned (the zero page): its refs drop, it never goes back. */
	pfn_t z = page_alloc(&pm, ALLOC_VM);
	pm.pages[z].flags |= PG_PINNED;
	page_ref(&pm, z);
	uint64_t n = pm.nr_free;
	assert_false(page_unref(&pm, z));
	assert_false(page_unref(&pm, z));
	assert_int_equal(page_refs(&pm, z), 0);
	assert_int_equal(pm.nr_free, n);
	assert_false(pm.pages[z].flags & PG_FREE);
	/* Foreign (never in the pool): refs drop, never freed. */
	pfn_t foreign = 40;
	page_ref(&pm, foreign);
	page_ref(&pm, foreign);
	assert_false(page_unref(&pm, foreign));
	assert_false(page_unref(&pm, foreign));
	assert_int_equal(page_refs(&pm, foreign), 0);
	assert_int_equal(pm.nr_free, n);
	assert_false(pm.pages[foreign].flags & PG_FREE);
	/* A managed page with refs left is not freed either. */
	pfn_t m = page_alloc(&pm, ALLOC_USER);
	page_ref(&pm, m);
	assert_false(page_unref(&pm, m));
	assert_true(page_unref(&pm, m));
	check_free_list();
	/* None of them is ever handed out again except m. */
	for (;;) {
		pfn_t g = page_alloc(&pm, ALLOC_VM);
		if (!g)
			break;
		assert_int_not_equal(g, z);
		assert_int_not_equal(g, foreign);
	}
}

static void test_adopt_makes_foreign_page_freeable(void **state)
{
	(void)state;
	physmem_add_free(&pm, 1, 4);
	pfn_t f = 50;                              /* a boot process's page */
	assert_int_equal(pm.nr_managed, 4);
	page_adopt(&pm, f);
	assert_int_equal(page_refs(&pm, f), 1);
	assert_true(pm.pages[f].flags & PG_MANAGED);
	assert_int_equal(pm.nr_managed, 5);
	page_adopt(&pm, f);                        /* mapped twice: two refs */
	assert_int_equal(page_refs(&pm, f), 2);
	assert_int_equal(pm.nr_managed, 5);
	uint64_t n = pm.nr_free;
	assert_false(page_unref(&pm, f));
	assert_true(page_unref(&pm, f));
	assert_int_equal(pm.nr_free, n + 1);
	check_free_list();
	/* It is now an ordinary pool page: handed out first (LIFO). */
	assert_int_equal(page_alloc(&pm, ALLOC_USER), f);
	assert_int_equal(page_refs(&pm, f), 1);
	/* And add_free does not count it twice. */
	assert_true(page_unref(&pm, f));
	physmem_add_free(&pm, f, 1);
	assert_int_equal(pm.nr_free, n + 1);
	assert_int_equal(pm.nr_managed, 5);
}

static void test_nr_free_accounting_randomized(void **state)
{
	(void)state;
	physmem_init(&pm, pages, NFRAMES, 4);
	physmem_add_free(&pm, 1, NFRAMES - 1);
	uint32_t refs[NFRAMES] = { 0 };           /* the test's own count */
	uint64_t x = 0x2545F4914F6CDD1DULL;
	int allocs = 0, refused = 0, runs = 0, refs_taken = 0, frees = 0;
	for (int step = 0; step < 5000; step++) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		unsigned op = (unsigned)(x % 5);
		pfn_t f = (pfn_t)((x >> 8) % NFRAMES);
		if (op == 0) {
			enum alloc_kind k = (x >> 20) & 1 ? ALLOC_VM : ALLOC_USER;
			uint64_t before = pm.nr_free;
			pfn_t g = page_alloc(&pm, k);
			if (g) {
				assert_int_equal(refs[g], 0);
				refs[g] = 1;
				assert_int_equal(pm.nr_free, before - 1);
				allocs++;
			} else {
				assert_true(before == 0 || (k == ALLOC_USER && before - 1 < pm.reserve));
				refused++;
			}
		} else if (op == 1) {
			pfn_t n = 1 + (pfn_t)((x >> 24) % 4);
			pfn_t g = page_alloc_contig(&pm, n, NFRAMES, ALLOC_VM);
			for (pfn_t i = 0; g && i < n; i++) {
				assert_int_equal(refs[g + i], 0);
				refs[g + i] = 1;
			}
			runs += g != 0;
		} else if (op == 2 && refs[f]) {
			page_ref(&pm, f);
			refs[f]++;
			refs_taken++;
		} else if (op >= 3 && refs[f]) {
			bool freed = page_unref(&pm, f);
			refs[f]--;
			assert_int_equal(freed, refs[f] == 0);
			frees += freed;
		}
		uint64_t expect_free = 0;
		for (pfn_t g = 1; g < NFRAMES; g++) {
			assert_int_equal(page_refs(&pm, g), refs[g]);
			expect_free += refs[g] == 0;
		}
		assert_int_equal(pm.nr_free, expect_free);
	}
	assert_int_equal(check_free_list(), pm.nr_free);
	/* Every path was taken often. */
	assert_true(allocs > 100);
	assert_true(refused > 10);
	assert_true(runs > 50);
	assert_true(refs_taken > 100);
	assert_true(frees > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_has_nothing_free, setup),
		cmocka_unit_test_setup(test_alloc_hands_out_low_frames_first, setup),
		cmocka_unit_test_setup(test_freed_page_is_reused_first, setup),
		cmocka_unit_test_setup(test_page_zero_never_handed_out, setup),
		cmocka_unit_test_setup(test_add_free_ignores_out_of_range_and_repeats, setup),
		cmocka_unit_test_setup(test_refs_count_up_and_down, setup),
		cmocka_unit_test_setup(test_double_unref_does_not_free_twice, setup),
		cmocka_unit_test_setup(test_reserve_refuses_user_but_not_vm, setup),
		cmocka_unit_test_setup(test_reserve_applies_to_contig_runs, setup),
		cmocka_unit_test_setup(test_contig_finds_first_run_long_enough, setup),
		cmocka_unit_test_setup(test_contig_respects_limit, setup),
		cmocka_unit_test_setup(test_contig_pages_free_one_by_one, setup),
		cmocka_unit_test_setup(test_unref_frees_only_managed_unpinned, setup),
		cmocka_unit_test_setup(test_adopt_makes_foreign_page_freeable, setup),
		cmocka_unit_test_setup(test_nr_free_accounting_randomized, setup),
	};
	return cmocka_run_group_tests_name("vm_physmem", tests, NULL, NULL);
}
