/*
 * Bit operations on allocation bitmaps (bit i of a group is bit i%8 of
 * byte i/8, as ext2 lays them out).
 */
#include "fs.h"

bool bitmap_test(const uint8_t *bm, uint32_t bit)
{
	return (bm[bit >> 3] >> (bit & 7)) & 1;
}

void bitmap_set(uint8_t *bm, uint32_t bit)
{
	bm[bit >> 3] |= (uint8_t)(1u << (bit & 7));
}

void bitmap_clear(uint8_t *bm, uint32_t bit)
{
	bm[bit >> 3] &= (uint8_t)~(1u << (bit & 7));
}

int bitmap_find_zero(const uint8_t *bm, uint32_t from, uint32_t to)
{
	uint32_t i = from;
	/* Bit by bit up to a 64-bit boundary, then whole words of ones are
	 * skipped at once. */
	while (i < to && (i & 63)) {
		if (!bitmap_test(bm, i))
			return (int)i;
		i++;
	}
	while (i + 64 <= to) {
		uint64_t w;
		memcpy(&w, bm + (i >> 3), sizeof(w));
		if (w != ~0ull)
			break;
		i += 64;
	}
	for (; i < to; i++)
		if (!bitmap_test(bm, i))
			return (int)i;
	return -1;
}
