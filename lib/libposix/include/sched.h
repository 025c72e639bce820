/*
 * newlib's <sched.h> declares sched_yield() only with the POSIX
 * priority-scheduling or threads options, which Quire does not announce;
 * POSIX.1-2008 makes sched_yield() part of the base, and libposix has it
 * (lib/libposix/sched.c).
 */
#ifndef _QUIRE_SCHED_H
#define _QUIRE_SCHED_H

#include_next <sched.h>

#ifdef __cplusplus
extern "C" {
#endif
int sched_yield(void);
#ifdef __cplusplus
}
#endif

#endif
