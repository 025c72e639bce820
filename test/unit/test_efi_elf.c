/*
 * Host tests for the GNU-EFI loader's ELF64 checks and note search
 * (boot/efi/elf64.c). A kernel-like image is built in a buffer the way
 * kernel/arch/x86_64/kernel.ld lays one out: PT_LOAD segments whose p_paddr
 * is the load address (the text linked in the higher half), a PT_NOTE over
 * the "Quire" entry note of include/quire/bootnote.h, and section headers
 * with an SHT_NOTE for the same note. The good image is accepted and gives
 * its entry and page ranges; each way of being wrong is refused with its
 * message (or -1 / 0 for the note search and the range list).
 *
 * Note blocks handed to elf64_find_note() are copied to a heap buffer of
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

#include <quire/bootnote.h>

#include "elf64.h"

/* elf64.h's structs are the on-disk layouts (System V gABI). */
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

static _Alignas(8) uint8_t img[0x4000];
static uint64_t img_len;

static struct elf64_ehdr *eh(void)
{
    return (struct elf64_ehdr *)img;
}

static struct elf64_phdr *ph(unsigned i)
{
    return (struct elf64_phdr *)(img + 64) + i;
}

static struct elf64_shdr *sh(unsigned i)
{
    return (struct elf64_shdr *)(img + SH_OFF) + i;
}

static void wr32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void wr64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * Write one note at p, padded the way a linker pads for alignment align
 * (8 means 8, anything else 4): namesz bytes of name, descsz bytes of desc.
 * Returns the note's padded length.
 */
static size_t put_note(uint8_t *p, uint64_t align, uint32_t namesz, const char *name,
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
static size_t put_quire_note(uint8_t *p, uint64_t align, uint64_t entry)
{
    uint8_t d[8];
    wr64(d, entry);
    return put_note(p, align, 6, QUIRE_NOTE_NAME, QUIRE_NOTE_ENTRY64, d, 8);
}

static int setup(void **state)
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

static const char *check_ehdr(void)
{
    return elf64_check_ehdr(eh(), img_len);
}

static const char *check_phdrs(void)
{
    return elf64_check_phdrs(ph(0), eh()->e_phnum, img_len);
}

/*
 * elf64_find_note() on a copy of len bytes at blk in a buffer of exactly
 * that size. On 1, *desc_off is the desc's offset in the block.
 */
static int find(const uint8_t *blk, size_t len, uint64_t align, const char *name,
                uint32_t type, size_t *desc_off, uint32_t *descsz)
{
    uint8_t *copy = malloc(len ? len : 1);
    const uint8_t *desc = NULL;
    uint32_t dsz = 0xdeadbeef;
    int r;

    assert_non_null(copy);
    memcpy(copy, blk, len);
    r = elf64_find_note(copy, len, align, name, type, &desc, &dsz);
    if (r == 1) {
        assert_non_null(desc);
        assert_true(desc >= copy && desc + dsz <= copy + len);
        *desc_off = (size_t)(desc - copy);
        *descsz = dsz;
    }
    free(copy);
    return r;
}

static int find_quire(const uint8_t *blk, size_t len, uint64_t align,
                      size_t *desc_off, uint32_t *descsz)
{
    return find(blk, len, align, QUIRE_NOTE_NAME, QUIRE_NOTE_ENTRY64, desc_off, descsz);
}

/* The loader's search: the PT_NOTE segments of the image in the buffer. */
static int entry_from_note_segments(uint64_t *entry)
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
                *entry = elf64_get64(img + p->p_offset + off);
            }
            return r;
        }
    }
    return 0;
}

/* The loader's fallback: the SHT_NOTE sections of the image in the buffer. */
static int entry_from_note_sections(uint64_t *entry)
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
                *entry = elf64_get64(img + s->sh_offset + off);
            }
            return r;
        }
    }
    return 0;
}

/* ---- the good kernel image ---------------------------------------------- */

static void kernel_image_passes_header_and_segment_checks(void **state)
{
    (void)state;
    assert_null(check_ehdr());
    assert_null(check_phdrs());
}

static void kernel_image_note_segment_gives_the_physical_entry(void **state)
{
    const struct elf64_phdr *n = ph(PH_NOTE);
    const uint8_t *desc = NULL;
    uint32_t dsz = 0;
    uint64_t entry = 0;
    (void)state;

    assert_int_equal(elf64_find_note(img + n->p_offset, n->p_filesz, n->p_align,
                                     QUIRE_NOTE_NAME, QUIRE_NOTE_ENTRY64, &desc, &dsz),
                     1);
    assert_ptr_equal(desc, img + NOTE_OFF + 20); /* 12 + "Quire\0" padded to 8 */
    assert_int_equal(dsz, 8);
    assert_int_equal(elf64_get64(desc), ENTRY64);

    assert_int_equal(entry_from_note_segments(&entry), 1);
    assert_int_equal(entry, ENTRY64);
    assert_true(elf64_entry_in_load(ph(0), NPH, entry));
}

static void kernel_image_load_ranges_are_page_rounded_and_merged(void **state)
{
    struct elf64_range r[4];
    (void)state;

    memset(r, 0xa5, sizeof r);
    /* boot alone; text and data touch at 0x103000 and become one range
     * up to the end of data's bss (0x103000 + 0x5000). */
    assert_int_equal(elf64_load_ranges(ph(0), NPH, r, 4), 2);
    assert_int_equal(r[0].start, 0x100000);
    assert_int_equal(r[0].end, 0x101000);
    assert_int_equal(r[1].start, 0x102000);
    assert_int_equal(r[1].end, 0x108000);
}

static void kernel_image_entry_note_is_also_in_an_sht_note_section(void **state)
{
    uint64_t entry = 0;
    (void)state;

    assert_int_equal(entry_from_note_sections(&entry), 1);
    assert_int_equal(entry, ENTRY64);
}

