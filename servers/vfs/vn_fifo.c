/*
 * FIFOs (named pipes): an inode of type FIFO on an FS (made by mknod or
 * mkfifo, do_mknod in open.c) whose data is a pipe buffer in VFS. The
 * kind's table is vn_fs_fifo_ops (vn_fs.c): the FS's stat, chmod and
 * release, the pipe's read, write and close (vn_pipe.c), and the opens
 * below.
 *
 * Ownership: the vnode holds a struct pipe (vp->pipe) from the first open
 * until the last open end closes (fifo_closed frees it: a FIFO nobody has
 * open holds no data, as POSIX says). Every open counts as an end at
 * once, also one still waiting, so vp->pipe is never freed under a
 * waiter.
 *
 * POSIX's open rules: O_RDWR never waits. Without O_NONBLOCK a read-only
 * open waits for a writer and a write-only open for a reader: open.c
 * installs the descriptor, then fifo_open_wait parks the caller
 * (SUSP_FIFO_OPEN, the descriptor in susp.id) and the open of the other
 * end answers it with that descriptor. With O_NONBLOCK a read-only open
 * returns at once and a write-only open with no reader fails ENXIO. A
 * parked open that is cancelled (exit, interrupt) closes its descriptor.
 */
#include "vfs.h"

/* May the open of an end with access acc finish: is the other end open? */
static bool other_end_open(const struct pipe *p, int acc)
{
	if (acc == Q_O_RDWR)
		return true;
	return pipe_ends(p, acc == Q_O_RDONLY) > 0;
}

/* Answer every open parked on p whose other end is now open. */
static void wake_opens(struct pipe *p)
{
	for (int i = 0; i < NR_PROCS; i++) {
		struct fproc *w = &fprocs[i];
		struct susp *s = &w->susp;
		if (!w->in_use || s->kind != SUSP_FIFO_OPEN || s->filp->vp->pipe != p ||
		    !other_end_open(p, s->filp->flags & Q_O_ACCMODE))
			continue;
		int fd = s->id;
		s->kind = SUSP_NONE;
		s->filp = NULL;
		message m;
		memset(&m, 0, sizeof(m));
		reply(w->ep, &m, fd);
	}
}

int fifo_open(struct vnode *vp, struct fproc *fp, int flags)
{
	(void)fp;
	int acc = flags & Q_O_ACCMODE;
	bool nonblock = (flags & Q_O_NONBLOCK) != 0;
	struct pipe *p = vp->pipe;
	if (nonblock && acc == Q_O_WRONLY && (!p || pipe_ends(p, false) == 0))
		return -ENXIO;                 /* no reader: POSIX's ENXIO */
	if (!p) {
		p = vp->pipe = pipe_alloc();
		if (!p)
			return -ENFILE;
	}
	pipe_open_end(p, acc);
	wake_opens(p);
	return nonblock || other_end_open(p, acc) ? OK : VN_OPEN_WAIT;
}

void fifo_open_wait(struct fproc *fp, int fd)
{
	VFS_ASSERT(fp->susp.kind == SUSP_NONE);
	fp->susp = (struct susp){ .kind = SUSP_FIFO_OPEN, .filp = fp->fd[fd], .id = fd };
}

void fifo_closed(struct vnode *vp, int flags)
{
	struct pipe *p = vp->pipe;
	VFS_ASSERT(p != NULL);
	pipe_closed(vp, flags);            /* one end fewer; wakes readers and writers */
	if (pipe_ends(p, false) == 0 && pipe_ends(p, true) == 0) {
		pipe_free(p);
		vp->pipe = NULL;
	}
}

void fifo_cancel(struct fproc *fp)
{
	if (fp->susp.kind == SUSP_FIFO_OPEN) {
		int fd = fp->susp.id;
		fp->susp.kind = SUSP_NONE;
		fp->susp.filp = NULL;
		close_fd(fp, fd);          /* the open never finished */
		return;
	}
	pipe_cancel(fp);
}
