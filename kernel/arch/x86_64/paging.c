/*
 * Page tables: the kernel half (direct map, MMIO window, kernel image) and
 * the user halves of address spaces.
 *
 * Ownership: the kernel half is built once by arch_paging_init() and its
 * page-table pages are shared by every PML4 and never freed. A user half
 * belongs to its address space; arch_as_destroy() frees it. In later
 * issues the VM server writes user halves itself; the walks here stay the
 * kernel's way to reach user memory.
 */
#include <arch/arch.h>
#include <arch/layout.h>
#include <arch/cpu.h>
#include <arch/x86.h>
#include "kernel.h"
#include "kmem.h"

#define IDX(va, level) PT_INDEX(va, level)      /* PTE bits: quire/arch/x86_64/pte.h */

static uint64_t kernel_pml4;          /* physical; the kernel half's master copy */
static bool direct_map_live;          /* set once the direct map is loaded */
static uint64_t mmio_next = MMIO_BASE; /* bump allocator for the MMIO window */

/* Physical memory as the kernel can reach it: through the boot alias of
 * the first 1 GiB (KERNEL_VMA + pa) until the direct map is loaded, then
 * through the direct map. Early allocations stay below 1 GiB (kmem.c). */
void *arch_phys_ptr(uint64_t pa)
{
	if (direct_map_live)
		return (void *)(uintptr_t)(DIRECT_MAP_BASE + pa);
	if (pa >= 0x40000000ULL)
		panic("paging: early access to %lx above 1 GiB", pa);
	return (void *)(uintptr_t)(KERNEL_VMA + pa);
}

static uint64_t *table(uint64_t pa)
{
	return arch_phys_ptr(pa & PTE_ADDR);
}

/* Return the next-level table for entry e of tbl, allocating it if absent.
 * Returns 0 if memory ran out. */
static uint64_t next_level(uint64_t *tbl, int e, uint64_t flags)
{
	if (!(tbl[e] & PTE_P)) {
		uint64_t pa = kpage_alloc();
		if (!pa)
			return 0;
		tbl[e] = pa | flags;
	}
	return tbl[e] & PTE_ADDR;
}

static uint64_t nx_bit(void)
{
	return arch_nx_supported() ? PTE_NX : 0;
}

void arch_paging_init(uint64_t phys_top)
{
	kernel_pml4 = kpage_alloc();
	if (!kernel_pml4)
		panic("paging: no memory for the kernel PML4");
	uint64_t *pml4 = table(kernel_pml4);

	/* The direct map: all of physical memory up to phys_top (at least the
	 * first 4 GiB), in 2 MiB pages, write-back, not executable. */
	if (phys_top < 0x100000000ULL)
		phys_top = 0x100000000ULL;
	if (phys_top > DIRECT_MAP_MAX)
		phys_top = DIRECT_MAP_MAX;
	for (uint64_t pa = 0; pa < phys_top; pa += LARGE_PAGE_SIZE) {
		uint64_t va = DIRECT_MAP_BASE + pa;
		uint64_t pdpt = next_level(pml4, IDX(va, 3), PTE_P | PTE_W);
		uint64_t pd = pdpt ? next_level(table(pdpt), IDX(va, 2), PTE_P | PTE_W) : 0;
		if (!pd)
			panic("paging: no memory for the direct map");
		table(pd)[IDX(va, 1)] = pa | PTE_P | PTE_W | PTE_PS | PTE_G | nx_bit();
	}

	/* The kernel image: KERNEL_VMA + [0, 1 GiB) -> [0, 1 GiB). */
	for (uint64_t pa = 0; pa < 0x40000000ULL; pa += LARGE_PAGE_SIZE) {
		uint64_t va = KERNEL_VMA + pa;
		uint64_t pdpt = next_level(pml4, IDX(va, 3), PTE_P | PTE_W);
		uint64_t pd = pdpt ? next_level(table(pdpt), IDX(va, 2), PTE_P | PTE_W) : 0;
		if (!pd)
			panic("paging: no memory for the kernel image map");
		table(pd)[IDX(va, 1)] = pa | PTE_P | PTE_W | PTE_PS | PTE_G;
	}

	/* The MMIO window's PDPT exists from the start so the PML4 entry is
	 * shared by every address space created later. */
	if (!next_level(pml4, IDX(MMIO_BASE, 3), PTE_P | PTE_W))
		panic("paging: no memory for the MMIO window");

	write_cr3(kernel_pml4);
	this_cpu()->loaded_cr3 = kernel_pml4;
	direct_map_live = true;
}

void *arch_mmio_map(uint64_t phys, uint64_t len)
{
	uint64_t off = phys & (PAGE_SIZE - 1);
	uint64_t first = phys - off;
	uint64_t size = PAGE_ALIGN_UP(len + off);
	if (mmio_next + size > MMIO_BASE + MMIO_SIZE)
		panic("paging: MMIO window full");
	uint64_t va = mmio_next;
	mmio_next += size;
	uint64_t *pml4 = table(kernel_pml4);
	for (uint64_t i = 0; i < size; i += PAGE_SIZE) {
		uint64_t v = va + i;
		uint64_t pdpt = next_level(pml4, IDX(v, 3), PTE_P | PTE_W);
		uint64_t pd = pdpt ? next_level(table(pdpt), IDX(v, 2), PTE_P | PTE_W) : 0;
		uint64_t pt = pd ? next_level(table(pd), IDX(v, 1), PTE_P | PTE_W) : 0;
		if (!pt)
			panic("paging: no memory for an MMIO mapping");
		table(pt)[IDX(v, 0)] = (first + i) | PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_G | nx_bit();
		invlpg(v);
	}
	return (void *)(uintptr_t)(va + off);
}

