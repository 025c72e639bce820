/*
 * Pipes, a kind of vnode (vn_pipe_ops), kept in VFS's memory. A read with no data and a write with no
 * room park the request (continuations, vfs.h); every change of a pipe's
 * state retries the parked requests on it. Writing to a pipe nobody reads
 * raises SIGPIPE and fails with EPIPE; reading one nobody writes returns
 * end of file.
 *
 * A pipe vnode owns its struct pipe (vp->pipe) from do_pipe until its
 * last reference goes (pipe_release). A FIFO's vnode (vn_fifo.c) holds
 * one while the FIFO is open, with the same read, write and close. Missing entries: lseek, pread and
 * pwrite give ESPIPE, ioctl ENOTTY, getdents ENOTDIR, truncate EINVAL.
 */
#include "vfs.h"

struct pipe {
	bool in_use;
	uint64_t rpos, count;
	int readers, writers;
	/* The processes parked on it (SUSP_PIPE_READ or _WRITE), in the
	 * order they parked, linked through susp.next: a process is on the
	 * list exactly while its susp.kind is one of the two. */
	struct fproc *parked;
	char buf[PIPE_SIZE];
};

static struct pipe pipes[NR_PIPES];

struct pipe *pipe_alloc(void)
{
	for (int i = 0; i < NR_PIPES; i++) {
		struct pipe *p = &pipes[i];
		if (!p->in_use) {
			p->in_use = true;
			p->rpos = p->count = 0;
			p->readers = p->writers = 0;
			p->parked = NULL;
			return p;
		}
	}
	return NULL;
}

void pipe_free(struct pipe *p)
{
	VFS_ASSERT(p->in_use && p->readers == 0 && p->writers == 0);
	p->in_use = false;
}

void pipe_open_end(struct pipe *p, int acc)
{
	if (acc == Q_O_RDONLY || acc == Q_O_RDWR)
		p->readers++;
	if (acc == Q_O_WRONLY || acc == Q_O_RDWR)
		p->writers++;
}

int pipe_ends(const struct pipe *p, bool write)
{
	return write ? p->writers : p->readers;
}

static void pipe_release(struct vnode *vp)
{
	VFS_ASSERT(vp->pipe && vp->pipe->in_use);
	vp->pipe->in_use = false;
	vp->pipe = NULL;
}

int do_pipe(struct fproc *fp, message *m)
{
	struct pipe *p = NULL;
	for (int i = 0; i < NR_PIPES && !p; i++)
		if (!pipes[i].in_use)
			p = &pipes[i];
	if (!p)
		return -ENFILE;
	int rfd = fd_alloc(fp, 0);
	if (rfd < 0)
		return rfd;
	struct vnode *vp = vnode_get(&vn_pipe_ops, PIPE_FS, (uint64_t)(p - pipes) + 1,
				     Q_S_IFIFO | 0600, 0, NULL);
	if (!vp)
		return -ENFILE;
	/* From here the vnode owns p: its last put releases it. */
	p->in_use = true;
	p->rpos = p->count = 0;
	p->readers = p->writers = 0;
	vp->pipe = p;
	struct filp *rf = filp_new(vp, Q_O_RDONLY);
	if (!rf) {
		vnode_put(vp);
		return -ENFILE;
	}
	p->readers = 1;
	fp->fd[rfd] = rf;                  /* rf holds the reference vnode_get gave */
	int wfd = fd_alloc(fp, 0);
	vnode_ref(vp);
	struct filp *wf = wfd >= 0 ? filp_new(vp, Q_O_WRONLY) : NULL;
	if (!wf) {
		vnode_put(vp);
		close_fd(fp, rfd);         /* the last reference: p is free again */
		return wfd < 0 ? wfd : -ENFILE;
	}
	p->writers = 1;
	fp->fd[wfd] = wf;
	m->m_vfs.fd = rfd;
	m->m_vfs.fd2 = wfd;
	return OK;
}

static void sigpipe(struct fproc *fp)
{
	pm_req_kill(0, fp->ep, QSIGPIPE);      /* pid 0: by endpoint */
}

/* Move up to len bytes out of the pipe; -EAGAIN if it would block. */
static int try_read(struct fproc *fp, struct pipe *p, uint64_t buf, uint64_t len)
{
	if (p->count == 0)
		return p->writers ? -EAGAIN : 0;
	uint64_t n = len < p->count ? len : p->count;
	uint64_t first = PIPE_SIZE - p->rpos < n ? PIPE_SIZE - p->rpos : n;
	/* Copy first, consume after: a failed copy loses nothing. */
	if (ucopy_to(fp->ep, buf, p->buf + p->rpos, first) != OK ||
	    (n > first && ucopy_to(fp->ep, buf + first, p->buf, n - first) != OK))
		return -EFAULT;
	p->rpos = (p->rpos + n) % PIPE_SIZE;
	p->count -= n;
	return (int)n;
}

/* Move what fits of [buf+*done, buf+len) in; -EPIPE with no readers. */
static int try_write(struct fproc *fp, struct pipe *p, uint64_t buf, uint64_t len, uint64_t *done)
{
	if (!p->readers)
		return -EPIPE;
	while (*done < len && p->count < PIPE_SIZE) {
		uint64_t wpos = (p->rpos + p->count) % PIPE_SIZE;
		uint64_t room = PIPE_SIZE - p->count;          /* free, and ... */
		if (room > PIPE_SIZE - wpos)
			room = PIPE_SIZE - wpos;                /* ... before the wrap */
		uint64_t n = len - *done < room ? len - *done : room;
		if (ucopy_from(fp->ep, buf + *done, p->buf + wpos, n) != OK)
			return -EFAULT;
		p->count += n;
		*done += n;
	}
	return OK;
}

