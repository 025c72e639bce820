/*
 * The name operations of the FS protocol: lookup, create (files,
 * directories, device nodes), symlink, link, unlink, rmdir. Rename is in
 * rename.c.
 *
 * Each is "decode, then invoke": every check that can refuse the request
 * comes before the first change. Allocation failures after that (ENOSPC
 * for a new directory's block, or for the parent's new block) are undone:
 * the new inode has no links yet, so putting it frees it.
 *
 * Link counts: a file has one per name; a directory has one for its name
 * in the parent, one for its own ".", and one for each subdirectory's "..".
 */
#include "fs.h"

int name_check(const char *name, size_t len)
{
	if (len == 0)
		return -ENOENT;
	if (len > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == '\0')
			return -EINVAL;
	return OK;
}

/* Get directory `dir` for a change to its entries. */
static int get_dir(uint64_t dir, struct inode **dpp)
{
	if (fs.readonly)
		return -EROFS;
	if (dir > UINT32_MAX)
		return -EINVAL;
	int r = inode_get((uint32_t)dir, dpp);
	if (r != OK)
		return r;
	if (!inode_is_dir(*dpp)) {
		inode_put(*dpp);
		return -ENOTDIR;
	}
	if ((*dpp)->d.i_links_count == 0) {
		inode_put(*dpp);        /* removed while VFS held it: no new entries */
		return -ENOENT;
	}
	return OK;
}

int fs_lookup(uint64_t dir, const char *name, size_t len, struct fs_node_info *out)
{
	if (len == 0 || len > EXT2_NAME_LEN)
		return len == 0 ? -ENOENT : -ENAMETOOLONG;
	if (dir > UINT32_MAX)
		return -EINVAL;
	struct inode *dp, *ip;
	int r = inode_get((uint32_t)dir, &dp);
	if (r != OK)
		return r;
	uint32_t ino;
	r = inode_is_dir(dp) ? dir_lookup(dp, name, (unsigned)len, &ino) : -ENOTDIR;
	inode_put(dp);
	if (r != OK)
		return r;
	r = inode_get(ino, &ip);
	if (r != OK)
		return r == -EINVAL || r == -ENOENT ? -EIO : r;   /* a corrupt entry */
	inode_vfs_ref(ip);
	inode_info(ip, out);
	inode_put(ip);
	return OK;
}

/* Encode a device number in i_block the way Linux does: the old 16-bit
 * form in i_block[0] when it fits, else the 32-bit form in i_block[1]. */
static void set_rdev(struct inode *ip, uint64_t rdev)
{
	if (rdev < 0x10000)
		ip->d.i_block[0] = (uint32_t)rdev;
	else
		ip->d.i_block[1] = (uint32_t)rdev;
}

/* A new inode of `mode` for a child of dp, linked nowhere yet. */
static int new_inode(struct inode *dp, uint32_t mode, uint32_t uid, uint32_t gid,
		     struct inode **ipp)
{
	uint32_t ino;
	bool dir = (mode & Q_S_IFMT) == Q_S_IFDIR;
	int r = ialloc_alloc(dp->ino, dir, &ino);
	if (r != OK)
		return r;
	r = inode_get_new(ino, ipp);
	if (r != OK) {
		ialloc_free(ino, dir);
		return r;
	}
	struct inode *ip = *ipp;
	ip->d.i_mode = (uint16_t)mode;
	ip->d.i_uid = (uint16_t)uid;
	ip->d.i_uid_high = (uint16_t)(uid >> 16);
	ip->d.i_gid = (uint16_t)gid;
	ip->d.i_gid_high = (uint16_t)(gid >> 16);
	inode_touch(ip, TOUCH_A | TOUCH_M | TOUCH_C);
	/* links 0: if the request fails from here on, inode_put frees it. */
	return inode_write(ip);
}

int fs_create(uint64_t dir, const char *name, size_t len, uint32_t mode, uint32_t uid,
	      uint32_t gid, uint64_t rdev, struct fs_node_info *out)
{
	uint32_t type = mode & Q_S_IFMT;
	if (type != Q_S_IFREG && type != Q_S_IFDIR && type != Q_S_IFCHR &&
	    type != Q_S_IFBLK && type != Q_S_IFIFO && type != Q_S_IFSOCK)
		return -EINVAL;
	mode &= Q_S_IFMT | 07777;
	int r = name_check(name, len);
	if (r != OK)
		return r;
	struct inode *dp, *ip;
	r = get_dir(dir, &dp);
	if (r != OK)
		return r;
	uint32_t existing;
	r = dir_lookup(dp, name, (unsigned)len, &existing);
	if (r != -ENOENT) {
		inode_put(dp);
		return r == OK ? -EEXIST : r;
	}
	bool isdir = type == Q_S_IFDIR;
	if (isdir && dp->d.i_links_count >= EXT2_LINK_MAX) {
		inode_put(dp);
		return -EMLINK;
	}

	r = new_inode(dp, mode, uid, gid, &ip);
	if (r != OK) {
		inode_put(dp);
		return r;
	}
	if (isdir)
		r = dir_make(ip, dp->ino);
	else if (type != Q_S_IFREG)
		set_rdev(ip, rdev);
	if (r == OK)
		r = dir_add(dp, name, (unsigned)len, ip->ino, mode);
	if (r == OK) {
		ip->d.i_links_count = isdir ? 2 : 1;
		r = inode_write(ip);
		if (isdir) {
			dp->d.i_links_count++;
			inode_write(dp);
		}
	}
	if (r == OK) {
		inode_vfs_ref(ip);
		inode_info(ip, out);
	}
	inode_put(ip);                  /* frees it if it never got linked */
	inode_put(dp);
	return r;
}

