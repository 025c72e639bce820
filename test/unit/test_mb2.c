/*
 * Host tests for the multiboot2 information parser (kernel/mb2.c): real
 * information structures are built tag by tag in a buffer, then parsed;
 * every malformed structure must be refused with a reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "mb2.h"

#define TAG_END      0
#define TAG_CMDLINE  1
#define TAG_LOADER   2
#define TAG_MODULE   3
#define TAG_MMAP     6
#define TAG_FB       8
#define TAG_ACPI_OLD 14
#define TAG_ACPI_NEW 15
#define TAG_UNKNOWN  21          /* load base address: parsed past, not used */

#define MiB (1024ULL * 1024)

/* ---- building an information structure --------------------------------- */

static _Alignas(8) uint8_t buf[16384];
static size_t used;
static struct bootinfo bi;
static const char *why;

static void wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void wr64(uint8_t *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}

static int setup(void **state)
{
	memset(buf, 0xcc, sizeof(buf));
	memset(&bi, 0x5a, sizeof(bi));    /* the parser must clear it */
	wr32(buf, 0);
	wr32(buf + 4, 0);
	used = 8;
	why = NULL;
	return 0;
}

/* Append a tag with the given body; returns the tag's offset. The next
 * tag starts at the following 8-byte boundary. */
static size_t add_tag(uint32_t type, const void *body, uint32_t blen)
{
	size_t off = used;
	assert_true(off + 8 + blen + 8 <= sizeof(buf));
	wr32(buf + off, type);
	wr32(buf + off + 4, 8 + blen);
	if (blen)
		memcpy(buf + off + 8, body, blen);
	used = (off + 8 + blen + 7) & ~(size_t)7;
	return off;
}

static void add_string_tag(uint32_t type, const char *s)
{
	add_tag(type, s, (uint32_t)strlen(s) + 1);
}

static void add_module(uint32_t start, uint32_t end, const char *s)
{
	uint8_t body[256];
	size_t n = strlen(s) + 1;
	assert_true(8 + n <= sizeof(body));
	wr32(body, start);
	wr32(body + 4, end);
	memcpy(body + 8, s, n);
	add_tag(TAG_MODULE, body, (uint32_t)(8 + n));
}

struct mm {
	uint64_t base, len;
	uint32_t type;
};

/* A memory map tag with entries of esize bytes (24 is what GRUB uses). */
static void add_mmap_sized(const struct mm *e, int n, uint32_t esize)
{
	static uint8_t body[8192];
	assert_true(8 + (size_t)n * esize <= sizeof(body));
	memset(body, 0xee, sizeof(body));
	wr32(body, esize);
	wr32(body + 4, 0);
	for (int i = 0; i < n; i++) {
		uint8_t *p = body + 8 + (size_t)i * esize;
		wr64(p, e[i].base);
		wr64(p + 8, e[i].len);
		wr32(p + 16, e[i].type);
		wr32(p + 20, 0);
	}
	add_tag(TAG_MMAP, body, (uint32_t)(8 + (size_t)n * esize));
}

static void add_mmap(const struct mm *e, int n)
{
	add_mmap_sized(e, n, 24);
}

static void add_fb(uint64_t addr, uint32_t pitch, uint32_t w, uint32_t h, uint8_t bpp)
{
	uint8_t body[24] = { 0 };
	wr64(body, addr);
	wr32(body + 8, pitch);
	wr32(body + 12, w);
	wr32(body + 16, h);
	body[20] = bpp;
	body[21] = 1;                     /* RGB */
	add_tag(TAG_FB, body, sizeof(body));
}

/* Add the end tag and fill in total_size; returns total_size. */
static uint32_t finish(void)
{
	add_tag(TAG_END, NULL, 0);
	wr32(buf, (uint32_t)used);
	return (uint32_t)used;
}

static int parse(void)
{
	return mb2_parse(buf, used, &bi, &why);
}

static void assert_refused(const char *expected_why)
{
	assert_int_equal(parse(), -1);
	assert_non_null(why);
	assert_string_equal(why, expected_why);
}

/* ---- what a good structure gives ---------------------------------------- */

