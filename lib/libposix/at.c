/*
 * The *at() calls: a relative path is taken from the directory dirfd
 * names instead of the working directory (AT_FDCWD: the working
 * directory, as the plain call).
 *
 * VFS resolves paths from the working directory, so libposix turns
 * (dirfd, path) into an absolute path first (at_path): it moves the
 * working directory to dirfd (fchdir, which checks that dirfd is an open
 * directory: EBADF, ENOTDIR), asks for its path (getcwd, which VFS builds
 * from the directory's vnode), and moves back. Then the plain call runs.
 * A Quire process has one thread; a signal handler that runs in between
 * sees dirfd's directory as the working directory for that moment.
 */
#include "posix_priv.h"

#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Back to the working directory saved as fd `here` (or by name). */
static void go_back(int here, const char *name)
{
	int e = errno;
	if (here >= 0) {
		fchdir(here);
		close(here);
	} else {
		chdir(name);
	}
	errno = e;
}

/* The path the call means, in buf (PATH_MAX bytes) or path itself:
 * 0, or -errno. */
static int at_path(int dirfd, const char *path, char *buf, const char **out)
{
	*out = path;
	if (!path)
		return -EFAULT;
	if (dirfd == AT_FDCWD || path[0] == '/')
		return 0;
	if (path[0] == '\0')
		return -ENOENT;
	static char saved[PATH_MAX];
	int here = open(".", O_RDONLY);          /* else back by name */
	if (here < 0 && !getcwd(saved, sizeof(saved)))
		return -errno;
	if (fchdir(dirfd) < 0) {
		int e = errno;
		go_back(here, saved);
		return -e;
	}
	char *dir = getcwd(buf, PATH_MAX);
	int e = errno;
	go_back(here, saved);
	if (!dir)
		return -e;
	size_t n = strlen(buf), m = strlen(path);
	if (n + 1 + m + 1 > PATH_MAX)
		return -ENAMETOOLONG;
	if (n > 1)
		buf[n++] = '/';
	memcpy(buf + n, path, m + 1);
	*out = buf;
	return 0;
}

/* One path: p is what the plain call takes (or return -1 with errno). */
#define AT1(dirfd, path, p)                                     \
	char p##_buf[PATH_MAX];                                 \
	const char *p;                                          \
	do {                                                    \
		int r_ = at_path(dirfd, path, p##_buf, &p);     \
		if (r_ < 0)                                     \
			return (int)__px_ret(r_);               \
	} while (0)

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = (flags & O_CREAT) ? (mode_t)va_arg(ap, int) : 0;
	va_end(ap);
	AT1(dirfd, path, p);
	return open(p, flags, mode);
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return (int)__px_ret(-EINVAL);
	AT1(dirfd, path, p);
	return (flags & AT_SYMLINK_NOFOLLOW) ? lstat(p, st) : stat(p, st);
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
	AT1(dirfd, path, p);
	return mkdir(p, mode);
}

int mkfifoat(int dirfd, const char *path, mode_t mode)
{
	AT1(dirfd, path, p);
	return mkfifo(p, mode);
}

int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	AT1(dirfd, path, p);
	return mknod(p, mode, dev);
}

int unlinkat(int dirfd, const char *path, int flags)
{
	if (flags & ~AT_REMOVEDIR)
		return (int)__px_ret(-EINVAL);
	AT1(dirfd, path, p);
	return (flags & AT_REMOVEDIR) ? rmdir(p) : unlink(p);
}

ssize_t readlinkat(int dirfd, const char *restrict path, char *restrict buf, size_t len)
{
	AT1(dirfd, path, p);
	return readlink(p, buf, len);
}

/* The link's contents are stored as given: only its own name is dirfd's. */
int symlinkat(const char *target, int dirfd, const char *path)
{
	AT1(dirfd, path, p);
	return symlink(target, p);
}

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
	AT1(olddirfd, oldpath, o);
	AT1(newdirfd, newpath, n);
	return rename(o, n);
}

/* AT_SYMLINK_FOLLOW: link to what a symbolic link names (link() links
 * the link itself, as POSIX allows). */
int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)
{
	if (flags & ~AT_SYMLINK_FOLLOW)
		return (int)__px_ret(-EINVAL);
	AT1(olddirfd, oldpath, o);
	AT1(newdirfd, newpath, n);
	if (flags & AT_SYMLINK_FOLLOW) {
		static char target[PATH_MAX];
		if (!realpath(o, target))
			return -1;
		o = target;
	}
	return link(o, n);
}

int faccessat(int dirfd, const char *path, int amode, int flags)
{
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
		return (int)__px_ret(-EINVAL);
	AT1(dirfd, path, p);
	return (int)__px_ret(vfs_req_access(p, amode, ((flags & AT_EACCESS) ? VA_EACCESS : 0) |
				((flags & AT_SYMLINK_NOFOLLOW) ? VA_NOFOLLOW : 0)));
}

int fchownat(int dirfd, const char *path, uid_t owner, gid_t group, int flags)
{
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return (int)__px_ret(-EINVAL);
	AT1(dirfd, path, p);
	return (flags & AT_SYMLINK_NOFOLLOW) ? lchown(p, owner, group) : chown(p, owner, group);
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return (int)__px_ret(-EINVAL);
	AT1(dirfd, path, p);
	if (flags & AT_SYMLINK_NOFOLLOW)
		return (int)__px_ret(-EOPNOTSUPP);   /* links have no mode of their own */
	return chmod(p, mode);
}

int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return (int)__px_ret(-EINVAL);
	AT1(dirfd, path, p);
	return __px_set_times(p, times, (flags & AT_SYMLINK_NOFOLLOW) != 0);
}
