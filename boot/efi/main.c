/*
 * Quire GNU-EFI loader: the boot flow (docs/boot-efi.md).
 *
 *   read \quire\loader.cfg from the volume we were loaded from
 *   -> load the kernel ELF at its physical addresses, find its entry note
 *   -> load each module into pages below 1 GiB
 *   -> note the GOP framebuffer and the ACPI RSDP
 *   -> build the multiboot2 information, ExitBootServices, enter the kernel
 *
 * Any failure prints what went wrong and with which file, waits for a key
 * and returns the error to the firmware's boot manager.
 */
#include "loader.h"

#include <quire/bootnote.h>

/* Big (about 12 KiB): static, not on the firmware's stack. */
static struct loader_config cfg;
static struct boot_plan plan;

static EFI_GUID acpi10_guid = ACPI_TABLE_GUID;
static EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;

static void find_rsdp(struct boot_plan *p)
{
    const void *v1 = NULL, *v2 = NULL;
    UINTN i;

    for (i = 0; i < ST->NumberOfTableEntries; i++) {
        EFI_CONFIGURATION_TABLE *ct = &ST->ConfigurationTable[i];
        if (!CompareGuid(&ct->VendorGuid, &acpi20_guid))
            v2 = ct->VendorTable;
        else if (!CompareGuid(&ct->VendorGuid, &acpi10_guid))
            v1 = ct->VendorTable;
    }
    if (v1 && mb2_rsdp_revision(v1) < 0) {
        Print(L"Quire loader: warning: the ACPI 1.0 RSDP is invalid; ignored\r\n");
        v1 = NULL;
    }
    if (v2 && !mb2_rsdp_v2_len(v2)) {
        Print(L"Quire loader: warning: the ACPI 2.0 RSDP is invalid; ignored\r\n");
        if (!v1 && mb2_rsdp_revision(v2) >= 0)
            v1 = v2; /* its ACPI 1.0 part is still good */
        v2 = NULL;
    }
    if (!v1 && !v2)
        Print(L"Quire loader: warning: no ACPI tables found\r\n");
    p->rsdp_v1 = v1;
    p->rsdp_v2 = v2;
}

static void find_framebuffer(struct boot_plan *p)
{
    EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;
    EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi;
    struct mb2_framebuffer *fb = &p->fb;

    if (EFI_ERROR(LibLocateProtocol(&GraphicsOutputProtocol, (void **)&gop)) || !gop ||
        !gop->Mode || !gop->Mode->Info)
        return;
    mi = gop->Mode->Info;
    switch (mi->PixelFormat) {
    case PixelRedGreenBlueReserved8BitPerColor:
        mb2_fb_set_masks(fb, 0x0000ff, 0x00ff00, 0xff0000, 0xff000000);
        break;
    case PixelBlueGreenRedReserved8BitPerColor:
        mb2_fb_set_masks(fb, 0xff0000, 0x00ff00, 0x0000ff, 0xff000000);
        break;
    case PixelBitMask:
        mb2_fb_set_masks(fb, mi->PixelInformation.RedMask, mi->PixelInformation.GreenMask,
                         mi->PixelInformation.BlueMask,
                         mi->PixelInformation.ReservedMask);
        break;
    default:
        return; /* PixelBltOnly: no framebuffer the kernel could use */
    }
    if (fb->bpp == 0)
        return;
    fb->addr = gop->Mode->FrameBufferBase;
    fb->width = mi->HorizontalResolution;
    fb->height = mi->VerticalResolution;
    fb->pitch = mi->PixelsPerScanLine * (fb->bpp / 8);
    p->have_fb = 1;
}

static EFI_STATUS read_config(EFI_FILE_HANDLE root)
{
    struct config_error err;
    void *text;
    UINT64 len;
    EFI_STATUS st;
    int r;

    st = file_read_pool(root, LOADER_CFG_PATH, LOADER_CFG_MAX, &text, &len);
    if (EFI_ERROR(st))
        return st;
    r = config_parse(text, (size_t)len, &cfg, &err);
    FreePool(text);
    if (r == 0)
        return EFI_SUCCESS;
    if (err.line)
        loader_error(L"%a, line %d: %a", LOADER_CFG_PATH, (INT32)err.line, err.msg);
    else
        loader_error(L"%a: %a", LOADER_CFG_PATH, err.msg);
    return EFI_LOAD_ERROR;
}

static EFI_STATUS load_all(EFI_HANDLE image)
{
    EFI_LOADED_IMAGE *li = NULL;
    EFI_FILE_HANDLE root;
    EFI_STATUS st;
    unsigned i;

    st = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li);
    if (EFI_ERROR(st) || !li) {
        loader_error(L"cannot find out which device the loader came from (%r)", st);
        return EFI_ERROR(st) ? st : EFI_NOT_FOUND;
    }
    root = LibOpenRoot(li->DeviceHandle);
    if (!root) {
        loader_error(L"cannot open the file system the loader was started from");
        return EFI_NOT_FOUND;
    }

    st = read_config(root);
    if (EFI_ERROR(st))
        goto out;

    plan.cmdline = cfg.cmdline;
    st = kernel_load(root, cfg.kernel, &plan);
    if (EFI_ERROR(st))
        goto out;
    Print(L"Quire loader: kernel %a, 64-bit entry 0x%lx\r\n", cfg.kernel, plan.entry);
    Print(L"Quire loader: command line \"%a\"\r\n", cfg.cmdline);

    for (i = 0; i < cfg.nmodules; i++) {
        struct loaded_module *m = &plan.modules[i];
        st = module_load(root, cfg.modules[i].path, m, &plan);
        if (EFI_ERROR(st))
            goto out;
        m->string = cfg.modules[i].string;
        plan.nmodules++;
        Print(L"Quire loader: module %a at 0x%lx, %ld bytes: %a\r\n", cfg.modules[i].path,
              m->addr, m->size, m->string);
    }
out:
    uefi_call_wrapper(root->Close, 1, root);
    return st;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
    EFI_STATUS st;

    InitializeLib(image, systab);
    Print(L"\r\n%a\r\n", LOADER_NAME);

    st = load_all(image);
    if (EFI_ERROR(st))
        return loader_give_up(st);
    find_framebuffer(&plan);
    find_rsdp(&plan);
    plan.system_table = (UINT64)(UINTN)systab;

    st = boot_kernel(image, &plan); /* returns only on failure */
    return loader_give_up(st);
}
