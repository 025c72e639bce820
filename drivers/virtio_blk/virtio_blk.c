/*
 * virtio_blk, the device half: a virtio block device (PCI 1af4:1001, the
 * legacy/transitional interface). main.c serves the block protocol with
 * it; docs/virtio_blk.md describes both.
 *
 * One request at a time: vblk_io() puts one descriptor chain (header,
 * data in the bounce buffer, status) on queue 0 and waits for the
 * interrupt (or a timeout). While it waits only HARDWARE and CLOCK
 * notifications count; a request that arrives meanwhile goes to
 * vblk_defer(), to be served afterwards in arrival order.
 */
#include <quire/syslib.h>
#include <quire/blockdev.h>
#include <quire/mman.h>
#include "../../lib/libmini/mini_string.h"
#include "virtio_blk.h"

/* ---- virtio-blk (spec 5.2) ---- */
#define VIRTIO_BLK_F_SIZE_MAX   1   /* size_max: bytes per data segment */
#define VIRTIO_BLK_F_SEG_MAX    2   /* seg_max: data segments per request */
#define VIRTIO_BLK_F_GEOMETRY   4
#define VIRTIO_BLK_F_RO         5   /* read-only */
#define VIRTIO_BLK_F_BLK_SIZE   6   /* blk_size */
#define VIRTIO_BLK_F_FLUSH      9   /* VIRTIO_BLK_T_FLUSH works */

/* Device config, after the legacy header (VIRTIO_PCI_CONFIG). */
#define VBLK_CFG_CAPACITY   0       /* u64: 512-byte sectors */
#define VBLK_CFG_SIZE_MAX   8       /* u32 */
#define VBLK_CFG_SEG_MAX   12       /* u32 */
#define VBLK_CFG_BLK_SIZE  20       /* u32 */
#define VBLK_CFG_END       24       /* what we read of it */

struct virtio_blk_req {             /* the request header the device reads */
	uint32_t type;
	uint32_t reserved;              /* ioprio in legacy; 0 */
	uint64_t sector;                /* in 512-byte units, whatever blk_size is */
};


#define VIRTIO_BLK_S_OK     0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2


/* Everything else (indirect descriptors, event index, any layout,
 * topology, write-cache control, discard...) stays off. */
#define WANTED_FEATURES ((1u << VIRTIO_BLK_F_SIZE_MAX) | (1u << VIRTIO_BLK_F_SEG_MAX) | \
			 (1u << VIRTIO_BLK_F_RO) | (1u << VIRTIO_BLK_F_BLK_SIZE) | \
			 (1u << VIRTIO_BLK_F_FLUSH))

#define IRQ_HOOK          0
#define TIMEOUT_SECONDS   5         /* a request the device has not finished by then is lost */

struct vblk blk;

static bool has(uint32_t features, int bit)
{
	return (features >> bit) & 1;
}

/* ---- the device ---- */
static void read_capacity(void)
{
	uint64_t sectors = vio_config64(&blk.vd, VBLK_CFG_CAPACITY);
	if (sectors > (UINT64_MAX / VIRTIO_SECTOR))
		sectors = UINT64_MAX / VIRTIO_SECTOR;
	uint64_t bytes = sectors * VIRTIO_SECTOR;
	blk.capacity = bytes - bytes % blk.sector;
}

/* The HARDWARE notification: reading the ISR acknowledges the device
 * (and lowers the line); then the kernel may unmask it again. */
void vblk_ack_interrupt(void)
{
	if (blk.irq < 0)
		return;
	uint32_t isr = vio_in8(&blk.vd, VIRTIO_PCI_ISR);
	if (isr & VIRTIO_ISR_CONFIG) {
		uint64_t old = blk.capacity;
		read_capacity();
		if (blk.capacity != old)
			printf("virtio_blk: capacity changed from %lu to %lu bytes\n",
			       (unsigned long)old, (unsigned long)blk.capacity);
	}
	int r = sys_irqenable(blk.irq);
	if (r != OK)
		printf("virtio_blk: cannot re-enable irq %d: %d\n", blk.irq, r);
}

/* Reset, negotiate, set up queue 0, DRIVER_OK. Run at start and again
 * after a lost request; `first` claims the interrupt line. */
