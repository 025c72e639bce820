/*
 * PCI configuration space (mechanism #1, ports 0xCF8/0xCFC), used only at
 * boot: a driver's boot-table entry names its device by vendor and device
 * id, and the kernel turns that into exactly the I/O ports, memory ranges
 * and IRQ line of that device in the driver's privileges. Drivers never
 * touch configuration space themselves.
 */
#include <arch/arch.h>
#include <arch/x86.h>
#include <quire/pci.h>
#include "kernel.h"

static uint32_t cfg_read(int bus, int dev, int fn, int off)
{
	outl(0xCF8, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)dev << 11 | (uint32_t)fn << 8 | (off & 0xFC));
	return inl(0xCFC);
}

static void cfg_write(int bus, int dev, int fn, int off, uint32_t v)
{
	outl(0xCF8, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)dev << 11 | (uint32_t)fn << 8 | (off & 0xFC));
	outl(0xCFC, v);
}

/* Size a BAR by writing all ones (decoding is off meanwhile). */
static void read_bars(int bus, int dev, int fn, struct pci_devinfo *d)
{
	uint32_t cmd = cfg_read(bus, dev, fn, 0x04);
	cfg_write(bus, dev, fn, 0x04, cmd & ~0x3u);
	for (int i = 0; i < PCI_BARS; i++) {
		int off = 0x10 + 4 * i;
		uint32_t orig = cfg_read(bus, dev, fn, off);
		cfg_write(bus, dev, fn, off, 0xFFFFFFFF);
		uint32_t probe = cfg_read(bus, dev, fn, off);
		cfg_write(bus, dev, fn, off, orig);
		if (probe == 0 || probe == 0xFFFFFFFF)
			continue;
		if (orig & 1) {
			d->bar[i].is_io = 1;
			d->bar[i].base = orig & ~0x3u;
			d->bar[i].size = (~(probe & ~0x3u) + 1) & 0xFFFF;
			continue;
		}
		uint64_t base = orig & ~0xFu, mask = probe & ~0xFu;
		if (((orig >> 1) & 3) == 2 && i + 1 < PCI_BARS) {     /* 64-bit */
			uint32_t hi = cfg_read(bus, dev, fn, off + 4);
			cfg_write(bus, dev, fn, off + 4, 0xFFFFFFFF);
			uint32_t hiprobe = cfg_read(bus, dev, fn, off + 4);
			cfg_write(bus, dev, fn, off + 4, hi);
			base |= (uint64_t)hi << 32;
			mask |= (uint64_t)hiprobe << 32;
			d->bar[i].base = base;
			d->bar[i].size = ~mask + 1;
			i++;
			continue;
		}
		d->bar[i].base = base;
		d->bar[i].size = (uint32_t)(~(uint32_t)mask + 1);
	}
	/* I/O and memory decoding, and bus mastering for DMA. */
	cfg_write(bus, dev, fn, 0x04, cmd | 0x7);
}

int arch_pci_find(uint16_t vendor, uint16_t device, struct pci_devinfo *d)
{
	for (int bus = 0; bus < 8; bus++) {
		for (int dev = 0; dev < 32; dev++) {
			int fns = (cfg_read(bus, dev, 0, 0x0C) >> 16) & 0x80 ? 8 : 1;
			for (int fn = 0; fn < fns; fn++) {
				uint32_t id = cfg_read(bus, dev, fn, 0);
				if ((id & 0xFFFF) != vendor || (id >> 16) != device)
					continue;
				memset(d, 0, sizeof(*d));
				d->vendor = vendor;
				d->device = device;
				d->bus = (uint8_t)bus;
				d->dev = (uint8_t)dev;
				d->fn = (uint8_t)fn;
				d->irq = cfg_read(bus, dev, fn, 0x3C) & 0xFF;
				read_bars(bus, dev, fn, d);
				return OK;
			}
		}
	}
	return -ENODEV;
}
