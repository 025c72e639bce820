/*
 * multiboot2 information builder (see mb2build.h).
 *
 * All multi-byte fields are stored little-endian byte by byte, so the code
 * makes no assumption about the host or about the alignment of its inputs
 * (the RSDP and the firmware strings may sit anywhere).
 */
#include "mb2build.h"

#define ALIGN8(x) (((x) + 7) & ~(size_t)7)

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void copy_bytes(uint8_t *dst, const uint8_t *src, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        dst[i] = src[i];
}

static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/*
 * Reserve a tag of `size` bytes at the current position (always 8-aligned)
 * and return where to write it, or NULL if it does not fit. Either way len
 * moves on to the next 8-byte boundary after the tag. The padding is
 * zeroed so the structure's bytes are deterministic.
 */
static uint8_t *tag_start(struct mb2_builder *b, uint32_t type, size_t size)
{
    size_t at = b->len, i;
    uint8_t *p;

    b->len = at + ALIGN8(size);
    if (at > b->cap || b->cap - at < ALIGN8(size) || !b->buf)
        return 0;
    p = b->buf + at;
    for (i = size; i < ALIGN8(size); i++)
        p[i] = 0;
    put32(p, type);
    put32(p + 4, (uint32_t)size);
    return p;
}

void mb2_begin(struct mb2_builder *b, void *buf, size_t cap)
{
    b->buf = buf;
    b->cap = cap;
    b->len = 8;
    if (buf && cap >= 8) {
        put32(b->buf, 0); /* total_size, set by mb2_finish */
        put32(b->buf + 4, 0);
    }
}

int mb2_add_string(struct mb2_builder *b, uint32_t type, const char *s)
{
    size_t n = str_len(s) + 1;
    uint8_t *p = tag_start(b, type, 8 + n);
    if (!p)
        return MB2_NOSPACE;
    copy_bytes(p + 8, (const uint8_t *)s, n);
    return MB2_OK;
}

int mb2_add_module(struct mb2_builder *b, uint32_t start, uint32_t end,
                   const char *string)
{
    size_t n = str_len(string) + 1;
    uint8_t *p = tag_start(b, MB2_TAG_MODULE, 16 + n);
    if (!p)
        return MB2_NOSPACE;
    put32(p + 8, start);
    put32(p + 12, end);
    copy_bytes(p + 16, (const uint8_t *)string, n);
    return MB2_OK;
}

int mb2_add_meminfo(struct mb2_builder *b, uint32_t lower_kb, uint32_t upper_kb)
{
    uint8_t *p = tag_start(b, MB2_TAG_MEMINFO, 16);
    if (!p)
        return MB2_NOSPACE;
    put32(p + 8, lower_kb);
    put32(p + 12, upper_kb);
    return MB2_OK;
}

/*
 * Layout (as GRUB's multiboot2.h, whose "reserved" is 16 bits): addr u64 @8,
 * pitch @16, width @20, height @24, bpp u8 @28, type u8 @29, reserved u16
 * @30, then six u8 of RGB colour info @32. 38 bytes.
 */
int mb2_add_framebuffer(struct mb2_builder *b, const struct mb2_framebuffer *fb)
{
    uint8_t *p = tag_start(b, MB2_TAG_FRAMEBUFFER, 38);
    if (!p)
        return MB2_NOSPACE;
    put64(p + 8, fb->addr);
    put32(p + 16, fb->pitch);
    put32(p + 20, fb->width);
    put32(p + 24, fb->height);
    p[28] = fb->bpp;
    p[29] = MB2_FB_TYPE_RGB;
    p[30] = 0;
    p[31] = 0;
    p[32] = fb->red_pos;
    p[33] = fb->red_size;
    p[34] = fb->green_pos;
    p[35] = fb->green_size;
    p[36] = fb->blue_pos;
    p[37] = fb->blue_size;
    return MB2_OK;
}

int mb2_add_efi64(struct mb2_builder *b, uint64_t system_table)
{
    uint8_t *p = tag_start(b, MB2_TAG_EFI64, 16);
    if (!p)
        return MB2_NOSPACE;
    put64(p + 8, system_table);
    return MB2_OK;
}

