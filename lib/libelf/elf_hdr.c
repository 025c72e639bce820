/*
 * The ELF header and per-segment checks every reader of an ELF file makes
 * (see libelf.h), and decoding the headers from bytes of any alignment.
 */
#include "libelf.h"

/* a + b <= limit, without overflow. */
static int fits(uint64_t a, uint64_t b, uint64_t limit)
{
	return a <= limit && b <= limit - a;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

uint64_t elf_get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

void elf_decode_ehdr(const void *buf, struct elf64_ehdr *eh)
{
	const uint8_t *b = buf;
	for (int i = 0; i < 16; i++)
		eh->e_ident[i] = b[i];
	eh->e_type = get16(b + 16);
	eh->e_machine = get16(b + 18);
	eh->e_version = get32(b + 20);
	eh->e_entry = elf_get64(b + 24);
	eh->e_phoff = elf_get64(b + 32);
	eh->e_shoff = elf_get64(b + 40);
	eh->e_flags = get32(b + 48);
	eh->e_ehsize = get16(b + 52);
	eh->e_phentsize = get16(b + 54);
	eh->e_phnum = get16(b + 56);
	eh->e_shentsize = get16(b + 58);
	eh->e_shnum = get16(b + 60);
	eh->e_shstrndx = get16(b + 62);
}

void elf_decode_phdr(const void *buf, const struct elf64_ehdr *eh, unsigned i,
		     struct elf64_phdr *ph)
{
	const uint8_t *b = (const uint8_t *)buf + eh->e_phoff + (uint64_t)i * ELF_PHDR_SIZE;
	ph->p_type = get32(b);
	ph->p_flags = get32(b + 4);
	ph->p_offset = elf_get64(b + 8);
	ph->p_vaddr = elf_get64(b + 16);
	ph->p_paddr = elf_get64(b + 24);
	ph->p_filesz = elf_get64(b + 32);
	ph->p_memsz = elf_get64(b + 40);
	ph->p_align = elf_get64(b + 48);
}

const char *elf_check_ehdr(const struct elf64_ehdr *eh, uint64_t hdr_len)
{
	const unsigned char *id = eh->e_ident;

	if (hdr_len < ELF_EHDR_SIZE)
		return "file too short to be an ELF image";
	if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		return "not an ELF file (bad magic)";
	if (id[4] != 2)
		return "not a 64-bit ELF file";
	if (id[5] != 1)
		return "not a little-endian ELF file";
	if (id[6] != 1 || eh->e_version != 1)
		return "unknown ELF version";
	if (eh->e_machine != ELF_EM_X86_64)
		return "not an x86-64 ELF file";
	if (eh->e_type != ELF_ET_EXEC)
		return "not an executable (ET_EXEC) ELF file";
	if (eh->e_phentsize != ELF_PHDR_SIZE)
		return "unexpected program header size";
	if (eh->e_phnum == 0 || eh->e_phnum == ELF_PN_XNUM)
		return "no program headers";
	if (!fits(eh->e_phoff, (uint64_t)eh->e_phnum * ELF_PHDR_SIZE, hdr_len))
		return "program headers lie outside the file";
	return 0;
}

const char *elf_check_phdr(const struct elf64_phdr *ph, uint64_t file_size)
{
	if (ph->p_type != ELF_PT_LOAD && ph->p_type != ELF_PT_NOTE)
		return 0;
	if (!fits(ph->p_offset, ph->p_filesz, file_size))
		return "a segment's bytes lie outside the file";
	if (ph->p_type == ELF_PT_LOAD && ph->p_filesz > ph->p_memsz)
		return "a segment's file size exceeds its memory size";
	return 0;
}
