#include "physmem.h"

static void list_push(struct physmem *pm, pfn_t f)
{
	struct page *p = &pm->pages[f];
	p->flags |= PG_FREE;
	p->refs = 0;
	p->prev = 0;
	p->next = (uint32_t)pm->free_head;
	if (pm->free_head)
		pm->pages[pm->free_head].prev = (uint32_t)f;
	pm->free_head = f;
	pm->nr_free++;
}

static void list_remove(struct physmem *pm, pfn_t f)
{
	struct page *p = &pm->pages[f];
	if (p->prev)
		pm->pages[p->prev].next = p->next;
	else
		pm->free_head = p->next;
	if (p->next)
		pm->pages[p->next].prev = p->prev;
	p->next = p->prev = 0;
	p->flags &= ~PG_FREE;
	pm->nr_free--;
}

void physmem_init(struct physmem *pm, struct page *pages, pfn_t nr_frames, uint64_t reserve)
{
	pm->pages = pages;
	pm->nr_frames = nr_frames;
	pm->nr_free = 0;
	pm->nr_managed = 0;
	pm->reserve = reserve;
	pm->free_head = 0;
	for (pfn_t f = 0; f < nr_frames; f++)
		pages[f] = (struct page){ 0, 0, 0, 0 };
}

void physmem_add_free(struct physmem *pm, pfn_t first, pfn_t count)
{
	/* Pushed from the top down, so the list hands out low frames first. */
	for (pfn_t i = count; i > 0; i--) {
		pfn_t f = first + i - 1;
		if (f == 0 || f >= pm->nr_frames || (pm->pages[f].flags & (PG_FREE | PG_MANAGED)))
			continue;
		pm->pages[f].flags |= PG_MANAGED;
		pm->nr_managed++;
		list_push(pm, f);
	}
}

static bool may_take(const struct physmem *pm, enum alloc_kind kind, uint64_t n)
{
	if (pm->nr_free < n)
		return false;
	return kind == ALLOC_VM || pm->nr_free - n >= pm->reserve;
}

pfn_t page_alloc(struct physmem *pm, enum alloc_kind kind)
{
	if (!may_take(pm, kind, 1) || !pm->free_head)
		return 0;
	pfn_t f = pm->free_head;
	list_remove(pm, f);
	pm->pages[f].refs = 1;
	return f;
}

pfn_t page_alloc_contig(struct physmem *pm, pfn_t count, pfn_t limit, enum alloc_kind kind)
{
	if (count == 0 || !may_take(pm, kind, count))
		return 0;
	if (limit > pm->nr_frames)
		limit = pm->nr_frames;
	pfn_t run = 0;
	for (pfn_t f = 1; f < limit; f++) {
		run = (pm->pages[f].flags & PG_FREE) ? run + 1 : 0;
		if (run == count) {
			pfn_t first = f + 1 - count;
			for (pfn_t g = first; g <= f; g++) {
				list_remove(pm, g);
				pm->pages[g].refs = 1;
			}
			return first;
		}
	}
	return 0;
}

void page_ref(struct physmem *pm, pfn_t pfn)
{
	pm->pages[pfn].refs++;
}

bool page_unref(struct physmem *pm, pfn_t pfn)
{
	struct page *p = &pm->pages[pfn];
	if (p->refs == 0)
		return false;        /* a bug in a caller; never free twice */
	if (--p->refs > 0 || (p->flags & PG_PINNED) || !(p->flags & PG_MANAGED))
		return false;
	list_push(pm, pfn);
	return true;
}

void page_adopt(struct physmem *pm, pfn_t pfn)
{
	struct page *p = &pm->pages[pfn];
	if (!(p->flags & PG_MANAGED)) {
		p->flags |= PG_MANAGED;
		pm->nr_managed++;
	}
	p->refs++;
}

uint32_t page_refs(const struct physmem *pm, pfn_t pfn)
{
	return pm->pages[pfn].refs;
}
