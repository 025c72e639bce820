/*
 * newlib's <utime.h> defines struct utimbuf only; lib/libposix provides
 * utime() (lib/libposix/path.c).
 */
#ifndef _QUIRE_UTIME_H
#define _QUIRE_UTIME_H

#include_next <utime.h>

#ifdef __cplusplus
extern "C" {
#endif

int utime(const char *__path, const struct utimbuf *__times);

#ifdef __cplusplus
}
#endif

#endif
