/*
 * Host tests for the freestanding printf (lib/libfmt/format.c):
 * conversions, length modifiers, width and flags, precision for %s,
 * truncation and the snprintf return value.
 */
#define _DEFAULT_SOURCE            /* mmap, sigaction, sigsetjmp */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../lib/libfmt/format.h"

static char out[128];

/* fmt_snprintf without the format attribute, for formats the compiler
 * (rightly) warns about: NULL %s, '0' with '-', unknown conversions. */
static int unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Format into out and compare with the expected string and length. */
#define EXPECT(want, ...) do { \
	memset(out, 'Z', sizeof(out)); \
	int n_ = fmt_snprintf(out, sizeof(out), __VA_ARGS__); \
	assert_string_equal(out, want); \
	assert_int_equal(n_, (int)strlen(want)); \
} while (0)

#define EXPECT_UNCHECKED(want, ...) do { \
	memset(out, 'Z', sizeof(out)); \
	int n_ = unchecked(out, sizeof(out), __VA_ARGS__); \
	assert_string_equal(out, want); \
	assert_int_equal(n_, (int)strlen(want)); \
} while (0)

/* ---- conversions -------------------------------------------------------- */

static void plain_text_is_copied(void **state)
{
	EXPECT("", "%s", "");
	EXPECT("hello, world", "hello, world");
}

static void percent_d_and_i_print_signed_decimal(void **state)
{
	EXPECT("0", "%d", 0);
	EXPECT("42", "%d", 42);
	EXPECT("-42", "%d", -42);
	EXPECT("7 -7", "%i %i", 7, -7);
	EXPECT("2147483647", "%d", INT_MAX);
	EXPECT("-2147483648", "%d", INT_MIN);
}

static void percent_u_prints_unsigned_decimal(void **state)
{
	EXPECT("0", "%u", 0u);
	EXPECT("4294967295", "%u", UINT_MAX);
	EXPECT("4294967295", "%u", (unsigned)-1);
}

static void percent_x_and_X_print_hex(void **state)
{
	EXPECT("0", "%x", 0u);
	EXPECT("deadbeef", "%x", 0xdeadbeefu);
	EXPECT("DEADBEEF", "%X", 0xdeadbeefu);
	EXPECT("ffffffff", "%x", UINT_MAX);
	EXPECT("a0A0", "%x%X", 0xa0u, 0xa0u);
}

static void percent_o_prints_octal(void **state)
{
	EXPECT("0", "%o", 0u);
	EXPECT("10", "%o", 8u);
	EXPECT("755", "%o", 0755u);
	EXPECT("37777777777", "%o", UINT_MAX);
}

static void percent_p_prints_0x_and_hex(void **state)
{
	EXPECT("0x1234", "%p", (void *)0x1234);
	EXPECT("0xffff800000001000", "%p", (void *)0xffff800000001000ULL);
	EXPECT_UNCHECKED("0x0", "%p", (void *)NULL);
}

static void percent_s_c_and_percent(void **state)
{
	EXPECT("hello", "%s", "hello");
	EXPECT("[A]", "[%c]", 'A');
	EXPECT("100%", "%d%%", 100);
	EXPECT("%", "%%");
	EXPECT("a=1 b=two c=3 d=4", "a=%d b=%s c=%c d=%x", 1, "two", '3', 4u);
}

static void null_string_prints_null_in_parentheses(void **state)
{
	EXPECT_UNCHECKED("(null)", "%s", (char *)NULL);
	EXPECT_UNCHECKED("[  (null)]", "[%8s]", (char *)NULL);
	EXPECT_UNCHECKED("(nu", "%.3s", (char *)NULL);
}

/* ---- length modifiers --------------------------------------------------- */

