/*
 * PM's protocol.
 *
 * Requests from processes, answered with m_type = result:
 *   PM_FORK       reply to the parent: the child's pid; to the child: 0
 *   PM_WAITPID    wait for a child: pid (-1 any), options (WNOHANG)
 *   PM_GETPID     reply: pid and parent pid
 *   PM_KILL       send a signal to a process (by pid; pid 0: by endpoint,
 *                 for system processes only: the tty's ^C)
 *   PM_GETPROC    reply: what PM knows about a pid, or (pid 0) an endpoint
 *   PM_SIGACTION  m_pm_sig: sig, handler (SIG_DFL 0, SIG_IGN 1, or an
 *                 address), mask, flags (SA_*), tramp (the return address
 *                 of handlers), how 1 = set (0: only ask); answer: the
 *                 previous handler, mask and flags in the same fields
 *   PM_POWEROFF   power the machine off (the caller has synced the disks);
 *                 in a test boot, status >= 0 ends it with that verdict
 *   PM_SETTIME    set the time of day (root only): KC_SETTIME
 *   PM_ITIMER     set/read the caller's ITIMER_REAL (alarm, setitimer)
 *   PM_TIMES      reply: the waited-for children's CPU time
 *   PM_PTIMER     m_pm_ptimer: op (PTO_*), id: the caller's POSIX timers
 *                 (servers/pm/ptimers.c)
 *   PM_NEXT_EVENT VFS only: the next process event (fork, exit) VFS must
 *                 know about; PM notifies VFS when there are some.
 *                 Answer: PM_EV_FORK (endpoint = child, parent_ep = parent),
 *                 PM_EV_EXIT (endpoint), PM_EV_INTR (endpoint, parent_ep 1 =
 *                 restart), or PM_EV_NONE
 *   (signals: m_pm_sig; docs/signals.md)
 *   PM_SIGPROCMASK how (SIG_BLOCK..), mask: set the blocked mask; answer:
 *                 mask = the previous one
 *   PM_SIGPENDING answer: mask = the pending set
 *   PM_SIGSUSPEND mask: wait for a signal with that mask; answer -EINTR
 *   PM_SIGRETURN  mask: the trampoline restores its mask before KC_SIGRETURN
 *   PM_SIGWAIT    m_pm_sigwait: set, timeout_ns (-1: no limit; 0: do not
 *                 wait; else wait at most that long, then EAGAIN: PM's
 *                 timer list); answer: the signal, its siginfo in code,
 *                 pid, uid, addr, value
 *   PM_SIGQUEUE   pid, sig, value: kill with SI_QUEUE and a value
 *   PM_SIGALTSTACK handler = ss_sp, value = ss_size, flags = ss_flags,
 *                 how 1 = set; answer: the previous stack
 *   PM_EXEC       VFS only, pid = 0, sig = endpoint: it runs a new
 *                 program (handlers back to the default)
 *   (process groups and sessions: m_pm_pgrp)
 *   PM_SETPGID    pid (0: the caller), pgid (0: = pid); POSIX's rules
 *   PM_GETPGID    pid (0: the caller); answer: its process group
 *   PM_SETSID     a new session and group led by the caller; answer: its id
 *   PM_GETSID     pid (0: the caller); answer: its session
 *   PM_BGTTY      system processes (the tty): endpoint uses the terminal
 *                 whose foreground group is pgid for an operation job
 *                 control guards with sig (SIGTTIN: a read; SIGTTOU: a
 *                 write under TOSTOP, or a change of the terminal). OK:
 *                 go on (in the foreground, another session, not a user
 *                 process, or sig SIGTTOU ignored or blocked); -EIO: a
 *                 read with SIGTTIN ignored or blocked, or an orphaned
 *                 group; -ERESTART: its group got sig, the call runs
 *                 again when continued; -EINVAL: another sig
 *   PM_KILL with pid -1 signals every process the caller may signal but
 *   init, system processes and itself; pid < -1 the process group -pid.
 *   PM_WAITPID with pid 0 waits for the caller's group, pid < -1 for -pid.
 * Messages from the kernel (m_source == KERNEL):
 *   PM_KSIG       the kernel (or VM) raised a signal in a stopped process;
 *                 sig 0: a process PM asked about (KC_SIGSEND answered
 *                 EBUSY) has finished its call and is stopped for PM
 *   PM_KEXIT      a process has ended in the kernel
 */
#ifndef QUIRE_PM_H
#define QUIRE_PM_H

#include <quire/types.h>

#define PM_RQ_BASE  0x200
#define PM_FORK     (PM_RQ_BASE + 0)
/* PM_RQ_BASE + 1 is unused: a process ends with KC_EXIT, and the kernel
 * tells PM (PM_KEXIT). */
