/*
 * Host tests for lib/libelf's kernel-image side, as the GNU-EFI loader
 * uses it (elf_kimage.c, elf_note.c): the entry in a loaded segment, the
 * page ranges and the note search.
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

/* ---- the entry must be in a loaded segment's file bytes ----------------- */

static void entry_at_first_and_last_file_byte_is_in_a_load(void **state)
{
    (void)state;
    assert_true(elf_entry_in_load(ph(0), NPH, 0x100000));
    assert_true(elf_entry_in_load(ph(0), NPH, 0x1007ff));
    assert_true(elf_entry_in_load(ph(0), NPH, 0x102000));
    assert_true(elf_entry_in_load(ph(0), NPH, 0x102fff));
}

/* As for executables (test_elf.c): code runs only from PF_X segments. */
static void entry_in_a_non_executable_load_is_not_an_entry(void **state)
{
    (void)state;
    assert_false(elf_entry_in_load(ph(0), NPH, 0x103000));   /* data, RW- */
    assert_false(elf_entry_in_load(ph(0), NPH, 0x1031ff));
    ph(PH_TEXT)->p_flags = 4;                                 /* text made R-- */
    assert_false(elf_entry_in_load(ph(0), NPH, 0x102000));
}

static void entry_in_bss_is_not_in_a_load(void **state)
{
    (void)state;
    assert_false(elf_entry_in_load(ph(0), NPH, 0x103200));
    assert_false(elf_entry_in_load(ph(0), NPH, 0x107fff));
}

static void entry_before_between_or_after_segments_is_not_in_a_load(void **state)
{
    (void)state;
    assert_false(elf_entry_in_load(ph(0), NPH, 0));
    assert_false(elf_entry_in_load(ph(0), NPH, 0xfffff));
    assert_false(elf_entry_in_load(ph(0), NPH, 0x100800)); /* boot's end */
    assert_false(elf_entry_in_load(ph(0), NPH, 0x101fff));
    assert_false(elf_entry_in_load(ph(0), NPH, 0x108000));
    assert_false(elf_entry_in_load(ph(0), NPH, UINT64_MAX));
}

static void entry_in_a_note_or_other_segment_is_not_in_a_load(void **state)
{
    (void)state;
    ph(PH_NOTE)->p_paddr = 0x200000;
    ph(PH_STACK)->p_paddr = 0x300000;
    ph(PH_STACK)->p_filesz = ph(PH_STACK)->p_memsz = 0x1000;
    assert_false(elf_entry_in_load(ph(0), NPH, 0x200000));
    assert_false(elf_entry_in_load(ph(0), NPH, 0x300000));
}

static void entry_is_only_looked_for_in_the_first_n_headers(void **state)
{
    (void)state;
    assert_true(elf_entry_in_load(ph(0), NPH, 0x102000));
    assert_false(elf_entry_in_load(ph(0), PH_TEXT, 0x102000));
    assert_false(elf_entry_in_load(ph(0), 0, 0x100000));
}

/* ---- the page ranges to allocate ---------------------------------------- */

static void unsorted_segments_give_sorted_ranges(void **state)
{
    struct elf64_phdr p[3] = {
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x500000, .p_memsz = 0x1000 },
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x100000, .p_memsz = 0x1000 },
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x300000, .p_memsz = 0x1000 },
    };
    struct elf_range r[3];
    (void)state;

    assert_null(elf_check_kernel_phdrs(p, 3, 0));
    assert_int_equal(elf_load_ranges(p, 3, r, 3), 3);
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
    struct elf_range r;
    (void)state;

    assert_int_equal(elf_load_ranges(&p, 1, &r, 1), 1);
    assert_int_equal(r.start, 0x100000);
    assert_int_equal(r.end, 0x102000); /* 8 bytes across a page boundary */
}

static void range_inside_another_keeps_the_larger_end(void **state)
{
    struct elf64_phdr p[2] = {
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x100000, .p_memsz = 0x10000 },
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x101000, .p_memsz = 0x1000 },
    };
    struct elf_range r[2];
    (void)state;

    /* Not a valid pair for elf_check_kernel_phdrs (they overlap), but the
     * merge must still not shrink the range. */
    assert_int_equal(elf_load_ranges(p, 2, r, 2), 1);
    assert_int_equal(r[0].start, 0x100000);
    assert_int_equal(r[0].end, 0x110000);
}

