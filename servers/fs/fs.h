/*
 * The ext2 server: in-core state, and every function one file offers
 * another, under the name of the file that defines it.
 *
 * Layers, bottom up:
 *   lib/libminixfs       the block cache (every disk access goes through it)
 *   super.c              the superblock and group descriptors; mount, sync
 *   balloc.c, ialloc.c   block and inode allocation in the bitmaps
 *   inode.c              in-core inodes: references, write-through, release
 *   bmap.c, truncate.c   file blocks: mapping, allocation, freeing
 *   rw.c, dir.c          file data; directory entries
 *   namei.c, rename.c,   the operations of the FS protocol (fs_*), each
 *   node.c, getdents.c   "decode, then invoke": every check comes before
 *                        the first change
 *   request.c            FS protocol messages -> fs_* calls
 *   vmwork.c             work VM's page cache asks for (VMW_PAGEIN, VMW_FILL,
 *                        VMW_WRITEBACK), on VM's notification
 *   main.c, xfer_grant.c Quire only: the message loop, and grant copies
 * Everything but main.c and xfer_grant.c also compiles on the host, where
 * the unit tests run it on a file-backed device, with a fake of VM's page
 * cache as the block cache's backing.
 *
 * File data is cached as pages of its file (lmfs_get_file_block with the
 * inode number and the page index), so VM's page cache knows it by
 * (ino, index) and mappings share it; everything else is metadata, known
 * by block only (docs/ext2.md, "The page cache window").
 *
 * There is one file system per server, `fs`; one request runs at a time,
 * to the end, so no locks: ownership is by reference counts.
 *
 * Errors are negative numbers from quire/errno.h.
 */
#ifndef FS_H
#define FS_H

#include <quire/types.h>
#include <quire/errno.h>
#include <quire/stat.h>
#include <quire/fsproto.h>
#include <quire/vm.h>
#include "../../lib/libminixfs/lmfs.h"
#include "../../lib/libmini/mini_string.h"
#include "ext2.h"

/* Largest file: 2 TiB less a block (i_blocks counts 512-byte units in 32
 * bits without huge_file). */
#define FS_MAX_FILE_SIZE ((1ull << 41) - EXT2_BLOCK_SIZE)
/* Most bytes one READ or WRITE moves (the answer must fit m_type). */
#define FS_MAX_IO        (1u << 30)
/* In-core inodes: every inode VFS holds, plus those a request uses. */
#define NR_INODES        1024
/* Longest symlink target (it must fit one block with its NUL). */
#define FS_SYMLINK_MAX   (EXT2_BLOCK_SIZE - 1)

