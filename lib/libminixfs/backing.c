/*
 * The cache's backing (struct lmfs_backing in lmfs.h): in Quire VM's page
 * cache, which the cache's data pages belong to (the cache window).
 *
 * Who owns a buffer's frame. The page at b->data always holds some frame
 * (or reads as zeros); what the backing knows it as is kept per buffer:
 *   LMFS_F_NAMED   the backing caches that frame as block b->blockno
 *                  (after a get that found it, or a set that worked);
 *   b->vm_ino      != 0: also as page b->vm_index of file vm_ino.
 * Neither: the frame is the cache's alone (a set failed, the block was
 * freed or its file cut), and the backing drops it when the page is next
 * got. So at most one buffer holds a given block's frame, because the
 * cache's hash holds a block at most once.
 *
 * Freed blocks are batched: lmfs_forget() extends one run of consecutive
 * blocks, sent as one forget_blocks before any other call to the backing
 * (so the backing never hands out a freed block's old page, and never
 * refuses a reused block's set with EEXIST) or at lmfs_forget_flush().
 * So are the names of fresh blocks (freshrun.c), sent after the forgets.
 */
#include "lmfs_priv.h"

/* The run of freed blocks not yet sent. */
static struct {
	struct lmfs_dev *dev;
	uint64_t start, count;
} pending;

/* A copy of a page whose rename went wrong (see lmfs_backing_rename). */
static uint8_t keep[LMFS_BLOCK_SIZE] __attribute__((aligned(64)));

/* Bring the backing up to date: the freed blocks first, then the names
 * of the open fresh run (a block freed and allocated again must be
 * forgotten before it is named). */
void lmfs_forget_flush(void)
{
	if (pending.count != 0) {
		struct lmfs_dev *dev = pending.dev;
		uint64_t start = pending.start, count = pending.count;
		pending.count = 0;
		if (dev->backing->forget_blocks(start, count) != OK)
			lmfs_stats_rw()->backing_errors++;
	}
	lmfs_run_close();
}

void lmfs_backing_forget(struct lmfs_dev *dev, uint64_t blockno)
{
	if (pending.count > 0 && pending.dev == dev && blockno == pending.start + pending.count) {
		pending.count++;
		return;
	}
	lmfs_forget_flush();
	pending.dev = dev;
	pending.start = blockno;
	pending.count = 1;
}

void lmfs_backing_get(struct lmfs_buf *b, uint64_t ino, uint64_t index, bool *found)
{
	lmfs_forget_flush();
	*found = false;
	lmfs_backing_clear(b);          /* the frame that was there leaves the page */
	int r = b->dev->backing->get(b->data, b->blockno, ino, index, found);
	if (r != OK) {
		lmfs_stats_rw()->backing_errors++;
		*found = false;
		return;                 /* the caller reads the block as if not found */
	}
	if (!*found)
		return;
	b->flags |= LMFS_F_VALID | LMFS_F_NAMED;
	b->vm_ino = ino;
	b->vm_index = ino ? index : 0;
	lmfs_stats_rw()->backing_found++;
}

bool lmfs_backing_fresh(struct lmfs_buf *b, uint64_t ino, uint64_t index)
{
	if (!b->dev->backing->fresh)
		return false;
	lmfs_forget_flush();
	lmfs_backing_clear(b);
	if (b->dev->backing->fresh(b->data, b->blockno, ino, index) != OK) {
		lmfs_stats_rw()->backing_errors++;
		return false;
	}
	lmfs_stats_rw()->backing_sets++;
	b->flags = LMFS_F_VALID | LMFS_F_NAMED;
	b->vm_ino = ino;
	b->vm_index = ino ? index : 0;
	return true;
}

void lmfs_backing_set(struct lmfs_buf *b, uint64_t ino, uint64_t index)
{
	lmfs_forget_flush();
	lmfs_assert(!(b->flags & LMFS_F_NAMED) && (b->flags & LMFS_F_VALID));
	int r = b->dev->backing->set(b->data, b->blockno, ino, index);
	struct lmfs_stats *st = lmfs_stats_rw();
	if (r == -EEXIST) {
		/* The backing has this block or file page already: the
		 * bookkeeping above is wrong. Tests assert the count is 0; in
		 * service the page simply stays the cache's own. */
		st->backing_exists++;
#ifdef LMFS_DEBUG
		lmfs_assert(r != -EEXIST);
#endif
		return;
	}
	if (r != OK) {
		st->backing_errors++;
		return;
	}
	st->backing_sets++;
	b->flags |= LMFS_F_NAMED;
	b->vm_ino = ino;
	b->vm_index = ino ? index : 0;
}

void lmfs_backing_rename(struct lmfs_buf *b, uint64_t ino, uint64_t index)
{
	lmfs_forget_flush();            /* a pending b is named first */
	lmfs_stats_rw()->backing_renames++;
	if (!(b->flags & LMFS_F_NAMED)) {
		/* The backing does not know the frame: a set names it both ways. */
		lmfs_backing_set(b, ino, index);
		return;
	}
	/* The backing caches the frame as the block only: getting the block
	 * again on the same page gives it the file identity and puts the
	 * same frame back. Should the backing have lost it meanwhile, the
	 * page would come back zeroed: keep a copy (dirty data included)
	 * and hand it over with a set instead. */
	uint32_t flags = b->flags;
	memcpy(keep, b->data, LMFS_BLOCK_SIZE);
	bool found;
	lmfs_backing_get(b, ino, index, &found);
	if (found) {
		b->flags = flags | LMFS_F_NAMED;
		return;
	}
	memcpy(b->data, keep, LMFS_BLOCK_SIZE);
	b->flags = flags & ~LMFS_F_NAMED;
	lmfs_backing_set(b, ino, index);
}
