/*
 * VFS's protocol (processes -> VFS). Requests are sendrec'd to
 * VFS_PROC_NR; the answer's m_type is the result (>= 0) or a negative
 * error. Pointers in a request are addresses in the caller's memory,
 * which VFS reads and writes with checked copies: a bad one gives EFAULT.
 * A path is NUL-terminated; its len field may be 0 (VFS finds the NUL) or
 * an upper bound.
 *
 *   call          payload (m_vfs)                    answer
 *   VFS_OPEN      path, len, flags (O_*), mode        fd
 *   VFS_CLOSE     fd                                  OK
 *   VFS_READ      fd, buf, len                        bytes
 *   VFS_WRITE     fd, buf, len                        bytes
 *   VFS_PREAD     fd, buf, len, offset                bytes (the offset does not move)
 *   VFS_PWRITE    fd, buf, len, offset                bytes
 *   VFS_LSEEK     fd, offset, whence                  offset (in m_vfs.offset)
 *   VFS_DUP       fd                                  fd
 *   VFS_DUP2      fd, fd2                             fd2
 *   VFS_FCNTL     fd, cmd (F_*), arg                  per command
 *   VFS_STAT      path, len, buf (struct qstat)       OK
 *   VFS_LSTAT     path, len, buf                      OK
 *   VFS_FSTAT     fd, buf                             OK
 *   VFS_MKDIR     path, len, mode                     OK
 *   VFS_RMDIR     path, len                           OK
 *   VFS_UNLINK    path, len                           OK
 *   VFS_RENAME    path, len, path2, len2              OK
 *   VFS_LINK      path, len, path2, len2 (new name)   OK
 *   VFS_SYMLINK   path (target), len, path2, len2     OK
 *   VFS_READLINK  path, len, buf, buflen              bytes
 *   VFS_GETDENTS  fd, buf, len                        bytes of struct qdirent
 *   VFS_CHDIR     path, len                           OK
 *   VFS_FCHDIR    fd                                  OK
 *   VFS_GETCWD    buf, len                            bytes with the NUL
 *   VFS_TRUNCATE  path, len, offset (size)            OK
 *   VFS_FTRUNCATE fd, offset (size)                   OK
 *   VFS_UMASK     mode                                the old mask
 *   VFS_CHMOD     path, len, mode                     OK
 *   VFS_PIPE      -                                   OK with fd (read end), fd2
 *   VFS_FSYNC     fd                                  OK
 *   VFS_SYNC      -                                   OK
 *   VFS_IOCTL     fd, cmd, buf                        per request (ENOTTY)
 *   VFS_MOUNT     path (device), len, path2 (mount point), len2 -> OK
 *   VFS_EXEC      path, len, buf (stack image, pointers as offsets: lib/libposix/exec.c), len2 (size) -> no answer on success
 *   VFS_ISATTY    fd                                  1 or ENOTTY
 *   VFS_MMAP      (m_vm_mmap) addr, len, prot, flags, fd, offset -> OK, the address in m_vm_mmap.addr;
 *                 mmap of a descriptor (servers/vfs/mmap.c); VFS asks VM for the mapping
 *   VFS_POLL      buf (struct q_pollfd[len]), len (nfds), mode (timeout ms, -1: none)
 *                 -> the count of entries with revents != 0, revents written back;
 *                 EINVAL (nfds > VFS_POLL_MAX), EFAULT, EINTR (vfs_interrupt)
 * Owners, times and access (m_vfs_attr; servers/vfs/attr.c). flags VA_FD:
 * the file is descriptor fd, not path; VA_NOFOLLOW: a symbolic link
 * itself (lchown, AT_SYMLINK_NOFOLLOW):
 *   VFS_CHOWN     path or fd, uid, gid (PM_ID_NONE: unchanged), flags -> OK
 *   VFS_UTIME     path or fd, atime, mtime (seconds), flags (VA_*TIME_NOW,
 *                 VA_*TIME_OMIT)                      -> OK
 *   VFS_ACCESS    path, mode (R_OK|W_OK|X_OK, 0: F_OK), flags (VA_EACCESS:
 *                 the effective ids, else the real)   -> OK
 *   VFS_FCHMOD    fd, mode                            -> OK
 *   VFS_LOCK      (m_vfs_lock) fd, cmd (Q_F_GETLK/SETLK/SETLKW), type, whence, start, len
 *                 -> OK; F_GETLK answers the first conflicting lock (type Q_F_UNLCK: none)
 *                 in type, whence (SEEK_SET), start, len, pid. POSIX record locks
 *                 (servers/vfs/lock.c); F_SETLKW is parked until the lock is free.
 *   VFS_MKNOD     path, len, mode (S_IFIFO/S_IFCHR/S_IFBLK | perm), offset (dev) -> OK
 */
