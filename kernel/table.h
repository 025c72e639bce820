/*
 * The boot table: which boot modules may run and with what privileges.
 * A module whose name is not here is refused at boot.
 *
 * Two parts: boot_table (table.c), the system's own processes, in every
 * kernel; test_boot_table, the test and benchmark programs, generated from
 * test/os/manifest.txt into build/gen/boot_table_test.c and linked only
 * into build/kernel/kernel-test.elf. The production kernel links
 * table_none.c, an empty test table, so it starts no test program.
 */
#ifndef KERNEL_TABLE_H
#define KERNEL_TABLE_H

#include <quire/callnr.h>
#include <quire/priv.h>

#define IPC_TO_ALL "*"
/* In an ipc_to list: every slot from NR_FIXED_SLOTS up, where user
 * processes and the services RS starts live (docs/rs.md). */
#define IPC_TO_USERS "users"

#define C(call) (1u << (call))

/* What every process may do: learn about itself, log, end, keep time,
 * and use grants it is given. */
#define CALLS_BASIC (C(KC_GETINFO) | C(KC_DIAGCTL) | C(KC_EXIT) | C(KC_TIMES) | \
		     C(KC_SETALARM) | C(KC_SAFECOPYFROM) | C(KC_SAFECOPYTO) | C(KC_VSAFECOPY) | \
		     C(KC_SETGRANT) | C(KC_SIGRETURN) | C(KC_YIELD))

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
extern const struct boot_entry *const test_boot_table;   /* NULL when empty */
extern const int test_boot_table_size;

/* The entry for a module name: the system's table first, then the test
 * table; NULL if neither has it. */
const struct boot_entry *boot_entry_find(const char *name);

#endif
