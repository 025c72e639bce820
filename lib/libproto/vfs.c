/*
 * VFS's requests (include/quire/vfs.h), one stub each; see proto.h for
 * the conventions. The payload is m_vfs: a path goes by address with len
 * 0 (VFS finds the NUL, so the stub never reads the caller's memory), a
 * second path or a buffer in buf/len2.
 */
#include "proto.h"
#include <quire/endpoints.h>
#include <quire/stat.h>

static inline uint64_t addr_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* len2 is 32 bits: larger counts are cut to VFS_IO_MAX (a short transfer). */
static inline uint32_t io_len(size_t n)
{
	return n > VFS_IO_MAX ? VFS_IO_MAX : (uint32_t)n;
}

static inline int vfs_call(int type, message *m)
{
	return proto_call(VFS_PROC_NR, type, m);
}

/* ---- requests on a descriptor ---- */

/* VFS_CLOSE, VFS_DUP, VFS_FCHDIR, VFS_FSYNC, VFS_ISATTY: just the fd. */
static int on_fd(int type, int fd)
{
	PROTO_MSG(m);
	m.m_vfs.fd = fd;
	return vfs_call(type, &m);
}

int vfs_req_close(int fd)
{
	return on_fd(VFS_CLOSE, fd);
}

int vfs_req_dup(int fd)
{
	return on_fd(VFS_DUP, fd);
}

int vfs_req_fchdir(int fd)
{
	return on_fd(VFS_FCHDIR, fd);
}

int vfs_req_fsync(int fd)
{
	return on_fd(VFS_FSYNC, fd);
}

int vfs_req_isatty(int fd)
{
	return on_fd(VFS_ISATTY, fd);
}

/* VFS_MMAP: the payload is VM_MMAP's (m_vm_mmap); target is VFS's to set. */
int vfs_req_mmap(void *addr, size_t len, int prot, int flags, int fd, uint64_t offset, void **out)
{
	PROTO_MSG(m);
	m.m_vm_mmap.addr = addr_of(addr);
	m.m_vm_mmap.len = len;
	m.m_vm_mmap.prot = prot;
	m.m_vm_mmap.flags = flags;
	m.m_vm_mmap.fd = fd;
	m.m_vm_mmap.offset = offset;
	int r = vfs_call(VFS_MMAP, &m);
	if (r >= 0 && out)
		*out = (void *)(uintptr_t)m.m_vm_mmap.addr;
	return r;
}

/* VFS_MKNOD: path, mode (type and permissions), dev in offset. */
int vfs_req_mknod(const char *path, int mode, uint64_t dev)
{
	PROTO_MSG(m);
	m.m_vfs.path = addr_of(path);
	m.m_vfs.mode = mode;
	m.m_vfs.offset = dev;
	return vfs_call(VFS_MKNOD, &m);
}

/* VFS_LOCK: the payload is m_vfs_lock; F_GETLK's answer comes back in *lk. */
int vfs_req_lock(int fd, int cmd, mess_vfs_lock *lk)
{
	PROTO_MSG(m);
	m.m_vfs_lock = *lk;
	m.m_vfs_lock.fd = fd;
	m.m_vfs_lock.cmd = cmd;
	int r = vfs_call(VFS_LOCK, &m);
	if (r >= 0)
		*lk = m.m_vfs_lock;
	return r;
}

/* VFS_READ, VFS_WRITE, VFS_PREAD, VFS_PWRITE, VFS_GETDENTS: fd, buffer,
 * count (cut to VFS_IO_MAX), offset (the p- forms only). */
static int transfer(int type, int fd, const void *buf, size_t len, int64_t offset)
{
	PROTO_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.buf = addr_of(buf);
	m.m_vfs.len2 = io_len(len);
	m.m_vfs.offset = (uint64_t)offset;
	return vfs_call(type, &m);
}

int vfs_req_read(int fd, void *buf, size_t len)
{
	return transfer(VFS_READ, fd, buf, len, 0);
}

int vfs_req_write(int fd, const void *buf, size_t len)
{
	return transfer(VFS_WRITE, fd, buf, len, 0);
}

