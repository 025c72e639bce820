/* read, write, pread, pwrite, lseek, ioctl: decoded here, served by the
 * open file's kind (vnode.h). */
#include "vfs.h"

static int rdwr(struct fproc *fp, message *m, bool write, bool positioned)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	int acc = f->flags & Q_O_ACCMODE;
	if (write ? acc == Q_O_RDONLY : acc == Q_O_WRONLY)
		return -EBADF;
	struct vio io = {
		.fp = fp, .f = f, .buf = m->m_vfs.buf, .len = m->m_vfs.len2,
		.pos = positioned ? m->m_vfs.offset : f->pos, .positioned = positioned,
	};
	if (io.len == 0)
		return 0;
	if (io.len > VFS_IO_MAX)
		io.len = VFS_IO_MAX;
	int (*op)(struct vio *) = write ? f->vp->ops->write : f->vp->ops->read;
	return op ? op(&io) : -EINVAL;
}

int do_read(struct fproc *fp, message *m)   { return rdwr(fp, m, false, false); }
int do_write(struct fproc *fp, message *m)  { return rdwr(fp, m, true, false); }
int do_pread(struct fproc *fp, message *m)  { return rdwr(fp, m, false, true); }
int do_pwrite(struct fproc *fp, message *m) { return rdwr(fp, m, true, true); }

int filp_whence_base(struct filp *f, int whence, int64_t *base)
{
	switch (whence) {
	case Q_SEEK_SET:
		*base = 0;
		return OK;
	case Q_SEEK_CUR:
		*base = (int64_t)f->pos;
		return OK;
	case Q_SEEK_END: {
		struct qstat st;
		int r = vnode_stat(f->vp, &st);
		if (r < 0)
			return r;
		*base = (int64_t)st.size;
		return OK;
	}
	default:
		return -EINVAL;
	}
}

int do_lseek(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	int r = f->vp->ops->seek ? f->vp->ops->seek(f->vp) : -ESPIPE;
	if (r < 0)
		return r;
	int64_t off = (int64_t)m->m_vfs.offset, base;
	if ((r = filp_whence_base(f, (int)m->m_vfs.flags, &base)) < 0)
		return r;
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
	if (!f->vp->ops->ioctl)
		return -ENOTTY;
	return f->vp->ops->ioctl(f->vp, fp, m->m_vfs.flags, m->m_vfs.buf);
}