static void empty_structure_parses_to_nothing(void **state)
{
	assert_int_equal(finish(), 16);
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.total_size, 16);
	assert_string_equal(bi.cmdline, "");
	assert_string_equal(bi.loader, "");
	assert_int_equal(bi.nr_modules, 0);
	assert_int_equal(bi.nr_mmap, 0);
	assert_int_equal(bi.rsdp_len, 0);
	assert_int_equal(bi.fb_addr, 0);
}

static void cmdline_and_loader_name_are_copied(void **state)
{
	add_string_tag(TAG_CMDLINE, "console=serial debug");
	add_string_tag(TAG_LOADER, "GRUB 2.12");
	finish();
	assert_int_equal(parse(), 0);
	assert_string_equal(bi.cmdline, "console=serial debug");
	assert_string_equal(bi.loader, "GRUB 2.12");
}

static void cmdline_without_nul_stops_at_tag_end(void **state)
{
	add_tag(TAG_CMDLINE, "abc", 3);   /* no terminator; padding follows */
	finish();
	assert_int_equal(parse(), 0);
	assert_string_equal(bi.cmdline, "abc");
}

static void overlong_cmdline_is_truncated_and_terminated(void **state)
{
	char s[300];
	memset(s, 'x', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	add_string_tag(TAG_CMDLINE, s);
	add_string_tag(TAG_LOADER, s);
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(strlen(bi.cmdline), BOOT_STRING - 1);
	assert_int_equal(strlen(bi.loader), sizeof(bi.loader) - 1);
	assert_int_equal(bi.cmdline[0], 'x');
}

static void modules_give_range_and_string(void **state)
{
	add_module(0x200000, 0x210000, "pm");
	add_module(0x300000, 0x301234, "vfs --root=/dev/c0d0");
	add_module(0x400000, 0x400000, "");     /* empty module */
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.nr_modules, 3);
	assert_int_equal(bi.modules[0].start, 0x200000);
	assert_int_equal(bi.modules[0].end, 0x210000);
	assert_string_equal(bi.modules[0].string, "pm");
	assert_int_equal(bi.modules[1].start, 0x300000);
	assert_int_equal(bi.modules[1].end, 0x301234);
	assert_string_equal(bi.modules[1].string, "vfs --root=/dev/c0d0");
	assert_int_equal(bi.modules[2].start, 0x400000);
	assert_int_equal(bi.modules[2].end, 0x400000);
	assert_string_equal(bi.modules[2].string, "");
}

static void as_many_modules_as_fit_are_accepted(void **state)
{
	for (int i = 0; i < BOOT_MAX_MODULES; i++)
		add_module(0x100000 * (uint32_t)(i + 1), 0x100000 * (uint32_t)(i + 1) + 0x1000, "m");
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.nr_modules, BOOT_MAX_MODULES);
	assert_int_equal(bi.modules[BOOT_MAX_MODULES - 1].start, 0x100000 * BOOT_MAX_MODULES);
}

static void memory_map_entries_are_read(void **state)
{
	const struct mm e[] = {
		{ 0x0, 0x9fc00, MB2_MEM_AVAILABLE },
		{ 0x9fc00, 0x400, MB2_MEM_RESERVED },
		{ 0x100000, 0x7ee0000, MB2_MEM_AVAILABLE },
		{ 0x7fe0000, 0x20000, MB2_MEM_ACPI },
		{ 0xfffc0000, 0x40000, MB2_MEM_RESERVED },
		{ 0x100000000ULL, 0x40000000ULL, MB2_MEM_AVAILABLE },
	};
	add_mmap(e, 6);
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.nr_mmap, 6);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(bi.mmap[i].base, e[i].base);
		assert_int_equal(bi.mmap[i].len, e[i].len);
		assert_int_equal(bi.mmap[i].type, e[i].type);
	}
}

static void memory_map_with_larger_entries_steps_by_entry_size(void **state)
{
	const struct mm e[] = {
		{ 0x100000, 0x100000, MB2_MEM_AVAILABLE },
		{ 0x300000, 0x200000, MB2_MEM_NVS },
		{ 0x600000, 0x300000, MB2_MEM_BAD },
	};
	add_mmap_sized(e, 3, 40);
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.nr_mmap, 3);
	assert_int_equal(bi.mmap[1].base, 0x300000);
	assert_int_equal(bi.mmap[1].type, MB2_MEM_NVS);
	assert_int_equal(bi.mmap[2].len, 0x300000);
	assert_int_equal(bi.mmap[2].type, MB2_MEM_BAD);
}

