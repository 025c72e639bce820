/*
 * Host tests for the memory driver's arithmetic (drivers/memory/ramdisk.c):
 * the span a read or write moves on a device, chunking, and the RAM disk
 * size argument.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <quire/errno.h>
#include "../../drivers/memory/ramdisk.h"

#define MiB (1ULL << 20)
#define DISK (4 * MiB)

static void test_read_inside(void **state)
{
	assert_int_equal(rd_span(DISK, 0, 512, false), 512);
	assert_int_equal(rd_span(DISK, 4096, DISK - 4096, false), DISK - 4096);
	assert_int_equal(rd_span(DISK, 0, DISK, false), DISK);
}

static void test_read_short_at_end(void **state)
{
	assert_int_equal(rd_span(DISK, DISK - 100, 512, false), 100);
	assert_int_equal(rd_span(DISK, DISK - 1, 2, false), 1);
	assert_int_equal(rd_span(DISK, 1, DISK, false), DISK - 1);
}

static void test_read_at_and_past_end(void **state)
{
	assert_int_equal(rd_span(DISK, DISK, 512, false), 0);
	assert_int_equal(rd_span(DISK, DISK + 1, 512, false), 0);
	assert_int_equal(rd_span(DISK, UINT64_MAX, 512, false), 0);
}

static void test_write_inside_and_short(void **state)
{
	assert_int_equal(rd_span(DISK, 0, 4096, true), 4096);
	assert_int_equal(rd_span(DISK, DISK - 10, 4096, true), 10);
}

static void test_write_at_and_past_end(void **state)
{
	assert_int_equal(rd_span(DISK, DISK, 1, true), -ENOSPC);
	assert_int_equal(rd_span(DISK, DISK + 4096, 1, true), -ENOSPC);
	assert_int_equal(rd_span(DISK, UINT64_MAX, 1, true), -ENOSPC);
}

static void test_zero_size(void **state)
{
	assert_int_equal(rd_span(DISK, 0, 0, false), 0);
	assert_int_equal(rd_span(DISK, 0, 0, true), 0);
	assert_int_equal(rd_span(DISK, DISK, 0, true), 0);
	assert_int_equal(rd_span(DISK, UINT64_MAX, 0, true), 0);
}

static void test_no_overflow(void **state)
{
	/* pos + size wraps around: still only what is left of the disk. */
	assert_int_equal(rd_span(DISK, DISK - 8, UINT64_MAX, false), 8);
	assert_int_equal(rd_span(DISK, DISK - 8, UINT64_MAX - 4, true), 8);
	assert_int_equal(rd_span(UINT64_MAX, UINT64_MAX - 1, UINT64_MAX, false), 1);
}

static void test_capped(void **state)
{
	/* A byte count must fit the answer's int32 m_type. */
	assert_int_equal(rd_span(UINT64_MAX, 0, UINT64_MAX, false), (int64_t)MEM_MAX_IO);
	assert_int_equal(rd_span(UINT64_MAX, 0, 1ULL << 31, true), (int64_t)MEM_MAX_IO);
	assert_int_equal(rd_span(UINT64_MAX, 0, MEM_MAX_IO, true), (int64_t)MEM_MAX_IO);
	assert_true(MEM_MAX_IO <= INT32_MAX);
	assert_int_equal(rd_span(8ULL << 30, 0, 5ULL << 30, false), (int64_t)MEM_MAX_IO);
}

static void test_chunks(void **state)
{
	uint64_t total = 150000, done = 0, n, calls = 0;
	while ((n = rd_chunk(total, done, 65536)) != 0) {
		assert_true(n <= 65536);
		done += n;
		calls++;
	}
	assert_int_equal(done, total);
	assert_int_equal(calls, 3);
	assert_int_equal(rd_chunk(0, 0, 65536), 0);
	assert_int_equal(rd_chunk(65536, 0, 65536), 65536);
	assert_int_equal(rd_chunk(65536, 65536, 65536), 0);
	assert_int_equal(rd_chunk(10, 20, 65536), 0);
}

static void test_parse_size(void **state)
{
	assert_int_equal(rd_parse_size(NULL, 4, 1024), 4 * MiB);
	assert_int_equal(rd_parse_size("", 4, 1024), 4 * MiB);
	assert_int_equal(rd_parse_size("16", 4, 1024), 16 * MiB);
	assert_int_equal(rd_parse_size("1024", 4, 1024), 1024 * MiB);
	assert_int_equal(rd_parse_size("1025", 4, 1024), -1);
	assert_int_equal(rd_parse_size("0", 4, 1024), -1);
	assert_int_equal(rd_parse_size("4M", 4, 1024), -1);
	assert_int_equal(rd_parse_size("-1", 4, 1024), -1);
	assert_int_equal(rd_parse_size("99999999999999999999999", 4, 1024), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_inside),
		cmocka_unit_test(test_read_short_at_end),
		cmocka_unit_test(test_read_at_and_past_end),
		cmocka_unit_test(test_write_inside_and_short),
		cmocka_unit_test(test_write_at_and_past_end),
		cmocka_unit_test(test_zero_size),
		cmocka_unit_test(test_no_overflow),
		cmocka_unit_test(test_capped),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_parse_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
