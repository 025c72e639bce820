/*
 * Host tests for lib/libelf's checks as the GNU-EFI loader uses them
 * (elf_hdr.c, elf_kimage.c): the good kernel image, the ELF header and
 * the program headers.
 * Image-building helpers are in efi_elf_build.c.
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

    assert_int_equal(elf_find_note(img + n->p_offset, n->p_filesz, n->p_align,
                                     QUIRE_NOTE_NAME, QUIRE_NOTE_ENTRY64, &desc, &dsz),
                     1);
    assert_ptr_equal(desc, img + NOTE_OFF + 20); /* 12 + "Quire\0" padded to 8 */
    assert_int_equal(dsz, 8);
    assert_int_equal(elf_get64(desc), ENTRY64);

    assert_int_equal(entry_from_note_segments(&entry), 1);
    assert_int_equal(entry, ENTRY64);
    assert_true(elf_entry_in_load(ph(0), NPH, entry));
}

static void kernel_image_load_ranges_are_page_rounded_and_merged(void **state)
{
    struct elf_range r[4];
    (void)state;

    memset(r, 0xa5, sizeof r);
    /* boot alone; text and data touch at 0x103000 and become one range
     * up to the end of data's bss (0x103000 + 0x5000). */
    assert_int_equal(elf_load_ranges(ph(0), NPH, r, 4), 2);
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
    assert_int_equal(elf_get64(img + 0x1020 + 24), ENTRY64 + 0x10);
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
    assert_false(elf_entry_in_load(ph(0), NPH, entry));
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
    struct elf_range r[4];
    (void)state;

    /* Ends at 2^64 - 1 - 4096: page-rounding its end cannot wrap. */
    ph(PH_DATA)->p_paddr = UINT64_MAX - PG - 0x5000;
    assert_null(check_phdrs());
    assert_int_equal(elf_load_ranges(ph(0), NPH, r, 4), 3);
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
    struct elf_range r[4];
    (void)state;

    ph(PH_DATA)->p_paddr = 0x102000 + 0x1000 - 0x10;
    ph(PH_TEXT)->p_memsz = ph(PH_TEXT)->p_filesz = 0x1000 - 0x10;
    assert_null(check_phdrs());
    assert_int_equal(elf_load_ranges(ph(0), NPH, r, 4), 2);
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
    assert_string_equal(elf_check_kernel_phdrs(ph(0), 0, img_len), "no loadable segments");
}

static void headers_after_the_count_are_not_read(void **state)
{
    (void)state;
    /* Only the first n: a bad header beyond them is not looked at. */
    ph(PH_STACK)->p_type = ELF_PT_LOAD;
    ph(PH_STACK)->p_offset = UINT64_MAX;
    assert_string_equal(check_phdrs(), "a segment's bytes lie outside the file");
    assert_null(elf_check_kernel_phdrs(ph(0), NPH - 1, img_len));
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
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