static void segments_a_page_apart_stay_separate(void **state)
{
    struct elf64_phdr p[2] = {
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x100000, .p_memsz = 0x1000 },
        { .p_type = ELF_PT_LOAD, .p_paddr = 0x102000, .p_memsz = 0x1 },
    };
    struct elf_range r[2];
    (void)state;

    assert_int_equal(elf_load_ranges(p, 2, r, 2), 2);
    assert_int_equal(r[0].end, 0x101000);
    assert_int_equal(r[1].start, 0x102000);
    assert_int_equal(r[1].end, 0x103000);
}

static void empty_and_non_load_segments_give_no_range(void **state)
{
    struct elf_range r[4];
    (void)state;

    ph(PH_NOTE)->p_memsz = 0x1000;
    ph(PH_NOTE)->p_paddr = 0x900000;
    ph(PH_STACK)->p_memsz = 0x1000;
    ph(PH_STACK)->p_paddr = 0xa00000;
    ph(PH_BOOT)->p_memsz = ph(PH_BOOT)->p_filesz = 0;
    assert_int_equal(elf_load_ranges(ph(0), NPH, r, 4), 1);
    assert_int_equal(r[0].start, 0x102000);
    assert_int_equal(r[0].end, 0x108000);
    assert_int_equal(elf_load_ranges(ph(0), 0, r, 4), 0);
}

static void as_many_ranges_as_cap_fit(void **state)
{
    struct elf64_phdr p[16];
    struct elf_range r[16];
    (void)state;

    for (unsigned i = 0; i < 16; i++)
        p[i] = (struct elf64_phdr){ .p_type = ELF_PT_LOAD,
            .p_paddr = 0x100000 + i * 0x2000ULL, .p_memsz = 0x1000 };
    assert_int_equal(elf_load_ranges(p, 16, r, 16), 16);
    assert_int_equal(r[15].start, 0x11e000);
    assert_int_equal(r[15].end, 0x11f000);
}

static void one_range_more_than_cap_is_refused(void **state)
{
    struct elf64_phdr p[17];
    struct elf_range r[17];
    (void)state;

    for (unsigned i = 0; i < 17; i++)
        p[i] = (struct elf64_phdr){ .p_type = ELF_PT_LOAD,
            .p_paddr = 0x100000 + i * 0x2000ULL, .p_memsz = 0x1000 };
    memset(&r[16], 0x5a, sizeof r[16]);
    assert_int_equal(elf_load_ranges(p, 17, r, 16), -1);
    assert_int_equal(r[16].start, 0x5a5a5a5a5a5a5a5aULL); /* nothing past cap */
    assert_int_equal(elf_load_ranges(p, 1, r, 0), -1);
}

static void segments_merging_into_cap_ranges_fit(void **state)
{
    struct elf64_phdr p[17];
    struct elf_range r[16];
    (void)state;

    /* 17 small segments, all in one page (as a linker may place .boot,
     * .text, .rodata, ... pieces): the doc in libelf.h says -1 only when
     * there are more than cap *ranges*, and these make one range. */
    for (unsigned i = 0; i < 17; i++)
        p[i] = (struct elf64_phdr){ .p_type = ELF_PT_LOAD,
            .p_paddr = 0x100000 + i * 0x10ULL, .p_memsz = 0x10 };
    assert_null(elf_check_kernel_phdrs(p, 17, 0));
    assert_int_equal(elf_load_ranges(p, 17, r, 16), 1);
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
    assert_int_equal(elf_get64(blk + off), 0x1122334455667788ULL);
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
    assert_int_equal(elf_get64(blk + off), 0x100040);
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
    assert_int_equal(elf_get64(blk + off), 0x100040);
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
    assert_int_equal(elf_get64(blk + off), 0x111000);
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
    assert_int_equal(elf_get64(blk + off), 0x100040);
}

static void get64_reads_little_endian_at_any_alignment(void **state)
{
    static const uint8_t b[12] = { 0xff, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02,
                                   0x01, 0xee, 0x80, 0x00 };
    (void)state;

    assert_int_equal(elf_get64(b + 1), 0x0102030405060708ULL);
    assert_int_equal(elf_get64(b + 3), 0x80ee010203040506ULL);
    assert_int_equal(elf_get64(b), 0x02030405060708ffULL);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        /* the entry */
        T(entry_at_first_and_last_file_byte_is_in_a_load),
        T(entry_in_a_non_executable_load_is_not_an_entry),
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
