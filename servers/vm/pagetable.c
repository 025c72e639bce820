/*
 * Page tables, written by VM through its window onto physical memory.
 * A PML4's user half (entries 0..255) is VM's; its kernel half is a copy
 * of the kernel's, which never changes after boot.
 *
 * The CPU caches translations, but on one CPU a process's TLB entries
 * are flushed whenever its address space is loaded again, and VM runs in
 * its own address space while it edits others: no explicit flush is
 * needed yet (VMCTL_FLUSH exists for when there are more CPUs).
 */
#include "vm.h"

#define IDX(va, level) PT_INDEX(va, level)     /* PTE bits: quire/arch/x86_64/pte.h */

uint64_t kernel_pml4_phys;

static uint64_t *table(uint64_t pa)
{
	return phys_ptr(pa & PTE_ADDR);
}

uint64_t pt_new(void)
{
	pfn_t f = vm_page_alloc(ALLOC_VM, true);
	if (!f)
		return 0;
	uint64_t pa = f << VM_PAGE_SHIFT;
	uint64_t *dst = table(pa), *src = table(kernel_pml4_phys);
	for (int i = PML4_USER_ENTRIES; i < PT_ENTRIES; i++)
		dst[i] = src[i];
	return pa;
}

static void free_level(uint64_t tpa, int level)
{
	uint64_t *t = table(tpa);
	int n = level == 3 ? PML4_USER_ENTRIES : PT_ENTRIES;
	if (level > 0)
		for (int i = 0; i < n; i++)
			if ((t[i] & PTE_P) && !(t[i] & PTE_PS))
				free_level(t[i] & PTE_ADDR, level - 1);
	page_unref(&physmem, tpa >> VM_PAGE_SHIFT);
}

/* Free the tables of the user half (the pages they map are not theirs). */
void pt_destroy(uint64_t pml4)
{
	free_level(pml4, 3);
}

/* The leaf PTE slot for va, allocating tables if `create`. */
static uint64_t *leaf(uint64_t pml4, uint64_t va, bool create)
{
	uint64_t t = pml4;
	for (int level = 3; level > 0; level--) {
		uint64_t *e = &table(t)[IDX(va, level)];
		if (!(*e & PTE_P)) {
			if (!create)
				return NULL;
			pfn_t f = vm_page_alloc(ALLOC_VM, true);
			if (!f)
				return NULL;
			*e = (f << VM_PAGE_SHIFT) | PTE_P | PTE_W | PTE_U;
		}
		t = *e & PTE_ADDR;
	}
	return &table(t)[IDX(va, 0)];
}

int pt_map(struct vmproc *vmp, uint64_t va, pfn_t pfn, uint32_t prot, bool writable, bool uncached)
{
	uint64_t *pte = leaf(vmp->pml4, va, true);
	if (!pte)
		return -ENOMEM;
	uint64_t e = pte_make(pfn, prot, writable, uncached);
	if (!(*pte & PTE_P))
		vmp->resident++;
	*pte = e;
	return OK;
}

/* Visit the present leaf PTEs of [start, end) in table tpa (level 3 =
 * PML4), skipping absent tables whole: the cost follows the pages mapped,
 * not the length of the range. */
static void walk(uint64_t tpa, int level, uint64_t base, uint64_t start, uint64_t end,
		 pte_fn fn, void *arg)
{
	uint64_t span = 1ULL << (12 + 9 * level);
	uint64_t *t = table(tpa);
	uint64_t lo = start > base ? start : base;
	unsigned first = (unsigned)((lo - base) / span);
	unsigned last = (unsigned)((end - 1 - base) / span);
	if (last > PT_ENTRIES - 1)
		last = PT_ENTRIES - 1;
	for (unsigned i = first; i <= last; i++) {
		/* Leaf tables are mostly empty (a stack's reserve, a heap's
		 * slack): skip eight absent entries at a time. */
		if (level == 0 && (i & 7) == 0 && i + 7 <= last &&
		    !((t[i] | t[i + 1] | t[i + 2] | t[i + 3] | t[i + 4] | t[i + 5] | t[i + 6] |
		       t[i + 7]) & PTE_P)) {
			i += 7;
			continue;
		}
		if (!(t[i] & PTE_P) || (level > 0 && (t[i] & PTE_PS)))
			continue;
		uint64_t va = base + i * span;
		if (level == 0)
			fn(va, &t[i], arg);
		else
			walk(t[i] & PTE_ADDR, level - 1, va, start, end, fn, arg);
	}
}

void pt_walk(uint64_t pml4, uint64_t start, uint64_t end, pte_fn fn, void *arg)
{
	if (start >= end || end > USER_TOP)
		return;
	walk(pml4, 3, 0, start, end, fn, arg);
}

static void unmap_one(uint64_t va, uint64_t *pte, void *arg)
{
	(void)va;
	struct vmproc *vmp = arg;
	*pte = 0;
	vmp->resident--;
}

void pt_unmap_range(struct vmproc *vmp, uint64_t start, uint64_t end)
{
	pt_walk(vmp->pml4, start, end, unmap_one, vmp);
}

static void protect_one(uint64_t va, uint64_t *pte, void *arg)
{
	(void)va, (void)arg;
	*pte &= ~PTE_W;
}

void pt_write_protect(struct vmproc *vmp, uint64_t start, uint64_t end)
{
	pt_walk(vmp->pml4, start, end, protect_one, NULL);
}

uint64_t pt_lookup(uint64_t pml4, uint64_t va)
{
	uint64_t *pte = leaf(pml4, va, false);
	return (pte && (*pte & PTE_P)) ? *pte : 0;
}
