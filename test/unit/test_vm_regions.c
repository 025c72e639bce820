/*
 * Host tests for the VM server's regions and memory types: region.c,
 * mem_anon.c, mem_shared.c, mem_contig.c, mem_directphys.c, pool.c over
 * avl.c, pageset.c and physmem.c, compiled unchanged against
 * vm_host_stubs.c (a 32 MiB arena for physical memory, fake page tables).
 *
 * What the kernel-facing files (fault.c, proc.c) would do is done here by
 * small helpers that follow them step by step: touch() is vm_fault()
 * without the signals, fork_region() is do_fork()'s loop body with
 * map_like_parent().
 *
 * Every test starts from the same free-page count and its teardown
 * destroys whatever the test left and checks that every page came back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../servers/vm/vm.h"

/* vm_host_stubs.c */
void host_vm_init(uint64_t reserve);
void host_vm_fini(void);
uint64_t host_pt_count(uint64_t pml4);
int host_pt_spaces(void);

#define PG      VM_PAGE
#define RW      (PROT_READ | PROT_WRITE)
#define PTE_W   0x2ULL
#define PTE_PCD 0x10ULL
#define A       0x0000000040000000ULL      /* where most tests map */
#define B       0x0000000080000000ULL      /* a second place */

/* ---- processes ---------------------------------------------------------- */

#define MAX_PROCS 4
static struct vmproc *procs[MAX_PROCS];
static uint64_t start_free;     /* physmem.nr_free when the test began */
static uint32_t start_zero;     /* refs of the zero page then */

static struct vmproc *proc_new(endpoint_t ep)
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

/* destroy_regions() + vmproc_free() of proc.c. Everything is released
 * before anything is checked, so a failed check leaves no process behind
 * for the next test. */
static void proc_free(struct vmproc *vmp)
{
	struct region *r;
	while ((r = region_first(vmp)) != NULL)
		region_destroy(r);
	vmp->heap = NULL;
	size_t regions = vmp->regions.count;
	uint64_t resident = vmp->resident, ptes = host_pt_count(vmp->pml4);
	pt_destroy(vmp->pml4);
	vmp->in_use = false;
	for (int i = 0; i < MAX_PROCS; i++)
		if (procs[i] == vmp)
			procs[i] = NULL;
	assert_int_equal(regions, 0);
	assert_int_equal(resident, 0);
	assert_int_equal(ptes, 0);
}

static int count_regions(struct vmproc *vmp)
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

/* region_new + type->create, as mmap.c's map_new. */
static struct region *map(struct vmproc *vmp, uint64_t start, uint64_t npages, uint32_t prot,
			  uint32_t flags, const struct mem_type *type, const struct map_args *a)
{
	struct region *r = region_new(vmp, start, npages * PG, prot, flags, type);
	assert_non_null(r);
	struct map_args none = { 0 };
	assert_int_equal(type->create(r, a ? a : &none), OK);
	return r;
}

/* vm_fault() for an access that is allowed: the type's fault, then the PTE. */
static struct fault_result touch(struct vmproc *vmp, uint64_t addr, bool write)
{
	struct region *r = region_find(vmp, addr);
	assert_non_null(r);
	assert_true(r->prot & (write ? PROT_WRITE : PROT_READ));
	uint64_t va = page_down(addr);
	struct fault_result res;
	memset(&res, 0, sizeof(res));
	res.pfn = 0xdeadbeef;
	assert_int_equal(r->type->fault(r, (va - r->start) >> VM_PAGE_SHIFT, write, &res), OK);
	assert_int_equal(pt_map(vmp, va, res.pfn, r->prot, res.writable, res.uncached), OK);
	return res;
}

static uint64_t pte_at(struct vmproc *vmp, uint64_t va)
{
	return pt_lookup(vmp->pml4, va);
}

static pfn_t pfn_at(struct vmproc *vmp, uint64_t va)
{
	return (pte_at(vmp, va) & PTE_ADDR) >> VM_PAGE_SHIFT;
}

static unsigned char *page_mem(pfn_t pfn)
{
	return phys_ptr(pfn << VM_PAGE_SHIFT);
}

static void fill(pfn_t pfn, unsigned char b)
{
	memset(page_mem(pfn), b, PG);
}

static bool page_all(pfn_t pfn, unsigned char b)
{
	const unsigned char *p = page_mem(pfn);
	for (size_t i = 0; i < PG; i++)
		if (p[i] != b)
			return false;
	return true;
}

/* do_fork()'s per-region step and map_like_parent() (proc.c). */
static struct region *fork_region(struct vmproc *child, struct region *r)
{
	struct vmproc *parent = r->owner;
	struct region *nr = region_new(child, r->start, r->len, r->prot, r->flags, r->type);
	assert_non_null(nr);
	nr->ps = r->ps;
	nr->ps_off = r->ps_off;
	nr->phys = r->phys;
	int err = r->type->copy(r, nr);
	if (err) {
		nr->type = &mem_directphys;        /* as do_fork: holds nothing */
		nr->ps = NULL;
	}
	assert_int_equal(err, OK);
	for (uint64_t va = r->start; va < r->start + r->len; va += PG) {
		uint64_t pte = pt_lookup(parent->pml4, va);
		if (!pte)
			continue;
		uint64_t idx = (va - r->start) >> VM_PAGE_SHIFT;
		pfn_t pfn;
		if (nr->type == r->type) {
			pfn = (pte & PTE_ADDR) >> VM_PAGE_SHIFT;
		} else {
			pfn = ps_get(nr->ps, nr->ps_off + idx);
			if (!pfn)
				continue;
		}
		bool w = nr->type->writable(nr, idx, pfn);
		assert_int_equal(pt_map(child, va, pfn, nr->prot, w, (pte & PTE_PCD) != 0), OK);
	}
	return nr;
}

/* ---- fixtures ------------------------------------------------------------ */

static int group_setup(void **state)
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
	pt_destroy(vmp->pml4);
	vmp->in_use = false;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	host_vm_fini();
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(procs, 0, sizeof(procs));
	start_free = physmem.nr_free;
	start_zero = page_refs(&physmem, zero_pfn);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	/* First release everything, then check. */
	bool clean = true;
	for (int i = 0; i < MAX_PROCS; i++) {
		struct vmproc *vmp = procs[i];
		if (!vmp)
			continue;
		struct region *r;
		while ((r = region_first(vmp)) != NULL)
			region_destroy(r);
		clean = clean && vmp->resident == 0 && host_pt_count(vmp->pml4) == 0;
		pt_destroy(vmp->pml4);
		vmp->in_use = false;
		procs[i] = NULL;
	}
	assert_true(clean);
	assert_int_equal(host_pt_spaces(), 0);
	/* Every page the test's processes held is back. */
	assert_int_equal(physmem.nr_free, start_free);
	assert_int_equal(page_refs(&physmem, zero_pfn), start_zero);
	return 0;
}