int vfs_req_pread(int fd, void *buf, size_t len, int64_t offset)
{
	return transfer(VFS_PREAD, fd, buf, len, offset);
}

int vfs_req_pwrite(int fd, const void *buf, size_t len, int64_t offset)
{
	return transfer(VFS_PWRITE, fd, buf, len, offset);
}

int vfs_req_getdents(int fd, void *buf, size_t len)
{
	return transfer(VFS_GETDENTS, fd, buf, len, 0);
}

int vfs_req_lseek(int fd, int64_t offset, int whence, int64_t *pos)
{
	PROTO_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.offset = (uint64_t)offset;
	m.m_vfs.flags = whence;
	int r = vfs_call(VFS_LSEEK, &m);
	/* The new offset does not fit m_type: it comes back in offset. */
	if (r >= 0 && pos)
		*pos = (int64_t)m.m_vfs.offset;
	return r;
}

int vfs_req_dup2(int fd, int fd2)
{
	PROTO_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.fd2 = fd2;
	return vfs_call(VFS_DUP2, &m);
}

int vfs_req_fcntl(int fd, int cmd, int arg)
{
	PROTO_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.flags = cmd;
	m.m_vfs.mode = arg;
	return vfs_call(VFS_FCNTL, &m);
}

int vfs_req_fstat(int fd, struct qstat *st)
{
	PROTO_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.buf = addr_of(st);
	m.m_vfs.len2 = sizeof(*st);
	return vfs_call(VFS_FSTAT, &m);
}

int vfs_req_ftruncate(int fd, uint64_t size)
{
	PROTO_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.offset = size;
	return vfs_call(VFS_FTRUNCATE, &m);
}

int vfs_req_ioctl(int fd, int request, void *arg)
{
	PROTO_MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.flags = request;
	m.m_vfs.buf = addr_of(arg);
	return vfs_call(VFS_IOCTL, &m);
}

int vfs_req_pipe(int fds[2])
{
	PROTO_MSG(m);
	int r = vfs_call(VFS_PIPE, &m);
	if (r >= 0) {
		fds[0] = m.m_vfs.fd;         /* the read end */
		fds[1] = m.m_vfs.fd2;
	}
	return r;
}

/* ---- requests on a path ---- */

/* VFS_OPEN, VFS_MKDIR, VFS_RMDIR, VFS_UNLINK, VFS_CHDIR, VFS_CHMOD,
 * VFS_TRUNCATE: one path, and flags, a mode or a size. */
static int on_path(int type, const char *path, int flags, int mode, uint64_t size)
{
	PROTO_MSG(m);
	m.m_vfs.path = addr_of(path);
	m.m_vfs.len = 0;
	m.m_vfs.flags = flags;
	m.m_vfs.mode = mode;
	m.m_vfs.offset = size;
	return vfs_call(type, &m);
}

int vfs_req_open(const char *path, int flags, int mode)
{
	return on_path(VFS_OPEN, path, flags, mode, 0);
}

int vfs_req_mkdir(const char *path, int mode)
{
	return on_path(VFS_MKDIR, path, 0, mode, 0);
}

int vfs_req_rmdir(const char *path)
{
	return on_path(VFS_RMDIR, path, 0, 0, 0);
}

int vfs_req_unlink(const char *path)
{
	return on_path(VFS_UNLINK, path, 0, 0, 0);
}

int vfs_req_chdir(const char *path)
{
	return on_path(VFS_CHDIR, path, 0, 0, 0);
}

int vfs_req_chmod(const char *path, int mode)
{
	return on_path(VFS_CHMOD, path, 0, mode, 0);
}

int vfs_req_truncate(const char *path, uint64_t size)
{
	return on_path(VFS_TRUNCATE, path, 0, 0, size);
}

/* VFS_RENAME, VFS_LINK, VFS_SYMLINK, VFS_MOUNT: two paths (the second in
 * buf/len2); VFS_STAT, VFS_LSTAT, VFS_READLINK, VFS_EXEC: a path and a
 * buffer of len2 bytes. */
