/*
 * newlib's <sys/stat.h>, plus what it declares only for other targets
 * (lstat, mknod, UTIME_NOW/UTIME_OMIT) although lib/libposix provides them for Quire.
 */
#ifndef _QUIRE_SYS_STAT_H
#define _QUIRE_SYS_STAT_H

#include_next <sys/stat.h>

/* Special tv_nsec values for futimens(2) and utimensat(2) (newlib
 * defines them for Cygwin only). */
#ifndef UTIME_NOW
#define UTIME_NOW  -2L
#define UTIME_OMIT -1L
#endif

#ifdef __cplusplus
extern "C" {
#endif

int lstat(const char *__restrict __path, struct stat *__restrict __buf);
int mknod(const char *__path, mode_t __mode, dev_t __dev);

#ifdef __cplusplus
}
#endif

#endif