/* ---- the region map --------------------------------------------------------- */

static void test_region_new_find_and_order(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct region *r2 = map(vmp, A + 10 * PG, 2, RW, 0, &mem_anon, NULL);
	struct region *r1 = map(vmp, A, 3, RW, 0, &mem_anon, NULL);
	struct region *r3 = map(vmp, A + 20 * PG, 1, PROT_READ, 0, &mem_anon, NULL);
	assert_int_equal(count_regions(vmp), 3);

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
	struct vmproc *vmp = proc_new(10);
	struct region *r = map(vmp, A, 2, RW, 0, &mem_anon, NULL);
	assert_null(region_new(vmp, A, PG, RW, 0, &mem_anon));
	assert_int_equal(count_regions(vmp), 1);
	assert_ptr_equal(region_find(vmp, A), r);
}

static void test_vmproc_new_and_get(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(_ENDPOINT(3, 12));
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
	struct vmproc *vmp = proc_new(10);
	uint64_t out = 0;
	assert_int_equal(region_free_gap(vmp, 0, 4 * PG, &out), OK);
	assert_int_equal(out, MMAP_BASE);

	map(vmp, MMAP_BASE, 2, RW, 0, &mem_anon, NULL);
	map(vmp, MMAP_BASE + 3 * PG, 1, RW, 0, &mem_anon, NULL);
	map(vmp, MMAP_BASE + 6 * PG, 1, RW, 0, &mem_anon, NULL);
	/* Regions below MMAP_BASE are not in the way. */
	map(vmp, A, 1, RW, 0, &mem_anon, NULL);

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
	struct vmproc *vmp = proc_new(10);
	map(vmp, MMAP_BASE, 4, RW, 0, &mem_anon, NULL);
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
	struct vmproc *vmp = proc_new(10);
	uint64_t H = MMAP_BASE + 100 * PG;
	map(vmp, H, 2, RW, 0, &mem_anon, NULL);
	map(vmp, H + 3 * PG, 2, RW, 0, &mem_anon, NULL);
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
	struct vmproc *vmp = proc_new(10);
	/* Nothing fits at or above the hint: the lowest gap from MMAP_BASE. */
	map(vmp, USER_TOP - 4 * PG, 4, RW, 0, &mem_anon, NULL);
	uint64_t out = 0;
	assert_int_equal(region_free_gap(vmp, USER_TOP - 6 * PG, 4 * PG, &out), OK);
	assert_int_equal(out, MMAP_BASE);
	map(vmp, MMAP_BASE, 1, RW, 0, &mem_anon, NULL);
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
	struct vmproc *vmp = proc_new(10);
	uint64_t out = 0xabcdULL;
	assert_int_equal(region_free_gap(vmp, 0xFFFFFFFFFFFFF001ULL, PG, &out), OK);
	assert_int_not_equal(out, 0);
	assert_int_equal(out, MMAP_BASE);
}

static void test_range_free_edges(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	map(vmp, A, 2, RW, 0, &mem_anon, NULL);
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

/* ---- split ------------------------------------------------------------------- */

static void test_split_shares_set_and_keeps_pages(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct region *r = map(vmp, A, 8, RW, 0, &mem_anon, NULL);
	pfn_t p[8] = { 0 };
	static const int touched[] = { 0, 2, 5, 7 };
	for (int i = 0; i < 4; i++) {
		int k = touched[i];
		p[k] = touch(vmp, A + k * PG, true).pfn;
		fill(p[k], (unsigned char)(0x30 + k));
	}
	uint64_t free_before = physmem.nr_free;
	struct pageset *ps = r->ps;

	struct region *u = NULL;
	assert_int_equal(region_split(r, A + 4 * PG, &u), OK);
	assert_non_null(u);
	assert_int_equal(count_regions(vmp), 2);
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
		assert_int_equal(pfn_at(vmp, A + k * PG), p[k]);
		if (p[k])
			assert_true(page_all(p[k], (unsigned char)(0x30 + k)));
	}
	/* Each half finds its own pages through its offset. */
	struct fault_result res = touch(vmp, A + 5 * PG, true);
	assert_int_equal(res.pfn, p[5]);
	assert_false(res.cow);
	res = touch(vmp, A + 6 * PG, true);                  /* new page at set index 6 */
	assert_int_equal(ps_get(ps, 6), res.pfn);
	res = touch(vmp, A + 2 * PG, false);
	assert_int_equal(res.pfn, p[2]);

	/* Split the upper half again. */
	struct region *u2 = NULL;
	assert_int_equal(region_split(u, A + 7 * PG, &u2), OK);
	assert_int_equal(u2->ps_off, 7);
	assert_int_equal(ps->refs, 3);
	assert_int_equal(u->len, 3 * PG);
	assert_int_equal(u2->len, PG);
	assert_int_equal(touch(vmp, A + 7 * PG, false).pfn, p[7]);
	assert_int_equal(count_regions(vmp), 3);
}

static void test_split_contig_and_directphys_keep_physical_offsets(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct region *c = map(vmp, A, 4, RW, 0, &mem_contig, NULL);
	uint64_t cphys = c->phys;
	assert_int_not_equal(cphys, 0);
	struct map_args dpa = { .phys = 0xFEB00000ULL };
	struct region *d = map(vmp, B, 4, RW, 0, &mem_directphys, &dpa);

	struct region *cu = NULL, *du = NULL;
	assert_int_equal(region_split(c, A + PG, &cu), OK);
	assert_int_equal(region_split(d, B + 3 * PG, &du), OK);
	assert_int_equal(cu->phys, cphys + PG);
	assert_int_equal(c->phys, cphys);
	assert_int_equal(du->phys, 0xFEB00000ULL + 3 * PG);
	assert_null(cu->ps);
	assert_null(du->ps);

	struct fault_result res = touch(vmp, A + 2 * PG, true);
	assert_int_equal(res.pfn, (cphys >> VM_PAGE_SHIFT) + 2);
	assert_false(res.uncached);
	res = touch(vmp, B + 3 * PG, false);
	assert_int_equal(res.pfn, (0xFEB00000ULL >> VM_PAGE_SHIFT) + 3);
	assert_true(res.uncached);
	assert_true(pte_at(vmp, B + 3 * PG) & PTE_PCD);
	assert_int_equal(count_regions(vmp), 4);
}

/* ---- unmap ------------------------------------------------------------------- */

