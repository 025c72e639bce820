/*
 * Host tests for file-backed memory in VM: the page cache calls
 * (cache.c), cache windows (mem_cache.c), file mappings (mem_file.c),
 * files (vfile.c), parked faults and the work queue (fwait.c), and msync,
 * mincore, madvise (advice.c). The test plays the file server
 * (vm_file_fixture.h).
 */
#include "vm_file_fixture.h"

/* ---- tests ---------------------------------------------------------------- */

static void test_a_file_fault_waits_for_the_server_and_maps_its_page(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 4, PROT_READ, true, 0);
	kfault(P_EP, A + 5, false);
	assert_int_equal(host_vmctl_last().calls, 0);     /* parked: no answer */
	assert_int_equal(notifies_to_fs, 1);
	assert_int_equal(h_pte_at(p, A), 0);
	fs_serve();
	assert_int_equal(host_vmctl_last().op, VMCTL_RESUME);
	assert_int_equal(host_vmctl_last().ep, P_EP);
	pfn_t pfn = h_pfn_at(p, A);
	assert_true(h_page_all(pfn, 0xaa));
	assert_int_equal(pfn, h_pfn_at(fs, slot_addr(0)));  /* the server's very page */
	assert_false(h_pte_at(p, A) & PTE_W);
}

static void test_two_faults_on_one_page_share_one_item(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP), *q = h_proc_new(Q_EP);
	map_file(p, A, 4, PROT_READ, false, 0);
	map_file(q, B, 4, PROT_READ, false, 0);
	kfault(P_EP, A + PG, false);
	kfault(Q_EP, B + PG, false);
	message m = { 0 };
	assert_int_equal(call(FS_EP, VM_CACHE_WORK, &m), OK);
	assert_int_equal(m.m_vm_work.val, VMW_PAGEIN);
	assert_int_equal(m.m_vm_work.index, 1);
	int id = m.m_vm_work.id;
	assert_int_equal(fs_bring(1), OK);
	m.m_vm_work.id = id;
	m.m_vm_work.val = OK;
	assert_int_equal(call(FS_EP, VM_CACHE_WORK, &m), OK);
	assert_int_equal(m.m_vm_work.id, 0);              /* one item served both */
	assert_int_equal(h_pfn_at(p, A + PG), h_pfn_at(q, B + PG));
	assert_true(h_page_all(h_pfn_at(q, B + PG), 0xab));
}

static void test_fault_around_maps_cached_neighbours(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 6, PROT_READ, true, 0);
	for (uint64_t i = 0; i < 6; i++)
		if (i != 2)
			assert_int_equal(fs_bring(i), OK);
	kfault(P_EP, A, false);
	assert_int_equal(host_vmctl_last().op, VMCTL_RESUME);   /* cached: no wait */
	assert_int_equal(notifies_to_fs, 0);
	for (uint64_t i = 0; i < 6; i++)
		if (i != 2)
			assert_true(h_page_all(h_pfn_at(p, A + i * PG), (uint8_t)(0xaa + i)));
	assert_int_equal(h_pte_at(p, A + 2 * PG), 0);      /* the hole is not cached */
}

static void test_shared_store_dirties_and_msync_writes_back(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 4, RW, true, 0);
	kfault(P_EP, A, false);
	fs_serve();
	assert_false(h_pte_at(p, A) & PTE_W);
	kfault(P_EP, A, true);
	assert_int_equal(host_vmctl_last().op, VMCTL_RESUME);
	assert_true(h_pte_at(p, A) & PTE_W);
	message m = { 0 };
	m.m_vm_range.addr = A;
	m.m_vm_range.len = 4 * PG;
	m.m_vm_range.prot = Q_MS_SYNC;
	assert_int_equal(call(P_EP, VM_MSYNC, &m), VM_SUSPEND);
	assert_false(h_pte_at(p, A) & PTE_W);              /* clean again: next store faults */
	fs_serve();
	assert_int_equal(writebacks, 1);
	assert_int_equal(last_reply.m_type, OK);
	/* Nothing dirty: MS_SYNC answers at once. */
	m = (message){ 0 };
	m.m_vm_range.addr = A;
	m.m_vm_range.len = 4 * PG;
	m.m_vm_range.prot = Q_MS_SYNC;
	assert_int_equal(call(P_EP, VM_MSYNC, &m), OK);
	m.m_vm_range.prot = Q_MS_SYNC | Q_MS_ASYNC;
	assert_int_equal(call(P_EP, VM_MSYNC, &m), -EINVAL);
	m.m_vm_range.prot = Q_MS_SYNC;
	m.m_vm_range.addr = A + 1;
	assert_int_equal(call(P_EP, VM_MSYNC, &m), -EINVAL);
	m.m_vm_range.addr = A + 8 * PG;
	assert_int_equal(call(P_EP, VM_MSYNC, &m), -ENOMEM);
}

