/*
 * Legacy virtio PCI transport and the split virtqueue (see virtio.h).
 *
 * Ordering: x86 keeps stores in order and loads in order, and the device
 * sees memory coherently, so a compiler barrier would do between filling
 * a descriptor and publishing it; a full fence is used all the same (it
 * costs nothing next to the kernel call of a port write), which also
 * orders our avail->idx store before the notify and before any later
 * read of used->idx.
 */
#include <quire/syslib.h>
#include <quire/mman.h>
#include "../../lib/libmini/mini_string.h"
#include "virtio.h"

#define fence() __atomic_thread_fence(__ATOMIC_SEQ_CST)

static void note(struct vdev *d, int r)
{
	if (r != OK && d->err == OK)
		d->err = r;
}

uint32_t vio_in8(struct vdev *d, unsigned off)
{
	uint32_t v = 0;
	note(d, sys_inb(d->io + off, &v));
	return v & 0xFF;
}

uint32_t vio_in16(struct vdev *d, unsigned off)
{
	uint32_t v = 0;
	note(d, sys_inw(d->io + off, &v));
	return v & 0xFFFF;
}

uint32_t vio_in32(struct vdev *d, unsigned off)
{
	uint32_t v = 0;
	note(d, sys_inl(d->io + off, &v));
	return v;
}

void vio_out8(struct vdev *d, unsigned off, uint32_t v)  { note(d, sys_outb(d->io + off, v & 0xFF)); }
void vio_out16(struct vdev *d, unsigned off, uint32_t v) { note(d, sys_outw(d->io + off, v & 0xFFFF)); }
void vio_out32(struct vdev *d, unsigned off, uint32_t v) { note(d, sys_outl(d->io + off, v)); }

int vio_reset(struct vdev *d)
{
	vio_out8(d, VIRTIO_PCI_STATUS, 0);
	for (int i = 0; i < 1000; i++) {
		if (vio_in8(d, VIRTIO_PCI_STATUS) == 0)
			return d->err;
		if (d->err)
			return d->err;
	}
	return -EIO;
}

void vio_set_status(struct vdev *d, uint8_t bits)
{
	uint32_t s = vio_in8(d, VIRTIO_PCI_STATUS);
	vio_out8(d, VIRTIO_PCI_STATUS, s | bits);
}

int vio_queue_setup(struct vdev *d)
{
	vio_out16(d, VIRTIO_PCI_QUEUE_SEL, 0);
	uint32_t num = vio_in16(d, VIRTIO_PCI_QUEUE_NUM);
	if (d->err)
		return d->err;
	if (num == 0 || (num & (num - 1))) {
		printf("virtio_blk: queue 0 has size %u (absent or not a power of two)\n", num);
		return -ENODEV;
	}
	if (vio_in32(d, VIRTIO_PCI_QUEUE_PFN) != 0)
		vio_out32(d, VIRTIO_PCI_QUEUE_PFN, 0);    /* reset should have cleared it */

	uint64_t need = vring_size(num);
	if (!d->ring) {
		uint64_t len = (need + 4095) & ~(uint64_t)4095;
		void *mem;
		uint64_t phys;
		int r = vm_req_mmap(0, NULL, len, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_CONTIG, -1, 0, &mem, &phys);
		if (r != OK) {
			printf("virtio_blk: no contiguous memory for a %u-entry queue (%lu bytes): %d\n",
			       num, (unsigned long)len, r);
			return r;
		}
		if ((phys & (VIRTIO_PCI_VRING_ALIGN - 1)) ||
		    ((phys >> VIRTIO_PCI_QUEUE_ADDR_SHIFT) >> 32)) {
			/* The PFN register is 32 bits: the queue must lie below 16 TiB. */
			printf("virtio_blk: queue memory at 0x%lx cannot be given to a legacy device\n",
			       (unsigned long)phys);
			vm_req_munmap(mem, len);
			return -ENOMEM;
		}
		d->ring = mem;
		d->ring_phys = phys;
		d->ring_len = len;
	} else if (need > d->ring_len) {
		printf("virtio_blk: queue grew to %u entries after a reset\n", num);
		return -EIO;
	}
	memset(d->ring, 0, d->ring_len);
	d->qsize = (uint16_t)num;
	uint8_t *base = d->ring;
	d->desc = (volatile struct vring_desc *)base;
	d->avail = (volatile struct vring_avail *)(base + 16 * (uint64_t)num);
	uint64_t used_off = 16 * (uint64_t)num + 2 * (3 + (uint64_t)num);
	used_off = (used_off + VIRTIO_PCI_VRING_ALIGN - 1) & ~(uint64_t)(VIRTIO_PCI_VRING_ALIGN - 1);
	d->used = (volatile struct vring_used *)(base + used_off);
	d->avail_idx = 0;
	d->used_idx = 0;
	fence();
	vio_out32(d, VIRTIO_PCI_QUEUE_PFN, (uint32_t)(d->ring_phys >> VIRTIO_PCI_QUEUE_ADDR_SHIFT));
	return d->err;
}

uint32_t vio_config32(struct vdev *d, unsigned off)
{
	return vio_in32(d, VIRTIO_PCI_CONFIG + off);
}

/* Two 32-bit halves; read until stable so a change in between cannot
 * give a torn value. */
uint64_t vio_config64(struct vdev *d, unsigned off)
{
	uint32_t lo, hi, hi2 = vio_config32(d, off + 4);
	int tries = 0;
	do {
		hi = hi2;
		lo = vio_config32(d, off);
		hi2 = vio_config32(d, off + 4);
	} while (hi != hi2 && ++tries < 8 && !d->err);
	return (uint64_t)hi << 32 | lo;
}

void vq_submit(struct vdev *d, uint16_t head)
{
	d->avail->ring[d->avail_idx % d->qsize] = head;
	fence();                         /* descriptors and slot before the index */
	d->avail_idx++;
	d->avail->idx = d->avail_idx;
	fence();                         /* the index before the kick */
	vio_out16(d, VIRTIO_PCI_QUEUE_NOTIFY, 0);
}

bool vq_collect(struct vdev *d, uint32_t *head, uint32_t *len)
{
	if (!d->used || d->used->idx == d->used_idx)
		return false;
	fence();                         /* the index before the element */
	volatile struct vring_used_elem *e = &d->used->ring[d->used_idx % d->qsize];
	*head = e->id;
	*len = e->len;
	d->used_idx++;
	return true;
}
