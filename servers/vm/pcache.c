/*
 * The page cache's index (see pcache.h for the contract). Every node is
 * in exactly one of three places: hashed (in the block index, and in the
 * file index when PCP_FILE), or an orphan (in neither). A hashed node is
 * on the LRU list iff it is idle (not mapped, dirty or busy); orphans are
 * never on it. lru_update() restores that rule after every state change.
 */
#include "pcache.h"

static size_t bhash_of(uint32_t dev, uint64_t block)
{
	uint64_t h = (block ^ ((uint64_t)dev << 40)) * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 54) & (PCACHE_BUCKETS - 1);
}

static size_t fhash_of(uint32_t dev, uint64_t ino, uint64_t index)
{
	uint64_t h = (ino * 0xff51afd7ed558ccdULL) ^ index ^ ((uint64_t)dev << 48);
	h *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 54) & (PCACHE_BUCKETS - 1);
}

static bool idle(const struct pcache_page *p)
{
	return p->mapcount == 0 && !(p->flags & (PCP_DIRTY | PCP_BUSY | PCP_ORPHAN));
}

static bool on_lru(const struct pcache *pc, const struct pcache_page *p)
{
	return p->lru_prev || pc->lru_head == p;
}

static void lru_remove(struct pcache *pc, struct pcache_page *p)
{
	if (p->lru_prev)
		p->lru_prev->lru_next = p->lru_next;
	else
		pc->lru_head = p->lru_next;
	if (p->lru_next)
		p->lru_next->lru_prev = p->lru_prev;
	else
		pc->lru_tail = p->lru_prev;
	p->lru_prev = p->lru_next = NULL;
}

static void lru_push_tail(struct pcache *pc, struct pcache_page *p)
{
	p->lru_next = NULL;
	p->lru_prev = pc->lru_tail;
	if (pc->lru_tail)
		pc->lru_tail->lru_next = p;
	else
		pc->lru_head = p;
	pc->lru_tail = p;
}

/* Put p on the LRU list (most recent) iff it is idle. */
static void lru_update(struct pcache *pc, struct pcache_page *p, bool touch)
{
	bool on = on_lru(pc, p);
	if (on && (!idle(p) || touch))
		lru_remove(pc, p);
	if (idle(p) && (!on || touch))
		lru_push_tail(pc, p);
}

static struct pcache_page **bfind(struct pcache *pc, uint32_t dev, uint64_t block)
{
	struct pcache_page **pp = &pc->bhash[bhash_of(dev, block)];
	while (*pp && !((*pp)->dev == dev && (*pp)->block == block))
		pp = &(*pp)->bnext;
	return pp;
}

static struct pcache_page **ffind(struct pcache *pc, uint32_t dev, uint64_t ino, uint64_t index)
{
	struct pcache_page **pp = &pc->fhash[fhash_of(dev, ino, index)];
	while (*pp && !((*pp)->dev == dev && (*pp)->ino == ino && (*pp)->index == index))
		pp = &(*pp)->fnext;
	return pp;
}

static void file_unhash(struct pcache *pc, struct pcache_page *p)
{
	struct pcache_page **pp = ffind(pc, p->dev, p->ino, p->index);
	*pp = p->fnext;
	p->fnext = NULL;
	p->flags &= ~PCP_FILE;
	p->ino = PCACHE_NO_INO;
	p->index = 0;
}

/* Give the frame back and free the node: p must be in no index, no list. */
static void release(struct pcache *pc, struct pcache_page *p)
{
	page_unref(pc->pm, p->pfn);
	pc->st.pages--;
	pc->free(pc->ctx, p);
}

/* Take p out of both indexes; release it, or keep it as an orphan while it
 * is mapped or busy. The dirty state goes: the block is no one's now. */
