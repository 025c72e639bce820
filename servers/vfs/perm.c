/*
 * Permission checks: the one place that decides whether a process may
 * read, write or search/execute a file, and the ownership rules of the
 * calls that change a file's attributes.
 *
 * The credentials are the process's copy in its fproc (fp->cred), which
 * PM keeps current with PM_EV_CRED (servers/pm/cred.c); VFS never asks
 * PM per request. The file's owner, group and mode are the vnode's, which
 * VFS keeps current itself: every chmod and chown passes through VFS.
 *
 * The rules (POSIX, as every Unix does them):
 *  - uid 0 may read and write anything, and execute/search a directory or
 *    a file with at least one x bit;
 *  - otherwise exactly one class applies: the owner's bits if the uid is
 *    the file's owner, else the group's if the file's group is the
 *    process's gid or one of its supplementary groups, else the others'.
 * Checks use the effective ids, except access() without AT_EACCESS
 * (PERM_REAL: the real ids).
 */
#include "vfs.h"

bool perm_in_group(const struct fproc *fp, uint32_t gid, bool real)
{
	if (gid == (real ? fp->cred.rgid : fp->cred.egid))
		return true;
	for (int i = 0; i < fp->cred.ngroups && i < PM_NGROUPS; i++)
		if (fp->cred.groups[i] == gid)
			return true;
	return false;
}

int perm_check(const struct fproc *fp, const struct vnode *vp, int want)
{
	bool real = want & PERM_REAL;
	want &= PERM_R | PERM_W | PERM_X;
	uint32_t uid = real ? fp->cred.ruid : fp->cred.euid;
	if (uid == 0) {
		if (!(want & PERM_X) || is_dir(vp) || (vp->mode & 0111))
			return OK;
		return -EACCES;
	}
	uint32_t bits;
	if (uid == vp->uid)
		bits = (vp->mode >> 6) & 7;
	else if (perm_in_group(fp, vp->gid, real))
		bits = (vp->mode >> 3) & 7;
	else
		bits = vp->mode & 7;
	return (bits & (uint32_t)want) == (uint32_t)want ? OK : -EACCES;
}

bool perm_owner(const struct fproc *fp, const struct vnode *vp)
{
	return fp->cred.euid == 0 || fp->cred.euid == vp->uid;
}

/* Removing or renaming entry vp of dir: in a sticky directory only the
 * file's owner, the directory's owner or uid 0 may (EPERM). */
int perm_sticky(const struct fproc *fp, const struct vnode *dir, const struct vnode *vp)
{
	if (!(dir->mode & Q_S_ISVTX) || perm_owner(fp, vp) || fp->cred.euid == dir->uid)
		return OK;
	return -EPERM;
}

/* The entry `name` of dir may be removed or replaced: look it up to see
 * its owner when dir is sticky. A missing entry is no objection here (the
 * operation itself answers ENOENT). */
int perm_sticky_name(const struct fproc *fp, struct vnode *dir, const char *name)
{
	if (!(dir->mode & Q_S_ISVTX) || fp->cred.euid == 0)
		return OK;
	struct vnode *vp;
	if (dir->ops->lookup(dir, name, &vp) != OK)
		return OK;
	int r = perm_sticky(fp, dir, vp);
	vnode_put(vp);
	return r;
}

/* Renaming entry oname of odir into another directory ndir: if it is a
 * directory its ".." entry changes, so the caller must be allowed to
 * write the directory itself (EACCES), as Linux and the BSDs require. A
 * rename within one directory leaves ".." alone; a missing entry is no
 * objection here (the rename answers ENOENT). */
int perm_rename_dir(const struct fproc *fp, struct vnode *odir, const char *oname,
		    const struct vnode *ndir)
{
	if (odir == ndir)
		return OK;
	struct vnode *vp;
	if (odir->ops->lookup(odir, oname, &vp) != OK)
		return OK;
	int r = is_dir(vp) ? perm_check(fp, vp, PERM_W) : OK;
	vnode_put(vp);
	return r;
}

/* The owner a new file in dir gets: the effective uid, and the effective
 * gid or, in a set-group-ID directory, the directory's group. */
void perm_new_owner(const struct fproc *fp, const struct vnode *dir, struct fs_owner *o)
{
	o->uid = fp->cred.euid;
	o->gid = (dir->mode & Q_S_ISGID) ? dir->gid : fp->cred.egid;
}
