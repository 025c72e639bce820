/*
 * libminixfs: the block cache file-system servers share.
 *
 * Blocks are LMFS_BLOCK_SIZE (4 KiB) bytes: a block is a page. The cache
 * holds a fixed number of buffers chosen at lmfs_init(); the caller gives
 * it all the memory it uses, so the cache itself never allocates: the
 * block data (one page a buffer: in Quire VM's cache window, see
 * "VM's page cache" below; on the host and in the fallback plain
 * memory) and, apart, the headers and hash table.
 *
 * Typical flow:
 *
 *     struct lmfs_buf *b;
 *     int r = lmfs_get_block(&b, dev, blockno, LMFS_NORMAL);
 *     if (r != OK) return r;
 *     ... read or change b->data ...
 *     lmfs_markdirty(b);               // if changed
 *     lmfs_put_block(b);               // b must not be touched after this
 *     ...                              // file data: page `index` of file ino
 *     r = lmfs_get_file_block(&b, dev, blockno, LMFS_NORMAL, ino, index, size);
 *     ...
 *     lmfs_flush_all();                // at sync: everything reaches the device
 *
 * Ownership:
 *   - A buffer returned by lmfs_get_block() is the caller's until the
 *     matching lmfs_put_block(); while any caller holds it, the cache
 *     neither evicts it nor changes its identity. Several callers may hold
 *     the same block (each get needs one put).
 *   - b->data belongs to the cache; only a holder may read or write it.
 *   - A dirty block is written back when it is evicted, at lmfs_flush_*()
 *     and lmfs_write_blocks(), and never otherwise; there is no
 *     background write-back.
 *
 * The device side is an ops table (struct lmfs_dev_ops), so the same cache
 * runs on the host against a file (filedev.c) and in Quire against a block
 * driver (bdev.c).
 *
 * VM's page cache (backing.c; docs/ext2.md, "The page cache window"): a
 * device may have a backing (struct lmfs_backing, lmfs_set_backing()),
 * in Quire VM's page cache reached through the cache window
 * (lmfs_vm_backing, vmback.c). Then each buffer's page is a frame VM
 * knows by (block) and, for file data, by (ino, index):
 *   - a miss picks the victim (written back first if dirty), asks the
 *     backing for the block on that page (get), and only if the backing
 *     has not got it reads the device (or zeroes, LMFS_NOREAD) and hands
 *     the page to the backing (set);
 *   - a hit is a plain memory access, with no message, unless it asks for
 *     a file identity the buffer's page does not have yet (then the page
 *     is got again under that identity);
 *   - a freed block (lmfs_forget) and a cut file (lmfs_forget_file) are
 *     forgotten by the backing before the block can be reused.
 * No backing (NULL, the default): the cache is private memory.
 *
 * Errors are negative numbers from quire/errno.h.
 */
#ifndef LMFS_H
#define LMFS_H

#include <quire/types.h>

#define LMFS_BLOCK_SIZE  4096
#define LMFS_BLOCK_SHIFT 12

/* How lmfs_get_block() fills a block that is not in the cache. */
#define LMFS_NORMAL 0   /* read it from the device */
#define LMFS_NOREAD 1   /* the caller overwrites all of it: no I/O (zeroed if
			   not cached; a cached block keeps its contents) */
#define LMFS_CACHED 2   /* only if the cache or its backing has it: ENOENT
			   otherwise, and no read */
#define LMFS_FRESH  3   /* a block just allocated (its old contents were
			   forgotten when it was freed): zeroed, no I/O, and
			   the backing is not asked for it (one message) */

struct lmfs_dev;

