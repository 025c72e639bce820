/*
 * Fresh runs: blocks just allocated (LMFS_FRESH) without a message each.
 *
 * A file written sequentially allocates consecutive blocks for
 * consecutive file pages. Instead of one fresh() per block, the cache
 * reserves RUN_LEN consecutive buffers (consecutive pages of the cache
 * window), has the backing give all their pages fresh zeroed frames in
 * one prep(), and hands them out one by one to the blocks the file system
 * allocates. The backing learns their names in one set_run() when the
 * run closes. Per RUN_LEN blocks: two messages instead of RUN_LEN.
 *
 * The open run: buffers [first, first + cap) are reserved (off the LRU
 * list and the hash: nobody else can get them); [first, first + used)
 * have been taken for blocks block + i, file pages index + i of ino
 * (ino 0: metadata), and are PENDING: in the hash, maybe held, maybe
 * dirty, but unknown to the backing. A block that does not continue the
 * run closes it and opens another.
 *
 * The run closes (lmfs_run_close, from lmfs_forget_flush, after the freed
 * blocks are sent) before anything could need the backing to know a
 * pending page: any other call to the backing (all go through
 * lmfs_forget_flush first), the eviction of a pending buffer (lmfs_claim),
 * the forgetting of a pending block (lmfs_forget), and the end of each
 * file-system request and of each answer to VM (the server calls
 * lmfs_forget_flush). Untaken buffers go back to the LRU list's front,
 * holding unnamed zeroed frames, which the backing drops when the page is
 * next got.
 */
#include "lmfs_priv.h"

#define RUN_LEN 16
#define SCAN_TRIES 8            /* windows of RUN_LEN buffers looked at per open */

struct fresh_run {
	bool open;
	struct lmfs_dev *dev;
	unsigned first, cap, used;
	uint64_t block, ino, index;
};
static struct fresh_run run;

static unsigned cursor;         /* where the next search starts */

/* Reserve RUN_LEN consecutive reservable buffers and have their pages
 * made fresh. */
static bool run_open(struct lmfs_dev *dev)
{
	unsigned n = lmfs_nr_bufs();
	if (n < 4 * RUN_LEN)
		return false;           /* a small cache: runs would crowd it */
	for (unsigned t = 0; t < SCAN_TRIES; t++) {
		unsigned first = cursor;
		cursor = (cursor + RUN_LEN) % (n - n % RUN_LEN);
		bool ok = first + RUN_LEN <= n;
		for (unsigned i = 0; ok && i < RUN_LEN; i++)
			ok = lmfs_reservable(lmfs_buf_at(first + i));
		if (!ok)
			continue;
		for (unsigned i = 0; i < RUN_LEN; i++)
			lmfs_reserve(lmfs_buf_at(first + i));
		if (dev->backing->prep(lmfs_buf_at(first)->data, RUN_LEN) != OK) {
			lmfs_stats_rw()->backing_errors++;
			for (unsigned i = 0; i < RUN_LEN; i++)
				lmfs_release(lmfs_buf_at(first + i));
			return false;
		}
		run = (struct fresh_run){ .open = true, .dev = dev, .first = first, .cap = RUN_LEN };
		return true;
	}
	return false;
}

static bool continues(struct lmfs_dev *dev, uint64_t blockno, uint64_t ino, uint64_t index)
{
	return run.open && run.dev == dev && run.used < run.cap && blockno == run.block + run.used &&
	       ino == run.ino && (ino == 0 || index == run.index + run.used);
}

struct lmfs_buf *lmfs_run_take(struct lmfs_dev *dev, uint64_t blockno, uint64_t ino,
			       uint64_t index)
{
	if (!dev->backing->prep || !dev->backing->set_run)
		return NULL;
	if (!continues(dev, blockno, ino, index)) {
		lmfs_forget_flush();     /* closes the open run, after the forgets */
		if (!run_open(dev))
			return NULL;
		run.block = blockno;
		run.ino = ino;
		run.index = ino ? index : 0;
	}
	struct lmfs_buf *b = lmfs_buf_at(run.first + run.used++);
	lmfs_install(b, dev, blockno);
	b->flags = LMFS_F_VALID | LMFS_F_PENDING;   /* the page is zeroed */
	b->vm_ino = ino;
	b->vm_index = ino ? index : 0;
	return b;
}

void lmfs_run_close(void)
{
	if (!run.open)
		return;
	run.open = false;               /* set_run below must not come back here */
	int r = OK;
	if (run.used > 0)
		r = run.dev->backing->set_run(lmfs_buf_at(run.first)->data, run.block, run.ino, run.index,
					      run.used);
	struct lmfs_stats *st = lmfs_stats_rw();
	if (r == -EEXIST)
		st->backing_exists++;
	else if (r != OK)
		st->backing_errors++;
	else
		st->backing_sets += run.used;
	for (unsigned i = 0; i < run.cap; i++) {
		struct lmfs_buf *b = lmfs_buf_at(run.first + i);
		if (i >= run.used) {
			lmfs_release(b);
			continue;
		}
		lmfs_assert((b->flags & LMFS_F_PENDING) && b->dev == run.dev &&
			    b->blockno == run.block + i);
		b->flags &= ~LMFS_F_PENDING;
		if (r == OK)
			b->flags |= LMFS_F_NAMED;
		else
			lmfs_backing_clear(b);   /* the frame stays the cache's alone */
	}
}
