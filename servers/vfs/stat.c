/* stat and friends, truncate, getdents, fsync, sync, isatty. */
#include "vfs.h"

static char pathbuf[VFS_PATH_MAX];

/* Status of a vnode VFS serves itself or an FS serves. */
static int stat_vnode(struct vnode *vp, struct qstat *st)
{
	memset(st, 0, sizeof(*st));
	if (vp->fs >= 0)
		return fs_stat(vp, st);
	st->dev = (uint64_t)(-vp->fs);
	st->ino = vp->ino;
	st->mode = vp->mode;
	st->nlink = 1;
	st->rdev = ((uint64_t)vp->dev_major << 8) | vp->dev_minor;
	st->blksize = 4096;
	if (vp->pipe)
		st->size = 0;
	return OK;
}

static int stat_out(struct fproc *fp, struct vnode *vp, uint64_t buf)
{
	struct qstat st;
	int r = stat_vnode(vp, &st);
	if (r < 0)
		return r;
	if (sys_vircopy(SELF, (vir_bytes)&st, fp->ep, buf, sizeof(st), 0) != OK)
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

static int truncate_vnode(struct vnode *vp, uint64_t size)
{
	if ((vp->mode & Q_S_IFMT) == Q_S_IFDIR)
		return -EISDIR;
	if ((vp->mode & Q_S_IFMT) != Q_S_IFREG || vp->fs < 0)
		return -EINVAL;
	if ((int64_t)size < 0)
		return -EINVAL;
	return fs_simple(FS_TRUNC, vp, size, 0);
}

int do_truncate(struct fproc *fp, message *m)
{
	struct vnode *vp;
	int r = lookup_user(fp, m->m_vfs.path, m->m_vfs.len, LK_FOLLOW, pathbuf, &vp);
	if (r)
		return r;
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
	if (!is_dir(vp))
		return -ENOTDIR;
	static char buf[8192];
	uint64_t len = m->m_vfs.len2 < sizeof(buf) ? m->m_vfs.len2 : sizeof(buf);
	int r;
	if (vp->fs == DEVFS_FS) {
		r = devfs_getdents(&f->pos, buf, len);
	} else {
		message q;
		memset(&q, 0, sizeof(q));
		q.m_type = FS_GETDENTS;
		q.m_fs.ino = vp->ino;
		q.m_fs.pos = f->pos;
		q.m_fs.len = len;
		q.m_fs.grant = cpf_grant_direct(vp->fs, (vir_bytes)buf, len, CPF_WRITE);
		r = ipc_sendrec(vp->fs, &q);
		cpf_revoke(q.m_fs.grant);
		if (r == OK)
			r = q.m_type;
		if (r > 0)
			f->pos = q.m_fs.pos;
	}
	if (r > 0 && sys_vircopy(SELF, (vir_bytes)buf, fp->ep, m->m_vfs.buf, (uint64_t)r, 0) != OK)
		return -EFAULT;
	return r;
}

int do_fsync(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	if (f->vp->fs < 0)
		return OK;
	return fs_simple(FS_FSYNC, f->vp, 0, 0);
}

int do_isatty(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	return is_tty(f->vp) ? 1 : -ENOTTY;
}
