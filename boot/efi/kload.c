/*
 * Loading the kernel ELF and the modules from the ESP.
 *
 * The kernel file is never read whole into a buffer: the headers and note
 * blocks go to small pool buffers and each PT_LOAD segment is read straight
 * to its p_paddr. So the only loader memory the kernel can collide with is
 * what the firmware and this image already hold, and AllocatePages with
 * AllocateAddress refuses exactly that: "segments not overlapping the
 * loader's own allocations" is checked by the firmware, and the message
 * then says what is in the way.
 *
 * Segments are allocated as EfiLoaderCode so firmware that maps data pages
 * no-execute still lets us jump into them.
 */
#include "loader.h"

#include <quire/bootnote.h>

#define NOTE_BLOCK_MAX (64 * 1024) /* a bigger note block is not ours */
#define PAGE_SIZE      4096ULL

/* Look for the entry note in one note block of the file. */
static EFI_STATUS search_notes(EFI_FILE_HANDLE fh, const char *path, UINT64 off,
                               UINT64 size, UINT64 align, int *found, UINT64 *entry)
{
    const UINT8 *desc;
    UINT32 descsz;
    EFI_STATUS st;
    UINT8 *buf;
    int r;

    if (size == 0 || size > NOTE_BLOCK_MAX)
        return EFI_SUCCESS;
    buf = AllocatePool(size);
    if (!buf) {
        loader_error(L"%a: out of memory reading ELF notes", path);
        return EFI_OUT_OF_RESOURCES;
    }
    st = file_read_at(fh, path, off, buf, size);
    if (EFI_ERROR(st))
        goto out;
    r = elf_find_note(buf, size, align, QUIRE_NOTE_NAME, QUIRE_NOTE_ENTRY64,
                        &desc, &descsz);
    if (r < 0) {
        loader_error(L"%a: bad kernel ELF: malformed note block at file offset 0x%lx",
                     path, off);
        st = EFI_LOAD_ERROR;
    } else if (r > 0) {
        if (descsz != 8) {
            loader_error(L"%a: bad kernel ELF: the Quire entry note holds %d bytes, not 8",
                         path, (INT32)descsz);
            st = EFI_LOAD_ERROR;
        } else {
            *entry = elf_get64(desc);
            *found = 1;
        }
    }
out:
    FreePool(buf);
    return st;
}

/* PT_NOTE segments first; SHT_NOTE sections if no segment has the note. */
static EFI_STATUS find_entry(EFI_FILE_HANDLE fh, const char *path, UINT64 fsize,
                             const struct elf64_ehdr *eh,
                             const struct elf64_phdr *ph, UINT64 *entry)
{
    EFI_STATUS st = EFI_SUCCESS;
    int found = 0;
    unsigned i;

    for (i = 0; i < eh->e_phnum && !found && !EFI_ERROR(st); i++)
        if (ph[i].p_type == ELF_PT_NOTE)
            st = search_notes(fh, path, ph[i].p_offset, ph[i].p_filesz,
                              ph[i].p_align, &found, entry);

    if (!found && !EFI_ERROR(st) && eh->e_shoff && eh->e_shnum &&
        eh->e_shentsize == ELF_SHDR_SIZE && eh->e_shoff <= fsize &&
        (UINT64)eh->e_shnum * ELF_SHDR_SIZE <= fsize - eh->e_shoff) {
        UINTN len = (UINTN)eh->e_shnum * ELF_SHDR_SIZE;
        struct elf64_shdr *sh = AllocatePool(len);
        if (!sh) {
            loader_error(L"%a: out of memory reading section headers", path);
            return EFI_OUT_OF_RESOURCES;
        }
        st = file_read_at(fh, path, eh->e_shoff, sh, len);
        for (i = 0; i < eh->e_shnum && !found && !EFI_ERROR(st); i++)
            if (sh[i].sh_type == ELF_SHT_NOTE && sh[i].sh_offset <= fsize &&
                sh[i].sh_size <= fsize - sh[i].sh_offset)
                st = search_notes(fh, path, sh[i].sh_offset, sh[i].sh_size,
                                  sh[i].sh_addralign, &found, entry);
        FreePool(sh);
    }
    if (EFI_ERROR(st))
        return st;
    if (!found) {
        loader_error(L"%a: no 64-bit entry note in the kernel (ELF note \"%a\", type %d);"
                     L" see include/quire/bootnote.h",
                     path, QUIRE_NOTE_NAME, QUIRE_NOTE_ENTRY64);
        return EFI_LOAD_ERROR;
    }
    return EFI_SUCCESS;
}

static EFI_STATUS load_segments(EFI_FILE_HANDLE fh, const char *path,
                                const struct elf64_phdr *ph, unsigned n,
                                struct boot_plan *plan)
{
    struct elf_range r[KERNEL_MAX_RANGES];
    EFI_STATUS st;
    int nr, i;
    unsigned j;