static void memory_map_beyond_the_table_is_dropped_not_misread(void **state)
{
	static struct mm e[BOOT_MAX_MMAP + 5];
	for (int i = 0; i < BOOT_MAX_MMAP + 5; i++) {
		e[i].base = (uint64_t)i * 2 * MiB;
		e[i].len = MiB;
		e[i].type = MB2_MEM_AVAILABLE;
	}
	add_mmap(e, BOOT_MAX_MMAP + 5);
	add_string_tag(TAG_CMDLINE, "after");
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.nr_mmap, BOOT_MAX_MMAP);
	assert_int_equal(bi.mmap[BOOT_MAX_MMAP - 1].base, (uint64_t)(BOOT_MAX_MMAP - 1) * 2 * MiB);
	assert_string_equal(bi.cmdline, "after");
}

static void acpi_tag_copies_the_rsdp(void **state)
{
	uint8_t rsdp[20];
	memcpy(rsdp, "RSD PTR ", 8);
	for (int i = 8; i < 20; i++)
		rsdp[i] = (uint8_t)i;
	add_tag(TAG_ACPI_OLD, rsdp, sizeof(rsdp));
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.rsdp_len, 20);
	assert_memory_equal(bi.rsdp, rsdp, 20);
}

static void new_acpi_tag_longer_than_the_buffer_is_cut(void **state)
{
	uint8_t rsdp[100];
	for (int i = 0; i < 100; i++)
		rsdp[i] = (uint8_t)(i + 1);
	add_tag(TAG_ACPI_NEW, rsdp, sizeof(rsdp));
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.rsdp_len, sizeof(bi.rsdp));
	assert_memory_equal(bi.rsdp, rsdp, sizeof(bi.rsdp));
}

static void framebuffer_tag_gives_geometry(void **state)
{
	add_fb(0xfd000000ULL, 1024 * 4, 1024, 768, 32);
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.fb_addr, 0xfd000000ULL);
	assert_int_equal(bi.fb_pitch, 4096);
	assert_int_equal(bi.fb_width, 1024);
	assert_int_equal(bi.fb_height, 768);
	assert_int_equal(bi.fb_bpp, 32);
}

static void short_framebuffer_tag_is_ignored(void **state)
{
	uint8_t body[20] = { 0xff, 0xff, 0xff, 0xff };
	add_tag(TAG_FB, body, sizeof(body));
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.fb_addr, 0);
}

static void every_tag_together_with_unknown_ones(void **state)
{
	const struct mm e[] = { { 0x100000, 0x1000000, MB2_MEM_AVAILABLE } };
	uint8_t unknown[5] = { 1, 2, 3, 4, 5 };     /* odd size: padding needed */
	add_string_tag(TAG_CMDLINE, "quiet");
	add_tag(TAG_UNKNOWN, unknown, sizeof(unknown));
	add_module(0x800000, 0x900000, "init");
	add_string_tag(TAG_LOADER, "Quire EFI");
	add_mmap(e, 1);
	add_tag(TAG_ACPI_NEW, "RSD PTR 0123456789abcdefghijklmnopqrstuvwxyz", 36);
	add_fb(0x80000000ULL, 800 * 3, 800, 600, 24);
	finish();
	assert_int_equal(parse(), 0);
	assert_string_equal(bi.cmdline, "quiet");
	assert_string_equal(bi.loader, "Quire EFI");
	assert_int_equal(bi.nr_modules, 1);
	assert_string_equal(bi.modules[0].string, "init");
	assert_int_equal(bi.nr_mmap, 1);
	assert_int_equal(bi.rsdp_len, 36);
	assert_int_equal(bi.fb_width, 800);
	assert_int_equal(bi.fb_bpp, 24);
}

static void tags_after_the_end_tag_are_not_read(void **state)
{
	finish();
	add_string_tag(TAG_CMDLINE, "ignored");
	wr32(buf, (uint32_t)used);          /* total_size covers it */
	assert_int_equal(parse(), 0);
	assert_string_equal(bi.cmdline, "");
}

/* ---- refused ------------------------------------------------------------ */

static void buffer_smaller_than_sixteen_bytes_is_refused(void **state)
{
	finish();
	assert_int_equal(mb2_parse(buf, 15, &bi, &why), -1);
	assert_string_equal(why, "information structure too small");
}

