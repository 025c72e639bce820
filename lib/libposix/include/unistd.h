/*
 * newlib's <unistd.h>, plus brk(), which libposix has (mman.c) next to
 * sbrk() and newlib declares only for some systems. Legacy (not in
 * POSIX.1-2008), for programs that still call it. And confstr()'s
 * _CS_PATH, which newlib defines for Cygwin only (misc.c answers it).
 */
#ifndef _QUIRE_UNISTD_H
#define _QUIRE_UNISTD_H

#include_next <unistd.h>

#ifndef _CS_PATH
#define _CS_PATH 0
#endif

#ifdef __cplusplus
extern "C" {
#endif
int brk(void *addr);
#ifdef __cplusplus
}
#endif

#endif
