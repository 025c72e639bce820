/* read, write, pread, pwrite, lseek, ioctl: by the kind of file. */
#include "vfs.h"

static int rdwr(struct fproc *fp, message *m, bool write, bool positioned)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	int acc = f->flags & Q_O_ACCMODE;
	if (write ? acc == Q_O_RDONLY : acc == Q_O_WRONLY)
		return -EBADF;
	uint64_t buf = m->m_vfs.buf, len = m->m_vfs.len2;
	if (len == 0)
		return 0;
	if (len > VFS_IO_MAX)
		len = VFS_IO_MAX;
	struct vnode *vp = f->vp;
	uint32_t type = vp->mode & Q_S_IFMT;
	if (type == Q_S_IFIFO) {
		if (positioned)
			return -ESPIPE;
		return pipe_rdwr(fp, f, write, buf, len);
	}
	if (type == Q_S_IFCHR)
		return cdev_rdwr(fp, f, write, positioned ? m->m_vfs.offset : f->pos, buf, len, !positioned);
	if (type == Q_S_IFDIR)
		return -EISDIR;
	if (type != Q_S_IFREG)
		return -EINVAL;

	uint64_t pos = positioned ? m->m_vfs.offset : f->pos;
	if ((int64_t)pos < 0)
		return -EINVAL;
	if (write && (f->flags & Q_O_APPEND) && !positioned) {
		struct qstat st;
		int r = fs_stat(vp, &st);
		if (r < 0)
			return r;
		pos = st.size;
	}
	uint64_t size;
	int r = fs_rdwr_user(vp, write ? FS_WRITE : FS_READ, pos, fp->ep, buf, len, &size);
	if (r > 0 && !positioned)
		f->pos = pos + (uint64_t)r;
	return r;
}

int do_read(struct fproc *fp, message *m)   { return rdwr(fp, m, false, false); }
int do_write(struct fproc *fp, message *m)  { return rdwr(fp, m, true, false); }
int do_pread(struct fproc *fp, message *m)  { return rdwr(fp, m, false, true); }
int do_pwrite(struct fproc *fp, message *m) { return rdwr(fp, m, true, true); }

int do_lseek(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	uint32_t type = f->vp->mode & Q_S_IFMT;
	if (type == Q_S_IFIFO || is_tty(f->vp))
		return -ESPIPE;
	int64_t off = (int64_t)m->m_vfs.offset, base;
	switch (m->m_vfs.flags) {
	case Q_SEEK_SET:
		base = 0;
		break;
	case Q_SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case Q_SEEK_END: {
		struct qstat st;
		int r = f->vp->fs >= 0 ? fs_stat(f->vp, &st) : (st.size = 0, 0);
		if (r < 0)
			return r;
		base = (int64_t)st.size;
		break;
	}
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	m->m_vfs.offset = f->pos;
	return OK;
}

int do_ioctl(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	if ((f->vp->mode & Q_S_IFMT) != Q_S_IFCHR)
		return -ENOTTY;
	return cdev_ioctl(fp, f->vp, m->m_vfs.flags, m->m_vfs.buf);
}
