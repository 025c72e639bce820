/*
 * GETDENTS: a directory's entries as struct qdirent records.
 *
 * The position is a byte offset into the directory: the offset of the
 * next ext2 record to return. Records may merge between two calls (a
 * removal coalesces one into its predecessor), so a position is never
 * trusted to be a record boundary: each block is walked from its start
 * and records before the position are skipped. An entry removed between
 * calls is not returned; one added may or may not be, as POSIX allows.
 *
 * Records are built in a staging buffer and copied out a buffer at a
 * time. On a failed copy nothing is answered but the error: the position
 * (which VFS keeps) only moves with a successful answer.
 */
#include "fs.h"

#define QDIRENT_HDR __builtin_offsetof(struct qdirent, name)

static uint8_t staging[EXT2_BLOCK_SIZE];

static uint8_t dt_of(uint8_t ftype)
{
	static const uint8_t map[] = {
		[EXT2_FT_UNKNOWN] = Q_DT_UNKNOWN, [EXT2_FT_REG_FILE] = Q_DT_REG,
		[EXT2_FT_DIR] = Q_DT_DIR,         [EXT2_FT_CHRDEV] = Q_DT_CHR,
		[EXT2_FT_BLKDEV] = Q_DT_BLK,      [EXT2_FT_FIFO] = Q_DT_FIFO,
		[EXT2_FT_SOCK] = 12 /* DT_SOCK */, [EXT2_FT_SYMLINK] = Q_DT_LNK,
	};
	return ftype < sizeof(map) ? map[ftype] : Q_DT_UNKNOWN;
}

static unsigned qdirent_len(unsigned name_len)
{
	return (QDIRENT_HDR + name_len + 1 + 7) & ~7u;
}

/* Append one record to the staging buffer at *fill. */
static void put_record(unsigned *fill, const struct ext2_dirent *de)
{
	uint8_t *p = staging + *fill;
	uint64_t ino = de->inode;
	uint16_t reclen = (uint16_t)qdirent_len(de->name_len);
	memset(p, 0, reclen);
	memcpy(p + __builtin_offsetof(struct qdirent, ino), &ino, sizeof(ino));
	memcpy(p + __builtin_offsetof(struct qdirent, reclen), &reclen, sizeof(reclen));
	p[__builtin_offsetof(struct qdirent, type)] = dt_of(de->file_type);
	memcpy(p + QDIRENT_HDR, de->name, de->name_len);
	*fill += reclen;
}

int64_t fs_getdents(uint64_t ino, uint64_t *pos, struct fs_xfer *x, uint64_t len)
{
	if (len > x->len)
		return -EINVAL;
	if (len > FS_MAX_IO)
		len = FS_MAX_IO;
	if (ino > UINT32_MAX)
		return -EINVAL;
	struct inode *dp;
	int r = inode_get((uint32_t)ino, &dp);
	if (r != OK)
		return r;
	if (!inode_is_dir(dp)) {
		inode_put(dp);
		return -ENOTDIR;
	}
	uint64_t nblocks = inode_size(dp) >> EXT2_BLOCK_SHIFT;
	uint64_t next = *pos;           /* position after the last record taken */
	uint64_t copied = 0;            /* bytes already copied out */
	unsigned fill = 0;              /* bytes waiting in the staging buffer */
	bool full = false;

	for (uint64_t lblk = *pos >> EXT2_BLOCK_SHIFT; lblk < nblocks && !full && r == OK; lblk++) {
		struct lmfs_buf *b;
		r = dir_get_block(dp, lblk, &b);
		if (r != OK)
			break;
		uint64_t base = lblk << EXT2_BLOCK_SHIFT;
		for (unsigned off = 0; off < EXT2_BLOCK_SIZE;) {
			const struct ext2_dirent *de = dirent_at(b->data, off);
			if (base + off >= *pos && de->inode != 0) {
				unsigned need = qdirent_len(de->name_len);
				if (copied + fill + need > len) {
					full = true;
					break;
				}
				if (fill + need > sizeof(staging)) {
					r = x->copy_out(x, copied, staging, fill);
					if (r != OK)
						break;
					copied += fill;
					fill = 0;
				}
				put_record(&fill, de);
			}
			off += de->rec_len;
			if (base + off > next)
				next = base + off;
		}
		lmfs_put_block(b);
	}
	if (r == OK && fill > 0) {
		r = x->copy_out(x, copied, staging, fill);
		copied += fill;
	}
	inode_put(dp);
	if (r != OK)
		return r;
	if (copied == 0 && full)
		return -EINVAL;         /* not even one record fits */
	*pos = next;
	return (int64_t)copied;
}
