#include "mb2.h"

#define TAG_END       0
#define TAG_CMDLINE   1
#define TAG_LOADER    2
#define TAG_MODULE    3
#define TAG_MEMINFO   4
#define TAG_MMAP      6
#define TAG_FB        8
#define TAG_ACPI_OLD  14
#define TAG_ACPI_NEW  15

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Copy a string field of at most len bytes, NUL-terminated or not. */
static void copy_string(char *dst, size_t size, const uint8_t *src, size_t len)
{
	size_t i = 0;
	for (; i + 1 < size && i < len && src[i]; i++)
		dst[i] = (char)src[i];
	dst[i] = '\0';
}

static void zero(void *p, size_t n)
{
	uint8_t *b = p;
	while (n--)
		*b++ = 0;
}

int mb2_parse(const void *info, size_t avail, struct bootinfo *out, const char **why)
{
	const uint8_t *base = info;
	zero(out, sizeof(*out));
	if (avail < 16) {
		*why = "information structure too small";
		return -1;
	}
	uint32_t total = rd32(base);
	if (total < 16 || total > avail) {
		*why = "bad total_size";
		return -1;
	}
	out->total_size = total;
	size_t off = 8;
	for (;;) {
		if (off + 8 > total) {
			*why = "no end tag";
			return -1;
		}
		const uint8_t *tag = base + off;
		uint32_t type = rd32(tag), size = rd32(tag + 4);
		if (size < 8 || size > total - off) {
			*why = "tag size out of bounds";
			return -1;
		}
		const uint8_t *body = tag + 8;
		uint32_t blen = size - 8;
		switch (type) {
		case TAG_END:
			return 0;
		case TAG_CMDLINE:
			copy_string(out->cmdline, sizeof(out->cmdline), body, blen);
			break;
		case TAG_LOADER:
			copy_string(out->loader, sizeof(out->loader), body, blen);
			break;
		case TAG_MODULE: {
			if (blen < 8) {
				*why = "short module tag";
				return -1;
			}
			if (out->nr_modules == BOOT_MAX_MODULES) {
				*why = "too many modules";
				return -1;
			}
			struct boot_module *m = &out->modules[out->nr_modules++];
			m->start = rd32(body);
			m->end = rd32(body + 4);
			if (m->end < m->start) {
				*why = "module ends before it starts";
				return -1;
			}
			copy_string(m->string, sizeof(m->string), body + 8, blen - 8);
			break;
		}
		case TAG_MMAP: {
			if (blen < 8) {
				*why = "short memory map tag";
				return -1;
			}
			uint32_t esize = rd32(body);
			if (esize < 24 || esize % 8) {
				*why = "bad memory map entry size";
				return -1;
			}
			for (uint32_t e = 8; e + esize <= blen; e += esize) {
				if (out->nr_mmap == BOOT_MAX_MMAP)
					break;   /* the rest is lost, not misread */
				struct boot_mmap *m = &out->mmap[out->nr_mmap++];
				m->base = rd64(body + e);
				m->len = rd64(body + e + 8);
				m->type = rd32(body + e + 16);
			}
			break;
		}
		case TAG_FB:
			if (blen >= 21) {
				out->fb_addr = rd64(body);
				out->fb_pitch = rd32(body + 8);
				out->fb_width = rd32(body + 12);
				out->fb_height = rd32(body + 16);
				out->fb_bpp = body[20];
			}
			break;
		case TAG_ACPI_OLD:
		case TAG_ACPI_NEW: {
			uint32_t n = blen < sizeof(out->rsdp) ? blen : sizeof(out->rsdp);
			for (uint32_t i = 0; i < n; i++)
				out->rsdp[i] = body[i];
			out->rsdp_len = n;
			break;
		}
		default:
			break;   /* tags we do not use */
		}
		off += (size + 7) & ~7u;
	}
}

uint64_t mb2_mem_available(const struct bootinfo *bi)
{
	uint64_t n = 0;
	for (int i = 0; i < bi->nr_mmap; i++)
		if (bi->mmap[i].type == MB2_MEM_AVAILABLE)
			n += bi->mmap[i].len;
	return n;
}

uint64_t mb2_mem_top(const struct bootinfo *bi)
{
	uint64_t top = 0;
	for (int i = 0; i < bi->nr_mmap; i++) {
		const struct boot_mmap *m = &bi->mmap[i];
		if (m->type != MB2_MEM_AVAILABLE || m->base + m->len < m->base)
			continue;   /* a wrapping entry is nonsense, not the top */
		if (m->base + m->len > top)
			top = m->base + m->len;
	}
	return top;
}