static int path_buf(int type, const char *path, const void *buf, uint32_t len2)
{
	PROTO_MSG(m);
	m.m_vfs.path = addr_of(path);
	m.m_vfs.len = 0;
	m.m_vfs.buf = addr_of(buf);
	m.m_vfs.len2 = len2;
	return vfs_call(type, &m);
}

int vfs_req_rename(const char *old, const char *new_path)
{
	return path_buf(VFS_RENAME, old, new_path, 0);
}

int vfs_req_link(const char *old, const char *new_path)
{
	return path_buf(VFS_LINK, old, new_path, 0);
}

int vfs_req_symlink(const char *target, const char *link_path)
{
	return path_buf(VFS_SYMLINK, target, link_path, 0);
}

int vfs_req_mount(const char *dev, const char *dir)
{
	return path_buf(VFS_MOUNT, dev, dir, 0);
}

int vfs_req_stat(const char *path, struct qstat *st)
{
	return path_buf(VFS_STAT, path, st, sizeof(*st));
}

int vfs_req_lstat(const char *path, struct qstat *st)
{
	return path_buf(VFS_LSTAT, path, st, sizeof(*st));
}

int vfs_req_readlink(const char *path, char *buf, size_t size)
{
	return path_buf(VFS_READLINK, path, buf, io_len(size));
}

/* The image is at most VFS_EXEC_IMAGE_MAX (VFS refuses more with E2BIG),
 * so its size always fits len2. */
int vfs_req_exec(const char *path, const void *image, size_t size)
{
	return path_buf(VFS_EXEC, path, image, io_len(size));
}

/* ---- requests on neither ---- */

int vfs_req_getcwd(char *buf, size_t size)
{
	PROTO_MSG(m);
	m.m_vfs.buf = addr_of(buf);
	m.m_vfs.len2 = io_len(size);
	return vfs_call(VFS_GETCWD, &m);
}

int vfs_req_umask(int mask)
{
	PROTO_MSG(m);
	m.m_vfs.mode = mask;
	return vfs_call(VFS_UMASK, &m);
}

int vfs_req_sync(void)
{
	PROTO_MSG(m);
	return vfs_call(VFS_SYNC, &m);
}

int vfs_req_poll(void *fds, uint32_t nfds, int timeout_ms)
{
	PROTO_MSG(m);
	m.m_vfs.buf = (uint64_t)(uintptr_t)fds;
	m.m_vfs.len = nfds;
	m.m_vfs.mode = timeout_ms;
	return proto_call(VFS_PROC_NR, VFS_POLL, &m);
}

/* ---- owners, times, access (m_vfs_attr) ---- */

static int on_attr(int type, const char *path, int fd, int flags, message *m)
{
	m->m_vfs_attr.path = addr_of(path);
	m->m_vfs_attr.len = 0;
	m->m_vfs_attr.fd = fd;
	m->m_vfs_attr.flags = flags;
	return vfs_call(type, m);
}

int vfs_req_chown(const char *path, int fd, uint32_t uid, uint32_t gid, int flags)
{
	PROTO_MSG(m);
	m.m_vfs_attr.uid = uid;
	m.m_vfs_attr.gid = gid;
	return on_attr(VFS_CHOWN, path, fd, flags, &m);
}

int vfs_req_utime(const char *path, int fd, int64_t atime, int64_t mtime, int flags)
{
	PROTO_MSG(m);
	m.m_vfs_attr.atime = atime;
	m.m_vfs_attr.mtime = mtime;
	return on_attr(VFS_UTIME, path, fd, flags, &m);
}

int vfs_req_access(const char *path, int mode, int flags)
{
	PROTO_MSG(m);
	m.m_vfs_attr.mode = mode;
	return on_attr(VFS_ACCESS, path, -1, flags, &m);
}

int vfs_req_fchmod(int fd, int mode)
{
	PROTO_MSG(m);
	m.m_vfs_attr.mode = mode;
	return on_attr(VFS_FCHMOD, NULL, fd, VA_FD, &m);
}
