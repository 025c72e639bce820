/*
 * A page set: the pages of a piece of memory, by page index, held
 * sparsely in a radix tree of 512-entry nodes (one node is one page, like
 * a page table). A region refers to a page set at an offset; private
 * regions own theirs, MAP_SHARED regions of several processes share one.
 *
 * An entry is a page frame number, 0 for "no page". The set holds one
 * reference (physmem.h) on every page in it.
 *
 * Pure: node memory comes from ps_node_alloc/ps_node_free, which the VM
 * server and the host unit tests each provide.
 */
#ifndef VM_PAGESET_H
#define VM_PAGESET_H

#include <stdint.h>
#include <stdbool.h>

#define PS_FANOUT 512
#define PS_SHIFT  9

typedef uint64_t pfn_t;

struct pageset {
	int refs;                 /* regions referring to this set */
	int height;               /* levels; 0 = empty */
	void *root;
	uint64_t pages;           /* present entries */
};

void *ps_node_alloc(void);    /* a zeroed 4 KiB node, or NULL */
void ps_node_free(void *node);

void ps_init(struct pageset *ps);
/* The page at idx, or 0. */
pfn_t ps_get(const struct pageset *ps, uint64_t idx);
/* Set idx to pfn (0 clears); returns the previous entry, or -1 (as pfn_t)
 * if a node could not be allocated (nothing changed then). */
pfn_t ps_set(struct pageset *ps, uint64_t idx, pfn_t pfn);
/* Call fn for every present entry with first <= idx < end, in order. fn
 * may clear the entry it is called for (through ps_set) but nothing else. */
void ps_walk(struct pageset *ps, uint64_t first, uint64_t end,
	     void (*fn)(struct pageset *ps, uint64_t idx, pfn_t pfn, void *arg), void *arg);
/* Free every node (entries must already be released by the caller). */
void ps_free_nodes(struct pageset *ps);

#define PS_NOMEM ((pfn_t)-1)

#endif
