/*
 * Checking a static ELF64 executable before it is loaded. Pure code,
 * compiled on the host for the unit tests: everything the loader later
 * relies on (segments inside the file, inside user space, no overflow, no
 * overlap) is established here first.
 */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <stdint.h>
#include <stddef.h>

#define ELF_MAX_SEGMENTS 8

#define ELF_SEG_R 0x4
#define ELF_SEG_W 0x2
#define ELF_SEG_X 0x1

struct elf_segment {
	uint64_t vaddr;        /* page-aligned start of the mapping */
	uint64_t mem_end;      /* end of the mapping, page-aligned up */
	uint64_t file_vaddr;   /* where the file bytes go */
	uint64_t file_off;     /* where they come from */
	uint64_t file_len;
	uint32_t flags;        /* ELF_SEG_* */
};

struct elf_image {
	uint64_t entry;
	int nr_segments;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/* Returns 0, or -1 with *why set. user_end bounds every segment. */
int elf_check(const void *file, size_t len, uint64_t user_end,
	      struct elf_image *out, const char **why);

/* The same for a loader that has read only the start of the file: the
 * ELF and program headers must lie within the hdr_len bytes at hdr, the
 * segments within file_len. */
int elf_check_headers(const void *hdr, size_t hdr_len, uint64_t file_len, uint64_t user_end,
		      struct elf_image *out, const char **why);

#endif