static void section_note_is_found_when_no_segment_holds_it(void **state)
{
    uint64_t entry = 0;
    (void)state;

    ph(PH_NOTE)->p_type = PT_NULL; /* a linker script without a PT_NOTE */
    assert_null(check_phdrs());
    assert_int_equal(entry_from_note_segments(&entry), 0);
    assert_int_equal(entry_from_note_sections(&entry), 1);
    assert_int_equal(entry, ENTRY64);
}

static void section_note_uses_the_section_alignment(void **state)
{
    uint64_t entry = 0;
    (void)state;

    ph(PH_NOTE)->p_type = PT_NULL;
    /* An 8-aligned .note section: desc at 24, 32 bytes in all. */
    sh(SH_NOTE)->sh_offset = 0x1020;
    sh(SH_NOTE)->sh_size = put_quire_note(img + 0x1020, 8, ENTRY64 + 0x10);
    sh(SH_NOTE)->sh_addralign = 8;
    assert_int_equal(sh(SH_NOTE)->sh_size, 32);
    assert_int_equal(elf64_get64(img + 0x1020 + 24), ENTRY64 + 0x10);
    assert_int_equal(entry_from_note_sections(&entry), 1);
    assert_int_equal(entry, ENTRY64 + 0x10);
}

static void image_without_the_note_has_no_entry(void **state)
{
    uint64_t entry = 0xdead;
    (void)state;

    /* The same block, but a GNU build-id note instead of ours. */
    static const uint8_t id[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    assert_int_equal(put_note(img + NOTE_OFF, 4, 4, "GNU", NT_GNU_BUILD_ID, id, 8), 24);
    ph(PH_NOTE)->p_filesz = ph(PH_NOTE)->p_memsz = 24;
    sh(SH_NOTE)->sh_size = 24;
    assert_null(check_phdrs());
    assert_int_equal(entry_from_note_segments(&entry), 0);
    assert_int_equal(entry_from_note_sections(&entry), 0);
    assert_int_equal(entry, 0xdead);
}

static void note_holding_the_virtual_entry_is_not_in_a_load(void **state)
{
    uint64_t entry = 0;
    (void)state;

    put_quire_note(img + NOTE_OFF, 4, KERNEL_VMA + 0x102000);
    assert_int_equal(entry_from_note_segments(&entry), 1);
    assert_int_equal(entry, KERNEL_VMA + 0x102000);
    assert_false(elf64_entry_in_load(ph(0), NPH, entry));
}

/* ---- refused: the ELF header -------------------------------------------- */

static void file_shorter_than_a_header_is_refused(void **state)
{
    (void)state;
    img_len = ELF_EHDR_SIZE - 1;
    assert_string_equal(check_ehdr(), "file too short to be an ELF image");
    img_len = 0;
    assert_string_equal(check_ehdr(), "file too short to be an ELF image");
}

static void bad_magic_is_refused(void **state)
{
    static const unsigned char good[4] = { 0x7f, 'E', 'L', 'F' };
    (void)state;

    for (int i = 0; i < 4; i++) {
        setup(NULL);
        eh()->e_ident[i] ^= 0x20;
        assert_string_equal(check_ehdr(), "not an ELF file (bad magic)");
        eh()->e_ident[i] = good[i];
        assert_null(check_ehdr());
    }
    memcpy(eh()->e_ident, "MZ\x90\0", 4); /* a PE image */
    assert_string_equal(check_ehdr(), "not an ELF file (bad magic)");
}

static void elf32_and_unknown_class_are_refused(void **state)
{
    (void)state;
    eh()->e_ident[4] = 1; /* ELFCLASS32 */
    assert_string_equal(check_ehdr(), "not a 64-bit ELF file");
    eh()->e_ident[4] = 0;
    assert_string_equal(check_ehdr(), "not a 64-bit ELF file");
    eh()->e_ident[4] = 3;
    assert_string_equal(check_ehdr(), "not a 64-bit ELF file");
}

static void big_endian_and_unknown_data_encoding_are_refused(void **state)
{
    (void)state;
    eh()->e_ident[5] = 2; /* ELFDATA2MSB */
    assert_string_equal(check_ehdr(), "not a little-endian ELF file");
    eh()->e_ident[5] = 0;
    assert_string_equal(check_ehdr(), "not a little-endian ELF file");
}

static void unknown_ident_version_is_refused(void **state)
{
    (void)state;
    eh()->e_ident[6] = 0;
    assert_string_equal(check_ehdr(), "unknown ELF version");
    eh()->e_ident[6] = 2;
    assert_string_equal(check_ehdr(), "unknown ELF version");
}

static void unknown_header_version_is_refused(void **state)
{
    (void)state;
    eh()->e_version = 0;
    assert_string_equal(check_ehdr(), "unknown ELF version");
    eh()->e_version = 2;
    assert_string_equal(check_ehdr(), "unknown ELF version");
}

static void other_machines_are_refused(void **state)
{
    (void)state;
    eh()->e_machine = EM_386;
    assert_string_equal(check_ehdr(), "not an x86-64 ELF file");
    eh()->e_machine = EM_AARCH64;
    assert_string_equal(check_ehdr(), "not an x86-64 ELF file");
    eh()->e_machine = 0;
    assert_string_equal(check_ehdr(), "not an x86-64 ELF file");
}

static void non_executable_types_are_refused(void **state)
{
    static const uint16_t types[] = { 0, ET_REL, ET_DYN, ET_CORE, 0xfe00 };
    (void)state;

    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        eh()->e_type = types[i];
        assert_string_equal(check_ehdr(), "not an executable (ET_EXEC) ELF file");
    }
}

static void program_header_size_other_than_56_is_refused(void **state)
{
    static const uint16_t sizes[] = { 0, 32, 55, 57, 64 };
    (void)state;

    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        eh()->e_phentsize = sizes[i];
        assert_string_equal(check_ehdr(), "unexpected program header size");
    }
}