static void forget(struct pcache *pc, struct pcache_page *p)
{
	if (p->flags & PCP_FILE)
		file_unhash(pc, p);
	struct pcache_page **pp = bfind(pc, p->dev, p->block);
	*pp = p->bnext;
	p->bnext = NULL;
	if (on_lru(pc, p))
		lru_remove(pc, p);
	if (p->flags & PCP_DIRTY) {
		p->flags &= ~PCP_DIRTY;
		pc->st.dirty--;
	}
	if (p->mapcount || (p->flags & PCP_BUSY)) {
		p->flags |= PCP_ORPHAN;
		pc->st.orphans++;
	} else {
		release(pc, p);
	}
}

void pcache_init(struct pcache *pc, struct physmem *pm, pcache_alloc_fn alloc,
		 pcache_free_fn free, void *ctx)
{
	*pc = (struct pcache){ .pm = pm, .alloc = alloc, .free = free, .ctx = ctx };
}

int pcache_insert(struct pcache *pc, uint32_t dev, uint64_t block, uint64_t ino,
		  uint64_t index, pfn_t pfn)
{
	/* Decide first, then change: no failure after the node is taken. */
	if (*bfind(pc, dev, block))
		return -EEXIST;
	if (ino != PCACHE_NO_INO && *ffind(pc, dev, ino, index))
		return -EEXIST;
	struct pcache_page *p = pc->alloc(pc->ctx);
	if (!p)
		return -ENOMEM;
	*p = (struct pcache_page){ .dev = dev, .block = block, .pfn = pfn };
	size_t b = bhash_of(dev, block);
	p->bnext = pc->bhash[b];
	pc->bhash[b] = p;
	if (ino != PCACHE_NO_INO) {
		size_t f = fhash_of(dev, ino, index);
		p->ino = ino;
		p->index = index;
		p->flags |= PCP_FILE;
		p->fnext = pc->fhash[f];
		pc->fhash[f] = p;
	}
	pc->st.pages++;
	lru_push_tail(pc, p);
	return 0;
}

static struct pcache_page *count(struct pcache *pc, struct pcache_page *p)
{
	if (p) {
		pc->st.hits++;
		lru_update(pc, p, true);
	} else {
		pc->st.misses++;
	}
	return p;
}

struct pcache_page *pcache_lookup_block(struct pcache *pc, uint32_t dev, uint64_t block)
{
	return count(pc, *bfind(pc, dev, block));
}

struct pcache_page *pcache_lookup_file(struct pcache *pc, uint32_t dev, uint64_t ino,
				       uint64_t index)
{
	if (ino == PCACHE_NO_INO)
		return count(pc, NULL);
	return count(pc, *ffind(pc, dev, ino, index));
}

struct pcache_page *pcache_peek_block(struct pcache *pc, uint32_t dev, uint64_t block)
{
	return *bfind(pc, dev, block);
}

struct pcache_page *pcache_peek_file(struct pcache *pc, uint32_t dev, uint64_t ino,
				     uint64_t index)
{
	return ino == PCACHE_NO_INO ? NULL : *ffind(pc, dev, ino, index);
}

int pcache_set_file_identity(struct pcache *pc, uint32_t dev, uint64_t block,
			     uint64_t ino, uint64_t index)
{
	if (ino == PCACHE_NO_INO)
		return -EINVAL;
	struct pcache_page *p = *bfind(pc, dev, block);
	if (!p)
		return -ENOENT;
	if (p->flags & PCP_FILE)
		return (p->ino == ino && p->index == index) ? 0 : -EEXIST;
	if (*ffind(pc, dev, ino, index))
		return -EEXIST;
	size_t f = fhash_of(dev, ino, index);
	p->ino = ino;
	p->index = index;
	p->flags |= PCP_FILE;
	p->fnext = pc->fhash[f];
	pc->fhash[f] = p;
	return 0;
}

int pcache_clear_file_identity(struct pcache *pc, uint32_t dev, uint64_t block)
{
	struct pcache_page *p = *bfind(pc, dev, block);
	if (!p)
		return -ENOENT;
	if (p->flags & PCP_FILE)
		file_unhash(pc, p);
	return 0;
}

