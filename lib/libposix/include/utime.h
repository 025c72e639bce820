/*
 * newlib's <utime.h> defines struct utimbuf but declares no utime() (it
 * leaves that to a system's own header); libposix has it (path.c).
 */
#ifndef _QUIRE_UTIME_H
#define _QUIRE_UTIME_H

#include_next <utime.h>

#ifdef __cplusplus
extern "C" {
#endif
int utime(const char *path, const struct utimbuf *times);
#ifdef __cplusplus
}
#endif

#endif
