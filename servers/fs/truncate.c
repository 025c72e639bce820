/*
 * Freeing a file's blocks: truncation and the release of an unlinked
 * inode.
 *
 * trunc_blocks(ip, first) walks only the pointers that are set, so a
 * sparse file costs what it has allocated, not what it spans. An indirect
 * block is freed when nothing under it is left; until then the pointers
 * it keeps stay as they were. i_blocks drops by 8 per block freed.
 *
 * The bytes of the last block past i_size are never file data: a store
 * through a MAP_SHARED mapping of the last page may put anything there
 * (in the cached page VM maps), so every size change that leaves or
 * starts from a partial last block zeroes them in the cached block
 * (file_zero_tail): shrinking zeroes the new last block past the new
 * size, growing (a write past the end, truncate up) zeroes the old last
 * block past the old size. Mappings see those zeroes at once. What
 * reaches the disk past the end anyway (whole blocks are written) is
 * zeroed whenever a file page is read back (lmfs_get_file_block).
 *
 * Order when a regular file loses pages (truncate, release): VM forgets
 * the file's pages past the new end first (lmfs_forget_file: they leave
 * every mapping), then the blocks are freed (each forgotten by VM too,
 * batched into runs), so no mapping can ever reach a block after it was
 * freed and perhaps reused.
 */
#include "fs.h"

#define SECTORS_PER_BLOCK (EXT2_BLOCK_SIZE / 512)

static int free_one(struct inode *ip, uint32_t blk)
{
	int r = balloc_free(blk);
	if (r == OK) {
		fs_assert(ip->d.i_blocks >= SECTORS_PER_BLOCK);
		ip->d.i_blocks -= SECTORS_PER_BLOCK;
	}
	return r;
}

/* Logical blocks one entry of an indirect block of `level` covers
 * (level 1: its entries are data blocks). */
static uint64_t entry_span(int level)
{
	return 1ull << (EXT2_PTRS_SHIFT * (level - 1));
}

/* Free what the indirect block `blk` (of `level`, mapping logical blocks
 * from `base`) maps at or after `first`; *gone tells whether blk itself
 * was freed (then the caller clears its pointer). */
static int free_indirect(struct inode *ip, uint32_t blk, int level, uint64_t base,
			 uint64_t first, bool *gone)
{
	*gone = false;
	if (blk <= fs.sb.s_first_data_block || blk >= fs.sb.s_blocks_count) {
		printf("ext2: inode %u: bad indirect pointer %u\n", ip->ino, blk);
		return -EIO;
	}
	struct lmfs_buf *b;
	int r = lmfs_get_block(&b, fs.dev, blk, LMFS_NORMAL);
	if (r != OK)
		return r;
	uint32_t *ptrs = b->data;
	uint64_t span = entry_span(level);
	bool empty = true;
	int err = OK;
	for (unsigned i = 0; i < EXT2_PTRS_PER_BLOCK; i++) {
		if (ptrs[i] == 0)
			continue;
		uint64_t ebase = base + i * span;
		if (ebase + span <= first) {
			empty = false;          /* wholly before the cut: kept */
			continue;
		}
		bool child_gone = true;
		if (level == 1)
			r = free_one(ip, ptrs[i]);
		else
			r = free_indirect(ip, ptrs[i], level - 1, ebase, first, &child_gone);
		if (r == OK && child_gone) {
			ptrs[i] = 0;
			lmfs_markdirty(b);
		} else {
			empty = false;
			if (r != OK && err == OK)
				err = r;
		}
	}
	lmfs_put_block(b);
	if (empty) {
		r = free_one(ip, blk);
		if (r == OK)
			*gone = true;
		else if (err == OK)
			err = r;
	}
	return err;
}

int trunc_blocks(struct inode *ip, uint64_t first)
{
	fs_assert(inode_has_blocks(ip));
	int err = OK;
	for (unsigned i = first < EXT2_NDIR_BLOCKS ? (unsigned)first : EXT2_NDIR_BLOCKS;
	     i < EXT2_NDIR_BLOCKS; i++) {
		if (ip->d.i_block[i] == 0)
			continue;
		int r = free_one(ip, ip->d.i_block[i]);
		if (r == OK)
			ip->d.i_block[i] = 0;
		else if (err == OK)
			err = r;
	}
	static const struct { unsigned slot; int level; } tops[] = {
		{ EXT2_IND_BLOCK, 1 }, { EXT2_DIND_BLOCK, 2 }, { EXT2_TIND_BLOCK, 3 },
	};
	uint64_t base = EXT2_NDIR_BLOCKS;
	for (unsigned t = 0; t < 3; t++) {
		uint64_t covers = entry_span(tops[t].level) * EXT2_PTRS_PER_BLOCK;
		uint32_t blk = ip->d.i_block[tops[t].slot];
		if (blk != 0 && base + covers > first) {
			bool gone;
			int r = free_indirect(ip, blk, tops[t].level, base, first, &gone);
			if (gone)
				ip->d.i_block[tops[t].slot] = 0;
			if (r != OK && err == OK)
				err = r;
		}
		base += covers;
	}
	lmfs_forget_flush();            /* VM forgets the freed runs now */
	int r = inode_write(ip);
	return err != OK ? err : r;
}