/* sync(): the server asks VM to queue every page dirtied through a
 * mapping that nobody has msync'd or unmapped. */
static void test_sync_writes_back_pages_still_mapped(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 4, RW, true, 0);
	kfault(P_EP, A + PG, true);
	fs_serve();
	assert_true(h_pte_at(p, A + PG) & PTE_W);
	fs_serve();
	assert_int_equal(writebacks, 0);                  /* nothing asked yet */
	message m = { 0 };
	m.m_vm_work.count = VMW_SYNC;
	assert_int_equal(call(FS_EP, VM_CACHE_WORK, &m), OK);
	assert_int_equal(m.m_vm_work.val, VMW_WRITEBACK);
	assert_int_equal(m.m_vm_work.index, 1);
	assert_false(h_pte_at(p, A + PG) & PTE_W);        /* the next store dirties it again */
	int id = m.m_vm_work.id;
	m = (message){ 0 };
	m.m_vm_work.id = id;
	assert_int_equal(call(FS_EP, VM_CACHE_WORK, &m), OK);
	assert_int_equal(m.m_vm_work.id, 0);
	assert_false(pcache_peek_file(&pcache, FS_EP, INO, 1)->flags & PCP_DIRTY);
}

static void test_a_hole_reads_zero_and_a_shared_store_fills_it(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 4, RW, true, 0);
	kfault(P_EP, A + 2 * PG, false);
	fs_serve();
	assert_int_equal(host_vmctl_last().op, VMCTL_RESUME);
	assert_int_equal(h_pfn_at(p, A + 2 * PG), zero_pfn);
	kfault(P_EP, A + 2 * PG, true);
	assert_int_equal(host_vmctl_last().calls, 0);      /* waits for the fill */
	fs_serve();
	assert_int_equal(host_vmctl_last().op, VMCTL_RESUME);
	pfn_t pfn = h_pfn_at(p, A + 2 * PG);
	assert_int_not_equal(pfn, zero_pfn);
	assert_true(h_page_all(pfn, 0xf1));
	assert_true(h_pte_at(p, A + 2 * PG) & PTE_W);
}

static void test_a_page_past_the_end_is_sigbus(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 8, PROT_READ, false, 0);
	kfault(P_EP, A + 7 * PG, false);
	fs_serve();
	assert_int_equal(host_vmctl_last().op, VMCTL_SIGNAL);
	assert_int_equal(host_vmctl_last().arg1, QSIGBUS);
	assert_int_equal(h_pte_at(p, A + 7 * PG), 0);
}

static void test_private_store_copies_and_leaves_the_cache_alone(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 4, RW, false, 0);
	kfault(P_EP, A, true);
	fs_serve();
	assert_int_equal(host_vmctl_last().op, VMCTL_RESUME);
	pfn_t mine = h_pfn_at(p, A);
	struct pcache_page *cp = pcache_peek_file(&pcache, FS_EP, INO, 0);
	assert_non_null(cp);
	assert_int_not_equal(mine, cp->pfn);
	assert_true(h_pte_at(p, A) & PTE_W);
	h_fill(mine, 0x55);
	assert_true(h_page_all(cp->pfn, 0xaa));
	assert_false(cp->flags & PCP_DIRTY);
}

static void test_truncate_takes_pages_out_of_every_mapping(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 4, PROT_READ, true, 0);
	kfault(P_EP, A + PG, false);
	fs_serve();
	assert_true(h_pte_at(p, A + PG) & PTE_P);
	message m = { 0 };
	m.m_vm_cache.op = VMC_FORGET_FILE;
	m.m_vm_cache.ino = INO;
	m.m_vm_cache.index = 1;
	assert_int_equal(call(FS_EP, VM_CACHE_FORGET, &m), OK);
	assert_int_equal(h_pte_at(p, A + PG), 0);
	assert_null(pcache_peek_file(&pcache, FS_EP, INO, 1));
	file_pages = 1;
	kfault(P_EP, A + PG, false);
	fs_serve();
	assert_int_equal(host_vmctl_last().arg1, QSIGBUS);
}

