/*
 * The multiboot2 boot information, parsed into a plain struct. Pure code:
 * compiled on the host for the unit tests. The parser trusts nothing: a
 * tag that runs past the structure, a short tag or a bad size is refused.
 */
#ifndef KERNEL_MB2_H
#define KERNEL_MB2_H

#include <stdint.h>
#include <stddef.h>

#define BOOT_MAX_MODULES  32
#define BOOT_MAX_MMAP     128
#define BOOT_STRING       128

#define MB2_MEM_AVAILABLE 1
#define MB2_MEM_RESERVED  2
#define MB2_MEM_ACPI      3
#define MB2_MEM_NVS       4
#define MB2_MEM_BAD       5

struct boot_module {
	uint64_t start, end;           /* physical [start, end) */
	char string[BOOT_STRING];      /* "name arg..." from the loader */
};

struct boot_mmap {
	uint64_t base, len;
	uint32_t type;                 /* MB2_MEM_* */
};

struct bootinfo {
	uint32_t total_size;           /* of the information structure */
	char cmdline[BOOT_STRING];
	char loader[64];
	int nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
	int nr_mmap;
	struct boot_mmap mmap[BOOT_MAX_MMAP];
	uint64_t rsdp_len;             /* 0: no ACPI tag */
	uint8_t rsdp[64];
	uint64_t fb_addr;              /* 0: no framebuffer tag */
	uint32_t fb_width, fb_height, fb_pitch, fb_bpp;
};

/* Parse the structure at info, of which at most avail bytes may be read.
 * Returns 0, or -1 with *why set to a static description. */
int mb2_parse(const void *info, size_t avail, struct bootinfo *out, const char **why);

/* Usable RAM in bytes and the end of the highest available range. */
uint64_t mb2_mem_available(const struct bootinfo *bi);
uint64_t mb2_mem_top(const struct bootinfo *bi);

#endif
