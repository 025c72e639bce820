/*
 * Calls on path names: link, unlink, mkdir, rmdir, symlink, readlink,
 * chdir, getcwd, access, chown, utime, mount, mknod and mkfifo -- VFS
 * requests through their stubs (vfs_req_*, lib/libproto/vfs.c). rename()
 * and remove() are in rename.c.
 */
#include "posix_priv.h"

#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
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

/* access() checks with the real ids, eaccess() with the effective
 * ones (VFS's perm.c). */
int access(const char *path, int amode)
{
	return (int)__px_ret(vfs_req_access(path, amode, 0));
}

int eaccess(const char *path, int amode)
{
	return (int)__px_ret(vfs_req_access(path, amode, VA_EACCESS));
}

int euidaccess(const char *path, int amode)
{
	return eaccess(path, amode);
}

/* Owners: (uid_t)-1 and (gid_t)-1 leave one unchanged (16-bit here,
 * PM_ID_NONE for VFS). */
static uint32_t owner_id(unsigned id, unsigned none)
{
	return id == none ? PM_ID_NONE : id;
}

int chown(const char *path, uid_t owner, gid_t group)
{
	return (int)__px_ret(vfs_req_chown(path, -1, owner_id(owner, (uid_t)-1),
					   owner_id(group, (gid_t)-1), 0));
}

int lchown(const char *path, uid_t owner, gid_t group)
{
	return (int)__px_ret(vfs_req_chown(path, -1, owner_id(owner, (uid_t)-1),
					   owner_id(group, (gid_t)-1), VA_NOFOLLOW));
}

int fchown(int fd, uid_t owner, gid_t group)
{
	return (int)__px_ret(vfs_req_chown(NULL, fd, owner_id(owner, (uid_t)-1),
					   owner_id(group, (gid_t)-1), VA_FD));
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

/*
 * File times, in whole seconds (ext2 keeps no more). A NULL times means
 * "now" for both (allowed to whoever may write the file); explicit times
 * need the owner or uid 0.
 */
static int set_times(const char *path, int fd, const struct timespec *ts, int flags)
{
	if (!ts)
		return (int)__px_ret(vfs_req_utime(path, fd, 0, 0,
						   flags | VA_ATIME_NOW | VA_MTIME_NOW));
	int64_t t[2] = { 0, 0 };
	for (int i = 0; i < 2; i++) {
		if (ts[i].tv_nsec == UTIME_NOW)
			flags |= i ? VA_MTIME_NOW : VA_ATIME_NOW;
		else if (ts[i].tv_nsec == UTIME_OMIT)
			flags |= i ? VA_MTIME_OMIT : VA_ATIME_OMIT;
		else if (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= 1000000000L)
			return (int)__px_ret(-EINVAL);
		else
			t[i] = ts[i].tv_sec;
	}
	return (int)__px_ret(vfs_req_utime(path, fd, t[0], t[1], flags));
}

int utime(const char *path, const struct utimbuf *times)
{
	if (!times)
		return set_times(path, -1, NULL, 0);
	struct timespec ts[2] = { { times->actime, 0 }, { times->modtime, 0 } };
	return set_times(path, -1, ts, 0);
}

static int tv_to_ts(const struct timeval tv[2], struct timespec ts[2])
{
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000L;
	}
	return 0;
}

int futimes(int fd, const struct timeval times[2])
{
	struct timespec ts[2];
	if (times && tv_to_ts(times, ts))
		return (int)__px_ret(-EINVAL);
	return set_times(NULL, fd, times ? ts : NULL, VA_FD);
}

int lutimes(const char *path, const struct timeval times[2])
{
	struct timespec ts[2];
	if (times && tv_to_ts(times, ts))
		return (int)__px_ret(-EINVAL);
	return set_times(path, -1, times ? ts : NULL, VA_NOFOLLOW);
}

int utimes(const char *path, const struct timeval times[2])
{
	struct timespec ts[2];
	if (times && tv_to_ts(times, ts))
		return (int)__px_ret(-EINVAL);
	return set_times(path, -1, times ? ts : NULL, 0);
}

/* utimensat (at.c): path's times, not following a final link if nofollow. */
int __px_set_times(const char *path, const struct timespec times[2], bool nofollow)
{
	return set_times(path, -1, times, nofollow ? VA_NOFOLLOW : 0);
}

int futimens(int fd, const struct timespec times[2])
{
	return set_times(NULL, fd, times, VA_FD);
}

