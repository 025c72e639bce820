/*
 * Read-ahead: detect sequential streams, and bring runs of blocks into
 * the cache with one device request per run of consecutive blocks.
 *
 * A file system is single-threaded and its reads are synchronous, so
 * reading ahead wins by making requests fewer and larger (one IPC to the
 * driver and one virtio request for up to 32 blocks), not by overlapping
 * I/O with work. The file system decides which device blocks follow a
 * stream (it maps file blocks to device blocks); this file decides when
 * and how many, and does the I/O. With a backing, blocks it has cost no
 * read (they join the cache from it) and break a run like cached blocks;
 * each block read is handed to it with its file identity.
 */
#include "lmfs_priv.h"

#define RA_VEC 64               /* most blocks in one read-ahead request */

unsigned lmfs_stream_access(struct lmfs_stream *s, uint64_t n)
{
	if (n == s->next) {
		/* The block after the previous read: sequential. */
		unsigned w = s->window ? s->window * 2 : LMFS_RA_MIN;
		s->window = w > LMFS_RA_MAX ? LMFS_RA_MAX : w;
	} else if (n + 1 != s->next) {
		/* Neither the next block nor the same one again: random. */
		s->window = 0;
	}
	s->next = n + 1;
	return s->window;
}

/* Read the claimed buffers run[0..len) (blocks start, start+1, ...; file
 * pages idx[0..len) of ino) with one request; on success they join the
 * cache as most recently used, on failure they are given back empty. */
static int read_run(struct lmfs_dev *dev, uint64_t start, struct lmfs_buf **run,
		    const uint64_t *idx, uint64_t ino, uint64_t size, unsigned len)
{
	void *vec[RA_VEC];
	for (unsigned i = 0; i < len; i++)
		vec[i] = run[i]->data;
	int r = dev->ops->read(dev, start, vec, len);
	dev->stats.read_requests++;
	dev->stats.blocks_read += len;
	for (unsigned i = 0; i < len; i++) {
		if (r == OK) {
			lmfs_zero_past_eof(run[i], ino, idx[i], size);
			run[i]->flags = LMFS_F_VALID;
			if (dev->backing)
				lmfs_backing_set(run[i], ino, idx[i]);
			lmfs_put_block(run[i]);
		} else {
			lmfs_unclaim(run[i]);
		}
	}
	if (r == OK)
		lmfs_count_readahead(len);
	return r;
}

int lmfs_readahead(struct lmfs_dev *dev, uint64_t ino, uint64_t first, uint64_t size,
		   const uint64_t *blocks, unsigned n)
{
	/* Never take more than half the unheld buffers: read-ahead must not
	 * push out what is in use, nor reuse what it has just read. */
	unsigned budget = lmfs_nr_free() / 2;
	unsigned max = dev->max_io < RA_VEC ? dev->max_io : RA_VEC;
	struct lmfs_buf *run[RA_VEC];
	uint64_t idx[RA_VEC];
	unsigned len = 0;
	uint64_t start = 0;
	int err = OK;

	for (unsigned i = 0; i < n; i++) {
		uint64_t blk = blocks[i];
		bool wanted = blk != 0 && blk < dev->nblocks && !lmfs_lookup(dev, blk);
		if (len > 0 && (!wanted || blk != start + len || len == max)) {
			int r = read_run(dev, start, run, idx, ino, size, len);
			if (r != OK && err == OK)
				err = r;
			len = 0;
		}
		if (!wanted)
			continue;
		if (budget == 0)
			break;
		int r;
		bool found;
		uint64_t index = ino ? first + i : 0;
		struct lmfs_buf *b = lmfs_claim(dev, blk, ino, index, &found, &r);
		if (!b) {
			if (err == OK)
				err = r;
			break;
		}
		budget--;
		if (found) {
			/* From the backing, valid: it ends the run (the next
			 * block cannot extend it). */
			lmfs_put_block(b);
			continue;
		}
		if (len == 0)
			start = blk;
		idx[len] = index;
		run[len++] = b;
	}
	if (len > 0) {
		int r = read_run(dev, start, run, idx, ino, size, len);
		if (r != OK && err == OK)
			err = r;
	}
	return err;
}
