/*
 * ioctl() for POSIX programs. Quire's terminals understand the TTY_*
 * requests of include/quire/chardev.h (repeated here; lib/libposix/ioctl.c
 * checks they agree). The argument is always a pointer to an int:
 *
 *   int mode;
 *   ioctl(0, TTY_GETMODE, &mode);      -> TTY_COOKED or TTY_RAW
 *   mode = TTY_RAW;
 *   ioctl(0, TTY_SETMODE, &mode);
 *
 * TTY_COOKED: line editing, echo, ^C, ^D. TTY_RAW: bytes as typed.
 * Anything else a driver does not know fails with ENOTTY.
 */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#ifdef __cplusplus
extern "C" {
#endif

#define TTY_GETMODE  0x5401
#define TTY_SETMODE  0x5402
#define TTY_SETFG    0x5403   /* int: the pid ^C signals while it runs (0: none) */
#define TTY_GETPGRP  0x540F   /* int: the foreground process group */
#define TTY_SETPGRP  0x5410   /* int: set it (^C, ^Z, ^\\ signal the group) */
#define TTY_GETFLAGS 0x5420   /* int: TTY_F_TOSTOP (termios TOSTOP) */
#define TTY_SETFLAGS 0x5421
#define TTY_FLUSH    0x5422   /* int: TTY_FLUSH_IN (discard input), TTY_FLUSH_OUT */
#define TTY_DRAIN    0x5423   /* no argument */
#define TTY_F_TOSTOP 0x1
#define TTY_FLUSH_IN  0x1
#define TTY_FLUSH_OUT 0x2
#define TIOCGPGRP    TTY_GETPGRP
#define TIOCSPGRP    TTY_SETPGRP
#define TTY_COOKED   0
#define TTY_RAW      1

int ioctl(int fd, unsigned long request, ...);

#ifdef __cplusplus
}
#endif

#endif