static void zero_program_headers_is_refused(void **state)
{
    (void)state;
    eh()->e_phnum = 0;
    assert_string_equal(check_ehdr(), "no program headers");
}

static void extended_program_header_count_is_refused(void **state)
{
    (void)state;
    eh()->e_phnum = 0xffff; /* PN_XNUM: the real count is in section 0 */
    img_len = UINT64_MAX;
    assert_string_equal(check_ehdr(), "no program headers");
}

static void program_headers_ending_at_end_of_file_are_accepted(void **state)
{
    (void)state;
    img_len = 64 + NPH * ELF_PHDR_SIZE;
    assert_null(check_ehdr());
}

static void program_headers_one_byte_past_end_of_file_are_refused(void **state)
{
    (void)state;
    img_len = 64 + NPH * ELF_PHDR_SIZE - 1;
    assert_string_equal(check_ehdr(), "program headers lie outside the file");
}

static void program_header_offset_past_end_of_file_is_refused(void **state)
{
    (void)state;
    eh()->e_phoff = img_len;
    assert_string_equal(check_ehdr(), "program headers lie outside the file");
    eh()->e_phoff = img_len + 1;
    assert_string_equal(check_ehdr(), "program headers lie outside the file");
    eh()->e_phoff = UINT64_MAX;
    assert_string_equal(check_ehdr(), "program headers lie outside the file");
}

static void program_header_offset_plus_size_wrapping_is_refused(void **state)
{
    (void)state;
    /* phoff + 5 * 56 wraps past 2^64 to a small number: still outside,
     * even in a file of the largest size. */
    img_len = UINT64_MAX;
    eh()->e_phoff = UINT64_MAX - 100;
    assert_string_equal(check_ehdr(), "program headers lie outside the file");
    eh()->e_phoff = 0xffffffffffffff00ULL;
    eh()->e_phnum = 0xfffe;
    assert_string_equal(check_ehdr(), "program headers lie outside the file");
}

static void largest_program_header_table_size_does_not_truncate(void **state)
{
    (void)state;
    /* 0xfffe * 56 needs more than 16 bits: the size is computed in 64. */
    eh()->e_phoff = 0;
    eh()->e_phnum = 0xfffe;
    img_len = 0xfffeULL * ELF_PHDR_SIZE;
    assert_null(check_ehdr());
    img_len--;
    assert_string_equal(check_ehdr(), "program headers lie outside the file");
}

/* ---- refused: the program headers --------------------------------------- */

static void load_segment_ending_at_end_of_file_is_accepted(void **state)
{
    (void)state;
    img_len = 0x3200; /* data's file bytes are the last in the file */
    assert_null(check_phdrs());
    ph(PH_DATA)->p_offset = 0x3200; /* all bss, file part empty at the end */
    ph(PH_DATA)->p_filesz = 0;
    assert_null(check_phdrs());
}

static void load_segment_bytes_past_end_of_file_are_refused(void **state)
{
    (void)state;
    img_len = 0x31ff;
    assert_string_equal(check_phdrs(), "a segment's bytes lie outside the file");
}

static void load_segment_offset_past_end_of_file_is_refused(void **state)
{
    (void)state;
    ph(PH_DATA)->p_filesz = 0;
    ph(PH_DATA)->p_offset = img_len + 1;
    assert_string_equal(check_phdrs(), "a segment's bytes lie outside the file");
    ph(PH_DATA)->p_offset = UINT64_MAX;
    assert_string_equal(check_phdrs(), "a segment's bytes lie outside the file");
}

static void load_segment_offset_plus_filesz_wrapping_is_refused(void **state)
{
    (void)state;
    /* 0x3000 + (2^64 - 0x1000) wraps to 0x2000, inside the file. */
    ph(PH_DATA)->p_filesz = (uint64_t)0 - 0x1000;
    ph(PH_DATA)->p_memsz = UINT64_MAX;
    assert_string_equal(check_phdrs(), "a segment's bytes lie outside the file");
    img_len = UINT64_MAX;
    assert_string_equal(check_phdrs(), "a segment's bytes lie outside the file");
}

static void note_segment_past_end_of_file_is_refused(void **state)
{
    (void)state;
    ph(PH_NOTE)->p_offset = img_len - NOTE_LEN + 1;
    assert_string_equal(check_phdrs(), "a segment's bytes lie outside the file");
    ph(PH_NOTE)->p_offset = 16;
    ph(PH_NOTE)->p_filesz = UINT64_MAX - 8; /* wraps */
    assert_string_equal(check_phdrs(), "a segment's bytes lie outside the file");
}

static void note_segment_is_not_held_to_memory_rules(void **state)
{
    (void)state;
    /* A PT_NOTE is never loaded: memsz and paddr do not matter. */
    ph(PH_NOTE)->p_memsz = 0;
    ph(PH_NOTE)->p_paddr = UINT64_MAX;
    assert_null(check_phdrs());
}

static void other_segment_types_are_not_checked(void **state)
{
    (void)state;
    ph(PH_STACK)->p_offset = UINT64_MAX;
    ph(PH_STACK)->p_filesz = UINT64_MAX;
    ph(PH_STACK)->p_memsz = 1;
    ph(PH_STACK)->p_paddr = 0x102000; /* over text: not loaded, no overlap */
    assert_null(check_phdrs());
}

static void filesz_larger_than_memsz_is_refused(void **state)
{
    (void)state;
    ph(PH_TEXT)->p_memsz = ph(PH_TEXT)->p_filesz - 1;
    assert_string_equal(check_phdrs(), "a segment's file size exceeds its memory size");
}

static void filesz_with_zero_memsz_is_refused(void **state)
{
    (void)state;
    ph(PH_DATA)->p_memsz = 0;
    assert_string_equal(check_phdrs(), "a segment's file size exceeds its memory size");
}

