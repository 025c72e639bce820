/*
 * Image-building helpers for the GNU-EFI loader's ELF64 host tests
 * (test_efi_elf_hdr.c, test_efi_elf_note.c; lib/libelf). A kernel-like
 * image is built in a buffer the way kernel/arch/x86_64/kernel.ld lays one
 * out: PT_LOAD segments whose p_paddr is the load address (the text
 * linked in the higher half), a PT_NOTE over the "Quire" entry note of
 * include/quire/bootnote.h, and section headers with an SHT_NOTE for the
 * same note. The good image is accepted and gives
 * its entry and page ranges; each way of being wrong is refused with its
 * message (or -1 / 0 for the note search and the range list).
 *
 * Note blocks handed to elf_find_note() are copied to a heap buffer of
 * exactly their length, so AddressSanitizer catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "efi_elf_build.h"

/* libelf.h's structs are the on-disk layouts (System V gABI). */
_Static_assert(sizeof(struct elf64_ehdr) == ELF_EHDR_SIZE, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == ELF_PHDR_SIZE, "program header is 56 bytes");
_Static_assert(sizeof(struct elf64_shdr) == ELF_SHDR_SIZE, "section header is 64 bytes");
_Static_assert(offsetof(struct elf64_ehdr, e_phoff) == 32, "e_phoff at 32");
_Static_assert(offsetof(struct elf64_ehdr, e_phentsize) == 54, "e_phentsize at 54");
_Static_assert(offsetof(struct elf64_ehdr, e_shstrndx) == 62, "e_shstrndx at 62");
_Static_assert(offsetof(struct elf64_phdr, p_paddr) == 24, "p_paddr at 24");
_Static_assert(offsetof(struct elf64_phdr, p_align) == 48, "p_align at 48");
_Static_assert(offsetof(struct elf64_shdr, sh_offset) == 24, "sh_offset at 24");
_Static_assert(offsetof(struct elf64_shdr, sh_addralign) == 48, "sh_addralign at 48");

_Alignas(8) uint8_t img[0x4000];
uint64_t img_len;

struct elf64_ehdr *eh(void)
{
    return (struct elf64_ehdr *)img;
}

struct elf64_phdr *ph(unsigned i)
{
    return (struct elf64_phdr *)(img + 64) + i;
}

struct elf64_shdr *sh(unsigned i)
{
    return (struct elf64_shdr *)(img + SH_OFF) + i;
}

void wr32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void wr64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * Write one note at p, padded the way a linker pads for alignment align
 * (8 means 8, anything else 4): namesz bytes of name, descsz bytes of desc.
 * Returns the note's padded length.
 */
size_t put_note(uint8_t *p, uint64_t align, uint32_t namesz, const char *name,
                       uint32_t type, const uint8_t *desc, uint32_t descsz)
{
    size_t a = align == 8 ? 8 : 4;
    size_t desc_off = (12 + namesz + a - 1) & ~(a - 1);

    memset(p, 0, (desc_off + descsz + a - 1) & ~(a - 1));
    wr32(p, namesz);
    wr32(p + 4, descsz);
    wr32(p + 8, type);
    memcpy(p + 12, name, namesz);
    if (descsz)
        memcpy(p + desc_off, desc, descsz);
    return (desc_off + descsz + a - 1) & ~(a - 1);
}

/* The Quire entry note holding entry. */
size_t put_quire_note(uint8_t *p, uint64_t align, uint64_t entry)
{
    uint8_t d[8];
    wr64(d, entry);
    return put_note(p, align, 6, QUIRE_NOTE_NAME, QUIRE_NOTE_ENTRY64, d, 8);
}