static void total_size_larger_than_avail_is_refused(void **state)
{
	add_string_tag(TAG_CMDLINE, "hello");
	uint32_t total = finish();
	assert_int_equal(mb2_parse(buf, total - 1, &bi, &why), -1);
	assert_string_equal(why, "bad total_size");
	assert_int_equal(mb2_parse(buf, total, &bi, &why), 0);
}

static void total_size_below_sixteen_is_refused(void **state)
{
	finish();
	wr32(buf, 8);
	assert_refused("bad total_size");
}

static void tag_running_past_the_end_is_refused(void **state)
{
	size_t off = add_tag(TAG_CMDLINE, "hello", 6);
	finish();
	wr32(buf + off + 4, (uint32_t)(used - off + 1));   /* one byte past total */
	assert_refused("tag size out of bounds");
}

static void tag_with_huge_size_is_refused(void **state)
{
	size_t off = add_tag(TAG_CMDLINE, "hello", 6);
	finish();
	wr32(buf + off + 4, 0xfffffff8u);
	assert_refused("tag size out of bounds");
}

static void tag_smaller_than_its_header_is_refused(void **state)
{
	size_t off = add_tag(TAG_CMDLINE, "hello", 6);
	finish();
	wr32(buf + off + 4, 7);
	assert_refused("tag size out of bounds");
}

static void tag_of_size_zero_is_refused(void **state)
{
	size_t off = add_tag(TAG_UNKNOWN, NULL, 0);
	finish();
	wr32(buf + off + 4, 0);             /* would loop forever if accepted */
	assert_refused("tag size out of bounds");
}

static void missing_end_tag_is_refused(void **state)
{
	add_string_tag(TAG_CMDLINE, "hello");
	wr32(buf, (uint32_t)used);          /* no end tag */
	assert_refused("no end tag");
}

static void end_tag_cut_by_total_size_is_refused(void **state)
{
	add_string_tag(TAG_CMDLINE, "hello");
	finish();
	wr32(buf, (uint32_t)used - 4);      /* end tag's header half outside */
	assert_refused("no end tag");
}

static void short_module_tag_is_refused(void **state)
{
	uint8_t body[4] = { 0 };
	add_tag(TAG_MODULE, body, sizeof(body));
	finish();
	assert_refused("short module tag");
}

static void module_ending_before_it_starts_is_refused(void **state)
{
	add_module(0x300000, 0x2fffff, "backwards");
	finish();
	assert_refused("module ends before it starts");
}

static void too_many_modules_are_refused(void **state)
{
	for (int i = 0; i <= BOOT_MAX_MODULES; i++)
		add_module(0x100000, 0x101000, "m");
	finish();
	assert_refused("too many modules");
}

static void short_memory_map_tag_is_refused(void **state)
{
	uint8_t body[4] = { 24, 0, 0, 0 };
	add_tag(TAG_MMAP, body, sizeof(body));
	finish();
	assert_refused("short memory map tag");
}

static void memory_map_entry_size_below_24_is_refused(void **state)
{
	const struct mm e[] = { { 0x100000, 0x100000, MB2_MEM_AVAILABLE } };
	add_mmap_sized(e, 1, 16);
	finish();
	assert_refused("bad memory map entry size");
}

static void memory_map_entry_size_not_multiple_of_8_is_refused(void **state)
{
	const struct mm e[] = { { 0x100000, 0x100000, MB2_MEM_AVAILABLE } };
	add_mmap_sized(e, 1, 28);
	finish();
	assert_refused("bad memory map entry size");
}

static void memory_map_entry_size_zero_is_refused(void **state)
{
	const struct mm e[] = { { 0x100000, 0x100000, MB2_MEM_AVAILABLE } };
	add_mmap(e, 1);
	finish();
	wr32(buf + 8 + 8, 0);               /* the only tag's entry_size */
	assert_refused("bad memory map entry size");
}

static void memory_map_partial_last_entry_is_not_read(void **state)
{
	/* One whole entry, then 16 bytes of a second one. */
	uint8_t body[8 + 24 + 16];
	memset(body, 0, sizeof(body));
	wr32(body, 24);
	wr64(body + 8, 0x100000);
	wr64(body + 16, 0x100000);
	wr32(body + 24, MB2_MEM_AVAILABLE);
	wr64(body + 32, 0x300000);
	wr64(body + 40, 0x100000);
	add_tag(TAG_MMAP, body, sizeof(body));
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.nr_mmap, 1);
	assert_int_equal(bi.mmap[0].base, 0x100000);
	assert_int_equal(bi.mmap[0].len, 0x100000);
}

