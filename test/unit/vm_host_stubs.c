/*
 * What the VM server's region and memory-type code (region.c, mem_*.c,
 * pool.c) needs from the rest of VM, for host unit tests:
 *
 *   - physical memory: a 32 MiB host arena; a physical address is an
 *     offset into it (frame 0 is never handed out, as on the machine);
 *   - the globals of main.c (physmem, zero_pfn, nx_supported), and its
 *     phys_ptr(), vm_page_alloc(), ps_node_alloc()/ps_node_free();
 *   - page tables (pagetable.c): a fake one per address space, a sorted
 *     list of va -> PTE holding the very PTEs the real pt_map() writes
 *     (pte_make() of vm.h), keeping vmp->resident right as the real one
 *     does; the fake has no table pages, so page counts in the tests are
 *     those of user memory and VM's bookkeeping only;
 *   - sys_vmctl(), the one kernel call of fault_msg.c: it records the
 *     request (host_vmctl_last) and succeeds;
 *   - panic(): fails the running cmocka test.
 *
 * host_vm_init() sets it all up; the host_* functions let tests look at
 * the fake page tables and the recorded kernel call.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_vm_harness.h"

struct physmem physmem;
pfn_t zero_pfn;
bool nx_supported;

#define HOST_ARENA_BYTES (32ULL << 20)
#define HOST_FRAMES      (HOST_ARENA_BYTES >> VM_PAGE_SHIFT)

static unsigned char *arena;
static struct page *host_pages;

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "vm panic: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	_fail(__FILE__, __LINE__);
	abort();
}

/* ---- the kernel ---------------------------------------------------------------- */

static struct host_vmctl last_vmctl;

int sys_vmctl(int op, endpoint_t ep, uint64_t arg1, uint64_t arg2)
{
	last_vmctl = (struct host_vmctl){ .calls = last_vmctl.calls + 1, .op = op, .ep = ep,
					  .arg1 = arg1, .arg2 = arg2 };
	return OK;
}

struct host_vmctl host_vmctl_last(void)
{
	return last_vmctl;
}

void host_vmctl_reset(void)
{
	last_vmctl = (struct host_vmctl){ 0 };
}

/* ---- main.c ---------------------------------------------------------------- */

void *phys_ptr(uint64_t pa)
{
	if (!arena || pa >= HOST_ARENA_BYTES)
		panic("physical address %lx outside the host arena", (unsigned long)pa);
	return arena + pa;
}

pfn_t vm_page_alloc(enum alloc_kind kind, bool zero)
{
	pfn_t f = page_alloc(&physmem, kind);
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
	unsigned char *p = node;
	if (p < arena || p >= arena + HOST_ARENA_BYTES || ((uintptr_t)(p - arena) & (VM_PAGE - 1)))
		panic("ps_node_free(%p): not a node", node);
	page_unref(&physmem, (uint64_t)(p - arena) >> VM_PAGE_SHIFT);
}

/* A fresh machine: all of the arena but frame 0 free, every free byte
 * dirty (so zeroing is seen), the zero page allocated and pinned. */
void host_vm_init(uint64_t reserve)
{
	if (!arena) {
		arena = aligned_alloc(VM_PAGE, HOST_ARENA_BYTES);
		host_pages = calloc(HOST_FRAMES, sizeof(struct page));
		if (!arena || !host_pages)
			abort();
	}
	memset(arena, 0xcc, HOST_ARENA_BYTES);
	physmem_init(&physmem, host_pages, HOST_FRAMES, reserve);
	physmem_add_free(&physmem, 1, HOST_FRAMES - 1);
	zero_pfn = vm_page_alloc(ALLOC_VM, true);
	physmem.pages[zero_pfn].flags |= PG_PINNED;
	nx_supported = true;
}

void host_vm_fini(void)
{
	free(arena);
	free(host_pages);
	arena = NULL;
	host_pages = NULL;
}

/* ---- pagetable.c ------------------------------------------------------------ */

struct fake_pte {
	uint64_t va, pte;
};

struct fake_as {
	bool used;
	size_t n, cap;
	struct fake_pte *e;           /* sorted by va; only present PTEs */
};

#define HOST_MAX_AS 16
static struct fake_as spaces[HOST_MAX_AS];

/* A fake "PML4 physical address": never 0, never in the arena's pages. */
#define AS_HANDLE(i) ((uint64_t)((i) + 1) << 40)

