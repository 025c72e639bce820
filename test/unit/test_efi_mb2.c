/*
 * Host tests for the GNU-EFI loader's multiboot2 builder
 * (boot/efi/mb2build.c): tag layout, memory map conversion, RSDP tags.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mb2build.h"

#define MiB (1024ULL * 1024)
#define PG  4096ULL

static _Alignas(8) uint8_t buf[16384];

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* Find the n-th tag of a type in a finished structure, or NULL. */
static const uint8_t *find_tag(const uint8_t *info, uint32_t type, int n)
{
    uint32_t total = rd32(info), off = 8;
    while (off + 8 <= total) {
        uint32_t t = rd32(info + off), sz = rd32(info + off + 4);
        if (t == type && n-- == 0)
            return info + off;
        if (t == MB2_TAG_END)
            break;
        off += (sz + 7) & ~7u;
    }
    return NULL;
}

static struct fw_mem_desc D(uint32_t type, uint64_t start, uint64_t pages)
{
    struct fw_mem_desc d = { type, 0, start, 0, pages, 0xf };
    return d;
}

/* ---- layout ------------------------------------------------------------- */

static void test_empty_info_is_fixed_part_plus_end_tag(void **state)
{
    struct mb2_builder b;
    (void)state;
    memset(buf, 0xcc, sizeof buf);
    mb2_begin(&b, buf, sizeof buf);
    assert_int_equal(mb2_finish(&b), 16);
    assert_int_equal(rd32(buf), 16);    /* total_size */
    assert_int_equal(rd32(buf + 4), 0); /* reserved */
    assert_int_equal(rd32(buf + 8), MB2_TAG_END);
    assert_int_equal(rd32(buf + 12), 8);
}

static void test_tags_are_8_byte_aligned_and_sizes_add_up_to_total_size(void **state)
{
    struct mb2_builder b;
    uint32_t total, off = 8, ntags = 0, last_type = 99;
    (void)state;
    memset(buf, 0xcc, sizeof buf);
    mb2_begin(&b, buf, sizeof buf);
    assert_int_equal(mb2_add_string(&b, MB2_TAG_CMDLINE, "console=com1"), MB2_OK);
    assert_int_equal(mb2_add_string(&b, MB2_TAG_LOADER_NAME, "Quire GNU-EFI loader"), MB2_OK);
    assert_int_equal(mb2_add_module(&b, 0x200000, 0x200005, "vm"), MB2_OK);
    assert_int_equal(mb2_add_module(&b, 0x300000, 0x300000, "runner -v"), MB2_OK);
    assert_int_equal(mb2_add_meminfo(&b, 639, 1000), MB2_OK);
    assert_int_equal(mb2_add_efi64(&b, 0x7f000000), MB2_OK);
    total = mb2_finish(&b);
    assert_int_equal(total, rd32(buf));

    while (off < total) {
        uint32_t sz = rd32(buf + off + 4), i;
        assert_int_equal(off % 8, 0);
        assert_true(sz >= 8);
        /* padding up to the next tag is zero, not stale bytes */
        for (i = sz; i < ((sz + 7) & ~7u); i++)
            assert_int_equal(buf[off + i], 0);
        last_type = rd32(buf + off);
        off += (sz + 7) & ~7u;
        ntags++;
    }
    assert_int_equal(off, total);
    assert_int_equal(ntags, 7);
    assert_int_equal(last_type, MB2_TAG_END);
    /* 8 fixed + cmdline 8+13->24 + name 8+21->32 + vm 16+3->24
     * + runner 16+10->32 + meminfo 16 + efi64 16 + end 8 */
    assert_int_equal(total, 8 + 24 + 32 + 24 + 32 + 16 + 16 + 8);
}