#define PM_WAITPID  (PM_RQ_BASE + 2)
#define PM_GETPID   (PM_RQ_BASE + 3)
#define PM_KILL     (PM_RQ_BASE + 4)
#define PM_GETPROC  (PM_RQ_BASE + 5)
#define PM_POWEROFF (PM_RQ_BASE + 6)
#define PM_NEXT_EVENT (PM_RQ_BASE + 7)
#define PM_SIGACTION (PM_RQ_BASE + 8)
/* 9..15: unused; 16..31: signals; 32..39: time; 40..47: users and limits; 48..63: free */
#define PM_SIGPROCMASK (PM_RQ_BASE + 16)
#define PM_SIGPENDING  (PM_RQ_BASE + 17)
#define PM_SIGSUSPEND  (PM_RQ_BASE + 18)
#define PM_SIGRETURN   (PM_RQ_BASE + 19)
#define PM_SIGWAIT     (PM_RQ_BASE + 20)
#define PM_SIGQUEUE    (PM_RQ_BASE + 21)
#define PM_SIGALTSTACK (PM_RQ_BASE + 22)
#define PM_EXEC        (PM_RQ_BASE + 23)
#define PM_SETPGID     (PM_RQ_BASE + 24)
#define PM_GETPGID     (PM_RQ_BASE + 25)
#define PM_SETSID      (PM_RQ_BASE + 26)
#define PM_GETSID      (PM_RQ_BASE + 27)
#define PM_BGTTY       (PM_RQ_BASE + 28)
#define PM_SETTIME  (PM_RQ_BASE + 32)
#define PM_ITIMER   (PM_RQ_BASE + 33)
#define PM_TIMES    (PM_RQ_BASE + 34)
#define PM_PTIMER   (PM_RQ_BASE + 35)   /* POSIX timers: timer_create and the rest */
#define PM_GETCRED   (PM_RQ_BASE + 40)
#define PM_SETID     (PM_RQ_BASE + 41)
#define PM_GETGROUPS (PM_RQ_BASE + 42)
#define PM_SETGROUPS (PM_RQ_BASE + 43)
#define PM_EXEC_CRED (PM_RQ_BASE + 44)
#define PM_GETRLIMIT (PM_RQ_BASE + 45)
#define PM_SETRLIMIT (PM_RQ_BASE + 46)
#define PM_PROCCRED  (PM_RQ_BASE + 60)   /* the credentials of another process (RS: who asks) */
#define PM_NR_CALLS 64

#define PM_EV_NONE  0
#define PM_EV_FORK  1
#define PM_EV_EXIT  2
#define PM_EV_INTR  3   /* a caught signal: interrupt the endpoint's parked call;
                           parent_ep 1: its handler has SA_RESTART */
#define PM_EV_CRED  4             /* ids, groups, RLIMIT_NOFILE or RLIMIT_FSIZE changed */

/* PM_SETID's op: which set*id call. */
#define SETID_UID   1             /* setuid(a) */
#define SETID_EUID  2             /* seteuid(a) */
#define SETID_GID   3             /* setgid(a) */
#define SETID_EGID  4             /* setegid(a) */
#define SETID_REUID 5             /* setreuid(a, b) */
#define SETID_REGID 6             /* setregid(a, b) */

#define PM_NGROUPS  16            /* supplementary groups: NGROUPS_MAX */
#define PM_ID_NONE  0xffffffffu   /* (uid_t)-1: "leave unchanged" */

/* Resources of PM_GETRLIMIT/PM_SETRLIMIT (newlib's RLIMIT_* values). */
#define PM_RLIMIT_CPU    0
#define PM_RLIMIT_FSIZE  1
#define PM_RLIMIT_DATA   2
#define PM_RLIMIT_STACK  3
#define PM_RLIMIT_CORE   4
#define PM_RLIMIT_NOFILE 5
#define PM_RLIMIT_AS     6
#define PM_RLIMIT_MEMLOCK 7       /* bytes mlock may wire (VM enforces it; root exempt) */
#define PM_RLIM_NLIMITS  8
#define PM_MEMLOCK_DEFAULT (8ULL << 20)   /* Linux's default since 5.16 */
#define PM_RLIM_INFINITY (~(uint64_t)0)

#define PM_KRQ_BASE (PM_RQ_BASE + 0x40)   /* from the kernel */
#define PM_KSIG     (PM_KRQ_BASE + 0)
#define PM_KEXIT    (PM_KRQ_BASE + 1)
#define PM_NR_KCALLS 2

#define WNOHANG 1
#define QWUNTRACED  2
#define QWCONTINUED 8

