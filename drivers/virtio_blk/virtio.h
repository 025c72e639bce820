/*
 * The legacy ("transitional") virtio PCI transport and one split
 * virtqueue, as the virtio 1.0 specification's legacy-interface sections
 * describe them (4.1.4.8 "Legacy Interfaces: A Note on PCI Device
 * Layout", 2.4.2 "Legacy Interfaces: A Note on Virtqueue Layout").
 *
 * Everything goes through the device's I/O BAR with sys_inb..sys_outl;
 * the rings live in physically contiguous memory from a MAP_CONTIG vm_req_mmap().
 */
#ifndef VIRTIO_BLK_VIRTIO_H
#define VIRTIO_BLK_VIRTIO_H

#include <quire/types.h>

/* ---- legacy PCI registers: offsets into the I/O BAR ---- */
#define VIRTIO_PCI_HOST_FEATURES  0x00   /* u32 R:  device features 0..31 */
#define VIRTIO_PCI_GUEST_FEATURES 0x04   /* u32 RW: driver features 0..31 */
#define VIRTIO_PCI_QUEUE_PFN      0x08   /* u32 RW: queue address >> 12, 0: none */
#define VIRTIO_PCI_QUEUE_NUM      0x0C   /* u16 R:  size of the selected queue */
#define VIRTIO_PCI_QUEUE_SEL      0x0E   /* u16 RW: queue selector */
#define VIRTIO_PCI_QUEUE_NOTIFY   0x10   /* u16 RW: write a queue index to kick it */
#define VIRTIO_PCI_STATUS         0x12   /* u8  RW: device status, 0 resets */
#define VIRTIO_PCI_ISR            0x13   /* u8  R:  interrupt status; reading clears */
#define VIRTIO_PCI_CONFIG         0x14   /* device-specific config (MSI-X is off) */

#define VIRTIO_PCI_QUEUE_ADDR_SHIFT 12   /* the PFN register's unit */
#define VIRTIO_PCI_VRING_ALIGN    4096   /* legacy: the used ring starts page-aligned */

/* ISR bits */
#define VIRTIO_ISR_QUEUE          0x1
#define VIRTIO_ISR_CONFIG         0x2

/* Device status bits */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define VIRTIO_STATUS_DRIVER      0x02
#define VIRTIO_STATUS_DRIVER_OK   0x04
#define VIRTIO_STATUS_FEATURES_OK 0x08   /* not used by legacy drivers */
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED      0x80

/* Transport feature bits we know about (and never accept). */
#define VIRTIO_F_NOTIFY_ON_EMPTY   24
#define VIRTIO_F_ANY_LAYOUT        27
#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX    29

/* ---- the split virtqueue (legacy layout, little-endian = native) ---- */
struct vring_desc {
	uint64_t addr;          /* physical address */
	uint32_t len;
	uint16_t flags;         /* VRING_DESC_F_* */
	uint16_t next;
};

#define VRING_DESC_F_NEXT     1   /* the chain continues in `next` */
#define VRING_DESC_F_WRITE    2   /* the device writes this buffer */

struct vring_avail {
	uint16_t flags;         /* VRING_AVAIL_F_NO_INTERRUPT */
	uint16_t idx;
	uint16_t ring[];        /* then u16 used_event (EVENT_IDX only) */
};

struct vring_used_elem {
	uint32_t id;            /* head of the chain that completed */
	uint32_t len;           /* bytes the device wrote */
};

struct vring_used {
	uint16_t flags;         /* VRING_USED_F_NO_NOTIFY */
	uint16_t idx;
	struct vring_used_elem ring[];   /* then u16 avail_event */
};

_Static_assert(sizeof(struct vring_desc) == 16, "descriptors are 16 bytes");

/* Bytes a legacy queue of `num` entries needs (spec 2.4.2). */
static inline uint64_t vring_size(unsigned num)
{
	uint64_t a = (uint64_t)16 * num + 2 * (3 + (uint64_t)num);
	a = (a + VIRTIO_PCI_VRING_ALIGN - 1) & ~(uint64_t)(VIRTIO_PCI_VRING_ALIGN - 1);
	uint64_t u = 2 * 3 + (uint64_t)8 * num;
	u = (u + VIRTIO_PCI_VRING_ALIGN - 1) & ~(uint64_t)(VIRTIO_PCI_VRING_ALIGN - 1);
	return a + u;
}

/* One legacy virtio PCI device with one virtqueue. */
struct vdev {
	unsigned io;            /* I/O BAR base */
	unsigned io_size;
	int      err;           /* first port-access error (sticky) */

	uint16_t qsize;         /* entries in queue 0 (the device decides: legacy) */
	void    *ring;          /* the queue's memory, vring_size(qsize) bytes */
	uint64_t ring_phys;
	uint64_t ring_len;      /* bytes allocated (page multiple) */
	volatile struct vring_desc  *desc;
	volatile struct vring_avail *avail;
	volatile struct vring_used  *used;
	uint16_t avail_idx;     /* next avail->idx to publish */
	uint16_t used_idx;      /* next used->idx entry to consume */
};

/* Port access relative to the I/O BAR; errors stick in d->err. */
uint32_t vio_in8(struct vdev *d, unsigned off);
uint32_t vio_in16(struct vdev *d, unsigned off);
uint32_t vio_in32(struct vdev *d, unsigned off);
void vio_out8(struct vdev *d, unsigned off, uint32_t v);
void vio_out16(struct vdev *d, unsigned off, uint32_t v);
void vio_out32(struct vdev *d, unsigned off, uint32_t v);

/* Reset the device (status 0) and wait until it reads back 0. */
int vio_reset(struct vdev *d);
void vio_set_status(struct vdev *d, uint8_t bits);   /* OR bits in */
/* Select queue 0, learn its size, allocate (first time) and zero its
 * memory, and give the device its page frame number. */
int vio_queue_setup(struct vdev *d);
/* Device config space (after the common header). */
uint32_t vio_config32(struct vdev *d, unsigned off);
uint64_t vio_config64(struct vdev *d, unsigned off);

/* Publish the chain starting at descriptor `head` and kick queue 0. */
void vq_submit(struct vdev *d, uint16_t head);
/* Take one completed chain off the used ring: true with its head and
 * length, false if none is pending. */
bool vq_collect(struct vdev *d, uint32_t *head, uint32_t *len);

#endif
