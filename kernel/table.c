/*
 * The production boot table (see table.h): the system's own servers,
 * drivers and init, each with what its job needs and nothing more. Test
 * and benchmark programs are not here: their entries are generated from
 * test/os/manifest.txt into the test kernel only (docs/boot.md).
 */
#include <quire/callnr.h>
#include "kernel.h"
#include "proc.h"
#include "table.h"
#include <quire/endpoints.h>

const struct boot_entry boot_table[] = {
	/* name          slot prio quantum flags calls                     ipc_to */
	{ "pm",      PM_SLOT, 3, 10, PRIV_SYS_PROC | PRIV_PM,
	  CALLS_BASIC | C(KC_KILL) | C(KC_FORK) | C(KC_PROCCTL) | C(KC_PRIVCTL) | C(KC_ABORT) |
	  C(KC_SIGSEND) | C(KC_SETTIME) | C(KC_VIRCOPY),
	  IPC_TO_ALL },
	{ "vm",      VM_SLOT, 2, 10, PRIV_SYS_PROC | PRIV_VM,
	  CALLS_BASIC | C(KC_VMCTL) | C(KC_PRIVCTL) | C(KC_KILL), IPC_TO_ALL },
	{ "vfs",    VFS_SLOT, 4, 10, PRIV_SYS_PROC | PRIV_MAGIC_GRANT,
	  CALLS_BASIC | C(KC_VIRCOPY) | C(KC_EXEC), IPC_TO_ALL },
	{ "tty",    TTY_SLOT, 3, 10, PRIV_SYS_PROC, CALLS_BASIC | C(KC_IRQCTL) | C(KC_DEVIO), IPC_TO_ALL,
	  .irqs = 1u << 4, .nr_io = 1, .io = { { 0x3F8, 0x3FF } } },
	{ "memory", MEM_SLOT, 4, 10, PRIV_SYS_PROC, CALLS_BASIC, IPC_TO_ALL },
	{ "virtio_blk", BLK_SLOT, 3, 10, PRIV_SYS_PROC, CALLS_BASIC | C(KC_IRQCTL) | C(KC_DEVIO),
	  IPC_TO_ALL, .pci_vendor = 0x1AF4, .pci_device = 0x1001 },
	{ "ext2",    FS_SLOT, 4, 10, PRIV_SYS_PROC, CALLS_BASIC, IPC_TO_ALL },
	/* DS reads a caller's flags (PRIVCTL_GET): only system processes publish. */
	{ "ds",      DS_SLOT, 3, 10, PRIV_SYS_PROC, CALLS_BASIC | C(KC_PRIVCTL), IPC_TO_ALL },
	/* RS's set is also what it may hand out to the services it starts
	 * (KC_PRIVCTL gives no more than the giver holds): the I/O ports and
	 * IRQ of the second serial port, the CMOS clock and the POST port. */
	{ "rs",      RS_SLOT, 3, 10, PRIV_SYS_PROC,
	  CALLS_BASIC | C(KC_PRIVCTL) | C(KC_KILL) | C(KC_VIRCOPY) | C(KC_IRQCTL) | C(KC_DEVIO),
	  IPC_TO_ALL, .irqs = 1u << 3, .nr_io = 3,
	  .io = { { 0x2F8, 0x2FF }, { 0x70, 0x71 }, { 0x80, 0x80 } } },
	/* Users reach the servers below and, through "users", the services
	 * RS starts at run time (found through DS). */
	{ "init",  INIT_SLOT, USER_PRIORITY, 10, 0, CALLS_BASIC, "pm vm vfs rs ds " IPC_TO_USERS },
};

const int boot_table_size = sizeof(boot_table) / sizeof(boot_table[0]);

/* The system's entries first: a test entry can never stand in for a
 * system name (test/os/manifest.py refuses one, too). */
const struct boot_entry *boot_entry_find(const char *name)
{
	for (int i = 0; i < boot_table_size; i++)
		if (!strcmp(boot_table[i].name, name))
			return &boot_table[i];
	for (int i = 0; i < test_boot_table_size; i++)
		if (!strcmp(test_boot_table[i].name, name))
			return &test_boot_table[i];
	return NULL;
}
