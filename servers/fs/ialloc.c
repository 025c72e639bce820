/*
 * Inode allocation. An inode is in use iff its bit is set in its group's
 * inode bitmap; bg_free_inodes_count, s_free_inodes_count and (for
 * directories) bg_used_dirs_count change together with the bit.
 *
 * Placement: a file goes in its directory's group when that group has
 * room, so a directory's files sit near each other; a new directory goes
 * in the group with the most free blocks (fewest directories on a tie),
 * so directory trees spread over the disk.
 */
#include "fs.h"

static uint32_t group_of(uint32_t ino)
{
	return (ino - 1) / fs.sb.s_inodes_per_group;
}

static int pick_dir_group(uint32_t *out)
{
	int best = -1;
	uint32_t best_free = 0, best_dirs = 0;
	for (uint32_t g = 0; g < fs.groups; g++) {
		struct lmfs_buf *gb;
		int r;
		struct ext2_group_desc *gd = gd_get(g, &gb, &r);
		if (!gd)
			return r;
		if (gd->bg_free_inodes_count > 0 &&
		    (best < 0 || gd->bg_free_blocks_count > best_free ||
		     (gd->bg_free_blocks_count == best_free && gd->bg_used_dirs_count < best_dirs))) {
			best = (int)g;
			best_free = gd->bg_free_blocks_count;
			best_dirs = gd->bg_used_dirs_count;
		}
		lmfs_put_block(gb);
	}
	*out = best < 0 ? 0 : (uint32_t)best;
	return OK;
}

int ialloc_alloc(uint32_t parent, bool dir, uint32_t *out)
{
	if (fs.readonly)
		return -EROFS;
	if (fs.sb.s_free_inodes_count == 0)
		return -ENOSPC;
	uint32_t g0 = group_of(parent);
	if (dir) {
		int r = pick_dir_group(&g0);
		if (r != OK)
			return r;
	}
	uint32_t ipg = fs.sb.s_inodes_per_group;
	for (uint32_t step = 0; step < fs.groups; step++) {
		uint32_t g = (g0 + step) % fs.groups;
		struct lmfs_buf *gb, *bb;
		int r;
		struct ext2_group_desc *gd = gd_get(g, &gb, &r);
		if (!gd)
			return r;
		if (gd->bg_free_inodes_count == 0) {
			lmfs_put_block(gb);
			continue;
		}
		r = lmfs_get_block(&bb, fs.dev, gd->bg_inode_bitmap, LMFS_NORMAL);
		if (r != OK) {
			lmfs_put_block(gb);
			return r;
		}
		/* Inodes below s_first_ino are reserved, whatever their bits say. */
		uint32_t from = g == 0 ? fs.sb.s_first_ino - 1 : 0;
		int bit = bitmap_find_zero(bb->data, from, ipg);
		if (bit >= 0) {
			bitmap_set(bb->data, (uint32_t)bit);
			lmfs_markdirty(bb);
			gd->bg_free_inodes_count--;
			if (dir)
				gd->bg_used_dirs_count++;
			lmfs_markdirty(gb);
			fs.sb.s_free_inodes_count--;
			*out = g * ipg + (uint32_t)bit + 1;
		}
		lmfs_put_block(bb);
		lmfs_put_block(gb);
		if (bit >= 0)
			return OK;
	}
	printf("ext2: free inode counts say %u, the bitmaps none\n", fs.sb.s_free_inodes_count);
	return -ENOSPC;
}

int ialloc_free(uint32_t ino, bool dir)
{
	fs_assert(ino >= 1 && ino <= fs.sb.s_inodes_count);
	uint32_t g = group_of(ino);
	uint32_t bit = (ino - 1) % fs.sb.s_inodes_per_group;
	struct lmfs_buf *gb, *bb;
	int r;
	struct ext2_group_desc *gd = gd_get(g, &gb, &r);
	if (!gd)
		return r;
	r = lmfs_get_block(&bb, fs.dev, gd->bg_inode_bitmap, LMFS_NORMAL);
	if (r != OK) {
		lmfs_put_block(gb);
		return r;
	}
	if (!bitmap_test(bb->data, bit)) {
		printf("ext2: freeing free inode %u\n", ino);
		r = -EIO;
	} else {
		bitmap_clear(bb->data, bit);
		lmfs_markdirty(bb);
		gd->bg_free_inodes_count++;
		if (dir && gd->bg_used_dirs_count > 0)
			gd->bg_used_dirs_count--;
		lmfs_markdirty(gb);
		fs.sb.s_free_inodes_count++;
	}
	lmfs_put_block(bb);
	lmfs_put_block(gb);
	return r;
}
