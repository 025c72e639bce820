/*
 * Host tests for lib/libelf's executable checker (elf_exec.c, on the
 * header and segment checks of elf_hdr.c), which the kernel uses for boot
 * modules and VFS for exec: images are built in a buffer from the ELF
 * specification's layouts; a good two-segment executable is accepted, and
 * each way of being wrong is refused with a reason. The kernel-image side
 * of the library is tested by test_efi_elf_*.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/libelf/libelf.h"

/* The on-disk layouts (System V gABI), written out here so the tests do
 * not share the checker's private structs. */
struct ehdr64 {
	uint8_t  e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct phdr64 {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

_Static_assert(sizeof(struct ehdr64) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct phdr64) == 56, "ELF64 program header is 56 bytes");

#define PT_NULL       0
#define PT_LOAD       1
#define PT_NOTE       4
#define PT_GNU_STACK  0x6474e551
#define ET_EXEC       2
#define ET_DYN        3
#define EM_386        3
#define EM_X86_64     62
#define PF_X          1
#define PF_W          2
#define PF_R          4

#define USER_END      0x0000800000000000ULL
#define PG            4096ULL

static _Alignas(8) uint8_t img[0x4000];
static size_t img_len;
static struct elf_image out;
static const char *why;

static struct ehdr64 *eh(void)
{
	return (struct ehdr64 *)img;
}

static struct phdr64 *ph(int i)
{
	return (struct phdr64 *)(img + eh()->e_phoff) + i;
}

/* A static x86-64 executable: headers, then
 *   [0] text  R-X  vaddr 0x400000, file 0x1000..0x1800
 *   [1] data  RW-  vaddr 0x402100, file 0x2100..0x2200, memsz 0x3000 (bss)
 *   [2] GNU_STACK (ignored)
 * entry 0x400010. */
static int setup(void **state)
{
	memset(img, 0, sizeof(img));
	memset(&out, 0x5a, sizeof(out));
	why = NULL;
	struct ehdr64 *e = eh();
	memcpy(e->e_ident, "\x7f" "ELF", 4);
	e->e_ident[4] = 2;                 /* ELFCLASS64 */
	e->e_ident[5] = 1;                 /* ELFDATA2LSB */
	e->e_ident[6] = 1;                 /* EV_CURRENT */
	e->e_type = ET_EXEC;
	e->e_machine = EM_X86_64;
	e->e_version = 1;
	e->e_entry = 0x400010;
	e->e_phoff = sizeof(struct ehdr64);
	e->e_ehsize = sizeof(struct ehdr64);
	e->e_phentsize = sizeof(struct phdr64);
	e->e_phnum = 3;

	*ph(0) = (struct phdr64){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
		.p_offset = 0x1000, .p_vaddr = 0x400000, .p_paddr = 0x400000,
		.p_filesz = 0x800, .p_memsz = 0x800, .p_align = PG };
	*ph(1) = (struct phdr64){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W,
		.p_offset = 0x2100, .p_vaddr = 0x402100, .p_paddr = 0x402100,
		.p_filesz = 0x100, .p_memsz = 0x3000, .p_align = PG };
	*ph(2) = (struct phdr64){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W };
	memset(img + 0x1000, 0x90, 0x800);
	memset(img + 0x2100, 0xdd, 0x100);
	img_len = 0x2200;
	return 0;
}

static int check(void)
{
	return elf_check(img, img_len, USER_END, &out, &why);
}

static void assert_refused(const char *expected_why)
{
	assert_int_equal(check(), -1);
	assert_non_null(why);
	assert_string_equal(why, expected_why);
}

/* ---- accepted ----------------------------------------------------------- */

static void two_segment_executable_gives_its_segments_and_entry(void **state)
{
	assert_int_equal(check(), 0);
	assert_int_equal(out.entry, 0x400010);
	assert_int_equal(out.nr_segments, 2);

	assert_int_equal(out.seg[0].vaddr, 0x400000);
	assert_int_equal(out.seg[0].mem_end, 0x401000);
	assert_int_equal(out.seg[0].file_vaddr, 0x400000);
	assert_int_equal(out.seg[0].file_off, 0x1000);
	assert_int_equal(out.seg[0].file_len, 0x800);
	assert_int_equal(out.seg[0].flags, ELF_SEG_R | ELF_SEG_X);

	assert_int_equal(out.seg[1].vaddr, 0x402000);
	assert_int_equal(out.seg[1].mem_end, 0x406000);   /* 0x402100 + 0x3000, up */
	assert_int_equal(out.seg[1].file_vaddr, 0x402100);
	assert_int_equal(out.seg[1].file_off, 0x2100);
	assert_int_equal(out.seg[1].file_len, 0x100);
	assert_int_equal(out.seg[1].flags, ELF_SEG_R | ELF_SEG_W);
}

static void segment_flags_beyond_rwx_are_dropped(void **state)
{
	ph(0)->p_flags = PF_R | PF_X | 0x00f00000;   /* PF_MASKOS bits */
	assert_int_equal(check(), 0);
	assert_int_equal(out.seg[0].flags, ELF_SEG_R | ELF_SEG_X);
}

static void segment_ending_exactly_at_user_end_is_accepted(void **state)
{
	ph(1)->p_vaddr = USER_END - 0x3000;
	assert_int_equal(check(), 0);
	assert_int_equal(out.seg[1].vaddr, USER_END - 0x3000);
	assert_int_equal(out.seg[1].mem_end, USER_END);
}

static void segment_ending_exactly_at_end_of_file_is_accepted(void **state)
{
	ph(1)->p_filesz = 0x100;
	img_len = 0x2200;
	assert_int_equal(check(), 0);
	ph(1)->p_offset = 0x2200;            /* empty file part at the very end */
	ph(1)->p_filesz = 0;
	assert_int_equal(check(), 0);
	assert_int_equal(out.seg[1].file_len, 0);
}

static void segment_starting_at_first_page_is_accepted(void **state)
{
	ph(0)->p_vaddr = PG;
	eh()->e_entry = PG;
	assert_int_equal(check(), 0);
	assert_int_equal(out.seg[0].vaddr, PG);
}

static void empty_load_segments_are_skipped(void **state)
{
	ph(2)->p_type = PT_LOAD;            /* memsz 0: nothing to map */
	ph(2)->p_vaddr = 0;
	assert_int_equal(check(), 0);
	assert_int_equal(out.nr_segments, 2);
}

static void eight_segments_are_accepted(void **state)
{
	eh()->e_phnum = ELF_MAX_SEGMENTS;
	for (int i = 2; i < ELF_MAX_SEGMENTS; i++)
		*ph(i) = (struct phdr64){ .p_type = PT_LOAD, .p_flags = PF_R,
			.p_vaddr = 0x500000 + (uint64_t)i * 0x10000, .p_memsz = 0x100 };
	assert_int_equal(check(), 0);
	assert_int_equal(out.nr_segments, ELF_MAX_SEGMENTS);
	assert_int_equal(out.seg[ELF_MAX_SEGMENTS - 1].vaddr, 0x570000);
}

/* ---- refused: the header ------------------------------------------------ */

static void file_shorter_than_a_header_is_refused(void **state)
{
	img_len = sizeof(struct ehdr64) - 1;
	assert_refused("file too short to be an ELF image");
	img_len = 0;
	assert_refused("file too short to be an ELF image");
}

static void bad_magic_is_refused(void **state)
{
	img[1] = 'e';
	assert_refused("not an ELF file (bad magic)");
	setup(state);
	img[0] = 0x7e;
	assert_refused("not an ELF file (bad magic)");
}

static void elf32_is_refused(void **state)
{
	eh()->e_ident[4] = 1;               /* ELFCLASS32 */
	assert_refused("not a 64-bit ELF file");
}

static void big_endian_is_refused(void **state)
{
	eh()->e_ident[5] = 2;               /* ELFDATA2MSB */
	assert_refused("not a little-endian ELF file");
}

static void wrong_machine_is_refused(void **state)
{
	eh()->e_machine = EM_386;
	assert_refused("not an x86-64 ELF file");
	eh()->e_machine = 183;              /* EM_AARCH64 */
	assert_refused("not an x86-64 ELF file");
}

static void shared_object_is_refused(void **state)
{
	eh()->e_type = ET_DYN;
	assert_refused("not an executable (ET_EXEC) ELF file");
}

static void wrong_program_header_size_is_refused(void **state)
{
	eh()->e_phentsize = 32;             /* ELF32's program header size */
	assert_refused("unexpected program header size");
	eh()->e_phentsize = 64;
	assert_refused("unexpected program header size");
}

static void no_program_headers_is_refused(void **state)
{
	eh()->e_phnum = 0;
	assert_refused("no program headers");
}

static void program_headers_past_end_of_file_are_refused(void **state)
{
	eh()->e_phoff = img_len - 3 * sizeof(struct phdr64) + 1;
	assert_refused("program headers lie outside the file");
}

static void program_header_offset_beyond_file_is_refused(void **state)
{
	eh()->e_phoff = img_len + 8;
	assert_refused("program headers lie outside the file");
	eh()->e_phoff = ~0ULL - 8;
	assert_refused("program headers lie outside the file");
}

static void too_many_program_headers_for_the_file_are_refused(void **state)
{
	eh()->e_phnum = 0xfffe;
	assert_refused("program headers lie outside the file");
}

/* ---- refused: segments -------------------------------------------------- */

static void segment_past_end_of_file_is_refused(void **state)
{
	ph(1)->p_filesz = 0x101;
	assert_refused("a segment's bytes lie outside the file");
}

static void segment_offset_beyond_file_is_refused(void **state)
{
	ph(1)->p_offset = img_len + PG;
	ph(1)->p_filesz = 0;
	assert_refused("a segment's bytes lie outside the file");
}

static void segment_offset_wrapping_around_is_refused(void **state)
{
	ph(1)->p_offset = ~0ULL - 0x10;
	ph(1)->p_filesz = 0x100;
	assert_refused("a segment's bytes lie outside the file");
}

static void file_size_larger_than_memory_size_is_refused(void **state)
{
	ph(1)->p_memsz = 0x80;
	assert_refused("a segment's file size exceeds its memory size");
}

static void segment_above_user_end_is_refused(void **state)
{
	ph(1)->p_vaddr = USER_END;
	assert_refused("segment outside user space");
	setup(state);
	ph(1)->p_vaddr = 0xffffffff80000000ULL;   /* kernel half */
	assert_refused("segment outside user space");
}

static void segment_crossing_user_end_is_refused(void **state)
{
	ph(1)->p_vaddr = USER_END - 0x1000;      /* memsz 0x3000 */
	assert_refused("segment outside user space");
}

static void segment_wrapping_around_the_address_space_is_refused(void **state)
{
	ph(1)->p_vaddr = 0x500000;
	ph(1)->p_memsz = ~0ULL - 0x1000;
	assert_int_equal(elf_check(img, img_len, ~0ULL, &out, &why), -1);
	assert_string_equal(why, "segment outside user space");
	setup(state);
	ph(1)->p_vaddr = 0xfffffffffffff000ULL;
	ph(1)->p_memsz = 0x2000;
	assert_int_equal(elf_check(img, img_len, ~0ULL, &out, &why), -1);
	assert_string_equal(why, "segment outside user space");
}

static void segment_in_the_last_page_has_a_sane_end(void **state)
{
	/* user_end at the top of the address space: a segment ending inside
	 * the last page cannot have its end rounded up to a page boundary. */
	ph(1)->p_vaddr = 0xffffffffffffe000ULL;
	ph(1)->p_memsz = 0x1800;
	ph(1)->p_filesz = 0x100;
	int r = elf_check(img, img_len, ~0ULL, &out, &why);
	if (r == 0) {
		assert_int_equal(out.seg[1].vaddr, 0xffffffffffffe000ULL);
		assert_true(out.seg[1].mem_end > out.seg[1].vaddr);
	}
}

static void segment_in_the_null_page_is_refused(void **state)
{
	ph(0)->p_vaddr = 0;
	eh()->e_entry = 0x10;
	assert_refused("segment in the null page");
	setup(state);
	ph(0)->p_vaddr = PG - 1;
	eh()->e_entry = PG;
	assert_refused("segment in the null page");
}

static void overlapping_segments_are_refused(void **state)
{
	ph(1)->p_vaddr = 0x400400;           /* inside text */
	assert_refused("segments overlap");
}

static void segments_sharing_a_page_are_refused(void **state)
{
	ph(1)->p_vaddr = 0x400900;           /* after text's bytes, same page */
	assert_refused("segments overlap");
}

static void later_segment_below_an_earlier_one_overlapping_is_refused(void **state)
{
	ph(1)->p_vaddr = 0x3ff000;           /* memsz 0x3000 covers text */
	assert_refused("segments overlap");
}

static void entry_in_a_data_segment_is_refused(void **state)
{
	eh()->e_entry = 0x402100;
	assert_refused("entry point not in an executable segment");
}

static void entry_outside_every_segment_is_refused(void **state)
{
	eh()->e_entry = 0x400800;            /* one past text's memsz */
	assert_refused("entry point not in an executable segment");
	eh()->e_entry = 0;
	assert_refused("entry point not in an executable segment");
}

static void entry_in_text_padding_beyond_memsz_is_refused(void **state)
{
	eh()->e_entry = 0x400fff;            /* mapped page, but past the segment */
	assert_refused("entry point not in an executable segment");
}

static void no_loadable_segment_is_refused(void **state)
{
	ph(0)->p_type = PT_NOTE;
	ph(1)->p_type = PT_NULL;
	assert_refused("no loadable segments");
}

static void only_empty_loadable_segments_are_refused(void **state)
{
	ph(0)->p_memsz = 0;
	ph(0)->p_filesz = 0;
	ph(1)->p_memsz = 0;
	ph(1)->p_filesz = 0;
	assert_refused("no loadable segments");
}

static void more_than_eight_segments_are_refused(void **state)
{
	eh()->e_phnum = ELF_MAX_SEGMENTS + 1;
	for (int i = 2; i < ELF_MAX_SEGMENTS + 1; i++)
		*ph(i) = (struct phdr64){ .p_type = PT_LOAD, .p_flags = PF_R,
			.p_vaddr = 0x500000 + (uint64_t)i * 0x10000, .p_memsz = 0x100 };
	assert_refused("too many segments");
}

/* A loader that has read only the first page (VFS's exec) checks the
 * segments against the whole file's size. */
static void headers_only_buffer_checks_segments_against_file_size(void **state)
{
	assert_int_equal(elf_check_headers(img, 0x1000, img_len, USER_END, &out, &why), 0);
	assert_int_equal(out.nr_segments, 2);
	assert_int_equal(elf_check_headers(img, 0x1000, 0x1500, USER_END, &out, &why), -1);
	assert_string_equal(why, "a segment's bytes lie outside the file");
	assert_int_equal(elf_check_headers(img, 0x60, img_len, USER_END, &out, &why), -1);
	assert_string_equal(why, "program headers lie outside the file");
}

/* ---- checks the EFI loader made first, now made on every executable ----- */

static void unknown_elf_version_is_refused(void **state)
{
	eh()->e_ident[6] = 0;               /* EV_NONE */
	assert_refused("unknown ELF version");
	setup(state);
	eh()->e_version = 2;
	assert_refused("unknown ELF version");
}

static void pn_xnum_program_header_count_is_refused(void **state)
{
	eh()->e_phnum = 0xffff;             /* PN_XNUM: count in section 0 */
	assert_refused("no program headers");
}

static void note_segment_past_end_of_file_is_refused(void **state)
{
	ph(2)->p_type = PT_NOTE;
	ph(2)->p_offset = 0x2000;
	ph(2)->p_filesz = img_len - 0x2000 + 1;
	assert_refused("a segment's bytes lie outside the file");
	ph(2)->p_filesz = img_len - 0x2000;  /* up to the last byte: fine */
	assert_int_equal(check(), 0);
	assert_int_equal(out.nr_segments, 2);
}

static void empty_load_segment_with_file_bytes_is_refused(void **state)
{
	ph(2)->p_type = PT_LOAD;            /* memsz 0, yet 0x10 file bytes */
	ph(2)->p_offset = 0x1000;
	ph(2)->p_filesz = 0x10;
	assert_refused("a segment's file size exceeds its memory size");
}

static void empty_load_segment_outside_the_file_is_refused(void **state)
{
	ph(2)->p_type = PT_LOAD;
	ph(2)->p_offset = img_len + 1;
	assert_refused("a segment's bytes lie outside the file");
}

/* The kernel hands elf_check() a module wherever the boot loader put it:
 * the headers are read byte by byte, at any alignment. */
static void image_at_an_odd_address_is_read_the_same(void **state)
{
	static _Alignas(8) uint8_t shifted[sizeof(img) + 1];
	memcpy(shifted + 1, img, img_len);
	assert_int_equal(elf_check(shifted + 1, img_len, USER_END, &out, &why), 0);
	assert_int_equal(out.entry, 0x400010);
	assert_int_equal(out.nr_segments, 2);
	assert_int_equal(out.seg[1].mem_end, 0x406000);
	assert_int_equal(out.seg[1].file_off, 0x2100);
}

static void headers_buffer_longer_than_the_file_is_refused(void **state)
{
	assert_int_equal(elf_check_headers(img, 0x1000, 0x800, USER_END, &out, &why), -1);
	assert_string_equal(why, "file too short to be an ELF image");
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(headers_only_buffer_checks_segments_against_file_size),
		T(two_segment_executable_gives_its_segments_and_entry),
		T(segment_flags_beyond_rwx_are_dropped),
		T(segment_ending_exactly_at_user_end_is_accepted),
		T(segment_ending_exactly_at_end_of_file_is_accepted),
		T(segment_starting_at_first_page_is_accepted),
		T(empty_load_segments_are_skipped),
		T(eight_segments_are_accepted),
		T(file_shorter_than_a_header_is_refused),
		T(bad_magic_is_refused),
		T(elf32_is_refused),
		T(big_endian_is_refused),
		T(wrong_machine_is_refused),
		T(shared_object_is_refused),
		T(wrong_program_header_size_is_refused),
		T(no_program_headers_is_refused),
		T(program_headers_past_end_of_file_are_refused),
		T(program_header_offset_beyond_file_is_refused),
		T(too_many_program_headers_for_the_file_are_refused),
		T(segment_past_end_of_file_is_refused),
		T(segment_offset_beyond_file_is_refused),
		T(segment_offset_wrapping_around_is_refused),
		T(file_size_larger_than_memory_size_is_refused),
		T(segment_above_user_end_is_refused),
		T(segment_crossing_user_end_is_refused),
		T(segment_wrapping_around_the_address_space_is_refused),
		T(segment_in_the_last_page_has_a_sane_end),
		T(segment_in_the_null_page_is_refused),
		T(overlapping_segments_are_refused),
		T(segments_sharing_a_page_are_refused),
		T(later_segment_below_an_earlier_one_overlapping_is_refused),
		T(entry_in_a_data_segment_is_refused),
		T(entry_outside_every_segment_is_refused),
		T(entry_in_text_padding_beyond_memsz_is_refused),
		T(no_loadable_segment_is_refused),
		T(only_empty_loadable_segments_are_refused),
		T(more_than_eight_segments_are_refused),
		T(unknown_elf_version_is_refused),
		T(pn_xnum_program_header_count_is_refused),
		T(note_segment_past_end_of_file_is_refused),
		T(empty_load_segment_with_file_bytes_is_refused),
		T(empty_load_segment_outside_the_file_is_refused),
		T(image_at_an_odd_address_is_read_the_same),
		T(headers_buffer_longer_than_the_file_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
