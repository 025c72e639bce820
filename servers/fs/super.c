/*
 * The superblock and the group descriptors: mount (read and check what
 * we are asked to serve), sync, unmount.
 *
 * Ownership: `fs.sb` is the live superblock; block 0 in the cache is only
 * brought up to date by super_write() (at sync and unmount). Group
 * descriptors live in their cache blocks only (gd_get), so there is one
 * copy of each and nothing to write back by hand.
 *
 * Crash consistency: none beyond sync. Mounting read-write clears
 * EXT2_VALID_FS on the disk at once; unmount puts the state back, so a
 * file system that was not unmounted is checked by e2fsck next time.
 */
#include "fs.h"

struct ext2_fs fs;

uint32_t group_nblocks(uint32_t g)
{
	uint32_t first = fs.sb.s_first_data_block + g * fs.sb.s_blocks_per_group;
	uint32_t left = fs.sb.s_blocks_count - first;
	return left < fs.sb.s_blocks_per_group ? left : fs.sb.s_blocks_per_group;
}

struct ext2_group_desc *gd_get(uint32_t g, struct lmfs_buf **bp, int *err)
{
	fs_assert(g < fs.groups);
	uint64_t blk = fs.sb.s_first_data_block + 1 + g / EXT2_DESC_PER_BLOCK;
	*err = lmfs_get_block(bp, fs.dev, blk, LMFS_NORMAL);
	if (*err != OK)
		return NULL;
	return (struct ext2_group_desc *)(*bp)->data + g % EXT2_DESC_PER_BLOCK;
}

/* Refuse what we cannot serve, with a line saying why. Decides
 * fs.readonly for ro_compat features we do not know. */
static int check_super(const struct ext2_super *sb, struct lmfs_dev *dev)
{
	if (sb->s_magic != EXT2_SUPER_MAGIC) {
		printf("ext2: no ext2 file system (magic 0x%x)\n", sb->s_magic);
		return -EINVAL;
	}
	if (sb->s_rev_level < EXT2_DYNAMIC_REV) {
		printf("ext2: revision %u file systems are not supported (only revision 1)\n",
		       sb->s_rev_level);
		return -EINVAL;
	}
	if (sb->s_log_block_size != EXT2_LOG_BLOCK_SIZE) {
		printf("ext2: block size %u is not supported (only 4096-byte blocks)\n",
		       sb->s_log_block_size < 8 ? 1024u << sb->s_log_block_size : 0);
		return -EINVAL;
	}
	if (sb->s_feature_incompat & EXT2_FEATURE_INCOMPAT_RECOVER) {
		printf("ext2: the journal needs recovery (run e2fsck)\n");
		return -EINVAL;
	}
	if (sb->s_feature_incompat & ~EXT2_INCOMPAT_SUPPORTED) {
		printf("ext2: unsupported incompatible features 0x%x\n",
		       sb->s_feature_incompat & ~EXT2_INCOMPAT_SUPPORTED);
		return -EINVAL;
	}
	uint32_t isz = sb->s_inode_size;
	if (sb->s_first_data_block != 0 || sb->s_blocks_per_group == 0 ||
	    sb->s_blocks_per_group > 8 * EXT2_BLOCK_SIZE || sb->s_blocks_per_group % 8 != 0 ||
	    sb->s_inodes_per_group == 0 || sb->s_inodes_per_group > 8 * EXT2_BLOCK_SIZE ||
	    isz < EXT2_GOOD_OLD_INODE_SIZE || isz > EXT2_BLOCK_SIZE || (isz & (isz - 1)) ||
	    sb->s_inodes_per_group % (EXT2_BLOCK_SIZE / isz) != 0 ||
	    sb->s_first_ino <= EXT2_ROOT_INO || sb->s_first_ino > sb->s_inodes_count ||
	    sb->s_blocks_count == 0) {
		printf("ext2: inconsistent superblock geometry\n");
		return -EINVAL;
	}
	if (sb->s_blocks_count > dev->nblocks) {
		printf("ext2: the file system (%u blocks) is larger than the device (%lu)\n",
		       sb->s_blocks_count, (unsigned long)dev->nblocks);
		return -EINVAL;
	}
	if (sb->s_feature_ro_compat & ~EXT2_RO_COMPAT_SUPPORTED) {
		printf("ext2: read-only features 0x%x: serving read-only\n",
		       sb->s_feature_ro_compat & ~EXT2_RO_COMPAT_SUPPORTED);
		fs.readonly = true;
	}
	return OK;
}

