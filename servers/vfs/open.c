/* Calls that name files: open, mkdir, unlink, rmdir, rename, link,
 * symlink, readlink. The directory's or file's
 * kind serves each (vnode.h); a missing entry gives the error written
 * there (EROFS for the names in /dev).
 *
 * Permissions (perm.c): the path walk checks search on every directory
 * it passes; a call that changes a directory's names needs write and
 * search on it, and in a sticky directory the removed or replaced
 * entry must be the caller's (or the directory's). A file opened
 * needs read and/or write as its access mode and O_TRUNC ask, unless
 * this open has just created it. */
#include "vfs.h"

static char path1[VFS_PATH_MAX], path2[VFS_PATH_MAX];

static int install(struct fproc *fp, struct vnode *vp, int flags)
{
	int fd = fd_alloc(fp, 0);
	if (fd < 0) {
		if (vp->ops->close)
			vp->ops->close(vp, flags);
		vnode_put(vp);
		return fd;
	}
	struct filp *f = filp_new(vp, flags & ~(Q_O_CREAT | Q_O_EXCL | Q_O_TRUNC | Q_O_CLOEXEC | Q_O_DIRECTORY));
	if (!f) {
		if (vp->ops->close)        /* undo the kind's open */
			vp->ops->close(vp, flags);
		vnode_put(vp);
		return -ENFILE;
	}
	fp->fd[fd] = f;
	if (flags & Q_O_CLOEXEC)
		fp->cloexec |= 1ULL << fd;
	return fd;
}

/* What opening with flags needs of the file. */
static int want_of(int flags)
{
	int acc = flags & Q_O_ACCMODE, want = 0;
	if (acc == Q_O_RDONLY || acc == Q_O_RDWR)
		want |= PERM_R;
	if (acc == Q_O_WRONLY || acc == Q_O_RDWR || (flags & Q_O_TRUNC))
		want |= PERM_W;
	return want;
}

int do_open(struct fproc *fp, message *m)
{
	int flags = m->m_vfs.flags, acc = flags & Q_O_ACCMODE;
	if (acc == 3)
		return -EINVAL;
	int r = fetch_path(fp->ep, m->m_vfs.path, m->m_vfs.len, path1);
	if (r)
		return r;
	struct vnode *vp = NULL;
	bool created = false;
	if (flags & Q_O_CREAT) {
		struct vnode *dir;
		char name[FS_NAME_MAX + 1];
		r = lookup_parent(fp, path1, &dir, name);
		if (r)
			return r;
		r = perm_check(fp, dir, PERM_X);
		if (r) {
			vnode_put(dir);
			return r;
		}
		r = dir->ops->lookup(dir, name, &vp);   /* dir is a directory */
		if (r == OK && (flags & Q_O_EXCL)) {
			vnode_put(vp);
			vnode_put(dir);
			return -EEXIST;
		}
		if (r == -ENOENT) {
			struct fs_owner owner;
			perm_new_owner(fp, dir, &owner);
			r = !dir->ops->create ? -EROFS : perm_check(fp, dir, PERM_W);
			if (!r)
				r = dir->ops->create(dir, name, (uint32_t)m->m_vfs.mode & 07777 & ~fp->umask,
						     &owner, &vp);
			created = !r;
		}
		vnode_put(dir);
		if (r)
			return r;
		if (is_symlink(vp)) {
			/* O_CREAT through a symlink: follow it to its target. */
			vnode_put(vp);
			r = lookup(fp, path1, LK_FOLLOW, &vp);
			if (r)
				return r;
		}
		while (vp->covered_by) {
			struct vnode *root = vp->covered_by->root;
			vnode_ref(root);
			vnode_put(vp);
			vp = root;
		}
	} else {
		r = lookup(fp, path1, LK_FOLLOW, &vp);
		if (r)
			return r;
	}
	/* POSIX's rules on directories hold for every kind. */
	if ((flags & Q_O_DIRECTORY) && !is_dir(vp))
		r = -ENOTDIR;
	else if (is_dir(vp) && acc != Q_O_RDONLY)
		r = -EISDIR;
	else if (!created && (r = perm_check(fp, vp, want_of(flags))) != OK)
		;
	else if (vp->ops->open)
		r = vp->ops->open(vp, fp, flags);
	bool wait = r == VN_OPEN_WAIT;     /* a FIFO's other end is not open yet */
	if (wait)
		r = OK;
	bool opened = !r;
	/* O_TRUNC is ignored on a kind that cannot be truncated (devices). */
	if (!r && (flags & Q_O_TRUNC) && acc != Q_O_RDONLY && vp->ops->truncate)
		r = vp->ops->truncate(vp, 0);
	if (r) {
		if (opened && vp->ops->close)
			vp->ops->close(vp, flags);
		vnode_put(vp);
		return r;
	}
	int fd = install(fp, vp, flags);
	if (fd < 0 || !wait)
		return fd;
	fifo_open_wait(fp, fd);            /* answered with fd by the other end's open */
	return SUSPEND_REPLY;
}

