/*
 * Physical pages: one descriptor per page frame of RAM, a free list, and
 * reference counts (32 bits: any number of sharers a machine can hold).
 *
 * Ownership: a page is free (on the list, refs 0), or held by its refs
 * holders (page sets, page tables, VM's own allocations), or "foreign"
 * (never on the list: the kernel image, firmware, VM's own boot image).
 * page_unref() frees a page when its last holder lets go, unless it is
 * foreign or pinned (the shared zero page).
 *
 * The reserve: user memory (ALLOC_USER) is refused once only
 * `reserve` pages are left, so VM's own needs (page tables, nodes,
 * bookkeeping: ALLOC_VM) can always be met.
 *
 * Pure: compiled on the host for unit tests.
 */
#ifndef VM_PHYSMEM_H
#define VM_PHYSMEM_H

#include <stdint.h>
#include <stdbool.h>

typedef uint64_t pfn_t;

#define PG_FREE     0x1
#define PG_MANAGED  0x2     /* came from the free pool: goes back to it */
#define PG_PINNED   0x4     /* never freed (the zero page) */

struct page {
	uint32_t refs;
	uint32_t flags;
	uint32_t next, prev;    /* free list, by frame number; 0 = none */
};

enum alloc_kind { ALLOC_USER, ALLOC_VM };

struct physmem {
	struct page *pages;     /* indexed by frame number */
	pfn_t nr_frames;        /* frames described */
	uint64_t nr_free;
	uint64_t nr_managed;    /* frames that ever came from the pool */
	uint64_t reserve;
	pfn_t free_head;        /* 0 = empty (frame 0 is never free) */
};

/* pages[] must have room for nr_frames descriptors, all foreign at first. */
void physmem_init(struct physmem *pm, struct page *pages, pfn_t nr_frames, uint64_t reserve);
/* Add [first, first+count) to the pool. */
void physmem_add_free(struct physmem *pm, pfn_t first, pfn_t count);
/* A page with refs 1, or 0 if none may be given. */
pfn_t page_alloc(struct physmem *pm, enum alloc_kind kind);
/* count contiguous pages (refs 1 each) below frame `limit`, or 0. */
pfn_t page_alloc_contig(struct physmem *pm, pfn_t count, pfn_t limit, enum alloc_kind kind);
void page_ref(struct physmem *pm, pfn_t pfn);
/* Drop one reference; returns true if the page went back to the pool. */
bool page_unref(struct physmem *pm, pfn_t pfn);
/* Take over a foreign page in use (a boot process's) so that it is freed
 * to the pool when its last reference goes. */
void page_adopt(struct physmem *pm, pfn_t pfn);
uint32_t page_refs(const struct physmem *pm, pfn_t pfn);

#endif
