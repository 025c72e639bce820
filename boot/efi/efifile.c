/*
 * Files on the EFI system partition, page allocations and error messages.
 *
 * Every failure here prints one line that names the file and the problem,
 * so efi_main only has to call loader_give_up().
 */
#include "loader.h"

void loader_error(const CHAR16 *fmt, ...)
{
    va_list ap;

    Print(L"\r\nQuire loader: error: ");
    va_start(ap, fmt);
    VPrint(fmt, ap);
    va_end(ap);
    Print(L"\r\n");
}

EFI_STATUS loader_give_up(EFI_STATUS st)
{
    EFI_INPUT_KEY key;
    UINTN idx;

    pages_free_all();
    Print(L"Quire loader: cannot boot (%r). Press any key to return to the firmware.\r\n",
          st);
    /* The boot manager arms a 5-minute watchdog before starting us; a
     * person reading the message must not be rebooted under their eyes. */
    uefi_call_wrapper(BS->SetWatchdogTimer, 4, 0, 0, 0, NULL);
    uefi_call_wrapper(ST->ConIn->Reset, 2, ST->ConIn, FALSE);
    if (uefi_call_wrapper(BS->WaitForEvent, 3, 1, &ST->ConIn->WaitForKey, &idx) ==
        EFI_SUCCESS)
        uefi_call_wrapper(ST->ConIn->ReadKeyStroke, 2, ST->ConIn, &key);
    return st;
}

/* "/quire/kernel" -> L"\\quire\\kernel". config.c guarantees ASCII and a
 * length below CONFIG_PATH_MAX. */
static void to_efi_path(const char *path, CHAR16 *out)
{
    UINTN i;
    for (i = 0; path[i] && i < CONFIG_PATH_MAX - 1; i++)
        out[i] = path[i] == '/' ? L'\\' : (CHAR16)(unsigned char)path[i];
    out[i] = 0;
}

static const CHAR16 *open_problem(EFI_STATUS st)
{
    if (st == EFI_NOT_FOUND)
        return L"file not found on the EFI system partition";
    if (st == EFI_MEDIA_CHANGED || st == EFI_NO_MEDIA)
        return L"the disk went away";
    if (st == EFI_VOLUME_CORRUPTED || st == EFI_DEVICE_ERROR)
        return L"the file system is damaged or unreadable";
    return L"cannot open the file";
}

EFI_STATUS file_open(EFI_FILE_HANDLE root, const char *path, EFI_FILE_HANDLE *fh)
{
    CHAR16 name[CONFIG_PATH_MAX];
    EFI_STATUS st;

    to_efi_path(path, name);
    st = uefi_call_wrapper(root->Open, 5, root, fh, name, EFI_FILE_MODE_READ, 0ULL);
    if (EFI_ERROR(st))
        loader_error(L"%a: %s (%r)", path, open_problem(st), st);
    return st;
}

EFI_STATUS file_size(EFI_FILE_HANDLE fh, const char *path, UINT64 *size)
{
    EFI_FILE_INFO *info = LibFileInfo(fh);

    if (!info) {
        loader_error(L"%a: cannot read the file's size", path);
        return EFI_DEVICE_ERROR;
    }
    if (info->Attribute & EFI_FILE_DIRECTORY) {
        FreePool(info);
        loader_error(L"%a: is a directory, not a file", path);
        return EFI_NOT_FOUND;
    }
    *size = info->FileSize;
    FreePool(info);
    return EFI_SUCCESS;
}

EFI_STATUS file_read_at(EFI_FILE_HANDLE fh, const char *path, UINT64 off,
                        void *buf, UINT64 len)
{
    EFI_STATUS st = uefi_call_wrapper(fh->SetPosition, 2, fh, off);
    UINT8 *p = buf;

    if (EFI_ERROR(st)) {
        loader_error(L"%a: cannot seek to byte %ld (%r)", path, off, st);
        return st;
    }
    /* Read may return less than asked; loop until done or end of file. */
    while (len > 0) {
        UINTN chunk = len > 0x1000000 ? 0x1000000 : (UINTN)len;
        st = uefi_call_wrapper(fh->Read, 3, fh, &chunk, p);
        if (EFI_ERROR(st)) {
            loader_error(L"%a: read error at byte %ld (%r)", path, off, st);
            return st;
        }
        if (chunk == 0) {
            loader_error(L"%a: file ends early, at byte %ld", path, off);
            return EFI_END_OF_FILE;
        }
        p += chunk;
        off += chunk;
        len -= chunk;
    }
    return EFI_SUCCESS;
}

