/*
 * Host tests of the page daemon's parts (servers/vm/pageout.c): the
 * reverse map from a cache page to the mappings that show it, and the
 * clock over the page cache (accessed bits, second chance, pages it must
 * never take: wired, held by a cache window, busy being written back).
 * The fixture (vm_file_fixture.h) plays the file server.
 */
#include "vm_file_fixture.h"

/* The window lets go of every frame it holds (each slot gets a block no
 * one has cached: a fresh page of its own), as the server's buffers move
 * on to other blocks. */
static void window_moves_on(void)
{
	for (int s = 0; s < WIN_PAGES; s++)
		assert_int_equal(cache_msg(VM_CACHE_GET, slot_addr(s), 1000 + s, 0, 0, NULL), OK);
}

/* File page index, cached (or NULL). */
static struct pcache_page *cached(uint64_t index)
{
	return pcache_peek_file(&pcache, FS_EP, INO, index);
}

static void set_accessed(uint64_t va, uint64_t *pte, void *arg)
{
	(void)va, (void)arg;
	*pte |= PTE_A;
}

/* The CPU used the page at va of vmp. */
static void access_page(struct vmproc *vmp, uint64_t va)
{
	pt_walk(vmp->pml4, va, va + PG, set_accessed, NULL);
}

struct seen {
	int n;
	struct region *r[4];
	uint64_t idx[4];
};

static bool note(struct region *r, uint64_t idx, void *arg)
{
	struct seen *s = arg;
	if (s->n < 4) {
		s->r[s->n] = r;
		s->idx[s->n] = idx;
	}
	s->n++;
	return true;
}

static void test_rmap_finds_every_mapping_of_a_page(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP), *q = h_proc_new(Q_EP);
	struct region *rp = map_file(p, A, 4, PROT_READ, true, 0);
	struct region *rq = map_file(q, B, 3, RW, false, 1);     /* file pages 1..3 */
	kfault(P_EP, A + 3 * PG + 4, false);
	fs_serve();
	kfault(Q_EP, B + 2 * PG, false);                          /* file page 3 too */
	assert_int_equal(host_vmctl_last().op, VMCTL_RESUME);
	struct pcache_page *pg = cached(3);
	assert_non_null(pg);
	struct seen s = { 0 };
	assert_int_equal(rmap_walk(pg, note, &s), 2);
	assert_int_equal(s.n, 2);
	bool p_first = s.r[0] == rp;
	assert_ptr_equal(s.r[p_first ? 0 : 1], rp);
	assert_int_equal(s.idx[p_first ? 0 : 1], 3);
	assert_ptr_equal(s.r[p_first ? 1 : 0], rq);
	assert_int_equal(s.idx[p_first ? 1 : 0], 2);
	/* A private copy is no longer the cache's page. */
	kfault(Q_EP, B + 2 * PG, true);
	assert_int_equal(host_vmctl_last().op, VMCTL_RESUME);
	assert_int_equal(rmap_walk(pg, NULL, NULL), 1);
	/* Metadata (no file identity) is mapped by no one. */
	assert_int_equal(cache_msg(VM_CACHE_SET, slot_addr(7), 55, 0, 0, NULL), OK);
	assert_int_equal(rmap_walk(pcache_peek_block(&pcache, FS_EP, 55), NULL, NULL), 0);
}

static void test_clock_unmaps_an_unused_page_and_it_faults_back(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 4, PROT_READ, true, 0);
	kfault(P_EP, A, false);
	fs_serve();
	struct pcache_page *pg = cached(0);
	assert_false(pageout_try(pg));                 /* the window holds it */
	assert_int_equal(h_pfn_at(p, A), pg->pfn);
	window_moves_on();
	uint64_t free_before = physmem.nr_free, unmapped = pageout_stats.unmapped;
	assert_true(h_pte_at(p, A) & PTE_A);           /* mapped pages start as used */
	assert_false(pageout_try(pg));                 /* ... so the first pass keeps it */
	assert_false(h_pte_at(p, A) & PTE_A);
	assert_true(pageout_try(pg));
	assert_int_equal(h_pte_at(p, A), 0);
	assert_null(cached(0));
	assert_int_equal(physmem.nr_free, free_before + 1);
	assert_int_equal(pageout_stats.unmapped, unmapped + 1);
	/* The next access brings the page back from the disk. */
	kfault(P_EP, A, false);
	assert_int_equal(host_vmctl_last().calls, 0);   /* parked for the server */
	fs_serve();
	assert_true(h_page_all(h_pfn_at(p, A), 0xaa));
}

static void test_clock_gives_a_used_page_a_second_chance(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP), *q = h_proc_new(Q_EP);
	map_file(p, A, 4, PROT_READ, true, 0);
	map_file(q, B, 4, PROT_READ, false, 0);
	kfault(P_EP, A + PG, false);
	fs_serve();
	kfault(Q_EP, B + PG, false);
	window_moves_on();
	struct pcache_page *pg = cached(1);
	assert_false(pageout_try(pg));                  /* just mapped: used */
	access_page(q, B + PG);                         /* one of two mappings used it again */
	assert_false(pageout_try(pg));
	assert_int_equal(h_pfn_at(p, A + PG), pg->pfn);
	assert_false(h_pte_at(q, B + PG) & PTE_A);      /* the hand cleared it */
	assert_true(pageout_try(pg));                   /* unused since: taken */
	assert_int_equal(h_pte_at(p, A + PG), 0);
	assert_int_equal(h_pte_at(q, B + PG), 0);
}

