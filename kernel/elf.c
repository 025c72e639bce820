#include "elf.h"
#include <stdbool.h>

#define PAGE 4096ULL

struct ehdr {
	uint8_t  ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD 1
#define ET_EXEC 2
#define EM_X86_64 62

static int fail(const char **why, const char *msg)
{
	*why = msg;
	return -1;
}

int elf_check(const void *file, size_t len, uint64_t user_end,
	      struct elf_image *out, const char **why)
{
	return elf_check_headers(file, len, len, user_end, out, why);
}

int elf_check_headers(const void *hdr, size_t hdr_len, uint64_t len, uint64_t user_end,
		      struct elf_image *out, const char **why)
{
	const uint8_t *f = hdr;
	struct ehdr eh;
	if (hdr_len < sizeof(eh) || len < hdr_len)
		return fail(why, "file shorter than an ELF header");
	__builtin_memcpy(&eh, f, sizeof(eh));
	if (eh.ident[0] != 0x7f || eh.ident[1] != 'E' || eh.ident[2] != 'L' || eh.ident[3] != 'F')
		return fail(why, "not an ELF file");
	if (eh.ident[4] != 2 || eh.ident[5] != 1)
		return fail(why, "not 64-bit little-endian");
	if (eh.type != ET_EXEC || eh.machine != EM_X86_64)
		return fail(why, "not an x86-64 executable");
	if (eh.phentsize != sizeof(struct phdr) || eh.phnum == 0)
		return fail(why, "bad program header table");
	if (eh.phoff > hdr_len || (uint64_t)eh.phnum * sizeof(struct phdr) > hdr_len - eh.phoff)
		return fail(why, "program headers outside the file");

	out->entry = eh.entry;
	out->nr_segments = 0;
	bool entry_ok = false;
	for (int i = 0; i < eh.phnum; i++) {
		struct phdr ph;
		__builtin_memcpy(&ph, f + eh.phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.type != PT_LOAD || ph.memsz == 0)
			continue;
		if (out->nr_segments == ELF_MAX_SEGMENTS)
			return fail(why, "too many segments");
		if (ph.filesz > ph.memsz)
			return fail(why, "segment file size exceeds memory size");
		if (ph.offset > len || ph.filesz > len - ph.offset)
			return fail(why, "segment outside the file");
		if (ph.vaddr >= user_end || ph.memsz > user_end - ph.vaddr)
			return fail(why, "segment outside user space");
		if (ph.vaddr < PAGE)
			return fail(why, "segment in the null page");
		struct elf_segment *s = &out->seg[out->nr_segments];
		s->vaddr = ph.vaddr & ~(PAGE - 1);
		s->mem_end = (ph.vaddr + ph.memsz + PAGE - 1) & ~(PAGE - 1);
		if (s->mem_end <= s->vaddr)
			return fail(why, "segment wraps around the address space");
		s->file_vaddr = ph.vaddr;
		s->file_off = ph.offset;
		s->file_len = ph.filesz;
		s->flags = ph.flags & 7;
		for (int j = 0; j < out->nr_segments; j++) {
			const struct elf_segment *o = &out->seg[j];
			if (s->vaddr < o->mem_end && o->vaddr < s->mem_end)
				return fail(why, "segments overlap");
		}
		if (eh.entry >= ph.vaddr && eh.entry < ph.vaddr + ph.memsz && (ph.flags & ELF_SEG_X))
			entry_ok = true;
		out->nr_segments++;
	}
	if (out->nr_segments == 0)
		return fail(why, "no loadable segments");
	if (!entry_ok)
		return fail(why, "entry point not in an executable segment");
	return 0;
}
