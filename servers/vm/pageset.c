#include "pageset.h"

void ps_init(struct pageset *ps)
{
	ps->refs = 1;
	ps->height = 0;
	ps->root = 0;
	ps->pages = 0;
}

static uint64_t capacity(int height)
{
	return height >= 7 ? ~0ULL : 1ULL << (PS_SHIFT * height);
}

static unsigned slot_at(uint64_t idx, int level)
{
	return (unsigned)((idx >> (PS_SHIFT * level)) & (PS_FANOUT - 1));
}

pfn_t ps_get(const struct pageset *ps, uint64_t idx)
{
	if (!ps->height || idx >= capacity(ps->height) || idx >= (1ULL << 45))
		return 0;
	void **node = ps->root;
	for (int level = ps->height - 1; level > 0; level--) {
		node = node[slot_at(idx, level)];
		if (!node)
			return 0;
	}
	return ((pfn_t *)node)[slot_at(idx, 0)];
}

/* Indices VM can ever use: 2^45 pages of 4 KiB cover user space 256
 * times over. Larger ones are refused rather than folded onto small ones. */
#define PS_IDX_LIMIT (1ULL << 45)

pfn_t ps_set(struct pageset *ps, uint64_t idx, pfn_t pfn)
{
	if (idx >= PS_IDX_LIMIT)
		return pfn ? PS_NOMEM : 0;
	if (!pfn && (!ps->height || idx >= capacity(ps->height)))
		return 0;
	/* Grow until idx fits: the old root becomes slot 0 of a new one. */
	while (!ps->height || idx >= capacity(ps->height)) {
		void **top = ps_node_alloc();
		if (!top)
			return PS_NOMEM;
		top[0] = ps->root;        /* NULL when the set was empty: top is a leaf */
		ps->root = top;
		ps->height++;
	}
	void **node = ps->root;
	for (int level = ps->height - 1; level > 0; level--) {
		void **next = node[slot_at(idx, level)];
		if (!next) {
			if (!pfn)
				return 0;
			next = ps_node_alloc();
			if (!next)
				return PS_NOMEM;
			node[slot_at(idx, level)] = next;
		}
		node = next;
	}
	pfn_t *leaf = (pfn_t *)node;
	pfn_t old = leaf[slot_at(idx, 0)];
	leaf[slot_at(idx, 0)] = pfn;
	if (old && !pfn)
		ps->pages--;
	else if (!old && pfn)
		ps->pages++;
	return old;
}

_Static_assert(PS_FANOUT % 8 == 0, "walk passes over leaf slots eight at a time");

static void walk(struct pageset *ps, void **node, int level, uint64_t base,
		 uint64_t first, uint64_t end,
		 void (*fn)(struct pageset *, uint64_t, pfn_t, void *), void *arg)
{
	uint64_t span = 1ULL << (PS_SHIFT * level);
	/* Start at the slot holding `first`; in a leaf, pass over eight
	 * empty slots at a time (a region's pages are often few and far
	 * between: a stack, a heap's slack). */
	uint64_t skip = first > base ? (first - base) / span : 0;
	for (unsigned i = skip < PS_FANOUT ? (unsigned)skip : PS_FANOUT; i < PS_FANOUT; i++) {
		uint64_t lo = base + i * span;
		if (lo >= end)
			return;
		if (level == 0 && (i & 7) == 0 &&
		    !((uintptr_t)node[i] | (uintptr_t)node[i + 1] | (uintptr_t)node[i + 2] |
		      (uintptr_t)node[i + 3] | (uintptr_t)node[i + 4] | (uintptr_t)node[i + 5] |
		      (uintptr_t)node[i + 6] | (uintptr_t)node[i + 7])) {
			i += 7;
			continue;
		}
		if (lo + span <= first || !node[i])
			continue;
		if (level == 0)
			fn(ps, lo, ((pfn_t *)node)[i], arg);
		else
			walk(ps, node[i], level - 1, lo, first, end, fn, arg);
	}
}

void ps_walk(struct pageset *ps, uint64_t first, uint64_t end,
	     void (*fn)(struct pageset *, uint64_t, pfn_t, void *), void *arg)
{
	if (!ps->height || first >= end)
		return;
	walk(ps, ps->root, ps->height - 1, 0, first, end, fn, arg);
}

static void free_level(void **node, int level)
{
	if (level > 0)
		for (unsigned i = 0; i < PS_FANOUT; i++)
			if (node[i])
				free_level(node[i], level - 1);
	ps_node_free(node);
}

void ps_free_nodes(struct pageset *ps)
{
	if (ps->height)
		free_level(ps->root, ps->height - 1);
	ps->root = 0;
	ps->height = 0;
	ps->pages = 0;
}
