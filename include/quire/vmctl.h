/*
 * The kernel <-> VM interface (KC_VMCTL). Only the process whose boot
 * entry has PRIV_VM may make these calls.
 */
#ifndef QUIRE_VMCTL_H
#define QUIRE_VMCTL_H

#include <quire/types.h>

#define VMCTL_GETMEM    1   /* struct vm_memmap to arg1: the kernel hands over free memory */
#define VMCTL_BOOTINFO  2   /* struct vm_bootproc of slot `ep` to arg1 */
#define VMCTL_SET_AS    3   /* ep's address space is the PML4 at physical arg1 */
#define VMCTL_RESUME    4   /* ep's fault or range request is resolved: go on */
#define VMCTL_FAIL      5   /* ep's range request cannot be met: its call gets EFAULT */
#define VMCTL_SIGNAL    6   /* ep's fault is fatal: raise signal arg1 (via PM), si_code arg2 (0: none) */
#define VMCTL_FLUSH     7   /* ep's mappings changed: flush what the CPU caches */

/* Where VM sees all of physical memory in its own address space. */
#define VM_PHYS_BASE 0x0000400000000000ULL

#define VM_MAX_FREE_RANGES 128

struct vm_memmap {
	uint64_t phys_top;          /* end of the highest usable RAM */
	uint64_t kernel_pml4;       /* physical: copy entries 256..511 into every PML4 */
	uint64_t window;            /* VM_PHYS_BASE */
	uint64_t window_len;        /* bytes of physical memory mapped there */
	uint64_t total_bytes;       /* usable RAM */
	uint32_t nr_free;
	uint32_t pad;
	struct { uint64_t base, end; } free[VM_MAX_FREE_RANGES];
};

#define VM_BOOT_SEGS 9              /* ELF segments, then the stack */

struct vm_bootproc {
	endpoint_t ep;              /* NONE: no boot process in this slot */
	uint32_t nr_segs;
	uint64_t as_root;
	uint64_t brk;               /* where the break starts */
	struct {
		uint64_t start, end;    /* page-aligned */
		uint32_t prot;          /* PROT_* */
		uint32_t pad;
	} seg[VM_BOOT_SEGS];
};

/* KC_FORK: PM makes a copy of a process (registers, privileges); VM then
 * copies its memory. KC_PROCCTL: PM's other process operations. */
#define PROCCTL_REAP  1     /* free the slot of an ended process */
#define PROCCTL_PUBLISH 2   /* its identity into the public process table (m_krn_publish) */

#endif
