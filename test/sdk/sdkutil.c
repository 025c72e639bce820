/* The library half of the sdk test program (test/sdk/sdkprog.c): built
 * into a static archive with quire-ar (or CMake's add_library). */
#include <stdlib.h>
#include <string.h>

#include "sdkutil.h"

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

void sdk_sort(int *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_int);
}

unsigned sdk_checksum(const char *s)
{
	unsigned h = 5381;
	for (size_t i = 0; i < strlen(s); i++)
		h = h * 33 + (unsigned char)s[i];
	return h;
}
