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
#include <quire/sigframe.h>
#include "../../lib/libmini/mini_string.h"

enum mp_state { MP_FREE, MP_ALIVE, MP_ZOMBIE };

/* A deadline on timers.c's list, sorted by `at` (uptime ticks; ties keep
 * arming order). at != 0 exactly when it is on the list. Only timers.c
 * touches at and next (PM is single-threaded: no lock). */
enum ptimer_kind { PT_ITIMER, PT_SIGWAIT, PT_CPU, PT_POSIX };
struct mproc;
struct ptimer {
	uint64_t at;
	struct ptimer *next;
	struct mproc *mp;         /* set by ptimer_arm */
	enum ptimer_kind kind;
};

/* A signal's disposition: handler is PSIG_DFL, PSIG_IGN or an address. */
#define PSIG_DFL 0
#define PSIG_IGN 1
struct sigact {
	uint64_t handler;
	uint64_t mask;            /* blocked while the handler runs */
	int flags;                /* QSA_* */
};

/* Why a process waits in PM for a signal (besides waitpid). */
enum pause_kind { PAUSE_NONE, PAUSE_SUSPEND, PAUSE_SIGWAIT };

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
	int wait_pid;

	/* Signals (docs/signals.md). PM alone owns all of this: libposix
	 * keeps no copy. Bits are 1 << sig. Kept across fork except
	 * pending; exec resets handlers (signal.c: sig_exec). */
	struct sigact act[QNSIG];
	uint64_t tramp;           /* libposix's sigreturn trampoline */
	uint64_t blocked;         /* never holds SIGKILL or SIGSTOP */
	uint64_t pending;         /* raised while blocked (or while in a call) */
	struct qsiginfo pinfo[QNSIG];   /* the first pending instance's */
	uint64_t ss_sp, ss_size;  /* sigaltstack */
	int ss_flags;             /* QSS_DISABLE when there is none */
	enum pause_kind paused;   /* blocked in sigsuspend or sigwait */
	uint64_t pause_mask;      /* SUSPEND: the mask to restore; SIGWAIT: the set */
	bool report_asked;        /* KC_SIGSEND said EBUSY: a PM_KSIG 0 will come */

	/* Job control (pgrp.c). Inherited by fork. */
	int pgid, sid;
	bool execed;              /* has run exec since fork: setpgid says EACCES */
	bool stopped;             /* stop.c: the kernel keeps it from running */
	int stop_sig;
	bool stop_unreported;     /* for waitpid WUNTRACED */
	bool cont_unreported;     /* for waitpid WCONTINUED */
	int wait_options;         /* while waiting: WUNTRACED, WCONTINUED */

	/* timers.c: the process's deadlines, each on PM's one sorted list
	 * while armed. itimer: ITIMER_REAL (timer_interval: its reload in
	 * ticks, 0 one-shot); wait_timer: sigtimedwait's deadline, armed only
	 * while paused == PAUSE_SIGWAIT; cpu_timer: rlimit.c's RLIMIT_CPU
	 * check, armed while that limit is finite. */
	struct ptimer itimer;
	uint64_t timer_interval;
	struct ptimer wait_timer;
	struct ptimer cpu_timer;
	/* ptimers.c: POSIX timers (timer_create), ids 1..PM_PTIMERS; none
	 * after fork or exec. */
	struct posix_timer {
		struct ptimer pt;         /* first: timers.c hands us &pt */
		bool used;
		bool signal;              /* SIGEV_SIGNAL (else SIGEV_NONE) */
		int sig;
		uint64_t sigval;
		uint64_t interval;        /* reload, ticks; 0: one-shot */
		uint32_t overrun;         /* expirations beyond the last signal raised */
	} ptimers[PM_PTIMERS];
	/* CPU ticks at the end (PM_KEXIT), and those of the waited-for
	 * children (added to the parent when it collects this zombie). */
	uint64_t user_ticks, sys_ticks;
	uint64_t cuser_ticks, csys_ticks;

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
/* sigdeliver.c: raising and delivering */
#define SIG_ENDED 1   /* pm_signal: the process is being ended */
int pm_signal(struct mproc *t, int sig);
int pm_signal_info(struct mproc *t, const struct qsiginfo *info);
void sig_check(struct mproc *t);
void kernel_signal(const mess_pm_kernel *k);
/* signal.c: kill, sigaction, fork and exec */
int do_kill(message *m);
int do_sigqueue(message *m);
int do_sigaction(message *m);
int do_exec(message *m);
void sig_fork(struct mproc *child, const struct mproc *parent);
/* pgrp.c: process groups and sessions */
int do_setpgid(message *m);
int do_getpgid(message *m);
int do_setsid(message *m);
int do_getsid(message *m);
int do_bgtty(message *m);
bool pgrp_orphaned(int pgid);
int kill_many(struct mproc *caller, int pid, const struct qsiginfo *info);
/* stop.c: job control */
void stop_process(struct mproc *t, int sig);
void continue_process(struct mproc *t);
/* forkexit.c: t stopped or continued: answer its waiting parent */
void wait_notify(struct mproc *parent, struct mproc *t);
/* sigcalls.c: masks and waiting */
int do_sigprocmask(message *m);
int do_sigpending(message *m);
int do_sigsuspend(message *m);
int do_sigreturn(message *m);
int do_sigwait(message *m);
int do_sigaltstack(message *m);
/* sigcalls.c: end t's sigwait (paused == PAUSE_SIGWAIT): with pending
 * signal sig and its siginfo (sigwait_take), or with an error: EINTR (a
 * handler runs), EAGAIN (sigwait_timeout: the deadline passed). */