typedef struct {
	int32_t pid;              /* PM_WAITPID, PM_KILL (0: by endpoint), PM_GETPROC; reply: pid */
	int32_t status;           /* PM_POWEROFF verdict; PM_WAITPID, PM_GETPROC reply: wait status */
	int32_t options;          /* PM_WAITPID */
	int32_t sig;              /* PM_KILL */
	int32_t ppid;             /* PM_GETPID reply */
	endpoint_t endpoint;      /* PM_GETPROC: query (pid 0) and reply */
	int32_t state;            /* PM_GETPROC reply: PMS_* */
	endpoint_t parent_ep;     /* PM_NEXT_EVENT answer */
} mess_pm;

#define PMS_ALIVE  1
#define PMS_ZOMBIE 2

/*
 * PM_GETCRED answer; PM_SETID (op, ids in ruid = a and euid = b);
 * PM_GETGROUPS/PM_SETGROUPS (addr, ngroups: the array in the caller's
 * memory and its size); PM_EXEC_CRED (VFS only: endpoint, euid and egid
 * to take, PM_ID_NONE for none); PM_NEXT_EVENT (request: addr, VFS's
 * buffer of PM_NGROUPS gids; PM_EV_CRED answer: all fields).
 */
typedef struct {
	endpoint_t endpoint;
	int32_t op;
	uint32_t ruid, euid, suid;
	uint32_t rgid, egid, sgid;
	int32_t ngroups;
	uint32_t nofile;          /* PM_EV_CRED: the RLIMIT_NOFILE soft limit */
	uint64_t addr;
	uint64_t fsize;           /* PM_EV_CRED: the RLIMIT_FSIZE soft limit */
} mess_pm_cred;

typedef struct {              /* PM_GETRLIMIT, PM_SETRLIMIT */
	int32_t resource;
	int32_t pad;
	uint64_t cur, max;
} mess_pm_rlimit;

typedef struct {              /* PM_KSIG, PM_KEXIT (from the kernel) */
	endpoint_t ep;
	int32_t sig;              /* PM_KSIG: signal; PM_KEXIT: END_* reason */
	int64_t code;             /* PM_KEXIT: exit status or signal; PM_KSIG: si_code */
	uint64_t addr;            /* PM_KSIG of a fault: the faulting address */
	int32_t si_code;          /* PM_KSIG: VM's si_code for a page fault, or 0 */
	uint64_t user_ticks;      /* PM_KEXIT: the CPU time it used (for times()) */
	uint64_t sys_ticks;
} mess_pm_kernel;

typedef struct {              /* PM_SETPGID, PM_GETPGID, PM_SETSID, PM_GETSID, PM_BGTTY */
	int32_t pid;
	int32_t pgid;
	endpoint_t endpoint;      /* PM_BGTTY: the terminal's user */
	int32_t sig;              /* PM_BGTTY: QSIGTTIN or QSIGTTOU */
} mess_pm_pgrp;

typedef struct {              /* the signal calls (see above) */
	int32_t sig;
	int32_t flags;
	uint64_t handler;
	uint64_t mask;
	uint64_t tramp;
	uint64_t value;
	uint64_t ss_size;
	int32_t pid;
	int32_t how;
} mess_pm_sig;

typedef struct {              /* PM_SIGWAIT (sigwait, sigwaitinfo, sigtimedwait) */
	uint64_t set;             /* the signals waited for */
	int64_t timeout_ns;       /* -1: no limit; 0: poll; > 0: at most this long */
	int32_t code;             /* answer: the siginfo of the signal taken */
	int32_t pid;
	uint32_t uid;
	int32_t pad;
	uint64_t addr;
	uint64_t value;
} mess_pm_sigwait;

/* PM_PTIMER (servers/pm/ptimers.c): a process's POSIX timers, ids
 * 1..PM_PTIMERS. CREATE (notify: 0 none, 1 signal sig with sigval, 2 the
 * same with the id as sigval) answers
 * the id; SET arms id to value_ns from now (0: disarm), reloading every
 * interval_ns, and answers the old setting in the same fields; GET
 * answers the time left and the interval; DELETE; OVERRUN answers the
 * expirations the last signal raised stands for beyond the first. */
#define PTO_CREATE  1
#define PTO_SET     2
#define PTO_GET     3
#define PTO_DELETE  4
#define PTO_OVERRUN 5
#define PM_PTIMERS  8
typedef struct {
	int32_t op;
	int32_t id;
	int32_t notify;           /* CREATE: 0 SIGEV_NONE, 1 SIGEV_SIGNAL, 2 (value: the id) */
	int32_t sig;              /* CREATE: the signal */
	int64_t value_ns;         /* SET: to expiry (0 disarms); SET, GET reply: left */
	int64_t interval_ns;      /* SET: the reload; SET, GET reply: the reload */
	uint64_t sigval;          /* CREATE: si_value of its signals */
} mess_pm_ptimer;