static void l_and_ll_print_64_bit_values(void **state)
{
	EXPECT("-9223372036854775808", "%ld", LONG_MIN);
	EXPECT("9223372036854775807", "%ld", LONG_MAX);
	EXPECT("18446744073709551615", "%lu", ULONG_MAX);
	EXPECT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	EXPECT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	EXPECT("ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
	EXPECT("123456789ABCDEF0", "%lX", 0x123456789abcdef0UL);
	EXPECT("1777777777777777777777", "%llo", (unsigned long long)UINT64_MAX);
	EXPECT("-1", "%lli", -1LL);
}

static void int64_min_prints_exactly(void **state)
{
	EXPECT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	EXPECT("   -9223372036854775808", "%23lld", (long long)INT64_MIN);
	EXPECT("-009223372036854775808", "%022lld", (long long)INT64_MIN);
	EXPECT("-9223372036854775808  |", "%-22lld|", (long long)INT64_MIN);
}

static void z_prints_size_t(void **state)
{
	EXPECT("18446744073709551615", "%zu", SIZE_MAX);
	EXPECT("4096", "%zu", (size_t)4096);
	EXPECT("1000", "%zx", (size_t)4096);
}

static void h_truncates_to_short(void **state)
{
	int big = 70000, neg = -1;
	EXPECT("4464", "%hd", big);           /* 70000 - 65536 */
	EXPECT("-1", "%hd", neg);
	EXPECT("65535", "%hu", neg);
	EXPECT("2345", "%hx", 0x12345);
	EXPECT("-32768", "%hd", 32768);
}

static void hh_truncates_to_char(void **state)
{
	int v = 200, w = 300;
	EXPECT("-56", "%hhd", v);
	EXPECT("44", "%hhu", w);
	EXPECT("ff", "%hhx", -1);
	EXPECT("-128", "%hhi", 128);
}

static void arguments_after_a_long_one_stay_aligned(void **state)
{
	EXPECT("1 18446744073709551615 2 x 3", "%d %llu %hd %s %zu",
	       1, (unsigned long long)UINT64_MAX, 2, "x", (size_t)3);
}

/* ---- width and flags ---------------------------------------------------- */

static void width_pads_on_the_left_with_spaces(void **state)
{
	EXPECT("   42", "%5d", 42);
	EXPECT("  -42", "%5d", -42);
	EXPECT(" beef", "%5x", 0xbeefu);
	EXPECT("    7", "%5u", 7u);
	EXPECT("       abc", "%10s", "abc");
	EXPECT("  x", "%3c", 'x');
}

static void width_smaller_than_the_value_does_not_truncate(void **state)
{
	EXPECT("12345", "%3d", 12345);
	EXPECT("-12345", "%3d", -12345);
	EXPECT("abcdef", "%2s", "abcdef");
}

static void minus_flag_pads_on_the_right(void **state)
{
	EXPECT("42   |", "%-5d|", 42);
	EXPECT("-42  |", "%-5d|", -42);
	EXPECT("abc       |", "%-10s|", "abc");
	EXPECT("x  |", "%-3c|", 'x');
	EXPECT("ab|", "%-1s|", "ab");
}

static void zero_flag_pads_with_zeros(void **state)
{
	EXPECT("00042", "%05d", 42);
	EXPECT("0000beef", "%08x", 0xbeefu);
	EXPECT("0000BEEF", "%08X", 0xbeefu);
	EXPECT("00000", "%05u", 0u);
	EXPECT("0755", "%04o", 0755u);
	EXPECT("00000000000000000001", "%020lu", 1UL);
}

static void negative_number_with_zero_padding_puts_sign_first(void **state)
{
	EXPECT("-0042", "%05d", -42);
	EXPECT("-1", "%01d", -1);
	EXPECT("-1", "%02d", -1);
	EXPECT("-01", "%03d", -1);
	EXPECT("-123", "%02d", -123);
	EXPECT("-2147483648", "%011d", INT_MIN);
	EXPECT("-02147483648", "%012d", INT_MIN);
}

static void minus_flag_overrides_zero_flag(void **state)
{
	EXPECT_UNCHECKED("42   |", "%-05d|", 42);
	EXPECT_UNCHECKED("-42  |", "%-05d|", -42);
	EXPECT_UNCHECKED("-42  |", "%0-5d|", -42);
}

static void star_width_comes_from_the_arguments(void **state)
{
	EXPECT("   42", "%*d", 5, 42);
	EXPECT("42   |", "%-*d|", 5, 42);
	EXPECT("  ab", "%*s", 4, "ab");
}

/* ---- precision on %s ---------------------------------------------------- */

static void precision_limits_string_length(void **state)
{
	EXPECT("abc", "%.3s", "abcdef");
	EXPECT("", "%.0s", "abcdef");
	EXPECT("abc", "%.10s", "abc");
	EXPECT("     abc", "%8.3s", "abcdef");
	EXPECT("abc     |", "%-8.3s|", "abcdef");
	EXPECT("xy", "%.*s", 2, "xyz");
	EXPECT("xyz", "%.*s", -1, "xyz");      /* negative: no precision */
}

static sigjmp_buf fault_jmp;

static void on_fault(int sig)
{
	siglongjmp(fault_jmp, sig);
}

/* C allows %.Ns of an array of N bytes with no terminator. The array is
 * put right before an inaccessible page: reading one byte past it faults,
 * and the fault fails the test instead of killing the program. */
static void precision_does_not_read_past_the_limit(void **state)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, 2 * (size_t)pg, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(map != MAP_FAILED);
	assert_int_equal(mprotect(map + pg, (size_t)pg, PROT_NONE), 0);
	char *raw = map + pg - 4;              /* "wxyz", no terminator */
	memcpy(raw, "wxyz", 4);

	struct sigaction sa = { .sa_handler = on_fault }, old_segv, old_bus;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	volatile int faulted = 0, n2 = -1, n4 = -1;
	char buf[8] = "";
	if (sigsetjmp(fault_jmp, 1) == 0) {
		n2 = fmt_snprintf(buf, sizeof(buf), "%.2s", raw);
		n4 = fmt_snprintf(buf, sizeof(buf), "%.4s", raw);
	} else {
		faulted = 1;
	}
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	munmap(map, 2 * (size_t)pg);

	if (faulted)
		fail_msg("%%.4s of a 4-byte unterminated array read byte 4");
	assert_int_equal(n2, 2);
	assert_int_equal(n4, 4);
	assert_string_equal(buf, "wxyz");
}

