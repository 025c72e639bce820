/*
 * The last steps: build the multiboot2 information, exit boot services,
 * enter the kernel (contract in include/quire/bootnote.h).
 *
 * Order matters, because every allocation changes the memory map:
 *   1. ask for the map's size;
 *   2. allocate the map buffer, with slack for what happens to the map
 *      between now and the exit;
 *   3. size and allocate the information structure (below 1 GiB), with
 *      room for a memory map as long as the buffer can possibly hold;
 *   4. write the tags that do not depend on the map;
 *   5. GetMemoryMap, write the memory map tags and the end tag,
 *      ExitBootServices with the map key; on EFI_INVALID_PARAMETER (the
 *      map changed under us, e.g. a timer event allocated) go back to 5.
 * No allocation happens after step 3. After the first ExitBootServices
 * call only GetMemoryMap and ExitBootServices are called, and nothing is
 * printed, except in the failure path, which is a best effort.
 */
#include "loader.h"

#include <quire/bootnote.h>

#define EXIT_TRIES      8
#define MAP_SLACK_DESCS 64
#define PAGE_SIZE       4096ULL

/* The converter reads EFI_MEMORY_DESCRIPTORs through its own struct. */
_Static_assert(sizeof(struct fw_mem_desc) == sizeof(EFI_MEMORY_DESCRIPTOR),
               "fw_mem_desc must match EFI_MEMORY_DESCRIPTOR");
_Static_assert(__builtin_offsetof(struct fw_mem_desc, phys_start) ==
                   __builtin_offsetof(EFI_MEMORY_DESCRIPTOR, PhysicalStart) &&
               __builtin_offsetof(struct fw_mem_desc, num_pages) ==
                   __builtin_offsetof(EFI_MEMORY_DESCRIPTOR, NumberOfPages) &&
               __builtin_offsetof(struct fw_mem_desc, attribute) ==
                   __builtin_offsetof(EFI_MEMORY_DESCRIPTOR, Attribute),
               "fw_mem_desc field offsets must match EFI_MEMORY_DESCRIPTOR");

/*
 * Interrupts off, EAX = multiboot2 magic, EBX = info, jump. The firmware's
 * identity mapping, GDT and stack stay as they are; the kernel replaces
 * them at once. Never returns.
 */
__attribute__((noreturn)) static void enter_kernel(UINT64 entry, UINT64 info)
{
    __asm__ volatile("cli\n\t"
                     "cld\n\t"
                     "jmp *%%rcx"
                     :
                     : "a"((UINT64)MULTIBOOT2_BOOTLOADER_MAGIC), "b"(info), "c"(entry)
                     : "memory");
    __builtin_unreachable();
}

/* The tags that do not depend on the final memory map. */
static void add_static_tags(struct mb2_builder *b, const struct boot_plan *p)
{
    unsigned i;

    mb2_add_string(b, MB2_TAG_CMDLINE, p->cmdline);
    mb2_add_string(b, MB2_TAG_LOADER_NAME, LOADER_NAME);
    for (i = 0; i < p->nmodules; i++) {
        const struct loaded_module *m = &p->modules[i];
        /* Modules lie below QUIRE_BOOTINFO_LIMIT, so 32 bits hold them. */
        mb2_add_module(b, (uint32_t)m->addr, (uint32_t)(m->addr + m->size), m->string);
    }
    if (p->have_fb)
        mb2_add_framebuffer(b, &p->fb);
    mb2_add_efi64(b, p->system_table);
    /* Like GRUB: the old tag when any RSDP is known, the new one for 2.0+. */
    if (p->rsdp_v1)
        mb2_add_acpi_old(b, p->rsdp_v1);
    else if (p->rsdp_v2)
        mb2_add_acpi_old(b, p->rsdp_v2);
    if (p->rsdp_v2 && mb2_rsdp_v2_len(p->rsdp_v2))
        mb2_add_acpi_new(b, p->rsdp_v2);
}