#ifndef QUIRE_VFS_H
#define QUIRE_VFS_H

#include <quire/types.h>

#define VFS_RQ_BASE   0x100
#define VFS_OPEN      (VFS_RQ_BASE + 0)
#define VFS_CLOSE     (VFS_RQ_BASE + 1)
#define VFS_READ      (VFS_RQ_BASE + 2)
#define VFS_WRITE     (VFS_RQ_BASE + 3)
#define VFS_PREAD     (VFS_RQ_BASE + 4)
#define VFS_PWRITE    (VFS_RQ_BASE + 5)
#define VFS_LSEEK     (VFS_RQ_BASE + 6)
#define VFS_DUP       (VFS_RQ_BASE + 7)
#define VFS_DUP2      (VFS_RQ_BASE + 8)
#define VFS_FCNTL     (VFS_RQ_BASE + 9)
#define VFS_STAT      (VFS_RQ_BASE + 10)
#define VFS_LSTAT     (VFS_RQ_BASE + 11)
#define VFS_FSTAT     (VFS_RQ_BASE + 12)
#define VFS_MKDIR     (VFS_RQ_BASE + 13)
#define VFS_RMDIR     (VFS_RQ_BASE + 14)
#define VFS_UNLINK    (VFS_RQ_BASE + 15)
#define VFS_RENAME    (VFS_RQ_BASE + 16)
#define VFS_LINK      (VFS_RQ_BASE + 17)
#define VFS_SYMLINK   (VFS_RQ_BASE + 18)
#define VFS_READLINK  (VFS_RQ_BASE + 19)
#define VFS_GETDENTS  (VFS_RQ_BASE + 20)
#define VFS_CHDIR     (VFS_RQ_BASE + 21)
#define VFS_FCHDIR    (VFS_RQ_BASE + 22)
#define VFS_GETCWD    (VFS_RQ_BASE + 23)
#define VFS_TRUNCATE  (VFS_RQ_BASE + 24)
#define VFS_FTRUNCATE (VFS_RQ_BASE + 25)
#define VFS_UMASK     (VFS_RQ_BASE + 26)
#define VFS_CHMOD     (VFS_RQ_BASE + 27)
#define VFS_PIPE      (VFS_RQ_BASE + 28)
#define VFS_FSYNC     (VFS_RQ_BASE + 29)
#define VFS_SYNC      (VFS_RQ_BASE + 30)
#define VFS_IOCTL     (VFS_RQ_BASE + 31)
#define VFS_MOUNT     (VFS_RQ_BASE + 32)
#define VFS_EXEC      (VFS_RQ_BASE + 33)
#define VFS_ISATTY    (VFS_RQ_BASE + 34)
#define VFS_MMAP      (VFS_RQ_BASE + 35)
#define VFS_POLL      (VFS_RQ_BASE + 48)
#define VFS_CHOWN     (VFS_RQ_BASE + 56)
#define VFS_UTIME     (VFS_RQ_BASE + 57)
#define VFS_ACCESS    (VFS_RQ_BASE + 58)
#define VFS_FCHMOD    (VFS_RQ_BASE + 59)

#define VFS_LOCK      (VFS_RQ_BASE + 72)
#define VFS_MKNOD     (VFS_RQ_BASE + 73)
#define VFS_NR_CALLS  80