static void test_unmap_middle_of_region_keeps_both_sides(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct region *r = map(vmp, A, 10, RW, 0, &mem_anon, NULL);
	pfn_t p[8];
	uint64_t f0 = physmem.nr_free;
	for (int k = 0; k < 8; k++) {
		p[k] = touch(vmp, A + k * PG, true).pfn;
		fill(p[k], (unsigned char)(0x40 + k));
	}
	assert_int_equal(physmem.nr_free, f0 - 8 - 1);       /* 8 pages, one leaf node */
	assert_int_equal(vmp->resident, 8);
	struct pageset *ps = r->ps;

	uint64_t f1 = physmem.nr_free;
	assert_int_equal(region_unmap_range(vmp, A + 3 * PG, 2 * PG), OK);
	assert_int_equal(physmem.nr_free, f1 + 2);           /* exactly pages 3 and 4 */
	assert_int_equal(count_regions(vmp), 2);
	struct region *lo = region_find(vmp, A), *hi = region_find(vmp, A + 5 * PG);
	assert_non_null(lo);
	assert_non_null(hi);
	assert_int_equal(lo->start, A);
	assert_int_equal(lo->len, 3 * PG);
	assert_int_equal(hi->start, A + 5 * PG);
	assert_int_equal(hi->len, 5 * PG);
	assert_null(region_find(vmp, A + 3 * PG));
	assert_null(region_find(vmp, A + 4 * PG));
	assert_int_equal(pte_at(vmp, A + 3 * PG), 0);
	assert_int_equal(pte_at(vmp, A + 4 * PG), 0);
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
		assert_int_equal(pfn_at(vmp, A + k * PG), p[k]);
		assert_int_equal(ps_get(ps, (uint64_t)k), p[k]);
		assert_int_equal(page_refs(&physmem, p[k]), 1);
		assert_true(page_all(p[k], (unsigned char)(0x40 + k)));
	}
	/* And stay usable. */
	struct fault_result res = touch(vmp, A + 2 * PG, true);
	assert_int_equal(res.pfn, p[2]);
	assert_false(res.cow);
	res = touch(vmp, A + 9 * PG, true);
	assert_int_not_equal(res.pfn, 0);
	assert_int_equal(ps_get(ps, 9), res.pfn);
	res = touch(vmp, A + 8 * PG, false);
	assert_int_equal(res.pfn, zero_pfn);
	assert_int_equal(touch(vmp, A + 6 * PG, false).pfn, p[6]);
}

static void test_unmap_across_several_regions(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	/* r1 [0,4)  hole [4,5)  r2 [5,9)  r3 [9,12): pages relative to A. */
	struct region *r1 = map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	map(vmp, A + 5 * PG, 4, RW, 0, &mem_anon, NULL);
	struct region *r3 = map(vmp, A + 9 * PG, 3, RW, 0, &mem_anon, NULL);
	pfn_t p[12] = { 0 };
	for (int k = 0; k < 12; k++)
		if (k != 4)
			p[k] = touch(vmp, A + k * PG, true).pfn;
	struct pageset *ps3 = r3->ps;
	uint64_t f1 = physmem.nr_free;

	assert_int_equal(region_unmap_range(vmp, A + 2 * PG, 8 * PG), OK);
	/* Freed: r1's pages 2,3; all of r2 (4 pages and its set's node);
	 * r3's page 9. */
	assert_int_equal(physmem.nr_free, f1 + 2 + 4 + 1 + 1);
	assert_int_equal(count_regions(vmp), 2);
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
		assert_int_equal(pte_at(vmp, A + k * PG), 0);
		if (p[k])
			assert_int_equal(page_refs(&physmem, p[k]), 0);
	}
	for (int k = 0; k < 12; k++)
		if (k < 2 || k >= 10) {
			assert_int_equal(pfn_at(vmp, A + k * PG), p[k]);
			assert_int_equal(page_refs(&physmem, p[k]), 1);
		}
	assert_int_equal(vmp->resident, 4);
	assert_int_equal(touch(vmp, A + 10 * PG, true).pfn, p[10]);
}

static void test_unmap_over_hole_changes_nothing(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	map(vmp, A, 2, RW, 0, &mem_anon, NULL);
	struct region *r2 = map(vmp, A + 10 * PG, 2, RW, 0, &mem_anon, NULL);
	for (int k = 0; k < 2; k++) {
		touch(vmp, A + k * PG, true);
		touch(vmp, A + (10 + k) * PG, true);
	}
	uint64_t f1 = physmem.nr_free;
	assert_int_equal(region_unmap_range(vmp, A + 3 * PG, 5 * PG), OK);
	assert_int_equal(physmem.nr_free, f1);
	assert_int_equal(count_regions(vmp), 2);
	assert_int_equal(vmp->resident, 4);
	assert_int_equal(r2->start, A + 10 * PG);
	assert_int_equal(r2->len, 2 * PG);
	/* From the hole into the second region. */
	assert_int_equal(region_unmap_range(vmp, A + 8 * PG, 3 * PG), OK);
	assert_int_equal(physmem.nr_free, f1 + 1);
	assert_int_equal(count_regions(vmp), 2);
	struct region *last = region_find(vmp, A + 11 * PG);
	assert_non_null(last);
	assert_int_equal(last->start, A + 11 * PG);
	assert_int_equal(last->len, PG);
	assert_int_equal(vmp->resident, 3);
}

