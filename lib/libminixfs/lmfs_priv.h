/*
 * What cache.c shares with readahead.c. Not for file systems.
 */
#ifndef LMFS_PRIV_H
#define LMFS_PRIV_H

#include <quire/errno.h>
#include "lmfs.h"
#include "../libmini/mini_string.h"

/* Buffer flags. DIRTY implies VALID. */
#define LMFS_F_VALID 0x1        /* data holds the block's contents */
#define LMFS_F_DIRTY 0x2        /* data differs from the device */

/* Provided by the program: libsys in Quire, the test harness on the host. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/* Checks that stay on in every build. */
#define lmfs_assert(c) \
	do { if (!(c)) panic("lmfs: %s:%d: %s", __FILE__, __LINE__, #c); } while (0)

/* The cached buffer of (dev, blockno), valid or not; NULL if none. */
struct lmfs_buf *lmfs_lookup(struct lmfs_dev *dev, uint64_t blockno);
/* A buffer for (dev, blockno), which must not be cached: the least
 * recently used unheld buffer, written back first if dirty, now held once
 * under the new identity with no valid data. NULL with *err set if none
 * is free or the write-back failed. */
struct lmfs_buf *lmfs_claim(struct lmfs_dev *dev, uint64_t blockno, int *err);
/* Undo a claim whose read failed: the buffer holds nothing again and is
 * the first to be reused. */
void lmfs_unclaim(struct lmfs_buf *b);
/* Unheld buffers (could be claimed now). */
unsigned lmfs_nr_free(void);
/* Count one device read of n blocks, and one of read-ahead. */
void lmfs_count_readahead(unsigned n);

#endif