/* VFS_POLL: struct pollfd as <poll.h> has it (lib/libposix/include/poll.h). */
struct q_pollfd {
	int32_t fd;
	int16_t events;
	int16_t revents;
};
#define Q_POLLIN     0x001
#define Q_POLLPRI    0x002
#define Q_POLLOUT    0x004
#define Q_POLLERR    0x008
#define Q_POLLHUP    0x010
#define Q_POLLNVAL   0x020
#define Q_POLLRDNORM 0x040
#define Q_POLLRDBAND 0x080
#define Q_POLLWRNORM 0x100
#define Q_POLLWRBAND 0x200
#define VFS_POLL_MAX VFS_OPEN_MAX   /* nfds above it: EINVAL */

/* m_vfs_attr.flags */
#define VA_FD          0x01
#define VA_NOFOLLOW    0x02
#define VA_EACCESS     0x04
#define VA_ATIME_NOW   0x08
#define VA_MTIME_NOW   0x10
#define VA_ATIME_OMIT  0x20
#define VA_MTIME_OMIT  0x40

/* open flags (newlib's values) */
#define Q_O_RDONLY   0x0000
#define Q_O_WRONLY   0x0001
#define Q_O_RDWR     0x0002
#define Q_O_ACCMODE  0x0003
#define Q_O_APPEND   0x0008
#define Q_O_CREAT    0x0200
#define Q_O_TRUNC    0x0400
#define Q_O_EXCL     0x0800
#define Q_O_NONBLOCK 0x4000
#define Q_O_CLOEXEC  0x40000
#define Q_O_DIRECTORY 0x200000

/* fcntl commands and flags (newlib's values) */
#define Q_F_DUPFD  0
#define Q_F_GETFD  1
#define Q_F_SETFD  2
#define Q_F_GETFL  3
#define Q_F_SETFL  4
#define Q_FD_CLOEXEC 1
#define Q_F_GETLK  7
#define Q_F_SETLK  8
#define Q_F_SETLKW 9
#define Q_F_RDLCK  1
#define Q_F_WRLCK  2
#define Q_F_UNLCK  3

#define Q_SEEK_SET 0
#define Q_SEEK_CUR 1
#define Q_SEEK_END 2

#define VFS_OPEN_MAX  64       /* descriptors per process */
#define VFS_PATH_MAX  1024

/* The most bytes one request moves (read, write, getdents, readlink,
 * getcwd), and so the most a character driver is asked for: the answer's
 * m_type (an int32) carries the count, and the length fields are 32 bits.
 * Page-aligned. A larger count is cut to it: a short transfer, which
 * POSIX allows. */
#define VFS_IO_MAX    0x7ffff000u

/* The largest VFS_EXEC stack image (arguments and environment); the
 * POSIX ARG_MAX. */
#define VFS_EXEC_IMAGE_MAX (128 * 1024)

typedef struct {
	uint64_t path;            /* address */
	uint64_t buf;             /* address (path2 for two-path calls) */
	uint64_t offset;          /* lseek/pread/pwrite/truncate; answer of lseek */
	uint32_t len;             /* path length (without NUL) */
	uint32_t len2;            /* buf length, or path2 length */
	int32_t  fd, fd2;         /* fd2: dup2 target; pipe answer */
	int32_t  flags;           /* open flags, fcntl cmd, ioctl request, whence */
	int32_t  mode;            /* create mode, umask, chmod, fcntl arg */
} mess_vfs;

typedef struct {                 /* VFS_CHOWN, VFS_UTIME, VFS_ACCESS, VFS_FCHMOD */
	uint64_t path;
	int64_t  atime, mtime;
	uint32_t len;
	int32_t  fd;
	int32_t  flags;           /* VA_* */
	uint32_t uid, gid;
	int32_t  mode;
} mess_vfs_attr;