static void test_unmap_shared_set_pages_stay_until_last_reference(void **state)
{
	(void)state;
	struct vmproc *p = proc_new(10), *q = proc_new(11);
	struct region *s = map(p, A, 4, RW, RF_SHARED, &mem_anon, NULL);
	struct map_args ma = { .source = s, .source_off = 0 };
	struct region *m = map(q, B, 4, RW, 0, &mem_shared, &ma);
	assert_true(m->flags & RF_SHARED);
	struct pageset *ps = s->ps;
	assert_ptr_equal(m->ps, ps);
	assert_int_equal(ps->refs, 2);

	uint64_t f0 = physmem.nr_free;
	pfn_t pg[4];
	for (int k = 0; k < 4; k++) {
		pg[k] = touch(p, A + k * PG, true).pfn;
		fill(pg[k], (unsigned char)(0x60 + k));
	}
	assert_int_equal(physmem.nr_free, f0 - 4 - 1);
	/* The mirror sees the same pages, writable. */
	struct fault_result res = touch(q, B + PG, false);
	assert_int_equal(res.pfn, pg[1]);
	assert_true(res.writable);
	assert_true(pte_at(q, B + PG) & PTE_W);

	uint64_t f1 = physmem.nr_free;
	assert_int_equal(region_unmap_range(p, A + PG, 2 * PG), OK);
	assert_int_equal(physmem.nr_free, f1);              /* shared: nothing freed */
	assert_int_equal(count_regions(p), 2);
	assert_int_equal(ps->refs, 3);                      /* two halves in p, one in q */
	assert_int_equal(ps_get(ps, 1), pg[1]);
	assert_int_equal(ps_get(ps, 2), pg[2]);
	assert_int_equal(p->resident, 2);
	assert_int_equal(touch(q, B + 2 * PG, true).pfn, pg[2]);
	assert_true(page_all(pg[2], 0x62));

	assert_int_equal(region_unmap_range(p, A, 4 * PG), OK);
	assert_int_equal(count_regions(p), 0);
	assert_int_equal(physmem.nr_free, f1);
	assert_int_equal(ps->refs, 1);
	assert_int_equal(touch(q, B + 3 * PG, false).pfn, pg[3]);

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
	struct vmproc *vmp = proc_new(10);
	struct region *c = map(vmp, A, 6, RW, 0, &mem_contig, NULL);
	pfn_t base = c->phys >> VM_PAGE_SHIFT;
	for (int k = 0; k < 6; k++)
		touch(vmp, A + k * PG, true);
	uint64_t f1 = physmem.nr_free;
	assert_int_equal(region_unmap_range(vmp, A + 2 * PG, 3 * PG), OK);
	assert_int_equal(physmem.nr_free, f1 + 3);
	for (int k = 0; k < 6; k++)
		assert_int_equal(page_refs(&physmem, base + k), (k >= 2 && k < 5) ? 0 : 1);
	struct region *hi = region_find(vmp, A + 5 * PG);
	assert_non_null(hi);
	assert_int_equal(hi->phys, (base + 5) << VM_PAGE_SHIFT);
	assert_int_equal(pfn_at(vmp, A + 5 * PG), base + 5);
	assert_int_equal(vmp->resident, 3);
}

/* ---- protect ------------------------------------------------------------------ */

static void test_protect_splits_edges_and_sets_prot(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct region *r = map(vmp, A, 8, RW, 0, &mem_anon, NULL);
	pfn_t p[8];
	for (int k = 0; k < 8; k++)
		p[k] = touch(vmp, A + k * PG, true).pfn;
	uint64_t f1 = physmem.nr_free;

	assert_int_equal(region_protect_range(vmp, A + 2 * PG, 3 * PG, PROT_READ), OK);
	assert_int_equal(count_regions(vmp), 3);
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
		uint64_t pte = pte_at(vmp, A + k * PG);
		assert_true(pte & 1);
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
	struct vmproc *vmp = proc_new(10);
	struct region *r = map(vmp, A, 8, RW, 0, &mem_anon, NULL);
	pfn_t p[8];
	for (int k = 0; k < 8; k++)
		p[k] = touch(vmp, A + k * PG, true).pfn;
	struct pageset *ps = r->ps;

	assert_int_equal(region_protect_range(vmp, A + 2 * PG, 3 * PG, PROT_READ), OK);
	assert_int_equal(count_regions(vmp), 3);
	assert_int_equal(region_protect_range(vmp, A + 2 * PG, 3 * PG, RW), OK);
	assert_int_equal(count_regions(vmp), 1);
	assert_ptr_equal(region_first(vmp), r);
	assert_int_equal(r->start, A);
	assert_int_equal(r->len, 8 * PG);
	assert_int_equal(r->prot, RW);
	assert_int_equal(ps->refs, 1);
	for (int k = 0; k < 8; k++) {
		assert_int_equal(pfn_at(vmp, A + k * PG), p[k]);
		assert_true(pte_at(vmp, A + k * PG) & PTE_W);   /* private, refs 1 */
	}

	/* One edge only, then the other, then both restored in one call. */
	assert_int_equal(region_protect_range(vmp, A, 2 * PG, PROT_READ), OK);
	assert_int_equal(count_regions(vmp), 2);
	assert_int_equal(region_protect_range(vmp, A + 6 * PG, 2 * PG, PROT_READ), OK);
	assert_int_equal(count_regions(vmp), 3);
	assert_int_equal(region_protect_range(vmp, A, 8 * PG, RW), OK);
	assert_int_equal(count_regions(vmp), 1);
	assert_int_equal(r->len, 8 * PG);
	assert_int_equal(ps->refs, 1);

	/* Whole region: no split at all. */
	assert_int_equal(region_protect_range(vmp, A, 8 * PG, PROT_READ), OK);
	assert_int_equal(count_regions(vmp), 1);
	assert_int_equal(r->prot, PROT_READ);
	assert_false(pte_at(vmp, A + 3 * PG) & PTE_W);
}

static void test_region_merge_only_continuing_halves(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct region *r = map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	struct region *other = map(vmp, A + 4 * PG, 2, RW, 0, &mem_anon, NULL);
	/* Adjacent, same kind, but a different set: not one region. */
	assert_false(region_merge(r, other));
	assert_int_equal(count_regions(vmp), 2);

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
	assert_int_equal(count_regions(vmp), 2);
}

/* Two mirrors of one shared set, next to each other in one process:
 * only when the second continues the first in the set are they one
 * region. */
static void test_merge_requires_continuing_set_offsets(void **state)
{
	(void)state;
	struct vmproc *p = proc_new(10), *q = proc_new(11);
	struct region *s = map(p, A, 8, RW, RF_SHARED, &mem_anon, NULL);
	pfn_t pg[8];
	for (int k = 0; k < 8; k++)
		pg[k] = touch(p, A + k * PG, true).pfn;
	struct map_args a0 = { .source = s, .source_off = 0 }, a4 = { .source = s, .source_off = 4 };
	struct region *m0 = map(q, B, 2, RW, 0, &mem_shared, &a0);
	struct region *m4 = map(q, B + 2 * PG, 2, RW, 0, &mem_shared, &a4);
	assert_int_equal(s->ps->refs, 3);
	assert_false(region_merge(m0, m4));           /* set pages 0,1 then 4,5 */
	assert_int_equal(region_protect_range(q, B, 4 * PG, PROT_READ), OK);
	assert_int_equal(count_regions(q), 2);
	assert_int_equal(touch(q, B + 2 * PG, false).pfn, pg[4]);
	assert_int_equal(touch(q, B + PG, false).pfn, pg[1]);
	struct map_args a2 = { .source = s, .source_off = 2 };
	struct region *m2 = map(q, B + 4 * PG, 2, PROT_READ, 0, &mem_shared, &a2);
	assert_false(region_merge(m4, m2));           /* 4,5 then 2,3 */
	assert_int_equal(s->ps->refs, 4);
	struct map_args a7 = { .source = s, .source_off = 7 };
	struct region *m7 = map(q, B + 6 * PG, 1, PROT_READ, 0, &mem_shared, &a7);
	assert_false(region_merge(m2, m7));           /* 2,3 then 7 */
	/* A mirror that continues another in the set may merge; the set's
	 * count then drops by the reference the upper one held. */
	struct map_args a3 = { .source = s, .source_off = 3 };
	struct region *n2 = map(q, B + 16 * PG, 1, PROT_READ, 0, &mem_shared, &a2);
	struct region *n3 = map(q, B + 17 * PG, 1, PROT_READ, 0, &mem_shared, &a3);
	assert_int_equal(s->ps->refs, 7);
	assert_true(region_merge(n2, n3));
	assert_int_equal(s->ps->refs, 6);
	assert_int_equal(n2->len, 2 * PG);
	assert_int_equal(touch(q, B + 17 * PG, false).pfn, pg[3]);
}

