#include "pmem.h"

#define DOWN(a) ((a) & ~(PMEM_PAGE - 1))
#define UP(a)   (((a) + PMEM_PAGE - 1) & ~(PMEM_PAGE - 1))

void pmem_init(struct pmem *pm)
{
	pm->nr = 0;
	pm->lost = 0;
}

static void remove_at(struct pmem *pm, int i)
{
	for (int j = i; j + 1 < pm->nr; j++)
		pm->r[j] = pm->r[j + 1];
	pm->nr--;
}

static bool insert_at(struct pmem *pm, int i, uint64_t base, uint64_t end)
{
	if (pm->nr == PMEM_MAX_RANGES) {
		pm->lost += end - base;
		return false;
	}
	for (int j = pm->nr; j > i; j--)
		pm->r[j] = pm->r[j - 1];
	pm->r[i].base = base;
	pm->r[i].end = end;
	pm->nr++;
	return true;
}

void pmem_add(struct pmem *pm, uint64_t base, uint64_t end)
{
	if (end <= base)
		return;
	uint64_t up = UP(base);
	if (up < base)            /* rounding wrapped: no whole page fits */
		return;
	base = up;
	end = DOWN(end);
	if (end <= base)
		return;
	/* Absorb every range that overlaps or touches [base, end): removing
	 * them first means the insert below always has a free slot unless
	 * the new range is disjoint from all of them. */
	for (int i = 0; i < pm->nr; i++) {
		struct pmem_range *r = &pm->r[i];
		if (r->end < base || r->base > end)
			continue;
		if (r->base < base)
			base = r->base;
		if (r->end > end)
			end = r->end;
		remove_at(pm, i);
		i--;
	}
	int i = 0;
	while (i < pm->nr && pm->r[i].base < base)
		i++;
	insert_at(pm, i, base, end);
}

void pmem_reserve(struct pmem *pm, uint64_t base, uint64_t end)
{
	if (end <= base)
		return;
	base = DOWN(base);
	end = UP(end);
	if (end == 0)          /* rounded past the top of the address space */
		end = ~0ULL & ~(PMEM_PAGE - 1);
	for (int i = 0; i < pm->nr; i++) {
		struct pmem_range *r = &pm->r[i];
		if (r->end <= base || r->base >= end)
			continue;
		if (base <= r->base && end >= r->end) {
			remove_at(pm, i);
			i--;
		} else if (base > r->base && end < r->end) {
			uint64_t old_end = r->end;
			r->end = base;
			insert_at(pm, i + 1, end, old_end);
			return;
		} else if (base > r->base) {
			r->end = base;
		} else {
			r->base = end;
		}
	}
}

uint64_t pmem_alloc(struct pmem *pm, uint64_t npages, uint64_t limit)
{
	if (npages == 0 || npages > (~0ULL / PMEM_PAGE))
		return 0;
	uint64_t size = npages * PMEM_PAGE;
	for (int i = 0; i < pm->nr; i++) {
		struct pmem_range *r = &pm->r[i];
		if (r->base == 0 || r->end - r->base < size || r->base + size > limit)
			continue;
		uint64_t got = r->base;
		r->base += size;
		if (r->base == r->end)
			remove_at(pm, i);
		return got;
	}
	return 0;
}

uint64_t pmem_free_bytes(const struct pmem *pm)
{
	uint64_t n = 0;
	for (int i = 0; i < pm->nr; i++)
		n += pm->r[i].end - pm->r[i].base;
	return n;
}

bool pmem_is_free(const struct pmem *pm, uint64_t addr)
{
	for (int i = 0; i < pm->nr; i++)
		if (addr >= pm->r[i].base && addr < pm->r[i].end)
			return true;
	return false;
}
