/*
 * The kernel's physical pages: pmem ranges built from the boot memory map
 * minus everything in use at boot (the first MiB, the kernel image, the
 * boot information and the modules).
 *
 * Until the direct map exists, allocations come from below 1 GiB, which
 * the boot page tables map (arch_phys_ptr).
 */
#include <arch/arch.h>
#include <arch/layout.h>
#include "kernel.h"
#include "kmem.h"
#include "mb2.h"
#include "pmem.h"
#include <quire/vmctl.h>

extern char __boot_start[], __kernel_end[];

static struct pmem pm;
static uint64_t total_bytes;
static uint64_t phys_top;
static uint64_t alloc_limit = 0x40000000ULL;    /* raised by kmem_direct_map_ready */
static bool handed_over;                        /* VM owns free memory now */

void kmem_init(const struct bootinfo *bi)
{
	pmem_init(&pm);
	for (int i = 0; i < bi->nr_mmap; i++)
		if (bi->mmap[i].type == MB2_MEM_AVAILABLE)
			pmem_add(&pm, bi->mmap[i].base, bi->mmap[i].base + bi->mmap[i].len);
	total_bytes = pmem_free_bytes(&pm);
	phys_top = mb2_mem_top(bi);

	pmem_reserve(&pm, 0, 0x100000);
	pmem_reserve(&pm, (uint64_t)(uintptr_t)__boot_start, kvirt_to_phys(__kernel_end));
	for (int i = 0; i < bi->nr_modules; i++)
		pmem_reserve(&pm, bi->modules[i].start, bi->modules[i].end);
}

void kmem_reserve(uint64_t base, uint64_t end)
{
	pmem_reserve(&pm, base, end);
}

void kmem_direct_map_ready(void)
{
	alloc_limit = ~0ULL;
}

/* Give every free page to the VM server. The kernel allocates nothing
 * afterwards (kpage_alloc fails). */
void kmem_handover(struct vm_memmap *mm)
{
	mm->phys_top = phys_top;
	mm->total_bytes = total_bytes;
	mm->nr_free = 0;
	for (int i = 0; i < pm.nr && i < VM_MAX_FREE_RANGES; i++) {
		mm->free[i].base = pm.r[i].base;
		mm->free[i].end = pm.r[i].end;
		mm->nr_free++;
	}
	pmem_init(&pm);
	handed_over = true;
}

uint64_t kpage_alloc(void)
{
	if (handed_over)
		return 0;
	uint64_t pa = pmem_alloc(&pm, 1, alloc_limit);
	if (pa)
		memset(arch_phys_ptr(pa), 0, PAGE_SIZE);
	return pa;
}

void kpage_free(uint64_t pa)
{
	KASSERT(!handed_over);
	KASSERT((pa & (PAGE_SIZE - 1)) == 0 && pa != 0);
	KASSERT(!pmem_is_free(&pm, pa));
	pmem_add(&pm, pa, pa + PAGE_SIZE);
}

void kmem_release(uint64_t base, uint64_t end)
{
	pmem_add(&pm, base, end);
}

uint64_t kmem_free_bytes(void)
{
	return pmem_free_bytes(&pm);
}

uint64_t kmem_total_bytes(void)
{
	return total_bytes;
}

uint64_t kmem_phys_top(void)
{
	return phys_top;
}
