/*
 * termios on top of Quire's two terminal modes (TTY_GETMODE/TTY_SETMODE,
 * see <sys/termios.h> for the mapping) and its flags (TTY_GETFLAGS /
 * TTY_SETFLAGS: TOSTOP). tcsetattr, tcflush and tcdrain are ioctls the
 * tty guards with SIGTTOU for background processes (docs/signals.md).
 */
#include "posix_priv.h"

#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>

#define COOKED_LFLAG (ICANON | ECHO | ECHOE | ECHOK | ISIG | IEXTEN)

int tcgetattr(int fd, struct termios *t)
{
	int mode, flags;
	if (ioctl(fd, TTY_GETMODE, &mode) < 0 || ioctl(fd, TTY_GETFLAGS, &flags) < 0)
		return -1;
	memset(t, 0, sizeof(*t));
	t->c_cflag = CS8 | CREAD;
	if (mode == TTY_COOKED) {
		t->c_iflag = ICRNL;
		t->c_oflag = OPOST | ONLCR;
		t->c_lflag = COOKED_LFLAG;
	}
	if (flags & TTY_F_TOSTOP)
		t->c_lflag |= TOSTOP;
	t->c_cc[VEOF] = 4;          /* ^D */
	t->c_cc[VERASE] = 0x7f;
	t->c_cc[VINTR] = 3;         /* ^C */
	t->c_cc[VKILL] = 0x15;      /* ^U */
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
	t->c_ispeed = t->c_ospeed = B115200;
	return 0;
}

int tcsetattr(int fd, int action, const struct termios *t)
{
	if (action != TCSANOW && action != TCSADRAIN && action != TCSAFLUSH) {
		errno = EINVAL;
		return -1;
	}
	int mode = (t->c_lflag & ICANON) ? TTY_COOKED : TTY_RAW;
	int flags = (t->c_lflag & TOSTOP) ? TTY_F_TOSTOP : 0;
	if (action == TCSAFLUSH) {
		int q = TTY_FLUSH_IN;
		if (ioctl(fd, TTY_FLUSH, &q) < 0)
			return -1;
	}
	if (ioctl(fd, TTY_SETFLAGS, &flags) < 0)
		return -1;
	return ioctl(fd, TTY_SETMODE, &mode) < 0 ? -1 : 0;
}

static int tty_only(int fd)
{
	return isatty(fd) ? 0 : -1;
}

/* Output is written before write() returns: nothing to wait for, but a
 * background process is stopped (SIGTTOU) as POSIX says. */
int tcdrain(int fd)
{
	return ioctl(fd, TTY_DRAIN, NULL) < 0 ? -1 : 0;
}

int tcflush(int fd, int queue)
{
	int q = queue == TCIFLUSH ? TTY_FLUSH_IN : queue == TCOFLUSH ? TTY_FLUSH_OUT :
		queue == TCIOFLUSH ? TTY_FLUSH_IN | TTY_FLUSH_OUT : 0;
	if (!q) {
		errno = EINVAL;
		return -1;
	}
	return ioctl(fd, TTY_FLUSH, &q) < 0 ? -1 : 0;
}

int tcflow(int fd, int action) { (void)action; return tty_only(fd); }
int tcsendbreak(int fd, int duration) { (void)duration; return tty_only(fd); }

speed_t cfgetispeed(const struct termios *t) { return t->c_ispeed; }
speed_t cfgetospeed(const struct termios *t) { return t->c_ospeed; }
int cfsetispeed(struct termios *t, speed_t s) { t->c_ispeed = s; return 0; }
int cfsetospeed(struct termios *t, speed_t s) { t->c_ospeed = s; return 0; }

void cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t->c_oflag &= ~(tcflag_t)OPOST;
	t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag = (t->c_cflag & ~(tcflag_t)(CSIZE | PARENB)) | CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}