static void test_string_tags_hold_nul_terminated_text(void **state)
{
    struct mb2_builder b;
    const uint8_t *t;
    (void)state;
    mb2_begin(&b, buf, sizeof buf);
    mb2_add_string(&b, MB2_TAG_CMDLINE, "");
    mb2_add_string(&b, MB2_TAG_LOADER_NAME, "Quire GNU-EFI loader");
    mb2_finish(&b);
    t = find_tag(buf, MB2_TAG_CMDLINE, 0);
    assert_non_null(t);
    assert_int_equal(rd32(t + 4), 9);
    assert_int_equal(t[8], 0);
    t = find_tag(buf, MB2_TAG_LOADER_NAME, 0);
    assert_non_null(t);
    assert_int_equal(rd32(t + 4), 8 + 21);
    assert_string_equal((const char *)t + 8, "Quire GNU-EFI loader");
}

static void test_module_tags_hold_range_and_string(void **state)
{
    struct mb2_builder b;
    const uint8_t *t;
    (void)state;
    mb2_begin(&b, buf, sizeof buf);
    mb2_add_module(&b, 0x1000, 0x1234, "vm");
    mb2_add_module(&b, 0x5000, 0x9000, "runner -v /test");
    mb2_finish(&b);
    t = find_tag(buf, MB2_TAG_MODULE, 0);
    assert_non_null(t);
    assert_int_equal(rd32(t + 4), 16 + 3);
    assert_int_equal(rd32(t + 8), 0x1000);
    assert_int_equal(rd32(t + 12), 0x1234);
    assert_string_equal((const char *)t + 16, "vm");
    t = find_tag(buf, MB2_TAG_MODULE, 1);
    assert_non_null(t);
    assert_int_equal(rd32(t + 8), 0x5000);
    assert_int_equal(rd32(t + 12), 0x9000);
    assert_string_equal((const char *)t + 16, "runner -v /test");
    assert_null(find_tag(buf, MB2_TAG_MODULE, 2));
}

static void test_measuring_builder_predicts_real_size(void **state)
{
    struct mb2_builder m, b;
    (void)state;
    mb2_begin(&m, NULL, 0);
    assert_int_equal(mb2_add_string(&m, MB2_TAG_CMDLINE, "abc"), MB2_NOSPACE);
    mb2_add_module(&m, 1, 2, "name");
    mb2_add_meminfo(&m, 1, 2);
    mb2_begin(&b, buf, sizeof buf);
    mb2_add_string(&b, MB2_TAG_CMDLINE, "abc");
    mb2_add_module(&b, 1, 2, "name");
    mb2_add_meminfo(&b, 1, 2);
    assert_int_equal(m.len, b.len);
    assert_int_equal(mb2_finish(&b), m.len + 8);
}

static void test_overflow_is_reported_and_finish_fails(void **state)
{
    struct mb2_builder b;
    (void)state;
    memset(buf, 0xcc, sizeof buf);
    mb2_begin(&b, buf, 32);
    assert_int_equal(mb2_add_string(&b, MB2_TAG_CMDLINE, "0123456789"), MB2_OK);
    assert_int_equal(b.len, 32); /* exactly full */
    assert_int_equal(mb2_add_meminfo(&b, 1, 2), MB2_NOSPACE);
    assert_int_equal(buf[32], 0xcc); /* nothing written past cap */
    assert_int_equal(mb2_finish(&b), 0);
}

static void test_framebuffer_tag_layout_matches_grub(void **state)
{
    struct mb2_builder b;
    struct mb2_framebuffer fb = { 0 };
    const uint8_t *t;
    (void)state;
    fb.addr = 0x80000000;
    fb.width = 1280;
    fb.height = 800;
    mb2_fb_set_masks(&fb, 0xff0000, 0x00ff00, 0x0000ff, 0xff000000); /* BGRX */
    fb.pitch = 1280 * 4;
    mb2_begin(&b, buf, sizeof buf);
    assert_int_equal(mb2_add_framebuffer(&b, &fb), MB2_OK);
    mb2_finish(&b);
    t = find_tag(buf, MB2_TAG_FRAMEBUFFER, 0);
    assert_non_null(t);
    assert_int_equal(rd32(t + 4), 38);
    assert_int_equal(rd64(t + 8), 0x80000000);
    assert_int_equal(rd32(t + 16), 5120);
    assert_int_equal(rd32(t + 20), 1280);
    assert_int_equal(rd32(t + 24), 800);
    assert_int_equal(t[28], 32);
    assert_int_equal(t[29], MB2_FB_TYPE_RGB);
    assert_int_equal(t[30] | t[31], 0);
    assert_int_equal(t[32], 16); /* red position */
    assert_int_equal(t[33], 8);
    assert_int_equal(t[34], 8); /* green */
    assert_int_equal(t[35], 8);
    assert_int_equal(t[36], 0); /* blue */
    assert_int_equal(t[37], 8);
}