/*
 * Where the cache's pages live besides the cache (VM's page cache). Each
 * op names a page of the cache's data area (`page`), a device block and,
 * for file data, a file identity (ino != 0: page `index` of file ino).
 *   get(page, block, ino, index, &found): the frame at `page` leaves it
 *       (the backing keeps it if it has it cached, else drops it); then,
 *       if the backing has `block`, that frame is now at `page`
 *       (found = true; with ino != 0 it also gets that file identity),
 *       else `page` reads as zeros (found = false). No device I/O.
 *   set(page, block, ino, index): the frame at `page` joins the backing
 *       as `block` (and file page (ino, index) if ino != 0). EEXIST if the
 *       backing has either already (a bug of the cache's bookkeeping).
 *   fresh(page, block, ino, index) (may be NULL): `page` gets a fresh
 *       zeroed frame that joins the backing as `block`: a set of a block
 *       just allocated, which the backing cannot have. EEXIST as set.
 *   prep(page, n), set_run(page, block, ino, index, n) (may be NULL, both
 *       or neither): for runs of blocks just allocated (freshrun.c). The
 *       n consecutive pages from `page` get fresh zeroed frames (what
 *       they held leaves them as in get); later set_run names the first
 *       n of them as blocks block+i (file pages index+i of ino): a set
 *       of each, all or nothing (EEXIST).
 *   forget_blocks(block, count): blocks [block, block+count) were freed.
 *   forget_file(ino, from): file ino was cut at page `from`: its pages
 *       from there leave the backing (and every mapping of them).
 * Each returns OK or a negative error. A failed get counts as not found;
 * a failed set leaves the page the cache's alone; failed forgets are
 * counted (struct lmfs_stats) and otherwise ignored.
 */
struct lmfs_backing {
	int (*get)(void *page, uint64_t block, uint64_t ino, uint64_t index, bool *found);
	int (*set)(void *page, uint64_t block, uint64_t ino, uint64_t index);
	int (*fresh)(void *page, uint64_t block, uint64_t ino, uint64_t index);
	int (*prep)(void *page, uint64_t n);
	int (*set_run)(void *page, uint64_t block, uint64_t ino, uint64_t index, uint64_t n);
	int (*forget_blocks)(uint64_t block, uint64_t count);
	int (*forget_file)(uint64_t ino, uint64_t from);
};

/*
 * What a device must do. Each op moves `n` consecutive blocks starting
 * at device block `blockno` to or from the buffers bufs[0..n-1] (each
 * LMFS_BLOCK_SIZE bytes; not contiguous in memory), as one request where
 * the device can. n is at most dev->max_io. Return OK or a negative
 * error; a failed op may have moved some of the blocks.
 */
struct lmfs_dev_ops {
	int (*read)(struct lmfs_dev *dev, uint64_t blockno, void *const bufs[], unsigned n);
	int (*write)(struct lmfs_dev *dev, uint64_t blockno, void *const bufs[], unsigned n);
	int (*flush)(struct lmfs_dev *dev);     /* data written is on the medium; may be NULL */
};

/* Device requests, counted by the cache (tests look at them). */
struct lmfs_dev_stats {
	uint64_t read_requests, blocks_read;
	uint64_t write_requests, blocks_written;
};

/* A device as the cache sees it. Filled in by the device's init function. */
struct lmfs_dev {
	const struct lmfs_dev_ops *ops;
	void *ctx;                  /* the device's own state */
	uint64_t nblocks;           /* size in blocks; the cache refuses blocks past it */
	unsigned max_io;            /* most blocks in one request (>= 1) */
	bool readonly;              /* the device refuses writes */
	const struct lmfs_backing *backing;     /* NULL: none (lmfs_set_backing) */
	/* Kept by the cache. */
	bool unflushed;             /* written to since the last flush op */
	struct lmfs_dev_stats stats;
};

