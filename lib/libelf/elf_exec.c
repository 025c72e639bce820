/*
 * A static user executable (see libelf.h): the plan the kernel follows to
 * load a boot module and VFS to exec a file. Everything the loaders rely
 * on afterwards (segments inside the file, inside user space and off the
 * null page, page-rounded ends that do not wrap, no overlap, the entry in
 * executable memory) is established here first.
 */
#include "libelf.h"

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

/* Add the PT_LOAD *ph (already through elf_check_phdr) to the plan. */
static int add_segment(const struct elf64_phdr *ph, uint64_t user_end,
		       struct elf_image *out, const char **why)
{
	if (out->nr_segments == ELF_MAX_SEGMENTS)
		return fail(why, "too many segments");
	if (ph->p_vaddr >= user_end || ph->p_memsz > user_end - ph->p_vaddr)
		return fail(why, "segment outside user space");
	if (ph->p_vaddr < ELF_PAGE)
		return fail(why, "segment in the null page");
	struct elf_segment *s = &out->seg[out->nr_segments];
	s->vaddr = ph->p_vaddr & ~(ELF_PAGE - 1);
	s->mem_end = (ph->p_vaddr + ph->p_memsz + ELF_PAGE - 1) & ~(ELF_PAGE - 1);
	s->mem_len = ph->p_memsz;
	/* user_end may be the top of the address space: the round-up wraps. */
	if (s->mem_end <= s->vaddr)
		return fail(why, "segment wraps around the address space");
	s->file_vaddr = ph->p_vaddr;
	s->file_off = ph->p_offset;
	s->file_len = ph->p_filesz;
	s->flags = ph->p_flags & (ELF_SEG_R | ELF_SEG_W | ELF_SEG_X);
	/* Whole pages are mapped, so segments may not even share a page. */
	for (int j = 0; j < out->nr_segments; j++) {
		const struct elf_segment *o = &out->seg[j];
		if (s->vaddr < o->mem_end && o->vaddr < s->mem_end)
			return fail(why, "segments overlap");
	}
	out->nr_segments++;
	return 0;
}

int elf_check_headers(const void *hdr, size_t hdr_len, uint64_t len, uint64_t user_end,
		      struct elf_image *out, const char **why)
{
	struct elf64_ehdr eh;
	const char *bad;

	if (hdr_len < ELF_EHDR_SIZE || len < hdr_len)
		return fail(why, "file too short to be an ELF image");
	elf_decode_ehdr(hdr, &eh);
	if ((bad = elf_check_ehdr(&eh, hdr_len)))
		return fail(why, bad);

	out->entry = eh.e_entry;
	out->nr_segments = 0;
	int entry_ok = 0;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		struct elf64_phdr ph;
		elf_decode_phdr(hdr, &eh, i, &ph);
		if ((bad = elf_check_phdr(&ph, len)))
			return fail(why, bad);
		if (ph.p_type != ELF_PT_LOAD || ph.p_memsz == 0)
			continue;
		if (add_segment(&ph, user_end, out, why))
			return -1;
		/* add_segment() ruled out vaddr + memsz wrapping. */
		if (eh.e_entry >= ph.p_vaddr && eh.e_entry < ph.p_vaddr + ph.p_memsz &&
		    (ph.p_flags & ELF_SEG_X))
			entry_ok = 1;
	}
	if (out->nr_segments == 0)
		return fail(why, "no loadable segments");
	if (!entry_ok)
		return fail(why, "entry point not in an executable segment");
	return 0;
}
