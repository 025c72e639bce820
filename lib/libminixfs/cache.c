/*
 * The block cache: a fixed array of buffers, a hash from (device, block)
 * to buffer, and an LRU list of the buffers nobody holds.
 *
 * Invariants (checked with lmfs_assert):
 *   - a buffer is on the LRU list iff its count is 0;
 *   - a buffer is in the hash iff b->dev != NULL, and at most one buffer
 *     carries a given (dev, blockno);
 *   - an unheld buffer in the hash is VALID (a claimed buffer is invalid
 *     only while its claimer holds it, between lmfs_claim and the read);
 *   - DIRTY implies VALID; NAMED (backing.c) only with a backing;
 *   - PENDING (freshrun.c) only on the taken buffers of the open fresh
 *     run; a buffer reserved for the run and not taken yet is in neither
 *     the hash nor the LRU list (dev NULL, count 0).
 * The LRU list runs from the least recently used (lru.lru_next, the next
 * to be reused) to the most recently used (lru.lru_prev). Freed and
 * failed buffers go to the front, so they are reused first.
 *
 * Memory, all from the caller (lmfs_init): the block data, one page a
 * buffer (in Quire the cache window, whose pages VM exchanges: nothing
 * but block data may live there), and apart the headers, the hash
 * buckets and the list lmfs_flush_*() sorts.
 */
#include "lmfs_priv.h"

#define LMFS_MAX_VEC 64         /* most blocks in one request we build */

static struct {
	struct lmfs_buf *bufs;
	unsigned nbufs;
	struct lmfs_buf **hash;
	unsigned hash_shift;        /* 64 - log2(buckets) */
	struct lmfs_buf **flushlist;
	struct lmfs_buf lru;        /* sentinel of the LRU list */
	unsigned nfree;             /* buffers on the LRU list */
	struct lmfs_stats stats;
} cache;

/* ---- memory ---------------------------------------------------------------- */

