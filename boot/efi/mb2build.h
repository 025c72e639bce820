/*
 * Builder for the multiboot2 boot information structure, the way GRUB lays
 * it out: an 8-byte fixed part (u32 total_size, u32 reserved = 0) followed
 * by tags, each starting on an 8-byte boundary, ending with the end tag
 * (type 0, size 8). A tag's size field counts its own bytes only, without
 * the padding up to the next tag.
 *
 * Pure C, no EFI types and no libc: it builds into the loader and into the
 * host unit tests. The firmware's memory map is taken as raw bytes with a
 * stride (the UEFI DescriptorSize), read through struct fw_mem_desc, which
 * has the layout of EFI_MEMORY_DESCRIPTOR.
 */
#ifndef QUIRE_EFI_MB2BUILD_H
#define QUIRE_EFI_MB2BUILD_H

#include <stddef.h>
#include <stdint.h>

/* Tag types (multiboot2 specification, section 3.6). */
#define MB2_TAG_END         0
#define MB2_TAG_CMDLINE     1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE      3
#define MB2_TAG_MEMINFO     4
#define MB2_TAG_MMAP        6
#define MB2_TAG_FRAMEBUFFER 8
#define MB2_TAG_EFI64       12
#define MB2_TAG_ACPI_OLD    14
#define MB2_TAG_ACPI_NEW    15

/* Memory map entry types. */
#define MB2_MEM_AVAILABLE 1
#define MB2_MEM_RESERVED  2
#define MB2_MEM_ACPI      3 /* ACPI reclaimable */
#define MB2_MEM_NVS       4
#define MB2_MEM_BAD       5

#define MB2_FB_TYPE_RGB   1

/* UEFI EFI_MEMORY_TYPE values (UEFI 2.x, table "Memory Type Usage"). */
#define FW_MEM_RESERVED      0
#define FW_MEM_LOADER_CODE   1
#define FW_MEM_LOADER_DATA   2
#define FW_MEM_BS_CODE       3
#define FW_MEM_BS_DATA       4
#define FW_MEM_RT_CODE       5
#define FW_MEM_RT_DATA       6
#define FW_MEM_CONVENTIONAL  7
#define FW_MEM_UNUSABLE      8
#define FW_MEM_ACPI_RECLAIM  9
#define FW_MEM_ACPI_NVS      10
#define FW_MEM_MMIO          11
#define FW_MEM_MMIO_PORT     12
#define FW_MEM_PAL_CODE      13
#define FW_MEM_PERSISTENT    14

/* EFI_MEMORY_SP: "specific purpose" memory, not for general use. */
#define FW_MEM_ATTR_SP 0x40000ULL

#define FW_PAGE_SIZE 4096ULL

/* One firmware memory descriptor; same layout as EFI_MEMORY_DESCRIPTOR. */
struct fw_mem_desc {
    uint32_t type;
    uint32_t pad;
    uint64_t phys_start;
    uint64_t virt_start;
    uint64_t num_pages;
    uint64_t attribute;
};

/* One multiboot2 memory map entry (entry_size 24, entry_version 0). */
struct mb2_mmap_entry {
    uint64_t base;
    uint64_t length;
    uint32_t type;
    uint32_t zero;
};

/* A physical byte range [start, end). */
struct mb2_range {
    uint64_t start;
    uint64_t end;
};

/* A direct-colour (RGB) linear framebuffer. */
struct mb2_framebuffer {
    uint64_t addr;
    uint32_t pitch;  /* bytes per scan line */
    uint32_t width;  /* pixels */
    uint32_t height; /* pixels */
    uint8_t bpp;
    uint8_t red_pos, red_size;
    uint8_t green_pos, green_size;
    uint8_t blue_pos, blue_size;
};

/*
 * The builder. len always advances by what a call needs, even when the tag
 * does not fit (then nothing is written and the call returns MB2_NOSPACE),
 * so the builder has overflowed exactly when len > cap, and one started
 * with buf = NULL, cap = 0 measures the size a sequence of calls needs.
 */
struct mb2_builder {
    uint8_t *buf; /* 8-byte aligned */
    size_t cap;
    size_t len;
};

#define MB2_OK       0
#define MB2_NOSPACE  (-1)
#define MB2_BADARG   (-2)

