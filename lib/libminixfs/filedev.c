/*
 * A block device backed by a host file, for unit tests: the cache runs
 * unchanged on the host against it. One preadv/pwritev per request, so
 * the request counts the cache keeps mean the same as in Quire.
 * Host only (POSIX); Quire's programs use bdev.c.
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "lmfs_priv.h"

#define FILEDEV_MAX_VEC 64

static int fd_of(struct lmfs_dev *dev)
{
	return (int)(intptr_t)dev->ctx;
}

static int filedev_io(struct lmfs_dev *dev, uint64_t blockno, void *const bufs[], unsigned n,
		      bool write)
{
	struct iovec iov[FILEDEV_MAX_VEC];
	if (n == 0 || n > FILEDEV_MAX_VEC)
		return -EINVAL;
	for (unsigned i = 0; i < n; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = LMFS_BLOCK_SIZE;
	}
	off_t pos = (off_t)(blockno << LMFS_BLOCK_SHIFT);
	ssize_t want = (ssize_t)n * LMFS_BLOCK_SIZE;
	ssize_t got = write ? pwritev(fd_of(dev), iov, (int)n, pos)
			    : preadv(fd_of(dev), iov, (int)n, pos);
	return got == want ? OK : -EIO;
}

static int filedev_read(struct lmfs_dev *dev, uint64_t blockno, void *const bufs[], unsigned n)
{
	return filedev_io(dev, blockno, bufs, n, false);
}

static int filedev_write(struct lmfs_dev *dev, uint64_t blockno, void *const bufs[], unsigned n)
{
	return filedev_io(dev, blockno, bufs, n, true);
}

static int filedev_flush(struct lmfs_dev *dev)
{
	return fsync(fd_of(dev)) == 0 ? OK : -EIO;
}

static const struct lmfs_dev_ops filedev_ops = {
	.read = filedev_read,
	.write = filedev_write,
	.flush = filedev_flush,
};

int lmfs_filedev_init(struct lmfs_dev *dev, int fd, unsigned max_io)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return -EIO;
	memset(dev, 0, sizeof(*dev));
	dev->ops = &filedev_ops;
	dev->ctx = (void *)(intptr_t)fd;
	dev->nblocks = (uint64_t)st.st_size >> LMFS_BLOCK_SHIFT;
	dev->max_io = max_io == 0 ? 1 : max_io > FILEDEV_MAX_VEC ? FILEDEV_MAX_VEC : max_io;
	return OK;
}
