/*
 * Descriptors: open, read, write, seek, dup, fcntl, pipe, sync, ioctl...
 * each one VFS request through its stub (vfs_req_*, lib/libproto/vfs.c).
 * A read or write larger than VFS_IO_MAX is cut to it, a short transfer
 * POSIX allows.
 */
#include "posix_priv.h"

#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <quire/vfs.h>
#include <quire/chardev.h>
#include <quire/signal.h>

/* newlib's open/fcntl/seek values are the ones VFS speaks. */
_Static_assert(O_RDONLY == Q_O_RDONLY && O_WRONLY == Q_O_WRONLY && O_RDWR == Q_O_RDWR &&
	       O_ACCMODE == Q_O_ACCMODE && O_APPEND == Q_O_APPEND && O_CREAT == Q_O_CREAT &&
	       O_TRUNC == Q_O_TRUNC && O_EXCL == Q_O_EXCL && O_NONBLOCK == Q_O_NONBLOCK &&
	       O_CLOEXEC == Q_O_CLOEXEC && O_DIRECTORY == Q_O_DIRECTORY,
	       "newlib's O_* are VFS's");
_Static_assert(F_DUPFD == Q_F_DUPFD && F_GETFD == Q_F_GETFD && F_SETFD == Q_F_SETFD &&
	       F_GETFL == Q_F_GETFL && F_SETFL == Q_F_SETFL && FD_CLOEXEC == Q_FD_CLOEXEC,
	       "newlib's F_* are VFS's");
_Static_assert(F_GETLK == Q_F_GETLK && F_SETLK == Q_F_SETLK && F_SETLKW == Q_F_SETLKW &&
	       F_RDLCK == Q_F_RDLCK && F_WRLCK == Q_F_WRLCK && F_UNLCK == Q_F_UNLCK,
	       "newlib's record-lock values are VFS's");
_Static_assert(SEEK_SET == Q_SEEK_SET && SEEK_CUR == Q_SEEK_CUR && SEEK_END == Q_SEEK_END,
	       "newlib's SEEK_* are VFS's");
_Static_assert(TTY_SETFG == 0x5403, "the tty's foreground request");
_Static_assert(TTY_GETPGRP == 0x540F && TTY_SETPGRP == 0x5410, "the tty's process group requests");
_Static_assert(TTY_GETMODE == 0x5401 && TTY_SETMODE == 0x5402 && TTY_COOKED == 0 && TTY_RAW == 1,
	       "<sys/ioctl.h> repeats quire/chardev.h");
_Static_assert(TTY_GETFLAGS == 0x5420 && TTY_SETFLAGS == 0x5421 && TTY_FLUSH == 0x5422 &&
	       TTY_DRAIN == 0x5423 && TTY_F_TOSTOP == 1 && TTY_FLUSH_IN == 1 && TTY_FLUSH_OUT == 2,
	       "<sys/ioctl.h> repeats quire/chardev.h");

int open(const char *path, int flags, ...)
{
	int mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	return (int)__px_ret(vfs_req_open(path, flags, mode));
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int close(int fd)
{
	return (int)__px_ret(vfs_req_close(fd));
}

/* QERESTART: a signal handler with SA_RESTART interrupted the call
 * before it moved anything; run it again (docs/signals.md). */
_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t len)
{
	long r;
	do
		r = vfs_req_read(fd, buf, len);
	while (r == -QERESTART);
	return __px_ret(r);
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t len)
{
	long r;
	do
		r = vfs_req_write(fd, buf, len);
	while (r == -QERESTART);
	return __px_ret(r);
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	if (off < 0)
		return __px_ret(-EINVAL);
	return __px_ret(vfs_req_pread(fd, buf, len, off));
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	if (off < 0)
		return __px_ret(-EINVAL);
	return __px_ret(vfs_req_pwrite(fd, buf, len, off));
}

off_t lseek(int fd, off_t off, int whence)
{
	int64_t pos;
	int r = vfs_req_lseek(fd, off, whence, &pos);
	if (r < 0)
		return (off_t)__px_ret(r);
	return (off_t)pos;
}