uint64_t arch_as_create(void)
{
	uint64_t pa = kpage_alloc();
	if (!pa)
		return 0;
	uint64_t *dst = table(pa), *src = table(kernel_pml4);
	for (int i = PML4_USER_ENTRIES; i < PT_ENTRIES; i++)
		dst[i] = src[i];
	return pa;
}

int arch_as_map(uint64_t pml4, uint64_t va, uint64_t pa, int flags)
{
	if (va >= USER_END || (va & (PAGE_SIZE - 1)))
		return -EINVAL;
	const uint64_t inner = PTE_P | PTE_W | PTE_U;
	uint64_t pdpt = next_level(table(pml4), IDX(va, 3), inner);
	uint64_t pd = pdpt ? next_level(table(pdpt), IDX(va, 2), inner) : 0;
	uint64_t pt = pd ? next_level(table(pd), IDX(va, 1), inner) : 0;
	if (!pt)
		return -ENOMEM;
	uint64_t pte = pa | PTE_P;
	if (flags & AS_USER)
		pte |= PTE_U;
	if (flags & AS_WRITE)
		pte |= PTE_W;
	if (!(flags & AS_EXEC))
		pte |= nx_bit();
	table(pt)[IDX(va, 0)] = pte;
	if (this_cpu()->loaded_cr3 == pml4)
		invlpg(va);
	return OK;
}

int64_t arch_as_translate(uint64_t pml4, uint64_t va, bool write)
{
	if (va >= USER_END)
		return -1;
	uint64_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
	uint64_t t = pml4;
	for (int level = 3; level >= 0; level--) {
		/* processes exist only once the direct map is live */
		uint64_t e = ((uint64_t *)(DIRECT_MAP_BASE + (t & PTE_ADDR)))[IDX(va, level)];
		if ((e & need) != need)
			return -1;
		if (level == 1 && (e & PTE_PS))   /* 2 MiB: VM's window */
			return (int64_t)((e & PTE_ADDR & ~(LARGE_PAGE_SIZE - 1)) |
					 (va & (LARGE_PAGE_SIZE - 1)));
		if (level > 1 && (e & PTE_PS))
			return -1;
		t = e & PTE_ADDR;
	}
	return (int64_t)(t | (va & (PAGE_SIZE - 1)));
}

static void free_level(uint64_t tpa, int level)
{
	uint64_t *t = table(tpa);
	int last = (level == 3) ? PML4_USER_ENTRIES : PT_ENTRIES;  /* the kernel half is shared */
	for (int i = 0; i < last; i++) {
		if (!(t[i] & PTE_P))
			continue;
		if (level == 0)
			kpage_free(t[i] & PTE_ADDR);
		else
			free_level(t[i] & PTE_ADDR, level - 1);
	}
	kpage_free(tpa);
}

/* Stop using pml4 (its owner is about to free it). */
void arch_as_unload(uint64_t pml4)
{
	struct cpu *c = this_cpu();
	if (c->loaded_cr3 == pml4) {
		write_cr3(kernel_pml4);
		c->loaded_cr3 = kernel_pml4;
	}
}

void arch_as_destroy(uint64_t pml4)
{
	arch_as_unload(pml4);
	free_level(pml4, 3);
}

/* Map physical [0, len) at va in pml4 with 2 MiB user pages (VM's window
 * onto physical memory). */
int arch_as_map_window(uint64_t pml4, uint64_t va, uint64_t len)
{
	const uint64_t inner = PTE_P | PTE_W | PTE_U;
	for (uint64_t pa = 0; pa < len; pa += LARGE_PAGE_SIZE) {
		uint64_t v = va + pa;
		uint64_t pdpt = next_level(table(pml4), IDX(v, 3), inner);
		uint64_t pd = pdpt ? next_level(table(pdpt), IDX(v, 2), inner) : 0;
		if (!pd)
			return -ENOMEM;
		table(pd)[IDX(v, 1)] = pa | PTE_P | PTE_W | PTE_U | PTE_PS | nx_bit();
	}
	return OK;
}

/* A page of the kernel half that user mode may read (the public process
 * table, quire/proctab.h): user-readable at every level, read-only for
 * everyone (the kernel writes it through the direct map), global, not
 * executable. Only before the first address space is made: they copy the
 * kernel half's PML4 entries. */
void arch_map_user_ro(uint64_t va, uint64_t pa)
{
	const uint64_t inner = PTE_P | PTE_W | PTE_U;
	uint64_t pdpt = next_level(table(kernel_pml4), IDX(va, 3), inner);
	uint64_t pd = pdpt ? next_level(table(pdpt), IDX(va, 2), inner) : 0;
	uint64_t pt = pd ? next_level(table(pd), IDX(va, 1), inner) : 0;
	if (!pt)
		panic("paging: no memory for a user-readable kernel page");
	table(pt)[IDX(va, 0)] = pa | PTE_P | PTE_U | PTE_G | nx_bit();
	invlpg(va);
}

uint64_t arch_kernel_pml4(void)
{
	return kernel_pml4;
}

/* TLB entries of pml4's user half, if it is the loaded one. */
void arch_as_flush(uint64_t pml4)
{
	if (this_cpu()->loaded_cr3 == pml4)
		write_cr3(pml4);
}

void arch_load_as(uint64_t pml4)
{
	struct cpu *c = this_cpu();
	if (c->loaded_cr3 != pml4) {
		write_cr3(pml4);
		c->loaded_cr3 = pml4;
	}
}