static void test_framebuffer_masks_for_rgb565(void **state)
{
    struct mb2_framebuffer fb;
    (void)state;
    mb2_fb_set_masks(&fb, 0xf800, 0x07e0, 0x001f, 0);
    assert_int_equal(fb.bpp, 16);
    assert_int_equal(fb.red_pos, 11);
    assert_int_equal(fb.red_size, 5);
    assert_int_equal(fb.green_pos, 5);
    assert_int_equal(fb.green_size, 6);
    assert_int_equal(fb.blue_pos, 0);
    assert_int_equal(fb.blue_size, 5);
}

/* ---- ACPI RSDP ------------------------------------------------------------ */

static void fix_checksums(uint8_t *r, size_t len)
{
    uint8_t s = 0;
    size_t i;
    r[8] = 0;
    for (i = 0; i < 20; i++)
        s = (uint8_t)(s + r[i]);
    r[8] = (uint8_t)-s;
    if (len > 20) {
        r[32] = 0;
        s = 0;
        for (i = 0; i < len; i++)
            s = (uint8_t)(s + r[i]);
        r[32] = (uint8_t)-s;
    }
}

static void make_rsdp(uint8_t *r, int revision)
{
    memset(r, 0, 36);
    memcpy(r, "RSD PTR ", 8);
    memcpy(r + 9, "QUIRE ", 6);
    r[15] = (uint8_t)revision;
    r[16] = 0x78; /* RsdtAddress 0x12345678 */
    r[17] = 0x56;
    r[18] = 0x34;
    r[19] = 0x12;
    if (revision >= 2) {
        r[20] = 36; /* Length */
        r[24] = 0xef; /* XsdtAddress */
        r[25] = 0xbe;
    }
    fix_checksums(r, revision >= 2 ? 36 : 20);
}

static void test_rsdp_v1_gives_old_tag_with_20_bytes(void **state)
{
    uint8_t r[36];
    struct mb2_builder b;
    const uint8_t *t;
    (void)state;
    make_rsdp(r, 0);
    assert_int_equal(mb2_rsdp_revision(r), 0);
    assert_int_equal(mb2_rsdp_v2_len(r), 0);
    mb2_begin(&b, buf, sizeof buf);
    assert_int_equal(mb2_add_acpi_old(&b, r), MB2_OK);
    assert_int_equal(mb2_add_acpi_new(&b, r), MB2_BADARG);
    mb2_finish(&b);
    t = find_tag(buf, MB2_TAG_ACPI_OLD, 0);
    assert_non_null(t);
    assert_int_equal(rd32(t + 4), 28);
    assert_memory_equal(t + 8, r, 20);
    assert_null(find_tag(buf, MB2_TAG_ACPI_NEW, 0));
}

static void test_rsdp_v2_gives_new_tag_with_whole_rsdp(void **state)
{
    uint8_t r[36];
    struct mb2_builder b;
    const uint8_t *t;
    (void)state;
    make_rsdp(r, 2);
    assert_int_equal(mb2_rsdp_revision(r), 2);
    assert_int_equal(mb2_rsdp_v2_len(r), 36);
    mb2_begin(&b, buf, sizeof buf);
    assert_int_equal(mb2_add_acpi_old(&b, r), MB2_OK);
    assert_int_equal(mb2_add_acpi_new(&b, r), MB2_OK);
    mb2_finish(&b);
    t = find_tag(buf, MB2_TAG_ACPI_NEW, 0);
    assert_non_null(t);
    assert_int_equal(rd32(t + 4), 8 + 36);
    assert_memory_equal(t + 8, r, 36);
    t = find_tag(buf, MB2_TAG_ACPI_OLD, 0);
    assert_non_null(t);
    assert_int_equal(rd32(t + 4), 28);
    assert_memory_equal(t + 8, r, 20);
}

