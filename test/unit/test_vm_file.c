/*
 * Host tests for file-backed memory in VM: the page cache calls
 * (cache.c), cache windows (mem_cache.c), file mappings (mem_file.c),
 * files (vfile.c), parked faults and the work queue (fwait.c), and msync,
 * mincore, madvise (advice.c).
 *
 * The test plays the file server: it owns a cache window and answers
 * VM_CACHE_WORK items the way servers/fs/vmwork.c does (get the block
 * into its window, fill it, set it), so the whole protocol of
 * include/quire/vm.h runs, message by message, against VM's real code.
 * VM's replies (ipc_sendnb), notifications (ipc_notify) and kernel calls
 * (sys_vmctl) are recorded.
 */
#include "test_vm_harness.h"

#define P_EP   100      /* the process that maps */
#define Q_EP   101      /* a second one */
#define FS_EP  200      /* the file server */
#define INO    7
#define WIN    0x0000000060000000ULL    /* the server's cache window */
#define WIN_PAGES 8

/* ---- what VM sends ------------------------------------------------------- */

static int notifies_to_fs, notifies_to_vfs;
static message last_reply;
static int replies;

int ipc_notify(endpoint_t dst)
{
	if (dst == FS_EP)
		notifies_to_fs++;
	else if (dst == VFS_PROC_NR)
		notifies_to_vfs++;
	return OK;
}

int ipc_sendnb(endpoint_t dst, message *m)
{
	(void)dst;
	last_reply = *m;
	replies++;
	return OK;
}

/* main.c's dispatch, for the messages these tests send. */
message *vm_current;
void vm_dispatch(message *m)
{
	vm_current = m;
	int r;
	switch (m->m_type) {
	case VM_KPAGEFAULT: do_kpagefault(m); return;
	case VM_KRANGE:     do_krange(m); return;
	case VM_CACHE_GET:  r = do_cache_get(m); break;
	case VM_CACHE_SET:  r = do_cache_set(m); break;
	case VM_CACHE_FORGET: r = do_cache_forget(m); break;
	case VM_CACHE_WORK: r = do_cache_work(m); break;
	case VM_MSYNC:      r = do_msync(m); break;
	case VM_MINCORE:    r = do_mincore(m); break;
	case VM_MADVISE:    r = do_madvise(m); break;
	case VM_FILE_PUT:   r = do_file_put(m); break;
	default:            r = -ENOSYS; break;
	}
	if (r == VM_SUSPEND)
		return;
	m->m_type = r;
	ipc_sendnb(m->m_source, m);
}

/* Send a call as `from`; the answer (VM_SUSPEND if parked). */
static int call(endpoint_t from, int type, message *m)
{
	m->m_source = from;
	m->m_type = type;
	int before = replies;
	vm_dispatch(m);
	if (replies == before)
		return VM_SUSPEND;
	*m = last_reply;
	return m->m_type;
}

/* A page fault of process ep, as the kernel reports it. */
static void kfault(endpoint_t ep, uint64_t addr, bool write)
{
	message m = { .m_source = KERNEL, .m_type = VM_KPAGEFAULT };
	m.m_vm_kfault.ep = ep;
	m.m_vm_kfault.addr = addr;
	m.m_vm_kfault.err = PF_USER | (write ? PF_WRITE : 0);
	host_vmctl_reset();
	vm_dispatch(&m);
}

/* ---- the file server ------------------------------------------------------ */

static struct vmproc *fs;
static uint8_t disk_byte[64];        /* block b holds bytes disk_byte[b]; 0: a hole */
static uint64_t file_pages;          /* the file's size in pages */
static int writebacks;
static int next_slot;

static uint64_t slot_addr(int slot)
{
	return WIN + (uint64_t)slot * PG;
}

static int cache_msg(int type, uint64_t addr, uint64_t block, uint64_t ino, uint64_t index,
		     int *found)
{
	message m = { 0 };
	m.m_vm_cache.addr = addr;
	m.m_vm_cache.block = block;
	m.m_vm_cache.ino = ino;
	m.m_vm_cache.index = index;
	int r = call(FS_EP, type, &m);
	if (found)
		*found = m.m_vm_cache.found;
	return r;
}