void mb2_begin(struct mb2_builder *b, void *buf, size_t cap);

/* Types 1 and 2: a NUL-terminated string. */
int mb2_add_string(struct mb2_builder *b, uint32_t type, const char *s);
/* Type 3. end is exclusive (start + size), as GRUB reports it. */
int mb2_add_module(struct mb2_builder *b, uint32_t start, uint32_t end,
                   const char *string);
/* Type 4, in KiB. */
int mb2_add_meminfo(struct mb2_builder *b, uint32_t lower_kb, uint32_t upper_kb);
/* Type 8 with direct-colour (RGB) colour info. */
int mb2_add_framebuffer(struct mb2_builder *b, const struct mb2_framebuffer *fb);
/* Type 12: the EFI system table's physical address. */
int mb2_add_efi64(struct mb2_builder *b, uint64_t system_table);

/*
 * RSDP checks. Returns -1 if rsdp does not start with a valid ACPI 1.0
 * RSDP (signature "RSD PTR ", checksum over the first 20 bytes), else its
 * revision byte. mb2_rsdp_v2_len() returns the length of a valid ACPI 2.0+
 * RSDP (revision >= 2, 36 <= length <= 4096, extended checksum) or 0.
 */
int mb2_rsdp_revision(const void *rsdp);
uint32_t mb2_rsdp_v2_len(const void *rsdp);
/* Type 14: a copy of the first 20 bytes (the ACPI 1.0 RSDP). */
int mb2_add_acpi_old(struct mb2_builder *b, const void *rsdp);
/* Type 15: a copy of the whole ACPI 2.0+ RSDP (length bytes). */
int mb2_add_acpi_new(struct mb2_builder *b, const void *rsdp);

/* The multiboot2 type of a UEFI memory type (see docs/boot-efi.md). */
uint32_t mb2_mem_type(uint32_t fw_type, uint64_t attribute);

/*
 * Convert a UEFI memory map to multiboot2 entries: types via mb2_mem_type,
 * every part of an available range that lies in one of reserved[] reported
 * as MB2_MEM_RESERVED, entries sorted by address and adjacent entries of
 * one type merged. Descriptors with no pages are dropped. reserved[] is
 * sorted and merged in place (nres may shrink; *nres is updated).
 * Returns the number of entries written, or -1 if cap is too small.
 * cap = ndesc + 2 * nres always suffices when no reserved range spans two
 * firmware descriptors; the loader adds slack.
 */
long mb2_convert_mmap(const void *map, size_t map_size, size_t desc_size,
                      struct mb2_range *reserved, size_t *nres,
                      struct mb2_mmap_entry *out, size_t cap);

/*
 * mem_lower and mem_upper for tag 4, from the firmware map before any
 * reservation (what the machine has, as GRUB reports it): KiB of available
 * memory contiguous from 0 (at most 640) and contiguous from 1 MiB.
 */
void mb2_meminfo(const void *map, size_t map_size, size_t desc_size,
                 uint32_t *lower_kb, uint32_t *upper_kb);

/*
 * Types 6 and 4 from the firmware map in one step, with the mmap entries
 * written straight into the buffer. max_entries bounds the space taken
 * (the tag itself is as long as the converted map). Returns MB2_OK,
 * MB2_NOSPACE, or MB2_BADARG if the map needs more than max_entries.
 */
int mb2_add_memory(struct mb2_builder *b, const void *map, size_t map_size,
                   size_t desc_size, struct mb2_range *reserved, size_t *nres,
                   size_t max_entries);
/* The most bytes mb2_add_memory() can take for max_entries entries. */
size_t mb2_memory_bytes(size_t max_entries);

/* Position marks, so the memory tags can be rebuilt on a retry. */
size_t mb2_mark(const struct mb2_builder *b);
void mb2_rewind(struct mb2_builder *b, size_t mark);

/*
 * Append the end tag and store total_size. Returns the total size, or 0
 * if anything overflowed.
 */
uint32_t mb2_finish(struct mb2_builder *b);

/* Fill the bpp and position/size fields of fb from pixel bit masks. */
void mb2_fb_set_masks(struct mb2_framebuffer *fb, uint32_t red, uint32_t green,
                      uint32_t blue, uint32_t reserved);

#endif