/* ---- odd formats -------------------------------------------------------- */

static void unknown_conversion_is_printed_as_it_stands(void **state)
{
	EXPECT_UNCHECKED("a%qb", "a%qb");
	EXPECT_UNCHECKED("%k 5", "%k %d", 5);
}

static void lone_percent_at_the_end_is_dropped(void **state)
{
	EXPECT_UNCHECKED("abc", "abc%");
}

/* ---- buffer size and truncation ----------------------------------------- */

static void truncation_returns_full_length_and_terminates(void **state)
{
	char buf[16];
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, 5, "hello world"), 11);
	assert_string_equal(buf, "hell");
	for (size_t i = 5; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 'Z');
}

static void truncation_inside_a_number(void **state)
{
	char buf[16];
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, 4, "%d", -123456), 7);
	assert_string_equal(buf, "-12");
	assert_int_equal(buf[4], 'Z');
	assert_int_equal(fmt_snprintf(buf, 3, "%08x", 0x1u), 8);
	assert_string_equal(buf, "00");
}

static void exact_fit_is_not_truncated(void **state)
{
	char buf[6];
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%s", "hello"), 5);
	assert_string_equal(buf, "hello");
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%s", "hello!"), 6);
	assert_string_equal(buf, "hello");
}

static void size_one_gives_an_empty_string(void **state)
{
	char buf[4] = "ZZZ";
	assert_int_equal(fmt_snprintf(buf, 1, "%d", 12345), 5);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'Z');
}

static void size_zero_writes_nothing(void **state)
{
	char buf[4] = "ZZZ";
	assert_int_equal(fmt_snprintf(buf, 0, "%s-%d", "abc", 42), 6);
	assert_memory_equal(buf, "ZZZ", 4);
	assert_int_equal(fmt_snprintf(NULL, 0, "%s", "abc"), 3);
}

static void empty_output_is_terminated(void **state)
{
	char buf[4] = "ZZZ";
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%s", ""), 0);
	assert_int_equal(buf[0], '\0');
}

/* ---- vformat and the C library ------------------------------------------ */

struct sink {
	char buf[64];
	int calls;
};