static void segment_wrapping_the_address_space_is_refused(void **state)
{
    (void)state;
    ph(PH_DATA)->p_paddr = UINT64_MAX - 0xfff;
    assert_string_equal(check_phdrs(), "a segment wraps around the address space");
    setup(NULL);
    ph(PH_DATA)->p_memsz = UINT64_MAX;
    assert_string_equal(check_phdrs(), "a segment wraps around the address space");
}

static void segment_ending_a_page_below_the_top_is_accepted(void **state)
{
    struct elf64_range r[4];
    (void)state;

    /* Ends at 2^64 - 1 - 4096: page-rounding its end cannot wrap. */
    ph(PH_DATA)->p_paddr = UINT64_MAX - PG - 0x5000;
    assert_null(check_phdrs());
    assert_int_equal(elf64_load_ranges(ph(0), NPH, r, 4), 3);
    assert_int_equal(r[2].start, 0xffffffffffff9000ULL);
    assert_int_equal(r[2].end, 0xfffffffffffff000ULL);
}

static void segment_ending_one_byte_higher_is_refused(void **state)
{
    (void)state;
    ph(PH_DATA)->p_paddr = UINT64_MAX - PG - 0x5000 + 1;
    assert_string_equal(check_phdrs(), "a segment wraps around the address space");
}

static void overlapping_segments_are_refused(void **state)
{
    (void)state;
    ph(PH_DATA)->p_paddr = 0x102fff; /* one byte into text */
    assert_string_equal(check_phdrs(), "two segments overlap in physical memory");
}

static void overlap_with_an_earlier_higher_segment_is_refused(void **state)
{
    (void)state;
    /* text, before data in the table, moved up over data's last byte */
    ph(PH_TEXT)->p_paddr = 0x107fff;
    assert_string_equal(check_phdrs(), "two segments overlap in physical memory");
    setup(NULL);
    ph(PH_BOOT)->p_paddr = 0x107800; /* boot, first, in data's bss */
    assert_string_equal(check_phdrs(), "two segments overlap in physical memory");
}

static void segment_inside_another_is_refused(void **state)
{
    (void)state;
    ph(PH_BOOT)->p_paddr = 0x102400; /* wholly inside text */
    assert_string_equal(check_phdrs(), "two segments overlap in physical memory");
}

static void identical_segments_are_refused(void **state)
{
    (void)state;
    ph(PH_DATA)->p_paddr = 0x102000;
    ph(PH_DATA)->p_memsz = 0x1000;
    assert_string_equal(check_phdrs(), "two segments overlap in physical memory");
}

static void overlap_in_bss_only_is_refused(void **state)
{
    (void)state;
    /* boot's file bytes end at 0x100800 but its bss reaches 0x102001. */
    ph(PH_BOOT)->p_memsz = 0x2001;
    assert_string_equal(check_phdrs(), "two segments overlap in physical memory");
}

static void touching_segments_are_accepted(void **state)
{
    (void)state;
    ph(PH_BOOT)->p_memsz = 0x2000; /* ends exactly where text starts */
    assert_null(check_phdrs());
}

static void segments_sharing_a_page_are_accepted(void **state)
{
    struct elf64_range r[4];
    (void)state;

    ph(PH_DATA)->p_paddr = 0x102000 + 0x1000 - 0x10;
    ph(PH_TEXT)->p_memsz = ph(PH_TEXT)->p_filesz = 0x1000 - 0x10;
    assert_null(check_phdrs());
    assert_int_equal(elf64_load_ranges(ph(0), NPH, r, 4), 2);
    assert_int_equal(r[1].start, 0x102000);
    assert_int_equal(r[1].end, 0x108000);
}

static void overlap_in_virtual_addresses_only_is_accepted(void **state)
{
    (void)state;
    ph(PH_DATA)->p_vaddr = ph(PH_TEXT)->p_vaddr; /* only p_paddr counts */
    assert_null(check_phdrs());
}

static void empty_load_segment_is_no_overlap(void **state)
{
    (void)state;
    ph(PH_STACK)->p_type = ELF_PT_LOAD;
    ph(PH_STACK)->p_paddr = 0x102800; /* inside text, but memsz 0 */
    assert_null(check_phdrs());
    /* and the other way round: the empty one first in the table */
    ph(PH_BOOT)->p_memsz = ph(PH_BOOT)->p_filesz = 0;
    ph(PH_BOOT)->p_paddr = 0x102800;
    assert_null(check_phdrs());
}

static void image_without_load_segments_is_refused(void **state)
{
    (void)state;
    ph(PH_BOOT)->p_type = PT_NULL;
    ph(PH_TEXT)->p_type = PT_NULL;
    ph(PH_DATA)->p_type = PT_GNU_STACK;
    assert_string_equal(check_phdrs(), "no loadable segments");
}

static void only_empty_load_segments_is_refused(void **state)
{
    (void)state;
    for (unsigned i = PH_BOOT; i <= PH_DATA; i++)
        if (ph(i)->p_type == ELF_PT_LOAD)
            ph(i)->p_filesz = ph(i)->p_memsz = 0;
    assert_string_equal(check_phdrs(), "no loadable segments");
}

static void empty_program_header_table_is_refused(void **state)
{
    (void)state;
    assert_string_equal(elf64_check_phdrs(ph(0), 0, img_len), "no loadable segments");
}

static void headers_after_the_count_are_not_read(void **state)
{
    (void)state;
    /* Only the first n: a bad header beyond them is not looked at. */
    ph(PH_STACK)->p_type = ELF_PT_LOAD;
    ph(PH_STACK)->p_offset = UINT64_MAX;
    assert_string_equal(check_phdrs(), "a segment's bytes lie outside the file");
    assert_null(elf64_check_phdrs(ph(0), NPH - 1, img_len));
}

/* ---- the entry must be in a loaded segment's file bytes ----------------- */

