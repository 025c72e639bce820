/*
 * Directory entries: a directory is a file of whole blocks, each a chain
 * of ext2_dirent records whose rec_len fields add up to exactly the block
 * size. Every block is checked (dir_get_block) before anything in it is
 * believed, so a corrupt directory gives EIO and never a wild pointer.
 *
 * Adding takes the first record with room: an unused one big enough, or
 * the slack after a used one's name (which is split off). When no block
 * has room a new one is appended. Removing merges the record into the one
 * before it in the block (coalescing free space); the first record of a
 * block cannot merge backwards, so it is only marked unused (inode 0).
 *
 * Hashed-index (dir_index) directories are read as the linear chains
 * their blocks also are; before changing one, its EXT2_INDEX_FL is
 * cleared, so e2fsck and Linux treat it as a plain directory from then on.
 */
#include "fs.h"

uint8_t dir_ftype(uint32_t mode)
{
	if (!fs.filetype)
		return EXT2_FT_UNKNOWN;
	switch (mode & Q_S_IFMT) {
	case Q_S_IFREG:  return EXT2_FT_REG_FILE;
	case Q_S_IFDIR:  return EXT2_FT_DIR;
	case Q_S_IFCHR:  return EXT2_FT_CHRDEV;
	case Q_S_IFBLK:  return EXT2_FT_BLKDEV;
	case Q_S_IFIFO:  return EXT2_FT_FIFO;
	case Q_S_IFSOCK: return EXT2_FT_SOCK;
	case Q_S_IFLNK:  return EXT2_FT_SYMLINK;
	default:         return EXT2_FT_UNKNOWN;
	}
}

bool name_is_dot(const char *name, unsigned len)
{
	return len == 1 && name[0] == '.';
}

