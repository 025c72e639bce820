/*
 * vfs_interrupt: a signal was delivered to fp's process, whose request
 * may be parked in VFS (struct susp): end it with EINTR.
 *
 * This is the one entry the signals work calls. For now it ends a parked
 * poll/select (select.c); parked pipe and tty reads and writes are the
 * signals work's to add here (docs/vfs.md).
 */
#include "vfs.h"

void vfs_interrupt(struct fproc *fp)
{
	if (!fp || !fp->in_use)
		return;
	select_interrupt(fp);
}
