/*
 * The kernel's 64-bit entry contract, for loaders that are already in long
 * mode (the GNU-EFI loader in boot/efi/).
 *
 * GRUB enters the kernel at the ELF entry point (_start) in 32-bit protected
 * mode, as the multiboot2 specification says. A loader that runs in long
 * mode instead finds the 64-bit entry in an ELF note of the kernel image:
 *
 *   note name  "Quire" (6 bytes with the NUL)
 *   note type  QUIRE_NOTE_ENTRY64
 *   desc       one little-endian uint64_t: the physical address of the entry
 *
 * Machine state at that entry:
 *   - long mode, paging on, interrupts off, boot services exited;
 *   - an identity mapping that covers the kernel's load addresses (its
 *     PT_LOAD p_paddr ranges) and the multiboot2 information structure;
 *   - EAX = MULTIBOOT2_BOOTLOADER_MAGIC, EBX = physical address of the
 *     multiboot2 information structure (8-byte aligned, below 1 GiB);
 *   - every PT_LOAD segment copied to its p_paddr, its bss zeroed.
 * The kernel loads its own GDT, IDT, stack and page tables straight away, so
 * nothing else of the loader's state is relied on.
 */
#ifndef QUIRE_BOOTNOTE_H
#define QUIRE_BOOTNOTE_H

#define QUIRE_NOTE_NAME      "Quire"
#define QUIRE_NOTE_ENTRY64   1

#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289
#define MULTIBOOT2_HEADER_MAGIC     0xe85250d6

/* The multiboot2 information structure must lie below this address. */
#define QUIRE_BOOTINFO_LIMIT 0x40000000ULL

#endif