static void test_mincore_and_madvise(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 4, PROT_READ, true, 0);
	assert_int_equal(fs_bring(3), OK);
	message m = { 0 };
	m.m_vm_range.addr = A;
	m.m_vm_range.len = 4 * PG;
	assert_int_equal(call(P_EP, VM_MINCORE, &m), OK);
	assert_int_equal(m.m_vm_range.len, 0x8);           /* page 3 is in the cache */
	m = (message){ 0 };
	m.m_vm_range.addr = A;
	m.m_vm_range.len = 2 * PG;
	m.m_vm_range.prot = Q_MADV_WILLNEED;
	assert_int_equal(call(P_EP, VM_MADVISE, &m), OK);
	fs_serve();
	m = (message){ 0 };
	m.m_vm_range.addr = A;
	m.m_vm_range.len = 4 * PG;
	assert_int_equal(call(P_EP, VM_MINCORE, &m), OK);
	assert_int_equal(m.m_vm_range.len, 0x9);           /* page 0 came in */
	m.m_vm_range.addr = A + 3 * PG;
	m.m_vm_range.len = 2 * PG;
	assert_int_equal(call(P_EP, VM_MINCORE, &m), -ENOMEM);
	m.m_vm_range.addr = A;
	m.m_vm_range.prot = 99;
	assert_int_equal(call(P_EP, VM_MADVISE, &m), -EINVAL);
}

/* Fork: the child's mapping shows the same file pages, at the same file
 * offset, the present ones and those it faults in later. */
static void test_a_forked_mapping_shows_the_same_file_pages(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP), *c = h_proc_new(Q_EP);
	struct region *r = map_file(p, A, 3, PROT_READ, false, 2);
	for (uint64_t i = 2; i < 5; i++)
		if (i != 2)
			assert_int_equal(fs_bring(i), OK);
	kfault(P_EP, A + PG, false);                      /* file page 3, around: 4 */
	assert_int_equal(host_vmctl_last().op, VMCTL_RESUME);
	struct region *nr = h_fork_region(c, r);
	assert_int_equal(nr->foff, 2);
	assert_int_equal(h_pfn_at(c, A + PG), h_pfn_at(p, A + PG));
	kfault(Q_EP, A + 2 * PG, false);
	assert_true(h_page_all(h_pfn_at(c, A + 2 * PG), 0xae));
	assert_int_equal(file->refs, 2);
}

static void test_the_last_unmap_gives_the_vnode_back(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 2, PROT_READ, false, 0);
	map_file(p, B, 2, PROT_READ, true, 0);
	message m = { 0 };
	assert_int_equal(call(VFS_PROC_NR, VM_FILE_PUT, &m), -ENOENT);
	assert_int_equal(region_unmap_range(p, A, 2 * PG), OK);
	assert_int_equal(call(VFS_PROC_NR, VM_FILE_PUT, &m), -ENOENT);
	assert_int_equal(region_unmap_range(p, B, 2 * PG), OK);
	assert_int_equal(notifies_to_vfs, 1);
	assert_null(vfile_find(FS_EP, INO));
	assert_int_equal(call(VFS_PROC_NR, VM_FILE_PUT, &m), OK);
	assert_int_equal(m.m_vm_work.ino, 3);
	assert_int_equal(call(P_EP, VM_FILE_PUT, &m), -EPERM);
}

/* A get that misses leaves a fresh zeroed frame mapped in the window (the
 * read into it takes no fault); a set of a block just allocated does the
 * same and names it in one message. */
static void test_window_gets_fresh_frames(void **state)
{
	(void)state;
	int found;
	assert_int_equal(cache_msg(VM_CACHE_GET, slot_addr(0), 90, 0, 0, &found), OK);
	assert_int_equal(found, 0);
	assert_true(h_pte_at(fs, slot_addr(0)) & PTE_W);
	assert_true(h_page_all(h_pfn_at(fs, slot_addr(0)), 0));
	h_fill(h_pfn_at(fs, slot_addr(0)), 0x33);
	assert_int_equal(cache_msg(VM_CACHE_SET, slot_addr(0), 90, 0, 0, NULL), OK);
	message m = { 0 };
	m.m_vm_cache.addr = slot_addr(0);
	m.m_vm_cache.block = 91;
	m.m_vm_cache.ino = INO;
	m.m_vm_cache.index = 5;
	m.m_vm_cache.op = VMC_SET_FRESH;
	assert_int_equal(call(FS_EP, VM_CACHE_SET, &m), OK);
	pfn_t pfn = h_pfn_at(fs, slot_addr(0));
	assert_true(h_page_all(pfn, 0));
	assert_int_equal(pcache_peek_file(&pcache, FS_EP, INO, 5)->pfn, pfn);
	assert_true(h_page_all(pcache_peek_block(&pcache, FS_EP, 90)->pfn, 0x33));  /* kept */
	assert_int_equal(call(FS_EP, VM_CACHE_SET, &m), -EEXIST);
	m.m_vm_cache.op = 77;
	m.m_vm_cache.block = 92;
	assert_int_equal(call(FS_EP, VM_CACHE_SET, &m), -EINVAL);
}

/* Runs: PREP gives consecutive window pages fresh zeroed frames (what
 * they held stays cached); RUN names them all at once, or none when one
 * of the blocks is cached already. */
