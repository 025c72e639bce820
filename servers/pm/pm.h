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
	/* timers.c: ITIMER_REAL. timer_at: the expiry (uptime ticks), 0 when
	 * disarmed; on the sorted list exactly when timer_at != 0. */
	uint64_t timer_at;
	uint64_t timer_interval;  /* reload, ticks; 0: one-shot */
	struct mproc *timer_next;
	/* CPU ticks at the end (PM_KEXIT), and those of the waited-for
	 * children (added to the parent when it collects this zombie). */
	uint64_t user_ticks, sys_ticks;
	uint64_t cuser_ticks, csys_ticks;
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

/* timers.c */
int do_itimer(message *m);
int do_settime(message *m);
int do_times(message *m);
void timers_expired(void);
void timers_exit(struct mproc *mp);

/* A handler's answer comes later (or never). Not a possible result:
 * results are pids, event kinds, OK, or -errno. */
#define NO_REPLY (-0x7fffffff)

#endif