static void entry_at_first_and_last_file_byte_is_in_a_load(void **state)
{
    (void)state;
    assert_true(elf64_entry_in_load(ph(0), NPH, 0x100000));
    assert_true(elf64_entry_in_load(ph(0), NPH, 0x1007ff));
    assert_true(elf64_entry_in_load(ph(0), NPH, 0x102000));
    assert_true(elf64_entry_in_load(ph(0), NPH, 0x1031ff));
}

static void entry_in_bss_is_not_in_a_load(void **state)
{
    (void)state;
    assert_false(elf64_entry_in_load(ph(0), NPH, 0x103200));
    assert_false(elf64_entry_in_load(ph(0), NPH, 0x107fff));
}

static void entry_before_between_or_after_segments_is_not_in_a_load(void **state)
{
    (void)state;
    assert_false(elf64_entry_in_load(ph(0), NPH, 0));
    assert_false(elf64_entry_in_load(ph(0), NPH, 0xfffff));
    assert_false(elf64_entry_in_load(ph(0), NPH, 0x100800)); /* boot's end */
    assert_false(elf64_entry_in_load(ph(0), NPH, 0x101fff));
    assert_false(elf64_entry_in_load(ph(0), NPH, 0x108000));
    assert_false(elf64_entry_in_load(ph(0), NPH, UINT64_MAX));
}

static void entry_in_a_note_or_other_segment_is_not_in_a_load(void **state)
{
    (void)state;
    ph(PH_NOTE)->p_paddr = 0x200000;
    ph(PH_STACK)->p_paddr = 0x300000;
    ph(PH_STACK)->p_filesz = ph(PH_STACK)->p_memsz = 0x1000;
    assert_false(elf64_entry_in_load(ph(0), NPH, 0x200000));
    assert_false(elf64_entry_in_load(ph(0), NPH, 0x300000));
}

static void entry_is_only_looked_for_in_the_first_n_headers(void **state)
{
    (void)state;
    assert_true(elf64_entry_in_load(ph(0), NPH, 0x103000));
    assert_false(elf64_entry_in_load(ph(0), PH_DATA, 0x103000));
    assert_false(elf64_entry_in_load(ph(0), 0, 0x100000));
}

/* ---- the page ranges to allocate ---------------------------------------- */

static void unsorted_segments_give_sorted_ranges(void **state)
{
    struct elf64_phdr p[3] = {
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x500000, .p_memsz = 0x1000 },
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x100000, .p_memsz = 0x1000 },
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x300000, .p_memsz = 0x1000 },
    };
    struct elf64_range r[3];
    (void)state;

    assert_null(elf64_check_phdrs(p, 3, 0));
    assert_int_equal(elf64_load_ranges(p, 3, r, 3), 3);
    assert_int_equal(r[0].start, 0x100000);
    assert_int_equal(r[0].end, 0x101000);
    assert_int_equal(r[1].start, 0x300000);
    assert_int_equal(r[1].end, 0x301000);
    assert_int_equal(r[2].start, 0x500000);
    assert_int_equal(r[2].end, 0x501000);
}

static void unaligned_segment_is_rounded_out_to_whole_pages(void **state)
{
    struct elf64_phdr p = { .p_type = ELF_PT_LOAD, .p_paddr = 0x100ffc, .p_memsz = 8 };
    struct elf64_range r;
    (void)state;

    assert_int_equal(elf64_load_ranges(&p, 1, &r, 1), 1);
    assert_int_equal(r.start, 0x100000);
    assert_int_equal(r.end, 0x102000); /* 8 bytes across a page boundary */
}

static void range_inside_another_keeps_the_larger_end(void **state)
{
    struct elf64_phdr p[2] = {
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x100000, .p_memsz = 0x10000 },
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x101000, .p_memsz = 0x1000 },
    };
    struct elf64_range r[2];
    (void)state;

    /* Not a valid pair for elf64_check_phdrs (they overlap), but the
     * merge must still not shrink the range. */
    assert_int_equal(elf64_load_ranges(p, 2, r, 2), 1);
    assert_int_equal(r[0].start, 0x100000);
    assert_int_equal(r[0].end, 0x110000);
}

static void segments_a_page_apart_stay_separate(void **state)
{
    struct elf64_phdr p[2] = {
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x100000, .p_memsz = 0x1000 },
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x102000, .p_memsz = 0x1 },
    };
    struct elf64_range r[2];
    (void)state;

    assert_int_equal(elf64_load_ranges(p, 2, r, 2), 2);
    assert_int_equal(r[0].end, 0x101000);
    assert_int_equal(r[1].start, 0x102000);
    assert_int_equal(r[1].end, 0x103000);
}

static void empty_and_non_load_segments_give_no_range(void **state)
{
    struct elf64_range r[4];
    (void)state;

    ph(PH_NOTE)->p_memsz = 0x1000;
    ph(PH_NOTE)->p_paddr = 0x900000;
    ph(PH_STACK)->p_memsz = 0x1000;
    ph(PH_STACK)->p_paddr = 0xa00000;
    ph(PH_BOOT)->p_memsz = ph(PH_BOOT)->p_filesz = 0;
    assert_int_equal(elf64_load_ranges(ph(0), NPH, r, 4), 1);
    assert_int_equal(r[0].start, 0x102000);
    assert_int_equal(r[0].end, 0x108000);
    assert_int_equal(elf64_load_ranges(ph(0), 0, r, 4), 0);
}

static void as_many_ranges_as_cap_fit(void **state)
{
    struct elf64_phdr p[16];
    struct elf64_range r[16];
    (void)state;

    for (unsigned i = 0; i < 16; i++)
        p[i] = (struct elf64_phdr){ .p_type = ELF_PT_LOAD,
            .p_paddr = 0x100000 + i * 0x2000ULL, .p_memsz = 0x1000 };
    assert_int_equal(elf64_load_ranges(p, 16, r, 16), 16);
    assert_int_equal(r[15].start, 0x11e000);
    assert_int_equal(r[15].end, 0x11f000);
}

