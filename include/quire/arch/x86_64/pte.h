/*
 * x86-64 page-table entries and page constants, defined once for the
 * kernel (arch/x86_64/paging.c, boot.S, arch/layout.h) and the VM server
 * (pagetable.c, which writes every user page table), and for the host
 * tests that look at what VM wrote.
 *
 * 4-level paging with 4 KiB pages: a virtual address indexes the PML4
 * (level 3), PDPT (2), PD (1) and PT (0) with 9 bits each above the 12
 * bits of page offset. Entries 0..255 of a PML4 map user space (VM's),
 * 256..511 the kernel half (the kernel's, the same in every PML4).
 *
 * Safe to include from assembly: constants have no C suffix there.
 */
#ifndef QUIRE_ARCH_X86_64_PTE_H
#define QUIRE_ARCH_X86_64_PTE_H

#ifdef __ASSEMBLER__
#define X86_U64(x) x
#else
#define X86_U64(x) x##ULL
#endif

/* Pages and the user half. */
#define X86_PAGE_SHIFT       12
#define X86_PAGE_SIZE        X86_U64(0x1000)
#define X86_LARGE_PAGE_SIZE  X86_U64(0x200000)        /* a PD entry with PTE_PS */
#define X86_USER_TOP         X86_U64(0x0000800000000000)   /* first non-user address */
#define PT_ENTRIES           512                        /* entries in every table */
#define PML4_USER_ENTRIES    256                        /* PML4[0..255]: user space */

/* Entry bits (the same at every level unless noted). */
#define PTE_P    X86_U64(0x1)        /* present */
#define PTE_W    X86_U64(0x2)        /* writable */
#define PTE_U    X86_U64(0x4)        /* user may access */
#define PTE_PWT  X86_U64(0x8)        /* write-through */
#define PTE_PCD  X86_U64(0x10)       /* cache disabled: with PWT, uncached (device memory) */
#define PTE_A    X86_U64(0x20)       /* accessed: the CPU sets it on any use (VM's clock clears it) */
#define PTE_PS   X86_U64(0x80)       /* PDPT/PD: maps a 1 GiB/2 MiB page, not a table */
#define PTE_G    X86_U64(0x100)      /* global: kept in the TLB across CR3 loads */
#define PTE_ADDR X86_U64(0x000FFFFFFFFFF000)   /* the physical address bits 12..51 */

#ifndef __ASSEMBLER__
#define PTE_NX   (1ULL << 63)        /* no execute (when EFER.NXE is on) */

/* The index of va in its table at `level` (3 = PML4 ... 0 = PT). */
#define PT_INDEX(va, level) (((va) >> (X86_PAGE_SHIFT + 9 * (level))) & (PT_ENTRIES - 1))
#endif

#endif