static struct fake_as *space(uint64_t pml4)
{
	uint64_t i = (pml4 >> 40) - 1;
	if ((pml4 & ((1ULL << 40) - 1)) || i >= HOST_MAX_AS || !spaces[i].used)
		panic("not a page table: %lx", (unsigned long)pml4);
	return &spaces[i];
}

/* Index of the first entry with va >= va. */
static size_t lower_bound(const struct fake_as *as, uint64_t va)
{
	size_t lo = 0, hi = as->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (as->e[mid].va < va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

uint64_t pt_new(void)
{
	for (int i = 0; i < HOST_MAX_AS; i++) {
		if (!spaces[i].used) {
			spaces[i] = (struct fake_as){ .used = true };
			return AS_HANDLE(i);
		}
	}
	return 0;
}

void pt_destroy(uint64_t pml4)
{
	struct fake_as *as = space(pml4);
	free(as->e);
	*as = (struct fake_as){ 0 };
}

int pt_map(struct vmproc *vmp, uint64_t va, pfn_t pfn, uint32_t prot, bool writable, bool uncached)
{
	struct fake_as *as = space(vmp->pml4);
	if (va & (VM_PAGE - 1))
		panic("pt_map: unaligned va %lx", (unsigned long)va);
	uint64_t e = pte_make(pfn, prot, writable, uncached);
	size_t i = lower_bound(as, va);
	if (i < as->n && as->e[i].va == va) {
		as->e[i].pte = e;
		return OK;
	}
	if (as->n == as->cap) {
		size_t cap = as->cap ? as->cap * 2 : 64;
		struct fake_pte *ne = realloc(as->e, cap * sizeof(*ne));
		if (!ne)
			return -ENOMEM;
		as->e = ne;
		as->cap = cap;
	}
	memmove(&as->e[i + 1], &as->e[i], (as->n - i) * sizeof(as->e[0]));
	as->e[i] = (struct fake_pte){ va, e };
	as->n++;
	vmp->resident++;
	return OK;
}

void pt_unmap_range(struct vmproc *vmp, uint64_t start, uint64_t end)
{
	struct fake_as *as = space(vmp->pml4);
	size_t i = lower_bound(as, start), j = i;
	while (j < as->n && as->e[j].va < end)
		j++;
	if (j == i)
		return;
	memmove(&as->e[i], &as->e[j], (as->n - j) * sizeof(as->e[0]));
	as->n -= j - i;
	vmp->resident -= j - i;
}

uint64_t pt_lookup(uint64_t pml4, uint64_t va)
{
	struct fake_as *as = space(pml4);
	va = page_down(va);
	size_t i = lower_bound(as, va);
	return (i < as->n && as->e[i].va == va) ? as->e[i].pte : 0;
}

/* As the real walk: fn sees every present PTE of [start, end) in address
 * order and may change it; one it clears (not present) leaves the list
 * (the caller keeps vmp->resident right, as with the real tables). fn must
 * not map into this same address space. */
void pt_walk(uint64_t pml4, uint64_t start, uint64_t end, pte_fn fn, void *arg)
{
	if (start >= end || end > USER_TOP)
		return;
	struct fake_as *as = space(pml4);
	size_t i = lower_bound(as, start);
	for (; i < as->n && as->e[i].va < end; i++)
		fn(as->e[i].va, &as->e[i].pte, arg);
	size_t kept = 0;
	for (size_t j = 0; j < as->n; j++)
		if (as->e[j].pte & PTE_P)
			as->e[kept++] = as->e[j];
	as->n = kept;
}

void pt_write_protect(struct vmproc *vmp, uint64_t start, uint64_t end)
{
	struct fake_as *as = space(vmp->pml4);
	for (size_t i = lower_bound(as, start); i < as->n && as->e[i].va < end; i++)
		as->e[i].pte &= ~PTE_W;
}

/* ---- for the tests ------------------------------------------------------------ */

/* Present PTEs in the address space. */
uint64_t host_pt_count(uint64_t pml4)
{
	return space(pml4)->n;
}

/* Address spaces in use. */
int host_pt_spaces(void)
{
	int n = 0;
	for (int i = 0; i < HOST_MAX_AS; i++)
		n += spaces[i].used;
	return n;
}

/* memwait.c is the server's (it parks messages and ends processes): on
 * the host a fault that finds no page fails as it did before waiting
 * existed, which the out-of-memory tests assert. */
int pageout_wait(void)
{
	return QSIGKILL;
}
