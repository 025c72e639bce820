/*
 * The ELF64 checks the loader makes on a kernel image, and the note
 * search. Pure C (no EFI, no libc): the loader reads headers from the file
 * into memory and hands them here.
 */
#ifndef QUIRE_EFI_ELF64_H
#define QUIRE_EFI_ELF64_H

#include <stddef.h>
#include <stdint.h>

#define ELF_PT_LOAD   1
#define ELF_PT_NOTE   4
#define ELF_SHT_NOTE  7
#define ELF_EHDR_SIZE 64
#define ELF_PHDR_SIZE 56
#define ELF_SHDR_SIZE 64

struct elf64_ehdr {
    unsigned char e_ident[16];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
};

struct elf64_shdr {
    uint32_t sh_name;
    uint32_t sh_type;
    uint64_t sh_flags;
    uint64_t sh_addr;
    uint64_t sh_offset;
    uint64_t sh_size;
    uint32_t sh_link;
    uint32_t sh_info;
    uint64_t sh_addralign;
    uint64_t sh_entsize;
};

/* A physical range [start, end) to allocate, page-aligned. */
struct elf64_range {
    uint64_t start;
    uint64_t end;
};

/*
 * Check the file header of a file of file_size bytes: magic, 64-bit,
 * little-endian, version 1, ET_EXEC, x86-64, a program header table of
 * 56-byte entries that lies inside the file. Returns NULL when good, else a
 * message for a person.
 */
const char *elf64_check_ehdr(const struct elf64_ehdr *eh, uint64_t file_size);

/*
 * Check the program headers: at least one PT_LOAD; each PT_LOAD and
 * PT_NOTE's file bytes inside the file, filesz <= memsz, no address
 * wrap-around, and no two PT_LOAD segments overlapping in physical memory.
 */
const char *elf64_check_phdrs(const struct elf64_phdr *ph, unsigned n,
                              uint64_t file_size);

/*
 * Whether physical address entry lies in the file-backed part of a PT_LOAD
 * segment (where code can be).
 */
int elf64_entry_in_load(const struct elf64_phdr *ph, unsigned n, uint64_t entry);

/*
 * The page-rounded physical ranges the PT_LOAD segments need, sorted, with
 * ranges that share or touch a page merged (two segments may share a page).
 * Returns the number of ranges, or -1 if there are more than cap.
 */
int elf64_load_ranges(const struct elf64_phdr *ph, unsigned n,
                      struct elf64_range *out, unsigned cap);

/*
 * Search a block of notes (a PT_NOTE segment or SHT_NOTE section) for the
 * note with this name and type. align is the segment/section alignment:
 * 8 means 8-byte padding of name and desc, anything else 4 (the usual
 * ELF64 convention, gABI notwithstanding). Returns 1 and sets *desc and
 * *descsz when found, 0 when not, -1 if the block is malformed.
 */
int elf64_find_note(const uint8_t *buf, size_t len, uint64_t align,
                    const char *name, uint32_t type,
                    const uint8_t **desc, uint32_t *descsz);

/* Little-endian u64 from possibly unaligned bytes. */
uint64_t elf64_get64(const uint8_t *p);

#endif