typedef struct {                 /* VFS_LOCK */
	int64_t  start;           /* l_start (from whence); F_GETLK answer: from 0 */
	int64_t  len;             /* l_len: 0 = to the end of the file, < 0 = before start */
	int32_t  fd;
	int32_t  cmd;             /* Q_F_GETLK, Q_F_SETLK, Q_F_SETLKW */
	int16_t  type;            /* Q_F_RDLCK, Q_F_WRLCK, Q_F_UNLCK */
	int16_t  whence;          /* Q_SEEK_*; F_GETLK answer: Q_SEEK_SET */
	int32_t  pid;             /* F_GETLK answer: the holder's pid */
} mess_vfs_lock;

/*
 * The client stubs (lib/libproto/vfs.c, in libsys and libposix): one per
 * request above, each returning VFS's answer, >= 0 or a negative error
 * (lib/libproto/proto.h). Paths and buffers are passed by address only:
 * VFS reads and writes them with checked copies, so a bad pointer is
 * VFS's EFAULT, never a fault in the stub. Byte counts above VFS_IO_MAX
 * are cut to it. Out pointers are written only on success.
 */
struct qstat;

int vfs_req_open(const char *path, int flags, int mode);
int vfs_req_close(int fd);
int vfs_req_read(int fd, void *buf, size_t len);
int vfs_req_write(int fd, const void *buf, size_t len);
int vfs_req_pread(int fd, void *buf, size_t len, int64_t offset);
int vfs_req_pwrite(int fd, const void *buf, size_t len, int64_t offset);
int vfs_req_lseek(int fd, int64_t offset, int whence, int64_t *pos);
int vfs_req_dup(int fd);
int vfs_req_dup2(int fd, int fd2);
int vfs_req_fcntl(int fd, int cmd, int arg);
/* VFS writes a struct qstat at st (the caller's buffer may be larger). */
int vfs_req_stat(const char *path, struct qstat *st);
int vfs_req_lstat(const char *path, struct qstat *st);
int vfs_req_fstat(int fd, struct qstat *st);
int vfs_req_mkdir(const char *path, int mode);
int vfs_req_rmdir(const char *path);
int vfs_req_unlink(const char *path);
int vfs_req_rename(const char *old, const char *new_path);
int vfs_req_link(const char *old, const char *new_path);
int vfs_req_symlink(const char *target, const char *link_path);
int vfs_req_readlink(const char *path, char *buf, size_t size);
int vfs_req_getdents(int fd, void *buf, size_t len);
int vfs_req_chdir(const char *path);
int vfs_req_fchdir(int fd);
int vfs_req_getcwd(char *buf, size_t size);   /* bytes with the NUL */
int vfs_req_truncate(const char *path, uint64_t size);
int vfs_req_ftruncate(int fd, uint64_t size);
int vfs_req_umask(int mask);                  /* the old mask */
int vfs_req_chmod(const char *path, int mode);
int vfs_req_pipe(int fds[2]);
int vfs_req_fsync(int fd);
int vfs_req_sync(void);
int vfs_req_ioctl(int fd, int request, void *arg);
int vfs_req_mount(const char *dev, const char *dir);
/* The stack image of lib/libposix/exec.c; returns only on failure. */
int vfs_req_exec(const char *path, const void *image, size_t size);
int vfs_req_isatty(int fd);                   /* 1, or ENOTTY */
/* poll(): the count ready, revents written in fds. */
int vfs_req_poll(void *fds, uint32_t nfds, int timeout_ms);
/* mmap of a descriptor: OK and the address in *out, or an error. */
/* path NULL: descriptor fd (with VA_FD in flags). */
int vfs_req_chown(const char *path, int fd, uint32_t uid, uint32_t gid, int flags);
int vfs_req_utime(const char *path, int fd, int64_t atime, int64_t mtime, int flags);
int vfs_req_access(const char *path, int mode, int flags);
int vfs_req_fchmod(int fd, int mode);
int vfs_req_mmap(void *addr, size_t len, int prot, int flags, int fd, uint64_t offset, void **out);
/* fcntl record locks: *lk in and, for Q_F_GETLK, out. */
int vfs_req_lock(int fd, int cmd, mess_vfs_lock *lk);
int vfs_req_mknod(const char *path, int mode, uint64_t dev);

#endif