int setup(void **state)
{
    struct elf64_ehdr *e = eh();
    (void)state;

    memset(img, 0, sizeof img);
    memcpy(e->e_ident, "\x7f" "ELF", 4);
    e->e_ident[4] = 2; /* ELFCLASS64 */
    e->e_ident[5] = 1; /* ELFDATA2LSB */
    e->e_ident[6] = 1; /* EV_CURRENT */
    e->e_type = ET_EXEC;
    e->e_machine = EM_X86_64;
    e->e_version = 1;
    e->e_entry = 0x100020; /* the 32-bit multiboot2 _start: not ours */
    e->e_phoff = 64;
    e->e_shoff = SH_OFF;
    e->e_ehsize = ELF_EHDR_SIZE;
    e->e_phentsize = ELF_PHDR_SIZE;
    e->e_phnum = NPH;
    e->e_shentsize = ELF_SHDR_SIZE;
    e->e_shnum = NSH;

    *ph(PH_BOOT) = (struct elf64_phdr){ .p_type = ELF_PT_LOAD, .p_flags = 5,
        .p_offset = 0x1000, .p_vaddr = 0x100000, .p_paddr = 0x100000,
        .p_filesz = 0x800, .p_memsz = 0x800, .p_align = PG };
    *ph(PH_NOTE) = (struct elf64_phdr){ .p_type = ELF_PT_NOTE, .p_flags = 4,
        .p_offset = NOTE_OFF, .p_vaddr = 0x100018, .p_paddr = 0x100018,
        .p_filesz = NOTE_LEN, .p_memsz = NOTE_LEN, .p_align = 4 };
    *ph(PH_TEXT) = (struct elf64_phdr){ .p_type = ELF_PT_LOAD, .p_flags = 5,
        .p_offset = 0x2000, .p_vaddr = KERNEL_VMA + 0x102000, .p_paddr = 0x102000,
        .p_filesz = 0x1000, .p_memsz = 0x1000, .p_align = PG };
    *ph(PH_DATA) = (struct elf64_phdr){ .p_type = ELF_PT_LOAD, .p_flags = 6,
        .p_offset = 0x3000, .p_vaddr = KERNEL_VMA + 0x103000, .p_paddr = 0x103000,
        .p_filesz = 0x200, .p_memsz = 0x5000, .p_align = PG };
    *ph(PH_STACK) = (struct elf64_phdr){ .p_type = PT_GNU_STACK, .p_flags = 6 };

    memcpy(img + 0x1000, "\xd6\x50\x52\xe8", 4); /* multiboot2 header magic */
    assert_int_equal(put_quire_note(img + NOTE_OFF, 4, ENTRY64), NOTE_LEN);
    memset(img + 0x1040, 0x90, 0x7c0);          /* entry64 and the rest */
    memset(img + 0x2000, 0xcc, 0x1000);
    memset(img + 0x3000, 0xdd, 0x200);

    *sh(1) = (struct elf64_shdr){ .sh_type = SHT_PROGBITS, .sh_flags = 6,
        .sh_addr = KERNEL_VMA + 0x102000, .sh_offset = 0x2000, .sh_size = 0x1000,
        .sh_addralign = 16 };
    *sh(SH_NOTE) = (struct elf64_shdr){ .sh_type = ELF_SHT_NOTE, .sh_flags = 2,
        .sh_addr = 0x100018, .sh_offset = NOTE_OFF, .sh_size = NOTE_LEN,
        .sh_addralign = 4 };

    img_len = IMG_LEN;
    return 0;
}

const char *check_ehdr(void)
{
    return elf_check_ehdr(eh(), img_len);
}

const char *check_phdrs(void)
{
    return elf_check_kernel_phdrs(ph(0), eh()->e_phnum, img_len);
}

/*
 * elf_find_note() on a copy of len bytes at blk in a buffer of exactly
 * that size. On 1, *desc_off is the desc's offset in the block.
 */
int find(const uint8_t *blk, size_t len, uint64_t align, const char *name,
                uint32_t type, size_t *desc_off, uint32_t *descsz)
{
    uint8_t *copy = malloc(len ? len : 1);
    const uint8_t *desc = NULL;
    uint32_t dsz = 0xdeadbeef;
    int r;

    assert_non_null(copy);
    memcpy(copy, blk, len);
    r = elf_find_note(copy, len, align, name, type, &desc, &dsz);
    if (r == 1) {
        assert_non_null(desc);
        assert_true(desc >= copy && desc + dsz <= copy + len);
        *desc_off = (size_t)(desc - copy);
        *descsz = dsz;
    }
    free(copy);
    return r;
}

int find_quire(const uint8_t *blk, size_t len, uint64_t align,
                      size_t *desc_off, uint32_t *descsz)
{
    return find(blk, len, align, QUIRE_NOTE_NAME, QUIRE_NOTE_ENTRY64, desc_off, descsz);
}

/* The loader's search: the PT_NOTE segments of the image in the buffer. */
int entry_from_note_segments(uint64_t *entry)
{
    for (unsigned i = 0; i < eh()->e_phnum; i++) {
        const struct elf64_phdr *p = ph(i);
        size_t off;
        uint32_t dsz;
        int r;

        if (p->p_type != ELF_PT_NOTE)
            continue;
        r = find_quire(img + p->p_offset, p->p_filesz, p->p_align, &off, &dsz);
        if (r != 0) {
            if (r == 1) {
                assert_int_equal(dsz, 8);
                *entry = elf_get64(img + p->p_offset + off);
            }
            return r;
        }
    }
    return 0;
}

/* The loader's fallback: the SHT_NOTE sections of the image in the buffer. */
int entry_from_note_sections(uint64_t *entry)
{
    for (unsigned i = 0; i < eh()->e_shnum; i++) {
        const struct elf64_shdr *s = sh(i);
        size_t off;
        uint32_t dsz;
        int r;

        if (s->sh_type != ELF_SHT_NOTE)
            continue;
        r = find_quire(img + s->sh_offset, s->sh_size, s->sh_addralign, &off, &dsz);
        if (r != 0) {
            if (r == 1) {
                assert_int_equal(dsz, 8);
                *entry = elf_get64(img + s->sh_offset + off);
            }
            return r;
        }
    }
    return 0;
}