/* Page index of the first page wholly at or past byte `size`. */
static uint64_t first_page_past(uint64_t size)
{
	return (size + EXT2_BLOCK_SIZE - 1) >> EXT2_BLOCK_SHIFT;
}

int file_zero_tail(struct inode *ip, uint64_t from, uint64_t to)
{
	unsigned off = from & (EXT2_BLOCK_SIZE - 1);
	if (off == 0 || to <= from)
		return OK;              /* from starts a block: nothing of it is stale */
	uint64_t lblk = from >> EXT2_BLOCK_SHIFT;
	unsigned end = to - from >= EXT2_BLOCK_SIZE - off ? EXT2_BLOCK_SIZE : off + (unsigned)(to - from);
	uint32_t pblk;
	int r = bmap(ip, lblk, false, &pblk, NULL);
	if (r != OK || pblk == 0)
		return r;               /* a hole reads as zeroes anyway */
	struct lmfs_buf *b;
	r = lmfs_get_file_block(&b, fs.dev, pblk, LMFS_NORMAL, ip->ino, lblk, inode_size(ip));
	if (r != OK)
		return r;
	memset((uint8_t *)b->data + off, 0, end - off);
	lmfs_markdirty(b);
	lmfs_put_block(b);
	return OK;
}

int inode_truncate(struct inode *ip, uint64_t size)
{
	fs_assert(inode_is_reg(ip));
	if (size > FS_MAX_FILE_SIZE)
		return -EFBIG;
	if (fs.readonly)
		return -EROFS;
	uint64_t old = inode_size(ip);
	if (size < old) {
		uint64_t first = first_page_past(size);
		lmfs_forget_file(fs.dev, ip->ino, first);       /* before any block is freed */
		int r = trunc_blocks(ip, first);
		if (r != OK)
			return r;
		r = file_zero_tail(ip, size, UINT64_MAX);
		if (r != OK)
			return r;
	} else if (size > old) {
		int r = file_zero_tail(ip, old, UINT64_MAX);
		if (r != OK)
			return r;
	}
	inode_set_size(ip, size);
	return inode_write(ip);
}

/* Drop one reference to an extended-attribute block, freeing it with the
 * last. */
static int free_xattr_block(struct inode *ip)
{
	uint32_t blk = ip->d.i_file_acl;
	if (blk == 0)
		return OK;
	ip->d.i_file_acl = 0;
	if (blk <= fs.sb.s_first_data_block || blk >= fs.sb.s_blocks_count)
		return -EIO;
	struct lmfs_buf *b;
	int r = lmfs_get_block(&b, fs.dev, blk, LMFS_NORMAL);
	if (r != OK)
		return r;
	struct ext2_xattr_header *h = b->data;
	bool last = h->h_magic != EXT2_XATTR_MAGIC || h->h_refcount <= 1;
	if (!last) {
		h->h_refcount--;
		lmfs_markdirty(b);
	}
	lmfs_put_block(b);
	if (ip->d.i_blocks >= SECTORS_PER_BLOCK)
		ip->d.i_blocks -= SECTORS_PER_BLOCK;
	return last ? balloc_free(blk) : OK;
}

int inode_free_contents(struct inode *ip)
{
	int r = OK;
	if (inode_is_reg(ip))
		lmfs_forget_file(fs.dev, ip->ino, 0);   /* before any block is freed */
	if (inode_has_blocks(ip))
		r = trunc_blocks(ip, 0);
	int x = free_xattr_block(ip);
	if (inode_type(ip) == Q_S_IFLNK || !inode_has_blocks(ip))
		memset(ip->d.i_block, 0, sizeof(ip->d.i_block));
	ip->d.i_size = 0;
	ip->d.i_size_high = 0;
	return r != OK ? r : x;
}