int vblk_start(bool first)
{
	struct vdev *d = &blk.vd;
	d->err = OK;
	int r = vio_reset(d);
	if (r != OK) {
		printf("virtio_blk: the device does not reset: %d\n", r);
		return r;
	}
	vio_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	vio_set_status(d, VIRTIO_STATUS_DRIVER);
	blk.host_features = vio_in32(d, VIRTIO_PCI_HOST_FEATURES);
	blk.features = blk.host_features & WANTED_FEATURES;
	vio_out32(d, VIRTIO_PCI_GUEST_FEATURES, blk.features);
	r = vio_queue_setup(d);
	if (r != OK)
		goto failed;

	blk.ro = has(blk.features, VIRTIO_BLK_F_RO);
	blk.flush = has(blk.features, VIRTIO_BLK_F_FLUSH);
	blk.sector = VIRTIO_SECTOR;
	if (has(blk.features, VIRTIO_BLK_F_BLK_SIZE)) {
		uint32_t bs = vio_config32(d, VBLK_CFG_BLK_SIZE);
		/* Requests must be whole device blocks; up to a page we can
		 * enforce that (the bounce buffer is page-aligned). */
		if (bs > VIRTIO_SECTOR && bs <= 4096 && !(bs & (bs - 1)))
			blk.sector = bs;
	}
	blk.seg_size = BDEV_MAX_IO;
	if (has(blk.features, VIRTIO_BLK_F_SIZE_MAX)) {
		uint32_t sm = vio_config32(d, VBLK_CFG_SIZE_MAX);
		if (sm && sm < blk.seg_size)
			blk.seg_size = sm;
	}
	blk.max_segs = d->qsize - 2u;          /* the header and status take two */
	if (has(blk.features, VIRTIO_BLK_F_SEG_MAX)) {
		uint32_t sm = vio_config32(d, VBLK_CFG_SEG_MAX);
		if (sm && sm < blk.max_segs)
			blk.max_segs = sm;
	}
	uint64_t x = (uint64_t)blk.seg_size * blk.max_segs;
	if (x > BDEV_MAX_IO)
		x = BDEV_MAX_IO;
	blk.max_xfer = x - x % blk.sector;
	if (d->qsize < 3 || blk.max_xfer == 0) {
		printf("virtio_blk: queue of %u entries, segments of %u bytes: cannot carry a block\n",
		       d->qsize, blk.seg_size);
		r = -EIO;
		goto failed;
	}
	read_capacity();
	if (d->err) {
		r = d->err;
		goto failed;
	}

	if (first && blk.irq >= 0) {
		r = sys_irqsetpolicy(blk.irq, IRQ_HOOK);
		if (r != OK) {
			printf("virtio_blk: cannot claim irq %d (%d): polling instead\n", blk.irq, r);
			blk.irq = -1;
		}
	}
	vio_set_status(d, VIRTIO_STATUS_DRIVER_OK);
	uint32_t st = vio_in8(d, VIRTIO_PCI_STATUS);
	if (d->err || (st & (VIRTIO_STATUS_FAILED | VIRTIO_STATUS_NEEDS_RESET)) ||
	    !(st & VIRTIO_STATUS_DRIVER_OK)) {
		printf("virtio_blk: the device refused DRIVER_OK (status 0x%x, error %d)\n", st, d->err);
		r = d->err ? d->err : -EIO;
		goto failed;
	}
	return OK;

failed:
	d->err = OK;
	vio_set_status(d, VIRTIO_STATUS_FAILED);
	return r;
}

/* Wait for the chain in flight. OK when it completed; -EIO when the
 * device has not finished it in TIMEOUT_SECONDS (the device is then
 * reset, so it can no longer write into our buffers). */
static int wait_done(void)
{
	uint32_t head, len;
	if (vq_collect(&blk.vd, &head, &len))
		return OK;                      /* done already: no alarm needed */
	uint64_t timeout = TIMEOUT_SECONDS * blk.hz;
	uint64_t deadline = sys_uptime() + timeout;
	bool polling = blk.irq < 0;
	sys_setalarm(polling ? 1 : timeout, 0);
	for (;;) {
		message m;
		if (ipc_receive(ANY, &m) != OK)
			continue;
		if (m.m_source == HARDWARE) {
			vblk_ack_interrupt();
		} else if (m.m_source == CLOCK) {
			/* Ours, or a stale one from an earlier request. */
			uint64_t now = m.m_notify.uptime;
			if (now >= deadline)
				break;
			sys_setalarm(polling ? 1 : deadline - now, 0);
		} else if (!is_notify(m.m_type)) {
			vblk_defer(&m);              /* a request: its turn comes after this one */
		}
		if (vq_collect(&blk.vd, &head, &len)) {
			sys_setalarm(0, 0);
			return OK;
		}
	}
	/* Perhaps only the interrupt was lost: acknowledge and unmask the
	 * line all the same (else it could stay masked), and look once more. */
	vblk_ack_interrupt();
	if (vq_collect(&blk.vd, &head, &len)) {
		if (!blk.lost_irqs++)
			printf("virtio_blk: a request completed without an interrupt\n");
		return OK;
	}
	blk.timeouts++;
	printf("virtio_blk: the device did not finish a request in %d s: EIO, resetting it\n",
	       TIMEOUT_SECONDS);
	if (vblk_start(false) != OK) {
		printf("virtio_blk: the device is gone after the reset: answering ENXIO\n");
		blk.present = false;
	}
	return -EIO;
}