static void test_clock_never_takes_wired_pages(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP), *q = h_proc_new(Q_EP);
	map_file(p, A, 4, PROT_READ, true, 0);
	map_file(q, B, 4, PROT_READ, true, 0);
	message m = { 0 };
	m.m_vm_lock.op = Q_MLOCK;
	m.m_vm_lock.addr = A;
	m.m_vm_lock.len = 4 * PG;
	assert_int_equal(call(P_EP, VM_MLOCK, &m), VM_SUSPEND);   /* waits for the pages */
	fs_serve();
	assert_int_equal(last_reply.m_type, OK);
	for (int i = 0; i < 4; i++)
		if (i != 2)                                            /* page 2 is a hole */
			assert_int_not_equal(h_pte_at(p, A + i * PG), 0);
	kfault(Q_EP, B, false);                                       /* an unwired mapping too */
	window_moves_on();
	assert_int_equal(pageout_scan(100), 0);
	assert_int_equal(h_pfn_at(q, B), cached(0)->pfn);
	for (int i = 0; i < 4; i++)
		if (i != 2)
			assert_int_not_equal(h_pte_at(p, A + i * PG), 0);
	/* munlock: the clock may take them now. */
	m = (message){ 0 };
	m.m_vm_lock.op = Q_MUNLOCK;
	m.m_vm_lock.addr = A;
	m.m_vm_lock.len = 4 * PG;
	assert_int_equal(call(P_EP, VM_MLOCK, &m), OK);
	assert_int_equal(pageout_scan(100), 3);
	assert_int_equal(h_pte_at(p, A), 0);
	assert_int_equal(h_pte_at(q, B), 0);
}

/* A dirty page goes back to the file before its frame is reused: it is
 * busy while its write-back is in flight, and no reclaim takes it. */
static void test_a_page_being_written_back_is_never_freed(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 4, RW, true, 0);
	kfault(P_EP, A, true);
	fs_serve();
	window_moves_on();
	assert_int_equal(pageout_scan(100), 0);         /* dirty: not a candidate */
	region_unmap_range(p, A, 4 * PG);               /* queues its write-back */
	struct pcache_page *pg = cached(0);
	assert_non_null(pg);
	assert_true(pg->flags & PCP_BUSY);
	assert_false(pg->flags & PCP_DIRTY);
	assert_int_equal(cache_reclaim(100), 0);        /* the old path: not this one */
	assert_int_equal(pageout_scan(100), 0);
	assert_non_null(cached(0));
	fs_serve();                                     /* on the disk now */
	assert_int_equal(writebacks, 1);
	assert_false(cached(0)->flags & PCP_BUSY);
	assert_int_equal(pageout_scan(100), 1);
	assert_null(cached(0));
}

/* A file cut while a page of it is being written back: the page is
 * forgotten, and its frame still comes back (teardown counts every page). */
static void test_a_page_cut_during_its_write_back_is_freed(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 4, RW, true, 0);
	kfault(P_EP, A + PG, true);
	fs_serve();
	window_moves_on();
	region_unmap_range(p, A, 4 * PG);               /* write-back queued: busy */
	assert_true(cached(1)->flags & PCP_BUSY);
	uint64_t free_before = physmem.nr_free;
	message m = { 0 };
	m.m_vm_cache.op = VMC_FORGET_FILE;
	m.m_vm_cache.ino = INO;
	m.m_vm_cache.index = 0;
	assert_int_equal(call(FS_EP, VM_CACHE_FORGET, &m), OK);
	assert_null(cached(1));
	assert_int_equal(physmem.nr_free, free_before + 1);     /* its frame is free */
	fs_serve();                                     /* the server answers the item */
}

/* The daemon writes dirty pages back first; the next run takes them. */
static void test_daemon_cleans_dirty_pages_for_the_next_run(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 4, RW, true, 0);
	kfault(P_EP, A + PG, true);
	fs_serve();
	window_moves_on();
	assert_int_equal(cache_clean(NONE, 10), 1);
	assert_false(h_pte_at(p, A + PG) & PTE_W);      /* the next store dirties it anew */
	assert_int_equal(pageout_scan(10), 0);          /* in flight */
	fs_serve();
	assert_int_equal(writebacks, 1);
	assert_int_equal(pageout_scan(10), 1);
	assert_int_equal(h_pte_at(p, A + PG), 0);
}

static void test_scan_frees_no_more_than_asked(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 6, PROT_READ, true, 0);
	for (int i = 0; i < 6; i++) {
		kfault(P_EP, A + i * PG, false);
		fs_serve();
	}
	window_moves_on();
	assert_int_equal(pageout_scan(2), 2);
	assert_int_equal(pageout_scan(100), 3);         /* 5 pages: page 2 is a hole */
	assert_int_equal(pageout_scan(100), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_rmap_finds_every_mapping_of_a_page),
		T(test_clock_unmaps_an_unused_page_and_it_faults_back),
		T(test_clock_gives_a_used_page_a_second_chance),
		T(test_clock_never_takes_wired_pages),
		T(test_a_page_being_written_back_is_never_freed),
		T(test_a_page_cut_during_its_write_back_is_freed),
		T(test_daemon_cleans_dirty_pages_for_the_next_run),
		T(test_scan_frees_no_more_than_asked),
	};
	return cmocka_run_group_tests(tests, group_setup, h_group_teardown);
}
