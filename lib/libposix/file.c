/*
 * Descriptors: open, read, write, seek, dup, fcntl, pipe, sync, ioctl...
 * each one VFS request (include/quire/vfs.h, payload m_vfs): a path in
 * path/len, a buffer in buf/len2 (byte counts are 32 bits: a larger
 * read or write is cut to __PX_IO_MAX, a short transfer POSIX allows).
 */
#include "posix_priv.h"

#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <quire/vfs.h>
#include <quire/chardev.h>

/* newlib's open/fcntl/seek values are the ones VFS speaks. */
_Static_assert(O_RDONLY == Q_O_RDONLY && O_WRONLY == Q_O_WRONLY && O_RDWR == Q_O_RDWR &&
	       O_ACCMODE == Q_O_ACCMODE && O_APPEND == Q_O_APPEND && O_CREAT == Q_O_CREAT &&
	       O_TRUNC == Q_O_TRUNC && O_EXCL == Q_O_EXCL && O_NONBLOCK == Q_O_NONBLOCK &&
	       O_CLOEXEC == Q_O_CLOEXEC && O_DIRECTORY == Q_O_DIRECTORY,
	       "newlib's O_* are VFS's");
_Static_assert(F_DUPFD == Q_F_DUPFD && F_GETFD == Q_F_GETFD && F_SETFD == Q_F_SETFD &&
	       F_GETFL == Q_F_GETFL && F_SETFL == Q_F_SETFL && FD_CLOEXEC == Q_FD_CLOEXEC,
	       "newlib's F_* are VFS's");
_Static_assert(SEEK_SET == Q_SEEK_SET && SEEK_CUR == Q_SEEK_CUR && SEEK_END == Q_SEEK_END,
	       "newlib's SEEK_* are VFS's");
_Static_assert(TTY_SETFG == 0x5403, "the tty's foreground request");
_Static_assert(TTY_GETMODE == 0x5401 && TTY_SETMODE == 0x5402 && TTY_COOKED == 0 && TTY_RAW == 1,
	       "<sys/ioctl.h> repeats quire/chardev.h");

static size_t io_len(size_t n)
{
	return n > __PX_IO_MAX ? __PX_IO_MAX : n;
}

int open(const char *path, int flags, ...)
{
	PX_MSG(m);
	int mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	int r = __px_path(path, &m.m_vfs.path, &m.m_vfs.len);
	if (r == 0) {
		m.m_vfs.flags = flags;
		m.m_vfs.mode = mode;
		r = __px_vfs(VFS_OPEN, &m);
	}
	return (int)__px_ret(r);
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int close(int fd)
{
	PX_MSG(m);
	m.m_vfs.fd = fd;
	return (int)__px_ret(__px_vfs(VFS_CLOSE, &m));
}

static long rw(int type, int fd, const void *buf, size_t len, off_t off)
{
	PX_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.buf = (uint64_t)(uintptr_t)buf;
	m.m_vfs.len2 = (uint32_t)io_len(len);
	m.m_vfs.offset = (uint64_t)off;
	if ((type == VFS_PREAD || type == VFS_PWRITE) && off < 0)
		return __px_ret(-EINVAL);
	return __px_ret(__px_vfs(type, &m));
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t len)
{
	return rw(VFS_READ, fd, buf, len, 0);
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t len)
{
	return rw(VFS_WRITE, fd, buf, len, 0);
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	return rw(VFS_PREAD, fd, buf, len, off);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	return rw(VFS_PWRITE, fd, buf, len, off);
}

off_t lseek(int fd, off_t off, int whence)
{
	PX_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.offset = (uint64_t)off;
	m.m_vfs.flags = whence;
	int r = __px_vfs(VFS_LSEEK, &m);
	if (r < 0)
		return (off_t)__px_ret(r);
	return (off_t)m.m_vfs.offset;       /* the offset does not fit m_type */
}

int dup(int fd)
{
	PX_MSG(m);
	m.m_vfs.fd = fd;
	return (int)__px_ret(__px_vfs(VFS_DUP, &m));
}

int dup2(int fd, int fd2)
{
	PX_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.fd2 = fd2;
	return (int)__px_ret(__px_vfs(VFS_DUP2, &m));
}

static int fcntl_vfs(int fd, int cmd, int arg)
{
	PX_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.flags = cmd;
	m.m_vfs.mode = arg;
	return __px_vfs(VFS_FCNTL, &m);
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	int arg = 0;
	switch (cmd) {
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
		int nfd = fcntl_vfs(fd, F_DUPFD, arg);
		if (nfd < 0)
			return (int)__px_ret(nfd);
		int r = fcntl_vfs(nfd, F_SETFD, FD_CLOEXEC);
		if (r < 0) {
			close(nfd);
			return (int)__px_ret(r);
		}
		return nfd;
	}
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		/* VFS has no record locks. */
		return (int)__px_ret(-ENOSYS);
	default:
		return (int)__px_ret(fcntl_vfs(fd, cmd, arg));
	}
}

int pipe(int fds[2])
{
	PX_MSG(m);
	int r = __px_vfs(VFS_PIPE, &m);
	if (r >= 0) {
		fds[0] = m.m_vfs.fd;
		fds[1] = m.m_vfs.fd2;
		return 0;
	}
	return (int)__px_ret(r);
}

int fsync(int fd)
{
	PX_MSG(m);
	m.m_vfs.fd = fd;
	return (int)__px_ret(__px_vfs(VFS_FSYNC, &m));
}

int fdatasync(int fd)
{
	return fsync(fd);
}

void sync(void)
{
	PX_MSG(m);
	(void)__px_vfs(VFS_SYNC, &m);
}

int ftruncate(int fd, off_t size)
{
	if (size < 0)
		return (int)__px_ret(-EINVAL);
	PX_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.offset = (uint64_t)size;
	return (int)__px_ret(__px_vfs(VFS_FTRUNCATE, &m));
}

int truncate(const char *path, off_t size)
{
	if (size < 0)
		return (int)__px_ret(-EINVAL);
	PX_MSG(m);
	int r = __px_path(path, &m.m_vfs.path, &m.m_vfs.len);
	if (r == 0) {
		m.m_vfs.offset = (uint64_t)size;
		r = __px_vfs(VFS_TRUNCATE, &m);
	}
	return (int)__px_ret(r);
}

int isatty(int fd)
{
	PX_MSG(m);
	m.m_vfs.fd = fd;
	int r = __px_vfs(VFS_ISATTY, &m);
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

	PX_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.flags = (int32_t)request;
	m.m_vfs.buf = (uint64_t)(uintptr_t)arg;
	return (int)__px_ret(__px_vfs(VFS_IOCTL, &m));
}

mode_t umask(mode_t mask)
{
	PX_MSG(m);
	m.m_vfs.mode = (int32_t)(mask & 0777);
	int r = __px_vfs(VFS_UMASK, &m);
	/* umask cannot fail; if VFS is unreachable there is nothing to report. */
	return r < 0 ? 022 : (mode_t)r;
}

int chmod(const char *path, mode_t mode)
{
	PX_MSG(m);
	int r = __px_path(path, &m.m_vfs.path, &m.m_vfs.len);
	if (r == 0) {
		m.m_vfs.mode = (int32_t)(mode & 07777);
		r = __px_vfs(VFS_CHMOD, &m);
	}
	return (int)__px_ret(r);
}

/* No VFS request changes the mode of an open file. */
int fchmod(int fd, mode_t mode)
{
	(void)fd;
	(void)mode;
	return (int)__px_ret(-ENOSYS);
}
