/*
 * In-core inodes: a fixed table, hashed by number. See fs.h for the two
 * reference counts and the write-through rule.
 *
 * Lifetime of a slot:
 *   free (ino 0) --inode_get/inode_get_new--> in core (refs or vfs_refs > 0)
 *   in core --last reference dropped--> released if unlinked, then free.
 * Nothing is cached once both counts are 0: the on-disk inode is in the
 * block cache anyway, and a slot VFS holds is never taken away.
 */
#include "fs.h"

#define INODE_HASH 256

static struct inode table[NR_INODES];
static struct inode *hash[INODE_HASH];

static struct inode **bucket(uint32_t ino)
{
	return &hash[ino % INODE_HASH];
}

struct inode *inode_find(uint32_t ino)
{
	for (struct inode *ip = *bucket(ino); ip; ip = ip->hash_next)
		if (ip->ino == ino)
			return ip;
	return NULL;
}

static void unhash(struct inode *ip)
{
	struct inode **pp = bucket(ip->ino);
	while (*pp != ip) {
		fs_assert(*pp != NULL);
		pp = &(*pp)->hash_next;
	}
	*pp = ip->hash_next;
	memset(ip, 0, sizeof(*ip));
}

/* Where inode ino lives: the inode-table block and the byte offset in it. */
static int locate(uint32_t ino, uint32_t *blk, uint32_t *off)
{
	uint32_t g = (ino - 1) / fs.sb.s_inodes_per_group;
	uint32_t idx = (ino - 1) % fs.sb.s_inodes_per_group;
	struct lmfs_buf *gb;
	int r;
	struct ext2_group_desc *gd = gd_get(g, &gb, &r);
	if (!gd)
		return r;
	*blk = gd->bg_inode_table + idx / fs.inodes_per_block;
	*off = (idx % fs.inodes_per_block) * fs.inode_size;
	lmfs_put_block(gb);
	return OK;
}

/* Numbers a request may name: the root and the non-reserved inodes. */
static bool ino_valid(uint32_t ino)
{
	return ino == EXT2_ROOT_INO || (ino >= fs.sb.s_first_ino && ino <= fs.sb.s_inodes_count);
}

static struct inode *slot_alloc(uint32_t ino)
{
	for (unsigned i = 0; i < NR_INODES; i++) {
		struct inode *ip = &table[i];
		if (ip->ino == 0) {
			memset(ip, 0, sizeof(*ip));
			ip->ino = ino;
			ip->refs = 1;
			/* New blocks of this file start near its inode. */
			ip->alloc_goal = fs.sb.s_first_data_block +
					 (ino - 1) / fs.sb.s_inodes_per_group * fs.sb.s_blocks_per_group;
			ip->hash_next = *bucket(ino);
			*bucket(ino) = ip;
			return ip;
		}
	}
	return NULL;
}

/* Read the on-disk inode into ip->d; zero the whole on-disk slot first
 * if `wipe` (a new inode must not inherit its predecessor's fields). */
static int disk_load(struct inode *ip, bool wipe)
{
	uint32_t blk, off;
	int r = locate(ip->ino, &blk, &off);
	if (r != OK)
		return r;
	struct lmfs_buf *b;
	r = lmfs_get_block(&b, fs.dev, blk, LMFS_NORMAL);
	if (r != OK)
		return r;
	uint8_t *raw = (uint8_t *)b->data + off;
	if (wipe) {
		uint32_t gen = ((struct ext2_inode *)raw)->i_generation;
		memset(raw, 0, fs.inode_size);
		((struct ext2_inode *)raw)->i_generation = gen + 1;
		lmfs_markdirty(b);
	}
	memcpy(&ip->d, raw, sizeof(ip->d));
	lmfs_put_block(b);
	return OK;
}

int inode_get(uint32_t ino, struct inode **ipp)
{
	*ipp = NULL;
	if (!ino_valid(ino))
		return -EINVAL;
	struct inode *ip = inode_find(ino);
	if (ip) {
		ip->refs++;
		*ipp = ip;
		return OK;
	}
	ip = slot_alloc(ino);
	if (!ip)
		return -ENFILE;
	int r = disk_load(ip, false);
	if (r == OK && (ip->d.i_mode == 0 || ip->d.i_links_count == 0))
		r = -ENOENT;            /* free, or a stale name for a freed inode */
	if (r == OK && (ip->d.i_flags & EXT4_EXTENTS_FL)) {
		printf("ext2: inode %u is extent-mapped: not served\n", ino);
		r = -EIO;
	}
	if (r != OK) {
		unhash(ip);
		return r;
	}
	*ipp = ip;
	return OK;
}