EFI_STATUS file_read_pool(EFI_FILE_HANDLE root, const char *path, UINT64 max,
                          void **buf, UINT64 *size)
{
    EFI_FILE_HANDLE fh;
    EFI_STATUS st = file_open(root, path, &fh);

    if (EFI_ERROR(st))
        return st;
    st = file_size(fh, path, size);
    if (!EFI_ERROR(st) && *size > max) {
        loader_error(L"%a: too big (%ld bytes, at most %ld)", path, *size, max);
        st = EFI_BAD_BUFFER_SIZE;
    }
    if (!EFI_ERROR(st)) {
        *buf = AllocatePool(*size ? (UINTN)*size : 1);
        if (!*buf) {
            loader_error(L"%a: out of memory reading %ld bytes", path, *size);
            st = EFI_OUT_OF_RESOURCES;
        }
    }
    if (!EFI_ERROR(st)) {
        st = file_read_at(fh, path, 0, *buf, *size);
        if (EFI_ERROR(st))
            FreePool(*buf);
    }
    uefi_call_wrapper(fh->Close, 1, fh);
    return st;
}

/* ---- page allocations ---------------------------------------------------- */

static struct {
    EFI_PHYSICAL_ADDRESS addr;
    UINTN pages;
} allocs[LOADER_MAX_ALLOCS];
static unsigned nallocs;

EFI_STATUS pages_alloc(EFI_ALLOCATE_TYPE how, EFI_MEMORY_TYPE type,
                       UINTN pages, EFI_PHYSICAL_ADDRESS *addr)
{
    EFI_STATUS st;

    if (nallocs >= sizeof allocs / sizeof allocs[0])
        return EFI_OUT_OF_RESOURCES;
    st = uefi_call_wrapper(BS->AllocatePages, 4, how, type, pages, addr);
    if (!EFI_ERROR(st)) {
        allocs[nallocs].addr = *addr;
        allocs[nallocs].pages = pages;
        nallocs++;
    }
    return st;
}

void pages_free_all(void)
{
    while (nallocs > 0) {
        nallocs--;
        uefi_call_wrapper(BS->FreePages, 2, allocs[nallocs].addr, allocs[nallocs].pages);
    }
}

static const CHAR16 *mem_type_name(UINT32 t)
{
    static const CHAR16 *names[] = {
        L"reserved", L"loader code", L"loader data", L"boot services code",
        L"boot services data", L"runtime code", L"runtime data", L"free",
        L"unusable", L"ACPI tables", L"ACPI NVS", L"MMIO", L"MMIO ports",
        L"PAL code", L"persistent",
    };
    return t < sizeof names / sizeof names[0] ? names[t] : L"other";
}

void describe_memory(UINT64 start, UINT64 end)
{
    UINTN n, dsize, i;
    UINT32 dver;
    EFI_MEMORY_DESCRIPTOR *map = LibMemoryMap(&n, &(UINTN){ 0 }, &dsize, &dver);
    int any = 0;

    if (!map)
        return;
    for (i = 0; i < n; i++) {
        EFI_MEMORY_DESCRIPTOR *d = (void *)((UINT8 *)map + i * dsize);
        UINT64 ds = d->PhysicalStart, de = ds + d->NumberOfPages * 4096;
        if (de <= start || ds >= end)
            continue;
        if (!any)
            Print(L"  the firmware's memory map there:\r\n");
        any = 1;
        Print(L"    0x%lx-0x%lx %s\r\n", ds, de, mem_type_name(d->Type));
    }
    if (!any)
        Print(L"  the firmware's memory map has no memory there\r\n");
    FreePool(map);
}