int fs_symlink(uint64_t dir, const char *name, size_t len, const char *target,
	       size_t tlen, uint32_t uid, uint32_t gid)
{
	int r = name_check(name, len);
	if (r != OK)
		return r;
	if (tlen == 0)
		return -ENOENT;
	if (tlen > FS_SYMLINK_MAX)
		return -ENAMETOOLONG;
	struct inode *dp, *ip;
	r = get_dir(dir, &dp);
	if (r != OK)
		return r;
	uint32_t existing;
	r = dir_lookup(dp, name, (unsigned)len, &existing);
	if (r != -ENOENT) {
		inode_put(dp);
		return r == OK ? -EEXIST : r;
	}
	r = new_inode(dp, Q_S_IFLNK | 0777, uid, gid, &ip);
	if (r != OK) {
		inode_put(dp);
		return r;
	}
	if (tlen < EXT2_FAST_SYMLINK_MAX) {
		/* Fast: the target (NUL-padded) lives in i_block. */
		memcpy(ip->d.i_block, target, tlen);
	} else {
		uint32_t pblk;
		bool fresh;
		struct lmfs_buf *b;
		r = bmap(ip, 0, true, &pblk, &fresh);
		if (r == OK)
			r = lmfs_get_block(&b, fs.dev, pblk, LMFS_NOREAD);
		if (r == OK) {
			memset(b->data, 0, EXT2_BLOCK_SIZE);
			memcpy(b->data, target, tlen);
			lmfs_markdirty(b);
			lmfs_put_block(b);
		}
	}
	inode_set_size(ip, tlen);
	if (r == OK)
		r = dir_add(dp, name, (unsigned)len, ip->ino, Q_S_IFLNK);
	if (r == OK)
		ip->d.i_links_count = 1;
	int w = inode_write(ip);
	if (r == OK)
		r = w;
	inode_put(ip);
	inode_put(dp);
	return r;
}

int fs_link(uint64_t dir, const char *name, size_t len, uint64_t target)
{
	int r = name_check(name, len);
	if (r != OK)
		return r;
	if (target > UINT32_MAX)
		return -EINVAL;
	struct inode *dp, *ip;
	r = get_dir(dir, &dp);
	if (r != OK)
		return r;
	r = inode_get((uint32_t)target, &ip);
	if (r != OK) {
		inode_put(dp);
		return r;
	}
	uint32_t existing;
	if (inode_is_dir(ip))
		r = -EPERM;
	else if (ip->d.i_links_count == 0)
		r = -ENOENT;            /* unlinked while open: no new names */
	else if (ip->d.i_links_count >= EXT2_LINK_MAX)
		r = -EMLINK;
	else if ((r = dir_lookup(dp, name, (unsigned)len, &existing)) != -ENOENT)
		r = r == OK ? -EEXIST : r;
	else
		r = dir_add(dp, name, (unsigned)len, ip->ino, ip->d.i_mode);
	if (r == OK) {
		ip->d.i_links_count++;
		inode_touch(ip, TOUCH_C);
		r = inode_write(ip);
	}
	inode_put(ip);
	inode_put(dp);
	return r;
}

/* Remove entry `name` of dp, whose inode must (want_dir) or must not be a
 * directory. */
static int remove_entry(uint64_t dir, const char *name, size_t len, bool want_dir)
{
	if (len == 0 || len > EXT2_NAME_LEN)
		return len == 0 ? -ENOENT : -ENAMETOOLONG;
	if (want_dir && name_is_dot(name, (unsigned)len))
		return -EINVAL;
	if (want_dir && name_is_dotdot(name, (unsigned)len))
		return -ENOTEMPTY;
	struct inode *dp, *ip;
	int r = get_dir(dir, &dp);
	if (r != OK)
		return r;
	struct dir_slot s;
	r = dir_find(dp, name, (unsigned)len, &s);
	if (r != OK) {
		inode_put(dp);
		return r;
	}
	r = inode_get(dirent_at(s.b->data, s.off)->inode, &ip);
	if (r != OK) {
		lmfs_put_block(s.b);
		inode_put(dp);
		return r == -EINVAL || r == -ENOENT ? -EIO : r;
	}
	if (want_dir && !inode_is_dir(ip))
		r = -ENOTDIR;
	else if (!want_dir && inode_is_dir(ip))
		r = -EISDIR;
	else if (want_dir && (r = dir_is_empty(ip)) >= 0)
		r = r == 1 ? OK : -ENOTEMPTY;
	if (r != OK) {
		lmfs_put_block(s.b);
		inode_put(ip);
		inode_put(dp);
		return r;
	}

	dir_remove(dp, &s);
	if (want_dir) {
		/* Its "." and its name go; so does its ".." link to dp. Its
		 * blocks go now: a removed directory holds no entries, even
		 * while VFS still has it as someone's working directory. */
		ip->d.i_links_count = 0;
		trunc_blocks(ip, 0);
		inode_set_size(ip, 0);
		dp->d.i_links_count--;
		inode_write(dp);
	} else {
		ip->d.i_links_count--;
	}
	inode_touch(ip, TOUCH_C);
	r = inode_write(ip);
	inode_put(ip);                  /* frees it unless VFS holds it */
	inode_put(dp);
	return r;
}

int fs_unlink(uint64_t dir, const char *name, size_t len)
{
	return remove_entry(dir, name, len, false);
}

int fs_rmdir(uint64_t dir, const char *name, size_t len)
{
	return remove_entry(dir, name, len, true);
}