/* Every group's metadata must lie inside the file system. */
static int check_groups(void)
{
	uint32_t table_blocks = fs.sb.s_inodes_per_group / fs.inodes_per_block;
	for (uint32_t g = 0; g < fs.groups; g++) {
		struct lmfs_buf *b;
		int r;
		struct ext2_group_desc *gd = gd_get(g, &b, &r);
		if (!gd)
			return r;
		bool bad = gd->bg_block_bitmap >= fs.sb.s_blocks_count ||
			   gd->bg_inode_bitmap >= fs.sb.s_blocks_count ||
			   gd->bg_inode_table + table_blocks > fs.sb.s_blocks_count ||
			   gd->bg_block_bitmap == 0 || gd->bg_inode_bitmap == 0 ||
			   gd->bg_inode_table == 0;
		lmfs_put_block(b);
		if (bad) {
			printf("ext2: group %u descriptor points outside the file system\n", g);
			return -EIO;
		}
	}
	return OK;
}

int super_mount(struct lmfs_dev *dev, bool readonly)
{
	if (fs.dev)
		return -EBUSY;
	struct lmfs_buf *b;
	int r = lmfs_get_block(&b, dev, 0, LMFS_NORMAL);
	if (r != OK)
		return r;
	struct ext2_fs new = { .readonly = readonly || dev->readonly };
	memcpy(&new.sb, (uint8_t *)b->data + EXT2_SUPER_OFFSET, sizeof(new.sb));
	lmfs_put_block(b);
	fs = new;
	r = check_super(&fs.sb, dev);
	if (r != OK)
		return r;
	fs.groups = (fs.sb.s_blocks_count - fs.sb.s_first_data_block +
		     fs.sb.s_blocks_per_group - 1) / fs.sb.s_blocks_per_group;
	if ((uint64_t)fs.groups * fs.sb.s_inodes_per_group != fs.sb.s_inodes_count) {
		printf("ext2: %u groups of %u inodes are not %u inodes\n", fs.groups,
		       fs.sb.s_inodes_per_group, fs.sb.s_inodes_count);
		return -EINVAL;
	}
	fs.inode_size = fs.sb.s_inode_size;
	fs.inodes_per_block = EXT2_BLOCK_SIZE / fs.inode_size;
	fs.filetype = (fs.sb.s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE) != 0;
	fs.state_at_mount = fs.sb.s_state;
	fs.wtime_at_mount = fs.sb.s_wtime;
	fs.dev = dev;
	r = check_groups();
	if (r != OK) {
		fs.dev = NULL;
		return r;
	}
	if (!fs.readonly) {
		fs.sb.s_state &= ~EXT2_VALID_FS;
		fs.sb.s_mtime = fs_now();
		fs.sb.s_mnt_count++;
		r = super_sync();
		if (r != OK) {
			fs.dev = NULL;
			lmfs_invalidate(dev);
			return r;
		}
	}
	return OK;
}

int super_write(void)
{
	if (fs.readonly)
		return OK;
	struct lmfs_buf *b;
	int r = lmfs_get_block(&b, fs.dev, 0, LMFS_NORMAL);
	if (r != OK)
		return r;
	fs.sb.s_wtime = fs_now();
	memcpy((uint8_t *)b->data + EXT2_SUPER_OFFSET, &fs.sb, sizeof(fs.sb));
	lmfs_markdirty(b);
	lmfs_put_block(b);
	return OK;
}

int super_sync(void)
{
	if (fs.readonly)
		return OK;
	int r = super_write();
	if (r != OK)
		return r;
	return lmfs_flush_dev(fs.dev);
}

int super_unmount(void)
{
	inode_drop_all();
	fs.sb.s_state = fs.state_at_mount;
	int r = super_sync();
	lmfs_invalidate(fs.dev);
	fs.dev = NULL;
	return r;
}
