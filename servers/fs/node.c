/*
 * The operations of the FS protocol on one inode: mount and sync, stat,
 * chmod, chown, utime, truncate, read, write, readlink, putnode.
 *
 * atime is never updated (reads change nothing on the disk, as with the
 * "noatime" mount option); mtime and ctime are.
 */
#include "fs.h"

int fs_mount(struct lmfs_dev *dev, bool readonly, struct fs_node_info *root)
{
	int r = super_mount(dev, readonly);
	if (r != OK)
		return r;
	struct inode *ip;
	r = inode_get(EXT2_ROOT_INO, &ip);
	if (r == OK && !inode_is_dir(ip)) {
		inode_put(ip);
		r = -EIO;
	}
	if (r != OK) {
		printf("ext2: no root directory (%d)\n", r);
		super_unmount();
		return r;
	}
	inode_vfs_ref(ip);
	inode_info(ip, root);
	inode_put(ip);
	return OK;
}

int fs_unmount(void)
{
	if (!fs.dev)
		return -EINVAL;
	return super_unmount();
}

int fs_sync(void)
{
	return super_sync();
}

/* Get inode ino for a request about it. */
static int get(uint64_t ino, struct inode **ipp)
{
	if (ino > UINT32_MAX)
		return -EINVAL;
	return inode_get((uint32_t)ino, ipp);
}

int fs_stat(uint64_t ino, struct qstat *st)
{
	struct inode *ip;
	int r = get(ino, &ip);
	if (r != OK)
		return r;
	struct fs_node_info info;
	inode_info(ip, &info);
	memset(st, 0, sizeof(*st));
	st->dev = fs.dev_id;
	st->ino = ip->ino;
	st->mode = ip->d.i_mode;
	st->nlink = ip->d.i_links_count;
	st->uid = info.uid;
	st->gid = info.gid;
	if (inode_type(ip) == Q_S_IFCHR || inode_type(ip) == Q_S_IFBLK)
		st->rdev = ip->d.i_block[0] ? ip->d.i_block[0] : ip->d.i_block[1];
	st->size = info.size;
	st->blocks = ip->d.i_blocks;
	st->blksize = EXT2_BLOCK_SIZE;
	st->atime = ip->d.i_atime;
	st->mtime = ip->d.i_mtime;
	st->ctime = ip->d.i_ctime;
	inode_put(ip);
	return OK;
}

int fs_chmod(uint64_t ino, uint32_t mode)
{
	if (fs.readonly)
		return -EROFS;
	struct inode *ip;
	int r = get(ino, &ip);
	if (r != OK)
		return r;
	ip->d.i_mode = (uint16_t)((ip->d.i_mode & Q_S_IFMT) | (mode & 07777));
	inode_touch(ip, TOUCH_C);
	r = inode_write(ip);
	inode_put(ip);
	return r;
}

int fs_chown(uint64_t ino, uint32_t uid, uint32_t gid, uint32_t mode)
{
	if (fs.readonly)
		return -EROFS;
	struct inode *ip;
	int r = get(ino, &ip);
	if (r != OK)
		return r;
	ip->d.i_uid = (uint16_t)uid;
	ip->d.i_uid_high = (uint16_t)(uid >> 16);
	ip->d.i_gid = (uint16_t)gid;
	ip->d.i_gid_high = (uint16_t)(gid >> 16);
	ip->d.i_mode = (uint16_t)((ip->d.i_mode & Q_S_IFMT) | (mode & 07777));
	inode_touch(ip, TOUCH_C);
	r = inode_write(ip);
	inode_put(ip);
	return r;
}

