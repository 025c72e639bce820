/*
 * virtio_blk's block protocol (include/quire/blockdev.h) for minor 0:
 * the message table, the checks, and the main loop. The device half is
 * virtio_blk.c (virtio_blk.h).
 *
 * One request at a time: a requester waits in sendrec; the driver copies
 * its data through the request's grant into the bounce buffer, has the
 * device do it, copies read data back, and answers with ipc_sendnb
 * (m_type = bytes or a negative error). Requests that arrive while one is
 * in flight wait in a FIFO and are served afterwards, in arrival order.
 */
#include <quire/syslib.h>
#include <quire/blockdev.h>
#include <quire/endpoints.h>
#include "../../lib/libmini/mini_string.h"
#include "virtio_blk.h"

#define DEFER_MAX     NR_PROCS  /* each sender can have one message outstanding */

/* ---- requests that arrive while the device is busy ---- */
static message deferred[DEFER_MAX];
static unsigned defer_head, defer_count;

void vblk_defer(const message *m)
{
	if (defer_count == DEFER_MAX) {
		message r = *m;                 /* cannot happen with well-behaved senders */
		r.m_type = -EAGAIN;
		ipc_sendnb(r.m_source, &r);
		return;
	}
	deferred[(defer_head + defer_count) % DEFER_MAX] = *m;
	defer_count++;
}

static bool undefer(message *m)
{
	if (!defer_count)
		return false;
	*m = deferred[defer_head];
	defer_head = (defer_head + 1) % DEFER_MAX;
	defer_count--;
	return true;
}

/* ---- the block protocol ---- */
static int do_rw(message *m, bool write)
{
	mess_bdev *b = &m->m_bdev;
	if (b->minor != 0)
		return -ENXIO;
	uint64_t pos = b->pos, size = b->size;
	if (pos % blk.sector || size % blk.sector || size > BDEV_MAX_IO)
		return -EINVAL;
	if (write && blk.ro)
		return -EROFS;
	if (size == 0)
		return 0;
	if (pos >= blk.capacity)
		return -EINVAL;                 /* starts at or past the end */
	if (size > blk.capacity - pos)
		size = blk.capacity - pos;      /* ends past it: the part before */

	for (uint64_t done = 0; done < size;) {
		uint64_t n = size - done < blk.max_xfer ? size - done : blk.max_xfer;
		int r;
		if (write) {
			r = sys_safecopyfrom(m->m_source, b->grant, done, (vir_bytes)blk.bounce, n);
			if (r != OK)
				return r;
		}
		r = vblk_io(write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, (pos + done) / VIRTIO_SECTOR, n);
		if (r != OK)
			return r;
		if (!write) {
			r = sys_safecopyto(m->m_source, b->grant, done, (vir_bytes)blk.bounce, n);
			if (r != OK)
				return r;
		}
		done += n;
	}
	return (int)size;
}

static int do_read(message *m)
{
	return do_rw(m, false);
}

static int do_write(message *m)
{
	return do_rw(m, true);
}

static int do_open(message *m)
{
	return m->m_bdev.minor == 0 ? OK : -ENXIO;
}

static int do_flush(message *m)
{
	if (m->m_bdev.minor != 0)
		return -ENXIO;
	return blk.flush && !blk.ro ? vblk_io(VIRTIO_BLK_T_FLUSH, 0, 0) : OK;
}

static int do_info(message *m)
{
	if (m->m_bdev.minor != 0)
		return -ENXIO;
	m->m_bdev.size = blk.capacity;
	m->m_bdev.sector = blk.sector;
	m->m_bdev.flags = blk.ro ? BDEV_RDONLY : 0;
	return OK;
}

/* Requests (include/quire/blockdev.h): the answer, >= 0 or -errno. */
typedef int (*blk_call)(message *m);

static const blk_call calls[BDEV_NR_CALLS] = {
	[BDEV_OPEN - BDEV_RQ_BASE]  = do_open,
	[BDEV_CLOSE - BDEV_RQ_BASE] = do_open,      /* nothing to release */
	[BDEV_READ - BDEV_RQ_BASE]  = do_read,
	[BDEV_WRITE - BDEV_RQ_BASE] = do_write,
	[BDEV_FLUSH - BDEV_RQ_BASE] = do_flush,
	[BDEV_INFO - BDEV_RQ_BASE]  = do_info,
};
#define NR_CALLS BDEV_NR_CALLS

static int do_request(message *m)
{
	if (!blk.present)
		return -ENXIO;
	int call = m->m_type - BDEV_RQ_BASE;
	return call >= 0 && call < NR_CALLS && calls[call] ? calls[call](m) : -ENOSYS;
}

static void greet(void)
{
	uint64_t kib = blk.capacity / 1024;
	printf("virtio_blk: PCI %02x:%02x.%x, I/O 0x%x, irq %d: %lu KiB (%lu sectors of %u bytes)%s%s, "
	       "queue of %u, %lu KiB per request\n",
	       blk.pci.bus, blk.pci.dev, blk.pci.fn, blk.vd.io, blk.irq, (unsigned long)kib,
	       (unsigned long)(blk.capacity / blk.sector), blk.sector, blk.ro ? ", read-only" : "",
	       blk.flush ? ", flush" : "", blk.vd.qsize, (unsigned long)(blk.max_xfer / 1024));
}

int main(int argc, char **argv)
{
	struct kinfo k;
	blk.hz = sys_getkinfo(&k) == OK && k.hz ? k.hz : 100;
	blk.present = false;
	if (vblk_find() == OK) {
		int r = vblk_alloc_dma();
		if (r != OK)
			printf("virtio_blk: no contiguous memory for DMA (%d): answering ENXIO\n", r);
		else if ((r = vblk_start(true)) != OK)
			printf("virtio_blk: the device did not start (%d): answering ENXIO\n", r);
		else
			blk.present = true;
	}
	if (blk.present)
		greet();

	for (;;) {
		message m;
		if (!undefer(&m) && sef_receive(&m) != OK)
			continue;
		if (m.m_source == HARDWARE) {
			vblk_ack_interrupt();
			continue;
		}
		if (is_notify(m.m_type))
			continue;               /* a stale alarm, or a process notification */
		if (m.m_source < 0)
			continue;               /* from the kernel: nothing we expect */
		m.m_type = do_request(&m);
		ipc_sendnb(m.m_source, &m);
	}
}
