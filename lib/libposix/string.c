/*
 * Faster versions of three of newlib's string functions. libposix comes
 * before libc on the link line (posix_program, quire-cc), so programs and
 * libc itself get these.
 *
 *   memmove  newlib's C version moves an overlapping range to a higher
 *            address one byte at a time; SQLite's b-tree shifts cells
 *            that way on every insert. Here both directions move eight
 *            bytes a step with rep movsq (forward, or backward with the
 *            direction flag set).
 *   strcspn, strspn
 *            newlib's look every character up in the set with strchr;
 *            here the set becomes a 256-bit table first.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d == s || n == 0)
		return dst;
	if (d >= s + n || s >= d + n)
		return memcpy(dst, src, n);   /* no overlap: newlib's memcpy */
	size_t q = n / 8, tail = n & 7;
	if (d < s) {
		/* Overlapping, to a lower address: forward, quadwords then the
		 * odd bytes (each read happens before the write that could
		 * spoil it). */
		__asm__ volatile("rep movsq; mov %3, %%rcx; rep movsb"
				 : "+D"(d), "+S"(s), "+c"(q)
				 : "r"(tail)
				 : "memory");
		return dst;
	}
	/* Overlapping, to a higher address: backward (direction flag set),
	 * the odd bytes at the end first, then quadwords from the last one
	 * down. All in assembly: a C loop here could be turned back into a
	 * call of memmove by the compiler. */
	const unsigned char *sl = s + n - 1;
	unsigned char *dl = d + n - 1;
	__asm__ volatile("std\n\t"
			 "rep movsb\n\t"
			 "sub $7, %%rsi\n\t"
			 "sub $7, %%rdi\n\t"
			 "mov %3, %%rcx\n\t"
			 "rep movsq\n\t"
			 "cld"
			 : "+D"(dl), "+S"(sl), "+c"(tail)
			 : "r"(q)
			 : "memory", "cc");
	return dst;
}

static void set_table(uint64_t t[4], const char *set)
{
	t[0] = t[1] = t[2] = t[3] = 0;
	for (const unsigned char *p = (const unsigned char *)set; *p; p++)
		t[*p >> 6] |= 1ULL << (*p & 63);
}

static int in_table(const uint64_t t[4], unsigned char c)
{
	return (t[c >> 6] >> (c & 63)) & 1;
}

size_t strcspn(const char *s, const char *reject)
{
	uint64_t t[4];
	set_table(t, reject);
	t[0] |= 1;                        /* the terminator ends the span */
	const unsigned char *p = (const unsigned char *)s;
	while (!in_table(t, *p))
		p++;
	return (size_t)(p - (const unsigned char *)s);
}

size_t strspn(const char *s, const char *accept)
{
	uint64_t t[4];
	set_table(t, accept);
	const unsigned char *p = (const unsigned char *)s;
	while (*p && in_table(t, *p))
		p++;
	return (size_t)(p - (const unsigned char *)s);
}
