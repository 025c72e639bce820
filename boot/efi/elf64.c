/*
 * ELF64 kernel image checks and note search (see elf64.h).
 *
 * Every offset/size sum below is checked for wrap-around before use: the
 * image comes from a file a person may have corrupted.
 */
#include "elf64.h"

#define PAGE 4096ULL

/* a + b <= limit, without overflow. */
static int fits(uint64_t a, uint64_t b, uint64_t limit)
{
    return a <= limit && b <= limit - a;
}

const char *elf64_check_ehdr(const struct elf64_ehdr *eh, uint64_t file_size)
{
    const unsigned char *id = eh->e_ident;

    if (file_size < ELF_EHDR_SIZE)
        return "file too short to be an ELF image";
    if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
        return "not an ELF file (bad magic)";
    if (id[4] != 2)
        return "not a 64-bit ELF file";
    if (id[5] != 1)
        return "not a little-endian ELF file";
    if (id[6] != 1 || eh->e_version != 1)
        return "unknown ELF version";
    if (eh->e_machine != 62)
        return "not an x86-64 ELF file";
    if (eh->e_type != 2)
        return "not an executable (ET_EXEC) ELF file";
    if (eh->e_phentsize != ELF_PHDR_SIZE)
        return "unexpected program header size";
    if (eh->e_phnum == 0 || eh->e_phnum == 0xffff)
        return "no program headers";
    if (!fits(eh->e_phoff, (uint64_t)eh->e_phnum * ELF_PHDR_SIZE, file_size))
        return "program headers lie outside the file";
    return 0;
}

const char *elf64_check_phdrs(const struct elf64_phdr *ph, unsigned n,
                              uint64_t file_size)
{
    unsigned i, j, loads = 0;

    for (i = 0; i < n; i++) {
        const struct elf64_phdr *p = &ph[i];
        if (p->p_type != ELF_PT_LOAD && p->p_type != ELF_PT_NOTE)
            continue;
        if (!fits(p->p_offset, p->p_filesz, file_size))
            return "a segment's bytes lie outside the file";
        if (p->p_type == ELF_PT_NOTE)
            continue;
        if (p->p_filesz > p->p_memsz)
            return "a segment's file size exceeds its memory size";
        if (!fits(p->p_paddr, p->p_memsz, UINT64_MAX - PAGE))
            return "a segment wraps around the address space";
        if (p->p_memsz == 0)
            continue;
        loads++;
        for (j = 0; j < i; j++) {
            const struct elf64_phdr *q = &ph[j];
            if (q->p_type != ELF_PT_LOAD || q->p_memsz == 0)
                continue;
            if (p->p_paddr < q->p_paddr + q->p_memsz &&
                q->p_paddr < p->p_paddr + p->p_memsz)
                return "two segments overlap in physical memory";
        }
    }
    if (loads == 0)
        return "no loadable segments";
    return 0;
}

int elf64_entry_in_load(const struct elf64_phdr *ph, unsigned n, uint64_t entry)
{
    unsigned i;
    for (i = 0; i < n; i++)
        if (ph[i].p_type == ELF_PT_LOAD && entry >= ph[i].p_paddr &&
            entry - ph[i].p_paddr < ph[i].p_filesz)
            return 1;
    return 0;
}

int elf64_load_ranges(const struct elf64_phdr *ph, unsigned n,
                      struct elf64_range *out, unsigned cap)
{
    unsigned m = 0;   /* out[0..m) is sorted, merged and within cap */

    for (unsigned i = 0; i < n; i++) {
        if (ph[i].p_type != ELF_PT_LOAD || ph[i].p_memsz == 0)
            continue;
        /* elf64_check_phdrs() has ruled out wrap-around past the last page. */
        struct elf64_range r;
        r.start = ph[i].p_paddr & ~(PAGE - 1);
        r.end = (ph[i].p_paddr + ph[i].p_memsz + PAGE - 1) & ~(PAGE - 1);
        /* The first range that reaches r, then every one r reaches. */
        unsigned lo = 0;
        while (lo < m && out[lo].end < r.start)
            lo++;
        unsigned hi = lo;
        while (hi < m && out[hi].start <= r.end) {
            if (out[hi].start < r.start)
                r.start = out[hi].start;
            if (out[hi].end > r.end)
                r.end = out[hi].end;
            hi++;
        }
        /* Replace out[lo..hi) by r. */
        unsigned newm = m - (hi - lo) + 1;
        if (newm > cap)
            return -1;
        if (hi == lo) {
            for (unsigned j = m; j > lo; j--)
                out[j] = out[j - 1];
        } else {
            for (unsigned j = hi; j < m; j++)
                out[j - (hi - lo) + 1] = out[j];
        }
        out[lo] = r;
        m = newm;
    }
    return (int)m;
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

uint64_t elf64_get64(const uint8_t *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

int elf64_find_note(const uint8_t *buf, size_t len, uint64_t align,
                    const char *name, uint32_t type,
                    const uint8_t **desc, uint32_t *descsz)
{
    uint64_t a = align == 8 ? 8 : 4;
    uint64_t off = 0, nlen = 0;

    while (name[nlen])
        nlen++;
    nlen++; /* namesz counts the NUL */

    /* Offsets are relative to the block, which starts aligned; padding is
     * to absolute multiples of a within it. */
    while (off + 12 <= len) {
        uint32_t namesz = get32(buf + off);
        uint32_t dsz = get32(buf + off + 4);
        uint32_t ntype = get32(buf + off + 8);
        uint64_t name_off = off + 12;
        uint64_t desc_off = (name_off + namesz + a - 1) & ~(a - 1);
        uint64_t next = (desc_off + dsz + a - 1) & ~(a - 1);
        uint64_t i;

        if (desc_off > len || dsz > len - desc_off)
            return -1;
        if (ntype == type && namesz == nlen) {
            for (i = 0; i < nlen; i++)
                if (buf[name_off + i] != (uint8_t)name[i])
                    break;
            if (i == nlen) {
                *desc = buf + desc_off;
                *descsz = dsz;
                return 1;
            }
        }
        off = next;
    }
    return 0;
}