bool name_is_dotdot(const char *name, unsigned len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

static bool block_ok(const uint8_t *data)
{
	unsigned off = 0;
	while (off < EXT2_BLOCK_SIZE) {
		if (off + EXT2_DIRENT_HDR > EXT2_BLOCK_SIZE)
			return false;
		const struct ext2_dirent *de = (const struct ext2_dirent *)(data + off);
		if (de->rec_len < EXT2_DIRENT_HDR || (de->rec_len & 3) ||
		    off + de->rec_len > EXT2_BLOCK_SIZE ||
		    (de->inode != 0 && EXT2_DIRENT_LEN(de->name_len) > de->rec_len) ||
		    de->inode > fs.sb.s_inodes_count)
			return false;
		off += de->rec_len;
	}
	return true;
}

int dir_get_block(struct inode *dp, uint64_t lblk, struct lmfs_buf **bp)
{
	uint32_t pblk;
	int r = bmap(dp, lblk, false, &pblk, NULL);
	if (r != OK)
		return r;
	if (pblk == 0 || (r = lmfs_get_block(bp, fs.dev, pblk, LMFS_NORMAL)) != OK) {
		if (pblk == 0)
			printf("ext2: directory %u has a hole at block %lu\n", dp->ino,
			       (unsigned long)lblk);
		return pblk == 0 ? -EIO : r;
	}
	if (!block_ok((*bp)->data)) {
		printf("ext2: directory %u block %lu is corrupt\n", dp->ino, (unsigned long)lblk);
		lmfs_put_block(*bp);
		*bp = NULL;
		return -EIO;
	}
	return OK;
}

static uint64_t dir_nblocks(struct inode *dp)
{
	return inode_size(dp) >> EXT2_BLOCK_SHIFT;
}

int dir_find(struct inode *dp, const char *name, unsigned len, struct dir_slot *s)
{
	fs_assert(inode_is_dir(dp));
	for (uint64_t lblk = 0; lblk < dir_nblocks(dp); lblk++) {
		struct lmfs_buf *b;
		int r = dir_get_block(dp, lblk, &b);
		if (r != OK)
			return r;
		unsigned prev = 0;
		for (unsigned off = 0; off < EXT2_BLOCK_SIZE;) {
			struct ext2_dirent *de = dirent_at(b->data, off);
			if (de->inode != 0 && de->name_len == len && memcmp(de->name, name, len) == 0) {
				*s = (struct dir_slot){ .b = b, .lblk = lblk, .off = off, .prev = prev };
				return OK;
			}
			prev = off;
			off += de->rec_len;
		}
		lmfs_put_block(b);
	}
	return -ENOENT;
}

int dir_lookup(struct inode *dp, const char *name, unsigned len, uint32_t *ino)
{
	struct dir_slot s;
	int r = dir_find(dp, name, len, &s);
	if (r != OK)
		return r;
	*ino = dirent_at(s.b->data, s.off)->inode;
	lmfs_put_block(s.b);
	return OK;
}

/* About to change dp's entries: it stops being a hashed-index directory. */
static void dir_modify(struct inode *dp)
{
	if (dp->d.i_flags & EXT2_INDEX_FL) {
		dp->d.i_flags &= ~EXT2_INDEX_FL;
		inode_write(dp);
	}
}

static void fill_entry(struct ext2_dirent *de, const char *name, unsigned len, uint32_t ino,
		       uint32_t mode)
{
	de->inode = ino;
	de->name_len = (uint8_t)len;
	de->file_type = dir_ftype(mode);
	memcpy(de->name, name, len);
}

/* Put the entry in block b if some record has room. */
static bool add_in_block(struct lmfs_buf *b, const char *name, unsigned len, uint32_t ino,
			 uint32_t mode)
{
	unsigned need = EXT2_DIRENT_LEN(len);
	for (unsigned off = 0; off < EXT2_BLOCK_SIZE;) {
		struct ext2_dirent *de = dirent_at(b->data, off);
		unsigned used = de->inode ? EXT2_DIRENT_LEN(de->name_len) : 0;
		if (de->rec_len - used >= need) {
			if (used) {
				/* Split: the new entry takes the slack after de's name. */
				struct ext2_dirent *nde = dirent_at(b->data, off + used);
				nde->rec_len = (uint16_t)(de->rec_len - used);
				de->rec_len = (uint16_t)used;
				de = nde;
			}
			fill_entry(de, name, len, ino, mode);
			lmfs_markdirty(b);
			return true;
		}
		off += de->rec_len;
	}
	return false;
}

int dir_add(struct inode *dp, const char *name, unsigned len, uint32_t ino, uint32_t mode)
{
	fs_assert(inode_is_dir(dp) && len > 0 && len <= EXT2_NAME_LEN);
	uint64_t nblocks = dir_nblocks(dp);
	for (uint64_t lblk = 0; lblk < nblocks; lblk++) {
		struct lmfs_buf *b;
		int r = dir_get_block(dp, lblk, &b);
		if (r != OK)
			return r;
		if (add_in_block(b, name, len, ino, mode)) {
			lmfs_put_block(b);
			dir_modify(dp);
			inode_touch(dp, TOUCH_M | TOUCH_C);
			return inode_write(dp);
		}
		lmfs_put_block(b);
	}
	/* No room: a new block holding just this entry. */
	if (nblocks >= (FS_MAX_FILE_SIZE >> EXT2_BLOCK_SHIFT) || nblocks >= (1u << 20))
		return -EFBIG;          /* dirs stay below 4 GiB (no size_high) */
	uint32_t pblk;
	bool fresh;
	int r = bmap(dp, nblocks, true, &pblk, &fresh);
	if (r != OK)
		return r;
	struct lmfs_buf *b;
	r = lmfs_get_block(&b, fs.dev, pblk, LMFS_NOREAD);
	if (r != OK)
		return r;
	memset(b->data, 0, EXT2_BLOCK_SIZE);
	struct ext2_dirent *de = b->data;
	de->rec_len = EXT2_BLOCK_SIZE;
	fill_entry(de, name, len, ino, mode);
	lmfs_markdirty(b);
	lmfs_put_block(b);
	dir_modify(dp);
	inode_set_size(dp, (nblocks + 1) << EXT2_BLOCK_SHIFT);
	inode_touch(dp, TOUCH_M | TOUCH_C);
	return inode_write(dp);
}

void dir_remove(struct inode *dp, struct dir_slot *s)
{
	struct ext2_dirent *de = dirent_at(s->b->data, s->off);
	if (s->prev != s->off) {
		struct ext2_dirent *prev = dirent_at(s->b->data, s->prev);
		fs_assert(s->prev + prev->rec_len == s->off);
		prev->rec_len = (uint16_t)(prev->rec_len + de->rec_len);
	} else {
		de->inode = 0;
	}
	lmfs_markdirty(s->b);
	lmfs_put_block(s->b);
	s->b = NULL;
	dir_modify(dp);
	inode_touch(dp, TOUCH_M | TOUCH_C);
	inode_write(dp);
}

void dir_retarget(struct inode *dp, struct dir_slot *s, uint32_t ino, uint32_t mode)
{
	struct ext2_dirent *de = dirent_at(s->b->data, s->off);
	de->inode = ino;
	de->file_type = dir_ftype(mode);
	lmfs_markdirty(s->b);
	lmfs_put_block(s->b);
	s->b = NULL;
	dir_modify(dp);
	inode_touch(dp, TOUCH_M | TOUCH_C);
	inode_write(dp);
}

int dir_is_empty(struct inode *dp)
{
	for (uint64_t lblk = 0; lblk < dir_nblocks(dp); lblk++) {
		struct lmfs_buf *b;
		int r = dir_get_block(dp, lblk, &b);
		if (r != OK)
			return r;
		for (unsigned off = 0; off < EXT2_BLOCK_SIZE;) {
			struct ext2_dirent *de = dirent_at(b->data, off);
			if (de->inode != 0 && !name_is_dot(de->name, de->name_len) &&
			    !name_is_dotdot(de->name, de->name_len)) {
				lmfs_put_block(b);
				return 0;
			}
			off += de->rec_len;
		}
		lmfs_put_block(b);
	}
	return 1;
}

int dir_make(struct inode *dp, uint32_t parent)
{
	fs_assert(inode_is_dir(dp) && inode_size(dp) == 0);
	uint32_t pblk;
	bool fresh;
	int r = bmap(dp, 0, true, &pblk, &fresh);
	if (r != OK)
		return r;
	struct lmfs_buf *b;
	r = lmfs_get_block(&b, fs.dev, pblk, LMFS_NOREAD);
	if (r != OK)
		return r;
	memset(b->data, 0, EXT2_BLOCK_SIZE);
	struct ext2_dirent *dot = b->data;
	dot->rec_len = EXT2_DIRENT_LEN(1);
	fill_entry(dot, ".", 1, dp->ino, Q_S_IFDIR);
	struct ext2_dirent *dotdot = dirent_at(b->data, dot->rec_len);
	dotdot->rec_len = (uint16_t)(EXT2_BLOCK_SIZE - dot->rec_len);
	fill_entry(dotdot, "..", 2, parent, Q_S_IFDIR);
	lmfs_markdirty(b);
	lmfs_put_block(b);
	inode_set_size(dp, EXT2_BLOCK_SIZE);
	return inode_write(dp);
}

int dir_set_dotdot(struct inode *dp, uint32_t parent)
{
	struct dir_slot s;
	int r = dir_find(dp, "..", 2, &s);
	if (r != OK)
		return r == -ENOENT ? -EIO : r;
	dir_retarget(dp, &s, parent, Q_S_IFDIR);
	return OK;
}