static unsigned hash_buckets(unsigned nblocks)
{
	unsigned n = 2;             /* at least two: the shift below stays < 64 */
	while (n < nblocks)
		n <<= 1;
	return n;
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

size_t lmfs_meta_size(unsigned nblocks)
{
	return align8((size_t)nblocks * sizeof(struct lmfs_buf)) +
	       (size_t)hash_buckets(nblocks) * sizeof(struct lmfs_buf *) +
	       (size_t)nblocks * sizeof(struct lmfs_buf *);
}

/* ---- the LRU list ------------------------------------------------------------ */

static void lru_unlink(struct lmfs_buf *b)
{
	b->lru_prev->lru_next = b->lru_next;
	b->lru_next->lru_prev = b->lru_prev;
	b->lru_prev = b->lru_next = NULL;
	cache.nfree--;
}

static void lru_insert_after(struct lmfs_buf *at, struct lmfs_buf *b)
{
	b->lru_prev = at;
	b->lru_next = at->lru_next;
	at->lru_next->lru_prev = b;
	at->lru_next = b;
	cache.nfree++;
}

static void lru_push_mru(struct lmfs_buf *b)
{
	lru_insert_after(cache.lru.lru_prev, b);
}

static void lru_push_lru(struct lmfs_buf *b)
{
	lru_insert_after(&cache.lru, b);
}

/* ---- the hash ---------------------------------------------------------------- */

static struct lmfs_buf **bucket(struct lmfs_dev *dev, uint64_t blockno)
{
	uint64_t k = (blockno ^ ((uint64_t)(uintptr_t)dev >> 4)) * 0x9E3779B97F4A7C15ull;
	return &cache.hash[k >> cache.hash_shift];
}

struct lmfs_buf *lmfs_lookup(struct lmfs_dev *dev, uint64_t blockno)
{
	for (struct lmfs_buf *b = *bucket(dev, blockno); b; b = b->hash_next)
		if (b->dev == dev && b->blockno == blockno)
			return b;
	return NULL;
}

static void hash_insert(struct lmfs_buf *b)
{
	struct lmfs_buf **head = bucket(b->dev, b->blockno);
	b->hash_next = *head;
	*head = b;
}

static void hash_remove(struct lmfs_buf *b)
{
	struct lmfs_buf **pp = bucket(b->dev, b->blockno);
	while (*pp != b) {
		lmfs_assert(*pp != NULL);
		pp = &(*pp)->hash_next;
	}
	*pp = b->hash_next;
	b->hash_next = NULL;
	b->dev = NULL;
}

/* ---- for fresh runs (freshrun.c) ----------------------------------------------- */

struct lmfs_buf *lmfs_buf_at(unsigned i)
{
	return i < cache.nbufs ? &cache.bufs[i] : NULL;
}

bool lmfs_reservable(const struct lmfs_buf *b)
{
	return b->count == 0 && b->lru_next != NULL && !(b->flags & (LMFS_F_DIRTY | LMFS_F_PENDING));
}

void lmfs_reserve(struct lmfs_buf *b)
{
	lmfs_assert(lmfs_reservable(b));
	lru_unlink(b);
	if (b->dev) {
		hash_remove(b);
		cache.stats.evictions++;
	}
	lmfs_backing_clear(b);
	b->flags = 0;
}

void lmfs_install(struct lmfs_buf *b, struct lmfs_dev *dev, uint64_t blockno)
{
	lmfs_assert(b->count == 0 && b->dev == NULL && b->lru_next == NULL);
	b->dev = dev;
	b->blockno = blockno;
	hash_insert(b);
	b->count = 1;
	cache.stats.misses++;
}

void lmfs_release(struct lmfs_buf *b)
{
	lmfs_assert(b->count == 0 && b->dev == NULL && b->lru_next == NULL);
	b->flags = 0;
	lru_push_lru(b);
}

/* ---- setup ------------------------------------------------------------------- */

int lmfs_init(void *data, void *meta, size_t meta_len, unsigned nblocks)
{
	if (!data || !meta || nblocks == 0 || ((uintptr_t)data & (LMFS_BLOCK_SIZE - 1)) ||
	    ((uintptr_t)meta & 7) || meta_len < lmfs_meta_size(nblocks))
		return -EINVAL;
	unsigned buckets = hash_buckets(nblocks);
	char *p = meta;
	cache.bufs = (struct lmfs_buf *)p;
	p += align8((size_t)nblocks * sizeof(struct lmfs_buf));
	cache.hash = (struct lmfs_buf **)p;
	p += (size_t)buckets * sizeof(struct lmfs_buf *);
	cache.flushlist = (struct lmfs_buf **)p;

	cache.nbufs = nblocks;
	cache.hash_shift = 64;
	for (unsigned n = buckets; n > 1; n >>= 1)
		cache.hash_shift--;
	memset(cache.hash, 0, (size_t)buckets * sizeof(struct lmfs_buf *));
	memset(&cache.stats, 0, sizeof(cache.stats));
	cache.lru.lru_next = cache.lru.lru_prev = &cache.lru;
	cache.nfree = 0;
	for (unsigned i = 0; i < nblocks; i++) {
		struct lmfs_buf *b = &cache.bufs[i];
		memset(b, 0, sizeof(*b));
		b->data = (char *)data + (size_t)i * LMFS_BLOCK_SIZE;
		lru_push_mru(b);
	}
	return OK;
}

void lmfs_set_backing(struct lmfs_dev *dev, const struct lmfs_backing *backing)
{
	dev->backing = backing;
}

/* ---- device I/O -------------------------------------------------------------- */

static int dev_write(struct lmfs_dev *dev, uint64_t blockno, void *const bufs[], unsigned n)
{
	int r = dev->ops->write(dev, blockno, bufs, n);
	dev->stats.write_requests++;
	dev->stats.blocks_written += n;
	dev->unflushed = true;
	return r;
}

static int write_back(struct lmfs_buf *b)
{
	int r = dev_write(b->dev, b->blockno, &b->data, 1);
	if (r == OK)
		b->flags &= ~LMFS_F_DIRTY;
	return r;
}

/* ---- getting and putting ------------------------------------------------------- */

struct lmfs_buf *lmfs_claim(struct lmfs_dev *dev, uint64_t blockno, uint64_t ino,
			    uint64_t index, bool *found, int *err)
{
	if (found)
		*found = false;
	lmfs_assert(lmfs_lookup(dev, blockno) == NULL);
	struct lmfs_buf *b = cache.lru.lru_next;
	if (b == &cache.lru) {
		*err = -ENOMEM;
		return NULL;
	}
	if (b->flags & LMFS_F_PENDING)
		lmfs_forget_flush();    /* the backing learns its name before it goes */
	if (b->flags & LMFS_F_DIRTY) {
		int r = write_back(b);
		if (r != OK) {
			*err = r;
			return NULL;
		}
		cache.stats.writebacks++;
	}
	lru_unlink(b);
	if (b->dev) {
		hash_remove(b);
		cache.stats.evictions++;
	}
	b->count = 1;
	b->flags = 0;
	b->dev = dev;
	b->blockno = blockno;
	hash_insert(b);
	if (dev->backing && found)
		lmfs_backing_get(b, ino, index, found);     /* VALID if found */
	return b;
}

void lmfs_unclaim(struct lmfs_buf *b)
{
	lmfs_assert(b->count == 1 && !(b->flags & LMFS_F_VALID));
	lmfs_backing_clear(b);          /* the page is not the backing's */
	hash_remove(b);
	b->count = 0;
	lru_push_lru(b);
}

int lmfs_get_file_block(struct lmfs_buf **bp, struct lmfs_dev *dev, uint64_t blockno, int how,
			uint64_t ino, uint64_t index, uint64_t size)
{
	*bp = NULL;
	if (!dev || blockno >= dev->nblocks ||
	    (how != LMFS_NORMAL && how != LMFS_NOREAD && how != LMFS_CACHED && how != LMFS_FRESH))
		return -EINVAL;
	struct lmfs_buf *b = lmfs_lookup(dev, blockno);
	if (b) {
		/* The hit: a plain memory access, unless the backing must
		 * learn the page's file identity first. */
		lmfs_assert(b->flags & LMFS_F_VALID);
		if (b->count++ == 0)
			lru_unlink(b);
		if (lmfs_needs_rename(b, ino, index))
			lmfs_backing_rename(b, ino, index);
		cache.stats.hits++;
		*bp = b;
		return OK;
	}
	if (how == LMFS_CACHED && !dev->backing)
		return -ENOENT;
	int r;
	bool found = false;
	if (how == LMFS_FRESH) {
		if (dev->backing && (b = lmfs_run_take(dev, blockno, ino, index)) != NULL) {
			*bp = b;        /* a zeroed page of a fresh run: no message */
			return OK;
		}
		b = lmfs_claim(dev, blockno, ino, index, NULL, &r);
		if (!b)
			return r;
		cache.stats.misses++;
		if (dev->backing && lmfs_backing_fresh(b, ino, index)) {
			*bp = b;        /* zeroed and named in one message */
			return OK;
		}
		if (dev->backing)
			lmfs_backing_get(b, ino, index, &found);
		how = LMFS_NOREAD;
	} else {
		b = lmfs_claim(dev, blockno, ino, index, &found, &r);
		if (!b)
			return r;
		cache.stats.misses++;
	}
	if (found) {
		*bp = b;                /* the backing had it: no I/O */
		return OK;
	}
	if (how == LMFS_CACHED) {
		lmfs_unclaim(b);
		return -ENOENT;
	}
	if (how == LMFS_NOREAD) {
		memset(b->data, 0, LMFS_BLOCK_SIZE);
	} else {
		r = dev->ops->read(dev, blockno, &b->data, 1);
		dev->stats.read_requests++;
		dev->stats.blocks_read++;
		if (r != OK) {
			lmfs_unclaim(b);
			return r;
		}
		lmfs_zero_past_eof(b, ino, index, size);
	}
	b->flags = LMFS_F_VALID;
	if (dev->backing)
		lmfs_backing_set(b, ino, index);
	*bp = b;
	return OK;
}

int lmfs_get_block(struct lmfs_buf **bp, struct lmfs_dev *dev, uint64_t blockno, int how)
{
	return lmfs_get_file_block(bp, dev, blockno, how, 0, 0, 0);
}

void lmfs_put_block(struct lmfs_buf *b)
{
	if (!b)
		return;
	lmfs_assert(b->count > 0 && b->dev != NULL);
	if (--b->count == 0)
		lru_push_mru(b);
}

void lmfs_markdirty(struct lmfs_buf *b)
{
	lmfs_assert(b->count > 0 && (b->flags & LMFS_F_VALID));
	b->flags |= LMFS_F_DIRTY;
}

bool lmfs_cached(struct lmfs_dev *dev, uint64_t blockno)
{
	struct lmfs_buf *b = lmfs_lookup(dev, blockno);
	return b && (b->flags & LMFS_F_VALID);
}

void lmfs_forget(struct lmfs_dev *dev, uint64_t blockno)
{
	struct lmfs_buf *b = lmfs_lookup(dev, blockno);
	if (b && (b->flags & LMFS_F_PENDING))
		lmfs_forget_flush();    /* named first, so that the forget reaches it */
	if (dev->backing)
		lmfs_backing_forget(dev, blockno);
	if (!b)
		return;
	b->flags &= ~LMFS_F_DIRTY;
	lmfs_backing_clear(b);          /* the backing drops it (above) */
	if (b->count > 0)
		return;                 /* its holder still sees the data */
	lru_unlink(b);
	hash_remove(b);
	b->flags = 0;
	lru_push_lru(b);
}

void lmfs_forget_file(struct lmfs_dev *dev, uint64_t ino, uint64_t from)
{
	if (!dev->backing || ino == 0)
		return;
	lmfs_forget_flush();
	/* The backing's pages of ino from `from` leave its cache altogether
	 * (both keys): the buffers holding them keep their data, unnamed. */
	for (unsigned i = 0; i < cache.nbufs; i++) {
		struct lmfs_buf *b = &cache.bufs[i];
		if (b->dev == dev && b->vm_ino == ino && b->vm_index >= from)
			lmfs_backing_clear(b);
	}
	if (dev->backing->forget_file(ino, from) != OK)
		cache.stats.backing_errors++;
}

void lmfs_invalidate(struct lmfs_dev *dev)
{
	if (dev->backing)
		lmfs_forget_flush();    /* no fresh run left open */
	for (unsigned i = 0; i < cache.nbufs; i++) {
		struct lmfs_buf *b = &cache.bufs[i];
		if (b->dev != dev)
			continue;
		lmfs_assert(b->count == 0);
		lru_unlink(b);
		hash_remove(b);
		b->flags = 0;
		lmfs_backing_clear(b);
		lru_push_lru(b);
	}
	if (dev->backing) {
		/* What the backing holds may be newer than the device (dirty
		 * blocks dropped here): it forgets the lot. */
		lmfs_forget_flush();
		if (dev->backing->forget_blocks(0, dev->nblocks) != OK)
			cache.stats.backing_errors++;
	}
}

/* ---- write-back ---------------------------------------------------------------- */

static bool buf_before(const struct lmfs_buf *a, const struct lmfs_buf *b)
{
	if (a->dev != b->dev)
		return (uintptr_t)a->dev < (uintptr_t)b->dev;
	return a->blockno < b->blockno;
}

/* Shell sort: no recursion, no extra memory, fine for a few thousand. */
static void sort_bufs(struct lmfs_buf **v, unsigned n)
{
	for (unsigned gap = n / 2; gap > 0; gap /= 2)
		for (unsigned i = gap; i < n; i++) {
			struct lmfs_buf *t = v[i];
			unsigned j = i;
			for (; j >= gap && buf_before(t, v[j - gap]); j -= gap)
				v[j] = v[j - gap];
			v[j] = t;
		}
}

/* Write the dirty blocks of dev (every device if NULL) in runs of
 * consecutive blocks, one request a run. */
static int write_dirty(struct lmfs_dev *dev)
{
	unsigned n = 0;
	for (unsigned i = 0; i < cache.nbufs; i++) {
		struct lmfs_buf *b = &cache.bufs[i];
		if ((b->flags & LMFS_F_DIRTY) && (!dev || b->dev == dev))
			cache.flushlist[n++] = b;
	}
	sort_bufs(cache.flushlist, n);
	int err = OK;
	void *vec[LMFS_MAX_VEC];
	for (unsigned i = 0; i < n;) {
		struct lmfs_buf *first = cache.flushlist[i];
		unsigned max = first->dev->max_io < LMFS_MAX_VEC ? first->dev->max_io : LMFS_MAX_VEC;
		unsigned run = 1;
		vec[0] = first->data;
		while (i + run < n && run < max &&
		       cache.flushlist[i + run]->dev == first->dev &&
		       cache.flushlist[i + run]->blockno == first->blockno + run) {
			vec[run] = cache.flushlist[i + run]->data;
			run++;
		}
		int r = dev_write(first->dev, first->blockno, vec, run);
		for (unsigned k = 0; k < run; k++)
			if (r == OK)
				cache.flushlist[i + k]->flags &= ~LMFS_F_DIRTY;
		if (r != OK && err == OK)
			err = r;
		i += run;
	}
	return err;
}

int lmfs_write_blocks(struct lmfs_buf *const bufs[], unsigned n)
{
	void *vec[LMFS_MAX_VEC];
	if (n == 0 || n > LMFS_MAX_VEC || n > bufs[0]->dev->max_io)
		return -EINVAL;
	for (unsigned i = 0; i < n; i++) {
		lmfs_assert(bufs[i]->count > 0 && (bufs[i]->flags & LMFS_F_VALID));
		if (bufs[i]->dev != bufs[0]->dev || bufs[i]->blockno != bufs[0]->blockno + i)
			return -EINVAL;
		vec[i] = bufs[i]->data;
	}
	int r = dev_write(bufs[0]->dev, bufs[0]->blockno, vec, n);
	if (r == OK)
		for (unsigned i = 0; i < n; i++)
			bufs[i]->flags &= ~LMFS_F_DIRTY;
	return r;
}

static int dev_flush(struct lmfs_dev *dev)
{
	if (!dev->unflushed)
		return OK;
	int r = dev->ops->flush ? dev->ops->flush(dev) : OK;
	if (r == OK)
		dev->unflushed = false;
	return r;
}

int lmfs_dev_flush(struct lmfs_dev *dev)
{
	return dev_flush(dev);
}

int lmfs_flush_dev(struct lmfs_dev *dev)
{
	int err = write_dirty(dev);
	int r = dev_flush(dev);
	return err != OK ? err : r;
}

int lmfs_flush_all(void)
{
	int err = write_dirty(NULL);
	/* The devices to flush are found through the buffers: a device
	 * written at an eviction whose buffer went to another device is
	 * missed here (a file system flushes its own with lmfs_flush_dev). */
	for (unsigned i = 0; i < cache.nbufs; i++) {
		struct lmfs_dev *dev = cache.bufs[i].dev;
		if (dev && dev->unflushed) {
			int r = dev_flush(dev);
			if (r != OK && err == OK)
				err = r;
		}
	}
	return err;
}

/* ---- counters ------------------------------------------------------------------- */

const struct lmfs_stats *lmfs_get_stats(void)
{
	return &cache.stats;
}

unsigned lmfs_nr_bufs(void)
{
	return cache.nbufs;
}

unsigned lmfs_nr_free(void)
{
	return cache.nfree;
}

unsigned lmfs_nr_held(void)
{
	return cache.nbufs - cache.nfree;
}

void lmfs_count_readahead(unsigned n)
{
	cache.stats.readahead_blocks += n;
}

struct lmfs_stats *lmfs_stats_rw(void)
{
	return &cache.stats;
}