static void test_rsdp_with_bad_checksum_or_signature_is_refused(void **state)
{
    uint8_t r[36];
    struct mb2_builder b;
    (void)state;
    mb2_begin(&b, buf, sizeof buf);
    make_rsdp(r, 0);
    r[8]++;
    assert_int_equal(mb2_rsdp_revision(r), -1);
    assert_int_equal(mb2_add_acpi_old(&b, r), MB2_BADARG);
    make_rsdp(r, 0);
    r[0] = 'X';
    fix_checksums(r, 20);
    assert_int_equal(mb2_add_acpi_old(&b, r), MB2_BADARG);
    /* a v2 RSDP with a bad extended checksum keeps its good v1 part */
    make_rsdp(r, 2);
    r[32]++;
    assert_int_equal(mb2_rsdp_revision(r), 2);
    assert_int_equal(mb2_rsdp_v2_len(r), 0);
    assert_int_equal(mb2_add_acpi_new(&b, r), MB2_BADARG);
    assert_int_equal(mb2_add_acpi_old(&b, r), MB2_OK);
    assert_int_equal(b.len, 8 + 32);
}

/* ---- memory map ---------------------------------------------------------- */

static void test_firmware_types_map_to_multiboot2_types(void **state)
{
    (void)state;
    assert_int_equal(mb2_mem_type(FW_MEM_CONVENTIONAL, 0xf), MB2_MEM_AVAILABLE);
    assert_int_equal(mb2_mem_type(FW_MEM_LOADER_CODE, 0xf), MB2_MEM_AVAILABLE);
    assert_int_equal(mb2_mem_type(FW_MEM_LOADER_DATA, 0xf), MB2_MEM_AVAILABLE);
    assert_int_equal(mb2_mem_type(FW_MEM_BS_CODE, 0xf), MB2_MEM_AVAILABLE);
    assert_int_equal(mb2_mem_type(FW_MEM_BS_DATA, 0xf), MB2_MEM_AVAILABLE);
    assert_int_equal(mb2_mem_type(FW_MEM_ACPI_RECLAIM, 0xf), MB2_MEM_ACPI);
    assert_int_equal(mb2_mem_type(FW_MEM_ACPI_NVS, 0xf), MB2_MEM_NVS);
    assert_int_equal(mb2_mem_type(FW_MEM_UNUSABLE, 0xf), MB2_MEM_BAD);
    assert_int_equal(mb2_mem_type(FW_MEM_RESERVED, 0xf), MB2_MEM_RESERVED);
    assert_int_equal(mb2_mem_type(FW_MEM_RT_CODE, 0xf), MB2_MEM_RESERVED);
    assert_int_equal(mb2_mem_type(FW_MEM_RT_DATA, 0xf), MB2_MEM_RESERVED);
    assert_int_equal(mb2_mem_type(FW_MEM_MMIO, 0), MB2_MEM_RESERVED);
    assert_int_equal(mb2_mem_type(FW_MEM_MMIO_PORT, 0), MB2_MEM_RESERVED);
    assert_int_equal(mb2_mem_type(FW_MEM_PAL_CODE, 0), MB2_MEM_RESERVED);
    assert_int_equal(mb2_mem_type(FW_MEM_PERSISTENT, 0xf), MB2_MEM_RESERVED);
    assert_int_equal(mb2_mem_type(0x80000001u, 0xf), MB2_MEM_RESERVED);
    assert_int_equal(mb2_mem_type(FW_MEM_CONVENTIONAL, 0xf | FW_MEM_ATTR_SP),
                     MB2_MEM_RESERVED);
}

