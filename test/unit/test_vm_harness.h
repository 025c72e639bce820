/*
 * Host harness for the tests of the VM server's regions and memory types
 * (test/unit/test_vm_*.c): region.c, mem_anon.c, mem_shared.c,
 * mem_contig.c, mem_directphys.c, pool.c over avl.c, pageset.c and
 * physmem.c, compiled unchanged against vm_host_stubs.c (a 32 MiB arena
 * for physical memory, fake page tables).
 *
 * What the kernel-facing files (fault.c, proc.c) would do is done by
 * small helpers in test_vm_harness.c that follow them step by step:
 * h_touch() is vm_fault() without the signals, h_fork_region() is
 * do_fork()'s loop body with map_like_parent().
 *
 * Every test starts from the same free-page count and its teardown
 * (h_teardown) destroys whatever the test left and checks that every
 * page came back. Each test file is its own binary and runs its tests as
 * one group with h_group_setup / h_group_teardown:
 *
 *   test_vm_regions.c   the region map: new, find, free gaps, free ranges
 *   test_vm_unmap.c     splitting regions, unmapping ranges
 *   test_vm_protect.c   changing protection, merging regions back
 *   test_vm_fault.c     anonymous faults, MAP_POPULATE, contiguous memory
 *   test_vm_fork.c      fork: copy-on-write, shared and contiguous regions
 *   test_vm_teardown.c  shared mirrors, destroying every kind of region
 */
#ifndef TEST_VM_HARNESS_H
#define TEST_VM_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../servers/vm/vm.h"

/* vm_host_stubs.c */
void host_vm_init(uint64_t reserve);
void host_vm_fini(void);
uint64_t host_pt_count(uint64_t pml4);
int host_pt_spaces(void);

#define PG      VM_PAGE
#define RW      (PROT_READ | PROT_WRITE)
#define A       0x0000000040000000ULL      /* where most tests map */
#define B       0x0000000080000000ULL      /* a second place */

/* ---- processes (freed by h_teardown) ---------------------------------- */

/* A new process with an empty page table; at most four per test. */
struct vmproc *h_proc_new(endpoint_t ep);
/* destroy_regions() + vmproc_free() of proc.c, then checks that nothing
 * is left: no regions, no resident pages, no PTEs. */
void h_proc_free(struct vmproc *vmp);
/* The number of regions, checking they are sorted and disjoint. */
int h_count_regions(struct vmproc *vmp);

/* ---- what mmap.c, fault.c and proc.c would do ------------------------- */

/* region_new + type->create (a NULL a: no arguments), as mmap.c's map_new. */
struct region *h_map(struct vmproc *vmp, uint64_t start, uint64_t npages, uint32_t prot,
		     uint32_t flags, const struct mem_type *type, const struct map_args *a);
/* vm_fault() for an access that is allowed: the type's fault, then the PTE. */
struct fault_result h_touch(struct vmproc *vmp, uint64_t addr, bool write);
/* do_fork()'s per-region step and map_like_parent() (proc.c). */
struct region *h_fork_region(struct vmproc *child, struct region *r);

/* ---- page tables and page contents ------------------------------------ */

uint64_t h_pte_at(struct vmproc *vmp, uint64_t va);
pfn_t h_pfn_at(struct vmproc *vmp, uint64_t va);
/* Set every byte of the page to b / whether every byte is b. */
void h_fill(pfn_t pfn, unsigned char b);
bool h_page_all(pfn_t pfn, unsigned char b);

/* ---- fixtures ---------------------------------------------------------- */

int h_group_setup(void **state);
int h_group_teardown(void **state);
int h_setup(void **state);
int h_teardown(void **state);

#endif
