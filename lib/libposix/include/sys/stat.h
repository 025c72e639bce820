/*
 * newlib's <sys/stat.h>, plus what it declares only for other targets
 * (lstat, mknod) although lib/libposix provides them for Quire.
 */
#ifndef _QUIRE_SYS_STAT_H
#define _QUIRE_SYS_STAT_H

#include_next <sys/stat.h>

#ifdef __cplusplus
extern "C" {
#endif

int lstat(const char *__restrict __path, struct stat *__restrict __buf);
int mknod(const char *__path, mode_t __mode, dev_t __dev);

#ifdef __cplusplus
}
#endif

#endif