EFI_STATUS boot_kernel(EFI_HANDLE image, struct boot_plan *plan)
{
    UINTN map_size = 0, map_cap, key, dsize = 0, max_entries, info_pages, tries;
    UINT32 dver;
    EFI_STATUS st;
    EFI_PHYSICAL_ADDRESS info = QUIRE_BOOTINFO_LIMIT - 1;
    struct mb2_builder b;
    void *map;
    size_t mark;
    int exit_called = 0;

    /* 1. How big is the map now? */
    st = uefi_call_wrapper(BS->GetMemoryMap, 5, &map_size, NULL, &key, &dsize, &dver);
    if (st != EFI_BUFFER_TOO_SMALL || dsize < sizeof(struct fw_mem_desc)) {
        loader_error(L"cannot read the firmware memory map (%r)", st);
        return EFI_ERROR(st) ? st : EFI_UNSUPPORTED;
    }

    /* 2. The buffer, with room for the descriptors our allocations add. */
    map_cap = map_size + MAP_SLACK_DESCS * dsize;
    map = AllocatePool(map_cap);
    if (!map) {
        loader_error(L"out of memory for the memory map (%ld bytes)", (UINT64)map_cap);
        return EFI_OUT_OF_RESOURCES;
    }

    /*
     * 3. The map cannot have more descriptors than the buffer holds; each
     * reserved range can split one more entry in two, and the info block
     * itself is one more reserved range.
     */
    max_entries = map_cap / dsize + 2 * (plan->nreserved + 1) + 8;
    mb2_begin(&b, NULL, 0);
    add_static_tags(&b, plan);
    info_pages = (UINTN)((b.len + mb2_memory_bytes(max_entries) + 8 + PAGE_SIZE - 1) /
                         PAGE_SIZE);
    st = pages_alloc(AllocateMaxAddress, EfiLoaderData, info_pages, &info);
    if (EFI_ERROR(st)) {
        loader_error(L"not enough free memory below 1 GiB for the boot information"
                     L" (%ld pages) (%r)", (UINT64)info_pages, st);
        FreePool(map);
        return st;
    }
    plan_reserve(plan, info, info + info_pages * PAGE_SIZE);

    /* 4. */
    mb2_begin(&b, (void *)(UINTN)info, info_pages * PAGE_SIZE);
    add_static_tags(&b, plan);
    mark = mb2_mark(&b);

    Print(L"Quire loader: boot information at 0x%lx, entering the kernel at 0x%lx\r\n",
          info, plan->entry);

    /* 5. From here on: no allocation, no printing until the exit fails. */
    for (tries = 0; tries < EXIT_TRIES; tries++) {
        int r;

        map_size = map_cap;
        st = uefi_call_wrapper(BS->GetMemoryMap, 5, &map_size, map, &key, &dsize, &dver);
        if (EFI_ERROR(st))
            break;
        mb2_rewind(&b, mark);
        r = mb2_add_memory(&b, map, map_size, dsize, plan->reserved, &plan->nreserved,
                           max_entries);
        if (r != MB2_OK || mb2_finish(&b) == 0) {
            st = EFI_BUFFER_TOO_SMALL;
            break;
        }
        exit_called = 1;
        st = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
        if (st == EFI_SUCCESS)
            enter_kernel(plan->entry, info);
        if (st != EFI_INVALID_PARAMETER)
            break;
    }

    /*
     * Failure. Before any exit attempt the firmware is intact. After one,
     * the spec allows a partial shutdown: printing is a best effort then.
     */
    loader_error(exit_called ? L"ExitBootServices failed after %d tries (%r)"
                             : L"cannot prepare the memory map (try %d) (%r)",
                 (INT32)tries, st);
    if (!exit_called)
        FreePool(map);
    return EFI_ERROR(st) ? st : EFI_ABORTED;
}
