/*
 * Free physical memory as a sorted list of disjoint page-aligned ranges.
 * Pure data structure (no kernel dependencies): compiled on the host for
 * the unit tests. The kernel uses it to place boot-process images and
 * page tables; later the VM server takes over whatever is left.
 */
#ifndef KERNEL_PMEM_H
#define KERNEL_PMEM_H

#include <stdint.h>
#include <stdbool.h>
#include <quire/arch/x86_64/pte.h>

#define PMEM_MAX_RANGES 128
#define PMEM_PAGE X86_PAGE_SIZE

struct pmem_range {
	uint64_t base, end;           /* [base, end), page-aligned */
};

struct pmem {
	struct pmem_range r[PMEM_MAX_RANGES];
	int nr;
	uint64_t lost;                /* bytes dropped because the list was full */
};

void pmem_init(struct pmem *pm);
/* Add [base, end) as free, shrunk inward to whole pages; overlaps merge. */
void pmem_add(struct pmem *pm, uint64_t base, uint64_t end);
/* Remove [base, end), grown outward to whole pages. */
void pmem_reserve(struct pmem *pm, uint64_t base, uint64_t end);
/* Take npages contiguous pages lying wholly below limit; returns the base
 * or 0 if none (page 0 is never handed out: callers reserve it). */
uint64_t pmem_alloc(struct pmem *pm, uint64_t npages, uint64_t limit);
uint64_t pmem_free_bytes(const struct pmem *pm);
bool pmem_is_free(const struct pmem *pm, uint64_t addr);

#endif
