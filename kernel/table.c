/*
 * The boot table (see table.h). Servers and drivers get what their job
 * needs and nothing more; the test programs under test/os/ get exactly
 * the rights their tests exercise, so a missing right shows up as EPERM.
 */
#include <quire/callnr.h>
#include "kernel.h"
#include "proc.h"
#include "table.h"
#include <quire/endpoints.h>

#define C(call) (1u << (call))

/* What every process may do: learn about itself, log, end, keep time,
 * and use grants it is given. */
#define CALLS_BASIC (C(KC_GETINFO) | C(KC_DIAGCTL) | C(KC_EXIT) | C(KC_TIMES) | \
		     C(KC_SETALARM) | C(KC_SAFECOPYFROM) | C(KC_SAFECOPYTO) | C(KC_SETGRANT))

const struct boot_entry boot_table[] = {
	/* name          slot prio quantum flags calls                     ipc_to */
	{ "pm",      PM_SLOT, 3, 10, PRIV_SYS_PROC | PRIV_PM,
	  CALLS_BASIC | C(KC_KILL) | C(KC_FORK) | C(KC_PROCCTL) | C(KC_PRIVCTL) | C(KC_ABORT),
	  IPC_TO_ALL },
	{ "vm",      VM_SLOT, 2, 10, PRIV_SYS_PROC | PRIV_VM,
	  CALLS_BASIC | C(KC_VMCTL) | C(KC_PRIVCTL), IPC_TO_ALL },
	{ "vfs",    VFS_SLOT, 4, 10, PRIV_SYS_PROC | PRIV_MAGIC_GRANT,
	  CALLS_BASIC | C(KC_VIRCOPY) | C(KC_EXEC), IPC_TO_ALL },
	{ "tty",    TTY_SLOT, 3, 10, PRIV_SYS_PROC, CALLS_BASIC | C(KC_IRQCTL) | C(KC_DEVIO), IPC_TO_ALL,
	  .irqs = 1u << 4, .nr_io = 1, .io = { { 0x3F8, 0x3FF } } },
	{ "memory", MEM_SLOT, 4, 10, PRIV_SYS_PROC, CALLS_BASIC, IPC_TO_ALL },
	{ "virtio_blk", BLK_SLOT, 3, 10, PRIV_SYS_PROC, CALLS_BASIC | C(KC_IRQCTL) | C(KC_DEVIO),
	  IPC_TO_ALL, .pci_vendor = 0x1AF4, .pci_device = 0x1001 },
	{ "ext2",    FS_SLOT, 4, 10, PRIV_SYS_PROC, CALLS_BASIC, IPC_TO_ALL },
	{ "init",  INIT_SLOT, USER_PRIORITY, 10, 0, CALLS_BASIC, "pm vm vfs" },
	{ "runner",       -1, 4, 10, PRIV_SYS_PROC, CALLS_BASIC | C(KC_ABORT), IPC_TO_ALL },

	/* Test helpers. */
	{ "pong",         -1, 6, 10, PRIV_SYS_PROC, CALLS_BASIC, IPC_TO_ALL },
	{ "pong2",        -1, 6, 10, PRIV_SYS_PROC, CALLS_BASIC, IPC_TO_ALL },
	{ "victim",       -1, 6, 10, 0, CALLS_BASIC, "" },
	{ "grantee",      -1, 6, 10, 0, CALLS_BASIC, "t_grant t_kcopy" },
	{ "spin",         -1, USER_PRIORITY, 5, 0, CALLS_BASIC, "" },
	{ "fault_null",   -1, USER_PRIORITY, 10, 0, CALLS_BASIC, "" },
	{ "fault_priv",   -1, USER_PRIORITY, 10, 0, CALLS_BASIC, "" },

	/* Benchmarks. */
	{ "kbench",       -1, USER_PRIORITY, 10, 0, CALLS_BASIC | C(KC_ABORT), "pm vm pong" },

	/* Tests. */
	{ "t_ipc",        -1, USER_PRIORITY, 10, 0, CALLS_BASIC | C(KC_KILL),
	  "runner pm vm pong pong2 victim spin" },
	{ "t_kcall",      -1, USER_PRIORITY, 10, 0, CALLS_BASIC | C(KC_PRIVCTL) | C(KC_IRQCTL) | C(KC_DEVIO),
	  "runner pm vm", .irqs = 1u << 5, .nr_io = 1, .io = { { 0x3FF, 0x3FF } } },
	{ "t_grant",      -1, USER_PRIORITY, 10, 0, CALLS_BASIC | C(KC_VIRCOPY),
	  "runner pm vm grantee" },
	{ "t_fault",      -1, USER_PRIORITY, 10, 0, CALLS_BASIC, "runner pm vm pong" },
	{ "t_sched",      -1, USER_PRIORITY, 5, 0, CALLS_BASIC, "runner pm vm" },
	{ "t_fpu",        -1, USER_PRIORITY, 5, 0, CALLS_BASIC, "runner pm vm" },
	{ "t_vm",         -1, USER_PRIORITY, 10, 0, CALLS_BASIC, "runner pm vm" },
	{ "t_fork",       -1, USER_PRIORITY, 10, 0, CALLS_BASIC, "runner pm vm" },
	{ "t_kcopy",      -1, USER_PRIORITY, 10, 0, CALLS_BASIC, "runner pm vm pong grantee" },
	{ "t_blk",        -1, USER_PRIORITY, 10, 0, CALLS_BASIC, "virtio_blk runner pm vm" },
	{ "t_fuzz",       -1, USER_PRIORITY, 10, 0, CALLS_BASIC, "runner pm vm" },
};

const int boot_table_size = sizeof(boot_table) / sizeof(boot_table[0]);

const struct boot_entry *boot_entry_find(const char *name)
{
	for (int i = 0; i < boot_table_size; i++)
		if (!strcmp(boot_table[i].name, name))
			return &boot_table[i];
	return NULL;
}