/* PM_SETTIME, PM_ITIMER, PM_TIMES (servers/pm/timers.c). */
typedef struct {
	int32_t which;            /* PM_ITIMER: ITIMER_REAL (0) */
	int32_t set;              /* PM_ITIMER: 1 = set value/interval, 0 = only read */
	int64_t value_us;         /* PM_ITIMER: time to expiry (0 disarms); reply: the old one */
	int64_t interval_us;      /* PM_ITIMER: reload; reply: the old one */
	int64_t realtime_ns;      /* PM_SETTIME: the time of day, ns since the epoch */
	uint64_t cuser_ticks;     /* PM_TIMES reply: waited-for children's user time */
	uint64_t csys_ticks;      /* PM_TIMES reply: and system time */
} mess_pm_time;

/*
 * The client stubs (lib/libproto/pm.c, in libsys and libposix): each
 * returns PM's answer, >= 0 or a negative error (lib/libproto/proto.h).
 * Out pointers may be NULL and are written only on success.
 */
struct pm_procinfo {              /* PM_GETPROC's answer */
	int pid;
	int ppid;
	endpoint_t endpoint;
	int state;                    /* PMS_* */
	int status;                   /* wait status, once a zombie */
};

int pm_req_fork(void);                                 /* child's pid; 0 in the child */
/* The pid collected (its wait status in *status), 0 (WNOHANG, none yet). */
int pm_req_waitpid(int pid, int *status, int options);
int pm_req_getpid(int *ppid);                          /* the caller's pid */
/* pid > 0: that process; pid 0: the process of endpoint ep (callers with
 * PRIV_SYS_PROC only). sig 0 only checks that the target is alive. */
int pm_req_kill(int pid, endpoint_t ep, int sig);
/* By pid; with pid 0, by endpoint ep. */
int pm_req_getproc(int pid, endpoint_t ep, struct pm_procinfo *out);
int pm_req_poweroff(int status);                       /* status < 0: power off */
/* m in and out: the m_pm_sig fields of `call` (PM_SIG*), as above. */
int pm_req_sig(int call, mess_pm_sig *m);
/* PM_SIGWAIT: wait for a signal of `set` (timeout_ns as above); the
 * signal's number, its siginfo in *info (may be NULL), or -errno. */
int pm_req_sigwait(uint64_t set, int64_t timeout_ns, mess_pm_sigwait *info);
/* PM_SETPGID (pid, pgid), PM_GETPGID/PM_GETSID (pid), PM_SETSID: the answer. */
int pm_req_pgrp(int call, int pid, int pgid);
int pm_req_bgtty(endpoint_t user, int fg_pgid, int sig); /* the tty: see PM_BGTTY */
/* Set the time of day (ns since the epoch): root only (EPERM). */
int pm_req_settime(int64_t realtime_ns);
/* ITIMER_REAL: set (set = 1) and/or read the timer, in microseconds; the
 * old value and interval come back in *old_value, *old_interval. */
int pm_req_itimer(int which, int set, int64_t value_us, int64_t interval_us,
		  int64_t *old_value, int64_t *old_interval);
/* The CPU ticks of the caller's waited-for children (and theirs). */
int pm_req_times(uint64_t *cuser, uint64_t *csys);
/* PM_PTIMER: m in and out (above). */
int pm_req_ptimer(mess_pm_ptimer *m);
/* A process's credentials, as PM keeps them and VFS copies them. */
struct pm_cred {
	uint32_t ruid, euid, suid;
	uint32_t rgid, egid, sgid;
	int ngroups;
	uint32_t groups[PM_NGROUPS];
	uint32_t nofile;              /* RLIMIT_NOFILE's soft limit (VFS enforces it) */
	uint64_t fsize;               /* RLIMIT_FSIZE's soft limit (VFS enforces it) */
};

/* VFS only: PM_EV_* and the event's endpoints (parent: PM_EV_FORK's parent; PM_EV_INTR: 1 = SA_RESTART);
 * PM_EV_CRED fills *cred (which must not be NULL). */
int pm_req_next_event(endpoint_t *ep, endpoint_t *parent, struct pm_cred *cred);
/* The caller's credentials (groups not filled: pm_req_getgroups). */
int pm_req_getcred(struct pm_cred *out);
/* PM_PROCCRED: the ids of process ep (not its groups, nofile, fsize). */
int pm_req_proccred(endpoint_t ep, struct pm_cred *out);
int pm_req_setid(int op, uint32_t a, uint32_t b);
/* getgroups(2): size 0 answers the count only. */
int pm_req_getgroups(int size, uint32_t *list);
int pm_req_setgroups(int n, const uint32_t *list);
/* VFS only: ep's exec takes euid/egid (PM_ID_NONE: keeps its own). */
int pm_req_exec_cred(endpoint_t ep, uint32_t euid, uint32_t egid);
int pm_req_getrlimit(int resource, uint64_t *cur, uint64_t *max);
int pm_req_setrlimit(int resource, uint64_t cur, uint64_t max);

#endif
