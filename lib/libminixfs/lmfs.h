/*
 * libminixfs: the block cache file-system servers share.
 *
 * Blocks are LMFS_BLOCK_SIZE (4 KiB) bytes: a block is a page. The cache
 * holds a fixed number of buffers chosen at lmfs_init(); the caller gives
 * it all the memory it uses (in Quire a vm_mmap'd area, on the host
 * malloc'd memory), so the cache itself never allocates.
 *
 * Typical flow:
 *
 *     struct lmfs_buf *b;
 *     int r = lmfs_get_block(&b, dev, blockno, LMFS_NORMAL);
 *     if (r != OK) return r;
 *     ... read or change b->data ...
 *     lmfs_markdirty(b);               // if changed
 *     lmfs_put_block(b);               // b must not be touched after this
 *     ...
 *     lmfs_flush_all();                // at sync: everything reaches the device
 *
 * Ownership:
 *   - A buffer returned by lmfs_get_block() is the caller's until the
 *     matching lmfs_put_block(); while any caller holds it, the cache
 *     neither evicts it nor changes its identity. Several callers may hold
 *     the same block (each get needs one put).
 *   - b->data belongs to the cache; only a holder may read or write it.
 *   - A dirty block is written back when it is evicted, at lmfs_flush_*(),
 *     and never otherwise; there is no background write-back.
 *
 * The device side is an ops table (struct lmfs_dev_ops), so the same cache
 * runs on the host against a file (filedev.c) and in Quire against a block
 * driver (bdev.c).
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

struct lmfs_dev;

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
	uint32_t flags;             /* LMFS_F_* in cache.c */
	struct lmfs_buf *hash_next;
	struct lmfs_buf *lru_prev, *lru_next;
};

/* What the cache did, since lmfs_init(). */
struct lmfs_stats {
	uint64_t hits, misses;
	uint64_t evictions;         /* buffers reused for another block */
	uint64_t writebacks;        /* dirty blocks written at eviction */
	uint64_t readahead_blocks;  /* blocks read ahead of need */
};

/* ---- the cache (cache.c) ---- */

/* Bytes of memory lmfs_init() needs for nblocks buffers (data, headers,
 * hash table and flush list). */
size_t lmfs_mem_size(unsigned nblocks);
/* Set the cache up in mem (page-aligned, lmfs_mem_size(nblocks) bytes).
 * Any earlier cache is forgotten without being written back. */
int lmfs_init(void *mem, size_t len, unsigned nblocks);
/* Get block `blockno` of dev, held (see above). EINVAL for a block past
 * the device's end; ENOMEM if every buffer is held; a device error if
 * reading it, or writing back the buffer it replaces, fails. */
int lmfs_get_block(struct lmfs_buf **bp, struct lmfs_dev *dev, uint64_t blockno, int how);
/* Give a held buffer back. It becomes the most recently used. */
void lmfs_put_block(struct lmfs_buf *b);
/* Note that a held buffer's data changed and must reach the device. */
void lmfs_markdirty(struct lmfs_buf *b);
/* Is the block in the cache with valid contents? (no I/O, no LRU change) */
bool lmfs_cached(struct lmfs_dev *dev, uint64_t blockno);
/* The block was freed by the file system: drop it from the cache without
 * writing it back. A held block is only marked clean. */
void lmfs_forget(struct lmfs_dev *dev, uint64_t blockno);
/* Write every dirty block of dev back (consecutive blocks in one request),
 * then ask the device to flush. The first error, after trying them all. */
int lmfs_flush_dev(struct lmfs_dev *dev);
/* lmfs_flush_dev() for every device with blocks in the cache. */
int lmfs_flush_all(void);
/* Drop every block of dev (none may be held); dirty ones are lost, so
 * flush first. */
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
 * runs of consecutive block numbers into single device requests. Blocks
 * past the device's end and 0 entries (holes) are skipped. Read-ahead is
 * a hint: when buffers are short it reads fewer; errors are returned
 * but nothing depends on it. */
int lmfs_readahead(struct lmfs_dev *dev, const uint64_t *blocks, unsigned n);

/* ---- devices ---- */

/* filedev.c (host only): a device backed by an open file descriptor. */
int lmfs_filedev_init(struct lmfs_dev *dev, int fd, unsigned max_io);

/* bdev.c (Quire only): a block driver speaking include/quire/blockdev.h.
 * `staging` is BDEV_MAX_IO bytes for requests of several blocks. Opens
 * the minor and learns its size and whether it is read-only. One device
 * per program. */
int lmfs_bdev_init(struct lmfs_dev *dev, endpoint_t driver, int minor, void *staging);

#endif
