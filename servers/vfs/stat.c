/* stat and friends, truncate, getdents, fsync, isatty: decoded here,
 * served by the file's kind (vnode.h). */
#include "vfs.h"

static char pathbuf[VFS_PATH_MAX];

static int stat_out(struct fproc *fp, struct vnode *vp, uint64_t buf)
{
	struct qstat st;
	int r = vnode_stat(vp, &st);
	if (r < 0)
		return r;
	if (ucopy_to(fp->ep, buf, &st, sizeof(st)) != OK)
		return -EFAULT;
	return OK;
}

static int stat_path(struct fproc *fp, message *m, int flags)
{
	struct vnode *vp;
	int r = lookup_user(fp, m->m_vfs.path, m->m_vfs.len, flags, pathbuf, &vp);
	if (r)
		return r;
	r = stat_out(fp, vp, m->m_vfs.buf);
	vnode_put(vp);
	return r;
}

int do_stat(struct fproc *fp, message *m)
{
	return stat_path(fp, m, LK_FOLLOW);
}

int do_lstat(struct fproc *fp, message *m)
{
	return stat_path(fp, m, 0);
}

int do_fstat(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	return stat_out(fp, f->vp, m->m_vfs.buf);
}

/* A directory's kind answers EISDIR itself. */
static int truncate_vnode(struct vnode *vp, uint64_t size)
{
	if (!vp->ops->truncate)
		return -EINVAL;
	if ((int64_t)size < 0)
		return -EINVAL;
	return vp->ops->truncate(vp, size);
}

int do_truncate(struct fproc *fp, message *m)
{
	struct vnode *vp;
	int r = lookup_user(fp, m->m_vfs.path, m->m_vfs.len, LK_FOLLOW, pathbuf, &vp);
	if (r)
		return r;
	r = perm_check(fp, vp, PERM_W);
	if (!r)
		r = truncate_vnode(vp, m->m_vfs.offset);
	vnode_put(vp);
	return r;
}

int do_ftruncate(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	if ((f->flags & Q_O_ACCMODE) == Q_O_RDONLY)
		return -EINVAL;
	return truncate_vnode(f->vp, m->m_vfs.offset);
}

int do_getdents(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	struct vnode *vp = f->vp;
	if (!vp->ops->getdents)
		return -ENOTDIR;
	static char buf[8192];
	uint64_t len = m->m_vfs.len2 < sizeof(buf) ? m->m_vfs.len2 : sizeof(buf);
	/* The position moves only once the entries reached the caller: an
	 * EFAULT changes nothing, and the same call can be made again. */
	uint64_t pos = f->pos;
	int r = vp->ops->getdents(vp, &pos, buf, len);
	if (r > 0 && ucopy_to(fp->ep, m->m_vfs.buf, buf, (uint64_t)r) != OK)
		return -EFAULT;
	if (r >= 0)
		f->pos = pos;
	return r;
}

int do_fsync(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	return f->vp->ops->fsync ? f->vp->ops->fsync(f->vp) : -EINVAL;
}

int do_isatty(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	return f->vp->ops->isatty ? f->vp->ops->isatty(f->vp) : -ENOTTY;
}