static void sink_put(char c, void *arg)
{
	struct sink *s = arg;
	if (s->calls < (int)sizeof(s->buf) - 1)
		s->buf[s->calls] = c;
	s->calls++;
}

static int sink_format(struct sink *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vformat(sink_put, s, fmt, ap);
	va_end(ap);
	return n;
}

static void vformat_count_matches_characters_put(void **state)
{
	struct sink s = { .calls = 0 };
	int n = sink_format(&s, "[%5d|%-4s|%p|%%|%c]", -3, "ab", (void *)0xfe, 'q');
	assert_int_equal(n, s.calls);
	assert_string_equal(s.buf, "[   -3|ab  |0xfe|%|q]");
}

static void integers_match_the_c_library(void **state)
{
	static const long long vals[] = {
		0, 1, -1, 9, 10, -10, 255, 256, 4095, -4096, 65535, 123456789,
		INT_MAX, INT_MIN, (long long)UINT_MAX, LLONG_MAX, LLONG_MIN,
	};
	static const char *const sfmts[] = { "%lld", "%5lld", "%-7lld|", "%012lld", "%1lld" };
	static const char *const ufmts[] = { "%llu", "%llx", "%llX", "%llo", "%08llx", "%-20llo|" };
	char want[64];
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		for (size_t f = 0; f < sizeof(sfmts) / sizeof(sfmts[0]); f++) {
			int w = snprintf(want, sizeof(want), sfmts[f], vals[i]);
			int n = unchecked(out, sizeof(out), sfmts[f], vals[i]);
			assert_string_equal(out, want);
			assert_int_equal(n, w);
		}
		for (size_t f = 0; f < sizeof(ufmts) / sizeof(ufmts[0]); f++) {
			unsigned long long u = (unsigned long long)vals[i];
			int w = snprintf(want, sizeof(want), ufmts[f], u);
			int n = unchecked(out, sizeof(out), ufmts[f], u);
			assert_string_equal(out, want);
			assert_int_equal(n, w);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text_is_copied),
		cmocka_unit_test(percent_d_and_i_print_signed_decimal),
		cmocka_unit_test(percent_u_prints_unsigned_decimal),
		cmocka_unit_test(percent_x_and_X_print_hex),
		cmocka_unit_test(percent_o_prints_octal),
		cmocka_unit_test(percent_p_prints_0x_and_hex),
		cmocka_unit_test(percent_s_c_and_percent),
		cmocka_unit_test(null_string_prints_null_in_parentheses),
		cmocka_unit_test(l_and_ll_print_64_bit_values),
		cmocka_unit_test(int64_min_prints_exactly),
		cmocka_unit_test(z_prints_size_t),
		cmocka_unit_test(h_truncates_to_short),
		cmocka_unit_test(hh_truncates_to_char),
		cmocka_unit_test(arguments_after_a_long_one_stay_aligned),
		cmocka_unit_test(width_pads_on_the_left_with_spaces),
		cmocka_unit_test(width_smaller_than_the_value_does_not_truncate),
		cmocka_unit_test(minus_flag_pads_on_the_right),
		cmocka_unit_test(zero_flag_pads_with_zeros),
		cmocka_unit_test(negative_number_with_zero_padding_puts_sign_first),
		cmocka_unit_test(minus_flag_overrides_zero_flag),
		cmocka_unit_test(star_width_comes_from_the_arguments),
		cmocka_unit_test(precision_limits_string_length),
		cmocka_unit_test(precision_does_not_read_past_the_limit),
		cmocka_unit_test(unknown_conversion_is_printed_as_it_stands),
		cmocka_unit_test(lone_percent_at_the_end_is_dropped),
		cmocka_unit_test(truncation_returns_full_length_and_terminates),
		cmocka_unit_test(truncation_inside_a_number),
		cmocka_unit_test(exact_fit_is_not_truncated),
		cmocka_unit_test(size_one_gives_an_empty_string),
		cmocka_unit_test(size_zero_writes_nothing),
		cmocka_unit_test(empty_output_is_terminated),
		cmocka_unit_test(vformat_count_matches_characters_put),
		cmocka_unit_test(integers_match_the_c_library),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
