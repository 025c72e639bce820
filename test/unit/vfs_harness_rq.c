/*
 * The processes' side of VFS's host tests: each h_* request is a message
 * as libposix would send it, handed to VFS's handler (vfs_harness.h).
 */
#include "vfs_harness.h"

/* ---- requests ------------------------------------------------------------------------ */

#define MSG(m) message m; memset(&m, 0, sizeof(m))

int h_open(struct fproc *fp, const char *path, int flags, int mode)
{
	MSG(m);
	m.m_vfs.path = h_user(path);
	m.m_vfs.flags = flags;
	m.m_vfs.mode = mode;
	return do_open(fp, &m);
}

int h_close(struct fproc *fp, int fd)
{
	MSG(m);
	m.m_vfs.fd = fd;
	return do_close(fp, &m);
}

int h_read(struct fproc *fp, int fd, void *buf, uint64_t len)
{
	MSG(m);
	uint64_t u = h_ubuf(len);
	m.m_vfs.fd = fd;
	m.m_vfs.buf = u;
	m.m_vfs.len2 = (uint32_t)len;
	int r = do_read(fp, &m);
	if (r > 0)
		memcpy(buf, (void *)(uintptr_t)u, (size_t)r);
	return r;
}

int h_write(struct fproc *fp, int fd, const void *buf, uint64_t len)
{
	MSG(m);
	uint64_t u = h_ubuf(len);
	memcpy((void *)(uintptr_t)u, buf, len);
	m.m_vfs.fd = fd;
	m.m_vfs.buf = u;
	m.m_vfs.len2 = (uint32_t)len;
	return do_write(fp, &m);
}

int64_t h_lseek(struct fproc *fp, int fd, int64_t off, int whence)
{
	MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.offset = (uint64_t)off;
	m.m_vfs.flags = whence;
	int r = do_lseek(fp, &m);
	return r < 0 ? r : (int64_t)m.m_vfs.offset;
}

int h_dup(struct fproc *fp, int fd)
{
	MSG(m);
	m.m_vfs.fd = fd;
	return do_dup(fp, &m);
}

int h_dup2(struct fproc *fp, int fd, int fd2)
{
	MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.fd2 = fd2;
	return do_dup2(fp, &m);
}

int h_fcntl(struct fproc *fp, int fd, int cmd, int arg)
{
	MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.flags = cmd;
	m.m_vfs.mode = arg;
	return do_fcntl(fp, &m);
}

int h_chdir(struct fproc *fp, const char *path)
{
	MSG(m);
	m.m_vfs.path = h_user(path);
	return do_chdir(fp, &m);
}

int h_fchdir(struct fproc *fp, int fd)
{
	MSG(m);
	m.m_vfs.fd = fd;
	return do_fchdir(fp, &m);
}

/* getcwd into a user buffer of `size` bytes, copied to buf (which holds
 * at least VFS_PATH_MAX): the answer (bytes with the NUL, or an error). */
int h_getcwd(struct fproc *fp, char *buf, uint32_t size)
{
	MSG(m);
	m.m_vfs.buf = h_ubuf(size ? size : 1);
	m.m_vfs.len2 = size;
	int r = do_getcwd(fp, &m);
	if (r > 0)
		memcpy(buf, (void *)(uintptr_t)m.m_vfs.buf, (size_t)r);
	return r;
}

int h_mkdir(struct fproc *fp, const char *path)
{
	MSG(m);
	m.m_vfs.path = h_user(path);
	m.m_vfs.mode = 0755;
	return do_mkdir(fp, &m);
}

int h_pipe(struct fproc *fp, int fds[2])
{
	MSG(m);
	int r = do_pipe(fp, &m);
	fds[0] = m.m_vfs.fd;
	fds[1] = m.m_vfs.fd2;
	return r;
}

int h_ioctl(struct fproc *fp, int fd, int request)
{
	MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.flags = request;
	return do_ioctl(fp, &m);
}

int h_getdents(struct fproc *fp, int fd)
{
	MSG(m);
	m.m_vfs.fd = fd;
	m.m_vfs.buf = h_ubuf(512);
	m.m_vfs.len2 = 512;
	return do_getdents(fp, &m);
}

int h_stat(struct fproc *fp, const char *path, struct qstat *st)
{
	MSG(m);
	m.m_vfs.path = h_user(path);
	m.m_vfs.buf = h_ubuf(sizeof(*st));
	int r = do_stat(fp, &m);
	if (r == OK)
		memcpy(st, (void *)(uintptr_t)m.m_vfs.buf, sizeof(*st));
	return r;
}
