/*
 * File data: read and write through the block cache, one block at a time,
 * copying straight between cache blocks and the requester's grant. Every
 * data block is got as page lblk of its file (lmfs_get_file_block), so
 * VM's page cache knows it by (ino, index) too and a mapping of the file
 * sees the very page read() and write() use.
 *
 * Reads: a hole reads as zeroes; the copies of up to FS_PIECES blocks go
 * out together (struct gather: one kernel call); a read of block n right after block n-1
 * (lmfs_stream_access) that misses the cache reads n and the blocks after
 * it in one device request (lmfs_readahead).
 *
 * Writes, and the EFAULT-retry protocol: each run of up to 16 blocks is
 * first copied from the grant into a bounce buffer (one copy), and only
 * then are its blocks allocated and changed, so a fault (EFAULT: the
 * requester's page is absent) never leaves a block half-copied. A fault in the first chunk changes no file
 * data (a write past the end has zeroed the old last block's bytes past
 * the old end first, which are not file data: see truncate.c).
 * A fault later leaves the runs before it written, but the size is put
 * back (freeing any blocks the write added past the old end): VFS makes
 * the memory present and sends the same request again, which writes the
 * same bytes at the same place. Other errors (ENOSPC) after some bytes
 * give a short count, as POSIX write does.
 */
#include "fs.h"

const uint8_t zero_block[EXT2_BLOCK_SIZE];
/* Writes copy in up to BOUNCE_BLOCKS blocks' worth at a time: one copy
 * (one kernel call) for a whole request of up to 64 KiB. */
#define BOUNCE_BLOCKS 16
static uint8_t bounce[BOUNCE_BLOCKS * EXT2_BLOCK_SIZE];

/* Read block lblk (device block pblk) of ip ahead of need if the reads
 * are sequential and it is not cached: it and the next blocks of the
 * file, in one request where they are consecutive on the disk. */
static void read_ahead(struct inode *ip, uint64_t lblk, uint32_t pblk, uint64_t size)
{
	unsigned window = lmfs_stream_access(&ip->ra, lblk);
	if (window == 0 || lmfs_cached(fs.dev, pblk))
		return;
	file_read_ahead(ip, lblk, pblk, window + 1, size);
}

void file_read_ahead(struct inode *ip, uint64_t lblk, uint32_t pblk, unsigned n,
		     uint64_t size)
{
	/* list[i] is file page lblk + i; holes stay 0 (skipped). */
	uint64_t list[LMFS_RA_MAX + 1];
	if (n > LMFS_RA_MAX + 1)
		n = LMFS_RA_MAX + 1;
	uint64_t last = (size - 1) >> EXT2_BLOCK_SHIFT;
	unsigned k = 0;
	list[k++] = pblk;
	for (uint64_t l = lblk + 1; k < n && l <= last; l++) {
		uint32_t p;
		if (bmap(ip, l, false, &p, NULL) != OK)
			break;
		list[k++] = p;
	}
	lmfs_readahead(fs.dev, ip->ino, lblk, size, list, k);    /* a hint: errors show up on the real read */
}

int xfer_out_pieces(struct fs_xfer *x, const struct fs_piece *p, int n)
{
	if (x->copy_out_v)
		return x->copy_out_v(x, p, n);
	for (int i = 0; i < n; i++) {
		int r = x->copy_out(x, p[i].off, p[i].src, p[i].len);
		if (r != OK)
			return r;
	}
	return OK;
}

/* A read's copies, gathered: up to FS_PIECES pieces go out in one
 * xfer_out_pieces (one kernel call). Each piece's block stays held until
 * its bytes are out (b[i]; NULL for a hole's zeros). */
struct gather {
	struct fs_piece p[FS_PIECES];
	struct lmfs_buf *b[FS_PIECES];
	int n;
};

static int gather_flush(struct fs_xfer *x, struct gather *g)
{
	int r = g->n ? xfer_out_pieces(x, g->p, g->n) : OK;
	for (int i = 0; i < g->n; i++)
		lmfs_put_block(g->b[i]);
	g->n = 0;
	return r;
}