static void one_range_more_than_cap_is_refused(void **state)
{
    struct elf64_phdr p[17];
    struct elf64_range r[17];
    (void)state;

    for (unsigned i = 0; i < 17; i++)
        p[i] = (struct elf64_phdr){ .p_type = ELF_PT_LOAD,
            .p_paddr = 0x100000 + i * 0x2000ULL, .p_memsz = 0x1000 };
    memset(&r[16], 0x5a, sizeof r[16]);
    assert_int_equal(elf64_load_ranges(p, 17, r, 16), -1);
    assert_int_equal(r[16].start, 0x5a5a5a5a5a5a5a5aULL); /* nothing past cap */
    assert_int_equal(elf64_load_ranges(p, 1, r, 0), -1);
}

static void segments_merging_into_cap_ranges_fit(void **state)
{
    struct elf64_phdr p[17];
    struct elf64_range r[16];
    (void)state;

    /* 17 small segments, all in one page (as a linker may place .boot,
     * .text, .rodata, ... pieces): the doc in elf64.h says -1 only when
     * there are more than cap *ranges*, and these make one range. */
    for (unsigned i = 0; i < 17; i++)
        p[i] = (struct elf64_phdr){ .p_type = ELF_PT_LOAD,
            .p_paddr = 0x100000 + i * 0x10ULL, .p_memsz = 0x10 };
    assert_null(elf64_check_phdrs(p, 17, 0));
    assert_int_equal(elf64_load_ranges(p, 17, r, 16), 1);
    assert_int_equal(r[0].start, 0x100000);
    assert_int_equal(r[0].end, 0x101000);
}

/* ---- the note search ----------------------------------------------------- */

static void note_in_four_byte_aligned_block_is_found(void **state)
{
    uint8_t blk[64];
    size_t off = 0;
    uint32_t dsz = 0;
    (void)state;

    size_t len = put_quire_note(blk, 4, 0x1122334455667788ULL);
    assert_int_equal(len, 28);
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), 1);
    assert_int_equal(off, 20);
    assert_int_equal(dsz, 8);
    assert_int_equal(elf64_get64(blk + off), 0x1122334455667788ULL);
}

static void note_in_eight_byte_aligned_block_is_found(void **state)
{
    uint8_t blk[64];
    size_t off = 0;
    uint32_t dsz = 0;
    (void)state;

    size_t len = put_quire_note(blk, 8, 0x100040);
    assert_int_equal(len, 32);
    assert_int_equal(find_quire(blk, len, 8, &off, &dsz), 1);
    assert_int_equal(off, 24); /* "Quire\0" padded to 16 after the header */
    assert_int_equal(dsz, 8);
    assert_int_equal(elf64_get64(blk + off), 0x100040);
}

static void alignments_other_than_eight_mean_four(void **state)
{
    static const uint64_t aligns[] = { 0, 1, 2, 4, 16, 4096, UINT64_MAX };
    uint8_t blk[64];
    size_t off;
    uint32_t dsz;
    (void)state;

    size_t len = put_quire_note(blk, 4, 0x100040);
    for (size_t i = 0; i < sizeof aligns / sizeof aligns[0]; i++) {
        off = 0;
        assert_int_equal(find_quire(blk, len, aligns[i], &off, &dsz), 1);
        assert_int_equal(off, 20);
    }
}

static void four_byte_padded_note_read_as_eight_byte_aligned_is_malformed(void **state)
{
    uint8_t blk[64];
    size_t off;
    uint32_t dsz;
    (void)state;

    /* Read with 8-byte padding the desc starts at 24; 8 bytes from there
     * run past the 28-byte block. */
    size_t len = put_quire_note(blk, 4, 0x100040);
    assert_int_equal(find_quire(blk, len, 8, &off, &dsz), -1);
}

static void note_after_other_notes_is_found(void **state)
{
    static const uint8_t id[20] = { 0xab };
    static const uint8_t ver[16] = { 0 };
    uint8_t blk[128];
    size_t len = 0, off = 0;
    uint32_t dsz = 0;
    (void)state;

    len += put_note(blk + len, 4, 4, "GNU", NT_GNU_BUILD_ID, id, 20);
    len += put_note(blk + len, 4, 4, "GNU", 1, ver, 16); /* NT_GNU_ABI_TAG */
    len += put_note(blk + len, 4, 6, "Quire", 2, ver, 4); /* our name, not type */
    size_t at = len;
    len += put_quire_note(blk + len, 4, 0x100040);
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), 1);
    assert_int_equal(off, at + 20);
    assert_int_equal(elf64_get64(blk + off), 0x100040);
}

static void note_after_other_notes_in_eight_byte_block_is_found(void **state)
{
    static const uint8_t id[20] = { 0xab };
    uint8_t blk[128];
    size_t len = 0, off = 0;
    uint32_t dsz = 0;
    (void)state;

    len += put_note(blk + len, 8, 4, "GNU", NT_GNU_BUILD_ID, id, 20);
    assert_int_equal(len, 40); /* 12 + 4 -> 16, + 20 -> 36 -> 40 */
    len += put_quire_note(blk + len, 8, 0x100040);
    assert_int_equal(find_quire(blk, len, 8, &off, &dsz), 1);
    assert_int_equal(off, 40 + 24);
}

static void first_matching_note_wins(void **state)
{
    uint8_t blk[128];
    size_t len = 0, off = 0;
    uint32_t dsz = 0;
    (void)state;

    len += put_quire_note(blk + len, 4, 0x111000);
    len += put_quire_note(blk + len, 4, 0x222000);
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), 1);
    assert_int_equal(elf64_get64(blk + off), 0x111000);
}