static void test_adjacent_entries_of_one_type_merge(void **state)
{
    struct fw_mem_desc map[] = {
        D(FW_MEM_CONVENTIONAL, 0, 0x9f),          /* 0 - 0x9f000 */
        D(FW_MEM_BS_DATA, 0x9f000, 1),            /* touches: merges */
        D(FW_MEM_RESERVED, 0xa0000, 0x60),        /* 0xa0000 - 0x100000 */
        D(FW_MEM_MMIO, 0x100000, 0),              /* empty: dropped */
        D(FW_MEM_LOADER_CODE, 0x100000, 0x100),   /* 1 MiB - 2 MiB */
        D(FW_MEM_CONVENTIONAL, 0x300000, 0x100),  /* gap before: no merge */
        D(FW_MEM_ACPI_RECLAIM, 0x400000, 0x10),
        D(FW_MEM_ACPI_NVS, 0x410000, 0x10),       /* other type: no merge */
    };
    struct mb2_mmap_entry out[16];
    size_t nres = 0;
    long n;
    (void)state;
    n = mb2_convert_mmap(map, sizeof map, sizeof map[0], NULL, &nres, out, 16);
    assert_int_equal(n, 6);
    assert_int_equal(out[0].base, 0);
    assert_int_equal(out[0].length, 0xa0000);
    assert_int_equal(out[0].type, MB2_MEM_AVAILABLE);
    assert_int_equal(out[1].base, 0xa0000);
    assert_int_equal(out[1].length, 0x60000);
    assert_int_equal(out[1].type, MB2_MEM_RESERVED);
    assert_int_equal(out[2].base, 0x100000);
    assert_int_equal(out[2].length, MiB);
    assert_int_equal(out[2].type, MB2_MEM_AVAILABLE);
    assert_int_equal(out[3].base, 0x300000);
    assert_int_equal(out[3].type, MB2_MEM_AVAILABLE);
    assert_int_equal(out[4].type, MB2_MEM_ACPI);
    assert_int_equal(out[5].base, 0x410000);
    assert_int_equal(out[5].length, 0x10000);
    assert_int_equal(out[5].type, MB2_MEM_NVS);
    assert_int_equal(out[5].zero, 0);
}

static void test_unsorted_map_comes_out_sorted(void **state)
{
    struct fw_mem_desc map[] = {
        D(FW_MEM_CONVENTIONAL, 0x200000, 0x100),
        D(FW_MEM_RESERVED, 0xfee00000, 1),
        D(FW_MEM_CONVENTIONAL, 0x100000, 0x100),
    };
    struct mb2_mmap_entry out[8];
    size_t nres = 0;
    long n;
    (void)state;
    n = mb2_convert_mmap(map, sizeof map, sizeof map[0], NULL, &nres, out, 8);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].base, 0x100000);
    assert_int_equal(out[0].length, 2 * MiB);
    assert_int_equal(out[1].base, 0xfee00000);
    assert_int_equal(out[1].type, MB2_MEM_RESERVED);
}

