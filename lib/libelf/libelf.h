/*
 * libelf: Quire's one reader of ELF64 files, used by the kernel (boot
 * modules), VFS (exec) and the GNU-EFI loader (the kernel image).
 *
 * Pure, freestanding C: nothing but <stdint.h> and <stddef.h>, no libc, no
 * kernel or EFI headers, so the same sources build with the kernel's, the
 * user programs', the GNU-EFI loader's and the host tests' flags.
 *
 * Layers (each built on the one before):
 *   elf_hdr.c    the on-disk headers decoded from bytes; the checks every
 *                reader makes on the ELF header and on each segment
 *   elf_exec.c   a static user executable: the plan the kernel and VFS
 *                load (struct elf_image), segments in user space
 *   elf_kimage.c the kernel image for the EFI loader: physical placement,
 *                entry, the page ranges to allocate
 *   elf_note.c   searching a note block (the kernel's entry note)
 *
 * Every check compares sizes as "a <= limit && b <= limit - a": files and
 * headers come from disks a person may have corrupted, and no sum may wrap.
 * A check returns NULL (or 0) when good, else a message for a person.
 */
#ifndef QUIRE_LIBELF_H
#define QUIRE_LIBELF_H

#include <stddef.h>
#include <stdint.h>

/* ---- the on-disk layouts (System V gABI, ELF64 little-endian) ---------- */

#define ELF_PT_LOAD   1
#define ELF_PT_NOTE   4
#define ELF_SHT_NOTE  7
#define ELF_ET_EXEC   2
#define ELF_EM_X86_64 62
#define ELF_PN_XNUM   0xffff   /* "the real count is elsewhere": not supported */
#define ELF_EHDR_SIZE 64
#define ELF_PHDR_SIZE 56
#define ELF_SHDR_SIZE 64
#define ELF_PAGE      4096ULL

/* The field order and sizes are the file's, so on x86-64 a struct read
 * straight from a file (the EFI loader) is the header; byte buffers of
 * unknown alignment go through elf_decode_ehdr/phdr instead. */
struct elf64_ehdr {
	unsigned char e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

struct elf64_shdr {
	uint32_t sh_name;
	uint32_t sh_type;
	uint64_t sh_flags;
	uint64_t sh_addr;
	uint64_t sh_offset;
	uint64_t sh_size;
	uint32_t sh_link;
	uint32_t sh_info;
	uint64_t sh_addralign;
	uint64_t sh_entsize;
};

/* ---- elf_hdr.c: checks every reader makes ------------------------------ */

/* The header / the i-th program header from bytes of any alignment. The
 * caller has made sure the bytes are there (ELF_EHDR_SIZE at buf;
 * elf_check_ehdr() for the program header table). */
void elf_decode_ehdr(const void *buf, struct elf64_ehdr *eh);
void elf_decode_phdr(const void *buf, const struct elf64_ehdr *eh, unsigned i,
					 struct elf64_phdr *ph);

/*
 * The ELF header of a file whose first hdr_len bytes are at hand: magic,
 * ELFCLASS64, little-endian, version 1 (in e_ident and e_version), x86-64,
 * ET_EXEC, 56-byte program headers, 1..0xfffe of them, and the table
 * inside the hdr_len bytes. A hdr_len below ELF_EHDR_SIZE is refused
 * ("file too short") before eh is looked at.
 */
const char *elf_check_ehdr(const struct elf64_ehdr *eh, uint64_t hdr_len);

/*
 * One program header of a file of file_size bytes. PT_LOAD and PT_NOTE:
 * the file bytes inside the file. PT_LOAD: filesz <= memsz. Other types
 * pass. Where the segment goes is each loader's own check (below).
 */
const char *elf_check_phdr(const struct elf64_phdr *ph, uint64_t file_size);

/* Little-endian u64 from possibly unaligned bytes. */
uint64_t elf_get64(const uint8_t *p);

/* ---- elf_exec.c: a static user executable ------------------------------ */

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
	uint64_t mem_len;      /* bytes of memory from file_vaddr (file_len, then zeros) */
	uint32_t flags;        /* ELF_SEG_* */
};

struct elf_image {
	uint64_t entry;
	int nr_segments;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/*
 * Check a whole executable of len bytes at file and plan its loading:
 * elf_check_ehdr() and elf_check_phdr() on every header, then for each
 * non-empty PT_LOAD (at most ELF_MAX_SEGMENTS): inside [ELF_PAGE,
 * user_end), no two overlapping once rounded out to pages; at least one;
 * the entry inside the memory of an executable one. Returns 0, or -1 with
 * *why set; *out is meaningful only on 0.
 */
int elf_check(const void *file, size_t len, uint64_t user_end,
			  struct elf_image *out, const char **why);

/* The same for a loader that has read only the start of the file: the
 * ELF and program headers must lie within the hdr_len bytes at hdr, the
 * segments within file_len. */
int elf_check_headers(const void *hdr, size_t hdr_len, uint64_t file_len, uint64_t user_end,
					  struct elf_image *out, const char **why);

/* ---- elf_kimage.c: the kernel image (GNU-EFI loader) ------------------- */

/* A physical range [start, end) to allocate, page-aligned. */
struct elf_range {
	uint64_t start;
	uint64_t end;
};

/*
 * The kernel image's program headers (n of them, from a file of file_size
 * bytes), placed by p_paddr: elf_check_phdr() on each; each PT_LOAD ends
 * below the last page (no wrap-around); no two non-empty PT_LOADs overlap
 * in physical memory (sharing a page is fine); at least one is non-empty.
 */
const char *elf_check_kernel_phdrs(const struct elf64_phdr *ph, unsigned n,
								   uint64_t file_size);

/*
 * Whether physical address entry lies in the file-backed part of an
 * executable (PF_X) PT_LOAD segment: where code can be.
 */
int elf_entry_in_load(const struct elf64_phdr *ph, unsigned n, uint64_t entry);

/*
 * The page-rounded physical ranges the PT_LOAD segments need, sorted, with
 * ranges that share or touch a page merged (two segments may share a page).
 * Returns the number of ranges, or -1 if there are more than cap. Assumes
 * elf_check_kernel_phdrs() passed (no wrap-around).
 */
int elf_load_ranges(const struct elf64_phdr *ph, unsigned n,
					struct elf_range *out, unsigned cap);

/* ---- elf_note.c --------------------------------------------------------- */

/*
 * Search a block of notes (a PT_NOTE segment or SHT_NOTE section) for the
 * note with this name and type. align is the segment/section alignment:
 * 8 means 8-byte padding of name and desc, anything else 4 (the usual
 * ELF64 convention, gABI notwithstanding). Returns 1 and sets *desc and
 * *descsz when found, 0 when not, -1 if the block is malformed.
 */
int elf_find_note(const uint8_t *buf, size_t len, uint64_t align,
				  const char *name, uint32_t type,
				  const uint8_t **desc, uint32_t *descsz);

#endif
