#ifndef TEST_SDK_SDKUTIL_H
#define TEST_SDK_SDKUTIL_H
#include <stddef.h>
void sdk_sort(int *v, size_t n);
unsigned sdk_checksum(const char *s);
#endif
