/*
 * What cache.c shares with readahead.c. Not for file systems.
 */
#ifndef LMFS_PRIV_H
#define LMFS_PRIV_H

#include <quire/errno.h>
#include "lmfs.h"
#include "../libmini/mini_string.h"

/* Buffer flags. DIRTY implies VALID. */
#define LMFS_F_VALID 0x1        /* data holds the block's contents */
#define LMFS_F_DIRTY 0x2        /* data differs from the device */
#define LMFS_F_NAMED 0x4        /* the backing caches the page at data as
				   block blockno (see struct lmfs_buf) */
#define LMFS_F_PENDING 0x8      /* taken from the open fresh run: the backing
				   learns its name when the run closes */

/* Provided by the program: libsys in Quire, the test harness on the host. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/* Checks that stay on in every build. */
#define lmfs_assert(c) \
	do { if (!(c)) panic("lmfs: %s:%d: %s", __FILE__, __LINE__, #c); } while (0)

/* The cached buffer of (dev, blockno), valid or not; NULL if none. */
struct lmfs_buf *lmfs_lookup(struct lmfs_dev *dev, uint64_t blockno);
/* A buffer for (dev, blockno), which must not be cached: the least
 * recently used unheld buffer, written back first if dirty, now held once
 * under the new identity. If found is NULL the backing is not asked.
 * Else, if dev has a backing, it was asked for the
 * block (file identity (ino, index) if ino != 0): *found tells whether it
 * had it, and then the buffer is VALID; otherwise it holds no valid data
 * (the caller reads or zeroes it, then lmfs_backing_set()s it). NULL with
 * *err set if none is free or the write-back failed. */
struct lmfs_buf *lmfs_claim(struct lmfs_dev *dev, uint64_t blockno, uint64_t ino,
			    uint64_t index, bool *found, int *err);
/* Undo a claim whose read failed: the buffer holds nothing again and is
 * the first to be reused. */
void lmfs_unclaim(struct lmfs_buf *b);
/* Unheld buffers (could be claimed now). */
unsigned lmfs_nr_free(void);
/* Count one device read of n blocks, and one of read-ahead. */
void lmfs_count_readahead(unsigned n);
/* The counters, for the files of the cache to change. */
struct lmfs_stats *lmfs_stats_rw(void);

/* ---- the backing (backing.c); each only when b->dev->backing ---- */
/* b was just claimed: ask the backing for its block (see lmfs_claim). */
void lmfs_backing_get(struct lmfs_buf *b, uint64_t ino, uint64_t index, bool *found);
/* b was just claimed for a block just allocated: the backing's fresh op
 * gives its page a zeroed frame named as the block. false if the backing
 * has no such op or refused (the caller goes the get, zero, set way). */
bool lmfs_backing_fresh(struct lmfs_buf *b, uint64_t ino, uint64_t index);
/* b's page now holds its block (read or zeroed): hand it to the backing. */
void lmfs_backing_set(struct lmfs_buf *b, uint64_t ino, uint64_t index);
/* A hit on b asked for file identity (ino, index): give it to the
 * backing if b's page does not have it yet. The fast path is inline. */
void lmfs_backing_rename(struct lmfs_buf *b, uint64_t ino, uint64_t index);
static inline bool lmfs_needs_rename(const struct lmfs_buf *b, uint64_t ino, uint64_t index)
{
	return ino != 0 && b->dev->backing && (b->vm_ino != ino || b->vm_index != index);
}
/* File page index of ino (ino != 0; the file is `size` bytes) was just
 * read from the device into b: zero what lies past the end of the file. */
static inline void lmfs_zero_past_eof(struct lmfs_buf *b, uint64_t ino, uint64_t index,
				      uint64_t size)
{
	uint64_t start = index << LMFS_BLOCK_SHIFT;
	if (ino == 0 || (size > start && size - start >= LMFS_BLOCK_SIZE))
		return;                 /* metadata, or a page wholly inside the file */
	size_t keep = size > start ? (size_t)(size - start) : 0;
	memset((char *)b->data + keep, 0, LMFS_BLOCK_SIZE - keep);
}

/* ---- fresh runs (freshrun.c) ---- */
/* A zeroed, held, VALID buffer for block blockno (just allocated) from the
 * open fresh run, opening one if need be; NULL if the backing has no runs
 * or none can be had (the caller goes the one-message way). */
struct lmfs_buf *lmfs_run_take(struct lmfs_dev *dev, uint64_t blockno, uint64_t ino,
			       uint64_t index);
/* Close the open fresh run, if any: the backing names the taken buffers
 * (set_run), the untaken ones go back to the LRU list. lmfs_forget_flush
 * does it after sending the freed blocks. */
void lmfs_run_close(void);
/* cache.c's side of it. */
struct lmfs_buf *lmfs_buf_at(unsigned i);       /* NULL past the last */
bool lmfs_reservable(const struct lmfs_buf *b); /* unheld, clean, not pending */
void lmfs_reserve(struct lmfs_buf *b);          /* off the LRU and the hash */
void lmfs_install(struct lmfs_buf *b, struct lmfs_dev *dev, uint64_t blockno);
void lmfs_release(struct lmfs_buf *b);          /* back to the LRU's front */

/* Block blockno of dev was freed: batch it for forget_blocks. */
void lmfs_backing_forget(struct lmfs_dev *dev, uint64_t blockno);
/* b leaves the backing's knowledge (freed block): no identity any more. */
static inline void lmfs_backing_clear(struct lmfs_buf *b)
{
	b->flags &= ~LMFS_F_NAMED;
	b->vm_ino = 0;
	b->vm_index = 0;
}

#endif