static void test_protect_range_with_hole_is_enomem(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct region *r1 = map(vmp, A, 2, RW, 0, &mem_anon, NULL);
	struct region *r2 = map(vmp, A + 3 * PG, 2, RW, 0, &mem_anon, NULL);
	touch(vmp, A, true);
	touch(vmp, A + 4 * PG, true);
	assert_int_equal(region_protect_range(vmp, A, 5 * PG, PROT_READ), -ENOMEM);
	assert_int_equal(region_protect_range(vmp, A + PG, 3 * PG, PROT_READ), -ENOMEM);
	assert_int_equal(region_protect_range(vmp, A + 2 * PG, PG, PROT_READ), -ENOMEM);
	assert_int_equal(region_protect_range(vmp, A - PG, 2 * PG, PROT_READ), -ENOMEM);
	assert_int_equal(region_protect_range(vmp, A + 4 * PG, 2 * PG, PROT_READ), -ENOMEM);
	/* Nothing changed. */
	assert_int_equal(count_regions(vmp), 2);
	assert_int_equal(r1->len, 2 * PG);
	assert_int_equal(r2->len, 2 * PG);
	assert_int_equal(r1->prot, RW);
	assert_int_equal(r2->prot, RW);
	assert_true(pte_at(vmp, A) & PTE_W);
	assert_true(pte_at(vmp, A + 4 * PG) & PTE_W);
	assert_int_equal(r1->ps->refs, 1);
}

static void test_protect_none_unmaps_and_keeps_pages(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	pfn_t p[4];
	for (int k = 0; k < 4; k++) {
		p[k] = touch(vmp, A + k * PG, true).pfn;
		fill(p[k], (unsigned char)(0x70 + k));
	}
	uint64_t f1 = physmem.nr_free;
	assert_int_equal(region_protect_range(vmp, A + PG, 2 * PG, PROT_NONE), OK);
	assert_int_equal(count_regions(vmp), 3);
	assert_int_equal(pte_at(vmp, A + PG), 0);
	assert_int_equal(pte_at(vmp, A + 2 * PG), 0);
	assert_int_equal(vmp->resident, 2);
	assert_int_equal(physmem.nr_free, f1);               /* pages kept */

	assert_int_equal(region_protect_range(vmp, A + PG, 2 * PG, RW), OK);
	assert_int_equal(count_regions(vmp), 1);
	assert_int_equal(pte_at(vmp, A + PG), 0);            /* until touched again */
	struct fault_result res = touch(vmp, A + PG, false);
	assert_int_equal(res.pfn, p[1]);
	assert_true(res.writable);
	assert_true(page_all(p[1], 0x71));
	assert_int_equal(touch(vmp, A + 2 * PG, true).pfn, p[2]);
	assert_int_equal(vmp->resident, 4);
	assert_int_equal(physmem.nr_free, f1);
}

static void test_protect_keeps_directphys_uncached(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct map_args dpa = { .phys = 0xFEC00000ULL };
	map(vmp, B, 2, RW, 0, &mem_directphys, &dpa);
	uint64_t f0 = physmem.nr_free;
	touch(vmp, B, true);
	touch(vmp, B + PG, false);
	assert_true(pte_at(vmp, B) & PTE_PCD);
	assert_true(pte_at(vmp, B) & PTE_W);
	assert_int_equal(region_protect_range(vmp, B, 2 * PG, PROT_READ), OK);
	uint64_t pte = pte_at(vmp, B);
	assert_true(pte & PTE_PCD);
	assert_false(pte & PTE_W);
	assert_int_equal((pte & PTE_ADDR), 0xFEC00000ULL);
	assert_int_equal(pte_at(vmp, B + PG) & PTE_ADDR, 0xFEC01000ULL);
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
	struct vmproc *vmp = proc_new(10);
	struct map_args a1 = { .phys = 0xFEB00000ULL }, a2 = { .phys = 0xFEB01000ULL };
	struct region *w1 = map(vmp, B, 1, RW, 0, &mem_directphys, &a1);
	struct region *w2 = map(vmp, B + PG, 1, RW, 0, &mem_directphys, &a2);
	assert_int_equal(region_protect_range(vmp, B, PG, RW), OK);
	assert_int_equal(count_regions(vmp), 2);
	assert_ptr_equal(region_find(vmp, B), w1);
	assert_int_equal(w1->len, PG);
	struct region *second = region_find(vmp, B + PG);
	assert_non_null(second);
	assert_ptr_equal(second, w2);
	assert_int_equal(second->start, B + PG);
}

/* ---- anonymous faults ------------------------------------------------------- */

static void test_first_read_maps_zero_page_read_only(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct region *r = map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	uint32_t z0 = page_refs(&physmem, zero_pfn);
	uint64_t f0 = physmem.nr_free;
	struct fault_result res = touch(vmp, A + PG + 5, false);
	assert_int_equal(res.pfn, zero_pfn);
	assert_false(res.writable);
	assert_false(res.cow);
	assert_false(res.uncached);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0 + 1);
	assert_int_equal(ps_get(r->ps, 1), zero_pfn);
	assert_int_equal(physmem.nr_free, f0 - 1);           /* the set's node, no page */
	uint64_t pte = pte_at(vmp, A + PG);
	assert_true(pte & 1);
	assert_false(pte & PTE_W);
	assert_int_equal((pte & PTE_ADDR) >> VM_PAGE_SHIFT, zero_pfn);
	assert_true(page_all(zero_pfn, 0));

	res = touch(vmp, A + 3 * PG, false);
	assert_int_equal(res.pfn, zero_pfn);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0 + 2);
	assert_int_equal(physmem.nr_free, f0 - 1);
	/* A second read of the same page takes no new reference. */
	res = touch(vmp, A + PG, false);
	assert_int_equal(res.pfn, zero_pfn);
	assert_false(res.writable);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0 + 2);
}

