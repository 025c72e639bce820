/*
 * Per-process state: descriptors, open files (filps), cwd, umask.
 *
 * Reference rules: a descriptor slot holds one filp reference (filp_ref,
 * filp_put); a filp holds one vnode reference from filp_new until its
 * last put, which also tells the vnode's kind (close) with the filp's
 * flags. A put at 0, a ref of a free filp or an overflowing count is a
 * VFS bug (VFS_ASSERT).
 */
#include "vfs.h"

static struct filp filps[NR_FILPS];

struct fproc *fproc_get(endpoint_t ep)
{
	if (ep < 0)
		return NULL;
	struct fproc *fp = &fprocs[_ENDPOINT_SLOT(ep) % NR_PROCS];
	return fp->in_use && fp->ep == ep ? fp : NULL;
}

struct fproc *fproc_new(endpoint_t ep)
{
	if (ep < 0)
		return NULL;
	struct fproc *fp = &fprocs[_ENDPOINT_SLOT(ep) % NR_PROCS];
	if (fp->in_use)
		fproc_exit(fp->ep);        /* a stale entry: its exit event was lost */
	memset(fp, 0, sizeof(*fp));
	fp->in_use = true;
	fp->ep = ep;
	fp->umask = 022;
	fp->cred.nofile = VFS_OPEN_MAX;    /* and uid 0: a boot process */
	fp->cred.fsize = PM_RLIM_INFINITY;
	if (root_mount) {
		fp->root = fp->cwd = root_mount->root;
		vnode_ref(fp->root);
		vnode_ref(fp->cwd);
	}
	return fp;
}

void fproc_fork(endpoint_t parent, endpoint_t child)
{
	struct fproc *p = fproc_get(parent);
	struct fproc *c = fproc_new(child);
	if (!p || !c)
		return;
	for (int i = 0; i < VFS_OPEN_MAX; i++) {
		c->fd[i] = p->fd[i];
		if (c->fd[i])
			filp_ref(c->fd[i]);
	}
	c->cloexec = p->cloexec;
	c->umask = p->umask;
	c->cred = p->cred;
	if (p->root) {
		if (c->root)
			vnode_put(c->root);
		c->root = p->root;
		vnode_ref(c->root);
	}
	if (p->cwd) {
		if (c->cwd)
			vnode_put(c->cwd);
		c->cwd = p->cwd;
		vnode_ref(c->cwd);
	}
}

void fproc_exit(endpoint_t ep)
{
	struct fproc *fp = fproc_get(ep);
	if (!fp)
		return;
	susp_cancel(fp);                               /* a parked request */
	VFS_ASSERT(fp->susp.kind == SUSP_NONE);
	for (int i = 0; i < VFS_OPEN_MAX; i++)
		if (fp->fd[i])
			close_fd(fp, i);
	lock_release_all(fp);          /* none left (close_fd): a second net */
	if (fp->root)
		vnode_put(fp->root);
	if (fp->cwd)
		vnode_put(fp->cwd);
	fp->in_use = false;
}

/* Drop fp's parked request without answering it: each kind has its own
 * way back (a poll has no filp; a vnode's request goes through its
 * `cancel` op, a FIFO's open too). */
void susp_cancel(struct fproc *fp)
{
	if (fp->susp.kind == SUSP_POLL)
		select_cancel(fp);                        /* select.c */
	else if (fp->susp.kind == SUSP_LOCK)
		lock_cancel(fp);                          /* lock.c */
	else if (fp->susp.kind != SUSP_NONE && fp->susp.filp->vp->ops->cancel)
		fp->susp.filp->vp->ops->cancel(fp);
}

int fd_limit(const struct fproc *fp)
{
	return fp->cred.nofile < VFS_OPEN_MAX ? (int)fp->cred.nofile : VFS_OPEN_MAX;
}

/* The lowest free descriptor >= from, below the process's RLIMIT_NOFILE. */
int fd_alloc(struct fproc *fp, int from)
{
	for (int i = from < 0 ? 0 : from; i < fd_limit(fp); i++)
		if (!fp->fd[i])
			return i;
	return -EMFILE;
}