int fs_utime(uint64_t ino, uint64_t atime, uint64_t mtime, uint32_t which)
{
	if (fs.readonly)
		return -EROFS;
	if (atime > UINT32_MAX || mtime > UINT32_MAX)
		return -EINVAL;          /* ext2 keeps 32-bit seconds */
	struct inode *ip;
	int r = get(ino, &ip);
	if (r != OK)
		return r;
	if (which & FS_UT_ATIME)
		ip->d.i_atime = (uint32_t)atime;
	if (which & FS_UT_MTIME)
		ip->d.i_mtime = (uint32_t)mtime;
	if (which & FS_UT_ATIME_NOW)
		inode_touch(ip, TOUCH_A);
	if (which & FS_UT_MTIME_NOW)
		inode_touch(ip, TOUCH_M);
	inode_touch(ip, TOUCH_C);
	r = inode_write(ip);
	inode_put(ip);
	return r;
}

int fs_trunc(uint64_t ino, uint64_t size)
{
	if (fs.readonly)
		return -EROFS;
	struct inode *ip;
	int r = get(ino, &ip);
	if (r != OK)
		return r;
	if (inode_is_dir(ip))
		r = -EISDIR;
	else if (!inode_is_reg(ip))
		r = -EINVAL;
	else if (size > FS_MAX_FILE_SIZE)
		r = -EFBIG;
	else if (size != inode_size(ip)) {     /* POSIX: times change with the size */
		r = inode_truncate(ip, size);
		if (r == OK) {
			inode_touch(ip, TOUCH_M | TOUCH_C);
			r = inode_write(ip);
		}
	}
	inode_put(ip);
	return r;
}

/* Get a regular file for READ or WRITE. */
static int get_file(uint64_t ino, struct inode **ipp)
{
	int r = get(ino, ipp);
	if (r != OK)
		return r;
	if (!inode_is_reg(*ipp)) {
		r = inode_is_dir(*ipp) ? -EISDIR : -EINVAL;
		inode_put(*ipp);
	}
	return r;
}

int64_t fs_read(uint64_t ino, uint64_t pos, struct fs_xfer *x, uint64_t len)
{
	if (len > x->len)
		return -EINVAL;
	if (len > FS_MAX_IO)
		len = FS_MAX_IO;
	struct inode *ip;
	int r = get_file(ino, &ip);
	if (r != OK)
		return r;
	int64_t n = file_read(ip, pos, x, len);
	inode_put(ip);
	return n;
}

int64_t fs_write(uint64_t ino, uint64_t pos, struct fs_xfer *x, uint64_t len,
		 uint64_t *new_size)
{
	if (len > x->len)
		return -EINVAL;
	if (len > FS_MAX_IO)
		len = FS_MAX_IO;
	if (fs.readonly)
		return -EROFS;
	struct inode *ip;
	int r = get_file(ino, &ip);
	if (r != OK)
		return r;
	int64_t n = file_write(ip, pos, x, len);
	*new_size = inode_size(ip);
	inode_put(ip);
	return n;
}

int64_t fs_readlink(uint64_t ino, struct fs_xfer *x, uint64_t len)
{
	if (len > x->len)
		return -EINVAL;
	struct inode *ip;
	int r = get(ino, &ip);
	if (r != OK)
		return r;
	if (inode_type(ip) != Q_S_IFLNK) {
		inode_put(ip);
		return -EINVAL;
	}
	uint64_t size = inode_size(ip);
	if (size > FS_SYMLINK_MAX) {
		inode_put(ip);
		return -EIO;
	}
	if (len > size)
		len = size;
	if (!inode_has_blocks(ip)) {
		r = x->copy_out(x, 0, ip->d.i_block, len);
	} else {
		uint32_t pblk;
		r = bmap(ip, 0, false, &pblk, NULL);
		if (r == OK && pblk == 0)
			r = -EIO;
		struct lmfs_buf *b;
		if (r == OK)
			r = lmfs_get_block(&b, fs.dev, pblk, LMFS_NORMAL);
		if (r == OK) {
			r = x->copy_out(x, 0, b->data, len);
			lmfs_put_block(b);
		}
	}
	inode_put(ip);
	return r != OK ? r : (int64_t)len;
}

int fs_putnode(uint64_t ino, uint32_t count)
{
	if (ino > UINT32_MAX)
		return -EINVAL;
	return inode_vfs_put((uint32_t)ino, count);
}
