/*
 * The public process table (quire/proctab.h): PM puts each process's
 * pid, parent, group, session and ids there, so getpid and the rest need
 * no message. PM publishes whenever one of them changes: a boot process
 * adopted, a fork (before the child first runs), set*id and a set-user-ID
 * exec (cred_event), setpgid and setsid, and a parent's exit (its
 * children's new parent). A process whose entry is not there yet asks PM
 * as before, so a missed publish costs a message, never a wrong answer;
 * a stale one would be wrong, hence every change goes through here.
 */
#include "pm.h"

void pm_publish(const struct mproc *mp)
{
	if (mp->state != MP_ALIVE)
		return;
	struct sys_pub v = {
		.pid = mp->pid, .ppid = mp->ppid, .pgrp = mp->pgid, .sid = mp->sid,
		.uid = mp->ruid, .euid = mp->euid, .gid = mp->rgid, .egid = mp->egid,
	};
	int r = sys_publish(mp->ep, &v);
	if (r != OK)
		printf("pm: cannot publish pid %d: %d\n", mp->pid, r);
}
