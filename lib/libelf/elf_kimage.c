/*
 * The kernel image as the GNU-EFI loader places it (see libelf.h): each
 * PT_LOAD is copied to its p_paddr, so the checks are about physical
 * placement, and two segments may share a page (the loader allocates the
 * merged page ranges, then copies each segment's bytes).
 */
#include "libelf.h"

/* a + b <= limit, without overflow. */
static int fits(uint64_t a, uint64_t b, uint64_t limit)
{
	return a <= limit && b <= limit - a;
}

const char *elf_check_kernel_phdrs(const struct elf64_phdr *ph, unsigned n,
				   uint64_t file_size)
{
	unsigned i, j, loads = 0;
	const char *bad;

	for (i = 0; i < n; i++) {
		const struct elf64_phdr *p = &ph[i];
		if ((bad = elf_check_phdr(p, file_size)))
			return bad;
		if (p->p_type != ELF_PT_LOAD)
			continue;
		/* Rounding the end up to a page must not wrap either. */
		if (!fits(p->p_paddr, p->p_memsz, UINT64_MAX - ELF_PAGE))
			return "a segment wraps around the address space";
		if (p->p_memsz == 0)
			continue;
		loads++;
		for (j = 0; j < i; j++) {
			const struct elf64_phdr *q = &ph[j];
			if (q->p_type != ELF_PT_LOAD || q->p_memsz == 0)
				continue;
			if (p->p_paddr < q->p_paddr + q->p_memsz &&
			    q->p_paddr < p->p_paddr + p->p_memsz)
				return "two segments overlap in physical memory";
		}
	}
	if (loads == 0)
		return "no loadable segments";
	return 0;
}

int elf_entry_in_load(const struct elf64_phdr *ph, unsigned n, uint64_t entry)
{
	for (unsigned i = 0; i < n; i++)
		if (ph[i].p_type == ELF_PT_LOAD && (ph[i].p_flags & ELF_SEG_X) &&
		    entry >= ph[i].p_paddr && entry - ph[i].p_paddr < ph[i].p_filesz)
			return 1;
	return 0;
}

int elf_load_ranges(const struct elf64_phdr *ph, unsigned n,
		    struct elf_range *out, unsigned cap)
{
	unsigned m = 0;   /* out[0..m) is sorted, merged and within cap */

	for (unsigned i = 0; i < n; i++) {
		if (ph[i].p_type != ELF_PT_LOAD || ph[i].p_memsz == 0)
			continue;
		/* elf_check_kernel_phdrs() has ruled out wrap-around past the last page. */
		struct elf_range r;
		r.start = ph[i].p_paddr & ~(ELF_PAGE - 1);
		r.end = (ph[i].p_paddr + ph[i].p_memsz + ELF_PAGE - 1) & ~(ELF_PAGE - 1);
		/* The first range that reaches r, then every one r reaches. */
		unsigned lo = 0;
		while (lo < m && out[lo].end < r.start)
			lo++;
		unsigned hi = lo;
		while (hi < m && out[hi].start <= r.end) {
			if (out[hi].start < r.start)
				r.start = out[hi].start;
			if (out[hi].end > r.end)
				r.end = out[hi].end;
			hi++;
		}
		/* Replace out[lo..hi) by r. */
		unsigned newm = m - (hi - lo) + 1;
		if (newm > cap)
			return -1;
		if (hi == lo) {
			for (unsigned j = m; j > lo; j--)
				out[j] = out[j - 1];
		} else {
			for (unsigned j = hi; j < m; j++)
				out[j - (hi - lo) + 1] = out[j];
		}
		out[lo] = r;
		m = newm;
	}
	return (int)m;
}