int pcache_forget_block(struct pcache *pc, uint32_t dev, uint64_t block)
{
	struct pcache_page *p = *bfind(pc, dev, block);
	if (!p)
		return -ENOENT;
	forget(pc, p);
	return 0;
}

size_t pcache_forget_file(struct pcache *pc, uint32_t dev, uint64_t ino, uint64_t from)
{
	size_t n = 0;
	for (size_t i = 0; i < PCACHE_BUCKETS; i++) {
		struct pcache_page *p = pc->fhash[i];
		while (p) {
			struct pcache_page *next = p->fnext;   /* p may be freed */
			if (p->dev == dev && p->ino == ino && p->index >= from) {
				forget(pc, p);
				n++;
			}
			p = next;
		}
	}
	return n;
}

void pcache_map(struct pcache *pc, struct pcache_page *p)
{
	if (p->mapcount++ == 0)
		pc->st.mapped++;
	lru_update(pc, p, false);
}

/* An orphan with nothing left holding it is released. */
static bool maybe_release_orphan(struct pcache *pc, struct pcache_page *p)
{
	if (!(p->flags & PCP_ORPHAN) || p->mapcount || (p->flags & PCP_BUSY))
		return false;
	pc->st.orphans--;
	release(pc, p);
	return true;
}

bool pcache_unmap(struct pcache *pc, struct pcache_page *p)
{
	/* Unmapping a page that is not mapped is a caller's bug. */
	if (p->mapcount == 0)
		return false;
	if (--p->mapcount == 0)
		pc->st.mapped--;
	if (maybe_release_orphan(pc, p))
		return true;
	lru_update(pc, p, false);
	return false;
}

void pcache_set_dirty(struct pcache *pc, struct pcache_page *p)
{
	/* An orphan's data belongs to no block: it cannot become dirty. */
	if ((p->flags & (PCP_DIRTY | PCP_ORPHAN)) == 0) {
		p->flags |= PCP_DIRTY;
		pc->st.dirty++;
	}
	lru_update(pc, p, false);
}

void pcache_clear_dirty(struct pcache *pc, struct pcache_page *p)
{
	if (p->flags & PCP_DIRTY) {
		p->flags &= ~PCP_DIRTY;
		pc->st.dirty--;
	}
	lru_update(pc, p, false);
}

void pcache_set_busy(struct pcache *pc, struct pcache_page *p)
{
	p->flags |= PCP_BUSY;
	lru_update(pc, p, false);
}

bool pcache_clear_busy(struct pcache *pc, struct pcache_page *p)
{
	p->flags &= ~PCP_BUSY;
	if (maybe_release_orphan(pc, p))
		return true;
	lru_update(pc, p, false);
	return false;
}

size_t pcache_evict(struct pcache *pc, size_t n)
{
	size_t done = 0;
	/* Only idle pages are on the list: the head is the LRU victim. A
	 * page someone else holds a frame reference on (VM's mappings and
	 * cache windows hold references, not pcache_map) is passed over:
	 * it is moved to the recent end, and the walk stops after one lap. */
	size_t left = pc->st.pages;
	struct pcache_page *p = pc->lru_head;
	while (done < n && p && left-- > 0) {
		struct pcache_page *next = p->lru_next;
		if (page_refs(pc->pm, p->pfn) > 1) {
			lru_remove(pc, p);
			lru_push_tail(pc, p);
		} else {
			forget(pc, p);
			pc->st.evictions++;
			done++;
		}
		p = next ? next : pc->lru_head;
	}
	return done;
}

void pcache_touch(struct pcache *pc, struct pcache_page *p)
{
	lru_update(pc, p, true);
}

void pcache_reclaim(struct pcache *pc, struct pcache_page *p)
{
	forget(pc, p);
	pc->st.evictions++;
}

void pcache_drop_all(struct pcache *pc)
{
	for (size_t i = 0; i < PCACHE_BUCKETS; i++)
		while (pc->bhash[i])
			forget(pc, pc->bhash[i]);
}
