/*
 * The block map: which device block holds file block lblk.
 *
 *   lblk < 12                      i_block[lblk]
 *   12 <= lblk < 12+2^10           i_block[12] -> one indirect block
 *   ... < 12+2^10+2^20             i_block[13] -> two levels
 *   ... < 12+2^10+2^20+2^30        i_block[14] -> three levels
 *
 * A 0 pointer at any level is a hole: reading gives zeroes, writing
 * allocates the blocks on the way down. Every allocated block, indirect
 * ones included, adds 8 to i_blocks (512-byte units). New indirect
 * blocks are zeroed before they are linked in, so a pointer never leads
 * to garbage.
 */
#include "fs.h"

#define SECTORS_PER_BLOCK (EXT2_BLOCK_SIZE / 512)

/* The path to lblk: index in i_block, then in each indirect block.
 * Returns the depth (1 = direct), or EFBIG. */
static int bmap_path(uint64_t lblk, unsigned off[4])
{
	const uint64_t p = EXT2_PTRS_PER_BLOCK;
	if (lblk < EXT2_NDIR_BLOCKS) {
		off[0] = (unsigned)lblk;
		return 1;
	}
	lblk -= EXT2_NDIR_BLOCKS;
	if (lblk < p) {
		off[0] = EXT2_IND_BLOCK;
		off[1] = (unsigned)lblk;
		return 2;
	}
	lblk -= p;
	if (lblk < p * p) {
		off[0] = EXT2_DIND_BLOCK;
		off[1] = (unsigned)(lblk >> EXT2_PTRS_SHIFT);
		off[2] = (unsigned)(lblk & (p - 1));
		return 3;
	}
	lblk -= p * p;
	if (lblk < p * p * p) {
		off[0] = EXT2_TIND_BLOCK;
		off[1] = (unsigned)(lblk >> (2 * EXT2_PTRS_SHIFT));
		off[2] = (unsigned)((lblk >> EXT2_PTRS_SHIFT) & (p - 1));
		off[3] = (unsigned)(lblk & (p - 1));
		return 4;
	}
	return -EFBIG;
}

/* Allocate a block for ip near its last one. An indirect block is zeroed
 * in the cache before anyone can point at it. */
static int alloc_for(struct inode *ip, bool indirect, uint32_t *out)
{
	int r = balloc_alloc(ip->alloc_goal, out);
	if (r != OK)
		return r;
	ip->alloc_goal = *out + 1;
	ip->d.i_blocks += SECTORS_PER_BLOCK;
	if (indirect) {
		struct lmfs_buf *b;
		r = lmfs_get_block(&b, fs.dev, *out, LMFS_FRESH);
		if (r != OK) {
			balloc_free(*out);
			ip->d.i_blocks -= SECTORS_PER_BLOCK;
			return r;
		}
		memset(b->data, 0, EXT2_BLOCK_SIZE);
		lmfs_markdirty(b);
		lmfs_put_block(b);
	}
	return OK;
}

static bool blk_valid(uint32_t blk)
{
	return blk > fs.sb.s_first_data_block && blk < fs.sb.s_blocks_count;
}

int bmap(struct inode *ip, uint64_t lblk, bool alloc, uint32_t *pblk, bool *fresh)
{
	unsigned off[4];
	*pblk = 0;
	if (fresh)
		*fresh = false;
	fs_assert(inode_has_blocks(ip) || (alloc && ip->d.i_blocks == 0));
	int depth = bmap_path(lblk, off);
	if (depth < 0)
		return depth;

	/* Level 0: the pointer in the inode. */
	uint32_t blk = ip->d.i_block[off[0]];
	if (blk == 0) {
		if (!alloc)
			return OK;
		int r = alloc_for(ip, depth > 1, &blk);
		if (r != OK)
			return r;
		ip->d.i_block[off[0]] = blk;
		r = inode_write(ip);
		if (r != OK)
			return r;
		if (depth == 1 && fresh)
			*fresh = true;
	} else if (!blk_valid(blk)) {
		printf("ext2: inode %u: bad block pointer %u\n", ip->ino, blk);
		return -EIO;
	}

	/* Levels 1..depth-1: pointers in indirect blocks. */
	for (int level = 1; level < depth; level++) {
		struct lmfs_buf *b;
		int r = lmfs_get_block(&b, fs.dev, blk, LMFS_NORMAL);
		if (r != OK)
			return r;
		uint32_t *ptrs = b->data;
		uint32_t next = ptrs[off[level]];
		if (next == 0) {
			if (!alloc) {
				lmfs_put_block(b);
				return OK;
			}
			r = alloc_for(ip, level < depth - 1, &next);
			if (r == OK) {
				ptrs[off[level]] = next;
				lmfs_markdirty(b);
				r = inode_write(ip);        /* i_blocks changed */
			}
			if (r != OK) {
				lmfs_put_block(b);
				return r;
			}
			if (level == depth - 1 && fresh)
				*fresh = true;
		} else if (!blk_valid(next)) {
			lmfs_put_block(b);
			printf("ext2: inode %u: bad block pointer %u\n", ip->ino, next);
			return -EIO;
		}
		lmfs_put_block(b);
		blk = next;
	}
	*pblk = blk;
	return OK;
}