static void test_first_write_allocates_zeroed_page(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct region *r = map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	uint32_t z0 = page_refs(&physmem, zero_pfn);
	uint64_t f0 = physmem.nr_free;
	struct fault_result res = touch(vmp, A + 2 * PG, true);
	assert_int_not_equal(res.pfn, 0);
	assert_int_not_equal(res.pfn, zero_pfn);
	assert_true(res.writable);
	assert_false(res.cow);
	assert_true(page_all(res.pfn, 0));                   /* free pages were dirty */
	assert_int_equal(page_refs(&physmem, res.pfn), 1);
	assert_int_equal(ps_get(r->ps, 2), res.pfn);
	assert_int_equal(r->ps->pages, 1);
	assert_int_equal(physmem.nr_free, f0 - 2);           /* the page and the node */
	assert_int_equal(page_refs(&physmem, zero_pfn), z0);
	assert_true(pte_at(vmp, A + 2 * PG) & PTE_W);
	assert_int_equal(pfn_at(vmp, A + 2 * PG), res.pfn);
	assert_int_equal(vmp->resident, 1);

	/* Writing again: the same page, no copy. */
	struct fault_result again = touch(vmp, A + 2 * PG, true);
	assert_int_equal(again.pfn, res.pfn);
	assert_false(again.cow);
	assert_int_equal(physmem.nr_free, f0 - 2);
	assert_int_equal(vmp->resident, 1);
}

static void test_write_after_read_replaces_zero_page(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct region *r = map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	uint32_t z0 = page_refs(&physmem, zero_pfn);
	assert_int_equal(touch(vmp, A, false).pfn, zero_pfn);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0 + 1);
	uint64_t f1 = physmem.nr_free;

	struct fault_result res = touch(vmp, A, true);
	assert_true(res.cow);
	assert_true(res.writable);
	assert_int_not_equal(res.pfn, zero_pfn);
	assert_true(page_all(res.pfn, 0));
	assert_int_equal(page_refs(&physmem, res.pfn), 1);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0);
	assert_int_equal(ps_get(r->ps, 0), res.pfn);
	assert_int_equal(r->ps->pages, 1);
	assert_int_equal(physmem.nr_free, f1 - 1);
	assert_int_equal(pfn_at(vmp, A), res.pfn);
	assert_true(pte_at(vmp, A) & PTE_W);
	assert_int_equal(vmp->resident, 1);
	assert_true(page_all(zero_pfn, 0));                  /* the zero page untouched */
}

static void test_read_only_region_maps_read_only(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	map(vmp, A, 2, PROT_READ, RF_SHARED, &mem_anon, NULL);
	struct fault_result res = touch(vmp, A, false);
	assert_false(res.writable);
	assert_false(pte_at(vmp, A) & PTE_W);
	assert_true(pte_at(vmp, A) & (1ULL << 63));         /* no PROT_EXEC: NX */
}

static void test_shared_region_read_allocates_real_page(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct region *r = map(vmp, A, 2, RW, RF_SHARED, &mem_anon, NULL);
	uint32_t z0 = page_refs(&physmem, zero_pfn);
	struct fault_result res = touch(vmp, A, false);
	assert_int_not_equal(res.pfn, zero_pfn);
	assert_true(res.writable);
	assert_false(res.cow);
	assert_true(page_all(res.pfn, 0));
	assert_int_equal(page_refs(&physmem, zero_pfn), z0);
	assert_int_equal(ps_get(r->ps, 0), res.pfn);
	assert_true(pte_at(vmp, A) & PTE_W);
}

static void test_populate_maps_every_page_or_releases_all(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	struct map_args pop = { .flags = MAP_POPULATE };
	uint64_t f0 = physmem.nr_free;
	struct region *r = map(vmp, A, 8, RW, 0, &mem_anon, &pop);
	assert_int_equal(r->ps->pages, 8);
	assert_int_equal(physmem.nr_free, f0 - 8 - 1);
	for (uint64_t k = 0; k < 8; k++) {
		pfn_t f = ps_get(r->ps, k);
		assert_int_not_equal(f, 0);
		assert_int_not_equal(f, zero_pfn);
		assert_true(page_all(f, 0));
	}

	/* Only two user pages may be taken before the reserve: create fails
	 * and gives back the pages and the set it had. */
	uint64_t saved = physmem.reserve;
	uint64_t f1 = physmem.nr_free;
	physmem.reserve = f1 - 3;
	struct region *r2 = region_new(vmp, B, 8 * PG, RW, 0, &mem_anon);
	assert_non_null(r2);
	assert_int_equal(mem_anon.create(r2, &pop), -ENOMEM);
	physmem.reserve = saved;
	assert_null(r2->ps);
	assert_int_equal(physmem.nr_free, f1);
	r2->type = &mem_directphys;                          /* mmap.c's discard() */
	region_destroy(r2);
	assert_int_equal(count_regions(vmp), 1);
}

static void test_contig_create_fails_cleanly_without_room(void **state)
{
	(void)state;
	struct vmproc *vmp = proc_new(10);
	uint64_t f0 = physmem.nr_free;
	/* More pages than there are. */
	struct region *r = region_new(vmp, A, (f0 + 1) * PG, RW, 0, &mem_contig);
	assert_non_null(r);
	struct map_args none = { 0 };
	assert_int_equal(mem_contig.create(r, &none), -ENOMEM);
	assert_int_equal(physmem.nr_free, f0);
	r->type = &mem_directphys;
	region_destroy(r);
	/* A small one works, zeroed, every page held once. */
	struct region *c = map(vmp, A, 3, RW, 0, &mem_contig, NULL);
	assert_int_equal(physmem.nr_free, f0 - 3);
	for (pfn_t k = 0; k < 3; k++) {
		pfn_t f = (c->phys >> VM_PAGE_SHIFT) + k;
		assert_int_equal(page_refs(&physmem, f), 1);
		assert_true(page_all(f, 0));
	}
}

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
	f->p = proc_new(10);
	f->c = proc_new(11);
	f->r = map(f->p, A, 4, RW, 0, &mem_anon, NULL);
	for (int k = 0; k < 2; k++) {
		f->pg[k] = touch(f->p, A + k * PG, true).pfn;
		fill(f->pg[k], (unsigned char)(0xA0 + k));
	}
	f->pg[2] = touch(f->p, A + 2 * PG, false).pfn;
	assert_int_equal(f->pg[2], zero_pfn);
	assert_true(pte_at(f->p, A) & PTE_W);
	f->nr = fork_region(f->c, f->r);
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
		uint64_t pp = pte_at(f.p, A + k * PG), cp = pte_at(f.c, A + k * PG);
		assert_true(pp & 1);
		assert_false(pp & PTE_W);                         /* parent write-protected */
		assert_true(cp & 1);
		assert_false(cp & PTE_W);
		assert_int_equal(pp & PTE_ADDR, cp & PTE_ADDR);
	}
	assert_int_equal(pte_at(f.c, A + 3 * PG), 0);
	assert_int_equal(f.c->resident, 3);
	/* A read in either maps the shared page read-only. */
	struct fault_result res = touch(f.p, A, false);
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
	struct fault_result res = touch(f.c, A, true);
	assert_true(res.cow);
	assert_true(res.writable);
	assert_int_not_equal(res.pfn, f.pg[0]);
	assert_true(page_all(res.pfn, 0xA0));                 /* the bytes came along */
	assert_int_equal(physmem.nr_free, f1 - 1);
	assert_int_equal(page_refs(&physmem, f.pg[0]), 1);
	assert_int_equal(page_refs(&physmem, res.pfn), 1);
	assert_int_equal(ps_get(f.nr->ps, 0), res.pfn);
	assert_int_equal(ps_get(f.r->ps, 0), f.pg[0]);
	assert_int_equal(pfn_at(f.c, A), res.pfn);
	assert_true(pte_at(f.c, A) & PTE_W);
	assert_int_equal(pfn_at(f.p, A), f.pg[0]);
	fill(res.pfn, 0xC0);                                 /* the child writes */
	assert_true(page_all(f.pg[0], 0xA0));                /* the parent does not see it */
	/* Page 1 is untouched by this. */
	assert_int_equal(page_refs(&physmem, f.pg[1]), 2);
}

