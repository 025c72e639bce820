/*
 * The string and memory functions the kernel and libsys programs need
 * (the compiler also emits calls to memcpy/memset/memmove on its own).
 * Programs built on newlib use newlib's instead.
 */
#include <stddef.h>
#include <stdint.h>
#include "mini_string.h"

/*
 * Big copies and fills use `rep movsq` / `rep stosq`: the x86 string
 * instructions every CPU runs fast (and the ones Linux uses on CPUs
 * without ERMS, which keeps the benchmarks fair: docs/performance.md).
 * The kernel is built without SSE, so its compiled loops move 8 bytes at
 * a time; the string instructions do far better.
 */
#define REP_MIN 64

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (n >= REP_MIN) {
		size_t q = n / 8;
		__asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(q) :: "memory");
		n &= 7;
	}
	while (n >= 8) {
		uint64_t v;
		__builtin_memcpy(&v, s, 8);   /* expands inline: no recursion */
		__builtin_memcpy(d, &v, 8);
		d += 8, s += 8, n -= 8;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t v = 0x0101010101010101ULL * (unsigned char)c;
	if (n >= REP_MIN) {
		size_t q = n / 8;
		__asm__ volatile("rep stosq" : "+D"(d), "+c"(q) : "a"(v) : "memory");
		n &= 7;
	}
	while (n >= 8) {
		__builtin_memcpy(d, &v, 8);
		d += 8, n -= 8;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);
	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}