struct filp *fd_filp(struct fproc *fp, int fd)
{
	if (fd < 0 || fd >= VFS_OPEN_MAX)
		return NULL;
	return fp->fd[fd];
}

struct filp *filp_new(struct vnode *vp, int flags)
{
	for (int i = 0; i < NR_FILPS; i++) {
		struct filp *f = &filps[i];
		if (f->refs)
			continue;
		VFS_ASSERT(f->vp == NULL);     /* a free filp holds no vnode */
		f->refs = 1;
		f->vp = vp;
		f->pos = 0;
		f->flags = flags;
		return f;
	}
	return NULL;
}

/* One more descriptor shares f (dup, fork). */
void filp_ref(struct filp *f)
{
	VFS_ASSERT(f->refs > 0 && f->refs < INT32_MAX);
	f->refs++;
}

/* Drop one descriptor's hold on f; the last one closes the file. */
void filp_put(struct filp *f)
{
	VFS_ASSERT(f->refs > 0 && f->vp != NULL);
	if (--f->refs > 0)
		return;
	struct vnode *vp = f->vp;
	f->vp = NULL;
	if (vp->ops->close)
		vp->ops->close(vp, f->flags);
	vnode_put(vp);
}

int filp_count(void)
{
	int n = 0;
	for (int i = 0; i < NR_FILPS; i++)
		n += filps[i].refs > 0;
	return n;
}

int close_fd(struct fproc *fp, int fd)
{
	struct filp *f = fd_filp(fp, fd);
	if (!f)
		return -EBADF;
	fp->fd[fd] = NULL;
	fp->cloexec &= ~(1ULL << fd);
	lock_release(fp, f->vp);       /* before the put: vp is alive */
	filp_put(f);
	return OK;
}

int do_close(struct fproc *fp, message *m)
{
	return close_fd(fp, m->m_vfs.fd);
}

int do_dup(struct fproc *fp, message *m)
{
	struct filp *f = fd_filp(fp, m->m_vfs.fd);
	if (!f)
		return -EBADF;
	int nfd = fd_alloc(fp, 0);
	if (nfd < 0)
		return nfd;
	fp->fd[nfd] = f;
	filp_ref(f);
	return nfd;
}

int do_dup2(struct fproc *fp, message *m)
{
	int fd = m->m_vfs.fd, fd2 = m->m_vfs.fd2;
	struct filp *f = fd_filp(fp, fd);
	if (!f)
		return -EBADF;
	if (fd2 < 0 || fd2 >= fd_limit(fp))
		return -EBADF;
	if (fd == fd2)
		return fd2;
	if (fp->fd[fd2])
		close_fd(fp, fd2);
	fp->fd[fd2] = f;
	filp_ref(f);
	return fd2;
}

int do_fcntl(struct fproc *fp, message *m)
{
	int fd = m->m_vfs.fd, arg = m->m_vfs.mode;
	struct filp *f = fd_filp(fp, fd);
	if (!f)
		return -EBADF;
	switch (m->m_vfs.flags) {
	case Q_F_DUPFD: {
		if (arg < 0 || arg >= fd_limit(fp))
			return -EINVAL;
		int nfd = fd_alloc(fp, arg);
		if (nfd < 0)
			return nfd;
		fp->fd[nfd] = f;
		filp_ref(f);
		return nfd;
	}
	case Q_F_GETFD:
		return (fp->cloexec >> fd) & 1 ? Q_FD_CLOEXEC : 0;
	case Q_F_SETFD:
		if (arg & Q_FD_CLOEXEC)
			fp->cloexec |= 1ULL << fd;
		else
			fp->cloexec &= ~(1ULL << fd);
		return OK;
	case Q_F_GETFL:
		return f->flags;
	case Q_F_SETFL:
		f->flags = (f->flags & ~(Q_O_APPEND | Q_O_NONBLOCK)) | (arg & (Q_O_APPEND | Q_O_NONBLOCK));
		return OK;
	default:
		return -EINVAL;
	}
}

int do_umask(struct fproc *fp, message *m)
{
	int old = (int)fp->umask;
	fp->umask = (uint32_t)m->m_vfs.mode & 0777;
	return old;
}
