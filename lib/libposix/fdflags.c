/*
 * Descriptors made with their flags at once (pipe2, dup3), and lockf, the
 * XSI face of fcntl's record locks (servers/vfs/lock.c). A Quire process
 * has one thread, so setting the flags right after the call leaves no
 * window in which another thread could exec with the descriptor open.
 */
#include "posix_priv.h"

#include <fcntl.h>
#include <unistd.h>

/* O_CLOEXEC and O_NONBLOCK on fd; 0 or -1 with errno. */
static int set_flags(int fd, int flags)
{
	if ((flags & O_CLOEXEC) && fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		return -1;
	if ((flags & O_NONBLOCK) && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
		return -1;
	return 0;
}

int pipe2(int fds[2], int flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return (int)__px_ret(-EINVAL);
	if (pipe(fds) < 0)
		return -1;
	if (set_flags(fds[0], flags) < 0 || set_flags(fds[1], flags) < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		errno = e;
		return -1;
	}
	return 0;
}

int dup3(int oldfd, int newfd, int flags)
{
	if ((flags & ~O_CLOEXEC) || oldfd == newfd)
		return (int)__px_ret(-EINVAL);
	if (dup2(oldfd, newfd) < 0)
		return -1;
	if (set_flags(newfd, flags & O_CLOEXEC) < 0) {
		int e = errno;
		close(newfd);
		errno = e;
		return -1;
	}
	return newfd;
}

/* lockf: len bytes from the current offset (0: to the end of the file,
 * negative: before it). F_TEST answers EACCES if another process holds a
 * lock there; F_TLOCK does not wait (EACCES, as XSI allows, or EAGAIN). */
int lockf(int fd, int cmd, off_t len)
{
	struct flock fl = { .l_whence = SEEK_CUR, .l_start = 0, .l_len = len, .l_type = F_WRLCK };
	switch (cmd) {
	case F_ULOCK:
		fl.l_type = F_UNLCK;
		return fcntl(fd, F_SETLK, &fl);
	case F_LOCK:
		return fcntl(fd, F_SETLKW, &fl);
	case F_TLOCK:
		return fcntl(fd, F_SETLK, &fl);
	case F_TEST:
		if (fcntl(fd, F_GETLK, &fl) < 0)
			return -1;
		if (fl.l_type == F_UNLCK || fl.l_pid == getpid())
			return 0;
		return (int)__px_ret(-EACCES);
	default:
		return (int)__px_ret(-EINVAL);
	}
}
