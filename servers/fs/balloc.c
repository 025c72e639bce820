/*
 * Block allocation. A block is in use iff its bit is set in its group's
 * block bitmap; the group descriptor's bg_free_blocks_count and the
 * superblock's s_free_blocks_count count the clear bits, and both change
 * together with the bit, in the same request.
 *
 * The search starts at the goal (usually just after the file's previous
 * block, so files come out contiguous), runs to the end of the goal's
 * group, then through the other groups, then the start of the goal's
 * group. Reserved blocks (s_r_blocks_count) are not held back: the
 * protocol does not say who is asking.
 */
#include "fs.h"

int balloc_alloc(uint32_t goal, uint32_t *out)
{
	if (fs.readonly)
		return -EROFS;
	if (fs.sb.s_free_blocks_count == 0)
		return -ENOSPC;
	if (goal < fs.sb.s_first_data_block || goal >= fs.sb.s_blocks_count)
		goal = fs.sb.s_first_data_block;
	uint32_t bpg = fs.sb.s_blocks_per_group;
	uint32_t g0 = (goal - fs.sb.s_first_data_block) / bpg;
	uint32_t goal_bit = (goal - fs.sb.s_first_data_block) % bpg;

	/* Step `groups` is the goal's group again, from its start. */
	for (uint32_t step = 0; step <= fs.groups; step++) {
		uint32_t g = (g0 + step) % fs.groups;
		struct lmfs_buf *gb, *bb;
		int r;
		struct ext2_group_desc *gd = gd_get(g, &gb, &r);
		if (!gd)
			return r;
		if (gd->bg_free_blocks_count == 0) {
			lmfs_put_block(gb);
			continue;
		}
		r = lmfs_get_block(&bb, fs.dev, gd->bg_block_bitmap, LMFS_NORMAL);
		if (r != OK) {
			lmfs_put_block(gb);
			return r;
		}
		uint32_t from = step == 0 ? goal_bit : 0;
		uint32_t to = step == fs.groups ? goal_bit : group_nblocks(g);
		int bit = bitmap_find_zero(bb->data, from, to);
		if (bit >= 0) {
			bitmap_set(bb->data, (uint32_t)bit);
			lmfs_markdirty(bb);
			gd->bg_free_blocks_count--;
			lmfs_markdirty(gb);
			fs.sb.s_free_blocks_count--;
			*out = fs.sb.s_first_data_block + g * bpg + (uint32_t)bit;
		}
		lmfs_put_block(bb);
		lmfs_put_block(gb);
		if (bit >= 0) {
			fs_assert(*out != 0);
			return OK;
		}
	}
	printf("ext2: free block counts say %u, the bitmaps none\n", fs.sb.s_free_blocks_count);
	return -ENOSPC;
}

int balloc_free(uint32_t blk)
{
	if (blk < fs.sb.s_first_data_block + 1 || blk >= fs.sb.s_blocks_count) {
		printf("ext2: freeing block %u outside the file system\n", blk);
		return -EIO;
	}
	uint32_t g = (blk - fs.sb.s_first_data_block) / fs.sb.s_blocks_per_group;
	uint32_t bit = (blk - fs.sb.s_first_data_block) % fs.sb.s_blocks_per_group;
	struct lmfs_buf *gb, *bb;
	int r;
	struct ext2_group_desc *gd = gd_get(g, &gb, &r);
	if (!gd)
		return r;
	r = lmfs_get_block(&bb, fs.dev, gd->bg_block_bitmap, LMFS_NORMAL);
	if (r != OK) {
		lmfs_put_block(gb);
		return r;
	}
	if (!bitmap_test(bb->data, bit)) {
		printf("ext2: freeing free block %u\n", blk);
		r = -EIO;
	} else {
		bitmap_clear(bb->data, bit);
		lmfs_markdirty(bb);
		gd->bg_free_blocks_count++;
		lmfs_markdirty(gb);
		fs.sb.s_free_blocks_count++;
		lmfs_forget(fs.dev, blk);
	}
	lmfs_put_block(bb);
	lmfs_put_block(gb);
	return r;
}