static void test_fork_write_in_parent_copies_and_child_keeps_page(void **state)
{
	(void)state;
	struct forked f;
	fork_setup(&f);
	struct fault_result res = touch(f.p, A + PG, true);
	assert_true(res.cow);
	assert_int_not_equal(res.pfn, f.pg[1]);
	assert_true(page_all(res.pfn, 0xA1));
	assert_int_equal(page_refs(&physmem, f.pg[1]), 1);
	assert_int_equal(ps_get(f.r->ps, 1), res.pfn);
	assert_int_equal(ps_get(f.nr->ps, 1), f.pg[1]);
	assert_int_equal(pfn_at(f.c, A + PG), f.pg[1]);
	fill(res.pfn, 0xD1);
	assert_true(page_all(f.pg[1], 0xA1));
}

static void test_fork_last_sharer_writes_without_copy(void **state)
{
	(void)state;
	struct forked f;
	fork_setup(&f);
	struct fault_result cres = touch(f.c, A, true);      /* child copies */
	assert_true(cres.cow);
	uint64_t f1 = physmem.nr_free;
	struct fault_result pres = touch(f.p, A, true);      /* parent: last holder */
	assert_false(pres.cow);
	assert_true(pres.writable);
	assert_int_equal(pres.pfn, f.pg[0]);
	assert_int_equal(page_refs(&physmem, f.pg[0]), 1);
	assert_int_equal(physmem.nr_free, f1);
	assert_true(pte_at(f.p, A) & PTE_W);
	assert_true(page_all(f.pg[0], 0xA0));

	/* The other way round on page 1. */
	assert_true(touch(f.p, A + PG, true).cow);
	struct fault_result last = touch(f.c, A + PG, true);
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
	struct fault_result res = touch(f.c, A + 2 * PG, true);
	assert_true(res.cow);
	assert_int_not_equal(res.pfn, zero_pfn);
	assert_true(page_all(res.pfn, 0));
	assert_int_equal(page_refs(&physmem, zero_pfn), z - 1);
	assert_int_equal(ps_get(f.r->ps, 2), zero_pfn);      /* parent still reads zeros */
	/* Page 3 was never touched: each side demand-zeroes its own. */
	struct fault_result c3 = touch(f.c, A + 3 * PG, true);
	struct fault_result p3 = touch(f.p, A + 3 * PG, true);
	assert_int_not_equal(c3.pfn, p3.pfn);
	assert_false(c3.cow);
	assert_false(p3.cow);
}

static void test_fork_of_split_half_copies_only_its_pages(void **state)
{
	(void)state;
	struct vmproc *p = proc_new(10), *c = proc_new(11);
	struct region *r = map(p, A, 6, RW, 0, &mem_anon, NULL);
	pfn_t pg[6];
	for (int k = 0; k < 6; k++)
		pg[k] = touch(p, A + k * PG, true).pfn;
	struct region *u;
	assert_int_equal(region_split(r, A + 4 * PG, &u), OK);
	struct region *nr = fork_region(c, u);
	assert_int_equal(nr->ps_off, 0);
	assert_int_equal(nr->ps->pages, 2);
	assert_int_equal(ps_get(nr->ps, 0), pg[4]);
	assert_int_equal(ps_get(nr->ps, 1), pg[5]);
	for (int k = 0; k < 6; k++)
		assert_int_equal(page_refs(&physmem, pg[k]), k >= 4 ? 2 : 1);
	/* Only the forked half was write-protected. */
	assert_true(pte_at(p, A + 3 * PG) & PTE_W);
	assert_false(pte_at(p, A + 4 * PG) & PTE_W);
	assert_int_equal(pfn_at(c, A + 5 * PG), pg[5]);
	assert_true(touch(c, A + 5 * PG, true).cow);
	assert_int_equal(page_refs(&physmem, pg[5]), 1);
}

static void test_fork_shared_region_shares_set(void **state)
{
	(void)state;
	struct vmproc *p = proc_new(10), *c = proc_new(11);
	struct region *r = map(p, A, 2, RW, RF_SHARED, &mem_anon, NULL);
	pfn_t p0 = touch(p, A, true).pfn;
	fill(p0, 0x5A);
	uint64_t f1 = physmem.nr_free;
	struct region *nr = fork_region(c, r);
	assert_ptr_equal(nr->ps, r->ps);
	assert_int_equal(r->ps->refs, 2);
	assert_int_equal(physmem.nr_free, f1);               /* nothing copied */
	assert_int_equal(page_refs(&physmem, p0), 1);        /* held once, by the set */
	assert_true(pte_at(p, A) & PTE_W);                   /* not write-protected */
	assert_true(pte_at(c, A) & PTE_W);
	assert_int_equal(pfn_at(c, A), p0);

	/* A write in either is seen by the other, no copy. */
	struct fault_result res = touch(c, A, true);
	assert_false(res.cow);
	assert_int_equal(res.pfn, p0);
	pfn_t c1 = touch(c, A + PG, true).pfn;
	assert_int_equal(touch(p, A + PG, false).pfn, c1);
	assert_true(pte_at(p, A + PG) & PTE_W);

	/* The parent's region goes: the pages stay for the child. */
	uint64_t f2 = physmem.nr_free;
	region_destroy(r);
	assert_int_equal(physmem.nr_free, f2);
	assert_int_equal(nr->ps->refs, 1);
	assert_int_equal(touch(c, A, false).pfn, p0);
	assert_true(page_all(p0, 0x5A));
	region_destroy(nr);
	assert_int_equal(physmem.nr_free, f2 + 2 + 1);
}

