/*
 * The VM server: owns physical memory and every user page table, and
 * resolves every user page fault.
 *
 * Its message table:
 *   from the kernel (m_source == KERNEL): VM_KPAGEFAULT, VM_KRANGE (kernel_calls[], fault_msg.c)
 *   from processes:                       the calls below
 * Replies go out with sendnb: VM never blocks on anyone, so a process that
 * waits for VM can never hold VM up. A message whose handler must wait for
 * a file server (VM_SUSPEND) is parked instead (fwait.c) and comes back
 * through vm_dispatch() when the server has done its part.
 */
#include "vm.h"
#include "pool.h"

struct physmem physmem;
pfn_t zero_pfn;
bool nx_supported;
static struct vm_memmap memmap;

typedef int (*vm_call)(message *m);
typedef void (*vm_kcall)(message *m);

static const vm_call calls[VM_NR_CALLS] = {
	[VM_MMAP - VM_RQ_BASE]       = do_mmap,
	[VM_MUNMAP - VM_RQ_BASE]     = do_munmap,
	[VM_MPROTECT - VM_RQ_BASE]   = do_mprotect,
	[VM_BRK - VM_RQ_BASE]        = do_brk,
	[VM_MAP_PHYS - VM_RQ_BASE]   = do_map_phys,
	[VM_UNMAP_PHYS - VM_RQ_BASE] = do_unmap_phys,
	[VM_REMAP - VM_RQ_BASE]      = do_remap,
	[VM_INFO - VM_RQ_BASE]       = do_info,
	[VM_FORK - VM_RQ_BASE]       = do_fork,
	[VM_EXIT - VM_RQ_BASE]       = do_exit,
	[VM_CLEAR - VM_RQ_BASE]      = do_clear,
	[VM_PREFAULT - VM_RQ_BASE]   = do_prefault,
	[VM_MMAP_FILE - VM_RQ_BASE]  = do_mmap_file,
	[VM_FILE_PUT - VM_RQ_BASE]   = do_file_put,
	[VM_CACHE_GET - VM_RQ_BASE]  = do_cache_get,
	[VM_CACHE_SET - VM_RQ_BASE]  = do_cache_set,
	[VM_CACHE_FORGET - VM_RQ_BASE] = do_cache_forget,
	[VM_CACHE_WORK - VM_RQ_BASE] = do_cache_work,
	[VM_CACHE_STAT - VM_RQ_BASE] = do_cache_stat,
	[VM_MSYNC - VM_RQ_BASE]      = do_msync,
	[VM_MINCORE - VM_RQ_BASE]    = do_mincore,
	[VM_MADVISE - VM_RQ_BASE]    = do_madvise,
	[VM_RLIMIT - VM_RQ_BASE]     = do_rlimit,        /* limits.c */
	[VM_MLOCK - VM_RQ_BASE]      = do_mlock,         /* wire.c */
	[VM_RUSAGE - VM_RQ_BASE]     = do_rusage,        /* info.c */
	[VM_MEMSTAT - VM_RQ_BASE]    = do_memstat,       /* memwait.c */
};

/* Kernel messages (m_source == KERNEL): fault_msg.c. */
static const vm_kcall kernel_calls[VM_NR_KCALLS] = {
	[VM_KPAGEFAULT - VM_KRQ_BASE] = do_kpagefault,
	[VM_KRANGE - VM_KRQ_BASE]     = do_krange,
};

void *phys_ptr(uint64_t pa)
{
	if (pa >= memmap.window_len)
		panic("physical address %lx outside the window", pa);
	return (void *)(uintptr_t)(VM_PHYS_BASE + pa);
}

message *vm_current;

/* Is the message being handled for a boot process (a server, a driver,
 * init)? Those may dip into the reserve for user pages (down to a quarter
 * of it, which stays VM's): the file server must be able to read and
 * write pages for the page daemon to free any (memwait.c). */
static bool vm_for_boot;

/* User pages come from the free pool, or else from the page cache's idle
 * pages (clean and mapped by no one): the cache grows into free memory and
 * gives it back before any allocation fails. Mapped cache pages are the
 * page daemon's (pageout.c), which runs between messages: a memory
 * type's fault op may hold any of them while it allocates. */