int64_t file_read(struct inode *ip, uint64_t pos, struct fs_xfer *x, uint64_t len)
{
	uint64_t size = inode_size(ip);
	if (pos >= size || len == 0)
		return 0;
	if (len > size - pos)
		len = size - pos;
	struct gather g = { .n = 0 };
	uint64_t done = 0;
	int r = OK;
	while (done < len) {
		uint64_t at = pos + done;
		uint64_t lblk = at >> EXT2_BLOCK_SHIFT;
		unsigned boff = at & (EXT2_BLOCK_SIZE - 1);
		size_t n = EXT2_BLOCK_SIZE - boff;
		if (n > len - done)
			n = len - done;
		if (g.n == FS_PIECES && (r = gather_flush(x, &g)) != OK)
			break;
		uint32_t pblk;
		if ((r = bmap(ip, lblk, false, &pblk, NULL)) != OK)
			break;
		struct lmfs_buf *b = NULL;
		if (pblk == 0) {
			lmfs_stream_access(&ip->ra, lblk);
		} else {
			read_ahead(ip, lblk, pblk, size);
			r = lmfs_get_file_block(&b, fs.dev, pblk, LMFS_NORMAL, ip->ino, lblk, size);
			if (r != OK)
				break;
		}
		g.p[g.n] = (struct fs_piece){ done, b ? (uint8_t *)b->data + boff : zero_block, n };
		g.b[g.n++] = b;
		done += n;
	}
	int f = gather_flush(x, &g);      /* puts the blocks back in any case */
	if (r == OK)
		r = f;
	return r != OK ? r : (int64_t)done;   /* a read changes nothing: VFS may just retry */
}

/* Write n bytes (at most to the end of at's block) from src at `at`. */
static int write_chunk(struct inode *ip, uint64_t at, const uint8_t *src, size_t n)
{
	uint64_t lblk = at >> EXT2_BLOCK_SHIFT;
	unsigned boff = at & (EXT2_BLOCK_SIZE - 1);
	uint32_t pblk;
	bool fresh;
	int r = bmap(ip, lblk, true, &pblk, &fresh);
	if (r != OK)
		return r;
	bool whole = boff == 0 && n == EXT2_BLOCK_SIZE;
	struct lmfs_buf *b;
	r = lmfs_get_file_block(&b, fs.dev, pblk, fresh ? LMFS_FRESH : whole ? LMFS_NOREAD : LMFS_NORMAL,
				ip->ino, lblk, inode_size(ip));
	if (r != OK)
		return r;
	if (fresh && !whole)
		memset(b->data, 0, EXT2_BLOCK_SIZE);
	memcpy((uint8_t *)b->data + boff, src, n);
	lmfs_markdirty(b);
	lmfs_put_block(b);
	return OK;
}

int64_t file_write(struct inode *ip, uint64_t pos, struct fs_xfer *x, uint64_t len)
{
	if (fs.readonly)
		return -EROFS;
	if (len == 0)
		return 0;
	if (pos >= FS_MAX_FILE_SIZE)
		return -EFBIG;
	if (len > FS_MAX_FILE_SIZE - pos)
		len = FS_MAX_FILE_SIZE - pos;
	uint64_t old_size = inode_size(ip);
	if (pos > old_size) {
		/* Growing past a gap: the old last block's bytes from the old
		 * end become file data; a mapping may have stored there. */
		int r = file_zero_tail(ip, old_size, pos);
		if (r != OK)
			return r;
	}
	uint64_t done = 0;
	int err = OK;
	while (done < len && err == OK) {
		/* A run of whole or partial blocks, copied in first. */
		uint64_t at = pos + done;
		size_t run = sizeof(bounce) - (at & (EXT2_BLOCK_SIZE - 1));
		if (run > len - done)
			run = len - done;
		err = x->copy_in(x, done, bounce, run);
		for (size_t k = 0; err == OK && k < run; ) {
			size_t n = EXT2_BLOCK_SIZE - ((at + k) & (EXT2_BLOCK_SIZE - 1));
			if (n > run - k)
				n = run - k;
			err = write_chunk(ip, at + k, bounce + k, n);
			if (err != OK)
				break;
			k += n;
			done += n;
			if (at + k > inode_size(ip))
				inode_set_size(ip, at + k);
		}
	}
	if (err == -EFAULT && done > 0) {
		/* Put the size back; VFS retries the whole request. */
		if (inode_size(ip) > old_size)
			inode_truncate(ip, old_size);
		done = 0;
	}
	if (done == 0) {
		inode_write(ip);        /* blocks allocated on the way (i_blocks) */
		return err;
	}
	inode_touch(ip, TOUCH_M | TOUCH_C);
	int r = inode_write(ip);
	return r != OK ? r : (int64_t)done;
}
