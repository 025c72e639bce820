/*
 * Privilege sets: what a process may ask of the kernel and whom it may
 * message. The kernel checks every kernel call and every send against the
 * caller's set. The boot table (kernel/table.c) gives each boot process its
 * set; KC_PRIVCTL copies a set in and out, and never lets a caller give
 * more than it holds itself.
 */
#ifndef QUIRE_PRIV_H
#define QUIRE_PRIV_H

#include <quire/types.h>
#include <quire/ipc.h>
#include <quire/callnr.h>

#define PRIV_IO_RANGES  4
#define PRIV_MEM_RANGES 4
#define NR_IRQS        16

/* flags */
#define PRIV_SYS_PROC   0x1  /* a system process (server or driver) */
#define PRIV_MAGIC_GRANT 0x2 /* may make grants on behalf of others (VFS) */
#define PRIV_VM         0x4  /* the VM server: page faults go to it */
#define PRIV_PM         0x8  /* the process manager: signals and exits go to it */

struct io_range {
	uint16_t first, last;   /* inclusive */
};

struct mem_range {
	uint64_t first, last;   /* physical, inclusive */
};

struct priv_spec {
	uint32_t flags;
	uint32_t calls;                      /* bit n: kernel call n allowed */
	uint64_t ipc_to[NR_PROCS / 64];      /* bit n: may send to slot n */
	uint32_t irqs;                       /* bit n: may claim IRQ n */
	uint32_t nr_io;
	struct io_range io[PRIV_IO_RANGES];
	uint32_t nr_mem;
	uint32_t pad;
	struct mem_range mem[PRIV_MEM_RANGES];
};

#endif
