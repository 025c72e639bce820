/*
 * newlib's <sys/wait.h>, plus WCONTINUED and WIFCONTINUED, which PM
 * supports (a continued child's status is 0xffff, as on Linux).
 */
#ifndef _QUIRE_SYS_WAIT_H
#define _QUIRE_SYS_WAIT_H

#include_next <sys/wait.h>

#ifndef WCONTINUED
#define WCONTINUED 8
#endif
#ifndef WIFCONTINUED
#define WIFCONTINUED(w) ((w) == 0xffff)
#endif

#endif