/* ---- ACPI RSDP ---------------------------------------------------------- */

#define RSDP_V1_LEN 20
#define RSDP_V2_MIN 36
#define RSDP_MAX    4096 /* sanity bound on the length field */

static uint8_t sum_bytes(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    size_t i;
    for (i = 0; i < n; i++)
        s = (uint8_t)(s + p[i]);
    return s;
}

int mb2_rsdp_revision(const void *rsdp)
{
    static const char sig[8] = { 'R', 'S', 'D', ' ', 'P', 'T', 'R', ' ' };
    const uint8_t *p = rsdp;
    int i;

    if (!p)
        return -1;
    for (i = 0; i < 8; i++)
        if (p[i] != (uint8_t)sig[i])
            return -1;
    if (sum_bytes(p, RSDP_V1_LEN) != 0)
        return -1;
    return p[15];
}

uint32_t mb2_rsdp_v2_len(const void *rsdp)
{
    const uint8_t *p = rsdp;
    uint32_t len;

    if (mb2_rsdp_revision(rsdp) < 2)
        return 0;
    len = get32(p + 20);
    if (len < RSDP_V2_MIN || len > RSDP_MAX)
        return 0;
    if (sum_bytes(p, len) != 0)
        return 0;
    return len;
}

int mb2_add_acpi_old(struct mb2_builder *b, const void *rsdp)
{
    uint8_t *p;
    if (mb2_rsdp_revision(rsdp) < 0)
        return MB2_BADARG;
    p = tag_start(b, MB2_TAG_ACPI_OLD, 8 + RSDP_V1_LEN);
    if (!p)
        return MB2_NOSPACE;
    copy_bytes(p + 8, rsdp, RSDP_V1_LEN);
    return MB2_OK;
}

int mb2_add_acpi_new(struct mb2_builder *b, const void *rsdp)
{
    uint32_t len = mb2_rsdp_v2_len(rsdp);
    uint8_t *p;
    if (!len)
        return MB2_BADARG;
    p = tag_start(b, MB2_TAG_ACPI_NEW, 8 + len);
    if (!p)
        return MB2_NOSPACE;
    copy_bytes(p + 8, rsdp, len);
    return MB2_OK;
}

/* ---- memory map ---------------------------------------------------------- */

uint32_t mb2_mem_type(uint32_t fw_type, uint64_t attribute)
{
    switch (fw_type) {
    case FW_MEM_CONVENTIONAL:
        /* Specific-purpose memory belongs to some use the OS must opt into. */
        if (attribute & FW_MEM_ATTR_SP)
            return MB2_MEM_RESERVED;
        return MB2_MEM_AVAILABLE;
    case FW_MEM_LOADER_CODE:
    case FW_MEM_LOADER_DATA:
    case FW_MEM_BS_CODE:
    case FW_MEM_BS_DATA:
        /* Free once boot services have exited; the loader's own kernel,
         * module and info pages are carved out by the caller. */
        return MB2_MEM_AVAILABLE;
    case FW_MEM_ACPI_RECLAIM:
        return MB2_MEM_ACPI;
    case FW_MEM_ACPI_NVS:
        return MB2_MEM_NVS;
    case FW_MEM_UNUSABLE:
        return MB2_MEM_BAD;
    default:
        /* Reserved, runtime services, MMIO, PAL, persistent, unaccepted,
         * OEM and OS-loader types: not for the kernel's allocator. */
        return MB2_MEM_RESERVED;
    }
}

static const struct fw_mem_desc *desc_at(const void *map, size_t i, size_t stride)
{
    return (const struct fw_mem_desc *)((const uint8_t *)map + i * stride);
}

/* End of a descriptor's range, clamped to the top of the address space. */
static uint64_t desc_end(const struct fw_mem_desc *d)
{
    uint64_t room = (UINT64_MAX - d->phys_start) / FW_PAGE_SIZE;
    if (d->num_pages > room)
        return UINT64_MAX & ~(FW_PAGE_SIZE - 1);
    return d->phys_start + d->num_pages * FW_PAGE_SIZE;
}

