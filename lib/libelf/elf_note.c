/*
 * Searching a block of ELF notes (see libelf.h): how the GNU-EFI loader
 * finds the kernel's 64-bit entry (include/quire/bootnote.h).
 */
#include "libelf.h"

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

int elf_find_note(const uint8_t *buf, size_t len, uint64_t align,
		  const char *name, uint32_t type,
		  const uint8_t **desc, uint32_t *descsz)
{
	uint64_t a = align == 8 ? 8 : 4;
	uint64_t off = 0, nlen = 0;

	while (name[nlen])
		nlen++;
	nlen++; /* namesz counts the NUL */

	/* Offsets are relative to the block, which starts aligned; padding is
	 * to absolute multiples of a within it. off + 12 <= len keeps every
	 * sum below from wrapping: namesz and dsz are 32-bit. */
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