static void test_fork_contig_gives_child_private_copy(void **state)
{
	(void)state;
	struct vmproc *p = proc_new(10), *c = proc_new(11);
	struct region *r = map(p, A, 3, RW, 0, &mem_contig, NULL);
	pfn_t base = r->phys >> VM_PAGE_SHIFT;
	for (int k = 0; k < 3; k++) {
		fill(base + k, (unsigned char)(0xE0 + k));
		touch(p, A + k * PG, true);
	}
	struct region *nr = fork_region(c, r);
	assert_ptr_equal(nr->type, &mem_anon);
	assert_non_null(nr->ps);
	assert_int_equal(nr->ps->pages, 3);
	for (int k = 0; k < 3; k++) {
		pfn_t cf = ps_get(nr->ps, (uint64_t)k);
		assert_int_not_equal(cf, base + k);
		assert_true(page_all(cf, (unsigned char)(0xE0 + k)));
		assert_int_equal(page_refs(&physmem, cf), 1);
		assert_int_equal(page_refs(&physmem, base + k), 1);
		assert_int_equal(pfn_at(c, A + k * PG), cf);
		assert_true(pte_at(c, A + k * PG) & PTE_W);
		assert_true(pte_at(p, A + k * PG) & PTE_W);
	}
}

/* ---- shared mirrors and teardown ---------------------------------------------- */

static void test_shared_mirror_offset_and_refusals(void **state)
{
	(void)state;
	struct vmproc *p = proc_new(10), *q = proc_new(11);
	struct region *priv = map(p, A, 2, RW, 0, &mem_anon, NULL);
	struct region *s = map(p, B, 4, RW, RF_SHARED, &mem_anon, NULL);
	pfn_t s2 = touch(p, B + 2 * PG, true).pfn;

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
	assert_int_equal(touch(q, A + PG, false).pfn, s2);
	pfn_t m0 = touch(q, A, true).pfn;
	assert_int_equal(ps_get(s->ps, 1), m0);
	assert_int_equal(touch(p, B + PG, false).pfn, m0);
}

static void test_destroying_all_regions_returns_every_page(void **state)
{
	(void)state;
	uint64_t f0 = physmem.nr_free;
	uint32_t z0 = page_refs(&physmem, zero_pfn);
	struct vmproc *p = proc_new(10), *c = proc_new(11);

	/* Private anonymous memory: pages and zero pages, then split up. */
	struct region *anon = map(p, A, 16, RW, 0, &mem_anon, NULL);
	for (int k = 0; k < 16; k++)
		touch(p, A + k * PG, k % 3 != 0);
	assert_int_equal(region_protect_range(p, A + 4 * PG, 4 * PG, PROT_READ), OK);
	assert_int_equal(region_unmap_range(p, A + 10 * PG, PG), OK);
	/* A page set with indices far apart (several nodes). */
	struct region *big = map(p, 0x100000000ULL, 0x40000, RW, 0, &mem_anon, NULL);
	touch(p, 0x100000000ULL, true);
	touch(p, 0x100000000ULL + 0x3FFFFULL * PG, true);
	touch(p, 0x100000000ULL + 0x20000ULL * PG, false);
	assert_true(big->ps->height >= 2);
	/* Shared memory, mirrored in the same process and forked. */
	struct region *sh = map(p, B, 4, RW, RF_SHARED, &mem_anon, NULL);
	for (int k = 0; k < 4; k++)
		touch(p, B + k * PG, k & 1);
	struct map_args ma = { .source = sh, .source_off = 2 };
	map(p, B + 16 * PG, 2, RW, 0, &mem_shared, &ma);
	touch(p, B + 17 * PG, true);
	/* Contiguous and device memory. */
	map(p, B + 32 * PG, 4, RW, 0, &mem_contig, NULL);
	touch(p, B + 33 * PG, true);
	struct map_args dpa = { .phys = 0xFEE00000ULL };
	map(p, B + 64 * PG, 2, RW, 0, &mem_directphys, &dpa);
	touch(p, B + 64 * PG, true);

	assert_true(physmem.nr_free < f0);
	/* Fork everything into c, then write in c to copy some pages. */
	for (struct region *r = region_first(p); r; r = region_next(r))
		fork_region(c, r);
	assert_int_equal(count_regions(c), count_regions(p));
	touch(c, A + PG, true);
	touch(c, A + 3 * PG, true);
	touch(c, 0x100000000ULL, true);
	(void)anon;

	proc_free(p);
	assert_true(physmem.nr_free < f0);                    /* c still holds pages */
	proc_free(c);
	assert_int_equal(physmem.nr_free, f0);
	assert_int_equal(page_refs(&physmem, zero_pfn), z0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
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
		T(test_split_shares_set_and_keeps_pages),
		T(test_split_contig_and_directphys_keep_physical_offsets),
		T(test_unmap_middle_of_region_keeps_both_sides),
		T(test_unmap_across_several_regions),
		T(test_unmap_over_hole_changes_nothing),
		T(test_unmap_shared_set_pages_stay_until_last_reference),
		T(test_unmap_part_of_contig_frees_exactly_those_frames),
		T(test_protect_splits_edges_and_sets_prot),
		T(test_protect_restored_merges_back_to_one),
		T(test_region_merge_only_continuing_halves),
		T(test_merge_requires_continuing_set_offsets),
		T(test_protect_range_with_hole_is_enomem),
		T(test_protect_none_unmaps_and_keeps_pages),
		T(test_protect_keeps_directphys_uncached),
		T(test_protect_does_not_merge_separate_directphys_maps),
		T(test_first_read_maps_zero_page_read_only),
		T(test_first_write_allocates_zeroed_page),
		T(test_write_after_read_replaces_zero_page),
		T(test_read_only_region_maps_read_only),
		T(test_shared_region_read_allocates_real_page),
		T(test_populate_maps_every_page_or_releases_all),
		T(test_contig_create_fails_cleanly_without_room),
		T(test_fork_private_shares_pages_read_only),
		T(test_fork_write_in_child_copies_and_parent_keeps_page),
		T(test_fork_write_in_parent_copies_and_child_keeps_page),
		T(test_fork_last_sharer_writes_without_copy),
		T(test_fork_zero_page_write_gets_zeroed_copy),
		T(test_fork_of_split_half_copies_only_its_pages),
		T(test_fork_shared_region_shares_set),
		T(test_fork_contig_gives_child_private_copy),
		T(test_shared_mirror_offset_and_refusals),
		T(test_destroying_all_regions_returns_every_page),
	};
#undef T
	return cmocka_run_group_tests_name("vm_regions", tests, group_setup, group_teardown);
}