/* ---- provided by the program: main.c in Quire, the test harness on the host ---- */
/* Seconds since 1970 (see main.c for where Quire's come from). */
uint32_t fs_now(void);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/* Invariant checks: on in every build. */
#define fs_assert(c) \
	do { if (!(c)) panic("ext2: %s:%d: %s", __FILE__, __LINE__, #c); } while (0)

/*
 * Where a request's data lives, and how to move it: in Quire a grant in
 * VFS's request (xfer_grant.c, sys_safecopyfrom/to), on the host plain
 * memory. Offsets are into the granted range; each copy returns OK or a
 * negative error (EFAULT when the requester's memory is absent: VFS makes
 * it present and sends the request again).
 */
/* One piece of a gathered copy out: len bytes from src to offset off of
 * the request's buffer. */
struct fs_piece {
	uint64_t off;
	const void *src;
	size_t len;
};
#define FS_PIECES 16                /* = VSC_MAX: pieces in one gathered copy */

struct fs_xfer {
	int (*copy_out)(struct fs_xfer *x, uint64_t off, const void *src, size_t len);
	int (*copy_in)(struct fs_xfer *x, uint64_t off, void *dst, size_t len);
	/* n (1..FS_PIECES) copy_outs at once; NULL: xfer_out_pieces makes
	 * them one by one. */
	int (*copy_out_v)(struct fs_xfer *x, const struct fs_piece *p, int n);
	uint64_t len;               /* bytes granted */
	endpoint_t who;             /* Quire: the granter */
	cp_grant_id_t grant;        /* Quire: the grant */
	void *mem;                  /* host: the memory */
	uint64_t fault_at;          /* host tests: copies reaching this offset fail */
};

/* What the protocol answers about an inode (LOOKUP, CREATE, MOUNT, ...). */
struct fs_node_info {
	uint64_t ino;
	uint64_t size;
	uint32_t mode, uid, gid;
};

/* ---- the mounted file system (super.c) ---- */
struct ext2_fs {
	struct lmfs_dev *dev;       /* NULL: nothing mounted */
	/* The superblock. Its free counts are the live ones (balloc.c and
	 * ialloc.c change them with the group descriptors); super_write()
	 * puts it back in block 0. */
	struct ext2_super sb;
	uint16_t state_at_mount;    /* s_state to restore at unmount */
	uint32_t wtime_at_mount;    /* s_wtime when mounted (main.c's clock starts there) */
	uint32_t groups;
	uint32_t inode_size;        /* bytes an on-disk inode takes */
	uint32_t inodes_per_block;
	bool readonly;              /* changes fail with EROFS */
	bool filetype;              /* directory entries carry a file type */
	uint64_t dev_id;            /* what stat reports as st_dev */
};
extern struct ext2_fs fs;

int super_mount(struct lmfs_dev *dev, bool readonly);
int super_write(void);
int super_sync(void);
int super_unmount(void);
/* Group g's descriptor, in its held cache block *bp (put it; mark it
 * dirty if changed). NULL with *err on an I/O error. */
struct ext2_group_desc *gd_get(uint32_t g, struct lmfs_buf **bp, int *err);
/* Blocks in group g (the last one may be short). */
uint32_t group_nblocks(uint32_t g);

/* ---- bitmaps (bitmap.c) ---- */
/* First clear bit in [from, to), or -1. */
int bitmap_find_zero(const uint8_t *bm, uint32_t from, uint32_t to);
bool bitmap_test(const uint8_t *bm, uint32_t bit);
void bitmap_set(uint8_t *bm, uint32_t bit);
void bitmap_clear(uint8_t *bm, uint32_t bit);

/* ---- blocks (balloc.c) ---- */
/* Allocate a block, as near after `goal` as there is one. ENOSPC, EROFS. */
int balloc_alloc(uint32_t goal, uint32_t *out);
/* Free a block (and drop it from the cache). */
int balloc_free(uint32_t blk);

/* ---- inodes on disk (ialloc.c) ---- */
/* Allocate an inode for a child of `parent`; `dir` spreads directories. */
int ialloc_alloc(uint32_t parent, bool dir, uint32_t *out);
int ialloc_free(uint32_t ino, bool dir);

/* ---- in-core inodes (inode.c) ---- */
/*
 * An in-core inode exists while anyone references it:
 *   refs      references a request holds (inode_get/inode_put); 0 between
 *             requests;
 *   vfs_refs  references VFS holds: one per inode a LOOKUP, CREATE, MKDIR,
 *             MKNOD or MOUNT answered with, dropped by PUTNODE.
 * When both reach 0 the inode leaves the table, and if its link count is
 * 0 it is released then: its blocks and the inode itself are freed. So
 * an unlinked file stays readable and writable while VFS holds it.
 * `d` is the on-disk inode; whoever changes it calls inode_write(), which
 * copies it into the cache at once (write-through: nothing in-core is
 * ever newer than the cache).
 */
struct inode {
	uint32_t ino;               /* 0: the slot is free */
	uint32_t refs;
	uint32_t vfs_refs;
	struct ext2_inode d;
	uint32_t alloc_goal;        /* where the next block of this file should go */
	struct lmfs_stream ra;      /* read-ahead state (the file's open reader) */
	struct inode *hash_next;
};

#define TOUCH_A 0x1
#define TOUCH_M 0x2
#define TOUCH_C 0x4

/* Get the in-use inode ino. EINVAL for a number that names no file,
 * ENOENT for a free inode, ENFILE if the table is full. */
int inode_get(uint32_t ino, struct inode **ipp);
/* Get a just-allocated inode: its on-disk slot is zeroed. */
int inode_get_new(uint32_t ino, struct inode **ipp);
void inode_put(struct inode *ip);
int inode_write(struct inode *ip);
void inode_touch(struct inode *ip, int what);
uint64_t inode_size(const struct inode *ip);
void inode_set_size(struct inode *ip, uint64_t size);
/* The in-core inode ino if VFS or a request holds it, else NULL. */
struct inode *inode_find(uint32_t ino);
void inode_vfs_ref(struct inode *ip);
/* Drop count VFS references (PUTNODE). EINVAL if VFS holds fewer. */
int inode_vfs_put(uint32_t ino, uint32_t count);
/* Unmount: drop every VFS reference (releasing unlinked inodes). */
void inode_drop_all(void);
/* In-core inodes now (tests: leak checks). */
unsigned inode_nr_in_core(void);
void inode_info(const struct inode *ip, struct fs_node_info *out);

static inline uint32_t inode_type(const struct inode *ip)
{
	return ip->d.i_mode & Q_S_IFMT;
}
static inline bool inode_is_dir(const struct inode *ip)
{
	return inode_type(ip) == Q_S_IFDIR;
}
static inline bool inode_is_reg(const struct inode *ip)
{
	return inode_type(ip) == Q_S_IFREG;
}
/* Does i_block hold block pointers (not a fast symlink's text or a
 * device number)? */
bool inode_has_blocks(const struct inode *ip);

/* ---- block map (bmap.c) ---- */
/* The device block of file block lblk: 0 for a hole unless alloc, which
 * allocates it and any missing indirect block; *fresh tells whether the
 * data block is new (its contents are undefined: the caller fills it).
 * EFBIG past the triple-indirect range; EIO for a corrupt pointer. */
int bmap(struct inode *ip, uint64_t lblk, bool alloc, uint32_t *pblk, bool *fresh);

/* ---- freeing blocks (truncate.c) ---- */
/* Free every block of ip at file block >= first, indirect blocks that
 * map nothing any more included. */
int trunc_blocks(struct inode *ip, uint64_t first);
/* Set a regular file's size: shrinking makes VM forget the pages past the
 * end, frees blocks and zeroes the tail of the last block; growing zeroes
 * the tail of the old last block and leaves a hole. */
int inode_truncate(struct inode *ip, uint64_t size);
/* Zero bytes [from, to) of the file block that holds byte `from`, up to
 * its end at most, in the cache (so mappings see it); nothing if from
 * starts a block or the block is a hole. */
int file_zero_tail(struct inode *ip, uint64_t from, uint64_t to);
/* Free everything a released inode owns (blocks, xattr block). */
int inode_free_contents(struct inode *ip);

/* ---- file data (rw.c) ---- */
int64_t file_read(struct inode *ip, uint64_t pos, struct fs_xfer *x, uint64_t len);
int64_t file_write(struct inode *ip, uint64_t pos, struct fs_xfer *x, uint64_t len);
/* Bring file pages lblk.. (lblk at device block pblk; n pages at most,
 * none past `size`) into the cache with their file identity, one device
 * request per run of consecutive blocks. A hint: errors are ignored. */
void file_read_ahead(struct inode *ip, uint64_t lblk, uint32_t pblk, unsigned n,
		     uint64_t size);
/* A block of zeroes, for holes. */
extern const uint8_t zero_block[EXT2_BLOCK_SIZE];
/* The pieces p[0..n) out to x's buffer, in order; the first error ends it. */
int xfer_out_pieces(struct fs_xfer *x, const struct fs_piece *p, int n);

/* ---- directories (dir.c) ---- */
/* A found entry: the held block it is in, and where. */
struct dir_slot {
	struct lmfs_buf *b;
	uint64_t lblk;
	unsigned off;               /* the entry */
	unsigned prev;              /* the entry before it in the block; == off if first */
};
static inline struct ext2_dirent *dirent_at(void *block, unsigned off)
{
	return (struct ext2_dirent *)((uint8_t *)block + off);
}
int dir_get_block(struct inode *dp, uint64_t lblk, struct lmfs_buf **bp);
int dir_find(struct inode *dp, const char *name, unsigned len, struct dir_slot *s);
int dir_lookup(struct inode *dp, const char *name, unsigned len, uint32_t *ino);
int dir_add(struct inode *dp, const char *name, unsigned len, uint32_t ino, uint32_t mode);
/* Remove the found entry (and put its block). */
void dir_remove(struct inode *dp, struct dir_slot *s);
/* Point the found entry at another inode (and put its block). */
void dir_retarget(struct inode *dp, struct dir_slot *s, uint32_t ino, uint32_t mode);
/* 1 if dp holds only "." and "..", 0 if more, or an error. */
int dir_is_empty(struct inode *dp);
/* Fill a new directory's first block ("." and ".."). */
int dir_make(struct inode *dp, uint32_t parent);
int dir_set_dotdot(struct inode *dp, uint32_t parent);
uint8_t dir_ftype(uint32_t mode);
bool name_is_dot(const char *name, unsigned len);
bool name_is_dotdot(const char *name, unsigned len);

/* ---- the operations (namei.c, rename.c, node.c, getdents.c) ---- */
int fs_mount(struct lmfs_dev *dev, bool readonly, struct fs_node_info *root);
int fs_unmount(void);
int fs_sync(void);
int fs_lookup(uint64_t dir, const char *name, size_t len, struct fs_node_info *out);
int fs_create(uint64_t dir, const char *name, size_t len, uint32_t mode, uint32_t uid,
	      uint32_t gid, uint64_t rdev, struct fs_node_info *out);
int fs_symlink(uint64_t dir, const char *name, size_t len, const char *target,
	       size_t tlen, uint32_t uid, uint32_t gid);
int fs_link(uint64_t dir, const char *name, size_t len, uint64_t target);
int fs_unlink(uint64_t dir, const char *name, size_t len);
int fs_rmdir(uint64_t dir, const char *name, size_t len);
int fs_rename(uint64_t odir, const char *oname, size_t olen, uint64_t ndir,
	      const char *nname, size_t nlen);
int fs_stat(uint64_t ino, struct qstat *st);
int fs_chmod(uint64_t ino, uint32_t mode);
int fs_chown(uint64_t ino, uint32_t uid, uint32_t gid, uint32_t mode);
/* which: FS_UT_ATIME | FS_UT_MTIME; times in seconds since the epoch. */
int fs_utime(uint64_t ino, uint64_t atime, uint64_t mtime, uint32_t which);
int fs_trunc(uint64_t ino, uint64_t size);
int64_t fs_read(uint64_t ino, uint64_t pos, struct fs_xfer *x, uint64_t len);
int64_t fs_write(uint64_t ino, uint64_t pos, struct fs_xfer *x, uint64_t len,
		 uint64_t *new_size);
int64_t fs_readlink(uint64_t ino, struct fs_xfer *x, uint64_t len);
int64_t fs_getdents(uint64_t ino, uint64_t *pos, struct fs_xfer *x, uint64_t len);
int fs_putnode(uint64_t ino, uint32_t count);
/* Validate a name for a new entry (1..255 bytes, no '/' or NUL). */
int name_check(const char *name, size_t len);

/* ---- the protocol (request.c) ---- */
/* Serve one FS protocol request whose payload is *rq and whose grant is
 * reachable through x; fills the answer fields of *rq and returns the
 * answer's m_type (a result or a negative error). */
int fs_dispatch(int type, mess_fs *rq, struct fs_xfer *x);
/* The device FS_MOUNT mounts, and the st_dev stat reports for it. */
void fs_set_device(struct lmfs_dev *dev, uint64_t dev_id);

/* ---- work for VM's page cache (vmwork.c) ---- */
/* Do one VM_CACHE_WORK item; returns its result (OK, VMW_HOLE, VMW_EOF
 * or a negative error). */
int vmwork_do(const mess_vm_work *item);
/* VM notified: ask VM_CACHE_WORK for items and do them until it has none. */
/* Drain VM's work items; with sync, first ask VM to queue a write-back of
 * every page written through a mapping (VMW_SYNC). */
void vmwork_serve(bool sync);

/* ---- grant copies (xfer_grant.c, Quire only) ---- */
void xfer_grant_init(struct fs_xfer *x, endpoint_t who, cp_grant_id_t grant, uint64_t len);

#endif
