/*
 * Shared image-building helpers for the GNU-EFI loader's ELF64 host tests
 * (test_efi_elf_hdr.c, test_efi_elf_note.c): the kernel-like image in a
 * buffer, note writers, the note search on an exact-size copy, and the
 * loader's entry-note searches. See efi_elf_build.c.
 */
#ifndef EFI_ELF_BUILD_H
#define EFI_ELF_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include <quire/bootnote.h>

#include "libelf.h"

#define ET_REL       1
#define ET_EXEC      2
#define ET_DYN       3
#define ET_CORE      4
#define EM_386       3
#define EM_X86_64    62
#define EM_AARCH64   183
#define PT_NULL      0
#define PT_GNU_STACK 0x6474e551
#define SHT_PROGBITS 1
#define NT_GNU_BUILD_ID 3

#define PG         4096ULL
#define KERNEL_VMA 0xffffffff80000000ULL

/*
 * The kernel-like image (file offsets):
 *   0x0000 ELF header
 *   0x0040 program headers:
 *          [0] PT_LOAD  boot  file 0x1000+0x800  paddr 0x100000 (identity)
 *          [1] PT_NOTE        file 0x1018+28     (the Quire note, in boot)
 *          [2] PT_LOAD  text  file 0x2000+0x1000 paddr 0x102000, vaddr high
 *          [3] PT_LOAD  data  file 0x3000+0x200  paddr 0x103000, memsz 0x5000
 *          [4] PT_GNU_STACK
 *   0x1018 the note: namesz 6, descsz 8, type QUIRE_NOTE_ENTRY64,
 *          "Quire\0" + 2 bytes padding, u64 ENTRY64
 *   0x3400 section headers: [0] null, [1] .text PROGBITS, [2] SHT_NOTE
 *   0x34c0 end of file
 */
#define PH_BOOT  0
#define PH_NOTE  1
#define PH_TEXT  2
#define PH_DATA  3
#define PH_STACK 4
#define NPH      5

#define NOTE_OFF  0x1018ULL
#define NOTE_LEN  28ULL             /* 12 + 8 ("Quire\0" padded) + 8 */
#define SH_OFF    0x3400ULL
#define NSH       3
#define SH_NOTE   2
#define IMG_LEN   (SH_OFF + NSH * ELF_SHDR_SIZE)
#define ENTRY64   0x100040ULL

extern uint8_t img[0x4000];
extern uint64_t img_len;

struct elf64_ehdr *eh(void);
struct elf64_phdr *ph(unsigned i);
struct elf64_shdr *sh(unsigned i);
void wr32(uint8_t *p, uint32_t v);
void wr64(uint8_t *p, uint64_t v);
size_t put_note(uint8_t *p, uint64_t align, uint32_t namesz, const char *name,
                uint32_t type, const uint8_t *desc, uint32_t descsz);
size_t put_quire_note(uint8_t *p, uint64_t align, uint64_t entry);
int setup(void **state);
const char *check_ehdr(void);
const char *check_phdrs(void);
int find(const uint8_t *blk, size_t len, uint64_t align, const char *name,
         uint32_t type, size_t *desc_off, uint32_t *descsz);
int find_quire(const uint8_t *blk, size_t len, uint64_t align,
               size_t *desc_off, uint32_t *descsz);
int entry_from_note_segments(uint64_t *entry);
int entry_from_note_sections(uint64_t *entry);

#endif /* EFI_ELF_BUILD_H */