    nr = elf_load_ranges(ph, n, r, KERNEL_MAX_RANGES);
    if (nr < 0) {
        loader_error(L"%a: bad kernel ELF: more than %d separate loadable ranges",
                     path, KERNEL_MAX_RANGES);
        return EFI_LOAD_ERROR;
    }
    for (i = 0; i < nr; i++) {
        EFI_PHYSICAL_ADDRESS a = r[i].start;
        UINTN pages = (UINTN)((r[i].end - r[i].start) / PAGE_SIZE);

        st = pages_alloc(AllocateAddress, EfiLoaderCode, pages, &a);
        if (EFI_ERROR(st)) {
            loader_error(L"%a: the kernel must be loaded at physical 0x%lx-0x%lx,"
                         L" but that memory is not free (%r)",
                         path, r[i].start, r[i].end, st);
            describe_memory(r[i].start, r[i].end);
            return st;
        }
        /* Zeroing the whole range covers every bss and the gaps. */
        ZeroMem((void *)(UINTN)a, pages * PAGE_SIZE);
        plan_reserve(plan, r[i].start, r[i].end);
    }
    for (j = 0; j < n; j++) {
        if (ph[j].p_type != ELF_PT_LOAD || ph[j].p_filesz == 0)
            continue;
        st = file_read_at(fh, path, ph[j].p_offset, (void *)(UINTN)ph[j].p_paddr,
                          ph[j].p_filesz);
        if (EFI_ERROR(st))
            return st;
    }
    return EFI_SUCCESS;
}

EFI_STATUS kernel_load(EFI_FILE_HANDLE root, const char *path, struct boot_plan *plan)
{
    struct elf64_ehdr eh;
    struct elf64_phdr *ph = NULL;
    EFI_FILE_HANDLE fh;
    const char *why;
    UINT64 fsize;
    EFI_STATUS st;

    st = file_open(root, path, &fh);
    if (EFI_ERROR(st))
        return st;
    st = file_size(fh, path, &fsize);
    if (EFI_ERROR(st))
        goto out;
    ZeroMem(&eh, sizeof eh);
    if (fsize >= sizeof eh) {
        st = file_read_at(fh, path, 0, &eh, sizeof eh);
        if (EFI_ERROR(st))
            goto out;
    }
    why = elf_check_ehdr(&eh, fsize);
    if (why) {
        loader_error(L"%a: bad kernel ELF: %a", path, why);
        st = EFI_LOAD_ERROR;
        goto out;
    }
    ph = AllocatePool((UINTN)eh.e_phnum * ELF_PHDR_SIZE);
    if (!ph) {
        loader_error(L"%a: out of memory reading program headers", path);
        st = EFI_OUT_OF_RESOURCES;
        goto out;
    }
    st = file_read_at(fh, path, eh.e_phoff, ph, (UINT64)eh.e_phnum * ELF_PHDR_SIZE);
    if (EFI_ERROR(st))
        goto out;
    why = elf_check_kernel_phdrs(ph, eh.e_phnum, fsize);
    if (why) {
        loader_error(L"%a: bad kernel ELF: %a", path, why);
        st = EFI_LOAD_ERROR;
        goto out;
    }
    st = find_entry(fh, path, fsize, &eh, ph, &plan->entry);
    if (EFI_ERROR(st))
        goto out;
    if (!elf_entry_in_load(ph, eh.e_phnum, plan->entry)) {
        loader_error(L"%a: bad kernel ELF: the 64-bit entry 0x%lx is not inside an executable"
                     L" loaded segment (the note must hold a physical address)",
                     path, plan->entry);
        st = EFI_LOAD_ERROR;
        goto out;
    }
    st = load_segments(fh, path, ph, eh.e_phnum, plan);
out:
    if (ph)
        FreePool(ph);
    uefi_call_wrapper(fh->Close, 1, fh);
    return st;
}

EFI_STATUS module_load(EFI_FILE_HANDLE root, const char *path,
                       struct loaded_module *mod, struct boot_plan *plan)
{
    EFI_PHYSICAL_ADDRESS a = QUIRE_BOOTINFO_LIMIT - 1;
    EFI_FILE_HANDLE fh;
    UINT64 size;
    UINTN pages;
    EFI_STATUS st;

    st = file_open(root, path, &fh);
    if (EFI_ERROR(st))
        return st;
    st = file_size(fh, path, &size);
    if (EFI_ERROR(st))
        goto out;
    if (size >= QUIRE_BOOTINFO_LIMIT) {
        loader_error(L"%a: module too big (%ld bytes)", path, size);
        st = EFI_BAD_BUFFER_SIZE;
        goto out;
    }
    /* An empty module still gets a page, so mod_start is a real address. */
    pages = size ? (UINTN)((size + PAGE_SIZE - 1) / PAGE_SIZE) : 1;
    st = pages_alloc(AllocateMaxAddress, EfiLoaderData, pages, &a);
    if (EFI_ERROR(st)) {
        loader_error(L"%a: not enough free memory below 1 GiB for this module"
                     L" (%ld bytes) (%r)", path, size, st);
        goto out;
    }
    st = file_read_at(fh, path, 0, (void *)(UINTN)a, size);
    if (EFI_ERROR(st))
        goto out;
    /* Clear the rest of the last page: no stale bytes after the module. */
    ZeroMem((void *)(UINTN)(a + size), pages * PAGE_SIZE - (UINTN)size);
    mod->addr = a;
    mod->size = size;
    plan_reserve(plan, a, a + pages * PAGE_SIZE);
out:
    uefi_call_wrapper(fh->Close, 1, fh);
    return st;
}