int dup(int fd)
{
	return (int)__px_ret(vfs_req_dup(fd));
}

int dup2(int fd, int fd2)
{
	return (int)__px_ret(vfs_req_dup2(fd, fd2));
}

/* Record locks (VFS_LOCK, servers/vfs/lock.c): struct flock to the
 * message and, for F_GETLK, back. newlib's l_pid is a short: a larger
 * pid cannot be told (EOVERFLOW), never shown wrong. */
static int lock_call(int fd, int cmd, struct flock *fl)
{
	if (!fl)
		return (int)__px_ret(-EFAULT);
	mess_vfs_lock lk = {
		.start = fl->l_start, .len = fl->l_len, .type = fl->l_type, .whence = fl->l_whence,
	};
	int r = vfs_req_lock(fd, cmd, &lk);
	if (r < 0)
		return (int)__px_ret(r);
	if (cmd == F_GETLK) {
		fl->l_type = lk.type;
		if (lk.type != F_UNLCK) {
			if (lk.pid > SHRT_MAX)
				return (int)__px_ret(-EOVERFLOW);
			fl->l_whence = lk.whence;
			fl->l_start = lk.start;
			fl->l_len = lk.len;
			fl->l_pid = (short)lk.pid;
		}
	}
	return 0;
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	int arg = 0;
	struct flock *flock_arg = NULL;
	switch (cmd) {
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		flock_arg = va_arg(ap, struct flock *);
		break;
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
	case F_SETFD:
	case F_SETFL:
		arg = va_arg(ap, int);
		break;
	}
	va_end(ap);

	switch (cmd) {
	case F_DUPFD_CLOEXEC: {
		/* Not a VFS command: F_DUPFD, then mark the copy. */
		int nfd = vfs_req_fcntl(fd, F_DUPFD, arg);
		if (nfd < 0)
			return (int)__px_ret(nfd);
		int r = vfs_req_fcntl(nfd, F_SETFD, FD_CLOEXEC);
		if (r < 0) {
			close(nfd);
			return (int)__px_ret(r);
		}
		return nfd;
	}
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		return lock_call(fd, cmd, flock_arg);
	default:
		return (int)__px_ret(vfs_req_fcntl(fd, cmd, arg));
	}
}

int pipe(int fds[2])
{
	int r = vfs_req_pipe(fds);
	return r < 0 ? (int)__px_ret(r) : 0;
}

int fsync(int fd)
{
	return (int)__px_ret(vfs_req_fsync(fd));
}

int fdatasync(int fd)
{
	return fsync(fd);
}

void sync(void)
{
	(void)vfs_req_sync();
}

int ftruncate(int fd, off_t size)
{
	if (size < 0)
		return (int)__px_ret(-EINVAL);
	return (int)__px_ret(vfs_req_ftruncate(fd, (uint64_t)size));
}

int truncate(const char *path, off_t size)
{
	if (size < 0)
		return (int)__px_ret(-EINVAL);
	return (int)__px_ret(vfs_req_truncate(path, (uint64_t)size));
}

int isatty(int fd)
{
	int r = vfs_req_isatty(fd);
	if (r > 0)
		return 1;
	__px_ret(r < 0 ? r : -ENOTTY);
	return 0;
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);

	/* QERESTART: a handler ran, or a background process was stopped by
	 * SIGTTOU and continued (docs/signals.md): run it again. */
	long r;
	do
		r = vfs_req_ioctl(fd, (int)request, arg);
	while (r == -QERESTART);
	return (int)__px_ret(r);
}

mode_t umask(mode_t mask)
{
	int r = vfs_req_umask((int)(mask & 0777));
	/* umask cannot fail; if VFS is unreachable there is nothing to report. */
	return r < 0 ? 022 : (mode_t)r;
}

int chmod(const char *path, mode_t mode)
{
	return (int)__px_ret(vfs_req_chmod(path, (int)(mode & 07777)));
}

int fchmod(int fd, mode_t mode)
{
	return (int)__px_ret(vfs_req_fchmod(fd, (int)(mode & 07777)));
}