/* A cached block. Only `data`, `blockno` and `dev` are for callers. */
struct lmfs_buf {
	void *data;                 /* LMFS_BLOCK_SIZE bytes, page-aligned */
	uint64_t blockno;
	struct lmfs_dev *dev;       /* NULL: the buffer holds no block */
	/* Private to the cache. */
	uint32_t count;             /* holders; on the LRU list iff 0 */
	uint32_t flags;             /* LMFS_F_* in lmfs_priv.h */
	/* What the backing knows the frame at `data` as (backing.c):
	 * LMFS_F_NAMED in flags: it caches it as block `blockno`; vm_ino != 0:
	 * also as page vm_index of file vm_ino. */
	uint64_t vm_ino, vm_index;
	struct lmfs_buf *hash_next;
	struct lmfs_buf *lru_prev, *lru_next;
};

/* What the cache did, since lmfs_init(). */
struct lmfs_stats {
	uint64_t hits, misses;
	uint64_t evictions;         /* buffers reused for another block */
	uint64_t writebacks;        /* dirty blocks written at eviction */
	uint64_t readahead_blocks;  /* blocks read ahead of need */
	/* The backing (all 0 without one). */
	uint64_t backing_found;     /* misses the backing had: no device read */
	uint64_t backing_sets;      /* pages handed to the backing */
	uint64_t backing_renames;   /* hits that gave a page its file identity */
	uint64_t backing_exists;    /* sets refused with EEXIST: must stay 0 */
	uint64_t backing_errors;    /* other failed backing calls */
};

/* ---- the cache (cache.c) ---- */

/* Bytes of memory lmfs_init() needs for the headers, hash table and
 * flush list of nblocks buffers (the data takes nblocks pages besides). */
size_t lmfs_meta_size(unsigned nblocks);
/* Set the cache up: block data in `data` (page-aligned, nblocks *
 * LMFS_BLOCK_SIZE bytes: the cache window in Quire), the rest in `meta`
 * (8-aligned, lmfs_meta_size(nblocks) bytes). Any earlier cache is
 * forgotten without being written back. */
int lmfs_init(void *data, void *meta, size_t meta_len, unsigned nblocks);
/* Give dev a backing (NULL: none). Set it before dev's first block is
 * cached; it stays for the device's life. */
void lmfs_set_backing(struct lmfs_dev *dev, const struct lmfs_backing *backing);
/* Get block `blockno` of dev, held (see above). EINVAL for a block past
 * the device's end; ENOMEM if every buffer is held; a device error if
 * reading it, or writing back the buffer it replaces, fails; ENOENT for
 * LMFS_CACHED when neither the cache nor its backing has it. The block
 * is metadata to the backing. */
int lmfs_get_block(struct lmfs_buf **bp, struct lmfs_dev *dev, uint64_t blockno, int how);
/* The same for file data: block `blockno` is page `index` of file ino
 * (ino != 0), which is `size` bytes long now. The backing learns that
 * identity (so a mapping of the file finds this very page). A page read
 * from the device is zeroed past the end of the file: those bytes are not
 * file data, though a store through a mapping may have put something
 * there before the block was last written. */
int lmfs_get_file_block(struct lmfs_buf **bp, struct lmfs_dev *dev, uint64_t blockno, int how,
			uint64_t ino, uint64_t index, uint64_t size);
/* Give a held buffer back. It becomes the most recently used. */
void lmfs_put_block(struct lmfs_buf *b);
/* Note that a held buffer's data changed and must reach the device. */
void lmfs_markdirty(struct lmfs_buf *b);
/* Is the block in the cache with valid contents? (no I/O, no LRU change) */
bool lmfs_cached(struct lmfs_dev *dev, uint64_t blockno);
/* The block was freed by the file system: drop it from the cache without
 * writing it back. A held block is only marked clean. The backing is told
 * too: consecutive forgets are sent as one forget_blocks, before the next
 * other call to the backing or at lmfs_forget_flush(). */
void lmfs_forget(struct lmfs_dev *dev, uint64_t blockno);
/* Bring the backing up to date: send the forgets lmfs_forget() has
 * batched, then the names of the blocks a fresh run allocated (freshrun.c).
 * The file system calls it after every request and before it answers VM
 * (a page the backing is to find must be named by then). */