void sigwait_take(struct mproc *t, int sig);
void sigwait_end(struct mproc *t, int err);
void sigwait_timeout(struct mproc *t);

/* timers.c */
/* Put t (of mp, kind) on the list for uptime tick `at` (moved if it was
 * on it already); cancel takes it off (no-op when not armed). When it is
 * due, timers_expired() takes it off and acts by kind: SIGALRM (and the
 * reload), sigwait_timeout(), rlimit_cpu_check(). */
void ptimer_arm(struct ptimer *t, struct mproc *mp, enum ptimer_kind kind, uint64_t at);
void ptimer_cancel(struct ptimer *t);
/* ptimers.c */
int do_ptimer(message *m);
void ptimers_fire(struct mproc *mp, struct ptimer *t, uint64_t at, uint64_t now);
void ptimers_clear(struct mproc *mp);        /* exec, exit: all deleted */
uint64_t pm_ns_to_ticks(uint64_t ns);      /* rounded up */
uint64_t pm_hz(void);
int do_itimer(message *m);
int do_settime(message *m);
int do_times(message *m);
void timers_expired(void);
void timers_exit(struct mproc *mp);

/* cred.c */
void cred_init(struct mproc *mp);                     /* root, default limits */
void cred_inherit(struct mproc *child, const struct mproc *parent);
void cred_event(struct mproc *mp);                    /* tell VFS (PM_EV_CRED), publish */
void pm_publish(const struct mproc *mp);               /* publish.c */
int cred_fill_event(message *m, endpoint_t ep);       /* for do_next_event */
bool cred_may_signal(const struct mproc *sender, const struct mproc *target, int sig);
int do_getcred(message *m);
int do_proccred(message *m);
int do_setid(message *m);
int do_getgroups(message *m);
int do_setgroups(message *m);
int do_exec_cred(message *m);
/* rlimit.c */
void rlimit_init(struct mproc *mp);
int do_getrlimit(message *m);
int do_setrlimit(message *m);
void rlimit_fork(struct mproc *child);        /* after cred_inherit: arm its CPU check */
void rlimit_cpu_check(struct mproc *mp);      /* its cpu_timer is due */
void rlimit_vm(struct mproc *mp);             /* its euid changed: VM's MEMLOCK exemption */
/* ucopy_to, ucopy_from (try-first copies to and from a user): libsys. */

/* A handler's answer comes later (or never). Not a possible result:
 * results are pids, event kinds, OK, or -errno. */
#define NO_REPLY (-0x7fffffff)

#endif
