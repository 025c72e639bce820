/*
 * virtio_blk's two halves: the device (virtio_blk.c: virtio-blk over the
 * legacy PCI interface, one request in flight) and the block protocol
 * (main.c: requests, their table and the main loop). docs/virtio_blk.md.
 *
 * Ownership: `blk` is the driver's one device; only virtio_blk.c changes
 * its device fields, main.c reads them to check requests.
 */
#ifndef VIRTIO_BLK_H
#define VIRTIO_BLK_H

#include <quire/syslib.h>
#include <quire/pci.h>
#include "virtio.h"

/* Device request types (virtio spec 5.2.6). */
#define VIRTIO_BLK_T_IN     0
#define VIRTIO_BLK_T_OUT    1
#define VIRTIO_BLK_T_FLUSH  4

#define VIRTIO_SECTOR 512           /* the unit of sector numbers */

struct virtio_blk_req;

struct vblk {
	bool     present;               /* the device works: serve requests */
	struct vdev vd;
	struct pci_devinfo pci;
	int      irq;                   /* -1: no interrupt line, poll each tick */
	uint64_t hz;
	uint32_t host_features, features;
	uint64_t capacity;              /* bytes */
	uint32_t sector;                /* alignment of positions and sizes */
	uint32_t seg_size;              /* bytes per data descriptor at most */
	uint32_t max_segs;              /* data descriptors per request at most */
	uint64_t max_xfer;              /* bytes per device request */
	bool     ro, flush;

	/* DMA memory: header and status in one page, the bounce buffer. */
	volatile struct virtio_blk_req *hdr;
	volatile uint8_t *status;
	uint64_t hdr_phys, status_phys;
	uint8_t *bounce;
	uint64_t bounce_phys;

	uint64_t timeouts, lost_irqs;
};
extern struct vblk blk;


/* virtio_blk.c */
int vblk_find(void);                 /* the PCI device: OK or an error (logged) */
int vblk_alloc_dma(void);            /* header, status and bounce buffer */
int vblk_start(bool first);          /* reset and start; first: claim the IRQ */
void vblk_ack_interrupt(void);       /* a HARDWARE notification */
/* One device request of `bytes` of the bounce buffer at `sector`
 * (512-byte units; bytes 0 for a flush): OK or -EIO. While it waits,
 * requests that arrive are handed to vblk_defer(). */
int vblk_io(uint32_t type, uint64_t sector, uint64_t bytes);

/* main.c */
void vblk_defer(const message *m);   /* serve it after the request in flight */

#endif