static void note_name_must_match_exactly(void **state)
{
    static const uint8_t d[8] = { 0 };
    static const struct { uint32_t namesz; const char *name; } names[] = {
        { 6, "Quirk" },    /* other name, same length */
        { 6, "quire" },    /* case matters */
        { 5, "Quire" },    /* namesz without the NUL */
        { 8, "QuireOS" },  /* longer name with our prefix */
        { 4, "Qui" },
        { 0, "" },
        { 6, "Quire\x01" }, /* right bytes, but no NUL inside namesz */
    };
    uint8_t blk[64];
    size_t off;
    uint32_t dsz;
    (void)state;

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t len = put_note(blk, 4, names[i].namesz, names[i].name,
                              QUIRE_NOTE_ENTRY64, d, 8);
        assert_int_equal(find_quire(blk, len, 4, &off, &dsz), 0);
    }
}

static void note_of_another_type_is_not_found(void **state)
{
    static const uint8_t d[8] = { 0 };
    static const uint32_t types[] = { 0, 2, QUIRE_NOTE_ENTRY64 + 0x100, 0xffffffff };
    uint8_t blk[64];
    size_t off;
    uint32_t dsz;
    (void)state;

    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t len = put_note(blk, 4, 6, "Quire", types[i], d, 8);
        assert_int_equal(find_quire(blk, len, 4, &off, &dsz), 0);
    }
}

static void name_and_type_must_be_in_the_same_note(void **state)
{
    static const uint8_t d[8] = { 0 };
    uint8_t blk[64];
    size_t len = 0, off;
    uint32_t dsz;
    (void)state;

    len += put_note(blk + len, 4, 6, "Quire", 2, d, 8);
    len += put_note(blk + len, 4, 4, "GNU", QUIRE_NOTE_ENTRY64, d, 8);
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), 0);
}

static void empty_or_short_block_has_no_note(void **state)
{
    uint8_t blk[16];
    size_t off;
    uint32_t dsz;
    (void)state;

    memset(blk, 0xff, sizeof blk);
    assert_int_equal(find_quire(blk, 0, 4, &off, &dsz), 0);
    assert_int_equal(find_quire(blk, 11, 4, &off, &dsz), 0); /* < a header */
}

static void trailing_bytes_shorter_than_a_note_header_are_ignored(void **state)
{
    static const uint8_t id[4] = { 1, 2, 3, 4 };
    uint8_t blk[64];
    size_t len, off;
    uint32_t dsz;
    (void)state;

    len = put_note(blk, 4, 4, "GNU", NT_GNU_BUILD_ID, id, 4);
    memset(blk + len, 0xff, 8);
    assert_int_equal(find_quire(blk, len + 8, 4, &off, &dsz), 0);
}

static void wanted_note_with_wrong_desc_size_is_reported_with_its_size(void **state)
{
    static const uint8_t d[4] = { 0x40, 0, 0x10, 0 };
    uint8_t blk[64];
    size_t off = 0;
    uint32_t dsz = 0;
    (void)state;

    /* The loader refuses a 4-byte desc; the search just reports it. */
    size_t len = put_note(blk, 4, 6, "Quire", QUIRE_NOTE_ENTRY64, d, 4);
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), 1);
    assert_int_equal(off, 20);
    assert_int_equal(dsz, 4);
    len = put_note(blk, 4, 6, "Quire", QUIRE_NOTE_ENTRY64, d, 0);
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), 1);
    assert_int_equal(dsz, 0);
}

static void desc_past_end_of_block_is_malformed(void **state)
{
    uint8_t blk[64];
    size_t off;
    uint32_t dsz;
    (void)state;

    size_t len = put_quire_note(blk, 4, 0x100040);
    assert_int_equal(find_quire(blk, len - 1, 4, &off, &dsz), -1);
    wr32(blk + 4, 9); /* descsz one more than there is */
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), -1);
}

static void name_past_end_of_block_is_malformed(void **state)
{
    uint8_t blk[64];
    size_t off;
    uint32_t dsz;
    (void)state;

    size_t len = put_quire_note(blk, 4, 0x100040);
    wr32(blk + 4, 0); /* descsz 0 */
    assert_int_equal(find_quire(blk, 20, 4, &off, &dsz), 1);
    assert_int_equal(find_quire(blk, 17, 4, &off, &dsz), -1); /* name cut */
    wr32(blk, 17);    /* namesz past the 28-byte block */
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), -1);
}

static void huge_name_or_desc_size_is_malformed(void **state)
{
    uint8_t blk[64];
    size_t off;
    uint32_t dsz;
    (void)state;

    size_t len = put_quire_note(blk, 4, 0x100040);
    wr32(blk, 0xffffffff);
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), -1);
    assert_int_equal(find_quire(blk, len, 8, &off, &dsz), -1);
    put_quire_note(blk, 4, 0x100040);
    wr32(blk + 4, 0xffffffff);
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), -1);
    wr32(blk + 4, 0xfffffffd); /* desc end would round up to past 2^32 */
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), -1);
}

static void malformed_note_before_the_wanted_one_is_reported(void **state)
{
    static const uint8_t id[8] = { 0 };
    uint8_t blk[64];
    size_t len = 0, off;
    uint32_t dsz;
    (void)state;

    len += put_note(blk, 4, 4, "GNU", NT_GNU_BUILD_ID, id, 8);
    len += put_quire_note(blk + len, 4, 0x100040);
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), 1);
    wr32(blk + 4, 0x1000); /* the first note's desc runs off the block */
    assert_int_equal(find_quire(blk, len, 4, &off, &dsz), -1);
}

static void malformed_note_after_the_wanted_one_is_not_reached(void **state)
{
    uint8_t blk[64];
    size_t len, off = 0;
    uint32_t dsz;
    (void)state;

    len = put_quire_note(blk, 4, 0x100040);
    wr32(blk + len, 0xffffffff);
    wr32(blk + len + 4, 0xffffffff);
    wr32(blk + len + 8, 0);
    assert_int_equal(find_quire(blk, len + 12, 4, &off, &dsz), 1);
    assert_int_equal(off, 20);
}

