/*
 * The working directory: chdir, fchdir, getcwd.
 *
 * A process's working directory is a vnode (fproc.cwd), nothing else:
 * getcwd finds its path by climbing ".." to the process's root and, at
 * each level, looking up the child's name among its parent's entries
 * (by inode number). So the answer stays true after a directory on the
 * way is renamed, and fchdir needs no path at all.
 *
 * A mounted root has no name in its own file system: climbing from it
 * first steps to the directory it covers (as ".." does in path.c), whose
 * name is in the covering file system's parent.
 */
#include "vfs.h"

/* Where a directory record's name starts (struct qdirent has padding
 * after it, so not its size). */
#define DIRENT_NAME __builtin_offsetof(struct qdirent, name)

/* Set fp's working directory to vp (reference consumed). */
static int set_cwd(struct fproc *fp, struct vnode *vp)
{
	if (!is_dir(vp)) {
		vnode_put(vp);
		return -ENOTDIR;
	}
	int r = perm_check(fp, vp, PERM_X);    /* a working directory must be searchable */
	if (r) {
		vnode_put(vp);
		return r;
	}
	vnode_put(fp->cwd);
	fp->cwd = vp;
	return OK;
}

int do_chdir(struct fproc *fp, message *m)
{
	static char path[VFS_PATH_MAX];
	struct vnode *vp;
	int r = lookup_user(fp, m->m_vfs.path, m->m_vfs.len, LK_FOLLOW, path, &vp);
	return r ? r : set_cwd(fp, vp);
}

int do_fchdir(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	vnode_ref(f->vp);
	return set_cwd(fp, f->vp);
}

/* The name of the entry with inode `ino` in directory dir, into name
 * (NAME_MAX + 1 bytes). "." and ".." are skipped. ENOENT when there is
 * none (the directory was removed). */
static int name_of(struct vnode *dir, uint64_t ino, char *name, size_t size)
{
	static char buf[4096];
	if (!dir->ops->getdents)
		return -ENOTDIR;
	uint64_t pos = 0;
	for (;;) {
		int n = dir->ops->getdents(dir, &pos, buf, sizeof(buf));
		if (n <= 0)
			return n < 0 ? n : -ENOENT;
		for (int at = 0; at + (int)DIRENT_NAME <= n;) {
			const struct qdirent *d = (const struct qdirent *)(buf + at);
			if (d->reclen <= DIRENT_NAME || at + d->reclen > n)
				return -EIO;           /* a malformed answer from the FS */
			size_t len = strnlen(d->name, d->reclen - DIRENT_NAME);
			bool dots = (len == 1 && d->name[0] == '.') ||
				    (len == 2 && d->name[0] == '.' && d->name[1] == '.');
			if (d->ino == ino && !dots) {
				if (len >= size || len == d->reclen - DIRENT_NAME)
					return -EIO;   /* not NUL-terminated, or too long */
				memcpy(name, d->name, len + 1);
				return OK;
			}
			at += d->reclen;
		}
	}
}

/* fp's working directory as an absolute path in buf: the length without
 * the NUL, ERANGE when it does not fit, ENOENT when a directory on the
 * way has been removed. */
int cwd_path(struct fproc *fp, char *buf, size_t size)
{
	static char path[VFS_PATH_MAX], name[256];
	size_t start = sizeof(path) - 1;      /* path[start..] is the suffix built */
	path[start] = '\0';
	struct vnode *cur = fp->cwd;
	vnode_ref(cur);
	int r = OK;
	for (;;) {
		while (cur != fp->root && cur->mount && cur == cur->mount->root && cur->mount->covered) {
			struct vnode *c = cur->mount->covered;
			vnode_ref(c);
			vnode_put(cur);
			cur = c;
		}
		if (cur == fp->root)
			break;
		struct vnode *parent;
		vnode_ref(cur);
		r = lookup_step(fp, cur, "..", &parent);
		if (r)
			break;
		if (parent == cur) {                  /* a file system's top: the root */
			vnode_put(parent);
			break;
		}
		r = name_of(parent, cur->ino, name, sizeof(name));
		vnode_put(cur);
		cur = parent;
		if (r)
			break;
		size_t n = strlen(name);
		if (n + 1 > start) {
			r = -ENAMETOOLONG;
			break;
		}
		start -= n;
		memcpy(path + start, name, n);
		path[--start] = '/';
	}
	vnode_put(cur);
	if (r)
		return r;
	if (start == sizeof(path) - 1)
		path[--start] = '/';                  /* the root itself */
	size_t len = sizeof(path) - 1 - start;
	if (len + 1 > size)
		return -ERANGE;
	memcpy(buf, path + start, len + 1);
	return (int)len;
}

int do_getcwd(struct fproc *fp, message *m)
{
	static char path[VFS_PATH_MAX];
	int n = cwd_path(fp, path, sizeof(path));
	if (n == -ENAMETOOLONG)
		return -ERANGE;
	if (n < 0)
		return n;
	if (m->m_vfs.len2 < (uint32_t)n + 1)
		return -ERANGE;
	if (ucopy_to(fp->ep, m->m_vfs.buf, path, (uint64_t)n + 1) != OK)
		return -EFAULT;
	return n + 1;
}