int inode_get_new(uint32_t ino, struct inode **ipp)
{
	*ipp = NULL;
	fs_assert(ino_valid(ino) && inode_find(ino) == NULL);
	struct inode *ip = slot_alloc(ino);
	if (!ip)
		return -ENFILE;
	int r = disk_load(ip, true);
	if (r != OK) {
		unhash(ip);
		return r;
	}
	*ipp = ip;
	return OK;
}

int inode_write(struct inode *ip)
{
	fs_assert(ip->ino != 0 && (ip->refs > 0 || ip->vfs_refs > 0));
	if (fs.readonly)
		return -EROFS;
	uint32_t blk, off;
	int r = locate(ip->ino, &blk, &off);
	if (r != OK)
		return r;
	struct lmfs_buf *b;
	r = lmfs_get_block(&b, fs.dev, blk, LMFS_NORMAL);
	if (r != OK)
		return r;
	memcpy((uint8_t *)b->data + off, &ip->d, sizeof(ip->d));
	lmfs_markdirty(b);
	lmfs_put_block(b);
	return OK;
}

void inode_touch(struct inode *ip, int what)
{
	uint32_t now = fs_now();
	if (what & TOUCH_A)
		ip->d.i_atime = now;
	if (what & TOUCH_M)
		ip->d.i_mtime = now;
	if (what & TOUCH_C)
		ip->d.i_ctime = now;
}

uint64_t inode_size(const struct inode *ip)
{
	uint64_t size = ip->d.i_size;
	if (inode_is_reg(ip))
		size |= (uint64_t)ip->d.i_size_high << 32;
	return size;
}

void inode_set_size(struct inode *ip, uint64_t size)
{
	ip->d.i_size = (uint32_t)size;
	if (inode_is_reg(ip)) {
		ip->d.i_size_high = (uint32_t)(size >> 32);
		/* Files of 2 GiB and more need large_file; set it on first use
		 * (written with the superblock at the next sync). */
		if (size > 0x7fffffffu)
			fs.sb.s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
	}
}

bool inode_has_blocks(const struct inode *ip)
{
	switch (inode_type(ip)) {
	case Q_S_IFREG:
	case Q_S_IFDIR:
		return true;
	case Q_S_IFLNK: {
		/* A fast symlink owns no data block (an xattr block aside). */
		uint32_t own = ip->d.i_file_acl ? EXT2_BLOCK_SIZE / 512 : 0;
		return ip->d.i_blocks > own;
	}
	default:
		return false;           /* devices, fifos, sockets */
	}
}

void inode_info(const struct inode *ip, struct fs_node_info *out)
{
	out->ino = ip->ino;
	out->size = inode_size(ip);
	out->mode = ip->d.i_mode;
	out->uid = ip->d.i_uid | (uint32_t)ip->d.i_uid_high << 16;
	out->gid = ip->d.i_gid | (uint32_t)ip->d.i_gid_high << 16;
}

/* Free an unlinked inode nobody references any more. */
static void release(struct inode *ip)
{
	bool dir = inode_is_dir(ip);
	int r = inode_free_contents(ip);
	ip->d.i_dtime = fs_now();
	ip->d.i_links_count = 0;
	int w = inode_write(ip);
	int f = ialloc_free(ip->ino, dir);
	if (r != OK || w != OK || f != OK)
		printf("ext2: releasing inode %u failed (%d %d %d)\n", ip->ino, r, w, f);
}

/* Both counts are 0: the slot goes (and the inode, if unlinked). */
static void maybe_drop(struct inode *ip)
{
	if (ip->refs > 0 || ip->vfs_refs > 0)
		return;
	if (ip->d.i_links_count == 0 && ip->d.i_mode != 0 && !fs.readonly) {
		ip->refs = 1;           /* release() writes the inode: keep it held */
		release(ip);
		ip->refs = 0;
	}
	unhash(ip);
}

void inode_put(struct inode *ip)
{
	if (!ip)
		return;
	fs_assert(ip->ino != 0 && ip->refs > 0);
	ip->refs--;
	maybe_drop(ip);
}

void inode_vfs_ref(struct inode *ip)
{
	fs_assert(ip->ino != 0 && ip->refs > 0);
	ip->vfs_refs++;
}

int inode_vfs_put(uint32_t ino, uint32_t count)
{
	struct inode *ip = inode_find(ino);
	if (!ip || count == 0 || count > ip->vfs_refs)
		return -EINVAL;
	ip->vfs_refs -= count;
	maybe_drop(ip);
	return OK;
}

void inode_drop_all(void)
{
	for (unsigned i = 0; i < NR_INODES; i++) {
		struct inode *ip = &table[i];
		if (ip->ino == 0)
			continue;
		fs_assert(ip->refs == 0);       /* between requests */
		ip->vfs_refs = 0;
		maybe_drop(ip);
	}
}

unsigned inode_nr_in_core(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < NR_INODES; i++)
		if (table[i].ino != 0)
			n++;
	return n;
}
