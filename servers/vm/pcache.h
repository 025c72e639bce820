/*
 * The page cache's index: which physical page holds which disk block, and
 * which file page. A cache page is one physmem frame on which the cache
 * holds exactly one reference. It is known by its block identity
 * (dev, block: ext2 blocks are pages) and, for file data, also by its file
 * identity (dev, ino, index = page number in the file). Metadata blocks
 * have only the block identity (ino == PCACHE_NO_INO; ext2 has no inode 0).
 *
 * Two hash tables of fixed size (PCACHE_BUCKETS each) index the pages; one
 * node per page sits in both chains at once, so an insert takes exactly
 * one node and a failed insert changes nothing. Nodes come from the
 * caller's allocator (VM's pool in the server, malloc in the host tests).
 *
 * Page states and who may evict:
 *   mapped (mapcount > 0), dirty, busy (I/O in flight): never evicted.
 *   otherwise "idle": on the LRU list, evictable, least recently used first
 *   (insert and every lookup hit make a page most recent).
 * Forgetting (forget_block, forget_file) unhashes a page at once, so no
 * lookup can find it again; a page still mapped or busy becomes an orphan:
 * it keeps its frame (never freed under its mappings or its I/O) and is
 * released when the last pcache_unmap / pcache_clear_busy lets go of it.
 * Forgetting drops the dirty state: the block no longer belongs to anyone.
 *
 * How VM uses it (cache.c): mappings and cache windows hold their own
 * frame references instead of pcache_map/pcache_unmap, so a frame
 * outlives its forgotten entry for as long as they hold it; pcache_evict
 * passes over any page whose frame someone else holds a reference on.
 *
 * Not thread-safe: VM is single-threaded. Pure: compiled on the host.
 */
#ifndef VM_PCACHE_H
#define VM_PCACHE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <quire/errno.h>
#include "physmem.h"

#define PCACHE_NO_INO   0ULL
#define PCACHE_BUCKETS  1024    /* per index; power of two */

#define PCP_FILE     0x1     /* has a file identity (in the file index) */
#define PCP_DIRTY    0x2
#define PCP_BUSY     0x4
#define PCP_ORPHAN   0x8     /* forgotten while mapped/busy: in no index */

/* One cached page. Owned by the cache; a caller may keep a pointer only
 * while it holds a mapping (pcache_map) or the busy state on it, or until
 * its next call that may evict or forget. */
struct pcache_page {
	struct pcache_page *bnext;          /* block hash chain */
	struct pcache_page *fnext;          /* file hash chain (PCP_FILE) */
	struct pcache_page *lru_prev, *lru_next; /* LRU list, idle pages only */
	uint64_t block, ino, index;
	pfn_t pfn;
	uint32_t dev;
	uint32_t mapcount;
	uint32_t flags;
};

struct pcache_stats {
	uint64_t pages;      /* frames held, orphans included */
	uint64_t dirty, mapped, orphans;
	uint64_t hits, misses, evictions;
};

/* The node allocator: alloc returns a zeroed or uninitialised node of
 * sizeof(struct pcache_page) bytes, or NULL. */
typedef void *(*pcache_alloc_fn)(void *ctx);
typedef void (*pcache_free_fn)(void *ctx, void *node);

struct pcache {
	struct physmem *pm;
	pcache_alloc_fn alloc;
	pcache_free_fn free;
	void *ctx;
	struct pcache_page *bhash[PCACHE_BUCKETS];
	struct pcache_page *fhash[PCACHE_BUCKETS];
	struct pcache_page *lru_head, *lru_tail;  /* head = least recent */
	struct pcache_stats st;
};

void pcache_init(struct pcache *pc, struct physmem *pm, pcache_alloc_fn alloc,
		 pcache_free_fn free, void *ctx);

/* The FS donates pfn as block (dev, block), file page (ino, index) unless
 * ino is PCACHE_NO_INO. On 0 the cache owns the caller's reference to pfn.
 * -EEXIST: the block or the file page is already cached; -ENOMEM: no node.
 * On error nothing changed and the reference stays the caller's. */
int pcache_insert(struct pcache *pc, uint32_t dev, uint64_t block, uint64_t ino,
		  uint64_t index, pfn_t pfn);

/* The page, or NULL; counts a hit or a miss; a hit becomes most recent. */
struct pcache_page *pcache_lookup_block(struct pcache *pc, uint32_t dev, uint64_t block);
struct pcache_page *pcache_lookup_file(struct pcache *pc, uint32_t dev, uint64_t ino,
				       uint64_t index);

/* The same without counting or touching the LRU order (VM's own walks). */
struct pcache_page *pcache_peek_block(struct pcache *pc, uint32_t dev, uint64_t block);
struct pcache_page *pcache_peek_file(struct pcache *pc, uint32_t dev, uint64_t ino,
				     uint64_t index);

/* Give cached block (dev, block) the file identity (ino, index).
 * 0 also if it already has exactly that identity. -ENOENT: block not
 * cached; -EEXIST: another page has that file identity, or this one has a
 * different one (clear it first); -EINVAL: ino is PCACHE_NO_INO. */
int pcache_set_file_identity(struct pcache *pc, uint32_t dev, uint64_t block,
			     uint64_t ino, uint64_t index);
/* Back to metadata only. 0, or -ENOENT if the block is not cached. */
int pcache_clear_file_identity(struct pcache *pc, uint32_t dev, uint64_t block);

/* The block was freed: its page leaves both indexes. 0 or -ENOENT. */
int pcache_forget_block(struct pcache *pc, uint32_t dev, uint64_t block);
/* Truncate/unlink: every page of (dev, ino) at index >= from leaves both
 * indexes. Returns how many pages were forgotten. Walks the whole file
 * index (PCACHE_BUCKETS chains). */
size_t pcache_forget_file(struct pcache *pc, uint32_t dev, uint64_t ino, uint64_t from);

/* Mapping count, raised and lowered by file mappings. pcache_unmap
 * returns true if the page was an orphan and has now been released (the
 * pointer is then dead). */
void pcache_map(struct pcache *pc, struct pcache_page *p);
bool pcache_unmap(struct pcache *pc, struct pcache_page *p);
void pcache_set_dirty(struct pcache *pc, struct pcache_page *p);
void pcache_clear_dirty(struct pcache *pc, struct pcache_page *p);
void pcache_set_busy(struct pcache *pc, struct pcache_page *p);
/* Like pcache_unmap: true if an orphan was released. */
bool pcache_clear_busy(struct pcache *pc, struct pcache_page *p);

/* Release up to n idle (clean, unmapped, not busy) pages, least recently
 * used first, giving their references back to physmem. Returns how many. */
size_t pcache_evict(struct pcache *pc, size_t n);

/* The clock's two moves (VM's page daemon, pageout.c): p, an idle page,
 * goes to the recent end of the LRU list (a second chance); or p, an idle
 * page on which the cache holds the last frame reference, is forgotten
 * and its frame freed (counted as an eviction). */
void pcache_touch(struct pcache *pc, struct pcache_page *p);
void pcache_reclaim(struct pcache *pc, struct pcache_page *p);

/* Forget every page that is not mapped or busy (those become orphans):
 * the teardown of a device, and of the host tests. */
void pcache_drop_all(struct pcache *pc);

static inline const struct pcache_stats *pcache_stats(const struct pcache *pc)
{
	return &pc->st;
}

#endif
