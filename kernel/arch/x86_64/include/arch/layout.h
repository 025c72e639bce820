/*
 * The virtual memory layout (x86-64, 4-level paging, 48-bit addresses).
 *
 *   0x0000000000000000 .. USER_END          user space, one per process
 *   DIRECT_MAP_BASE    .. + physical top    all RAM, write-back (kernel only)
 *   MMIO_BASE          .. + MMIO_SIZE       device registers, uncached
 *   KERNEL_VMA         .. kernel image      (-2 GiB, -mcmodel=kernel)
 *
 * The kernel half (PML4 entries 256..511) is built once at boot and shared
 * by every address space: its page-table pages never change afterwards, so
 * copying the 256 top-level entries into a new PML4 is enough.
 */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#include <quire/arch/x86_64/pte.h>

#define KERNEL_VMA       0xFFFFFFFF80000000ULL
#define DIRECT_MAP_BASE  0xFFFF800000000000ULL
#define DIRECT_MAP_MAX   0x0000400000000000ULL  /* 64 TiB of physical space */
#define MMIO_BASE        0xFFFFFE0000000000ULL
#define MMIO_SIZE        0x0000000040000000ULL  /* 1 GiB window */

/* Page sizes and the user half come from the header VM shares. */
#define USER_END         X86_USER_TOP           /* first non-user address */
#define PAGE_SIZE        X86_PAGE_SIZE
#define PAGE_SHIFT       X86_PAGE_SHIFT
#define LARGE_PAGE_SIZE  X86_LARGE_PAGE_SIZE

#define PAGE_ALIGN_DOWN(a) ((a) & ~(PAGE_SIZE - 1))
#define PAGE_ALIGN_UP(a)   (((a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

#ifndef __ASSEMBLER__
#include <stdint.h>
static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)(DIRECT_MAP_BASE + pa);
}
static inline uint64_t kvirt_to_phys(const void *kimage_addr)
{
	return (uint64_t)(uintptr_t)kimage_addr - KERNEL_VMA;
}
#endif

#endif