/* ---- memory totals ------------------------------------------------------ */

static void mem_available_sums_only_available_entries(void **state)
{
	const struct mm e[] = {
		{ 0x0, 0x9f000, MB2_MEM_AVAILABLE },
		{ 0x9f000, 0x1000, MB2_MEM_RESERVED },
		{ 0x100000, 0x7f00000, MB2_MEM_AVAILABLE },
		{ 0x8000000, 0x100000, MB2_MEM_ACPI },
		{ 0x8100000, 0x100000, MB2_MEM_NVS },
		{ 0x8200000, 0x100000, MB2_MEM_BAD },
	};
	add_mmap(e, 6);
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(mb2_mem_available(&bi), 0x9f000 + 0x7f00000);
	assert_int_equal(mb2_mem_top(&bi), 0x8000000);
}

static void mem_top_is_end_of_highest_available_entry_in_any_order(void **state)
{
	const struct mm e[] = {
		{ 0x100000000ULL, 0x80000000ULL, MB2_MEM_AVAILABLE },
		{ 0x100000, 0x1000000, MB2_MEM_AVAILABLE },
		{ 0x200000000ULL, 0x1000, MB2_MEM_RESERVED },
	};
	add_mmap(e, 3);
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(mb2_mem_top(&bi), 0x180000000ULL);
	assert_int_equal(mb2_mem_available(&bi), 0x80000000ULL + 0x1000000);
}

static void mem_top_ignores_an_entry_that_wraps(void **state)
{
	const struct mm e[] = {
		{ 0x100000, 0x1000000, MB2_MEM_AVAILABLE },
		{ 0xfffffffffffff000ULL, 0xfffffffffffff000ULL, MB2_MEM_AVAILABLE },
	};
	add_mmap(e, 2);
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(mb2_mem_top(&bi), 0x1100000);
}

static void mem_totals_without_a_memory_map_are_zero(void **state)
{
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(mb2_mem_available(&bi), 0);
	assert_int_equal(mb2_mem_top(&bi), 0);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(empty_structure_parses_to_nothing),
		T(cmdline_and_loader_name_are_copied),
		T(cmdline_without_nul_stops_at_tag_end),
		T(overlong_cmdline_is_truncated_and_terminated),
		T(modules_give_range_and_string),
		T(as_many_modules_as_fit_are_accepted),
		T(memory_map_entries_are_read),
		T(memory_map_with_larger_entries_steps_by_entry_size),
		T(memory_map_beyond_the_table_is_dropped_not_misread),
		T(acpi_tag_copies_the_rsdp),
		T(new_acpi_tag_longer_than_the_buffer_is_cut),
		T(framebuffer_tag_gives_geometry),
		T(short_framebuffer_tag_is_ignored),
		T(every_tag_together_with_unknown_ones),
		T(tags_after_the_end_tag_are_not_read),
		T(buffer_smaller_than_sixteen_bytes_is_refused),
		T(total_size_larger_than_avail_is_refused),
		T(total_size_below_sixteen_is_refused),
		T(tag_running_past_the_end_is_refused),
		T(tag_with_huge_size_is_refused),
		T(tag_smaller_than_its_header_is_refused),
		T(tag_of_size_zero_is_refused),
		T(missing_end_tag_is_refused),
		T(end_tag_cut_by_total_size_is_refused),
		T(short_module_tag_is_refused),
		T(module_ending_before_it_starts_is_refused),
		T(too_many_modules_are_refused),
		T(short_memory_map_tag_is_refused),
		T(memory_map_entry_size_below_24_is_refused),
		T(memory_map_entry_size_not_multiple_of_8_is_refused),
		T(memory_map_entry_size_zero_is_refused),
		T(memory_map_partial_last_entry_is_not_read),
		T(mem_available_sums_only_available_entries),
		T(mem_top_is_end_of_highest_available_entry_in_any_order),
		T(mem_top_ignores_an_entry_that_wraps),
		T(mem_totals_without_a_memory_map_are_zero),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
