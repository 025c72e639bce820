/*
 * A block device reached through a block driver (include/quire/blockdev.h):
 * each request is one stub of lib/libproto/bdev.c, with a grant for the
 * buffer.
 * Quire only (libsys).
 *
 * A request of one block grants the cache's buffer itself; a request of
 * several (read-ahead, write-back runs) goes through the staging area,
 * because cache buffers are not contiguous and a request has one grant.
 * The copy costs less than the requests it saves.
 */
#include <quire/syslib.h>
#include <quire/blockdev.h>
#include "lmfs_priv.h"

struct bdev_ctx {
	endpoint_t driver;
	int minor;
	void *staging;              /* BDEV_MAX_IO bytes */
};

/* One instance: a file-system server serves one device. */
static struct bdev_ctx bdev;

/* A read or write of `size` bytes at byte `pos` through a grant for buf. */
static int bdev_rw(struct bdev_ctx *c, int type, uint64_t pos, void *buf, size_t size)
{
	bool rd = type == BDEV_READ;
	cp_grant_id_t g = cpf_grant_direct(c->driver, (vir_bytes)(uintptr_t)buf, size,
					   rd ? CPF_WRITE : CPF_READ);
	if (g == GRANT_INVALID)
		return -ENOMEM;
	int r = rd ? bdev_req_read(c->driver, c->minor, pos, g, size)
		   : bdev_req_write(c->driver, c->minor, pos, g, size);
	cpf_revoke(g);
	return r;
}

static int bdev_io(struct lmfs_dev *dev, int type, uint64_t blockno, void *const bufs[],
		   unsigned n)
{
	struct bdev_ctx *c = dev->ctx;
	size_t size = (size_t)n * LMFS_BLOCK_SIZE;
	if (n == 0 || size > BDEV_MAX_IO)
		return -EINVAL;
	void *buf = n == 1 ? bufs[0] : c->staging;
	if (n > 1 && type == BDEV_WRITE)
		for (unsigned i = 0; i < n; i++)
			memcpy((char *)buf + (size_t)i * LMFS_BLOCK_SIZE, bufs[i], LMFS_BLOCK_SIZE);
	int r = bdev_rw(c, type, blockno << LMFS_BLOCK_SHIFT, buf, size);
	if (r < 0)
		return r;
	if ((size_t)r != size)
		return -EIO;            /* short: past the end of the device */
	if (n > 1 && type == BDEV_READ)
		for (unsigned i = 0; i < n; i++)
			memcpy(bufs[i], (char *)buf + (size_t)i * LMFS_BLOCK_SIZE, LMFS_BLOCK_SIZE);
	return OK;
}

static int bdev_read(struct lmfs_dev *dev, uint64_t blockno, void *const bufs[], unsigned n)
{
	return bdev_io(dev, BDEV_READ, blockno, bufs, n);
}

static int bdev_write(struct lmfs_dev *dev, uint64_t blockno, void *const bufs[], unsigned n)
{
	return bdev_io(dev, BDEV_WRITE, blockno, bufs, n);
}

static int bdev_flush(struct lmfs_dev *dev)
{
	struct bdev_ctx *c = dev->ctx;
	int r = bdev_req_flush(c->driver, c->minor);
	return r < 0 ? r : OK;
}

static const struct lmfs_dev_ops bdev_ops = {
	.read = bdev_read,
	.write = bdev_write,
	.flush = bdev_flush,
};

int lmfs_bdev_init(struct lmfs_dev *dev, endpoint_t driver, int minor, void *staging)
{
	bdev.driver = driver;
	bdev.minor = minor;
	bdev.staging = staging;
	int r = bdev_req_open(driver, minor);
	if (r < 0)
		return r;
	struct bdev_info info;
	r = bdev_req_info(driver, minor, &info);
	if (r < 0)
		return r;
	memset(dev, 0, sizeof(*dev));
	dev->ops = &bdev_ops;
	dev->ctx = &bdev;
	dev->nblocks = info.size >> LMFS_BLOCK_SHIFT;
	dev->max_io = BDEV_MAX_IO / LMFS_BLOCK_SIZE;
	dev->readonly = (info.flags & BDEV_RDONLY) != 0;
	return OK;
}
