/*
 * stat, lstat, fstat: VFS fills a struct qstat (include/quire/stat.h),
 * converted here to newlib's struct stat.
 *
 * newlib's types for x86_64-elf are narrow in places: dev_t is 16 bits,
 * uid_t/gid_t 16 bits, nlink_t 16 bits; values that do not fit are cut.
 * Times are whole seconds (tv_nsec 0).
 */
#include "posix_priv.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <quire/stat.h>
#include <quire/vfs.h>

_Static_assert(S_IFMT == Q_S_IFMT && S_IFDIR == Q_S_IFDIR && S_IFREG == Q_S_IFREG &&
	       S_IFLNK == Q_S_IFLNK && S_IFCHR == Q_S_IFCHR && S_IFBLK == Q_S_IFBLK &&
	       S_IFIFO == Q_S_IFIFO && S_IFSOCK == Q_S_IFSOCK,
	       "file types have POSIX values on both sides");

static void stat_convert(const struct qstat *q, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = (dev_t)q->dev;
	st->st_ino = (ino_t)q->ino;
	st->st_mode = (mode_t)q->mode;
	st->st_nlink = (nlink_t)q->nlink;
	st->st_uid = (uid_t)q->uid;
	st->st_gid = (gid_t)q->gid;
	st->st_rdev = (dev_t)q->rdev;
	st->st_size = (off_t)q->size;
	st->st_atim.tv_sec = (time_t)q->atime;
	st->st_mtim.tv_sec = (time_t)q->mtime;
	st->st_ctim.tv_sec = (time_t)q->ctime;
	st->st_blksize = (blksize_t)(q->blksize ? q->blksize : 4096);
	st->st_blocks = (blkcnt_t)q->blocks;
}

_Static_assert(sizeof(struct stat) >= sizeof(struct qstat), "VFS writes a qstat into the caller's stat");

/* VFS writes the struct qstat into the caller's own struct stat (it is
 * larger), so a bad pointer is VFS's EFAULT and never a fault in here;
 * then it is converted in place. */
static int stat_done(int r, struct stat *st)
{
	if (r < 0)
		return (int)__px_ret(r);
	struct qstat q;
	memcpy(&q, st, sizeof(q));
	stat_convert(&q, st);
	return 0;
}

/* Where VFS writes: the caller's own struct stat, seen as a qstat. */
static struct qstat *as_qstat(struct stat *st)
{
	return (struct qstat *)(void *)st;
}

int stat(const char *restrict path, struct stat *restrict st)
{
	if (!st)
		return (int)__px_ret(-EFAULT);
	return stat_done(vfs_req_stat(path, as_qstat(st)), st);
}

int lstat(const char *restrict path, struct stat *restrict st)
{
	if (!st)
		return (int)__px_ret(-EFAULT);
	return stat_done(vfs_req_lstat(path, as_qstat(st)), st);
}

int fstat(int fd, struct stat *st)
{
	if (!st)
		return (int)__px_ret(-EFAULT);
	return stat_done(vfs_req_fstat(fd, as_qstat(st)), st);
}
