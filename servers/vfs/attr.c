/*
 * Calls that change a file's attributes or ask about its permissions:
 * chmod, fchmod, chown (fchown, lchown), utime (utimes, futimens,
 * utimensat) and access (faccessat, eaccess).
 *
 * Decide, then do (STYLE.md): each handler finds the vnode, checks the
 * caller's right with perm.c's rules, and only then asks the FS; the
 * vnode's copy of mode, uid and gid changes only after the FS said OK,
 * so what perm.c reads is what is on the disk.
 *
 *   chmod   the owner or uid 0 (EPERM); a caller not in the file's group
 *           (and not uid 0) cannot leave S_ISGID set: it is cleared
 *   chown   uid 0; or the owner, keeping the owner and choosing a group
 *           it is in (EPERM). Set-user-ID and set-group-ID are cleared
 *           on anything but a directory
 *   utime   explicit times: the owner or uid 0 (EPERM); "now": those, or
 *           anyone who may write the file (EACCES)
 *   access  the real ids unless VA_EACCESS, for the path's directories
 *           too
 */
#include "vfs.h"

static char pathbuf[VFS_PATH_MAX];

/* The file of an attribute request: its descriptor (VA_FD) or its path
 * (symbolic links followed unless VA_NOFOLLOW). A referenced vnode. */
static int attr_target(struct fproc *fp, const mess_vfs_attr *a, struct vnode **out)
{
	if (a->flags & VA_FD) {
		struct filp *f = fd_filp(fp, a->fd);
		if (!f)
			return -EBADF;
		vnode_ref(f->vp);
		*out = f->vp;
		return OK;
	}
	return lookup_user(fp, a->path, a->len, (a->flags & VA_NOFOLLOW) ? 0 : LK_FOLLOW, pathbuf,
			   out);
}

static int chmod_vnode(struct fproc *fp, struct vnode *vp, uint32_t perm)
{
	if (!perm_owner(fp, vp))
		return -EPERM;
	if (fp->cred.euid != 0 && !perm_in_group(fp, vp->gid, false))
		perm &= ~(uint32_t)Q_S_ISGID;
	int r = vp->ops->chmod ? vp->ops->chmod(vp, perm) : -EROFS;
	if (r >= 0)
		vp->mode = (vp->mode & Q_S_IFMT) | perm;
	return r;
}

int do_chmod(struct fproc *fp, message *m)
{
	struct vnode *vp;
	int r = lookup_user(fp, m->m_vfs.path, m->m_vfs.len, LK_FOLLOW, pathbuf, &vp);
	if (r)
		return r;
	r = chmod_vnode(fp, vp, (uint32_t)m->m_vfs.mode & 07777);
	vnode_put(vp);
	return r;
}

int do_fchmod(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs_attr.fd);
	if (!f)
		return -EBADF;
	return chmod_vnode(fp, f->vp, (uint32_t)m->m_vfs_attr.mode & 07777);
}

int do_chown(struct fproc *fp, message *m)
{
	const mess_vfs_attr *a = &m->m_vfs_attr;
	struct vnode *vp;
	int r = attr_target(fp, a, &vp);
	if (r)
		return r;
	uint32_t uid = a->uid == PM_ID_NONE ? vp->uid : a->uid;
	uint32_t gid = a->gid == PM_ID_NONE ? vp->gid : a->gid;
	if (fp->cred.euid != 0 &&
	    (fp->cred.euid != vp->uid || uid != vp->uid ||
	     (gid != vp->gid && !perm_in_group(fp, gid, false))))
		r = -EPERM;
	uint32_t perm = vp->mode & 07777;
	if (!is_dir(vp) && (a->uid != PM_ID_NONE || a->gid != PM_ID_NONE))
		perm &= ~(uint32_t)(Q_S_ISUID | Q_S_ISGID);
	if (!r)
		r = vp->ops->chown ? vp->ops->chown(vp, uid, gid, perm) : -EROFS;
	if (!r) {
		vp->uid = uid;
		vp->gid = gid;
		vp->mode = (vp->mode & Q_S_IFMT) | perm;
	}
	vnode_put(vp);
	return r;
}

int do_utime(struct fproc *fp, message *m)
{
	const mess_vfs_attr *a = &m->m_vfs_attr;
	int fl = a->flags;
	uint32_t which = 0;
	if (!(fl & VA_ATIME_OMIT))
		which |= (fl & VA_ATIME_NOW) ? FS_UT_ATIME_NOW : FS_UT_ATIME;
	if (!(fl & VA_MTIME_OMIT))
		which |= (fl & VA_MTIME_NOW) ? FS_UT_MTIME_NOW : FS_UT_MTIME;
	if (((which & FS_UT_ATIME) && (a->atime < 0 || a->atime > UINT32_MAX)) ||
	    ((which & FS_UT_MTIME) && (a->mtime < 0 || a->mtime > UINT32_MAX)))
		return -EINVAL;
	struct vnode *vp;
	int r = attr_target(fp, a, &vp);
	if (r)
		return r;
	if (!perm_owner(fp, vp)) {
		if (which & (FS_UT_ATIME | FS_UT_MTIME))
			r = -EPERM;
		else
			r = perm_check(fp, vp, PERM_W);
	}
	if (!r && which)
		r = vp->ops->utime ? vp->ops->utime(vp, (uint64_t)a->atime, (uint64_t)a->mtime, which)
				   : -EROFS;
	vnode_put(vp);
	return r;
}

int do_access(struct fproc *fp, message *m)
{
	const mess_vfs_attr *a = &m->m_vfs_attr;
	if (a->mode & ~7)
		return -EINVAL;
	/* Without VA_EACCESS the whole check, the walk's searches included,
	 * is made with the real ids: they stand in for the effective ones
	 * until the answer (VFS is one thread and a lookup never parks, so
	 * nothing else sees the swap). */
	struct pm_cred saved = fp->cred;
	if (!(a->flags & VA_EACCESS)) {
		fp->cred.euid = fp->cred.ruid;
		fp->cred.egid = fp->cred.rgid;
	}
	struct vnode *vp;
	int r = lookup_user(fp, a->path, a->len, (a->flags & VA_NOFOLLOW) ? 0 : LK_FOLLOW, pathbuf,
			    &vp);
	if (!r) {
		if (a->mode)
			r = perm_check(fp, vp, a->mode);
		vnode_put(vp);
	}
	fp->cred = saved;
	return r;
}
