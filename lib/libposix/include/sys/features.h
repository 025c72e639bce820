/*
 * newlib's <sys/features.h>, plus the POSIX options Quire's libposix
 * provides that newlib announces only for Cygwin and RTEMS: without
 * them <time.h> declares neither clock_gettime() nor nanosleep() nor
 * CLOCK_MONOTONIC.
 */
#ifndef _QUIRE_SYS_FEATURES_H
#define _QUIRE_SYS_FEATURES_H

#include_next <sys/features.h>

#ifndef _POSIX_TIMERS
#define _POSIX_TIMERS          200809L   /* clock_*, nanosleep, timer_* (PM_PTIMER) */
#endif
#ifndef _POSIX_MONOTONIC_CLOCK
#define _POSIX_MONOTONIC_CLOCK 200809L
#endif
#ifndef _POSIX_CPUTIME
#define _POSIX_CPUTIME         200809L
#endif
#ifndef _POSIX_CLOCK_SELECTION
#define _POSIX_CLOCK_SELECTION 200809L   /* clock_nanosleep (lib/libposix/timer.c) */
#endif
#ifndef _POSIX_THREAD_CPUTIME
#define _POSIX_THREAD_CPUTIME  200809L
#endif

#endif
