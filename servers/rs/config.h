/*
 * /etc/system.conf: the privileges of the services RS starts (docs/rs.md).
 * Pure code, compiled unchanged on the host (test/unit/test_rsconf.c).
 *
 *     # a comment runs to the end of the line
 *     service kvs {
 *         calls basic;                 # kernel calls: "basic" and/or names
 *         ipc   ds users;              # IPC targets: server names, "users"
 *         io    0x80 0x70-0x71;        # I/O port ranges (inclusive)
 *         irq   8;                     # IRQ lines 0..15
 *         pci   1af4:1001;             # a PCI device (vendor:device, hex)
 *         mem   0xfee00000-0xfee00fff; # physical memory ranges
 *     };
 *
 * Every key is optional; a block with none gives the service nothing but
 * what RS always adds (docs/rs.md). "users" means every slot at or above
 * NR_FIXED_SLOTS, where user processes and run-time services live (a
 * server must be able to send its answers to its clients).
 */
#ifndef RS_CONFIG_H
#define RS_CONFIG_H

#include <quire/types.h>
#include <quire/priv.h>
#include <quire/rs.h>

#define RSC_IPC_MAX 16

struct rs_conf {
	char name[RS_NAME_MAX];
	uint32_t calls;                      /* bit per KC_* */
	int nr_ipc;
	char ipc[RSC_IPC_MAX][RS_NAME_MAX];  /* server names, resolved at start */
	bool ipc_users;
	uint32_t irqs;
	uint32_t nr_io;
	struct io_range io[PRIV_IO_RANGES];
	uint32_t nr_mem;
	struct mem_range mem[PRIV_MEM_RANGES];
	uint16_t pci_vendor, pci_device;     /* 0: none */
};

/* Parse the whole of text[0..len) (every block must be well formed) and
 * fill *out with the block called `name`. Returns OK; -ENOENT when the
 * text is good but has no such block; -EINVAL on any error, with a
 * message ("line 3: unknown kernel call 'foo'") in err[0..errlen). */
int rsconf_find(const char *text, size_t len, const char *name, struct rs_conf *out,
		char *err, size_t errlen);

/* The kernel-call name of call number nr (for messages), or NULL. */
const char *rsconf_call_name(int nr);

#endif
