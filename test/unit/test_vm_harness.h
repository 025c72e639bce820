/*
 * Host harness for the tests of the VM server (test/unit/test_vm_*.c):
 * its pure files, compiled unchanged against vm_host_stubs.c (a 32 MiB
 * arena for physical memory, fake page tables, a recording sys_vmctl):
 * vmproc.c, region.c, fault.c, fork.c, limits.c, the memory types mem_*.c,
 * pool.c, avl.c, pageset.c and physmem.c, and fault_msg.c, the kernel-message
 * glue of the fault path.
 *
 * The helpers below only call VM's own functions and assert that they
 * succeeded: h_map() is region_create(), h_touch() is vm_fault(),
 * h_fork_region() is region_fork(), h_proc_free() is vmproc_free();
 * nothing of VM is copied here.
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
 *   test_vm_fault_path.c the fault path's outcomes: SIGSEGV cases, out of
 *                       memory, fault counting, ranges, the kernel messages
 *   test_vm_fork.c      fork: copy-on-write, shared and contiguous regions,
 *                       whole address spaces and running out of memory
 *   test_vm_teardown.c  shared mirrors, destroying every kind of region
 *   test_vm_limits.c    the resource-limit checks (limits.c)
 * and, with the page cache and file memory (the test plays the file
 * server: vm_file_fixture.h):
 *   test_vm_file.c      the cache calls, file mappings, parked faults,
 *                       msync, mincore, madvise
 *   test_vm_reclaim.c   the reverse map and the page daemon's clock
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
/* The last sys_vmctl() VM made, and how many since host_vmctl_reset(). */
struct host_vmctl {
	int calls;
	int op;
	endpoint_t ep;
	uint64_t arg1, arg2;
};
struct host_vmctl host_vmctl_last(void);
void host_vmctl_reset(void);

#define PG      VM_PAGE
#define RW      (PROT_READ | PROT_WRITE)
#define A       0x0000000040000000ULL      /* where most tests map */
#define B       0x0000000080000000ULL      /* a second place */

/* ---- processes (freed by h_teardown) ---------------------------------- */

/* A new process with an empty page table; at most four per test. */
struct vmproc *h_proc_new(endpoint_t ep);
/* vmproc_clear(), checking that nothing is left (no regions, no resident
 * pages, no PTEs), then vmproc_free(). */
void h_proc_free(struct vmproc *vmp);
/* The number of regions, checking they are sorted and disjoint. */
int h_count_regions(struct vmproc *vmp);

/* ---- VM's calls, asserting success ------------------------------------- */

/* region_create() (a NULL a: no arguments), as mmap.c maps. */
struct region *h_map(struct vmproc *vmp, uint64_t start, uint64_t npages, uint32_t prot,
		     uint32_t flags, const struct mem_type *type, const struct map_args *a);
/* vm_fault() (no exec) of an access that must succeed: what it mapped. */
struct fault_result h_touch(struct vmproc *vmp, uint64_t addr, bool write);
/* region_fork(): r (of another process) copied into child. */
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
