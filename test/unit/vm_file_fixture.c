/* The file-server fixture of VM's host tests (vm_file_fixture.h). */
#include "vm_file_fixture.h"

/* ---- what VM sends ------------------------------------------------------- */

int notifies_to_fs, notifies_to_vfs;
message last_reply;
int replies;

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
	case VM_MLOCK:      r = do_mlock(m); break;
	default:            r = -ENOSYS; break;
	}
	if (r == VM_SUSPEND)
		return;
	m->m_type = r;
	ipc_sendnb(m->m_source, m);
}

/* Send a call as `from`; the answer (VM_SUSPEND if parked). */
int call(endpoint_t from, int type, message *m)
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
void kfault(endpoint_t ep, uint64_t addr, bool write)
{
	message m = { .m_source = KERNEL, .m_type = VM_KPAGEFAULT };
	m.m_vm_kfault.ep = ep;
	m.m_vm_kfault.addr = addr;
	m.m_vm_kfault.err = PF_USER | (write ? PF_WRITE : 0);
	host_vmctl_reset();
	vm_dispatch(&m);
}

/* ---- the file server ------------------------------------------------------ */

struct vmproc *fs;
uint8_t disk_byte[64];        /* block b holds bytes disk_byte[b]; 0: a hole */
uint64_t file_pages;          /* the file's size in pages */
int writebacks;
int next_slot;

uint64_t slot_addr(int slot)
{
	return WIN + (uint64_t)slot * PG;
}

int cache_msg(int type, uint64_t addr, uint64_t block, uint64_t ino, uint64_t index,
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
int fs_bring(uint64_t index)
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
void fs_serve(void)
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

struct vfile *file;

struct region *map_file(struct vmproc *vmp, uint64_t at, uint64_t pages, uint32_t prot,
			       bool shared, uint64_t foff)
{
	bool created;
	file = vfile_get(FS_EP, INO, 3, &created);
	assert_non_null(file);
	struct map_args a = { .flags = shared ? MAP_SHARED : MAP_PRIVATE, .file = file, .foff = foff };
	return h_map(vmp, at, pages, prot, shared ? RF_SHARED : 0, &mem_file, &a);
}

int setup(void **state)
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

int teardown(void **state)
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

/* The pools VM's bookkeeping comes from keep their pages: take them once
 * before the first test counts free pages. */
int group_setup(void **state)
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