static size_t desc_count(size_t map_size, size_t desc_size)
{
    if (desc_size < sizeof(struct fw_mem_desc))
        return 0;
    return map_size / desc_size;
}

/* Sort by start and merge overlapping or touching ranges; drop empty ones. */
static size_t normalise_ranges(struct mb2_range *r, size_t n)
{
    size_t i, j, out = 0;

    for (i = 1; i < n; i++) {
        struct mb2_range x = r[i];
        for (j = i; j > 0 && r[j - 1].start > x.start; j--)
            r[j] = r[j - 1];
        r[j] = x;
    }
    for (i = 0; i < n; i++) {
        if (r[i].end <= r[i].start)
            continue;
        if (out > 0 && r[i].start <= r[out - 1].end) {
            if (r[i].end > r[out - 1].end)
                r[out - 1].end = r[i].end;
        } else {
            r[out++] = r[i];
        }
    }
    return out;
}

struct emitter {
    struct mb2_mmap_entry *out;
    size_t cap, n;
    int full;
};

static void emit(struct emitter *e, uint64_t start, uint64_t end, uint32_t type)
{
    if (end <= start)
        return;
    if (e->n >= e->cap) {
        e->full = 1;
        return;
    }
    e->out[e->n].base = start;
    e->out[e->n].length = end - start;
    e->out[e->n].type = type;
    e->out[e->n].zero = 0;
    e->n++;
}

long mb2_convert_mmap(const void *map, size_t map_size, size_t desc_size,
                      struct mb2_range *reserved, size_t *nres,
                      struct mb2_mmap_entry *out, size_t cap)
{
    size_t nd = desc_count(map_size, desc_size), i, j, k;
    struct emitter e = { out, cap, 0, 0 };

    *nres = normalise_ranges(reserved, *nres);

    for (i = 0; i < nd; i++) {
        const struct fw_mem_desc *d = desc_at(map, i, desc_size);
        uint64_t start = d->phys_start, end = desc_end(d), cur;
        uint32_t type = mb2_mem_type(d->type, d->attribute);

        if (d->num_pages == 0)
            continue;
        if (type != MB2_MEM_AVAILABLE) {
            emit(&e, start, end, type);
            continue;
        }
        /* Cut the loader's reservations out of an available range. */
        cur = start;
        for (j = 0; j < *nres && cur < end; j++) {
            uint64_t rs = reserved[j].start, re = reserved[j].end;
            if (re <= cur)
                continue;
            if (rs >= end)
                break;
            if (rs > cur)
                emit(&e, cur, rs, MB2_MEM_AVAILABLE);
            else
                rs = cur;
            if (re > end)
                re = end;
            emit(&e, rs, re, MB2_MEM_RESERVED);
            cur = re;
        }
        emit(&e, cur, end, MB2_MEM_AVAILABLE);
    }
    if (e.full)
        return -1;

    /* The firmware's map is usually sorted, but the spec does not say so. */
    for (i = 1; i < e.n; i++) {
        struct mb2_mmap_entry x = out[i];
        for (j = i; j > 0 && out[j - 1].base > x.base; j--)
            out[j] = out[j - 1];
        out[j] = x;
    }
    for (i = 0, k = 0; i < e.n; i++) {
        if (k > 0 && out[k - 1].type == out[i].type &&
            out[k - 1].base + out[k - 1].length == out[i].base)
            out[k - 1].length += out[i].length;
        else
            out[k++] = out[i];
    }
    return (long)k;
}

/* End of the run of available memory that contains addr (addr if none). */
static uint64_t avail_run_end(const void *map, size_t nd, size_t stride, uint64_t addr)
{
    int moved = 1;
    size_t i;

    while (moved) {
        moved = 0;
        for (i = 0; i < nd; i++) {
            const struct fw_mem_desc *d = desc_at(map, i, stride);
            if (d->num_pages == 0 ||
                mb2_mem_type(d->type, d->attribute) != MB2_MEM_AVAILABLE)
                continue;
            if (d->phys_start <= addr && addr < desc_end(d)) {
                addr = desc_end(d);
                moved = 1;
            }
        }
    }
    return addr;
}