pfn_t vm_page_alloc(enum alloc_kind kind, bool zero)
{
	pfn_t f = page_alloc(&physmem, kind);
	if (!f && kind == ALLOC_USER && cache_reclaim(32) > 0)
		f = page_alloc(&physmem, kind);
	if (!f && kind == ALLOC_USER && vm_for_boot && physmem.nr_free > physmem.reserve / 4)
		f = page_alloc(&physmem, ALLOC_VM);
	if (f && zero)
		memset(phys_ptr(f << VM_PAGE_SHIFT), 0, VM_PAGE);
	return f;
}

void *ps_node_alloc(void)
{
	pfn_t f = vm_page_alloc(ALLOC_VM, true);
	return f ? phys_ptr(f << VM_PAGE_SHIFT) : NULL;
}

void ps_node_free(void *node)
{
	page_unref(&physmem, ((uint64_t)(uintptr_t)node - VM_PHYS_BASE) >> VM_PAGE_SHIFT);
}

/* Take over free memory: the page descriptors go at the start of the
 * first free range big enough for them. */
static void take_memory(void)
{
	int r = sys_vmctl(VMCTL_GETMEM, NONE, (uint64_t)(uintptr_t)&memmap, 0);
	if (r != OK)
		panic("cannot get memory from the kernel: %d", r);
	kernel_pml4_phys = memmap.kernel_pml4;
	pfn_t frames = page_up(memmap.phys_top) >> VM_PAGE_SHIFT;
	uint64_t bytes = page_up(frames * sizeof(struct page));
	uint64_t at = 0;
	for (uint32_t i = 0; i < memmap.nr_free && !at; i++)
		if (memmap.free[i].end - memmap.free[i].base >= bytes)
			at = memmap.free[i].base;
	if (!at)
		panic("no room for %lu page descriptors", frames);
	physmem_init(&physmem, phys_ptr(at), frames, VM_RESERVE_PAGES);
	for (uint32_t i = 0; i < memmap.nr_free; i++) {
		uint64_t base = memmap.free[i].base, end = memmap.free[i].end;
		if (base == at)
			base += bytes;
		if (end > base)
			physmem_add_free(&physmem, base >> VM_PAGE_SHIFT, (end - base) >> VM_PAGE_SHIFT);
	}
	zero_pfn = vm_page_alloc(ALLOC_VM, true);
	if (!zero_pfn)
		panic("no zero page");
	physmem.pages[zero_pfn].flags |= PG_PINNED;
}

static void detect_nx(void)
{
	uint32_t a = 0x80000001, b, c, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	nx_supported = (d >> 20) & 1;
}

int main(int argc, char **argv)
{
	detect_nx();
	take_memory();
	cache_init();
	adopt_boot_processes();
	printf("vm: %lu MiB of memory, %lu MiB free, %lu pages reserved for VM\n",
	       memmap.total_bytes >> 20, (unsigned long)((physmem.nr_free * VM_PAGE) >> 20),
	       (unsigned long)VM_RESERVE_PAGES);

	for (;;) {
		message m;
		if (ipc_receive(ANY, &m) != OK)
			continue;
		vm_dispatch(&m);
		pageout_kick();      /* the page daemon; faults waiting for memory */
	}
}

/* Is ep a boot process? */
static bool boot_proc(endpoint_t ep)
{
	struct vmproc *vmp = vmproc_get(ep);
	return vmp && vmp->boot;
}

void vm_dispatch(message *m)
{
	vm_current = m;
	if (m->m_source == KERNEL) {
		vm_for_boot = (m->m_type == VM_KPAGEFAULT && boot_proc(m->m_vm_kfault.ep)) ||
			      (m->m_type == VM_KRANGE && boot_proc(m->m_vm_krange.target));
		int k = m->m_type - VM_KRQ_BASE;
		if (k >= 0 && k < VM_NR_KCALLS && kernel_calls[k])
			kernel_calls[k](m);
		else
			printf("vm: unknown message %x from the kernel\n", m->m_type);
		return;
	}
	if (m->m_type == NOTIFY_MESSAGE)
		return;
	vm_for_boot = boot_proc(m->m_source);
	int call = m->m_type - VM_RQ_BASE;
	int r = (call >= 0 && call < VM_NR_CALLS && calls[call]) ? calls[call](m) : -ENOSYS;
	if (r == VM_SUSPEND)
		return;
	m->m_type = r;
	ipc_sendnb(m->m_source, m);
}
