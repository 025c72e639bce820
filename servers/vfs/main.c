/*
 * VFS's main loop and message table. Every handler gets the caller's
 * fproc and the request; it returns the answer (>= 0 or -errno), or
 * SUSPEND_REPLY when the request is parked (see vfs.h).
 *
 * Notifications: from PM (process events waiting: fork, exit, changed
 * credentials), and from
 * character drivers (completed requests to collect with CDEV_STATUS).
 */
#include "vfs.h"

struct fproc fprocs[NR_PROCS];
struct mount *root_mount;

typedef int (*vfs_call)(struct fproc *fp, message *m);

static const vfs_call calls[VFS_NR_CALLS] = {
	[VFS_OPEN - VFS_RQ_BASE]      = do_open,
	[VFS_CLOSE - VFS_RQ_BASE]     = do_close,
	[VFS_READ - VFS_RQ_BASE]      = do_read,
	[VFS_WRITE - VFS_RQ_BASE]     = do_write,
	[VFS_PREAD - VFS_RQ_BASE]     = do_pread,
	[VFS_PWRITE - VFS_RQ_BASE]    = do_pwrite,
	[VFS_LSEEK - VFS_RQ_BASE]     = do_lseek,
	[VFS_DUP - VFS_RQ_BASE]       = do_dup,
	[VFS_DUP2 - VFS_RQ_BASE]      = do_dup2,
	[VFS_FCNTL - VFS_RQ_BASE]     = do_fcntl,
	[VFS_STAT - VFS_RQ_BASE]      = do_stat,
	[VFS_LSTAT - VFS_RQ_BASE]     = do_lstat,
	[VFS_FSTAT - VFS_RQ_BASE]     = do_fstat,
	[VFS_MKDIR - VFS_RQ_BASE]     = do_mkdir,
	[VFS_RMDIR - VFS_RQ_BASE]     = do_rmdir,
	[VFS_UNLINK - VFS_RQ_BASE]    = do_unlink,
	[VFS_RENAME - VFS_RQ_BASE]    = do_rename,
	[VFS_LINK - VFS_RQ_BASE]      = do_link,
	[VFS_SYMLINK - VFS_RQ_BASE]   = do_symlink,
	[VFS_READLINK - VFS_RQ_BASE]  = do_readlink,
	[VFS_GETDENTS - VFS_RQ_BASE]  = do_getdents,
	[VFS_CHDIR - VFS_RQ_BASE]     = do_chdir,
	[VFS_FCHDIR - VFS_RQ_BASE]    = do_fchdir,
	[VFS_GETCWD - VFS_RQ_BASE]    = do_getcwd,
	[VFS_TRUNCATE - VFS_RQ_BASE]  = do_truncate,
	[VFS_FTRUNCATE - VFS_RQ_BASE] = do_ftruncate,
	[VFS_UMASK - VFS_RQ_BASE]     = do_umask,
	[VFS_CHMOD - VFS_RQ_BASE]     = do_chmod,
	[VFS_PIPE - VFS_RQ_BASE]      = do_pipe,
	[VFS_FSYNC - VFS_RQ_BASE]     = do_fsync,
	[VFS_SYNC - VFS_RQ_BASE]      = do_sync,
	[VFS_IOCTL - VFS_RQ_BASE]     = do_ioctl,
	[VFS_MOUNT - VFS_RQ_BASE]     = do_mount,
	[VFS_EXEC - VFS_RQ_BASE]      = do_exec,
	[VFS_ISATTY - VFS_RQ_BASE]    = do_isatty,
	[VFS_MMAP - VFS_RQ_BASE]      = do_mmap,
	[VFS_POLL - VFS_RQ_BASE]      = do_poll,          /* select.c */
	[VFS_CHOWN - VFS_RQ_BASE]     = do_chown,         /* attr.c */
	[VFS_UTIME - VFS_RQ_BASE]     = do_utime,         /* attr.c */
	[VFS_ACCESS - VFS_RQ_BASE]    = do_access,        /* attr.c */
	[VFS_FCHMOD - VFS_RQ_BASE]    = do_fchmod,        /* attr.c */
	[VFS_LOCK - VFS_RQ_BASE]      = do_lock,          /* lock.c */
	[VFS_MKNOD - VFS_RQ_BASE]     = do_mknod,         /* open.c */
};

void reply(endpoint_t to, message *m, int result)
{
	m->m_type = result;
	ipc_sendnb(to, m);
}

/* Apply every process event PM has queued for us. */
void sync_pm_events(void)
{
	static struct pm_cred cred;        /* PM copies the groups here */
	for (;;) {
		endpoint_t ep, parent;
		struct fproc *fp;
		switch (pm_req_next_event(&ep, &parent, &cred)) {
		case PM_EV_FORK:
			fproc_fork(parent, ep);
			break;
		case PM_EV_EXIT:
			fproc_exit(ep);
			break;
		case PM_EV_INTR:                /* a caught signal (interrupt.c) */
			fp = fproc_get(ep);
			if (fp) {
				fp->intr_restart = parent == 1;
				vfs_interrupt(fp);
			}
			break;
		case PM_EV_CRED:                /* set*id, setgroups, exec, setrlimit */
			fp = fproc_get(ep);
			if (fp)
				fp->cred = cred;
			break;
		default:
			return;
		}
	}
}

int main(int argc, char **argv)
{
	printf("vfs: ready (no root file system until one is mounted)\n");
	message m;
	endpoint_t answer = NONE;       /* whom m answers: sent as the next receive begins */
	for (;;) {
		int rr = ipc_reply_receive(answer, &m);
		answer = NONE;
		if (rr != OK)
			continue;
		endpoint_t who = m.m_source;
		if (m.m_type == NOTIFY_MESSAGE) {
			if (who == PM_PROC_NR)
				sync_pm_events();
			else if (who == VM_PROC_NR)
				vm_file_puts();
			else if (who == CLOCK)
				select_timeout();          /* select.c: VFS's one alarm */
			else
				cdev_poll(who);
			continue;
		}
		struct fproc *fp = fproc_get(who);
		if (!fp) {
			sync_pm_events();          /* a child we have not heard of yet? */
			fp = fproc_get(who);
		}
		if (!fp)
			fp = fproc_new(who);       /* a boot process */
		int r = -ENOMEM;
		if (fp) {
			int call = m.m_type - VFS_RQ_BASE;
			r = (call >= 0 && call < VFS_NR_CALLS && calls[call]) ? calls[call](fp, &m) : -ENOSYS;
		}
		if (r != SUSPEND_REPLY) {
			m.m_type = r;           /* as reply() */
			answer = who;
		}
	}
}