void mb2_meminfo(const void *map, size_t map_size, size_t desc_size,
                 uint32_t *lower_kb, uint32_t *upper_kb)
{
    size_t nd = desc_count(map_size, desc_size);
    uint64_t lo = avail_run_end(map, nd, desc_size, 0);
    uint64_t hi = avail_run_end(map, nd, desc_size, 0x100000);
    uint64_t up_kb = (hi - 0x100000) / 1024;

    if (lo > 640 * 1024)
        lo = 640 * 1024;
    *lower_kb = (uint32_t)(lo / 1024);
    *upper_kb = up_kb > UINT32_MAX ? UINT32_MAX : (uint32_t)up_kb;
}

size_t mb2_memory_bytes(size_t max_entries)
{
    return 16 + max_entries * sizeof(struct mb2_mmap_entry) + 16;
}

int mb2_add_memory(struct mb2_builder *b, const void *map, size_t map_size,
                   size_t desc_size, struct mb2_range *reserved, size_t *nres,
                   size_t max_entries)
{
    size_t at = b->len, need = mb2_memory_bytes(max_entries);
    uint32_t lower, upper;
    uint8_t *p;
    long n;

    if (at > b->cap || b->cap - at < need || !b->buf) {
        b->len = at + need;
        return MB2_NOSPACE;
    }
    p = b->buf + at;
    /* The entries are 24 bytes of naturally aligned u64/u32 fields and p+16
     * is 8-aligned, so they are written in place as structs. */
    n = mb2_convert_mmap(map, map_size, desc_size, reserved, nres,
                         (struct mb2_mmap_entry *)(void *)(p + 16), max_entries);
    if (n < 0)
        return MB2_BADARG;
    put32(p, MB2_TAG_MMAP);
    put32(p + 4, (uint32_t)(16 + (size_t)n * sizeof(struct mb2_mmap_entry)));
    put32(p + 8, sizeof(struct mb2_mmap_entry));
    put32(p + 12, 0);
    b->len = at + 16 + (size_t)n * sizeof(struct mb2_mmap_entry);

    mb2_meminfo(map, map_size, desc_size, &lower, &upper);
    return mb2_add_meminfo(b, lower, upper);
}

size_t mb2_mark(const struct mb2_builder *b)
{
    return b->len;
}

void mb2_rewind(struct mb2_builder *b, size_t mark)
{
    b->len = mark;
}

uint32_t mb2_finish(struct mb2_builder *b)
{
    uint8_t *p = tag_start(b, MB2_TAG_END, 8);
    if (!p || b->len > b->cap || b->len > UINT32_MAX)
        return 0;
    put32(b->buf, (uint32_t)b->len);
    return (uint32_t)b->len;
}

/* ---- framebuffer masks ---------------------------------------------------- */

static void mask_field(uint32_t mask, uint8_t *pos, uint8_t *size)
{
    uint8_t p = 0, s = 0;
    if (mask) {
        while (!(mask & 1)) {
            mask >>= 1;
            p++;
        }
        while (mask & 1) {
            mask >>= 1;
            s++;
        }
    }
    *pos = p;
    *size = s;
}

void mb2_fb_set_masks(struct mb2_framebuffer *fb, uint32_t red, uint32_t green,
                      uint32_t blue, uint32_t reserved)
{
    uint32_t all = red | green | blue | reserved;
    uint8_t top = 0;

    mask_field(red, &fb->red_pos, &fb->red_size);
    mask_field(green, &fb->green_pos, &fb->green_size);
    mask_field(blue, &fb->blue_pos, &fb->blue_size);
    while (all) {
        all >>= 1;
        top++;
    }
    /* A pixel occupies whole bytes: 15/16-bit modes are 16, 24 is 24. */
    fb->bpp = (uint8_t)((top + 7) & ~7);
}
