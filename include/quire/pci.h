/* A PCI device as the kernel found it for a driver (getinfo GI_PCIDEV). */
#ifndef QUIRE_PCI_H
#define QUIRE_PCI_H

#include <quire/types.h>

#define PCI_BARS 6

struct pci_devinfo {
	uint16_t vendor, device;
	uint8_t  bus, dev, fn, irq;      /* irq: the legacy interrupt line (8259) */
	uint32_t pad;
	struct {
		uint64_t base;               /* port number or physical address; 0: none */
		uint64_t size;
		uint32_t is_io;
		uint32_t pad;
	} bar[PCI_BARS];
};

#endif