/* Fetch a path and find its parent directory and last name. */
static int parent_of(struct fproc *fp, uint64_t addr, uint32_t len, char *buf,
		     struct vnode **dir, char *name)
{
	int r = fetch_path(fp->ep, addr, len, buf);
	if (r)
		return r;
	return lookup_parent(fp, buf, dir, name);
}

/* parent_of, for a call that changes the directory: it must allow the
 * caller to write and search it (else EACCES, dir not kept). */
static int parent_w(struct fproc *fp, uint64_t addr, uint32_t len, char *buf,
		    struct vnode **dir, char *name)
{
	int r = parent_of(fp, addr, len, buf, dir, name);
	if (r)
		return r;
	r = perm_check(fp, *dir, PERM_W | PERM_X);
	if (r)
		vnode_put(*dir);
	return r;
}

int do_mkdir(struct fproc *fp, message *m)
{
	struct vnode *dir;
	char name[FS_NAME_MAX + 1];
	int r = parent_w(fp, m->m_vfs.path, m->m_vfs.len, path1, &dir, name);
	if (r)
		return r == -EINVAL ? -EEXIST : r;
	uint32_t perm = (uint32_t)m->m_vfs.mode & 07777 & ~fp->umask;
	struct fs_owner owner;
	perm_new_owner(fp, dir, &owner);
	if (dir->mode & Q_S_ISGID)
		perm |= Q_S_ISGID;             /* a set-group-ID directory's subdirectories are, too */
	r = dir->ops->mkdir ? dir->ops->mkdir(dir, name, perm, &owner) : -EROFS;
	vnode_put(dir);
	return r;
}

/* mknod, mkfifo: a FIFO, or a character or block device node (which VFS
 * cannot open yet: ENXIO; only the superuser makes one: EPERM). The new
 * node's owner is the caller's, as for create. Other types are EINVAL (POSIX leaves them to
 * the system: regular files come from open, directories from mkdir). */
int do_mknod(struct fproc *fp, message *m)
{
	uint32_t mode = (uint32_t)m->m_vfs.mode, type = mode & Q_S_IFMT;
	if (type != Q_S_IFIFO && type != Q_S_IFCHR && type != Q_S_IFBLK)
		return -EINVAL;
	struct vnode *dir;
	char name[FS_NAME_MAX + 1];
	if (type != Q_S_IFIFO && fp->cred.euid != 0)
		return -EPERM;                 /* device nodes are the superuser's */
	int r = parent_w(fp, m->m_vfs.path, m->m_vfs.len, path1, &dir, name);
	if (r)
		return r == -EINVAL ? -EEXIST : r;
	mode = type | (mode & 07777 & ~fp->umask);
	struct fs_owner owner;
	perm_new_owner(fp, dir, &owner);
	r = dir->ops->mknod ? dir->ops->mknod(dir, name, mode, m->m_vfs.offset, &owner) : -EROFS;
	vnode_put(dir);
	return r;
}

/* Is the entry `name` of dir the root of a mount, or someone's cwd? */
static int busy(struct vnode *dir, const char *name)
{
	struct vnode *vp;
	if (dir->ops->lookup(dir, name, &vp) != OK)
		return OK;
	int r = vp->covered_by ? -EBUSY : OK;
	vnode_put(vp);
	return r;
}

int do_unlink(struct fproc *fp, message *m)
{
	struct vnode *dir;
	char name[FS_NAME_MAX + 1];
	int r = parent_w(fp, m->m_vfs.path, m->m_vfs.len, path1, &dir, name);
	if (r)
		return r == -EINVAL ? -EISDIR : r;
	r = dir->ops->unlink ? perm_sticky_name(fp, dir, name) : -EROFS;
	if (!r)
		r = dir->ops->unlink(dir, name);
	vnode_put(dir);
	return r;
}

