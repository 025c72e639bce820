/*
 * PM, the process manager: process identities (pids), parents and
 * children, exit status and wait, and signals.
 *
 * The kernel tells PM about every process that ends (PM_KEXIT) and every
 * signal it raises (PM_KSIG, the process stopped meanwhile); PM tells VM
 * to free an ended process's memory and the kernel to free its slot once
 * its parent has collected the status.
 *
 * PM calls VM with sendrec (VM never waits for PM) and answers everyone
 * with sendnb.
 */
#ifndef PM_PM_H
#define PM_PM_H

#include <quire/syslib.h>
#include <quire/endpoints.h>
#include <quire/signal.h>
#include <quire/kinfo.h>
#include <quire/vmctl.h>
#include "../../lib/libmini/mini_string.h"

enum mp_state { MP_FREE, MP_ALIVE, MP_ZOMBIE };

struct mproc {
	enum mp_state state;
	endpoint_t ep;
	int pid;
	int ppid;                 /* 0: PM adopts it (boot processes, orphans) */
	bool boot;                /* a boot process: its kernel slot stays for its report */
	bool system;              /* PRIV_SYS_PROC: users may not signal it */
	bool discard;             /* fork failed half-way: reap silently */
	int status;               /* wait status, once a zombie */
	bool waiting;             /* blocked in waitpid */
	uint64_t ignored;         /* signals set to SIG_IGN (bit per signal); kept across fork and exec */
	int wait_pid;

	/* Credentials (cred.c): real, effective and saved ids, and the
	 * supplementary groups. Kept across fork and exec (exec may take a
	 * set-user-ID/set-group-ID file's owner: PM_EXEC_CRED). VFS keeps a
	 * copy, sent with PM_EV_CRED after every change. */
	uint32_t ruid, euid, suid;
	uint32_t rgid, egid, sgid;
	int ngroups;
	uint32_t groups[PM_NGROUPS];
	bool cred_queued;         /* a PM_EV_CRED for it waits in events.c's queue */
	/* Resource limits (rlimit.c), soft <= hard; kept across fork and exec. */
	struct { uint64_t cur, max; } rlim[PM_RLIM_NLIMITS];
};

extern struct mproc mproc[NR_PROCS];
struct mproc *mp_by_ep(endpoint_t ep);
struct mproc *mp_by_pid(int pid);

void reply(endpoint_t to, message *m, int result);

/* forkexit.c */
int do_fork(message *m);
int do_waitpid(message *m);
void process_ended(const mess_pm_kernel *k);
/* events.c: what VFS must learn about processes */
void vfs_event(int kind, endpoint_t ep, endpoint_t parent);
int do_next_event(message *m);
void events_init(void);
/* signal.c */
int do_kill(message *m);
#define SIG_ENDED 1   /* pm_signal: the process is being ended */
int pm_signal(struct mproc *t, int sig);
int do_sigaction(message *m);
void kernel_signal(const mess_pm_kernel *k);

/* cred.c */
void cred_init(struct mproc *mp);                     /* root, default limits */
void cred_inherit(struct mproc *child, const struct mproc *parent);
void cred_event(struct mproc *mp);                    /* tell VFS: PM_EV_CRED */
int cred_fill_event(message *m, endpoint_t ep);       /* for do_next_event */
bool cred_may_signal(const struct mproc *sender, const struct mproc *target);
int do_getcred(message *m);
int do_setid(message *m);
int do_getgroups(message *m);
int do_setgroups(message *m);
int do_exec_cred(message *m);
/* rlimit.c */
void rlimit_init(struct mproc *mp);
int do_getrlimit(message *m);
int do_setrlimit(message *m);
/* ucopy.c: copies to and from a user's memory (try, prefault, again) */
int pm_ucopy_from(endpoint_t ep, uint64_t uaddr, void *buf, uint64_t len);
int pm_ucopy_to(endpoint_t ep, uint64_t uaddr, const void *buf, uint64_t len);

/* A handler's answer comes later (or never). Not a possible result:
 * results are pids, event kinds, OK, or -errno. */
#define NO_REPLY (-0x7fffffff)

#endif