static void kernel_note_bytes_as_the_assembler_emits_them_are_found(void **state)
{
    /* boot.S: .long 6, 8, QUIRE_NOTE_ENTRY64; .asciz "Quire"; .balign 4;
     * .quad entry64 -- written out byte by byte. */
    static const uint8_t blk[28] = {
        6, 0, 0, 0, 8, 0, 0, 0, QUIRE_NOTE_ENTRY64, 0, 0, 0,
        'Q', 'u', 'i', 'r', 'e', 0, 0, 0,
        0x40, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
    };
    size_t off = 0;
    uint32_t dsz = 0;
    (void)state;

    assert_int_equal(find_quire(blk, sizeof blk, 4, &off, &dsz), 1);
    assert_int_equal(dsz, 8);
    assert_int_equal(elf64_get64(blk + off), 0x100040);
}

static void get64_reads_little_endian_at_any_alignment(void **state)
{
    static const uint8_t b[12] = { 0xff, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02,
                                   0x01, 0xee, 0x80, 0x00 };
    (void)state;

    assert_int_equal(elf64_get64(b + 1), 0x0102030405060708ULL);
    assert_int_equal(elf64_get64(b + 3), 0x80ee010203040506ULL);
    assert_int_equal(elf64_get64(b), 0x02030405060708ffULL);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        /* the good kernel image */
        T(kernel_image_passes_header_and_segment_checks),
        T(kernel_image_note_segment_gives_the_physical_entry),
        T(kernel_image_load_ranges_are_page_rounded_and_merged),
        T(kernel_image_entry_note_is_also_in_an_sht_note_section),
        T(section_note_is_found_when_no_segment_holds_it),
        T(section_note_uses_the_section_alignment),
        T(image_without_the_note_has_no_entry),
        T(note_holding_the_virtual_entry_is_not_in_a_load),
        /* the ELF header */
        T(file_shorter_than_a_header_is_refused),
        T(bad_magic_is_refused),
        T(elf32_and_unknown_class_are_refused),
        T(big_endian_and_unknown_data_encoding_are_refused),
        T(unknown_ident_version_is_refused),
        T(unknown_header_version_is_refused),
        T(other_machines_are_refused),
        T(non_executable_types_are_refused),
        T(program_header_size_other_than_56_is_refused),
        T(zero_program_headers_is_refused),
        T(extended_program_header_count_is_refused),
        T(program_headers_ending_at_end_of_file_are_accepted),
        T(program_headers_one_byte_past_end_of_file_are_refused),
        T(program_header_offset_past_end_of_file_is_refused),
        T(program_header_offset_plus_size_wrapping_is_refused),
        T(largest_program_header_table_size_does_not_truncate),
        /* the program headers */
        T(load_segment_ending_at_end_of_file_is_accepted),
        T(load_segment_bytes_past_end_of_file_are_refused),
        T(load_segment_offset_past_end_of_file_is_refused),
        T(load_segment_offset_plus_filesz_wrapping_is_refused),
        T(note_segment_past_end_of_file_is_refused),
        T(note_segment_is_not_held_to_memory_rules),
        T(other_segment_types_are_not_checked),
        T(filesz_larger_than_memsz_is_refused),
        T(filesz_with_zero_memsz_is_refused),
        T(segment_wrapping_the_address_space_is_refused),
        T(segment_ending_a_page_below_the_top_is_accepted),
        T(segment_ending_one_byte_higher_is_refused),
        T(overlapping_segments_are_refused),
        T(overlap_with_an_earlier_higher_segment_is_refused),
        T(segment_inside_another_is_refused),
        T(identical_segments_are_refused),
        T(overlap_in_bss_only_is_refused),
        T(touching_segments_are_accepted),
        T(segments_sharing_a_page_are_accepted),
        T(overlap_in_virtual_addresses_only_is_accepted),
        T(empty_load_segment_is_no_overlap),
        T(image_without_load_segments_is_refused),
        T(only_empty_load_segments_is_refused),
        T(empty_program_header_table_is_refused),
        T(headers_after_the_count_are_not_read),
        /* the entry */
        T(entry_at_first_and_last_file_byte_is_in_a_load),
        T(entry_in_bss_is_not_in_a_load),
        T(entry_before_between_or_after_segments_is_not_in_a_load),
        T(entry_in_a_note_or_other_segment_is_not_in_a_load),
        T(entry_is_only_looked_for_in_the_first_n_headers),
        /* the page ranges */
        T(unsorted_segments_give_sorted_ranges),
        T(unaligned_segment_is_rounded_out_to_whole_pages),
        T(range_inside_another_keeps_the_larger_end),
        T(segments_a_page_apart_stay_separate),
        T(empty_and_non_load_segments_give_no_range),
        T(as_many_ranges_as_cap_fit),
        T(one_range_more_than_cap_is_refused),
        T(segments_merging_into_cap_ranges_fit),
        /* the note search */
        T(note_in_four_byte_aligned_block_is_found),
        T(note_in_eight_byte_aligned_block_is_found),
        T(alignments_other_than_eight_mean_four),
        T(four_byte_padded_note_read_as_eight_byte_aligned_is_malformed),
        T(note_after_other_notes_is_found),
        T(note_after_other_notes_in_eight_byte_block_is_found),
        T(first_matching_note_wins),
        T(note_name_must_match_exactly),
        T(note_of_another_type_is_not_found),
        T(name_and_type_must_be_in_the_same_note),
        T(empty_or_short_block_has_no_note),
        T(trailing_bytes_shorter_than_a_note_header_are_ignored),
        T(wanted_note_with_wrong_desc_size_is_reported_with_its_size),
        T(desc_past_end_of_block_is_malformed),
        T(name_past_end_of_block_is_malformed),
        T(huge_name_or_desc_size_is_malformed),
        T(malformed_note_before_the_wanted_one_is_reported),
        T(malformed_note_after_the_wanted_one_is_not_reached),
        T(kernel_note_bytes_as_the_assembler_emits_them_are_found),
        T(get64_reads_little_endian_at_any_alignment),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