static void test_window_runs_prep_then_name(void **state)
{
	(void)state;
	int found;
	assert_int_equal(cache_msg(VM_CACHE_GET, slot_addr(1), 80, 0, 0, &found), OK);
	h_fill(h_pfn_at(fs, slot_addr(1)), 0x44);
	assert_int_equal(cache_msg(VM_CACHE_SET, slot_addr(1), 80, 0, 0, NULL), OK);
	message m = { 0 };
	m.m_vm_cache.addr = slot_addr(0);
	m.m_vm_cache.count = 3;
	m.m_vm_cache.op = VMC_SET_PREP;
	assert_int_equal(call(FS_EP, VM_CACHE_SET, &m), OK);
	for (int i = 0; i < 3; i++) {
		assert_true(h_pte_at(fs, slot_addr(i)) & PTE_W);
		assert_true(h_page_all(h_pfn_at(fs, slot_addr(i)), 0));
	}
	assert_true(h_page_all(pcache_peek_block(&pcache, FS_EP, 80)->pfn, 0x44));   /* kept */
	h_fill(h_pfn_at(fs, slot_addr(0)), 0x51);
	h_fill(h_pfn_at(fs, slot_addr(1)), 0x52);
	m = (message){ 0 };
	m.m_vm_cache.addr = slot_addr(0);
	m.m_vm_cache.block = 79;                        /* 79, 80: 80 is cached */
	m.m_vm_cache.ino = INO;
	m.m_vm_cache.index = 7;
	m.m_vm_cache.count = 2;
	m.m_vm_cache.op = VMC_SET_RUN;
	assert_int_equal(call(FS_EP, VM_CACHE_SET, &m), -EEXIST);
	assert_null(pcache_peek_block(&pcache, FS_EP, 79));            /* none named */
	m.m_vm_cache.block = 100;
	assert_int_equal(call(FS_EP, VM_CACHE_SET, &m), OK);
	assert_int_equal(pcache_peek_file(&pcache, FS_EP, INO, 7)->pfn, h_pfn_at(fs, slot_addr(0)));
	assert_int_equal(pcache_peek_file(&pcache, FS_EP, INO, 8)->pfn, h_pfn_at(fs, slot_addr(1)));
	assert_true(h_page_all(pcache_peek_block(&pcache, FS_EP, 101)->pfn, 0x52));
	/* Bad counts: none, too many, past the window's end. */
	m.m_vm_cache.block = 200;
	m.m_vm_cache.count = 0;
	assert_int_equal(call(FS_EP, VM_CACHE_SET, &m), -EINVAL);
	m.m_vm_cache.count = VMC_RUN_MAX + 1;
	assert_int_equal(call(FS_EP, VM_CACHE_SET, &m), -EINVAL);
	m.m_vm_cache.op = VMC_SET_PREP;
	m.m_vm_cache.count = 1000000;
	assert_int_equal(call(FS_EP, VM_CACHE_SET, &m), -EINVAL);
}

static void test_only_window_pages_take_cache_requests(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(P_EP);
	h_map(p, A, 1, RW, 0, &mem_anon, NULL);
	message m = { 0 };
	m.m_vm_cache.addr = A;
	m.m_vm_cache.block = 1;
	assert_int_equal(call(P_EP, VM_CACHE_GET, &m), -EINVAL);
	assert_int_equal(call(P_EP, VM_CACHE_SET, &m), -EINVAL);
	m.m_vm_cache.addr = WIN + 1;
	assert_int_equal(call(FS_EP, VM_CACHE_SET, &m), -EINVAL);
	m.m_vm_cache.op = 9;
	assert_int_equal(call(FS_EP, VM_CACHE_FORGET, &m), -EINVAL);
	m = (message){ 0 };
	m.m_vm_work.id = 12345;                          /* never handed out */
	assert_int_equal(call(FS_EP, VM_CACHE_WORK, &m), -EINVAL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_a_file_fault_waits_for_the_server_and_maps_its_page),
		T(test_two_faults_on_one_page_share_one_item),
		T(test_fault_around_maps_cached_neighbours),
		T(test_shared_store_dirties_and_msync_writes_back),
		T(test_sync_writes_back_pages_still_mapped),
		T(test_a_hole_reads_zero_and_a_shared_store_fills_it),
		T(test_a_page_past_the_end_is_sigbus),
		T(test_private_store_copies_and_leaves_the_cache_alone),
		T(test_truncate_takes_pages_out_of_every_mapping),
		T(test_mincore_and_madvise),
		T(test_a_forked_mapping_shows_the_same_file_pages),
		T(test_the_last_unmap_gives_the_vnode_back),
		T(test_window_gets_fresh_frames),
		T(test_window_runs_prep_then_name),
		T(test_only_window_pages_take_cache_requests),
	};
	return cmocka_run_group_tests(tests, group_setup, h_group_teardown);
}
