/*
 * libposix's memmove, strcspn and strspn (lib/libposix/string.c), which
 * replace newlib's, against a plain reference: every length to 80 bytes
 * at every overlap up to 16 bytes either way, and sets with high bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define memmove px_memmove
#define strcspn px_strcspn
#define strspn px_strspn
#include "../../lib/libposix/string.c"
#undef memmove
#undef strcspn
#undef strspn

static void ref_move(unsigned char *d, const unsigned char *s, size_t n)
{
	unsigned char tmp[256];
	for (size_t i = 0; i < n; i++)
		tmp[i] = s[i];
	for (size_t i = 0; i < n; i++)
		d[i] = tmp[i];
}

static void test_memmove_every_overlap(void **state)
{
	unsigned char a[256], b[256];
	for (size_t n = 0; n <= 80; n++) {
		for (int src = 40; src <= 72; src++) {
			for (int dst = src - 16; dst <= src + 16; dst++) {
				for (int i = 0; i < 256; i++)
					a[i] = b[i] = (unsigned char)(i * 37 + 11);
				void *r = px_memmove(a + dst, a + src, n);
				ref_move(b + dst, b + src, n);
				assert_ptr_equal(r, a + dst);
				assert_memory_equal(a, b, sizeof(a));
			}
		}
	}
}

static void test_memmove_big_backward(void **state)
{
	static unsigned char a[9000], b[9000];
	for (int i = 0; i < 9000; i++)
		a[i] = b[i] = (unsigned char)(i ^ (i >> 8));
	px_memmove(a + 3, a, 8001);
	memmove(b + 3, b, 8001);
	assert_memory_equal(a, b, sizeof(a));
	px_memmove(a, a + 5, 8001);
	memmove(b, b + 5, 8001);
	assert_memory_equal(a, b, sizeof(a));
}

static size_t ref_cspn(const char *s, const char *set, int accept)
{
	size_t n = 0;
	for (; s[n]; n++)
		if ((strchr(set, s[n]) != NULL) == !accept)
			break;
	return n;
}

static void test_spans(void **state)
{
	const char *strs[] = { "", "abc", "hello, world", "\x80\xff\x01zz", "aaaa;bbb", "  \t x" };
	const char *sets[] = { "", "a", ",;", " \t", "\xff", "\x80\x01", "abcdefghijklmnopqrstuvwxyz" };
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		for (size_t j = 0; j < sizeof(sets) / sizeof(sets[0]); j++) {
			assert_int_equal(px_strcspn(strs[i], sets[j]), ref_cspn(strs[i], sets[j], 0));
			assert_int_equal(px_strspn(strs[i], sets[j]), ref_cspn(strs[i], sets[j], 1));
			assert_int_equal(px_strcspn(strs[i], sets[j]), strcspn(strs[i], sets[j]));
			assert_int_equal(px_strspn(strs[i], sets[j]), strspn(strs[i], sets[j]));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memmove_every_overlap),
		cmocka_unit_test(test_memmove_big_backward),
		cmocka_unit_test(test_spans),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