static void test_loader_allocations_are_reported_reserved(void **state)
{
    struct fw_mem_desc map[] = {
        D(FW_MEM_CONVENTIONAL, 0, 0x100),         /* 0 - 1 MiB */
        D(FW_MEM_LOADER_CODE, 0x100000, 0x100),   /* the kernel: 1-2 MiB */
        D(FW_MEM_CONVENTIONAL, 0x200000, 0x600),  /* 2-8 MiB */
        D(FW_MEM_LOADER_DATA, 0x800000, 0x10),    /* module + info */
        D(FW_MEM_CONVENTIONAL, 0x810000, 0xf0),
    };
    struct mb2_range res[] = {
        { 0x808000, 0x809000 },  /* info, listed out of order */
        { 0x100000, 0x200000 },  /* kernel */
        { 0x800000, 0x804000 },  /* module A */
        { 0x804000, 0x808000 },  /* module B, touching A */
    };
    struct mb2_mmap_entry out[16];
    size_t nres = 4;
    long n;
    (void)state;
    n = mb2_convert_mmap(map, sizeof map, sizeof map[0], res, &nres, out, 16);
    assert_int_equal(nres, 2); /* touching reservations merged */
    assert_int_equal(n, 5);
    assert_int_equal(out[0].base, 0);
    assert_int_equal(out[0].length, MiB);
    assert_int_equal(out[0].type, MB2_MEM_AVAILABLE);
    assert_int_equal(out[1].base, MiB);
    assert_int_equal(out[1].length, MiB);
    assert_int_equal(out[1].type, MB2_MEM_RESERVED);
    assert_int_equal(out[2].base, 2 * MiB);
    assert_int_equal(out[2].length, 6 * MiB);
    assert_int_equal(out[2].type, MB2_MEM_AVAILABLE);
    assert_int_equal(out[3].base, 0x800000);
    assert_int_equal(out[3].length, 0x9000);
    assert_int_equal(out[3].type, MB2_MEM_RESERVED);
    /* the rest of the LoaderData descriptor is free again */
    assert_int_equal(out[4].base, 0x809000);
    assert_int_equal(out[4].length, 0x900000 - 0x809000);
    assert_int_equal(out[4].type, MB2_MEM_AVAILABLE);
}

static void test_reservation_spanning_two_descriptors_is_cut_from_both(void **state)
{
    struct fw_mem_desc map[] = {
        D(FW_MEM_LOADER_DATA, 0x100000, 0x10),
        D(FW_MEM_BS_DATA, 0x110000, 0x10),
    };
    struct mb2_range res[] = { { 0x108000, 0x118000 } };
    struct mb2_mmap_entry out[8];
    size_t nres = 1;
    long n;
    (void)state;
    n = mb2_convert_mmap(map, sizeof map, sizeof map[0], res, &nres, out, 8);
    assert_int_equal(n, 3);
    assert_int_equal(out[0].base, 0x100000);
    assert_int_equal(out[0].length, 0x8000);
    assert_int_equal(out[0].type, MB2_MEM_AVAILABLE);
    assert_int_equal(out[1].base, 0x108000);
    assert_int_equal(out[1].length, 0x10000);
    assert_int_equal(out[1].type, MB2_MEM_RESERVED);
    assert_int_equal(out[2].base, 0x118000);
    assert_int_equal(out[2].length, 0x8000);
    assert_int_equal(out[2].type, MB2_MEM_AVAILABLE);
}

static void test_reservation_over_non_available_memory_changes_nothing(void **state)
{
    struct fw_mem_desc map[] = { D(FW_MEM_ACPI_NVS, 0x100000, 0x10) };
    struct mb2_range res[] = { { 0x100000, 0x104000 } };
    struct mb2_mmap_entry out[4];
    size_t nres = 1;
    long n;
    (void)state;
    n = mb2_convert_mmap(map, sizeof map, sizeof map[0], res, &nres, out, 4);
    assert_int_equal(n, 1);
    assert_int_equal(out[0].type, MB2_MEM_NVS);
    assert_int_equal(out[0].length, 0x10000);
}

/* OVMF's DescriptorSize is 48, not sizeof(EFI_MEMORY_DESCRIPTOR) = 40. */
static void test_descriptor_stride_larger_than_struct_is_honoured(void **state)
{
    _Alignas(8) uint8_t raw[3 * 48];
    struct fw_mem_desc d[3] = {
        D(FW_MEM_CONVENTIONAL, 0, 0x10),
        D(FW_MEM_RT_DATA, 0x10000, 0x10),
        D(FW_MEM_CONVENTIONAL, 0x20000, 0x10),
    };
    struct mb2_mmap_entry out[4];
    size_t nres = 0, i;
    long n;
    (void)state;
    memset(raw, 0xee, sizeof raw);
    for (i = 0; i < 3; i++)
        memcpy(raw + i * 48, &d[i], sizeof d[i]);
    n = mb2_convert_mmap(raw, sizeof raw, 48, NULL, &nres, out, 4);
    assert_int_equal(n, 3);
    assert_int_equal(out[1].base, 0x10000);
    assert_int_equal(out[1].type, MB2_MEM_RESERVED);
    assert_int_equal(out[2].base, 0x20000);
    assert_int_equal(out[2].type, MB2_MEM_AVAILABLE);
}

