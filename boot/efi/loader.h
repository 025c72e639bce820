/*
 * Shared declarations of the EFI-side parts of the Quire GNU-EFI loader:
 * main.c (the flow), efifile.c (files and messages), kload.c (the kernel
 * ELF), handoff.c (boot information, ExitBootServices, kernel entry).
 *
 * config.c and mb2build.c (and lib/libelf, the ELF reader) are pure C and
 * know nothing of EFI.
 */
#ifndef QUIRE_EFI_LOADER_H
#define QUIRE_EFI_LOADER_H

#include <efi.h>
#include <efilib.h>

#include "config.h"
#include "libelf.h"
#include "mb2build.h"

#define LOADER_NAME       "Quire GNU-EFI loader"
#define LOADER_CFG_PATH   "/quire/loader.cfg"
#define LOADER_CFG_MAX    (64 * 1024)      /* bytes of loader.cfg we accept */
#define KERNEL_MAX_RANGES 16               /* page ranges of PT_LOAD segments */
#define LOADER_MAX_ALLOCS (KERNEL_MAX_RANGES + CONFIG_MAX_MODULES + 1)

/* One file loaded into pages of its own. */
struct loaded_module {
    EFI_PHYSICAL_ADDRESS addr;
    UINT64 size;
    const char *string; /* points into the loader_config */
};

/* Everything the boot information describes, gathered before the exit. */
struct boot_plan {
    UINT64 entry;                /* physical 64-bit kernel entry */
    const char *cmdline;
    struct loaded_module modules[CONFIG_MAX_MODULES];
    unsigned nmodules;
    int have_fb;
    struct mb2_framebuffer fb;
    const void *rsdp_v1;         /* from the ACPI 1.0 table GUID, or NULL */
    const void *rsdp_v2;         /* from the ACPI 2.0 table GUID, or NULL */
    UINT64 system_table;
    /* What the loader allocated and must be reported reserved. */
    struct mb2_range reserved[LOADER_MAX_ALLOCS];
    size_t nreserved;
};

/* Record [start, end) as memory the kernel must not take for free. */
static inline void plan_reserve(struct boot_plan *plan, UINT64 start, UINT64 end)
{
    /* Callers reserve at most LOADER_MAX_ALLOCS ranges: one per page
     * allocation, and pages_alloc() refuses more than that. */
    if (plan->nreserved < LOADER_MAX_ALLOCS) {
        plan->reserved[plan->nreserved].start = start;
        plan->reserved[plan->nreserved].end = end;
        plan->nreserved++;
    }
}

/* efifile.c ------------------------------------------------------------ */

/* Print "Quire loader: error: ..." on ConOut. Does not wait. */
void loader_error(const CHAR16 *fmt, ...);
/* Tell the user, wait for a key, and return st (for efi_main to return). */
EFI_STATUS loader_give_up(EFI_STATUS st);

/*
 * Open a file by its loader.cfg path ("/quire/kernel") on the volume root.
 * These print a message naming the file on failure and return the status.
 */
EFI_STATUS file_open(EFI_FILE_HANDLE root, const char *path, EFI_FILE_HANDLE *fh);
EFI_STATUS file_size(EFI_FILE_HANDLE fh, const char *path, UINT64 *size);
EFI_STATUS file_read_at(EFI_FILE_HANDLE fh, const char *path, UINT64 off,
                        void *buf, UINT64 len);
/* Read a whole small file into pool memory (at most max bytes). */
EFI_STATUS file_read_pool(EFI_FILE_HANDLE root, const char *path, UINT64 max,
                          void **buf, UINT64 *size);

/* Page allocations, recorded so a failed boot can give them back. */
EFI_STATUS pages_alloc(EFI_ALLOCATE_TYPE how, EFI_MEMORY_TYPE type,
                       UINTN pages, EFI_PHYSICAL_ADDRESS *addr);
void pages_free_all(void);
/* Describe what the firmware has at [start, end) (for an allocation error). */
void describe_memory(UINT64 start, UINT64 end);

/* kload.c -------------------------------------------------------------- */

/*
 * Load the kernel ELF: check it, find the entry note, allocate its
 * segments at their p_paddr, copy and zero them. Adds the allocated ranges
 * to plan->reserved and sets plan->entry.
 */
EFI_STATUS kernel_load(EFI_FILE_HANDLE root, const char *path,
                       struct boot_plan *plan);

/* Load a module file into fresh pages below QUIRE_BOOTINFO_LIMIT. */
EFI_STATUS module_load(EFI_FILE_HANDLE root, const char *path,
                       struct loaded_module *mod, struct boot_plan *plan);

/* handoff.c ------------------------------------------------------------ */

/*
 * Build the multiboot2 information, exit boot services and jump to the
 * kernel. Returns only on failure (with a message printed when it was
 * still safe to print).
 */
EFI_STATUS boot_kernel(EFI_HANDLE image, struct boot_plan *plan);

#endif
