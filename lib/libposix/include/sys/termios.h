/*
 * A small <termios.h> for Quire (newlib's <termios.h> includes this file
 * and has none of its own for this target).
 *
 * Quire's terminal has two modes, TTY_COOKED (line editing, echo, ^C,
 * ^D) and TTY_RAW (see <sys/ioctl.h>). tcgetattr() reports cooked mode as
 * ICANON|ECHO|ECHOE|ISIG|IEXTEN with ICRNL and OPOST, raw as none of them;
 * tcsetattr() chooses cooked mode when ICANON is set and raw mode when it
 * is not. TOSTOP is stored (a background process that writes gets
 * SIGTTOU). The other flags, the control characters and the speeds are
 * accepted and not stored.
 */
#ifndef _SYS_TERMIOS_H
#define _SYS_TERMIOS_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned int  tcflag_t;
typedef unsigned char cc_t;
typedef unsigned int  speed_t;

#define NCCS 20

struct termios {
	tcflag_t c_iflag;
	tcflag_t c_oflag;
	tcflag_t c_cflag;
	tcflag_t c_lflag;
	cc_t     c_cc[NCCS];
	speed_t  c_ispeed;
	speed_t  c_ospeed;
};

/* c_cc indices */
#define VEOF     0
#define VEOL     1
#define VERASE   2
#define VINTR    3
#define VKILL    4
#define VMIN     5
#define VQUIT    6
#define VSUSP    7
#define VTIME    8
#define VSTART   9
#define VSTOP   10
#define VWERASE 11

/* c_iflag */
#define IGNBRK  0x0001
#define BRKINT  0x0002
#define IGNPAR  0x0004
#define PARMRK  0x0008
#define INPCK   0x0010
#define ISTRIP  0x0020
#define INLCR   0x0040
#define IGNCR   0x0080
#define ICRNL   0x0100
#define IXON    0x0200
#define IXANY   0x0400
#define IXOFF   0x0800

/* c_oflag */
#define OPOST   0x0001
#define ONLCR   0x0002

/* c_cflag */
#define CSIZE   0x0030
#define CS5     0x0000
#define CS6     0x0010
#define CS7     0x0020
#define CS8     0x0030
#define CSTOPB  0x0040
#define CREAD   0x0080
#define PARENB  0x0100
#define PARODD  0x0200
#define HUPCL   0x0400
#define CLOCAL  0x0800

/* c_lflag */
#define ISIG    0x0001
#define ICANON  0x0002
#define ECHO    0x0008
#define ECHOE   0x0010
#define ECHOK   0x0020
#define ECHONL  0x0040
#define NOFLSH  0x0080
#define TOSTOP  0x0100
#define IEXTEN  0x8000

/* tcsetattr actions */
#define TCSANOW   0
#define TCSADRAIN 1
#define TCSAFLUSH 2

/* tcflush queues, tcflow actions */
#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2
#define TCOOFF    0
#define TCOON     1
#define TCIOFF    2
#define TCION     3

#define B0      0
#define B9600   9600
#define B19200  19200
#define B38400  38400
#define B57600  57600
#define B115200 115200

int     tcgetattr(int fd, struct termios *t);
int     tcsetattr(int fd, int action, const struct termios *t);
int     tcdrain(int fd);
int     tcflow(int fd, int action);
int     tcflush(int fd, int queue);
int     tcsendbreak(int fd, int duration);
speed_t cfgetispeed(const struct termios *t);
speed_t cfgetospeed(const struct termios *t);
int     cfsetispeed(struct termios *t, speed_t s);
int     cfsetospeed(struct termios *t, speed_t s);
void    cfmakeraw(struct termios *t);

#ifdef __cplusplus
}
#endif

#endif