static void test_conversion_fails_when_output_is_too_small(void **state)
{
    struct fw_mem_desc map[] = {
        D(FW_MEM_CONVENTIONAL, 0, 0x10),
        D(FW_MEM_RESERVED, 0x10000, 0x10),
        D(FW_MEM_CONVENTIONAL, 0x20000, 0x10),
    };
    struct mb2_mmap_entry out[2];
    size_t nres = 0;
    (void)state;
    assert_int_equal(mb2_convert_mmap(map, sizeof map, sizeof map[0], NULL, &nres, out, 2),
                     -1);
}

static void test_meminfo_counts_contiguous_ram_ignoring_reservations(void **state)
{
    struct fw_mem_desc map[] = {
        D(FW_MEM_BS_DATA, 0, 1),
        D(FW_MEM_CONVENTIONAL, 0x1000, 0x9e),    /* up to 0x9f000 */
        D(FW_MEM_RESERVED, 0x9f000, 0x61),
        D(FW_MEM_LOADER_CODE, 0x100000, 0x100),  /* the kernel still counts */
        D(FW_MEM_CONVENTIONAL, 0x200000, 0x600),
        D(FW_MEM_ACPI_NVS, 0x800000, 0x8),       /* ends the upper run */
        D(FW_MEM_CONVENTIONAL, 0x808000, 0x100),
    };
    uint32_t lo, up;
    (void)state;
    mb2_meminfo(map, sizeof map, sizeof map[0], &lo, &up);
    assert_int_equal(lo, 0x9f000 / 1024);
    assert_int_equal(up, (0x800000 - 0x100000) / 1024);
}

static void test_meminfo_lower_is_capped_at_640k(void **state)
{
    struct fw_mem_desc map[] = { D(FW_MEM_CONVENTIONAL, 0, 0x200) };
    uint32_t lo, up;
    (void)state;
    mb2_meminfo(map, sizeof map, sizeof map[0], &lo, &up);
    assert_int_equal(lo, 640);
    assert_int_equal(up, 1024);
}

static void test_memory_tags_have_grub_layout_and_survive_a_retry(void **state)
{
    struct fw_mem_desc map[] = {
        D(FW_MEM_CONVENTIONAL, 0, 0xa0),
        D(FW_MEM_LOADER_CODE, 0x100000, 0x100),
        D(FW_MEM_CONVENTIONAL, 0x200000, 0x100),
    };
    struct mb2_range res[] = { { 0x100000, 0x200000 } };
    struct mb2_builder b;
    size_t nres = 1, mark;
    const uint8_t *t;
    uint32_t total;
    (void)state;
    mb2_begin(&b, buf, sizeof buf);
    mb2_add_string(&b, MB2_TAG_CMDLINE, "x");
    mark = mb2_mark(&b);
    /* a first attempt whose ExitBootServices failed ... */
    assert_int_equal(mb2_add_memory(&b, map, sizeof map, sizeof map[0], res, &nres, 16),
                     MB2_OK);
    assert_true(mb2_finish(&b) > 0);
    /* ... and the retry, rebuilt from the mark */
    mb2_rewind(&b, mark);
    assert_int_equal(mb2_add_memory(&b, map, sizeof map, sizeof map[0], res, &nres, 16),
                     MB2_OK);
    total = mb2_finish(&b);
    /* 8 + cmdline 16 + mmap 16+3*24 + meminfo 16 + end 8 */
    assert_int_equal(total, 8 + 16 + 88 + 16 + 8);
    assert_null(find_tag(buf, MB2_TAG_MMAP, 1)); /* only one map */

    t = find_tag(buf, MB2_TAG_MMAP, 0);
    assert_non_null(t);
    assert_int_equal(rd32(t + 4), 16 + 3 * 24);
    assert_int_equal(rd32(t + 8), 24); /* entry_size */
    assert_int_equal(rd32(t + 12), 0); /* entry_version */
    assert_int_equal(rd64(t + 16), 0);
    assert_int_equal(rd64(t + 24), 0xa0000);
    assert_int_equal(rd32(t + 32), MB2_MEM_AVAILABLE);
    assert_int_equal(rd32(t + 36), 0);
    assert_int_equal(rd64(t + 40), 0x100000);
    assert_int_equal(rd64(t + 48), 0x100000);
    assert_int_equal(rd32(t + 56), MB2_MEM_RESERVED);
    assert_int_equal(rd64(t + 64), 0x200000);
    assert_int_equal(rd32(t + 80), MB2_MEM_AVAILABLE);

    t = find_tag(buf, MB2_TAG_MEMINFO, 0);
    assert_non_null(t);
    assert_int_equal(rd32(t + 4), 16);
    assert_int_equal(rd32(t + 8), 640);
    assert_int_equal(rd32(t + 12), 2048);
    assert_int_equal(rd32(buf + total - 8), MB2_TAG_END);
}