/* One device request: `bytes` of the bounce buffer to or from `sector`
 * (512-byte units); bytes is 0 for a flush. */
int vblk_io(uint32_t type, uint64_t sector, uint64_t bytes)
{
	struct vdev *d = &blk.vd;
	blk.hdr->type = type;
	blk.hdr->reserved = 0;
	blk.hdr->sector = sector;
	*blk.status = 0xFF;

	d->desc[0].addr = blk.hdr_phys;
	d->desc[0].len = sizeof(struct virtio_blk_req);
	d->desc[0].flags = VRING_DESC_F_NEXT;
	d->desc[0].next = 1;
	uint16_t i = 1;
	uint16_t dflags = VRING_DESC_F_NEXT | (type == VIRTIO_BLK_T_IN ? VRING_DESC_F_WRITE : 0);
	for (uint64_t off = 0; off < bytes; i++) {
		uint64_t seg = bytes - off < blk.seg_size ? bytes - off : blk.seg_size;
		d->desc[i].addr = blk.bounce_phys + off;
		d->desc[i].len = (uint32_t)seg;
		d->desc[i].flags = dflags;
		d->desc[i].next = (uint16_t)(i + 1);
		off += seg;
	}
	d->desc[i].addr = blk.status_phys;
	d->desc[i].len = 1;
	d->desc[i].flags = VRING_DESC_F_WRITE;
	d->desc[i].next = 0;

	vq_submit(d, 0);
	int r = wait_done();
	if (r != OK)
		return r;
	if (d->err) {
		printf("virtio_blk: port access failed: %d\n", d->err);
		d->err = OK;
		return -EIO;
	}
	uint8_t st = *blk.status;
	if (st == VIRTIO_BLK_S_OK)
		return OK;
	printf("virtio_blk: %s of %lu bytes at sector %lu failed: status %u\n",
	       type == VIRTIO_BLK_T_IN ? "read" : type == VIRTIO_BLK_T_OUT ? "write" : "flush",
	       (unsigned long)bytes, (unsigned long)sector, st);
	return -EIO;
}

/* ---- start-up ---- */
int vblk_find(void)
{
	int r = sys_getpcidev(&blk.pci);
	if (r != OK) {
		printf("virtio_blk: no virtio block device (PCI 1af4:1001) was found (%d): "
		       "answering ENXIO\n", r);
		return r;
	}
	for (int i = 0; i < PCI_BARS; i++) {
		if (blk.pci.bar[i].is_io && blk.pci.bar[i].base && blk.pci.bar[i].size) {
			blk.vd.io = (unsigned)blk.pci.bar[i].base;
			blk.vd.io_size = (unsigned)blk.pci.bar[i].size;
			break;
		}
	}
	if (!blk.vd.io || blk.vd.io_size < VIRTIO_PCI_CONFIG + VBLK_CFG_END) {
		printf("virtio_blk: PCI %02x:%02x.%x has no legacy I/O BAR (modern-only device?): "
		       "answering ENXIO\n", blk.pci.bus, blk.pci.dev, blk.pci.fn);
		return -ENODEV;
	}
	blk.irq = blk.pci.irq;
	if (blk.irq <= 0 || blk.irq >= 16 || blk.irq == 2) {
		printf("virtio_blk: no usable interrupt line (%d): polling every tick\n", blk.irq);
		blk.irq = -1;
	}
	return OK;
}

/* Physically contiguous memory for the device to reach (VM_MMAP, MAP_CONTIG). */
static int contig(size_t len, void **p, uint64_t *phys)
{
	return vm_req_mmap(0, NULL, len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_CONTIG, -1, 0, p, phys);
}

int vblk_alloc_dma(void)
{
	void *p;
	uint64_t phys;
	int r = contig(4096, &p, &phys);
	if (r != OK)
		return r;
	blk.hdr = p;
	blk.hdr_phys = phys;
	blk.status = (volatile uint8_t *)p + 64;
	blk.status_phys = phys + 64;
	r = contig(BDEV_MAX_IO, &p, &phys);
	if (r != OK)
		return r;
	blk.bounce = p;
	blk.bounce_phys = phys;
	return OK;
}
