/*
 * newlib's <grp.h>, plus getgrouplist (lib/libposix/grp.c), which it
 * does not declare.
 */
#ifndef _QUIRE_GRP_H
#define _QUIRE_GRP_H

#include_next <grp.h>

#ifdef __cplusplus
extern "C" {
#endif

int getgrouplist(const char *__user, gid_t __group, gid_t *__groups, int *__ngroups);

#ifdef __cplusplus
}
#endif

#endif