static void test_memory_tags_refuse_a_map_longer_than_max_entries(void **state)
{
    struct fw_mem_desc map[] = {
        D(FW_MEM_CONVENTIONAL, 0, 0x10),
        D(FW_MEM_RESERVED, 0x10000, 0x10),
    };
    struct mb2_builder b;
    size_t nres = 0;
    (void)state;
    mb2_begin(&b, buf, sizeof buf);
    assert_int_equal(mb2_add_memory(&b, map, sizeof map, sizeof map[0], NULL, &nres, 1),
                     MB2_BADARG);
    assert_int_equal(b.len, 8);
    assert_int_equal(mb2_memory_bytes(10), 16 + 240 + 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_info_is_fixed_part_plus_end_tag),
        cmocka_unit_test(test_tags_are_8_byte_aligned_and_sizes_add_up_to_total_size),
        cmocka_unit_test(test_string_tags_hold_nul_terminated_text),
        cmocka_unit_test(test_module_tags_hold_range_and_string),
        cmocka_unit_test(test_measuring_builder_predicts_real_size),
        cmocka_unit_test(test_overflow_is_reported_and_finish_fails),
        cmocka_unit_test(test_framebuffer_tag_layout_matches_grub),
        cmocka_unit_test(test_framebuffer_masks_for_rgb565),
        cmocka_unit_test(test_rsdp_v1_gives_old_tag_with_20_bytes),
        cmocka_unit_test(test_rsdp_v2_gives_new_tag_with_whole_rsdp),
        cmocka_unit_test(test_rsdp_with_bad_checksum_or_signature_is_refused),
        cmocka_unit_test(test_firmware_types_map_to_multiboot2_types),
        cmocka_unit_test(test_adjacent_entries_of_one_type_merge),
        cmocka_unit_test(test_unsorted_map_comes_out_sorted),
        cmocka_unit_test(test_loader_allocations_are_reported_reserved),
        cmocka_unit_test(test_reservation_spanning_two_descriptors_is_cut_from_both),
        cmocka_unit_test(test_reservation_over_non_available_memory_changes_nothing),
        cmocka_unit_test(test_descriptor_stride_larger_than_struct_is_honoured),
        cmocka_unit_test(test_conversion_fails_when_output_is_too_small),
        cmocka_unit_test(test_meminfo_counts_contiguous_ram_ignoring_reservations),
        cmocka_unit_test(test_meminfo_lower_is_capped_at_640k),
        cmocka_unit_test(test_memory_tags_have_grub_layout_and_survive_a_retry),
        cmocka_unit_test(test_memory_tags_refuse_a_map_longer_than_max_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