void lmfs_forget_flush(void);
/* File ino of dev is cut at page `from` (truncate; from 0: the inode is
 * freed): the backing drops its pages from there (and every mapping of
 * them). Call it BEFORE freeing the blocks. */
void lmfs_forget_file(struct lmfs_dev *dev, uint64_t ino, uint64_t from);
/* Write the held buffers bufs[0..n) to the device now, dirty or not (a
 * page may have been written through a mapping the cache does not see),
 * in one request: they must be consecutive blocks of one device, n at
 * most its max_io (EINVAL otherwise, nothing written). They are clean
 * afterwards. The device is not flushed (lmfs_dev_flush). */
int lmfs_write_blocks(struct lmfs_buf *const bufs[], unsigned n);
/* Ask dev to put what was written on the medium (its flush op). */
int lmfs_dev_flush(struct lmfs_dev *dev);
/* Write every dirty block of dev back (consecutive blocks in one request),
 * then ask the device to flush. The first error, after trying them all. */
int lmfs_flush_dev(struct lmfs_dev *dev);
/* lmfs_flush_dev() for every device with blocks in the cache. */
int lmfs_flush_all(void);
/* Drop every block of dev (none may be held); dirty ones are lost, so
 * flush first. The backing forgets all of dev's blocks. */
void lmfs_invalidate(struct lmfs_dev *dev);
/* The cache's counters. */
const struct lmfs_stats *lmfs_get_stats(void);
/* Buffers in the cache, and how many are held now (tests: leak checks). */
unsigned lmfs_nr_bufs(void);
unsigned lmfs_nr_held(void);

/* ---- read-ahead (readahead.c) ---- */

/* Read-ahead state of one sequential stream (an open file). Zero it to
 * start; the first read of logical block 0 counts as sequential. */
struct lmfs_stream {
	uint64_t next;              /* the logical block a sequential reader reads next */
	unsigned window;            /* blocks to read ahead now; 0: not sequential */
};

#define LMFS_RA_MIN 4           /* first window */
#define LMFS_RA_MAX 32          /* largest window (128 KiB, BDEV_MAX_IO) */

/* A read of logical block n of the stream. Returns how many blocks after
 * n are worth reading ahead: 0 unless the previous read was of n-1 (or of
 * n itself, which keeps the window), growing while the reads stay
 * sequential. */
unsigned lmfs_stream_access(struct lmfs_stream *s, uint64_t n);
/* Bring the listed blocks into the cache (those not there yet), merging
 * runs of consecutive block numbers into single device requests; blocks
 * the backing has cost no read. Blocks past the device's end and 0
 * entries (holes) are skipped. With ino != 0, blocks[i] is page
 * first + i of file ino, `size` bytes long (the identity the backing
 * gets; zeroed past the end as lmfs_get_file_block does); with ino 0 they
 * are metadata. Read-ahead is a hint: when buffers are short it reads
 * fewer; errors are returned but nothing depends on it. */
int lmfs_readahead(struct lmfs_dev *dev, uint64_t ino, uint64_t first, uint64_t size,
		   const uint64_t *blocks, unsigned n);

/* ---- devices ---- */

/* filedev.c (host only): a device backed by an open file descriptor. */
int lmfs_filedev_init(struct lmfs_dev *dev, int fd, unsigned max_io);

/* bdev.c (Quire only): a block driver speaking include/quire/blockdev.h.
 * `staging` is BDEV_MAX_IO bytes for requests of several blocks. Opens
 * the minor and learns its size and whether it is read-only. One device
 * per program. */
int lmfs_bdev_init(struct lmfs_dev *dev, endpoint_t driver, int minor, void *staging);

/* vmback.c (Quire only): VM's page cache through the caller's cache
 * window (include/quire/vm.h, VM_CACHE_*), for lmfs_set_backing(). */
extern const struct lmfs_backing lmfs_vm_backing;

#endif