/* Take fp off p's parked list (pp points at the link to it). */
static void unpark(struct fproc **pp)
{
	struct fproc *fp = *pp;
	*pp = fp->susp.next;
	fp->susp.next = NULL;
	fp->susp.kind = SUSP_NONE;
}

/* Retry everything parked on p until nothing moves. */
static void wake(struct pipe *p)
{
	bool moved = p->parked != NULL;
	while (moved) {
		moved = false;
		for (struct fproc **pp = &p->parked; *pp;) {
			struct fproc *fp = *pp;
			struct susp *s = &fp->susp;
			int r;
			if (s->kind == SUSP_PIPE_READ) {
				r = try_read(fp, p, s->buf, s->len);
				if (r == -EAGAIN) {
					pp = &s->next;
					continue;
				}
			} else {
				uint64_t before = s->done;
				r = try_write(fp, p, s->buf, s->len, &s->done);
				if (r == -EPIPE)
					sigpipe(fp);
				if (r == OK && s->done < s->len) {
					moved |= s->done != before;
					pp = &s->next;
					continue;
				}
				if (r == OK)
					r = (int)s->done;
			}
			unpark(pp);
			message m;
			memset(&m, 0, sizeof(m));
			reply(fp->ep, &m, r);
			moved = true;
		}
	}
	select_wake();                     /* select.c: pollers of p */
}

static void park(struct fproc *fp, struct filp *f, enum susp_kind kind, uint64_t buf,
		 uint64_t len, uint64_t done)
{
	fp->susp = (struct susp){ .kind = kind, .filp = f, .buf = buf, .len = len, .done = done };
	struct fproc **pp = &f->vp->pipe->parked;
	while (*pp)
		pp = &(*pp)->susp.next;
	*pp = fp;
}

static int pipe_rdwr(struct vio *io, bool write)
{
	if (io->positioned)
		return -ESPIPE;
	struct fproc *fp = io->fp;
	struct filp *f = io->f;
	uint64_t buf = io->buf, len = io->len;
	struct pipe *p = f->vp->pipe;
	bool nonblock = (f->flags & Q_O_NONBLOCK) != 0;
	if (!write) {
		int r = try_read(fp, p, buf, len);
		if (r > 0)
			wake(p);                   /* writers may have room now */
		if (r != -EAGAIN || nonblock)
			return r;
		park(fp, f, SUSP_PIPE_READ, buf, len, 0);
		return SUSPEND_REPLY;
	}
	uint64_t done = 0;
	int r = try_write(fp, p, buf, len, &done);
	if (r == -EPIPE)
		sigpipe(fp);
	if (done)
		wake(p);                           /* readers may take it */
	if (r < 0)
		return r;
	if (done == len)
		return (int)done;
	if (nonblock)
		return done ? (int)done : -EAGAIN;
	park(fp, f, SUSP_PIPE_WRITE, buf, len, done);
	wake(p);                                   /* room may have appeared meanwhile */
	return SUSPEND_REPLY;
}

int pipe_read(struct vio *io)  { return pipe_rdwr(io, false); }
int pipe_write(struct vio *io) { return pipe_rdwr(io, true); }

void pipe_closed(struct vnode *vp, int flags)
{
	struct pipe *p = vp->pipe;
	int acc = flags & Q_O_ACCMODE;
	if (acc == Q_O_RDONLY || acc == Q_O_RDWR)
		p->readers--;
	if (acc == Q_O_WRONLY || acc == Q_O_RDWR)
		p->writers--;
	wake(p);
}

void pipe_cancel(struct fproc *fp)
{
	if (fp->susp.kind != SUSP_PIPE_READ && fp->susp.kind != SUSP_PIPE_WRITE)
		return;
	struct fproc **pp = &fp->susp.filp->vp->pipe->parked;
	while (*pp != fp)
		pp = &(*pp)->susp.next;
	unpark(pp);
}

static int pipe_stat(struct vnode *vp, struct qstat *st)
{
	vnode_stat_own(vp, st);
	st->size = 0;
	return OK;
}

/* Read end: POLLIN with data; POLLHUP once no writer is left (with POLLIN
 * while data remains). Write end: POLLOUT with room and a reader; POLLERR
 * with no reader (a write would raise SIGPIPE). */
static int pipe_poll(struct filp *f, int events)
{
	struct pipe *p = f->vp->pipe;
	int acc = f->flags & Q_O_ACCMODE, r = 0;
	if (acc == Q_O_RDONLY || acc == Q_O_RDWR) {
		if (p->count)
			r |= events & (Q_POLLIN | Q_POLLRDNORM);
		if (!p->writers)
			r |= Q_POLLHUP;
	}
	if (acc == Q_O_WRONLY || acc == Q_O_RDWR) {
		if (!p->readers)
			r |= Q_POLLERR;
		else if (p->count < PIPE_SIZE)
			r |= events & (Q_POLLOUT | Q_POLLWRNORM);
	}
	return r;
}

const struct vnode_ops vn_pipe_ops = {
	.poll    = pipe_poll,
	.name    = "pipe",
	.close   = pipe_closed,
	.release = pipe_release,
	.read    = pipe_read,
	.write   = pipe_write,
	.stat    = pipe_stat,
	/* No .fsync: fsync and fdatasync on a pipe are EINVAL (POSIX). */
	.cancel  = pipe_cancel,
};
