/*
 * newlib's <machine/time.h>, plus CLOCKS_PER_SEC = 1,000,000 as XSI
 * requires (newlib's default for x86-64 is 1000). libposix's times()
 * counts in this unit (lib/libposix/time.c), and newlib's clock() adds up
 * times()'s fields unscaled.
 */
#ifndef _QUIRE_MACHINE_TIME_H
#define _QUIRE_MACHINE_TIME_H

#include_next <machine/time.h>

#ifndef _CLOCKS_PER_SEC_
#define _CLOCKS_PER_SEC_ 1000000
#endif

#endif