int do_rmdir(struct fproc *fp, message *m)
{
	struct vnode *dir;
	char name[FS_NAME_MAX + 1];
	int r = parent_w(fp, m->m_vfs.path, m->m_vfs.len, path1, &dir, name);
	if (r)
		return r == -EINVAL ? -EBUSY : r;
	r = dir->ops->rmdir ? busy(dir, name) : -EROFS;
	if (!r)
		r = perm_sticky_name(fp, dir, name);
	if (!r)
		r = dir->ops->rmdir(dir, name);
	vnode_put(dir);
	return r;
}

int do_rename(struct fproc *fp, message *m)
{
	struct vnode *odir, *ndir;
	char oname[FS_NAME_MAX + 1], nname[FS_NAME_MAX + 1];
	int r = parent_w(fp, m->m_vfs.path, m->m_vfs.len, path1, &odir, oname);
	if (r)
		return r == -EINVAL ? -EBUSY : r;
	r = parent_w(fp, m->m_vfs.buf, m->m_vfs.len2, path2, &ndir, nname);
	if (r) {
		vnode_put(odir);
		return r == -EINVAL ? -EBUSY : r;
	}
	if (!odir->ops->rename || !ndir->ops->rename)
		r = -EROFS;
	else if (odir->fs != ndir->fs)
		r = -EXDEV;
	if (!r)
		r = busy(odir, oname);
	if (!r)
		r = busy(ndir, nname);
	if (!r)
		r = perm_sticky_name(fp, odir, oname);
	if (!r)
		r = perm_sticky_name(fp, ndir, nname);
	if (!r)
		r = perm_rename_dir(fp, odir, oname, ndir);    /* its ".." changes */
	if (!r)
		r = odir->ops->rename(odir, oname, ndir, nname);
	vnode_put(odir);
	vnode_put(ndir);
	return r;
}

int do_link(struct fproc *fp, message *m)
{
	struct vnode *target;
	int r = lookup_user(fp, m->m_vfs.path, m->m_vfs.len, 0, path1, &target);
	if (r)
		return r;
	struct vnode *dir;
	char name[FS_NAME_MAX + 1];
	r = parent_w(fp, m->m_vfs.buf, m->m_vfs.len2, path2, &dir, name);
	if (r) {
		vnode_put(target);
		return r == -EINVAL ? -EEXIST : r;
	}
	if (!dir->ops->link)
		r = -EROFS;
	else if (is_dir(target))
		r = -EPERM;
	else if (dir->fs != target->fs)
		r = -EXDEV;
	else
		r = dir->ops->link(dir, name, target);
	vnode_put(dir);
	vnode_put(target);
	return r;
}

int do_symlink(struct fproc *fp, message *m)
{
	int r = fetch_path(fp->ep, m->m_vfs.path, m->m_vfs.len, path1);
	if (r)
		return r;
	struct vnode *dir;
	char name[FS_NAME_MAX + 1];
	r = parent_w(fp, m->m_vfs.buf, m->m_vfs.len2, path2, &dir, name);
	if (r)
		return r == -EINVAL ? -EEXIST : r;
	struct fs_owner owner;
	perm_new_owner(fp, dir, &owner);
	r = dir->ops->symlink ? dir->ops->symlink(dir, name, path1, &owner) : -EROFS;
	vnode_put(dir);
	return r;
}

int do_readlink(struct fproc *fp, message *m)
{
	struct vnode *vp;
	int r = lookup_user(fp, m->m_vfs.path, m->m_vfs.len, 0, path1, &vp);
	if (r)
		return r;
	static char target[VFS_PATH_MAX];
	r = vp->ops->readlink ? vp->ops->readlink(vp, target, sizeof(target)) : -EINVAL;
	vnode_put(vp);
	if (r < 0)
		return r;
	uint32_t n = (uint32_t)r < m->m_vfs.len2 ? (uint32_t)r : m->m_vfs.len2;
	if (n && ucopy_to(fp->ep, m->m_vfs.buf, target, n) != OK)
		return -EFAULT;
	return (int)n;
}
