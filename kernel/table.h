/*
 * The boot table: which boot modules may run and with what privileges.
 * A module whose name is not here is refused at boot.
 */
#ifndef KERNEL_TABLE_H
#define KERNEL_TABLE_H

#include <quire/priv.h>

#define IPC_TO_ALL "*"

struct boot_entry {
	const char *name;
	int slot;               /* fixed slot for a well-known endpoint, or -1 */
	int priority;           /* 0 (highest) .. NR_SCHED_QUEUES-1 */
	int quantum;            /* ticks */
	uint32_t flags;         /* PRIV_* */
	uint32_t calls;         /* kernel calls allowed (bit per KC_*) */
	const char *ipc_to;     /* IPC_TO_ALL, or names separated by spaces */
	uint32_t irqs;
	uint32_t nr_io;
	struct io_range io[PRIV_IO_RANGES];
	uint16_t pci_vendor, pci_device;   /* a PCI device: its BARs and IRQ are granted */
};

extern const struct boot_entry boot_table[];
extern const int boot_table_size;

const struct boot_entry *boot_entry_find(const char *name);

#endif