/* Bring file page `index` (block index + 10 on our disk) into the cache
 * as the server does: get into a window slot, else read and set. */
static int fs_bring(uint64_t index)
{
	uint64_t block = index + 10;
	int slot = next_slot++ % WIN_PAGES, found;
	assert_int_equal(cache_msg(VM_CACHE_GET, slot_addr(slot), block, INO, index, &found), OK);
	if (found)
		return OK;
	h_fill(h_touch(fs, slot_addr(slot), true).pfn, disk_byte[block]);
	return cache_msg(VM_CACHE_SET, slot_addr(slot), block, INO, index, NULL);
}

/* Drain the work queue the way servers/fs/vmwork.c does. */
static void fs_serve(void)
{
	message m = { 0 };
	int id = 0, result = 0;
	for (;;) {
		m.m_vm_work.id = id;
		m.m_vm_work.val = result;
		assert_int_equal(call(FS_EP, VM_CACHE_WORK, &m), OK);
		if (m.m_vm_work.id == 0)
			return;
		id = m.m_vm_work.id;
		uint64_t index = m.m_vm_work.index;
		assert_int_equal(m.m_vm_work.ino, INO);
		switch (m.m_vm_work.val) {
		case VMW_PAGEIN:
			if (index >= file_pages)
				result = VMW_EOF;
			else if (disk_byte[index + 10] == 0)
				result = VMW_HOLE;
			else
				result = fs_bring(index);
			break;
		case VMW_FILL:
			if (index >= file_pages) {
				result = VMW_EOF;
				break;
			}
			disk_byte[index + 10] = 0xf1;
			result = fs_bring(index);
			break;
		case VMW_WRITEBACK:
			writebacks++;
			result = OK;
			break;
		default:
			fail();
		}
	}
}

/* ---- fixture ------------------------------------------------------------- */

static struct vfile *file;

static struct region *map_file(struct vmproc *vmp, uint64_t at, uint64_t pages, uint32_t prot,
			       bool shared, uint64_t foff)
{
	bool created;
	file = vfile_get(FS_EP, INO, 3, &created);
	assert_non_null(file);
	struct map_args a = { .flags = shared ? MAP_SHARED : MAP_PRIVATE, .file = file, .foff = foff };
	return h_map(vmp, at, pages, prot, shared ? RF_SHARED : 0, &mem_file, &a);
}

static int setup(void **state)
{
	h_setup(state);
	memset(disk_byte, 0, sizeof(disk_byte));
	for (int b = 10; b < 20; b++)
		disk_byte[b] = (uint8_t)(0xa0 + b);
	disk_byte[12] = 0;                   /* page 2 is a hole */
	file_pages = 6;
	writebacks = 0;
	next_slot = 0;
	notifies_to_fs = notifies_to_vfs = 0;
	fs = h_proc_new(FS_EP);
	h_map(fs, WIN, WIN_PAGES, RW, RF_SHARED, &mem_cache, NULL);
	return 0;
}

static int teardown(void **state)
{
	/* Mappings go first (the cache keeps their pages), then the cache. */
	for (int ep = P_EP; ep <= Q_EP; ep++) {
		struct vmproc *vmp = vmproc_get(ep);
		if (vmp)
			vmproc_clear(vmp);
	}
	vmproc_clear(fs);
	fs_serve();                          /* write-backs queued by the unmaps */
	pcache_drop_all(&pcache);
	message m = { 0 };
	while (call(VFS_PROC_NR, VM_FILE_PUT, &m) == OK)
		;
	return h_teardown(state);
}

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

/* The pools VM's bookkeeping comes from keep their pages: take them once
 * before the first test counts free pages. */
static int group_setup(void **state)
{
	h_group_setup(state);
	cache_init();
	setup(state);
	struct vmproc *p = h_proc_new(P_EP);
	map_file(p, A, 4, RW, true, 0);
	kfault(P_EP, A, true);
	fs_serve();
	region_unmap_range(p, A, 4 * PG);
	fs_serve();
	pcache_drop_all(&pcache);
	vmproc_clear(fs);
	message m = { 0 };
	while (call(VFS_PROC_NR, VM_FILE_PUT, &m) == OK)
		;
	vmproc_free(p);
	vmproc_free(fs);
	return 0;
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
