/*
 * Interrupting a parked call for a signal (docs/vfs.md, docs/signals.md).
 *
 * When a caught signal comes for a process that waits in VFS, PM queues
 * PM_EV_INTR (PM never calls VFS: it notifies, and VFS fetches the event
 * with PM_NEXT_EVENT, events.c). VFS then cancels whatever the process is
 * parked on and answers it: EINTR, or ERESTART when the handler has
 * SA_RESTART (libposix runs the call again after the handler), or the
 * bytes a write had already moved. The kernel stops the process as soon
 * as it has the answer, and PM runs the handler.
 */
#include "vfs.h"

/*
 * Cancel fp's parked call, if there is one, and answer it. susp_cancel
 * (fproc.c) knows every kind of parked call; this adds the answer.
 * select and poll are never restarted (POSIX: EINTR even under
 * SA_RESTART); a write that has moved bytes answers their count.
 */
void vfs_interrupt(struct fproc *fp)
{
	struct susp *s = &fp->susp;
	if (!fp->in_use || s->kind == SUSP_NONE)
		return;                     /* finished meanwhile: nothing to do */
	bool restart = fp->intr_restart && s->kind != SUSP_POLL;
	uint64_t done = s->kind == SUSP_PIPE_WRITE ? s->done : 0;
	susp_cancel(fp);
	s->kind = SUSP_NONE;
	fp->intr_restart = false;
	message m;
	memset(&m, 0, sizeof(m));
	reply(fp->ep, &m, done ? (int)done : restart ? -ERESTART : -EINTR);
}
