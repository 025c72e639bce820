/*
 * Calls on path names: link, unlink, mkdir, rmdir, symlink, readlink,
 * chdir, getcwd, access, chown, mount, mknod and mkfifo, and the ENOSYS
 * stubs of utime (the users work of issue 11 brings them) -- VFS
 * requests through their stubs (vfs_req_*, lib/libproto/vfs.c). rename() and remove() are in rename.c.
 */
#include "posix_priv.h"

#include <stdlib.h>
#include <unistd.h>
#include <utime.h>
#include <sys/time.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <quire/vfs.h>

int link(const char *old, const char *new)
{
	return (int)__px_ret(vfs_req_link(old, new));
}

int symlink(const char *target, const char *linkpath)
{
	return (int)__px_ret(vfs_req_symlink(target, linkpath));
}

int unlink(const char *path)
{
	return (int)__px_ret(vfs_req_unlink(path));
}

int rmdir(const char *path)
{
	return (int)__px_ret(vfs_req_rmdir(path));
}

int mkdir(const char *path, mode_t mode)
{
	return (int)__px_ret(vfs_req_mkdir(path, (int)(mode & 07777)));
}

int chdir(const char *path)
{
	return (int)__px_ret(vfs_req_chdir(path));
}

int fchdir(int fd)
{
	return (int)__px_ret(vfs_req_fchdir(fd));
}

ssize_t readlink(const char *restrict path, char *restrict buf, size_t size)
{
	return __px_ret(vfs_req_readlink(path, buf, size));
}

/*
 * getcwd(buf, size). With buf NULL (a common extension) the result is
 * malloc'ed: `size` bytes, or as many as needed if size is 0.
 */
char *getcwd(char *buf, size_t size)
{
	char *mine = NULL;
	if (!buf) {
		size_t n = size ? size : VFS_PATH_MAX + 1;
		buf = mine = malloc(n);
		if (!buf) {
			errno = ENOMEM;
			return NULL;
		}
		size = n;
	} else if (size == 0) {
		errno = EINVAL;
		return NULL;
	}
	int r = vfs_req_getcwd(buf, size);
	if (r < 0) {
		free(mine);
		__px_ret(r);
		return NULL;
	}
	if (mine && size == VFS_PATH_MAX + 1) {
		char *shrunk = realloc(mine, (size_t)r > 0 ? (size_t)r : 1);
		if (shrunk)
			buf = shrunk;
	}
	return buf;
}

char *getwd(char *buf)
{
	return getcwd(buf, VFS_PATH_MAX + 1);
}

int mount(const char *fs, const char *dir)
{
	return (int)__px_ret(vfs_req_mount(fs, dir));
}

/*
 * access(): every process is the superuser (uid 0), so only existence
 * and, for X_OK, an execute bit (or a directory) are checked. A
 * read-only file system is not detected here.
 */
int access(const char *path, int amode)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return -1;
	if ((amode & X_OK) && !S_ISDIR(st.st_mode) && !(st.st_mode & 0111)) {
		errno = EACCES;
		return -1;
	}
	return 0;
}

int eaccess(const char *path, int amode)
{
	return access(path, amode);
}

/*
 * Ownership: there are no users yet (everything is uid/gid 0). Changing
 * the owner to 0 (or -1: unchanged) succeeds if the file exists; any
 * other owner is EPERM.
 */
static int chown_check(int r, uid_t owner, gid_t group)
{
	if (r < 0)
		return -1;
	if ((owner != (uid_t)-1 && owner != 0) || (group != (gid_t)-1 && group != 0)) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

int chown(const char *path, uid_t owner, gid_t group)
{
	struct stat st;
	return chown_check(stat(path, &st), owner, group);
}

int lchown(const char *path, uid_t owner, gid_t group)
{
	struct stat st;
	return chown_check(lstat(path, &st), owner, group);
}

int fchown(int fd, uid_t owner, gid_t group)
{
	struct stat st;
	return chown_check(fstat(fd, &st), owner, group);
}

/* FIFOs and device nodes (VFS_MKNOD; servers/vfs/vn_fifo.c). */
int mknod(const char *path, mode_t mode, dev_t dev)
{
	return (int)__px_ret(vfs_req_mknod(path, (int)mode, (uint64_t)dev));
}

int mkfifo(const char *path, mode_t mode)
{
	return mknod(path, S_IFIFO | (mode & 07777), 0);
}

/* VFS has no request to set file times yet. */
int utime(const char *path, const struct utimbuf *times)
{
	(void)path;
	(void)times;
	return (int)__px_ret(-ENOSYS);
}

int utimes(const char *path, const struct timeval times[2])
{
	(void)path;
	(void)times;
	return (int)__px_ret(-ENOSYS);
}

int futimens(int fd, const struct timespec times[2])
{
	(void)fd;
	(void)times;
	return (int)__px_ret(-ENOSYS);
}
